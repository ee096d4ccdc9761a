"""Background work for the systems app. Tasks take ids, never model instances."""

from celery import shared_task

# --- Plans and charters ---------------------------------------------------------------------------


@shared_task(name="academy.systems.tasks.charter_reviews_due")
def charter_reviews_due() -> int:
    """Each day: a charter whose review date has come starts its review, reminding everyone who signed."""
    from .services.charters import charter_reviews_start_due

    return charter_reviews_start_due()
