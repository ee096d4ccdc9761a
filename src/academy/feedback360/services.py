"""Every write for 360 feedback: one function per action, inside a transaction, checking its access
question first. Raters have no account: their link's token is the credential, so the rater's services
take the token instead of an actor. The report is computed once, at closing (`figures.py`)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from base64 import urlsafe_b64encode
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from academy.coaching.models import Relationship
from academy.core.audit import audit_record
from academy.core.outbox import outbox_enqueue
from academy.core.types import Actor
from academy.people.models import Academy, Person

from . import figures
from .models import RATER_GROUPS, Assessment, Dimension, Group, Invitation, Rating, Settings, Share, Statement
from .permissions import can_manage_statements, can_share_with, can_start, is_participant, person_of

MAX_COMMENT = 2000
DEFAULT_MIN_RATERS = 3

# Our own sample wording (not the model's published items): two behaviours per dimension, for an
# academy to start from and edit.
SAMPLE_STATEMENTS: dict[str, list[str]] = {
    Dimension.INSPIRING_SHARED_PURPOSE: [
        "Talks about why our work matters to patients and communities.",
        "Stands up for what is right even when it is uncomfortable.",
    ],
    Dimension.LEADING_WITH_CARE: [
        "Notices when colleagues are under pressure and offers support.",
        "Looks after their own wellbeing so they can look after others.",
    ],
    Dimension.EVALUATING_INFORMATION: [
        "Looks for evidence from several sources before deciding.",
        "Invites new ideas and tries them out in a measured way.",
    ],
    Dimension.CONNECTING_OUR_SERVICE: [
        "Understands how other teams and organisations work with ours.",
        "Builds links with partners beyond their own organisation.",
    ],
    Dimension.SHARING_THE_VISION: [
        "Describes where the team is heading in plain words.",
        "Keeps people informed when plans change.",
    ],
    Dimension.ENGAGING_THE_TEAM: [
        "Asks for the views of everyone in the team, including quieter voices.",
        "Recognises the contribution of others.",
    ],
    Dimension.HOLDING_TO_ACCOUNT: [
        "Agrees clear expectations and follows them up fairly.",
        "Gives honest feedback on performance, kindly and promptly.",
    ],
    Dimension.DEVELOPING_CAPABILITY: [
        "Makes time to help others learn and grow.",
        "Seeks feedback on their own leadership and acts on it.",
    ],
    Dimension.INFLUENCING_FOR_RESULTS: [
        "Adapts how they make their case to the people they need to persuade.",
        "Builds agreement across groups with different interests.",
    ],
}


def _require(condition: bool, message: str = "You do not have permission to do this.") -> None:
    if not condition:
        raise PermissionDenied(message)


def min_raters_of(academy_id: int) -> int:
    found = Settings.objects.filter(academy_id=academy_id).values_list("min_raters", flat=True).first()
    return found or DEFAULT_MIN_RATERS


# --- The academy's statements and settings ---------------------------------------------------------


@transaction.atomic
def settings_update(*, academy: Academy, min_raters: int, by: Actor | None) -> Settings:
    if by is not None:
        _require(can_manage_statements(by, academy.pk), "Only the academy's programme managers can do this.")
    if not 2 <= min_raters <= 20:
        raise ValidationError({"min_raters": "Enter a number from 2 to 20."})
    row, _ = Settings.objects.select_for_update().get_or_create(academy=academy)
    row.min_raters = min_raters
    row.save()
    audit_record(actor=by, action="feedback360.settings.update", obj=row, min_raters=min_raters)
    return row


@transaction.atomic
def statement_add(*, academy: Academy, dimension: str, text: str, by: Actor | None) -> Statement:
    if by is not None:
        _require(can_manage_statements(by, academy.pk), "Only the academy's programme managers can do this.")
    errors = {}
    if dimension not in Dimension.values:
        errors["dimension"] = "Choose one of the nine dimensions."
    text = text.strip()
    if not text:
        errors["text"] = "Enter the behaviour statement."
    elif len(text) > 300:
        errors["text"] = "The statement must be 300 characters or fewer."
    if errors:
        raise ValidationError(errors)
    Academy.objects.select_for_update().get(pk=academy.pk)
    if Statement.objects.filter(academy=academy, dimension=dimension, text=text).exists():
        raise ValidationError({"text": "This dimension already has this statement."})
    position = Statement.objects.filter(academy=academy).count() + 1
    statement = Statement.objects.create(academy=academy, dimension=dimension, text=text, position=position)
    audit_record(actor=by, action="feedback360.statement.add", obj=statement)
    return statement


@transaction.atomic
def statement_retire(*, statement: Statement, by: Actor) -> Statement:
    """A retired statement is not asked in new 360s; those already started keep it."""
    _require(
        can_manage_statements(by, statement.academy_id), "Only the academy's programme managers can do this."
    )
    Statement.objects.filter(pk=statement.pk).update(active=False)
    statement.refresh_from_db()
    audit_record(actor=by, action="feedback360.statement.retire", obj=statement)
    return statement


def statements_sample_add(*, academy: Academy, by: Actor | None) -> list[Statement]:
    """The sample wording, for an academy with no statements yet."""
    return [
        statement_add(academy=academy, dimension=dimension, text=text, by=by)
        for dimension, texts in SAMPLE_STATEMENTS.items()
        for text in texts
    ]


# --- Tokens ------------------------------------------------------------------------------------------


def invitation_token(invitation: Invitation) -> str:
    """Derived from the secret key and the invitation's salt; the database holds only its SHA-256 hash."""
    digest = hmac.new(
        settings.SECRET_KEY.encode(),
        f"academy.feedback360.invitation:{invitation.token_salt}".encode(),
        "sha256",
    ).digest()
    return urlsafe_b64encode(digest).decode().rstrip("=")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_link(invitation: Invitation) -> str:
    return f"{settings.SITE_URL.rstrip('/')}/360/rate/{invitation_token(invitation)}/"


