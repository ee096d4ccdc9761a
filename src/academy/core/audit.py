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
