"""Server-side SVG bar charts for reports and dashboards, for every app.

A chart never computes a number: it only draws the percentages it is given and prints the same text the
table beside it prints. Each chart is an <svg role="img"> with a <title> and <desc> (the text alternative
lists every bar), uses presentation attributes only (the site's Content Security Policy forbids inline
styles), and is byte-identical for the same figures, so reports stay reproducible.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe

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


LINE_COLOUR = "#005eb8"  # NHS blue
TARGET_COLOUR = "#007f3b"  # NHS green
AXIS_COLOUR = "#4c6272"  # NHS dark grey


@dataclass(frozen=True)
class Point:
    on: dt.date
    value: float  # where it is drawn
    text: str  # what is printed beside it and in the description, e.g. "1,240"


def line_chart(
    *,
    chart_id: str,
    title: str,
    points: list[Point],
    target: Point | None = None,
    description: str = "",
) -> SafeString:
    """A line over time (a measure's baseline and data points), with a dashed target line ending at its
    date: the "turning the curve" chart. Dates are spaced as they fall; every point's value is printed
    beside it and listed, with the target, in <desc>, so the chart says nothing its table does not."""
    from academy.core.dates import long_date

    left, right, top, bottom = 90, 150, 16, 40
    height = 260
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    dates = [p.on for p in points] + ([target.on] if target else [])
    values = [p.value for p in points] + ([target.value] if target else [])
    first, last = (min(dates), max(dates)) if dates else (dt.date(2000, 1, 1), dt.date(2000, 1, 2))
    low, high = (min(values), max(values)) if values else (0.0, 1.0)
    if high == low:
        low, high = low - 1, high + 1
    pad = (high - low) * 0.1
    low, high = low - pad, high + pad
    span_days = max((last - first).days, 1)

    def x(on: dt.date) -> int:
        return round(left + plot_w * (on - first).days / span_days)

    def y(value: float) -> int:
        return round(top + plot_h * (high - value) / (high - low))

    listed = "; ".join(f"{long_date(p.on)}: {p.text}" for p in points) or "No figures"
    if target:
        listed += f"; target by {long_date(target.on)}: {target.text}"
    desc = f"{description} {listed}.".strip()
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="academy-chart" id="{escape(chart_id)}" '
        f'role="img" aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" preserveAspectRatio="xMinYMin meet" '
        f'font-family="Frutiger W01, Arial, sans-serif" font-size="{FONT_SIZE}">',
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>',
        f'<desc id="{escape(chart_id)}-desc">{escape(desc)}</desc>',
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" '
        f'stroke="{AXIS_COLOUR}" stroke-width="1"/>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="{AXIS_COLOUR}" stroke-width="1"/>',
        f'<text x="{left}" y="{height - 12}" fill="{TEXT_COLOUR}" aria-hidden="true">{escape(long_date(first))}</text>',
        f'<text x="{left + plot_w}" y="{height - 12}" fill="{TEXT_COLOUR}" text-anchor="end" aria-hidden="true">'
        f"{escape(long_date(last))}</text>",
    ]
    if target:
        ty = y(target.value)
        parts.append(
            f'<line x1="{left}" y1="{ty}" x2="{x(target.on)}" y2="{ty}" stroke="{TARGET_COLOUR}" '
            f'stroke-width="2" stroke-dasharray="6 4"/>'
        )
        parts.append(
            f'<text x="{x(target.on) + GAP}" y="{ty + 5}" fill="{TARGET_COLOUR}" aria-hidden="true">'
            f"{escape(target.text)}</text>"
        )
    if points:
        line = " ".join(f"{x(p.on)},{y(p.value)}" for p in points)
        parts.append(f'<polyline points="{line}" fill="none" stroke="{LINE_COLOUR}" stroke-width="3"/>')
        for p in points:
            parts.append(f'<circle cx="{x(p.on)}" cy="{y(p.value)}" r="4" fill="{LINE_COLOUR}"/>')
            parts.append(
                f'<text x="{x(p.on)}" y="{y(p.value) - GAP}" fill="{TEXT_COLOUR}" text-anchor="middle" '
                f'font-size="12" aria-hidden="true">{escape(p.text)}</text>'
            )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every interpolated value above is escaped
