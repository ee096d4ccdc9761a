"""Anonymous evaluations stay anonymous: no figure, count, timestamp, reminder state, filter or export
narrows a group below the minimum (5 respondents) or links a response to an invitation, and the
`anonymous` flag cannot be cleared once anyone has been invited.

The property-based test at the end builds random surveys, periods, systems and invitation sets and
reads every page, export and API answer about them."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from academy.core.models import OutboxMessage
from academy.evaluation.models import Invitation, Response, Survey
from academy.evaluation.services import (
    invitation_token,
    survey_anonymity_change,
    survey_send_invitations,
    survey_send_reminders,
)
from academy.people.models import OrganisationType, Role, Sector
from academy.reporting.arithmetic import anonymous_minimum
from tests.evaluation.helpers import answer, attended_session, invite_all, open_survey
from tests.factories import (
    AcademyFactory,
    CohortFactory,
    ICSFactory,
    OfferFactory,
    OrganisationFactory,
    PersonFactory,
    SessionFactory,
    UserFactory,
    attendance,
    booking,
    grant,
    programme_manager,
)

pytestmark = pytest.mark.django_db

MINIMUM = 5


def api_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_the_minimum_is_five():
    assert anonymous_minimum() == MINIMUM


# ---------------------------------------------------------------- figures under the minimum


def test_an_anonymous_survey_shows_no_answers_until_five_have_answered(client):
    """Issue: an anonymous survey showed full answers at n = 1."""
    session, _ = attended_session(6)
    survey = open_survey(session)
    tokens = invite_all(survey)
    answer(tokens[0], apply_learning="disagree", testimony="Only I would say this")
    manager = programme_manager(session.cohort.offer.academy)
    client.force_login(manager)
    page = client.get(reverse("evaluation:survey_figures", args=[survey.pk])).content.decode()
    assert "Disagree" not in page and "Only I would say this" not in page
    assert "Not shown until at least 5 people have answered" in page
    figures = api_for(manager).get(f"/api/v1/surveys/{survey.pk}/figures/").json()
    assert {q["base"] for q in figures["questions"]} == {0}
    assert all(
        q["summary"].startswith("Not shown until at least 5 people have answered: 1 response to")
        and q["options"] == []
        and q["agree"] is None
        for q in figures["questions"]
    )
    for token in tokens[1:5]:
        answer(token)
    figures = api_for(manager).get(f"/api/v1/surveys/{survey.pk}/figures/").json()
    apply = next(q for q in figures["questions"] if q["code"] == "apply_learning")
    assert apply["base"] == 5
    assert apply["summary"] == "80% strongly agreed, 0% agreed (80%) — 5 responses"


def test_a_small_anonymous_survey_is_left_out_of_its_offers_figures_too():
    """Otherwise the offer's figures less the big survey's would give the small one's answers."""
    from academy.evaluation.figures import offer_figures, survey_figures

    session, _ = attended_session(5)
    big = open_survey(session)
    for token in invite_all(big):
        answer(token, apply_learning="agree")
    small_session, _ = attended_session(2, cohort=session.cohort)
    small = open_survey(small_session)
    for token in invite_all(small):
        answer(token, apply_learning="strongly_disagree")
    pooled = {q.code: q for q in offer_figures(session.cohort.offer).questions}["apply_learning"]
    alone = {q.code: q for q in survey_figures(big).questions}["apply_learning"]
    assert pooled.base == alone.base == 5
    assert pooled.options == alone.options
    assert "2 responses to anonymous evaluations with fewer than 5 responses left out" in pooled.summary


def test_the_responses_api_lists_no_anonymous_survey_under_the_minimum_and_no_day():
    session, _ = attended_session(5)
    survey = open_survey(session)
    tokens = invite_all(survey)
    manager = programme_manager(session.cohort.offer.academy)
    api = api_for(manager)
    for count, token in enumerate(tokens, start=1):
        answer(token)
        listed = api.get("/api/v1/responses/", {"survey": survey.pk}).json()["results"]
        assert len(listed) == (count if count >= MINIMUM else 0)
    assert {row["submitted_on"] for row in listed} == {None}


# ---------------------------------------------------------------- anonymity is one-way


