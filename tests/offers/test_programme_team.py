"""What the programme team needs around a cohort: the delegate list, sign-in registers, e-mailing the
cohort, adding a delegate by hand (page and API), and sponsors' history of their decisions."""

import csv
import html as htmllib
import io
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework.test import APIClient

from academy.core.models import AuditEntry, OutboxMessage
from academy.offers import services
from academy.offers.models import Booking, Eligibility
from tests.factories import (
    CohortFactory,
    DeliveryPartnerFactory,
    OfferFactory,
    OrganisationFactory,
    PersonFactory,
    SessionFactory,
    facilitator,
    programme_manager,
)
from tests.offers.helpers import text

pytestmark = pytest.mark.django_db


def book(cohort, person, **kwargs):
    return services.booking_create(cohort=cohort, person=person, by=person.user, **kwargs)


def text_of(html: str) -> str:
    return htmllib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip())


def api_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def world():
    partner = DeliveryPartnerFactory(name="CBS Learning")
    offer = OfferFactory(title="Leading with compassion", delivery_partner=partner)
    cohort = CohortFactory(offer=offer, name="Spring cohort", capacity=2)
    SessionFactory(cohort=cohort, title="Module 1")
    SessionFactory(cohort=cohort, title="Module 2")
    trust = OrganisationFactory(name="Norfolk Community Trust")
    people = [
        PersonFactory(given_name="Alex", family_name="Able", organisation=trust, job_title="Ward manager"),
        PersonFactory(given_name="Bo", family_name="Baker", job_title='=HYPERLINK("http://x")'),
        PersonFactory(given_name="Cy", family_name="Cole"),
    ]
    bookings = [book(cohort, p) for p in people]  # the third joins the waiting list
    return {
        "offer": offer,
        "cohort": cohort,
        "people": people,
        "bookings": bookings,
        "manager": programme_manager(offer.academy),
        "facilitator": facilitator(partner),
    }


# --- The delegate list ----------------------------------------------------------------------------


def test_delegate_list_downloads_as_csv_with_confirmed_then_waiting_and_formulas_neutralised(client, world):
    client.force_login(world["facilitator"])  # the delivery partner runs the sessions, so needs the list
    cohort = world["cohort"]

    response = client.get(f"/manage/cohorts/{cohort.pk}/delegates.csv")

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Family name", "Given name", "E-mail"]
    names = [(r[0], r[1], r[7]) for r in rows[1:]]
    assert names == [
        ("Able", "Alex", "Place confirmed"),
        ("Baker", "Bo", "Place confirmed"),
        ("Cole", "Cy", "Waiting list, number 1"),
    ]
    assert rows[1][5] == "Norfolk Community Trust"
    assert rows[2][3] == '\'=HYPERLINK("http://x")'  # a spreadsheet will not run it
    assert rows[1][9] == "0 of 2"
    assert AuditEntry.objects.filter(action="offers.cohort.export_delegates").count() == 1


def test_delegate_list_downloads_as_excel(client, world):
    from openpyxl import load_workbook

    client.force_login(world["manager"])

    response = client.get(f"/manage/cohorts/{world['cohort'].pk}/delegates.xlsx")

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][0] == "Delegates: Leading with compassion, Spring cohort"
    assert [row[0] for row in values[2:]] == ["Able", "Baker", "Cole"]
    assert client.get(f"/manage/cohorts/{world['cohort'].pk}/delegates.pdf").status_code == 404


def test_delegate_list_is_not_found_for_another_academy(client, world):
    client.force_login(programme_manager(OfferFactory().academy))
    assert client.get(f"/manage/cohorts/{world['cohort'].pk}/delegates.csv").status_code == 404


# --- Sign-in registers ----------------------------------------------------------------------------


