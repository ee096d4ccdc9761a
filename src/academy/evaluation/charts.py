"""Server-side SVG bar charts for reports and dashboards.

Charts are drawn from figures already computed by figures.py: a chart never computes a number, it
only draws the percentages and prints the same text the table beside it prints. Each chart is an
<svg role="img"> with a <title> and <desc> (the text alternative lists every bar), uses presentation
attributes only (the site's Content Security Policy forbids inline styles), and is byte-identical
for the same figures, so reports stay reproducible.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

from .figures import FunnelStep, GoalThemeFigure, QuestionFigure

WIDTH = 640
LABEL_WIDTH = 250
VALUE_WIDTH = 70
ROW_HEIGHT = 30
BAR_HEIGHT = 18
TOP = 8
BAR_COLOUR = "#005eb8"  # NHS blue
TRACK_COLOUR = "#e8edee"  # NHS pale grey
TEXT_COLOUR = "#212b32"


@dataclass(frozen=True)
class Bar:
    label: str
    percent: int | None  # the length of the bar, 0 to 100; None draws no bar
    text: str  # what is printed at the end of the bar, e.g. "62% (8)"


def _shorten(label: str, limit: int = 38) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def bar_chart(*, chart_id: str, title: str, bars: list[Bar], description: str = "") -> SafeString:
    """A horizontal bar chart of percentages. The full labels and values are in <desc>."""
    height = TOP * 2 + ROW_HEIGHT * max(len(bars), 1)
    track = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    listed = "; ".join(f"{bar.label}: {bar.text}" for bar in bars) or "No figures"
    desc = f"{description} {listed}.".strip() if description else f"{listed}."
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="academy-chart" id="{escape(chart_id)}" '
        f'role="img" aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" preserveAspectRatio="xMinYMin meet" '
        f'font-family="Frutiger W01, Arial, sans-serif" font-size="14">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-desc">{escape(desc)}</desc>',
    ]
    for index, bar in enumerate(bars):
        y = TOP + index * ROW_HEIGHT
        text_y = y + BAR_HEIGHT - 4
        length = 0 if bar.percent is None else round(track * max(0, min(bar.percent, 100)) / 100)
        parts.append(
            f'<text x="0" y="{text_y}" fill="{TEXT_COLOUR}" aria-hidden="true">{escape(_shorten(bar.label))}</text>'
        )
        parts.append(
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{track}" height="{BAR_HEIGHT}" fill="{TRACK_COLOUR}"/>'
        )
        if length:
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{y}" width="{length}" height="{BAR_HEIGHT}" fill="{BAR_COLOUR}"/>'
            )
        parts.append(
            f'<text x="{WIDTH - VALUE_WIDTH + 8}" y="{text_y}" fill="{TEXT_COLOUR}" aria-hidden="true">'
            f"{escape(bar.text)}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every interpolated value above is escaped


def question_chart(figure: QuestionFigure, *, chart_id: str) -> SafeString | None:
    """A chart of one closed question's answers, or None when there is nothing to draw."""
    if figure.base == 0 or not figure.options:
        return None
    bars = [
        Bar(
            label=option.label,
            percent=option.percent,
            text="" if option.percent is None else f"{option.percent}% ({option.count})",
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
            Bar(label=figure.text, percent=proportion.percent, text=f"{proportion.percent}% of {figure.base}")
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
        bars=[Bar(label=step.label, percent=step.percent_of_first, text=f"{step.count:,}") for step in steps],
        description="Number of people at each step; bar lengths are shares of those registered.",
    )


def goals_chart(goals: list[GoalThemeFigure], *, chart_id: str) -> SafeString | None:
    """The share of people who improved, per goal theme."""
    bars = [
        Bar(
            label=goal.theme,
            percent=goal.improved_percent,
            text=f"{goal.improved_percent}% ({goal.improved} of {goal.base})",
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
