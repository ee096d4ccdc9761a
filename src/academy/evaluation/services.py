"""Every write in evaluation: instruments, surveys, invitations, responses, goals and theme edits."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from base64 import urlsafe_b64encode
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, Count, F, Max, Q, TextField, Value, When
from django.utils import timezone

from academy.core.audit import audit_record
from academy.core.dates import long_date, start_of_day
from academy.core.outbox import outbox_enqueue
from academy.core.types import Actor
from academy.offers.models import Cohort, Offer, Session
from academy.offers.selectors import academies_manageable
from academy.people.models import Academy, Person

from .models import (
    NUMERIC_RANGES,
    TEXT_TYPES,
    Answer,
    AnswerTally,
    Goal,
    Instrument,
    Invitation,
    Question,
    QuestionType,
    Response,
    Survey,
    Theme,
    ThemeMembership,
    ThemeSet,
)
from .permissions import (
    can_create_instrument,
    can_create_survey,
    can_edit_instrument,
    can_edit_themes,
    can_find_themes,
    can_manage_survey,
    can_rate_goal,
    can_set_goal,
    can_use_instrument,
    is_programme_team,
)
from .selectors import attendances_to_invite, cohorts_for_goals

ONE_WORD_MAX = 40
FREE_TEXT_MAX = 5000

# ---------------------------------------------------------------- instruments


def instrument_create(
    *, name: str, key: str = "", description: str = "", academy: Academy | None = None, by: Actor | None
) -> Instrument:
    """A new draft question set of an academy's own. A person (`by`) must run an academy: the set is
    for `academy` if given (one they manage), or for their academy if they manage exactly one; with more
    than one they must choose. The system (by=None) may create a standard set (no academy)."""
    if by is not None:
        if not is_programme_team(by):
            raise PermissionDenied("Only the academy's programme team can add question sets.")
        if academy is None:
            managed = list(academies_manageable(user=by)[:2])
            if len(managed) != 1:
                raise ValidationError({"academy": "Choose the academy this question set is for."})
            academy = managed[0]
        if not can_create_instrument(by, academy.pk):
            raise PermissionDenied("You can only add question sets for an academy you manage.")
    from django.utils.text import slugify

    key = slugify(key or name)[:80]
    if not key:
        raise ValidationError({"name": "Enter a name for the question set."})
    if Instrument.objects.filter(key=key).exists():
        raise ValidationError({"name": "A question set with this name already exists. Choose another name."})
    with transaction.atomic():
        instrument = Instrument.objects.create(
            key=key, name=name, description=description, academy=academy, created_by=_user(by)
        )
        audit_record(actor=by, action="evaluation.instrument.create", obj=instrument)
    return instrument


def _check_editable(instrument: Instrument) -> None:
    if not instrument.is_editable:
        raise ValidationError(
            {"instrument": "This version is published and cannot change. Make a new version to edit it."}
        )


def _clean_question(
    *, instrument: Instrument, code: str, text: str, type: str, choices: list[str]
) -> list[str]:
    errors: dict[str, str] = {}
    if type not in QuestionType.values:
        errors["type"] = "Choose a question type."
    if not text.strip():
        errors["text"] = "Enter the question."
    if not code:
        errors["code"] = "Enter a short code for the question, for example key_takeaway."
    cleaned = [c.strip() for c in choices if c and c.strip()]
    if type in (QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE):
        if len(cleaned) < 2:
            errors["choices"] = "Enter at least two answers to choose from."
        elif len({c.casefold() for c in cleaned}) != len(cleaned):
            errors["choices"] = "Each answer to choose from must be different."
    else:
        cleaned = []
    if errors:
        raise ValidationError(errors)
    return cleaned


def question_add(
    *,
    instrument: Instrument,
    code: str,
    text: str,
    type: str,
    choices: list[str] | None = None,
    required: bool = True,
    consent_to_quote: bool = False,
    hint: str = "",
    by: Actor | None,
) -> Question:
    if by is not None and not can_edit_instrument(by, instrument):
        raise PermissionDenied("You cannot change this question set.")
    from django.utils.text import slugify

    code = slugify(code).replace("-", "_")[:60]
    with transaction.atomic():
        instrument = Instrument.objects.select_for_update().get(pk=instrument.pk)
        _check_editable(instrument)
        cleaned = _clean_question(
            instrument=instrument, code=code, text=text, type=type, choices=choices or []
        )
        if instrument.questions.filter(code=code).exists():
            raise ValidationError({"code": "Another question in this set already uses this code."})
        order = (instrument.questions.aggregate(m=Max("order"))["m"] or 0) + 1
        question = Question.objects.create(
            instrument=instrument,
            order=order,
            code=code,
            text=text.strip(),
            hint=hint,
            type=type,
            choices=cleaned,
            required=required,
            consent_to_quote=consent_to_quote and type == QuestionType.FREE_TEXT,
        )
        audit_record(actor=by, action="evaluation.question.add", obj=question, instrument=instrument.pk)
    return question


def question_remove(*, question: Question, by: Actor | None) -> None:
    if by is not None and not can_edit_instrument(by, question.instrument):
        raise PermissionDenied("You cannot change this question set.")
    with transaction.atomic():
        instrument = Instrument.objects.select_for_update().get(pk=question.instrument_id)
        _check_editable(instrument)
        audit_record(actor=by, action="evaluation.question.remove", obj=question, instrument=instrument.pk)
        question.delete()


def instrument_publish(*, instrument: Instrument, by: Actor | None) -> Instrument:
    if by is not None and not can_edit_instrument(by, instrument):
        raise PermissionDenied("You cannot publish this question set.")
    with transaction.atomic():
        instrument = Instrument.objects.select_for_update().get(pk=instrument.pk)
        _check_editable(instrument)
        if not instrument.questions.exists():
            raise ValidationError({"instrument": "Add at least one question before publishing."})
        instrument.status = Instrument.Status.PUBLISHED
        instrument.published_at = timezone.now()
        instrument.save(update_fields=["status", "published_at", "updated_at"])
        audit_record(actor=by, action="evaluation.instrument.publish", obj=instrument)
    return instrument


def instrument_new_version(*, instrument: Instrument, by: Actor | None) -> Instrument:
    """A draft copy of the latest version, numbered one higher, to edit and publish."""
    if by is not None and not can_edit_instrument(by, instrument):
        raise PermissionDenied("You cannot change this question set.")
    with transaction.atomic():
        latest = (
            Instrument.objects.select_for_update().filter(key=instrument.key).order_by("-version").first()
        )
        assert latest is not None
        if latest.status == Instrument.Status.DRAFT:
            raise ValidationError(
                {"instrument": f"Version {latest.version} is still a draft: edit that one."}
            )
        draft = Instrument.objects.create(
            key=latest.key,
            name=latest.name,
            description=latest.description,
            academy=latest.academy,
            version=latest.version + 1,
            created_by=_user(by),
        )
        Question.objects.bulk_create(
            Question(
                instrument=draft,
                order=q.order,
                code=q.code,
                text=q.text,
                hint=q.hint,
                type=q.type,
                choices=q.choices,
                required=q.required,
                consent_to_quote=q.consent_to_quote,
            )
            for q in latest.questions.all()
        )
        audit_record(actor=by, action="evaluation.instrument.new_version", obj=draft, previous=latest.pk)
    return draft


def instruments_load_standard(*, by: Actor | None = None) -> list[Instrument]:
    """Create or update the standard instruments. Idempotent: an unchanged definition changes nothing,
    a changed one becomes a new published version (published versions never change)."""
    from .standard import STANDARD_INSTRUMENTS

    loaded = []
    with transaction.atomic():
        for definition in STANDARD_INSTRUMENTS:
            latest = Instrument.objects.filter(key=definition["key"]).order_by("-version").first()
            wanted = [_question_signature(q) for q in definition["questions"]]
            if latest is not None:
                have = [
                    _question_signature(
                        {
                            "code": q.code,
                            "text": q.text,
                            "type": q.type,
                            "choices": q.choices,
                            "required": q.required,
                            "consent_to_quote": q.consent_to_quote,
                        }
                    )
                    for q in latest.questions.order_by("order")
                ]
                if have == wanted:
                    loaded.append(latest)
                    continue
            instrument = Instrument.objects.create(
                key=definition["key"],
                name=definition["name"],
                description=definition["description"],
                version=(latest.version + 1) if latest else 1,
                status=Instrument.Status.PUBLISHED,
                published_at=timezone.now(),
            )
            for order, q in enumerate(definition["questions"], start=1):
                Question.objects.create(
                    instrument=instrument,
                    order=order,
                    code=q["code"],
                    text=q["text"],
                    type=q["type"],
                    choices=q.get("choices", []),
                    required=q.get("required", True),
                    consent_to_quote=q.get("consent_to_quote", False),
                )
            loaded.append(instrument)
    return loaded


def _question_signature(q: dict[str, Any]) -> tuple[Any, ...]:
    return (
        q["code"],
        q["text"],
        q["type"],
        tuple(q.get("choices") or ()),
        bool(q.get("required", True)),
        bool(q.get("consent_to_quote", False)),
    )


# ---------------------------------------------------------------- surveys and invitations


def survey_create(
    *,
    instrument: Instrument,
    title: str = "",
    offer: Offer | None = None,
    cohort: Cohort | None = None,
    session: Session | None = None,
    anonymous: bool = True,
    opens_at: dt.datetime | None = None,
    closes_at: dt.datetime | None = None,
    reminder_days: list[int] | None = None,
    invite_automatically: bool = True,
    by: Actor | None,
) -> Survey:
    """Attach a published instrument to an offer, a cohort or a session.

    An evaluation of a whole offer never invites automatically (its cohorts end at different times), so
    `invite_automatically` is stored as False for it whatever was asked.
    """
    errors: dict[str, str] = {}
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
    assert offer is not None
    if not title:
        target = session.title if session else (cohort.name if cohort else offer.title)
        title = f"{instrument.name}: {target}"
    with transaction.atomic():
        survey = Survey.objects.create(
            instrument=instrument,
            title=title[:200],
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
    """People marked present at the survey's session (or any session of its cohort or offer)."""
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
    subject = f"{'Reminder: ' if reminder else ''}Tell us what you thought of {survey.offer.title}"
    anonymity = (
        "Your answers are anonymous: they are not linked to your name."
        if survey.anonymous
        else "Your answers will be linked to your name so that the programme team can follow up."
    )
    body = (
        f"Dear {person.given_name},\n\n"
        f"Thank you for taking part in {survey.offer.title}. Please tell us what you thought. "
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


# ---------------------------------------------------------------- answers and responses


@dataclass
class CleanAnswer:
    question: Question
    choice: str = ""
    numeric: int | None = None
    text: str = ""
    choices: list[str] | None = None
    consent_to_quote: bool = False


@dataclass
class CleanedAnswers:
    answers: list[CleanAnswer] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)
    submitted_at: dt.datetime | None = None  # imports: when the other tool says it was answered
    # imports and demo data: the respondent's role level and sector, to credit quotes (never a name)
    respondent_role_level: str = ""
    respondent_sector: str = ""


