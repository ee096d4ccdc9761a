"""Every write on the validation route: one function per action, inside a transaction, asking its access
question first. `by=None` means the system (imports, the beat task, demo data).

Panels: `panel_member_add` refuses the practitioner themself, their supporter, anyone in their
line-management chain (up or down, `people.selectors.line_chain_ids`) and anyone from their organisation.
Reviews are blind: a panel member sees only their own until every member has submitted. Moderation
carries the route's `moderation_version`: a save names the version the moderator saw, and is refused if
another moderator saved since.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from academy.core.audit import audit_record
from academy.core.dates import long_date
from academy.core.outbox import outbox_enqueue
from academy.core.types import Actor
from academy.offers.models import Attendance
from academy.offers.models import Cohort as OfferCohort
from academy.people.models import Academy, Person
from academy.people.selectors import line_chain_ids

from .agreement import agreement
from .frameworks import FrameworkSpec
from .models import (
    Claim,
    ClaimEntry,
    ClaimSubmission,
    Domain,
    Element,
    ElementMapping,
    Evidence,
    Framework,
    Milestone,
    ModeratedRating,
    Outcome,
    PanelMember,
    Rating,
    Readiness,
    Review,
    Route,
    SelfRating,
    ValidationCohort,
)
from .permissions import (
    can_add_milestone,
    can_decide,
    can_edit_claim,
    can_express_interest,
    can_manage_cohort,
    can_manage_frameworks,
    can_moderate,
    can_move_claim,
    can_review,
    can_see_evidence,
    is_practitioner,
    person_of,
)

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
EVIDENCE_KINDS = {
    ".pdf": (b"%PDF", "application/pdf"),
    ".docx": (b"PK", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ".pptx": (b"PK", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    ".xlsx": (b"PK", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ".png": (b"\x89PNG", "image/png"),
    ".jpg": (b"\xff\xd8\xff", "image/jpeg"),
    ".jpeg": (b"\xff\xd8\xff", "image/jpeg"),
    ".txt": (None, "text/plain"),
}
MAX_FRAMEWORKS_PER_COHORT = 2
REMINDER_DAYS_BEFORE = 7


def _require(condition: bool, message: str = "You do not have permission to do this.") -> None:
    if not condition:
        raise PermissionDenied(message)


def _system_or(by: Actor | None, condition: bool, message: str) -> None:
    if by is not None:
        _require(condition, message)


def _lock(route: Route) -> Route:
    return Route.objects.select_for_update().select_related("cohort", "person").get(pk=route.pk)


def _now(at: dt.datetime | None) -> dt.datetime:
    return at or timezone.now()


# --- Frameworks -------------------------------------------------------------------------------------


@transaction.atomic
def framework_import(*, spec: FrameworkSpec, by: Actor | None) -> Framework:
    """Store a parsed framework as a new version (all of it or none). A version that exists is refused."""
    _system_or(by, can_manage_frameworks(by), "Only programme managers can import frameworks.")
    if Framework.objects.filter(slug=spec.slug, version=spec.version).exists():
        raise ValidationError({"file": f"Version {spec.version} of {spec.slug} is already imported."})
    framework = Framework.objects.create(
        slug=spec.slug, version=spec.version, name=spec.name, description=spec.description
    )
    for d_order, d in enumerate(spec.domains):
        domain = Domain.objects.create(framework=framework, code=d.code, name=d.name, order=d_order)
        Element.objects.bulk_create(
            Element(
                domain=domain,
                code=e.code,
                name=e.name,
                description=e.description,
                practitioner_descriptor=e.practitioner,
                leader_descriptor=e.leader,
                order=e_order,
            )
            for e_order, e in enumerate(d.elements)
        )
    audit_record(actor=by, action="validation.framework.import", obj=framework)
    return framework


def framework_spec(framework: Framework) -> FrameworkSpec:
    """The framework as the import format holds it (for export)."""
    from .frameworks import DomainSpec, ElementSpec

    spec = FrameworkSpec(
        slug=framework.slug, version=framework.version, name=framework.name, description=framework.description
    )
    for domain in framework.domains.prefetch_related("elements"):
        spec.domains.append(
            DomainSpec(
                code=domain.code,
                name=domain.name,
                elements=[
                    ElementSpec(
                        code=e.code,
                        name=e.name,
                        description=e.description,
                        practitioner=e.practitioner_descriptor,
                        leader=e.leader_descriptor,
                    )
                    for e in domain.elements.all()
                ],
            )
        )
    return spec


@transaction.atomic
def mapping_set(
    *, source: Framework, target: Framework, pairs: Iterable[tuple[str, str]], by: Actor | None
) -> int:
    """Map element codes of `source` to element codes of `target` (all or none; every bad pair reported)."""
    _system_or(by, can_manage_frameworks(by), "Only programme managers can map frameworks.")
    if source.pk == target.pk:
        raise ValidationError({"target": "Map one framework version to another."})
    src = {e.code: e for e in Element.objects.filter(domain__framework=source)}
    dst = {e.code: e for e in Element.objects.filter(domain__framework=target)}
    errors: list[str] = []
    rows: list[ElementMapping] = []
    for number, (a, b) in enumerate(pairs, start=1):
        if a not in src:
            errors.append(f"Pair {number}: {source} has no element {a}.")
        if b not in dst:
            errors.append(f"Pair {number}: {target} has no element {b}.")
        if a in src and b in dst:
            rows.append(ElementMapping(source=src[a], target=dst[b]))
    if errors:
        raise ValidationError({"pairs": errors})
    ElementMapping.objects.filter(source__domain__framework=source, target__domain__framework=target).delete()
    ElementMapping.objects.bulk_create(rows)
    audit_record(actor=by, action="validation.framework.map", obj=source, target=target.pk)
    return len(rows)


# --- Cohorts ----------------------------------------------------------------------------------------


@transaction.atomic
def cohort_create(
    *,
    academy: Academy,
    name: str,
    frameworks: list[Framework],
    opens_on: dt.date,
    workshop: OfferCohort | None = None,
    by: Actor | None,
) -> ValidationCohort:
    from academy.offers.permissions import can_manage_academy

    _system_or(by, can_manage_academy(by, academy.pk), "Only the academy's programme managers can do this.")
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = "Enter the cohort's name."
    if not 1 <= len(frameworks) <= MAX_FRAMEWORKS_PER_COHORT:
        errors["frameworks"] = "Choose one framework, or two to combine."
    if workshop is not None and workshop.offer.academy_id != academy.pk:
        errors["workshop"] = "The workshop must be one of this academy's offers."
    if ValidationCohort.objects.filter(academy=academy, name=name.strip()).exists():
        errors["name"] = "This academy already has a cohort with that name."
    if errors:
        raise ValidationError(errors)
    cohort = ValidationCohort.objects.create(
        academy=academy, name=name.strip(), opens_on=opens_on, workshop=workshop
    )
    cohort.frameworks.set(frameworks)
    audit_record(actor=by, action="validation.cohort.create", obj=cohort)
    return cohort


def cohort_elements(cohort: ValidationCohort) -> list[Element]:
    return list(
        Element.objects.filter(domain__framework__in=cohort.frameworks.all())
        .select_related("domain__framework")
        .order_by("domain__framework__name", "domain__order", "order")
    )


# --- Steps 1 to 4 -----------------------------------------------------------------------------------


@transaction.atomic
def route_express_interest(
    *,
    cohort: ValidationCohort,
    statement: str,
    by: Actor | None,
    person: Person | None = None,
    at: dt.datetime | None = None,
) -> Route:
    """Step 1. The practitioner expresses interest (the system may enter it for `person`)."""
    if by is not None:
        _require(can_express_interest(by, cohort), "You need a staff record to express interest.")
        person = person_of(by)
    if person is None:
        raise ValidationError({"person": "Name the practitioner."})
    ValidationCohort.objects.select_for_update().get(pk=cohort.pk)
    if Route.objects.filter(cohort=cohort, person=person).exists():
        raise ValidationError({"cohort": "You have already expressed interest in this cohort."})
    route = Route.objects.create(
        cohort=cohort, person=person, interest_statement=statement.strip(), expressed_at=_now(at)
    )
    audit_record(actor=by, action="validation.route.interest", obj=route)
    outbox_enqueue(
        key=f"validation.route:{route.pk}:interest",
        to=person.email,
        subject=f"Your expression of interest: {cohort.name}",
        body=(
            f"Dear {person.given_name},\n\nThank you for expressing interest in {cohort.name}. The next "
            "step is a reflection on your practice against the competency framework.\n"
        ),
    )
    return route


@transaction.atomic
def route_reflect(
    *, route: Route, levels: Mapping[int, int], by: Actor | None, at: dt.datetime | None = None
) -> Route:
    """Step 2. Self-reflection: a level for every element of the cohort's frameworks."""
    _system_or(by, is_practitioner(by, route), "Only the practitioner can reflect on their practice.")
    route = _lock(route)
    elements = {e.pk for e in cohort_elements(route.cohort)}
    missing = elements - set(levels)
    errors: dict[str, str] = {}
    if missing:
        errors["levels"] = f"Rate every element: {len(missing)} not rated."
    bad = [k for k, v in levels.items() if k not in elements or v not in SelfRating.Level.values]
    if bad:
        errors["levels"] = "Choose a level from the list for each element."
    if errors:
        raise ValidationError(errors)
    SelfRating.objects.filter(route=route).delete()
    SelfRating.objects.bulk_create(SelfRating(route=route, element_id=k, level=v) for k, v in levels.items())
    route.reflected_at = route.reflected_at or _now(at)
    route.save(update_fields=["reflected_at", "updated_at"])
    audit_record(actor=by, action="validation.route.reflect", obj=route)
    return route


