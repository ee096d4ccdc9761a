"""The evaluation API: scoping by role, answering by link, anonymity, figures and imports."""

import io
import json

import pytest
from rest_framework.test import APIClient

from academy.evaluation.models import Goal, Invitation, Survey
from academy.evaluation.services import invitation_token
from academy.people.models import Role
from tests.evaluation.helpers import (
    AGREE_ANSWERS,
    answer,
    attended_session,
    invite_all,
    open_survey,
    standard,
)
from tests.factories import CohortFactory, ICSFactory, PersonFactory, facilitator, grant, programme_manager

pytestmark = pytest.mark.django_db


def client_for(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def body(answers: dict) -> dict:
    return {"answers": [{"question": code, "value": value} for code, value in answers.items()]}


@pytest.fixture
def delivered():
    session, people = attended_session(13)
    survey = open_survey(session)
    return session, people, survey


def test_a_programme_manager_creates_and_sends_an_evaluation_for_their_own_session():
    session, _ = attended_session(2)
    manager = programme_manager(session.cohort.offer.academy)
    api = client_for(manager)
    created = api.post(
        "/api/v1/surveys/",
        {"instrument": standard().pk, "session": session.pk, "anonymous": True, "reminder_days": [3, 7]},
        format="json",
    )
    assert created.status_code == 201, created.json()
    survey_id = created.json()["id"]
    assert created.json()["offer"] == session.cohort.offer_id
    sent = api.post(f"/api/v1/surveys/{survey_id}/send-invitations/")
    assert sent.json() == {"invited": 2}
    assert [s["id"] for s in api.get(f"/api/v1/surveys/?session={session.pk}").json()["results"]] == [
        survey_id
    ]
    assert api.get(f"/api/v1/surveys/?session={session.pk + 1000}").json()["results"] == []


def test_a_programme_manager_cannot_evaluate_another_academys_offer(delivered):
    session, _, survey = delivered
    other = programme_manager(CohortFactory().offer.academy)
    api = client_for(other)
    before = Survey.objects.count()
    refused = api.post(
        "/api/v1/surveys/", {"instrument": standard().pk, "session": session.pk}, format="json"
    )
    assert refused.status_code == 403  # refused for access, not as bad input
    assert Survey.objects.count() == before
    assert api.get(f"/api/v1/surveys/{survey.pk}/").status_code == 404
    assert api.get(f"/api/v1/surveys/{survey.pk}/figures/").status_code == 404
    assert api.get(f"/api/v1/surveys/{survey.pk}/invitations/").status_code == 404
    assert api.get("/api/v1/responses/").json()["results"] == []


def test_answering_by_link_needs_no_login_and_works_once(delivered):
    _, _, survey = delivered
    token = invite_all(survey)[0]
    public = client_for()
    form = public.get(f"/api/v1/evaluate/{token}/")
    assert form.status_code == 200
    assert [q["code"] for q in form.json()["questions"]][:3] == list(AGREE_ANSWERS)
    first = public.post(f"/api/v1/evaluate/{token}/answers/", body(AGREE_ANSWERS), format="json")
    assert first.status_code == 201
    again = public.post(f"/api/v1/evaluate/{token}/answers/", body(AGREE_ANSWERS), format="json")
    assert again.status_code == 400 and "token" in again.json()
    assert public.get(f"/api/v1/evaluate/{token}/").json()["answered"] is True


def test_bad_answers_get_field_level_errors_not_a_500(delivered):
    _, _, survey = delivered
    token = invite_all(survey)[0]
    reply = client_for().post(
        f"/api/v1/evaluate/{token}/answers/",
        body({**AGREE_ANSWERS, "apply_learning": 11, "leadership_quality": ["not", "a", "word"]}),
        format="json",
    )
    assert reply.status_code == 400
    assert set(reply.json()) == {"apply_learning", "leadership_quality"}
    garbage = client_for().post(f"/api/v1/evaluate/{token}/answers/", {"answers": "nope"}, format="json")
    assert garbage.status_code == 400
    assert client_for().get("/api/v1/evaluate/" + "x" * 30 + "/").status_code == 404


def test_anonymous_responses_cannot_be_traced_to_a_person_through_the_api(delivered):
    session, people, survey = delivered
    tokens = invite_all(survey)
    answer(tokens[0], testimony="Brilliant and engaging", _consents=["testimony"])
    manager = programme_manager(session.cohort.offer.academy)
    api = client_for(manager)
    # One response is one person's answers: none is listed until the survey has the minimum (5).
    assert api.get("/api/v1/responses/", {"survey": survey.pk}).json()["results"] == []
    for token in tokens[1:5]:
        answer(token)
    responses = api.get("/api/v1/responses/").json()["results"]
    assert len(responses) == 5
    response = responses[0]
    assert response["person"] is None and response["is_anonymous"] is True
    assert {r["submitted_on"] for r in responses} == {None}  # no day to narrow them by
    invitations = api.get(f"/api/v1/surveys/{survey.pk}/invitations/").json()["results"]
    # The programme team sees who was invited, but nothing pairs a person with a response: invitations
    # carry no response, no time of answering, and for an anonymous survey not even whether.
    assert all(
        set(i) == {"id", "person", "sent_at", "reminded_at", "reminders_sent", "responded"}
        for i in invitations
    )
    assert {i["responded"] for i in invitations} == {None}  # for an anonymous survey, not even whether
    everything = json.dumps([responses, api.get(f"/api/v1/surveys/{survey.pk}/figures/").json()])
    for person in people:
        assert person.email not in everything and person.family_name not in everything
    assert "invitation" not in response and "submitted_at" not in response
    assert not set(response) & {"respondent_job_title", "respondent_ics", "respondent_org_type"}
    assert Invitation.objects.filter(responded_at__isnull=False).count() == 5


def test_figures_for_a_survey_print_the_seed_percentages(delivered):
    session, _, survey = delivered
    tokens = invite_all(survey)
    for n, token in enumerate(tokens):
        answer(
            token,
            apply_learning="strongly_agree" if n < 8 else "agree",
            lead_and_influence=["strongly_agree", "agree"][n % 2] if n < 12 else "neither",
        )
    api = client_for(programme_manager(session.cohort.offer.academy))
    figures = api.get(f"/api/v1/surveys/{survey.pk}/figures/").json()
    by_code = {q["code"]: q for q in figures["questions"]}
    assert by_code["apply_learning"]["summary"].startswith("62% strongly agreed, 38% agreed (100%)")
    assert by_code["lead_and_influence"]["agree"] == {
        "count": 12,
        "base": 13,
        "percent": 92,
        "ci_low": 66.7,
        "ci_high": 98.6,
    }
    offer = api.get(f"/api/v1/figures/offers/{session.cohort.offer_id}/").json()
    assert offer["questions"][0]["base"] == 13


def test_a_facilitator_sees_figures_for_their_own_partners_cohorts_only(delivered):
    session, _, survey = delivered
    own = facilitator(session.cohort.offer.delivery_partner)
    assert client_for(own).get(f"/api/v1/surveys/{survey.pk}/figures/").status_code == 200
    assert client_for(own).get(f"/api/v1/figures/cohorts/{session.cohort_id}/").status_code == 200
    assert client_for(own).get(f"/api/v1/surveys/{survey.pk}/invitations/").status_code == 404
    assert client_for(own).post(f"/api/v1/surveys/{survey.pk}/send-invitations/").status_code == 404
    other = facilitator(CohortFactory().offer.delivery_partner)
    assert client_for(other).get(f"/api/v1/surveys/{survey.pk}/figures/").status_code == 404
    assert client_for(other).get(f"/api/v1/figures/cohorts/{session.cohort_id}/").status_code == 404


def test_an_ics_od_lead_sees_aggregate_figures_for_offers_serving_their_system_only(delivered):
    session, _, survey = delivered
    offer = session.cohort.offer
    ics = ICSFactory()
    offer.systems.add(ics)
    lead = PersonFactory().user
    grant(lead, Role.ICS_OD_LEAD, ics=ics)
    api = client_for(lead)
    assert api.get(f"/api/v1/figures/offers/{offer.pk}/").status_code == 200
    assert api.get("/api/v1/responses/").json()["results"] == []
    assert api.get(f"/api/v1/surveys/{survey.pk}/invitations/").status_code == 404
    other_lead = PersonFactory().user
    grant(other_lead, Role.ICS_OD_LEAD, ics=ICSFactory())
    assert client_for(other_lead).get(f"/api/v1/figures/offers/{offer.pk}/").status_code == 404


def test_participants_see_only_their_own_named_responses_and_goals():
    session, people = attended_session(2)
    survey = open_survey(session, anonymous=False)
    tokens = invite_all(survey)
    answer(tokens[0])
    answer(tokens[1])
    mine = client_for(people[0].user).get("/api/v1/responses/").json()["results"]
    assert [r["person"] for r in mine] == [people[0].pk]
    api = client_for(people[0].user)
    created = api.post(
        "/api/v1/goals/",
        {"theme": "Leading and managing change", "text": "Lead the merger well", "rating_before": 4},
        format="json",
    )
    assert created.status_code == 201
    goal_id = created.json()["id"]
    assert (
        api.patch(f"/api/v1/goals/{goal_id}/", {"rating_after": 8}, format="json").json()["rating_after"] == 8
    )
    assert api.patch(f"/api/v1/goals/{goal_id}/", {"rating_after": 11}, format="json").status_code == 400
    assert client_for(people[1].user).get(f"/api/v1/goals/{goal_id}/").status_code == 404
    assert Goal.objects.get().person == people[0]


def test_goal_figures_per_theme_through_the_api():
    session, people = attended_session(7)
    for n, person in enumerate(people):
        Goal.objects.create(
            person=person,
            cohort=session.cohort,
            theme="Leading and managing change",
            text="x",
            rating_before=4,
            rating_after=4 + (n % 3),
        )
    api = client_for(programme_manager(session.cohort.offer.academy))
    [figure] = api.get(f"/api/v1/figures/cohorts/{session.cohort_id}/goals/").json()
    # differences 0,1,2,0,1,2,0 -> 4 improved of 7 (57%), median 1, four non-zero: too few to test
    assert (figure["improved"], figure["base"], figure["improved_percent"]) == (4, 7, 57)
    assert figure["median_change"] == "1"
    assert figure["test"] == "too few to test"


def test_import_endpoint_reports_bad_rows_and_saves_nothing(delivered):
    session, _, survey = delivered
    api = client_for(programme_manager(session.cohort.offer.academy))
    csv_text = "A,B,C\nStrongly agree,Agree,Agree\nStrongly agree,Nope,Agree\n"
    upload = io.BytesIO(csv_text.encode())
    upload.name = "export.csv"
    mapping = {"A": "apply_learning", "B": "development_objectives", "C": "lead_and_influence"}
    reply = api.post(
        f"/api/v1/surveys/{survey.pk}/import/",
        {"file": upload, "mapping": json.dumps(mapping)},
        format="multipart",
    )
    assert reply.status_code == 400
    assert reply.json()["errors"] == [
        {"row": 2, "column": "B", "message": "Select one of the answers shown."}
    ]
    assert survey.responses.count() == 0
    upload = io.BytesIO(csv_text.replace("Nope", "Agree").encode())
    upload.name = "export.csv"
    reply = api.post(
        f"/api/v1/surveys/{survey.pk}/import/",
        {"file": upload, "mapping": json.dumps(mapping)},
        format="multipart",
    )
    assert reply.status_code == 201 and reply.json()["created"] == 2


def test_programme_managers_add_their_own_question_sets_without_code():
    session, _ = attended_session(1)
    academy = session.cohort.offer.academy
    api = client_for(programme_manager(academy))
    created = api.post(
        "/api/v1/instruments/", {"name": "Care home pulse", "academy": academy.pk}, format="json"
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    question = api.post(
        f"/api/v1/instruments/{pk}/questions/",
        {"code": "morale", "text": "How is morale in your team?", "type": "scale_1_10"},
        format="json",
    )
    assert question.status_code == 201
    bad = api.post(
        f"/api/v1/instruments/{pk}/questions/",
        {"code": "pick", "text": "Pick one", "type": "single_choice", "choices": ["Only one"]},
        format="json",
    )
    assert bad.status_code == 400 and "choices" in bad.json()
    assert api.post(f"/api/v1/instruments/{pk}/publish/").json()["status"] == "published"
    locked = api.post(
        f"/api/v1/instruments/{pk}/questions/",
        {"code": "more", "text": "More?", "type": "free_text"},
        format="json",
    )
    assert locked.status_code == 400 and "instrument" in locked.json()
    assert api.post(f"/api/v1/instruments/{pk}/new-version/").json()["version"] == 2


def test_invitation_tokens_are_long_and_unguessable(delivered):
    _, _, survey = delivered
    invite_all(survey)
    tokens = {invitation_token(i) for i in survey.invitations.all()}
    assert len(tokens) == 13 and all(len(t) >= 40 for t in tokens)


def test_a_goal_after_rating_waits_for_the_last_session_through_the_api():
    cohort = CohortFactory()  # starts in a fortnight
    person = PersonFactory()
    goal = Goal.objects.create(
        person=person, cohort=cohort, theme="Confidence", text="Chair", rating_before=4
    )

    response = client_for(person.user).patch(f"/api/v1/goals/{goal.pk}/", {"rating_after": 8}, format="json")

    assert response.status_code == 400
    assert "once its last session has started" in response.json()["rating_after"][0]


def test_surveys_take_and_give_their_dates_as_days_in_london():
    import datetime as dt
    from zoneinfo import ZoneInfo

    from academy.evaluation.models import Survey

    session, _ = attended_session(1)
    manager = client_for(programme_manager(session.cohort.offer.academy))
    data = {
        "instrument": standard().pk,
        "session": session.pk,
        "opens_on": "2027-04-01",
        "closes_on": "2027-04-30",
    }

    response = manager.post("/api/v1/surveys/", data, format="json")

    assert response.status_code == 201, response.json()
    assert (response.json()["opens_on"], response.json()["closes_on"]) == ("2027-04-01", "2027-04-30")
    survey = Survey.objects.get()
    london = ZoneInfo("Europe/London")
    assert survey.opens_at.astimezone(london) == dt.datetime(2027, 4, 1, tzinfo=london)
    assert survey.closes_at.astimezone(london) == dt.datetime(2027, 4, 30, 23, 59, 59, 999999, tzinfo=london)
    both = manager.post("/api/v1/surveys/", {**data, "closes_at": "2027-05-01T00:00:00+01:00"}, format="json")
    assert both.status_code == 400
    assert both.json() == {"closes_on": ["Give closes_on or closes_at, not both."]}
    assert (
        manager.post("/api/v1/surveys/", {**data, "closes_on": "30/04/2027"}, format="json").status_code
        == 400
    )
