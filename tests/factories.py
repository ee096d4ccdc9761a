"""Factories for the shared models. Apps add their own beside their tests."""

import datetime as dt

import factory
from django.utils import timezone

from academy.offers.models import (
    Attendance,
    Booking,
    Cohort,
    DeliveryFormat,
    Offer,
    OfferKind,
    Session,
)
from academy.offers.services import academy_participants_refresh
from academy.people.models import (
    ICS,
    Academy,
    DeliveryPartner,
    Organisation,
    OrganisationType,
    Person,
    Region,
    Role,
    RoleAssignment,
    RoleLevel,
    Sector,
    StaffGroup,
    User,
)


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = "Y61"
    name = "East of England"


class ICSFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ICS

    code = factory.Sequence(lambda n: f"Q{n:02d}")
    name = factory.Sequence(lambda n: f"Test Integrated Care System {n}")
    short_name = factory.Sequence(lambda n: f"Test ICS {n}")
    region = factory.SubFactory(RegionFactory)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    ods_code = factory.Sequence(lambda n: f"T{n:04d}")
    name = factory.Sequence(lambda n: f"Test Organisation {n}")
    org_type = OrganisationType.ACUTE
    sector = Sector.NHS
    ics = factory.SubFactory(ICSFactory)


class AcademyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Academy

    name = factory.Sequence(lambda n: f"Test Leadership Academy {n}")
    slug = factory.Sequence(lambda n: f"academy-{n}")
    region = factory.SubFactory(RegionFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}@example.org")
    email = factory.SelfAttribute("username")
    first_name = "Sam"
    last_name = factory.Sequence(lambda n: f"Tester{n}")
    password = factory.PostGenerationMethodCall("set_password", "correct-horse-battery")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    user = factory.SubFactory(UserFactory)
    given_name = factory.SelfAttribute("user.first_name")
    family_name = factory.SelfAttribute("user.last_name")
    email = factory.SelfAttribute("user.email")
    job_title = "Service manager"
    role_level = RoleLevel.BAND_7
    staff_group = StaffGroup.MANAGEMENT
    organisation = factory.SubFactory(OrganisationFactory)


class DeliveryPartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeliveryPartner

    name = factory.Sequence(lambda n: f"Test Delivery Partner {n}")


class OfferFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Offer

    academy = factory.SubFactory(AcademyFactory)
    title = factory.Sequence(lambda n: f"Test offer {n}")
    slug = factory.Sequence(lambda n: f"test-offer-{n}")
    kind = OfferKind.WORKSHOP
    status = Offer.Status.PUBLISHED
    summary = "A test offer."
    delivery_format = DeliveryFormat.VIRTUAL
    delivery_partner = factory.SubFactory(DeliveryPartnerFactory)


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort

    offer = factory.SubFactory(OfferFactory)
    name = factory.Sequence(lambda n: f"Cohort {n}")
    capacity = 10
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=14))
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + dt.timedelta(days=60))


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    cohort = factory.SubFactory(CohortFactory)
    title = factory.Sequence(lambda n: f"Session {n}")
    sequence = factory.Sequence(lambda n: n + 1)
    starts_at = factory.LazyAttribute(
        lambda o: timezone.make_aware(dt.datetime.combine(o.cohort.starts_on, dt.time(10, 0)))
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=2))
    online_url = "https://meet.example.org/session"


def grant(user: User, role: str, **scope: object) -> RoleAssignment:
    return RoleAssignment.objects.create(user=user, role=role, **scope)


def programme_manager(academy: Academy) -> User:
    user = PersonFactory().user
    grant(user, Role.PROGRAMME_MANAGER, academy=academy)
    return user


def facilitator(partner: DeliveryPartner) -> User:
    user = PersonFactory().user
    grant(user, Role.FACILITATOR, delivery_partner=partner)
    return user


def booking(
    cohort: Cohort, person: Person, status: str = Booking.Status.CONFIRMED, **fields: object
) -> Booking:
    """A booking in any status, written directly (no places counted, no e-mail), with the academy's
    record of who has booked with it kept right, as offers.services.booking_create keeps it."""
    made = Booking.objects.create(cohort=cohort, person=person, status=status, **fields)
    academy_participants_refresh(academy_ids=[cohort.offer.academy_id])
    return made


def attendance(session: Session, booking: Booking, status: str = Attendance.Status.PRESENT) -> Attendance:
    """An attendance as offers.services.attendance_mark records it: with who attended, and where they
    work and at what level now."""
    person = booking.person
    return Attendance.objects.create(
        session=session,
        booking=booking,
        status=status,
        person=person,
        organisation_id=person.organisation_id,
        role_level=person.role_level,
    )