@transaction.atomic
def route_workshop_record(
    *, route: Route, attended: bool, by: Actor | None, at: dt.datetime | None = None
) -> Route:
    """Step 3. The programme team records attendance at the workshop (or it is read from the offer)."""
    _system_or(by, can_manage_cohort(by, route.cohort), "Only the programme team records attendance.")
    route = _lock(route)
    route.workshop_attended_at = _now(at) if attended else None
    route.save(update_fields=["workshop_attended_at", "updated_at"])
    audit_record(actor=by, action="validation.route.workshop", obj=route, attended=attended)
    return route


@transaction.atomic
def workshop_sync(*, cohort: ValidationCohort, by: Actor | None) -> int:
    """Mark every route whose practitioner attended a session of the cohort's workshop offer."""
    _system_or(by, can_manage_cohort(by, cohort), "Only the programme team records attendance.")
    if cohort.workshop_id is None:
        raise ValidationError({"workshop": "This cohort has no workshop offer linked."})
    attended = dict(
        Attendance.objects.filter(booking__cohort_id=cohort.workshop_id, status=Attendance.Status.PRESENT)
        .values_list("booking__person_id", "session__starts_at")
        .order_by("session__starts_at")
    )
    count = 0
    for route in Route.objects.select_for_update().filter(
        cohort=cohort, workshop_attended_at__isnull=True, person_id__in=list(attended)
    ):
        route.workshop_attended_at = attended[route.person_id]
        route.save(update_fields=["workshop_attended_at", "updated_at"])
        count += 1
    audit_record(actor=by, action="validation.cohort.workshop_sync", obj=cohort, marked=count)
    return count


