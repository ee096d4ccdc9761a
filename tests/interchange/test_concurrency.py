"""Exactly one outcome when two learners take the last place of one opportunity at the same moment, with
real concurrent transactions on PostgreSQL."""

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from academy.interchange import services
from academy.interchange.models import Arrangement, Opportunity
from tests.factories import AcademyFactory

from .helpers import learner, offer

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


def test_two_learners_taking_the_last_place_at_once_leave_exactly_one_arrangement() -> None:
    opportunity = offer(AcademyFactory(), capacity=1)
    first, second = learner(), learner()
    wins, refusals = _race(
        [
            lambda: services.opportunity_ask(opportunity=opportunity, by=first.user),
            lambda: services.opportunity_ask(opportunity=opportunity, by=second.user),
        ]
    )
    assert wins == 1
    assert len(refusals) == 1 and "no places left" in refusals[0]
    assert Arrangement.objects.filter(opportunity=opportunity).count() == 1
    assert Opportunity.objects.get(pk=opportunity.pk).taken_count == 1


def test_three_learners_for_two_places_leave_two_arrangements() -> None:
    opportunity = offer(AcademyFactory(), capacity=2)
    people = [learner() for _ in range(3)]
    wins, refusals = _race(
        [lambda p=p: services.opportunity_ask(opportunity=opportunity, by=p.user) for p in people]
    )
    assert (wins, len(refusals)) == (2, 1)
    assert Arrangement.objects.filter(opportunity=opportunity).count() == 2
