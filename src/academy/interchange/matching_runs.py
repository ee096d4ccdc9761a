"""The adapter between interchange's tables and the matching engine (`academy.matching`).

Requests are the engine's requesters, open opportunities with a place left its practitioners. The hard rules
live in one function, `hard_rule_broken`, used by the matching run and by browse-and-ask alike: never the
same person, never inside one's own line-management chain in either direction at any depth, never one's own
organisation where the host says so, and only the kinds the learner asked for. Everything else is fit: a host
in another sector (the point of the scheme), another ICS, and where the learner said they would go.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from academy.matching import IN_CHAIN, SAME_ORGANISATION, Problem, solve
from academy.people.selectors import line_chain_pairs

from .models import LearningRequest, MatchingRun, Opportunity, RunResult

SAME_PERSON = "the same person"
KIND_NOT_WANTED = "not a kind the learner asked for"
FLOOR = 0.01


@dataclass(frozen=True)
class Seeker:
    """A request, as plain values."""

    id: int
    person_id: int
    organisation_id: int | None
    sector: str
    ics_id: int | None
    kinds: tuple[str, ...] = ()
    other_sector: bool = True
    where: str = ""


@dataclass(frozen=True)
class Host:
    """An open opportunity, as plain values."""

    id: int
    person_id: int
    organisation_id: int | None
    sector: str
    ics_id: int | None
    kind: str
    places: int
    not_for_own_organisation: bool = False
    place: str = ""


def hard_rule_broken(seeker: Seeker, host: Host, chains: set[frozenset[int]]) -> str:
    """The hard rule this pair breaks, or "" if none does."""
    if seeker.person_id == host.person_id:
        return SAME_PERSON
    if frozenset((seeker.person_id, host.person_id)) in chains:
        return IN_CHAIN
    if (
        host.not_for_own_organisation
        and seeker.organisation_id is not None
        and seeker.organisation_id == host.organisation_id
    ):
        return SAME_ORGANISATION
    if seeker.kinds and host.kind not in seeker.kinds:
        return KIND_NOT_WANTED
    return ""


def pair_factors(seeker: Seeker, host: Host) -> dict[str, float]:
    other_sector = 1.0 if seeker.sector and host.sector and seeker.sector != host.sector else 0.0
    other_system = 1.0 if seeker.ics_id and host.ics_id and seeker.ics_id != host.ics_id else 0.0
    place = 1.0 if seeker.where and host.place and seeker.where.lower() in host.place.lower() else 0.0
    return {"sector": other_sector if seeker.other_sector else 0.5, "system": other_system, "place": place}


WEIGHTS = {"sector": 5, "system": 1, "place": 2}


def pair_score(factors: dict[str, float]) -> float:
    fit = sum(WEIGHTS[name] * value for name, value in factors.items()) / sum(WEIGHTS.values())
    return round(FLOOR + (1 - FLOOR) * fit, 6)


@dataclass
class Pool:
    seekers: dict[int, Seeker]
    hosts: dict[int, Host]
    scores: dict[tuple[int, int], float] = field(default_factory=dict)
    forbidden: dict[tuple[int, int], str] = field(default_factory=dict)

    def problem(self) -> Problem:
        return Problem(
            requesters=tuple(self.seekers),
            capacity={hid: h.places for hid, h in self.hosts.items()},
            scores=self.scores,
            forbidden=self.forbidden,
            shortlist_size=1,
        )


def pool_of(seekers: Iterable[Seeker], hosts: Iterable[Host], chains: set[frozenset[int]]) -> Pool:
    pool = Pool(seekers={s.id: s for s in seekers}, hosts={h.id: h for h in hosts if h.places > 0})
    for sid, seeker in pool.seekers.items():
        for hid, host in pool.hosts.items():
            broken = hard_rule_broken(seeker, host, chains)
            if broken:
                pool.forbidden[(sid, hid)] = broken
            else:
                pool.scores[(sid, hid)] = pair_score(pair_factors(seeker, host))
    return pool


def seeker_of(request: LearningRequest) -> Seeker:
    organisation = request.person.organisation
    return Seeker(
        id=request.pk,
        person_id=request.person_id,
        organisation_id=request.person.organisation_id,
        sector=organisation.sector if organisation else "",
        ics_id=organisation.ics_id if organisation else None,
        kinds=tuple(request.kinds or ()),
        other_sector=request.other_sector,
        where=request.where,
    )


def host_of(opportunity: Opportunity) -> Host:
    return Host(
        id=opportunity.pk,
        person_id=opportunity.host_id,
        organisation_id=opportunity.organisation_id,
        sector=opportunity.organisation.sector,
        ics_id=opportunity.organisation.ics_id,
        kind=opportunity.kind,
        places=opportunity.places_left,
        not_for_own_organisation=opportunity.not_for_own_organisation,
        place=opportunity.place,
    )


def pool_for(*, academy_id: int) -> Pool:
    requests = (
        LearningRequest.objects.filter(academy_id=academy_id, status=LearningRequest.Status.OPEN)
        .select_related("person__organisation")
        .order_by("created_at", "id")
    )
    opportunities = (
        Opportunity.objects.filter(academy_id=academy_id, status=Opportunity.Status.OPEN)
        .select_related("organisation")
        .order_by("created_at", "id")
    )
    seekers = [seeker_of(r) for r in requests]
    hosts = [host_of(o) for o in opportunities]
    chains = line_chain_pairs({s.person_id for s in seekers} | {h.person_id for h in hosts})
    return pool_of(seekers, hosts, chains)


def run_execute(*, run_id: int) -> MatchingRun:
    """Solve the academy's pool and keep each request's result; the run ends as a draft for review, or
    failed with its reason."""
    run = MatchingRun.objects.get(pk=run_id)
    pool = pool_for(academy_id=run.academy_id)
    try:
        result = solve(pool.problem())
    except Exception as error:  # noqa: BLE001 - a run must never be left without an outcome
        MatchingRun.objects.filter(pk=run_id).update(
            status=MatchingRun.Status.FAILED, error=f"The solver stopped: {error}"[:500]
        )
        run.refresh_from_db()
        return run
    with transaction.atomic():
        run = MatchingRun.objects.select_for_update().get(pk=run_id)
        run.results.all().delete()
        RunResult.objects.bulk_create(
            RunResult(
                run=run,
                request_id=sid,
                opportunity_id=result.assignment.get(sid),
                score=pool.scores.get((sid, result.assignment[sid])) if sid in result.assignment else None,
                unmatched_reason=""
                if sid in result.assignment
                else str(result.unmatched.get(sid, "no match"))[:300],
            )
            for sid in pool.seekers
        )
        cross = sum(
            1
            for sid, hid in result.assignment.items()
            if pool.seekers[sid].sector and pool.seekers[sid].sector != pool.hosts[hid].sector
        )
        run.figures = {
            "requests": len(pool.seekers),
            "opportunities": len(pool.hosts),
            "places": sum(h.places for h in pool.hosts.values()),
            "matched": len(result.assignment),
            "unmatched": len(pool.seekers) - len(result.assignment),
            "cross_sector": cross,
            "forbidden_pairs": len(pool.forbidden),
            "rules_kept": result.proof.ok,
        }
        run.status = MatchingRun.Status.DRAFT if result.proof.ok else MatchingRun.Status.FAILED
        run.error = "" if result.proof.ok else "The solver's answer broke a hard rule, so it was not kept."
        run.updated_at = timezone.now()
        run.save()
    return run
