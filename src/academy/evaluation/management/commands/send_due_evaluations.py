from typing import Any

from django.core.management.base import BaseCommand

from academy.evaluation.tasks import send_due_invitations, send_due_reminders


class Command(BaseCommand):
    help = (
        "Send the evaluation invitations and reminders that are due: what the Celery beat schedule does, "
        "for deployments without a broker (safe to run every 15 minutes from cron)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        invited = send_due_invitations()
        reminded = send_due_reminders()
        self.stdout.write(f"{invited} invitations and {reminded} reminders queued")
