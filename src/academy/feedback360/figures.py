"""The 360 report and the academy's figures, as pure functions of plain values (no database), so the
anonymity rule can be tested over every set of raters (tests/feedback360/test_properties.py).

The rule (docs/feedback360.md):
1. A column of figures is shown only when at least `min_raters` raters fed it. The one exception is a
   line manager who agreed, on their own form, that their answers are shown as the line manager's.
2. Groups below the minimum (and a line manager who did not agree) fold into "others" only when the
   folded "others" reaches the minimum; otherwise they and "others" stay hidden, figures and comments.
3. The "all raters" column is made only of the shown columns, so comparing it with a shown group
   never gives away a hidden rater.
4. Figures exist only from a closing: while a 360 is open nothing is shown. After closing the report is
   frozen; when a rater withdraws, every column that rater fed is removed (never recomputed without
   them), so two reports of one 360 differ only by whole columns that disappeared.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from .models import Dimension, Group

ALL = "all"
DIMENSIONS = list(Dimension)
GAPS_SHOWN = 3


@dataclass(frozen=True)
class Answers:
    """One rater's (or the participant's own) answers: levels 1-4 by statement id, comments by dimension."""

    id: int
    group: str
    ratings: Mapping[int, int]
    comments: Mapping[str, str] = field(default_factory=dict)
    consents: bool = False


def _dimension_means(answers: Answers, dimension_of: Mapping[int, str]) -> dict[str, Fraction]:
    by_dimension: dict[str, list[int]] = {}
    for statement, level in answers.ratings.items():
        if statement in dimension_of:
            by_dimension.setdefault(dimension_of[statement], []).append(level)
    return {d: Fraction(sum(v), len(v)) for d, v in by_dimension.items()}


def _round(value: Fraction | None) -> float | None:
    return None if value is None else round(float(value), 2)


def columns_for(
    raters: Iterable[Answers], min_raters: int
) -> tuple[dict[str, list[int]], dict[str, list[str]], list[str]]:
    """Which raters feed which shown column (rules 1 to 3), the groups folded into "others", and the
    groups hidden."""
    by_group: dict[str, list[Answers]] = {}
    for rater in raters:
        if rater.group != Group.SELF:
            by_group.setdefault(rater.group, []).append(rater)
    columns: dict[str, list[int]] = {}
    small: dict[str, list[int]] = {}
    for group in (Group.LINE_MANAGER, Group.PEER, Group.DIRECT_REPORT):
        members = by_group.get(group, [])
        if not members:
            continue
        if group == Group.LINE_MANAGER and len(members) == 1 and members[0].consents:
            columns[group] = [members[0].id]
        elif len(members) >= min_raters:
            columns[group] = sorted(r.id for r in members)
        else:
            small[group] = [r.id for r in members]
    others = [r.id for r in by_group.get(Group.OTHER, [])]
    folded_ids = others + [i for ids in small.values() for i in ids]
    folded: dict[str, list[str]] = {}
    hidden: list[str] = []
    if len(folded_ids) >= min_raters:
        columns[Group.OTHER] = sorted(folded_ids)
        folded[Group.OTHER] = list(small)
    else:
        hidden = [g for g in (*small, Group.OTHER) if g != Group.OTHER or others]
    shown_ids = sorted({i for ids in columns.values() for i in ids})
    if len(shown_ids) >= min_raters:
        columns[ALL] = shown_ids
    return columns, folded, hidden


def _label(key: str) -> str:
    return "All shown raters" if key == ALL else str(Group(key).label)


def build_report(
    *, self_answers: Answers | None, raters: list[Answers], dimension_of: Mapping[int, str], min_raters: int
) -> tuple[dict[str, Any], dict[str, list[int]]]:
    """The report to freeze at closing, and which raters fed each of its columns (kept apart)."""
    columns, folded, hidden = columns_for(raters, min_raters)
    by_id = {r.id: r for r in raters}
    means = {r.id: _dimension_means(r, dimension_of) for r in raters}
    own = _dimension_means(self_answers, dimension_of) if self_answers else {}
    order = [
        key
        for key in (Group.LINE_MANAGER, Group.PEER, Group.DIRECT_REPORT, Group.OTHER, ALL)
        if key in columns
    ]
    dimensions = []
    for dimension in DIMENSIONS:
        values: dict[str, float | None] = {}
        for key in order:
            rated = [means[i][dimension] for i in columns[key] if dimension in means[i]]
            values[str(key)] = _round(sum(rated, Fraction(0)) / len(rated)) if rated else None
        self_value = _round(own.get(dimension))
        everyone = values.get(ALL)
        gap = None if self_value is None or everyone is None else round(everyone - self_value, 2)
        dimensions.append(
            {
                "key": dimension.value,
                "name": str(dimension.label),
                "self": self_value,
                "values": values,
                "gap": gap,
            }
        )
    comments = []
    for key in order:
        if key == ALL:
            continue
        for dimension in DIMENSIONS:
            texts = sorted(
                by_id[i].comments.get(dimension, "").strip()
                for i in columns[key]
                if by_id[i].comments.get(dimension, "").strip()
            )
            if texts:  # sorted, so the order says nothing about who wrote which
                comments.append(
                    {
                        "column": str(key),
                        "label": _label(key),
                        "dimension": dimension.value,
                        "dimension_name": str(dimension.label),
                        "texts": texts,
                    }
                )
    self_comments = [
        {"dimension": d.value, "dimension_name": str(d.label), "text": self_answers.comments[d].strip()}
        for d in DIMENSIONS
        if self_answers and self_answers.comments.get(d, "").strip()
    ]
    report = {
        "min_raters": min_raters,
        "columns": [
            {
                "key": str(key),
                "label": _label(key),
                "raters": len(columns[key]),
                "includes": [str(Group(g).label) for g in folded.get(key, [])],
            }
            for key in order
        ],
        "hidden": [str(Group(g).label) for g in hidden],
        "dimensions": dimensions,
        "gaps": largest_gaps(dimensions),
        "comments": comments,
        "self_comments": self_comments,
        "removed": [],
    }
    return report, {str(k): v for k, v in columns.items()}


def largest_gaps(dimensions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    with_gap = [d for d in dimensions if d["gap"] is not None]
    ranked = sorted(with_gap, key=lambda d: -abs(d["gap"]))[:GAPS_SHOWN]
    return [
        {"key": d["key"], "name": d["name"], "self": d["self"], "others": d["values"][ALL], "gap": d["gap"]}
        for d in ranked
    ]


def without_rater(
    report: dict[str, Any], columns_of: dict[str, list[int]], invitation_id: int
) -> tuple[dict[str, Any], dict[str, list[int]]]:
    """Rule 4: the frozen report with every column the withdrawn rater fed removed, not recomputed."""
    # In the report's column order: columns_of comes back from a JSON column, whose key order PostgreSQL
    # (jsonb) does not keep.
    order = [c["key"] for c in report["columns"]]
    fed = [key for key, ids in columns_of.items() if invitation_id in ids]
    gone = sorted(fed, key=lambda key: (order.index(key) if key in order else len(order), key))
    if not gone:
        return report, columns_of
    report = {**report}
    report["columns"] = [c for c in report["columns"] if c["key"] not in gone]
    report["dimensions"] = [
        {
            **d,
            "values": {k: v for k, v in d["values"].items() if k not in gone},
            "gap": None if ALL in gone else d["gap"],
        }
        for d in report["dimensions"]
    ]
    report["gaps"] = largest_gaps(report["dimensions"])
    report["comments"] = [c for c in report["comments"] if c["column"] not in gone]
    report["removed"] = [*report.get("removed", []), *(_label(k) for k in gone)]
    return report, {k: v for k, v in columns_of.items() if k not in gone}


def aggregate_row(report: dict[str, Any]) -> dict[str, dict[str, float]]:
    """What one closed 360 adds to the academy's figures: its self-rating and its all-raters figure per
    dimension, written once at closing."""
    return {
        "self": {d["key"]: d["self"] for d in report["dimensions"] if d["self"] is not None},
        "others": {
            d["key"]: d["values"][ALL] for d in report["dimensions"] if d["values"].get(ALL) is not None
        },
    }


def quarter_of(day: dt.date) -> str:
    return f"{day.year} Q{(day.month - 1) // 3 + 1}"


def quarter_ended(quarter: str, today: dt.date) -> bool:
    return quarter < quarter_of(today)


def academy_figures(
    rows: Iterable[tuple[dt.date, Mapping[str, Mapping[str, float]]]],
    *,
    min_participants: int,
    today: dt.date,
) -> list[dict[str, Any]]:
    """Per ended quarter of closing and dimension: how many participants, the mean self-rating and the
    mean of others' ratings, suppressed below the minimum. A quarter still running is not shown, so a
    figure never changes by one participant closing their 360."""
    quarters: dict[str, list[Mapping[str, Mapping[str, float]]]] = {}
    for day, row in rows:
        quarter = quarter_of(day)
        if quarter_ended(quarter, today):
            quarters.setdefault(quarter, []).append(row)
    result = []
    for quarter in sorted(quarters, reverse=True):
        members = quarters[quarter]
        dims = []
        for dimension in DIMENSIONS:
            entry: dict[str, Any] = {"key": dimension.value, "name": str(dimension.label)}
            for side in ("self", "others"):
                values = [Fraction(m[side][dimension]) for m in members if dimension in m.get(side, {})]
                shown = len(values) >= min_participants
                entry[side] = _round(sum(values, Fraction(0)) / len(values)) if shown else None
                entry[f"{side}_base"] = len(values) if shown else None
            dims.append(entry)
        participants = len(members)
        result.append(
            {
                "quarter": quarter,
                "participants": participants if participants >= min_participants else None,
                "dimensions": dims,
            }
        )
    return result
