"""API-wide rules: every operation refuses anonymous callers, tokens work, a bad token is refused."""

import re
import uuid
from typing import Any

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from tests.security.world import build_matrix_world

PASSWORD = "correct-horse-battery"


def operations(client: Client) -> list[tuple[str, str, dict[str, Any]]]:
    schema = client.get("/api/schema/?format=json").json()
    found = []
    for path, items in schema["paths"].items():
        for method, operation in items.items():
            if method in {"get", "post", "put", "patch", "delete"}:
                found.append((method, path, operation))
    return found


def concrete_path(path: str, operation: dict[str, Any], pk: int) -> str:
    """The path with an existing row's id in each placeholder (a UUID where the schema says so), so that it
    resolves and only the authentication can refuse it."""
    schemas = {p["name"]: p.get("schema", {}) for p in operation.get("parameters", [])}

    def is_uuid(name: str) -> bool:
        schema = schemas.get(name, {})
        return schema.get("format") == "uuid" or "{8}-" in schema.get("pattern", "")

    def value(match: re.Match[str]) -> str:
        return str(uuid.UUID(int=pk)) if is_uuid(match.group(1)) else str(pk)

    return re.sub(r"\{([^}]+)\}", value, path)


def is_public(operation: dict[str, Any]) -> bool:
    """An operation whose security list allows "no auth" ({}), e.g. an e-mailed single-use survey link."""
    return {} in operation.get("security", [{}])


@pytest.mark.django_db
def test_every_operation_refuses_anonymous_callers() -> None:
    world = build_matrix_world()
    client = Client()
    refused, public, problems = 0, [], []
    for method, path, operation in operations(client):
        concrete = concrete_path(path, operation, world.booking.pk)
        response = getattr(client, method)(concrete, {}, content_type="application/json")
        if path == "/api/v1/auth/token/" or is_public(operation):
            public.append(f"{method.upper()} {path}")
            if response.status_code >= 500:
                problems.append(
                    f"{method.upper()} {path} answered {response.status_code} to an anonymous caller"
                )
            continue
        if response.status_code in (401, 403):
            refused += 1
        else:
            problems.append(f"{method.upper()} {path} answered {response.status_code} to an anonymous caller")
    assert not problems, "\n".join(problems)
    assert refused >= 40, f"only {refused} operations checked"
    print("public operations:", public)


@pytest.mark.django_db
def test_obtain_token_and_call_the_api_with_it() -> None:
    world = build_matrix_world()
    client = Client()
    response = client.post("/api/v1/auth/token/", {"username": world.participant.email, "password": PASSWORD})
    assert response.status_code == 200
    token = response.json()["token"]
    assert Token.objects.get(key=token).user == world.participant.user
    mine = client.get("/api/v1/bookings/", HTTP_AUTHORIZATION=f"Token {token}")
    assert mine.status_code == 200
    assert {item["id"] for item in mine.json()["results"]} >= {world.booking.pk}


@pytest.mark.django_db
def test_wrong_password_gets_no_token_and_a_field_error() -> None:
    world = build_matrix_world()
    response = Client().post("/api/v1/auth/token/", {"username": world.participant.email, "password": "nope"})
    assert response.status_code == 400
    assert "token" not in response.json()


@pytest.mark.django_db
def test_made_up_token_is_refused_with_401() -> None:
    build_matrix_world()
    response = Client().get(
        "/api/v1/bookings/", HTTP_AUTHORIZATION="Token 0123456789abcdef0123456789abcdef01234567"
    )
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Token")


