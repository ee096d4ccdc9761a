"""API lists answered from the cache (api/caching.py, issue 17) are never stale and never someone else's.

Every list is read twice before a change, so that what is read after it would come from the cache if the
change had not thrown it away.
"""

from typing import Any

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from tests.factories import CohortFactory, OfferFactory, PersonFactory, programme_manager

pytestmark = pytest.mark.django_db


def token_client(user: Any) -> Client:
    key = Token.objects.create(user=user).key
    return Client(HTTP_AUTHORIZATION=f"Token {key}", HTTP_ACCEPT="application/json")


def read_twice(client: Client, url: str) -> dict[str, Any]:
    client.get(url)
    response = client.get(url)
    assert response.status_code == 200, response.content
    return response.json()


@pytest.fixture
def cohort():
    offer = OfferFactory(title="Leading with compassion")
    return CohortFactory(offer=offer, capacity=3)


def places_left(listing: dict[str, Any], offer_id: int) -> int:
    return next(row["places_left"] for row in listing["results"] if row["id"] == offer_id)


def test_a_booking_shows_at_once_in_the_persons_bookings_and_the_offers_places(cohort):
    me = token_client(PersonFactory().user)
    assert read_twice(me, "/api/v1/bookings/")["count"] == 0
    assert places_left(read_twice(me, "/api/v1/offers/"), cohort.offer_id) == 3

    response = me.post("/api/v1/bookings/", {"cohort": cohort.pk}, content_type="application/json")
    assert response.status_code == 201, response.content

    bookings = me.get("/api/v1/bookings/").json()
    assert bookings["count"] == 1
    assert bookings["results"][0]["status"] == "confirmed"
    assert places_left(me.get("/api/v1/offers/").json(), cohort.offer_id) == 2


def test_a_cancelled_booking_leaves_the_list_at_once(cohort):
    me = token_client(PersonFactory().user)
    booking_id = me.post("/api/v1/bookings/", {"cohort": cohort.pk}, content_type="application/json").json()[
        "id"
    ]
    assert read_twice(me, "/api/v1/bookings/")["results"][0]["status"] == "confirmed"
    assert places_left(read_twice(me, "/api/v1/offers/"), cohort.offer_id) == 2

    response = me.post(f"/api/v1/bookings/{booking_id}/cancel/", {}, content_type="application/json")
    assert response.status_code == 200, response.content

    assert me.get("/api/v1/bookings/").json()["results"][0]["status"] == "cancelled"
    assert places_left(me.get("/api/v1/offers/").json(), cohort.offer_id) == 3


def test_two_people_asking_for_the_same_list_each_get_their_own(cohort):
    mine, theirs = token_client(PersonFactory().user), token_client(PersonFactory().user)
    mine.post("/api/v1/bookings/", {"cohort": cohort.pk}, content_type="application/json")
    for _ in range(2):
        assert mine.get("/api/v1/bookings/").json()["count"] == 1
        assert theirs.get("/api/v1/bookings/").json()["count"] == 0


def test_an_edited_offer_shows_at_once_in_the_list(cohort):
    manager = token_client(programme_manager(cohort.offer.academy))
    reader = token_client(PersonFactory().user)
    titles = [row["title"] for row in read_twice(reader, "/api/v1/offers/")["results"]]
    assert "Leading with compassion" in titles

    response = manager.patch(
        f"/api/v1/offers/{cohort.offer_id}/",
        {"title": "Leading with kindness"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content

    titles = [row["title"] for row in reader.get("/api/v1/offers/").json()["results"]]
    assert "Leading with kindness" in titles and "Leading with compassion" not in titles


def test_a_deleted_token_is_refused_although_its_list_was_kept(cohort):
    user = PersonFactory().user
    me = token_client(user)
    read_twice(me, "/api/v1/bookings/")
    Token.objects.filter(user=user).delete()
    assert me.get("/api/v1/bookings/").status_code == 401


def test_the_query_string_is_part_of_what_is_kept(cohort):
    OfferFactory(title="Coaching skills for managers", academy=cohort.offer.academy)
    me = token_client(PersonFactory().user)
    assert read_twice(me, "/api/v1/offers/")["count"] == 2
    found = read_twice(me, "/api/v1/offers/?q=coaching")
    assert [row["title"] for row in found["results"]] == ["Coaching skills for managers"]
    assert read_twice(me, "/api/v1/offers/?limit=1")["next"].endswith("/api/v1/offers/?limit=1&offset=1")


def test_a_deactivated_account_is_refused_at_once_although_its_token_was_kept(cohort):
    user = PersonFactory().user
    me = token_client(user)
    read_twice(me, "/api/v1/bookings/")
    user.is_active = False
    user.save()
    assert me.get("/api/v1/bookings/").status_code == 401
