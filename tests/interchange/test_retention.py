"""Reflections lose their words a period after the arrangement was done; ratings and figures stay.

TODAY is 26 November 2026; with a period of 30 days an arrangement done on 26 October 23:59 (London) loses
its reflections' words, one done on 27 October 00:00 keeps them."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from academy.core.retention import retention_apply, retention_due, retention_period_set
from academy.interchange import services
from academy.interchange.models import Arrangement, Reflection
from academy.interchange.selectors import figures
from tests.factories import AcademyFactory, PersonFactory

from .helpers import agreed, learner, offer

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
TODAY = dt.date(2026, 11, 26)
KIND = "interchange.reflections"


def _done(academy, at: dt.datetime) -> Arrangement:
    opportunity = offer(academy)
    me = learner()
    arrangement = agreed(services.opportunity_ask(opportunity=opportunity, by=me.user))
    today = timezone.localdate()
    services.arrangement_schedule(arrangement=arrangement, starts_on=today, ends_on=today, by=me.user)
    services.arrangement_complete(arrangement=arrangement, by=me.user)
    services.reflection_add(
        arrangement=arrangement,
        by=me.user,
        usefulness=5,
        learned="How discharge feels",
        next_steps="Visit again",
    )
    services.reflection_add(
        arrangement=arrangement, by=opportunity.host.user, usefulness=3, learned="Fresh eyes"
    )
    Arrangement.objects.filter(pk=arrangement.pk).update(completed_at=at)
    return arrangement


def test_reflections_lose_their_words_after_the_period_and_the_figures_stay():
    admin = PersonFactory(user__is_staff=True, user__is_superuser=True).user
    academy = AcademyFactory()
    expired = _done(academy, dt.datetime(2026, 10, 26, 23, 59, tzinfo=LONDON))
    kept = _done(academy, dt.datetime(2026, 10, 27, 0, 0, tzinfo=LONDON))
    before = figures(academy_ids=[academy.pk])
    retention_period_set(kind=KIND, days=30, by=admin)
    [due] = [d for d in retention_due(today=TODAY) if d.kind.kind == KIND]
    assert due.count == 2  # the learner's and the host's reflection on the expired arrangement
    retention_apply(by=admin, today=TODAY)
    gone = Reflection.objects.filter(arrangement=expired).order_by("side")
    assert [(r.side, r.usefulness, r.learned, r.next_steps) for r in gone] == [
        ("host", 3, "", ""),
        ("learner", 5, "", ""),
    ]
    assert sorted(Reflection.objects.filter(arrangement=kept).values_list("learned", flat=True)) == [
        "Fresh eyes",
        "How discharge feels",
    ]
    assert figures(academy_ids=[academy.pk]) == before
    [again] = [d for d in retention_due(today=TODAY) if d.kind.kind == KIND]
    assert again.count == 0
