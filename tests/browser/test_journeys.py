"""What people do on Academy, end to end in Chromium. Every page reached is checked by axe-core."""

import datetime as dt
import re

import pytest
from django.db.models import F
from django.utils import timezone

from academy.offers.models import Attendance, Booking, Cohort, Offer, Session
from tests.browser.conftest import PASSWORD, Journey, fill_date
from tests.browser.world import build_world

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.xdist_group("browser"),
]

CONFIRMED = re.compile(r"place confirmed|you.ve booked|booking confirmed|you have a place", re.I)


def choose(walk: Journey, label: str, option: str) -> None:
    """Pick an option from a select or a radio group by its visible text."""
    page = walk.page
    select = page.get_by_label(re.compile(label, re.I)).first
    if select.count() and select.evaluate("e => e.tagName") == "SELECT":
        select.select_option(label=re.compile(option, re.I))  # type: ignore[arg-type]
        return
    group = (
        page.locator("fieldset").filter(has=page.locator("legend", has_text=re.compile(label, re.I))).first
    )
    group.get_by_label(re.compile(option, re.I)).first.check()


def test_log_in_and_out(journey: Journey) -> None:
    world = build_world()
    journey.goto("/")
    journey.click("link", "Log in")
    journey.fill(re.compile("email|username", re.I), world.participant.email)
    journey.fill(re.compile("^password", re.I), "not-the-password")
    journey.click("button", "Log in")
    journey.expect_text(re.compile("Enter a correct email address or username and password"))
    journey.login(world.participant.email)
    assert journey.page.get_by_role("button", name="Log out").is_visible()
    journey.logout()
    assert journey.page.get_by_role("link", name="Log in").first.is_visible()
    assert journey.page.get_by_role("button", name="Log out").count() == 0
    for path in ["/accessibility/", "/privacy/", "/cookies/"]:
        journey.goto(path)


def test_browse_catalogue_and_book(journey: Journey) -> None:
    world = build_world()
    journey.login(world.participant.email)
    journey.goto("/offers/")
    journey.expect_text(world.offer.title)
    journey.fill(re.compile("search", re.I), "compassion")
    journey.click("button", re.compile("search|apply|filter", re.I))
    journey.expect_text(world.offer.title)
    journey.click("link", world.offer.title)
    assert journey.path == f"/offers/{world.offer.slug}/"
    journey.expect_text("Spring cohort")
    journey.click("link", re.compile(r"^book", re.I))
    assert journey.path == f"/offers/{world.offer.slug}/cohorts/{world.cohort.pk}/book/"
    journey.click("button", re.compile("confirm|book", re.I))
    journey.expect_text(CONFIRMED)
    journey.goto("/my-learning/")
    journey.expect_text(world.offer.title)
    booking = Booking.objects.get(person=world.participant, cohort=world.cohort)
    assert booking.status == Booking.Status.CONFIRMED


def test_apply_with_sponsor_approval(journey: Journey, new_journey) -> None:  # noqa: ANN001
    world = build_world(requires_sponsor=True)
    journey.login(world.participant.email)
    journey.goto(f"/offers/{world.offer.slug}/")
    journey.click("link", re.compile(r"^apply", re.I))
    journey.fill(re.compile("why|statement|tell us", re.I), "I lead a care home team and want to grow.")
    sponsor_field = journey.page.get_by_label(re.compile("sponsor", re.I))
    if sponsor_field.count():
        if sponsor_field.first.evaluate("e => e.tagName") == "SELECT":
            sponsor_field.first.select_option(label=re.compile("Morgan Sponsor"))  # type: ignore[arg-type]
        elif sponsor_field.first.get_attribute("type") in {"email", "text"}:
            sponsor_field.first.fill(world.sponsor.email)
    journey.click("button", re.compile("apply|send|submit|continue", re.I))
    journey.expect_text(re.compile("sponsor", re.I))
    assert Booking.objects.get(person=world.participant).status == Booking.Status.AWAITING_SPONSOR

    sponsor = new_journey("apply_with_sponsor_approval-sponsor")
    sponsor.login(world.sponsor.email)
    sponsor.goto("/sponsor/")
    sponsor.expect_text("Alex Participant")
    sponsor.expect_text(world.offer.title)
    if sponsor.page.get_by_role("button", name=re.compile("^approve", re.I)).count() == 0:
        sponsor.click("link", re.compile("Alex Participant|review|view", re.I))
    sponsor.click("button", re.compile("^approve", re.I))
    sponsor.expect_text(re.compile("approved", re.I))
    sponsor.screenshot()

    journey.goto("/my-learning/")
    journey.expect_text(world.offer.title)
    journey.expect_text(CONFIRMED)
    assert Booking.objects.get(person=world.participant).status == Booking.Status.CONFIRMED


