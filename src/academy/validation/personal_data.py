"""What validation holds about a person: their routes (with self-ratings, milestones, claim and
decision), and the panels and supporting they do for others. Registered in `ValidationConfig.ready()`."""

from typing import Any

from django.db.models import QuerySet

from academy.people.models import Person
from academy.people.permissions import Scope
from academy.people.registry import Link, PersonalData

from .models import ClaimEntry, ClaimSubmission, Evidence, Milestone, PanelMember, Review, Route


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


def anonymise(person: Person) -> None:
    """Blank what they wrote on their routes (statements, reflections, claim narratives, milestones, the
    interview notes and feedback about them) and remove their evidence files; keep readiness, steps,
    outcomes and agreement figures, which the pipeline counts. As a panel member: blank their declaration
    and review comments, keep their ratings (the agreement figure is computed from them)."""
    routes = Route.objects.filter(person=person)
    routes.update(
        interest_statement="", decision_note="", interview_place="", interview_notes="", outcome_feedback=""
    )
    for evidence in Evidence.objects.filter(entry__claim__route__in=routes):
        evidence.file.delete(save=False)
        evidence.delete()
    ClaimEntry.objects.filter(claim__route__in=routes).update(narrative="")
    ClaimSubmission.objects.filter(claim__route__in=routes).update(snapshot={})
    Milestone.objects.filter(route__in=routes).update(title="")
    seats = PanelMember.objects.filter(person=person)
    seats.update(conflict_declaration="")
    Review.objects.filter(member__in=seats).update(comment="")


PERSONAL_DATA = PersonalData(
    app="validation",
    visible_to=visible_to,
    export=export,
    anonymise=anonymise,
    links={
        "validation.Route.person": Link(
            keeps=("agreement_base",), why="the route is theirs; the pipeline counts its steps and outcome"
        ),
        "validation.Route.supporter": Link(theirs=False, why="the route is the practitioner's"),
        "validation.PanelMember.person": Link(
            why="their declaration is blanked; their ratings stay in the claim's agreement figure"
        ),
    },
)
