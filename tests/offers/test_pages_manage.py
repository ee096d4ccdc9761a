"""The programme team's and facilitators' pages: offers, cohorts, sessions, places, waiting list, attendance."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from academy.core.dates import long_date
from academy.offers import services
from academy.offers.models import Attendance, Booking, Offer
from tests.factories import (
    AcademyFactory,
    CohortFactory,
    DeliveryPartnerFactory,
    ICSFactory,
    OfferFactory,
    PersonFactory,
    SessionFactory,
    facilitator,
    programme_manager,
)
from tests.offers.helpers import text, time_passes

pytestmark = pytest.mark.django_db


def book(cohort, person, **kwargs):
    return services.booking_create(cohort=cohort, person=person, by=person.user, **kwargs)


def section(page: str, start: str, end: str) -> str:
    """The words between two headings of a page."""
    return page[page.index(start) : page.index(end, page.index(start))]


@pytest.fixture
def world():
    partner = DeliveryPartnerFactory(name="CBS Learning")
    offer = OfferFactory(title="Leading with compassion", delivery_partner=partner)
    cohort = CohortFactory(offer=offer, name="Spring cohort", capacity=2)
    sessions = [SessionFactory(cohort=cohort, title=f"Module {n}") for n in (1, 2)]
    return {
        "offer": offer,
        "cohort": cohort,
        "sessions": sessions,
        "manager": programme_manager(offer.academy),
        "facilitator": facilitator(partner),
    }


# --- Offers ---------------------------------------------------------------------------------------


def test_dashboard_lists_my_offers_and_upcoming_cohorts(client, world):
    OfferFactory(title="Another academy's offer")
    client.force_login(world["manager"])

    page = text(client.get("/manage/"))

    assert "Leading with compassion" in page
    assert "Spring cohort" in page
    assert "Another academy's offer" not in page
    assert "Create an offer" in page


def test_facilitator_dashboard_shows_their_cohorts_but_no_offer_building(client, world):
    CohortFactory(name="Someone else's cohort")
    client.force_login(world["facilitator"])

    page = text(client.get("/manage/"))

    assert "Spring cohort" in page
    assert "Someone else's cohort" not in page
    assert "Create an offer" not in page
    assert client.get("/manage/offers/new/").status_code == 403


def test_programme_manager_creates_an_offer_with_objectives_one_per_line_and_systems(client, world):
    norfolk, suffolk, _ = ICSFactory(), ICSFactory(), ICSFactory()
    client.force_login(world["manager"])

    response = client.post(
        "/manage/offers/new/",
        {
            "academy": world["offer"].academy_id,
            "title": "Teaming skills",
            "kind": "workshop",
            "summary": "Four practical sessions on leading teams.",
            "objectives": "Understand teaming\n\n  Lead psychologically safe teams  \n",
            "eligibility": "open",
            "delivery_format": "virtual",
            "systems": [norfolk.pk, suffolk.pk],
            "completion_attendance_percent": "75",
            "status": "published",
        },
    )

    offer = Offer.objects.get(title="Teaming skills")
    assert response["Location"] == f"/manage/offers/{offer.pk}/"
    assert offer.objectives == ["Understand teaming", "Lead psychologically safe teams"]
    assert set(offer.systems.all()) == {norfolk, suffolk}
    assert offer.completion_attendance_percent == 75
    assert offer.slug == "teaming-skills"


def test_offer_form_shows_each_error_beside_its_field(client, world):
    client.force_login(world["manager"])

    response = client.post(
        "/manage/offers/new/",
        {
            "academy": world["offer"].academy_id,
            "title": "",
            "kind": "workshop",
            "summary": "A summary.",
            "eligibility": "open",
            "delivery_format": "virtual",
            "completion_attendance_percent": "120",
            "requires_sponsor": "on",
            "status": "draft",
        },
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    for field in ("title", "completion_attendance_percent", "requires_sponsor"):
        assert f'id="id_{field}-error"' in html, field
        assert f'href="#id_{field}"' in html, field
    assert "An offer that needs a sponsor must also need an application." in html
    assert "Enter a whole number from 0 to 100." in html


def test_programme_manager_edits_an_offer(client, world):
    client.force_login(world["manager"])
    offer = world["offer"]
    form_page = client.get(f"/manage/offers/{offer.pk}/edit/")
    data = {k: v for k, v in form_page.context["form"].initial.items() if v not in (None, False)}
    data.update(title="Leading with compassion (2025)", objectives="One\nTwo")

    client.post(f"/manage/offers/{offer.pk}/edit/", data)

    offer.refresh_from_db()
    assert offer.title == "Leading with compassion (2025)"
    assert offer.objectives == ["One", "Two"]


def test_another_academys_offer_is_not_found(client, world):
    client.force_login(programme_manager(AcademyFactory()))
    offer = world["offer"]
    for url in [
        f"/manage/offers/{offer.pk}/",
        f"/manage/offers/{offer.pk}/edit/",
        f"/manage/offers/{offer.pk}/cohorts/new/",
    ]:
        assert client.get(url).status_code == 404, url


# --- Cohorts and sessions -------------------------------------------------------------------------


def test_programme_manager_adds_a_cohort_and_a_session(client, world):
    client.force_login(world["manager"])
    offer = world["offer"]
    starts = timezone.localdate() + dt.timedelta(days=30)

    created = client.post(
        f"/manage/offers/{offer.pk}/cohorts/new/",
        {
            "name": "Autumn cohort",
            "capacity": "20",
            "starts_on": starts.isoformat(),
            "ends_on": (starts + dt.timedelta(weeks=6)).isoformat(),
        },
    )
    cohort = offer.cohorts.get(name="Autumn cohort")
    assert created["Location"] == f"/manage/cohorts/{cohort.pk}/"

    client.post(
        f"/manage/cohorts/{cohort.pk}/sessions/new/",
        {
            "title": "Module 1",
            "date": starts.isoformat(),
            "starts": "10:00",
            "ends": "12:30",
            "online_url": "https://meet.example.org/m1",
        },
    )

    session = cohort.sessions.get()
    assert timezone.localtime(session.starts_at).time() == dt.time(10, 0)
    assert timezone.localtime(session.ends_at).time() == dt.time(12, 30)
    page = text(client.get(f"/manage/cohorts/{cohort.pk}/"))
    assert f"Module 1 {long_date(starts)} 10am to 12:30pm Online" in page


def test_session_ending_before_it_starts_is_shown_beside_the_end_time(client, world):
    client.force_login(world["manager"])
    cohort = world["cohort"]

    response = client.post(
        f"/manage/cohorts/{cohort.pk}/sessions/new/",
        {"title": "", "date": cohort.starts_on.isoformat(), "starts": "14:00", "ends": "13:00"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_ends"' in html and 'id="id_ends-error"' in html
    assert "The end time must be after the start time." in html
    assert 'href="#id_title"' in html and 'id="id_title-error"' in html
    assert 'aria-describedby="id_ends-hint id_ends-error"' in html
    assert cohort.sessions.count() == 2


def test_session_outside_the_cohort_dates_shows_the_services_reason_on_the_date(client, world):
    client.force_login(world["manager"])
    cohort = world["cohort"]
    too_late = cohort.ends_on + dt.timedelta(days=3)

    response = client.post(
        f"/manage/cohorts/{cohort.pk}/sessions/new/",
        {"title": "Extra", "date": too_late.isoformat(), "starts": "10:00", "ends": "11:00"},
    )

    html = response.content.decode()
    assert 'id="id_date-error"' in html
    assert "The session must be between the cohort&#x27;s dates" in html


def test_cohort_ending_before_it_starts_is_refused_field_by_field(client, world):
    client.force_login(world["manager"])
    offer = world["offer"]

    response = client.post(
        f"/manage/offers/{offer.pk}/cohorts/new/",
        {"name": "Backwards", "capacity": "0", "starts_on": "2030-06-21", "ends_on": "2030-06-01"},
    )

    html = response.content.decode()
    assert (
        'id="id_ends_on-error"' in html
        and "The end date must be the same as or after the start date." in html
    )
    assert 'id="id_capacity-error"' in html and "Enter a number of places of 1 or more." in html
    assert not offer.cohorts.filter(name="Backwards").exists()


def test_raising_capacity_on_the_cohort_form_gives_places_to_the_waiting_list(client, world):
    cohort = world["cohort"]
    people = PersonFactory.create_batch(3)
    for person in people:
        book(cohort, person)
    client.force_login(world["manager"])
    data = {
        k: v for k, v in client.get(f"/manage/cohorts/{cohort.pk}/edit/").context["form"].initial.items() if v
    }
    data["capacity"] = "3"

    client.post(f"/manage/cohorts/{cohort.pk}/edit/", data)

    assert Booking.objects.get(person=people[2]).status == Booking.Status.CONFIRMED


def test_facilitator_cannot_change_cohorts_or_sessions(client, world):
    client.force_login(world["facilitator"])
    cohort, session = world["cohort"], world["sessions"][0]
    for url in [
        f"/manage/cohorts/{cohort.pk}/edit/",
        f"/manage/cohorts/{cohort.pk}/sessions/new/",
        f"/manage/sessions/{session.pk}/edit/",
    ]:
        assert client.get(url).status_code == 403, url


# --- Cohort page: places, waiting list, applications, adjustments ---------------------------------


def test_cohort_page_shows_places_bookings_and_the_waiting_list_in_order(
    client, world, django_assert_max_num_queries
):
    cohort = world["cohort"]
    names = [("Alex", "Participant"), ("Jo", "Second"), ("Sam", "Third"), ("Kit", "Fourth")]
    people = [PersonFactory(given_name=g, family_name=f) for g, f in names]
    for person in people:
        book(cohort, person)
    client.force_login(world["manager"])

    with django_assert_max_num_queries(14):
        response = client.get(f"/manage/cohorts/{cohort.pk}/")

    page = text(response)
    assert "2 places: 2 confirmed, 0 left, 2 on the waiting list" in page
    confirmed = section(page, "Confirmed places (2)", "Waiting list (2)")
    assert "Alex Participant" in confirmed and "Jo Second" in confirmed
    waiting = section(page, "Waiting list (2)", "Applications waiting")
    assert waiting.index("1 Sam Third") < waiting.index("2 Kit Fourth")


def test_cohort_page_query_count_does_not_grow_with_bookings(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cohort = world["cohort"]
    client.force_login(world["manager"])
    for person in PersonFactory.create_batch(2):
        book(cohort, person)
    client.get("/manage/")  # the first request after logging in records its time in the session
    with CaptureQueriesContext(connection) as few:
        client.get(f"/manage/cohorts/{cohort.pk}/")
    for person in PersonFactory.create_batch(10):
        book(cohort, person, adjustment="Captions")
    with CaptureQueriesContext(connection) as many:
        client.get(f"/manage/cohorts/{cohort.pk}/")

    assert len(many) == len(few)


def test_cancelling_from_the_cohort_page_promotes_the_first_on_the_waiting_list(client, world):
    cohort = world["cohort"]
    placed = [book(cohort, p) for p in PersonFactory.create_batch(2)]
    first_waiting = PersonFactory(given_name="Jo", family_name="Second")
    book(cohort, first_waiting)
    book(cohort, PersonFactory(given_name="Kit", family_name="Fourth"))
    client.force_login(world["manager"])
    url = f"/manage/cohorts/{cohort.pk}/bookings/{placed[0].pk}/cancel/"

    assert "Cancel the booking for" in text(client.get(url))
    response = client.post(url, follow=True)

    page = text(response)
    assert "Jo Second has been given the place from the waiting list" in page
    assert "Jo Second" in section(page, "Confirmed places (2)", "Waiting list (1)")
    assert "1 Kit Fourth" in section(page, "Waiting list (1)", "Applications waiting")


def test_programme_manager_decides_an_application_from_the_cohort_page(client, world):
    offer = OfferFactory(requires_application=True, academy=world["offer"].academy)
    cohort = CohortFactory(offer=offer, capacity=3)
    applicant = PersonFactory(given_name="Ash", family_name="Applicant")
    booking = book(cohort, applicant, application_statement="I lead a primary care team.")
    client.force_login(world["manager"])

    page = text(client.get(f"/manage/cohorts/{cohort.pk}/"))
    assert "Ash Applicant" in section(
        page, "Applications waiting for a decision (1)", "Reasonable adjustment"
    )
    assert "I lead a primary care team." in text(
        client.get(f"/manage/cohorts/{cohort.pk}/applications/{booking.pk}/")
    )
    client.post(f"/manage/cohorts/{cohort.pk}/applications/{booking.pk}/", {"decision": "approve"})

    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED


def test_adjustments_are_shown_to_the_programme_team_but_not_the_facilitator(client, world):
    cohort = world["cohort"]
    booking = book(cohort, PersonFactory(), adjustment="A British Sign Language interpreter")
    client.force_login(world["manager"])
    assert "A British Sign Language interpreter" in text(client.get(f"/manage/cohorts/{cohort.pk}/"))
    adjustment = booking.adjustment
    client.post(
        f"/manage/cohorts/{cohort.pk}/adjustments/{adjustment.pk}/", {"response": "Booked for all sessions."}
    )
    adjustment.refresh_from_db()
    assert adjustment.response == "Booked for all sessions."

    client.force_login(world["facilitator"])
    page = text(client.get(f"/manage/cohorts/{cohort.pk}/"))
    assert "A British Sign Language interpreter" not in page
    assert "Reasonable adjustment requests" not in page
    assert client.get(f"/manage/cohorts/{cohort.pk}/adjustments/{adjustment.pk}/").status_code == 403


# --- Attendance -----------------------------------------------------------------------------------


def test_facilitator_marks_everyone_as_attended_after_confirming(client, world):
    cohort, [session] = world["cohort"], time_passes(world["sessions"][0])
    bookings = [book(cohort, p) for p in PersonFactory.create_batch(2)]
    waiting = book(cohort, PersonFactory())
    client.force_login(world["facilitator"])
    url = f"/manage/sessions/{session.pk}/attendance/"

    asked = text(client.post(url, {"action": "everyone"}))

    assert "Mark everyone as attended?" in asked
    assert "All 2 people with a confirmed place will be recorded as attended." in asked
    assert "Yes, mark everyone as attended" in asked
    assert not Attendance.objects.filter(session=session).exists()

    response = client.post(url, {"action": "everyone_confirmed"}, follow=True)

    assert "Attendance saved for 2 people." in text(response)
    marks = dict(Attendance.objects.filter(session=session).values_list("booking_id", "status"))
    assert marks == {bookings[0].pk: "present", bookings[1].pk: "present"}
    assert waiting.pk not in marks


def test_confirming_everyone_names_the_people_whose_marks_it_changes(client, world):
    cohort, [session] = world["cohort"], time_passes(world["sessions"][0])
    alex = book(cohort, PersonFactory(given_name="Alex", family_name="Absent"))
    book(cohort, PersonFactory(given_name="Sam", family_name="Present"))
    services.attendance_mark(session=session, by=world["manager"], marks={alex.pk: "absent"})
    client.force_login(world["manager"])

    asked = text(client.post(f"/manage/sessions/{session.pk}/attendance/", {"action": "everyone"}))

    assert "This changes what is already recorded for 1 person:" in asked
    assert "Alex Absent" in asked


def test_attendance_cannot_be_recorded_before_the_session_starts_but_apologies_can(client, world):
    cohort, session = world["cohort"], world["sessions"][0]  # starts in a fortnight
    alex = book(cohort, PersonFactory(given_name="Alex", family_name="Participant"))
    jo = book(cohort, PersonFactory(given_name="Jo", family_name="Second"))
    client.force_login(world["manager"])
    url = f"/manage/sessions/{session.pk}/attendance/"
    starts = f"This session starts on {long_date(session.starts_at)} at"

    page = text(client.get(url))
    assert starts in page
    assert "Mark everyone as attended" not in page

    response = client.post(url, {f"booking_{alex.pk}": "present", f"booking_{jo.pk}": "apologies"})

    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="id_booking_{alex.pk}-error"' in html or f'id="id_booking_{alex.pk}_0-error"' in html
    assert "You can record who attended once it has started" in text(response)
    assert not Attendance.objects.filter(session=session).exists()  # all or nothing

    client.post(url, {f"booking_{jo.pk}": "apologies"})
    assert dict(Attendance.objects.filter(session=session).values_list("booking_id", "status")) == {
        jo.pk: "apologies"
    }
    assert not Attendance.objects.filter(session=session, status="present").exists()
    asked = text(client.post(url, {"action": "everyone_confirmed"}))
    assert not Attendance.objects.filter(session=session, status="present").exists()
    assert "You can record who attended once it has started" in asked


def test_attendance_register_marks_each_person_and_shows_the_marks_again(client, world):
    cohort, [session] = world["cohort"], time_passes(world["sessions"][0])
    alex = book(cohort, PersonFactory(given_name="Alex", family_name="Participant"))
    jo = book(cohort, PersonFactory(given_name="Jo", family_name="Second"))
    client.force_login(world["manager"])
    url = f"/manage/sessions/{session.pk}/attendance/"

    client.post(url, {f"booking_{alex.pk}": "present", f"booking_{jo.pk}": "apologies"})

    marks = dict(Attendance.objects.filter(session=session).values_list("booking_id", "status"))
    assert marks == {alex.pk: "present", jo.pk: "apologies"}
    html = client.get(url).content.decode()
    assert re.search(rf'name="booking_{jo.pk}" value="apologies"[^>]*checked', html)


def test_completion_follows_attendance_marked_on_the_register(client, world):
    cohort = world["cohort"]
    booking = book(cohort, PersonFactory())
    client.force_login(world["facilitator"])
    for session in time_passes(*world["sessions"]):
        client.post(f"/manage/sessions/{session.pk}/attendance/", {"action": "everyone_confirmed"})

    booking.refresh_from_db()
    assert booking.completed_at is not None


# --- Who may see what -----------------------------------------------------------------------------


def test_facilitator_gets_not_found_for_another_partners_cohort(client, world):
    other = CohortFactory(offer=OfferFactory(academy=world["offer"].academy))
    other_session = SessionFactory(cohort=other)
    booking = book(other, PersonFactory())
    client.force_login(world["facilitator"])

    for url in [
        f"/manage/cohorts/{other.pk}/",
        f"/manage/sessions/{other_session.pk}/attendance/",
        f"/manage/cohorts/{other.pk}/bookings/{booking.pk}/cancel/",
    ]:
        assert client.get(url).status_code == 404, url
    assert (
        client.post(f"/manage/sessions/{other_session.pk}/attendance/", {"action": "everyone"}).status_code
        == 404
    )
    assert not Attendance.objects.exists()


def test_a_booking_is_only_found_through_its_own_cohort(client, world):
    other_booking = book(CohortFactory(offer=world["offer"]), PersonFactory())
    client.force_login(world["manager"])
    url = f"/manage/cohorts/{world['cohort'].pk}/bookings/{other_booking.pk}/cancel/"
    assert client.get(url).status_code == 404


def test_participants_cannot_reach_the_programme_teams_pages(client, world):
    client.force_login(PersonFactory().user)
    cohort, session = world["cohort"], world["sessions"][0]

    assert client.get("/manage/").status_code == 403
    assert client.get("/manage/offers/new/").status_code == 403
    for url in [
        f"/manage/offers/{world['offer'].pk}/",
        f"/manage/cohorts/{cohort.pk}/",
        f"/manage/cohorts/{cohort.pk}/sessions/new/",
        f"/manage/sessions/{session.pk}/attendance/",
    ]:
        assert client.get(url).status_code == 404, url


def test_programme_team_pages_need_a_login(client, world):
    response = client.get(f"/manage/cohorts/{world['cohort'].pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
