"""Evaluation invitations go by e-mail by themselves once the session (or the cohort's last session) has
ended, to the people marked present, without anybody pressing a button."""

import datetime as dt
import logging

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from academy.core.dates import long_date
from academy.core.models import AuditEntry, OutboxMessage
from academy.evaluation.models import Survey
from academy.evaluation.selectors import surveys_due_for_invitations
from academy.evaluation.services import surveys as services
from academy.evaluation.services.surveys import survey_close, survey_create
from academy.evaluation.tasks import send_due_invitations
from academy.offers.models import Attendance, Booking, Cohort, Session
from academy.offers.services import attendance_mark
from academy.people.models import Person
from tests.evaluation.helpers import standard
from tests.factories import CohortFactory, PersonFactory, SessionFactory, booking, programme_manager

pytestmark = pytest.mark.django_db


def cohort_with(people: int) -> tuple[Cohort, list[Booking]]:
    cohort = CohortFactory(starts_on=timezone.localdate() - dt.timedelta(days=30))
    bookings = [booking(cohort, PersonFactory()) for _ in range(people)]
    return cohort, bookings


def session_ending(cohort: Cohort, in_: dt.timedelta) -> Session:
    ends_at = timezone.now() + in_
    return SessionFactory(cohort=cohort, starts_at=ends_at - dt.timedelta(hours=2), ends_at=ends_at)


def session_ends(session: Session) -> None:
    """Time passes: the session is over."""
    ends_at = timezone.now() - dt.timedelta(minutes=1)
    Session.objects.filter(pk=session.pk).update(starts_at=ends_at - dt.timedelta(hours=2), ends_at=ends_at)


def mark(session: Session, bookings: list[Booking], status: str = Attendance.Status.PRESENT) -> None:
    attendance_mark(
        session=session,
        by=programme_manager(session.cohort.offer.academy),
        marks={b.pk: status for b in bookings},
    )


def evaluation(**target: object) -> Survey:
    now = timezone.now()
    return survey_create(
        instrument=standard(),
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=14),
        by=None,
        **target,  # type: ignore[arg-type]
    )


def invited() -> list[str]:
    """Whom the invitation e-mails went to."""
    return sorted(
        OutboxMessage.objects.filter(key__startswith="evaluation.invitation:").values_list("to", flat=True)
    )


def emails(bookings: list[Booking]) -> list[str]:
    return sorted(b.person.email for b in bookings)


def test_a_session_evaluation_waits_for_the_session_to_end():
    cohort, bookings = cohort_with(2)
    session = session_ending(cohort, dt.timedelta(hours=1))
    mark(session, bookings)
    evaluation(session=session)
    assert send_due_invitations() == 0
    assert invited() == []


def test_after_the_session_exactly_the_people_marked_present_are_invited_once():
    cohort, bookings = cohort_with(4)
    session = session_ending(cohort, dt.timedelta(hours=1))
    survey = evaluation(session=session)
    present, absent, apologies = bookings[:2], bookings[2], bookings[3]
    mark(session, present)
    mark(session, [absent], Attendance.Status.ABSENT)
    mark(session, [apologies], Attendance.Status.APOLOGIES)
    session_ends(session)
    assert send_due_invitations() == 2
    assert invited() == emails(present)
    survey.refresh_from_db()
    assert survey.invitations_sent_at is not None
    assert send_due_invitations() == 0
    assert invited() == emails(present)


def test_someone_marked_present_late_is_invited_by_the_next_run():
    cohort, bookings = cohort_with(3)
    session = session_ending(cohort, -dt.timedelta(hours=1))
    evaluation(session=session)
    mark(session, bookings[:2])
    assert send_due_invitations() == 2
    mark(session, bookings[2:])
    assert send_due_invitations() == 1
    assert invited() == emails(bookings)


