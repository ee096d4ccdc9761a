"""Every write for RACI matrices, asking `can_edit_system_record` first. A row is written whole, and only
with exactly one Accountable party."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from academy.core.audit import audit_record
from academy.core.types import Actor
from academy.people.models import ICS, Organisation

from ..models import Programme, RaciActivity, RaciCell, RaciMatrix, RaciParty
from .programmes import _actor, require_edit

__all__ = ["check_accountable", "raci_activity_set", "raci_create", "raci_publish"]

LETTERS = {choice.value for choice in RaciCell.Letter}


@transaction.atomic
def raci_create(
    *,
    ics: ICS,
    title: str,
    parties: list[str | Organisation],
    programme: Programme | None = None,
    by: Actor | None,
) -> RaciMatrix:
    """A matrix with its columns: organisations from the records, or roles and groups named in words."""
    require_edit(by, ics)
    if programme is not None and programme.ics_id != ics.pk:
        raise ValidationError({"programme": "Choose a programme of the same integrated care system."})
    if not title.strip():
        raise ValidationError({"title": "Enter the matrix's title."})
    names = [p.name if isinstance(p, Organisation) else p.strip() for p in parties]
    if not [n for n in names if n]:
        raise ValidationError({"parties": "Enter at least one organisation or role."})
    seen: set[str] = set()
    for name in names:
        if name.casefold() in seen:
            raise ValidationError({"parties": f"“{name}” is listed twice."})
        seen.add(name.casefold())
    matrix = RaciMatrix.objects.create(
        ics=ics, programme=programme, title=title.strip(), created_by=_actor(by)
    )
    for position, (party, name) in enumerate(zip(parties, names, strict=True)):
        if name:
            RaciParty.objects.create(
                matrix=matrix,
                name=name,
                organisation=party if isinstance(party, Organisation) else None,
                position=position,
            )
    audit_record(actor=by, action="systems.raci.create", obj=matrix)
    return matrix


def check_accountable(name: str, letters: dict[str, str]) -> None:
    """Exactly one party is accountable for an activity."""
    accountable = [party for party, letter in letters.items() if letter == "A"]
    if not accountable:
        raise ValidationError(
            {"letters": f"“{name}” has no accountable party: mark exactly one organisation or role with A."}
        )
    if len(accountable) > 1:
        raise ValidationError(
            {
                "letters": f"“{name}” has {len(accountable)} accountable parties ({', '.join(accountable)}): "
                "exactly one organisation or role can be accountable (A); make the others responsible (R)."
            }
        )


@transaction.atomic
def raci_activity_set(
    *, matrix: RaciMatrix, name: str, letters: dict[str, str], by: Actor | None
) -> RaciActivity:
    """Write one activity's row: `letters` maps a party's name to R, A, C or I (a party left out or with
    "" has no part). Adding a row with a name the matrix has replaces that row's letters."""
    require_edit(by, matrix.ics_id)
    locked = RaciMatrix.objects.select_for_update().get(pk=matrix.pk)
    if not name.strip():
        raise ValidationError({"name": "Enter the activity."})
    parties = {p.name: p for p in locked.parties.all()}
    unknown = [party for party in letters if party not in parties]
    if unknown:
        raise ValidationError({"letters": f"Not a column of this matrix: {', '.join(sorted(unknown))}."})
    wrong = sorted({letter for letter in letters.values() if letter and letter not in LETTERS})
    if wrong:
        raise ValidationError({"letters": f"Use R, A, C or I (not {', '.join(wrong)})."})
    given = {party: letter for party, letter in letters.items() if letter}
    check_accountable(name.strip(), given)
    activity, _ = RaciActivity.objects.get_or_create(
        matrix=locked, name=name.strip(), defaults={"position": locked.activities.count()}
    )
    activity.cells.all().delete()
    RaciCell.objects.bulk_create(
        [RaciCell(activity=activity, party=parties[party], letter=letter) for party, letter in given.items()]
    )
    audit_record(actor=by, action="systems.raci.activity", obj=locked, activity=activity.pk)
    return activity


@transaction.atomic
def raci_publish(*, matrix: RaciMatrix, by: Actor | None) -> RaciMatrix:
    require_edit(by, matrix.ics_id)
    locked = RaciMatrix.objects.select_for_update().get(pk=matrix.pk)
    if not locked.activities.exists():
        raise ValidationError({"letters": "Add at least one activity before publishing the matrix."})
    if locked.published_at is None:
        locked.published_at = timezone.now()
        locked.save(update_fields=["published_at", "updated_at"])
        audit_record(actor=by, action="systems.raci.publish", obj=locked)
    return locked
