"""Every write for communities of practice and action learning sets: one function per action, inside a
transaction, checking its access question first.

Forming sets: `formation_run_create` turns the pool into `academy.grouping.Member`s (each person's
manager is their nearest line manager who is also in the pool, so the engine sees every chain) and runs
`form_sets` — inline for a pool a programme manager forms by hand, in the background for a large one.
A hand move is re-checked with `check_sets` and refused with the rule it breaks. A run carries a
`version`: a move or a publish names the version the manager saw, and is refused if the run changed
since (the second of two managers sees that it changed). Publishing writes every set or none.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import asdict
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.text import slugify

from academy.core.audit import audit_record
from academy.core.dates import long_date
from academy.core.outbox import outbox_enqueue
from academy.core.types import Actor
from academy.grouping import Member, PoolError, Rules, Weights, check_sets, explain, form_sets
from academy.offers.models import Offer
from academy.offers.permissions import can_manage_academy
from academy.people.models import Academy, Person
from academy.people.selectors import line_ancestors

from .models import (
    Announcement,
    Community,
    FormationRun,
    LearningSet,
    Meeting,
    MeetingAttendance,
    Membership,
    Pool,
    PoolEntry,
    Resource,
    SetMember,
)
from .permissions import (
    can_add_resource,
    can_announce,
    can_ask_to_join,
    can_join,
    can_log_meeting,
    can_manage_community,
    can_manage_pool,
    person_of,
)

# A pool this size or smaller is formed while the manager waits; larger ones in the background.
INLINE_LIMIT = 60
# Person ids are handed to the engine above this base, so that any number this large in its plain-English
# reasons is a person, and can be replaced by their name.
ID_BASE = 1_000_000
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
UPLOAD_KINDS = {".pdf": b"%PDF", ".docx": b"PK", ".pptx": b"PK", ".xlsx": b"PK", ".csv": None, ".txt": None}


def _require(condition: bool, message: str = "You do not have permission to do this.") -> None:
    if not condition:
        raise PermissionDenied(message)


def _me(by: Actor) -> Person:
    person = person_of(by)
    if person is None:
        raise PermissionDenied("You need a staff record to do this.")
    return person


# --- Communities ----------------------------------------------------------------------------------


def _unique_slug(name: str) -> str:
    base = slugify(name)[:180] or "community"
    slug, n = base, 1
    while Community.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def community_create(*, academy: Academy, name: str, aims: str = "", by: Actor | None) -> Community:
    """By None: the system (demo data)."""
    if by is not None:
        _require(can_manage_academy(by, academy.pk), "Only the academy's programme managers can do this.")
    if not name.strip():
        raise ValidationError({"name": "Enter the community's name."})
    community = Community.objects.create(
        academy=academy, name=name.strip(), slug=_unique_slug(name), aims=aims.strip()
    )
    audit_record(actor=by, action="learning_sets.community.create", obj=community)
    return community


@transaction.atomic
def community_update(
    *, community: Community, by: Actor, name: str | None = None, aims: str | None = None
) -> Community:
    _require(can_manage_community(by, community), "Only the academy's programme managers can do this.")
    community = Community.objects.select_for_update().get(pk=community.pk)
    if name is not None:
        if not name.strip():
            raise ValidationError({"name": "Enter the community's name."})
        community.name = name.strip()
    if aims is not None:
        community.aims = aims.strip()
    community.save()
    audit_record(actor=by, action="learning_sets.community.update", obj=community)
    return community


@transaction.atomic
def community_join(*, community: Community, by: Actor, in_directory: bool = False) -> Membership:
    """Anyone may join (open membership); joining twice changes only the directory choice."""
    _require(can_join(by, community), "You need a staff record to join a community.")
    person = _me(by)
    Community.objects.select_for_update().get(pk=community.pk)
    membership, created = Membership.objects.get_or_create(
        community=community, person=person, defaults={"in_directory": in_directory}
    )
    if not created and membership.in_directory != in_directory:
        membership.in_directory = in_directory
        membership.save(update_fields=["in_directory", "updated_at"])
    if created:
        audit_record(actor=by, action="learning_sets.membership.join", obj=membership)
    return membership


def _leave(rows: QuerySet[Any], *, by: Actor, action: str) -> bool:
    """Remove the acting person's own row (a membership, a pool entry), if they have one."""
    row = rows.filter(person=_me(by)).first()
    if row is None:
        return False
    audit_record(actor=by, action=action, obj=row)
    row.delete()
    return True


