"""`manage.py retention [--dry-run] [--today 2026-11-26]`: remove what has passed its retention period."""

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from academy.core.dates import long_date
from academy.core.retention import retention_apply, retention_due


class Command(BaseCommand):
    help = "Anonymise or delete records that have passed their retention period (--dry-run lists them)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="list what would go and change nothing")
        parser.add_argument("--today", type=dt.date.fromisoformat, default=None, help="judge as of this day")

    def handle(self, *args: Any, dry_run: bool, today: dt.date | None, **options: Any) -> None:
        if dry_run:
            for due in retention_due(today=today):
                kind = due.kind
                if due.cutoff is None:
                    self.stdout.write(f"{kind.label} ({kind.kind}): kept until a period is set")
                    continue
                self.stdout.write(
                    f"{kind.label} ({kind.kind}): kept {due.days} days; {kind.action} {due.count} "
                    f"dated before {long_date(due.cutoff)}"
                )
                for item in due.listed:
                    self.stdout.write(f"  {item}")
                if due.count > len(due.listed):
                    self.stdout.write(f"  and {due.count - len(due.listed)} more")
            self.stdout.write("Dry run: nothing was changed.")
            return
        run = retention_apply(by=None, today=today)
        for kind, count in sorted(run.removed.items()):
            self.stdout.write(f"{kind}: {count}")
        self.stdout.write(f"Retention run {run.pk} done and audited.")
