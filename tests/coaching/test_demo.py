"""The demo hub tells seed 002's story: its counts, relationships at every stage, and the demo logins."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from academy.coaching.models import PractitionerProfile, Relationship, Request, ShortlistEntry
from academy.coaching.selectors import hub_figures
from academy.people.models import Role, User
from academy.people.permissions import roles_of
from academy.people.selectors import line_chain_pairs

pytestmark = pytest.mark.django_db

DOMAIN = "demo.academy.example"


def test_the_demo_hub_has_the_seeds_coaches_mentors_coachees_and_mentees_as_of_two_days() -> None:
    call_command("demo", "--small", stdout=StringIO())
    profiles = PractitionerProfile.objects.all()
    academy = profiles.first().academy  # type: ignore[union-attr]
    today = timezone.localdate()
    now = hub_figures(academy_id=academy.pk, as_of=today)
    assert (now.coaches, now.mentors, now.coachees, now.mentees) == (169, 82, 499, 209)
    month_ago = hub_figures(academy_id=academy.pk, as_of=today - dt.timedelta(days=30))
    assert (month_ago.coaches, month_ago.mentors) == (165, 78)  # the seed's two pages, counted on two days
    assert (
        now.active_relationships == Relationship.objects.filter(status__in=Relationship.HOLDS_PLACE).count()
    )
    stages = set(Relationship.objects.values_list("status", flat=True))
    assert stages == {"introduced", "declined", "contracting", "active", "closed"}
    # Never over capacity; never within a line-management chain
    for profile in profiles:
        assert (
            profile.active_count == profile.relationships.filter(status__in=Relationship.HOLDS_PLACE).count()
        )
        assert profile.active_count <= profile.capacity
    pairs = Relationship.objects.values_list("requester_id", "practitioner__person_id")
    chains = line_chain_pairs({p for pair in pairs for p in pair})
    assert not [pair for pair in pairs if frozenset(pair) in chains]

    coach = User.objects.get(username=f"coach@{DOMAIN}")
    mine = set(Relationship.objects.filter(practitioner__person__user=coach).values_list("status", flat=True))
    assert mine == {"introduced", "declined", "contracting", "active", "closed"}
    participant = User.objects.get(username=f"participant@{DOMAIN}")
    shortlist = ShortlistEntry.objects.filter(request__person__user=participant, withdrawn=False)
    assert shortlist.count() == 3
    assert Request.objects.get(person__user=participant, kind="coaching").status == "shortlisted"
    hub = User.objects.get(username=f"hub.administrator@{DOMAIN}")
    assert Role.HUB_ADMINISTRATOR in roles_of(hub)
