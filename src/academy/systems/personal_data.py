"""What the plans and charters hold about people: charter signatures (who signed, where they worked, what
they signed) and who published a plan version."""

from typing import Any

from academy.people.models import Person
from academy.people.registry import Link, PersonalData

from .models.charters import Signature
from .models.plans import PlanVersion


def export(person: Person) -> dict[str, Any]:
    return {
        "Leadership charters signed": [
            {
                "charter": s.charter.title,
                "signed_on": s.created_at.date().isoformat(),
                "organisation": s.organisation.name if s.organisation else "",
                "job_title": s.job_title,
                "signed_text": s.signed_text,
            }
            for s in Signature.objects.filter(person=person).select_related("charter", "organisation")
        ],
        "Plan versions published": [
            {"plan": v.plan.title, "version": v.number}
            for v in PlanVersion.objects.filter(published_by=person).select_related("plan")
        ],
    }


def anonymise(person: Person) -> None:
    # The signature stays (the charter's count of signatures by organisation is a figure); the job title
    # about them goes. The signed text is the charter's, not theirs.
    Signature.objects.filter(person=person).update(job_title="")


PERSONAL_DATA = PersonalData(
    app="systems",
    export=export,
    anonymise=anonymise,
    links={
        "systems.Signature.person": Link(
            keeps=("signed_text",), why="the charter's own words, as signed: nothing about the person"
        ),
        "systems.PlanVersion.published_by": Link(
            theirs=False,
            keeps=("introduction", "governance_group", "governance", "conclusion", "review_note", "title"),
            why="the plan belongs to the ICS; it only names who published it",
        ),
    },
)
