"""Raters' comments are blanked a period after the 360 closed; ratings and the frozen report's figures stay.

TODAY is 26 November 2026; with a period of 30 days a 360 closed on 26 October 23:59 (London) loses its
raters' comments, one closed on 27 October 00:00 keeps them."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from academy.core.retention import retention_apply, retention_due, retention_period_set
from academy.feedback360 import services
from academy.feedback360.models import Assessment, Group, Invitation
from academy.feedback360.reports import report_table, report_view
from tests.factories import PersonFactory
from tests.feedback360.helpers import answered, start

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
TODAY = dt.date(2026, 11, 26)
KIND = "feedback360.rater_comments"


def _closed(at: dt.datetime) -> Assessment:
    assessment = start()
    services.self_rate(
        assessment=assessment,
        ratings=dict.fromkeys(assessment.statements, 2),
        comments={"leading_with_care": "My own note."},
        by=assessment.participant.user,
    )
    for level in (1, 2, 3, 4):
        answered(assessment, "peer", level, comment=f"Peer says {level}")
    services.assessment_close(assessment=assessment, by=assessment.participant.user)
    Assessment.objects.filter(pk=assessment.pk).update(closed_at=at)
    assessment.refresh_from_db()
    return assessment


def test_rater_comments_go_after_the_period_and_the_report_prints_the_same_figures():
    admin = PersonFactory(user__is_staff=True, user__is_superuser=True).user
    expired = _closed(dt.datetime(2026, 10, 26, 23, 59, tzinfo=LONDON))
    kept = _closed(dt.datetime(2026, 10, 27, 0, 0, tzinfo=LONDON))
    assert expired.report["comments"]  # four peers reached the minimum: their comments are printed
    figures_before = report_table(report_view(expired)).rows
    kept_before = kept.report
    retention_period_set(kind=KIND, days=30, by=admin)
    [due] = [d for d in retention_due(today=TODAY) if d.kind.kind == KIND]
    assert due.count == 4  # the four peers of the expired 360
    retention_apply(by=admin, today=TODAY)
    expired.refresh_from_db()
    kept.refresh_from_db()
    raters = Invitation.objects.filter(assessment=expired).exclude(group=Group.SELF)
    assert [i.comments for i in raters] == [{}, {}, {}, {}]
    assert expired.report["comments"] == []
    own = Invitation.objects.get(assessment=expired, group=Group.SELF)
    assert own.comments == {"leading_with_care": "My own note."}  # the participant's own note stays
    assert report_table(report_view(expired)).rows == figures_before
    assert kept.report == kept_before
    assert all(i.comments for i in Invitation.objects.filter(assessment=kept).exclude(group=Group.SELF))
    # nothing left to blank: a second run finds nothing
    [again] = [d for d in retention_due(today=TODAY) if d.kind.kind == KIND]
    assert again.count == 0