def _invitation_for_token(token: str) -> Invitation:
    if not token or len(token) > 100:
        raise Invitation.DoesNotExist
    found = Invitation.objects.filter(token_hash=token_hash(token)).exclude(group=Group.SELF).first()
    if found is None:
        raise Invitation.DoesNotExist
    return Invitation.objects.select_for_update().select_related("assessment").get(pk=found.pk)


# --- A participant's 360 ----------------------------------------------------------------------------


@transaction.atomic
def assessment_start(
    *,
    academy: Academy,
    by: Actor | None,
    title: str = "",
    closes_on: dt.date | None = None,
    participant: Person | None = None,
) -> Assessment:
    """One's own 360. By None: the system (demo data) starts one for `participant`."""
    if by is not None:
        _require(can_start(by), "You need a staff record to start a 360.")
        participant = person_of(by)
    if participant is None:
        raise ValidationError({"participant": "Say whose 360 this is."})
    statements = list(
        Statement.objects.filter(academy=academy, active=True)
        .order_by("position", "id")
        .values_list("pk", flat=True)
    )
    if not statements:
        raise ValidationError({"academy": "This academy has not set up its 360 statements yet."})
    if closes_on is not None and closes_on <= timezone.localdate():
        raise ValidationError({"closes_on": "The closing date must be in the future."})
    assessment = Assessment.objects.create(
        academy=academy,
        participant=participant,
        title=title.strip() or "My 360 feedback",
        closes_on=closes_on,
        statements=statements,
        min_raters=min_raters_of(academy.pk),
    )
    Invitation.objects.create(
        assessment=assessment, group=Group.SELF, name=participant.full_name, email=participant.email.lower()
    )
    audit_record(actor=by, action="feedback360.assessment.start", obj=assessment)
    return assessment


def _lock_open(assessment: Assessment) -> Assessment:
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.status != Assessment.Status.OPEN:
        raise ValidationError({"assessment": "This 360 has closed, so it can no longer change."})
    return locked


def _clean_answers(
    assessment: Assessment, ratings: Mapping[Any, Any], comments: Mapping[str, Any]
) -> tuple[dict[int, int], dict[str, str]]:
    wanted = set(assessment.statements)
    clean: dict[int, int] = {}
    for key, value in ratings.items():
        try:
            statement, level = int(key), int(value)
        except (TypeError, ValueError):
            continue
        if statement in wanted and 1 <= level <= 4:
            clean[statement] = level
    if set(clean) != wanted:
        raise ValidationError({"ratings": "Choose a level for every statement."})
    texts: dict[str, str] = {}
    for dimension, text in comments.items():
        if dimension not in Dimension.values or not isinstance(text, str):
            continue
        if len(text) > MAX_COMMENT:
            raise ValidationError({"comments": f"Each comment must be {MAX_COMMENT} characters or fewer."})
        if text.strip():
            texts[dimension] = text.strip()
    return clean, texts


def _save_answers(invitation: Invitation, ratings: dict[int, int], comments: dict[str, str]) -> None:
    invitation.ratings.all().delete()
    Rating.objects.bulk_create(
        Rating(invitation=invitation, statement_id=statement, level=level)
        for statement, level in ratings.items()
    )
    invitation.comments = comments
    invitation.submitted_at = timezone.now()


