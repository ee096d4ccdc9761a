"""Every write for systems OD programmes: one function per action, inside a transaction, asking
`can_edit_system_record` first. An edit names the version it was made from and is refused if the
programme changed since, so two leads cannot overwrite each other silently."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from academy.core.audit import audit_record
from academy.core.types import Actor
from academy.offers.models import Offer
from academy.people.models import ICS, Organisation, Person

from ..models import (
    CONFLICT_MODES,
    MODE_MAX,
    MODE_TOTAL,
    ConflictProfile,
    DiagnosticConversation,
    Programme,
    ProgrammeParticipant,
    Workshop,
)
from ..permissions import can_edit_system_record

__all__ = [
    "SECTION_FIELDS",
    "conflict_profile_record",
    "diagnostic_record",
    "participant_add",
    "programme_create",
    "programme_publish",
    "programme_update",
    "workshop_add",
]

SECTION_FIELDS = (
    "introduction",
    "background",
    "approach",
    "participants_summary",
    "outcomes",
    "operating_principles",
    "learning",
    "next_steps",
)
EDITABLE = ("title", "sponsor", "sponsor_role", "started_on", "ended_on", *SECTION_FIELDS)


def require_edit(by: Actor | None, ics: ICS | int) -> None:
    """None is the system itself (demo data, imports): no rule applies."""
    if by is not None and not can_edit_system_record(by, ics):
        raise PermissionDenied("Only the OD lead of this integrated care system can change this.")


def _actor(by: Actor | None) -> Any:
    return by if by is not None and getattr(by, "is_authenticated", False) else None


def _check_dates(started_on: dt.date, ended_on: dt.date | None) -> None:
    if ended_on is not None and ended_on < started_on:
        raise ValidationError({"ended_on": "The end date must be the same as or after the start date."})


@transaction.atomic
def programme_create(
    *,
    ics: ICS,
    title: str,
    started_on: dt.date,
    ended_on: dt.date | None = None,
    sponsor: Person | None = None,
    sponsor_role: str = "",
    by: Actor | None,
    **sections: str,
) -> Programme:
    require_edit(by, ics)
    unknown = set(sections) - set(SECTION_FIELDS)
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "Not a section of a case study."))
    if not title.strip():
        raise ValidationError({"title": "Enter the programme's title."})
    _check_dates(started_on, ended_on)
    programme = Programme.objects.create(
        ics=ics,
        title=title.strip(),
        started_on=started_on,
        ended_on=ended_on,
        sponsor=sponsor,
        sponsor_role=sponsor_role,
        created_by=_actor(by),
        **sections,
    )
    audit_record(actor=by, action="systems.programme.create", obj=programme)
    return programme


@transaction.atomic
def programme_update(*, programme: Programme, version: int, by: Actor | None, **changes: Any) -> Programme:
    """Change the programme's details or case-study sections; `version` is the one the editor saw."""
    require_edit(by, programme.ics_id)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise ValidationError(dict.fromkeys(sorted(unknown), "This cannot be changed here."))
    locked = Programme.objects.select_for_update().get(pk=programme.pk)
    if locked.version != version:
        raise ValidationError(
            {
                "version": "Someone else changed this programme while you were editing it. "
                "Open it again to see their changes, then make yours."
            }
        )
    if "title" in changes and not str(changes["title"]).strip():
        raise ValidationError({"title": "Enter the programme's title."})
    for name, value in changes.items():
        setattr(locked, name, value)
    _check_dates(locked.started_on, locked.ended_on)
    locked.version += 1
    locked.save()
    audit_record(actor=by, action="systems.programme.update", obj=locked, fields=sorted(changes))
    return locked


@transaction.atomic
def programme_publish(*, programme: Programme, by: Actor | None) -> Programme:
    """Publishing lets the OD leads of other systems and the academy read it, and puts it in the suite."""
    require_edit(by, programme.ics_id)
    locked = Programme.objects.select_for_update().get(pk=programme.pk)
    if locked.is_published:
        return locked
    missing = [
        label
        for name, label in (("introduction", "an introduction"), ("outcomes", "outcomes"))
        if not getattr(locked, name).strip()
    ]
    if missing:
        raise ValidationError({"status": f"Add {' and '.join(missing)} before publishing the case study."})
    locked.status = Programme.Status.PUBLISHED
    locked.published_at = timezone.now()
    locked.version += 1
    locked.save(update_fields=["status", "published_at", "version", "updated_at"])
    audit_record(actor=by, action="systems.programme.publish", obj=locked)
    return locked


