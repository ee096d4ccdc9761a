"""Retention: each kind of record is kept for a period, then anonymised or deleted by a scheduled job.

Apps register their kinds from `AppConfig.ready()` (in `<app>/retention.py`), so `core` imports none of them:

    retention_register(
        kind="evaluation.free_text", label="Written answers to evaluation questions",
        queryset=lambda: Answer.objects.filter(question__type="free_text").exclude(text=""),
        date_field="response__submitted_at", action=ANONYMISE, function=_blank, default_days=3 * 365,
    )

- `queryset`: the rows that still hold what the kind removes (an anonymised row must drop out of it, or it
  would be counted again); `date_field` (a DateField or DateTimeField, across relations if need be) dates
  each row. A row goes once that date is before the start of the day `days` before today, so a record is
  kept for at least its full period.
- `action`: ANONYMISE (`function(rows, today)` blanks the text and keeps what figures count: the row, its
  choices and ratings, and whatever the tallies need) or DELETE (the rows are deleted, or `function` is
  called to delete them when deleting needs more than `.delete()`).
- `storage_prefix` instead of a queryset: files in the default storage under that folder, dated by their
  modification time, deleted (uploads kept between the steps of an import, evidence files).
- `default_days`: the period until an administrator sets one (None: kept until one is set).

The administrator sets periods in the admin ("Retention periods"), where a dry run lists what would go
today. `retention_apply` runs every night (the beat schedule) and writes one audit entry per run.
"""

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone

from .audit import audit_record
from .models import RetentionPeriod, RetentionRun
from .types import Actor

logger = logging.getLogger(__name__)

ANONYMISE: Final = "anonymise"
DELETE: Final = "delete"
Action = Literal["anonymise", "delete"]
LISTED = 20  # items named per kind in a dry run


@dataclass(frozen=True)
class RetentionKind:
    kind: str
    label: str
    action: Action
    default_days: int | None
    queryset: Callable[[], QuerySet[Any]] | None = None
    date_field: str = ""
    function: Callable[[QuerySet[Any], dt.date], Any] | None = None
    storage_prefix: str = ""


@dataclass(frozen=True)
class Due:
    """What one kind would lose today: its period, the cut-off and the records past it."""

    kind: RetentionKind
    days: int | None
    cutoff: dt.date | None
    count: int
    listed: list[str] = field(default_factory=list)


_kinds: dict[str, RetentionKind] = {}


def retention_register(
    *,
    kind: str,
    label: str,
    action: Action,
    default_days: int | None,
    queryset: Callable[[], QuerySet[Any]] | None = None,
    date_field: str = "",
    function: Callable[[QuerySet[Any], dt.date], Any] | None = None,
    storage_prefix: str = "",
) -> None:
    """Called from an app's `AppConfig.ready()`; registering a kind again (a reloaded app) replaces it."""
    if action not in (ANONYMISE, DELETE):
        raise ValueError(f"retention action must be {ANONYMISE!r} or {DELETE!r}, not {action!r}")
    if (queryset is None) == (not storage_prefix):
        raise ValueError(f"{kind}: give either a queryset with its date field or a storage prefix")
    if queryset is not None and not date_field:
        raise ValueError(f"{kind}: a queryset needs the date field that dates its rows")
    if action == ANONYMISE and function is None:
        raise ValueError(f"{kind}: anonymising needs the function that blanks the rows")
    _kinds[kind] = RetentionKind(
        kind=kind,
        label=label,
        action=action,
        default_days=default_days,
        queryset=queryset,
        date_field=date_field,
        function=function,
        storage_prefix=storage_prefix,
    )


def retention_kinds() -> list[RetentionKind]:
    return [_kinds[kind] for kind in sorted(_kinds)]


def retention_periods() -> dict[str, int | None]:
    """The period of every registered kind in days: the administrator's, else the app's default."""
    set_by_admin = dict(RetentionPeriod.objects.values_list("kind", "days"))
    return {k.kind: set_by_admin.get(k.kind, k.default_days) for k in retention_kinds()}


def _is_datetime(model: type[models.Model], path: str) -> bool:
    current: Any = model
    target: Any = None
    for name in path.split("__"):
        target = current._meta.get_field(name)
        current = target.related_model or current
    return isinstance(target, models.DateTimeField)


