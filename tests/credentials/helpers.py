"""Course certificates as the credentials tests' subject: a completed booking, whose offer's programme
team may issue and revoke. Registered only in the tests (the credentials app registers nothing)."""

from __future__ import annotations

from django.utils import timezone

from academy.credentials.documents import Achievement
from academy.credentials.models import Credential
from academy.credentials.registry import credential_subject_register, credential_subject_unregister
from academy.credentials.services import credential_issue
from academy.offers.models import Booking
from academy.offers.permissions import can_manage_offer
from tests.factories import CohortFactory, PersonFactory, booking, programme_manager

COURSE = Achievement(
    name="Leading across systems",
    description="Completed the six-session programme on leading across organisational boundaries.",
    criteria_narrative="Attended every session and completed the reflective project.",
)


def register_bookings() -> None:
    credential_subject_register(
        Booking,
        label="course certificate",
        academy_of=lambda b: b.cohort.offer.academy,
        holder_of=lambda b: b.person,
        may_issue=lambda user, b: b.completed_at is not None and can_manage_offer(user, b.cohort.offer),
        may_revoke=lambda user, b: can_manage_offer(user, b.cohort.offer),
    )


def unregister_bookings() -> None:
    credential_subject_unregister(Booking)


def completed_booking(**person: object) -> Booking:
    cohort = CohortFactory()
    made = booking(cohort, PersonFactory(**person))
    made.completed_at = timezone.now()
    made.save(update_fields=["completed_at"])
    return made


def issued(**person: object) -> tuple[Credential, object]:
    """A credential for a new completed booking, issued by the academy's programme manager; and them."""
    made = completed_booking(**person)
    manager = programme_manager(made.cohort.offer.academy)
    return credential_issue(subject=made, achievement=COURSE, by=manager), manager
