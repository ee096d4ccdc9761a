"""What validation holds about a person: their routes (with self-ratings, milestones, claim and
decision), and the panels and supporting they do for others. Registered in `ValidationConfig.ready()`."""

from typing import Any

from django.db.models import QuerySet

from academy.people.models import Person
from academy.people.permissions import Scope
from academy.people.registry import Link, PersonalData

from .models import PanelMember, Route


def visible_to(user: Any, scope: Scope) -> list[QuerySet[Any]]:
    """A programme manager sees the practitioners on their academy's cohorts."""
    if not scope.academy_ids:
        return []
    return [Route.objects.filter(cohort__academy_id__in=scope.academy_ids).order_by().values("person_id")]


def export(person: Person) -> dict[str, Any]:
    routes = []
    for route in Route.objects.filter(person=person).select_related("cohort").order_by("pk"):
        claim = getattr(route, "claim", None)
        routes.append(
            {
                "cohort": route.cohort.name,
                "interest_statement": route.interest_statement,
                "expressed_at": route.expressed_at.isoformat(),
                "self_ratings": {
                    r.element.code: r.level for r in route.self_ratings.select_related("element")
                },
                "readiness": route.readiness,
                "decision_note": route.decision_note,
                "milestones": [
                    {"title": m.title, "due_on": m.due_on.isoformat(), "done": m.done_at is not None}
                    for m in route.milestones.all()
                ],
                "claim": None
                if claim is None
                else [
                    {
                        "element": e.element.code,
                        "narrative": e.narrative,
                        "evidence": [ev.original_name for ev in e.evidence.all()],
                    }
                    for e in claim.entries.select_related("element")
                ],
                "interview_notes": route.interview_notes,
                "outcome": route.outcome,
                "outcome_feedback": route.outcome_feedback,
            }
        )
    return {
        "validation_routes": routes,
        "validation_panels": [
            {"cohort": m.route.cohort.name, "kind": m.kind, "declaration": m.conflict_declaration}
            for m in PanelMember.objects.filter(person=person).select_related("route__cohort").order_by("pk")
        ],
    }


PERSONAL_DATA = PersonalData(
    app="validation",
    visible_to=visible_to,
    export=export,
    anonymise=None,
    links={
        "validation.Route.person": Link(why="the route is theirs; the pipeline counts it"),
        "validation.Route.supporter": Link(theirs=False, why="the route is the practitioner's"),
        "validation.PanelMember.person": Link(
            theirs=False,
            keeps=("conflict_declaration",),
            why="the panel's reviews are the practitioner's assessment record",
        ),
    },
)
