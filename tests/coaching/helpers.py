"""Shared set-up for the hub's tests: a hub administrator, practitioners, requests."""

from typing import Any

from django.utils import timezone

from academy.coaching import services
from academy.coaching.models import PractitionerProfile, Relationship, Request
from academy.evaluation.standard import GOAL_THEMES
from academy.people.models import Academy, Person, Role
from tests.factories import PersonFactory, grant

CHANGE = GOAL_THEMES[5]  # "Leading and managing change"
RESILIENCE = GOAL_THEMES[2]
CONFIDENCE = GOAL_THEMES[0]


def hub_administrator(academy: Academy) -> Any:
    user = PersonFactory().user
    grant(user, Role.HUB_ADMINISTRATOR, academy=academy)
    return user


def practitioner(academy: Academy, person: Person | None = None, **fields: Any) -> PractitionerProfile:
    person = person or PersonFactory()
    grant(person.user, Role.COACH, academy=academy)
    values: dict[str, Any] = {
        "kind": "both",
        "accreditation_body": "European Mentoring and Coaching Council",
        "accreditation_level": "Senior practitioner",
        "specialisms": [CHANGE, RESILIENCE],
        "sectors": ["nhs"],
        "role_levels": ["band_7", "band_8a"],
        "years_experience": 8,
        "capacity": 2,
        "published": True,
    }
    values.update(fields)
    kind = values.pop("kind")
    verified = values.pop("verified", True)
    profile = services.profile_create(person=person, academy=academy, by=person.user, kind=kind, **values)
    if verified:  # as the hub administrator would, having seen the evidence
        PractitionerProfile.objects.filter(pk=profile.pk).update(accreditation_verified_at=timezone.now())
        profile.refresh_from_db()
    return profile


def ask(academy: Academy, person: Person | None = None, kind: str = "coaching", **fields: Any) -> Request:
    person = person or PersonFactory()
    fields.setdefault("goals", [(CHANGE, "Lead my team through a merger")])
    return services.request_create(person=person, academy=academy, by=person.user, kind=kind, **fields)


def introduced(academy: Academy, **profile_fields: Any) -> Relationship:
    profile = practitioner(academy, **profile_fields)
    request = ask(academy)
    return services.browse_choose(request=request, profile=profile, by=request.person.user)


def active(academy: Academy) -> Relationship:
    relationship = introduced(academy)
    services.relationship_accept(relationship=relationship, by=relationship.practitioner.person.user)
    return services.relationship_contract(
        relationship=relationship, by=relationship.requester.user, sessions_agreed=4, session_minutes=60
    )
