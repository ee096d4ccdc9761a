"""Reports and dashboards read from the `replica` alias when one is configured; everything else, and every
write, uses the primary. The replica here is a second alias on the same server and database."""

from collections.abc import Iterator

import pytest
from django.db import connections
from django.test import Client
from django.test.utils import CaptureQueriesContext

from academy.core.db import ReportReplicaRouter, reports_read
from academy.evaluation.models import Survey
from academy.people.models import Person
from tests.factories import AcademyFactory, programme_manager


@pytest.fixture
def replica() -> Iterator[str]:
    settings = dict(connections.settings["default"])
    connections.settings["replica"] = settings
    try:
        yield "replica"
    finally:
        if hasattr(connections._connections, "replica"):
            connections["replica"].close()
            del connections._connections.replica
        del connections.settings["replica"]


@pytest.fixture
def replica_connected(replica: str) -> str:
    """pytest-django lets a test reach only the aliases it names, checked before any fixture can add one;
    a connection opened while its alias is not yet in the settings counts as made on the fly (allowed)."""
    wrapper = connections[replica]
    settings = connections.settings.pop(replica)
    try:
        wrapper.ensure_connection()
    finally:
        connections.settings[replica] = settings
    return replica


def test_without_a_replica_reports_read_from_the_primary() -> None:
    router = ReportReplicaRouter()
    with reports_read():
        assert router.db_for_read(Survey) is None  # Django's default alias


def test_report_reads_go_to_the_replica_and_everything_else_to_the_primary(replica: str) -> None:
    router = ReportReplicaRouter()
    assert router.db_for_read(Survey) is None
    with reports_read():
        assert router.db_for_read(Survey) == replica
        assert router.db_for_read(Person) == replica
        assert router.db_for_write(Survey) == "default"
    assert router.db_for_read(Survey) is None
    assert router.allow_migrate("replica", "evaluation") is False
    assert router.allow_migrate("default", "evaluation") is True


def test_locking_reads_inside_a_report_stay_on_the_primary(replica: str) -> None:
    with reports_read():
        assert Survey.objects.all().db == replica
        assert Survey.objects.select_for_update().db == "default"


@pytest.mark.django_db(transaction=True)
def test_the_impact_dashboard_is_read_from_the_replica_and_other_pages_are_not(
    replica_connected: str,
) -> None:
    replica = replica_connected
    client = Client()
    client.force_login(programme_manager(AcademyFactory()))
    with CaptureQueriesContext(connections[replica]) as on_replica:
        assert client.get("/impact/").status_code == 200
    assert len(on_replica) > 0
    with CaptureQueriesContext(connections[replica]) as on_replica:
        assert client.get("/offers/").status_code == 200
    assert len(on_replica) == 0