@transaction.atomic
def route_decide(
    *, route: Route, readiness: str, note: str = "", by: Actor | None, at: dt.datetime | None = None
) -> Route:
    """Step 4. After the workshop the practitioner decides, with a readiness level."""
    _system_or(by, is_practitioner(by, route), "Only the practitioner can record their decision.")
    route = _lock(route)
    if route.workshop_attended_at is None:
        raise ValidationError({"readiness": "The decision follows the workshop."})
    if readiness not in Readiness.values:
        raise ValidationError({"readiness": "Choose how ready you are to make a claim."})
    if route.claim_submitted_at is not None:
        raise ValidationError({"readiness": "Your claim is already submitted."})
    route.readiness = readiness
    route.decision_note = note.strip()
    route.decided_at = _now(at)
    route.save(update_fields=["readiness", "decision_note", "decided_at", "updated_at"])
    audit_record(actor=by, action="validation.route.decide", obj=route, readiness=readiness)
    return route


# --- Step 5: support --------------------------------------------------------------------------------


@transaction.atomic
def route_supporter_assign(
    *, route: Route, supporter: Person, by: Actor | None, at: dt.datetime | None = None
) -> Route:
    _system_or(by, can_manage_cohort(by, route.cohort), "Only the programme team names supporters.")
    route = _lock(route)
    if route.readiness != Readiness.NOW:
        raise ValidationError({"supporter": "Support begins once the practitioner is ready to claim."})
    if supporter.pk == route.person_id:
        raise ValidationError({"supporter": "A practitioner cannot support themself."})
    route.supporter = supporter
    route.support_started_at = route.support_started_at or _now(at)
    route.save(update_fields=["supporter", "support_started_at", "updated_at"])
    entry = audit_record(actor=by, action="validation.route.supporter", obj=route, supporter=supporter.pk)
    outbox_enqueue(
        key=f"validation.route:{route.pk}:supporter:{entry.pk}",
        to=supporter.email,
        subject=f"You are supporting {route.person.full_name}'s claim",
        body=(
            f"Dear {supporter.given_name},\n\nYou are named as {route.person.full_name}'s supporter for "
            f"the six months of developing their claim in {route.cohort.name}.\n"
        ),
    )
    return route


