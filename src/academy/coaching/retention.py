"""What the hub keeps for a period (core/retention.py): session notes, a period after the relationship closes.

Notes are the pair's own record of what was said; the hub's figures count sessions (CoachingSession), never
notes, so deleting a note changes no figure. Notes of a relationship that is still open are never due.
"""

from academy.core.retention import DELETE, retention_register

from .models import SessionNote


def register() -> None:
    retention_register(
        kind="coaching.session_notes",
        label="Coaching and mentoring session notes (after the relationship closes)",
        queryset=lambda: SessionNote.objects.filter(session__relationship__closed_at__isnull=False),
        date_field="session__relationship__closed_at",
        action=DELETE,
        default_days=365,
    )
