"""Migration 0004: the one-person feedback surveys of closed relationships become one survey per hub, kind
and quarter, with every invitation and response kept and the answer tallies recounted."""

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.utils import timezone

from academy.coaching.models import FeedbackRound, Relationship
from academy.evaluation.models import AnswerTally, Instrument, Invitation, Response, Survey
from academy.evaluation.services.instruments import instruments_load_standard
from academy.evaluation.services.responses import response_submit
from academy.evaluation.services.surveys import survey_create, survey_send_invitations
from tests.coaching.helpers import active
from tests.factories import AcademyFactory

pytestmark = pytest.mark.django_db

ANSWERS = {
    "recommend_practice": "yes",
    "recommend_practitioner": "yes",
    "recommend_hub": "no",
    "insights": "agree",
    "valuable_time": "agree",
    "important_goals": "agree",
    "skilful_support": "agree",
}


def _old_style(relationship: Relationship, closed: dt.datetime) -> Survey:
    """A relationship closed on `closed` with its own survey, as closures wrote them before rounds."""
    Relationship.objects.filter(pk=relationship.pk).update(
        status="closed", closed_at=closed, close_reason="completed"
    )
    key = {"coaching": "coaching-feedback", "mentoring": "mentoring-feedback"}[relationship.kind]
    instrument = Instrument.objects.filter(key=key).order_by("-version").first()
    survey = survey_create(instrument=instrument, subject=relationship, opens_at=closed, by=None)
    survey_send_invitations(survey=survey, by=None, now=closed)
    return survey


def test_one_person_surveys_are_merged_into_their_quarters_round() -> None:
    instruments_load_standard(by=None)
    academy = AcademyFactory()
    q1 = [timezone.make_aware(dt.datetime(2022, month, 10, 12)) for month in (1, 3)]
    first, second, later = active(academy), active(academy), active(academy)
    surveys = [
        _old_style(first, q1[0]),
        _old_style(second, q1[1]),
        _old_style(later, q1[1] + dt.timedelta(days=40)),
    ]
    response_submit(survey=surveys[0], person=first.requester, answers=ANSWERS, now=q1[0])
    response_submit(survey=surveys[1], person=second.requester, answers=ANSWERS, now=q1[1])

    migration = importlib.import_module("academy.coaching.migrations.0004_feedback_surveys_per_round")
    migration.forwards(apps, None)

    rounds = list(FeedbackRound.objects.order_by("starts_on").values_list("kind", "starts_on", "ends_on"))
    assert rounds == [
        ("coaching", dt.date(2022, 1, 1), dt.date(2022, 3, 31)),
        ("coaching", dt.date(2022, 4, 1), dt.date(2022, 6, 30)),
    ]
    assert Survey.objects.count() == 2
    merged = Survey.objects.get(pk=surveys[0].pk)
    assert merged.subject == FeedbackRound.objects.get(starts_on=dt.date(2022, 1, 1))
    assert sorted(Invitation.objects.filter(survey=merged).values_list("person_id", flat=True)) == sorted(
        [first.requester_id, second.requester_id]
    )
    assert Response.objects.filter(survey=merged).count() == 2
    recommend_hub = AnswerTally.objects.get(survey=merged, question__code="recommend_hub")
    assert (recommend_hub.choice, recommend_hub.answers) == ("no", 2)
    assert merged.closes_at >= timezone.make_aware(dt.datetime(2022, 4, 1))
    # The closing pair's page still finds the survey they were invited to.
    from academy.coaching.services import relationship_feedback_survey

    assert relationship_feedback_survey(second) == merged
    assert relationship_feedback_survey(later) == Survey.objects.exclude(pk=merged.pk).get()
