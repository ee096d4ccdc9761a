"""`python manage.py demo` (or `python -m academy demo`): load the reference data and build the demo.

manage.py demo                         the East of England demo region (skipped if already built)
manage.py demo --rebuild               wipe the demo's own rows and build them again
manage.py demo --small                 a smaller region, for tests
manage.py demo --scale national        the national benchmark data set (PostgreSQL)
manage.py demo --scale national --factor 0.01   a fraction of it
"""

import logging
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.test.utils import override_settings

from academy.demo.national import NationalScaleRefused, national_build
from academy.demo.region import DEMO_PASSWORD, demo_build
from academy.people.management.commands.load_reference import reference_load


class Command(BaseCommand):
    help = "Load reference data and build the East of England demo region (or the national benchmark set)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=["region", "national"], default="region")
        parser.add_argument("--small", action="store_true", help="a smaller demo region (for tests)")
        parser.add_argument("--rebuild", action="store_true", help="wipe the demo's rows and build again")
        parser.add_argument(
            "--factor",
            type=float,
            default=1.0,
            help="national scale only: the fraction of the full set to build",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        report = reference_load()
        self.stdout.write(f"Reference data loaded ({sum(report.counts.values())} rows).")
        if options["scale"] == "national":
            self._national(options["factor"])
        else:
            self._region(small=options["small"], rebuild=options["rebuild"])

    def _region(self, *, small: bool, rebuild: bool) -> None:
        self.stdout.write("Building the East of England demo region…")
        # The demo's staff are synthetic: the booking e-mails the services write go to the outbox as usual,
        # but are delivered to memory rather than printed or sent.
        task_log = logging.getLogger("celery.app.trace")
        level = task_log.level
        task_log.setLevel(logging.WARNING)  # one line per delivered e-mail would bury the logins table
        try:
            with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
                result = demo_build(small=small, rebuild=rebuild, log=self.stdout.write)
        finally:
            task_log.setLevel(level)
        if not result.built:
            self.stdout.write("The demo region is already built (use --rebuild to build it again).")
        for name, value in result.counts.items():
            self.stdout.write(f"  {name}: {value:,}")
        if result.timings:
            self.stdout.write(
                "  timings: "
                + ", ".join(f"{name} {seconds:.1f} s" for name, seconds in result.timings.items())
            )
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD})")
        width = max(len(login.username) for login in result.logins)
        role_width = max(len(login.role) for login in result.logins)
        self.stdout.write(f"  {'role'.ljust(role_width)}  {'username'.ljust(width)}  who / what to try")
        for login in result.logins:
            self.stdout.write(
                f"  {login.role.ljust(role_width)}  {login.username.ljust(width)}  {login.who}; {login.try_this}"
            )

    def _national(self, factor: float) -> None:
        if not 0 < factor <= 1:
            raise CommandError("--factor must be more than 0 and at most 1.")
        try:
            result = national_build(factor=factor, log=self.stdout.write)
        except NationalScaleRefused as refusal:
            raise CommandError(str(refusal)) from refusal
        for name, value in result.counts.items():
            self.stdout.write(f"  {name}: {value:,}")
        self.stdout.write("  timings: " + ", ".join(f"{n} {s:.1f} s" for n, s in result.timings.items()))
