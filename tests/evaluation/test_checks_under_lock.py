"""A service decides on the row it has locked, not on the copy its caller read earlier: a survey closed
or a goal rated by another request meanwhile is seen."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from academy.core.models import OutboxMessage
from academy.evaluation.models import Goal, Invitation, Survey
from academy.evaluation.services import goal_create, goal_rate, survey_send_invitations, survey_send_reminders
from tests.evaluation.helpers import attended_session, open_survey
from tests.factories import CohortFactory, PersonFactory, SessionFactory, booking, programme_manager

pytestmark = pytest.mark.django_db


def test_invitations_are_refused_for_a_survey_closed_since_it_was_read():
    session, _ = attended_session(2)
    manager = programme_manager(session.cohort.offer.academy)
    survey = open_survey(session, by=manager)
    Survey.objects.filter(pk=survey.pk).update(closes_at=timezone.now() - dt.timedelta(minutes=1))

    with pytest.raises(ValidationError) as error:
        survey_send_invitations(survey=survey, by=manager)  # `survey` still says it is open

    assert list(error.value.message_dict) == ["survey"]
    assert not Invitation.objects.exists()


def test_no_reminders_for_a_survey_closed_since_it_was_read():
    session, _ = attended_session(2)
    manager = programme_manager(session.cohort.offer.academy)
    survey = open_survey(session, by=manager)
    survey_send_invitations(survey=survey, by=manager)
    reminder_due = Invitation.objects.first().sent_at + dt.timedelta(days=7, minutes=1)
    Survey.objects.filter(pk=survey.pk).update(closes_at=reminder_due - dt.timedelta(days=1))

    assert survey_send_reminders(survey=survey, now=reminder_due) == 0  # `survey` still says it is open
    assert not OutboxMessage.objects.filter(key__startswith="evaluation.reminder:").exists()


def test_rating_after_counts_a_before_rating_given_since_the_goal_was_read():
    cohort = CohortFactory()
    last = SessionFactory(cohort=cohort)
    person = PersonFactory()
    booking(cohort, person)  # a goal belongs to a cohort with the person's confirmed place
    goal = goal_create(person=person, cohort=cohort, theme="Confidence", text="Chair", by=person.user)
    Goal.objects.filter(pk=goal.pk).update(rating_before=4)  # rated in another request

    rated = goal_rate(goal=goal, rating_after=8, by=person.user, now=last.starts_at)  # `goal` has no "before"

    assert (rated.rating_before, rated.rating_after) == (4, 8)
    assert Goal.objects.values_list("rating_before", "rating_after").get(pk=goal.pk) == (4, 8)
