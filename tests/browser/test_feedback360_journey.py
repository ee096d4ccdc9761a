"""360 feedback end to end in Chromium (issue 16's "Done when"): a participant starts a 360, rates
themselves, invites four peers and one direct report; the raters answer from their links (one in the
browser, without logging in); the participant closes it and reads a report in which the direct report's
answers do not show, downloads it, and shares it with their coach, who reads it. Every page reached is
checked by axe-core (WCAG 2.2 AA), for sideways scrolling at 375 px and console errors."""

import re
from typing import Any

import pytest

from academy.coaching import services as coaching
from academy.feedback360 import services
from academy.feedback360.models import Assessment, Invitation
from tests.browser.conftest import Journey
from tests.coaching.helpers import ask, practitioner
from tests.factories import PersonFactory
from tests.feedback360.helpers import academy_with_statements

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.xdist_group("browser"),
]

HIDDEN = "Only my direct report would say this"


def _choose_every_level(walk: Journey, level: str) -> None:
    for radio in walk.page.locator(f"input[type=radio][value='{level}']").all():
        radio.check()


def test_a_360_with_four_peers_and_one_direct_report_shared_with_the_coach(
    journey: Journey, new_journey: Any
) -> None:
    academy = academy_with_statements()
    me = PersonFactory(job_title="Ward manager")
    coach = practitioner(academy)
    relationship = coaching.browse_choose(request=ask(academy, person=me), profile=coach, by=me.user)
    coaching.relationship_accept(relationship=relationship, by=coach.person.user)
    coaching.relationship_contract(
        relationship=relationship, by=me.user, sessions_agreed=4, session_minutes=60
    )

    journey.login(me.user.username)
    journey.goto("/360/")
    journey.click("button", "Start a 360")  # a link styled as a button
    journey.page.get_by_label(academy.name).check()
    journey.click("button", "Start my 360")
    journey.expect_text("Your 360 has started")
    journey.click("button", "Rate myself")
    _choose_every_level(journey, "2")
    journey.fill("Comments on leading with care", "I try to notice how people are.")
    journey.click("button", "Save my self-rating")
    journey.expect_text("Your self-rating is saved")

    raters = [("peer", f"peer{n}@example.nhs.uk") for n in range(4)] + [
        ("direct_report", "report@example.nhs.uk")
    ]
    for group, email in raters:
        journey.click("button", "Invite a rater")
        journey.page.get_by_label("Peers" if group == "peer" else "Direct reports").check()
        journey.fill("Their e-mail address", email)
        journey.click("button", "Send the invitation")
        journey.expect_text(f"We have e-mailed {email}")
    journey.click("button", "Invite a rater")
    journey.page.get_by_label("Peers").check()
    journey.fill("Their e-mail address", "peer0@example.nhs.uk")
    journey.click("button", "Send the invitation")
    journey.expect_text("You have already invited peer0@example.nhs.uk in this group")
    journey.goto(f"/360/{Assessment.objects.get(participant=me).pk}/")

    assessment = Assessment.objects.get(participant=me)
    first = Invitation.objects.get(assessment=assessment, email="peer0@example.nhs.uk")
    rater = new_journey("feedback360-rater")
    token = services.invitation_token(first)
    rater.goto(f"/360/rate/{token}/")
    _choose_every_level(rater, "3")
    rater.fill("Comments on leading with care", "Always asks how the team is doing.")
    rater.click("button", "Send my feedback")
    rater.expect_text("Thank you for your feedback")
    rater.goto(f"/360/rate/{token}/")
    rater.expect_text("already been used")
    for invitation in (
        Invitation.objects.filter(assessment=assessment).exclude(group="self").exclude(pk=first.pk)
    ):
        comment = HIDDEN if invitation.group == "direct_report" else "Clear about priorities."
        services.rater_submit(
            token=services.invitation_token(invitation),
            ratings=dict.fromkeys(assessment.statements, 4),
            comments={"leading_with_care": comment},
        )

    journey.goto(f"/360/{assessment.pk}/")
    journey.click("button", "Close and write my report")
    journey.expect_text("Peers (4 raters)")
    journey.expect_text("Not shown")
    journey.expect_text("Always asks how the team is doing.")
    assert HIDDEN not in journey.page.locator("main").inner_text()
    with journey.page.expect_download() as download:
        journey.page.get_by_role("link", name="Download the report (PDF)").click()
    assert download.value.suggested_filename == f"360-report-{assessment.pk}.pdf"
    journey.click("button", "Share with my coach")
    journey.page.get_by_label(re.compile(coach.person.full_name)).check()
    journey.click("button", "Share the report")
    journey.expect_text(f"{coach.person.full_name} can now read this report")

    reader = new_journey("feedback360-coach")
    reader.login(coach.person.user.username)
    reader.goto("/360/")
    reader.click("link", re.compile(me.full_name))
    reader.expect_text("Peers (4 raters)")
    assert HIDDEN not in reader.page.locator("main").inner_text()
