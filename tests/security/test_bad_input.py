"""Bad input is a 4xx with a message, never a 500: the probes that answered 500 (issue 10, item 3)
and the smaller holes of item 4, each replayed. Ids are ASCII digits within the signed 64-bit range
(core.parsing), dates lie between 1900 and 2100, lone surrogates are refused, an id that does not
exist is a field error, and a decimal is not an id."""

from typing import Any

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from academy.core.parsing import DATE_RANGE_MESSAGE
from tests.security.world import MatrixWorld, build_matrix_world

pytestmark = pytest.mark.django_db

HUGE = "9" * 25


@pytest.fixture
def world() -> MatrixWorld:
    return build_matrix_world()


def api_client(world: MatrixWorld, role: str) -> Client:
    key = Token.objects.get_or_create(user=world.users[role])[0].key
    return Client(raise_request_exception=False, HTTP_AUTHORIZATION=f"Token {key}")


def page_client(world: MatrixWorld, role: str) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(world.users[role])
    return client


def probes(world: MatrixWorld) -> list[tuple[str, str, Any]]:
    """(method, url, JSON body) for every probe of the five causes that answered 500."""
    w = world
    gets = [
        "/api/v1/offers/?ics=²",
        "/api/v1/offers/?ics=" + HUGE,
        "/api/v1/surveys/?offer=²",
        "/api/v1/surveys/?cohort=²",
        "/api/v1/surveys/?session=²",
        "/api/v1/surveys/?offer=" + HUGE,
        "/api/v1/responses/?survey=²",
        "/api/v1/responses/?survey=" + HUGE,
        f"/api/v1/bookings/{w.booking.pk}/invitation/?session=²",
        "/api/v1/people/?organisation=" + HUGE,
        "/api/v1/people/?organisation=²",
        "/api/v1/organisations/?ics=" + HUGE,
        "/api/v1/offers/?limit=" + HUGE,
        "/api/v1/offers/?offset=" + HUGE,
        "/api/v1/people/?limit=" + HUGE + "&offset=" + HUGE,
        "/api/v1/people/" + HUGE + "/",
        "/api/v1/people/²/",
        "/api/v1/figures/offers/²/",
        "/api/v1/figures/offers/" + HUGE + "/",
        "/api/v1/offers/" + HUGE + "/",
        "/impact/?to=9999-12-31",
        "/impact/?from=0001-01-01&to=9999-12-31",
        "/impact/?to=9999-12-31&format=csv&table=responses",
        f"/impact/systems/{w.participant.organisation.ics_id}/?to=9999-12-31",
        f"/impact/offers/{w.offer.pk}/?to=9999-12-31",
        f"/impact/academies/{w.offer.academy_id}/?to=9999-12-31",
        f"/impact/suite/?offer={w.offer.pk}&to=9999-12-31",
        "/impact/suite/?offer=" + HUGE,
        "/impact/suite/?offer=²",
    ]
    writes: list[tuple[str, str, Any]] = [
        ("post", f"/api/v1/theme-sets/{w.theme_set.pk}/edit/", {"operation": "split", "answers": [2**63]}),
        ("post", f"/api/v1/theme-sets/{w.theme_set.pk}/edit/", {"operation": "rename", "theme": 2**63}),
        (
            "post",
            "/api/v1/offers/",
            {
                "academy": w.offer.academy_id,
                "title": "Probe",
                "kind": "workshop",
                "summary": "Probe",
                "delivery_format": "virtual",
                "systems": [2**40],
            },
        ),
        (
            "post",
            "/api/v1/surveys/",
            {"instrument": w.instrument.pk, "offer": w.offer.pk, "opens_at": "9999-12-31T09:00:00Z"},
        ),
        (
            "post",
            "/api/v1/surveys/",
            {"instrument": w.instrument.pk, "offer": w.offer.pk, "closes_at": "9999-12-31T23:59:59Z"},
        ),
        ("post", "/api/v1/role-assignments/", {"user": 2**63, "role": "administrator"}),
        ("patch", "/api/v1/me/", {"organisation": 2**63, "line_manager": 2**63}),
    ]
    return [("get", url, None) for url in gets] + writes


def test_the_probes_that_answered_500_now_answer_4xx_or_200(world: MatrixWorld) -> None:
    answers = []
    for role in ("admin", "pm", "participant"):
        api, pages = api_client(world, role), page_client(world, role)
        for method, url, body in probes(world):
            client = api if url.startswith("/api/") else pages
            kwargs = {"content_type": "application/json", "data": body} if body is not None else {}
            response = getattr(client, method)(url, **kwargs)
            answers.append((role, method, url, response.status_code))
    errors = [answer for answer in answers if answer[3] >= 500]
    print(f"bad-input probes: {len(answers)} requests, {len(errors)} answered 500")
    assert errors == [], errors


def test_a_far_future_period_is_a_field_error_on_the_dashboard(world: MatrixWorld) -> None:
    response = page_client(world, "pm").get("/impact/?to=9999-12-31")
    assert response.status_code in (200, 400)
    assert "between the years 1900 and 2100" in response.content.decode()


def test_a_decimal_is_not_an_id(world: MatrixWorld) -> None:
    from academy.people.models import RoleAssignment

    before = RoleAssignment.objects.count()
    response = api_client(world, "admin").post(
        "/api/v1/role-assignments/",
        {"user": float(world.users["participant"].pk) + 0.5, "role": "administrator"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "user" in response.json()
    assert RoleAssignment.objects.count() == before
    also = api_client(world, "admin").post(
        "/api/v1/role-assignments/",
        {"user": str(world.users["participant"].pk) + ".0", "role": "administrator"},
        content_type="application/json",
    )
    assert also.status_code == 400


def test_an_offer_naming_a_system_that_does_not_exist_is_a_field_error(world: MatrixWorld) -> None:
    response = api_client(world, "pm").post(
        "/api/v1/offers/",
        {
            "academy": world.offer.academy_id,
            "title": "Probe",
            "kind": "workshop",
            "summary": "Probe",
            "delivery_format": "virtual",
            "systems": [999999],
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "systems" in response.json()


@pytest.mark.parametrize(
    "field,value",
    [("starts_on", "0001-01-01"), ("ends_on", "9999-12-31"), ("booking_closes_on", "1899-12-31")],
)
def test_cohort_dates_outside_1900_to_2100_are_refused_with_a_message(
    world: MatrixWorld, field: str, value: str
) -> None:
    body = {
        "offer": world.offer.pk,
        "name": "Probe cohort",
        "capacity": 10,
        "starts_on": "2030-01-10",
        "ends_on": "2030-03-10",
        field: value,
    }
    response = api_client(world, "pm").post("/api/v1/cohorts/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()[field] == [DATE_RANGE_MESSAGE]


def test_a_session_ending_in_9999_is_refused_with_a_message(world: MatrixWorld) -> None:
    body = {
        "cohort": world.cohort.pk,
        "title": "Probe",
        "starts_at": "2030-01-10T09:00:00Z",
        "ends_at": "9999-12-31T17:00:00Z",
    }
    response = api_client(world, "pm").post("/api/v1/sessions/", body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["ends_at"] == [DATE_RANGE_MESSAGE]


def test_the_cohort_page_refuses_a_start_in_year_1(world: MatrixWorld) -> None:
    from academy.offers.forms import CohortForm

    form = CohortForm(
        data={"name": "Probe", "capacity": "10", "starts_on": "0001-01-01", "ends_on": "2030-01-01"}
    )
    assert not form.is_valid()
    assert DATE_RANGE_MESSAGE in form.errors["starts_on"]


def test_an_imported_response_dated_year_1_is_refused_row_by_row() -> None:
    from academy.evaluation.imports import parse_when

    moment, error = parse_when("0001-01-01")
    assert moment is None and error == DATE_RANGE_MESSAGE


def test_me_pages_are_never_cached(world: MatrixWorld) -> None:
    client = page_client(world, "participant")
    for url in ("/me/", "/me/edit/", "/me/equality/", "/me/export/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "no-store" in response["Cache-Control"], url


def test_adding_a_login_in_the_admin_while_another_has_no_email_is_a_form_error(world: MatrixWorld) -> None:
    from academy.people.models import User

    User.objects.create(username="legacy-login", email="")
    client = page_client(world, "admin")
    response = client.post(
        "/admin/people/user/add/",
        {
            "username": "new-login",
            "email": "",
            "usable_password": "true",
            "password1": "a-long-enough-password-9",
            "password2": "a-long-enough-password-9",
        },
    )
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert not User.objects.filter(username="new-login").exists()


def test_an_import_that_fails_at_the_column_step_keeps_no_file(world: MatrixWorld) -> None:
    import io

    from django.core import signing
    from django.core.files.storage import default_storage

    from academy.evaluation.views import IMPORT_SALT

    client = page_client(world, "pm")
    upload = io.BytesIO(b"when,free text\n0001-01-01,Useful\n")
    upload.name = "export.csv"
    uploaded = client.post(f"/manage/evaluations/{world.survey.pk}/import/", {"file": upload})
    assert uploaded.status_code == 302
    mapping = client.get(uploaded["Location"])
    ticket = mapping.context["ticket"]
    name = signing.loads(ticket, salt=IMPORT_SALT)["name"]
    assert default_storage.exists(name)
    columns = {f"column_{i}": "" for i in range(2)}
    failed = client.post(uploaded["Location"], {"ticket": ticket, **columns, "column_0": "submitted_at"})
    assert failed.status_code == 400
    assert not default_storage.exists(name)
