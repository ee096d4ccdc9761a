"""After a bulk build: what a database in service gets from autovacuum."""

import time

from django.db import connection


def vacuum_analyse() -> float | None:
    """VACUUM (ANALYZE) on PostgreSQL outside a transaction: statistics for the planner, and the visibility
    map without which index-only scans read the table. Returns the seconds taken, or None where skipped
    (SQLite, or inside a transaction such as a test's, where VACUUM cannot run)."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return None
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")
    return time.perf_counter() - started
