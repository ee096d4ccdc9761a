"""What evaluation keeps for a period (core/retention.py): written answers, goals' wording and uploads awaiting
import.

A written answer past its period loses its text and its embedding; the answer stays, with the day its text
was removed, so response counts, the free-text base ("n people wrote") and theme sizes print as before.
One-word answers are figures (the word counts) and are kept. A goal past its period (dated by its last change,
which is the rating after the last session) loses its wording; its theme and its two ratings stay, so goal
progress per theme prints as before.
"""

import datetime as dt
from typing import Any

from django.db.models import QuerySet

from academy.core.retention import ANONYMISE, DELETE, retention_register

from .models import Answer, Goal, QuestionType

IMPORT_UPLOADS = "evaluation-imports/"


def _blank_written_answers(rows: QuerySet[Any], today: dt.date) -> None:
    rows.update(text="", embedding=None, text_removed_on=today)


def _blank_goal_text(rows: QuerySet[Any], today: dt.date) -> None:
    rows.update(text="")


def register() -> None:
    retention_register(
        kind="evaluation.free_text",
        label="Written answers to evaluation questions",
        queryset=lambda: Answer.objects.filter(question__type=QuestionType.FREE_TEXT).exclude(text=""),
        date_field="response__submitted_at",
        action=ANONYMISE,
        function=_blank_written_answers,
        default_days=3 * 365,
    )
    retention_register(
        kind="evaluation.goal_text",
        label="The wording of personal goals (theme and ratings are kept)",
        queryset=lambda: Goal.objects.exclude(text=""),
        date_field="updated_at",
        action=ANONYMISE,
        function=_blank_goal_text,
        default_days=3 * 365,
    )
    retention_register(
        kind="evaluation.import_files",
        label="Uploaded survey files waiting to be imported",
        storage_prefix=IMPORT_UPLOADS,
        action=DELETE,
        default_days=2,
    )
