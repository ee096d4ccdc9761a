"""Collecting evaluations: invitations, single-use links, validation, closing dates, reminders, anonymity."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from academy.core.models import AuditEntry, OutboxMessage
from academy.evaluation.figures import survey_figures
from academy.evaluation.models import Answer, AnswerTally, Instrument, Invitation, Response
from academy.evaluation.services import (
    instrument_new_version,
    instrument_publish,
    instruments_load_standard,
    question_add,
    response_submit,
    survey_send_invitations,
    survey_send_reminders,
    survey_tallies_refresh,
)
from academy.offers.models import Attendance
from tests.evaluation.helpers import (
    AGREE_ANSWERS,
    answer,
    attended_session,
    invite_all,
    open_survey,
    standard,
)

pytestmark = pytest.mark.django_db


def test_standard_instruments_are_shipped_with_the_three_statements():
    session_evaluation = standard("session-evaluation")
    texts = list(session_evaluation.questions.values_list("text", flat=True))
    assert texts[:3] == [
        "I will be able to apply learning from this session to my job role",
        "My learning will help me achieve my development objectives",
        "I feel confident the session will enhance my ability to lead and influence others",
    ]
    assert session_evaluation.questions.get(code="testimony").consent_to_quote
    assert set(Instrument.objects.values_list("key", flat=True)) >= {
        "session-evaluation",
        "programme-end",
        "coaching-feedback",
        "mentoring-feedback",
        "team-coaching",
        "goal-tracker",
    }
    assert standard("team-coaching").questions.exclude(code="testimony").count() == 6


def test_loading_the_standard_instruments_twice_changes_nothing():
    before = Instrument.objects.count()
    instruments_load_standard()
    instruments_load_standard()
    assert Instrument.objects.count() == before


def test_a_published_instrument_cannot_change_but_a_new_version_can():
    instrument = standard("session-evaluation")
    with pytest.raises(ValidationError):
        question_add(instrument=instrument, code="extra", text="Anything else?", type="free_text", by=None)
    draft = instrument_new_version(instrument=instrument, by=None)
    assert draft.version == instrument.version + 1
    question_add(
        instrument=draft, code="extra", text="Anything else?", type="free_text", required=False, by=None
    )
    instrument_publish(instrument=draft, by=None)
    assert draft.questions.count() == instrument.questions.count() + 1
    assert instrument.questions.filter(code="extra").count() == 0


def test_invitations_go_to_people_who_attended_once_each():
    session, people = attended_session(3)
    absent = attended_session(1, cohort=session.cohort)[1][0]
    Attendance.objects.filter(booking__person=absent).update(status=Attendance.Status.ABSENT)
    survey = open_survey(session)
    assert survey_send_invitations(survey=survey, by=None) == 3
    assert survey_send_invitations(survey=survey, by=None) == 0
    messages = OutboxMessage.objects.filter(key__startswith="evaluation.invitation:")
    assert sorted(messages.values_list("to", flat=True)) == sorted(p.email for p in people)
    body = messages.first().body
    assert "/evaluate/" in body and "you do not need to log in" in body


def test_the_link_token_is_stored_only_as_a_hash():
    session, _ = attended_session(1)
    survey = open_survey(session)
    [token] = invite_all(survey)
    invitation = Invitation.objects.get(survey=survey)
    assert token not in invitation.token_hash
    assert len(invitation.token_hash) == 64


def test_a_link_works_once():
    session, _ = attended_session(1)
    [token] = invite_all(open_survey(session))
    answer(token)
    with pytest.raises(ValidationError) as error:
        answer(token)
    assert "already answered" in str(error.value)
    assert Response.objects.count() == 1


def test_an_unknown_link_is_refused():
    with pytest.raises(ValidationError) as error:
        response_submit(invitation_token="not-a-real-token", answers=AGREE_ANSWERS)
    assert "token" in error.value.message_dict


def test_answers_after_the_closing_date_are_refused():
    session, _ = attended_session(1)
    survey = open_survey(session)
    [token] = invite_all(survey)
    with pytest.raises(ValidationError) as error:
        response_submit(
            invitation_token=token, answers=AGREE_ANSWERS, now=survey.closes_at + dt.timedelta(minutes=1)
        )
    assert "closed on" in error.value.message_dict["survey"][0]


def test_every_bad_answer_is_reported_against_its_question():
    session, _ = attended_session(1)
    [token] = invite_all(open_survey(session))
    with pytest.raises(ValidationError) as error:
        response_submit(
            invitation_token=token,
            answers={
                "apply_learning": "maybe",
                "lead_and_influence": "agree",
                "leadership_quality": "x" * 41,
            },
        )
    errors = error.value.message_dict
    assert set(errors) == {"apply_learning", "development_objectives", "leadership_quality"}
    assert errors["apply_learning"] == ["Select one of the answers shown."]
    assert "Select an answer" in errors["development_objectives"][0]
    assert Response.objects.count() == 0
    assert Invitation.objects.get().responded_at is None  # a failed attempt does not use up the link


def test_an_anonymous_response_keeps_no_link_to_its_person_or_invitation():
    session, people = attended_session(2)
    survey = open_survey(session, anonymous=True)
    tokens = invite_all(survey)
    response = answer(tokens[0], testimony="Great session", _consents=["testimony"])
    assert response.person is None and response.is_anonymous
    field_names = {f.name for f in Response._meta.get_fields()}
    assert "invitation" not in field_names
    # The invitation records only that it was used (its time is the survey's opening time), and the
    # response only the day it arrived: there is no timestamp to pair them by.
    used = Invitation.objects.get(responded_at__isnull=False)
    assert used.responded_at == survey.opens_at
    local = timezone.localtime(response.submitted_at)
    assert (local.hour, local.minute, local.second) == (0, 0, 0)
    assert response.respondent_job_title == "" and response.respondent_org_type == ""
    # Nothing in the audit log ties the response to the invitation or person either.
    assert not AuditEntry.objects.filter(object_type="evaluation.response").exists()
    assert (
        not AuditEntry.objects.filter(detail__icontains=str(used.pk))
        .filter(action__contains="response")
        .exists()
    )
    # Quotes are attributed by role and sector only.
    assert response.respondent_role_level == people[0].role_level


def test_the_database_refuses_a_person_on_an_anonymous_response():
    from django.db import IntegrityError, transaction

    session, people = attended_session(1)
    survey = open_survey(session, anonymous=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        Response.objects.create(
            survey=survey, person=people[0], is_anonymous=True, submitted_at=timezone.now()
        )


def test_a_named_response_belongs_to_its_person():
    session, people = attended_session(1)
    survey = open_survey(session, anonymous=False)
    [token] = invite_all(survey)
    response = answer(token)
    assert response.person == people[0]


def test_a_logged_in_participant_can_answer_without_the_link():
    session, people = attended_session(1)
    survey = open_survey(session, anonymous=True)
    invite_all(survey)
    response_submit(survey=survey, person=people[0], answers=AGREE_ANSWERS)
    assert Invitation.objects.get().responded_at is not None
    with pytest.raises(ValidationError):
        response_submit(survey=survey, person=people[0], answers=AGREE_ANSWERS)


def test_testimony_consent_is_kept_only_when_given():
    session, _ = attended_session(2)
    tokens = invite_all(open_survey(session))
    answer(tokens[0], testimony="Quote me", _consents=["testimony"])
    answer(tokens[1], testimony="Do not quote me")
    assert dict(
        Answer.objects.filter(question__code="testimony").values_list("text", "consent_to_quote")
    ) == {
        "Quote me": True,
        "Do not quote me": False,
    }


def test_reminders_go_to_non_responders_on_the_reminder_days_once():
    session, _ = attended_session(2)
    survey = open_survey(session, anonymous=False)  # anonymous surveys remind everyone: test_anonymity
    tokens = invite_all(survey)
    answer(tokens[0])
    sent = Invitation.objects.first().sent_at
    assert survey_send_reminders(survey=survey, now=sent + dt.timedelta(days=6)) == 0
    assert survey_send_reminders(survey=survey, now=sent + dt.timedelta(days=7, minutes=1)) == 1
    assert survey_send_reminders(survey=survey, now=sent + dt.timedelta(days=8)) == 0
    assert OutboxMessage.objects.filter(key__startswith="evaluation.reminder:").count() == 1


def test_thirteen_responses_through_links_give_the_seed_figures():
    session, _ = attended_session(13)
    survey = open_survey(session)
    tokens = invite_all(survey)
    apply = ["strongly_agree"] * 8 + ["agree"] * 5
    objectives = ["strongly_agree"] * 5 + ["agree"] * 8
    lead = ["strongly_agree"] * 6 + ["agree"] * 6 + ["neither"]
    for token, a, o, lead_answer in zip(tokens, apply, objectives, lead, strict=True):
        answer(token, apply_learning=a, development_objectives=o, lead_and_influence=lead_answer)
    result = survey_figures(survey)
    by_code = {q.code: q for q in result.questions}
    assert by_code["apply_learning"].summary.startswith("62% strongly agreed, 38% agreed (100%)")
    assert by_code["development_objectives"].summary.startswith("38% strongly agreed, 62% agreed (100%)")
    assert by_code["lead_and_influence"].summary.startswith("46% strongly agreed, 46% agreed (92%)")
    assert by_code["lead_and_influence"].base == 13
    assert (result.response_rate.count, result.response_rate.base, result.response_rate.percent) == (
        13,
        13,
        100,
    )
    assert [(s.label, s.count) for s in result.funnel] == [
        ("Registered", 13),
        ("Attended", 13),
        ("Completed", 0),
        ("Responded", 13),
    ]


def _queries_for_figures(responses: int) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    session, _ = attended_session(responses)
    survey = open_survey(session)
    for n, token in enumerate(invite_all(survey)):
        answer(
            token, leadership_quality=["Courage", "courage ", "Kindness"][n % 3], key_takeaway="Listen more"
        )
    with CaptureQueriesContext(connection) as captured:
        survey_figures(survey)
    return len(captured.captured_queries)


def test_the_number_of_queries_for_figures_does_not_grow_with_the_answers():
    assert _queries_for_figures(3) == _queries_for_figures(30)


def test_written_answers_are_embedded_once_after_the_response_is_saved(
    django_capture_on_commit_callbacks, settings
):
    from academy.evaluation.themes import embeddings

    settings.EVALUATION_EMBED_EAGER = True  # as a worker would, after commit

    session, _ = attended_session(1)
    [token] = invite_all(open_survey(session))
    with django_capture_on_commit_callbacks(execute=True):
        answer(token, key_takeaway="Leadership starts with self", leadership_quality="Courage")
    written = Answer.objects.get(question__code="key_takeaway")
    one_word = Answer.objects.get(question__code="leadership_quality")
    assert one_word.embedding is None  # only free text is embedded
    if embeddings.model_available():
        assert len(embeddings.unpack_vector(written.embedding)) == embeddings.EMBEDDING_DIM
    else:
        assert written.embedding is None  # no model: the answer is kept, the vector comes later


def test_offer_figures_pool_the_same_statement_across_surveys_but_never_a_code_of_another_type():
    from academy.evaluation.figures import offer_figures
    from academy.evaluation.services import instrument_create, instrument_publish, question_add

    session, _ = attended_session(3)
    first = open_survey(session, anonymous=False)  # 3 anonymous answers would be under the minimum
    for token in invite_all(first):
        answer(token, apply_learning="strongly_agree")
    other = instrument_create(name="Clashing codes", academy=session.cohort.offer.academy, by=None)
    question_add(
        instrument=other,
        code="apply_learning",
        text="Rate how much you can apply",
        type="scale_1_10",
        by=None,
    )
    other = instrument_publish(instrument=other, by=None)
    second_session, _ = attended_session(2, cohort=session.cohort)
    from academy.evaluation.services import survey_create

    second = survey_create(
        instrument=other,
        session=second_session,
        anonymous=False,
        opens_at=first.opens_at,
        closes_at=first.closes_at,
        by=None,
    )
    for token in invite_all(second):
        response_submit(invitation_token=token, answers={"apply_learning": 9})
    third = open_survey(second_session, anonymous=False)
    for token in invite_all(third):
        answer(token, apply_learning="agree")
    figure = {q.code: q for q in offer_figures(session.cohort.offer).questions}["apply_learning"]
    assert figure.type == "agreement_5"
    assert figure.base == 5  # 3 + 2 agreement answers; the two 1-10 ratings are not mixed in
    assert figure.summary.startswith("60% strongly agreed, 40% agreed (100%)")


def test_the_reminder_command_sends_only_what_is_due(capsys):
    from django.core.management import call_command

    session, _ = attended_session(2)
    survey = open_survey(session)
    invite_all(survey)
    Invitation.objects.update(sent_at=timezone.now() - dt.timedelta(days=8))
    call_command("send_evaluation_reminders")
    call_command("send_evaluation_reminders")
    assert OutboxMessage.objects.filter(key__startswith="evaluation.reminder:").count() == 2
    assert "0 reminders queued" in capsys.readouterr().out


def test_answer_tallies_follow_every_submission_and_equal_a_full_recount():
    """Figures are summed from per-survey tallies; each submission recounts its survey's."""
    session, _ = attended_session(3)
    survey = open_survey(session, anonymous=False)  # 3 anonymous answers would be under the minimum
    tokens = invite_all(survey)
    answer(tokens[0], apply_learning="strongly_agree")
    answer(tokens[1], apply_learning="agree")

    def tallies() -> set[tuple]:
        return set(
            AnswerTally.objects.filter(survey=survey).values_list(
                "question__code", "choice", "numeric", "word", "answers", "written"
            )
        )

    after_two = tallies()
    assert ("apply_learning", "strongly_agree", None, "", 1, 0) in after_two
    assert ("apply_learning", "agree", None, "", 1, 0) in after_two
    answer(tokens[2], apply_learning="agree")
    assert ("apply_learning", "agree", None, "", 2, 0) in tallies()
    kept = tallies()
    AnswerTally.objects.all().delete()
    assert survey_tallies_refresh() > 0
    assert tallies() == kept
    figure = next(f for f in survey_figures(survey).questions if f.code == "apply_learning")
    assert figure.base == 3 and figure.agree is not None and figure.agree.count == 3


