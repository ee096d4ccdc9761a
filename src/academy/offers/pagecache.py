"""Rendered page bodies kept in the cache, thrown away by any write (issue 17).

A page body is cached under a key made of

- the *data version*: one counter in the cache, bumped whenever a model is saved or deleted (and by the
  few services that write in bulk, which send no signals: `bump()`). A booking, a cancellation, an
  edited offer or cohort, anyone's changed name: the next request renders afresh;
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
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest
from django.template import Context, loader
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
    ("authtoken", "token"),
}
# Deletions are watched only for these apps: a receiver for every model would stop Django deleting
# other apps' rows (e.g. evaluation tallies) in one statement.
WATCHED_DELETE_APPS = {"offers", "people", "core"}


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


def cached(name: str, parts: tuple[Any, ...], render: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """The cached rendering of page `name` for `parts`, made by `render()` when not cached: a dict whose
    "body" is HTML rendered by our own templates (autoescaped), marked safe again on the way out."""
    today = timezone.localdate().isoformat()
    digest = hashlib.sha256(repr((today, *parts)).encode()).hexdigest()[:32]
    key = f"pagecache:{version()}:{name}:{digest}"
    page = cache.get(key)
    if page is None:
        page = render()
        page["body"] = str(page["body"])
        cache.set(key, page, timeout=BODY_SECONDS)
    return {**page, "body": mark_safe(page["body"])}  # noqa: S308 - our own autoescaped templates


def render_body(template_name: str, context: dict[str, Any], request: HttpRequest) -> str:
    """A body rendered without the context processors: the header's menu and roles are not in it, and
    they would cost their queries twice. `{% querystring %}` and `{% url %}` still see the request."""
    template = loader.get_template(template_name).template  # type: ignore[attr-defined]
    bound = Context(context, autoescape=True)
    bound.request = request  # type: ignore[attr-defined]
    return str(template.render(bound))


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
