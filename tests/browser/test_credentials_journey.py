"""Verifiable certificates in Chromium (issue 14's "Done when", the credential part): the holder finds the
certificate in "My certificates" and downloads the credential; an anonymous visitor verifies it on the public
page and by pasting it; the programme manager revokes it; the same public page then says revoked. Every
page reached is checked by axe-core (WCAG 2.2 AA), for sideways scrolling at 375 px and console errors."""

import re
from pathlib import Path
from typing import Any

import pytest

from academy.credentials.services import credential_issue
from tests.browser.conftest import Journey
from tests.credentials.helpers import COURSE, completed_booking, register_bookings, unregister_bookings
from tests.factories import programme_manager

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.xdist_group("browser"),
]


def test_download_verify_revoke_and_verify_again(journey: Journey, new_journey: Any) -> None:
    register_bookings()
    try:
        walk(journey, new_journey)
    finally:
        unregister_bookings()


def walk(journey: Journey, new_journey: Any) -> None:
    made = completed_booking(given_name="Ada", family_name="Okafor")
    manager = programme_manager(made.cohort.offer.academy)
    credential = credential_issue(subject=made, achievement=COURSE, by=manager)

    journey.login(made.person.user.username)
    journey.click("link", "My learning")
    journey.click("link", "My certificates")
    journey.click("link", COURSE.name)
    journey.expect_text("Valid")
    with journey.page.expect_download() as download:
        journey.page.get_by_role("link", name="Credential file (.jwt)").click()
    token = Path(download.value.path()).read_text()
    assert token == credential.token

    visitor = new_journey("credentials-visitor")
    visitor.goto(f"/credentials/{credential.pk}/")
    visitor.expect_text("Valid")
    visitor.expect_text("Ada Okafor")
    visitor.goto("/credentials/verify/")
    visitor.fill("Paste the credential", token)
    visitor.click("button", "Check certificate")
    visitor.expect_text(re.compile(r"Valid.*has not been revoked", re.S))

    team = new_journey("credentials-manager")
    team.login(manager.username)
    team.goto(f"/credentials/{credential.pk}/")
    team.click("link", "Revoke this certificate")
    team.click("button", "Revoke certificate")  # no reason: refused, with the message
    team.expect_text("Enter")
    team.fill("Reason", "Issued to the wrong cohort")
    team.click("button", "Revoke certificate")
    team.expect_text("has been revoked")

    visitor.goto(f"/credentials/{credential.pk}/")
    visitor.expect_text("Revoked")
    visitor.expect_text("revoked it on")
    assert "wrong cohort" not in visitor.page.locator("main").inner_text()
