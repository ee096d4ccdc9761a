"""An API list asks the database the same number of questions however much there is to list."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from academy.offers.services import booking_create
from tests.factories import CohortFactory, OfferFactory, SessionFactory
from tests.security.world import MatrixWorld, build_matrix_world

LISTS = {
    "participant": ["/api/v1/offers/", "/api/v1/bookings/", "/api/v1/goals/", "/api/v1/me/"],
    "pm": [
        "/api/v1/offers/",
        "/api/v1/cohorts/",
        "/api/v1/sessions/",
        "/api/v1/people/",
        "/api/v1/applications/",
        "/api/v1/adjustments/",
        "/api/v1/surveys/",
        "/api/v1/responses/",
    ],
}


def count_queries(client: Client, path: str) -> int:
    client.get(path)  # warm per-request caches that are not part of the answer
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, HTTP_ACCEPT="application/json")
    assert response.status_code == 200, path
    return len(captured)


def grow(world: MatrixWorld, times: int) -> None:
    """More offers, cohorts, sessions and bookings in the same academy, for the same participant."""
    for n in range(times):
        offer = OfferFactory(academy=world.offer.academy, delivery_partner=world.offer.delivery_partner)
        cohort = CohortFactory(offer=offer)
        for _ in range(3):
            SessionFactory(cohort=cohort)
        booking_create(
            cohort=cohort, person=world.participant, by=world.participant.user, adjustment=f"Request {n}"
        )


@pytest.mark.django_db
def test_api_lists_make_the_same_number_of_queries_with_more_data() -> None:
    world = build_matrix_world()
    clients = {}
    for role in LISTS:
        clients[role] = Client()
        clients[role].force_login(world.users[role])
    before = {
        (role, path): count_queries(clients[role], path) for role, paths in LISTS.items() for path in paths
    }
    grow(world, 6)
    after = {
        (role, path): count_queries(clients[role], path) for role, paths in LISTS.items() for path in paths
    }
    grown = {
        f"{path} as {role}": (before[role, path], after[role, path])
        for role, path in before
        if before[role, path] != after[role, path]
    }
    assert not grown, f"query counts grew with the data (before, after): {grown}"
