"""Interchange end to end in Chromium (issue 16's "Done when"): a host in social care offers shadowing, a
learner in the NHS asks to learn, the academy matches and publishes, the learner's line manager agrees,
the dates are set, it happens, and both reflect afterwards. Every page reached is checked by axe-core
(WCAG 2.2 AA), for sideways scrolling at 375 px and console errors."""

import re
from typing import Any

import pytest
from django.utils import timezone

from academy.interchange.models import Arrangement, Reflection
from academy.people.models import Sector
from tests.browser.conftest import Journey, fill_date
from tests.factories import AcademyFactory, OrganisationFactory, PersonFactory, programme_manager

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.xdist_group("browser"),
]


def test_offer_ask_match_agree_and_reflect_from_both_sides(journey: Journey, new_journey: Any) -> None:
    academy = AcademyFactory(name="East of England Leadership Academy")
    pm = programme_manager(academy)
    host = PersonFactory(
        organisation=OrganisationFactory(sector=Sector.SOCIAL_CARE, name="Meadow View Care Home"),
        job_title="Registered manager",
    )
    manager = PersonFactory(organisation=OrganisationFactory(sector=Sector.NHS, name="Norfolk Acute Trust"))
    learner = PersonFactory(organisation=manager.organisation, line_manager=manager, job_title="Ward sister")

    journey.login(host.user.username)
    journey.goto("/interchange/")
    journey.click("link", "Offer an opportunity")
    journey.page.get_by_label("Shadowing").check()
    journey.fill("Title", "Shadow a care home manager for a day")
    journey.fill("Where", "Norwich")
    journey.fill("How long it lasts", "one day")
    journey.fill("How many people you can host", "1")
    journey.page.get_by_label("Not for people from my own organisation").check()
    journey.click("button", "Offer it")
    journey.expect_text("Your opportunity is open")

    learning = new_journey("interchange-learner")
    learning.login(learner.user.username)
    learning.goto("/interchange/")
    learning.click("link", "Ask to learn")
    learning.fill("What would you like to learn?", "How care homes receive people from hospital")
    learning.page.get_by_label("Shadowing").check()
    learning.fill("Why?", "Our discharges to care homes often go wrong.")
    learning.click("button", "Send my request")
    learning.expect_text("We will match you")
    learning.goto("/interchange/opportunities/")
    learning.expect_text("Shadow a care home manager")

    team = new_journey("interchange-academy")
    team.login(pm.username)
    team.goto("/interchange/manage/")
    team.click("link", academy.name)
    team.click("button", "Run matching")
    team.expect_text(re.compile("1 of 1 requests; 1 of 1 across sectors"))
    team.click("button", "Publish the matches")
    team.expect_text("1 arrangement made")
    arrangement = Arrangement.objects.get()
    assert (arrangement.learner, arrangement.status) == (learner, "awaiting_manager")

    agreeing = new_journey("interchange-manager")
    agreeing.login(manager.user.username)
    agreeing.goto("/interchange/")
    agreeing.click("link", re.compile("Shadow a care home manager"))
    agreeing.page.get_by_label("Yes, I agree").check()
    agreeing.click("button", "Send my answer")
    agreeing.expect_text("Agreed")

    today = timezone.localdate()
    journey.goto("/interchange/")
    journey.click("link", "Shadow a care home manager for a day")
    fill_date(journey, "First day", today)
    fill_date(journey, "Last day", today)
    journey.click("button", "Save the dates")
    journey.expect_text("The dates have been saved")
    journey.click("button", "Mark as done")
    journey.page.get_by_label("4", exact=True).check()
    journey.fill("What did you learn?", "How much the ward does not know about us, and we about them.")
    journey.click("button", "Send my reflection")
    journey.expect_text("Thank you for your reflection")

    learning.goto(f"/interchange/arrangements/{arrangement.pk}/")
    learning.click("link", "Reflect on it")
    learning.page.get_by_label("5 – very useful").check()
    learning.fill("What did you learn?", "Ring the home before the patient leaves.")
    learning.click("button", "Send my reflection")
    learning.expect_text("Ring the home before the patient leaves.")
    assert sorted(Reflection.objects.values_list("side", "usefulness")) == [("host", 4), ("learner", 5)]

    team.goto(f"/interchange/manage/{academy.pk}/figures/")
    team.expect_text("1 of 1 matches (100%)")
