"""The last place is never sold twice: fifty simultaneous bookings, one place, real transactions."""

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from tests.security.support.race import RACERS, race_for_last_place

REPO = Path(__file__).resolve().parents[2]


def assert_one_winner(result: dict[str, Any]) -> None:
    assert result["errors"] == [], result["errors"]
    assert result["alive"] == 0, "some bookings never finished (deadlock?)"
    # One place was already taken; of the fifty racers exactly one gets the last, 49 wait.
    assert result["statuses"] == {"confirmed": 2, "waitlisted": RACERS - 1}, result["statuses"]
    assert result["confirmed_count"] == result["capacity"] == 2
    assert result["waitlist_count"] == RACERS - 1


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_bookings_of_the_last_place_on_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip(
            "PostgreSQL variant: run with DATABASE_URL=postgres://... (the SQLite variant runs always)"
        )
    assert_one_winner(race_for_last_place())


def test_fifty_concurrent_bookings_of_the_last_place_on_a_sqlite_file(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        DJANGO_SETTINGS_MODULE="academy.config.settings.test",
        DATABASE_URL=f"sqlite:///{tmp_path / 'race.sqlite3'}",
        PYTHONPATH=f"{REPO / 'src'}{os.pathsep}{REPO}",
        LOG_LEVEL="WARNING",
    )
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        cwd=REPO,
        env=env,
        check=True,
        timeout=300,
    )
    result = subprocess.run(
        [sys.executable, "-c", "from tests.security.support.race import main; main()"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert_one_winner(json.loads(result.stdout.strip().splitlines()[-1]))