@transaction.atomic
def participant_add(
    *,
    programme: Programme,
    person: Person | None = None,
    role: str = "",
    organisation: Organisation | None = None,
    by: Actor | None,
) -> ProgrammeParticipant:
    """A person from the staff records, or a role (and organisation) where no person is recorded."""
    require_edit(by, programme.ics_id)
    if person is None and not role.strip():
        raise ValidationError({"person": "Choose a person from the staff records, or enter a role."})
    if person is not None and programme.participants.filter(person=person).exists():
        raise ValidationError({"person": f"{person.full_name} is already a participant."})
    participant = ProgrammeParticipant.objects.create(
        programme=programme,
        person=person,
        role=role.strip(),
        organisation=organisation or (person.organisation if person is not None else None),
    )
    audit_record(actor=by, action="systems.participant.add", obj=participant, programme=programme.pk)
    return participant


def _participant_of(programme: Programme, participant: ProgrammeParticipant | None) -> None:
    if participant is not None and participant.programme_id != programme.pk:
        raise ValidationError({"participant": "Choose a participant of this programme."})


@transaction.atomic
def diagnostic_record(
    *,
    programme: Programme,
    held_on: dt.date,
    consent: bool,
    summary: str,
    participant: ProgrammeParticipant | None = None,
    by: Actor | None,
) -> DiagnosticConversation:
    """Only with the participant's consent, and only a summary: no notes or recordings are kept."""
    require_edit(by, programme.ics_id)
    _participant_of(programme, participant)
    if not consent:
        raise ValidationError(
            {
                "consent": "Record a conversation only when the participant has agreed to its summary being kept."
            }
        )
    if not summary.strip():
        raise ValidationError({"summary": "Enter a summary of the conversation."})
    conversation = DiagnosticConversation.objects.create(
        programme=programme, participant=participant, held_on=held_on, consent=True, summary=summary.strip()
    )
    audit_record(actor=by, action="systems.diagnostic.record", obj=conversation, programme=programme.pk)
    return conversation


def check_scores(scores: dict[str, int]) -> None:
    """Each of the five modes scores 0 to 12 and the five add up to 30 (one point for each choice)."""
    errors = {}
    for mode, label in CONFLICT_MODES:
        value = scores.get(mode)
        if value is None:
            errors[mode] = f"Enter the {label.lower()} score."
        elif not 0 <= value <= MODE_MAX:
            errors[mode] = f"The {label.lower()} score must be between 0 and {MODE_MAX}."
    if errors:
        raise ValidationError(errors)
    total = sum(scores[mode] for mode, _ in CONFLICT_MODES)
    if total != MODE_TOTAL:
        raise ValidationError(
            {
                "competing": f"The five scores must add up to {MODE_TOTAL}, one point for each choice; "
                f"these add up to {total}."
            }
        )


@transaction.atomic
def conflict_profile_record(
    *, programme: Programme, participant: ProgrammeParticipant, scores: dict[str, int], by: Actor | None
) -> ConflictProfile:
    """The five mode scores a participant entered from their own questionnaire; entering again replaces
    them."""
    require_edit(by, programme.ics_id)
    _participant_of(programme, participant)
    check_scores(scores)
    values = {mode: scores[mode] for mode, _ in CONFLICT_MODES}
    profile, _ = ConflictProfile.objects.update_or_create(
        programme=programme, participant=participant, defaults=values
    )
    audit_record(actor=by, action="systems.profile.record", obj=profile, programme=programme.pk)
    return profile


@transaction.atomic
def workshop_add(
    *,
    programme: Programme,
    title: str,
    held_on: dt.date,
    aims: str = "",
    offer: Offer | None = None,
    attended: int | None = None,
    by: Actor | None,
) -> Workshop:
    """A workshop; when it is one of the academy's offers its attendance is the offer's."""
    require_edit(by, programme.ics_id)
    if not title.strip():
        raise ValidationError({"title": "Enter the workshop's title."})
    if offer is not None and attended is not None:
        raise ValidationError(
            {"attended": "Leave this empty: attendance is counted from the offer's attendance register."}
        )
    if (
        offer is not None
        and offer.systems.exists()
        and not offer.systems.filter(pk=programme.ics_id).exists()
    ):
        raise ValidationError(
            {"offer": "Choose one of the academy's offers for this integrated care system."}
        )
    if attended is not None and attended < 0:
        raise ValidationError({"attended": "Enter 0 or more."})
    try:
        with transaction.atomic():
            workshop = Workshop.objects.create(
                programme=programme,
                title=title.strip(),
                held_on=held_on,
                aims=aims,
                offer=offer,
                attended=attended,
            )
    except IntegrityError:
        raise ValidationError({"title": "This workshop could not be saved."}) from None
    audit_record(actor=by, action="systems.workshop.add", obj=workshop, programme=programme.pk)
    return workshop
