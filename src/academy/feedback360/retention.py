"""What 360 feedback keeps for a period (core/retention.py): raters' written comments.

A period after a 360 closed, every rater's comments are blanked: on the rater's answers and in the report
frozen at closing. The ratings stay, and so do the frozen report's figures, so the report prints the same
figures before and after. The participant's own comments on their self-rating are theirs and are kept.
"""

import datetime as dt
from typing import Any

from django.db.models import QuerySet

from academy.core.retention import ANONYMISE, retention_register

from .models import Assessment, Invitation


def _rater_comments() -> QuerySet[Invitation]:
    return Invitation.objects.filter(assessment__status="closed").exclude(group="self").exclude(comments={})


def _blank(rows: QuerySet[Any], today: dt.date) -> None:
    assessment_ids = set(rows.values_list("assessment_id", flat=True))
    rows.update(comments={})
    for assessment in Assessment.objects.select_for_update().filter(pk__in=assessment_ids):
        if assessment.report.get("comments"):
            assessment.report["comments"] = []
            assessment.save(update_fields=["report"])


def register() -> None:
    retention_register(
        kind="feedback360.rater_comments",
        label="Raters' written comments in 360 feedback",
        queryset=_rater_comments,
        date_field="assessment__closed_at",
        action=ANONYMISE,
        function=_blank,
        default_days=2 * 365,
    )
