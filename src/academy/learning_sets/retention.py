"""What communities keep for a period (core/retention.py): announcements and shared resources.

An announcement past its period loses its subject and message (the row stays, with how many members it was
sent to, so nothing counted changes); a resource past its period is deleted with its file. Neither is
counted in a community's figures or report, which stay as they were.
"""

import datetime as dt
from typing import Any

from django.db.models import QuerySet

from academy.core.retention import ANONYMISE, DELETE, retention_register

from .models import Announcement, Resource

REMOVED = "(removed after its retention period)"


def _blank_announcements(rows: QuerySet[Any], today: dt.date) -> None:
    rows.update(subject=REMOVED, body="")


def _delete_resources(rows: QuerySet[Any], today: dt.date) -> None:
    for resource in rows:
        if resource.file:
            resource.file.delete(save=False)
        resource.delete()


def register() -> None:
    retention_register(
        kind="learning_sets.announcements",
        label="Announcements emailed to community members",
        queryset=lambda: Announcement.objects.exclude(body=""),
        date_field="created_at",
        action=ANONYMISE,
        function=_blank_announcements,
        default_days=2 * 365,
    )
    retention_register(
        kind="learning_sets.resources",
        label="Links and files shared with a community",
        queryset=lambda: Resource.objects.all(),
        date_field="created_at",
        action=DELETE,
        function=_delete_resources,
        default_days=3 * 365,
    )
