"""What evaluation holds about a person: their goals, named responses and invitations in the export,
and what anonymising clears. Registered with `people.registry` in `EvaluationConfig.ready()`.

Anonymous responses hold no link to anyone, so they are in no export and need no anonymising."""

from typing import Any

from academy.people.models import Person
from academy.people.registry import Link, PersonalData

from .models import Goal, Invitation, Response


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def export(person: Person) -> dict[str, Any]:
    goals = Goal.objects.filter(person=person).select_related("cohort__offer").order_by("created_at", "id")
    responses = (
        Response.objects.filter(person=person, is_anonymous=False)
        .select_related("survey")
        .prefetch_related("answers__question")
        .order_by("submitted_at", "id")
    )
    invitations = Invitation.objects.filter(person=person).select_related("survey").order_by("id")
    return {
        "goals": [
            {
                "theme": goal.theme,
                "goal": goal.text,
                "cohort": goal.cohort.name if goal.cohort else None,
                "offer": goal.cohort.offer.title if goal.cohort else None,
                "about": str(goal.subject)
                if goal.subject_id is not None and goal.subject is not None
                else None,
                "rating_before": goal.rating_before,
                "rating_after": goal.rating_after,
                "set": _iso(goal.created_at),
            }
            for goal in goals
        ],
        "evaluation_responses": [
            {
                "survey": response.survey.title,
                "submitted": _iso(response.submitted_at),
                "job_title_when_answering": response.respondent_job_title,
                "answers": [
                    {
                        "question": answer.question.text,
                        "answer": answer.display_value,
                        "consent_to_quote": answer.consent_to_quote,
                    }
                    for answer in sorted(response.answers.all(), key=lambda a: (a.question.order, a.pk))
                ],
            }
            for response in responses
        ],
        # For an anonymous survey, whether and when they answered is not kept, so it is not given.
        "evaluation_invitations": [
            {
                "survey": invitation.survey.title,
                "sent": _iso(invitation.sent_at),
                "reminders_sent": invitation.reminders_sent,
                "answered": None if invitation.survey.anonymous else _iso(invitation.responded_at),
            }
            for invitation in invitations
        ],
    }


def anonymise(person: Person) -> None:
    """Goal text and the job title kept with their answers go; goal themes and ratings, and their
    answers (which figures, themes and tallies count), stay."""
    Goal.objects.filter(person=person).update(text="")
    Response.objects.filter(person=person).update(respondent_job_title="")


PERSONAL_DATA = PersonalData(
    app="evaluation",
    export=export,
    anonymise=anonymise,
    links={
        "evaluation.Invitation.person": Link(
            keeps=("token_hash", "token_salt"), why="a hash of the link's token and its salt, made by Academy"
        ),
        "evaluation.Response.person": Link(
            keeps=("respondent_role_level", "respondent_sector", "respondent_org_type"),
            why="the role level and sector that figures group by and quotes are credited by",
        ),
        "evaluation.Goal.person": Link(keeps=("theme",), why="goal figures are grouped by theme"),
    },
)
