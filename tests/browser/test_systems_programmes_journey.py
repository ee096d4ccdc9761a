"""Systems OD (issue 15's "Done when", items 3 and 4), end to end in Chromium: an ICS OD lead enters a
member's conflict-handling scores, writes the outcomes, publishes the programme and prints it as a case
study; a measure shows its curve and refuses a point dated before its baseline; the RACI matrix shows
its letters. Every page reached is checked by axe-core (WCAG 2.2 AA), for sideways scrolling at 375 px
and console errors."""

import datetime as dt
import re

import pytest

from academy.systems.models import Programme
from tests.browser.conftest import Journey, fill_date
from tests.systems.programmes_world import build_programmes

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.xdist_group("browser"),
]


def test_a_programme_with_a_snapshot_and_outcomes_prints_as_a_case_study_and_a_measure_shows_its_curve(
    journey: Journey,
) -> None:
    w = build_programmes()
    journey.login(w.lead.username)
    journey.goto("/systems/")  # the menu's "ICS plans and programmes"
    journey.click("link", "Systems OD programmes")
    journey.click("link", "Systems Leaders Group Development")
    journey.expect_text("Team snapshot")

    journey.click("link", "Enter conflict-handling scores")
    for label, value in (
        ("Competing", "12"),
        ("Collaborating", "6"),
        ("Compromising", "6"),
        ("Avoiding", "3"),
        ("Accommodating", "2"),
    ):
        journey.fill(re.compile(f"^{label}"), value)
    journey.click("button", "Save")
    journey.expect_text("must add up to 30")  # 29: refused beside the field
    journey.fill(re.compile("^Accommodating"), "3")
    journey.click("button", "Save")
    journey.expect_text("The scores have been saved")
    journey.expect_text("3 of 5")  # competing is now the most used mode of three members

    journey.click("link", "Edit the details and sections")
    journey.fill("Outcomes", "Three core aspects were considered.\n\n- Impact\n- Performance\n- Culture")
    journey.click("button", "Save")
    journey.expect_text("The programme has been saved")
    journey.click("button", "Publish the case study")
    journey.expect_text("The case study has been published")
    assert Programme.objects.get(pk=w.programme.pk).is_published

    pdf = journey.page.request.get(journey.url(f"/systems/programmes/{w.programme.pk}/print/"))
    assert pdf.status == 200 and pdf.body().startswith(b"%PDF")

    journey.goto(f"/systems/measures/{w.measure.pk}/")
    journey.expect_text("The curve is turning")
    assert journey.page.locator("svg[role=img] title", has_text="Turning the curve").count() == 1
    journey.click("button", "Add a data point")  # a link styled as a button
    fill_date(journey, "Date", dt.date(2020, 1, 1))
    journey.fill("Value", "2200")
    journey.click("button", "Add")
    journey.expect_text("cannot be dated before the baseline, 1 April 2021")
    fill_date(journey, "Date", dt.date(2024, 4, 1))
    journey.click("button", "Add")
    journey.expect_text("The data point has been added")
    journey.expect_text("1 April 2024")

    journey.goto(f"/systems/raci/{w.raci.pk}/")
    journey.expect_text("Joint Forward Plan")
