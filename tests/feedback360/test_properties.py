"""The anonymity rule over every set of raters (Hypothesis, on the pure figures):
- no output ever holds a column fed by fewer than the minimum (a consenting line manager excepted);
- a hidden group's comments never appear;
- the "all raters" column is exactly the shown columns, so no difference with it isolates a hidden rater;
- after any sequence of withdrawals the frozen report only loses whole columns: every figure still shown
  is the figure first shown, so differencing two reports of one 360 never isolates one rater."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from academy.feedback360 import figures
from academy.feedback360.models import Dimension, Group

STATEMENTS = {i + 1: d.value for i, d in enumerate(Dimension)}  # one statement per dimension
GROUPS = [Group.LINE_MANAGER.value, Group.PEER.value, Group.DIRECT_REPORT.value, Group.OTHER.value]


@st.composite
def rater_sets(draw: st.DrawFn) -> tuple[int, list[figures.Answers]]:
    minimum = draw(st.integers(min_value=2, max_value=5))
    count = draw(st.integers(min_value=0, max_value=14))
    raters = []
    has_manager = False
    for i in range(count):
        group = draw(st.sampled_from(GROUPS))
        if group == Group.LINE_MANAGER:
            if has_manager:
                group = Group.PEER.value
            has_manager = True
        ratings = {s: draw(st.integers(min_value=1, max_value=4)) for s in STATEMENTS}
        raters.append(
            figures.Answers(
                id=i + 1,
                group=group,
                ratings=ratings,
                comments={Dimension.LEADING_WITH_CARE.value: f"secret-of-rater-{i + 1}-end"},
                consents=draw(st.booleans()),
            )
        )
    return minimum, raters


def _report(minimum: int, raters: list[figures.Answers]) -> tuple[dict, dict]:
    own = figures.Answers(id=0, group=Group.SELF, ratings=dict.fromkeys(STATEMENTS, 2))
    return figures.build_report(self_answers=own, raters=raters, dimension_of=STATEMENTS, min_raters=minimum)


@settings(max_examples=300, deadline=None)
@given(rater_sets())
def test_no_output_holds_a_column_below_the_minimum(case: tuple[int, list[figures.Answers]]) -> None:
    minimum, raters = case
    report, columns_of = _report(minimum, raters)
    by_id = {r.id: r for r in raters}
    for column in report["columns"]:
        ids = columns_of[column["key"]]
        assert column["raters"] == len(ids)
        if column["key"] == Group.LINE_MANAGER:
            assert len(ids) == 1 and by_id[ids[0]].consents
        else:
            assert len(ids) >= minimum
    shown = {i for key, ids in columns_of.items() if key != figures.ALL for i in ids}
    if figures.ALL in columns_of:
        assert set(columns_of[figures.ALL]) == shown
    text = str(report)
    for rater in raters:
        secret = f"secret-of-rater-{rater.id}-end"
        assert (secret in text) == (rater.id in shown)


@settings(max_examples=300, deadline=None)
@given(rater_sets(), st.data())
def test_withdrawals_after_closing_only_ever_remove_whole_columns(
    case: tuple[int, list[figures.Answers]], data: st.DataObject
) -> None:
    minimum, raters = case
    first, columns_of = _report(minimum, raters)
    order = data.draw(st.permutations([r.id for r in raters]))
    report = first
    for withdrawn in order[: data.draw(st.integers(min_value=0, max_value=len(order)))]:
        report, columns_of = figures.without_rater(report, columns_of, withdrawn)
        assert all(withdrawn not in ids for ids in columns_of.values())
        for old, new in zip(first["dimensions"], report["dimensions"], strict=True):
            assert new["self"] == old["self"]
            for key, value in new["values"].items():
                assert value == old["values"][key]  # never recomputed: nothing to difference
        still = {c["key"] for c in report["columns"]}
        assert still <= {c["key"] for c in first["columns"]}
        assert all(c["column"] in still for c in report["comments"])


@st.composite
def closed_rows(draw: st.DrawFn) -> list[tuple[dt.date, dict[str, dict[str, float]]]]:
    rows = []
    for _ in range(draw(st.integers(min_value=0, max_value=12))):
        day = draw(st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2026, 12, 31)))
        dims = draw(st.lists(st.sampled_from([d.value for d in Dimension]), unique=True, max_size=9))
        level = st.sampled_from([1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0])
        rows.append((day, {"self": {d: draw(level) for d in dims}, "others": {d: draw(level) for d in dims}}))
    return rows


@settings(max_examples=200, deadline=None)
@given(
    closed_rows(),
    st.integers(min_value=2, max_value=5),
    st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2027, 6, 30)),
)
def test_academy_figures_show_only_ended_quarters_and_never_a_base_below_the_minimum(
    rows: list, minimum: int, today: dt.date
) -> None:
    for quarter in figures.academy_figures(rows, min_participants=minimum, today=today):
        assert quarter["quarter"] < figures.quarter_of(today)
        assert quarter["participants"] is None or quarter["participants"] >= minimum
        for entry in quarter["dimensions"]:
            for side in ("self", "others"):
                base = entry[f"{side}_base"]
                assert (entry[side] is None) == (base is None)
                assert base is None or base >= minimum
