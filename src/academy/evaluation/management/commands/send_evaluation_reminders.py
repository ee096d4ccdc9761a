from typing import Any

from django.core.management.base import BaseCommand

from academy.evaluation.tasks import send_due_reminders


class Command(BaseCommand):
    help = (
        "Remind people who have not answered an open evaluation, on its reminder days (safe to run hourly)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"{send_due_reminders()} reminders queued")
