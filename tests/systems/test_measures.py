"""Outcome-based accountability measures: the baseline rule, the curve's numbers and its direction."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from academy.systems import selectors, services
from tests.systems.programmes_world import build_programmes

pytestmark = pytest.mark.django_db


def test_a_point_dated_before_the_baseline_is_refused_with_a_message_on_the_date() -> None:
    w = build_programmes()
    with pytest.raises(ValidationError) as error:
        services.measure_point_add(measure=w.measure, on=dt.date(2021, 3, 31), value=Decimal(1), by=w.lead)
    assert error.value.message_dict["on"] == [
        "A data point cannot be dated before the baseline, 1 April 2021."
    ]
    with pytest.raises(ValidationError) as error:
        services.measure_point_add(measure=w.measure, on=dt.date(2022, 4, 1), value=Decimal(1), by=w.lead)
    assert error.value.message_dict["on"] == ["There is already a data point for 1 April 2022."]


def test_only_the_ics_lead_adds_points_and_a_target_must_follow_the_baseline() -> None:
    w = build_programmes()
    with pytest.raises(PermissionDenied):
        services.measure_point_add(
            measure=w.measure, on=dt.date(2024, 1, 1), value=Decimal(1), by=w.other_lead
        )
    with pytest.raises(ValidationError) as error:
        services.measure_create(
            ics=w.ics,
            title="T",
            population="P",
            baseline_on=dt.date(2022, 1, 1),
            baseline_value=Decimal(1),
            target_value=Decimal(2),
            target_on=dt.date(2021, 1, 1),
            by=w.lead,
        )
    assert "target_on" in error.value.message_dict


def test_the_curve_prints_every_number_in_its_table_and_says_it_is_turning() -> None:
    w = build_programmes()
    curve = selectors.measure_curve(w.measure)
    assert [(r.what, r.value, r.change) for r in curve.rows] == [
        ("Baseline", "2,400", ""),
        ("Data point", "2,450", "+50"),
        ("Data point", "2,300", "-100"),
        ("Target", "2,100", ""),
    ]
    assert curve.direction == (
        "The curve is turning: the latest value, 2,300, is better than the baseline of 2,400."
    )
    for text in ("1 April 2021: 2,400", "1 April 2022: 2,450", "1 April 2023: 2,300", "Target 2,100"):
        assert text in curve.chart
    assert curve.partners == ["County council", "Community trust"]


def test_a_curve_reaching_its_target_says_so_and_one_going_the_wrong_way_has_not_turned() -> None:
    w = build_programmes()
    services.measure_point_add(measure=w.measure, on=dt.date(2024, 1, 1), value=Decimal("2500"), by=w.lead)
    assert "has not turned yet" in selectors.measure_curve(w.measure).direction
    services.measure_point_add(measure=w.measure, on=dt.date(2024, 4, 1), value=Decimal("2050"), by=w.lead)
    assert "has reached the target of 2,100" in selectors.measure_curve(w.measure).direction


def test_measure_page_shows_the_curve_and_the_point_form_shows_the_field_error(client) -> None:
    w = build_programmes()
    client.force_login(w.lead)
    page = client.get(f"/systems/measures/{w.measure.pk}/").content.decode()
    assert "Turning the curve" in page and "<svg" in page and "the numbers behind the curve" in page
    response = client.post(
        f"/systems/measures/{w.measure.pk}/points/new/",
        {"on_day": "1", "on_month": "1", "on_year": "2020", "value": "5"},
    )
    assert response.status_code == 200
    assert "A data point cannot be dated before the baseline, 1 April 2021." in response.content.decode()
    api = client.post(
        f"/api/v1/systems/measures/{w.measure.pk}/points/",
        {"on": "2020-01-01", "value": "5"},
        content_type="application/json",
    )
    assert api.status_code == 400 and "before the baseline" in api.json()["on"][0]
