"""Every read on the validation route, taking the acting user and returning only what they may see.

Blind review: `reviews_visible` gives a panel member their own reviews only, until every member of
the panel has submitted; then everyone who may see the route sees them all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from academy.people.models import Academy
from academy.reporting.arithmetic import median, percent

from .models import Framework, Outcome, PanelMember, Readiness, Review, Route, ValidationCohort
from .permissions import (
    can_manage_cohort,
    can_see_frameworks,
    can_see_pipeline,
    can_see_route,
    is_panel_member,
    is_panel_role,
    managed_academy_ids,
    person_of,
)
from .services import all_reviews_in


def frameworks(user: Any) -> QuerySet[Framework]:
    if not can_see_frameworks(user):
        raise PermissionDenied
    return Framework.objects.prefetch_related("domains__elements")


def framework_get(user: Any, pk: int) -> Framework:
    try:
        return frameworks(user).get(pk=pk)
    except Framework.DoesNotExist as error:
        raise Http404 from error


def cohorts_open(user: Any) -> QuerySet[ValidationCohort]:
    """Every cohort a signed-in practitioner may express interest in."""
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied
    return ValidationCohort.objects.select_related("academy").prefetch_related("frameworks")


def cohorts_managed(user: Any) -> QuerySet[ValidationCohort]:
    ids = managed_academy_ids(user)
    qs = ValidationCohort.objects.select_related("academy")
    return qs if ids is None else qs.filter(academy_id__in=ids)


def academies_managed(user: Any) -> QuerySet[Academy]:
    ids = managed_academy_ids(user)
    return Academy.objects.all() if ids is None else Academy.objects.filter(pk__in=ids)


def cohort_get(user: Any, pk: int) -> ValidationCohort:
    cohort = ValidationCohort.objects.select_related("academy", "workshop__offer").filter(pk=pk).first()
    if cohort is None or not getattr(user, "is_authenticated", False):
        raise Http404
    return cohort


def involved(user: Any) -> bool:
    """For the menu: the programme team, panel members, and anyone on, supporting or reviewing a route."""
    if can_see_pipeline(user, None):
        return True
    person = person_of(user)
    return person is not None and (
        is_panel_role(user)
        # One query, asked on every page for the menu: on a route, supporting one, or on its panel.
        or Route.objects.filter(Q(person=person) | Q(supporter=person) | Q(panel__person=person)).exists()
    )


def routes_for(user: Any) -> dict[str, list[Route]]:
    """The user's own routes, those they support, those whose panel they sit on."""
    person = person_of(user)
    if person is None:
        return {"mine": [], "supporting": [], "panels": []}
    base = Route.objects.select_related("cohort", "person")
    return {
        "mine": list(base.filter(person=person)),
        "supporting": list(base.filter(supporter=person)),
        "panels": list(base.filter(panel__person=person, claim_submitted_at__isnull=False).distinct()),
    }


def cohort_routes(user: Any, cohort: ValidationCohort) -> QuerySet[Route]:
    if not can_manage_cohort(user, cohort):
        raise PermissionDenied
    return cohort.routes.select_related("person", "supporter")


def route_get(user: Any, pk: int) -> Route:
    route = Route.objects.select_related("cohort__academy", "person", "supporter").filter(pk=pk).first()
    if route is None or not can_see_route(user, route):
        raise Http404
    return route


def reviews_visible(user: Any, route: Route) -> QuerySet[Review]:
    """Blind until every panel member has submitted."""
    reviews = Review.objects.filter(member__route=route).select_related("member__person", "element")
    if all_reviews_in(route):
        return reviews
    person = person_of(user)
    if is_panel_member(user, route) and person is not None:
        return reviews.filter(member__person=person)
    return reviews.none()


def my_panel_seat(user: Any, route: Route) -> PanelMember | None:
    person = person_of(user)
    return route.panel.filter(person=person).first() if person else None


