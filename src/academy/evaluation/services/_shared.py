"""What the evaluation services share: the acting user as stored on a row, and the answer length limits."""

from __future__ import annotations

from typing import Any

from academy.core.types import Actor

ONE_WORD_MAX = 40
FREE_TEXT_MAX = 5000


def _user(by: Actor | None) -> Any:
    """The user to store as a row's author: None when the system itself acts."""
    return by if getattr(by, "is_authenticated", False) else None
