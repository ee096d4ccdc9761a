"""Every read for interchange, scoped to the acting user through `permissions.py`."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from academy.people.models import ICS, Academy, Person, Sector
from academy.people.selectors import line_chain_pairs
from academy.reporting.arithmetic import Proportion
from academy.reporting.periods import Period

from .matching_runs import hard_rule_broken, host_of, seeker_of
from .models import Arrangement, LearningRequest, MatchingRun, Opportunity, Reflection
from .permissions import (
    can_manage_interchange,
    can_manage_run,
    can_view_arrangement,
    can_view_request,
    managed_academy_ids,
    person_of,
)

ARRANGEMENT_RELATED = ("opportunity__host", "opportunity__organisation__ics", "learner__organisation__ics")


def academies_managed(user: Any) -> QuerySet[Academy]:
    ids = managed_academy_ids(user)
    academies = Academy.objects.order_by("name")
    return academies if ids is None else academies.filter(pk__in=ids)


def academy_managed_get(user: Any, academy_id: int) -> Academy:
    academy = Academy.objects.filter(pk=academy_id).first()
    if academy is None or not can_manage_interchange(user, academy.pk):
        raise Http404("No such interchange scheme")
    return academy


def schemes(user: Any) -> QuerySet[Academy]:
    """Academies whose scheme one may offer to or ask in: every academy (anyone may take any academy's)."""
    return Academy.objects.order_by("name")


def open_opportunities(user: Any, *, kind: str = "") -> list[Opportunity]:
    """Open opportunities with a place left that the user may ask for: never their own, never one whose
    host is in their line-management chain, never their own organisation where the host says so. The
    ones left out are simply not listed, so nobody learns a reporting line from the list."""
    person = person_of(user)
    rows = (
        Opportunity.objects.filter(status=Opportunity.Status.OPEN)
        .select_related("organisation__ics", "academy", "host")
        .order_by("starts_on", "title", "id")
    )
    if kind:
        rows = rows.filter(kind=kind)
    opportunities = [o for o in rows if o.places_left > 0]
    if person is None:
        return []
    me = Person.objects.select_related("organisation").get(pk=person.pk)
    seeker = seeker_of(LearningRequest(academy_id=0, person=me, kinds=[], id=0))
    chains = line_chain_pairs({me.pk} | {o.host_id for o in opportunities})
    return [o for o in opportunities if not hard_rule_broken(seeker, host_of(o), chains)]


def open_to(user: Any, opportunity: Opportunity) -> bool:
    """May `user` ask for a place on this one: open, a place left, and no hard rule in the way."""
    person = person_of(user)
    if person is None or opportunity.status != Opportunity.Status.OPEN or opportunity.places_left == 0:
        return False
    me = Person.objects.select_related("organisation").get(pk=person.pk)
    seeker = seeker_of(LearningRequest(academy_id=0, person=me, kinds=[], id=0))
    chains = line_chain_pairs([me.pk, opportunity.host_id])
    return not hard_rule_broken(seeker, host_of(opportunity), chains)


def opportunity_get(user: Any, pk: int) -> Opportunity:
    """An open opportunity for anyone signed in; a closed one for its host and the academy's team."""
    opportunity = (
        Opportunity.objects.select_related("organisation__ics", "academy", "host").filter(pk=pk).first()
    )
    if opportunity is None or not getattr(user, "is_authenticated", False):
        raise Http404("No such opportunity")
    person = person_of(user)
    mine = person is not None and person.pk == opportunity.host_id
    if opportunity.status != Opportunity.Status.OPEN and not (
        mine or can_manage_interchange(user, opportunity.academy_id)
    ):
        raise Http404("No such opportunity")
    return opportunity


def hosting(user: Any) -> QuerySet[Opportunity]:
    person = person_of(user)
    if person is None:
        return Opportunity.objects.none()
    return Opportunity.objects.filter(host=person).select_related("organisation", "academy")


def my_requests(user: Any) -> QuerySet[LearningRequest]:
    person = person_of(user)
    if person is None:
        return LearningRequest.objects.none()
    return LearningRequest.objects.filter(person=person).select_related("academy")


def request_get(user: Any, pk: int) -> LearningRequest:
    request = LearningRequest.objects.select_related("person", "academy").filter(pk=pk).first()
    if request is None or not can_view_request(user, request):
        raise Http404("No such request")
    return request


def my_arrangements(user: Any) -> QuerySet[Arrangement]:
    """As learner or as host: one's own only."""
    person = person_of(user)
    if person is None:
        return Arrangement.objects.none()
    return (
        Arrangement.objects.filter(Q(learner=person) | Q(opportunity__host=person))
        .select_related(*ARRANGEMENT_RELATED)
        .order_by("-created_at", "-id")
    )


def to_agree(user: Any) -> QuerySet[Arrangement]:
    """Arrangements waiting for this user's agreement as the learner's line manager."""
    person = person_of(user)
    if person is None:
        return Arrangement.objects.none()
    return Arrangement.objects.filter(
        manager=person, status=Arrangement.Status.AWAITING_MANAGER
    ).select_related(*ARRANGEMENT_RELATED)


def arrangement_get(user: Any, pk: int) -> Arrangement:
    arrangement = Arrangement.objects.select_related(*ARRANGEMENT_RELATED, "manager").filter(pk=pk).first()
    if arrangement is None or not can_view_arrangement(user, arrangement):
        raise Http404("No such arrangement")
    return arrangement


def academy_arrangements(user: Any, academy_id: int) -> QuerySet[Arrangement]:
    if not can_manage_interchange(user, academy_id):
        return Arrangement.objects.none()
    return Arrangement.objects.filter(opportunity__academy_id=academy_id).select_related(*ARRANGEMENT_RELATED)


def reflections_of(arrangement: Arrangement) -> dict[str, Reflection]:
    return {r.side: r for r in arrangement.reflections.all()}


def runs(user: Any) -> QuerySet[MatchingRun]:
    ids = managed_academy_ids(user)
    rows = MatchingRun.objects.select_related("academy")
    return rows if ids is None else rows.filter(academy_id__in=ids)


def run_get(user: Any, pk: int) -> MatchingRun:
    run = MatchingRun.objects.select_related("academy").filter(pk=pk).first()
    if run is None or not can_manage_run(user, run):
        raise Http404("No such matching run")
    return run


def run_results(run: MatchingRun) -> list[Any]:
    return list(
        run.results.select_related(
            "request__person__organisation", "opportunity__organisation", "opportunity__host"
        ).order_by("opportunity_id", "id")
    )


# --- Figures ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    label: str
    arrangements: int
    completed: int


@dataclass
class Figures:
    opportunities: int
    places: int
    requests: int
    matches: int  # arrangements made, by matching or by asking
    live: int  # of which still holding a place (waiting, agreed or completed)
    completed: int
    cross_sector: Proportion  # of arrangements made
    completed_share: Proportion  # of arrangements made
    reflections: int
    by_learner_sector: list[Row] = field(default_factory=list)
    by_host_sector: list[Row] = field(default_factory=list)
    by_learner_ics: list[Row] = field(default_factory=list)
    by_host_ics: list[Row] = field(default_factory=list)


def _rows(pairs: list[tuple[str, bool]]) -> list[Row]:
    made: Counter[str] = Counter()
    done: Counter[str] = Counter()
    for label, completed in pairs:
        made[label] += 1
        done[label] += int(completed)
    return [Row(label, made[label], done[label]) for label in sorted(made, key=lambda k: (-made[k], k))]


def figures(*, academy_ids: list[int], period: Period | None = None) -> Figures:
    """Offers, requests, matches and completions of the academies' schemes, by sector and ICS, with the
    cross-sector share. Arrangements declined or cancelled count as matches made, not as completions.
    With a period, only what was offered, asked for or matched in it."""
    opportunities = Opportunity.objects.filter(academy_id__in=academy_ids)
    requests = LearningRequest.objects.filter(academy_id__in=academy_ids)
    made_in = Arrangement.objects.filter(opportunity__academy_id__in=academy_ids)
    if period is not None:
        when = {"created_at__date__gte": period.start, "created_at__date__lte": period.end}
        opportunities, requests, made_in = (
            opportunities.filter(**when),
            requests.filter(**when),
            made_in.filter(**when),
        )
    arrangements = list(
        made_in.order_by().values_list(
            "status",
            "learner__organisation__sector",
            "learner__organisation__ics_id",
            "opportunity__organisation__sector",
            "opportunity__organisation__ics_id",
        )
    )
    sectors = dict(Sector.choices)
    systems = dict(ICS.objects.values_list("pk", "name"))
    made = len(arrangements)
    completed = sum(1 for a in arrangements if a[0] == Arrangement.Status.COMPLETED)
    cross = sum(1 for a in arrangements if a[1] and a[3] and a[1] != a[3])
    done = [a[0] == Arrangement.Status.COMPLETED for a in arrangements]
    return Figures(
        opportunities=opportunities.count(),
        places=sum(opportunities.values_list("capacity", flat=True)),
        requests=requests.count(),
        matches=made,
        live=sum(1 for a in arrangements if a[0] in Arrangement.HOLDS_PLACE),
        completed=completed,
        cross_sector=Proportion.of(cross, made),
        completed_share=Proportion.of(completed, made),
        reflections=Reflection.objects.filter(arrangement__in=made_in).count(),
        by_learner_sector=_rows(
            [(sectors.get(a[1], "Not recorded"), d) for a, d in zip(arrangements, done, strict=False)]
        ),
        by_host_sector=_rows(
            [(sectors.get(a[3], "Not recorded"), d) for a, d in zip(arrangements, done, strict=False)]
        ),
        by_learner_ics=_rows(
            [(systems.get(a[2], "Not recorded"), d) for a, d in zip(arrangements, done, strict=False)]
        ),
        by_host_ics=_rows(
            [(systems.get(a[4], "Not recorded"), d) for a, d in zip(arrangements, done, strict=False)]
        ),
    )


def academy_figures(user: Any, academy_id: int) -> Figures:
    academy = academy_managed_get(user, academy_id)
    return figures(academy_ids=[academy.pk])