def _is_blank(value: Any) -> bool:
    return (
        value is None
        or (isinstance(value, str) and not value.strip())
        or (isinstance(value, list) and not value)
    )


def _match_option(question: Question, value: Any) -> str | None:
    text = str(value).strip().casefold()
    aliases = {"y": "yes", "true": "yes", "n": "no", "false": "no"}
    if question.type in (QuestionType.YES_NO, QuestionType.WOULD_RECOMMEND):
        text = aliases.get(text, text)
    for code, label in question.options:
        if text in (code.casefold(), label.casefold()):
            return code
    return None


def clean_answer(
    question: Question, value: Any, *, consent: bool = False
) -> tuple[CleanAnswer | None, str | None]:
    """Validate one answer. Returns (answer, None), (None, error message), or (None, None) when a
    question that is not required was left blank."""
    qtype = question.type
    if _is_blank(value):
        if question.required:
            if qtype in TEXT_TYPES:
                return None, f"Enter an answer to “{question.text}”."
            return None, f"Select an answer to “{question.text}”."
        return None, None
    answer = CleanAnswer(question=question, consent_to_quote=bool(consent) and question.consent_to_quote)
    if qtype in (
        QuestionType.AGREEMENT_5,
        QuestionType.YES_NO,
        QuestionType.WOULD_RECOMMEND,
        QuestionType.SINGLE_CHOICE,
    ):
        if isinstance(value, list | dict):
            return None, "Select one answer."
        code = _match_option(question, value)
        if code is None:
            return None, "Select one of the answers shown."
        answer.choice = code
    elif qtype == QuestionType.MULTIPLE_CHOICE:
        items = value if isinstance(value, list) else str(value).split(";")
        picked = []
        for item in items:
            if _is_blank(item):
                continue
            code = _match_option(question, item)
            if code is None:
                return None, f"“{str(item)[:50]}” is not one of the answers shown."
            if code not in picked:
                picked.append(code)
        if not picked:
            return None, "Select at least one answer."
        answer.choices = picked
    elif qtype in NUMERIC_RANGES:
        low, high = NUMERIC_RANGES[QuestionType(qtype)]
        try:
            if isinstance(value, bool):
                raise ValueError
            if isinstance(value, float) and not value.is_integer():
                raise ValueError
            number = int(str(int(value)) if isinstance(value, float) else str(value).strip())
        except (TypeError, ValueError):
            return None, f"Enter a whole number from {low} to {high}."
        if not low <= number <= high:
            return None, f"Enter a whole number from {low} to {high}."
        answer.numeric = number
    elif qtype == QuestionType.ONE_WORD:
        if not isinstance(value, str):
            return None, "Enter a word."
        text = " ".join(value.split())
        if len(text) > ONE_WORD_MAX:
            return None, f"Enter one word or a short phrase of {ONE_WORD_MAX} characters or fewer."
        answer.text = text
    elif qtype == QuestionType.FREE_TEXT:
        if not isinstance(value, str):
            return None, "Enter your answer as text."
        text = value.strip()
        if len(text) > FREE_TEXT_MAX:
            return None, f"Your answer must be {FREE_TEXT_MAX} characters or fewer."
        answer.text = text
    return answer, None