@transaction.atomic
def milestone_add(*, route: Route, title: str, due_on: dt.date, by: Actor | None) -> Milestone:
    _system_or(by, can_add_milestone(by, route), "Only the practitioner and their supporter plan milestones.")
    if not title.strip():
        raise ValidationError({"title": "Enter the milestone."})
    milestone = Milestone.objects.create(route=route, title=title.strip(), due_on=due_on)
    audit_record(actor=by, action="validation.milestone.add", obj=milestone)
    return milestone


@transaction.atomic
def milestone_complete(*, milestone: Milestone, by: Actor | None) -> Milestone:
    _system_or(by, can_add_milestone(by, milestone.route), "Only the practitioner and their supporter can.")
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    milestone.done_at = milestone.done_at or timezone.now()
    milestone.save(update_fields=["done_at", "updated_at"])
    audit_record(actor=by, action="validation.milestone.complete", obj=milestone)
    return milestone


@transaction.atomic
def milestone_reminders_send(*, today: dt.date | None = None) -> int:
    """The beat task: remind the practitioner (copying the supporter) a week before a milestone is due,
    and once more when it is overdue. Each reminder has its own key, so a rerun sends nothing twice."""
    today = today or timezone.localdate()
    sent = 0
    due = Milestone.objects.select_for_update(of=("self",)).filter(
        done_at__isnull=True,
        reminders_sent__lt=2,
        due_on__lte=today + dt.timedelta(days=REMINDER_DAYS_BEFORE),
        route__outcome="",
        route__claim_submitted_at__isnull=True,
    )
    for milestone in due.select_related("route__person", "route__supporter"):
        number = 2 if milestone.due_on < today else 1
        if milestone.reminders_sent >= number:
            continue
        person = milestone.route.person
        recipients = [person.email] + ([milestone.route.supporter.email] if milestone.route.supporter else [])
        for to in recipients:
            outbox_enqueue(
                key=f"validation.milestone:{milestone.pk}:{number}:{to}",
                to=to,
                subject=f"Claim milestone {'overdue' if number == 2 else 'due soon'}: {milestone.title}",
                body=(
                    f"The milestone '{milestone.title}' in {person.full_name}'s claim is due on "
                    f"{long_date(milestone.due_on)}.\n"
                ),
            )
        milestone.reminders_sent = number
        milestone.save(update_fields=["reminders_sent", "updated_at"])
        sent += 1
    return sent


# --- Step 5: the claim ------------------------------------------------------------------------------


def _claim_for_edit(route: Route, by: Actor | None) -> Claim:
    _system_or(by, can_edit_claim(by, route), "Only the practitioner can edit their claim.")
    return _draft_claim(route)


def _draft_claim(route: Route) -> Claim:
    route = _lock(route)
    if route.readiness != Readiness.NOW:
        raise ValidationError({"claim": "A claim begins once you have decided you are ready to claim."})
    claim, created = Claim.objects.select_for_update().get_or_create(route=route)
    if created:
        claim.frameworks.set(route.cohort.frameworks.all())
    if claim.locked:
        raise ValidationError({"claim": "This claim is submitted and can no longer be changed."})
    return claim


def _claim_element(claim: Claim, element: Element) -> ClaimEntry:
    if not claim.frameworks.filter(pk=element.domain.framework_id).exists():
        raise ValidationError({"element": "That element is not in this claim's framework."})
    entry, _ = ClaimEntry.objects.get_or_create(claim=claim, element=element)
    return entry