@transaction.atomic
def community_leave(*, community: Community, by: Actor) -> bool:
    return _leave(
        Membership.objects.filter(community=community), by=by, action="learning_sets.membership.leave"
    )


@transaction.atomic
def community_event_add(*, community: Community, offer: Offer, by: Actor | None) -> Community:
    """An event or workshop of the community is one of the academy's offers (booked, attended and
    evaluated as every offer is)."""
    if by is not None:
        _require(can_manage_community(by, community), "Only the academy's programme managers can do this.")
    if offer.academy_id != community.academy_id:
        raise ValidationError({"offer": "Choose an offer that this community's academy runs."})
    community.events.add(offer)
    audit_record(actor=by, action="learning_sets.community.event_add", obj=community, offer=offer.pk)
    return community


def _check_upload(file: UploadedFile) -> None:
    name = (file.name or "").lower()
    size = file.size or 0
    if size > MAX_UPLOAD_BYTES:
        raise ValidationError({"file": "The file must be smaller than 10MB."})
    if size == 0:
        raise ValidationError({"file": "The selected file is empty."})
    suffix = "." + name.rsplit(".", 1)[-1] if "." in name else ""
    if suffix not in UPLOAD_KINDS:
        raise ValidationError(
            {"file": "The selected file must be a PDF, Word, PowerPoint, Excel, CSV or text file."}
        )
    head = file.read(4096)
    file.seek(0)
    magic = UPLOAD_KINDS[suffix]
    if magic is not None and not head.startswith(magic):
        raise ValidationError({"file": f"The selected file is not a real {suffix[1:].upper()} file."})
    if magic is None and b"\x00" in head:
        raise ValidationError({"file": "The selected file is not a text file."})


@transaction.atomic
def resource_add(
    *, community: Community, title: str, by: Actor, url: str = "", file: UploadedFile | None = None
) -> Resource:
    """Members and the programme team share a link or a file (one or the other)."""
    _require(can_add_resource(by, community), "Join the community to share resources.")
    errors: dict[str, str] = {}
    if not title.strip():
        errors["title"] = "Enter a title for the resource."
    if bool(url) == bool(file):
        errors["url"] = "Give either a link or a file."
    if errors:
        raise ValidationError(errors)
    if file is not None:
        _check_upload(file)
    resource = Resource(community=community, title=title.strip(), url=url.strip(), added_by=person_of(by))
    try:
        resource.full_clean(exclude=["file", "community", "added_by"], validate_constraints=False)
    except ValidationError as error:
        raise ValidationError(error.message_dict) from error
    if file is not None:
        resource.file.save(file.name or "resource", file, save=False)
    resource.save()
    audit_record(actor=by, action="learning_sets.resource.add", obj=resource)
    return resource