def test_a_goal_is_rated_after_the_programme_once_its_last_session_has_started():
    from academy.core.dates import start_of_day
    from academy.evaluation.models import Goal
    from academy.evaluation.services import goal_create, goal_rate
    from tests.factories import CohortFactory, PersonFactory, SessionFactory

    cohort = CohortFactory()
    first = SessionFactory(cohort=cohort)
    last = SessionFactory(cohort=cohort, starts_at=first.starts_at + dt.timedelta(days=30))
    person = PersonFactory()
    goal = goal_create(
        person=person, cohort=cohort, theme="Confidence", text="Chair", rating_before=4, by=None
    )

    with pytest.raises(ValidationError) as error:
        goal_rate(goal=goal, rating_after=8, by=None, now=last.starts_at - dt.timedelta(minutes=1))
    assert list(error.value.message_dict) == ["rating_after"]
    goal.refresh_from_db()
    assert goal.rating_after is None

    goal_rate(goal=goal, rating_after=8, by=None, now=last.starts_at)  # in the closing session itself
    assert Goal.objects.get(pk=goal.pk).rating_after == 8
    # the "before" rating can be corrected whenever
    assert goal_rate(goal=goal, rating_before=5, by=None, now=first.starts_at).rating_before == 5

    empty = CohortFactory()  # no sessions yet: from the start of its last day
    undated = goal_create(person=person, cohort=empty, theme="Teams", text="x", rating_before=3, by=None)
    with pytest.raises(ValidationError):
        goal_rate(
            goal=undated, rating_after=4, by=None, now=start_of_day(empty.ends_on) - dt.timedelta(seconds=1)
        )
    assert goal_rate(goal=undated, rating_after=4, by=None, now=start_of_day(empty.ends_on)).rating_after == 4