# --- The pipeline -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    label: str
    count: int
    base: int
    base_label: str

    @property
    def percent(self) -> int | None:
        return percent(self.count, self.base)

    @property
    def text(self) -> str:
        pct = self.percent
        share = "" if pct is None else f"{pct}% "
        return f"{share}{self.label} ({self.count} of {self.base} {self.base_label})"


@dataclass(frozen=True)
class StepTime:
    label: str
    median_days: int | None
    base: int


@dataclass
class Pipeline:
    title: str
    cohorts: int
    interest: int
    workshop: int
    decided: int
    readiness: list[Figure] = field(default_factory=list)
    claims_submitted: int = 0
    decisions: int = 0
    outcomes: list[Figure] = field(default_factory=list)
    step_times: list[StepTime] = field(default_factory=list)

    @property
    def workshop_figure(self) -> Figure:
        return Figure("took part in the workshop", self.workshop, self.interest, "who expressed interest")

    @property
    def summary(self) -> str:
        """Seed 001's sentence, from the data."""
        parts = [
            f"{self.interest} expressions of interest.",
            f"{self.workshop} participants in the workshop.",
        ]
        parts += [f"{f.percent}% {f.label.lower()}." for f in self.readiness if f.percent is not None]
        return " ".join(parts)


STEPS = [
    ("Expression of interest to workshop", "expressed_at", "workshop_attended_at"),
    ("Workshop to decision", "workshop_attended_at", "decided_at"),
    ("Decision to claim submitted", "decided_at", "claim_submitted_at"),
    ("Claim submitted to moderation", "claim_submitted_at", "moderated_at"),
    ("Moderation to interview", "moderated_at", "interview_recorded_at"),
    ("Interview to decision", "interview_recorded_at", "outcome_at"),
]


def pipeline(
    user: Any, *, academy: Academy | None = None, cohort: ValidationCohort | None = None
) -> Pipeline:
    """Pipeline figures for a cohort, an academy or (neither) nationally; each with its base."""
    academy_id = cohort.academy_id if cohort else academy.pk if academy else None
    if not can_see_pipeline(user, academy_id):
        raise PermissionDenied
    routes = Route.objects.all()
    title = "National"
    if cohort is not None:
        routes, title = routes.filter(cohort=cohort), cohort.name
    elif academy is not None:
        routes, title = routes.filter(cohort__academy=academy), academy.name
    rows = list(
        routes.values(
            "readiness", "outcome", "workshop_attended_at", *{f for _, a, b in STEPS for f in (a, b)}
        )
    )
    workshop = [r for r in rows if r["workshop_attended_at"]]
    decided = [r for r in workshop if r["readiness"]]
    result = Pipeline(
        title=title,
        cohorts=routes.values("cohort").distinct().count(),
        interest=len(rows),
        workshop=len(workshop),
        decided=len(decided),
    )
    base_label = "workshop participants who recorded a decision"
    for choice in Readiness:
        count = sum(1 for r in decided if r["readiness"] == choice.value)
        result.readiness.append(Figure(choice.label, count, len(decided), base_label))
    result.claims_submitted = sum(1 for r in rows if r["claim_submitted_at"])
    outcomes = [r for r in rows if r["outcome"]]
    result.decisions = len(outcomes)
    for outcome in Outcome:
        count = sum(1 for r in outcomes if r["outcome"] == outcome.value)
        result.outcomes.append(Figure(outcome.label, count, len(outcomes), "claims decided"))
    for label, start, end in STEPS:
        days = [(r[end] - r[start]).days for r in rows if r[start] and r[end]]
        middle = median(days)
        result.step_times.append(StepTime(label, None if middle is None else round(middle), len(days)))
    return result


def pipeline_academies(user: Any) -> QuerySet[Academy]:
    ids = managed_academy_ids(user)
    qs = Academy.objects.filter(Q(validation_cohorts__isnull=False)).distinct()
    return qs if ids is None else qs.filter(pk__in=ids)
