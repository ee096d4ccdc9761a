"""Themes in free-text answers: starting a run, storing what the engine found, and the team's edits."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max

from academy.core.audit import audit_record
from academy.core.types import Actor
from academy.offers.models import Offer
from academy.reporting.arithmetic import withheld_sentence

from ..figures import answers_shown
from ..models import Answer, QuestionType, Survey, Theme, ThemeMembership, ThemeSet
from ..permissions import can_edit_themes, can_find_themes
from ._shared import _user


def themeset_create(
    *, offer: Offer, question_code: str, survey: Survey | None = None, title: str = "", by: Actor | None
) -> ThemeSet:
    """Start a theme run over the free-text answers to one question; it runs in the background."""
    if by is not None and not can_find_themes(by, offer):
        raise PermissionDenied("Only the academy's programme team can look for themes in these answers.")
    if survey is not None and survey.offer_id != offer.pk:
        raise ValidationError({"survey": "This evaluation belongs to a different offer."})
    answers, held_back = _theme_answers_counted(offer=offer, survey=survey, question_code=question_code)
    if not answers.exists():
        if held_back:
            raise ValidationError(
                {"question_code": f"No written answers to look at: {withheld_sentence(held_back)}."}
            )
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
        from ..tasks import themeset_run

        theme_set_id = theme_set.pk
        transaction.on_commit(lambda: themeset_run.delay(theme_set_id=theme_set_id))
    return theme_set


def _theme_answers(*, offer: Offer, survey: Survey | None, question_code: str) -> Any:
    """The written answers a theme run reads: never those of an anonymous evaluation under the minimum."""
    return _theme_answers_counted(offer=offer, survey=survey, question_code=question_code)[0]


def _theme_answers_counted(*, offer: Offer, survey: Survey | None, question_code: str) -> tuple[Any, int]:
    answers = Answer.objects.filter(
        question__code=question_code,
        question__type__in=[QuestionType.FREE_TEXT, QuestionType.ONE_WORD],
        response__survey__offer=offer,
    ).exclude(text="")
    if survey is not None:
        answers = answers.filter(response__survey=survey)
    shown, held_back = answers_shown(answers)
    return shown.order_by("pk"), held_back


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
                is_unassigned=bool(found.get("is_unassigned", False)),
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
        theme.is_unassigned = False  # named by a person: a theme now, not the leftovers
        theme.save(update_fields=["label", "is_unassigned"])
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
        # Leftovers merged into a theme join it; only leftovers merged with leftovers stay unassigned.
        keep.is_unassigned = all(t.is_unassigned for t in themes) and not label.strip()
        keep.save(update_fields=["keywords", "label", "is_unassigned"])
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
