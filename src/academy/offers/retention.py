"""What offers keeps for a period (core/retention.py): reasonable-adjustment requests.

An adjustment request is needed while its cohort runs; once its period after the cohort's end has passed,
what was asked and answered is blanked. The request row stays, so "n people asked for adjustments" holds.
"""

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet

from academy.core.retention import ANONYMISE, retention_register

from .models import AdjustmentRequest


def _blank_adjustments(rows: QuerySet[Any], today: dt.date) -> None:
    rows.update(request="", response="")


def register() -> None:
    retention_register(
        kind="offers.adjustments",
        label="Reasonable-adjustment requests (after the cohort ends)",
        queryset=lambda: AdjustmentRequest.objects.filter(~Q(request="") | ~Q(response="")),
        date_field="booking__cohort__ends_on",
        action=ANONYMISE,
        function=_blank_adjustments,
        default_days=365,
    )
