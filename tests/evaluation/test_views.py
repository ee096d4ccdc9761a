"""The evaluation pages: answering by link without logging in, my evaluations, and the programme team's pages."""

import datetime as dt
import io

import pytest
from django.test import Client

from academy.evaluation.models import Goal, Response
from academy.evaluation.services import invitation_token, survey_close
from tests.evaluation.helpers import answer, attended_session, invite_all, open_survey, standard
from tests.factories import CohortFactory, facilitator, programme_manager

pytestmark = pytest.mark.django_db

GOOD = {"apply_learning": "strongly_agree", "development_objectives": "agree", "lead_and_influence": "agree"}


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_answering_from_the_e_mailed_link_needs_no_login():
    session, _ = attended_session(1)
    [token] = invite_all(open_survey(session))
    client = Client()
    page = client.get(f"/evaluate/{token}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "<legend" in html and "I will be able to apply learning from this session to my job role" in html
    assert 'type="radio"' in html and "Strongly agree" in html and "<textarea" in html
    assert "You may quote what I wrote, without my name" in html
    sent = client.post(
        f"/evaluate/{token}/",
        {**GOOD, "testimony": "Great tools", "testimony__consent": "on", "leadership_quality": "Courage"},
    )
    assert sent.status_code == 302 and sent["Location"] == "/evaluate/thank-you/"
    assert Response.objects.count() == 1
    assert "already answered" in client.get(f"/evaluate/{token}/").content.decode()


def test_missing_answers_are_shown_with_an_error_summary_and_nothing_is_saved():
    session, _ = attended_session(1)
    [token] = invite_all(open_survey(session))
    page = Client().post(f"/evaluate/{token}/", {"apply_learning": "agree"})
    assert page.status_code == 400
    html = page.content.decode()
    assert "There is a problem" in html
    assert "Select an answer to “My learning will help me achieve my development objectives”." in html
    assert 'href="#id_development_objectives_0"' in html
    assert Response.objects.count() == 0


def test_a_bad_link_and_a_closed_evaluation_say_so():
    assert Client().get("/evaluate/" + "a" * 43 + "/").status_code == 404
    session, _ = attended_session(1)
    survey = open_survey(session)
    [token] = invite_all(survey)
    survey_close(survey=survey, by=None)
    assert "has closed" in Client().get(f"/evaluate/{token}/").content.decode()


def test_a_participant_answers_from_my_evaluations_and_sets_a_goal():
    session, people = attended_session(1)
    survey = open_survey(session)
    invite_all(survey)
    client = logged_in(people[0].user)
    listing = client.get("/my-evaluations/").content.decode()
    assert f"/my-evaluations/{survey.pk}/" in listing
    assert client.post(f"/my-evaluations/{survey.pk}/", GOOD).status_code == 302
    assert f"/my-evaluations/{survey.pk}/" not in client.get("/my-evaluations/").content.decode()
    created = client.post(
        "/my-evaluations/goals/new/",
        {
            "cohort": str(session.cohort_id),
            "theme": "Leading and managing change",
            "text": "Lead the merger",
            "rating_before": "4",
        },
    )
    assert created.status_code == 302
    goal = Goal.objects.get(person=people[0])
    assert client.post(f"/my-evaluations/goals/{goal.pk}/rate/", {"rating_after": "8"}).status_code == 302
    goal.refresh_from_db()
    assert (goal.rating_before, goal.rating_after, goal.cohort) == (4, 8, session.cohort)


def test_a_programme_manager_creates_sends_and_reads_an_evaluation():
    session, people = attended_session(13)
    offer = session.cohort.offer
    client = logged_in(programme_manager(offer.academy))
    form = client.get(f"/manage/offers/{offer.pk}/evaluations/new/")
    assert form.status_code == 200
    created = client.post(
        f"/manage/offers/{offer.pk}/evaluations/new/",
        {
            "instrument": standard().pk,
            "target": f"session:{session.pk}",
            "anonymous": "on",
            "closes_on": "2099-01-31",
            "reminder_days": "3, 7",
        },
    )
    assert created.status_code == 302, created.content.decode()
    detail_url = created["Location"]
    survey_id = int(detail_url.rstrip("/").split("/")[-1])
    assert client.post(f"/manage/evaluations/{survey_id}/send/").status_code == 302
    from academy.evaluation.models import Survey

    survey = Survey.objects.get(pk=survey_id)
    tokens = [invitation_token(i) for i in survey.invitations.order_by("id")]
    for n, token in enumerate(tokens):
        answer(token, apply_learning="strongly_agree" if n < 8 else "agree")
    assert "13 of 13 invited have answered" in client.get(detail_url).content.decode()
    figures = client.get(f"/impact/evaluations/{survey_id}/").content.decode()
    assert "62% strongly agreed, 38% agreed (100%)" in figures
    for person in people:  # anonymous: no name anywhere on the team's pages
        assert person.family_name not in figures
        assert person.family_name not in client.get(detail_url).content.decode()


def test_figures_pages_are_scoped_to_the_users_own_offers_and_partners():
    session, _ = attended_session(2)
    survey = open_survey(session)
    own_partner = logged_in(facilitator(session.cohort.offer.delivery_partner))
    assert own_partner.get(f"/impact/evaluations/{survey.pk}/").status_code == 200
    assert own_partner.get(f"/manage/evaluations/{survey.pk}/").status_code == 404
    other_partner = logged_in(facilitator(CohortFactory().offer.delivery_partner))
    assert other_partner.get(f"/impact/evaluations/{survey.pk}/").status_code == 404
    other_manager = logged_in(programme_manager(CohortFactory().offer.academy))
    assert other_manager.get(f"/manage/evaluations/{survey.pk}/").status_code == 404
    assert other_manager.get(f"/impact/offers/{session.cohort.offer_id}/figures/").status_code == 404


def test_importing_through_the_pages_reports_bad_rows_then_imports_good_ones():
    session, _ = attended_session(0)
    survey = open_survey(session)
    client = logged_in(programme_manager(session.cohort.offer.academy))
    bad = io.BytesIO(
        b"apply_learning,development_objectives,lead_and_influence\nAgree,Agree,Agree\nAgree,Maybe,Agree\n"
    )
    bad.name = "export.csv"
    uploaded = client.post(f"/manage/evaluations/{survey.pk}/import/", {"file": bad})
    assert uploaded.status_code == 302
    mapping_page = client.get(uploaded["Location"])
    assert mapping_page.status_code == 200
    ticket = mapping_page.context["ticket"]
    columns = {
        "column_0": "apply_learning",
        "column_1": "development_objectives",
        "column_2": "lead_and_influence",
    }
    assert (
        mapping_page.context["form"]["column_1"].initial == "development_objectives"
    )  # headings matched codes
    result = client.post(uploaded["Location"], {"ticket": ticket, **columns})
    assert result.status_code == 400
    html = result.content.decode()
    assert "Nothing was imported" in html and "Select one of the answers shown." in html
    assert survey.responses.count() == 0


def test_a_programme_manager_adds_a_question_set_without_code():
    session, _ = attended_session(0)
    client = logged_in(programme_manager(session.cohort.offer.academy))
    created = client.post("/manage/question-sets/new/", {"name": "Care home pulse", "description": ""})
    assert created.status_code == 302
    detail = created["Location"]
    added = client.post(
        detail,
        {"text": "How is morale in your team?", "code": "morale", "type": "scale_1_10", "required": "on"},
    )
    assert added.status_code == 302
    assert client.post(f"{detail}publish/").status_code == 302
    assert (
        "Published" in client.get(detail).content.decode()
        or "published" in client.get(detail).content.decode()
    )


def test_splitting_a_theme_from_the_page(django_capture_on_commit_callbacks):
    from academy.evaluation.models import Answer, ThemeSet
    from academy.evaluation.services import themeset_store_result

    session, _ = attended_session(3)
    # named: three answers to an anonymous evaluation are under the minimum and not shown at all
    survey = open_survey(session, anonymous=False)
    for token, text in zip(invite_all(survey), ["Listening", "Listening more", "Courage"], strict=True):
        answer(token, influence=text)
    ids = list(Answer.objects.filter(question__code="influence").order_by("pk").values_list("pk", flat=True))
    theme_set = ThemeSet.objects.create(
        title="Influence", offer=survey.offer, survey=survey, question_code="influence"
    )
    themeset_store_result(theme_set=theme_set, themes=[{"label": "All", "answer_ids": ids}], method="test")
    theme = theme_set.themes.get()
    client = logged_in(programme_manager(session.cohort.offer.academy))
    page = client.get(f"/manage/themes/{theme_set.pk}/").content.decode()
    assert "Split this theme" in page
    done = client.post(
        f"/manage/themes/{theme_set.pk}/",
        {"operation": "split", "theme": theme.pk, "answers": [ids[2]], "label": "Courage"},
    )
    assert done.status_code == 302
    assert sorted(theme_set.themes.values_list("label", flat=True)) == ["All", "Courage"]


def test_a_facilitator_finds_their_cohorts_evaluations():
    session, _ = attended_session(1)
    survey = open_survey(session)
    other = open_survey(attended_session(1)[0])
    page = (
        logged_in(facilitator(session.cohort.offer.delivery_partner))
        .get("/impact/evaluations/")
        .content.decode()
    )
    assert f"/impact/evaluations/{survey.pk}/" in page
    assert f"/impact/evaluations/{other.pk}/" not in page


def test_a_closing_date_typed_on_the_page_means_that_whole_day_in_london():
    """30 April 2027 is in British Summer Time: it was stored as midnight starting 1 May (23:00 UTC on
    30 April) and shown as "Closes on 1 May 2027"."""
    from zoneinfo import ZoneInfo

    from academy.evaluation.models import Survey

    session, people = attended_session(1)
    offer = session.cohort.offer
    client = logged_in(programme_manager(offer.academy))
    created = client.post(
        f"/manage/offers/{offer.pk}/evaluations/new/",
        {"instrument": standard().pk, "target": f"session:{session.pk}", "closes_on": "2027-04-30"},
    )
    assert created.status_code == 302, created.content.decode()
    survey = Survey.objects.get()
    closes = survey.closes_at.astimezone(ZoneInfo("Europe/London"))
    assert (closes.date(), closes.time()) == (dt.date(2027, 4, 30), dt.time(23, 59, 59, 999999))
    assert "to 30 April 2027" in client.get(created["Location"]).content.decode()
    invite_all(survey)
    mine = logged_in(people[0].user).get("/my-evaluations/").content.decode()
    assert "Closes on 30 April 2027" in mine
    assert "1 May 2027" not in mine


def test_reopening_an_answered_evaluation_says_it_was_answered_and_what_happens_next():
    session, people = attended_session(1)
    survey = open_survey(session)
    invite_all(survey)
    client = logged_in(people[0].user)
    assert client.post(f"/my-evaluations/{survey.pk}/", GOOD).status_code == 302

    again = client.get(f"/my-evaluations/{survey.pk}/")

    assert again.status_code == 200
    page = again.content.decode()
    assert "You have already answered this evaluation" in page
    assert "What happens next" in page
    assert "No such evaluation" not in page
    assert client.post(f"/my-evaluations/{survey.pk}/", GOOD).status_code == 200
    assert Response.objects.count() == 1


def test_an_evaluation_from_my_evaluations_that_has_closed_says_so():
    session, people = attended_session(1)
    survey = open_survey(session)
    invite_all(survey)
    survey_close(survey=survey, by=None)

    page = logged_in(people[0].user).get(f"/my-evaluations/{survey.pk}/").content.decode()

    assert "This evaluation has closed" in page
    assert (
        logged_in(attended_session(1)[1][0].user).get(f"/my-evaluations/{survey.pk}/").status_code == 404
    )  # not invited: nothing to see


def test_a_goal_cannot_be_rated_after_the_programme_before_its_last_session_starts():
    from academy.core.dates import long_date
    from tests.factories import PersonFactory, SessionFactory, booking

    cohort = CohortFactory()  # starts in a fortnight
    last = SessionFactory(
        cohort=cohort, starts_at=SessionFactory(cohort=cohort).starts_at + dt.timedelta(days=28)
    )
    person = PersonFactory()
    booking(cohort, person)
    goal = Goal.objects.create(
        person=person, cohort=cohort, theme="Confidence", text="Chair", rating_before=4
    )
    client = logged_in(person.user)

    response = client.post(f"/my-evaluations/goals/{goal.pk}/rate/", {"rating_after": "8"})

    assert response.status_code == 200
    assert (
        f"You can rate your progress after the programme once its last session has started, on "
        f"{long_date(last.starts_at)}." in response.content.decode()
    )
    goal.refresh_from_db()
    assert goal.rating_after is None
