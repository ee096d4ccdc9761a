"""What systems OD programmes keep for a period (core/retention.py): the summaries of diagnostic
conversations. Past its period a summary is blanked; the conversation stays, so a case study still says how
many conversations were held."""

import datetime as dt
from typing import Any

from django.db.models import QuerySet

from academy.core.retention import ANONYMISE, retention_register

from .models import DiagnosticConversation


def _blank_summaries(rows: QuerySet[Any], today: dt.date) -> None:
    rows.update(summary="")


def register() -> None:
    retention_register(
        kind="systems.diagnostic_summaries",
        label="Summaries of systems OD diagnostic conversations",
        queryset=lambda: DiagnosticConversation.objects.exclude(summary=""),
        date_field="held_on",
        action=ANONYMISE,
        function=_blank_summaries,
        default_days=3 * 365,
    )
