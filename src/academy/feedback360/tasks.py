"""Background work: closing 360s whose closing date has passed. Tasks take ids, never model instances."""

from celery import shared_task


@shared_task(name="academy.feedback360.tasks.close_due")
def close_due() -> list[int]:
    from .services import assessments_close_due

    return assessments_close_due()
