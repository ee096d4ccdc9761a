"""Every write to an ICS leadership and OD plan. A version is edited only while it is a draft; each edit
names the `revision` its author saw and is refused if someone else saved since (the version check), and
bumps it. Publishing freezes the version; a review copies the newest version into a new draft."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from academy.core.audit import audit_record
from academy.core.types import Actor
from academy.offers.models import Offer
from academy.people.models import ICS, Organisation

from ..models.plans import Activity, Pillar, Plan, PlanVersion, Workstream, financial_year
from ..permissions import can_edit_system_record, person_of

__all__ = [
    "clean_timeline",
    "activity_add",
    "activity_remove",
    "activity_update",
    "pillar_add",
    "pillar_remove",
    "plan_create",
    "plan_publish",
    "plan_review",
    "plan_version_update",
    "workstream_add",
]

EARLIEST_YEAR, LATEST_YEAR = 2000, 2100
MAX_YEARS = 10


def _require_editor(by: Actor | None, ics_id: int) -> None:
    if by is not None and not can_edit_system_record(by, ics_id):
        raise PermissionDenied("Only the system's own OD lead can change its plan.")


def _lines(values: Iterable[str]) -> list[str]:
    return [value.strip() for value in values if value and value.strip()]


def _check_years(start_year: int, end_year: int) -> None:
    errors = {}
    if not EARLIEST_YEAR <= start_year <= LATEST_YEAR:
        errors["start_year"] = f"Enter a first year between {EARLIEST_YEAR} and {LATEST_YEAR}."
    if end_year < start_year:
        errors["end_year"] = "The last year must be the same as or after the first year."
    elif end_year - start_year + 1 > MAX_YEARS:
        errors["end_year"] = f"A plan covers at most {MAX_YEARS} financial years."
    if errors:
        raise ValidationError(errors)


def _edit(version: PlanVersion, revision: int | None, by: Actor | None) -> PlanVersion:
    """Lock the draft, check nobody saved since `revision` (None: the system itself, demo data), and
    count this edit."""
    _require_editor(by, version.plan.ics_id)
    locked = PlanVersion.objects.select_for_update().select_related("plan").get(pk=version.pk)
    if locked.status != PlanVersion.Status.DRAFT:
        raise ValidationError(
            {"version": f"Version {locked.number} is published and can never change. Start a review instead."}
        )
    if revision is not None and revision != locked.revision:
        raise ValidationError(
            {
                "revision": "Someone else changed this plan after you opened it. "
                "Your changes were not saved: reload the plan to see theirs, then make yours again."
            }
        )
    locked.revision += 1
    locked.save(update_fields=["revision", "updated_at"])
    return locked


@transaction.atomic
def plan_create(
    *,
    ics: ICS,
    title: str,
    start_year: int,
    end_year: int,
    introduction: str = "",
    priorities: Iterable[str] = (),
    aims: Iterable[str] = (),
    governance_group: str = "",
    governance: str = "",
    conclusion: str = "",
    partners: Iterable[Organisation] = (),
    by: Actor | None,
) -> Plan:
    """A plan and its first draft version. By None: the system (demo data)."""
    _require_editor(by, ics.pk)
    if not title.strip():
        raise ValidationError({"title": "Enter the plan's title."})
    _check_years(start_year, end_year)
    plan = Plan.objects.create(ics=ics, title=title.strip())
    version = PlanVersion.objects.create(
        plan=plan,
        number=1,
        start_year=start_year,
        end_year=end_year,
        introduction=introduction.strip(),
        priorities=_lines(priorities),
        aims=_lines(aims),
        governance_group=governance_group.strip(),
        governance=governance.strip(),
        conclusion=conclusion.strip(),
    )
    version.partners.set(list(partners))
    audit_record(actor=by, action="systems.plan.create", obj=plan)
    return plan


VERSION_FIELDS = ("introduction", "governance_group", "governance", "conclusion", "review_note")


@transaction.atomic
def plan_version_update(
    *,
    version: PlanVersion,
    revision: int | None,
    by: Actor | None,
    start_year: int | None = None,
    end_year: int | None = None,
    priorities: Iterable[str] | None = None,
    aims: Iterable[str] | None = None,
    partners: Iterable[Organisation] | None = None,
    **fields: str,
) -> PlanVersion:
    unknown = set(fields) - set(VERSION_FIELDS)
    if unknown:
        raise TypeError(f"not a plan field: {sorted(unknown)}")
    version = _edit(version, revision, by)
    start = version.start_year if start_year is None else start_year
    end = version.end_year if end_year is None else end_year
    _check_years(start, end)
    outside = [
        activity.title
        for activity in Activity.objects.filter(workstream__version=version)
        if any(not start <= int(year) <= end for year in activity.timeline)
    ]
    if outside:
        raise ValidationError(
            {
                "end_year" if end_year is not None else "start_year": (
                    f"{', '.join(outside)} would fall outside {financial_year(start)} to "
                    f"{financial_year(end)}. Move those activities first."
                )
            }
        )
    version.start_year, version.end_year = start, end
    if priorities is not None:
        version.priorities = _lines(priorities)
    if aims is not None:
        version.aims = _lines(aims)
    for name, value in fields.items():
        setattr(version, name, value.strip())
    version.save()
    if partners is not None:
        version.partners.set(list(partners))
    audit_record(actor=by, action="systems.plan_version.update", obj=version)
    return version


@transaction.atomic
def pillar_add(
    *,
    version: PlanVersion,
    revision: int | None,
    title: str,
    commitments: Iterable[str] = (),
    by: Actor | None,
) -> Pillar:
    version = _edit(version, revision, by)
    if not title.strip():
        raise ValidationError({"title": "Enter the pillar's name."})
    if version.pillars.filter(title__iexact=title.strip()).exists():
        raise ValidationError({"title": f"The plan already has a pillar called {title.strip()}."})
    pillar = Pillar.objects.create(
        version=version,
        title=title.strip(),
        commitments=_lines(commitments),
        position=version.pillars.count() + 1,
    )
    audit_record(actor=by, action="systems.pillar.add", obj=pillar)
    return pillar


@transaction.atomic
def pillar_remove(*, pillar: Pillar, revision: int | None, by: Actor | None) -> None:
    _edit(pillar.version, revision, by)
    audit_record(actor=by, action="systems.pillar.remove", obj=pillar)
    pillar.delete()


@transaction.atomic
def workstream_add(
    *, version: PlanVersion, revision: int | None, title: str, description: str = "", by: Actor | None
) -> Workstream:
    version = _edit(version, revision, by)
    if not title.strip():
        raise ValidationError({"title": "Enter the workstream's name."})
    if version.workstreams.filter(title__iexact=title.strip()).exists():
        raise ValidationError({"title": f"The plan already has a workstream called {title.strip()}."})
    workstream = Workstream.objects.create(
        version=version,
        title=title.strip(),
        description=description.strip(),
        position=version.workstreams.count() + 1,
    )
    audit_record(actor=by, action="systems.workstream.add", obj=workstream)
    return workstream


def clean_timeline(version: PlanVersion, timeline: Mapping[Any, str]) -> dict[str, str]:
    """The activity's marks by financial year, checked against the plan's years: a milestone (★) in a
    year, or continuing (→) from the year before."""
    marks: dict[str, str] = {}
    for year, mark in timeline.items():
        if not mark:
            continue
        try:
            start = int(year)
        except (TypeError, ValueError):
            raise ValidationError({"timeline": f"{year} is not a financial year."}) from None
        if mark not in Activity.Mark.values:
            raise ValidationError({"timeline": "Mark a year as a milestone (★) or as continuing (→)."})
        if not version.start_year <= start <= version.end_year:
            raise ValidationError(
                {
                    "timeline": f"{financial_year(start)} is outside the plan's years "
                    f"({version.period}). Choose a year the plan covers."
                }
            )
        marks[str(start)] = mark
    if not marks:
        raise ValidationError({"timeline": "Place the activity on the timeline: mark at least one year."})
    for year, mark in marks.items():
        if mark == Activity.Mark.CONTINUING and str(int(year) - 1) not in marks:
            raise ValidationError(
                {
                    "timeline": f"An activity can only continue (→) in {financial_year(int(year))} "
                    f"if it is on the timeline in {financial_year(int(year) - 1)}."
                }
            )
    return dict(sorted(marks.items()))


def _check_offers(offers: Iterable[Offer]) -> list[Offer]:
    offers = list(offers)
    if any(offer.status != Offer.Status.PUBLISHED for offer in offers):
        raise ValidationError({"offers": "Link only offers that are published."})
    return offers


ACTIVITY_FIELDS = ("title", "description", "owner", "status")


@transaction.atomic
def activity_add(
    *,
    workstream: Workstream,
    revision: int | None,
    title: str,
    timeline: Mapping[Any, str],
    owner: str = "",
    status: str = Activity.Status.PLANNED,
    description: str = "",
    offers: Iterable[Offer] = (),
    coaching_hub: bool = False,
    by: Actor | None,
) -> Activity:
    version = _edit(workstream.version, revision, by)
    if not title.strip():
        raise ValidationError({"title": "Enter the activity's name."})
    if workstream.activities.filter(title__iexact=title.strip()).exists():
        raise ValidationError(
            {"title": f"{workstream.title} already has an activity called {title.strip()}."}
        )
    if status not in Activity.Status.values:
        raise ValidationError({"status": "Choose the activity's status."})
    activity = Activity.objects.create(
        workstream=workstream,
        title=title.strip(),
        description=description.strip(),
        owner=owner.strip(),
        status=status,
        timeline=clean_timeline(version, timeline),
        coaching_hub=coaching_hub,
        position=workstream.activities.count() + 1,
    )
    activity.offers.set(_check_offers(offers))
    audit_record(actor=by, action="systems.activity.add", obj=activity)
    return activity


@transaction.atomic
def activity_update(
    *,
    activity: Activity,
    revision: int | None,
    by: Actor | None,
    timeline: Mapping[Any, str] | None = None,
    offers: Iterable[Offer] | None = None,
    coaching_hub: bool | None = None,
    **fields: str,
) -> Activity:
    unknown = set(fields) - set(ACTIVITY_FIELDS)
    if unknown:
        raise TypeError(f"not an activity field: {sorted(unknown)}")
    version = _edit(activity.workstream.version, revision, by)
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if "title" in fields:
        title = fields["title"].strip()
        if not title:
            raise ValidationError({"title": "Enter the activity's name."})
        if activity.workstream.activities.filter(title__iexact=title).exclude(pk=activity.pk).exists():
            raise ValidationError({"title": f"The workstream already has an activity called {title}."})
    if "status" in fields and fields["status"] not in Activity.Status.values:
        raise ValidationError({"status": "Choose the activity's status."})
    for name, value in fields.items():
        setattr(activity, name, value.strip())
    if timeline is not None:
        activity.timeline = clean_timeline(version, timeline)
    if coaching_hub is not None:
        activity.coaching_hub = coaching_hub
    activity.save()
    if offers is not None:
        activity.offers.set(_check_offers(offers))
    audit_record(actor=by, action="systems.activity.update", obj=activity)
    return activity


@transaction.atomic
def activity_remove(*, activity: Activity, revision: int | None, by: Actor | None) -> None:
    _edit(activity.workstream.version, revision, by)
    audit_record(actor=by, action="systems.activity.remove", obj=activity)
    activity.delete()


@transaction.atomic
def plan_publish(*, version: PlanVersion, revision: int | None, by: Actor | None) -> PlanVersion:
    """Freeze the draft for ever: from now on it is what everyone reads, and changes need a review."""
    version = _edit(version, revision, by)
    if not version.pillars.exists() and not version.workstreams.exists():
        raise ValidationError({"version": "Add the plan's pillars or workstreams before publishing it."})
    version.status = PlanVersion.Status.PUBLISHED
    version.published_at = timezone.now()
    version.published_by = person_of(by) if by is not None else None
    version.save(update_fields=["status", "published_at", "published_by", "updated_at"])
    audit_record(actor=by, action="systems.plan_version.publish", obj=version, number=version.number)
    return version


@transaction.atomic
def plan_review(*, plan: Plan, by: Actor | None, review_note: str = "") -> PlanVersion:
    """The annual review: a new draft version, a copy of the newest published one, to change and publish."""
    _require_editor(by, plan.ics_id)
    Plan.objects.select_for_update().get(pk=plan.pk)
    versions = list(plan.versions.order_by("-number"))
    if any(v.status == PlanVersion.Status.DRAFT for v in versions):
        raise ValidationError({"plan": "A review is already under way: finish and publish that draft first."})
    last = versions[0]
    new = PlanVersion.objects.create(
        plan=plan,
        number=last.number + 1,
        start_year=last.start_year,
        end_year=last.end_year,
        introduction=last.introduction,
        priorities=list(last.priorities),
        aims=list(last.aims),
        governance_group=last.governance_group,
        governance=last.governance,
        conclusion=last.conclusion,
        review_note=review_note.strip(),
    )
    new.partners.set(list(last.partners.all()))
    Pillar.objects.bulk_create(
        Pillar(version=new, position=p.position, title=p.title, commitments=list(p.commitments))
        for p in last.pillars.all()
    )
    for workstream in last.workstreams.prefetch_related("activities__offers"):
        copy = Workstream.objects.create(
            version=new,
            position=workstream.position,
            title=workstream.title,
            description=workstream.description,
        )
        for activity in workstream.activities.all():
            Activity.objects.create(
                workstream=copy,
                position=activity.position,
                title=activity.title,
                description=activity.description,
                owner=activity.owner,
                status=activity.status,
                timeline=dict(activity.timeline),
                coaching_hub=activity.coaching_hub,
            ).offers.set(list(activity.offers.all()))
    audit_record(actor=by, action="systems.plan.review", obj=new, number=new.number)
    return new