@transaction.atomic
def claim_entry_save(*, route: Route, element: Element, narrative: str, by: Actor | None) -> ClaimEntry:
    claim = _claim_for_edit(route, by)
    entry = _claim_element(claim, element)
    entry.narrative = narrative.strip()
    entry.save(update_fields=["narrative", "updated_at"])
    audit_record(actor=by, action="validation.claim.entry", obj=entry)
    return entry


def _check_evidence(upload: UploadedFile) -> str:
    name = (upload.name or "").lower()
    size = upload.size or 0
    if size > MAX_EVIDENCE_BYTES:
        raise ValidationError({"file": "The file must be smaller than 10MB."})
    if size == 0:
        raise ValidationError({"file": "The selected file is empty."})
    suffix = "." + name.rsplit(".", 1)[-1] if "." in name else ""
    if suffix not in EVIDENCE_KINDS:
        raise ValidationError(
            {"file": "The selected file must be a PDF, Word, PowerPoint, Excel, PNG, JPEG or text file."}
        )
    magic, content_type = EVIDENCE_KINDS[suffix]
    head = upload.read(4096)
    upload.seek(0)
    if magic is not None and not head.startswith(magic):
        raise ValidationError({"file": f"The selected file is not a real {suffix[1:].upper()} file."})
    if magic is None and b"\x00" in head:
        raise ValidationError({"file": "The selected file is not a text file."})
    return content_type


@transaction.atomic
def evidence_add(
    *, route: Route, element: Element, title: str, upload: UploadedFile, by: Actor | None
) -> Evidence:
    """An evidence file for one element: checked for size and type, stored privately."""
    if not title.strip():
        raise ValidationError({"title": "Enter a title for the evidence."})
    content_type = _check_evidence(upload)
    claim = _claim_for_edit(route, by)
    entry = _claim_element(claim, element)
    evidence = Evidence(
        entry=entry,
        title=title.strip()[:200],
        original_name=(upload.name or "evidence")[-255:],
        content_type=content_type,
        size=upload.size or 0,
    )
    evidence.file.save(upload.name or "evidence", upload, save=False)
    evidence.save()
    audit_record(actor=by, action="validation.evidence.add", obj=evidence)
    return evidence


@transaction.atomic
def evidence_remove(*, evidence: Evidence, by: Actor | None) -> None:
    route = evidence.entry.claim.route
    _claim_for_edit(route, by)
    audit_record(actor=by, action="validation.evidence.remove", obj=evidence)
    evidence.file.delete(save=False)
    evidence.delete()


@transaction.atomic
def evidence_open(*, evidence: Evidence, by: Actor) -> Any:
    """The file, for the practitioner, their supporter and their panel only; every read is audited."""
    _require(can_see_evidence(by, evidence.entry.claim.route), "You cannot see this evidence.")
    audit_record(actor=by, action="validation.evidence.read", obj=evidence)
    return evidence.file.open("rb")


def coverage(claim: Claim) -> list[dict[str, Any]]:
    """The coverage map: every element of the claim's frameworks, how well it is evidenced."""
    entries = {e.element_id: e for e in claim.entries.prefetch_related("evidence").select_related("element")}
    rows = []
    elements = (
        Element.objects.filter(domain__framework__in=claim.frameworks.all())
        .select_related("domain__framework")
        .order_by("domain__framework__name", "domain__order", "order")
    )
    for element in elements:
        entry = entries.get(element.pk)
        items = len(entry.evidence.all()) if entry else 0
        has_narrative = bool(entry and entry.narrative)
        if has_narrative and items >= 2:
            status = "strong"
        elif has_narrative and items == 1:
            status = "evidenced"
        elif has_narrative or items:
            status = "partial"
        else:
            status = "missing"
        rows.append(
            {
                "element": element,
                "entry": entry,
                "items": items,
                "narrative": has_narrative,
                "status": status,
                "label": COVERAGE_LABELS[status],
            }
        )
    return rows


COVERAGE_LABELS = {
    "strong": "Well evidenced (narrative and two or more items)",
    "evidenced": "Evidenced (narrative and one item)",
    "partial": "Incomplete (needs a narrative and at least one item)",
    "missing": "Not started",
}


