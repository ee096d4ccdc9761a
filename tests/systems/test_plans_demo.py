"""The demo's plans and charters tell seed 003's story: six East of England systems each with a plan, BLMK's
across 2017/18 to 2020/21 and reviewed once, and a charter in each system signed by its senior leaders."""

from io import StringIO

import pytest
from django.core.management import call_command

from academy.people.models import User
from academy.systems import selectors
from academy.systems.models import Activity, Charter, Plan, Signature

pytestmark = pytest.mark.django_db


def test_the_six_systems_have_plans_and_charters_and_blmk_was_reviewed_once() -> None:
    out = StringIO()
    call_command("demo", "--small", stdout=out)
    assert Plan.objects.filter(ics__region__code="Y61").count() == 6
    blmk = Plan.objects.get(ics__code="QHG")
    first, second = blmk.versions.order_by("number")
    assert (first.start_year, first.end_year, first.status, second.status) == (
        2017,
        2020,
        "published",
        "published",
    )
    assert [p.title for p in first.pillars.all()] == [
        "Shared Direction",
        "Collective Leadership",
        "Coaching Culture",
        "Talent Management",
        "Engagement",
        "Employer of Choice",
    ]
    assert [w.title for w in first.workstreams.all()] == [
        "Leadership",
        "Culture and Collaboration",
        "Building for Success",
        "System Change",
    ]
    ceo = Activity.objects.get(workstream__version=first, title="CEO Development")
    assert ceo.timeline == {"2017": "milestone", "2019": "milestone"}
    assert Activity.objects.get(workstream__version=first, title="Senior Leaders as Coaches").coaching_hub
    changes = {(c.item, c.change) for c in selectors.plan_diff(first, second)}
    assert ("Leadership Charter (Leadership)", "changed") in changes and len(changes) == 5

    charters = Charter.objects.filter(ics__region__code="Y61")
    assert charters.count() == 6
    counts = {c.ics.code: c.signatures.count() for c in charters}
    assert counts["QHG"] == 24 and sorted(n for code, n in counts.items() if code != "QHG") == [
        6,
        7,
        8,
        9,
        10,
    ]
    assert "charter signatures: 64" in out.getvalue()
    assert Signature.objects.filter(charter__ics__region__code="Y61").count() == 64

    # The demo ICS OD lead (Norfolk and Waveney) may review their own plan and reads BLMK's published one
    lead = User.objects.get(email="ics.od.lead@demo.academy.example")
    own = Plan.objects.get(ics=lead.roles.get().ics)
    assert own.ics.code == "QMM" and set(selectors.plans_for(lead)) == set(
        Plan.objects.filter(ics__region__code="Y61")
    )
    assert [v.number for v in selectors.plan_versions(lead, blmk)] == [2, 1]
