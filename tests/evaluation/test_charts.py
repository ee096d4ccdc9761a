"""Charts never cut off a figure, its base or a label (issue 9, item 2).

Every text element's estimated width (text_width, which over-estimates every character) must lie
inside the viewBox, labels inside the label column, and every figure string be printed whole.
"""

import re
from html import unescape

from academy.evaluation import charts
from academy.evaluation.figures import (
    FunnelStep,
    Proportion,
    QuestionFigure,
    goal_theme_figure,
    question_figure,
)
from academy.evaluation.models import AGREEMENT_OPTIONS, QuestionType
from academy.reporting.charts import LABEL_WIDTH, text_width

LONG = (
    "I feel confident the “Intersectionality, identity and authenticity” session will enhance my ability "
    "to lead and influence others across the integrated care system"
)


def _texts(svg: str) -> tuple[float, list[tuple[float, str]]]:
    width = float(re.search(r'viewBox="0 0 ([\d.]+) [\d.]+"', svg).group(1))
    placed = [
        (float(x), unescape(t))
        for x, t in re.findall(r'<(?:text|tspan)[^>]* x="([\d.]+)"[^>]*>([^<]+)<', svg)
    ]
    return width, placed


def _fits(svg: str) -> None:
    width, placed = _texts(svg)
    assert placed
    for x, text in placed:
        assert x + text_width(text) <= width, (x, text, width)
        if x == 0:  # a label line stays in the label column
            assert text_width(text) <= LABEL_WIDTH, text
    assert "…" not in svg


def test_headline_chart_prints_big_bases_whole_and_wraps_long_labels():
    figure = QuestionFigure(
        code="lead_and_influence",
        text=LONG,
        type=QuestionType.AGREEMENT_5,
        base=5199,
        agree=Proportion.of(5043, 5199),
    )
    svg = str(charts.headline_chart([figure], chart_id="h"))
    assert ">97% of 5,199<" in svg
    _fits(svg)
    label = " ".join(t for x, t in _texts(svg)[1] if x == 0)
    assert label == LONG  # every word of the label, over several lines
    assert svg.count("<tspan") >= 3


def test_goal_and_question_charts_print_every_figure_and_base_whole():
    goal = goal_theme_figure(
        "Managing relationships within the practice effectively and with confidence", [(3, 9)] * 7
    )
    svg = str(charts.goals_chart([goal], chart_id="g"))
    assert ">100% (7 of 7)<" in svg
    _fits(svg)
    counts = {"strongly_agree": 12345, "agree": 6789, "neither": 3}
    question = question_figure(
        code="apply_learning",
        text=LONG,
        question_type=QuestionType.AGREEMENT_5,
        options=AGREEMENT_OPTIONS,
        counts=counts,
        base=sum(counts.values()),
    )
    svg = str(charts.question_chart(question, chart_id="q"))
    assert ">65% (12,345)<" in svg and ">35% (6,789)<" in svg  # 12,345 and 6,789 of 19,137
    _fits(svg)


def test_funnel_chart_gives_each_share_its_base_and_fits():
    steps = [
        FunnelStep("Registered", 1_234_567, 100),
        FunnelStep("Attended", 1_000_001, 81),
        FunnelStep("Completed", 0, 0),
        FunnelStep("Responded", 650_000, 53),
    ]
    svg = str(charts.funnel_chart(steps, chart_id="f"))
    assert ">1,234,567<" in svg
    assert ">1,000,001 (81% of 1,234,567)<" in svg
    assert ">650,000 (53% of 1,234,567)<" in svg
    _fits(svg)