@transaction.atomic
def announcement_send(*, community: Community, subject: str, body: str, by: Actor) -> Announcement:
    """E-mail every member through the outbox, one message each."""
    _require(can_announce(by, community), "Only the academy's programme managers can send announcements.")
    errors = {}
    if not subject.strip():
        errors["subject"] = "Enter a subject."
    if not body.strip():
        errors["body"] = "Enter the message."
    if errors:
        raise ValidationError(errors)
    announcement = Announcement.objects.create(
        community=community, subject=subject.strip(), body=body.strip(), sent_by=person_of(by)
    )
    members = Membership.objects.filter(community=community).select_related("person")
    sent = 0
    for membership in members:
        if not membership.person.email or membership.person.anonymised_at:
            continue
        outbox_enqueue(
            key=f"learning_sets.announcement:{announcement.pk}:to:{membership.person_id}",
            to=membership.person.email,
            subject=f"{community.name}: {announcement.subject}",
            body=f"Dear {membership.person.given_name},\n\n{announcement.body}\n\n{community.name}",
        )
        sent += 1
    announcement.recipients = sent
    announcement.save(update_fields=["recipients", "updated_at"])
    audit_record(actor=by, action="learning_sets.announcement.send", obj=announcement, recipients=sent)
    return announcement


# --- Pools ----------------------------------------------------------------------------------------


def _clean_slots(slots: Iterable[str]) -> list[str]:
    cleaned: list[str] = []
    for slot in slots:
        slot = str(slot).strip()
        if slot and slot not in cleaned:
            cleaned.append(slot)
    return cleaned


def _validate_rules(min_size: int, max_size: int, max_per_organisation: int) -> None:
    errors = {}
    if min_size < 1:
        errors["min_size"] = "The smallest set size must be at least 1."
    elif max_size < min_size:
        errors["max_size"] = f"The largest set size must be at least the smallest ({min_size})."
    if max_per_organisation < 1:
        errors["max_per_organisation"] = "Allow at least 1 person from one organisation in a set."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def pool_create(
    *,
    academy: Academy,
    name: str,
    slots: Iterable[str],
    by: Actor | None,
    community: Community | None = None,
    min_size: int = 5,
    max_size: int = 8,
    max_per_organisation: int = 2,
    met_meetings: int = 3,
    met_share: int = 50,
) -> Pool:
    """By None: the system (demo data)."""
    if by is not None:
        _require(can_manage_academy(by, academy.pk), "Only the academy's programme managers can do this.")
    errors = {}
    if not name.strip():
        errors["name"] = "Enter a name for the pool."
    cleaned = _clean_slots(slots)
    if not cleaned:
        errors["slots"] = "List at least one time that sets could meet."
    if community is not None and community.academy_id != academy.pk:
        errors["community"] = "Choose a community that this academy runs."
    if not 0 <= met_share <= 100:
        errors["met_share"] = "Enter a percentage from 0 to 100."
    if errors:
        raise ValidationError(errors)
    _validate_rules(min_size, max_size, max_per_organisation)
    pool = Pool.objects.create(
        academy=academy,
        community=community,
        name=name.strip(),
        slots=cleaned,
        min_size=min_size,
        max_size=max_size,
        max_per_organisation=max_per_organisation,
        met_meetings=met_meetings,
        met_share=met_share,
    )
    audit_record(actor=by, action="learning_sets.pool.create", obj=pool)
    return pool


@transaction.atomic
def pool_join(*, pool: Pool, slots: Iterable[str], by: Actor, person: Person | None = None) -> PoolEntry:
    """Ask to join action learning with the times one can make (asking again changes the times). The
    programme team may add someone else (`person`)."""
    if person is None or person == person_of(by):
        _require(can_ask_to_join(by, pool), "This pool is not open for sign-up.")
        person = _me(by)
    else:
        _require(can_manage_pool(by, pool), "Only the academy's programme managers can add someone else.")
    chosen = _clean_slots(slots)
    if not chosen:
        raise ValidationError({"slots": "Choose at least one time you can make."})
    unknown = [s for s in chosen if s not in pool.slots]
    if unknown:
        raise ValidationError({"slots": f"Choose from the times on offer ({', '.join(unknown)} is not one)."})
    Pool.objects.select_for_update().get(pk=pool.pk)
    entry, created = PoolEntry.objects.update_or_create(pool=pool, person=person, defaults={"slots": chosen})
    if created:
        audit_record(actor=by, action="learning_sets.pool.join", obj=entry)
    return entry


