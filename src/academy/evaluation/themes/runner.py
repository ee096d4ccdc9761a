"""Runs the theme engine (themes/engine.py, pure functions) over stored answers and keeps the result.

Only the storage of runs and people's edits lives here (ThemeSet, Theme, ThemeMembership); how themes
are found is the engine's business.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings

from ..models import ThemeSet
from ..selectors import attribution_text
from ..services.responses import answers_store_embeddings
from ..services.themes import _theme_answers, themeset_store_result

logger = logging.getLogger(__name__)


def _id(value: Any) -> int:
    """The engine hands back the ids it was given (our answer primary keys)."""
    return int(value)


def run_theme_set(theme_set: ThemeSet) -> str:
    try:
        from . import engine
    except ImportError:
        engine = None  # type: ignore[assignment]
    if engine is None or not hasattr(engine, "find_themes"):
        ThemeSet.objects.filter(pk=theme_set.pk).update(
            status=ThemeSet.Status.FAILED, error="The theme engine is not installed."
        )
        return "no engine"
    ThemeSet.objects.filter(pk=theme_set.pk).update(status=ThemeSet.Status.RUNNING, progress=1, error="")
    answers = _theme_answers(
        offer=theme_set.offer, survey=theme_set.survey, question_code=theme_set.question_code
    )
    rows = list(
        answers.values_list(
            "pk",
            "text",
            "embedding",
            "consent_to_quote",
            "response__respondent_role_level",
            "response__respondent_sector",
        )
    )
    items = [
        engine.ThemeInput(
            id=pk,
            text=text,
            vector=bytes(blob) if blob is not None else None,
            consent_to_quote=consent,
            attribution=attribution_text(role_level, sector),
        )
        for pk, text, blob, consent, role_level, sector in rows
    ]

    def progress(value: int) -> None:
        ThemeSet.objects.filter(pk=theme_set.pk).update(progress=max(1, min(99, int(value))))

    try:
        result = engine.find_themes(items, max_themes=settings.THEMES_MAX_THEMES, progress=progress)
    except Exception as error:  # noqa: BLE001 - the run fails visibly; the answers are untouched
        logger.exception("theme run %s failed", theme_set.pk)
        ThemeSet.objects.filter(pk=theme_set.pk).update(status=ThemeSet.Status.FAILED, error=str(error)[:300])
        return "failed"
    if result.new_vectors:
        answers_store_embeddings(vectors={_id(k): v for k, v in result.new_vectors.items()})
    themes: list[dict[str, Any]] = [
        {
            "label": theme.label,
            "keywords": list(theme.keywords),
            "answer_ids": [_id(i) for i in theme.answer_ids],
            "representative_ids": [_id(q.answer_id) for q in theme.quotes],
            # The answers far from every theme: last, labelled "Not close to any theme", shown as such.
            "is_unassigned": theme.unassigned,
        }
        for theme in result.themes
    ]
    if result.no_comment.answer_ids:
        themes.append(
            {
                "label": result.no_comment.label,
                "keywords": [],
                "answer_ids": [_id(i) for i in result.no_comment.answer_ids],
                "representative_ids": [],
                "is_non_answer": True,
            }
        )
    theme_set.refresh_from_db()
    # The method's code: the page describes it in words (themes.method_description); the full label
    # is longer than ThemeSet.method holds.
    themeset_store_result(theme_set=theme_set, themes=themes, method=result.code)
    return "done"
