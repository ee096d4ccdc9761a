"""The hub administrator sets up a commissioned coaching programme in Chromium: the programme, a person
on it with their provider coach, a session logged, a goal rated before and after, and the goal progress
on the programme page. Every page is checked by axe-core at 1280 px and 375 px (Journey.check)."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from academy.coaching.models import CoachingProgramme
from academy.people.models import Role
from tests.browser.conftest import Journey, fill_date
from tests.browser.test_coaching_journey import choose
from tests.browser.world import person
from tests.factories import AcademyFactory, grant

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.xdist_group("browser"),
]


def test_the_administrator_sets_up_a_programme_and_tracks_a_goal(journey: Journey) -> None:
    academy = AcademyFactory(name="East of England Leadership Academy", slug="eoe")
    admin = person("Hana", "Hub")
    grant(admin.user, Role.HUB_ADMINISTRATOR, academy=academy)
    director = person("Asha", "Director")
    today = timezone.localdate()

    journey.login(admin.email)
    journey.goto(f"/coaching/hub/?academy={academy.pk}")
    journey.click("link", "Set up a programme")
    journey.fill(re.compile("^Title"), "PCN clinical directors")
    journey.fill("Coaching provider", "We are Beyond")
    fill_date(journey, "Start date", today - dt.timedelta(days=30))
    fill_date(journey, "End date", today + dt.timedelta(days=300))
    journey.click("button", "Set up the programme")
    programme = CoachingProgramme.objects.get()
    journey.expect_text("PCN clinical directors")

    journey.click("link", "Add a person")
    journey.fill("Email address", director.email)
    journey.fill(re.compile("^Their coach"), "Jo Coach")
    journey.click("button", "Add the person")
    journey.expect_text("Asha Director")

    journey.click("link", re.compile("^Log a session"))
    fill_date(journey, "Date of the session", today)
    journey.click("button", "Log the session")
    journey.expect_text(f"1 of {programme.sessions_each}")

    journey.click("link", re.compile("^Add a goal"))
    choose(journey, "Which area is the goal about", "Leading and managing change")
    journey.fill(re.compile("^The goal"), "Lead the PCN through a merger")
    journey.fill(re.compile("^Rating before"), "3")
    journey.click("button", "Add the goal")
    journey.expect_text("Before: 3 out of 10; after: not yet rated")

    journey.click("link", re.compile("^Rate after"))
    journey.fill(re.compile("^Rating after"), "8")
    journey.click("button", "Save the rating")
    journey.expect_text("Before: 3 out of 10; after: 8 out of 10")
    journey.expect_text("Goal progress by theme")


def test_the_administrator_starts_a_team_journey_and_takes_it_to_its_sessions(journey: Journey) -> None:
    academy = AcademyFactory(name="East of England Leadership Academy", slug="eoe")
    admin = person("Hana", "Hub")
    grant(admin.user, Role.HUB_ADMINISTRATOR, academy=academy)
    leader, member = person("Lee", "Leader"), person("Mo", "Member")
    today = timezone.localdate()

    journey.login(admin.email)
    journey.goto(f"/coaching/hub/?academy={academy.pk}")
    journey.click("link", "Start a team journey")
    journey.fill(re.compile("^Team$"), "Place board")
    journey.fill("Team leader's email address", leader.email)
    fill_date(journey, "Date of the engagement meeting", today - dt.timedelta(days=90))
    journey.click("button", "Start the journey")
    journey.expect_text("Lee Leader")

    journey.click("link", "Add a team member or stakeholder")
    journey.fill("Email address", member.email)
    journey.click("button", "Add the person")
    journey.expect_text("Mo Member (team member)")

    for days_ago in (60, 30, 7):  # discovery, diagnostic, the team sessions
        journey.click("link", "Start the next phase")
        fill_date(journey, "Date the next phase starts", today - dt.timedelta(days=days_ago))
        journey.click("button", "Start the next phase")
    journey.click("link", "Record the sessions held")
    journey.fill("Team coaching sessions held so far", "2")
    journey.click("button", "Save")
    journey.click("button", "Send the team coaching feedback")
    journey.expect_text("0 people have answered")
