"""One small academy with every role in it, for the permissions matrix and the security tests."""

from dataclasses import dataclass
from typing import Any

from academy.offers.models import AdjustmentRequest, Attendance, Booking, Cohort, Offer, Session
from academy.people.models import Person, Role, RoleAssignment, User
from tests.factories import (
    AcademyFactory,
    CohortFactory,
    DeliveryPartnerFactory,
    ICSFactory,
    OfferFactory,
    OrganisationFactory,
    PersonFactory,
    SessionFactory,
    grant,
)

ROLES = (
    "anonymous",
    "participant",
    "participant2",
    "sponsor",
    "pm",
    "pm_other",
    "facilitator",
    "facilitator_other",
    "ics_lead",
    "admin",
)


@dataclass
class MatrixWorld:
    users: dict[str, User | None]
    participant: Person
    offer: Offer  # published, open booking, owned by the academy, delivered by the partner
    draft: Offer  # the same academy's unpublished offer
    cohort: Cohort
    session: Session
    booking: Booking  # the participant's confirmed, completed booking (with an adjustment request)
    adjustment: AdjustmentRequest
    applied: Booking  # the participant's application waiting for the programme team
    sponsored: Booking  # the participant's application waiting for the sponsor
    project_booking: (
        Booking  # the participant's confirmed place on an offer that needs an improvement project
    )
    role_assignment: RoleAssignment
    calendar_token: str


def build_matrix_world(**participant_fields: Any) -> MatrixWorld:
    from academy.offers.calendar import calendar_feed_token
    from academy.offers.services import attendance_mark, booking_create

    academy, academy_other = AcademyFactory(), AcademyFactory()
    partner, partner_other = DeliveryPartnerFactory(), DeliveryPartnerFactory()
    ics = ICSFactory()
    organisation = OrganisationFactory(ics=ics)
    sponsor = PersonFactory(organisation=organisation)
    participant = PersonFactory(organisation=organisation, line_manager=sponsor, **participant_fields)
    second = PersonFactory(organisation=organisation)

    def staff(role: str, **scope: Any) -> User:
        user = PersonFactory(organisation=OrganisationFactory()).user
        grant(user, role, **scope)
        return user

    pm = staff(Role.PROGRAMME_MANAGER, academy=academy)
    admin = PersonFactory(user__is_staff=True, user__is_superuser=True).user
    users: dict[str, User | None] = {
        "anonymous": None,
        "participant": participant.user,
        "participant2": second.user,
        "sponsor": sponsor.user,
        "pm": pm,
        "pm_other": staff(Role.PROGRAMME_MANAGER, academy=academy_other),
        "facilitator": staff(Role.FACILITATOR, delivery_partner=partner),
        "facilitator_other": staff(Role.FACILITATOR, delivery_partner=partner_other),
        "ics_lead": staff(Role.ICS_OD_LEAD, ics=ics),
        "admin": admin,
    }
    offer = OfferFactory(academy=academy, delivery_partner=partner)
    draft = OfferFactory(academy=academy, delivery_partner=partner, status=Offer.Status.DRAFT)
    cohort = CohortFactory(offer=offer)
    session = SessionFactory(cohort=cohort)
    booking = booking_create(
        cohort=cohort, person=participant, by=participant.user, adjustment="I need live captions, please."
    )
    attendance_mark(session=session, by=pm, marks={booking.pk: Attendance.Status.PRESENT})
    booking.refresh_from_db()
    assert booking.completed_at is not None, "the matrix needs a completed booking (certificate)"

    applying = OfferFactory(academy=academy, delivery_partner=partner, requires_application=True)
    applied = booking_create(
        cohort=CohortFactory(offer=applying),
        person=participant,
        by=participant.user,
        application_statement="Why",
    )
    sponsoring = OfferFactory(
        academy=academy,
        delivery_partner=partner,
        requires_application=True,
        requires_sponsor=True,
    )
    sponsored = booking_create(
        cohort=CohortFactory(offer=sponsoring),
        person=participant,
        by=participant.user,
        application_statement="Why",
        sponsor=sponsor,
    )
    projects = OfferFactory(academy=academy, delivery_partner=partner, completion_requires_project=True)
    project_booking = booking_create(
        cohort=CohortFactory(offer=projects), person=participant, by=participant.user
    )
    return MatrixWorld(
        users=users,
        participant=participant,
        offer=offer,
        draft=draft,
        cohort=cohort,
        session=session,
        booking=booking,
        adjustment=booking.adjustment,
        applied=applied,
        sponsored=sponsored,
        project_booking=project_booking,
        role_assignment=RoleAssignment.objects.get(user=pm),
        calendar_token=calendar_feed_token(person=participant),
    )
