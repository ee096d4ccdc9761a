"""The adapter between the hub's database and the matching engine (`academy.matching`).

`problem_for(academy, kind, weights)` builds the engine's Problem: every pool request of that kind
against every published, unpaused practitioner with a place left who takes that kind. A practitioner
whose accreditation is not verified by the hub, or has expired, is in the pool but forbidden with every
requester of coaching (NOT_ACCREDITED), so that a requester left unmatched for want of them is told that rule. Each pair's
score is its weighted fit (goal themes against specialisms, sector, role level, format and region,
experience), between 0 and 1, with the factors kept so that each match can be explained. Forbidden
pairs carry the rule that forbids them: the line-management chain in either direction and at any
depth, the same organisation unless both allow it, and anyone either side has excluded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from academy.matching import (
    EXCLUDED_BY_PRACTITIONER,
    EXCLUDED_BY_REQUESTER,
    IN_CHAIN,
    SAME_ORGANISATION,
    Problem,
    solve,
)
from academy.people.models import Academy
from academy.people.selectors import line_chain_pairs

from .models import (
    Exclusion,
    Format,
    LivedExperienceWish,
    MatchingRun,
    MatchResult,
    PractitionerKind,
    PractitionerProfile,
    Request,
)

FLOOR = 0.01  # every allowed pair scores above zero, so that any match beats none
FACTOR_LABELS = {
    "goals": "Goals against specialisms",
    "sector": "Sector",
    "role_level": "Role level",
    "format": "Format and region",
    "experience": "Experience",
    "lived_experience": "Similar lived experience",
}
NOT_ACCREDITED = "accreditation not verified or expired"  # the rule, as the run's explanations name it


def wished_lived_experience(request: Request) -> set[str]:
    """The lived experience the requester wished to share, if they said (held like equality data)."""
    try:
        wish = request.lived_experience
    except LivedExperienceWish.DoesNotExist:
        return set()
    return set(wish.themes or [])


@dataclass
class Pool:
    requests: dict[int, Request]
    profiles: dict[int, PractitionerProfile]
    capacity: dict[int, int]
    scores: dict[tuple[int, int], float] = field(default_factory=dict)
    factors: dict[tuple[int, int], dict[str, float]] = field(default_factory=dict)
    forbidden: dict[tuple[int, int], str] = field(default_factory=dict)
    not_accredited: set[int] = field(default_factory=set)  # profiles forbidden with everyone


def pair_factors(request: Request, profile: PractitionerProfile) -> dict[str, float]:
    """How well the practitioner fits the request on each factor, from 0 to 1."""
    themes = {goal.theme for goal in request.goals.all()}
    goals = len(themes & set(profile.specialisms)) / len(themes) if themes else 0.0
    organisation = request.person.organisation
    wanted_sectors = set(request.preferred_sectors) or (
        {organisation.sector} if organisation is not None else set()
    )
    sector = 1.0 if wanted_sectors & set(profile.sectors) else 0.0
    role_level = (
        1.0 if request.person.role_level and request.person.role_level in profile.role_levels else 0.0
    )
    if request.preferred_format == Format.EITHER or profile.delivery_format == Format.EITHER:
        fmt = 1.0
    else:
        fmt = 1.0 if request.preferred_format == profile.delivery_format else 0.0
    if fmt and request.preferred_format == Format.IN_PERSON and request.preferred_region_id:
        fmt = 1.0 if profile.region_id == request.preferred_region_id else 0.0
    if profile.years_experience < request.minimum_experience_years:
        experience = 0.0
    else:
        experience = min(profile.years_experience, 10) / 10
    factors = {
        "goals": goals,
        "sector": sector,
        "role_level": role_level,
        "format": fmt,
        "experience": experience,
    }
    wished = wished_lived_experience(request)
    if wished:  # only a request with a wish is scored on it
        factors["lived_experience"] = 1.0 if wished & set(profile.lived_experience or []) else 0.0
    return factors


def pair_score(factors: Mapping[str, float], weights: Mapping[str, int]) -> float:
    """The weighted fit over the factors that apply to the pair, floored above zero."""
    total = sum(weights.get(name, 0) for name in factors) or 1
    fit = sum(weights.get(name, 0) * value for name, value in factors.items()) / total
    return round(FLOOR + (1 - FLOOR) * fit, 6)


def pool_for(
    *, academy: Academy, kind: str, weights: Mapping[str, int], today: dt.date | None = None
) -> Pool:
    today = today or timezone.localdate()
    requests = {
        r.pk: r
        for r in Request.objects.filter(academy=academy, kind=kind, status__in=Request.POOL_STATUSES)
        .select_related("person__organisation", "lived_experience")
        .prefetch_related("goals")
        .order_by("created_at", "id")
    }
    kinds = [PractitionerKind.BOTH, PractitionerKind.COACH if kind == "coaching" else PractitionerKind.MENTOR]
    profiles = {
        p.pk: p
        for p in PractitionerProfile.objects.filter(academy=academy, published=True, kind__in=kinds)
        .filter(Q(paused_until__isnull=True) | Q(paused_until__lt=today))
        .select_related("person")
        .order_by("id")
        if p.places_left > 0
    }
    pool = Pool(
        requests=requests, profiles=profiles, capacity={pk: p.places_left for pk, p in profiles.items()}
    )
    if kind == "coaching":  # coaches need a verified accreditation in date; mentors need none
        pool.not_accredited = {pk for pk, p in profiles.items() if p.accreditation_problem(today)}
    people = {r.person_id for r in requests.values()} | {p.person_id for p in profiles.values()}
    chains = line_chain_pairs(people)
    excluded = set(
        Exclusion.objects.filter(person_id__in=people, excluded_id__in=people).values_list(
            "person_id", "excluded_id"
        )
    )
    for rid, request in requests.items():
        requester = request.person
        for pid, profile in profiles.items():
            pair = (rid, pid)
            both = frozenset((requester.pk, profile.person_id))
            if requester.pk == profile.person_id:
                pool.forbidden[pair] = "the same person"
            elif kind == "coaching" and profile.accreditation_problem(today):
                pool.forbidden[pair] = NOT_ACCREDITED
            elif both in chains:
                pool.forbidden[pair] = IN_CHAIN
            elif (
                requester.organisation_id
                and requester.organisation_id == profile.person.organisation_id
                and not (request.allows_own_organisation and profile.allows_own_organisation)
            ):
                pool.forbidden[pair] = SAME_ORGANISATION
            elif (requester.pk, profile.person_id) in excluded:
                pool.forbidden[pair] = EXCLUDED_BY_REQUESTER
            elif (profile.person_id, requester.pk) in excluded:
                pool.forbidden[pair] = EXCLUDED_BY_PRACTITIONER
            factors = pair_factors(request, profile)
            pool.factors[pair] = factors
            pool.scores[pair] = pair_score(factors, weights)
    return pool


def problem_for(pool: Pool) -> Problem:
    return Problem(
        requesters=tuple(pool.requests),
        capacity=pool.capacity,
        scores=pool.scores,
        forbidden=pool.forbidden,
        factors=pool.factors,
        shortlist_size=3,
    )


def _progress(run_id: int, percent: int) -> None:
    MatchingRun.objects.filter(pk=run_id).update(progress=percent, updated_at=timezone.now())


def run_execute(*, run_id: int) -> MatchingRun:
    """Solve a run's pool, store each request's result and the run's figures. The run ends as a draft
    for review, or failed with its reason."""
    run = MatchingRun.objects.select_related("academy").get(pk=run_id)
    _progress(run_id, 5)
    pool = pool_for(academy=run.academy, kind=run.kind, weights=run.weights)
    _progress(run_id, 30)
    try:
        result = solve(problem_for(pool))
    except Exception as error:  # noqa: BLE001 - a run must never be left "matching" for ever
        MatchingRun.objects.filter(pk=run_id).update(
            status=MatchingRun.Status.FAILED, error=f"The solver stopped: {error}"[:500], progress=100
        )
        run.refresh_from_db()
        return run
    _progress(run_id, 80)
    with transaction.atomic():
        run = MatchingRun.objects.select_for_update().get(pk=run_id)
        run.results.all().delete()
        rows = []
        for rid in pool.requests:
            assigned = result.assignment.get(rid)
            shortlist = list(result.shortlists.get(rid, ()))
            factors = {
                str(pid): {"score": pool.scores[(rid, pid)], "factors": pool.factors[(rid, pid)]}
                for pid in shortlist
            }
            rows.append(
                MatchResult(
                    run=run,
                    request_id=rid,
                    practitioner_id=assigned,
                    score=pool.scores.get((rid, assigned)) if assigned is not None else None,
                    factors=factors,
                    shortlist=shortlist,
                    unmatched_reason=""
                    if assigned is not None
                    else str(result.unmatched.get(rid, "no match"))[:300],
                )
            )
        MatchResult.objects.bulk_create(rows)
        proof = result.proof
        run.figures = {
            "requests": len(pool.requests),
            "practitioners": len(pool.profiles),
            "places": sum(c for pk, c in pool.capacity.items() if pk not in pool.not_accredited),
            "not_accredited": len(pool.not_accredited),
            "matched": len(result.assignment),
            "unmatched": len(pool.requests) - len(result.assignment),
            "objective": round(float(result.objective), 4),
            "optimal": bool(result.optimal),
            "forbidden_pairs": len(pool.forbidden),
            "capacity_ok": proof.capacity_ok,
            "forbidden_ok": proof.forbidden_ok,
            "shortlists_within_capacity": proof.shortlists_within_capacity,
        }
        rules_kept = proof.ok
        run.status = MatchingRun.Status.DRAFT if rules_kept else MatchingRun.Status.FAILED
        run.error = "" if rules_kept else "The solver's answer broke a hard rule, so it was not kept."
        run.progress = 100
        run.save()
    return run
