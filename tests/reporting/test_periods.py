"""The period a dashboard or report covers, read from the query string."""

import datetime as dt

from academy.reporting.periods import Period, period_from

TODAY = dt.date(2026, 3, 31)


def test_no_dates_mean_the_last_three_years_up_to_today():
    period, errors = period_from({}, today=TODAY)
    assert errors == {}
    assert period == Period(start=dt.date(2023, 4, 1), end=TODAY)
    assert period.label == "1 April 2023 to 31 March 2026"
    assert period.describe(today=TODAY) == "over the last 3 years"


def test_a_leap_day_goes_back_to_the_28th():
    assert Period.last_years(today=dt.date(2024, 2, 29)).start == dt.date(2021, 3, 1)


def test_dates_out_of_order_or_unreal_are_field_errors_and_the_default_stands():
    period, errors = period_from({"from": "2025-06-21", "to": "2025-01-01"}, today=TODAY)
    assert errors == {"to": "The end date must be the same as or after the start date."}
    assert period == Period.last_years(today=TODAY)
    _, errors = period_from({"from": "2025-02-30"}, today=TODAY)
    assert errors == {"from": "Enter a real date between the years 1900 and 2100."}
    chosen, errors = period_from({"from": "2022-06-21", "to": "2022-06-21"}, today=TODAY)
    assert errors == {} and chosen.describe(today=TODAY) == "between 21 June 2022 and 21 June 2022"
