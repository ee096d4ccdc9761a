"""Retention removes exactly what has passed its period, judged on a fixed day, and the figures that
counted it print the same afterwards.

The clock is fixed by passing `today=`: TODAY is 26 November 2026. With a period of 30 days the cut-off is
27 October 2026 (00:00 in London): a record dated 26 October 23:59 goes, one dated 27 October 00:00 stays.
"""

import datetime as dt
import os
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from academy.core.models import AuditEntry, RetentionRun
from academy.core.retention import (
    ANONYMISE,
    retention_apply,
    retention_due,
    retention_period_set,
    retention_register,
)
from academy.evaluation import reports
from academy.evaluation.api_reports import plain
from academy.evaluation.models import Answer, Response
from academy.evaluation.services import survey_tallies_refresh
from academy.offers.models import AdjustmentRequest
from tests.deploy.report_figures import numbers
from tests.evaluation.helpers import answer, attended_session, invite_all, open_survey
from tests.factories import AcademyFactory, CohortFactory, PersonFactory, booking, programme_manager

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
TODAY = dt.date(2026, 11, 26)
LAST_MINUTE_EXPIRED = dt.datetime(2026, 10, 26, 23, 59, tzinfo=LONDON)
FIRST_MINUTE_KEPT = dt.datetime(2026, 10, 27, 0, 0, tzinfo=LONDON)


@pytest.fixture
def admin_user() -> Any:
    return PersonFactory(user__is_staff=True, user__is_superuser=True).user


@pytest.fixture
def evaluated() -> dict[str, Any]:
    """Four people answered a session evaluation, each writing a testimony and a key takeaway."""
    session, people = attended_session(4)
    manager = programme_manager(session.cohort.offer.academy)
    survey = open_survey(session, by=manager)
    for index, token in enumerate(invite_all(survey)):
        answer(
            token,
            testimony=f"Testimony number {index}",
            key_takeaway=f"Takeaway {index}",
            _consents=["testimony"],
        )
    responses = list(Response.objects.filter(survey=survey).order_by("pk"))
    dates = [
        LAST_MINUTE_EXPIRED - dt.timedelta(days=200),
        LAST_MINUTE_EXPIRED,
        FIRST_MINUTE_KEPT,
        FIRST_MINUTE_KEPT + dt.timedelta(days=20),
    ]
    for response, when in zip(responses, dates, strict=True):
        Response.objects.filter(pk=response.pk).update(submitted_at=when)
    return {"offer": session.cohort.offer, "survey": survey, "manager": manager, "responses": responses}


def written(response: Response) -> dict[str, str]:
    return {
        a.question.code: a.text
        for a in Answer.objects.filter(response=response, question__type="free_text").select_related(
            "question"
        )
    }


def test_written_answers_past_their_period_are_blanked_and_the_report_prints_the_same_figures(
    evaluated: dict[str, Any], admin_user: Any
) -> None:
    retention_period_set(kind="evaluation.free_text", days=30, by=admin_user)
    offer, manager = evaluated["offer"], evaluated["manager"]
    before = numbers(plain(reports.offer_report(user=manager, pk=offer.pk)))
    assert before, "the report has figures"

    run = retention_apply(by=None, today=TODAY)

    old, last_expired, first_kept, recent = evaluated["responses"]
    assert written(old) == {"testimony": "", "key_takeaway": ""}
    assert written(last_expired) == {"testimony": "", "key_takeaway": ""}
    assert written(first_kept) == {
        "testimony": "Testimony number 2",
        "key_takeaway": "Takeaway 2",
    }
    assert written(recent)["testimony"] == "Testimony number 3"
    blanked = Answer.objects.filter(text_removed_on=TODAY)
    assert sorted(blanked.values_list("response_id", "question__code")) == sorted(
        [
            (old.pk, "key_takeaway"),
            (old.pk, "testimony"),
            (last_expired.pk, "key_takeaway"),
            (last_expired.pk, "testimony"),
        ]
    )
    assert run.removed["evaluation.free_text"] == 4

    after = numbers(plain(reports.offer_report(user=manager, pk=offer.pk)))
    assert after == before
    # Recounted from the answers (as the next write to the survey would), the figures still agree.
    survey_tallies_refresh(survey_ids=[evaluated["survey"].pk])
    assert numbers(plain(reports.offer_report(user=manager, pk=offer.pk))) == before


