"""Server-side SVG bar charts for reports and dashboards.

Charts are drawn from figures already computed by figures.py: a chart never computes a number, it
only draws the percentages and prints the same text the table beside it prints. Each chart is an
<svg role="img"> with a <title> and <desc> (the text alternative lists every bar), uses presentation
attributes only (the site's Content Security Policy forbids inline styles), and is byte-identical
for the same figures, so reports stay reproducible.
"""

from __future__ import annotations

from django.utils.safestring import SafeString

from academy.reporting.charts import Bar, bar_chart

from .figures import FunnelStep, GoalThemeFigure, QuestionFigure


def question_chart(figure: QuestionFigure, *, chart_id: str) -> SafeString | None:
    """A chart of one closed question's answers, or None when there is nothing to draw."""
    if figure.base == 0 or not figure.options:
        return None
    bars = [
        Bar(
            label=option.label,
            percent=option.percent,
            text="" if option.percent is None else f"{option.percent}% ({option.count:,})",
        )
        for option in figure.options
    ]
    return bar_chart(
        chart_id=chart_id,
        title=figure.text,
        bars=bars,
        description=f"Answers from {figure.base} {'person' if figure.base == 1 else 'people'}.",
    )


def headline_chart(headlines: list[QuestionFigure], *, chart_id: str) -> SafeString | None:
    """One bar per headline question: agree or strongly agree (or yes) as a share of its base."""
    bars = []
    for figure in headlines:
        proportion = figure.agree or figure.recommend
        if proportion is None or proportion.percent is None:
            continue
        bars.append(
            Bar(
                label=figure.text,
                percent=proportion.percent,
                text=f"{proportion.percent}% of {figure.base:,}",
            )
        )
    if not bars:
        return None
    return bar_chart(
        chart_id=chart_id,
        title="Headline evaluation results",
        bars=bars,
        description="Share who agreed or strongly agreed, or answered yes, of everyone who answered each question.",
    )


def funnel_chart(steps: list[FunnelStep], *, chart_id: str) -> SafeString | None:
    """Registered, attended, completed, responded: each as a share of those registered."""
    if not steps or not steps[0].count:
        return None
    return bar_chart(
        chart_id=chart_id,
        title="From registration to response",
        bars=[
            Bar(
                label=step.label,
                percent=step.percent_of_first,
                text=f"{step.count:,}"
                if index == 0 or step.percent_of_first is None
                else f"{step.count:,} ({step.percent_of_first}% of {steps[0].count:,})",
            )
            for index, step in enumerate(steps)
        ],
        description="Number of people at each step, and their share of those registered.",
    )


def goals_chart(goals: list[GoalThemeFigure], *, chart_id: str) -> SafeString | None:
    """The share of people who improved, per goal theme."""
    bars = [
        Bar(
            label=goal.theme,
            percent=goal.improved_percent,
            text=f"{goal.improved_percent}% ({goal.improved:,} of {goal.base:,})",
        )
        for goal in goals
        if goal.improved_percent is not None
    ]
    if not bars:
        return None
    return bar_chart(
        chart_id=chart_id,
        title="Share of participants who improved, by goal theme",
        bars=bars,
        description="Self-ratings from 1 to 10 before the first session and after the last.",
    )
