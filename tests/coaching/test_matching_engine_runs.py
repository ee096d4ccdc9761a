"""Matching runs through the real engine (academy.matching, built on h-match)."""

import pytest
from django.core.exceptions import ValidationError

from academy.coaching import services
from academy.coaching.models import MatchingRun, Request, ShortlistEntry
from tests.coaching.helpers import CHANGE, CONFIDENCE, ask, hub_administrator, practitioner
from tests.factories import AcademyFactory, PersonFactory

pytest.importorskip("academy.matching")  # skipped only until h-match is merged

pytestmark = pytest.mark.django_db


def test_a_run_matches_optimally_shortlists_and_publishes_once() -> None:
    academy = AcademyFactory()
    admin = hub_administrator(academy)
    change = practitioner(academy, specialisms=[CHANGE], capacity=1)
    confident = practitioner(academy, specialisms=[CONFIDENCE], capacity=1)
    wants_change = ask(academy, goals=[(CHANGE, "Lead a merger")])
    wants_confidence = ask(academy, goals=[(CONFIDENCE, "Speak up at board")])
    run = services.matching_run_start(academy=academy, kind="coaching", by=admin)
    assert run.status == MatchingRun.Status.DRAFT, run.error
    results = {r.request_id: r for r in run.results.all()}
    assert results[wants_change.pk].practitioner_id == change.pk
    assert results[wants_confidence.pk].practitioner_id == confident.pk
    assert run.figures["matched"] == 2 and run.figures["unmatched"] == 0
    with pytest.raises(ValidationError):
        services.matching_run_publish(run=run, by=admin)  # review first
    services.matching_run_review(run=run, by=admin)
    services.matching_run_publish(run=run, by=admin)
    with pytest.raises(ValidationError):
        services.matching_run_publish(run=run, by=admin)
    assert Request.objects.get(pk=wants_change.pk).status == Request.Status.SHORTLISTED
    first = ShortlistEntry.objects.filter(request=wants_change).order_by("rank").first()
    assert first is not None and first.practitioner_id == change.pk and first.factors["goals"] == 1.0


def test_an_infeasible_pool_says_who_and_why_and_publishes_nothing() -> None:
    academy = AcademyFactory()
    admin = hub_administrator(academy)
    manager = PersonFactory()
    practitioner(academy, person=manager)
    ask(academy, person=PersonFactory(line_manager=manager))
    run = services.matching_run_start(academy=academy, kind="coaching", by=admin)
    result = run.results.get()
    assert result.practitioner_id is None and result.unmatched_reason
    services.matching_run_review(run=run, by=admin)
    with pytest.raises(ValidationError):
        services.matching_run_publish(run=run, by=admin)
