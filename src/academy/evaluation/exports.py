"""CSV and Excel downloads of every dashboard and report table.

A table is exported with exactly the numbers and the printed strings the page shows ("62%", "*"),
from the same dataclasses, so a download can never disagree with the page. Text that a spreadsheet
would treat as a formula is prefixed with an apostrophe (CSV/formula injection).
"""

from __future__ import annotations

from typing import Any

from academy.reporting.exports import Cell, Table

from .dashboards import Dashboard
from .reports import ImpactReport, Suite


def _pct(value: int | None) -> str:
    return "" if value is None else f"{value}%"


# ---------------------------------------------------------------- dashboard tables


def dashboard_tables(dashboard: Dashboard) -> list[Table]:
    d = dashboard.delivery
    period = dashboard.period.label
    tables = [
        Table(
            key="delivery",
            title=f"Delivery, {period}",
            headers=["Measure", "Number"],
            rows=[
                ["Sessions delivered", d.sessions],
                ["Cohorts", d.cohorts],
                ["Participants (attendances)", d.participants],
                ["Unique people", d.people],
            ],
        )
    ]
    for reach in dashboard.reach:
        headers = [reach.group_label, "Participants", "Unique people"]
        if reach.has_workforce:
            headers += [
                "Unique people at organisations with a complete workforce figure",
                "Their workforce (headcount)",
                "Reached per 1,000 of that workforce",
            ]
        rows: list[list[Cell]] = []
        for row in reach.rows:
            cells: list[Cell] = [row.label, row.participants, row.people]
            if reach.has_workforce:
                cells += [row.compared, row.workforce, row.per_thousand]
            rows.append(cells)
        tables.append(
            Table(key=f"reach-{reach.key}", title=f"{reach.title}, {period}", headers=headers, rows=rows)
        )
    for equality in dashboard.equality:
        tables.append(
            Table(
                key=f"equality-{equality.key}",
                title=f"Equality reach: {equality.characteristic}, {period}",
                headers=[
                    "Group",
                    "People reached",
                    "Share of people reached",
                    "Staff records held",
                    "Share of staff records",
                ],
                rows=[
                    list[Cell](
                        [
                            row.label,
                            row.reached.shown,
                            _pct(row.reached.percent),
                            row.workforce.shown,
                            _pct(row.workforce.percent),
                        ]
                    )
                    for row in equality.rows
                ]
                + [list[Cell](["Total", equality.reached_base, "", equality.workforce_base, ""])],
            )
        )
    rates = dashboard.responses
    tables.append(
        Table(
            key="responses",
            title=f"Response rates, {period}"
            + (" (counts from 1 to 7 shown as *, others rounded to the nearest 5)" if rates.rounded else ""),
            headers=["Offer", "Responses", "Invited", "Invitations answered", "Response rate"],
            rows=[
                list[Cell](
                    [
                        row.offer,
                        _shown(row.responses),
                        _shown(row.invited),
                        _shown(row.answered),
                        _pct(row.rate.percent),
                    ]
                )
                for row in rates.by_offer
            ]
            + [
                [
                    "All offers",
                    _shown(rates.responses),
                    _shown(rates.invited),
                    _shown(rates.answered),
                    _pct(rates.rate.percent),
                ]
            ],
        )
    )
    headlines = headline_table("headlines", f"Headline evaluation results, {period}", dashboard.headlines)
    headlines.headers.append("Offers pooled")
    for cells, figure in zip(headlines.rows, dashboard.headlines, strict=True):
        cells.append(dashboard.headline_offers.get(figure.code, 0))
    tables.append(headlines)
    return tables


def _shown(count: int | None) -> Cell:
    """A count as printed: "*" where it is suppressed."""
    return "*" if count is None else count


def headline_table(key: str, title: str, questions: list[Any]) -> Table:
    from .dashboards import headline_text

    rows: list[list[Cell]] = []
    for figure in questions:
        proportion = figure.agree or figure.recommend
        rows.append(
            [
                figure.text,
                headline_text(figure),
                _pct(proportion.percent if proportion else None),
                figure.base,
            ]
        )
    return Table(
        key=key, title=title, headers=["Question", "Result", "Agree or yes", "Base (responses)"], rows=rows
    )


# ---------------------------------------------------------------- report tables


def report_tables(report: ImpactReport, *, prefix: str = "") -> list[Table]:
    d = report.delivery
    name = f"{report.title}: " if prefix else ""
    number = f"{prefix.rstrip('-')} " if prefix else ""  # a suite's sheets start with the report's number
    tables = [
        Table(
            key=f"{prefix}delivery",
            title=f"{name}What was delivered",
            sheet=f"{number}What was delivered",
            headers=["Measure", "Number"],
            rows=[
                ["Sessions delivered", d.sessions],
                ["Cohorts", d.cohorts],
                ["Participants (attendances)", d.participants],
                ["Unique people", d.people],
            ],
        ),
        Table(
            key=f"{prefix}funnel",
            title=f"{name}From registration to response",
            sheet=f"{number}From registration to response",
            headers=["Step", "People", "Share of registered"],
            rows=[[step.label, step.count, _pct(step.percent_of_first)] for step in report.funnel],
        ),
    ]
    for section in report.questions:
        figure = section.figure
        rows: list[list[Cell]] = [
            [option.label, option.count, _pct(option.percent)] for option in figure.options
        ]
        if figure.agree is not None:
            rows.append(["Agree or strongly agree", figure.agree.count, _pct(figure.agree.percent)])
        rows.append(["Base (responses)", figure.base, ""])
        tables.append(
            Table(
                key=f"{prefix}question-{figure.code}",
                title=f"{name}{figure.text}",
                sheet=f"{number}{figure.text}",
                headers=["Answer", "Responses", "Percentage"],
                rows=rows,
            )
        )
    if report.goals:
        tables.append(
            Table(
                key=f"{prefix}goals",
                title=f"{name}Goal tracker",
                sheet=f"{number}Goal tracker",
                headers=[
                    "Goal theme",
                    "Improved",
                    "Rated before and after",
                    "Share improved",
                    "Median before",
                    "Median after",
                    "Median change",
                    "Test",
                    "p-value",
                ],
                rows=[
                    [
                        goal.theme,
                        goal.improved,
                        goal.base,
                        _pct(goal.improved_percent),
                        goal.median_before,
                        goal.median_after,
                        goal.median_change,
                        goal.test,
                        "" if goal.p_value is None else f"{goal.p_value:.4f}",
                    ]
                    for goal in report.goals
                ],
            )
        )
    return tables


def suite_tables(suite: Suite) -> list[Table]:
    tables = []
    for index, report in enumerate(suite.reports, start=1):
        tables += report_tables(report, prefix=f"{index}-")
    # Pages other apps add (suite_pages_register) export their own tables when they have any
    for page in suite.pages:
        tables += page.tables() if callable(getattr(page, "tables", None)) else []
    return tables


# ---------------------------------------------------------------- writers
