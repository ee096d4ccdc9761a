"""Exactly one outcome when two people act at the same moment, with real concurrent transactions on
PostgreSQL: a coach's last place accepted twice at once, and one run published by two administrators."""

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from academy.coaching import services
from academy.coaching.models import (
    MatchingRun,
    MatchResult,
    PractitionerProfile,
    Relationship,
    ShortlistEntry,
)
from tests.coaching.helpers import ask, hub_administrator, practitioner
from tests.factories import AcademyFactory

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


def _race(calls: list[Callable[[], Any]]) -> tuple[int, list[str]]:
    """Run the calls at the same moment, each in its own thread and connection: (successes, refusals)."""
    barrier = threading.Barrier(len(calls))
    wins: list[int] = []
    refusals: list[str] = []
    errors: list[str] = []

    def run(call: Callable[[], Any]) -> None:
        try:
            barrier.wait(timeout=30)
            call()
            wins.append(1)
        except ValidationError as error:
            refusals.append(" ".join(error.messages))
        except Exception as error:  # noqa: BLE001 - anything else is a failure, reported below
            errors.append(f"{type(error).__name__}: {error}")
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == [], errors
    return len(wins), refusals


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL variant: run with DATABASE_URL=postgres://...")


def test_a_coach_accepting_two_requests_for_their_last_place_at_once_takes_one() -> None:
    academy = AcademyFactory()
    profile = practitioner(academy, capacity=1)
    introductions = []
    for _ in range(2):
        request = ask(academy)
        introductions.append(services.browse_choose(request=request, profile=profile, by=request.person.user))
    coach = profile.person.user

    def accept(relationship: Relationship) -> Callable[[], Any]:
        return lambda: services.relationship_accept(
            relationship=Relationship.objects.get(pk=relationship.pk), by=coach
        )

    wins, refusals = _race([accept(r) for r in introductions])
    assert wins == 1 and len(refusals) == 1 and "no places left" in refusals[0]
    profile.refresh_from_db()
    assert profile.active_count == profile.capacity == 1
    statuses = sorted(Relationship.objects.filter(practitioner=profile).values_list("status", flat=True))
    assert statuses == ["contracting", "introduced"]


def test_two_administrators_publishing_one_run_at_once_publish_it_once() -> None:
    academy = AcademyFactory()
    first, second = hub_administrator(academy), hub_administrator(academy)
    profile = practitioner(academy)
    request = ask(academy)
    run = MatchingRun.objects.create(academy=academy, kind="coaching", weights={}, status="reviewed")
    MatchResult.objects.create(
        run=run, request=request, practitioner=profile, score=0.7, shortlist=[profile.pk]
    )

    def publish(user: Any) -> Callable[[], Any]:
        return lambda: services.matching_run_publish(run=MatchingRun.objects.get(pk=run.pk), by=user)

    wins, refusals = _race([publish(first), publish(second)])
    assert wins == 1 and refusals == ["This run has already been published."]
    assert ShortlistEntry.objects.filter(request=request).count() == 1
    assert PractitionerProfile.objects.get(pk=profile.pk).active_count == 0
