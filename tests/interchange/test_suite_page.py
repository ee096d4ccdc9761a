"""The compiled suite's interchange page: what the scheme offered, was asked and matched in the period,
each share with its base; no page for a period with nothing in it."""

import datetime as dt

import pytest
from django.utils import timezone

from academy.evaluation import reports
from academy.interchange import services
from academy.reporting.periods import Period
from tests.factories import OfferFactory, programme_manager

from .helpers import agreed, ask_to_learn, learner, offer

pytestmark = pytest.mark.django_db


def test_the_interchange_page_prints_its_figures_with_bases() -> None:
    course = OfferFactory()
    academy = course.academy
    manager = programme_manager(academy)
    today = timezone.localdate()
    first = agreed(services.opportunity_ask(opportunity=offer(academy, capacity=2), by=learner().user))
    services.arrangement_schedule(arrangement=first, starts_on=today, ends_on=today, by=first.learner.user)
    services.arrangement_complete(arrangement=first, by=first.learner.user)
    services.opportunity_ask(opportunity=offer(academy), by=learner().user)
    ask_to_learn(academy, learner())

    suite = reports.suite_build(
        user=manager, offer_ids=[course.pk], period=Period(start=today - dt.timedelta(days=30), end=today)
    )
    [page] = [p for p in suite.pages if p.key == f"interchange-{academy.pk}"]
    assert (page.figures.opportunities, page.figures.requests, page.figures.matches) == (2, 1, 2)
    html = reports.print_html(suite=suite)
    assert "Interchange: stepping into my shoes" in html
    assert "2 of 2 matches (100%) crossed sectors" in html
    assert "of which 1 took place (50% of 2)" in html

    before = Period(start=today - dt.timedelta(days=400), end=today - dt.timedelta(days=300))
    earlier = reports.suite_build(user=manager, offer_ids=[course.pk], period=before)
    assert [p for p in earlier.pages if p.key.startswith("interchange")] == []