def clean_answers(
    questions: list[Question], raw: dict[str, Any], consents: set[str] | frozenset[str] = frozenset()
) -> CleanedAnswers:
    """Validate every answer against its question; errors keyed by question code."""
    result = CleanedAnswers()
    known = {q.code for q in questions}
    for code in raw:
        if code not in known:
            result.errors[code] = "This question is not part of this evaluation."
    for question in questions:
        answer, error = clean_answer(question, raw.get(question.code), consent=question.code in consents)
        if error:
            result.errors[question.code] = error
        elif answer is not None:
            result.answers.append(answer)
    return result


def _snapshot(person: Person | None, *, anonymous: bool) -> dict[str, Any]:
    """Role level, sector and ICS at the time of answering, to attribute quotes and break figures down.
    Anonymous responses keep no job title or organisation type: they narrow a respondent down too far."""
    if person is None:
        return {}
    organisation = person.organisation
    snapshot = {
        "respondent_role_level": person.role_level,
        "respondent_sector": organisation.sector if organisation else "",
        "respondent_ics_id": organisation.ics_id if organisation else None,
    }
    if not anonymous:
        snapshot["respondent_job_title"] = person.job_title
        snapshot["respondent_org_type"] = organisation.org_type if organisation else ""
    return snapshot


def _start_of_day(moment: dt.datetime) -> dt.datetime:
    local = timezone.localtime(moment)
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def _check_open(survey: Survey, now: dt.datetime) -> None:
    if now < survey.opens_at:
        raise ValidationError({"survey": f"This evaluation opens on {long_date(survey.opens_at)}."})
    if now >= survey.closes_at:
        raise ValidationError({"survey": f"This evaluation closed on {long_date(survey.closes_at)}."})