def test_the_anonymous_flag_cannot_be_cleared_once_invitations_exist():
    session, _ = attended_session(2)
    survey = open_survey(session)
    # Before anyone is invited it may still change, both ways.
    survey = survey_anonymity_change(survey=survey, anonymous=False, by=None)
    survey = survey_anonymity_change(survey=survey, anonymous=True, by=None)
    invite_all(survey)
    survey.refresh_from_db()
    assert survey.anonymity_locked_at is not None
    with pytest.raises(ValidationError) as error:
        survey_anonymity_change(survey=survey, anonymous=False, by=None)
    assert "cannot be changed" in str(error.value)
    # The database refuses it too, whatever writes it.
    with pytest.raises(IntegrityError), transaction.atomic():
        Survey.objects.filter(pk=survey.pk).update(anonymous=False)
    assert Survey.objects.get(pk=survey.pk).anonymous is True


def test_a_named_survey_cannot_become_anonymous_after_answers_either():
    session, _ = attended_session(1)
    survey = open_survey(session, anonymous=False)
    invite_all(survey)
    with pytest.raises(ValidationError):
        survey_anonymity_change(survey=survey, anonymous=True, by=None)


def test_importing_answers_locks_anonymity():
    from academy.evaluation.services import clean_answers, responses_create_bulk

    session, _ = attended_session(1)
    survey = open_survey(session)
    questions = list(survey.instrument.questions.order_by("order"))
    rows = [clean_answers(questions, {"apply_learning": "agree"})]
    responses_create_bulk(survey=survey, rows=rows, source="import", submitted_at=timezone.now(), by=None)
    survey.refresh_from_db()
    assert survey.anonymity_locked_at is not None


def test_the_admin_shows_anonymity_read_only_once_invitations_exist():
    session, _ = attended_session(2)
    survey = open_survey(session)
    admin = Client()
    admin.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = f"/admin/evaluation/survey/{survey.pk}/change/"
    assert 'name="anonymous"' in admin.get(url).content.decode()
    invite_all(survey)
    page = admin.get(url).content.decode()
    assert 'name="anonymous"' not in page and "Anonymous" in page


# ---------------------------------------------------------------- invitations and reminders


def test_invitations_of_an_anonymous_survey_say_nothing_about_answering_or_reminders():
    session, _ = attended_session(3)
    survey = open_survey(session)
    tokens = invite_all(survey)
    answer(tokens[0])
    sent = Invitation.objects.filter(survey=survey).first().sent_at
    survey_send_reminders(survey=survey, now=sent + dt.timedelta(days=7, minutes=1))
    manager = programme_manager(session.cohort.offer.academy)
    rows = api_for(manager).get(f"/api/v1/surveys/{survey.pk}/invitations/").json()["results"]
    assert len(rows) == 3
    assert {(r["responded"], r["reminded_at"], r["reminders_sent"]) for r in rows} == {(None, None, None)}


def test_an_anonymous_survey_reminds_everyone_invited_so_reminders_do_not_say_who_answered():
    session, _ = attended_session(3)
    survey = open_survey(session)
    tokens = invite_all(survey)
    answer(tokens[0])
    sent = Invitation.objects.filter(survey=survey).first().sent_at
    assert survey_send_reminders(survey=survey, now=sent + dt.timedelta(days=7, minutes=1)) == 3
    reminders = OutboxMessage.objects.filter(key__startswith="evaluation.reminder:")
    assert reminders.count() == 3
    assert all("please ignore this reminder" in message.body for message in reminders)
    assert set(Invitation.objects.filter(survey=survey).values_list("reminders_sent", "reminded_at")) == {
        (1, sent + dt.timedelta(days=7, minutes=1))
    }


def test_the_survey_page_says_anonymity_is_fixed_and_how_reminders_go(client):
    session, _ = attended_session(2)
    survey = open_survey(session)
    client.force_login(programme_manager(session.cohort.offer.academy))
    url = reverse("evaluation:survey_detail", args=[survey.pk])
    assert "cannot be changed" not in client.get(url).content.decode()
    invite_all(survey)
    page = client.get(url).content.decode()
    assert "This cannot be changed now that people have been invited" in page
    assert "to everyone invited" in page
    assert "at least 5 people have answered" in page


# ---------------------------------------------------------------- a system's dashboard


