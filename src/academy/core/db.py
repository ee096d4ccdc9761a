"""Reports and dashboards read from a replica when one is configured (the `replica` database alias).

Everything else — every write, and every read that a write depends on — uses `default`. A request whose
path starts with one of REPORT_READ_PATHS is served inside `reports_read()`, and while it is active the
router sends plain reads to the replica. Locking reads (`select_for_update`) count as writes in Django,
so they stay on the primary. Without a `replica` alias the router answers None and Django uses default.
"""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import connections
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
_reading_for_reports: ContextVar[bool] = ContextVar("reading_for_reports", default=False)


@contextmanager
def reports_read() -> Iterator[None]:
    token = _reading_for_reports.set(True)
    try:
        yield
    finally:
        _reading_for_reports.reset(token)


def replica_configured() -> bool:
    return REPLICA in connections.settings


class ReportReplicaRouter:
    def db_for_read(self, model: type[Any], **hints: Any) -> str | None:
        if _reading_for_reports.get() and replica_configured():
            return REPLICA
        return None

    def db_for_write(self, model: type[Any], **hints: Any) -> str | None:
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return db != REPLICA  # the replica follows the primary; nothing migrates it directly


class ReportReplicaMiddleware:
    """Serve report and dashboard pages (and their API) with reads routed to the replica."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in {"GET", "HEAD"} and request.path.startswith(tuple(settings.REPORT_READ_PATHS)):
            with reports_read():
                return self.get_response(request)
        return self.get_response(request)