def test_a_second_run_removes_nothing_more(evaluated: dict[str, Any], admin_user: Any) -> None:
    retention_period_set(kind="evaluation.free_text", days=30, by=admin_user)
    retention_apply(by=None, today=TODAY)

    again = retention_apply(by=None, today=TODAY)

    assert again.removed["evaluation.free_text"] == 0


def test_the_dry_run_lists_what_would_go_and_changes_nothing(
    evaluated: dict[str, Any], admin_user: Any
) -> None:
    retention_period_set(kind="evaluation.free_text", days=30, by=admin_user)
    runs = RetentionRun.objects.count()

    due = {item.kind.kind: item for item in retention_due(today=TODAY)}

    assert due["evaluation.free_text"].count == 4
    assert due["evaluation.free_text"].cutoff == dt.date(2026, 10, 27)
    assert len(due["evaluation.free_text"].listed) == 4
    assert Answer.objects.filter(text_removed_on__isnull=False).count() == 0
    assert RetentionRun.objects.count() == runs

    call_command("retention", "--dry-run", "--today", "2026-11-26", stdout=(out := _Out()))
    assert (
        "Written answers to evaluation questions (evaluation.free_text): kept 30 days; anonymise 4 dated "
        "before 27 October 2026" in out.text
    )
    assert "Dry run: nothing was changed." in out.text
    assert Answer.objects.filter(text_removed_on__isnull=False).count() == 0


class _Out:
    def __init__(self) -> None:
        self.text = ""

    def write(self, text: str) -> None:
        self.text += text

    def flush(self) -> None:
        pass


def test_adjustment_requests_are_blanked_a_period_after_their_cohort_ends(admin_user: Any) -> None:
    retention_period_set(kind="offers.adjustments", days=365, by=admin_user)
    ended_long_ago = CohortFactory(starts_on=dt.date(2025, 9, 1), ends_on=dt.date(2025, 11, 25))
    ended_a_year_ago = CohortFactory(starts_on=dt.date(2025, 9, 1), ends_on=dt.date(2025, 11, 26))
    gone = AdjustmentRequest.objects.create(
        booking=booking(ended_long_ago, PersonFactory()), request="Step-free access", response="Booked room 2"
    )
    kept = AdjustmentRequest.objects.create(
        booking=booking(ended_a_year_ago, PersonFactory()), request="Captions, please"
    )

    run = retention_apply(by=None, today=TODAY)

    gone.refresh_from_db()
    kept.refresh_from_db()
    assert (gone.request, gone.response) == ("", "")
    assert kept.request == "Captions, please"
    assert AdjustmentRequest.objects.count() == 2  # the requests are still counted
    assert run.removed["offers.adjustments"] == 1


def test_audit_entries_past_their_period_are_deleted_and_the_run_is_audited(admin_user: Any) -> None:
    retention_period_set(kind="core.audit", days=30, by=admin_user)
    old = AuditEntry.objects.create(action="test.old", object_type="x", object_id="1")
    edge = AuditEntry.objects.create(action="test.edge", object_type="x", object_id="2")
    AuditEntry.objects.filter(pk=old.pk).update(at=LAST_MINUTE_EXPIRED)
    AuditEntry.objects.filter(pk=edge.pk).update(at=FIRST_MINUTE_KEPT)

    run = retention_apply(by=admin_user, today=TODAY)

    assert not AuditEntry.objects.filter(pk=old.pk).exists()
    assert AuditEntry.objects.filter(pk=edge.pk).exists()
    entry = AuditEntry.objects.get(action="core.retention.run")
    assert entry.object_id == str(run.pk)
    assert entry.actor == admin_user
    assert entry.detail["removed"]["core.audit"] == 1
    assert entry.detail["today"] == "2026-11-26"