@transaction.atomic
def self_rate(
    *,
    assessment: Assessment,
    ratings: Mapping[Any, Any],
    comments: Mapping[str, Any] | None = None,
    by: Actor | None,
) -> Invitation:
    """The participant's own view; they may change it until the 360 closes. By None: demo data."""
    if by is not None:
        _require(is_participant(by, assessment), "Only the person the 360 is about can rate themselves.")
    assessment = _lock_open(assessment)
    clean, texts = _clean_answers(assessment, ratings, comments or {})
    own = Invitation.objects.select_for_update().get(assessment=assessment, group=Group.SELF)
    _save_answers(own, clean, texts)
    own.save()
    audit_record(actor=by, action="feedback360.self.rate", obj=own)
    return own


@transaction.atomic
def rater_invite(
    *, assessment: Assessment, group: str, email: str, name: str = "", by: Actor | None
) -> Invitation:
    """Invite one rater by e-mail. Refused: oneself (the self-rating is separate), anyone already invited
    (in the same group or another: each person answers once), a second line manager. By None: demo data."""
    if by is not None:
        _require(is_participant(by, assessment), "Only the person the 360 is about can invite raters.")
    assessment = _lock_open(assessment)
    email = email.strip().lower()
    errors: dict[str, str] = {}
    if group not in RATER_GROUPS:
        errors["group"] = "Choose line manager, peer, direct report or other."
    if not email or "@" not in email:
        errors["email"] = "Enter the rater's e-mail address, like name@nhs.net."
    if errors:
        raise ValidationError(errors)
    if email == assessment.participant.email.lower():
        raise ValidationError(
            {"email": "You cannot invite yourself. Your own view goes in your self-rating."}
        )
    existing = Invitation.objects.filter(assessment=assessment, email=email).first()
    if existing is not None:
        if existing.group == group:
            message = f"You have already invited {email} in this group ({Group(group).label.lower()})."
        else:
            message = (
                f"You have already invited {email} as {Group(existing.group).label.lower()}. "
                "Each person gives feedback once, in one group."
            )
        raise ValidationError({"email": message})
    if group == Group.LINE_MANAGER and Invitation.objects.filter(assessment=assessment, group=group).exists():
        raise ValidationError({"group": "You have already invited your line manager. A 360 has one."})
    salt = secrets.token_hex(16)
    invitation = Invitation(
        assessment=assessment, group=group, email=email, name=name.strip()[:200], token_salt=salt
    )
    invitation.token_hash = token_hash(invitation_token(invitation))
    invitation.save()
    participant = assessment.participant
    outbox_enqueue(
        key=f"feedback360.invitation:{invitation.pk}",
        to=email,
        subject=f"{participant.full_name} asks for your feedback",
        body=(
            f"{participant.full_name} is gathering 360 feedback against the Healthcare Leadership Model and "
            f"has asked you, as {Group(group).label.lower()}, for your view.\n\n"
            f"Give your feedback (no login needed; the link works once): {invitation_link(invitation)}\n\n"
            "Your answers are shown only together with those of other raters in your group, and only when "
            "enough people have answered. Your name is never shown beside your answers. You can withdraw "
            "from the same link at any time."
        ),
    )
    audit_record(actor=by, action="feedback360.rater.invite", obj=invitation, group=group)
    return invitation


@transaction.atomic
def rater_submit(
    *,
    token: str,
    ratings: Mapping[Any, Any],
    comments: Mapping[str, Any] | None = None,
    consents: bool = False,
) -> Invitation:
    """A rater's answers, once. The token is the credential (Invitation.DoesNotExist for a wrong one)."""
    invitation = _invitation_for_token(token)
    if invitation.withdrawn_at is not None:
        raise ValidationError({"token": "You withdrew from this 360, so this link can no longer be used."})
    if invitation.submitted_at is not None:
        raise ValidationError(
            {"token": "This link has already been used: your feedback was received. Each link works once."}
        )
    assessment = _lock_open(invitation.assessment)
    clean, texts = _clean_answers(assessment, ratings, comments or {})
    _save_answers(invitation, clean, texts)
    invitation.consents_to_show = bool(consents) and invitation.group == Group.LINE_MANAGER
    invitation.save()
    audit_record(actor=None, action="feedback360.rater.submit", obj=invitation)
    return invitation


