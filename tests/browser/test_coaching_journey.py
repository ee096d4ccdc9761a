"""The coaching hub end to end in Chromium: ask, shortlist, choose, accept, sessions, goal tracker, closure
feedback answered, hub figures. Every page is checked by axe-core at 1280 px and 375 px (Journey.check)."""

import re

import pytest
from django.utils import timezone

from academy.coaching import services
from academy.coaching.models import MatchingRun, Relationship, Request
from academy.evaluation.models import Response
from academy.people.models import Role
from tests.browser.conftest import Journey, fill_date
from tests.browser.world import person
from tests.coaching.helpers import CHANGE, practitioner
from tests.factories import AcademyFactory, grant

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.xdist_group("browser"),
]

FEEDBACK = {
    "Coaching helped me gain insights": "Strongly agree",
    "Coaching was a valuable use of my time": "Strongly agree",
    "My coach helped me work through important": "Agree",
    "My coach skilfully supported my development": "Strongly agree",
    "Would you recommend coaching to a colleague": "Yes",
    "Would you recommend your coach": "Yes",
    "Would you recommend the NHS Leadership Academy Coaching": "Yes",
}


def choose(walk: Journey, legend: str, option: str) -> None:
    """Pick a radio by its label inside the fieldset whose legend matches (NHS.UK radios: click the label)."""
    page = walk.page
    group = (
        page.locator("fieldset").filter(has=page.locator("legend", has_text=re.compile(legend, re.I))).first
    )
    group.locator("label", has_text=re.compile("^" + re.escape(option), re.I)).first.click()


def _save(walk: Journey) -> None:
    walk.click("button", "Save")


def test_ask_choose_accept_sessions_goals_close_and_feedback(journey: Journey, new_journey) -> None:  # noqa: ANN001
    academy = AcademyFactory(name="East of England Leadership Academy", slug="eoe")
    admin = person("Hana", "Hub")
    grant(admin.user, Role.HUB_ADMINISTRATOR, academy=academy)
    coaches = [
        practitioner(academy, person=person("Casey", f"Coach{n}"), specialisms=[CHANGE], capacity=1)
        for n in range(1, 5)
    ]
    coachee = person("Robin", "Requester", organisation=admin.organisation)

    # The coachee asks for a coach.
    journey.login(coachee.email)
    journey.goto("/coaching/requests/new/")
    choose(journey, "What would you like", "Coaching")
    journey.page.get_by_label("Goal 1: theme").select_option(label=CHANGE)
    journey.fill("Goal 1: what would you like to work on?", "Lead my team through a merger")
    journey.click("button", re.compile("send|ask|save|submit", re.I))
    request = Request.objects.get(person=coachee)

    # The hub's administrator runs, reviews and publishes the matching.
    run = services.matching_run_start(academy=academy, kind="coaching", by=admin.user)
    services.matching_run_review(run=run, by=admin.user)
    services.matching_run_publish(run=MatchingRun.objects.get(pk=run.pk), by=admin.user)

    # A shortlist of three; they choose the first.
    journey.goto(f"/coaching/requests/{request.pk}/")
    journey.expect_text("Your shortlist")
    journey.click("button", re.compile("^Choose Casey", re.I))
    relationship = Relationship.objects.get(request=request)
    assert relationship.practitioner in coaches

    # The coach accepts and agrees four 60-minute sessions.
    coach = new_journey("coaching-coach")
    coach.login(relationship.practitioner.person.email)
    url = f"/coaching/relationships/{relationship.pk}/"
    coach.goto(url)
    coach.click("link", "Accept or decline")
    choose(coach, "Will you work with them", "Yes, accept")
    _save(coach)
    coach.click("link", "Agree your sessions")
    _save(coach)  # four sessions of 60 minutes, as offered

    # The coachee sets a goal and rates it before the first session.
    journey.goto(url)
    journey.click("link", "Add a goal")
    choose(journey, "Which area is your goal about", "Leading and managing change")
    journey.fill("Describe your goal", "Lead my team through a merger")
    journey.fill(re.compile("How would you rate yourself"), "3")
    _save(journey)
    journey.expect_text("Lead my team through a merger")

    # Both log sessions: two each.
    today = timezone.localdate()
    for walk in (coach, journey, coach, journey):
        walk.goto(url)
        walk.click("link", "Log a session")
        fill_date(walk, "Date of the session", today)
        _save(walk)
    assert relationship.sessions.count() == 4

    # After the last session the coachee rates the goal again, then closes.
    journey.goto(url)
    journey.click("link", re.compile("^Rate"))
    journey.fill(re.compile("How would you rate yourself"), "8")
    _save(journey)
    goal = services.relationship_goals(relationship).get()
    assert (goal.rating_before, goal.rating_after) == (3, 8)
    journey.click("link", "Close the relationship")
    choose(journey, "Why is it closing", "Sessions completed")
    _save(journey)

    # Closure sent the coaching feedback; the coachee answers it.
    journey.click("link", "answer them here")
    for question, answer in FEEDBACK.items():
        choose(journey, re.escape(question), answer)
    journey.click("button", "Send my answers")
    assert Response.objects.filter(survey=services.relationship_feedback_survey(relationship)).count() == 1

    # The hub's figures show the coachee and the match.
    hub = new_journey("coaching-hub")
    hub.login(admin.email)
    hub.goto(f"/coaching/hub/figures/?academy={academy.pk}")
    hub.expect_text("Registered coaches")
    hub.expect_text(re.compile(r"median of 1 matched request"))
    journey.screenshot()
