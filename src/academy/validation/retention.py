"""What validation keeps for a period (core/retention.py): evidence files and claim narratives.

Both are judged from the panel's decision on the route (its outcome). An evidence file past its period is
deleted from storage; the evidence row stays (its title, name and size), so the coverage map and the
pipeline count the same items. A narrative past its period is replaced by a note saying it was removed, in
the claim and in its submitted copies, so every element still counts as written and the coverage counts
print the same.
"""

import datetime as dt
from typing import Any

from django.db.models import QuerySet

from academy.core.retention import ANONYMISE, DELETE, retention_register

from .models import ClaimEntry, ClaimSubmission, Evidence

REMOVED = "(removed after its retention period)"


def _files() -> QuerySet[Evidence]:
    return Evidence.objects.filter(entry__claim__route__outcome_at__isnull=False).exclude(file="")


def _delete_files(rows: QuerySet[Any], today: dt.date) -> None:
    for evidence in rows:
        evidence.file.delete(save=False)  # storage file gone; the row keeps counting as an item
        evidence.file = ""
        evidence.save(update_fields=["file", "updated_at"])


def _narratives() -> QuerySet[ClaimEntry]:
    return (
        ClaimEntry.objects.filter(claim__route__outcome_at__isnull=False)
        .exclude(narrative="")
        .exclude(narrative=REMOVED)
    )


def _blank_narratives(rows: QuerySet[Any], today: dt.date) -> None:
    claim_ids = set(rows.values_list("claim_id", flat=True))
    rows.update(narrative=REMOVED)
    for submission in ClaimSubmission.objects.select_for_update().filter(claim_id__in=claim_ids):
        for entry in submission.snapshot.get("entries", []):
            if entry.get("narrative"):
                entry["narrative"] = REMOVED
        submission.save(update_fields=["snapshot"])


def register() -> None:
    retention_register(
        kind="validation.evidence_files",
        label="Evidence files uploaded to validation claims",
        queryset=_files,
        date_field="entry__claim__route__outcome_at",
        action=DELETE,
        function=_delete_files,
        default_days=365,
    )
    retention_register(
        kind="validation.claim_narratives",
        label="What practitioners wrote in their validation claims",
        queryset=_narratives,
        date_field="claim__route__outcome_at",
        action=ANONYMISE,
        function=_blank_narratives,
        default_days=3 * 365,
    )
