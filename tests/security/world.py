"""One small academy with every role in it, for the permissions matrix and the security tests."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

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
    "coachee",  # has a coaching request in the academy's hub, with a relationship and a shortlist
    "practitioner",  # the coachee's coach
    "practitioner_other",  # another coach of the hub
    "hub_admin",  # the academy's coaching and mentoring hub administrator
    "host",  # hosts the academy's interchange opportunities (tests/interchange/world.py)
    # Validation (tests/validation/world.py)
    "claimant",  # a practitioner whose claim is with a panel (and a second claim still being written)
    "claimant_other",  # another practitioner, whose claim is moderated and interviewed
    "panellist",  # a panel member of the claimant's claim
    "panellist_other",  # a panel member of the other claim
    "supporter",  # the claimant's named supporter
)


@dataclass
class MatrixWorld:
    users: dict[str, User | None]
    participant: Person
    offer: Offer  # published, open booking, owned by the academy, delivered by the partner
    draft: Offer  # the same academy's unpublished offer
    cohort: Cohort
    other_cohort: Cohort  # a second cohort of the offer, nobody booked on it (a valid booking to make)
    session: Session
    other_session: Session  # the second cohort's first session, still to come (free to move or delete)
    booking: Booking  # the participant's confirmed, completed booking (with an adjustment request)
    adjustment: AdjustmentRequest
    applied: Booking  # the participant's application waiting for the programme team
    sponsored: Booking  # the participant's application waiting for the sponsor
    project_booking: (
        Booking  # the participant's confirmed place on an offer that needs an improvement project
    )
    role_assignment: RoleAssignment
    calendar_token: str
    # Evaluation
    instrument: Any  # the academy's published question set (yes/no and free text)
    standard_instrument: Any  # a published standard question set (no academy)
    draft_instrument: Any  # the academy's draft question set (one question: ready to publish)
    survey: Any  # a named evaluation of the cohort, answered by the participant
    open_survey: Any  # another, whose single-use link the participant has not used yet
    invitation_token: str
    response: Any
    goal: Any
    theme_set: Any
    hub: Any = None  # the coaching hub (build_hub)
    # Learning sets (tests/learning_sets/world.py): community, pool, run, move, learning_set, other_set
    sets: Any = None
    # Validation (tests/validation/world.py): cohort, route, draft, other_route, milestone, evidence
    validation: Any = None
    # Credentials (tests/credentials/world.py): active, suspended, status_list, academy_slug
    credentials: Any = None
    # Interchange (tests/interchange/world.py): the participant learns, the sponsor is their line manager
    interchange: Any = None
    # Systems OD (tests/systems/programmes_world.py): the ics_lead's draft programme with the participant
    # in it, its draft measure and a draft RACI matrix; another ICS's published programme
    sysod: Any = None
    # 360 feedback (tests/feedback360/world.py): the coachee's open, shared and private 360s
    f360: Any = None
    # Plans and charters (tests/systems/world.py): own, done, other, charter, signature, draft_charter
    plans: Any = None


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
    offer.systems.add(ics)  # the offer serves the participant's ICS, so its OD lead sees the figures
    cohort = CohortFactory(offer=offer)
    other_cohort = CohortFactory(offer=offer)
    other_session = SessionFactory(cohort=other_cohort)
    session = SessionFactory(cohort=cohort, starts_at=timezone.now() - dt.timedelta(hours=1))  # under way
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
    evaluation = build_evaluation(academy=academy, cohort=cohort, participant=participant, pm=pm, admin=admin)
    hub = build_hub(academy=academy, users=users)
    from tests.learning_sets.world import build_learning_sets

    sets = build_learning_sets(academy=academy, participant=participant, users=users, offer=offer)
    from tests.validation.world import build_validation

    validation = build_validation(academy=academy, users=users)
    from tests.credentials.world import build_credentials

    credentials = build_credentials(booking=booking, project_booking=project_booking, pm=pm)
    from tests.interchange.world import build_interchange

    interchange = build_interchange(academy=academy, participant=participant, users=users)
    from tests.systems.programmes_world import build_programmes

    sysod = build_programmes(ics=ics, lead=users["ics_lead"], participant=participant)
    from tests.feedback360.world import build_feedback360

    f360 = build_feedback360(academy=academy, users=users, hub=hub)
    from tests.systems.world import build_systems_plans

    plans = build_systems_plans(ics=ics, users=users)
    return MatrixWorld(
        hub=hub,
        users=users,
        participant=participant,
        offer=offer,
        draft=draft,
        cohort=cohort,
        other_cohort=other_cohort,
        session=session,
        other_session=other_session,
        booking=booking,
        adjustment=booking.adjustment,
        applied=applied,
        sponsored=sponsored,
        project_booking=project_booking,
        role_assignment=RoleAssignment.objects.get(user=pm),
        calendar_token=calendar_feed_token(person=participant),
        **evaluation,
        sets=sets,
        validation=validation,
        credentials=credentials,
        interchange=interchange,
        sysod=sysod,
        f360=f360,
        plans=plans,
    )


def build_evaluation(
    *, academy: Any, cohort: Cohort, participant: Person, pm: User, admin: User
) -> dict[str, Any]:
    from academy.evaluation import services as evaluation
    from academy.evaluation.models import Invitation, Theme, ThemeMembership, ThemeSet

    instrument = evaluation.instrument_create(name="Matrix session evaluation", academy=academy, by=pm)
    evaluation.question_add(instrument=instrument, code="useful", text="Was it useful?", type="yes_no", by=pm)
    evaluation.question_add(
        instrument=instrument, code="takeaway", text="Your key takeaway", type="free_text", by=pm
    )
    instrument = evaluation.instrument_publish(instrument=instrument, by=pm)
    draft = evaluation.instrument_create(name="Matrix draft question set", academy=academy, by=pm)
    # A standard question set (no academy): every programme manager may use it, so an evaluation of
    # another academy's cohort is refused for the cohort, not for the question set
    standard = evaluation.instrument_create(name="Matrix standard question set", by=None)
    evaluation.question_add(
        instrument=standard, code="useful", text="Was it useful?", type="yes_no", by=admin
    )
    standard = evaluation.instrument_publish(instrument=standard, by=admin)
    # One question, so that publishing the draft is a valid request
    evaluation.question_add(instrument=draft, code="ready", text="Are you ready?", type="yes_no", by=pm)
    survey = evaluation.survey_create(instrument=instrument, cohort=cohort, anonymous=False, by=pm)
    open_survey = evaluation.survey_create(instrument=instrument, cohort=cohort, anonymous=False, by=pm)
    for each in (survey, open_survey):
        evaluation.survey_send_invitations(survey=each, by=pm)
    token = evaluation.invitation_token(Invitation.objects.get(survey=open_survey, person=participant))
    response = evaluation.response_submit(
        answers={"useful": "yes", "takeaway": "Listening first changes the meeting."},
        survey=survey,
        person=participant,
    )
    goal = evaluation.goal_create(
        person=participant, theme="Confidence", text="Chair the huddle", cohort=cohort, rating_before=4, by=pm
    )
    theme_set = evaluation.themeset_create(offer=cohort.offer, question_code="takeaway", survey=survey, by=pm)
    # What the background run would leave (without loading the embedding model): one theme to edit
    ThemeSet.objects.filter(pk=theme_set.pk).update(status=ThemeSet.Status.DONE, progress=100)
    theme = Theme.objects.create(theme_set=theme_set, label="Listening", found_label="Listening")
    ThemeMembership.objects.create(
        theme_set=theme_set, theme=theme, answer=response.answers.get(question__code="takeaway")
    )
    theme_set.refresh_from_db()
    return {
        "instrument": instrument,
        "draft_instrument": draft,
        "standard_instrument": standard,
        "survey": survey,
        "open_survey": open_survey,
        "invitation_token": token,
        "response": response,
        "goal": goal,
        "theme_set": theme_set,
    }


def build_hub(*, academy: Any, users: dict[str, User | None]) -> Any:
    """The academy's coaching hub: the coachee's active coaching relationship (a session logged, with
    a note), their mentoring request with a shortlist, an introduction waiting for the practitioner, a
    draft run and a reviewed run with a result to publish."""
    from types import SimpleNamespace

    from academy.coaching import services as coaching
    from academy.coaching.models import MatchingRun, MatchResult, Request, ShortlistEntry
    from tests.coaching.helpers import ask, hub_administrator, practitioner

    coachee = PersonFactory()
    coach = practitioner(academy, capacity=3)
    other = practitioner(academy)
    coach.accreditation_evidence.name = "coaching/accreditation/certificate.pdf"
    coach.save()
    coaching_request = ask(academy, person=coachee)
    active = coaching.browse_choose(request=coaching_request, profile=coach, by=coachee.user)
    coaching.relationship_accept(relationship=active, by=coach.person.user)
    coaching.relationship_contract(
        relationship=active, by=coachee.user, sessions_agreed=4, session_minutes=60
    )
    goal = coaching.relationship_goal_add(
        relationship=active, by=coachee.user, theme="Other", text="Grow", rating_before=4
    )
    session = coaching.session_log(
        relationship=active,
        by=coach.person.user,
        held_on=timezone.localdate(),
        minutes=60,
        note="Said in confidence",
    )
    mentoring = ask(academy, person=coachee, kind="mentoring")
    entry = ShortlistEntry.objects.create(request=mentoring, practitioner=other, rank=1, score=0.8)
    Request.objects.filter(pk=mentoring.pk).update(status=Request.Status.SHORTLISTED)
    someone = ask(academy)
    introduced = coaching.browse_choose(request=someone, profile=coach, by=someone.person.user)
    draft = MatchingRun.objects.create(academy=academy, kind="coaching", weights={"goals": 5}, status="draft")
    reviewed = MatchingRun.objects.create(
        academy=academy, kind="mentoring", weights={"goals": 5}, status="reviewed"
    )
    waiting = ask(academy, kind="mentoring")
    MatchResult.objects.create(
        run=reviewed, request=waiting, practitioner=other, score=0.5, shortlist=[other.pk]
    )
    # A commissioned programme and a team coaching journey the coachee leads
    import datetime as dt

    from academy.coaching.models import CoachingProgramme, ProgrammeParticipant, TeamJourney

    programme = CoachingProgramme.objects.create(
        academy=academy,
        title="PCN clinical directors",
        provider="A provider",
        starts_on=dt.date(2021, 12, 1),
        ends_on=dt.date(2022, 10, 31),
    )
    ProgrammeParticipant.objects.create(programme=programme, person=PersonFactory(), coach_name="A coach")
    from academy.coaching.models import Exclusion

    exclusion = Exclusion.objects.create(person=coachee, excluded=PersonFactory())
    journey = TeamJourney.objects.create(
        academy=academy, team_name="Place board", team_leader=coachee, engagement_on=dt.date(2022, 1, 10)
    )
    users.update(
        coachee=coachee.user,
        practitioner=coach.person.user,
        practitioner_other=other.person.user,
        hub_admin=hub_administrator(academy),
    )
    return SimpleNamespace(
        coach=coach,
        other=other,
        coaching_request=coaching_request,
        active=active,
        goal=goal,
        session=session,
        mentoring=mentoring,
        entry=entry,
        introduced=introduced,
        draft=draft,
        reviewed=reviewed,
        programme=programme,
        journey=journey,
        exclusion=exclusion,
    )
