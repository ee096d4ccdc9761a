"""Login lockout, and what happens to a session cookie after logout or a long idle spell (HTTP level)."""

import time

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client

from tests.factories import PersonFactory

PASSWORD = "correct-horse-battery"


def logged_in(client: Client) -> bool:
    """Ask the API who we are: 200 when the session is live, 401/403 when it is not."""
    return client.get("/api/v1/me/", HTTP_ACCEPT="application/json").status_code == 200


@pytest.mark.django_db
def test_account_locks_after_repeated_failures_even_for_the_right_password() -> None:
    person = PersonFactory()
    bystander = PersonFactory()
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post("/login/", {"username": person.email, "password": "wrong-password-1"})
        assert response.status_code in (200, 429)
    locked = client.post("/login/", {"username": person.email, "password": PASSWORD})
    assert locked.status_code == 429
    assert "locked" in locked.content.decode().lower()
    assert not logged_in(client)
    # Locking is per account: someone else on the same address can still log in.
    other = Client()
    response = other.post("/login/", {"username": bystander.email, "password": PASSWORD})
    assert response.status_code == 302
    assert logged_in(other)


@pytest.mark.django_db
def test_fewer_failures_than_the_limit_do_not_lock() -> None:
    person = PersonFactory()
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post("/login/", {"username": person.email, "password": "wrong-password-1"})
    response = client.post("/login/", {"username": person.email, "password": PASSWORD})
    assert response.status_code == 302


@pytest.mark.django_db
def test_logout_destroys_the_session_so_a_copied_cookie_is_useless() -> None:
    person = PersonFactory()
    client = Client()
    client.post("/login/", {"username": person.email, "password": PASSWORD})
    stolen = client.cookies["sessionid"].value
    assert logged_in(client)
    response = client.post("/logout/")
    assert response.status_code == 302
    assert response.cookies["sessionid"].value == ""  # the browser is told to drop it
    assert not Session.objects.filter(session_key=stolen).exists()
    replay = Client()
    replay.cookies["sessionid"] = stolen
    assert not logged_in(replay)


@pytest.mark.django_db
def test_logout_by_get_is_not_possible() -> None:
    """A link or image cannot log someone out: logout is POST only (and CSRF-protected)."""
    person = PersonFactory()
    client = Client()
    client.force_login(person.user)
    assert client.get("/logout/").status_code == 405
    assert logged_in(client)


@pytest.mark.django_db
def test_idle_session_is_logged_out_and_its_cookie_no_longer_works() -> None:
    person = PersonFactory()
    client = Client()
    client.post("/login/", {"username": person.email, "password": PASSWORD})
    assert logged_in(client)
    session = client.session
    session["last_seen"] = int(time.time()) - settings.SESSION_IDLE_TIMEOUT - 5
    session.save()
    assert not logged_in(client)
    assert not logged_in(client)  # and it stays logged out


@pytest.mark.django_db
def test_active_session_within_the_idle_limit_stays_logged_in() -> None:
    person = PersonFactory()
    client = Client()
    client.post("/login/", {"username": person.email, "password": PASSWORD})
    session = client.session
    session["last_seen"] = int(time.time()) - settings.SESSION_IDLE_TIMEOUT + 60
    session.save()
    assert logged_in(client)


@pytest.mark.django_db
def test_login_rotates_the_session_key() -> None:
    """Session fixation: the key a visitor had before logging in is not the one they have after."""
    person = PersonFactory()
    client = Client()
    client.get("/login/")
    client.session.save()
    before = client.session.session_key
    client.post("/login/", {"username": person.email, "password": PASSWORD})
    assert client.session.session_key != before


@pytest.mark.django_db
def test_failures_from_one_address_do_not_lock_the_owner_out_from_another() -> None:
    """Lockout counts username and address together: anyone who knows an e-mail address could
    otherwise keep that account locked for ever."""
    person = PersonFactory()
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(settings.AXES_FAILURE_LIMIT + 2):
        attacker.post("/login/", {"username": person.email, "password": "wrong-password-1"})
    assert attacker.post("/login/", {"username": person.email, "password": PASSWORD}).status_code == 429
    owner = Client(REMOTE_ADDR="198.51.100.20")
    response = owner.post("/login/", {"username": person.email, "password": PASSWORD})
    assert response.status_code == 302
    assert logged_in(owner)