def test_cancel_and_waiting_list_promotion(journey: Journey, new_journey) -> None:  # noqa: ANN001
    from academy.offers.services import booking_create

    world = build_world(capacity=1)
    first = booking_create(cohort=world.cohort, person=world.participant, by=world.participant.user)
    second = booking_create(
        cohort=world.cohort, person=world.second_participant, by=world.second_participant.user
    )
    assert (first.status, second.status) == (Booking.Status.CONFIRMED, Booking.Status.WAITLISTED)

    journey.login(world.participant.email)
    journey.goto("/my-learning/")
    journey.expect_text(world.offer.title)
    journey.click("link", re.compile(f"{re.escape(world.offer.title)}|view|details", re.I))
    if journey.page.get_by_role("link", name=re.compile("cancel", re.I)).count():
        journey.click("link", re.compile("cancel", re.I))
    journey.click("button", re.compile("cancel", re.I))
    journey.expect_text(re.compile("cancelled", re.I))
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (Booking.Status.CANCELLED, Booking.Status.CONFIRMED)

    promoted = new_journey("cancel_and_waiting_list_promotion-promoted")
    promoted.login(world.second_participant.email)
    promoted.goto("/my-learning/")
    promoted.expect_text(CONFIRMED)
    promoted.screenshot()

    manager = new_journey("cancel_and_waiting_list_promotion-manager")
    manager.login(world.programme_manager.email)
    manager.goto("/manage/")
    manager.click("link", world.offer.title)
    manager.click("link", re.compile("Spring cohort"))
    manager.expect_text("Jo Second")
    manager.screenshot()


def test_programme_manager_builds_offer_with_cohort_of_six_sessions(journey: Journey) -> None:
    world = build_world()
    journey.login(world.programme_manager.email)
    journey.goto("/manage/")
    journey.click("link", re.compile("(create|add|new).*offer", re.I))
    journey.fill(re.compile("^title", re.I), "Teaming skills for new leaders")
    journey.fill(re.compile("^summary", re.I), "Four practical sessions on building and leading teams.")
    choose(journey, "kind|type", "workshop")
    choose(journey, "format", "virtual")
    journey.click("button", re.compile("save|create|continue", re.I))
    offer = Offer.objects.get(title="Teaming skills for new leaders")
    assert offer.academy_id == world.offer.academy_id

    journey.click("link", re.compile("(add|create|new).*cohort", re.I))
    starts = timezone.localdate() + dt.timedelta(days=30)
    journey.fill(re.compile("^name", re.I), "Autumn cohort")
    journey.fill(re.compile("capacity|places", re.I), "20")
    fill_date(journey, "start", starts)
    fill_date(journey, "end", starts + dt.timedelta(weeks=6))
    journey.click("button", re.compile("save|create|continue", re.I))
    cohort = offer.cohorts.get(name="Autumn cohort")

    for n in range(1, 7):
        journey.click("link", re.compile("(add|create|new).*session", re.I))
        journey.fill(re.compile("^title", re.I), f"Session {n}")
        fill_date(journey, "^date", starts + dt.timedelta(weeks=n - 1))
        journey.fill(re.compile("start time|starts at|^start", re.I), "10:00")
        journey.fill(re.compile("end time|ends at|^end", re.I), "12:30")
        journey.fill(re.compile("online|link", re.I), "https://meet.example.org/teaming")
        journey.click("button", re.compile("save|add|create", re.I))
    assert cohort.sessions.count() == 6
    for n in range(1, 7):
        journey.expect_text(f"Session {n}")
    first = cohort.sessions.order_by("starts_at").first()
    assert first is not None
    assert timezone.localtime(first.starts_at).time() == dt.time(10, 0)


def test_mark_attendance(journey: Journey) -> None:
    from academy.offers.services import booking_create

    world = build_world()
    for person in (world.participant, world.second_participant):
        booking_create(cohort=world.cohort, person=person, by=person.user)
    # Module 1 has taken place (attendance is recorded once a session has started).
    Session.objects.filter(pk=world.sessions[0].pk).update(
        starts_at=F("starts_at") - dt.timedelta(weeks=8), ends_at=F("ends_at") - dt.timedelta(weeks=8)
    )
    journey.login(world.facilitator.email)
    journey.goto("/manage/")
    journey.click("link", re.compile("Spring cohort|Leading with compassion"))
    if journey.page.get_by_role("link", name="Spring cohort").count():
        journey.click("link", "Spring cohort")
    journey.click("link", re.compile("Module 1"))
    if journey.page.get_by_role("link", name=re.compile("attendance|register", re.I)).count():
        journey.click("link", re.compile("attendance|register", re.I))
    rows = journey.page.locator("tr", has_text="Alex Participant")
    rows.get_by_label(re.compile("^attended", re.I)).first.check()
    rows = journey.page.locator("tr", has_text="Jo Second")
    rows.get_by_label(re.compile("did not attend|absent", re.I)).first.check()
    journey.click("button", re.compile("save", re.I))
    journey.expect_text(re.compile("saved|recorded|updated", re.I))
    marks = dict(
        Attendance.objects.filter(session=world.sessions[0]).values_list(
            "booking__person__family_name", "status"
        )
    )
    assert marks == {"Participant": Attendance.Status.PRESENT, "Second": Attendance.Status.ABSENT}


