"""Background work: embed free-text answers as they arrive, run theme sets, send due invitations and
reminders.

Tasks take ids, never model instances. With no broker they run in-process (CELERY_TASK_ALWAYS_EAGER).
"""

from __future__ import annotations

import logging
from typing import Any

from celery import shared_task
from django.utils import timezone

logger = logging.getLogger(__name__)


def _embeddings_module() -> Any:
    """The theme engine's encoder, when it is installed (evaluation/themes/embeddings.py)."""
    try:
        from .themes import embeddings
    except ImportError:
        return None
    if not hasattr(embeddings, "embed_texts"):
        return None
    available = getattr(embeddings, "model_available", None)
    if available is not None and not available():
        return None
    return embeddings


@shared_task(name="academy.evaluation.tasks.answers_embed")
def answers_embed(answer_ids: list[int]) -> int:
    """Encode free-text answers once and keep their vectors; a theme run then only clusters vectors."""
    from .models import Answer
    from .services.responses import answers_store_embeddings

    module = _embeddings_module()
    if module is None:
        return 0
    rows = list(
        Answer.objects.filter(pk__in=answer_ids, embedding__isnull=True)
        .exclude(text="")
        .values_list("pk", "text")
    )
    if not rows:
        return 0
    try:
        vectors = module.embed_texts([text for _, text in rows])
    except Exception:  # noqa: BLE001 - a missing or broken model must never lose the answer itself
        logger.exception("embedding %d answers failed", len(rows))
        return 0
    return answers_store_embeddings(
        vectors={pk: vector for (pk, _), vector in zip(rows, vectors, strict=True)}
    )


@shared_task(name="academy.evaluation.tasks.themeset_run")
def themeset_run(theme_set_id: int) -> str:
    from .models import ThemeSet
    from .themes.runner import run_theme_set

    theme_set = ThemeSet.objects.filter(pk=theme_set_id).first()
    if theme_set is None:
        return "missing"
    return run_theme_set(theme_set)


@shared_task(name="academy.evaluation.tasks.send_due_reminders")
def send_due_reminders() -> int:
    """Run every hour or so (beat): remind non-responders of every open survey on its reminder days."""
    from .models import Survey
    from .services.surveys import survey_send_reminders

    now = timezone.now()
    total = 0
    for survey in Survey.objects.filter(
        opens_at__lte=now, closes_at__gt=now, invitations_sent_at__isnull=False
    ):
        total += survey_send_reminders(survey=survey, now=now)
    return total


@shared_task(name="academy.evaluation.tasks.send_due_invitations")
def send_due_invitations() -> int:
    """Run every 15 minutes (beat): invite the people marked present to every open survey whose session
    (or cohort's last session) has ended. Only people not yet invited are invited, so attendance marked
    late goes out with the next run."""
    from .selectors import surveys_due_for_invitations
    from .services.surveys import survey_send_invitations

    now = timezone.now()
    total = 0
    for survey in list(surveys_due_for_invitations(now).select_related("offer")):
        try:
            total += survey_send_invitations(survey=survey, by=None, now=now)
        except Exception as error:  # noqa: BLE001 - one survey's failure must not hold up the others
            # The class name only: an exception's message may quote a person's details.
            logger.error("automatic invitations for survey %s failed: %s", survey.pk, type(error).__name__)
    return total
