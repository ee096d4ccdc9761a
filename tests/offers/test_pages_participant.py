"""The participant's pages: find an offer, book or apply, my learning, calendar, certificate, sponsor approval."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from academy.core.dates import long_date
from academy.offers import services
from academy.offers.models import Attendance, Booking, DeliveryFormat, Eligibility, Offer, OfferKind
from tests.factories import (
    CohortFactory,
    ICSFactory,
    OfferFactory,
    PersonFactory,
    SessionFactory,
    programme_manager,
)
from tests.offers.helpers import text, time_passes

pytestmark = pytest.mark.django_db


def book(cohort, person, **kwargs):
    return services.booking_create(cohort=cohort, person=person, by=person.user, **kwargs)


def offer_titles(response) -> list[str]:
    return [offer.title for offer in response.context["page"].object_list]


# --- Catalogue ------------------------------------------------------------------------------------


def test_catalogue_shows_published_offers_with_kind_format_next_date_and_places_left(client):
    starts = timezone.localdate() + dt.timedelta(days=20)
    offer = OfferFactory(
        title="Leading with compassion", kind=OfferKind.BITESIZE, delivery_format=DeliveryFormat.VIRTUAL
    )
    CohortFactory(offer=offer, capacity=12, confirmed_count=5, starts_on=starts)
    CohortFactory(offer=offer, capacity=10, starts_on=starts + dt.timedelta(days=30))
    OfferFactory(title="Draft offer nobody sees", status=Offer.Status.DRAFT)

    response = client.get("/offers/")

    assert response.status_code == 200
    page = text(response)
    assert "Leading with compassion" in page
    assert "Draft offer nobody sees" not in page
    assert "Bitesize virtual sessions" in page
    assert "Virtual (online, live)" in page
    assert f"Next date {long_date(starts)} Cohort" in page
    assert "Places 7 places left" in page  # the next cohort's own places, not 7 + 10
    assert "17 places left" not in page


def test_catalogue_card_describes_the_next_cohort_when_it_is_full_and_names_the_next_with_places(client):
    starts = timezone.localdate() + dt.timedelta(days=20)
    later = starts + dt.timedelta(days=50)
    offer = OfferFactory(title="Leading with compassion")
    CohortFactory(
        offer=offer,
        name="December cohort",
        capacity=20,
        confirmed_count=20,
        waitlist_count=4,
        starts_on=starts,
    )
    CohortFactory(offer=offer, name="February cohort", capacity=20, starts_on=later)

    page = text(client.get("/offers/"))

    assert f"Next date {long_date(starts)} December cohort" in page
    assert "Places Fully booked, 4 on the waiting list" in page
    assert f"Also {long_date(later)}: 20 places left February cohort" in page
    assert "Places 20 places left" not in page


def test_catalogue_says_when_every_place_is_taken_or_no_dates_are_set(client):
    full = OfferFactory(title="Full workshop")
    CohortFactory(offer=full, capacity=3, confirmed_count=3)
    OfferFactory(title="Undated network")

    page = text(client.get("/offers/"))

    assert "Fully booked: join the waiting list" in page
    assert "No dates yet" in page


def test_catalogue_filters_by_search_kind_format_audience_system_and_dates(client):
    soon = timezone.localdate() + dt.timedelta(days=10)
    later = timezone.localdate() + dt.timedelta(days=90)
    norfolk, suffolk = ICSFactory(name="Norfolk and Waveney"), ICSFactory(name="Suffolk and North East Essex")
    compassion = OfferFactory(
        title="Compassionate leadership",
        kind=OfferKind.BITESIZE,
        audience="All staff",
        delivery_format="virtual",
    )
    care_home = OfferFactory(
        title="Care home managers' programme",
        kind=OfferKind.PROGRAMME,
        audience="Care home managers and deputies",
        delivery_format="in_person",
    )
    care_home.systems.set([norfolk])
    regional = OfferFactory(title="Teaming skills", kind=OfferKind.WORKSHOP, delivery_format="virtual")
    CohortFactory(offer=compassion, starts_on=soon)
    CohortFactory(offer=care_home, starts_on=later)
    CohortFactory(offer=regional, starts_on=later)

    def titles(**query):
        return sorted(offer_titles(client.get("/offers/", query)))

    assert titles(q="compassion") == ["Compassionate leadership"]
    assert titles(kind="programme") == ["Care home managers' programme"]
    assert titles(delivery_format="virtual") == ["Compassionate leadership", "Teaming skills"]
    assert titles(audience="care home") == ["Care home managers' programme"]
    # An offer with no systems listed is open to the whole region, so it shows under every system.
    assert titles(ics=suffolk.pk) == ["Compassionate leadership", "Teaming skills"]
    assert titles(ics=norfolk.pk) == [
        "Care home managers' programme",
        "Compassionate leadership",
        "Teaming skills",
    ]
    assert titles(date_to=(soon + dt.timedelta(days=1)).isoformat()) == ["Compassionate leadership"]
    assert titles(date_from=(soon + dt.timedelta(days=1)).isoformat()) == [
        "Care home managers' programme",
        "Teaming skills",
    ]


def test_catalogue_shows_an_error_beside_a_date_range_that_ends_before_it_starts(client):
    OfferFactory(title="Teaming skills")
    response = client.get("/offers/", {"date_from": "2030-06-21", "date_to": "2030-06-01"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert 'href="#id_date_to"' in html
    assert 'id="id_date_to-error"' in html
    assert "The &#x27;starting by&#x27; date must be the same as or after" in html


def test_catalogue_paginates_twenty_offers_a_page_keeping_the_filters(client, django_assert_max_num_queries):
    for n in range(23):
        CohortFactory(offer=OfferFactory(title=f"Bitesize session {n:02d}", kind=OfferKind.BITESIZE))

    with django_assert_max_num_queries(6):
        first = client.get("/offers/", {"kind": "bitesize"})
    second = client.get("/offers/", {"kind": "bitesize", "page": 2})

    assert len(offer_titles(first)) == 20
    assert len(offer_titles(second)) == 3
    assert "23 offers found" in text(first)
    assert 'href="?kind=bitesize&amp;page=2"' in first.content.decode()


def test_catalogue_answers_htmx_with_just_the_results(client):
    OfferFactory(title="Teaming skills")
    response = client.get("/offers/", {"q": "teaming"}, headers={"HX-Request": "true"})

    html = response.content.decode()
    assert html.lstrip().startswith('<div id="catalogue-results"')
    assert "Teaming skills" in html

    with_error = client.get(
        "/offers/", {"date_from": "2030-06-21", "date_to": "2030-06-01"}, headers={"HX-Request": "true"}
    )
    assert "There is a problem" in with_error.content.decode()
    assert with_error["HX-Retarget"] == "#maincontent"


# --- Offer page -----------------------------------------------------------------------------------


def test_offer_page_shows_what_a_participant_needs_to_decide(client):
    offer = OfferFactory(
        title="Care home managers' programme",
        summary="Leadership skills for care home managers.",
        objectives=["Lead your team through change", "Build resilience"],
        audience="Care home managers and deputies",
        eligibility=Eligibility.CARE_HOME_MANAGERS,
        eligibility_text="Care home managers and deputies",
        delivery_partner__name="CBS Learning",
        duration="Five 2-hour modules",
        completion_attendance_percent=80,
        completion_requires_project=True,
        requires_application=True,
        requires_sponsor=True,
    )
    starts = timezone.localdate() + dt.timedelta(days=14)
    cohort = CohortFactory(offer=offer, name="Cohort 9", capacity=8, starts_on=starts)
    SessionFactory(
        cohort=cohort,
        title="Module 1",
        starts_at=timezone.make_aware(dt.datetime.combine(starts, dt.time(14, 30))),
        ends_at=timezone.make_aware(dt.datetime.combine(starts, dt.time(16, 30))),
        online_url="https://meet.example.org/m1",
    )
    SessionFactory(cohort=cohort, title="Module 2", location="Cambridge")

    response = client.get(f"/offers/{offer.slug}/")

    page = text(response)
    assert "Care home managers' programme" in page
    assert "Lead your team through change" in page and "Build resilience" in page
    assert "Care home managers and deputies" in page
    assert "CBS Learning" in page
    assert "Five 2-hour modules" in page
    assert "Attend at least 80% of the sessions and submit an improvement project" in page
    assert "Apply with a sponsor" in page
    assert f"Module 1 {long_date(starts)} 2:30pm to 4:30pm Online" in page
    assert "Cambridge" in page
    assert "8 places left" in page
    assert "Apply for Cohort 9" in page
    assert response.content.decode().count("<h1") == 1


def test_offer_page_says_waiting_list_when_a_cohort_is_full(client):
    cohort = CohortFactory(capacity=2, confirmed_count=2, name="Spring cohort")

    page = text(client.get(f"/offers/{cohort.offer.slug}/"))

    assert "Waiting list: all places are taken" in page
    assert "Join the waiting list for Spring cohort" in page


def test_offer_page_links_the_programme_team_to_manage_it(client):
    offer = OfferFactory()
    client.force_login(PersonFactory().user)
    assert "Manage this offer" not in text(client.get(f"/offers/{offer.slug}/"))

    client.force_login(programme_manager(offer.academy))
    assert "Manage this offer" in text(client.get(f"/offers/{offer.slug}/"))


def test_draft_offer_page_is_not_found(client):
    offer = OfferFactory(status=Offer.Status.DRAFT)
    assert client.get(f"/offers/{offer.slug}/").status_code == 404


# --- Booking and applying -------------------------------------------------------------------------


def test_booking_needs_a_login(client):
    cohort = CohortFactory()
    url = f"/offers/{cohort.offer.slug}/cohorts/{cohort.pk}/book/"
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_booking_with_a_place_left_confirms_it(client):
    cohort = CohortFactory(capacity=2)
    person = PersonFactory()
    client.force_login(person.user)

    response = client.post(f"/offers/{cohort.offer.slug}/cohorts/{cohort.pk}/book/", {}, follow=True)

    booking = Booking.objects.get(person=person, cohort=cohort)
    assert booking.status == Booking.Status.CONFIRMED
    assert response.redirect_chain[-1][0] == f"/my-learning/bookings/{booking.pk}/done/"
    assert "Booking confirmed" in text(response)


def test_booking_a_full_cohort_joins_the_waiting_list_and_says_where(client):
    cohort = CohortFactory(capacity=1)
    book(cohort, PersonFactory())
    book(cohort, PersonFactory())
    person = PersonFactory()
    client.force_login(person.user)

    page = text(client.get(f"/offers/{cohort.offer.slug}/cohorts/{cohort.pk}/book/"))
    assert "Join the waiting list" in page
    response = client.post(f"/offers/{cohort.offer.slug}/cohorts/{cohort.pk}/book/", {}, follow=True)

    assert Booking.objects.get(person=person).status == Booking.Status.WAITLISTED
    assert "You are on the waiting list" in text(response)
    assert "you are number 2" in text(response)


def test_booking_with_an_adjustment_says_who_will_see_it_and_keeps_it(client):
    cohort = CohortFactory()
    person = PersonFactory()
    client.force_login(person.user)
    url = f"/offers/{cohort.offer.slug}/cohorts/{cohort.pk}/book/"

    assert "Only the academy's programme team can read this" in text(client.get(url))
    client.post(url, {"adjustment": "Live captions, please."})

    assert Booking.objects.get(person=person).adjustment.request == "Live captions, please."


def test_eligibility_must_be_confirmed_before_booking(client):
    offer = OfferFactory(
        eligibility=Eligibility.ETHNIC_MINORITY, eligibility_text="Staff from ethnic minority backgrounds"
    )
    cohort = CohortFactory(offer=offer)
    person = PersonFactory()
    client.force_login(person.user)
    url = f"/offers/{offer.slug}/cohorts/{cohort.pk}/book/"

    refused = client.post(url, {})
    assert 'id="id_eligibility_confirmed-error"' in refused.content.decode()
    assert not Booking.objects.exists()

    client.post(url, {"eligibility_confirmed": "on"})
    assert Booking.objects.get(person=person).status == Booking.Status.CONFIRMED


def test_booking_twice_shows_the_services_reason(client):
    cohort = CohortFactory()
    person = PersonFactory()
    book(cohort, person)
    client.force_login(person.user)

    response = client.post(f"/offers/{cohort.offer.slug}/cohorts/{cohort.pk}/book/", {})

    assert response.status_code == 200
    assert "You already have a booking on this cohort" in text(response)


def sponsored_offer():
    offer = OfferFactory(
        title="Care home managers' programme", requires_application=True, requires_sponsor=True
    )
    return CohortFactory(offer=offer, capacity=5)


def test_apply_with_line_manager_as_sponsor_who_then_approves(client):
    cohort = sponsored_offer()
    manager = PersonFactory(given_name="Morgan", family_name="Sponsor")
    person = PersonFactory(given_name="Alex", family_name="Participant", line_manager=manager)
    client.force_login(person.user)
    url = f"/offers/{cohort.offer.slug}/cohorts/{cohort.pk}/book/"

    form_page = text(client.get(url))
    assert "My line manager, Morgan Sponsor" in form_page
    response = client.post(
        url,
        {"application_statement": "I want to lead my team well.", "sponsor_choice": "line_manager"},
        follow=True,
    )

    booking = Booking.objects.get(person=person)
    assert (booking.status, booking.sponsor) == (Booking.Status.AWAITING_SPONSOR, manager)
    assert "Application sent to your sponsor" in text(response)
    assert "Waiting for approval" in text(client.get("/my-learning/"))

    client.force_login(manager.user)
    requests_page = text(client.get("/sponsor/"))
    assert "Alex Participant" in requests_page and "Care home managers' programme" in requests_page
    assert "I want to lead my team well." in text(client.get(f"/sponsor/applications/{booking.pk}/"))
    decided = client.post(f"/sponsor/applications/{booking.pk}/", {"decision": "approve"}, follow=True)

    assert "You have approved the application from Alex Participant" in text(decided)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED
    client.force_login(person.user)
    assert "Place confirmed" in text(client.get("/my-learning/"))


def test_apply_naming_a_colleague_by_email_as_sponsor(client):
    cohort = sponsored_offer()
    colleague = PersonFactory()
    person = PersonFactory(organisation=colleague.organisation)  # a sponsor works where you work
    client.force_login(person.user)
    url = f"/offers/{cohort.offer.slug}/cohorts/{cohort.pk}/book/"

    client.post(
        url,
        {
            "application_statement": "Ready to grow.",
            "sponsor_choice": "other",
            "sponsor_email": colleague.email.upper(),
        },
    )

    assert Booking.objects.get(person=person).sponsor == colleague


def test_application_errors_are_shown_beside_each_field(client):
    cohort = sponsored_offer()
    person = PersonFactory()
    client.force_login(person.user)
    url = f"/offers/{cohort.offer.slug}/cohorts/{cohort.pk}/book/"

    response = client.post(url, {"sponsor_choice": "other", "sponsor_email": "nobody@example.org"})

    html = response.content.decode()
    assert "There is a problem" in html
    assert 'id="id_application_statement-error"' in html
    assert "Tell us why you are applying and what you hope to gain." in html
    assert 'id="id_sponsor_email-error"' in html
    assert "We could not find anyone in your organisation with an Academy account" in html
    assert not Booking.objects.exists()


def test_sponsor_must_give_a_reason_to_decline(client):
    cohort = sponsored_offer()
    manager = PersonFactory()
    person = PersonFactory(line_manager=manager)
    booking = book(cohort, person, application_statement="Please.", sponsor=manager)
    client.force_login(manager.user)
    url = f"/sponsor/applications/{booking.pk}/"

    refused = client.post(url, {"decision": "decline"})
    assert 'id="id_comment-error"' in refused.content.decode()
    client.post(url, {"decision": "decline", "comment": "Not this year: we are short-staffed."})

    booking.refresh_from_db()
    assert booking.status == Booking.Status.DECLINED
    client.force_login(person.user)
    assert "Not this year: we are short-staffed." in text(client.get("/my-learning/"))


def test_only_the_named_sponsor_sees_an_application(client):
    cohort = sponsored_offer()
    manager = PersonFactory()
    booking = book(
        cohort, PersonFactory(line_manager=manager), application_statement="Please.", sponsor=manager
    )
    client.force_login(PersonFactory().user)

    assert "There are no applications waiting for you" in text(client.get("/sponsor/"))
    assert client.get(f"/sponsor/applications/{booking.pk}/").status_code == 404
    assert client.post(f"/sponsor/applications/{booking.pk}/", {"decision": "approve"}).status_code == 404


# --- My learning ----------------------------------------------------------------------------------


def test_my_learning_groups_bookings_by_status(client):
    person = PersonFactory()
    titles = {}
    for name in ("Booked offer", "Waiting offer", "Cancelled offer"):
        titles[name] = CohortFactory(offer=OfferFactory(title=name), capacity=1)
    book(titles["Booked offer"], person)
    book(titles["Waiting offer"], PersonFactory())
    book(titles["Waiting offer"], person)
    services.booking_cancel(booking=book(titles["Cancelled offer"], person), by=person.user)
    client.force_login(person.user)

    response = client.get("/my-learning/")

    groups = {s["key"]: [i["offer"].title for i in s["items"]] for s in response.context["sections"]}
    assert groups == {
        "upcoming": ["Booked offer"],
        "waiting": ["Waiting offer"],
        "approval": [],
        "completed": [],
        "cancelled": ["Cancelled offer"],
    }
    page = text(response)
    assert page.index("Booked offer") < page.index("Waiting offer") < page.index("Cancelled offer")


def test_my_learning_query_count_does_not_grow_with_bookings(client, django_assert_max_num_queries):
    person = PersonFactory()
    for _ in range(8):
        cohort = CohortFactory()
        SessionFactory.create_batch(3, cohort=cohort)
        book(cohort, person)
    client.force_login(person.user)

    # 13: the menu asks once whether the person is on a validation route (validation.selectors.involved)
    with django_assert_max_num_queries(13):
        response = client.get("/my-learning/")
    assert len(response.context["sections"][0]["items"]) == 8


def test_cancelling_my_booking_asks_first_then_gives_the_place_to_the_first_waiting(client):
    cohort = CohortFactory(capacity=1)
    me, first_waiting, second_waiting = PersonFactory.create_batch(3)
    mine = book(cohort, me)
    book(cohort, first_waiting)
    book(cohort, second_waiting)
    client.force_login(me.user)
    url = f"/my-learning/bookings/{mine.pk}/cancel/"

    assert "Are you sure you want to cancel?" in text(client.get(url))
    response = client.post(url, follow=True)

    assert "has been cancelled" in text(response)
    statuses = dict(Booking.objects.values_list("person_id", "status"))
    assert statuses == {me.pk: "cancelled", first_waiting.pk: "confirmed", second_waiting.pk: "waitlisted"}


def completed_booking(*, project: bool = False):
    offer = OfferFactory(title="Teaming skills", completion_requires_project=project)
    cohort = CohortFactory(offer=offer)
    sessions = SessionFactory.create_batch(2, cohort=cohort)
    person = PersonFactory()
    booking = book(cohort, person)
    manager = programme_manager(offer.academy)
    for session in time_passes(*sessions):
        services.attendance_mark(session=session, by=manager, marks={booking.pk: Attendance.Status.PRESENT})
    return booking, person


def test_certificate_is_a_pdf_once_completed_and_not_before(client):
    cohort = CohortFactory()
    SessionFactory(cohort=cohort)
    early = book(cohort, PersonFactory())
    client.force_login(early.person.user)
    assert client.get(f"/my-learning/bookings/{early.pk}/certificate.pdf").status_code == 404

    booking, person = completed_booking()
    client.force_login(person.user)
    page = text(client.get("/my-learning/"))
    assert "Completed" in page and "Download certificate (PDF)" in page

    response = client.get(f"/my-learning/bookings/{booking.pk}/certificate.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response.content.startswith(b"%PDF-")


def test_improvement_project_is_asked_for_and_completes_the_programme(client):
    booking, person = completed_booking(project=True)
    assert booking.completed_at is None
    client.force_login(person.user)
    assert "Submit improvement project" in text(client.get("/my-learning/"))
    url = f"/my-learning/bookings/{booking.pk}/project/"

    refused = client.post(url, {"title": "", "summary": ""})
    assert 'id="id_title-error"' in refused.content.decode()
    client.post(url, {"title": "Fewer medication errors", "summary": "A medicines video for induction."})

    booking.refresh_from_db()
    assert booking.project_title == "Fewer medication errors"
    assert booking.completed_at is not None


def test_add_to_calendar_downloads_an_invitation_for_that_session(client):
    cohort = CohortFactory(offer=OfferFactory(title="Teaming skills"))
    session = SessionFactory(cohort=cohort, title="Module 1")
    person = PersonFactory()
    booking = book(cohort, person)
    client.force_login(person.user)
    url = f"/my-learning/bookings/{booking.pk}/sessions/{session.pk}/invitation.ics"
    assert url in client.get("/my-learning/").content.decode()

    response = client.get(url)

    assert response["Content-Type"].startswith("text/calendar")
    assert response["Content-Disposition"].startswith("attachment;")
    body = response.content.decode()
    assert "BEGIN:VEVENT" in body and "SUMMARY:Teaming skills: Module 1" in body


def test_calendar_feed_is_served_by_its_secret_address_without_login(client):
    cohort = CohortFactory(offer=OfferFactory(title="Teaming skills"))
    SessionFactory(cohort=cohort, title="Module 1")
    person = PersonFactory()
    book(cohort, person)
    client.force_login(person.user)
    client.post("/my-learning/calendar/")
    person.refresh_from_db()
    feed_url = reverse("offers:calendar_feed", args=[person.calendar_token])
    assert feed_url in client.get("/my-learning/calendar/").content.decode()
    assert feed_url in client.get("/my-learning/").content.decode()
    client.logout()

    response = client.get(feed_url)

    assert response.status_code == 200
    assert "SUMMARY:Teaming skills: Module 1" in response.content.decode()
    assert client.get("/calendar/not-a-real-token-at-all-xxxxxx.ics").status_code == 404


def test_other_peoples_bookings_are_not_found(client):
    booking, _owner = completed_booking()
    session = booking.cohort.sessions.first()
    client.force_login(PersonFactory().user)

    for url in [
        f"/my-learning/bookings/{booking.pk}/",
        f"/my-learning/bookings/{booking.pk}/done/",
        f"/my-learning/bookings/{booking.pk}/cancel/",
        f"/my-learning/bookings/{booking.pk}/certificate.pdf",
        f"/my-learning/bookings/{booking.pk}/sessions/{session.pk}/invitation.ics",
    ]:
        assert client.get(url).status_code == 404, url
    assert client.post(f"/my-learning/bookings/{booking.pk}/cancel/").status_code == 404
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED
