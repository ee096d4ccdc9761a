"""Your details, equality monitoring and download-your-data pages."""

import json

import pytest

from academy.core.models import AuditEntry
from academy.people.models import EqualityRecord
from tests.factories import OrganisationFactory, PersonFactory, UserFactory

from .factories import reporting_line

pytestmark = pytest.mark.django_db


@pytest.fixture
def me(client):
    person = PersonFactory(job_title="Ward manager", organisation__name="Test Hospital Trust")
    client.force_login(person.user)
    return person


def test_pages_need_a_login(client):
    for url in ("/me/", "/me/edit/", "/me/equality/", "/me/export/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_your_details_page_shows_your_record(client, me):
    response = client.get("/me/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Your details</h1>" in page
    assert me.full_name in page and "Ward manager" in page and "Test Hospital Trust" in page


def test_a_login_without_a_staff_record_gets_not_found(client):
    client.force_login(UserFactory())
    assert client.get("/me/").status_code == 404


def test_changing_your_details_by_organisation_code_and_manager_email(client, me):
    new_org = OrganisationFactory(name="Test Community Services", ods_code="RY9")
    manager = PersonFactory(organisation=new_org)  # the manager works where you now work
    response = client.post(
        "/me/edit/",
        {
            "job_title": "Matron",
            "role_level": "band_8a",
            "staff_group": "nursing",
            "profession": "Nursing",
            "organisation": "ry9",
            "line_manager_email": manager.email.upper(),
        },
    )
    assert response.status_code == 302 and response["Location"] == "/me/"
    me.refresh_from_db()
    assert (me.job_title, me.role_level, me.organisation, me.line_manager) == (
        "Matron",
        "band_8a",
        new_org,
        manager,
    )
    assert "Your details have been saved." in client.get("/me/").content.decode()


def test_keeping_the_same_organisation_name_keeps_it(client, me):
    organisation = me.organisation
    response = client.post("/me/edit/", {"job_title": "Matron", "organisation": organisation.name})
    assert response.status_code == 302
    me.refresh_from_db()
    assert me.organisation == organisation


def test_unknown_organisation_and_manager_are_shown_as_errors_next_to_the_fields(client, me):
    response = client.post(
        "/me/edit/", {"organisation": "Nowhere Trust", "line_manager_email": "nobody@example.org"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "We could not find an organisation" in page and "We could not find anyone" in page
    assert 'href="#id_organisation"' in page
    assert (
        "nhsuk-input--error" in page
        and 'aria-describedby="id_organisation-hint id_organisation-error"' in page
    )
    assert "<title>Error: Change your details" in page


def test_choosing_someone_who_reports_to_you_as_manager_is_refused_on_the_page(client):
    boss, report = reporting_line("Manager", "Practitioner")
    client.force_login(boss.user)
    response = client.post(
        "/me/edit/", {"organisation": boss.organisation.ods_code, "line_manager_email": report.email}
    )
    assert response.status_code == 200
    assert "cannot be their line manager" in response.content.decode()
    boss.refresh_from_db()
    assert boss.line_manager is None


def test_equality_page_explains_why_and_who_sees_and_offers_prefer_not_to_say(client, me):
    page = client.get("/me/equality/").content.decode()
    assert "<h1>Equality monitoring</h1>" in page
    assert "Who sees your answers" in page and "optional" in page
    assert page.count(">Prefer not to say</label>") == 7
    assert 'id="id_sex"' in page  # the first option carries the id the error summary links to


def test_answering_equality_questions_saves_them_and_shows_them_again(client, me):
    response = client.post("/me/equality/", {"ethnic_category": "H", "sex": "male", "religion": "not_stated"})
    assert response.status_code == 302
    record = EqualityRecord.objects.get(person=me)
    assert (record.ethnic_category, record.sex, record.religion, record.age_band) == (
        "H",
        "male",
        "not_stated",
        "",
    )
    page = client.get("/me/equality/").content.decode()
    assert 'value="H" checked' in page and 'value="male" checked' in page


def test_removing_all_equality_answers(client, me):
    client.post("/me/equality/", {"sex": "female"})
    client.post("/me/equality/", {"sex": "female", "clear": "1"})
    record = EqualityRecord.objects.get(person=me)
    assert record.sex == ""


def test_a_tampered_equality_answer_is_an_error_not_a_crash(client, me):
    response = client.post("/me/equality/", {"sex": "<script>"})
    page = response.content.decode()
    assert response.status_code == 200 and "There is a problem" in page
    assert 'href="#id_sex"' in page and "<script>" not in page
    assert not EqualityRecord.objects.exists()


def test_viewing_your_own_equality_answers_is_not_audited_but_changes_are(client, me):
    client.post("/me/equality/", {"sex": "female"})
    client.get("/me/equality/")
    assert list(AuditEntry.objects.values_list("action", flat=True)) == ["people.equality.create"]


def test_download_your_data_is_a_json_attachment_of_your_own_record(client, me):
    PersonFactory(job_title="Someone else entirely")
    response = client.get("/me/export/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="academy-your-data-')
    data = json.loads(response.content)
    assert data["details"]["email"] == me.email
    assert "Someone else entirely" not in response.content.decode()
