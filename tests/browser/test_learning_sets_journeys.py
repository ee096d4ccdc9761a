"""Communities and action learning sets, end to end in Chromium (issue 13's "Done when"): a person joins a
community and asks to join action learning with their times; a programme manager forms sets, tries a
move, publishes; a facilitator logs the first meeting; the seed 000 report prints, as a page and a PDF, with "N sets successfully met" from the logged meetings. Every page
reached is checked by axe-core (WCAG 2.2 AA), for sideways scrolling at 375 px and console errors."""

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from academy.learning_sets import services
from academy.learning_sets.models import FormationRun, LearningSet, Meeting, PoolEntry
from tests.browser.conftest import Journey, fill_date
from tests.browser.test_evaluation_journeys import pdf_from, pdf_text
from tests.factories import PersonFactory
from tests.learning_sets.helpers import pool_world

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.xdist_group("browser"),
]


def test_join_sign_up_form_publish_and_log_the_first_meeting(journey: Journey, new_journey: Any) -> None:
    world = pool_world(9)
    newcomer = PersonFactory(job_title="Care coordinator")

    journey.login(newcomer.user.username)
    journey.goto("/communities/")
    journey.click("link", world.community.name)
    journey.click("button", "Join the community")  # a link styled as a button
    journey.page.get_by_label("Show me in the member directory").check()
    journey.click("button", "Join the community")
    journey.expect_text("You are a member")
    journey.click("link", re.compile("Ask to join"))
    journey.page.get_by_label("Thursday afternoon").check()
    journey.click("button", "Ask to join")
    assert PoolEntry.objects.get(person=newcomer).slots == ["Thursday afternoon"]

    manager = new_journey("learning-sets-manager")
    manager.login(world.pm.username)
    manager.goto("/manage/action-learning/")
    manager.click("link", world.pool.name)
    manager.click("button", "Form sets")
    manager.expect_text("keeping every rule")
    manager.click("button", "Move")  # the first person into set 1: refused, with the reason
    manager.expect_text(re.compile("already in this set|smallest set size|cannot make"))
    manager.click("button", "Publish these sets")
    manager.expect_text("sets published")
    assert LearningSet.objects.filter(run__pool=world.pool).count() == 2

    first = LearningSet.objects.filter(run__pool=world.pool).order_by("number").first()
    assert first is not None
    facilitator = PersonFactory()
    services.set_facilitator_assign(learning_set=first, person=facilitator, by=world.pm)
    lead = new_journey("learning-sets-facilitator")
    lead.login(facilitator.user.username)
    lead.goto("/my-sets/")
    lead.click("link", re.compile("set 1"))
    lead.click("button", "Log a meeting")  # a link styled as a button
    fill_date(lead, "Date of the meeting", timezone.localdate())
    for member in first.members.select_related("person")[:4]:
        lead.page.get_by_label(member.person.full_name).check()
    lead.click("button", "Log the meeting")
    lead.expect_text("4 of 5")
    assert Meeting.objects.get(learning_set=first).attendance.filter(present=True).count() == 4


def test_the_community_report_prints_sets_met_as_a_page_and_a_pdf(journey: Journey, tmp_path: Path) -> None:
    world = pool_world(12)
    run = services.formation_run_create(pool=world.pool, by=world.pm)
    assert run.status == FormationRun.Status.DRAFT, run.reasons
    first, second = services.formation_publish(run=run, version=run.version, by=world.pm)
    today = timezone.localdate()
    for learning_set, meetings in ((first, 3), (second, 1)):  # only the first set meets the rule
        ids = list(learning_set.members.values_list("person_id", flat=True))
        for n in range(meetings):
            held_on = today - dt.timedelta(days=30 - 7 * n)
            services.meeting_log(learning_set=learning_set, held_on=held_on, present=ids, by=world.pm)

    journey.login(world.pm.username)
    journey.goto(f"/communities/{world.community.slug}/")
    journey.click("link", "Community figures")
    journey.expect_text("2 formed; 1 successfully met")
    journey.click("link", "The community's report for this period")
    journey.expect_text("1 set successfully met during this time.")
    link = journey.page.get_by_role("link", name="Download this report as a PDF")
    href = link.get_attribute("href")
    assert href is not None
    with journey.page.expect_download() as download_info:
        link.click()
    assert download_info.value.suggested_filename == f"community-report-{world.community.slug}.pdf"
    text = pdf_text(pdf_from(journey, href), tmp_path)
    assert text is not None and "1 set successfully met during this time." in " ".join(text.split())
