"""The generic bar chart: every label and figure printed whole, the same bytes for the same bars."""

from html import unescape

from hypothesis import given
from hypothesis import strategies as st

from academy.reporting.charts import GAP, LABEL_WIDTH, Bar, bar_chart, text_width, wrap


@given(st.text(alphabet=st.characters(codec="ascii", categories=["L", "N", "Zs"]), max_size=300))
def test_wrapping_never_drops_a_character_or_overruns_the_line(text):
    lines = wrap(text, LABEL_WIDTH - GAP)
    assert "".join(lines).replace(" ", "") == "".join(text.split())
    assert all(text_width(line) <= LABEL_WIDTH - GAP for line in lines if len(line) > 1)


def test_a_bar_chart_lists_every_bar_in_its_text_alternative():
    bars = [Bar("Strongly agree", 62, "62% (8)"), Bar("Agree", 38, "38% (5)"), Bar("No answer", None, "none")]
    svg = bar_chart(chart_id="c1", title="Apply learning", bars=bars, description="Of 13.")
    assert 'role="img"' in svg and '<title id="c1-title">Apply learning</title>' in svg
    assert "Of 13. Strongly agree: 62% (8); Agree: 38% (5); No answer: none." in unescape(svg)
    assert svg == bar_chart(chart_id="c1", title="Apply learning", bars=bars, description="Of 13.")
    assert "style=" not in svg  # the Content Security Policy forbids inline styles
