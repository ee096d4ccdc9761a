"""360 feedback: the rules a participant, a rater, a coach and the academy's team meet."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from academy.core.models import AuditEntry, OutboxMessage
from academy.feedback360 import figures, selectors, services
from academy.feedback360.models import Assessment, Invitation
from tests.coaching.helpers import active
from tests.factories import PersonFactory, programme_manager
from tests.feedback360.helpers import academy_with_statements, all_at, answered, invite, rate_self, start

pytestmark = pytest.mark.django_db


def _close(assessment: Assessment) -> Assessment:
    return services.assessment_close(assessment=assessment, by=assessment.participant.user)


def _column(assessment: Assessment, key: str) -> dict | None:
    return next((c for c in assessment.report["columns"] if c["key"] == key), None)


def test_inviting_a_rater_emails_a_no_login_link_that_works_once() -> None:
    assessment = start()
    invitation, token = invite(assessment, "peer", "Pat.Peer@example.nhs.uk")
    message = OutboxMessage.objects.get(key=f"feedback360.invitation:{invitation.pk}")
    assert message.to == "pat.peer@example.nhs.uk"
    assert f"/360/rate/{token}/" in message.body
    assert invitation.token_hash and token not in invitation.token_hash  # only the hash is stored
    services.rater_submit(token=token, ratings=all_at(assessment, 3))
    with pytest.raises(ValidationError, match="already been used"):
        services.rater_submit(token=token, ratings=all_at(assessment, 4))
    with pytest.raises(Invitation.DoesNotExist):
        services.rater_submit(token="made-up", ratings=all_at(assessment, 4))


def test_the_participant_cannot_invite_themselves_nor_anyone_twice() -> None:
    assessment = start()
    me = assessment.participant
    with pytest.raises(ValidationError, match="cannot invite yourself"):
        invite(assessment, "peer", me.email.upper())
    invite(assessment, "peer", "sam@example.nhs.uk")
    with pytest.raises(ValidationError, match="already invited sam@example.nhs.uk in this group"):
        invite(assessment, "peer", "sam@example.nhs.uk")
    with pytest.raises(ValidationError, match="as peers. Each person gives feedback once"):
        invite(assessment, "other", "SAM@example.nhs.uk")
    invite(assessment, "line_manager")
    with pytest.raises(ValidationError, match="already invited your line manager"):
        invite(assessment, "line_manager")
    with pytest.raises(PermissionDenied):
        services.rater_invite(
            assessment=assessment, group="peer", email="x@example.org", by=PersonFactory().user
        )


def test_every_statement_needs_a_level() -> None:
    assessment = start()
    _, token = invite(assessment, "peer")
    partial = dict(list(all_at(assessment, 3).items())[:-1])
    with pytest.raises(ValidationError, match="every statement"):
        services.rater_submit(token=token, ratings=partial)
    with pytest.raises(ValidationError, match="every statement"):
        services.rater_submit(token=token, ratings={**all_at(assessment, 3), assessment.statements[0]: 5})


def test_four_peers_show_and_one_direct_report_does_not_figures_or_comments() -> None:
    assessment = start()
    rate_self(assessment, 2)
    for level in (1, 2, 3, 4):
        answered(assessment, "peer", level, comment=f"Peer comment {level}")
    answered(assessment, "direct_report", 4, comment="Only the direct report wrote this")
    assessment = _close(assessment)
    report = assessment.report
    assert [c["key"] for c in report["columns"]] == ["peer", "all"]
    assert _column(assessment, "peer")["raters"] == 4 and _column(assessment, "all")["raters"] == 4
    assert report["hidden"] == ["Direct reports"]
    care = next(d for d in report["dimensions"] if d["key"] == "leading_with_care")
    assert care["self"] == 2.0 and care["values"] == {"peer": 2.5, "all": 2.5}  # (1+2+3+4)/4
    assert care["gap"] == 0.5
    assert "Only the direct report wrote this" not in str(report)
    texts = [t for block in report["comments"] for t in block["texts"]]
    assert texts == ["Peer comment 1", "Peer comment 2", "Peer comment 3", "Peer comment 4"]


def test_small_groups_fold_into_others_when_others_then_reaches_the_minimum() -> None:
    assessment = start()
    for _ in range(3):
        answered(assessment, "peer", 4)
    answered(assessment, "direct_report", 1)
    answered(assessment, "other", 2)
    answered(assessment, "other", 3)
    assessment = _close(assessment)
    others = _column(assessment, "other")
    assert others["raters"] == 3 and others["includes"] == ["Direct reports"]
    care = next(d for d in assessment.report["dimensions"] if d["key"] == "leading_with_care")
    assert care["values"] == {"peer": 4.0, "other": 2.0, "all": 3.0}  # (1+2+3)/3 and (4*3+1+2+3)/6
    assert assessment.report["hidden"] == []


def test_a_line_manager_shows_as_such_only_with_their_consent() -> None:
    consenting = start()
    answered(consenting, "line_manager", 4, consents=True)
    assert [c["key"] for c in _close(consenting).report["columns"]] == ["line_manager"]
    silent = start()
    answered(silent, "line_manager", 4)
    for _ in range(3):
        answered(silent, "peer", 2)
    silent = _close(silent)
    assert [c["key"] for c in silent.report["columns"]] == ["peer", "all"]
    assert silent.report["hidden"] == ["Line manager"]


def test_nothing_shows_while_open_and_a_group_that_falls_below_the_minimum_stops_showing() -> None:
    assessment = start()
    peers = [answered(assessment, "peer", 3) for _ in range(3)]
    assert assessment.report == {}
    services.rater_withdraw(token=peers[0].token)
    assert not peers[0].invitation.ratings.exists()
    assessment = _close(assessment)
    assert assessment.report["columns"] == [] and assessment.report["hidden"] == ["Peers"]


def test_a_withdrawal_after_closing_removes_whole_columns_and_never_recomputes_them() -> None:
    assessment = start()
    peers = [answered(assessment, "peer", level) for level in (1, 2, 3, 4)]
    for _ in range(3):
        answered(assessment, "other", 4, comment="From others")
    before = _close(assessment).report
    services.rater_withdraw(token=peers[0].token)
    assessment.refresh_from_db()
    after = assessment.report
    assert [c["key"] for c in after["columns"]] == ["other"]
    assert after["removed"] == ["Peers", "All shown raters"]
    for old, new in zip(before["dimensions"], after["dimensions"], strict=True):
        assert new["values"] == {"other": old["values"]["other"]}  # unchanged, not recomputed
    with pytest.raises(ValidationError, match="already withdrawn"):
        services.rater_withdraw(token=peers[0].token)
    with pytest.raises(ValidationError, match="withdrew"):
        services.rater_submit(token=peers[0].token, ratings=all_at(assessment, 1))


def test_sharing_with_the_coach_is_revocable_and_every_coach_read_is_audited() -> None:
    relationship = active(academy_with_statements())
    assessment = start(relationship.request.academy, participant=relationship.requester)
    answered(assessment, "peer")
    _close(assessment)
    coach = relationship.practitioner.person.user
    with pytest.raises(Exception, match="No such report"):
        selectors.report_get(coach, assessment.pk)
    share = services.share_create(
        assessment=assessment, relationship=relationship, by=relationship.requester.user
    )
    assert selectors.report_get(coach, assessment.pk) == assessment
    assert (
        AuditEntry.objects.filter(action="feedback360.report.read", object_id=str(assessment.pk)).count() == 1
    )
    services.share_revoke(share=share, by=relationship.requester.user)
    with pytest.raises(Exception, match="No such report"):
        selectors.report_get(coach, assessment.pk)
    other = start()
    with pytest.raises(PermissionDenied):
        services.share_create(assessment=other, relationship=relationship, by=relationship.requester.user)


def test_someone_elses_coach_cannot_be_chosen() -> None:
    relationship = active(academy_with_statements())
    assessment = start(relationship.request.academy)
    with pytest.raises(PermissionDenied):
        services.share_create(
            assessment=assessment, relationship=relationship, by=relationship.requester.user
        )
    with pytest.raises(ValidationError, match="coach you are working with"):
        services.share_create(
            assessment=assessment, relationship=relationship, by=assessment.participant.user
        )


def test_academy_figures_use_ended_quarters_only_and_suppress_below_the_minimum() -> None:
    academy = academy_with_statements()
    last_quarter = timezone.now() - dt.timedelta(days=120)
    for self_level, rater_level in ((1, 2), (2, 3), (3, 4)):
        assessment = start(academy)
        rate_self(assessment, self_level)
        for _ in range(3):
            answered(assessment, "peer", rater_level)
        _close(assessment)
        Assessment.objects.filter(pk=assessment.pk).update(closed_at=last_quarter)
    current = start(academy)
    rate_self(current, 4)
    _close(current)  # this quarter: not shown yet
    pm = programme_manager(academy)
    (quarter,) = selectors.academy_figures(pm, academy)
    assert quarter["quarter"] == figures.quarter_of(timezone.localdate(last_quarter))
    care = next(d for d in quarter["dimensions"] if d["key"] == "leading_with_care")
    assert (care["self"], care["self_base"], care["others"], care["others_base"]) == (2.0, 3, 3.0, 3)
    with pytest.raises(Exception, match="No such academy"):
        selectors.academy_figures(PersonFactory().user, academy)
    services.settings_update(academy=academy, min_raters=4, by=pm)
    (quarter,) = selectors.academy_figures(pm, academy)
    assert quarter["participants"] is None and quarter["dimensions"][0]["self"] is None


def test_the_nightly_job_closes_360s_past_their_closing_date() -> None:
    assessment = start()
    Assessment.objects.filter(pk=assessment.pk).update(closes_on=timezone.localdate() - dt.timedelta(days=1))
    assert services.assessments_close_due() == [assessment.pk]
    assessment.refresh_from_db()
    assert assessment.status == "closed"


def test_anonymising_the_participant_clears_comments_and_addresses_and_keeps_ratings() -> None:
    from academy.feedback360.personal_data import anonymise, export

    assessment = start()
    for _ in range(3):
        answered(assessment, "peer", 3, comment="Names the ward sister")
    assessment = _close(assessment)
    assert export(assessment.participant)["feedback_360"][0]["report"]["comments"]
    anonymise(assessment.participant)
    assessment.refresh_from_db()
    assert "Names the ward sister" not in str(assessment.report)
    assert not assessment.invitations.filter(email__contains="example.nhs.uk").exists()
    assert assessment.invitations.exclude(group="self").first().ratings.count() == len(assessment.statements)
