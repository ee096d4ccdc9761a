"""Every write to question sets (instruments) and their questions, and loading the standard ones."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from academy.core.audit import audit_record
from academy.core.types import Actor
from academy.offers.selectors import academies_manageable
from academy.people.models import Academy

from ..models import Instrument, Question, QuestionType
from ..permissions import can_create_instrument, can_edit_instrument, is_programme_team
from ._shared import _user


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
    from ..standard import STANDARD_INSTRUMENTS

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


def instrument_standard_published(key: str) -> Instrument:
    """The latest published version of a standard instrument ("session-evaluation"), loading the standard
    instruments first if they are not there yet (the system acts: apps sending their own feedback)."""
    published = Instrument.objects.filter(key=key, status=Instrument.Status.PUBLISHED).order_by("-version")
    instrument = published.first()
    if instrument is None:
        instruments_load_standard(by=None)
        instrument = published.first()
    if instrument is None:
        raise ValueError(f"{key!r} is not a standard instrument")
    return instrument
