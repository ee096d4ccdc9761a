"""The "turning the curve" line chart: every value it draws is in its text alternative, the same figures
give the same bytes, and text is escaped."""

import datetime as dt

from academy.reporting.charts import Point, line_chart


def test_the_line_chart_lists_every_point_and_the_target_and_is_reproducible() -> None:
    points = [Point(dt.date(2021, 4, 1), 2400.0, "2,400"), Point(dt.date(2022, 4, 1), 2300.0, "2,300")]
    target = Point(dt.date(2024, 3, 31), 2100.0, "Target 2,100")
    svg = line_chart(chart_id="m", title="Falls <65+>", points=points, target=target)
    assert svg == line_chart(chart_id="m", title="Falls <65+>", points=points, target=target)
    assert "1 April 2021: 2,400; 1 April 2022: 2,300; target by 31 March 2024: Target 2,100." in svg
    assert "Falls &lt;65+&gt;" in svg and "<65+>" not in svg
    assert svg.count("<circle") == 2 and 'role="img"' in svg


def test_a_line_chart_with_one_flat_value_still_draws_inside_its_box() -> None:
    svg = line_chart(chart_id="flat", title="Flat", points=[Point(dt.date(2022, 1, 1), 5.0, "5")])
    assert "No figures" not in svg and "<circle" in svg and "nan" not in svg.lower()
