"""Every write to a leadership charter: drafting, opening it for signing, leaders signing with their own
login, and the review, which reminds everyone who signed (through the outbox)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from academy.core.audit import audit_record
from academy.core.dates import long_date
from academy.core.outbox import outbox_enqueue
from academy.core.types import Actor
from academy.people.models import ICS, Person

from ..models.charters import Charter, Signature
from ..permissions import can_edit_system_record, can_sign_charter, person_of

__all__ = [
    "charter_create",
    "charter_publish",
    "charter_review",
    "charter_reviews_start_due",
    "charter_sign",
    "charter_update",
]

TEXT_FIELDS = ("principles", "leader_commitments", "collective_commitments", "values")


def _require_editor(by: Actor | None, ics_id: int) -> None:
    if by is not None and not can_edit_system_record(by, ics_id):
        raise PermissionDenied("Only the system's own OD lead can change its charter.")


def _lines(values: Iterable[str]) -> list[str]:
    return [value.strip() for value in values if value and value.strip()]


@transaction.atomic
def charter_create(
    *,
    ics: ICS,
    title: str,
    principles: Iterable[str] = (),
    leader_commitments: Iterable[str] = (),
    collective_commitments: Iterable[str] = (),
    values: Iterable[str] = (),
    review_on: dt.date | None = None,
    by: Actor | None,
) -> Charter:
    _require_editor(by, ics.pk)
    if not title.strip():
        raise ValidationError({"title": "Enter the charter's title."})
    charter = Charter.objects.create(
        ics=ics,
        title=title.strip(),
        principles=_lines(principles),
        leader_commitments=_lines(leader_commitments),
        collective_commitments=_lines(collective_commitments),
        values=_lines(values),
        review_on=review_on,
    )
    audit_record(actor=by, action="systems.charter.create", obj=charter)
    return charter


@transaction.atomic
def charter_update(
    *,
    charter: Charter,
    revision: int | None,
    by: Actor | None,
    title: str | None = None,
    review_on: dt.date | None = None,
    **texts: Iterable[str],
) -> Charter:
    """Signatures already made keep the text that was signed."""
    unknown = set(texts) - set(TEXT_FIELDS)
    if unknown:
        raise TypeError(f"not a charter field: {sorted(unknown)}")
    _require_editor(by, charter.ics_id)
    charter = Charter.objects.select_for_update().get(pk=charter.pk)
    if revision is not None and revision != charter.revision:
        raise ValidationError(
            {
                "revision": "Someone else changed this charter after you opened it. "
                "Your changes were not saved: reload it to see theirs, then make yours again."
            }
        )
    if title is not None:
        if not title.strip():
            raise ValidationError({"title": "Enter the charter's title."})
        charter.title = title.strip()
    if review_on is not None:
        charter.review_on = review_on
    for name, lines in texts.items():
        setattr(charter, name, _lines(lines))
    charter.revision += 1
    charter.save()
    audit_record(actor=by, action="systems.charter.update", obj=charter)
    return charter


@transaction.atomic
def charter_publish(*, charter: Charter, by: Actor | None) -> Charter:
    _require_editor(by, charter.ics_id)
    charter = Charter.objects.select_for_update().get(pk=charter.pk)
    if charter.is_published:
        return charter
    if not charter.leader_commitments and not charter.collective_commitments:
        raise ValidationError(
            {"leader_commitments": "Write what leaders commit to before opening it for signing."}
        )
    charter.status = Charter.Status.PUBLISHED
    charter.published_at = timezone.now()
    charter.save(update_fields=["status", "published_at", "updated_at"])
    audit_record(actor=by, action="systems.charter.publish", obj=charter)
    return charter


@transaction.atomic
def charter_sign(*, charter: Charter, by: Actor | None, person: Person | None = None) -> Signature:
    """The signed-in leader signs, by their own login; signing twice is refused with the date of the
    first. By None: the system records `person`'s signature from the paper charter (demo data, imports)."""
    if by is not None:
        if not can_sign_charter(by, charter):
            raise PermissionDenied(
                "You can sign a charter once it is open for signing, with your own staff record."
            )
        person = person_of(by)
    elif not charter.is_published:
        raise ValidationError({"charter": "The charter is not open for signing."})
    if person is None:
        raise PermissionDenied("A signature needs the leader's staff record.")
    charter = Charter.objects.select_for_update().get(pk=charter.pk)
    earlier = charter.signatures.filter(person=person).first()
    if earlier is not None:
        raise ValidationError(
            {"charter": f"You have already signed this charter, on {long_date(earlier.created_at)}."}
        )
    try:
        with transaction.atomic():
            signature = Signature.objects.create(
                charter=charter,
                person=person,
                organisation_id=person.organisation_id,
                job_title=person.job_title,
                signed_text=charter.text(),
                signed_revision=charter.revision,
            )
    except IntegrityError:
        raise ValidationError({"charter": "You have already signed this charter."}) from None
    audit_record(actor=by, action="systems.charter.sign", obj=signature)
    return signature


@transaction.atomic
def charter_review(*, charter: Charter, by: Actor | None, next_review_on: dt.date | None = None) -> int:
    """The charter is being reviewed: remind every leader who signed it, once per review. Returns how many
    were reminded."""
    _require_editor(by, charter.ics_id)
    charter = Charter.objects.select_for_update().get(pk=charter.pk)
    if not charter.is_published:
        raise ValidationError({"charter": "Only a charter open for signing can be reviewed."})
    charter.reviews += 1
    charter.review_on = next_review_on
    charter.save(update_fields=["reviews", "review_on", "updated_at"])
    path = reverse("systems:charter", args=[charter.pk])
    reminded = 0
    for signature in charter.signatures.select_related("person"):
        person = signature.person
        if not person.email or person.anonymised_at:
            continue
        outbox_enqueue(
            key=f"systems.charter:{charter.pk}:review:{charter.reviews}:{person.pk}",
            to=person.email,
            subject=f"{charter.title} is being reviewed",
            body=(
                f"Dear {person.given_name},\n\nYou signed {charter.title} on {long_date(signature.created_at)}. "
                "It is being reviewed this year. Please read it again and talk with your colleagues about how "
                f"you are living it: {path}\n\nYou can see what you signed on the same page."
            ),
        )
        reminded += 1
    audit_record(actor=by, action="systems.charter.review", obj=charter, reminded=reminded)
    return reminded


def charter_reviews_start_due(today: dt.date | None = None) -> int:
    """Start the review of every open charter whose review date has come (the daily task): returns how
    many leaders were reminded. The next review date is cleared until the OD lead sets one."""
    today = today or timezone.localdate()
    due = Charter.objects.filter(status=Charter.Status.PUBLISHED, review_on__lte=today).values_list(
        "pk", flat=True
    )
    return sum(charter_review(charter=Charter.objects.get(pk=pk), by=None) for pk in list(due))
