"""Interchange matches never break a hard rule, over random organisation trees: never a host inside the
learner's line-management chain (either direction, any depth), never the learner's own organisation where
the host says so, never more learners than places, only the kinds asked for. Checked once on plain values
(many trees) and once end to end through the database, matching run and publication (fewer)."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from academy.interchange import services
from academy.interchange.matching_runs import Host, Seeker, pool_of
from academy.interchange.models import Arrangement, Kind
from academy.matching import chain_pairs, solve
from academy.people.models import Organisation, Person, Sector
from tests.factories import AcademyFactory, OrganisationFactory, PersonFactory, programme_manager

KINDS = Kind.values
SECTORS = [Sector.NHS, Sector.SOCIAL_CARE, Sector.VCSE]


def ancestors(managers: list[int | None], person: int) -> set[int]:
    """Walked by hand from the parent list, independently of the engine's chain code."""
    above: set[int] = set()
    boss = managers[person]
    while boss is not None and boss not in above:
        above.add(boss)
        boss = managers[boss]
    return above


@st.composite
def trees(draw: st.DrawFn) -> dict:
    size = draw(st.integers(min_value=2, max_value=14))
    managers: list[int | None] = [None]
    for index in range(1, size):
        managers.append(draw(st.one_of(st.none(), st.integers(0, index - 1))))
    organisations = [draw(st.integers(0, 2)) for _ in range(size)]
    people = list(range(size))
    learners = draw(st.lists(st.sampled_from(people), min_size=1, max_size=size, unique=True))
    hosts = draw(st.lists(st.sampled_from(people), min_size=1, max_size=size, unique=True))
    return {
        "managers": managers,
        "organisations": organisations,
        "learners": learners,
        "kinds_wanted": [draw(st.lists(st.sampled_from(KINDS), max_size=2, unique=True)) for _ in learners],
        "hosts": hosts,
        "host_kinds": [draw(st.sampled_from(KINDS)) for _ in hosts],
        "places": [draw(st.integers(1, 3)) for _ in hosts],
        "closed": [draw(st.booleans()) for _ in hosts],
    }


def broken_rules(tree: dict, assignment: dict[int, int]) -> list[str]:
    managers, organisations = tree["managers"], tree["organisations"]
    problems = []
    taken: dict[int, int] = {}
    for seeker_index, host_index in assignment.items():
        learner, host = tree["learners"][seeker_index], tree["hosts"][host_index]
        taken[host_index] = taken.get(host_index, 0) + 1
        if learner == host:
            problems.append(f"{learner} hosts themself")
        if host in ancestors(managers, learner) or learner in ancestors(managers, host):
            problems.append(f"{learner} and {host} are in one chain")
        if tree["closed"][host_index] and organisations[learner] == organisations[host]:
            problems.append(f"{learner} is in {host}'s own organisation")
        wanted = tree["kinds_wanted"][seeker_index]
        if wanted and tree["host_kinds"][host_index] not in wanted:
            problems.append(f"{learner} did not ask for {tree['host_kinds'][host_index]}")
    problems += [f"host {h} over capacity" for h, n in taken.items() if n > tree["places"][h]]
    return problems


@settings(max_examples=300, deadline=None)
@given(tree=trees())
def test_matches_never_break_a_hard_rule_over_random_trees(tree: dict) -> None:
    managers = tree["managers"]
    seekers = [
        Seeker(
            id=i,
            person_id=p,
            organisation_id=tree["organisations"][p],
            sector=SECTORS[tree["organisations"][p]],
            ics_id=None,
            kinds=tuple(tree["kinds_wanted"][i]),
        )
        for i, p in enumerate(tree["learners"])
    ]
    hosts = [
        Host(
            id=i,
            person_id=p,
            organisation_id=tree["organisations"][p],
            sector=SECTORS[tree["organisations"][p]],
            ics_id=None,
            kind=tree["host_kinds"][i],
            places=tree["places"][i],
            not_for_own_organisation=tree["closed"][i],
        )
        for i, p in enumerate(tree["hosts"])
    ]
    chains = chain_pairs(dict(enumerate(managers)))
    result = solve(pool_of(seekers, hosts, chains).problem())
    assert result.proof.ok
    assert broken_rules(tree, dict(result.assignment)) == []


@pytest.mark.django_db
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(tree=trees())
def test_published_arrangements_never_break_a_hard_rule(tree: dict) -> None:
    """End to end: people with those reporting lines and organisations, their requests and opportunities,
    a matching run published by the academy."""
    academy = AcademyFactory()
    organisations: list[Organisation] = [OrganisationFactory(sector=sector) for sector in SECTORS]
    people: list[Person] = []
    for index, boss in enumerate(tree["managers"]):
        people.append(
            PersonFactory(
                organisation=organisations[tree["organisations"][index]],
                line_manager=people[boss] if boss is not None else None,
            )
        )
    pm = programme_manager(academy)
    services.scheme_update(academy=academy, needs_manager_agreement=False, by=pm)
    opportunities = {}
    for index, person_index in enumerate(tree["hosts"]):
        made = services.opportunity_create(
            academy=academy,
            by=people[person_index].user,
            kind=tree["host_kinds"][index],
            title=f"Host {index}",
            duration="a day",
            capacity=tree["places"][index],
            not_for_own_organisation=tree["closed"][index],
        )
        opportunities[made.pk] = index
    requests = {}
    for index, person_index in enumerate(tree["learners"]):
        made = services.request_create(
            academy=academy, by=people[person_index].user, what="To learn", kinds=tree["kinds_wanted"][index]
        )
        requests[made.pk] = index
    run = services.matching_run_start(academy=academy, by=pm)
    services.matching_run_publish(run=run, by=pm)
    assignment = {
        requests[a.request_id]: opportunities[a.opportunity_id]
        for a in Arrangement.objects.filter(opportunity__academy=academy)
    }
    assert len(assignment) == run.figures["matched"]
    assert broken_rules(tree, assignment) == []
