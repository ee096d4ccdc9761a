"""Dates typed as dates mean that day in Europe/London, in summer time as in winter."""

import datetime as dt
from zoneinfo import ZoneInfo

from academy.core.dates import end_of_day, local_date, long_date, short_time, start_of_day

UTC = dt.UTC


def test_a_summer_closing_day_ends_at_midnight_london_time_and_prints_as_that_day():
    closes = end_of_day(dt.date(2027, 4, 30))
    assert closes.astimezone(UTC) == dt.datetime(2027, 4, 30, 22, 59, 59, 999999, tzinfo=UTC)
    assert long_date(closes) == "30 April 2027"
    assert local_date(closes) == dt.date(2027, 4, 30)


def test_a_winter_day_starts_and_ends_on_gmt():
    assert start_of_day(dt.date(2027, 1, 15)).astimezone(UTC) == dt.datetime(2027, 1, 15, tzinfo=UTC)
    assert long_date(end_of_day(dt.date(2027, 1, 15))) == "15 January 2027"


def test_the_days_the_clocks_change_are_whole_days():
    spring, autumn = dt.date(2027, 3, 28), dt.date(2027, 10, 31)

    def length(day: dt.date) -> dt.timedelta:
        return end_of_day(day).astimezone(UTC) - start_of_day(day).astimezone(UTC)

    assert length(spring) == dt.timedelta(hours=23) - dt.timedelta(microseconds=1)
    assert length(autumn) == dt.timedelta(hours=25) - dt.timedelta(microseconds=1)


def test_a_moment_prints_in_london_whatever_the_zone_it_was_given_in():
    late_utc = dt.datetime(2027, 6, 21, 23, 30, tzinfo=UTC)  # 0:30am on 22 June in London
    assert long_date(late_utc) == "22 June 2027"
    assert short_time(late_utc) == "12:30am"
    assert long_date(dt.datetime(2027, 6, 21, 10, tzinfo=ZoneInfo("America/New_York"))) == "21 June 2027"
