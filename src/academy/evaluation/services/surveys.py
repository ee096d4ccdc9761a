"""Every write to evaluations (surveys): creating, inviting, reminding, anonymity and closing; invitation links."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from base64 import urlsafe_b64encode

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from academy.core.audit import audit_record
from academy.core.dates import long_date
from academy.core.outbox import outbox_enqueue
from academy.core.types import Actor
from academy.offers.models import Cohort, Offer, Session
from academy.people.models import Person

from ..models import Instrument, Invitation, Survey
from ..permissions import can_create_survey, can_manage_survey, can_use_instrument
from ..selectors import attendances_to_invite
from ..subjects import survey_subject_of
from ._shared import _user


def survey_create(
    *,
    instrument: Instrument,
    title: str = "",
    offer: Offer | None = None,
    cohort: Cohort | None = None,
    session: Session | None = None,
    subject: Model | None = None,
    anonymous: bool = True,
    opens_at: dt.datetime | None = None,
    closes_at: dt.datetime | None = None,
    reminder_days: list[int] | None = None,
    invite_automatically: bool = True,
    by: Actor | None,
) -> Survey:
    """Attach a published instrument to an offer, a cohort or a session, or to any `subject` an app has
    registered (evaluation/subjects.py): then the subject's `may_manage` rule decides who may, the survey
    belongs to `academy_of(subject)` and invitations go to `participants_of(subject)`. An offer, cohort or
    session passed as `subject` is the same as passing it by name.

    An evaluation of a whole offer never invites automatically (its cohorts end at different times), so
    `invite_automatically` is stored as False for it whatever was asked; nor does one about another subject
    (it has no sessions to end).
    """
    errors: dict[str, str] = {}
    if isinstance(subject, Session):
        session, subject = subject, None
    elif isinstance(subject, Cohort):
        cohort, subject = subject, None
    elif isinstance(subject, Offer):
        offer, subject = subject, None
    if subject is not None:
        return _survey_about_subject(
            instrument=instrument,
            subject=subject,
            title=title,
            anonymous=anonymous,
            opens_at=opens_at,
            closes_at=closes_at,
            reminder_days=reminder_days,
            by=by,
            mixed=any(x is not None for x in (offer, cohort, session)),
        )
    if session is not None:
        cohort = session.cohort
    if cohort is not None:
        if offer is not None and cohort.offer_id != offer.pk:
            errors["cohort"] = "This cohort belongs to a different offer."
        offer = cohort.offer
    if offer is None:
        errors["offer"] = "Choose the offer, cohort or session this evaluation is about."
    elif by is not None and not can_create_survey(by, offer):
        raise PermissionDenied("Only the academy's programme team can set up an evaluation of this offer.")
    opens_at, closes_at, reminder_days = _check_survey_fields(
        errors,
        instrument=instrument,
        opens_at=opens_at,
        closes_at=closes_at,
        reminder_days=reminder_days,
        by=by,
    )
    assert offer is not None
    if not title:
        target = session.title if session else (cohort.name if cohort else offer.title)
        title = f"{instrument.name}: {target}"
    with transaction.atomic():
        survey = Survey.objects.create(
            instrument=instrument,
            title=title[:200],
            academy=offer.academy,
            subject=session or cohort or offer,
            offer=offer,
            cohort=cohort,
            session=session,
            anonymous=anonymous,
            opens_at=opens_at,
            closes_at=closes_at,
            reminder_days=reminder_days,
            invite_automatically=invite_automatically and cohort is not None,
            created_by=_user(by),
        )
        audit_record(actor=by, action="evaluation.survey.create", obj=survey)
    return survey


def _check_survey_fields(
    errors: dict[str, str],
    *,
    instrument: Instrument,
    opens_at: dt.datetime | None,
    closes_at: dt.datetime | None,
    reminder_days: list[int] | None,
    by: Actor | None,
) -> tuple[dt.datetime, dt.datetime, list[int]]:
    """The instrument, dates and reminders every survey needs, whatever it is about; raises every error found."""
    if instrument.status != Instrument.Status.PUBLISHED:
        errors["instrument"] = "Choose a published question set."
    elif by is not None and not can_use_instrument(by, instrument):
        errors["instrument"] = "Choose a published question set you may use."
    opens_at = opens_at or timezone.now()
    if closes_at is None:
        closes_at = opens_at + dt.timedelta(days=21)
    if closes_at <= opens_at:
        errors["closes_at"] = "The closing date must be after the opening date."
    reminder_days = sorted(set(reminder_days if reminder_days is not None else [7]))
    if any(not isinstance(d, int) or d < 1 or d > 90 for d in reminder_days):
        errors["reminder_days"] = "Reminders are sent between 1 and 90 days after the invitation."
    if errors:
        raise ValidationError(errors)
    return opens_at, closes_at, reminder_days


def _survey_about_subject(
    *,
    instrument: Instrument,
    subject: Model,
    title: str,
    anonymous: bool,
    opens_at: dt.datetime | None,
    closes_at: dt.datetime | None,
    reminder_days: list[int] | None,
    by: Actor | None,
    mixed: bool,
) -> Survey:
    registered = survey_subject_of(subject)
    if registered is None or subject.pk is None:
        raise ValidationError({"subject": "Evaluations cannot be about this."})
    if by is not None and not registered.may_manage(by, subject):
        raise PermissionDenied(
            f"Only those who manage this {registered.label} can set up an evaluation of it."
        )
    errors: dict[str, str] = {}
    if mixed:
        errors["subject"] = (
            f"An evaluation of a {registered.label} is not about an offer, cohort or session too."
        )
    opens_at, closes_at, reminder_days = _check_survey_fields(
        errors,
        instrument=instrument,
        opens_at=opens_at,
        closes_at=closes_at,
        reminder_days=reminder_days,
        by=by,
    )
    with transaction.atomic():
        survey = Survey.objects.create(
            instrument=instrument,
            title=(title or f"{instrument.name}: {subject}")[:200],
            academy=registered.academy_of(subject),
            subject=subject,
            anonymous=anonymous,
            opens_at=opens_at,
            closes_at=closes_at,
            reminder_days=reminder_days,
            invite_automatically=False,
            created_by=_user(by),
        )
        audit_record(actor=by, action="evaluation.survey.create", obj=survey)
    return survey


def survey_close(*, survey: Survey, by: Actor | None, now: dt.datetime | None = None) -> Survey:
    """Stop accepting answers now. For the survey's programme team (by=None: the system itself); the
    survey row is locked so that a close and an answer arriving together are decided in turn."""
    if by is not None and not can_manage_survey(by, survey):
        raise PermissionDenied("Only the academy's programme team can close this evaluation.")
    now = now or timezone.now()
    with transaction.atomic():
        survey = Survey.objects.select_for_update(of=("self",)).get(pk=survey.pk)
        if survey.closes_at > now:
            survey.closes_at = max(now, survey.opens_at + dt.timedelta(seconds=1))
            survey.save(update_fields=["closes_at", "updated_at"])
        audit_record(actor=by, action="evaluation.survey.close", obj=survey)
    return survey


def invitation_token(invitation: Invitation) -> str:
    """The link token: derived from the secret key and the invitation's salt, so reminders can repeat
    it, while the database holds only its SHA-256 hash."""
    digest = hmac.new(
        settings.SECRET_KEY.encode(),
        f"academy.evaluation.invitation:{invitation.token_salt}".encode(),
        "sha256",
    ).digest()
    return urlsafe_b64encode(digest).decode().rstrip("=")


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_by_token(token: str) -> Invitation | None:
    if not token or len(token) > 100:
        return None
    return (
        Invitation.objects.select_related("survey__instrument", "survey__offer")
        .filter(token_hash=_token_hash(token))
        .first()
    )


def invitation_link(invitation: Invitation) -> str:
    return f"{settings.SITE_URL.rstrip('/')}/evaluate/{invitation_token(invitation)}/"


def survey_attendees(survey: Survey) -> list[Person]:
    """People marked present at the survey's session (or any session of its cohort or offer); for a survey
    about another subject, the people its registration names (`participants_of`)."""
    if survey.offer_id is None:
        registered = survey_subject_of(survey.subject) if survey.subject is not None else None
        if registered is None:
            return []
        return sorted(registered.participants_of(survey.subject), key=lambda person: person.pk)
    present = attendances_to_invite()
    if survey.session_id:
        present = present.filter(session_id=survey.session_id)
    elif survey.cohort_id:
        present = present.filter(session__cohort_id=survey.cohort_id)
    else:
        present = present.filter(session__cohort__offer_id=survey.offer_id)
    return list(Person.objects.filter(pk__in=present.values("person_id")).order_by("pk"))


def _invitation_email(*, invitation: Invitation, person: Person, reminder: bool) -> tuple[str, str]:
    survey = invitation.survey
    subject = f"{'Reminder: ' if reminder else ''}Tell us what you thought of {survey.about}"
    anonymity = (
        "Your answers are anonymous: they are not linked to your name."
        if survey.anonymous
        else "Your answers will be linked to your name so that the programme team can follow up."
    )
    body = (
        f"Dear {person.given_name},\n\n"
        f"Thank you for taking part in {survey.about}. Please tell us what you thought. "
        f"It takes about 5 minutes and you do not need to log in.\n\n"
        f"{invitation_link(invitation)}\n\n"
        f"This link is just for you and works once. The evaluation closes on {long_date(survey.closes_at)}.\n"
        f"{anonymity}\n"
    )
    if reminder and survey.anonymous:
        body += (
            "If you have already answered, thank you, and please ignore this reminder: because your "
            "answers are anonymous, we do not know who has answered, so everyone invited is reminded.\n"
        )
    return subject, body


def survey_send_invitations(*, survey: Survey, by: Actor | None, now: dt.datetime | None = None) -> int:
    """Invite everyone who attended and has not been invited yet. Returns how many were invited."""
    if by is not None and not can_manage_survey(by, survey):
        raise PermissionDenied("Only the academy's programme team can invite people to this evaluation.")
    now = now or timezone.now()
    with transaction.atomic():
        survey = Survey.objects.select_for_update(of=("self",)).select_related("offer").get(pk=survey.pk)
        if now >= survey.closes_at:
            raise ValidationError({"survey": f"This evaluation closed on {long_date(survey.closes_at)}."})
        already = set(survey.invitations.exclude(person=None).values_list("person_id", flat=True))
        invited = 0
        for person in survey_attendees(survey):
            if person.pk in already:
                continue
            salt = secrets.token_hex(16)
            invitation = Invitation(survey=survey, person=person, token_salt=salt, sent_at=now)
            invitation.token_hash = _token_hash(invitation_token(invitation))
            invitation.save()
            subject, body = _invitation_email(invitation=invitation, person=person, reminder=False)
            outbox_enqueue(
                key=f"evaluation.invitation:{invitation.pk}", to=person.email, subject=subject, body=body
            )
            invited += 1
        if survey.invitations_sent_at is None:
            survey.invitations_sent_at = now
            survey.save(update_fields=["invitations_sent_at", "updated_at"])
        if invited:
            _lock_anonymity(survey, now)
        audit_record(actor=by, action="evaluation.survey.invite", obj=survey, invited=invited)
    return invited


def _lock_anonymity(survey: Survey, now: dt.datetime) -> None:
    """Fix an anonymous survey's anonymity from its first invitation or response (see the model's
    check constraint): from then on it can never be made named."""
    if survey.anonymous:
        Survey.objects.filter(pk=survey.pk, anonymity_locked_at__isnull=True).update(anonymity_locked_at=now)


def survey_anonymity_change(*, survey: Survey, anonymous: bool, by: Actor | None) -> Survey:
    """Make a survey anonymous or named, only while nobody has been invited and nothing answered.

    Anonymity is one-way and fixed once in use: unticking it later would let the invitation list say
    who answered; ticking it later would leave the earlier answers linked to names.
    """
    if by is not None and not can_manage_survey(by, survey):
        raise PermissionDenied("Only the academy's programme team can change this evaluation.")
    with transaction.atomic():
        survey = Survey.objects.select_for_update(of=("self",)).get(pk=survey.pk)
        if survey.anonymous == anonymous:
            return survey
        if survey.anonymity_locked_at is not None or survey.invitations.exists() or survey.responses.exists():
            raise ValidationError(
                {
                    "anonymous": "Whether this evaluation is anonymous cannot be changed once invitations "
                    "have been sent or answers received."
                }
            )
        survey.anonymous = anonymous
        survey.save(update_fields=["anonymous", "updated_at"])
        audit_record(actor=by, action="evaluation.survey.anonymity", obj=survey, anonymous=anonymous)
    return survey


def survey_send_reminders(*, survey: Survey, by: Actor | None = None, now: dt.datetime | None = None) -> int:
    """Remind people on the survey's reminder days, while it is open.

    A named survey reminds only the people who have not answered. An anonymous survey reminds everyone
    invited, answered or not (the e-mail says to ignore it if they have answered): skipping those who
    answered would make the reminders, the outbox and each invitation's reminder count a record of who
    responded. Returns how many reminders were sent.
    """
    if by is not None and not can_manage_survey(by, survey):
        raise PermissionDenied("Only the academy's programme team can remind people about this evaluation.")
    now = now or timezone.now()
    reminded = 0
    with transaction.atomic():
        invitations = (
            Invitation.objects.select_for_update(of=("self",))
            .filter(survey=survey, sent_at__isnull=False)
            .exclude(person=None)
            .select_related("person", "survey__offer")
        )
        if not survey.anonymous:  # anonymity cannot change once invitations exist
            invitations = invitations.filter(responded_at__isnull=True)
        pending = list(invitations)
        # The survey after its invitations, in the order response_submit locks them, so neither waits
        # on the other; decided on the row as it is now, not as the caller read it.
        survey = Survey.objects.select_for_update(of=("self",)).get(pk=survey.pk)
        if now >= survey.closes_at or not survey.reminder_days:
            return 0
        for invitation in pending:
            number = invitation.reminders_sent
            if number >= len(survey.reminder_days):
                continue
            assert invitation.sent_at is not None
            if now < invitation.sent_at + dt.timedelta(days=survey.reminder_days[number]):
                continue
            assert invitation.person is not None
            subject, body = _invitation_email(invitation=invitation, person=invitation.person, reminder=True)
            outbox_enqueue(
                key=f"evaluation.reminder:{invitation.pk}:{number + 1}",
                to=invitation.person.email,
                subject=subject,
                body=body,
            )
            invitation.reminders_sent = number + 1
            invitation.reminded_at = now
            invitation.save(update_fields=["reminders_sent", "reminded_at"])
            reminded += 1
    return reminded