def _save_response(
    *, survey: Survey, person: Person | None, cleaned: CleanedAnswers, source: str, submitted_at: dt.datetime
) -> Response:
    response = Response.objects.create(
        survey=survey,
        person=None if survey.anonymous else person,
        is_anonymous=survey.anonymous,
        submitted_at=submitted_at,
        source=source,
        **_snapshot(person, anonymous=survey.anonymous),
    )
    Answer.objects.bulk_create(
        Answer(
            response=response,
            question=a.question,
            choice=a.choice,
            numeric=a.numeric,
            text=a.text,
            choices=a.choices,
            consent_to_quote=a.consent_to_quote,
        )
        for a in cleaned.answers
    )
    survey_tallies_refresh(survey_ids=[survey.pk])
    return response


@transaction.atomic
def survey_tallies_refresh(*, survey_ids: list[int] | None = None) -> int:
    """Recount the answer tallies of these surveys (every survey when None) from their answers: one
    grouped pass, the survey rows locked first so that two submissions to one survey recount in turn.
    Every write of answers calls this; figures are summed from the tallies. Returns the rows written.
    """
    surveys = Survey.objects.order_by("pk")
    if survey_ids is not None:
        surveys = surveys.filter(pk__in=survey_ids)
    locked = list(surveys.select_for_update(of=("self",)).values_list("pk", flat=True))
    if not locked:
        return 0
    in_scope = surveys.values("pk")
    grouped = (
        Answer.objects.filter(response__survey__in=in_scope)
        .annotate(
            word=Case(
                When(question__type=QuestionType.ONE_WORD, then=F("text")),
                default=Value(""),
                output_field=TextField(),
            )
        )
        .values("response__survey_id", "question_id", "choice", "numeric", "word", "choices")
        .annotate(n=Count("id"), with_text=Count("id", filter=~Q(text="") | Q(text_removed_on__isnull=False)))
        .order_by()
    )
    rows = [
        AnswerTally(
            survey_id=row["response__survey_id"],
            question_id=row["question_id"],
            choice=row["choice"],
            numeric=row["numeric"],
            word=row["word"],
            choices=row["choices"],
            answers=row["n"],
            written=row["with_text"],
        )
        for row in grouped
    ]
    AnswerTally.objects.filter(survey__in=in_scope).delete()
    AnswerTally.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def response_submit(
    *,
    answers: dict[str, Any],
    consents: set[str] | frozenset[str] = frozenset(),
    invitation_token: str | None = None,
    survey: Survey | None = None,
    person: Person | None = None,
    source: str = Response.Source.WEB,
    now: dt.datetime | None = None,
) -> Response:
    """Record one response, through a single-use link (token) or as a logged-in invited person.

    For an anonymous survey nothing links the response to the person or the invitation: the response
    has no person, and the invitation records only the day it was used (so did the response), which
    still makes a second response through the same invitation impossible.
    """
    now = now or timezone.now()
    with transaction.atomic():
        invitation: Invitation | None
        if invitation_token is not None:
            found = invitation_by_token(invitation_token)
            if found is None:
                raise ValidationError({"token": "This link is not valid. Check you copied the whole link."})
            invitation = (
                Invitation.objects.select_for_update(of=("self",))
                .select_related("survey", "person")
                .get(pk=found.pk)
            )
        elif survey is not None and person is not None:
            invitation = (
                Invitation.objects.select_for_update(of=("self",))
                .select_related("survey", "person")
                .filter(survey=survey, person=person)
                .first()
            )
            if invitation is None:
                raise ValidationError({"survey": "You have not been invited to answer this evaluation."})
        else:
            raise ValidationError({"token": "Use the link in your invitation e-mail."})
        assert invitation is not None
        survey = invitation.survey
        _check_open(survey, now)
        if invitation.responded_at is not None:
            raise ValidationError({"token": "You have already answered this evaluation. Thank you."})
        questions = list(survey.instrument.questions.order_by("order"))
        cleaned = clean_answers(questions, answers, consents)
        if cleaned.errors:
            raise ValidationError(cleaned.errors)
        # Anonymous: the invitation keeps only "used" (the survey's opening time stands in for when),
        # and the response only the day, so no timestamp pairs one with the other.
        moment = _start_of_day(now) if survey.anonymous else now
        marker = survey.opens_at if survey.anonymous else now
        used = Invitation.objects.filter(pk=invitation.pk, responded_at__isnull=True).update(
            responded_at=marker
        )
        if used != 1:
            raise ValidationError({"token": "You have already answered this evaluation. Thank you."})
        try:
            response = _save_response(
                survey=survey, person=invitation.person, cleaned=cleaned, source=source, submitted_at=moment
            )
        except IntegrityError as error:
            raise ValidationError(
                {"token": "You have already answered this evaluation. Thank you."}
            ) from error
        # No audit entry naming the invitation or person for anonymous surveys: the log must not link them.
        if not survey.anonymous:
            audit_record(actor=None, action="evaluation.response.submit", obj=response)
        _schedule_embeddings(response)
    return response