@transaction.atomic
def pool_leave(*, pool: Pool, by: Actor) -> bool:
    return _leave(PoolEntry.objects.filter(pool=pool), by=by, action="learning_sets.pool.leave")


# --- Formation ------------------------------------------------------------------------------------


def pool_members(pool: Pool) -> list[Member]:
    """The pool as the engine's members: each person's manager is their nearest line manager who is
    also in the pool (walking up the chain past people who are not), so no chain is hidden."""
    entries = list(PoolEntry.objects.filter(pool=pool).select_related("person__organisation__ics"))
    in_pool = {e.person_id for e in entries}
    ancestors = line_ancestors(in_pool)

    def nearest_in_pool(person_id: int) -> int | None:
        # The deepest of their managers who is in the pool: the one with most managers of their own.
        above = [a for a in ancestors.get(person_id, set()) if a in in_pool and a != person_id]
        if not above:
            return None
        return max(above, key=lambda a: (len(ancestors.get(a, set())), -a))

    members = []
    for entry in entries:
        person = entry.person
        organisation = person.organisation
        manager = nearest_in_pool(person.pk)
        members.append(
            Member(
                id=ID_BASE + person.pk,
                ics=(organisation.ics.name if organisation and organisation.ics else "Unknown system"),
                sector=(organisation.get_sector_display() if organisation else "Unknown sector"),
                organisation=(organisation.name if organisation else f"Unknown organisation {person.pk}"),
                role_level=person.role_level or "Not given",
                manager_id=ID_BASE + manager if manager is not None else None,
                slots=frozenset(entry.slots),
            )
        )
    return members


def named(text: str, names: dict[int, str]) -> str:
    """The engine's reasons with people's names in place of their ids."""
    return re.sub(r"\b(\d{7,})\b", lambda m: names.get(int(m.group(1)) - ID_BASE, m.group(1)), text)


def _names(person_ids: Iterable[int]) -> dict[int, str]:
    return {p.pk: p.full_name for p in Person.objects.filter(pk__in=set(person_ids))}


def _rules_of(run: FormationRun) -> Rules:
    return Rules(**run.rules)


def _weights_of(run: FormationRun) -> Weights:
    return Weights(**run.weights)


@transaction.atomic
def formation_run_create(
    *, pool: Pool, by: Actor | None, weights: dict[str, int] | None = None, work_limit: float = 2.0
) -> FormationRun:
    """Form the pool into sets. Obvious obstacles (too few people, contradictory sizes, someone with
    no time) are reported before any solving; a small pool is formed at once, a large one by a
    background task. By None: the system (demo data)."""
    if by is not None:
        _require(can_manage_pool(by, pool), "Only the academy's programme managers can form sets.")
    rules = Rules(
        min_size=pool.min_size, max_size=pool.max_size, max_per_organisation=pool.max_per_organisation
    )
    chosen = Weights(**{k: int(v) for k, v in (weights or {}).items() if k in Weights.__dataclass_fields__})
    if any(v < 0 for v in asdict(chosen).values()):
        raise ValidationError({"weights": "Weights cannot be negative."})
    Pool.objects.select_for_update().get(pk=pool.pk)
    run = FormationRun.objects.create(pool=pool, rules=asdict(rules), weights=asdict(chosen))
    members = pool_members(pool)
    reasons = explain(members, rules) if members else ["Nobody has asked to join this pool yet."]
    audit_record(actor=by, action="learning_sets.run.create", obj=run, people=len(members))
    if reasons:
        names = _names(m.id - ID_BASE for m in members)
        run.status = FormationRun.Status.INFEASIBLE
        run.reasons = [named(r, names) for r in reasons]
        run.save()
        return run
    if len(members) <= INLINE_LIMIT:
        formation_run_solve(run_id=run.pk, work_limit=work_limit)
        run.refresh_from_db()
    else:
        from .tasks import formation_run_form

        run_id = run.pk
        transaction.on_commit(lambda: formation_run_form.delay(run_id=run_id, work_limit=work_limit))
    return run


