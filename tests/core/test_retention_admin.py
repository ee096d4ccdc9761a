"""The administrator's retention page: each kind's period, set there, and what would go today."""

from typing import Any

import pytest
from django.test import Client

from academy.core.models import AuditEntry, RetentionPeriod
from academy.core.retention import retention_periods
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
PAGE = "/admin/core/retentionperiod/"


@pytest.fixture
def admin_client() -> Client:
    client = Client()
    client.force_login(PersonFactory(user__is_staff=True, user__is_superuser=True).user)
    return client


def test_the_page_lists_every_kind_with_its_period_and_a_dry_run(admin_client: Client) -> None:
    page = admin_client.get(PAGE)

    assert page.status_code == 200
    html = page.content.decode()
    for label in (
        "Audit entries",
        "Written answers to evaluation questions",
        "Uploaded survey files waiting to be imported",
        "Reasonable-adjustment requests (after the cohort ends)",
    ):
        assert label in html
    assert 'name="days-evaluation.free_text" value="1095"' in html
    assert "would go if the job ran today (dry run)" in html


def test_the_administrator_sets_a_period_and_it_is_audited(admin_client: Client) -> None:
    periods = retention_periods()
    form: dict[str, Any] = {
        f"days-{kind}": "" if days is None else str(days) for kind, days in periods.items()
    }
    form["days-evaluation.free_text"] = "730"
    form["days-offers.adjustments"] = ""

    response = admin_client.post(PAGE, form)

    assert response.status_code == 302
    assert retention_periods()["evaluation.free_text"] == 730
    assert retention_periods()["offers.adjustments"] is None  # kept for good
    assert RetentionPeriod.objects.count() == 2  # only what changed is written
    assert AuditEntry.objects.filter(action="core.retention.period_set").count() == 2


def test_a_period_that_is_not_a_number_of_days_is_refused_with_a_message(admin_client: Client) -> None:
    response = admin_client.post(PAGE, {"days-core.audit": "six years"})

    assert response.status_code == 400
    assert "Enter a whole number of days" in response.content.decode()
    assert not RetentionPeriod.objects.exists()


def test_staff_without_the_permission_cannot_open_the_page() -> None:
    client = Client()
    client.force_login(PersonFactory(user__is_staff=True).user)

    assert client.get(PAGE).status_code == 403