def _embed_after_commit(answer_ids: list[int]) -> None:
    """Encode new free-text answers in the background once they are saved. With no broker (tasks run
    in-process) this is skipped unless EVALUATION_EMBED_EAGER is set, so that loading the model never
    holds up the person answering; the next theme run encodes and keeps whatever is still missing."""
    if settings.CELERY_TASK_ALWAYS_EAGER and not getattr(settings, "EVALUATION_EMBED_EAGER", False):
        return
    from .tasks import answers_embed

    transaction.on_commit(lambda: answers_embed.delay(answer_ids=answer_ids))


def _schedule_embeddings(response: Response) -> None:
    answer_ids = list(
        Answer.objects.filter(response=response, question__type=QuestionType.FREE_TEXT)
        .exclude(text="")
        .values_list("pk", flat=True)
    )
    if answer_ids:
        _embed_after_commit(answer_ids)


def responses_create_bulk(
    *, survey: Survey, rows: list[CleanedAnswers], source: str, submitted_at: dt.datetime, by: Actor | None
) -> int:
    """Save already-validated rows as responses with no person (imports, demo data), all or none."""
    if by is not None and not can_manage_survey(by, survey):
        raise PermissionDenied("Only the academy's programme team can add responses to this evaluation.")

    def moment(row: CleanedAnswers) -> dt.datetime:
        when = row.submitted_at or submitted_at
        return _start_of_day(when) if survey.anonymous else when

    with transaction.atomic():
        responses = Response.objects.bulk_create(
            Response(
                survey=survey,
                person=None,
                is_anonymous=survey.anonymous,
                submitted_at=moment(row),
                source=source,
                respondent_role_level=row.respondent_role_level,
                respondent_sector=row.respondent_sector,
            )
            for row in rows
        )
        if any(r.pk is None for r in responses):  # backends without RETURNING ids (none we support)
            raise RuntimeError("bulk_create did not return primary keys")
        Answer.objects.bulk_create(
            (
                Answer(
                    response=response,
                    question=a.question,
                    choice=a.choice,
                    numeric=a.numeric,
                    text=a.text,
                    choices=a.choices,
                    consent_to_quote=a.consent_to_quote,
                )
                for response, row in zip(responses, rows, strict=True)
                for a in row.answers
            ),
            batch_size=2000,
        )
        survey_tallies_refresh(survey_ids=[survey.pk])
        if responses:
            _lock_anonymity(survey, timezone.now())
        audit_record(actor=by, action="evaluation.response.import", obj=survey, rows=len(rows))
        if not responses:
            return 0
        response_ids = [r.pk for r in responses]
        answer_ids = list(
            Answer.objects.filter(
                response__survey=survey,
                response_id__gte=min(response_ids),
                response_id__lte=max(response_ids),
                question__type=QuestionType.FREE_TEXT,
            )
            .exclude(text="")
            .values_list("pk", flat=True)
        )
        if answer_ids:
            _embed_after_commit(answer_ids)
        return len(responses)


