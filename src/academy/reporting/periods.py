"""The period a dashboard or report covers, read from ?from=&to= (the last three years when not given)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from academy.core.dates import long_date
from academy.core.parsing import parse_date

DEFAULT_YEARS = 3


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive

    @classmethod
    def last_years(cls, years: int = DEFAULT_YEARS, *, today: dt.date | None = None) -> Period:
        today = today or timezone.localdate()
        try:
            start = today.replace(year=today.year - years)
        except ValueError:  # 29 February
            start = today.replace(year=today.year - years, day=28)
        return cls(start=start + dt.timedelta(days=1), end=today)

    @property
    def label(self) -> str:
        return f"{long_date(self.start)} to {long_date(self.end)}"

    @property
    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """Aware datetimes [start, end) covering the whole local days."""
        zone = timezone.get_current_timezone()
        start = dt.datetime.combine(self.start, dt.time.min).replace(tzinfo=zone)
        end = dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min).replace(tzinfo=zone)
        return start, end

    def describe(self, *, today: dt.date | None = None) -> str:
        """ "over the last 3 years" for the default period, otherwise "between X and Y"."""
        if self == Period.last_years(today=today):
            return f"over the last {DEFAULT_YEARS} years"
        return f"between {long_date(self.start)} and {long_date(self.end)}"


def period_from(params: Any, *, today: dt.date | None = None) -> tuple[Period, dict[str, str]]:
    """Read ?from=YYYY-MM-DD&to=YYYY-MM-DD; fall back to the last three years. Returns errors by field."""
    default = Period.last_years(today=today)
    errors: dict[str, str] = {}
    values: dict[str, dt.date] = {}
    for name, fallback in (("from", default.start), ("to", default.end)):
        raw = (params.get(name) or "").strip()
        if not raw:
            values[name] = fallback
            continue
        day = parse_date(raw)  # a real date between 1900 and 2100
        if day is None:
            errors[name] = "Enter a real date between the years 1900 and 2100."
            values[name] = fallback
        else:
            values[name] = day
    if not errors and values["to"] < values["from"]:
        errors["to"] = "The end date must be the same as or after the start date."
    if errors:
        return default, errors
    return Period(start=values["from"], end=values["to"]), errors
