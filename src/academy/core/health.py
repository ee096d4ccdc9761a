"""`/health/`: whether the database, the broker and at least one worker answer, as JSON.

200 when every part is up, 503 when one is down, so a load balancer or monitor can act on the status
alone and a person can read which part failed. With no broker configured (the embedded default), tasks
run in the web process, and broker and worker are reported as "in-process".
"""

import time
from collections.abc import Callable

from django.conf import settings
from django.db import connections
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

WORKER_PING_TIMEOUT = 1.0


def _timed(check: Callable[[], str]) -> dict[str, object]:
    started = time.monotonic()
    try:
        status = check()
    except Exception as error:  # noqa: BLE001 - any failure means the part is down; the class says why
        return {"status": "down", "error": type(error).__name__}
    return {"status": status, "ms": round((time.monotonic() - started) * 1000)}


def _database() -> str:
    with connections["default"].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def _broker() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "in-process"
    from kombu import Connection

    with Connection(settings.CELERY_BROKER_URL, connect_timeout=2) as connection:
        connection.ensure_connection(max_retries=1, timeout=2)
    return "ok"


def _worker() -> str:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        return "in-process"
    from academy.config.celery import app

    replies = app.control.ping(timeout=WORKER_PING_TIMEOUT)
    if not replies:
        raise LookupError("no worker answered")
    return "ok"


@never_cache
@require_GET
def health(request: HttpRequest) -> JsonResponse:
    parts = {"database": _timed(_database), "broker": _timed(_broker), "worker": _timed(_worker)}
    up = all(part["status"] != "down" for part in parts.values())
    return JsonResponse({"status": "ok" if up else "down", **parts}, status=200 if up else 503)
