from collections.abc import Iterable
from typing import Any

from django.db import models

from .models import AuditEntry


def audit_record(*, actor: Any, action: str, obj: models.Model, **detail: Any) -> AuditEntry:
    """Write one audit entry. `detail` must never hold personal data beyond ids."""
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        detail=detail,
    )


def audit_record_many(*, actor: Any, action: str, objs: Iterable[models.Model]) -> int:
    """One audit entry per object read in a list, written in a single insert."""
    entries = [
        AuditEntry(
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            action=action,
            object_type=obj._meta.label_lower,
            object_id=str(obj.pk),
        )
        for obj in objs
    ]
    AuditEntry.objects.bulk_create(entries)
    return len(entries)
