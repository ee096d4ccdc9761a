"""Reading numbers, ids and dates out of request input, the one way every view, form and endpoint does.

Request input is text from anyone. Three traps sit between it and the database:

- `str.isdigit()` is true for "²" and "١", which `int()` then refuses or reads as another number;
- a number of any size parses, but neither SQLite nor PostgreSQL stores more than a signed 64-bit
  integer, and a bigger one is an error, not a miss;
- dates parse from year 1 to 9999, and one day either side of those overflows.

So ids and integers are ASCII digits only and bounded to the signed 64-bit range, and dates lie
between `EARLIEST_DATE` and `LATEST_DATE`. Anything else is "not found" (an id in a path) or a field
error (a filter or a form), never a 500.
"""

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError

MAX_ID = 2**63 - 1  # the largest value a BigAutoField, SQLite INTEGER or PostgreSQL bigint can hold
MIN_INT = -(2**63)
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2100, 12, 31)
DATE_RANGE_MESSAGE = f"Enter a date between the years {EARLIEST_DATE.year} and {LATEST_DATE.year}."
LONE_SURROGATE_MESSAGE = (
    "The request contains characters that are not valid text. Check what was sent and try again."
)

_ASCII_INTEGER = re.compile(r"-?[0-9]{1,19}")
_SURROGATE = re.compile("[\ud800-\udfff]")


def parse_int(value: Any, *, minimum: int = MIN_INT, maximum: int = MAX_ID) -> int | None:
    """`value` as an int when it is an int (not a bool) or text of ASCII digits, within the bounds.

    None for anything else: "²", "1.5", 1.5, True, "", a number too large for the database.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str):
        text = value.strip()
        if not _ASCII_INTEGER.fullmatch(text):
            return None
        number = int(text)
    else:
        return None
    return number if minimum <= number <= maximum else None


def parse_id(value: Any) -> int | None:
    """A database id (1 to 2**63 - 1) from a path value, query parameter or JSON number, or None."""
    return parse_int(value, minimum=1, maximum=MAX_ID)


def parse_ids(values: Iterable[Any]) -> tuple[list[int], bool]:
    """The distinct ids among `values`, sorted, and whether any value was not an id."""
    ids: set[int] = set()
    bad = False
    for value in values:
        number = parse_id(value)
        if number is None:
            bad = True
        else:
            ids.add(number)
    return sorted(ids), bad


def date_in_range(value: dt.date | dt.datetime) -> bool:
    day = value.date() if isinstance(value, dt.datetime) else value
    return EARLIEST_DATE <= day <= LATEST_DATE


def validate_date_in_range(value: dt.date | dt.datetime | None) -> None:
    """Validator for form and serializer date fields: refuse years outside 1900 to 2100."""
    if value is not None and not date_in_range(value):
        raise ValidationError(DATE_RANGE_MESSAGE, code="date_out_of_range")


def parse_date(value: Any) -> dt.date | None:
    """An ISO date (YYYY-MM-DD) within the supported range, or None."""
    if not isinstance(value, str):
        return None
    try:
        day = dt.date.fromisoformat(value.strip())
    except ValueError:
        return None
    return day if date_in_range(day) else None


def has_lone_surrogate(value: Any) -> bool:
    """True when `value` (text, or lists and dicts of it, keys too) holds half of a UTF-16 surrogate
    pair ("\\ud800"): text that can be neither stored nor encoded as UTF-8."""
    if isinstance(value, str):
        return bool(_SURROGATE.search(value))
    if isinstance(value, dict):
        return any(has_lone_surrogate(k) or has_lone_surrogate(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(has_lone_surrogate(item) for item in value)
    return False