def test_a_survey_with_nobody_left_to_invite_is_not_touched_again():
    cohort, bookings = cohort_with(1)
    session = session_ending(cohort, -dt.timedelta(hours=1))
    survey = evaluation(session=session)
    mark(session, bookings)
    send_due_invitations()
    send_due_invitations()
    assert list(surveys_due_for_invitations(timezone.now())) == []
    assert AuditEntry.objects.filter(action="evaluation.survey.invite", object_id=str(survey.pk)).count() == 1


def test_an_anonymised_person_is_never_due_an_invitation():
    cohort, bookings = cohort_with(1)
    session = session_ending(cohort, -dt.timedelta(hours=1))
    evaluation(session=session)
    mark(session, bookings)
    Person.objects.filter(pk=bookings[0].person_id).update(anonymised_at=timezone.now())
    assert list(surveys_due_for_invitations(timezone.now())) == []


def test_a_cohort_evaluation_waits_for_the_cohorts_last_session():
    cohort, bookings = cohort_with(3)
    first = session_ending(cohort, -dt.timedelta(days=7))
    last = session_ending(cohort, dt.timedelta(hours=1))
    evaluation(cohort=cohort)
    mark(first, bookings[:2])
    assert send_due_invitations() == 0
    session_ends(last)
    mark(last, bookings[1:])
    assert send_due_invitations() == 3
    assert invited() == emails(bookings)


def test_a_cohort_without_sessions_is_never_due():
    cohort, _ = cohort_with(1)
    evaluation(cohort=cohort)
    assert list(surveys_due_for_invitations(timezone.now())) == []


def test_an_evaluation_of_a_whole_offer_is_never_sent_automatically():
    cohort, bookings = cohort_with(2)
    session = session_ending(cohort, -dt.timedelta(hours=1))
    mark(session, bookings)
    survey = evaluation(offer=cohort.offer, invite_automatically=True)
    assert survey.invite_automatically is False
    assert send_due_invitations() == 0
    assert invited() == []


def test_an_evaluation_set_to_manual_sending_is_not_sent():
    cohort, bookings = cohort_with(2)
    session = session_ending(cohort, -dt.timedelta(hours=1))
    mark(session, bookings)
    evaluation(session=session, invite_automatically=False)
    assert send_due_invitations() == 0
    assert invited() == []


def test_a_closed_evaluation_is_not_sent():
    cohort, bookings = cohort_with(2)
    session = session_ending(cohort, -dt.timedelta(hours=1))
    mark(session, bookings)
    survey_close(survey=evaluation(session=session), by=None)
    assert send_due_invitations() == 0
    assert invited() == []


def test_an_evaluation_that_has_not_opened_yet_is_not_sent():
    cohort, bookings = cohort_with(2)
    session = session_ending(cohort, -dt.timedelta(hours=1))
    mark(session, bookings)
    now = timezone.now()
    survey_create(
        instrument=standard(),
        session=session,
        opens_at=now + dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=14),
        by=None,
    )
    assert send_due_invitations() == 0


def test_due_surveys_are_found_in_one_query_however_many_there_are(django_assert_max_num_queries):
    def make(count: int) -> None:
        for _ in range(count):
            cohort, bookings = cohort_with(2)
            session = session_ending(cohort, -dt.timedelta(hours=1))
            session_ending(cohort, dt.timedelta(days=1))
            mark(session, bookings)
            evaluation(session=session)
            evaluation(cohort=cohort)
            evaluation(offer=cohort.offer)

    make(2)
    with django_assert_max_num_queries(1):
        assert len(list(surveys_due_for_invitations(timezone.now()))) == 2
    make(8)
    with django_assert_max_num_queries(1):
        assert len(list(surveys_due_for_invitations(timezone.now()))) == 10


