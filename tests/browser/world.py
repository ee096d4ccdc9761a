"""The people and offers the journeys walk through, built with the shared factories."""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from academy.offers.models import Cohort, Offer, Session
from academy.people.models import Person, Role, User
from tests.factories import (
    AcademyFactory,
    CohortFactory,
    DeliveryPartnerFactory,
    OfferFactory,
    PersonFactory,
    SessionFactory,
    UserFactory,
    grant,
)


@dataclass
class World:
    offer: Offer
    cohort: Cohort
    sessions: list[Session]
    participant: Person
    second_participant: Person
    sponsor: Person
    programme_manager: User
    facilitator: User
    administrator: User


def six_sessions(cohort: Cohort, *, first: dt.datetime | None = None) -> list[Session]:
    start = first or timezone.make_aware(dt.datetime.combine(cohort.starts_on, dt.time(10, 0)))
    return [
        SessionFactory(
            cohort=cohort,
            title=f"Module {n}",
            sequence=n,
            starts_at=start + dt.timedelta(weeks=n - 1),
            ends_at=start + dt.timedelta(weeks=n - 1, hours=2),
        )
        for n in range(1, 7)
    ]


def person(given: str, family: str, **fields: object) -> Person:
    """A synthetic member of staff with a login; username is their e-mail address."""
    email = f"{given}.{family}@example.org".lower()
    return PersonFactory(
        user__first_name=given, user__last_name=family, user__username=email, user__email=email, **fields
    )


def build_world(*, capacity: int = 12, requires_sponsor: bool = False) -> World:
    academy = AcademyFactory(name="East of England Leadership Academy", slug="eoe")
    partner = DeliveryPartnerFactory(name="Test Coaching Partnership")
    offer = OfferFactory(
        academy=academy,
        delivery_partner=partner,
        title="Leading with compassion"
        if not requires_sponsor
        else "Care home managers' leadership programme",
        slug="leading-with-compassion" if not requires_sponsor else "care-home-managers",
        summary="Six modules on compassionate and inclusive leadership for team leaders.",
        description="A programme for people who lead teams in health and care.",
        objectives=["Understand compassionate leadership", "Lead inclusive teams"],
        audience="Team leaders and managers",
        requires_application=requires_sponsor,
        requires_sponsor=requires_sponsor,
    )
    cohort = CohortFactory(offer=offer, name="Spring cohort", capacity=capacity)
    sessions = six_sessions(cohort)
    sponsor = person("Morgan", "Sponsor")
    participant = person("Alex", "Participant", line_manager=sponsor)
    second = person("Jo", "Second", line_manager=sponsor)
    pm = person("Pat", "Manager").user
    grant(pm, Role.PROGRAMME_MANAGER, academy=academy)
    facilitator = person("Fran", "Facilitator").user
    grant(facilitator, Role.FACILITATOR, delivery_partner=partner)
    admin = UserFactory(first_name="Ada", is_staff=True, is_superuser=True)
    return World(
        offer=offer,
        cohort=cohort,
        sessions=sessions,
        participant=participant,
        second_participant=second,
        sponsor=sponsor,
        programme_manager=pm,
        facilitator=facilitator,
        administrator=admin,
    )
