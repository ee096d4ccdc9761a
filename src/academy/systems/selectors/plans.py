"""Reads of plans, their versions and charters, scoped for the acting user: an ICS's own OD lead sees its
drafts; everyone who may read published records sees only what was published."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404

from ..models.charters import Charter, Signature
from ..models.plans import Activity, Plan, PlanVersion, Workstream, financial_year
from ..permissions import can_edit_system_record, can_read_charter, led_ics_ids, may_read_published, person_of

__all__ = [
    "Change",
    "charter_get",
    "charter_signatures_by_organisation",
    "charters_for",
    "my_signature",
    "plan_diff",
    "plan_get",
    "plan_versions",
    "plans_for",
    "version_content",
    "version_get",
    "versions_for",
]


def _editable_q(user: Any, prefix: str = "") -> Q:
    ids = led_ics_ids(user)
    if ids is None:
        return Q()
    return Q(**{f"{prefix}ics_id__in": ids})


def plans_for(user: Any) -> QuerySet[Plan]:
    """The plans of the systems the user leads, and every other plan that has a published version."""
    if not getattr(user, "is_authenticated", False):
        return Plan.objects.none()
    published = PlanVersion.objects.filter(plan=OuterRef("pk"), status=PlanVersion.Status.PUBLISHED)
    plans = Plan.objects.select_related("ics").annotate(has_published=Exists(published))
    ids = led_ics_ids(user)
    if ids is None:
        return plans
    published_ics = set(plans.filter(has_published=True).values_list("ics_id", flat=True))
    readable = [ics_id for ics_id in published_ics if may_read_published(user, ics_id)]
    return plans.filter(Q(ics_id__in=ids) | Q(has_published=True, ics_id__in=readable))


def plan_get(user: Any, pk: int) -> Plan:
    plan = plans_for(user).filter(pk=pk).first()
    if plan is None:
        raise Http404("No such plan")
    return plan


def versions_for(user: Any) -> QuerySet[PlanVersion]:
    """Every version the user may read: all of the systems they lead, the published ones of other plans."""
    plans = plans_for(user)
    versions = PlanVersion.objects.filter(plan__in=plans).select_related("plan")
    ids = led_ics_ids(user)
    if ids is None:
        return versions
    return versions.filter(Q(plan__ics_id__in=ids) | Q(status=PlanVersion.Status.PUBLISHED))


def plan_versions(user: Any, plan: Plan) -> list[PlanVersion]:
    """Newest first; drafts only for those who may edit."""
    versions = plan.versions.select_related("published_by").order_by("-number")
    if not can_edit_system_record(user, plan.ics_id):
        versions = versions.filter(status=PlanVersion.Status.PUBLISHED)
    return list(versions)


def version_get(user: Any, plan: Plan, number: int | None = None) -> PlanVersion:
    """A version by number, or the one to show: the draft for those who edit it, else the newest published."""
    versions = plan_versions(user, plan)
    if number is None:
        chosen = versions[0] if versions else None
    else:
        chosen = next((v for v in versions if v.number == number), None)
    if chosen is None:
        raise Http404("No such version")
    return version_content(chosen)


def version_content(version: PlanVersion) -> PlanVersion:
    """The version with everything a page or print reads, in a fixed number of queries."""
    return (
        PlanVersion.objects.select_related("plan__ics", "published_by")
        .prefetch_related(
            "partners",
            "pillars",
            Prefetch(
                "workstreams",
                queryset=Workstream.objects.prefetch_related(
                    Prefetch("activities", queryset=Activity.objects.prefetch_related("offers"))
                ),
            ),
        )
        .get(pk=version.pk)
    )


@dataclass
class Change:
    """One item that differs between two versions."""

    kind: str  # "Priority", "Pillar", "Activity", ...
    item: str
    change: str  # "added", "removed", "changed"
    details: list[str] = field(default_factory=list)


def _timeline_text(timeline: dict[str, str]) -> str:
    marks = {"milestone": "★", "continuing": "→"}
    return (
        ", ".join(f"{financial_year(int(y))} {marks.get(m, m)}" for y, m in sorted(timeline.items()))
        or "none"
    )


def _list_changes(kind: str, old: list[str], new: list[str]) -> list[Change]:
    return [Change(kind, item, "removed") for item in old if item not in new] + [
        Change(kind, item, "added") for item in new if item not in old
    ]


def plan_diff(old: PlanVersion, new: PlanVersion) -> list[Change]:
    """What changed from `old` to `new`, item by item: pillars, workstreams and activities are matched by
    their names, so a renamed item shows as one removed and one added."""
    old, new = version_content(old), version_content(new)
    changes: list[Change] = []
    if (old.start_year, old.end_year) != (new.start_year, new.end_year):
        changes.append(Change("Years", "The plan's years", "changed", [f"{old.period} → {new.period}"]))
    changes += _list_changes("Priority", old.priorities, new.priorities)
    changes += _list_changes("Aim", old.aims, new.aims)
    changes += _list_changes(
        "Partner organisation",
        [o.name for o in old.partners.all()],
        [o.name for o in new.partners.all()],
    )
    if old.governance_group != new.governance_group:
        changes.append(
            Change(
                "Governance",
                "Governance group",
                "changed",
                [f"{old.governance_group} → {new.governance_group}"],
            )
        )
    for name, label in (
        ("introduction", "Introduction"),
        ("governance", "Governance"),
        ("conclusion", "Conclusion"),
    ):
        if getattr(old, name) != getattr(new, name):
            changes.append(Change("Text", label, "changed", ["The text was rewritten."]))

    old_pillars = {p.title: p for p in old.pillars.all()}
    new_pillars = {p.title: p for p in new.pillars.all()}
    for title, pillar in old_pillars.items():
        if title not in new_pillars:
            changes.append(Change("Pillar", title, "removed"))
        elif pillar.commitments != new_pillars[title].commitments:
            gone = [c for c in pillar.commitments if c not in new_pillars[title].commitments]
            came = [c for c in new_pillars[title].commitments if c not in pillar.commitments]
            changes.append(
                Change(
                    "Pillar",
                    title,
                    "changed",
                    [f"Commitment removed: {c}" for c in gone] + [f"Commitment added: {c}" for c in came],
                )
            )
    changes += [Change("Pillar", title, "added") for title in new_pillars if title not in old_pillars]

    old_streams = {w.title: w for w in old.workstreams.all()}
    new_streams = {w.title: w for w in new.workstreams.all()}
    changes += [Change("Workstream", t, "removed") for t in old_streams if t not in new_streams]
    changes += [Change("Workstream", t, "added") for t in new_streams if t not in old_streams]
    old_acts = {(w.title, a.title): a for w in old_streams.values() for a in w.activities.all()}
    new_acts = {(w.title, a.title): a for w in new_streams.values() for a in w.activities.all()}
    for key, before in old_acts.items():
        label = f"{key[1]} ({key[0]})"
        after = new_acts.get(key)
        if after is None:
            changes.append(Change("Activity", label, "removed"))
            continue
        details = []
        if before.get_status_display() != after.get_status_display():
            details.append(f"Status: {before.get_status_display()} → {after.get_status_display()}")
        if before.owner != after.owner:
            details.append(f"Owner: {before.owner or 'none'} → {after.owner or 'none'}")
        if before.timeline != after.timeline:
            details.append(f"Timeline: {_timeline_text(before.timeline)} → {_timeline_text(after.timeline)}")
        if before.description != after.description:
            details.append("Description rewritten")
        before_offers = sorted(o.title for o in before.offers.all())
        after_offers = sorted(o.title for o in after.offers.all())
        if before_offers != after_offers or before.coaching_hub != after.coaching_hub:
            details.append("Linked offers changed")
        if details:
            changes.append(Change("Activity", label, "changed", details))
    changes += [Change("Activity", f"{k[1]} ({k[0]})", "added") for k in new_acts if k not in old_acts]
    return changes


# --- Charters -------------------------------------------------------------------------------------


def charters_for(user: Any) -> QuerySet[Charter]:
    if not getattr(user, "is_authenticated", False):
        return Charter.objects.none()
    charters = Charter.objects.select_related("ics").annotate(signed=Count("signatures"))
    ids = led_ics_ids(user)
    if ids is None:
        return charters
    return charters.filter(Q(ics_id__in=ids) | Q(status=Charter.Status.PUBLISHED))


def charter_get(user: Any, pk: int) -> Charter:
    charter = charters_for(user).filter(pk=pk).first()
    if charter is None or not can_read_charter(user, charter):
        raise Http404("No such charter")
    return charter


def charter_signatures_by_organisation(charter: Charter) -> list[dict[str, Any]]:
    """How many leaders from which organisations have signed, most first."""
    rows = (
        charter.signatures.values("organisation__name")
        .annotate(leaders=Count("pk"))
        .order_by("-leaders", "organisation__name")
    )
    return [
        {"organisation": r["organisation__name"] or "No organisation recorded", "leaders": r["leaders"]}
        for r in rows
    ]


def my_signature(user: Any, charter: Charter) -> Signature | None:
    person = person_of(user)
    if person is None:
        return None
    return charter.signatures.filter(person=person).first()
