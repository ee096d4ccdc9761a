"""The demo's interchange tells seed 003's "Stepping into my shoes": its counts, across the six ICSs, with
no arrangement breaking a hard rule and places equal to the arrangements holding them."""

from io import StringIO

import pytest
from django.core.management import call_command

from academy.interchange.models import Arrangement, LearningRequest, Opportunity, Reflection
from academy.interchange.selectors import figures
from academy.people.selectors import line_chain_pairs

pytestmark = pytest.mark.django_db


def test_the_demo_interchange_has_its_stated_counts_and_keeps_every_rule() -> None:
    call_command("demo", "--small", stdout=StringIO())
    opportunities = Opportunity.objects.select_related("organisation")
    academy_id = opportunities.first().academy_id  # type: ignore[union-attr]
    assert opportunities.count() == 25  # 24 across the six ICSs and the participant's NHS host
    assert len({o.organisation.ics_id for o in opportunities}) == 6
    assert LearningRequest.objects.count() == 36
    statuses = sorted(Arrangement.objects.values_list("status", flat=True))
    assert statuses.count("completed") == 18 and statuses.count("agreed") == 6
    assert statuses.count("awaiting_manager") == 3  # two of the region's and the demo participant's
    assert statuses.count("declined") == 2 and statuses.count("cancelled") == 2
    assert Reflection.objects.count() == 36  # both sides of every completed arrangement
    for opportunity in opportunities:
        held = opportunity.arrangements.filter(status__in=Arrangement.HOLDS_PLACE).count()
        assert opportunity.taken_count == held <= opportunity.capacity
    pairs = [(a.learner_id, a.opportunity.host_id) for a in Arrangement.objects.select_related("opportunity")]
    chains = line_chain_pairs({p for pair in pairs for p in pair})
    assert not [pair for pair in pairs if frozenset(pair) in chains]
    shown = figures(academy_ids=[academy_id])
    assert (shown.matches, shown.completed) == (31, 18)
    assert shown.cross_sector.base == 31
    participant = Arrangement.objects.get(learner__email__startswith="participant@")
    assert participant.status == "awaiting_manager"
    assert participant.manager.email.startswith("sponsor@")  # type: ignore[union-attr]
