"""What interchange keeps for a period (core/retention.py): the words of reflections.

A period after an arrangement was marked as done, the host's and the learner's reflections lose what they
wrote (what was learned, what happens next). The reflection stays with its usefulness rating, so every
figure that counts reflections or averages usefulness prints the same.
"""

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet

from academy.core.retention import ANONYMISE, retention_register

from .models import Reflection


def _with_words() -> QuerySet[Reflection]:
    return Reflection.objects.filter(arrangement__completed_at__isnull=False).filter(
        ~Q(learned="") | ~Q(next_steps="")
    )


def _blank(rows: QuerySet[Any], today: dt.date) -> None:
    rows.update(learned="", next_steps="")


def register() -> None:
    retention_register(
        kind="interchange.reflections",
        label="What hosts and learners wrote in their reflections",
        queryset=_with_words,
        date_field="arrangement__completed_at",
        action=ANONYMISE,
        function=_blank,
        default_days=3 * 365,
    )
