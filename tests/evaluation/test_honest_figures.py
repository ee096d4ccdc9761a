"""Funnels and response rates that cannot print an impossible figure (issue 9, items 7 and 8).

By hand, for the fixture below: a cohort with 4 people registered, 3 of them marked present at its
session and invited to evaluate it, 2 of whom answered through their link; and 5 more responses imported
from another survey tool, which belong to nobody registered.

    registered 4                        -> 4/4 = 100%
    attended 3                          -> 3/4 = 75%
    completed 0                         -> 0%
    responded 2 (registered people)     -> 2/4 = 50%  (before the fix: min(7, 4) = 4, printed 100%)
    response rate 2 of 3 invited        -> 66.7% -> 67%
    other responses 7 - 2 = 5, counted apart with no response rate
"""

import pytest
from django.urls import reverse
from django.utils import timezone

from academy.evaluation import figures
from academy.evaluation.figures import response_sentence
from academy.evaluation.services import clean_answers, responses_create_bulk
from academy.reporting.arithmetic import share_of
from tests.evaluation.helpers import AGREE_ANSWERS, answer, attended_session, invite_all, open_survey
from tests.factories import PersonFactory, booking, programme_manager

pytestmark = pytest.mark.django_db


@pytest.fixture
def overshoot():
    session, people = attended_session(3)
    booking(session.cohort, PersonFactory())  # registered, never came
    survey = open_survey(session)
    tokens = invite_all(survey)
    for token in tokens[:2]:
        answer(token)
    questions = list(survey.instrument.questions.order_by("order"))
    rows = [clean_answers(questions, dict(AGREE_ANSWERS), set()) for _ in range(5)]
    responses_create_bulk(survey=survey, rows=rows, source="import", submitted_at=timezone.now(), by=None)
    return session, survey


def test_the_funnel_counts_only_registered_people_who_answered_and_never_caps_at_100(overshoot):
    session, survey = overshoot
    result = figures.survey_figures(survey)
    assert [(s.label, s.count, s.percent_of_first) for s in result.funnel] == [
        ("Registered", 4, 100),
        ("Attended", 3, 75),
        ("Completed", 0, 0),
        ("Responded", 2, 50),
    ]
    assert (result.responses, result.invited, result.answered, result.other_responses) == (7, 3, 2, 5)
    assert (result.response_rate.count, result.response_rate.base, result.response_rate.percent) == (2, 3, 67)


def test_rate_and_count_share_one_base_and_the_sentence_says_which_is_which(overshoot):
    _, survey = overshoot
    assert figures.survey_figures(survey).response_sentence == (
        "2 of 3 people invited answered (67%); 5 more responses were imported or entered without an invitation."
    )
    # The brief's example: 588 responses of which 330 came from 504 invitations.
    assert response_sentence(responses=588, invited=504, answered=330) == (
        "330 of 504 people invited answered (65%); 258 more responses were imported or entered without an "
        "invitation."
    )
    assert response_sentence(responses=37, invited=0, answered=0) == (
        "37 responses were imported or entered without an invitation, so there is no response rate."
    )
    assert response_sentence(responses=0, invited=0, answered=0) == "No responses yet."


def test_a_count_larger_than_its_base_has_no_percentage():
    assert share_of(140, 43) is None
    assert share_of(43, 43) == 100
    assert share_of(1, 0) is None


def test_the_offer_report_prints_the_overshoot_apart_from_the_funnel(client, overshoot):
    session, _ = overshoot
    offer = session.cohort.offer
    client.force_login(programme_manager(offer.academy))
    html = client.get(reverse("reports:offer", args=[offer.pk])).content.decode()
    assert "7 responses in all: 2 of 3 people invited answered (67%); 5 more responses were imported" in html
    assert "Not in the funnel: 5 responses imported or entered without an invitation" in html
    report = client.get(reverse("reports:offer", args=[offer.pk])).context["report"]
    responded = next(s for s in report.funnel if s.label == "Responded")
    assert (responded.count, responded.percent_of_first) == (2, 50)


def test_anonymous_quotes_are_credited_by_role_and_sector_only_for_groups_of_five_or_more(client):
    """13 answer anonymously: 5 are Band 7 in social care, 2 Band 8a in social care, 5 Band 6 and 1 Band 5
    with no sector. Quotes from the Band 7s are credited "Band 7, Social care"; from the Band 8a, the
    sector alone (7 people in social care); the Band 6s share a role, "Band 6"; the one Band 5, alone in
    role and with no sector, just "Participant"."""
    from academy.people.models import RoleLevel, Sector

    session, people = attended_session(13)
    for n, person in enumerate(people):
        roles = [RoleLevel.BAND_7] * 5 + [RoleLevel.BAND_8A] * 2 + [RoleLevel.BAND_6] * 5 + [RoleLevel.BAND_5]
        person.role_level = roles[n]
        person.save()
        person.organisation.sector = Sector.SOCIAL_CARE if n < 7 else ""
        person.organisation.save()
    survey = open_survey(session)
    for n, token in enumerate(invite_all(survey)):  # invitations follow the attendees' order
        if n in (0, 5, 7, 12):
            answer(token, testimony=f"Quote number {n}", _consents=["testimony"])
        else:
            answer(token)
    offer = session.cohort.offer
    client.force_login(programme_manager(offer.academy))
    report = client.get(reverse("reports:offer", args=[offer.pk])).context["report"]
    credits = {quote.text: quote.attribution for quote in report.testimonies}
    assert credits["Quote number 0"] == "Band 7, Social care"
    assert credits["Quote number 5"] == "Social care"
    assert credits["Quote number 7"] == "Band 6"
    assert credits["Quote number 12"] == "Participant"