@transaction.atomic
def claim_submit(*, route: Route, by: Actor | None, at: dt.datetime | None = None) -> ClaimSubmission:
    """Every element needs a narrative and at least one item of evidence; submitting locks the claim and
    keeps a numbered copy."""
    claim = _claim_for_edit(route, by)
    rows = coverage(claim)
    gaps = [r["element"] for r in rows if r["status"] in ("missing", "partial")]
    if gaps:
        raise ValidationError(
            {
                "claim": [
                    f"{e.code} {e.name} needs a narrative and at least one item of evidence." for e in gaps
                ]
            }
        )
    moment = _now(at)
    snapshot = {
        "version": claim.version,
        "entries": [
            {
                "element": r["element"].code,
                "framework": r["element"].domain.framework.slug,
                "narrative": r["entry"].narrative,
                "evidence": [
                    {"id": ev.pk, "title": ev.title, "name": ev.original_name, "size": ev.size}
                    for ev in r["entry"].evidence.all()
                ],
            }
            for r in rows
        ],
    }
    submission = ClaimSubmission.objects.create(
        claim=claim, version=claim.version, submitted_at=moment, snapshot=snapshot
    )
    claim.locked = True
    claim.save(update_fields=["locked", "updated_at"])
    Route.objects.filter(pk=route.pk).update(claim_submitted_at=moment, updated_at=moment)
    audit_record(actor=by, action="validation.claim.submit", obj=claim, version=claim.version)
    return submission


@transaction.atomic
def claim_move_version(
    *, route: Route, source: Framework, target: Framework, by: Actor | None
) -> list[Element]:
    """Move an unsubmitted claim from one framework version to another through the mapping: each entry
    (narrative and evidence) goes to its mapped element. Returns the old elements with no mapping (their
    entries stay, outside the claim's frameworks, for the practitioner to copy from). The practitioner or
    the programme team may move it."""
    _system_or(by, can_move_claim(by, route), "Only the practitioner or the programme team can move a claim.")
    claim = _draft_claim(route)
    if source.pk == target.pk:
        raise ValidationError({"target": "Choose a different framework version to move to."})
    if not claim.frameworks.filter(pk=source.pk).exists():
        raise ValidationError({"source": "The claim does not use that framework."})
    unmapped = []
    for entry in claim.entries.filter(element__domain__framework=source).select_related("element"):
        mapping = ElementMapping.objects.filter(
            source=entry.element, target__domain__framework=target
        ).first()
        if mapping is None:
            unmapped.append(entry.element)
            continue
        new_entry, _ = ClaimEntry.objects.get_or_create(claim=claim, element=mapping.target)
        new_entry.narrative = "\n\n".join(x for x in (new_entry.narrative, entry.narrative) if x)
        new_entry.save(update_fields=["narrative", "updated_at"])
        entry.evidence.update(entry=new_entry)
        entry.delete()
    claim.frameworks.remove(source)
    claim.frameworks.add(target)
    audit_record(actor=by, action="validation.claim.move", obj=claim, source=source.pk, target=target.pk)
    return unmapped


# --- Step 6: panel, reviews, moderation, interview, decision ----------------------------------------


def conflict_reason(route: Route, person: Person) -> str | None:
    """Why `person` may not sit on `route`'s panel, or None."""
    practitioner = route.person
    if person.pk == practitioner.pk:
        return "A practitioner cannot sit on their own panel."
    if route.supporter_id == person.pk:
        return "The practitioner's supporter cannot sit on their panel."
    if practitioner.organisation_id is not None and person.organisation_id == practitioner.organisation_id:
        return f"{person.full_name} works in the practitioner's organisation."
    if person.pk in line_chain_ids(practitioner):
        return f"{person.full_name} is in the practitioner's line-management chain."
    return None


@transaction.atomic
def panel_member_add(
    *, route: Route, person: Person, kind: str, conflict_declaration: str, by: Actor | None
) -> PanelMember:
    _system_or(by, can_manage_cohort(by, route.cohort), "Only the programme team forms panels.")
    route = _lock(route)
    errors: dict[str, str] = {}
    if kind not in PanelMember.Kind.values:
        errors["kind"] = "Choose peer or expert."
    if not conflict_declaration.strip():
        errors["conflict_declaration"] = "Record the panel member's declaration of interests (or 'None')."
    reason = conflict_reason(route, person)
    if reason:
        errors["person"] = reason
    elif route.panel.filter(person=person).exists():
        errors["person"] = f"{person.full_name} is already on this panel."
    if route.moderated_at is not None:
        errors["person"] = "The panel has already moderated this claim."
    if errors:
        raise ValidationError(errors)
    member = PanelMember.objects.create(
        route=route, person=person, kind=kind, conflict_declaration=conflict_declaration.strip()
    )
    entry = audit_record(actor=by, action="validation.panel.add", obj=member)
    outbox_enqueue(
        key=f"validation.panel:{member.pk}:added:{entry.pk}",
        to=person.email,
        subject="You are on a validation panel",
        body=(
            f"Dear {person.given_name},\n\nYou are on the panel for a claim of practice in "
            f"{route.cohort.name}. Your review is independent: you will see the other panel members' "
            "ratings once everyone has submitted.\n"
        ),
    )
    return member


