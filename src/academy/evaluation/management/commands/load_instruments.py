from typing import Any

from django.core.management.base import BaseCommand

from academy.evaluation.services.instruments import instruments_load_standard


class Command(BaseCommand):
    help = "Create or update the standard evaluation instruments (idempotent; changes become new versions)."

    def handle(self, *args: Any, **options: Any) -> None:
        for instrument in instruments_load_standard():
            self.stdout.write(
                f"{instrument.name}: version {instrument.version}, {instrument.questions.count()} questions"
            )
