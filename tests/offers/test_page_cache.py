"""Cached pages (core/pagecache.py, issue 17) are never stale and never someone else's.

Every page is read twice before a change, so that what is read after it would come from the cache if
the change had not thrown it away.
"""

import time

import pytest
from django.conf import settings
from django.test import Client
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from academy.core.models import AuditEntry
from academy.offers import services
from academy.offers.models import Booking
from tests.factories import CohortFactory, OfferFactory, PersonFactory, programme_manager
from tests.offers.helpers import text

pytestmark = pytest.mark.django_db


def logged_in(person) -> Client:
    client = Client()
    client.force_login(person.user)
    return client


def read_twice(client: Client, url: str) -> str:
    client.get(url)
    response = client.get(url)
    assert response.status_code == 200
    return text(response)


@pytest.fixture
def cohort():
    offer = OfferFactory(title="Leading with compassion", summary="For new leaders.")
    return CohortFactory(offer=offer, name="Spring cohort", capacity=3)


def test_a_booking_made_on_the_booking_page_shows_at_once_on_every_page(cohort):
    me, other = PersonFactory(), PersonFactory()
    mine, theirs = logged_in(me), logged_in(other)
    offer_url = f"/offers/{cohort.offer.slug}/"
    assert "3 places left" in read_twice(theirs, "/offers/")
    assert "Book a place" in read_twice(mine, offer_url)
    assert "You have not booked anything yet" in read_twice(mine, "/my-learning/")

    response = mine.post(f"/offers/{cohort.offer.slug}/cohorts/{cohort.pk}/book/", {}, follow=True)
    assert response.status_code == 200

    assert "You have a booking on this cohort: place confirmed" in text(mine.get(offer_url))
    assert "Leading with compassion" in text(mine.get("/my-learning/"))
    assert "2 places left" in text(theirs.get("/offers/"))
    assert "2 places left" in text(theirs.get(offer_url))
    assert "You have a booking" not in text(theirs.get(offer_url))


def test_a_cancellation_shows_at_once_and_the_freed_place_goes_to_the_waiting_list(cohort):
    cohort.capacity = 1
    cohort.save()
    me, waiting = PersonFactory(), PersonFactory()
    booking = services.booking_create(cohort=cohort, person=me, by=me.user)
    services.booking_create(cohort=cohort, person=waiting, by=waiting.user)
    mine, theirs = logged_in(me), logged_in(waiting)
    offer_url = f"/offers/{cohort.offer.slug}/"
    assert "You have a booking on this cohort: place confirmed" in read_twice(mine, offer_url)
    assert "waiting list" in read_twice(theirs, offer_url).lower()
    assert "Waiting list" in read_twice(theirs, "/my-learning/")

    mine.post(f"/my-learning/bookings/{booking.pk}/cancel/", follow=True)

    assert "You have a booking" not in text(mine.get(offer_url))
    assert "You have a booking on this cohort: place confirmed" in text(theirs.get(offer_url))
    assert "Cancelled" in text(mine.get("/my-learning/"))
    assert Booking.objects.get(person=waiting).status == Booking.Status.CONFIRMED


def test_an_edited_offer_shows_at_once_in_the_catalogue_and_on_its_page(cohort):
    visitor, reader = Client(), logged_in(PersonFactory())
    offer_url = f"/offers/{cohort.offer.slug}/"
    for client in (visitor, reader):
        assert "Leading with compassion" in read_twice(client, "/offers/")
        assert "For new leaders." in read_twice(client, offer_url)

    manager = programme_manager(cohort.offer.academy)
    services.offer_update(
        offer=cohort.offer, by=manager, title="Compassionate leadership", summary="Renamed."
    )

    for client in (visitor, reader):
        assert "Compassionate leadership" in text(client.get("/offers/"))
        page = text(client.get(offer_url))
        assert "Compassionate leadership" in page and "Renamed." in page
        assert "Leading with compassion" not in page


def test_two_people_never_see_each_others_pages(cohort):
    alex, jo = PersonFactory(), PersonFactory()
    other_offer = OfferFactory(title="Coaching for managers")
    services.booking_create(cohort=cohort, person=alex, by=alex.user)
    services.booking_create(cohort=CohortFactory(offer=other_offer), person=jo, by=jo.user)
    clients = {"alex": logged_in(alex), "jo": logged_in(jo)}
    names = {"alex": alex.user.get_full_name(), "jo": jo.user.get_full_name()}
    for _ in range(2):  # the second round is served from the cache, if at all
        for who, client in clients.items():
            other = "jo" if who == "alex" else "alex"
            for url in ("/offers/", f"/offers/{cohort.offer.slug}/", "/my-learning/"):
                page = text(client.get(url))
                assert names[who] in page and names[other] not in page, (who, url)
            learning = text(client.get("/my-learning/"))
            if who == "alex":
                assert "Leading with compassion" in learning and "Coaching for managers" not in learning
            else:
                assert "Coaching for managers" in learning and "Leading with compassion" not in learning
        assert "You have a booking" in text(clients["alex"].get(f"/offers/{cohort.offer.slug}/"))
        assert "You have a booking" not in text(clients["jo"].get(f"/offers/{cohort.offer.slug}/"))