def test_participant_completes_and_downloads_certificate_and_invitation(journey: Journey) -> None:
    from academy.offers.services import attendance_mark, booking_create

    world = build_world()
    booking = booking_create(cohort=world.cohort, person=world.participant, by=world.participant.user)
    # The six modules have now taken place: move the cohort into the past.
    weeks_ago = dt.timedelta(weeks=8)
    Cohort.objects.filter(pk=world.cohort.pk).update(starts_on=F("starts_on") - weeks_ago)
    Session.objects.filter(cohort=world.cohort).update(
        starts_at=F("starts_at") - weeks_ago, ends_at=F("ends_at") - weeks_ago
    )
    for session in Session.objects.filter(cohort=world.cohort):
        attendance_mark(
            session=session, by=world.programme_manager, marks={booking.pk: Attendance.Status.PRESENT}
        )
    booking.refresh_from_db()
    assert booking.completed_at is not None

    journey.login(world.participant.email)
    journey.goto("/my-learning/")
    journey.expect_text(re.compile("completed", re.I))
    if journey.page.get_by_role("link", name=re.compile("certificate", re.I)).count() == 0:
        journey.click("link", re.compile(re.escape(world.offer.title), re.I))
    with journey.page.expect_download() as download_info:
        journey.page.get_by_role("link", name=re.compile("certificate", re.I)).first.click()
    certificate = download_info.value
    with open(certificate.path(), "rb") as handle:
        assert handle.read(5) == b"%PDF-"
    assert certificate.suggested_filename.endswith(".pdf")

    with journey.page.expect_download() as download_info:
        journey.page.get_by_role("link", name=re.compile("calendar|invitation|\\.ics", re.I)).first.click()
    invitation = download_info.value
    with open(invitation.path(), encoding="utf-8") as handle:
        text = handle.read()
    assert text.startswith("BEGIN:VCALENDAR")
    assert "Module 1" in text or world.offer.title in text


def test_api_token_use(journey: Journey) -> None:
    world = build_world()
    api = journey.page.request
    refused = api.get(journey.url("/api/v1/"))
    assert refused.status in (401, 403)
    response = api.post(
        journey.url("/api/v1/auth/token/"), form={"username": world.participant.email, "password": PASSWORD}
    )
    assert response.status == 200, response.text()
    token = response.json()["token"]
    headers = {"Authorization": f"Token {token}", "Accept": "application/json"}
    root = api.get(journey.url("/api/v1/"), headers=headers)
    assert root.status == 200, root.text()
    offers = api.get(journey.url("/api/v1/offers/"), headers=headers)
    assert offers.status == 200, offers.text()
    titles = [item["title"] for item in offers.json()["results"]]
    assert world.offer.title in titles
    wrong = api.get(journey.url("/api/v1/offers/"), headers={"Authorization": "Token not-a-real-token"})
    assert wrong.status == 401
    # The footer's API link leads to our own guide, which is checked like every page. The Swagger UI
    # explorer it links to is a third-party tool with known contrast issues (see the accessibility
    # statement), so it is only checked to draw its operations with nothing blocked by the CSP.
    journey.goto("/developers/")
    journey.expect_text("Get a token")
    journey.page.goto(journey.url("/api/docs/"))
    journey.page.wait_for_selector(".swagger-ui .opblock", state="attached")


def test_each_role_lands_on_their_own_home_page(journey: Journey, new_journey) -> None:  # noqa: ANN001
    """Every role's home page and menu, checked at 1280 and 375 px like every other page; a facilitator
    follows a link from home to the evaluations of their sessions."""
    world = build_world()
    Booking.objects.create(cohort=world.cohort, person=world.participant, status=Booking.Status.CONFIRMED)
    Booking.objects.create(
        cohort=world.cohort,
        person=world.second_participant,
        status=Booking.Status.AWAITING_SPONSOR,
        sponsor=world.sponsor,
    )
    journey.login(world.participant.email)
    journey.expect_text("Your next sessions")
    menu = journey.page.get_by_role("navigation", name="Menu")
    assert menu.get_by_role("link", name="Approvals").count() == 0

    sponsor = new_journey("home-sponsor")
    sponsor.login(world.sponsor.email)
    sponsor.expect_text("1 application waiting for your decision")
    sponsor.click("link", re.compile("Jo Second, Leading with compassion"))

    manager = new_journey("home-programme-manager")
    manager.login(world.programme_manager.username)
    manager.expect_text("Cohorts needing attention")
    manager.click("link", "Manage offers and cohorts")

    facilitator = new_journey("home-facilitator")
    facilitator.login(world.facilitator.username)
    facilitator.expect_text("Your cohorts")
    facilitator.click("link", "All evaluations of your sessions")
    assert facilitator.path == "/impact/evaluations/"
    facilitator.goto("/")
    facilitator.click("link", re.compile("Spring cohort"))

    administrator = new_journey("home-administrator")
    administrator.login(world.administrator.username)
    administrator.expect_text("Administration")
    for walk in (journey, sponsor, manager, facilitator, administrator):
        walk.screenshot()