def test_register_prints_a_page_per_session_with_names_organisations_and_a_signature_column(client, world):
    from academy.offers.delegates import register_html

    client.force_login(world["facilitator"])

    response = client.get(f"/manage/cohorts/{world['cohort'].pk}/register.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    html = register_html(cohort=world["cohort"])
    pages = [text_of(section) for section in html.split("<section>")[1:]]
    assert len(pages) == 2
    assert "Sign-in register: Module 1" in pages[0] and "Sign-in register: Module 2" in pages[1]
    for page in pages:
        assert "No. Name Organisation Signature" in page
        assert "1 Alex Able Norfolk Community Trust" in page
        assert "2 Bo Baker" in page
        assert "Cy Cole" not in page  # on the waiting list: not expected in the room
    assert "page-break-after: always" in html


# --- E-mailing the cohort -------------------------------------------------------------------------


def test_emailing_the_cohort_previews_then_queues_one_message_per_person_once(client, world):
    cohort = world["cohort"]
    client.force_login(world["manager"])
    url = f"/manage/cohorts/{cohort.pk}/email/"
    data = {"audience": "confirmed", "subject": "Room change", "message": "We now meet in room 4."}

    preview = client.post(url, {**data, "action": "preview"})

    page = text(preview)
    assert "Check the e-mail before sending" in page
    assert "Send to 2 people" in page
    assert "Dear Alex, We now meet in room 4." in page
    assert not OutboxMessage.objects.filter(subject="Room change").exists()
    send_key = re.search(r'name="send_key" value="([^"]+)"', preview.content.decode()).group(1)

    sent = client.post(url, {**data, "action": "send", "send_key": send_key}, follow=True)

    assert "is being sent to 2 people" in text(sent)
    messages = OutboxMessage.objects.filter(subject="Room change").order_by("to")
    assert [m.to for m in messages] == sorted(p.email for p in world["people"][:2])
    assert messages[0].body.startswith("Dear ")
    assert "You are receiving this because you have a booking on Leading with compassion" in messages[0].body
    entry = AuditEntry.objects.get(action="offers.cohort.email")
    assert entry.detail == {"audience": "confirmed", "recipients": 2}

    again = client.post(url, {**data, "action": "send", "send_key": send_key})
    assert "This e-mail has already been sent to the cohort." in text(again)
    assert OutboxMessage.objects.filter(subject="Room change").count() == 2


def test_emailing_can_include_the_waiting_list_and_names_missing_fields(client, world):
    cohort = world["cohort"]
    client.force_login(world["manager"])
    url = f"/manage/cohorts/{cohort.pk}/email/"

    empty = text(client.post(url, {"action": "preview", "audience": "confirmed"}))
    assert "Enter a subject for the e-mail." in empty
    assert "Enter the message to send." in empty

    data = {"audience": "confirmed_and_waiting", "subject": "Dates", "message": "New dates."}
    assert "Send to 3 people" in text(client.post(url, {**data, "action": "preview"}))


def test_only_the_programme_team_can_email_a_cohort(client, world):
    cohort = world["cohort"]
    client.force_login(world["facilitator"])
    assert client.get(f"/manage/cohorts/{cohort.pk}/email/").status_code == 403
    with pytest.raises(PermissionDenied):
        services.cohort_email_send(
            cohort=cohort,
            by=world["facilitator"],
            subject="Hi",
            message="Hello",
            audience="confirmed",
            send_key="k",
        )


def test_emailing_the_cohort_through_the_api(world):
    api = api_for(world["manager"])
    url = f"/api/v1/cohorts/{world['cohort'].pk}/email/"
    data = {"subject": "Reading", "message": "Please read chapter 2.", "send_key": "reading-1"}

    assert api.post(url, data, format="json").json() == {"sent": 2}
    assert api.post(url, data, format="json").json() == {
        "send_key": ["This e-mail has already been sent to the cohort."]
    }
    assert (
        api_for(world["facilitator"]).post(url, {**data, "send_key": "x"}, format="json").status_code == 403
    )


# --- Adding a delegate by hand --------------------------------------------------------------------


def test_programme_manager_adds_a_delegate_by_hand_and_the_waiting_list_is_respected(client, world):
    cohort = world["cohort"]
    dana = PersonFactory(given_name="Dana", family_name="Dale", email="dana.dale@example.nhs.uk")
    client.force_login(world["manager"])
    url = f"/manage/cohorts/{cohort.pk}/delegates/new/"

    found = text(client.post(url, {"email": "Dana.Dale@example.nhs.uk"}))
    assert "Book Dana Dale onto Spring cohort" in found
    assert "All places are taken: they will join the waiting list" in found
    assert "Does Dana Dale need any reasonable adjustments to take part?" in found
    assert "Do you need" not in found

    done = client.post(url, {"email": dana.email, "action": "book"}, follow=True)

    assert "Dana Dale: on the waiting list. We have e-mailed them." in text(done)
    booking = Booking.objects.get(person=dana)
    assert booking.status == Booking.Status.WAITLISTED
    assert OutboxMessage.objects.filter(to=dana.email, subject__startswith="On the waiting list").exists()
    entry = AuditEntry.objects.get(action="offers.booking.create", object_id=str(booking.pk))
    assert entry.actor == world["manager"]

    again = text(client.post(url, {"email": dana.email, "action": "book"}))
    assert "Dana Dale already has a booking on this cohort (on the waiting list)." in again


def test_adding_a_delegate_names_an_unknown_email_and_asks_the_offers_own_questions(client, world):
    offer = OfferFactory(academy=world["offer"].academy, eligibility=Eligibility.ETHNIC_MINORITY)
    cohort = CohortFactory(offer=offer)
    person = PersonFactory(given_name="Ek", family_name="Eze")
    client.force_login(world["manager"])
    url = f"/manage/cohorts/{cohort.pk}/delegates/new/"

    assert "There is no staff record with this e-mail address." in text(
        client.post(url, {"email": "nobody@example.nhs.uk"})
    )
    refused = text(client.post(url, {"email": person.email, "action": "book"}))
    assert "Confirm that Ek Eze is eligible" in refused
    assert not Booking.objects.filter(person=person).exists()

    client.post(url, {"email": person.email, "action": "book", "eligibility_confirmed": "on"})
    assert Booking.objects.get(person=person).status == Booking.Status.CONFIRMED


def test_only_the_programme_team_adds_delegates(client, world):
    client.force_login(world["facilitator"])
    assert client.get(f"/manage/cohorts/{world['cohort'].pk}/delegates/new/").status_code == 403


def test_programme_manager_books_a_named_person_through_the_api_with_the_same_rules(world):
    cohort = world["cohort"]
    dana = PersonFactory()
    api = api_for(world["manager"])

    response = api.post("/api/v1/bookings/", {"cohort": cohort.pk, "person": dana.pk}, format="json")

    assert response.status_code == 201, response.json()
    assert response.json()["status"] == "waitlisted"  # two places, both taken
    assert Booking.objects.get(person=dana).cohort == cohort
    twice = api.post("/api/v1/bookings/", {"cohort": cohort.pk, "person": dana.pk}, format="json")
    assert twice.status_code == 400
    assert "already has a booking on this cohort" in twice.json()["cohort"][0]
    unknown = api.post("/api/v1/bookings/", {"cohort": cohort.pk, "person": 999999}, format="json")
    assert unknown.status_code == 400
    assert unknown.json() == {"person": ["There is no staff record with this id."]}


def test_a_participant_cannot_book_someone_else_through_the_api(world):
    me, other = PersonFactory.create_batch(2)
    api = api_for(me.user)
    cohort = world["cohort"]

    refused = api.post("/api/v1/bookings/", {"cohort": cohort.pk, "person": other.pk}, format="json")
    assert refused.status_code == 403
    # an id that does not exist is refused the same way: no one learns which ids are people
    assert (
        api.post("/api/v1/bookings/", {"cohort": cohort.pk, "person": 999999}, format="json").status_code
        == 403
    )
    assert (
        api.post("/api/v1/bookings/", {"cohort": cohort.pk, "person": me.pk}, format="json").status_code
        == 201
    )
    assert not Booking.objects.filter(person=other).exists()
    with pytest.raises(PermissionDenied):
        services.booking_create(cohort=cohort, person=other, by=me.user)
    with pytest.raises(PermissionDenied):
        services.booking_create(cohort=cohort, person=other, by=world["facilitator"])


# --- Sponsors' decisions --------------------------------------------------------------------------


def test_sponsor_sees_their_past_decisions_with_dates_and_outcomes(client):
    sponsor = PersonFactory()
    offer = OfferFactory(title="Care home leaders", requires_application=True, requires_sponsor=True)
    cohort = CohortFactory(offer=offer, name="Autumn")
    ann, ben = (
        PersonFactory(given_name="Ann", family_name="Ash"),
        PersonFactory(given_name="Ben", family_name="Birch"),
    )
    yes = book(cohort, ann, application_statement="Why", sponsor=sponsor)
    no = book(cohort, ben, application_statement="Why", sponsor=sponsor)
    services.booking_sponsor_decide(booking=yes, by=sponsor.user, approve=True)
    services.booking_sponsor_decide(booking=no, by=sponsor.user, approve=False, comment="Not this year.")
    client.force_login(sponsor.user)

    page = text(client.get("/sponsor/"))

    decisions = page[page.index("Your decisions") :]
    assert "Ann Ash Care home leaders: Autumn" in decisions
    assert "Approved Place confirmed" in decisions
    assert "Declined Not this year. Not approved" in decisions
    assert decisions.index("Ben Birch") < decisions.index("Ann Ash")  # latest first

    api = api_for(sponsor.user).get("/api/v1/sponsor-requests/decided/").json()["results"]
    assert [(d["person_name"], d["decision"]) for d in api] == [
        ("Ben Birch", "declined"),
        ("Ann Ash", "approved"),
    ]
    assert api_for(ann.user).get("/api/v1/sponsor-requests/decided/").json()["results"] == []


def test_cohort_email_rejects_an_empty_subject_in_the_service(world):
    with pytest.raises(ValidationError) as error:
        services.cohort_email_send(
            cohort=world["cohort"],
            by=world["manager"],
            subject=" ",
            message="x",
            audience="confirmed",
            send_key="k",
        )
    assert error.value.message_dict == {"subject": ["Enter a subject for the e-mail."]}


def test_cohort_email_subject_is_one_line(world):
    api = api_for(world["manager"])
    response = api.post(
        f"/api/v1/cohorts/{world['cohort'].pk}/email/",
        {"subject": "Hi\nBcc: someone@example.org", "message": "x", "send_key": "k"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"subject": ["The subject must be on one line."]}


def test_the_delegate_list_and_registers_through_the_api(world):
    api = api_for(world["facilitator"])
    cohort = world["cohort"]

    delegates = api.get(f"/api/v1/cohorts/{cohort.pk}/delegates/").json()

    assert [(d["person_name"], d["status"], d["waiting_list_position"]) for d in delegates] == [
        ("Alex Able", "confirmed", None),
        ("Bo Baker", "confirmed", None),
        ("Cy Cole", "waitlisted", 1),
    ]
    assert delegates[0]["organisation"] == "Norfolk Community Trust"
    register = api.get(f"/api/v1/cohorts/{cohort.pk}/register/")
    assert register.status_code == 200
    assert register.content.startswith(b"%PDF")
    assert api_for(PersonFactory().user).get(f"/api/v1/cohorts/{cohort.pk}/delegates/").status_code == 404
