"""What a launch rush reads, kept in the cache and thrown away by any write (issue 17): rendered page bodies
(`cached`), whole pages per session (`WholePageCacheMiddleware`), and any other value (`remember`: the API's
lists and token check). docs/request-flow.md says which pages and lists are kept.

A value is kept with the *data version* it was computed at: one counter in the cache, bumped whenever a
model is saved or deleted (and by the few services that write in bulk, which send no signals: `bump()`).
A kept value is served only while the version is unchanged: after a booking, a cancellation, an edited
offer or cohort, anyone's changed name, the next request computes afresh. The version and the value are
read in one round trip (`_kept`). The value is kept under a key made of

- today's date (what is open for booking depends on it), and a short expiry, so that anything that
  changes with time alone (a booking closing at midnight) is at most `BODY_SECONDS` old;
- everything the body depends on, given by the view: the page, its query string, and for a page that
  shows anything of the person's own, their session key, so that one user's page is never served to
  another (a session belongs to one user; logging in again starts a new one).

Only the page's own content is cached: the header, menu, messages and CSRF token are rendered for every
request by `web/base.html`. The version is bumped at once and again when the transaction commits, so a
page rendered from the old data between the write and its commit is not kept.

With more than one server process the cache must be shared (`CACHE_URL=redis://…`, see settings): with
the default in-process cache a write in one process would not reach another's cached pages.
"""

import hashlib
import time
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.template import Context, loader
from django.urls import Resolver404, get_urlconf, resolve
from django.utils import timezone
from django.utils.safestring import mark_safe

VERSION_KEY = "pagecache:version"
BODY_SECONDS = 60
# Writes that change no page: sessions (touched by every request), login throttling, the audit log
# (some pages record that they were read) and the outbox's own bookkeeping.
IGNORED = {
    ("sessions", "session"),
    ("axes", "accessattempt"),
    ("axes", "accesslog"),
    ("axes", "accessfailurelog"),
    ("admin", "logentry"),
    ("core", "auditentry"),
    ("core", "outboxmessage"),
}
# Deletions are watched only for these apps: a receiver for every model would stop Django deleting
# other apps' rows (e.g. evaluation tallies) in one statement. API tokens are watched because the API's
# token check is kept too (api/authentication.py): a revoked token must be refused at once.
WATCHED_DELETE_APPS = {"offers", "people", "core", "authtoken"}


def version() -> int:
    value = cache.get(VERSION_KEY)
    if value is None:
        cache.add(VERSION_KEY, 1, timeout=None)
        value = cache.get(VERSION_KEY, 1)
    return int(value)


def _incr() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not there yet (or evicted): any new value is a new version
        cache.add(VERSION_KEY, 1, timeout=None)
        cache.incr(VERSION_KEY)


def bump() -> None:
    """Every cached page body is stale from now on, and again once the current transaction commits."""
    _incr()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(_incr)


def _kept(key: str) -> tuple[int, Any]:
    """The data version now and the value kept under `key` at that version (None if there is none, or only
    one kept at an older version), read in one round trip to the cache."""
    found = cache.get_many([VERSION_KEY, key])
    now = found.get(VERSION_KEY)
    if now is None:
        now = version()
    kept = found.get(key)
    if kept is None or kept[0] != now:
        return now, None
    return now, kept[1]


def _keep(key: str, at_version: int, value: Any, seconds: int) -> None:
    """Keep `value` as computed at `at_version`, the version read *before* computing it: a write committed
    meanwhile has bumped the version, so what was computed from the old data is never served."""
    cache.set(key, (at_version, value), timeout=seconds)