@transaction.atomic
def formation_run_solve(*, run_id: int, work_limit: float = 2.0) -> FormationRun:
    """The solving itself (the system acts: called by `formation_run_create` or its task)."""
    run = FormationRun.objects.select_for_update().get(pk=run_id)
    if run.status != FormationRun.Status.QUEUED:
        return run
    members = pool_members(run.pool)
    try:
        proposal = form_sets(members, _rules_of(run), _weights_of(run), work_limit=work_limit)
    except PoolError as error:
        proposal = None
        reasons = list(error.reasons)
    names = _names(m.id - ID_BASE for m in members)
    if proposal is not None and proposal.formed:
        run.sets = [[slot, [i - ID_BASE for i in ids]] for slot, ids in proposal.sets]
        run.status = FormationRun.Status.DRAFT
        run.mix_score, run.mix_bound = proposal.mix_score, proposal.mix_bound
        run.optimal, run.gap = proposal.optimal, proposal.gap
        run.reasons = []
    else:
        if proposal is not None:
            reasons = sorted(set(proposal.unplaced.values())) + list(proposal.breaches)
        run.status = FormationRun.Status.INFEASIBLE
        run.reasons = [named(r, names) for r in reasons]
        run.sets = []
    run.version += 1
    run.save()
    return run


def _check_version(run: FormationRun, version: int) -> None:
    if run.version != version:
        raise ValidationError(
            {
                "version": "Someone else changed this proposal since you opened it. Look at it again before you go on."
            }
        )


@transaction.atomic
def formation_move(
    *, run: FormationRun, person_id: int, to_set: int, version: int, by: Actor
) -> FormationRun:
    """Move one person to another set by hand (`to_set` is the set's number, from 1). Every rule is
    checked again; a move that breaks one is refused with the rule named."""
    _require(can_manage_pool(by, run.pool), "Only the academy's programme managers can move people.")
    run = FormationRun.objects.select_for_update().get(pk=run.pk)
    _check_version(run, version)
    if run.status != FormationRun.Status.DRAFT:
        raise ValidationError({"status": "Only a draft proposal can be changed."})
    sets = [[slot, list(ids)] for slot, ids in run.sets]
    if not 1 <= to_set <= len(sets):
        raise ValidationError({"to_set": f"Choose a set from 1 to {len(sets)}."})
    source = next((s for s in sets if person_id in s[1]), None)
    if source is None:
        raise ValidationError({"person": "That person is not in this proposal."})
    target = sets[to_set - 1]
    if target is source:
        raise ValidationError({"to_set": "That person is already in this set."})
    source[1].remove(person_id)
    target[1] = sorted([*target[1], person_id])
    members = pool_members(run.pool)
    breaches = check_sets(members, _rules_of(run), [(slot, [ID_BASE + i for i in ids]) for slot, ids in sets])
    if breaches:
        names = _names(m.id - ID_BASE for m in members)
        raise ValidationError({"to_set": [named(b, names) for b in breaches]})
    run.sets = sets
    run.mix_score = _mix(members, sets, _weights_of(run))
    run.optimal = False
    run.gap = (run.mix_bound - run.mix_score) / run.mix_bound if run.mix_bound else None
    run.moved += 1
    run.version += 1
    run.save()
    audit_record(actor=by, action="learning_sets.run.move", obj=run, person=person_id, to_set=to_set)
    return run


def _mix(members: list[Member], sets: list[list[Any]], weights: Weights) -> int:
    """For each set, its distinct ICSs, sectors, organisations and role levels, weighted and summed."""
    by_id = {m.id: m for m in members}
    total = 0
    for _slot, ids in sets:
        people = [by_id[ID_BASE + i] for i in ids]
        total += weights.ics * len({m.ics for m in people})
        total += weights.sector * len({m.sector for m in people})
        total += weights.organisation * len({m.organisation for m in people})
        total += weights.role_level * len({m.role_level for m in people})
    return total