def test_a_systems_dashboard_and_its_csv_do_not_count_one_respondent_for_one_day(client):
    """Issue: the ICS dashboard's CSV counted "invitations answered" per system for any period down to
    one day, without suppression; with the invitation list one respondent was identified."""
    academy = AcademyFactory()
    north, south = ICSFactory(), ICSFactory()
    cohort = CohortFactory(
        offer=OfferFactory(academy=academy), starts_on=timezone.localdate() - dt.timedelta(days=3)
    )
    session = SessionFactory(cohort=cohort)
    people = [PersonFactory(organisation=OrganisationFactory(ics=north))] + [
        PersonFactory(organisation=OrganisationFactory(ics=south)) for _ in range(6)
    ]
    for person in people:
        attendance(session, booking(cohort, person))
    survey = open_survey(session)
    manager = programme_manager(academy)
    survey_send_invitations(survey=survey, by=manager)
    mine = Invitation.objects.get(survey=survey, person=people[0])
    answer(invitation_token(mine), apply_learning="strongly_disagree")
    today = timezone.localtime(survey.opens_at).date().isoformat()  # the one day it opened
    client.force_login(manager)
    download = client.get(
        reverse("reports:ics_dashboard", args=[north.pk]),
        {"from": today, "to": today, "format": "csv", "table": "responses"},
    )
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert rows[1][1:4] == ["*", "*", "*"]  # 1 response, 1 invited, 1 answered
    assert "1" not in {cell for row in rows[1:] for cell in row[1:]}
    # Nor does the headline break her answers down by system.
    page = client.get(reverse("reports:ics_dashboard", args=[north.pk]), {"from": today, "to": today})
    assert page.context["board"].headlines == []
    assert "Strongly disagree" not in page.content.decode()


# ---------------------------------------------------------------- the property


def _world(data: st.DataObject):
    """An academy with up to three systems, up to three surveys (most anonymous) over sessions in the
    last few days, random attendees, invitations and answers. Returns what the checks need."""
    academy = AcademyFactory()
    systems = [ICSFactory() for _ in range(data.draw(st.integers(1, 3), label="systems"))]
    organisations = [
        OrganisationFactory(
            ics=ics, org_type=OrganisationType.ACUTE, sector=Sector.NHS, workforce_headcount=100
        )
        for ics in systems
    ]
    offer = OfferFactory(academy=academy)
    manager = programme_manager(academy)
    surveys = []
    for index in range(data.draw(st.integers(1, 3), label="surveys")):
        days_ago = data.draw(st.integers(0, 3), label="days ago")
        cohort = CohortFactory(offer=offer, starts_on=timezone.localdate() - dt.timedelta(days=days_ago))
        session = SessionFactory(cohort=cohort)
        attendees = data.draw(
            st.lists(st.integers(0, len(organisations) - 1), min_size=1, max_size=9), label="attendees"
        )
        for place in attendees:
            attendance(session, booking(cohort, PersonFactory(organisation=organisations[place])))
        anonymous = data.draw(st.booleans(), label="anonymous") or index == 0
        survey = open_survey(session, anonymous=anonymous, by=manager)
        if days_ago:
            Survey.objects.filter(pk=survey.pk).update(opens_at=survey.opens_at - dt.timedelta(days=days_ago))
        survey_send_invitations(survey=survey, by=manager)
        invitations = list(survey.invitations.order_by("id"))
        answering = data.draw(
            st.lists(st.sampled_from(invitations), unique=True, max_size=len(invitations)), label="answering"
        )
        for invitation in answering:
            answer(
                invitation_token(invitation),
                apply_learning=data.draw(
                    st.sampled_from(["strongly_agree", "agree", "neither", "disagree"]), label="answer"
                ),
            )
        surveys.append(Survey.objects.get(pk=survey.pk))
    return academy, systems, offer, manager, surveys


def _counts_in(rows: list[list[str]]) -> list[int]:
    return [int(cell) for row in rows for cell in row[1:] if cell.isdigit()]