def _expired_rows(kind: RetentionKind, cutoff: dt.date) -> QuerySet[Any]:
    assert kind.queryset is not None
    rows = kind.queryset()
    if _is_datetime(rows.model, kind.date_field):
        start = timezone.make_aware(dt.datetime.combine(cutoff, dt.time.min))
        return rows.filter(**{f"{kind.date_field}__lt": start})
    return rows.filter(**{f"{kind.date_field}__lt": cutoff})


def _expired_files(kind: RetentionKind, cutoff: dt.date) -> list[str]:
    start = timezone.make_aware(dt.datetime.combine(cutoff, dt.time.min))
    folder = kind.storage_prefix.rstrip("/")
    try:
        _, names = default_storage.listdir(folder)
    except FileNotFoundError:
        return []
    paths = sorted(f"{folder}/{name}" for name in names)
    return [path for path in paths if default_storage.get_modified_time(path) < start]


def retention_due(*, today: dt.date | None = None) -> list[Due]:
    """The dry run: for every kind, what would go if the job ran today. Nothing is changed."""
    today = today or timezone.localdate()
    periods = retention_periods()
    due = []
    for kind in retention_kinds():
        days = periods[kind.kind]
        if days is None:
            due.append(Due(kind=kind, days=None, cutoff=None, count=0))
            continue
        cutoff = today - dt.timedelta(days=days)
        if kind.storage_prefix:
            files = _expired_files(kind, cutoff)
            due.append(Due(kind=kind, days=days, cutoff=cutoff, count=len(files), listed=files[:LISTED]))
        else:
            rows = _expired_rows(kind, cutoff)
            listed = [
                f"{rows.model._meta.verbose_name} {pk}"
                for pk in rows.order_by("pk").values_list("pk", flat=True)[:LISTED]
            ]
            due.append(Due(kind=kind, days=days, cutoff=cutoff, count=rows.count(), listed=listed))
    return due


def _may_manage_retention(user: Actor | None) -> bool:
    if user is None:
        return True  # the scheduled job
    someone: Any = user
    return bool(someone.is_superuser or someone.has_perm("core.change_retentionperiod"))


def _remove(kind: RetentionKind, cutoff: dt.date, today: dt.date) -> int:
    if kind.storage_prefix:
        files = _expired_files(kind, cutoff)
        for path in files:
            default_storage.delete(path)
        return len(files)
    with transaction.atomic():
        rows = _expired_rows(kind, cutoff)
        count = rows.count()
        if kind.function is not None:
            kind.function(rows, today)
        else:
            rows.delete()
        return count


def retention_apply(*, by: Actor | None, today: dt.date | None = None) -> RetentionRun:
    """Anonymise or delete every record past its period, kind by kind, and audit the run.

    Each kind is one transaction: a kind that fails is rolled back, logged (its error class only) and named in
    the run's audit entry, and the other kinds still go; the job tries it again the next night.
    """
    if not _may_manage_retention(by):
        raise PermissionDenied("Only an administrator can run retention.")
    today = today or timezone.localdate()
    removed: dict[str, int] = {}
    failed: list[str] = []
    for due in retention_due(today=today):
        kind = due.kind
        removed[kind.kind] = 0
        if due.cutoff is None or due.count == 0:
            continue
        try:
            removed[kind.kind] = _remove(kind, due.cutoff, today)
        except Exception as error:  # noqa: BLE001 - one kind's failure must not stop the others
            logger.error("retention of %s failed: %s", kind.kind, type(error).__name__)
            failed.append(kind.kind)
    with transaction.atomic():
        run = RetentionRun.objects.create(
            today=today, removed=removed, by_id=by.pk if by is not None and by.is_authenticated else None
        )
        audit_record(
            actor=by,
            action="core.retention.run",
            obj=run,
            today=today.isoformat(),
            removed=removed,
            failed=failed,
        )
    return run


@transaction.atomic
def retention_period_set(*, kind: str, days: int | None, by: Actor) -> RetentionPeriod:
    """Set how long a kind is kept (None: for good)."""
    if not _may_manage_retention(by) or by is None:
        raise PermissionDenied("Only an administrator can set retention periods.")
    if kind not in _kinds:
        raise ValidationError({"kind": "There is no such kind of record."})
    if days is not None and not 1 <= days <= 100 * 366:
        raise ValidationError({"days": "Enter a number of days between 1 and 36,600."})
    period, _ = RetentionPeriod.objects.update_or_create(
        kind=kind, defaults={"days": days, "updated_by_id": by.pk if by.is_authenticated else None}
    )
    audit_record(actor=by, action="core.retention.period_set", obj=period, kind=kind, days=days)
    return period
