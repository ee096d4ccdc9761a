"""Impact through the API: every report, dashboard, export and equality table answers with the figures
the page builders give (worked out by hand below), refuses the roles the pages refuse, and keeps small
groups suppressed. Also: closing a survey, the evaluation form's choices, answering as a logged-in
invitee, and an import's stated number invited.

The fixtures are the pages' own (tests/evaluation/test_reports.py and test_dashboards.py), so the hand
counts are the ones written there: seed 000's 13 answers, and a region of 10 people at 2 sessions.
"""

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from openpyxl import load_workbook
from rest_framework.test import APIClient

from academy.core.models import AuditEntry
from academy.evaluation import dashboards, exports, reports, selectors
from academy.evaluation.api_reports import plain, schema_for
from academy.evaluation.models import Question, Response
from academy.evaluation.services import survey_close
from academy.people.models import Role
from academy.people.services import equality_record_save
from academy.reporting.periods import Period, period_from
from tests.evaluation.helpers import AGREE_ANSWERS, answer, attended_session, invite_all, open_survey
from tests.evaluation.test_dashboards import _attend, _session, region  # noqa: F401 - fixture
from tests.evaluation.test_reports import evaluated  # noqa: F401 - fixture
from tests.factories import (
    AcademyFactory,
    CohortFactory,
    OfferFactory,
    OrganisationFactory,
    PersonFactory,
    facilitator,
    grant,
    programme_manager,
)

pytestmark = pytest.mark.django_db