@transaction.atomic
def rater_withdraw(*, token: str) -> Invitation:
    """The rater's answers are deleted. After the closing, every column of the frozen report they fed
    is removed, never recomputed without them (figures.without_rater)."""
    invitation = _invitation_for_token(token)
    if invitation.withdrawn_at is not None:
        raise ValidationError({"token": "You have already withdrawn from this 360."})
    assessment = Assessment.objects.select_for_update().get(pk=invitation.assessment_id)
    invitation.ratings.all().delete()
    invitation.comments = {}
    invitation.consents_to_show = False
    invitation.withdrawn_at = timezone.now()
    invitation.save()
    if assessment.status == Assessment.Status.CLOSED:
        assessment.report, assessment.columns_of = figures.without_rater(
            assessment.report, assessment.columns_of, invitation.pk
        )
        assert assessment.closed_at is not None
        if not figures.quarter_ended(
            figures.quarter_of(timezone.localdate(assessment.closed_at)), timezone.localdate()
        ):
            assessment.aggregate_row = figures.aggregate_row(assessment.report)
        assessment.save(update_fields=["report", "columns_of", "aggregate_row", "updated_at"])
    audit_record(actor=None, action="feedback360.rater.withdraw", obj=invitation)
    return invitation


def _answers(invitation: Invitation) -> figures.Answers:
    return figures.Answers(
        id=invitation.pk,
        group=invitation.group,
        ratings={r.statement_id: r.level for r in invitation.ratings.all()},
        comments=invitation.comments or {},
        consents=invitation.consents_to_show,
    )


@transaction.atomic
def assessment_close(*, assessment: Assessment, by: Actor | None) -> Assessment:
    """Freeze the report. By None: the nightly job, on the closing date."""
    if by is not None:
        _require(is_participant(by, assessment), "Only the person the 360 is about can close it.")
    assessment = _lock_open(assessment)
    answered = list(
        assessment.invitations.filter(submitted_at__isnull=False, withdrawn_at__isnull=True).prefetch_related(
            "ratings"
        )
    )
    own = next((i for i in answered if i.group == Group.SELF), None)
    dimension_of = dict(Statement.objects.filter(pk__in=assessment.statements).values_list("pk", "dimension"))
    min_raters = min_raters_of(assessment.academy_id)
    report, columns_of = figures.build_report(
        self_answers=_answers(own) if own else None,
        raters=[_answers(i) for i in answered if i.group != Group.SELF],
        dimension_of=dimension_of,
        min_raters=min_raters,
    )
    assessment.report, assessment.columns_of = report, columns_of
    assessment.aggregate_row = figures.aggregate_row(report)
    assessment.min_raters = min_raters
    assessment.status = Assessment.Status.CLOSED
    assessment.closed_at = timezone.now()
    assessment.save()
    outbox_enqueue(
        key=f"feedback360.closed:{assessment.pk}",
        to=assessment.participant.email,
        subject="Your 360 feedback report is ready",
        body=f"Your 360 feedback has closed and your report is ready: {settings.SITE_URL.rstrip('/')}/360/{assessment.pk}/report/",
    )
    audit_record(actor=by, action="feedback360.assessment.close", obj=assessment)
    return assessment


def assessments_close_due(*, today: dt.date | None = None) -> list[int]:
    """Close every open 360 whose closing date has passed (the nightly task)."""
    today = today or timezone.localdate()
    closed = []
    for pk in Assessment.objects.filter(status=Assessment.Status.OPEN, closes_on__lt=today).values_list(
        "pk", flat=True
    ):
        assessment_close(assessment=Assessment.objects.get(pk=pk), by=None)
        closed.append(pk)
    return closed


# --- Sharing with a coach -------------------------------------------------------------------------------


@transaction.atomic
def share_create(*, assessment: Assessment, relationship: Relationship, by: Actor) -> Share:
    _require(is_participant(by, assessment), "Only the person the 360 is about can share it.")
    relationship = (
        Relationship.objects.select_for_update().select_related("practitioner").get(pk=relationship.pk)
    )
    if not can_share_with(by, assessment, relationship):
        raise ValidationError({"relationship": "Choose a coach you are working with now."})
    existing = Share.objects.filter(
        assessment=assessment, relationship=relationship, revoked_at__isnull=True
    ).first()
    if existing is not None:
        return existing
    share = Share.objects.create(assessment=assessment, relationship=relationship)
    audit_record(actor=by, action="feedback360.share.create", obj=share, relationship=relationship.pk)
    return share


@transaction.atomic
def share_revoke(*, share: Share, by: Actor) -> Share:
    share = Share.objects.select_for_update().select_related("assessment").get(pk=share.pk)
    _require(is_participant(by, share.assessment), "Only the person the 360 is about can stop sharing it.")
    if share.revoked_at is None:
        share.revoked_at = timezone.now()
        share.save(update_fields=["revoked_at", "updated_at"])
        audit_record(actor=by, action="feedback360.share.revoke", obj=share)
    return share