def test_uploads_left_waiting_for_import_are_deleted_after_their_period(admin_user: Any) -> None:
    old = default_storage.save("evaluation-imports/1-old.csv", ContentFile(b"a,b\n"))
    new = default_storage.save("evaluation-imports/1-new.csv", ContentFile(b"a,b\n"))
    two_days_before_today = dt.datetime(2026, 11, 23, 23, 0, tzinfo=LONDON).timestamp()
    os.utime(default_storage.path(old), (two_days_before_today, two_days_before_today))
    os.utime(default_storage.path(new), (timezone.now().timestamp(),) * 2)

    run = retention_apply(by=None, today=TODAY)  # uploads are kept 2 days: cut-off 24 November

    assert not default_storage.exists(old)
    assert default_storage.exists(new)
    assert run.removed["evaluation.import_files"] == 1


def test_a_kind_kept_for_good_loses_nothing(evaluated: dict[str, Any], admin_user: Any) -> None:
    retention_period_set(kind="evaluation.free_text", days=None, by=admin_user)

    run = retention_apply(by=None, today=TODAY)

    assert run.removed["evaluation.free_text"] == 0
    assert not Answer.objects.filter(text_removed_on__isnull=False).exists()


def test_only_an_administrator_sets_periods_or_runs_retention() -> None:
    somebody = PersonFactory().user
    with pytest.raises(PermissionDenied):
        retention_period_set(kind="core.audit", days=1, by=somebody)
    with pytest.raises(PermissionDenied):
        retention_apply(by=somebody, today=TODAY)


def test_the_nightly_job_is_on_the_beat_schedule(settings: Any) -> None:
    job = settings.CELERY_BEAT_SCHEDULE["retention"]
    assert job["task"] == "academy.core.tasks.retention_apply"


@settings(max_examples=25, deadline=None)
@given(
    ages=st.lists(st.integers(min_value=0, max_value=60 * 24 * 60), min_size=1, max_size=8),
    days=st.integers(min_value=1, max_value=50),
)
def test_exactly_the_entries_dated_before_the_cut_off_go(ages: list[int], days: int) -> None:
    """For any entries (aged in minutes before the end of TODAY) and any period."""
    from django.db import transaction

    end_of_today = dt.datetime.combine(TODAY, dt.time(23, 59), tzinfo=LONDON)
    cutoff = dt.datetime.combine(TODAY - dt.timedelta(days=days), dt.time.min, tzinfo=LONDON)
    with transaction.atomic():
        admin = PersonFactory(user__is_superuser=True).user
        retention_period_set(kind="core.audit", days=days, by=admin)
        AuditEntry.objects.all().delete()
        entries = {}
        for age in ages:
            entry = AuditEntry.objects.create(action="test.entry", object_type="x", object_id="1")
            when = end_of_today - dt.timedelta(minutes=age)
            AuditEntry.objects.filter(pk=entry.pk).update(at=when)
            entries[entry.pk] = when

        retention_apply(by=None, today=TODAY)

        left = set(AuditEntry.objects.filter(action="test.entry").values_list("pk", flat=True))
        assert left == {pk for pk, when in entries.items() if when >= cutoff}
        transaction.set_rollback(True)


@pytest.fixture
def failing_kind() -> Any:
    from academy.core import retention

    def refuse(rows: Any, today: dt.date) -> None:
        rows.update(object_id="changed")
        raise RuntimeError("the store is read-only")

    retention_register(
        kind="tests.failing",
        label="A kind that fails",
        queryset=lambda: AuditEntry.objects.filter(action="test.failing"),
        date_field="at",
        action=ANONYMISE,
        function=refuse,
        default_days=1,
    )
    yield "tests.failing"
    del retention._kinds["tests.failing"]


