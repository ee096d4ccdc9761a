"""Every URL pattern the site answers, walked from Django's resolver, as readable route strings."""

import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RegexPattern, RoutePattern

# Routes that are not ours to police here, each with the reason.
SKIPPED_PREFIXES = {
    "admin/": "Django admin internals (the admin index itself is in the matrix)",
    "oidc/": "mozilla-django-oidc's sign-in endpoints (tested by the people engineer's SSO test)",
    "static/": "static files",
    "media/": "uploaded files",
}
SKIPPED_ROUTES = {
    "api/schema/": "the OpenAPI document (public by design; fuzzed in tests/api)",
    "api/docs/": "Swagger UI for the schema",
    "api/redoc/": "ReDoc for the schema",
}


@dataclass(frozen=True)
class Route:
    route: str  # e.g. "manage/cohorts/<int:pk>/" or "api/v1/offers/<pk>/"
    name: str  # namespaced URL name, "" when unnamed


def _piece(pattern: RoutePattern | RegexPattern) -> str | None:
    if isinstance(pattern, RoutePattern):
        return str(pattern)
    text = pattern.regex.pattern
    if "(?P<format>" in text:
        return None  # DRF's format-suffix duplicates (offers.json) of routes already listed
    return normalise(text)


def normalise(text: str) -> str:
    """A regex route as a readable one: ^offers/(?P<pk>[^/.]+)/$ -> offers/<pk>/."""
    text = text.replace("^", "").replace("$", "").replace("\\Z", "")
    text = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"<\1>", text)
    return text.replace("\\.", ".").replace("/?", "/")


def _walk(patterns: list, prefix: str, namespace: str) -> Iterator[Route]:
    for entry in patterns:
        piece = _piece(entry.pattern)
        if piece is None:
            continue
        route = prefix + piece
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, route, inner)
        elif isinstance(entry, URLPattern):
            yield Route(route=route, name=f"{namespace}{entry.name}" if entry.name else "")


def skipped(route: str) -> str | None:
    if route in SKIPPED_ROUTES:
        return SKIPPED_ROUTES[route]
    for prefix, reason in SKIPPED_PREFIXES.items():
        if route.startswith(prefix) and route != "admin/":
            return reason
    return None


def site_routes() -> list[Route]:
    """Every route in the resolver that the permissions matrix must cover, in resolver order."""
    seen: dict[str, Route] = {}
    for found in _walk(get_resolver().url_patterns, "", ""):
        if not skipped(found.route) and found.route not in seen:
            seen[found.route] = found
    return list(seen.values())
