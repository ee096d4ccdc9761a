"""The demo tells seed 002's 360 story: a completed 360 with enough raters, shared with the coach when
there is one, and one whose single direct report stays hidden."""

from io import StringIO

import pytest
from django.core.management import call_command

from academy.feedback360.models import Assessment

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_completed_360_and_one_with_a_group_below_the_minimum() -> None:
    call_command("demo", "--small", stdout=StringIO())
    full = Assessment.objects.get(
        title="My 360 feedback", participant__user__username__startswith="participant"
    )
    keys = [c["key"] for c in full.report["columns"]]
    assert keys == ["line_manager", "peer", "direct_report", "other", "all"]
    assert next(c for c in full.report["columns"] if c["key"] == "all")["raters"] == 11
    below = Assessment.objects.get(title="360 feedback, spring")
    assert [c["key"] for c in below.report["columns"]] == ["peer", "all"]
    assert below.report["hidden"] == ["Direct reports"]
    assert Assessment.objects.filter(status="closed").count() == 6