def answers_store_embeddings(*, vectors: dict[int, list[float]]) -> int:
    """Keep each free-text answer's vector as float32 bytes."""
    import numpy as np

    for answer_id, vector in vectors.items():
        Answer.objects.filter(pk=answer_id).update(embedding=np.asarray(vector, dtype="<f4").tobytes())
    return len(vectors)


# ---------------------------------------------------------------- goals


def _clean_rating(name: str, value: Any, errors: dict[str, str]) -> int | None:
    if value is None or value == "":
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        errors[name] = "Enter a whole number from 1 to 10."
        return None
    if isinstance(value, bool) or not 1 <= number <= 10 or str(value).strip() not in (str(number),):
        errors[name] = "Enter a whole number from 1 to 10."
        return None
    return number


def goal_create(
    *,
    person: Person,
    theme: str,
    text: str,
    cohort: Cohort | None = None,
    survey: Survey | None = None,
    rating_before: Any = None,
    by: Actor | None,
) -> Goal:
    if by is not None and not can_set_goal(by, person, cohort):
        raise PermissionDenied("You can only set your own goals.")
    errors: dict[str, str] = {}
    if not theme.strip():
        errors["theme"] = "Choose the area your goal is about."
    if not text.strip():
        errors["text"] = "Describe your goal."
    before = _clean_rating("rating_before", rating_before, errors)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # A person's goal belongs to a cohort they have (or had) a confirmed place on, whether set on the
        # page or through the API; the system (by=None: imports, demo data) records goals as it finds them.
        if (
            by is not None
            and cohort is not None
            and not cohorts_for_goals(person=person).filter(pk=cohort.pk).exists()
        ):
            raise ValidationError({"cohort": "Choose a cohort you have a place on."})
        goal = Goal.objects.create(
            person=person,
            theme=theme.strip()[:200],
            text=text.strip(),
            cohort=cohort,
            survey=survey,
            rating_before=before,
        )
        audit_record(actor=by, action="evaluation.goal.create", obj=goal)
    return goal


def goal_after_rating_opens(goal: Goal) -> dt.datetime | None:
    """When a goal can be rated "after": once its cohort's last session has started, so people can rate
    themselves in the closing session itself (or, with no sessions yet, from the start of the cohort's
    last day). None for a goal with no cohort: nothing to wait for."""
    if goal.cohort_id is None:
        return None
    last = Session.objects.filter(cohort_id=goal.cohort_id).aggregate(last=Max("starts_at"))["last"]
    if last is not None:
        return last
    cohort = Cohort.objects.only("ends_on").get(pk=goal.cohort_id)
    return start_of_day(cohort.ends_on)


