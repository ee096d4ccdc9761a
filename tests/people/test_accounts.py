"""Accounts: lockout after repeated failures, logout, idle timeout, and the single sign-on link."""

import time

import pytest
from django.conf import settings

from tests.factories import PersonFactory

from .factories import reporting_line

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"  # set by tests.factories.UserFactory


def log_in(client, username: str, password: str):
    return client.post("/login/", {"username": username, "password": password})


def logged_in(client) -> bool:
    response = client.get("/me/")
    return response.status_code == 200


@pytest.fixture
def person():
    return PersonFactory()


def test_logging_in_with_the_right_password_reaches_your_pages(client, person):
    response = log_in(client, person.user.username, PASSWORD)
    assert response.status_code == 302
    assert logged_in(client)


def test_a_wrong_password_shows_an_error_and_does_not_log_in(client, person):
    response = log_in(client, person.user.username, "wrong-password")
    assert response.status_code == 200
    assert "Enter a correct email address or username and password." in response.content.decode()
    assert not logged_in(client)


def test_five_failures_lock_the_account_even_against_the_right_password(client, person):
    assert settings.AXES_FAILURE_LIMIT == 5
    for _ in range(5):
        log_in(client, person.user.username, "wrong-password")
    response = log_in(client, person.user.username, PASSWORD)
    assert response.status_code == 429
    assert "Your account is locked for 30 minutes" in response.content.decode()
    assert not logged_in(client)


def test_four_failures_do_not_lock_the_account(client, person):
    for _ in range(4):
        log_in(client, person.user.username, "wrong-password")
    assert log_in(client, person.user.username, PASSWORD).status_code == 302


def test_the_lock_is_per_account_so_others_can_still_log_in(client, person):
    other = PersonFactory()
    for _ in range(5):
        log_in(client, person.user.username, "wrong-password")
    assert log_in(client, other.user.username, PASSWORD).status_code == 302


def test_a_successful_login_resets_the_failure_count(client, person):
    username = person.user.username
    for _ in range(4):
        log_in(client, username, "wrong-password")
    assert log_in(client, username, PASSWORD).status_code == 302
    client.post("/logout/")
    for _ in range(4):
        log_in(client, username, "wrong-password")
    assert log_in(client, username, PASSWORD).status_code == 302  # 8 failures in all, but never 5 in a row
    assert logged_in(client)


def test_logging_out_invalidates_the_old_session_cookie(client, person):
    log_in(client, person.user.username, PASSWORD)
    old_cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert client.post("/logout/").status_code == 302
    assert not logged_in(client)
    client.cookies[settings.SESSION_COOKIE_NAME] = old_cookie  # replaying the stolen cookie
    assert not logged_in(client)


def test_an_idle_session_is_logged_out(client, person):
    log_in(client, person.user.username, PASSWORD)
    assert logged_in(client)
    session = client.session
    session["last_seen"] = int(time.time()) - settings.SESSION_IDLE_TIMEOUT - 1
    session.save()
    response = client.get("/me/")
    assert response.status_code == 302 and response["Location"].startswith("/login/")
    assert not logged_in(client)


def test_an_active_session_is_kept(client, person):
    log_in(client, person.user.username, PASSWORD)
    session = client.session
    session["last_seen"] = int(time.time()) - settings.SESSION_IDLE_TIMEOUT + 60
    session.save()
    assert logged_in(client)


def test_passwords_are_hashed_with_argon2_outside_tests():
    from academy.config.settings import base

    assert base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


def test_the_nhsmail_button_shows_only_when_single_sign_on_is_enabled(client, settings):
    settings.OIDC_ENABLED = False
    assert "Log in with your NHSmail account" not in client.get("/login/").content.decode()
    settings.OIDC_ENABLED = True
    page = client.get("/login/").content.decode()
    assert "Log in with your NHSmail account" in page and 'href="/oidc/authenticate/' in page


def test_django_admin_is_only_for_staff_users(client, person):
    client.force_login(person.user)
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    person.user.is_staff = person.user.is_superuser = True
    person.user.save()
    assert client.get("/admin/people/person/").status_code == 200
    assert client.get(f"/admin/people/person/{person.pk}/change/").status_code == 200
    assert (
        client.get("/admin/people/equalityrecord/").status_code == 404
    )  # read only through the audited service


def test_the_admin_refuses_a_line_manager_who_reports_to_the_person(client):
    boss, report = reporting_line("Manager", "Practitioner")
    admin_user = PersonFactory().user
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    client.force_login(admin_user)
    response = client.post(
        f"/admin/people/person/{boss.pk}/change/",
        {
            "user": boss.user_id,
            "given_name": boss.given_name,
            "family_name": boss.family_name,
            "email": boss.email,
            "job_title": boss.job_title,
            "role_level": boss.role_level,
            "staff_group": boss.staff_group,
            "profession": "",
            "organisation": boss.organisation_id,
            "line_manager": report.pk,
        },
    )
    assert response.status_code == 200
    assert "their own line-management chain" in response.content.decode()
    boss.refresh_from_db()
    assert boss.line_manager is None