def api(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def _by_code(report: dict) -> dict:
    return {section["figure"]["code"]: section["figure"] for section in report["questions"]}


# ---------------------------------------------------------------- reports


def test_offer_report_json_holds_every_figure_the_page_prints(evaluated):  # noqa: F811
    offer, manager = evaluated["offer"], evaluated["manager"]
    reply = api(manager).get(f"/api/v1/reports/offers/{offer.pk}/")
    assert reply.status_code == 200
    body = reply.json()
    # The same tree the page lays out, written out generically.
    assert body == json.loads(json.dumps(plain(reports.offer_report(user=manager, pk=offer.pk))))
    # By hand (tests/evaluation/test_reports.py): 8 + 5 of 13 = 100%; 6 + 6 of 13 = 92%, not 46 + 46.
    questions = _by_code(body)
    assert questions["apply_learning"]["summary"] == "62% strongly agreed, 38% agreed (100%) — 13 responses"
    lead = questions["lead_and_influence"]["agree"]
    assert (lead["count"], lead["base"], lead["percent"]) == (12, 13, 92)
    assert body["delivery"] == {"sessions": 1, "cohorts": 1, "participants": 13, "people": 13}
    assert (body["responses"], body["invited"]) == (13, 13)
    assert body["response_rate"]["percent"] == 100
    assert body["objectives"] == ["To develop a shared understanding of OD", "To share learning"]
    # Quotes only with consent, credited by role and sector; charts (SVG) are for the pages only.
    quoted = [quote["text"] for quote in body["testimonies"]]
    assert "Great session, great tools and great conversations" in quoted
    assert "Please do not quote this one" not in json.dumps(body)
    assert "chart" not in body and "funnel_chart" not in body
    assert all("chart" not in section for section in body["questions"])
    for person in evaluated["people"]:
        assert person.email not in json.dumps(body)


def test_offer_report_takes_the_pages_period(evaluated):  # noqa: F811
    offer, manager = evaluated["offer"], evaluated["manager"]
    client = api(manager)
    long_ago = client.get(f"/api/v1/reports/offers/{offer.pk}/", {"from": "2001-01-01", "to": "2001-12-31"})
    assert long_ago.status_code == 200
    assert long_ago.json()["responses"] == 0
    assert long_ago.json()["period"] == {"start": "2001-01-01", "end": "2001-12-31"}
    bad = client.get(f"/api/v1/reports/offers/{offer.pk}/", {"from": "2026-13-01"})
    assert bad.status_code == 400 and "from" in bad.json()
    backwards = client.get(f"/api/v1/reports/offers/{offer.pk}/", {"from": "2020-01-02", "to": "2020-01-01"})
    assert backwards.status_code == 400 and "to" in backwards.json()


def test_cohort_and_academy_reports_equal_the_page_builders(evaluated):  # noqa: F811
    cohort, manager = evaluated["cohort"], evaluated["manager"]
    client = api(manager)
    body = client.get(f"/api/v1/reports/cohorts/{cohort.pk}/").json()
    assert body == json.loads(json.dumps(plain(reports.cohort_report(user=manager, pk=cohort.pk))))
    assert _by_code(body)["apply_learning"]["base"] == 13
    academy = cohort.offer.academy_id
    body = client.get(f"/api/v1/reports/academies/{academy}/").json()
    period, _ = period_from({})
    built = reports.period_report(user=manager, academy_id=academy, period=period)
    assert body == json.loads(json.dumps(plain(built)))
    assert body["delivery"]["participants"] == 13


def test_report_pdf_and_tables_are_the_pages_downloads(evaluated):  # noqa: F811
    offer, manager = evaluated["offer"], evaluated["manager"]
    client = api(manager)
    pdf = client.get(f"/api/v1/reports/offers/{offer.pk}/pdf/", HTTP_ACCEPT="application/pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert 'filename="impact-offer-' in pdf["Content-Disposition"]
    tables = exports.report_tables(reports.offer_report(user=manager, pk=offer.pk))
    question = next(t for t in tables if t.key == "question-apply_learning")
    one = client.get(f"/api/v1/reports/offers/{offer.pk}/export/", {"table": "question-apply_learning"})
    assert one.status_code == 200 and one["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(one.content.decode("utf-8-sig"))))
    assert rows[0] == question.headers
    assert rows[1:] == [["" if c is None else str(c) for c in row] for row in question.rows]
    assert ["Strongly agree", "8", "62%"] in rows
    workbook = load_workbook(
        io.BytesIO(client.get(f"/api/v1/reports/offers/{offer.pk}/export/?type=xlsx").content)
    )
    assert [sheet["A1"].value for sheet in workbook] == [t.title for t in tables]  # one sheet a table
    unknown = client.get(f"/api/v1/reports/offers/{offer.pk}/export/", {"table": "nope"})
    assert unknown.status_code == 400 and "question-apply_learning" in unknown.json()["table"][0]
    assert client.get(f"/api/v1/reports/offers/{offer.pk}/export/", {"type": "pdf"}).status_code == 400


def test_reports_refuse_the_roles_the_pages_refuse(evaluated):  # noqa: F811
    offer, cohort = evaluated["offer"], evaluated["cohort"]
    participant = evaluated["people"][0].user
    other_manager = programme_manager(AcademyFactory())
    other_partner = facilitator(CohortFactory().offer.delivery_partner)
    for user in (participant, other_manager, other_partner):
        for url in (
            f"/api/v1/reports/offers/{offer.pk}/",
            f"/api/v1/reports/offers/{offer.pk}/pdf/",
            f"/api/v1/reports/offers/{offer.pk}/export/",
            f"/api/v1/reports/cohorts/{cohort.pk}/",
            f"/api/v1/reports/academies/{offer.academy_id}/",
        ):
            assert api(user).get(url).status_code == 404, (user, url)
    assert api().get(f"/api/v1/reports/offers/{offer.pk}/").status_code == 401
    # The offer's delivery partner sees its report, but not the academy's report of every offer.
    own_partner = facilitator(offer.delivery_partner)
    assert api(own_partner).get(f"/api/v1/reports/offers/{offer.pk}/").status_code == 200
    assert api(own_partner).get(f"/api/v1/reports/academies/{offer.academy_id}/").status_code == 404


def test_the_compiled_suite_through_the_api(evaluated):  # noqa: F811
    offer, manager = evaluated["offer"], evaluated["manager"]
    client = api(manager)
    reply = client.get("/api/v1/reports/suite/", {"offer": [offer.pk]})
    assert reply.status_code == 200
    period, _ = period_from({})
    built = reports.suite_build(user=manager, offer_ids=[offer.pk], period=period)
    assert reply.json() == json.loads(json.dumps(plain(built)))
    [group] = reply.json()["groups"]
    assert group["title"] == "Collaborative Networks"
    assert _by_code(group["reports"][0])["apply_learning"]["base"] == 13
    assert client.get("/api/v1/reports/suite/").status_code == 400
    assert client.get("/api/v1/reports/suite/", {"offer": "x"}).status_code == 400
    pdf = client.get("/api/v1/reports/suite/pdf/", {"offer": [offer.pk]})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    table = client.get("/api/v1/reports/suite/export/", {"offer": [offer.pk], "table": "1-funnel"})
    assert table.status_code == 200 and table.content.decode("utf-8-sig").startswith("Step,People")
    # Only the offer's own programme team compiles it.
    assert (
        api(programme_manager(AcademyFactory()))
        .get("/api/v1/reports/suite/", {"offer": [offer.pk]})
        .status_code
        == 404
    )
    assert (
        api(evaluated["people"][0].user).get("/api/v1/reports/suite/", {"offer": [offer.pk]}).status_code
        == 403
    )


# ---------------------------------------------------------------- dashboards


def test_region_dashboard_json_equals_the_page_and_the_hand_counts(region):  # noqa: F811
    manager = region["manager"]
    reply = api(manager).get("/api/v1/dashboards/region/")
    assert reply.status_code == 200
    body = reply.json()
    period, _ = period_from({})
    built = dashboards.dashboard_build(scope=selectors.region_scope(user=manager), period=period)
    assert body == json.loads(json.dumps(plain(built)))
    # By hand (tests/evaluation/test_dashboards.py): 2 sessions, 14 attendances by 10 people; the
    # session four years ago and the other academy's session do not count.
    assert body["delivery"] == {"sessions": 2, "cohorts": 1, "participants": 14, "people": 10}
    by_ics = {row["label"]: (row["participants"], row["people"]) for row in body["reach"][0]["rows"]}
    assert by_ics["Norfolk and Waveney Integrated Care System"] == (12, 8)
    assert by_ics["Suffolk and North East Essex Integrated Care System"] == (2, 2)
    assert (body["responses"]["responses"], body["responses"]["invited"]) == (3, 10)
    # The page's period parameters: four years back takes in the old session.
    wider = api(manager).get(
        "/api/v1/dashboards/region/",
        {"from": (timezone.localdate() - dt.timedelta(days=5 * 365)).isoformat()},
    )
    assert wider.json()["delivery"]["participants"] == 15
    assert api(manager).get("/api/v1/dashboards/region/", {"to": "yesterday"}).status_code == 400


def test_system_dashboard_and_its_downloads(region):  # noqa: F811
    north = region["north"]
    lead = PersonFactory().user
    grant(lead, Role.ICS_OD_LEAD, ics=north)
    client = api(lead)
    body = client.get(f"/api/v1/dashboards/systems/{north.pk}/").json()
    assert body["delivery"]["participants"] == 14  # every academy's activity with the system's staff
    assert body["scope"]["ics"] == {"id": north.pk, "name": north.name}
    period, _ = period_from({})
    built = dashboards.dashboard_build(scope=selectors.ics_scope(user=lead, ics_id=north.pk), period=period)
    assert body == json.loads(json.dumps(plain(built)))
    download = client.get(f"/api/v1/dashboards/systems/{north.pk}/export/", {"table": "delivery"})
    assert download.status_code == 200
    assert 'filename="impact-ics-' in download["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    [delivery] = [table for table in exports.dashboard_tables(built) if table.key == "delivery"]
    assert rows[1:] == [[str(cell) for cell in row] for row in delivery.rows]
    assert ["Participants (attendances)", "14"] in rows
    workbook = load_workbook(
        io.BytesIO(api(region["manager"]).get("/api/v1/dashboards/region/export/?type=xlsx").content)
    )
    assert "Reach by integrated care system" in workbook.sheetnames
    # An OD lead's /impact/ is their system's dashboard, and so is the API's region dashboard; no other
    # system's; participants and partners none at all.
    page = Client()
    page.force_login(lead)
    assert page.get("/impact/").url == f"/impact/systems/{north.pk}/"
    assert client.get("/api/v1/dashboards/region/").json() == body
    region_download = client.get("/api/v1/dashboards/region/export/", {"table": "delivery"})
    assert f'filename="impact-ics-{north.pk}' in region_download["Content-Disposition"]
    assert client.get("/api/v1/dashboards/region/equality/").json() == body["equality"]
    assert client.get(f"/api/v1/dashboards/systems/{region['south'].pk}/").status_code == 404
    participant = region["people"][0].user
    assert api(participant).get("/api/v1/dashboards/region/").status_code == 403
    assert api(participant).get(f"/api/v1/dashboards/systems/{north.pk}/").status_code == 404
    assert api(participant).get(f"/api/v1/dashboards/systems/{north.pk}/equality/").status_code == 404
    assert api().get("/api/v1/dashboards/region/").status_code == 401


def test_equality_breakdowns_are_suppressed_exactly_as_on_the_page():
    """23 women and 3 men attended (tests/evaluation/test_dashboards.py): 23 -> 25, 3 -> *, total 25."""
    academy = AcademyFactory()
    organisation = OrganisationFactory()
    people = [PersonFactory(organisation=organisation) for _ in range(26)]
    for index, person in enumerate(people):
        equality_record_save(person=person, by=person.user, sex="female" if index < 23 else "male")
    _attend(_session(OfferFactory(academy=academy), days_ago=5), people)
    manager = programme_manager(academy)
    tables = api(manager).get("/api/v1/dashboards/region/equality/").json()
    sex = next(table for table in tables if table["key"] == "sex")
    rows = {row["label"]: row["reached"] for row in sex["rows"]}
    assert rows["Female"] == {"label": "Female", "shown": "25", "count": 25, "percent": 100}
    assert rows["Male"] == {"label": "Male", "shown": "*", "count": None, "percent": None}
    assert sex["reached_base"] == "25"
    assert "23" not in json.dumps(sex) and '"3"' not in json.dumps(sex)
    assert tables == api(manager).get("/api/v1/dashboards/region/").json()["equality"]
    csv_rows = list(
        csv.reader(
            io.StringIO(
                api(manager)
                .get("/api/v1/dashboards/region/export/", {"table": "equality-sex"})
                .content.decode("utf-8-sig")
            )
        )
    )
    assert ["Male", "*", "", "*", ""] in csv_rows


def test_an_anonymous_surveys_small_groups_stay_as_suppressed_as_on_the_pages():
    """One person answers an anonymous survey: whatever the page builders hold back, the API holds back
    too (it serialises their output, never the answers), and no one is named."""
    session, people = attended_session(3)
    manager = programme_manager(session.cohort.offer.academy)
    survey = open_survey(session, anonymous=True, by=manager)
    answer(invite_all(survey)[0], apply_learning="strongly_disagree")
    client = api(manager)
    offer = session.cohort.offer
    report = client.get(f"/api/v1/reports/offers/{offer.pk}/").json()
    assert report == json.loads(json.dumps(plain(reports.offer_report(user=manager, pk=offer.pk))))
    cohort = client.get(f"/api/v1/reports/cohorts/{session.cohort_id}/").json()
    assert cohort == json.loads(json.dumps(plain(reports.cohort_report(user=manager, pk=session.cohort_id))))
    board = client.get("/api/v1/dashboards/region/").json()
    period, _ = period_from({})
    built = dashboards.dashboard_build(scope=selectors.region_scope(user=manager), period=period)
    assert board == json.loads(json.dumps(plain(built)))
    # What the API gives for each question is word for word what the report page prints.
    page = Client()
    page.force_login(manager)
    html = page.get(f"/impact/offers/{offer.pk}/").content.decode()
    assert report["questions"]
    for section in report["questions"]:
        assert escape(section["headline"]) in html
    text = json.dumps([report, cohort, board])
    for person in people:
        assert person.email not in text and person.family_name not in text
    # Equality groups of fewer than 8 people reached are never shown as numbers.
    for table in board["equality"]:
        for row in table["rows"]:
            assert row["reached"]["shown"] in ("*", "0")


# ---------------------------------------------------------------- closing a survey


def test_the_programme_team_closes_a_survey_through_the_api_and_answers_stop():
    session, _ = attended_session(2)
    manager = programme_manager(session.cohort.offer.academy)
    survey = open_survey(session, by=manager)
    tokens = invite_all(survey)
    for user in (
        programme_manager(AcademyFactory()),
        facilitator(session.cohort.offer.delivery_partner),
        PersonFactory().user,
    ):
        assert api(user).post(f"/api/v1/surveys/{survey.pk}/close/").status_code == 404
    assert api().post(f"/api/v1/surveys/{survey.pk}/close/").status_code == 401
    reply = api(manager).post(f"/api/v1/surveys/{survey.pk}/close/")
    assert reply.status_code == 200
    survey.refresh_from_db()
    assert survey.closes_at <= timezone.now()
    assert reply.json()["closes_at"] is not None
    assert AuditEntry.objects.filter(action="evaluation.survey.close", object_id=str(survey.pk)).exists()
    late = api().post(
        f"/api/v1/evaluate/{tokens[0]}/answers/",
        {"answers": [{"question": c, "value": v} for c, v in AGREE_ANSWERS.items()]},
        format="json",
    )
    assert late.status_code == 400 and "survey" in late.json()


def test_the_close_service_checks_its_access_rule():
    session, _ = attended_session(1)
    survey = open_survey(session)
    with pytest.raises(PermissionDenied):
        survey_close(survey=survey, by=programme_manager(AcademyFactory()))
    survey.refresh_from_db()
    assert survey.closes_at > timezone.now()


# ---------------------------------------------------------------- the evaluation form and invitees


def test_the_evaluation_form_lists_every_answer_a_question_accepts(delivered_survey):
    survey, tokens = delivered_survey
    form = api().get(f"/api/v1/evaluate/{tokens[0]}/").json()
    questions = {q["code"]: q for q in form["questions"]}
    assert form["survey"] == survey.pk
    assert questions["apply_learning"]["choices"] == [
        {"value": "strongly_agree", "label": "Strongly agree"},
        {"value": "agree", "label": "Agree"},
        {"value": "neither", "label": "Neither agree nor disagree"},
        {"value": "disagree", "label": "Disagree"},
        {"value": "strongly_disagree", "label": "Strongly disagree"},
    ]
    for question in Question.objects.filter(instrument=survey.instrument):
        assert questions[question.code]["choices"] == [
            {"value": value, "label": label} for value, label in question.options
        ]
    # Whatever is listed is what the service accepts.
    answers = {
        q["code"]: (q["choices"][0]["value"] if q["choices"] else "Listening")
        for q in form["questions"]
        if q["required"]
    }
    reply = api().post(
        f"/api/v1/evaluate/{tokens[0]}/answers/",
        {"answers": [{"question": c, "value": v} for c, v in answers.items()]},
        format="json",
    )
    assert reply.status_code == 201, reply.json()


@pytest.fixture
def delivered_survey():
    session, _ = attended_session(2)
    survey = open_survey(session, anonymous=False)
    return survey, invite_all(survey)


def test_a_logged_in_invitee_lists_and_answers_their_evaluations_through_the_api():
    session, people = attended_session(2)
    survey = open_survey(session, anonymous=False)
    invite_all(survey)
    me = api(people[0].user)
    listed = me.get("/api/v1/my-evaluations/").json()
    assert [item["survey"] for item in listed] == [survey.pk]
    assert listed[0]["offer"] == session.cohort.offer.title
    form = me.get(f"/api/v1/my-evaluations/{survey.pk}/").json()
    assert form["answered"] is False and form["questions"][0]["choices"]
    body = {"answers": [{"question": c, "value": v} for c, v in AGREE_ANSWERS.items()]}
    bad = me.post(
        f"/api/v1/my-evaluations/{survey.pk}/answers/",
        {"answers": [{"question": "apply_learning", "value": "maybe"}]},
        format="json",
    )
    assert bad.status_code == 400 and "apply_learning" in bad.json()
    assert me.post(f"/api/v1/my-evaluations/{survey.pk}/answers/", body, format="json").status_code == 201
    response = Response.objects.get(survey=survey)
    assert (response.person, response.source) == (people[0], Response.Source.API)
    # Answered: no longer pending, and a second answer is refused.
    assert me.get("/api/v1/my-evaluations/").json() == []
    assert me.post(f"/api/v1/my-evaluations/{survey.pk}/answers/", body, format="json").status_code == 404
    # Someone not invited finds nothing to answer.
    stranger = api(PersonFactory().user)
    assert stranger.get(f"/api/v1/my-evaluations/{survey.pk}/").status_code == 404
    assert (
        stranger.post(f"/api/v1/my-evaluations/{survey.pk}/answers/", body, format="json").status_code == 404
    )
    assert api().get("/api/v1/my-evaluations/").status_code == 401


def test_an_invitee_of_an_anonymous_survey_answers_without_being_named():
    session, people = attended_session(1)
    survey = open_survey(session, anonymous=True)
    invite_all(survey)
    body = {"answers": [{"question": c, "value": v} for c, v in AGREE_ANSWERS.items()]}
    reply = api(people[0].user).post(f"/api/v1/my-evaluations/{survey.pk}/answers/", body, format="json")
    assert reply.status_code == 201
    response = Response.objects.get(survey=survey)
    assert response.person is None and response.is_anonymous


# ---------------------------------------------------------------- imports state how many were invited


def _upload(text: str):
    upload = io.BytesIO(text.encode())
    upload.name = "export.csv"
    return upload


MAPPING = {"A": "apply_learning", "B": "development_objectives", "C": "lead_and_influence"}
FOUR_ROWS = "A,B,C\n" + "Strongly agree,Agree,Agree\n" * 4


def test_an_import_states_how_many_were_invited_and_gets_a_response_rate():
    """4 imported responses from 10 invited by the other tool: 4/10 = 40%, with base 10."""
    session, _ = attended_session(1)
    manager = programme_manager(session.cohort.offer.academy)
    survey = open_survey(session, by=manager)
    client = api(manager)
    before = client.get(f"/api/v1/surveys/{survey.pk}/figures/").json()
    assert before["response_rate"]["percent"] is None
    reply = client.post(
        f"/api/v1/surveys/{survey.pk}/import/",
        {"file": _upload(FOUR_ROWS), "mapping": json.dumps(MAPPING), "invited": 10},
        format="multipart",
    )
    assert reply.status_code == 201, reply.json()
    assert client.get(f"/api/v1/surveys/{survey.pk}/").json()["imported_invited"] == 10
    figures = client.get(f"/api/v1/surveys/{survey.pk}/figures/").json()
    assert (figures["responses"], figures["invited"]) == (4, 10)
    assert figures["response_rate"] == {
        "count": 4,
        "base": 10,
        "percent": 40,
        "ci_low": 16.8,
        "ci_high": 68.7,
    }
    report = client.get(f"/api/v1/reports/offers/{session.cohort.offer_id}/").json()
    assert (report["response_rate"]["count"], report["response_rate"]["base"]) == (4, 10)


def test_invitations_and_an_imports_stated_number_share_one_base():
    """2 invited through Academy (1 answered) and 3 imported of 6 invited elsewhere: 4 of 8 = 50%."""
    session, _ = attended_session(2)
    manager = programme_manager(session.cohort.offer.academy)
    survey = open_survey(session, by=manager)
    answer(invite_all(survey)[0])
    client = api(manager)
    reply = client.post(
        f"/api/v1/surveys/{survey.pk}/import/",
        {
            "file": _upload("A,B,C\n" + "Agree,Agree,Agree\n" * 3),
            "mapping": json.dumps(MAPPING),
            "invited": 6,
        },
        format="multipart",
    )
    assert reply.status_code == 201
    rate = client.get(f"/api/v1/surveys/{survey.pk}/figures/").json()["response_rate"]
    assert (rate["count"], rate["base"], rate["percent"]) == (4, 8, 50)


def test_an_import_cannot_state_fewer_invited_than_responses_and_then_saves_nothing():
    session, _ = attended_session(1)
    manager = programme_manager(session.cohort.offer.academy)
    survey = open_survey(session, by=manager)
    client = api(manager)
    reply = client.post(
        f"/api/v1/surveys/{survey.pk}/import/",
        {"file": _upload(FOUR_ROWS), "mapping": json.dumps(MAPPING), "invited": 3},
        format="multipart",
    )
    assert reply.status_code == 400 and "invited" in reply.json()
    survey.refresh_from_db()
    assert survey.responses.count() == 0 and survey.imported_invited is None
    negative = client.post(
        f"/api/v1/surveys/{survey.pk}/import/",
        {"file": _upload(FOUR_ROWS), "mapping": json.dumps(MAPPING), "invited": -1},
        format="multipart",
    )
    assert negative.status_code == 400 and "invited" in negative.json()


def test_the_import_page_asks_how_many_were_invited(client):
    session, _ = attended_session(1)
    manager = programme_manager(session.cohort.offer.academy)
    survey = open_survey(session, by=manager)
    client.force_login(manager)
    uploaded = client.post(f"/manage/evaluations/{survey.pk}/import/", {"file": _upload(FOUR_ROWS)})
    assert uploaded.status_code == 302
    mapping_page = client.get(uploaded.url)
    assert "How many people did the other survey tool invite?" in mapping_page.content.decode()
    ticket = uploaded.url.split("ticket=")[1]
    done = client.post(
        uploaded.url.split("?")[0],
        {
            "ticket": ticket,
            "column_0": "apply_learning",
            "column_1": "development_objectives",
            "column_2": "lead_and_influence",
            "invited": "8",
        },
    )
    assert done.status_code == 302
    survey.refresh_from_db()
    assert survey.imported_invited == 8
    figures = client.get(f"/impact/evaluations/{survey.pk}/").content.decode()
    assert "4 of 8 people invited answered (50%)" in figures


def test_a_large_suite_pdf_is_prepared_in_the_background_as_from_the_page(evaluated, monkeypatch):  # noqa: F811
    offer, manager = evaluated["offer"], evaluated["manager"]
    second = OfferFactory(academy=offer.academy)
    monkeypatch.setattr(reports, "SUITE_SYNC_MAX_OFFERS", 1)
    queued = []
    monkeypatch.setattr(reports.suite_pdf_render, "delay", lambda *args: queued.append(args))
    client = api(manager)
    pending = client.get("/api/v1/reports/suite/pdf/", {"offer": [offer.pk, second.pk]})
    assert pending.status_code == 202
    assert pending.json()["ready"].endswith("ready=1")
    [(user_id, ids, start, end)] = queued
    assert (user_id, ids) == (manager.pk, sorted([offer.pk, second.pk]))
    reports.suite_pdf_render(user_id, ids, start, end)  # what the worker does
    ready = client.get(pending.json()["ready"])
    assert ready.status_code == 200 and b"".join(ready.streaming_content).startswith(b"%PDF")
    assert ready["Content-Type"] == "application/pdf"


def test_periods_outside_the_calendar_are_refused_not_a_500(region):  # noqa: F811
    client = api(region["manager"])
    for query in ({"to": "9999-12-31"}, {"from": "0001-01-01"}):
        reply = client.get("/api/v1/dashboards/region/", query)
        assert reply.status_code == 400 and set(reply.json()) == set(query)


@dataclass(frozen=True)
class Inner:
    count: int
    share: int | None


@dataclass(frozen=True)
class Outer:
    title: str
    period: Period | None
    rows: list[Inner]
    ids: frozenset[int]
    by_key: dict[str, int]
    chart: SafeString | None = None  # as the reports declare their charts


def test_any_field_a_builder_adds_reaches_the_json_and_the_schema_without_an_edit():
    """The serialiser and the schema walk the dataclasses, so another field on a report or dashboard
    (say, a new count) appears in both; SVG charts never do."""
    value = Outer(
        title="T",
        period=Period(start=dt.date(2024, 4, 1), end=dt.date(2025, 3, 31)),
        rows=[Inner(count=3, share=None)],
        ids=frozenset({3, 1}),
        by_key={"a": 1},
        chart=mark_safe("<svg></svg>"),
    )
    assert plain(value) == {
        "title": "T",
        "period": {"start": "2024-04-01", "end": "2025-03-31"},
        "rows": [{"count": 3, "share": None}],
        "ids": [1, 3],
        "by_key": {"a": 1},
    }
    schema = schema_for(Outer)
    assert schema["required"] == ["title", "period", "rows", "ids", "by_key"]
    assert schema["properties"]["rows"]["items"]["properties"]["share"] == {
        "type": "integer",
        "nullable": True,
    }
    assert schema["properties"]["period"]["nullable"] is True
    assert schema["properties"]["ids"] == {"type": "array", "items": {"type": "integer"}}


def test_an_od_lead_of_two_systems_chooses_one_on_the_page_and_in_the_api(region):  # noqa: F811
    lead = PersonFactory().user
    grant(lead, Role.ICS_OD_LEAD, ics=region["north"])
    grant(lead, Role.ICS_OD_LEAD, ics=region["south"])
    page = Client()
    page.force_login(lead)
    listing = page.get("/impact/")
    assert listing.status_code == 200 and region["south"].name in listing.content.decode()
    refused = api(lead).get("/api/v1/dashboards/region/")
    assert refused.status_code == 403 and "/api/v1/dashboards/systems/" in refused.json()["detail"]
    assert api(lead).get(f"/api/v1/dashboards/systems/{region['south'].pk}/").status_code == 200
