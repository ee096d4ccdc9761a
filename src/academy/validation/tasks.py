"""Background work for the validation route. Tasks take ids, never model instances."""

from celery import shared_task


@shared_task(name="academy.validation.tasks.milestone_reminders")
def milestone_reminders() -> int:
    """Daily (beat schedule): reminders for claim milestones due within a week or overdue."""
    from .services import milestone_reminders_send

    return milestone_reminders_send()