@transaction.atomic
def formation_publish(*, run: FormationRun, version: int, by: Actor | None) -> list[LearningSet]:
    """Write every set of the proposal and tell each member by e-mail; all of it or nothing. A
    manager publishing a copy that has changed since they opened it is refused. By None: the system
    (demo data)."""
    if by is not None:
        _require(can_manage_pool(by, run.pool), "Only the academy's programme managers can publish sets.")
    run = FormationRun.objects.select_for_update().select_related("pool").get(pk=run.pk)
    _check_version(run, version)
    if run.status != FormationRun.Status.DRAFT:
        raise ValidationError({"status": "Only a draft proposal can be published."})
    if FormationRun.objects.filter(pool=run.pool, status=FormationRun.Status.PUBLISHED).exists():
        raise ValidationError({"status": "Sets for this pool are already published."})
    members = pool_members(run.pool)
    formed = {ID_BASE + i for _slot, ids in run.sets for i in ids}
    current = [m for m in members if m.id in formed]
    breaches = check_sets(
        current, _rules_of(run), [(slot, [ID_BASE + i for i in ids]) for slot, ids in run.sets]
    )
    if breaches:
        names = _names(m.id - ID_BASE for m in members)
        raise ValidationError({"status": [named(b, names) for b in breaches]})
    people = {p.pk: p for p in Person.objects.filter(pk__in=[i - ID_BASE for i in formed])}
    made = []
    for number, (slot, ids) in enumerate(run.sets, start=1):
        learning_set = LearningSet.objects.create(run=run, number=number, slot=slot)
        SetMember.objects.bulk_create([SetMember(learning_set=learning_set, person_id=i) for i in ids])
        made.append(learning_set)
        others = ", ".join(people[i].full_name for i in ids)
        for i in ids:
            person = people[i]
            if not person.email or person.anonymised_at:
                continue
            outbox_enqueue(
                key=f"learning_sets.set:{learning_set.pk}:published:{i}",
                to=person.email,
                subject=f"Your action learning set: {run.pool.name}",
                body=(
                    f"Dear {person.given_name},\n\nYou are in set {number} of {run.pool.name}, meeting on "
                    f"{slot}. The members of your set are: {others}.\n\nYour facilitator will be in touch "
                    "about the first meeting."
                ),
            )
    run.status = FormationRun.Status.PUBLISHED
    run.published_at = timezone.now()
    run.version += 1
    run.save()
    audit_record(actor=by, action="learning_sets.run.publish", obj=run, sets=len(made))
    return made


@transaction.atomic
def set_facilitator_assign(*, learning_set: LearningSet, person: Person, by: Actor | None) -> LearningSet:
    """Name the facilitator for the first meeting (the set facilitates itself after)."""
    if by is not None:
        _require(
            can_manage_pool(by, learning_set.run.pool), "Only the academy's programme managers can do this."
        )
    learning_set = LearningSet.objects.select_for_update().get(pk=learning_set.pk)
    learning_set.facilitator = person
    learning_set.save(update_fields=["facilitator", "updated_at"])
    audit_record(actor=by, action="learning_sets.set.facilitator", obj=learning_set, person=person.pk)
    if person.email:
        outbox_enqueue(
            key=f"learning_sets.set:{learning_set.pk}:facilitator:{person.pk}",
            to=person.email,
            subject="You are facilitating an action learning set",
            body=(
                f"Dear {person.given_name},\n\nYou are facilitating the first meeting of {learning_set} in "
                f"{learning_set.run.pool.name}."
            ),
        )
    return learning_set


