import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from academy.offers import services
from academy.offers.models import Booking, Session
from tests.factories import (
    CohortFactory,
    DeliveryPartnerFactory,
    OfferFactory,
    PersonFactory,
    SessionFactory,
    facilitator,
    programme_manager,
)
from tests.offers.helpers import time_passes

pytestmark = pytest.mark.django_db


def client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_participant_books_through_the_api_and_sees_only_their_own_bookings():
    cohort = CohortFactory(capacity=1)
    me, other = PersonFactory.create_batch(2)
    services.booking_create(cohort=CohortFactory(), person=other, by=other.user)

    response = client_for(me.user).post("/api/v1/bookings/", {"cohort": cohort.pk}, format="json")

    assert response.status_code == 201, response.json()
    assert response.json()["status"] == "confirmed"
    listed = client_for(me.user).get("/api/v1/bookings/").json()
    assert [b["cohort"] for b in listed["results"]] == [cohort.pk]


def test_another_persons_booking_is_not_found():
    owner, snooper = PersonFactory.create_batch(2)
    booking = services.booking_create(cohort=CohortFactory(), person=owner, by=owner.user)

    assert client_for(snooper.user).get(f"/api/v1/bookings/{booking.pk}/").status_code == 404
    assert client_for(snooper.user).post(f"/api/v1/bookings/{booking.pk}/cancel/").status_code == 404
    assert Booking.objects.get(pk=booking.pk).status == "confirmed"


def test_bad_booking_input_gets_field_errors_not_a_server_error():
    offer = OfferFactory(requires_application=True, requires_sponsor=True)
    cohort = CohortFactory(offer=offer)
    me = PersonFactory()

    response = client_for(me.user).post(
        "/api/v1/bookings/", {"cohort": cohort.pk, "sponsor_email": "nobody@example.org"}, format="json"
    )
    assert response.status_code == 400
    assert "sponsor_email" in response.json()

    response = client_for(me.user).post("/api/v1/bookings/", {"cohort": "not-a-number"}, format="json")
    assert response.status_code == 400
    assert "cohort" in response.json()


def test_facilitator_gets_404_for_another_partners_cohort_in_the_api():
    partner, other = DeliveryPartnerFactory.create_batch(2)
    mine = CohortFactory(offer=OfferFactory(delivery_partner=partner))
    theirs = CohortFactory(offer=OfferFactory(delivery_partner=other))
    client = client_for(facilitator(partner))

    assert client.get(f"/api/v1/cohorts/{mine.pk}/").status_code == 200
    assert client.get(f"/api/v1/cohorts/{theirs.pk}/").status_code == 404
    assert [c["id"] for c in client.get("/api/v1/cohorts/").json()["results"]] == [mine.pk]


def test_programme_manager_builds_a_cohort_of_sessions_and_marks_attendance():
    offer = OfferFactory()
    manager = client_for(programme_manager(offer.academy))
    start = timezone.localdate() + dt.timedelta(days=30)
    cohort = manager.post(
        "/api/v1/cohorts/",
        {
            "offer": offer.pk,
            "name": "Cohort A",
            "capacity": 12,
            "starts_on": str(start),
            "ends_on": str(start + dt.timedelta(days=60)),
        },
        format="json",
    ).json()
    for week in range(6):
        day = start + dt.timedelta(days=7 * week)
        response = manager.post(
            "/api/v1/sessions/",
            {
                "cohort": cohort["id"],
                "title": f"Module {week + 1}",
                "starts_at": f"{day}T10:00:00+00:00",
                "ends_at": f"{day}T12:00:00+00:00",
            },
            format="json",
        )
        assert response.status_code == 201, response.json()
    participant = PersonFactory()
    booking = services.booking_create(cohort=offer.cohorts.get(), person=participant, by=participant.user)
    first_session = manager.get(f"/api/v1/cohorts/{cohort['id']}/").json()["sessions"][0]["id"]
    time_passes(Session.objects.get(pk=first_session))

    response = manager.post(
        f"/api/v1/sessions/{first_session}/attendance/",
        {"marks": {str(booking.pk): "present"}},
        format="json",
    )

    assert response.json() == {"saved": 1}
    assert manager.get(f"/api/v1/cohorts/{cohort['id']}/").json()["sessions"][5]["title"] == "Module 6"


def test_attendance_with_unknown_status_is_a_400():
    session = SessionFactory()
    manager = client_for(programme_manager(session.cohort.offer.academy))

    response = manager.post(
        f"/api/v1/sessions/{session.pk}/attendance/", {"marks": {"1": "asleep"}}, format="json"
    )

    assert response.status_code == 400


def test_sponsor_approves_through_the_api():
    offer = OfferFactory(requires_application=True, requires_sponsor=True)
    cohort = CohortFactory(offer=offer)
    sponsor = PersonFactory()
    applicant = PersonFactory(line_manager=sponsor)
    created = (
        client_for(applicant.user)
        .post(
            "/api/v1/bookings/",
            {"cohort": cohort.pk, "application_statement": "Grow as a manager"},
            format="json",
        )
        .json()
    )
    assert created["status"] == "awaiting_sponsor"
    assert created["sponsor"] == sponsor.pk

    pending = client_for(sponsor.user).get("/api/v1/sponsor-requests/").json()["results"]
    response = client_for(sponsor.user).post(
        f"/api/v1/sponsor-requests/{pending[0]['id']}/decide/", {"approve": True}, format="json"
    )

    assert response.json()["status"] == "confirmed"
    assert client_for(PersonFactory().user).get("/api/v1/sponsor-requests/").json()["results"] == []


def test_unauthenticated_requests_are_refused():
    assert APIClient().get("/api/v1/bookings/").status_code in (401, 403)


def test_certificate_is_a_pdf_once_completed():
    session = SessionFactory()
    person = PersonFactory()
    booking = services.booking_create(cohort=session.cohort, person=person, by=person.user)
    client = client_for(person.user)
    assert client.get(f"/api/v1/bookings/{booking.pk}/certificate/").status_code == 400

    time_passes(session)
    services.attendance_mark(
        session=session, by=programme_manager(session.cohort.offer.academy), marks={booking.pk: "present"}
    )
    response = client.get(f"/api/v1/bookings/{booking.pk}/certificate/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_offer_list_gives_next_start_and_places_left_and_the_offer_its_cohorts():
    offer = OfferFactory(status="published")
    today = timezone.localdate()
    soon = CohortFactory(offer=offer, capacity=12, starts_on=today + dt.timedelta(days=10))
    later = CohortFactory(offer=offer, capacity=20, starts_on=today + dt.timedelta(days=40))
    CohortFactory(offer=offer, capacity=30, starts_on=today - dt.timedelta(days=5))  # started: not counted
    SessionFactory(cohort=soon)
    booker = PersonFactory()
    services.booking_create(cohort=soon, person=booker, by=booker.user)
    client = client_for(PersonFactory().user)

    listed = next(o for o in client.get("/api/v1/offers/").json()["results"] if o["id"] == offer.pk)
    assert listed["next_start"] == soon.starts_on.isoformat()
    assert listed["places_left"] == 11 + 20  # one of the 12 booked; the started cohort is not offered
    assert "cohorts" not in listed

    detail = client.get(f"/api/v1/offers/{offer.pk}/").json()
    assert {c["id"] for c in detail["cohorts"]} >= {soon.pk, later.pk}
    assert len(next(c for c in detail["cohorts"] if c["id"] == soon.pk)["sessions"]) == 1