def test_one_failing_evaluation_does_not_stop_the_others(monkeypatch, caplog):
    surveys, people = [], []
    for _ in range(2):
        cohort, bookings = cohort_with(1)
        session = session_ending(cohort, -dt.timedelta(hours=1))
        mark(session, bookings)
        surveys.append(evaluation(session=session))
        people.append(bookings[0].person)
    broken, working = surveys
    send = services.survey_send_invitations

    def failing_for_one(*, survey: Survey, **kwargs: object) -> int:
        if survey.pk == broken.pk:
            raise RuntimeError(f"cannot write to {people[0].email}")
        return send(survey=survey, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(services, "survey_send_invitations", failing_for_one)
    with caplog.at_level(logging.ERROR, logger="academy.evaluation.tasks"):
        assert send_due_invitations() == 1
    assert working.invitations.count() == 1 and broken.invitations.count() == 0
    assert f"survey {broken.pk}" in caplog.text
    assert "@" not in caplog.text  # the survey's id, never a person's details


def test_the_cron_command_sends_due_invitations_and_reminders(capsys):
    cohort, bookings = cohort_with(2)
    session = session_ending(cohort, -dt.timedelta(hours=1))
    mark(session, bookings)
    evaluation(session=session)
    call_command("send_due_evaluations")
    assert "2 invitations and 0 reminders queued" in capsys.readouterr().out
    assert invited() == emails(bookings)


# ---------------------------------------------------------------- what the programme team sees


def test_the_evaluation_page_says_when_the_invitations_will_go_and_when_they_went():
    cohort, bookings = cohort_with(1)
    session = session_ending(cohort, dt.timedelta(days=3))
    survey = evaluation(session=session)
    client = Client()
    client.force_login(programme_manager(cohort.offer.academy))
    page = client.get(f"/manage/evaluations/{survey.pk}/").content.decode()
    assert f"Invitations go automatically after the session, on {long_date(session.ends_at)}." in page
    assert "Send invitations now to everyone who attended" in page
    session_ends(session)
    mark(session, bookings)
    send_due_invitations()
    page = client.get(f"/manage/evaluations/{survey.pk}/").content.decode()
    assert f"Invitations sent on {long_date(timezone.now())}." in page
    assert "People marked present later are invited automatically." in page


def test_creating_an_evaluation_for_a_whole_offer_on_the_page_stores_manual_sending():
    cohort, _ = cohort_with(1)
    offer = cohort.offer
    client = Client()
    client.force_login(programme_manager(offer.academy))
    form = client.get(f"/manage/offers/{offer.pk}/evaluations/new/").content.decode()
    assert "Send the invitations automatically" in form
    assert "never sent automatically" in form
    created = client.post(
        f"/manage/offers/{offer.pk}/evaluations/new/",
        {
            "instrument": standard().pk,
            "target": f"offer:{offer.pk}",
            "invite_automatically": "on",
            "closes_on": "2099-01-31",
            "reminder_days": "7",
        },
    )
    assert created.status_code == 302
    survey = Survey.objects.get(offer=offer)
    assert survey.invite_automatically is False
    page = client.get(created["Location"]).content.decode()
    assert "Not sent automatically for everyone on an offer" in page


def test_the_api_takes_the_setting_and_reports_it():
    cohort, _ = cohort_with(1)
    session = session_ending(cohort, dt.timedelta(days=1))
    api = APIClient()
    api.force_authenticate(programme_manager(cohort.offer.academy))
    by_default = api.post(
        "/api/v1/surveys/", {"instrument": standard().pk, "session": session.pk}, format="json"
    )
    assert by_default.status_code == 201 and by_default.json()["invite_automatically"] is True
    manual = api.post(
        "/api/v1/surveys/",
        {"instrument": standard().pk, "cohort": cohort.pk, "invite_automatically": False},
        format="json",
    )
    assert manual.json()["invite_automatically"] is False
    whole_offer = api.post(
        "/api/v1/surveys/",
        {"instrument": standard().pk, "offer": cohort.offer_id, "invite_automatically": True},
        format="json",
    )
    assert whole_offer.status_code == 201 and whole_offer.json()["invite_automatically"] is False
