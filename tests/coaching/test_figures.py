"""Hub figures as of a date, checked against hand-counted values."""

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from academy.coaching.models import PractitionerProfile, Relationship, Request
from academy.coaching.selectors import hub_figures
from tests.coaching.helpers import active, ask, hub_administrator, practitioner
from tests.factories import AcademyFactory

pytestmark = pytest.mark.django_db


def _on(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10)))


def test_figures_as_of_a_date_count_what_stood_at_the_end_of_that_day() -> None:
    academy = AcademyFactory()
    day1, day2 = dt.date(2023, 3, 1), dt.date(2023, 3, 31)
    # Two coaches registered by day 1, one more (a mentor too) by day 2
    early = [practitioner(academy), practitioner(academy, kind="coach")]
    late = practitioner(academy, kind="both")
    PractitionerProfile.objects.filter(pk__in=[p.pk for p in early]).update(created_at=_on(day1))
    PractitionerProfile.objects.filter(pk=late.pk).update(created_at=_on(day1 + dt.timedelta(days=10)))
    # A coachee asked on day 1 - 20, matched 6 days later, first session 14 days after asking
    going = active(academy)
    asked = day1 - dt.timedelta(days=20)
    Request.objects.filter(pk=going.request_id).update(
        created_at=_on(asked), matched_at=_on(asked + dt.timedelta(days=6))
    )
    Relationship.objects.filter(pk=going.pk).update(responded_at=_on(asked + dt.timedelta(days=6)))
    going.sessions.create(number=1, held_on=asked + dt.timedelta(days=14), minutes=60)
    # A mentee who asked after day 1
    waiting = ask(academy, kind="mentoring")
    Request.objects.filter(pk=waiting.pk).update(created_at=_on(day2))
    PractitionerProfile.objects.filter(pk=going.practitioner_id).update(created_at=_on(day1))

    first = hub_figures(academy_id=academy.pk, as_of=day1)
    # coaches: the two early ones (kind both and coach) and the active relationship's coach (both)
    assert (first.coaches, first.mentors, first.coachees, first.mentees) == (3, 2, 1, 0)
    assert (first.active_relationships, first.days_to_match, first.matched) == (1, 6, 1)
    assert (first.days_to_first_session, first.first_sessions) == (14, 1)
    second = hub_figures(academy_id=academy.pk, as_of=day2)
    assert (second.coaches, second.mentors, second.coachees, second.mentees) == (4, 3, 1, 1)
    before = hub_figures(academy_id=academy.pk, as_of=asked - dt.timedelta(days=1))
    assert (before.coachees, before.active_relationships, before.days_to_match) == (0, 0, None)


def test_the_figures_page_and_api_say_as_of_which_day() -> None:
    academy = AcademyFactory()
    client = Client()
    client.force_login(hub_administrator(academy))
    page = client.get(
        f"/coaching/hub/figures/?academy={academy.pk}&as_of_day=21&as_of_month=6&as_of_year=2022"
    )
    assert "Hub figures as of 21 June 2022" in page.content.decode()
    answer = client.get(f"/api/v1/coaching/hubs/{academy.pk}/figures/?as_of=2022-06-21").json()
    assert answer["as_of"] == "2022-06-21" and answer["coaches"] == 0
    assert client.get(f"/api/v1/coaching/hubs/{academy.pk}/figures/?as_of=21/06").status_code == 400
