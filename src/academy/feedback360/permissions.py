"""Who may do what with 360 feedback. A 360 belongs to its participant: no programme manager or
administrator reads one through the app; a coach reads the report only while the participant shares it
in a live coaching relationship. The academy's programme team keeps the statements and reads the
academy's figures, which hold no one's scores."""

from typing import Any

from django.db.models import QuerySet

from academy.coaching.models import Relationship
from academy.offers.permissions import can_manage_academy
from academy.people.models import Person

from .models import Assessment, Share


def person_of(user: Any) -> Person | None:
    if not getattr(user, "is_authenticated", False):
        return None
    person: Person | None = getattr(user, "person", None)
    return person


def is_participant(user: Any, assessment: Assessment) -> bool:
    person = person_of(user)
    return person is not None and person.pk == assessment.participant_id


def can_start(user: Any) -> bool:
    return person_of(user) is not None


def live_shares_to(user: Any) -> QuerySet[Share]:
    """Unrevoked shares in relationships where `user` is the coach and that still hold a place."""
    person = person_of(user)
    if person is None:
        return Share.objects.none()
    return Share.objects.filter(
        revoked_at__isnull=True,
        relationship__practitioner__person=person,
        relationship__status__in=Relationship.HOLDS_PLACE,
    )


def can_read_report(user: Any, assessment: Assessment) -> bool:
    return is_participant(user, assessment) or live_shares_to(user).filter(assessment=assessment).exists()


def can_share_with(user: Any, assessment: Assessment, relationship: Relationship) -> bool:
    """The participant, with a coach of a relationship in which they are the coachee and that holds a place."""
    return (
        is_participant(user, assessment)
        and relationship.requester_id == assessment.participant_id
        and relationship.status in Relationship.HOLDS_PLACE
    )


def can_manage_statements(user: Any, academy_id: int) -> bool:
    return can_manage_academy(user, academy_id)


def can_see_academy_figures(user: Any, academy_id: int) -> bool:
    return can_manage_academy(user, academy_id)
