"""axe-core (WCAG 2.2 A/AA) on the offers pages and error states that the browser journeys do not reach.

Uses the browser journeys' Chromium harness: every page reached goes through `Journey.check()`.
"""

import re

import pytest

from academy.offers import services
from academy.offers.models import Offer
from tests.browser.conftest import axe_source, browser, journey  # noqa: F401 - pytest fixtures
from tests.browser.world import build_world
from tests.factories import CohortFactory, OfferFactory, PersonFactory
from tests.offers.helpers import time_passes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_participant_pages_and_their_error_states_pass_axe(journey):  # noqa: F811
    world = build_world(capacity=1)
    booking = services.booking_create(
        cohort=world.cohort, person=world.participant, by=world.participant.user, adjustment="Live captions"
    )
    services.booking_create(
        cohort=world.cohort, person=world.second_participant, by=world.second_participant.user
    )
    project = OfferFactory(title="Improvement programme", completion_requires_project=True)
    project_booking = services.booking_create(
        cohort=CohortFactory(offer=project), person=world.participant, by=world.participant.user
    )
    sponsored = OfferFactory(title="Care home managers", requires_application=True, requires_sponsor=True)
    sponsored_cohort = CohortFactory(offer=sponsored)
    for n in range(22):
        CohortFactory(offer=OfferFactory(title=f"Bitesize {n:02d}"))

    journey.login(world.participant.email)
    journey.goto("/offers/?page=2")
    journey.goto("/offers/?date_from=2030-06-21&date_to=2030-06-01")
    journey.goto(f"/my-learning/bookings/{booking.pk}/")
    journey.goto(f"/my-learning/bookings/{booking.pk}/cancel/")
    journey.goto(f"/my-learning/bookings/{project_booking.pk}/project/")
    journey.click("button", re.compile("submit project", re.I))
    journey.expect_text("There is a problem")
    journey.goto("/my-learning/calendar/")
    journey.click("button", re.compile("calendar address", re.I))
    journey.goto(f"/offers/{sponsored.slug}/cohorts/{sponsored_cohort.pk}/book/")
    journey.click("button", re.compile("send my application", re.I))
    journey.expect_text("There is a problem")

    sponsor_booking = services.booking_create(
        cohort=sponsored_cohort,
        person=world.second_participant,
        by=world.second_participant.user,
        application_statement="I manage a care home.",
        sponsor=world.sponsor,
    )
    journey.logout()
    journey.login(world.sponsor.email)
    journey.goto(f"/sponsor/applications/{sponsor_booking.pk}/")
    journey.click("button", re.compile("decline", re.I))
    journey.expect_text("There is a problem")
    services.booking_sponsor_decide(booking=sponsor_booking, by=world.sponsor.user, approve=True)
    journey.goto("/sponsor/")
    journey.expect_text("Your decisions")


def test_programme_team_pages_and_their_error_states_pass_axe(journey):  # noqa: F811
    world = build_world(capacity=1)
    for person in (world.participant, world.second_participant):
        services.booking_create(cohort=world.cohort, person=person, by=person.user, adjustment="A quiet room")
    applied_offer = OfferFactory(
        title="Leading transformation", academy=world.offer.academy, requires_application=True
    )
    applied_cohort = CohortFactory(offer=applied_offer)
    applied = services.booking_create(
        cohort=applied_cohort,
        person=PersonFactory(),
        by=world.programme_manager,
        application_statement="Please.",
    )
    adjustment = world.cohort.bookings.first().adjustment
    cohort = world.cohort

    journey.login(world.programme_manager.email)
    journey.goto(f"/manage/offers/{world.offer.pk}/")
    journey.goto(f"/manage/offers/{world.offer.pk}/edit/")
    journey.goto("/manage/offers/new/")
    journey.page.get_by_label(re.compile("share of sessions", re.I)).fill("120")
    journey.click("button", re.compile("save offer", re.I))
    journey.expect_text("There is a problem")
    journey.goto(f"/manage/offers/{world.offer.pk}/cohorts/new/")
    journey.click("button", re.compile("save cohort", re.I))
    journey.expect_text("There is a problem")
    journey.goto(f"/manage/cohorts/{cohort.pk}/")
    journey.goto(f"/manage/cohorts/{cohort.pk}/edit/")
    journey.goto(f"/manage/cohorts/{cohort.pk}/sessions/new/")
    journey.page.get_by_label(re.compile("start time", re.I)).fill("14:00")
    journey.page.get_by_label(re.compile("end time", re.I)).fill("13:00")
    journey.click("button", re.compile("save session", re.I))
    journey.expect_text("The end time must be after the start time")
    journey.goto(f"/manage/sessions/{world.sessions[0].pk}/edit/")
    journey.goto(f"/manage/cohorts/{cohort.pk}/adjustments/{adjustment.pk}/")
    journey.click("button", re.compile("send response", re.I))
    journey.expect_text("There is a problem")
    journey.goto(f"/manage/cohorts/{applied_cohort.pk}/applications/{applied.pk}/")
    journey.goto(f"/manage/cohorts/{cohort.pk}/bookings/{world.cohort.bookings.first().pk}/cancel/")
    journey.goto(f"/manage/cohorts/{cohort.pk}/email/")
    journey.click("button", re.compile("check the e-mail", re.I))
    journey.expect_text("There is a problem")
    journey.page.get_by_label("Subject").fill("Room change")
    journey.page.get_by_label("Message").fill("We now meet in room 4.")
    journey.click("button", re.compile("check the e-mail", re.I))
    journey.expect_text("Check the e-mail before sending")
    journey.goto(f"/manage/cohorts/{cohort.pk}/delegates/new/")
    journey.click("button", re.compile("find this person", re.I))
    journey.expect_text("There is a problem")
    journey.page.get_by_label(re.compile("e-mail address", re.I)).fill(world.sponsor.email)
    journey.click("button", re.compile("find this person", re.I))
    journey.expect_text(f"Book {world.sponsor.full_name}")
    journey.goto(f"/manage/sessions/{world.sessions[0].pk}/attendance/")
    journey.expect_text("You can record who attended once it has started")
    time_passes(world.sessions[0])
    journey.goto(f"/manage/sessions/{world.sessions[0].pk}/attendance/")
    journey.click("button", re.compile("mark everyone as attended", re.I))
    journey.expect_text("Mark everyone as attended?")
    assert Offer.objects.count() >= 2
