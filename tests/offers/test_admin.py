"""The Django admin cannot bypass the booking rules: no bookings added or deleted there, and an offer,
cohort or booking cannot be moved to another academy, offer, cohort or person."""

import pytest
from django.test import Client

from academy.offers.models import Booking, Cohort, Offer
from tests.factories import AcademyFactory, CohortFactory, PersonFactory, UserFactory, booking

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin() -> Client:
    client = Client()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_bookings_are_neither_added_nor_deleted_in_the_admin(admin):
    made = booking(CohortFactory(), PersonFactory())

    assert admin.get("/admin/offers/booking/add/").status_code == 403
    assert admin.post(f"/admin/offers/booking/{made.pk}/delete/", {"post": "yes"}).status_code == 403
    admin.post(
        "/admin/offers/booking/", {"action": "delete_selected", "_selected_action": [made.pk], "post": "yes"}
    )
    assert Booking.objects.filter(pk=made.pk).exists()


def test_an_offer_keeps_its_academy_and_a_cohort_its_offer_and_a_booking_its_person(admin):
    cohort = CohortFactory()
    offer, academy = cohort.offer, cohort.offer.academy
    made = booking(cohort, PersonFactory())

    page = admin.get(f"/admin/offers/offer/{offer.pk}/change/").content.decode()
    assert 'name="title"' in page and 'name="academy"' not in page
    page = admin.get(f"/admin/offers/cohort/{cohort.pk}/change/").content.decode()
    assert 'name="capacity"' in page and 'name="offer"' not in page
    page = admin.get(f"/admin/offers/booking/{made.pk}/change/").content.decode()
    assert 'name="person"' not in page and 'name="cohort"' not in page

    other = AcademyFactory()
    admin.post(f"/admin/offers/offer/{offer.pk}/change/", {"title": offer.title, "academy": other.pk})
    assert Offer.objects.get(pk=offer.pk).academy_id == academy.pk
    assert Cohort.objects.get(pk=cohort.pk).offer_id == offer.pk