def remember(name: str, parts: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
    """The value `compute()` gave for `name` and `parts` at the current data version today, computed now
    when not kept (or expired after `BODY_SECONDS`)."""
    today = timezone.localdate().isoformat()
    digest = hashlib.sha256(repr((today, *parts)).encode()).hexdigest()[:32]
    key = f"pagecache:{name}:{digest}"
    at_version, value = _kept(key)
    if value is None:
        value = compute()
        _keep(key, at_version, value, BODY_SECONDS)
    return value


def cached(name: str, parts: tuple[Any, ...], render: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """The cached rendering of page `name` for `parts`, made by `render()` when not cached: a dict whose
    "body" is HTML rendered by our own templates (autoescaped), marked safe again on the way out."""

    def rendered() -> dict[str, Any]:
        page = render()
        return {**page, "body": str(page["body"])}

    page = remember(name, parts, rendered)
    return {**page, "body": mark_safe(page["body"])}  # noqa: S308 - our own autoescaped templates


def render_body(template_name: str, context: dict[str, Any], request: HttpRequest) -> str:
    """A body rendered without the context processors: the header's menu and roles are not in it, and
    they would cost their queries twice. `{% querystring %}` and `{% url %}` still see the request."""
    template = loader.get_template(template_name).template  # type: ignore[attr-defined]
    bound = Context(context, autoescape=True)
    bound.request = request  # type: ignore[attr-defined]
    return str(template.render(bound))


# --- Whole pages, for the pages a launch rush reads ------------------------------------------------------

PAGE_SECONDS = 60
HTMX_HEADERS = ("HX-Request", "HX-History-Restore-Request", "HX-Target")


def whole_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Mark a GET view whose whole response may be cached per session by `WholePageCacheMiddleware`: its
    access rule may depend only on who is logged in, and the only thing it may record when read is an
    audited read it notes on its response (`audited_read`), which a kept copy records again."""
    view.whole_page_cache = True  # type: ignore[attr-defined]
    return view


def audited_read(response: HttpResponse, *, action: str, obj: Model) -> None:
    """Note on a page's response an audited read the page recorded (core.audit), so that every time
    `WholePageCacheMiddleware` serves the kept page again it records the read again: a kept page is still
    a read, by the session's user."""
    reads = getattr(response, "audited_reads", [])
    reads.append((action, obj._meta.label_lower, str(obj.pk)))
    response.audited_reads = reads  # type: ignore[attr-defined]


def _record_reads(reads: list[tuple[str, str, str]], user_id: str | None) -> None:
    from .models import AuditEntry

    actor_id = int(user_id) if user_id else None
    AuditEntry.objects.bulk_create(
        [AuditEntry(actor_id=actor_id, action=a, object_type=t, object_id=i) for a, t, i in reads]
    )


class WholePageCacheMiddleware:
    """Serve a marked page (`whole_page`) again to the same session from the cache, without a query.

    The page is kept at the data version (any write: rendered afresh) under a key made of the session's key
    *and* contents (a new login, a flash message waiting, the time of the last request: a new key; no
    session: the visitor's page, which shows nothing of anyone's), the path and query string and the htmx
    request headers. A response is kept only when it is a plain 200 that set no cookie and left the session
    unchanged (so a page that showed a flash message is not shown again). Placed after the session,
    security, CSP and frame middleware, whose headers every response still gets, and before the
    authentication and idle-timeout checks, which the kept page passed when it was rendered for that same
    session (an idle session is never served from here).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method != "GET" or not self._marked(request):
            return self.get_response(request)
        session = request.session
        # Read first: loading the session finds out whether its key is still good (None if not).
        contents = repr(sorted(session.items()))
        last_seen = session.get("last_seen")
        if last_seen is not None and time.time() - last_seen > settings.SESSION_IDLE_TIMEOUT:
            return self.get_response(request)  # the idle timeout logs them out on the way
        parts = (
            session.session_key,
            contents,
            request.get_full_path(),
            request.get_host(),
            *(request.headers.get(name, "") for name in HTMX_HEADERS),
        )
        key = "wholepage:" + hashlib.sha256(repr(parts).encode()).hexdigest()[:40]
        at_version, kept = _kept(key)
        if kept is not None:
            if kept.get("audited_reads"):
                _record_reads(kept["audited_reads"], session.get(SESSION_KEY))
            response = HttpResponse(kept["content"], status=200)
            for header, value in kept["headers"]:
                response[header] = value
            return response
        response = self.get_response(request)
        if (
            response.status_code == 200
            and not response.cookies
            and not getattr(response, "streaming", False)
            and not session.modified
            and not response.has_header("Set-Cookie")
        ):
            headers = [(k, v) for k, v in response.items() if k.lower() != "set-cookie"]
            kept = {
                "content": response.content,
                "headers": headers,
                "audited_reads": getattr(response, "audited_reads", []),
            }
            _keep(key, at_version, kept, PAGE_SECONDS)
        return response

    @staticmethod
    def _marked(request: HttpRequest) -> bool:
        return _marked_path(get_urlconf(), request.path_info)


@lru_cache(maxsize=4096)
def _marked_path(urlconf: str | None, path: str) -> bool:
    """Whether the view at `path` is marked `whole_page`: resolved once per path, not on every request."""
    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return False
    return bool(getattr(match.func, "whole_page_cache", False))


def _on_write(sender: type[Model], **kwargs: Any) -> None:
    meta = sender._meta
    if (meta.app_label, meta.model_name) in IGNORED:
        return
    bump()


def connect() -> None:
    from django.apps import apps

    post_save.connect(_on_write, dispatch_uid="pagecache-save")
    m2m_changed.connect(_on_write, dispatch_uid="pagecache-m2m")
    for model in apps.get_models():
        if model._meta.app_label in WATCHED_DELETE_APPS:
            post_delete.connect(_on_write, sender=model, dispatch_uid=f"pagecache-delete-{model._meta.label}")
