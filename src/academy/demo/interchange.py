"""Seed 003's "Stepping into my shoes": an interchange offer across the six East of England integrated
care systems, with staff volunteering to host and staff asking to learn across sectors and organisations.

Counts (consistent by construction, checked in tests/interchange/test_demo.py):
- 24 opportunities, four in each of the six ICSs (shadowing, mentoring, placement, improvement project,
  action learning in turn), 2 places each (48 places), hosted mostly outside the NHS;
- 36 requests to learn, six from each ICS; 30 of them matched: 18 completed (each with a reflection from
  the learner and one from the host), 6 agreed and still to come, 2 waiting for the line manager,
  2 declined by the line manager, 2 cancelled; the other 6 requests still wait for a match;
- learners come from one ICS and are hosted in the next (so every arrangement crosses ICSs and
  organisations, and never a line-management chain), and the demo `participant` (a care home deputy
  manager) has asked for a place with an NHS host, waiting for the `sponsor` (their line manager) to agree.

The region's staff have no logins, so their rows are written directly here, keeping the places taken on
each opportunity equal to its arrangements holding one, as interchange.services keeps them; the demo
logins' own arrangement goes through the services, as a person would.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

from django.utils import timezone

from academy.interchange import services
from academy.interchange.models import (
    Arrangement,
    Kind,
    LearningRequest,
    MatchingRun,
    Opportunity,
    Reflection,
    Scheme,
)
from academy.people.models import ICS, Academy, Person, Sector

OPPORTUNITIES_PER_ICS = 4
REQUESTS_PER_ICS = 6
PLACES = 2
# What the 30 matched requests reached, in order
OUTCOMES = (
    ["completed"] * 18 + ["agreed"] * 6 + ["awaiting_manager"] * 2 + ["declined"] * 2 + ["cancelled"] * 2
)
TITLES: dict[str, str] = {
    Kind.SHADOWING: "Shadow a {job} for a day",
    Kind.MENTORING: "Mentoring from a {job}",
    Kind.PLACEMENT: "A two-week placement with a {job}",
    Kind.IMPROVEMENT_PROJECT: "Join an improvement project with a {job}",
    Kind.ACTION_LEARNING: "Action learning across the system with a {job}",
}
DURATIONS: dict[str, str] = {
    Kind.SHADOWING: "one day",
    Kind.MENTORING: "six monthly conversations",
    Kind.PLACEMENT: "two weeks",
    Kind.IMPROVEMENT_PROJECT: "one afternoon a week for three months",
    Kind.ACTION_LEARNING: "five half-day meetings",
}
WANTS = [
    "How social care manages hospital discharge",
    "What a day in a GP practice looks like",
    "How the voluntary sector supports people at home",
    "How the council commissions care",
    "Leading a team through winter pressures",
    "How an ambulance service manages demand",
]
LEARNED = [
    "I saw how much of discharge depends on the care home's trust in our information.",
    "Meeting the team face to face changed how we talk on the phone.",
    "I now understand the commissioning calendar and when to ask.",
]


def interchange_wipe(academy: Academy) -> None:
    """Remove the demo's interchange rows (before the region's people go)."""
    Arrangement.objects.filter(opportunity__academy=academy).delete()
    MatchingRun.objects.filter(academy=academy).delete()
    LearningRequest.objects.filter(academy=academy).delete()
    Opportunity.objects.filter(academy=academy).delete()
    Scheme.objects.filter(academy=academy).delete()


def _by_ics(pool: Sequence[Person], systems: list[ICS], *, nhs: bool) -> dict[int, list[Person]]:
    found: dict[int, list[Person]] = {s.pk: [] for s in systems}
    for person in pool:
        organisation = person.organisation
        if organisation is None or organisation.ics_id not in found:
            continue
        if (organisation.sector == Sector.NHS) == nhs:
            found[organisation.ics_id].append(person)
    return found


def build_interchange(
    *,
    academy: Academy,
    pool: Sequence[Person],
    participant: Person,
    rng: random.Random,
    today: dt.date,
) -> dict[str, int]:
    systems = list(ICS.objects.filter(region__code="Y61").order_by("name"))[:6]
    scheme = services.scheme_for(academy)
    scheme.needs_manager_agreement = True
    scheme.save(update_fields=["needs_manager_agreement", "updated_at"])
    pool = [p for p in pool if p.line_manager_id and p.organisation_id]
    non_nhs = _by_ics(pool, systems, nhs=False)
    nhs = _by_ics(pool, systems, nhs=True)
    kinds = list(Kind.values)
    opportunities: dict[int, list[Opportunity]] = {}
    used: set[int] = {participant.pk}
    number = 0
    for index, system in enumerate(systems):
        hosts = [p for p in non_nhs[system.pk] if p.pk not in used][: OPPORTUNITIES_PER_ICS - 1]
        hosts += [p for p in nhs[system.pk] if p.pk not in used][: OPPORTUNITIES_PER_ICS - len(hosts)]
        opportunities[system.pk] = []
        for host in hosts:
            kind = kinds[number % len(kinds)]
            number += 1
            used.add(host.pk)
            opportunities[system.pk].append(
                Opportunity.objects.create(
                    academy=academy,
                    host=host,
                    organisation_id=host.organisation_id or 0,  # the pool holds only people with one
                    kind=kind,
                    title=TITLES[kind].format(job=(host.job_title or "manager").lower()),
                    description="See how we work, and tell us what you see.",
                    place=host.organisation.name if host.organisation else "",
                    duration=DURATIONS[kind],
                    capacity=PLACES,
                    suits="Anyone in health and care who works with us, at any band",
                    not_for_own_organisation=index % 2 == 0,
                )
            )
    outcomes = iter(OUTCOMES)
    counts = {"matched": 0, "completed": 0}
    for index, system in enumerate(systems):
        learners = [p for p in nhs[system.pk] + non_nhs[system.pk] if p.pk not in used][:REQUESTS_PER_ICS]
        hosted = opportunities[systems[(index + 1) % len(systems)].pk]  # hosted in the next ICS
        for position, learner in enumerate(learners):
            used.add(learner.pk)
            request = LearningRequest.objects.create(
                academy=academy,
                person=learner,
                what=WANTS[(index + position) % len(WANTS)],
                where="Anywhere in the East of England",
                when="In the next six months",
                why="To understand how our partners work, so we can work better together.",
                kinds=[],
            )
            outcome = next(outcomes, None) if position < 5 else None
            if outcome is None:
                continue
            opportunity = hosted[position % len(hosted)]
            _arrangement(opportunity, learner, request, outcome, rng=rng, today=today, position=position)
            counts["matched"] += 1
            counts["completed"] += outcome == "completed"
    for opportunity in Opportunity.objects.filter(academy=academy):
        opportunity.taken_count = opportunity.arrangements.filter(status__in=Arrangement.HOLDS_PLACE).count()
        opportunity.save(update_fields=["taken_count", "updated_at"])
    # The demo participant asks for a place with an NHS host; their sponsor (line manager) is asked to agree
    nhs_host = next(p for system in systems for p in nhs[system.pk] if p.pk not in used)
    open_one = services.opportunity_create(
        academy=academy,
        by=None,
        kind=Kind.SHADOWING,
        title="Shadow a discharge coordinator on an acute ward",
        description="A day with the discharge team: the board round, the calls to care homes, the transport.",
        place="Norfolk and Norwich University Hospital",
        duration="one day",
        capacity=2,
        suits="Care home managers and deputies who receive people from hospital",
        host=nhs_host,
    )
    if participant.line_manager_id and participant.user is not None:
        services.opportunity_ask(opportunity=open_one, by=participant.user)
    return {
        "interchange opportunities": Opportunity.objects.filter(academy=academy).count(),
        "interchange requests": LearningRequest.objects.filter(academy=academy).count(),
        "interchange arrangements": Arrangement.objects.filter(opportunity__academy=academy).count(),
        "interchange completed": counts["completed"],
    }


def _arrangement(
    opportunity: Opportunity,
    learner: Person,
    request: LearningRequest,
    outcome: str,
    *,
    rng: random.Random,
    today: dt.date,
    position: int,
) -> None:
    if outcome == "completed":
        starts = today - dt.timedelta(days=rng.randint(20, 300))
    else:
        starts = today + dt.timedelta(days=rng.randint(10, 90))
    decided = outcome in ("completed", "agreed", "declined", "cancelled")
    arrangement = Arrangement.objects.create(
        opportunity=opportunity,
        learner=learner,
        request=request,
        source=Arrangement.Source.MATCHING if position % 2 == 0 else Arrangement.Source.ASKED,
        status=outcome,
        manager_id=learner.line_manager_id,
        manager_decided_at=timezone.now() if decided else None,
        starts_on=starts,
        ends_on=starts + dt.timedelta(days=1),
        completed_at=timezone.now() if outcome == "completed" else None,
    )
    LearningRequest.objects.filter(pk=request.pk).update(status=LearningRequest.Status.MATCHED)
    if outcome == "completed":
        Reflection.objects.create(
            arrangement=arrangement,
            side=Reflection.Side.LEARNER,
            author=learner,
            usefulness=rng.choice([4, 5, 5]),
            learned=LEARNED[position % len(LEARNED)],
            next_steps="Set up a regular call with the team I visited.",
        )
        Reflection.objects.create(
            arrangement=arrangement,
            side=Reflection.Side.HOST,
            author=opportunity.host,
            usefulness=rng.choice([4, 5]),
            learned="Explaining our work to someone new showed us what we take for granted.",
        )