def _member(route: Route, by: Actor | None) -> PanelMember:
    person = person_of(by)
    member = route.panel.filter(person=person).first() if person else None
    if member is None:
        raise PermissionDenied("Only members of this claim's panel can do this.")
    return member


def _seat(route: Route, by: Actor | None, member: PanelMember | None) -> PanelMember:
    """The acting panel member's seat; the system (by=None, demo data) names the seat instead."""
    if by is None:
        if member is None or member.route_id != route.pk:
            raise ValidationError({"member": "Name the panel member's seat on this claim."})
        seat = member
    else:
        _require(can_review(by, route), "Only this claim's panel reviews it, once it is submitted.")
        seat = _member(route, by)
    if route.claim_submitted_at is None:
        raise ValidationError({"rating": "The claim is not submitted yet."})
    return PanelMember.objects.select_for_update().get(pk=seat.pk)


@transaction.atomic
def review_save(
    *,
    route: Route,
    element: Element,
    rating: int,
    comment: str = "",
    by: Actor | None,
    member: PanelMember | None = None,
) -> Review:
    seat = _seat(route, by, member)
    if seat.reviews_submitted_at is not None:
        raise ValidationError({"rating": "You have submitted your review; it can no longer be changed."})
    if rating not in Rating.values:
        raise ValidationError({"rating": "Choose a rating."})
    claim = route.claim
    if not claim.frameworks.filter(pk=element.domain.framework_id).exists():
        raise ValidationError({"element": "That element is not in this claim."})
    review, _ = Review.objects.update_or_create(
        member=seat, element=element, defaults={"rating": rating, "comment": comment.strip()}
    )
    audit_record(actor=by, action="validation.review.save", obj=review)
    return review


@transaction.atomic
def reviews_submit(
    *, route: Route, by: Actor | None, member: PanelMember | None = None, at: dt.datetime | None = None
) -> PanelMember:
    seat = _seat(route, by, member)
    rated = set(seat.reviews.values_list("element_id", flat=True))
    needed = {row["element"].pk for row in coverage(route.claim)}
    if needed - rated:
        raise ValidationError({"rating": f"Rate every element first: {len(needed - rated)} not rated."})
    seat.reviews_submitted_at = seat.reviews_submitted_at or _now(at)
    seat.save(update_fields=["reviews_submitted_at", "updated_at"])
    audit_record(actor=by, action="validation.review.submit", obj=seat)
    return seat


def all_reviews_in(route: Route) -> bool:
    panel = list(route.panel.all())
    return len(panel) >= 2 and all(m.reviews_submitted_at for m in panel)


def ratings_table(route: Route) -> list[list[int]]:
    """One row per element: each panel member's rating, in panel order."""
    panel = list(route.panel.order_by("pk"))
    by_member = {m.pk: dict(m.reviews.values_list("element_id", "rating")) for m in panel}
    elements = [row["element"].pk for row in coverage(route.claim)]
    return [[by_member[m.pk][e] for m in panel] for e in elements]


