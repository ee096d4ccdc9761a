"""Every URL in Django's resolver, requested through the whole middleware stack with the values that
used to answer 500 (issue 10): Unicode digits, integers too large for the database, lone surrogates
(as the percent-encoded bytes a client sends) and dates far outside 1900 to 2100, both as path ids
and as query parameters, as an administrator (who reaches every page), one bad value at a time. No answer may be a 500.
Deterministic (a fixed list of values) and bounded (one world, a few thousand requests).

A page is sent bad values only in the query parameters its code reads: each route is first requested with
every parameter present and empty, recording which names are looked up (`query_reads`). A page that goes
through all of its query (a link that carries the filters along) is sent every one."""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.db import transaction
from django.http import QueryDict
from django.test import Client

from tests.security.routes import site_routes
from tests.security.world import MatrixWorld, build_matrix_world
from tests.test_permissions_matrix import MATRIX, Case

SURROGATE = "%ED%A0%80"  # "\ud800" as the bytes a client would send (it is not UTF-8)
PATH_VALUES = ["²", "١٢", "9" * 25, str(2**63), "-1", "1.5", SURROGATE]
ID_PARAMETERS = [
    "offer",
    "cohort",
    "session",
    "survey",
    "ics",
    "organisation",
    "academy",
    "region",
    "theme",
    "answer",
    "person",
    "page",
    "limit",
    "offset",
]
TEXT_PARAMETERS = ["q", "search", "kind", "status", "type", "sector", "delivery_format", "format", "table"]
DATE_PARAMETERS = ["from", "to", "date_from", "date_to"]

# One bad value at a time, so that one parameter's 400 cannot hide another's 500: (name, query).
QUERIES = (
    [(name, f"{name}={value}") for name in ID_PARAMETERS for value in ("²", "9" * 25)]
    + [(name, f"{name}={value}") for name in DATE_PARAMETERS for value in ("9999-12-31", "0001-01-01")]
    + [(name, f"{name}={SURROGATE}") for name in TEXT_PARAMETERS]
)
# Sent to every page whatever it reads: the exports' branches, and a surrogate for the middleware.
ALWAYS = ["format=csv&table=responses&to=9999-12-31", "format=xlsx&from=0001-01-01", f"q={SURROGATE}"]
EVERY_NAME = "&".join(f"{name}=" for name in dict.fromkeys(name for name, _ in QUERIES))
BY_NAME = ("__getitem__", "__contains__", "get", "getlist", "pop")
WHOLE = ("__iter__", "keys", "items", "lists", "values", "dict", "copy", "urlencode")
ROLES = ("admin",)  # sees every page, so reaches the deepest code
_PARAMETER = re.compile(r"^<[^>]+>$")


def _base_case(route: str, world: MatrixWorld) -> tuple[str, Case | None]:
    cases = MATRIX.get(route)
    if isinstance(cases, list) and cases:
        return cases[0].path(world), cases[0]
    return "/" + re.sub(r"<[^>]+>", "1", route), None


def _path_variants(route: str, url: str) -> list[str]:
    """The URL with each of its parameters (as the route names them) replaced by each bad value."""
    route_parts = ("/" + route).split("/")
    url_parts = url.split("?")[0].split("/")
    if len(route_parts) != len(url_parts):
        return []
    variants = []
    for index, part in enumerate(route_parts):
        if _PARAMETER.match(part):
            for value in PATH_VALUES:
                parts = list(url_parts)
                parts[index] = value
                variants.append("/".join(parts))
    return variants


@contextmanager
def query_reads() -> Iterator[set[str]]:
    """The query parameter names looked up while the block runs ("*": the whole query was gone through)."""
    seen: set[str] = set()

    def by_name(original: Any) -> Any:
        def lookup(self: QueryDict, key: str, *args: Any, **kwargs: Any) -> Any:
            seen.add(key)
            return original(self, key, *args, **kwargs)

        return lookup

    def whole(original: Any) -> Any:
        def walk(self: QueryDict, *args: Any, **kwargs: Any) -> Any:
            seen.add("*")
            return original(self, *args, **kwargs)

        return walk

    own = {name: QueryDict.__dict__[name] for name in BY_NAME + WHOLE if name in QueryDict.__dict__}
    for name in BY_NAME:
        setattr(QueryDict, name, by_name(getattr(QueryDict, name)))
    for name in WHOLE:
        setattr(QueryDict, name, whole(getattr(QueryDict, name)))
    try:
        yield seen
    finally:
        for name in BY_NAME + WHOLE:
            if name in own:
                setattr(QueryDict, name, own[name])
            else:
                delattr(QueryDict, name)


def test_query_reads_sees_lookups_by_name_and_walks() -> None:
    query = QueryDict("offer=1&q=x")
    with query_reads() as seen:
        query.get("offer")
        assert "q" in query
    assert seen == {"offer", "q"}
    with query_reads() as seen:
        query.copy()
    assert seen == {"*"}
    assert "get" not in QueryDict.__dict__  # put back as it was


def _request(client: Client, case: Case | None, url: str, world: MatrixWorld) -> Any:
    with transaction.atomic():
        if case is not None and case.method == "post" and not url.startswith("/logout/"):
            data = case.data(world)
            uploads = any(hasattr(value, "read") for value in data.values())
            if url.startswith("/api/") and not uploads:
                response = client.post(url, data, content_type="application/json")
            else:  # a form, or a file upload: multipart
                response = client.post(url, data)
        else:
            response = client.get(url)
        transaction.set_rollback(True)
    return response


@pytest.mark.django_db
def test_no_page_or_endpoint_answers_500_to_bad_ids_or_query_values() -> None:
    world = build_matrix_world()
    clients = {}
    for role in ROLES:
        client = Client(raise_request_exception=False)
        client.force_login(world.users[role])
        clients[role] = client
    requests, failures = 0, []
    for found in site_routes():
        url, case = _base_case(found.route, world)
        urls = _path_variants(found.route, url)
        pdf = ".pdf" in url  # rendering takes seconds: bad path ids only
        joiner = "&" if "?" in url else "?"
        for role, client in clients.items():
            targets = list(urls)
            if not url.startswith("/api/") and not pdf:  # the API's: tests/api/test_schema_fuzz.py
                with query_reads() as read:
                    _request(client, case, f"{url}{joiner}{EVERY_NAME}", world)
                queries = [q for name, q in QUERIES if "*" in read or name in read] + ALWAYS
                targets += [f"{url}{joiner}{query}" for query in queries]
            for target in targets:
                response = _request(client, case, target, world)
                requests += 1
                if response.status_code >= 500:
                    failures.append(
                        f"{role} {case.method if case else 'get'} {target} -> {response.status_code}"
                    )
    for role, client in clients.items():  # still signed in: every request above was made as `role`
        assert client.get("/api/v1/me/").status_code == 200, role
    print(f"route walk: {requests} requests, {len(failures)} answered 500")
    assert not failures, "\n".join(failures)