@pytest.mark.django_db
def test_participant_token_cannot_reach_administrator_operations() -> None:
    world = build_matrix_world()
    token = Token.objects.create(user=world.users["participant"]).key
    client = Client(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/v1/role-assignments/").status_code == 403
    assert client.get(f"/api/v1/people/{world.participant.pk}/export/").status_code == 403
    assert client.post(f"/api/v1/people/{world.participant.pk}/anonymise/").status_code == 403
    world.participant.refresh_from_db()
    assert world.participant.anonymised_at is None


@pytest.mark.django_db
def test_bad_input_is_answered_with_field_errors_not_500() -> None:
    world = build_matrix_world()
    token = Token.objects.create(user=world.users["participant"]).key
    client = Client(HTTP_AUTHORIZATION=f"Token {token}")
    for body in ({}, {"cohort": "not-a-number"}, {"cohort": 10**12}, {"cohort": world.cohort.pk}):
        response = client.post("/api/v1/bookings/", body, content_type="application/json")
        assert response.status_code == 400, (body, response.status_code)
        assert isinstance(response.json(), dict) and response.json(), body
    garbage = client.post("/api/v1/bookings/", "{not json", content_type="application/json")
    assert garbage.status_code == 400


# --- token lifetime, revocation and lockout ---------------------------------------------------


@pytest.mark.django_db
def test_a_token_stops_working_when_its_lifetime_has_passed(settings: Any, monkeypatch: Any) -> None:
    import datetime as dt

    from django.utils import timezone

    world = build_matrix_world()
    client = Client()
    issued = client.post("/api/v1/auth/token/", {"username": world.participant.email, "password": PASSWORD})
    assert issued.status_code == 200
    token = issued.json()["token"]
    assert issued.json()["expires_at"]
    headers = {"HTTP_AUTHORIZATION": f"Token {token}"}
    assert client.get("/api/v1/me/", **headers).status_code == 200
    # The lifetime passes (the token and its user are kept between requests, so the clock moves instead).
    later = timezone.now() + dt.timedelta(hours=settings.API_TOKEN_LIFETIME_HOURS, seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    expired = client.get("/api/v1/me/", **headers)
    assert expired.status_code == 401
    assert "expired" in expired.json()["detail"]
    # Asking again gives a fresh token that works.
    again = client.post("/api/v1/auth/token/", {"username": world.participant.email, "password": PASSWORD})
    assert again.json()["token"] != token
    assert client.get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {again.json()['token']}").status_code == 200


@pytest.mark.django_db
def test_a_token_can_be_revoked_through_the_api() -> None:
    world = build_matrix_world()
    token = Token.objects.create(user=world.users["participant"]).key
    client = Client(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.post("/api/v1/auth/token/revoke/").status_code == 204
    assert client.get("/api/v1/me/").status_code == 401
    assert not Token.objects.filter(user=world.users["participant"]).exists()


@pytest.mark.django_db
def test_logging_out_of_the_website_revokes_api_tokens() -> None:
    world = build_matrix_world()
    user = world.users["participant"]
    token = Token.objects.create(user=user).key
    browser = Client()
    browser.force_login(user)
    assert browser.post("/logout/").status_code == 302
    assert Client().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {token}").status_code == 401


@pytest.mark.django_db
def test_a_person_sees_their_token_on_their_page_and_revokes_it_with_a_button() -> None:
    world = build_matrix_world()
    user = world.users["participant"]
    Token.objects.create(user=user)
    browser = Client()
    browser.force_login(user)
    page = browser.get("/me/").content.decode()
    assert "Your API tokens" in page and "Revoke your API token" in page
    assert 'action="/me/tokens/revoke/"' in page
    done = browser.post("/me/tokens/revoke/", follow=True)
    assert "has been revoked" in done.content.decode()
    assert not Token.objects.filter(user=user).exists()
    assert "You have no API tokens" in browser.get("/me/").content.decode()


@pytest.mark.django_db
def test_a_locked_account_is_told_it_is_locked_without_saying_whether_it_exists(settings: Any) -> None:
    world = build_matrix_world()
    client = Client()
    answers = {}
    for username in (world.participant.email, "nobody-at-all@example.org"):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            wrong = client.post("/api/v1/auth/token/", {"username": username, "password": "wrong-password"})
            assert wrong.status_code in (400, 403)
        locked = client.post("/api/v1/auth/token/", {"username": username, "password": PASSWORD})
        answers[username] = (locked.status_code, locked.json())
    real, made_up = answers.values()
    assert real == made_up
    assert real[0] == 403 and "paused" in real[1]["detail"]
    assert "token" not in real[1]
