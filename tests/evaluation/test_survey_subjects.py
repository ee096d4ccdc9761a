"""Surveys about any subject an app registers (evaluation/subjects.py), here an organisation standing in for
a coaching relationship or a learning set: created by the survey service under the subject's own rule,
invitations to the people it names, responses counted, and refused to anyone who may not manage it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from academy.core.models import OutboxMessage
from academy.evaluation import selectors
from academy.evaluation.figures import survey_figures
from academy.evaluation.models import Survey
from academy.evaluation.permissions import can_manage_survey
from academy.evaluation.services.surveys import invitation_token, survey_create, survey_send_invitations
from academy.evaluation.subjects import survey_subject_register, survey_subject_unregister
from academy.offers.permissions import can_manage_academy
from academy.people.models import Organisation
from tests.evaluation.helpers import answer, attended_session, standard
from tests.factories import (
    AcademyFactory,
    CohortFactory,
    OrganisationFactory,
    PersonFactory,
    facilitator,
    programme_manager,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def learning_set():
    """An organisation's people as a learning set run by one academy (registered as an app would)."""
    academy = AcademyFactory()
    organisation = OrganisationFactory(name="Northern learning set")
    members = [PersonFactory(organisation=organisation) for _ in range(3)]
    survey_subject_register(
        Organisation,
        label="learning set",
        academy_of=lambda _organisation: academy,
        participants_of=lambda organisation: organisation.staff.order_by("pk"),
        may_manage=lambda user, _organisation: can_manage_academy(user, academy.pk),
    )
    yield academy, organisation, members
    survey_subject_unregister(Organisation)


def test_the_subjects_team_evaluates_it_invites_its_people_and_counts_their_answers(learning_set):
    academy, organisation, members = learning_set
    manager = programme_manager(academy)

    survey = survey_create(instrument=standard(), subject=organisation, anonymous=False, by=manager)

    assert (survey.academy, survey.subject, survey.offer) == (academy, organisation, None)
    assert survey.title == f"{standard().name}: Northern learning set"
    assert survey.invite_automatically is False
    assert survey_send_invitations(survey=survey, by=manager) == 3
    sent = OutboxMessage.objects.filter(key__startswith="evaluation.invitation:")
    assert sorted(sent.values_list("to", flat=True)) == sorted(m.email for m in members)
    assert all(m.subject == "Tell us what you thought of Northern learning set" for m in sent)
    for invitation in survey.invitations.order_by("pk")[:2]:
        answer(invitation_token(invitation))
    figures = survey_figures(survey)
    assert (figures.responses, figures.invited, figures.answered) == (2, 3, 2)
    assert list(selectors.surveys_manageable(user=manager)) == [survey]
    assert selectors.figures_for_survey(user=manager, pk=survey.pk).responses == 2


def test_anyone_who_may_not_manage_the_subject_is_refused(learning_set):
    academy, organisation, _ = learning_set
    survey = survey_create(instrument=standard(), subject=organisation, by=programme_manager(academy))
    outsiders = [
        programme_manager(AcademyFactory()),
        facilitator(CohortFactory().offer.delivery_partner),
        PersonFactory(organisation=organisation).user,  # a member of the set, not its team
    ]
    for outsider in outsiders:
        with pytest.raises(PermissionDenied):
            survey_create(instrument=standard(), subject=organisation, by=outsider)
        with pytest.raises(PermissionDenied):
            survey_send_invitations(survey=survey, by=outsider)
        assert not can_manage_survey(outsider, survey)
        assert survey not in selectors.surveys_manageable(user=outsider)
        assert survey not in selectors.surveys_with_figures(user=outsider)
    assert Survey.objects.count() == 1


def test_a_model_nobody_registered_cannot_be_evaluated():
    academy = AcademyFactory()
    with pytest.raises(ValidationError) as refused:
        survey_create(instrument=standard(), subject=PersonFactory(), by=programme_manager(academy))
    assert list(refused.value.message_dict) == ["subject"]


def test_offers_cohorts_and_sessions_go_through_the_same_registry():
    session, _ = attended_session(2)
    manager = programme_manager(session.cohort.offer.academy)

    by_name = survey_create(instrument=standard(), session=session, by=manager)
    as_subject = survey_create(instrument=standard(), subject=session, by=manager)

    for survey in (by_name, as_subject):
        assert (survey.subject, survey.session, survey.cohort, survey.offer) == (
            session,
            session,
            session.cohort,
            session.cohort.offer,
        )
        assert survey.academy == session.cohort.offer.academy
    assert survey_send_invitations(survey=as_subject, by=manager) == 2
    with pytest.raises(PermissionDenied):
        survey_create(instrument=standard(), subject=session.cohort, by=programme_manager(AcademyFactory()))


def test_the_pages_of_a_survey_about_another_subject_name_it(learning_set):
    from django.test import Client
    from django.urls import reverse

    academy, organisation, members = learning_set
    manager = programme_manager(academy)
    survey = survey_create(instrument=standard(), subject=organisation, anonymous=False, by=manager)
    survey_send_invitations(survey=survey, by=manager)
    token = invitation_token(survey.invitations.get(person=members[0]))

    team = Client()
    team.force_login(manager)
    for name in ("evaluation:survey_detail", "evaluation:survey_figures"):
        page = team.get(reverse(name, args=[survey.pk]))
        assert page.status_code == 200 and "Northern learning set" in page.content.decode()
    assert "Northern learning set" in team.get(reverse("evaluation:survey_list")).content.decode()
    themes = team.post(reverse("evaluation:theme_set_new", args=[survey.pk]), {"question_code": "influence"})
    assert themes.status_code == 302  # back to the evaluation, with a message: no theme runs without an offer
    respondent = Client()
    form = respondent.get(reverse("evaluation:evaluate", args=[token]))
    assert form.status_code == 200 and "Northern learning set" in form.content.decode()


def test_goals_about_a_registered_subject_belong_to_its_participants(learning_set):
    from academy.evaluation.services.goals import goal_create, goal_rate

    academy, organisation, members = learning_set
    member = members[0]

    own = goal_create(
        person=member, theme="Systems leadership", text="Chair a huddle", subject=organisation, by=member.user
    )
    assert (own.subject, own.cohort) == (organisation, None)
    goal_rate(goal=own, rating_before=3, by=member.user)
    goal_rate(goal=own, rating_after=7, by=member.user)  # no sessions to wait for
    recorded = goal_create(
        person=members[1],
        theme="Compassion",
        text="Ask first",
        subject=organisation,
        by=programme_manager(academy),
    )
    assert recorded.person == members[1]

    stranger = PersonFactory()
    with pytest.raises(ValidationError) as refused:
        goal_create(person=stranger, theme="Compassion", text="x", subject=organisation, by=stranger.user)
    assert refused.value.message_dict == {"subject": ["Choose a learning set you take part in."]}
    other_team = programme_manager(AcademyFactory())
    with pytest.raises(PermissionDenied):
        goal_create(person=members[2], theme="Compassion", text="x", subject=organisation, by=other_team)
    with pytest.raises(PermissionDenied):
        goal_rate(goal=own, rating_after=9, by=other_team)
    own.refresh_from_db()
    assert (own.rating_before, own.rating_after) == (3, 7)
