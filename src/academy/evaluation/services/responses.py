"""Answers and responses: cleaning answers, submitting, bulk imports, the tallies figures are summed from, embeddings."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, Count, F, Q, TextField, Value, When
from django.utils import timezone

from academy.core.audit import audit_record
from academy.core.dates import long_date
from academy.core.types import Actor
from academy.people.models import Person

from ..models import (
    NUMERIC_RANGES,
    TEXT_TYPES,
    Answer,
    AnswerTally,
    Invitation,
    Question,
    QuestionType,
    Response,
    Survey,
)
from ..permissions import can_manage_survey
from ._shared import FREE_TEXT_MAX, ONE_WORD_MAX
from .surveys import _lock_anonymity, invitation_by_token


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
    from ..tasks import answers_embed

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
