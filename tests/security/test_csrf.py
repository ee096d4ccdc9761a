"""Every form that posts carries a CSRF token, and posting it without one is refused."""

from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client

from tests.security.world import build_matrix_world
from tests.test_permissions_matrix import MATRIX


class FormFinder(HTMLParser):
    """Collect <form method="post"> elements with their action and field names and values."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []
        self._current: dict[str, Any] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "form" and (attributes.get("method") or "get").lower() == "post":
            self._current = {"action": attributes.get("action") or "", "fields": {}}
            self.forms.append(self._current)
        elif self._current is not None and tag in {"input", "textarea", "select", "button"}:
            name = attributes.get("name")
            if name and name not in self._current["fields"]:
                self._current["fields"][name] = attributes.get("value") or "x"

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._current = None


def post_forms_on(html: str) -> list[dict[str, Any]]:
    finder = FormFinder()
    finder.feed(html)
    return finder.forms


@pytest.mark.django_db
def test_every_post_form_has_a_token_and_is_refused_without_it() -> None:
    world = build_matrix_world()
    checked: set[tuple[str, str]] = set()
    problems: list[str] = []
    for role in ("anonymous", "participant", "sponsor", "pm", "facilitator", "admin"):
        user = world.users[role]
        for cases in MATRIX.values():
            if isinstance(cases, str):
                continue
            for case in cases:
                path = case.path(world)
                if case.method != "get" or path.startswith("/api/"):
                    continue
                browser = Client(enforce_csrf_checks=True)
                if user is not None:
                    browser.force_login(user)
                page = browser.get(path)
                if page.status_code != 200 or "text/html" not in page.get("Content-Type", ""):
                    continue
                for form in post_forms_on(page.content.decode()):
                    action = form["action"] or path
                    if (role, action) in checked:
                        continue
                    checked.add((role, action))
                    if "csrfmiddlewaretoken" not in form["fields"]:
                        problems.append(f"form posting to {action} on {path} has no CSRF token ({role})")
                    forged = {k: v for k, v in form["fields"].items() if k != "csrfmiddlewaretoken"}
                    response = browser.post(action, forged)
                    if response.status_code != 403:
                        problems.append(
                            f"POST {action} (form on {path}) without a token answered {response.status_code} ({role})"
                        )
    actions = {action for _, action in checked}
    # The walk must have reached the forms that matter, or it proves nothing.
    for expected in ("/logout/", f"/offers/{world.offer.slug}/cohorts/{world.cohort.pk}/book/"):
        assert expected in actions, f"no form posting to {expected} was found; forms seen: {sorted(actions)}"
    assert any(action.startswith("/manage/") for action in actions), sorted(actions)
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_api_refuses_session_authenticated_writes_without_a_token() -> None:
    world = build_matrix_world()
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.users["participant"])
    response = browser.post(
        f"/api/v1/bookings/{world.booking.pk}/cancel/", {}, content_type="application/json"
    )
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    world.booking.refresh_from_db()
    assert world.booking.status == "confirmed"


@pytest.mark.django_db
def test_login_form_is_refused_without_a_token() -> None:
    world = build_matrix_world()
    browser = Client(enforce_csrf_checks=True)
    response = browser.post(
        "/login/", {"username": world.participant.email, "password": "correct-horse-battery"}
    )
    assert response.status_code == 403
    assert "_auth_user_id" not in browser.session