def goal_rate(
    *,
    goal: Goal,
    rating_before: Any = None,
    rating_after: Any = None,
    by: Actor | None,
    now: dt.datetime | None = None,
) -> Goal:
    if by is not None and not can_rate_goal(by, goal):
        raise PermissionDenied("You can only rate your own goals.")
    errors: dict[str, str] = {}
    before = _clean_rating("rating_before", rating_before, errors)
    after = _clean_rating("rating_after", rating_after, errors)
    with transaction.atomic():
        # Decide on the ratings as stored now: a "before" given in another request since `goal` was read.
        locked = Goal.objects.select_for_update().get(pk=goal.pk)
        goal.rating_before, goal.rating_after = locked.rating_before, locked.rating_after
        if after is not None and before is None and goal.rating_before is None:
            errors["rating_after"] = (
                "Rate yourself before the first session before rating yourself after the last."
            )
        opens = goal_after_rating_opens(goal) if after is not None else None
        if opens is not None and (now or timezone.now()) < opens:
            errors["rating_after"] = (
                "You can rate your progress after the programme once its last session has started, "
                f"on {long_date(opens)}."
            )
        if errors:
            raise ValidationError(errors)
        if before is not None:
            goal.rating_before = before
        if after is not None:
            goal.rating_after = after
        goal.save(update_fields=["rating_before", "rating_after", "updated_at"])
        audit_record(actor=by, action="evaluation.goal.rate", obj=goal)
    return goal


# ---------------------------------------------------------------- themes


def themeset_create(
    *, offer: Offer, question_code: str, survey: Survey | None = None, title: str = "", by: Actor | None
) -> ThemeSet:
    """Start a theme run over the free-text answers to one question; it runs in the background."""
    if by is not None and not can_find_themes(by, offer):
        raise PermissionDenied("Only the academy's programme team can look for themes in these answers.")
    if survey is not None and survey.offer_id != offer.pk:
        raise ValidationError({"survey": "This evaluation belongs to a different offer."})
    answers = _theme_answers(offer=offer, survey=survey, question_code=question_code)
    if not answers.exists():
        raise ValidationError({"question_code": "There are no written answers to this question yet."})
    with transaction.atomic():
        theme_set = ThemeSet.objects.create(
            title=title or f"Themes: {question_code.replace('_', ' ')}",
            offer=offer,
            survey=survey,
            question_code=question_code,
            created_by=_user(by),
        )
        audit_record(actor=by, action="evaluation.themes.create", obj=theme_set)
        from .tasks import themeset_run

        theme_set_id = theme_set.pk
        transaction.on_commit(lambda: themeset_run.delay(theme_set_id=theme_set_id))
    return theme_set


def _theme_answers(*, offer: Offer, survey: Survey | None, question_code: str) -> Any:
    answers = Answer.objects.filter(
        question__code=question_code,
        question__type__in=[QuestionType.FREE_TEXT, QuestionType.ONE_WORD],
        response__survey__offer=offer,
    ).exclude(text="")
    if survey is not None:
        answers = answers.filter(response__survey=survey)
    return answers.order_by("pk")


def themeset_store_result(*, theme_set: ThemeSet, themes: list[dict[str, Any]], method: str) -> ThemeSet:
    """Replace a run's themes with what the engine found: [{label, keywords, answer_ids, representative_ids}]."""
    with transaction.atomic():
        theme_set.themes.all().delete()
        for order, found in enumerate(themes):
            theme = Theme.objects.create(
                theme_set=theme_set,
                label=found["label"][:200],
                found_label=found["label"][:200],
                keywords=list(found.get("keywords", []))[:20],
                order=order,
                is_non_answer=bool(found.get("is_non_answer", False)),
            )
            representative = set(found.get("representative_ids", []))
            ThemeMembership.objects.bulk_create(
                ThemeMembership(
                    theme_set=theme_set,
                    theme=theme,
                    answer_id=answer_id,
                    representative=answer_id in representative,
                )
                for answer_id in found["answer_ids"]
            )
        theme_set.status = ThemeSet.Status.DONE
        theme_set.progress = 100
        theme_set.method = method[:40]
        theme_set.save(update_fields=["status", "progress", "method", "updated_at"])
    return theme_set


def theme_rename(*, theme: Theme, label: str, by: Actor | None) -> Theme:
    if by is not None and not can_edit_themes(by, theme.theme_set):
        raise PermissionDenied("Only the academy's programme team can change these themes.")
    label = label.strip()
    if not label:
        raise ValidationError({"label": "Enter a name for the theme."})
    with transaction.atomic():
        theme.label = label[:200]
        theme.save(update_fields=["label"])
        audit_record(actor=by, action="evaluation.themes.rename", obj=theme)
    return theme