@settings(
    max_examples=20,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(data=st.data())
def test_no_page_export_or_api_answer_narrows_an_anonymous_group_or_links_a_response(client, data):
    with transaction.atomic():
        academy, systems, offer, manager, surveys = _world(data)
        anonymous = [s for s in surveys if s.anonymous]
        small = {s.pk for s in anonymous if 0 < s.responses.count() < MINIMUM}
        shown_bases = {0} | {
            s.responses.count() for s in surveys if not s.anonymous or s.responses.count() >= MINIMUM
        }
        lead = PersonFactory().user
        ics = data.draw(st.sampled_from(systems), label="lead's system")
        grant(lead, Role.ICS_OD_LEAD, ics=ics)
        today = timezone.localdate()
        start = today - dt.timedelta(days=data.draw(st.integers(0, 4), label="from"))
        end = today - dt.timedelta(days=data.draw(st.integers(0, 2), label="to"))
        period = {"from": start.isoformat(), "to": max(start, end).isoformat()}

        # Dashboards and their CSV exports, for the region and for each system, as the programme
        # manager and as the system's OD lead.
        bounds = (
            dt.datetime.combine(start, dt.time.min, tzinfo=timezone.get_current_timezone()),
            dt.datetime.combine(
                max(start, end) + dt.timedelta(days=1), dt.time.min, tzinfo=timezone.get_current_timezone()
            ),
        )
        in_period = list(Survey.objects.filter(offer=offer, opens_at__gte=bounds[0], opens_at__lt=bounds[1]))
        region = reverse("reports:dashboard")
        for user in (manager, lead):
            client.force_login(user)
            pages = [(reverse("reports:ics_dashboard", args=[s.pk]), s) for s in systems]
            if user is manager:
                pages.append((region, None))
            for url, system in pages:
                download = client.get(url, {**period, "format": "csv"})
                if download.status_code == 404:  # the lead's other systems
                    continue
                assert download.status_code == 200
                text = download.content.decode("utf-8-sig")
                for block in text.split("\r\n\r\n"):
                    parsed = list(csv.reader(io.StringIO(block)))
                    title, rows = parsed[0][0], parsed[2:]
                    if title.startswith("Response rates") and system is not None:
                        # A system's counts: suppressed (*) or rounded to 5, never 1 to 7 exactly.
                        assert all(n == 0 or (n >= 8 and n % 5 == 0) for n in _counts_in(rows)), (url, rows)
                    if title.startswith("Headline"):
                        bases = {row[0]: int(row[3]) for row in rows}
                        if system is None:  # whole surveys: named, or anonymous with 5 or more
                            expected = sum(s.responses.count() for s in in_period if s.pk not in small)
                        else:  # one system's respondents: named responses only
                            expected = Response.objects.filter(
                                survey__in=in_period, survey__anonymous=False, respondent_ics=system
                            ).count()
                        applied = bases.get(
                            "I will be able to apply learning from this session to my job role", 0
                        )
                        assert applied == expected, (url, bases, expected)

        # Figures through the API, per survey and for the offer: an anonymous survey under the minimum
        # contributes nothing, and every base is 0 or at least the minimum for anonymous data.
        api = api_for(manager)
        for survey in surveys:
            body = api.get(f"/api/v1/surveys/{survey.pk}/figures/").json()
            for question in body["questions"]:
                assert question["base"] in shown_bases or question["type"] not in (
                    "agreement_5",
                    "would_recommend",
                    "yes_no",
                ), (survey.pk, question)
                if survey.pk in small:
                    assert (
                        question["base"] == 0
                        and question["options"] == []
                        or all(option["count"] == 0 for option in question["options"])
                    )
        offer_body = api.get(f"/api/v1/figures/offers/{offer.pk}/").json()
        expected = sum(s.responses.count() for s in surveys if s.pk not in small)
        for question in offer_body["questions"]:
            if question["code"] == "apply_learning":
                assert question["base"] == expected

        # Responses: none from a small anonymous survey, whatever the filter; no day on anonymous ones.
        for query in [{}] + [{"survey": s.pk} for s in surveys]:
            for row in api.get("/api/v1/responses/", {**query, "limit": 500}).json()["results"]:
                assert row["survey"] not in small
                if row["is_anonymous"]:
                    assert row["person"] is None and row["submitted_on"] is None

        # Invitations: for an anonymous survey every person's row looks the same whether they answered
        # or not, after reminders too (which go to everyone).
        reminder_time = timezone.now() + dt.timedelta(days=7, minutes=1)
        for survey in anonymous:
            survey_send_reminders(survey=survey, now=reminder_time)
            rows = api.get(f"/api/v1/surveys/{survey.pk}/invitations/", {"limit": 500}).json()["results"]
            shapes = {json.dumps({k: v for k, v in r.items() if k not in ("id", "person")}) for r in rows}
            assert len(shapes) <= 1, shapes
            stored = set(survey.invitations.values_list("reminders_sent", "reminded_at"))
            assert len(stored) <= 1, stored
            assert Response.objects.filter(survey=survey, person__isnull=False).count() == 0
            # And the flag stays on.
            with pytest.raises(ValidationError):
                survey_anonymity_change(survey=survey, anonymous=False, by=manager)
        transaction.set_rollback(True)