def test_the_cohort_page_served_again_still_records_each_read_of_adjustments(cohort):
    manager = programme_manager(cohort.offer.academy)
    client = Client()
    client.force_login(manager)
    reads = AuditEntry.objects.filter(
        action="offers.adjustment.read", actor=manager, object_id=str(cohort.pk)
    )
    for expected in (1, 2, 3):  # the second and third are served from the cache
        assert client.get(f"/manage/cohorts/{cohort.pk}/").status_code == 200
        assert reads.count() == expected


def test_a_cohort_page_reflects_a_booking_and_is_never_another_managers(cohort):
    manager, other = programme_manager(cohort.offer.academy), programme_manager(OfferFactory().academy)
    mine, theirs = Client(), Client()
    mine.force_login(manager)
    theirs.force_login(other)
    url = f"/manage/cohorts/{cohort.pk}/"
    person = PersonFactory()
    assert person.user.get_full_name() not in read_twice(mine, url)
    assert theirs.get(url).status_code == 404
    services.booking_create(cohort=cohort, person=person, by=person.user)
    assert person.user.get_full_name() in text(mine.get(url))
    assert theirs.get(url).status_code == 404


def test_a_visitor_never_gets_a_logged_in_page_and_logging_out_is_seen(cohort):
    alex = PersonFactory()
    name = alex.user.get_full_name()
    client = logged_in(alex)
    assert "Log out" in read_twice(client, "/offers/") and name in read_twice(client, "/offers/")
    visitor = read_twice(Client(), "/offers/")
    assert "Log out" not in visitor and name not in visitor
    client.post("/logout/")
    page = text(client.get("/offers/"))
    assert "Log out" not in page and name not in page


def test_a_flash_message_is_shown_once_even_on_a_cached_page(cohort):
    me = PersonFactory()
    booking = services.booking_create(cohort=cohort, person=me, by=me.user)
    client = logged_in(me)
    read_twice(client, "/my-learning/")
    response = client.post(f"/my-learning/bookings/{booking.pk}/cancel/", follow=True)
    assert "has been cancelled" in text(response)
    assert "has been cancelled" not in text(client.get(response.redirect_chain[-1][0]))


def test_the_last_request_is_written_once_a_minute_and_idle_sessions_still_end(cohort):
    client = logged_in(PersonFactory())
    read_twice(client, "/my-learning/")
    session = client.session
    session["last_seen"] = int(time.time()) - settings.SESSION_IDLE_TIMEOUT - 5
    session.save()
    response = client.get("/my-learning/")
    assert response.status_code == 302 and "/login/" in response["Location"]


@hypothesis_settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.tuples(st.sampled_from(["book", "cancel"]), st.integers(0, 3)), min_size=1, max_size=6))
def test_places_left_on_cached_pages_always_match_the_bookings(cohort, steps):
    """Whatever people book and cancel, and in whatever order, the catalogue and the offer page
    (read twice after each step, so the second read is the cached one) show the places really left."""
    Booking.objects.filter(cohort=cohort).delete()
    cohort.confirmed_count = cohort.waitlist_count = 0
    cohort.save()
    people = [PersonFactory() for _ in range(4)]
    reader = logged_in(PersonFactory())
    for action, who in steps:
        person = people[who]
        active = Booking.objects.filter(
            cohort=cohort, person=person, status__in=Booking.ACTIVE_STATUSES
        ).first()
        if action == "book" and active is None:
            services.booking_create(cohort=cohort, person=person, by=person.user)
        elif action == "cancel" and active is not None:
            services.booking_cancel(booking=active, by=person.user)
        left = (
            cohort.capacity - Booking.objects.filter(cohort=cohort, status=Booking.Status.CONFIRMED).count()
        )
        expected = f"{left} place{'s' if left != 1 else ''} left" if left else "Fully booked"
        assert expected in read_twice(reader, "/offers/")
        offer_page = read_twice(reader, f"/offers/{cohort.offer.slug}/")
        assert (f"{left} place" in offer_page) if left else ("all places are taken" in offer_page)
