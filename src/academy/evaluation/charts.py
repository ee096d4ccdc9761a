"""Server-side SVG bar charts for reports and dashboards.

Charts are drawn from figures already computed by figures.py: a chart never computes a number, it
only draws the percentages and prints the same text the table beside it prints. Each chart is an
<svg role="img"> with a <title> and <desc> (the text alternative lists every bar), uses presentation
attributes only (the site's Content Security Policy forbids inline styles), and is byte-identical
for the same figures, so reports stay reproducible.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

from .figures import FunnelStep, GoalThemeFigure, QuestionFigure

WIDTH = 640
LABEL_WIDTH = 250
VALUE_WIDTH = 70  # the least room for the figure at the end of a bar; more when the figure is longer
MIN_TRACK = 160  # the least room for the bar itself
ROW_HEIGHT = 30
BAR_HEIGHT = 18
FONT_SIZE = 14
LINE_HEIGHT = 17
GAP = 8
TOP = 8
BAR_COLOUR = "#005eb8"  # NHS blue
TRACK_COLOUR = "#e8edee"  # NHS pale grey
TEXT_COLOUR = "#212b32"

# Conservative advance widths, in ems, for the chart's fonts (Frutiger, Arial, Liberation Sans, DejaVu Sans):
# each class is given the width of its widest common member, so an estimate is never short of the text.
_NARROW = set(" .,:;'|!iljtfI()[]")
_WIDE = set("MWmw%@")


def text_width(text: str, font_size: int = FONT_SIZE) -> float:
    """An upper estimate of the width of text in pixels, so that nothing drawn runs out of its room."""
    ems = 0.0
    for char in text:
        if char in _NARROW:
            ems += 0.4
        elif char in _WIDE:
            ems += 1.0
        elif char.isupper():
            ems += 0.78
        elif char.isdigit():
            ems += 0.64
        else:
            ems += 0.62
    return ems * font_size


def wrap(text: str, width: float) -> list[str]:
    """Words laid into lines no wider than width; a word longer than a line is broken, never dropped."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if text_width(candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = ""
        while text_width(word) > width:  # a very long word: break it
            cut = len(word)
            while cut > 1 and text_width(word[:cut]) > width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        current = word
    if current or not lines:
        lines.append(current)
    return lines


@dataclass(frozen=True)
class Bar:
    label: str
    percent: int | None  # the length of the bar, 0 to 100; None draws no bar
    text: str  # what is printed at the end of the bar, e.g. "62% (8)"


def bar_chart(*, chart_id: str, title: str, bars: list[Bar], description: str = "") -> SafeString:
    """A horizontal bar chart of percentages. Labels wrap onto as many lines as they need and the column
    of figures is as wide as its longest figure, so no label, figure or base is ever cut short. The full
    labels and values are in <desc> as well."""
    value_width = max([VALUE_WIDTH] + [math.ceil(text_width(bar.text)) + GAP for bar in bars])
    track = max(MIN_TRACK, WIDTH - LABEL_WIDTH - value_width)
    width = LABEL_WIDTH + track + value_width
    label_lines = [wrap(bar.label, LABEL_WIDTH - GAP) for bar in bars]
    row_heights = [max(ROW_HEIGHT, LINE_HEIGHT * len(lines) + 10) for lines in label_lines]
    height = TOP * 2 + (sum(row_heights) if bars else ROW_HEIGHT)
    listed = "; ".join(f"{bar.label}: {bar.text}" for bar in bars) or "No figures"
    desc = f"{description} {listed}.".strip() if description else f"{listed}."
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="academy-chart" id="{escape(chart_id)}" '
        f'role="img" aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc" '
        f'viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMinYMin meet" '
        f'font-family="Frutiger W01, Arial, sans-serif" font-size="{FONT_SIZE}">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-desc">{escape(desc)}</desc>',
    ]
    y = TOP
    for bar, lines, row_height in zip(bars, label_lines, row_heights, strict=True):
        bar_y = y + (row_height - BAR_HEIGHT) // 2
        text_y = bar_y + BAR_HEIGHT - 4
        first_line_y = y + (row_height - LINE_HEIGHT * len(lines)) // 2 + LINE_HEIGHT - 4
        length = 0 if bar.percent is None else round(track * max(0, min(bar.percent, 100)) / 100)
        tspans = "".join(
            f'<tspan x="0" y="{first_line_y + n * LINE_HEIGHT}">{escape(line)}</tspan>'
            for n, line in enumerate(lines)
        )
        parts.append(f'<text fill="{TEXT_COLOUR}" aria-hidden="true">{tspans}</text>')
        parts.append(
            f'<rect x="{LABEL_WIDTH}" y="{bar_y}" width="{track}" height="{BAR_HEIGHT}" fill="{TRACK_COLOUR}"/>'
        )
        if length:
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{bar_y}" width="{length}" height="{BAR_HEIGHT}" fill="{BAR_COLOUR}"/>'
            )
        parts.append(
            f'<text x="{LABEL_WIDTH + track + GAP}" y="{text_y}" fill="{TEXT_COLOUR}" aria-hidden="true">'
            f"{escape(bar.text)}</text>"
        )
        y += row_height
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
