"""A small systems OD world: two ICSs in one region, each with its OD lead; a programme of the first ICS
with participants, scores, a workshop and a measure; a published programme of the second ICS; a RACI
matrix. Used by the systems tests and by the permissions matrix (tests/security/world.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from academy.people.models import Role
from academy.systems import services
from tests.factories import ICSFactory, OrganisationFactory, PersonFactory, grant

# Five members' scores (each adds up to 30): collaborating is most used by three, competing by two
SCORES = [
    {"competing": 4, "collaborating": 10, "compromising": 7, "avoiding": 5, "accommodating": 4},
    {"competing": 9, "collaborating": 8, "compromising": 6, "avoiding": 3, "accommodating": 4},
    {"competing": 3, "collaborating": 9, "compromising": 8, "avoiding": 6, "accommodating": 4},
    {"competing": 10, "collaborating": 10, "compromising": 4, "avoiding": 2, "accommodating": 4},
    {"competing": 5, "collaborating": 6, "compromising": 8, "avoiding": 7, "accommodating": 4},
]


def build_programmes(*, ics: Any = None, lead: Any = None, participant: Any = None) -> SimpleNamespace:
    ics = ics or ICSFactory()
    other_ics = ICSFactory(region=ics.region)
    if lead is None:
        lead = PersonFactory().user
        grant(lead, Role.ICS_OD_LEAD, ics=ics)
    other_lead = PersonFactory().user
    grant(other_lead, Role.ICS_OD_LEAD, ics=other_ics)
    programme = services.programme_create(
        ics=ics,
        title="Systems Leaders Group Development",
        started_on=dt.date(2021, 9, 1),
        sponsor_role="ICS Chief Executive",
        introduction="The group embarked on a systems OD journey.",
        background="The ICS is split over two large local authorities.",
        participants_summary="Chief Executives and Directors from hospital, community and council partners.",
        approach="A series of conversations was held with each system leader.",
        outcomes="Three core aspects were considered.\n\n- Impact\n- Performance\n- Culture",
        operating_principles="- Cohesion\n- Alignment\n- Clarity\n- Culture",
        learning="Senior system leaders need dedicated development space.",
        next_steps="The programme will re-commence over the summer.",
        by=lead,
    )
    organisation = OrganisationFactory(ics=ics)
    participant = participant or PersonFactory(organisation=organisation)
    first = services.participant_add(programme=programme, person=participant, by=lead)
    members = [first] + [
        services.participant_add(
            programme=programme, role=f"Director {n}", organisation=organisation, by=lead
        )
        for n in range(1, 5)
    ]
    for member, scores in zip(members, SCORES, strict=True):
        services.conflict_profile_record(programme=programme, participant=member, scores=scores, by=lead)
    services.diagnostic_record(
        programme=programme,
        participant=first,
        held_on=dt.date(2021, 9, 20),
        consent=True,
        summary="Wants clearer purpose for the group.",
        by=lead,
    )
    services.workshop_add(
        programme=programme,
        title="System Leaders workshop 1",
        held_on=dt.date(2021, 11, 10),
        attended=17,
        by=lead,
    )
    measure = services.measure_create(
        ics=ics,
        programme=programme,
        title="Emergency admissions after a fall, aged 65 and over",
        population="Residents aged 65 and over",
        unit="per 100,000",
        baseline_on=dt.date(2021, 4, 1),
        baseline_value=Decimal("2400"),
        target_value=Decimal("2100"),
        target_on=dt.date(2024, 3, 31),
        story="Falls rose during the pandemic.",
        partners="County council\nCommunity trust",
        actions="Strength and balance classes",
        by=lead,
    )
    services.measure_point_add(measure=measure, on=dt.date(2022, 4, 1), value=Decimal("2450"), by=lead)
    services.measure_point_add(measure=measure, on=dt.date(2023, 4, 1), value=Decimal("2300"), by=lead)
    raci = services.raci_create(ics=ics, title="ABU delivery", parties=["ICB", "North Partnership"], by=lead)
    services.raci_activity_set(
        matrix=raci, name="Joint Forward Plan", letters={"ICB": "A", "North Partnership": "R"}, by=lead
    )
    published = services.programme_create(
        ics=other_ics,
        title="ICS Development",
        started_on=dt.date(2022, 6, 1),
        introduction="A longstanding approach to systems OD.",
        outcomes="A functions and decisions map.",
        by=other_lead,
    )
    published = services.programme_publish(programme=published, by=other_lead)
    draft_elsewhere = services.programme_create(
        ics=other_ics, title="Board development", started_on=dt.date(2022, 6, 1), by=other_lead
    )
    return SimpleNamespace(
        ics=ics,
        other_ics=other_ics,
        lead=lead,
        other_lead=other_lead,
        programme=programme,
        participant=participant,
        first=first,
        members=members,
        organisation=organisation,
        measure=measure,
        raci=raci,
        published=published,
        draft_elsewhere=draft_elsewhere,
    )
