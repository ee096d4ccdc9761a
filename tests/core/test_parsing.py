"""core.parsing: the one way request input becomes an id, an int or a date."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from academy.core.parsing import (
    MAX_ID,
    has_lone_surrogate,
    parse_date,
    parse_id,
    parse_ids,
    parse_int,
    validate_date_in_range,
)


@pytest.mark.parametrize("value", ["1", " 42 ", 7, str(MAX_ID), MAX_ID])
def test_ascii_digits_and_ints_in_range_are_ids(value):
    assert parse_id(value) == int(str(value).strip())


@pytest.mark.parametrize(
    "value",
    [
        "²",
        "١٢",
        "๑",
        "1.5",
        1.5,
        1.0,
        True,
        False,
        "",
        " ",
        "0",
        0,
        "-1",
        "9" * 25,
        MAX_ID + 1,
        2**63,
        None,
        [1],
    ],
)
def test_anything_else_is_not_an_id(value):
    assert parse_id(value) is None


def test_parse_int_keeps_to_its_bounds():
    assert parse_int("-5", minimum=-10, maximum=10) == -5
    assert parse_int("11", minimum=-10, maximum=10) is None
    assert parse_int("9" * 25) is None


def test_parse_ids_reports_bad_values():
    assert parse_ids(["3", "1", "3"]) == ([1, 3], False)
    assert parse_ids(["3", "²"]) == ([3], True)


@pytest.mark.parametrize(
    "text,expected",
    [("2024-06-21", dt.date(2024, 6, 21)), ("9999-12-31", None), ("0001-01-01", None), ("2024-02-30", None)],
)
def test_dates_outside_1900_to_2100_are_refused(text, expected):
    assert parse_date(text) == expected


def test_the_date_validator_names_the_range():
    validate_date_in_range(dt.date(2100, 12, 31))
    with pytest.raises(ValidationError, match="1900 and 2100"):
        validate_date_in_range(dt.datetime(9999, 12, 31, tzinfo=dt.UTC))


def test_lone_surrogates_are_found_anywhere_in_json_data():
    assert has_lone_surrogate({"a": ["ok", {"b": "x\ud800"}]})
    assert has_lone_surrogate({"\udfff": 1})
    assert not has_lone_surrogate({"a": ["naïve 😀 text", 1, None]})
