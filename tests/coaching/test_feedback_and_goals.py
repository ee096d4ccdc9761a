"""The coaching relationship as a survey subject: feedback sent at closure, the goal tracker before and after."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from academy.coaching import services
from academy.coaching.models import FeedbackRound, Relationship
from academy.core.models import OutboxMessage
from academy.evaluation.models import Invitation, Survey
from academy.evaluation.services.surveys import survey_create
from academy.evaluation.subjects import survey_subject_of
from tests.coaching.helpers import CHANGE, RESILIENCE, active, hub_administrator, introduced
from tests.factories import AcademyFactory, PersonFactory

pytestmark = pytest.mark.django_db


def _log(relationship: Relationship, times: int) -> None:
    for _ in range(times):
        services.session_log(
            relationship=relationship,
            by=relationship.requester.user,
            held_on=timezone.localdate(),
            minutes=60,
        )


def test_the_relationship_is_a_survey_subject_of_its_hub() -> None:
    academy = AcademyFactory()
    relationship = active(academy)
    registered = survey_subject_of(relationship)
    assert registered is not None and registered.label == "coaching relationship"
    assert registered.academy_of(relationship) == academy
    assert list(registered.participants_of(relationship)) == [relationship.requester]
    assert registered.may_manage(hub_administrator(academy), relationship)
    assert not registered.may_manage(hub_administrator(AcademyFactory()), relationship)
    assert not registered.may_manage(relationship.practitioner.person.user, relationship)


def test_closing_invites_the_coachee_to_the_hubs_feedback_round_for_the_quarter_once() -> None:
    academy = AcademyFactory()
    relationship = active(academy)
    _log(relationship, 4)
    services.relationship_close(relationship=relationship, by=relationship.requester.user, reason="completed")
    survey = services.relationship_feedback_survey(relationship)
    assert survey.instrument.key == "coaching-feedback" and survey.anonymous
    assert survey.academy == academy
    round_ = FeedbackRound.objects.get()
    start, end = services.quarter_of(timezone.localdate())
    assert (survey.subject, round_.kind, round_.starts_on, round_.ends_on) == (round_, "coaching", start, end)
    invitations = Invitation.objects.filter(survey=survey)
    assert [i.person for i in invitations] == [relationship.requester]
    mail = OutboxMessage.objects.filter(
        to=relationship.requester.email, key__startswith="evaluation.invitation"
    )
    assert mail.count() == 1
    # Once: a second sending finds the invitation and sends nothing more.
    assert services.relationship_feedback_send(relationship=relationship) == survey
    assert mail.count() == 1
    # A second coachee closing in the same quarter is invited to the same survey: no one-person surveys.
    other = active(academy)
    services.relationship_close(relationship=other, by=other.requester.user, reason="goals_met")
    assert services.relationship_feedback_survey(other) == survey
    assert Survey.objects.count() == 1
    assert sorted(i.person_id for i in Invitation.objects.filter(survey=survey)) == sorted(
        [relationship.requester_id, other.requester_id]
    )
    # The coachee answers from the relationship page's link.
    me = Client()
    me.force_login(relationship.requester.user)
    page = me.get(f"/coaching/relationships/{relationship.pk}/").content.decode()
    assert f"/my-evaluations/{survey.pk}/" in page


@pytest.mark.parametrize(
    ("day", "first", "last"),
    [
        (dt.date(2022, 1, 1), dt.date(2022, 1, 1), dt.date(2022, 3, 31)),
        (dt.date(2022, 6, 30), dt.date(2022, 4, 1), dt.date(2022, 6, 30)),
        (dt.date(2022, 11, 5), dt.date(2022, 10, 1), dt.date(2022, 12, 31)),
        (dt.date(2024, 2, 29), dt.date(2024, 1, 1), dt.date(2024, 3, 31)),
    ],
)
def test_feedback_rounds_are_calendar_quarters(day: dt.date, first: dt.date, last: dt.date) -> None:
    assert services.quarter_of(day) == (first, last)


def test_a_mentee_gets_the_mentoring_feedback_and_an_introduction_never_accepted_gets_none() -> None:
    academy = AcademyFactory()
    relationship = introduced(academy)
    services.relationship_close(
        relationship=relationship, by=relationship.requester.user, reason="no_contact"
    )
    assert services.relationship_feedback_survey(relationship) is None
    assert not Invitation.objects.exists()

    from tests.coaching.helpers import ask, practitioner

    profile = practitioner(academy)
    request = ask(academy, kind="mentoring")
    mentoring = services.browse_choose(request=request, profile=profile, by=request.person.user)
    services.relationship_accept(relationship=mentoring, by=profile.person.user)
    services.relationship_close(relationship=mentoring, by=profile.person.user, reason="goals_met")
    assert services.relationship_feedback_survey(mentoring).instrument.key == "mentoring-feedback"
    assert [i.person for i in Invitation.objects.all()] == [mentoring.requester]


def test_only_the_hub_sets_up_other_surveys_about_a_relationship() -> None:
    relationship = active(AcademyFactory())
    services.relationship_close(relationship=relationship, by=relationship.requester.user, reason="completed")
    instrument = services.relationship_feedback_survey(relationship).instrument
    with pytest.raises(PermissionDenied):
        survey_create(instrument=instrument, subject=relationship, by=relationship.requester.user)


def test_goals_are_set_and_rated_before_the_first_session_and_rated_after_the_last() -> None:
    relationship = active(AcademyFactory())
    me = relationship.requester.user
    goal = services.relationship_goal_add(
        relationship=relationship, by=me, theme=CHANGE, text="Lead the merger", rating_before=3
    )
    other = services.relationship_goal_add(relationship=relationship, by=me, theme=RESILIENCE, text="Sleep")
    services.relationship_goal_rate(relationship=relationship, goal=other, by=me, rating=5)
    with pytest.raises(PermissionDenied):
        services.relationship_goal_add(
            relationship=relationship, by=relationship.practitioner.person.user, theme=CHANGE, text="Theirs"
        )
    _log(relationship, 1)
    with pytest.raises(ValidationError) as error:
        services.relationship_goal_rate(relationship=relationship, goal=goal, by=me, rating=6)
    assert "after your last session" in str(error.value)
    with pytest.raises(ValidationError):
        services.relationship_goal_add(relationship=relationship, by=me, theme=CHANGE, text="Late")
    _log_more = [1, 2, 3]
    for _ in _log_more:
        services.session_log(relationship=relationship, by=me, held_on=timezone.localdate(), minutes=60)
    services.relationship_goal_rate(relationship=relationship, goal=goal, by=me, rating=8)
    goal.refresh_from_db()
    other.refresh_from_db()
    assert (goal.rating_before, goal.rating_after) == (3, 8)
    assert (other.rating_before, other.rating_after) == (5, None)
    assert [g.theme for g in services.relationship_goals(relationship)] == [CHANGE, RESILIENCE]


def test_the_goal_tracker_pages_on_the_relationship_page() -> None:
    relationship = active(AcademyFactory())
    me = Client()
    me.force_login(relationship.requester.user)
    url = f"/coaching/relationships/{relationship.pk}/"
    assert "Add a goal" in me.get(url).content.decode()
    response = me.post(url + "goals/new/", {"theme": CHANGE, "text": "Lead the merger", "rating_before": "4"})
    assert response.status_code == 302
    goal = services.relationship_goals(relationship).get()
    response = me.post(url + f"goals/{goal.pk}/rate/", {"rating": "11"})
    assert response.status_code == 200 and "10" in response.content.decode()
    _log(relationship, 4)
    assert me.post(url + f"goals/{goal.pk}/rate/", {"rating": "9"}).status_code == 302
    page = me.get(url).content.decode()
    assert "Lead the merger" in page and ">4<" in page and ">9<" in page
    coach = Client()
    coach.force_login(relationship.practitioner.person.user)
    assert coach.get(url + "goals/new/").status_code == 403
    stranger = Client()
    stranger.force_login(PersonFactory().user)
    assert stranger.get(url + f"goals/{goal.pk}/rate/").status_code == 404