@transaction.atomic
def moderation_save(
    *,
    route: Route,
    ratings: Mapping[int, int],
    expected_version: int,
    by: Actor | None,
    at: dt.datetime | None = None,
) -> Route:
    """The panel's agreed rating per element, with the inter-rater agreement of their independent
    reviews. Refused if another moderator saved since `expected_version` was read."""
    _require(by is None or can_moderate(by, route), "Only this claim's panel moderates it.")
    route = _lock(route)
    if route.moderation_version != expected_version:
        raise ValidationError(
            {"version": "Another panel member saved the moderation since you opened it. Reload and check."}
        )
    if not all_reviews_in(route):
        raise ValidationError({"ratings": "Moderation starts once every panel member has submitted."})
    elements = {row["element"].pk for row in coverage(route.claim)}
    errors = []
    if set(ratings) != elements:
        errors.append("Give an agreed rating for every element.")
    if any(v not in Rating.values for v in ratings.values()):
        errors.append("Choose a rating from the list.")
    if errors:
        raise ValidationError({"ratings": errors})
    for element_id, rating in ratings.items():
        ModeratedRating.objects.update_or_create(
            route=route, element_id=element_id, defaults={"rating": rating}
        )
    result = agreement(ratings_table(route))
    route.agreement_percent = Decimal(str(round(result.percent, 1)))
    route.agreement_kappa = None if result.kappa is None else Decimal(str(round(result.kappa, 3)))
    route.agreement_base = result.base
    route.moderated_at = _now(at)
    route.moderation_version = F("moderation_version") + 1
    route.save()
    route.refresh_from_db()
    audit_record(actor=by, action="validation.moderation.save", obj=route, version=route.moderation_version)
    return route


@transaction.atomic
def interview_schedule(*, route: Route, at: dt.datetime, place: str, by: Actor | None) -> Route:
    _system_or(by, can_decide(by, route), "Only the panel or the programme team schedules the interview.")
    route = _lock(route)
    if route.moderated_at is None:
        raise ValidationError({"at": "The interview follows moderation."})
    route.interview_at = at
    route.interview_place = place.strip()
    route.save(update_fields=["interview_at", "interview_place", "updated_at"])
    entry = audit_record(actor=by, action="validation.interview.schedule", obj=route)
    outbox_enqueue(
        key=f"validation.route:{route.pk}:interview:{entry.pk}",
        to=route.person.email,
        subject="Your validation interview",
        body=(
            f"Dear {route.person.given_name},\n\nYour developmental validation interview with the panel "
            f"is on {long_date(at)} ({place.strip() or 'place to follow'}).\n"
        ),
    )
    return route


@transaction.atomic
def interview_record(*, route: Route, notes: str, by: Actor | None, at: dt.datetime | None = None) -> Route:
    _system_or(by, can_decide(by, route), "Only the panel or the programme team records the interview.")
    route = _lock(route)
    if route.interview_at is None:
        raise ValidationError({"notes": "Schedule the interview first."})
    if not notes.strip():
        raise ValidationError({"notes": "Record what the interview found."})
    route.interview_notes = notes.strip()
    route.interview_recorded_at = _now(at)
    route.save(update_fields=["interview_notes", "interview_recorded_at", "updated_at"])
    audit_record(actor=by, action="validation.interview.record", obj=route)
    return route


@transaction.atomic
def route_decision(
    *, route: Route, outcome: str, feedback: str = "", by: Actor | None, at: dt.datetime | None = None
) -> Route:
    """The decision. System OD Leader or Practitioner issues the credential (when the credentials app
    is installed); developmental feedback needs the feedback written."""
    _system_or(by, can_decide(by, route), "Only the panel or the programme team records the decision.")
    route = _lock(route)
    if route.interview_recorded_at is None:
        raise ValidationError({"outcome": "The decision follows the interview."})
    if route.outcome:
        raise ValidationError({"outcome": "The decision is already recorded."})
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": "Choose the decision."})
    if outcome == Outcome.DEVELOPMENTAL and not feedback.strip():
        raise ValidationError({"feedback": "Write the developmental feedback."})
    route.outcome = outcome
    route.outcome_feedback = feedback.strip()
    route.outcome_at = _now(at)
    route.save(update_fields=["outcome", "outcome_feedback", "outcome_at", "updated_at"])
    entry = audit_record(actor=by, action="validation.route.decision", obj=route, outcome=outcome)
    if outcome in (Outcome.LEADER, Outcome.PRACTITIONER):
        from .credentials import issue_for

        route.credential_id = issue_for(route, by=by).pk
        route.save(update_fields=["credential_id", "updated_at"])
    outbox_enqueue(
        key=f"validation.route:{route.pk}:decision:{entry.pk}",
        to=route.person.email,
        subject="The panel's decision on your claim",
        body=(
            f"Dear {route.person.given_name},\n\nThe panel's decision: {Outcome(outcome).label}. "
            "You can read it on your route page"
            + (", and download your certificate there.\n" if route.credential_id else ".\n")
        ),
    )
    return route
