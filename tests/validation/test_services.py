"""The route's rules: claims, blind review, conflicts of interest, moderation, uploads, decisions."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from academy.core.audit import AuditEntry
from academy.core.outbox import OutboxMessage
from academy.validation import selectors, services
from academy.validation.models import Outcome, PanelMember, Readiness
from tests.factories import PersonFactory

from .helpers import pdf, world

pytestmark = pytest.mark.django_db


def test_a_claim_with_missing_elements_cannot_be_submitted_and_says_which():
    w = world(to="decided")
    first, second = w.elements
    services.claim_entry_save(route=w.route, element=first, narrative="Done.", by=w.practitioner.user)
    services.evidence_add(route=w.route, element=first, title="Notes", upload=pdf(), by=w.practitioner.user)
    with pytest.raises(ValidationError) as error:
        services.claim_submit(route=w.route, by=w.practitioner.user)
    assert error.value.message_dict["claim"] == [
        f"{second.code} {second.name} needs a narrative and at least one item of evidence."
    ]
    rows = {r["element"].code: r["status"] for r in services.coverage(w.route.claim)}
    assert rows == {first.code: "evidenced", second.code: "missing"}


def test_submitting_locks_and_versions_the_claim_and_later_edits_are_refused():
    w = world(to="submitted")
    claim = w.route.claim
    assert claim.locked
    assert [s.version for s in claim.submissions.all()] == [1]
    assert claim.submissions.get().snapshot["entries"][0]["narrative"] == "What I did for A1."
    with pytest.raises(ValidationError, match="submitted"):
        services.claim_entry_save(
            route=w.route, element=w.elements[0], narrative="Later", by=w.practitioner.user
        )
    with pytest.raises(ValidationError, match="submitted"):
        services.evidence_add(
            route=w.route, element=w.elements[0], title="x", upload=pdf(), by=w.practitioner.user
        )


def test_only_the_practitioner_edits_their_claim():
    w = world(to="decided")
    with pytest.raises(PermissionDenied):
        services.claim_entry_save(route=w.route, element=w.elements[0], narrative="x", by=w.supporter.user)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("evidence.exe", b"MZ\x90\x00", "must be a PDF, Word"),
        ("evidence.pdf", b"not a pdf at all", "not a real PDF"),
        ("evidence.pdf", b"", "empty"),
    ],
)
def test_evidence_of_the_wrong_type_is_refused_with_a_message(name, content, message):
    w = world(to="decided")
    upload = SimpleUploadedFile(name, content)
    with pytest.raises(ValidationError, match=message):
        services.evidence_add(
            route=w.route, element=w.elements[0], title="x", upload=upload, by=w.practitioner.user
        )


def test_evidence_over_the_size_limit_is_refused(monkeypatch):
    w = world(to="decided")
    big = SimpleUploadedFile("big.pdf", b"%PDF" + b"0" * (services.MAX_EVIDENCE_BYTES))
    with pytest.raises(ValidationError, match="smaller than 10MB"):
        services.evidence_add(
            route=w.route, element=w.elements[0], title="x", upload=big, by=w.practitioner.user
        )


def test_evidence_is_read_only_by_practitioner_supporter_and_panel_and_every_read_is_audited():
    w = world(to="submitted")
    evidence = w.route.claim.entries.first().evidence.first()
    for person in [w.practitioner, w.supporter, *w.panel]:
        with services.evidence_open(evidence=evidence, by=person.user) as handle:
            assert handle.read().startswith(b"%PDF")
    assert (
        AuditEntry.objects.filter(action="validation.evidence.read", object_id=str(evidence.pk)).count() == 4
    )
    for user in [PersonFactory().user, w.pm]:
        with pytest.raises(PermissionDenied):
            services.evidence_open(evidence=evidence, by=user)


def test_reviews_are_blind_until_every_panel_member_has_submitted():
    w = world(to="submitted")
    first, second = w.panel
    for e in w.elements:
        services.review_save(route=w.route, element=e, rating=2, by=first.user)
    services.reviews_submit(route=w.route, by=first.user)
    assert selectors.reviews_visible(second.user, w.route).count() == 0
    assert selectors.reviews_visible(w.practitioner.user, w.route).count() == 0
    assert {r.member.person for r in selectors.reviews_visible(first.user, w.route)} == {first}
    for e in w.elements:
        services.review_save(route=w.route, element=e, rating=1, by=second.user)
    assert selectors.reviews_visible(second.user, w.route).count() == 2  # own only, not yet submitted
    services.reviews_submit(route=w.route, by=second.user)
    assert selectors.reviews_visible(second.user, w.route).count() == 4


def test_a_submitted_review_cannot_change_and_a_panel_member_of_another_claim_cannot_review():
    w = world(to="reviewed")
    with pytest.raises(ValidationError, match="submitted your review"):
        services.review_save(route=w.route, element=w.elements[0], rating=0, by=w.panel[0].user)
    other = world(to="submitted")
    with pytest.raises(PermissionDenied):
        services.review_save(route=w.route, element=w.elements[0], rating=0, by=other.panel[0].user)


def test_the_panel_refuses_the_line_management_chain_and_the_organisation():
    w = world(to="submitted")
    manager = PersonFactory()
    w.practitioner.line_manager = manager
    w.practitioner.save()
    grand = PersonFactory()
    manager.line_manager = grand
    manager.save()
    colleague = PersonFactory(organisation=w.practitioner.organisation)
    report = PersonFactory(line_manager=w.practitioner)
    for person, reason in [
        (grand, "line-management chain"),
        (report, "line-management chain"),
        (colleague, "organisation"),
        (w.practitioner, "own panel"),
        (w.supporter, "supporter"),
    ]:
        with pytest.raises(ValidationError, match=reason):
            services.panel_member_add(
                route=w.route,
                person=person,
                kind=PanelMember.Kind.EXPERT,
                conflict_declaration="None",
                by=w.pm,
            )


def test_moderation_records_agreement_and_refuses_a_stale_version():
    w = world(to="reviewed")
    ratings = {e.pk: 1 for e in w.elements}
    route = services.moderation_save(route=w.route, ratings=ratings, expected_version=0, by=w.panel[0].user)
    assert route.moderation_version == 1
    assert float(route.agreement_percent) == 100.0
    assert route.agreement_base == "2 of 2 pairs of ratings agree (2 elements, 2 panel members)"
    with pytest.raises(ValidationError, match="Another panel member saved"):
        services.moderation_save(route=w.route, ratings=ratings, expected_version=0, by=w.panel[1].user)


def test_the_decision_follows_the_interview_and_developmental_feedback_needs_words():
    w = world(to="moderated")
    with pytest.raises(ValidationError, match="follows the interview"):
        services.route_decision(route=w.route, outcome=Outcome.LEADER, by=w.pm)
    w = world(to="interviewed")
    with pytest.raises(ValidationError, match="developmental feedback"):
        services.route_decision(route=w.route, outcome=Outcome.DEVELOPMENTAL, by=w.pm)
    route = services.route_decision(route=w.route, outcome=Outcome.LEADER, by=w.panel[0].user)
    assert route.outcome == Outcome.LEADER
    assert OutboxMessage.objects.filter(to=w.practitioner.email, subject__contains="decision").exists()


def test_milestone_reminders_go_once_before_and_once_when_overdue():
    import datetime as dt

    w = world(to="decided")
    today = dt.date(2030, 3, 1)
    services.milestone_add(
        route=w.route, title="Draft domain A", due_on=today + dt.timedelta(days=5), by=w.supporter.user
    )
    assert services.milestone_reminders_send(today=today) == 1
    assert services.milestone_reminders_send(today=today) == 0
    assert services.milestone_reminders_send(today=today + dt.timedelta(days=6)) == 1
    assert OutboxMessage.objects.filter(key__startswith="validation.milestone:").count() == 4  # 2 each to 2


def test_the_decision_before_the_workshop_is_refused():
    w = world(to="interest")
    with pytest.raises(ValidationError, match="follows the workshop"):
        services.route_decide(route=w.route, readiness=Readiness.NOW, by=w.practitioner.user)


def test_a_validated_practitioner_is_issued_a_credential_that_verifies_and_can_be_revoked():
    from academy.credentials.models import Credential
    from academy.credentials.services import credential_revoke
    from academy.credentials.verification import credential_verify as verify

    w = world(to="interviewed")
    route = services.route_decision(route=w.route, outcome=Outcome.PRACTITIONER, by=w.panel[0].user)
    credential = Credential.objects.get(pk=route.credential_id)
    assert credential.holder == w.practitioner
    assert credential.achievement_name == "System OD Practitioner"
    assert verify(credential.token).ok
    credential_revoke(credential=credential, reason="Withdrawn", by=w.pm)
    assert not verify(credential.token).ok


def test_developmental_feedback_issues_no_credential():
    w = world(to="interviewed")
    route = services.route_decision(
        route=w.route, outcome=Outcome.DEVELOPMENTAL, feedback="Gather evidence with boards.", by=w.pm
    )
    assert route.credential_id is None
