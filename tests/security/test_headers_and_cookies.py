"""Every response carries the security headers; only the two essential cookies are ever set."""

import pytest
from django.test import Client

from tests.security.world import build_matrix_world
from tests.test_permissions_matrix import MATRIX

ESSENTIAL_COOKIES = {"sessionid", "csrftoken"}


def assert_security_headers(response) -> None:  # noqa: ANN001
    csp = response.headers.get("Content-Security-Policy", "")
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert response.headers.get("X-Frame-Options") == "DENY"
    assert response.headers.get("X-Content-Type-Options") == "nosniff"
    assert response.headers.get("Referrer-Policy") == "same-origin"


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/login/", "/accessibility/", "/privacy/", "/cookies/", "/offers/"])
def test_public_pages_send_security_headers(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert_security_headers(response)


@pytest.mark.django_db
def test_not_found_page_and_api_send_security_headers(client: Client) -> None:
    assert_security_headers(client.get("/no-such-page/"))
    assert_security_headers(client.get("/api/v1/"))
    assert_security_headers(client.get("/api/schema/"))


@pytest.mark.django_db
def test_session_cookie_is_http_only_same_site_and_expires() -> None:
    world = build_matrix_world()
    client = Client()
    response = client.post(
        "/login/", {"username": world.participant.email, "password": "correct-horse-battery"}
    )
    assert response.status_code == 302
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    assert int(cookie["max-age"]) <= 8 * 3600
    assert response.cookies["csrftoken"]["samesite"] == "Lax"


@pytest.mark.django_db
def test_only_essential_cookies_are_set_on_any_page() -> None:
    """Anonymous and logged-in visits to every page in the matrix set nothing but sessionid and csrftoken."""
    world = build_matrix_world()
    seen: dict[str, set[str]] = {}
    for role in ("anonymous", "participant", "pm", "admin"):
        client = Client()
        if world.users[role] is not None:
            client.force_login(world.users[role])
        for cases in MATRIX.values():
            if isinstance(cases, str):
                continue
            for case in cases:
                if case.method != "get":
                    continue
                path = case.path(world)
                response = client.get(path)
                for name in response.cookies:
                    seen.setdefault(name, set()).add(path)
        extra = {name: sorted(paths)[:5] for name, paths in seen.items() if name not in ESSENTIAL_COOKIES}
        assert not extra, f"non-essential cookies set (as {role}): {extra}"
