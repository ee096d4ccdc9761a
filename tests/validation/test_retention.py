"""Evidence files and claim narratives go a period after the panel's decision; what is counted stays.

TODAY is 26 November 2026; with a period of 30 days a route decided on 26 October 23:59 (London) loses its
files and narratives, one decided on 27 October 00:00 keeps them."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.files.storage import default_storage
from django.test import Client

from academy.core.retention import retention_apply, retention_due, retention_period_set
from academy.validation import selectors, services
from academy.validation.models import ClaimEntry, Evidence, Outcome, Route
from academy.validation.retention import REMOVED
from tests.factories import PersonFactory

from .helpers import world

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
TODAY = dt.date(2026, 11, 26)


def _decided(at: dt.datetime):
    w = world(to="interviewed")
    services.route_decision(route=w.route, outcome=Outcome.LEADER, by=w.panel[0].user)
    Route.objects.filter(pk=w.route.pk).update(outcome_at=at)
    return w


def _counts(w):
    return [
        (r["element"].code, r["items"], r["narrative"], r["status"]) for r in services.coverage(w.route.claim)
    ]


def test_files_and_narratives_go_after_the_period_and_the_counts_print_the_same():
    admin = PersonFactory(user__is_staff=True, user__is_superuser=True).user
    expired = _decided(dt.datetime(2026, 10, 26, 23, 59, tzinfo=LONDON))
    kept = _decided(dt.datetime(2026, 10, 27, 0, 0, tzinfo=LONDON))
    coverage_before = _counts(expired)
    pipeline_before = selectors.pipeline(expired.pm, cohort=expired.cohort).summary
    files = [e.file.name for e in Evidence.objects.filter(entry__claim=expired.route.claim)]
    assert len(files) == 2 and all(default_storage.exists(name) for name in files)
    for kind in ("validation.evidence_files", "validation.claim_narratives"):
        retention_period_set(kind=kind, days=30, by=admin)
    due = {d.kind.kind: d.count for d in retention_due(today=TODAY)}
    assert (due["validation.evidence_files"], due["validation.claim_narratives"]) == (2, 2)
    retention_apply(by=admin, today=TODAY)
    assert not any(default_storage.exists(name) for name in files)
    assert [e.file.name for e in Evidence.objects.filter(entry__claim=expired.route.claim)] == ["", ""]
    assert set(ClaimEntry.objects.filter(claim=expired.route.claim).values_list("narrative", flat=True)) == {
        REMOVED
    }
    [submission] = expired.route.claim.submissions.all()
    assert {e["narrative"] for e in submission.snapshot["entries"]} == {REMOVED}
    assert _counts(expired) == coverage_before
    assert selectors.pipeline(expired.pm, cohort=expired.cohort).summary == pipeline_before
    # the decided-later route keeps everything
    assert all(e.file.name for e in Evidence.objects.filter(entry__claim=kept.route.claim))
    assert REMOVED not in ClaimEntry.objects.filter(claim=kept.route.claim).values_list(
        "narrative", flat=True
    )
    # the practitioner asking for a deleted file is told it is no longer stored, not shown an error
    client = Client()
    client.force_login(expired.practitioner.user)
    evidence = Evidence.objects.filter(entry__claim=expired.route.claim).first()
    assert client.get(f"/validation/evidence/{evidence.pk}/").status_code == 404
    again = {d.kind.kind: d.count for d in retention_due(today=TODAY)}
    assert (again["validation.evidence_files"], again["validation.claim_narratives"]) == (0, 0)
