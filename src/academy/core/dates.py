"""Dates as people in the NHS write them: "21 June 2022", times "2:30pm", Europe/London.

A date typed as a date ("closes on 30 April 2027") means that whole day in Europe/London: it becomes a
moment with `start_of_day` (opening) or `end_of_day` (closing), never midnight UTC or the next day's
midnight, so `long_date` prints back the day that was typed, in summer time as in winter.
"""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.utils import timezone

LONDON = ZoneInfo("Europe/London")


def start_of_day(day: date) -> datetime:
    """The first moment of `day` in Europe/London."""
    return datetime.combine(day, time.min, tzinfo=LONDON)


def end_of_day(day: date) -> datetime:
    """The last moment of `day` in Europe/London: an evaluation that closes on a day is open all of it."""
    return datetime.combine(day, time.max, tzinfo=LONDON)


def local_date(value: datetime) -> date:
    """The day in Europe/London on which this moment falls."""
    return timezone.localtime(value, LONDON).date()


def long_date(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = local_date(value)
    return f"{value.day} {value:%B %Y}"


def short_time(value: datetime) -> str:
    local = timezone.localtime(value, LONDON)
    hour = local.hour % 12 or 12
    suffix = "am" if local.hour < 12 else "pm"
    return f"{hour}{suffix}" if local.minute == 0 else f"{hour}:{local.minute:02d}{suffix}"
