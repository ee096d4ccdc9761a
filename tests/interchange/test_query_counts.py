"""Interchange's lists ask the database the same number of questions however much there is to list."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from academy.interchange import services
from tests.factories import AcademyFactory, programme_manager

from .helpers import learner, offer

pytestmark = pytest.mark.django_db


def _queries(client: Client, path: str) -> int:
    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200, path
    return len(captured)


def test_lists_and_pages_make_the_same_number_of_queries_with_more_data() -> None:
    academy = AcademyFactory()
    me, pm = learner(), programme_manager(academy)

    def grow() -> None:
        for _ in range(3):
            services.opportunity_ask(opportunity=offer(academy, capacity=2), by=me.user)
            offer(academy)

    grow()
    mine, team = Client(), Client()
    mine.force_login(me.user)
    team.force_login(pm)
    paths = [
        (mine, "/api/v1/interchange/opportunities/"),
        (mine, "/api/v1/interchange/arrangements/"),
        (mine, "/interchange/"),
        (mine, "/interchange/opportunities/"),
        (team, f"/interchange/manage/{academy.pk}/"),
        (team, f"/interchange/manage/{academy.pk}/figures/"),
    ]
    before = [_queries(client, path) for client, path in paths]
    grow()
    assert [_queries(client, path) for client, path in paths] == before
