import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("cookie", ["abcdefgh\x00ijklmnop", "abcdefgh/../ijklmnop", "x" * 200])
def test_a_malformed_session_cookie_is_treated_as_no_session(client, cookie):
    # A raw header, as a client or fuzzer sends it (PostgreSQL refuses a NUL byte with an error).
    header = f"sessionid={cookie}"

    assert client.get("/api/v1/offers/", HTTP_COOKIE=header).status_code == 401
    assert client.get("/my-learning/", HTTP_COOKIE=header).status_code == 302  # to log in, not an error


@pytest.mark.parametrize(
    "path,method",
    [
        ("/api/v1/me/equality/", "put"),
        ("/api/v1/me/", "patch"),
        ("/api/v1/offers/", "post"),
        ("/api/v1/role-assignments/", "post"),
    ],
)
def test_json_with_a_lone_surrogate_is_refused_with_a_400_not_a_500(path, method):
    from rest_framework.authtoken.models import Token

    from academy.core.parsing import LONE_SURROGATE_MESSAGE
    from tests.security.world import build_matrix_world

    world = build_matrix_world()
    token = Token.objects.create(user=world.users["admin"]).key
    from django.test import Client

    client = Client(HTTP_AUTHORIZATION=f"Token {token}")
    body = '{"sex": "\\ud800", "kind": "\\udfff", "role": "\\ud800", "job_title": "x\\ud800y"}'
    response = getattr(client, method)(path, body, content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": [LONE_SURROGATE_MESSAGE]}


def test_a_proper_pair_of_surrogates_is_text_and_passes(client):
    from tests.factories import PersonFactory

    person = PersonFactory()
    client.force_login(person.user)
    body = '{"job_title": "Matron \\ud83d\\ude00"}'  # an emoji, spelt as a surrogate pair
    response = client.patch("/api/v1/me/", body, content_type="application/json")
    assert response.status_code == 200, response.content


@pytest.mark.parametrize("value", ["9" * 25, str(2**63)])
def test_an_id_in_the_url_too_large_for_the_database_is_not_found(client, value):
    from tests.factories import PersonFactory

    client.force_login(PersonFactory().user)
    response = client.get(f"/my-evaluations/{value}/")
    assert response.status_code == 404
