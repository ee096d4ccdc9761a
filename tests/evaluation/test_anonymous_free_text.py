"""An anonymous evaluation with fewer than the minimum responses shows no written answer anywhere: not in
quotes, testimonies, theme runs or theme pages, as none of its figures is shown; the pages say why with the
sentence the figures use. From the minimum on, its answers appear as before."""

from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from academy.evaluation import reports, selectors
from academy.evaluation.models import Answer, ThemeSet
from academy.evaluation.services.themes import themeset_create, themeset_store_result
from academy.reporting.arithmetic import withheld_sentence
from tests.evaluation.helpers import answer, attended_session, invite_all, open_survey
from tests.factories import programme_manager

pytestmark = pytest.mark.django_db

WRITTEN = [
    "Listening to my team",
    "Speaking up in the huddle",
    "Coaching rather than telling",
    "More time",
    "Rest",
]


def anonymous_survey_answered_by(n: int):
    session, _ = attended_session(len(WRITTEN))
    survey = open_survey(session, anonymous=True)
    tokens = invite_all(survey)
    for token, text in zip(tokens[:n], WRITTEN, strict=False):
        answer(token, influence=text, testimony=text, _consents=["testimony"])
    return survey, tokens


def stored_set(survey) -> ThemeSet:
    """A theme set as if stored before the rule: every written answer of the survey in one theme."""
    theme_set = ThemeSet.objects.create(
        title="Testimony", offer=survey.offer, survey=survey, question_code="testimony"
    )
    ids = list(
        Answer.objects.filter(question__code="testimony", response__survey=survey).values_list(
            "pk", flat=True
        )
    )
    return themeset_store_result(
        theme_set=theme_set,
        themes=[{"label": "Growing", "answer_ids": ids, "representative_ids": ids}],
        method="test",
    )


def test_three_anonymous_responses_show_no_written_answer_anywhere():
    survey, _ = anonymous_survey_answered_by(3)
    manager = programme_manager(survey.offer.academy)
    said = withheld_sentence(3)

    assert selectors.quotes_for(user=manager, offer=survey.offer) == []
    report = reports.offer_report(user=manager, pk=survey.offer_id)
    assert report.testimonies == [] and report.testimonies_withheld == said
    with pytest.raises(ValidationError) as refused:
        themeset_create(offer=survey.offer, survey=survey, question_code="influence", by=manager)
    assert refused.value.message_dict == {"question_code": [f"No written answers to look at: {said}."]}

    theme_set = stored_set(survey)
    summary = selectors.theme_summary(theme_set=theme_set)
    assert [(t["size"], t["quotes"]) for t in summary] == [(0, [])]
    client = Client()
    client.force_login(manager)
    page = client.get(reverse("evaluation:theme_set", args=[theme_set.pk])).content.decode()
    report_page = client.get(reverse("reports:offer", args=[survey.offer_id])).content.decode()
    for text in WRITTEN[:3]:
        assert text not in page and text not in report_page
    assert f"Written answers: {said}." in unescape(page)
    assert f"Testimonies: {said}." in unescape(report_page)


def test_from_the_minimum_on_the_written_answers_appear():
    survey, _ = anonymous_survey_answered_by(5)
    manager = programme_manager(survey.offer.academy)

    assert [q["text"] for q in selectors.quotes_for(user=manager, offer=survey.offer)] == WRITTEN
    report = reports.offer_report(user=manager, pk=survey.offer_id)
    assert [q.text for q in report.testimonies] == WRITTEN and report.testimonies_withheld == ""
    assert themeset_create(offer=survey.offer, survey=survey, question_code="influence", by=manager).pk
    summary = selectors.theme_summary(theme_set=stored_set(survey))
    assert [t["size"] for t in summary] == [5]


def test_named_evaluations_have_no_minimum():
    session, _ = attended_session(2)
    survey = open_survey(session, anonymous=False)
    token = invite_all(survey)[0]
    answer(token, influence="Listening", testimony="Listening", _consents=["testimony"])
    manager = programme_manager(survey.offer.academy)

    assert [q["text"] for q in selectors.quotes_for(user=manager, offer=survey.offer)] == ["Listening"]
