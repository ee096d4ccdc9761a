"""ICS plans and charters, end to end in Chromium (issue 15's "Done when" for plans): an ICS OD lead builds
a plan with a pillar, a workstream and timeline activities, publishes it, reviews it a year on (the
differences show), prints the plan on a page and downloads both PDFs; a leader signs the charter. Every
page reached is checked by axe-core (WCAG 2.2 AA), for sideways scrolling at 375 px and console errors."""

import re
from typing import Any

import pytest

from academy.people.models import Role
from academy.systems import services
from academy.systems.models import Activity, Plan, Signature
from tests.browser.conftest import Journey
from tests.factories import ICSFactory, OrganisationFactory, PersonFactory, grant

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.xdist_group("browser"),
]


def _add_activity(walk: Journey, title: str, marks: dict[str, str], hub: bool = False) -> None:
    walk.click("link", "Add an activity")
    walk.fill("Activity", title)
    walk.fill("Owner", "Leadership and OD sub group")
    for year, mark in marks.items():
        walk.page.get_by_label(f"Timeline: {year}").select_option(label=mark)
    if hub:
        walk.page.get_by_label("Linked to the coaching and mentoring hub").check()
    walk.click("button", "Add the activity")
    walk.expect_text(f"The activity {title} has been added")


def test_a_lead_builds_publishes_reviews_and_prints_a_plan_and_a_leader_signs_the_charter(
    journey: Journey, new_journey: Any
) -> None:
    ics = ICSFactory(name="Bedfordshire, Luton and Milton Keynes Integrated Care System", short_name="BLMK")
    lead = PersonFactory(organisation=OrganisationFactory(ics=ics)).user
    grant(lead, Role.ICS_OD_LEAD, ics=ics)

    journey.login(lead.username)
    journey.goto("/systems/")
    journey.click("button", "Start a plan")  # a link styled as a button
    journey.fill("Title", "Leadership and OD Plan")
    journey.page.get_by_label("First financial year").select_option(label="2017/18")
    journey.page.get_by_label("Last financial year").select_option(label="2020/21")
    journey.click("button", "Start the plan")
    journey.expect_text("Your plan has been started")

    journey.click("link", "Add a strategic pillar")
    journey.fill("Pillar", "Coaching Culture")
    journey.fill("Commitments", "Senior leaders as coaches\nCulture of integrity & trust")
    journey.click("button", "Add the pillar")
    journey.click("link", "Add a workstream")
    journey.fill("Workstream", "Leadership")
    journey.click("button", "Add the workstream")
    _add_activity(
        journey, "Senior Leaders as Coaches", {"2017/18": "★ Milestone", "2018/19": "→ Continuing"}, hub=True
    )
    _add_activity(journey, "CEO Development", {"2017/18": "★ Milestone", "2019/20": "★ Milestone"})

    journey.click("button", "Publish version 1")  # a link styled as a button
    journey.click("button", "Publish the plan")
    journey.expect_text("Version 1 is published")

    # A year on: the annual review
    journey.click("button", "Review the plan")
    journey.fill("Why are you reviewing the plan?", "Annual review 2018/19")
    journey.click("button", "Start the review")
    journey.click("link", "CEO Development")
    journey.page.get_by_label("Status").select_option(label="In progress")
    journey.click("button", "Save")
    journey.click("button", "Publish version 2")
    journey.click("button", "Publish the plan")
    journey.expect_text("Version 2 is published")
    journey.click("link", "What changed since version 1")
    journey.expect_text("Status: Planned → In progress")

    plan = Plan.objects.get(ics=ics)
    journey.goto(f"/systems/plans/{plan.pk}/")
    journey.click("link", "Plan on a page")
    journey.expect_text("Coaching Culture")
    journey.expect_text("Senior Leaders as Coaches")
    for kind in ("plan-on-a-page", "document"):
        pdf = journey.page.request.get(journey.url(f"/systems/plans/{plan.pk}/versions/2/{kind}.pdf"))
        assert pdf.status == 200 and pdf.body().startswith(b"%PDF")
    journey.goto(f"/systems/plans/{plan.pk}/versions/2/document/")
    journey.expect_text("Developing Our Plan")
    assert (
        Activity.objects.get(workstream__version__number=2, title="CEO Development").status == "in_progress"
    )

    charter = services.charter_create(
        ics=ics,
        title="Leadership Charter",
        principles=["People-led", "Collaborative"],
        leader_commitments=["Do what I say I am going to do"],
        collective_commitments=["Identify conflicts and seek to resolve them collaboratively"],
        values=["Trust", "Respect"],
        by=lead,
    )
    services.charter_publish(charter=charter, by=lead)
    leader = PersonFactory(organisation=OrganisationFactory(ics=ics, name="Luton and Dunstable Hospital"))
    signer = new_journey("systems-charter-leader")
    signer.login(leader.user.username)
    signer.goto(f"/systems/charters/{charter.pk}/")
    signer.click("button", "Sign the charter")
    signer.click("button", "Sign the charter")  # without confirming: the error is shown
    signer.expect_text("Confirm that you have read the charter")
    signer.page.get_by_label("I have read the charter and commit to it").check()
    signer.click("button", "Sign the charter")
    signer.expect_text("You signed this charter on")
    signer.expect_text(re.compile("1 leader from 1 organisation has signed"))
    assert Signature.objects.get(charter=charter).person == leader
