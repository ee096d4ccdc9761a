"""The 360 report printed from its frozen figures: the page, the PDF and the CSV all read `report_view`,
so they never disagree, and none of them can show what the frozen report does not hold."""

from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from academy.reporting.charts import Bar, bar_chart
from academy.reporting.exports import Table, to_csv
from academy.reporting.pdf import html_to_pdf

from .figures import ALL
from .models import Assessment, Level

TOP_LEVEL = max(Level.values)


def _number(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class ReportView:
    assessment: Assessment
    columns: list[dict[str, Any]]  # shown columns, with their base
    rows: list[dict[str, Any]]  # per dimension: name, self, values in column order, gap
    gaps: list[dict[str, Any]]
    comments: list[dict[str, Any]]
    self_comments: list[dict[str, Any]]
    hidden: list[str]
    removed: list[str]
    min_raters: int
    chart: SafeString

    @property
    def has_figures(self) -> bool:
        return bool(self.columns)


def report_view(assessment: Assessment) -> ReportView:
    report = assessment.report or {}
    columns = report.get("columns", [])
    rows = [
        {
            "name": d["name"],
            "self": _number(d["self"]),
            "values": [_number(d["values"].get(c["key"])) for c in columns],
            "gap": "–" if d["gap"] is None else f"{d['gap']:+.2f}",
        }
        for d in report.get("dimensions", [])
    ]
    bars = []
    for d in report.get("dimensions", []):
        bars.append(Bar(f"{d['name']}: you", _percent(d["self"]), f"{_number(d['self'])} of 4"))
        everyone = d["values"].get(ALL)
        if everyone is not None:
            base = next(c["raters"] for c in columns if c["key"] == ALL)
            bars.append(Bar(f"{d['name']}: raters", _percent(everyone), f"{_number(everyone)} of 4 ({base})"))
    chart = bar_chart(
        chart_id=f"f360-{assessment.pk}",
        title="Your self-rating beside your raters' ratings, by dimension",
        bars=bars,
        description="Mean level from 1 (essential) to 4 (exemplary); raters' base in brackets.",
    )
    return ReportView(
        assessment=assessment,
        columns=columns,
        rows=rows,
        gaps=[
            {
                **g,
                "gap_text": f"{g['gap']:+.2f}",
                "self_text": _number(g["self"]),
                "others_text": _number(g["others"]),
            }
            for g in report.get("gaps", [])
        ],
        comments=report.get("comments", []),
        self_comments=report.get("self_comments", []),
        hidden=report.get("hidden", []),
        removed=report.get("removed", []),
        min_raters=report.get("min_raters", assessment.min_raters),
        chart=chart,
    )


def _percent(value: float | None) -> int | None:
    return None if value is None else round(value / TOP_LEVEL * 100)


def report_table(view: ReportView) -> Table:
    headers = ["Dimension", "You", *(f"{c['label']} ({c['raters']} raters)" for c in view.columns), "Gap"]
    rows: list[list[Any]] = [[r["name"], r["self"], *r["values"], r["gap"]] for r in view.rows]
    return Table(
        key="dimensions", title="Self-rating and raters' ratings by dimension", headers=headers, rows=rows
    )


def report_csv(view: ReportView) -> bytes:
    return to_csv([report_table(view)])


def report_pdf(view: ReportView) -> bytes:
    return html_to_pdf(render_to_string("feedback360/report_print.html", {"view": view}))
