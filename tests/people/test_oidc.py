"""Single sign-on against a stub OpenID provider: a real HTTP server on 127.0.0.1 in a thread.

The provider serves the authorisation, token, userinfo and JWKS endpoints and signs an RS256
id_token with a key made for the test. Nothing in Academy or mozilla-django-oidc is mocked: the
backend fetches the token, keys and user details over HTTP exactly as it would from Entra ID.
"""

import json
import secrets
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlparse

import jwt
import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from academy.people.models import User
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

CLIENT_ID = "academy-test-client"
CLIENT_SECRET = "stub-secret-" + "x" * 20


class StubProvider:
    """An OpenID provider that knows one user at a time (`claims`), and can be told to misbehave."""

    def __init__(self) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = "test-key-1"
        self.claims: dict[str, Any] = {}
        self.sign_with_wrong_key = False
        self.wrong_nonce = False
        self.codes: dict[str, str] = {}  # code -> nonce
        self.tokens: set[str] = set()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def id_token(self, nonce: str) -> str:
        now = int(time.time())
        payload = {
            "iss": self.base,
            "sub": "stub-subject-1",
            "aud": CLIENT_ID,
            "iat": now,
            "exp": now + 300,
            "nonce": "not-the-nonce" if self.wrong_nonce else nonce,
            **self.claims,
        }
        key = (
            rsa.generate_private_key(public_exponent=65537, key_size=2048)
            if self.sign_with_wrong_key
            else self.key
        )
        return jwt.encode(payload, key, algorithm="RS256", headers={"kid": self.kid})

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet test output
                pass

            def _json(self, status: int, body: dict[str, Any]) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:  # noqa: N802
                url = urlparse(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                if url.path == "/authorize":
                    if query.get("client_id") != CLIENT_ID or query.get("response_type") != "code":
                        return self._json(400, {"error": "invalid_request"})
                    code = secrets.token_urlsafe(16)
                    provider.codes[code] = query["nonce"]
                    self.send_response(302)
                    location = f"{query['redirect_uri']}?{urlencode({'code': code, 'state': query['state']})}"
                    self.send_header("Location", location)
                    self.end_headers()
                elif url.path == "/jwks":
                    jwk = RSAAlgorithm.to_jwk(provider.key.public_key(), as_dict=True)
                    self._json(200, {"keys": [{**jwk, "kid": provider.kid, "alg": "RS256", "use": "sig"}]})
                elif url.path == "/userinfo":
                    token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                    if token not in provider.tokens:
                        return self._json(401, {"error": "invalid_token"})
                    self._json(200, {"sub": "stub-subject-1", **provider.claims})
                else:
                    self._json(404, {"error": "not_found"})

            def do_POST(self) -> None:  # noqa: N802
                if urlparse(self.path).path != "/token":
                    return self._json(404, {"error": "not_found"})
                length = int(self.headers.get("Content-Length", "0"))
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                if form.get("client_id") != CLIENT_ID or form.get("client_secret") != CLIENT_SECRET:
                    return self._json(401, {"error": "invalid_client"})
                nonce = provider.codes.pop(form.get("code", ""), None)
                if nonce is None or form.get("grant_type") != "authorization_code":
                    return self._json(400, {"error": "invalid_grant"})
                access_token = secrets.token_urlsafe(16)
                provider.tokens.add(access_token)
                self._json(
                    200,
                    {
                        "access_token": access_token,
                        "token_type": "Bearer",
                        "id_token": provider.id_token(nonce),
                    },
                )

        return Handler

    def __enter__(self) -> "StubProvider":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


@pytest.fixture
def provider(settings) -> Iterator[StubProvider]:
    with StubProvider() as stub:
        settings.OIDC_ENABLED = True
        settings.AUTHENTICATION_BACKENDS = [
            *settings.AUTHENTICATION_BACKENDS,
            "academy.people.oidc.AcademyOIDCBackend",
        ]
        settings.OIDC_RP_CLIENT_ID = CLIENT_ID
        settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
        settings.OIDC_RP_SIGN_ALGO = "RS256"
        settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{stub.base}/authorize"
        settings.OIDC_OP_TOKEN_ENDPOINT = f"{stub.base}/token"
        settings.OIDC_OP_USER_ENDPOINT = f"{stub.base}/userinfo"
        settings.OIDC_OP_JWKS_ENDPOINT = f"{stub.base}/jwks"
        settings.OIDC_TIMEOUT = 10
        yield stub


def sign_in(client, provider: StubProvider):
    """Follow the whole code flow: Academy -> provider's authorisation page -> Academy's callback."""
    start = client.get("/oidc/authenticate/")
    assert start.status_code == 302 and start["Location"].startswith(provider.base + "/authorize")
    authorised = requests.get(start["Location"], allow_redirects=False, timeout=10)
    assert authorised.status_code == 302
    callback = urlparse(authorised.headers["Location"])
    assert callback.path == "/oidc/callback/"
    return client.get(f"{callback.path}?{callback.query}")


def signed_in_user_id(client) -> str | None:
    return client.session.get("_auth_user_id")


def test_a_known_nhsmail_user_signs_in_matched_by_email_in_any_case(client, provider):
    person = PersonFactory()
    provider.claims = {"email": person.user.email.upper(), "name": "Stub Person"}
    response = sign_in(client, provider)
    assert response.status_code == 302 and response["Location"] == "/"
    assert signed_in_user_id(client) == str(person.user.pk)
    assert client.get("/me/").status_code == 200


def test_entra_preferred_username_is_used_when_there_is_no_email_claim(client, provider):
    person = PersonFactory()
    provider.claims = {"preferred_username": person.user.email}
    sign_in(client, provider)
    assert signed_in_user_id(client) == str(person.user.pk)


def test_someone_academy_does_not_know_is_not_signed_in_and_no_account_is_created(client, provider):
    PersonFactory()
    users_before = User.objects.count()
    provider.claims = {"email": "stranger@nhs.example"}
    response = sign_in(client, provider)
    assert response.status_code == 302
    assert signed_in_user_id(client) is None
    assert User.objects.count() == users_before


def test_a_deactivated_account_cannot_sign_in(client, provider):
    person = PersonFactory()
    person.user.is_active = False
    person.user.save()
    provider.claims = {"email": person.user.email}
    sign_in(client, provider)
    assert signed_in_user_id(client) is None


def test_an_id_token_signed_with_another_key_is_refused(client, provider):
    person = PersonFactory()
    provider.claims = {"email": person.user.email}
    provider.sign_with_wrong_key = True
    response = sign_in(client, provider)
    assert response.status_code in (302, 400)
    assert signed_in_user_id(client) is None


def test_an_id_token_for_another_login_attempt_is_refused(client, provider):
    person = PersonFactory()
    provider.claims = {"email": person.user.email}
    provider.wrong_nonce = True
    sign_in(client, provider)
    assert signed_in_user_id(client) is None


def test_a_replayed_callback_does_not_sign_in_again(client, provider):
    person = PersonFactory()
    provider.claims = {"email": person.user.email}
    start = client.get("/oidc/authenticate/")
    callback = urlparse(
        requests.get(start["Location"], allow_redirects=False, timeout=10).headers["Location"]
    )
    client.get(f"{callback.path}?{callback.query}")
    assert signed_in_user_id(client) == str(person.user.pk)
    client.post("/logout/")
    replay = client.get(f"{callback.path}?{callback.query}")
    assert replay.status_code in (302, 400)
    assert signed_in_user_id(client) is None
