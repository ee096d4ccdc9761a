"""A certificate says when the offer took place as a person would: "on" one day, "between" two."""

import datetime as dt

import pytest
from django.utils import timezone

from academy.offers.certificates import certificate_html, dates_text
from tests.factories import CohortFactory, PersonFactory, SessionFactory, attendance, booking

pytestmark = pytest.mark.django_db


def _completed(starts_on: dt.date, ends_on: dt.date):
    cohort = CohortFactory(starts_on=starts_on, ends_on=ends_on)
    session = SessionFactory(cohort=cohort)
    held = booking(cohort, PersonFactory())
    attendance(session, held)
    held.completed_at = timezone.now()
    held.certificate_number = "ACA-TEST-0001"
    held.save()
    return held


def test_a_one_day_cohort_certificate_says_on_that_day():
    html = certificate_html(booking=_completed(dt.date(2023, 1, 17), dt.date(2023, 1, 17)))
    assert "on 17 January 2023." in html
    assert "between 17 January 2023 and 17 January 2023" not in html


def test_a_longer_cohort_certificate_says_between_its_first_and_last_day():
    html = certificate_html(booking=_completed(dt.date(2021, 10, 5), dt.date(2022, 3, 1)))
    assert "between 5 October 2021 and 1 March 2022." in html
    assert dates_text(dt.date(2023, 1, 17), dt.date(2023, 1, 17)) == "on 17 January 2023"