def test_a_kind_that_fails_is_rolled_back_and_named_and_the_others_still_go(
    failing_kind: str, admin_user: Any
) -> None:
    retention_period_set(kind="core.audit", days=30, by=admin_user)
    old = AuditEntry.objects.create(action="test.old", object_type="x", object_id="1")
    stuck = AuditEntry.objects.create(action="test.failing", object_type="x", object_id="2")
    AuditEntry.objects.filter(pk=old.pk).update(at=LAST_MINUTE_EXPIRED)
    AuditEntry.objects.filter(pk=stuck.pk).update(at=FIRST_MINUTE_KEPT)  # within 30 days, past 1 day

    run = retention_apply(by=None, today=TODAY)

    assert not AuditEntry.objects.filter(pk=old.pk).exists()
    stuck.refresh_from_db()
    assert stuck.object_id == "2"  # the failing kind's change was rolled back
    assert run.removed[failing_kind] == 0
    assert run.removed["core.audit"] == 1
    entry = AuditEntry.objects.get(action="core.retention.run")
    assert entry.detail["failed"] == [failing_kind]


def test_goal_wording_past_its_period_is_blanked_and_goal_progress_per_theme_is_the_same(
    admin_user: Any,
) -> None:
    from academy.evaluation.figures import goal_figures
    from academy.evaluation.models import Goal

    retention_period_set(kind="evaluation.goal_text", days=30, by=admin_user)
    person = PersonFactory()
    old = Goal.objects.create(
        person=person, theme="Resilience", text="Say no more often", rating_before=3, rating_after=7
    )
    kept = Goal.objects.create(
        person=person, theme="Resilience", text="Plan my week", rating_before=4, rating_after=6
    )
    Goal.objects.filter(pk=old.pk).update(updated_at=LAST_MINUTE_EXPIRED)
    Goal.objects.filter(pk=kept.pk).update(updated_at=FIRST_MINUTE_KEPT)
    before = goal_figures(Goal.objects.all())

    run = retention_apply(by=None, today=TODAY)

    old.refresh_from_db()
    kept.refresh_from_db()
    assert (old.text, old.theme, old.rating_before, old.rating_after) == ("", "Resilience", 3, 7)
    assert kept.text == "Plan my week"
    assert run.removed["evaluation.goal_text"] == 1
    assert goal_figures(Goal.objects.all()) == before


def test_coaching_notes_go_a_period_after_the_relationship_closes_and_never_while_it_is_open(
    admin_user: Any,
) -> None:
    from academy.coaching import services as coaching
    from academy.coaching.models import CoachingSession, Relationship, SessionNote
    from tests.coaching.helpers import active

    retention_period_set(kind="coaching.session_notes", days=30, by=admin_user)
    academy = AcademyFactory()

    def with_note(text: str) -> Relationship:
        relationship = active(academy)
        session = coaching.session_log(
            relationship=relationship,
            by=relationship.requester.user,
            held_on=timezone.localdate(),
            minutes=60,
            note=text,
        )
        assert session.notes.count() == 1
        return relationship

    closed_long_ago, closed_recently, _still_open = (
        with_note("long ago"),
        with_note("recently"),
        with_note("open"),
    )
    Relationship.objects.filter(pk=closed_long_ago.pk).update(
        status="closed", close_reason="completed", closed_at=LAST_MINUTE_EXPIRED
    )
    Relationship.objects.filter(pk=closed_recently.pk).update(
        status="closed", close_reason="completed", closed_at=FIRST_MINUTE_KEPT
    )

    run = retention_apply(by=None, today=TODAY)

    assert sorted(SessionNote.objects.values_list("text", flat=True)) == ["open", "recently"]
    assert run.removed["coaching.session_notes"] == 1
    assert CoachingSession.objects.count() == 3  # the hub still counts every session that happened
