"""The demo's systems OD: seed 002's four ICS case studies (one of them seed 004's) published and in the
compiled suite, Herts and West Essex's 19 leaders with their snapshot, two measures and one RACI matrix."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from academy.evaluation import reports
from academy.offers.models import Offer
from academy.people.models import User
from academy.reporting.periods import Period
from academy.systems import selectors
from academy.systems.models import Measure, Programme, RaciMatrix

pytestmark = pytest.mark.django_db


def test_the_demo_case_studies_print_into_the_suite_with_hwes_snapshot() -> None:
    call_command("demo", "--small", stdout=StringIO())
    programmes = Programme.objects.filter(status=Programme.Status.PUBLISHED)
    assert sorted(programmes.values_list("ics__code", flat=True)) == ["QJG", "QM7", "QUE", "QUE"]
    hwe = programmes.get(ics__code="QM7")
    assert hwe.participants.count() == 19 and hwe.diagnostics.count() == 19
    snapshot = selectors.conflict_snapshot(hwe)
    assert snapshot.base == 19 and not snapshot.withheld
    assert all(sum(p.scores().values()) == 30 for p in hwe.profiles.all())
    assert Measure.objects.filter(published_at__isnull=False).count() == 2
    [raci] = RaciMatrix.objects.all()
    assert all([letter for _, letter in cells].count("A") == 1 for _, cells in selectors.raci_grid(raci).rows)

    manager = User.objects.get(email="programme.manager@demo.academy.example")
    offer = Offer.objects.filter(academy__slug="east-of-england").order_by("pk").first()
    suite = reports.suite_build(
        user=manager, offer_ids=[offer.pk], period=Period.last_years(today=timezone.localdate())
    )
    titles = [page.title for page in suite.pages if page.group == "In-Place Systems OD"]
    assert len(titles) == 4
    assert "Systems Leaders Group Development (Hertfordshire and West Essex)" in titles
    # Seed 002's own three years: the four programmes ran in them, so its suite has all four
    seed = reports.suite_build(
        user=manager, offer_ids=[offer.pk], period=Period(start=dt.date(2020, 5, 1), end=dt.date(2023, 4, 30))
    )
    assert len([page for page in seed.pages if page.group == "In-Place Systems OD"]) == 4
