"""API-wide rules: every operation refuses anonymous callers, tokens work, a bad token is refused."""

import re
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


def is_public(operation: dict[str, Any]) -> bool:
    """An operation whose security list allows "no auth" ({}), e.g. an e-mailed single-use survey link."""
    return {} in operation.get("security", [{}])


@pytest.mark.django_db
def test_every_operation_refuses_anonymous_callers() -> None:
    world = build_matrix_world()
    client = Client()
    refused, public, problems = 0, [], []
    for method, path, operation in operations(client):
        concrete = re.sub(r"\{[^}]+\}", str(world.booking.pk), path)
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
