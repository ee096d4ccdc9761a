"""What 360 feedback holds about a person: the 360s about them (their self-rating, the raters they
invited, the frozen reports). Registered with `people.registry` in `Feedback360Config.ready()`.

No one but the participant (and a coach they share with) sees a 360, so the app widens nobody's view."""

from typing import Any

from academy.people.models import Person
from academy.people.registry import Link, PersonalData

from .models import Assessment, Group


def export(person: Person) -> dict[str, Any]:
    return {
        "feedback_360": [
            {
                "title": a.title,
                "academy": a.academy.name,
                "status": a.status,
                "started": a.created_at.isoformat(),
                "closed": a.closed_at.isoformat() if a.closed_at else None,
                "raters_invited": [
                    {"group": i.group, "email": i.email} for i in a.invitations.all() if i.group != Group.SELF
                ],
                "report": a.report,
            }
            for a in Assessment.objects.filter(participant=person)
            .select_related("academy")
            .prefetch_related("invitations")
        ]
    }


def anonymise(person: Person) -> None:
    """Clear the title, the raters' names and addresses and every comment; keep the ratings (the
    academy's figures count them)."""
    for assessment in Assessment.objects.filter(participant=person):
        for invitation in assessment.invitations.all():
            invitation.name = ""
            invitation.email = f"anonymised-{invitation.pk}@invalid.invalid"
            invitation.comments = {}
            invitation.save(update_fields=["name", "email", "comments", "updated_at"])
        report = dict(assessment.report or {})
        report["comments"], report["self_comments"] = [], []
        assessment.report = report
        assessment.title = "360 feedback"
        assessment.save(update_fields=["title", "report", "updated_at"])


PERSONAL_DATA = PersonalData(
    app="feedback360",
    visible_to=None,
    export=export,
    anonymise=anonymise,
    links={
        "feedback360.Assessment.participant": Link(why="ratings are kept for the academy's figures"),
    },
)