@transaction.atomic
def meeting_log(
    *,
    learning_set: LearningSet,
    held_on: dt.date,
    present: Iterable[int],
    by: Actor | None,
    logged: bool = True,
) -> Meeting:
    """Schedule a meeting (logged=False) or log one held, with who was present (person ids of the set's
    members). Logging the same day again replaces its attendance. By None: the system (demo data)."""
    if by is not None:
        _require(
            can_log_meeting(by, learning_set),
            "Only the set's members, facilitator and programme team can do this.",
        )
    LearningSet.objects.select_for_update().get(pk=learning_set.pk)
    member_ids = set(learning_set.members.values_list("person_id", flat=True))
    chosen = set(present)
    strangers = chosen - member_ids
    if strangers:
        raise ValidationError({"present": "Choose only members of this set."})
    if logged and held_on > timezone.localdate():
        raise ValidationError({"held_on": "A meeting held must be today or in the past."})
    meeting, _ = Meeting.objects.update_or_create(
        learning_set=learning_set,
        held_on=held_on,
        defaults={"logged": logged, "logged_by": person_of(by) if by is not None else None},
    )
    if logged:
        meeting.attendance.all().delete()
        MeetingAttendance.objects.bulk_create(
            [MeetingAttendance(meeting=meeting, person_id=i, present=i in chosen) for i in sorted(member_ids)]
        )
    audit_record(actor=by, action="learning_sets.meeting.log", obj=meeting, present=len(chosen))
    if logged:
        from .selectors import set_met

        if set_met(LearningSet.objects.select_related("run__pool").get(pk=learning_set.pk)):
            set_feedback_send(learning_set=learning_set, now=_evening_of(held_on))
    if not logged:
        for member in learning_set.members.select_related("person"):
            if member.person.email and not member.person.anonymised_at:
                outbox_enqueue(
                    key=f"learning_sets.meeting:{meeting.pk}:scheduled:{member.person_id}",
                    to=member.person.email,
                    subject=f"Action learning set meeting on {long_date(held_on)}",
                    body=f"Dear {member.person.given_name},\n\n{learning_set} meets on {long_date(held_on)}.",
                )
    return meeting


# --- Evaluation -----------------------------------------------------------------------------------

FEEDBACK_INSTRUMENT = "session-evaluation"  # the three standard statements, takeaway and testimony


def _evening_of(day: dt.date) -> dt.datetime:
    """When a meeting logged for a past day is taken to have ended (now, for today)."""
    moment = dt.datetime.combine(day, dt.time(17, 0), tzinfo=timezone.get_current_timezone())
    return min(moment, timezone.now())


def set_feedback_survey(learning_set: LearningSet) -> Any:
    from django.contrib.contenttypes.models import ContentType

    from academy.evaluation.models import Survey

    return Survey.objects.filter(
        subject_type=ContentType.objects.get_for_model(LearningSet), subject_id=learning_set.pk
    ).first()


def set_feedback_send(*, learning_set: LearningSet, now: dt.datetime | None = None) -> Any:
    """Ask the set's members for feedback with the standard session evaluation, once the set has met the
    academy's rule (meeting_log calls this): a survey about the set, an outbox email to each member with
    their own link. Once: a second call finds the survey and sends nothing more. Done by the system (the
    member who logs the meeting does not manage surveys)."""
    from academy.evaluation.services.instruments import instrument_standard_published
    from academy.evaluation.services.surveys import survey_create, survey_send_invitations

    existing = set_feedback_survey(learning_set)
    if existing is not None:
        return existing
    survey = survey_create(
        instrument=instrument_standard_published(FEEDBACK_INSTRUMENT),
        subject=learning_set,
        title=f"Action learning: {learning_set.run.pool.name}, set {learning_set.number}",
        opens_at=now,
        by=None,
    )
    survey_send_invitations(survey=survey, by=None, now=now)
    audit_record(actor=None, action="learning_sets.set.feedback", obj=learning_set, survey=survey.pk)
    return survey