def theme_merge(*, themes: list[Theme], label: str = "", by: Actor | None) -> Theme:
    """Merge themes of one set into the first; the others are removed."""
    if by is not None and not all(can_edit_themes(by, t.theme_set) for t in themes):
        raise PermissionDenied("Only the academy's programme team can change these themes.")
    if len(themes) < 2:
        raise ValidationError({"themes": "Choose at least two themes to merge."})
    if len({t.theme_set_id for t in themes}) != 1:
        raise ValidationError({"themes": "Themes can only be merged within one set."})
    keep, others = themes[0], themes[1:]
    with transaction.atomic():
        ThemeMembership.objects.filter(theme__in=others).update(theme=keep)
        keywords = list(dict.fromkeys([*keep.keywords, *[k for t in others for k in t.keywords]]))[:20]
        keep.keywords = keywords
        if label.strip():
            keep.label = label.strip()[:200]
        keep.save(update_fields=["keywords", "label"])
        Theme.objects.filter(pk__in=[t.pk for t in others]).delete()
        audit_record(actor=by, action="evaluation.themes.merge", obj=keep, merged=[t.pk for t in others])
    return keep


def theme_split(*, theme: Theme, answer_ids: list[int], label: str, by: Actor | None) -> Theme:
    """Move some of a theme's answers into a new theme of the same set."""
    if by is not None and not can_edit_themes(by, theme.theme_set):
        raise PermissionDenied("Only the academy's programme team can change these themes.")
    if not label.strip():
        raise ValidationError({"label": "Enter a name for the new theme."})
    members = ThemeMembership.objects.filter(theme=theme, answer_id__in=answer_ids)
    if not answer_ids or members.count() != len(set(answer_ids)):
        raise ValidationError({"answer_ids": "Choose answers that belong to this theme."})
    if members.count() == theme.memberships.count():
        raise ValidationError({"answer_ids": "Leave at least one answer in the original theme."})
    with transaction.atomic():
        order = (
            Theme.objects.filter(theme_set_id=theme.theme_set_id).aggregate(m=Max("order"))["m"] or 0
        ) + 1
        new = Theme.objects.create(theme_set_id=theme.theme_set_id, label=label.strip()[:200], order=order)
        members.update(theme=new)
        audit_record(actor=by, action="evaluation.themes.split", obj=new, source=theme.pk)
    return new


def answer_move(*, theme_set: ThemeSet, answer_id: int, to_theme: Theme, by: Actor | None) -> ThemeMembership:
    if by is not None and not can_edit_themes(by, theme_set):
        raise PermissionDenied("Only the academy's programme team can change these themes.")
    if to_theme.theme_set_id != theme_set.pk:
        raise ValidationError({"to_theme": "Choose a theme from the same set."})
    membership = ThemeMembership.objects.filter(theme_set=theme_set, answer_id=answer_id).first()
    if membership is None:
        raise ValidationError({"answer": "This answer is not part of this set of themes."})
    with transaction.atomic():
        membership.theme = to_theme
        membership.save(update_fields=["theme"])
        Theme.objects.filter(theme_set=theme_set).exclude(pk=to_theme.pk).filter(memberships=None).delete()
        audit_record(actor=by, action="evaluation.themes.move", obj=membership)
    return membership


THEME_OPERATIONS = ("rename", "merge", "split", "move")


def themes_edit(
    *,
    theme_set: ThemeSet,
    operation: str,
    theme: int | None = None,
    themes: list[int] | None = None,
    answers: list[int] | None = None,
    label: str = "",
    by: Actor | None,
) -> ThemeSet:
    """One edit to a run's themes, as the page and the API both send it: `theme` (an id) is the theme
    to rename, split or move an answer to; `themes` (ids) the ones to merge; `answers` (ids) the answers
    to split off, or the one answer to move. Ids outside this set are refused as bad input."""
    if by is not None and not can_edit_themes(by, theme_set):
        raise PermissionDenied("Only the academy's programme team can change these themes.")
    if operation not in THEME_OPERATIONS:
        raise ValidationError({"operation": "Choose what to do."})
    in_set = {t.pk: t for t in theme_set.themes.all()}

    def one(theme_id: int | None) -> Theme:
        found = in_set.get(theme_id or 0)
        if found is None:
            raise ValidationError({"theme": "Choose a theme from this set."})
        return found

    answer_ids = list(answers or [])
    if operation == "rename":
        theme_rename(theme=one(theme), label=label, by=by)
    elif operation == "merge":
        theme_merge(themes=[one(t) for t in themes or []], label=label, by=by)
    elif operation == "split":
        theme_split(theme=one(theme), answer_ids=answer_ids, label=label, by=by)
    else:
        if len(answer_ids) != 1:
            raise ValidationError({"answers": "Choose one answer to move."})
        answer_move(theme_set=theme_set, answer_id=answer_ids[0], to_theme=one(theme), by=by)
    return theme_set


def _user(by: Actor | None) -> Any:
    return by if getattr(by, "is_authenticated", False) else None
