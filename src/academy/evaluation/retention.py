"""What evaluation keeps for a period (core/retention.py): written answers and uploads awaiting import.

A written answer past its period loses its text and its embedding; the answer stays, with the day its text
was removed, so response counts, the free-text base ("n people wrote") and theme sizes print as before.
One-word answers are figures (the word counts) and are kept.
"""

import datetime as dt
from typing import Any

from django.db.models import QuerySet

from academy.core.retention import ANONYMISE, DELETE, retention_register

from .models import Answer, QuestionType

IMPORT_UPLOADS = "evaluation-imports/"


def _blank_written_answers(rows: QuerySet[Any], today: dt.date) -> None:
    rows.update(text="", embedding=None, text_removed_on=today)


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
        kind="evaluation.import_files",
        label="Uploaded survey files waiting to be imported",
        storage_prefix=IMPORT_UPLOADS,
        action=DELETE,
        default_days=2,
    )
