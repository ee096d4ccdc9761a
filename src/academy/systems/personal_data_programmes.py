"""What systems OD programmes hold about a person: their places on programmes, the summaries of
diagnostic conversations held with them, and the conflict-handling scores they entered. Registered with
`people.registry` in `SystemsConfig.ready()`; the lead merges it with the plans' part."""

from typing import Any

from academy.people.models import Person
from academy.people.registry import Link, PersonalData

from .models import ConflictProfile, DiagnosticConversation, ProgrammeParticipant


def export(person: Person) -> dict[str, Any]:
    places = ProgrammeParticipant.objects.filter(person=person).select_related("programme").order_by("pk")
    return {
        "systems_od_programmes": [{"programme": p.programme.title, "role": p.role} for p in places],
        "diagnostic_conversations": [
            {"programme": d.programme.title, "held_on": d.held_on.isoformat(), "summary": d.summary}
            for d in DiagnosticConversation.objects.filter(participant__person=person)
            .select_related("programme")
            .order_by("pk")
        ],
        "conflict_handling_scores": [
            {"programme": c.programme.title, **c.scores()}
            for c in ConflictProfile.objects.filter(participant__person=person)
            .select_related("programme")
            .order_by("pk")
        ],
    }


def anonymise(person: Person) -> None:
    """The summaries of conversations with them are about them: cleared. Their scores stay in the team's
    snapshot (numbers only); their place stays, without the role that named them."""
    DiagnosticConversation.objects.filter(participant__person=person).update(summary="")
    ProgrammeParticipant.objects.filter(person=person).update(role="")


PERSONAL_DATA_PROGRAMMES = PersonalData(
    app="systems_programmes",
    visible_to=None,
    export=export,
    anonymise=anonymise,
    links={
        "systems.ProgrammeParticipant.person": Link(why="their place on the programme; scores are numbers"),
        "systems.Programme.sponsor": Link(
            theirs=False,
            keeps=(
                "title",
                "sponsor_role",
                "introduction",
                "background",
                "approach",
                "participants_summary",
                "outcomes",
                "operating_principles",
                "learning",
                "next_steps",
            ),
            why="the programme is the ICS's case study; its sponsor is only named on it",
        ),
    },
)
PERSONAL_DATA = PERSONAL_DATA_PROGRAMMES
