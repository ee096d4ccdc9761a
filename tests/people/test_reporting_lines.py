"""Reporting lines: who is in whose line-management chain, up or down."""

import pytest

from academy.people.models import Person
from academy.people.selectors import in_line_chain, line_chain_ids, line_chain_pairs
from tests.factories import OrganisationFactory, PersonFactory

from .factories import reporting_line

pytestmark = pytest.mark.django_db


@pytest.fixture
def team() -> dict[str, Person]:
    """chief -> director -> manager -> (me, peer); me -> report -> junior; an outsider elsewhere."""
    chief, director, manager, me, report, junior = reporting_line(
        "Chief executive", "Director", "Manager", "Team leader", "Practitioner", "Trainee"
    )
    peer = PersonFactory(line_manager=manager, job_title="Team leader")
    outsider = PersonFactory(organisation=OrganisationFactory())
    return {
        "chief": chief,
        "director": director,
        "manager": manager,
        "me": me,
        "peer": peer,
        "report": report,
        "junior": junior,
        "outsider": outsider,
    }


def test_direct_manager_is_in_the_chain_both_ways(team):
    assert in_line_chain(team["manager"], team["me"])
    assert in_line_chain(team["me"], team["manager"])


def test_skip_level_managers_are_in_the_chain(team):
    assert in_line_chain(team["director"], team["me"])
    assert in_line_chain(team["chief"], team["junior"])


def test_reports_and_their_reports_are_in_the_chain(team):
    assert in_line_chain(team["me"], team["report"])
    assert in_line_chain(team["junior"], team["me"])


def test_peers_with_the_same_manager_are_not_in_each_others_chain(team):
    assert not in_line_chain(team["me"], team["peer"])
    assert not in_line_chain(team["peer"], team["report"])


def test_someone_in_another_organisation_with_no_reporting_line_is_not_in_the_chain(team):
    assert not in_line_chain(team["me"], team["outsider"])
    assert not in_line_chain(team["outsider"], team["chief"])


def test_a_person_is_not_in_their_own_chain(team):
    assert not in_line_chain(team["me"], team["me"])
    assert team["me"].pk not in line_chain_ids(team["me"])


def test_chain_crosses_organisations_when_the_manager_works_elsewhere():
    icb_director = PersonFactory(organisation=OrganisationFactory(org_type="icb"))
    clinical_director = PersonFactory(
        organisation=OrganisationFactory(org_type="pcn"), line_manager=icb_director
    )
    assert clinical_director.organisation_id != icb_director.organisation_id
    assert in_line_chain(clinical_director, icb_director)


def test_line_chain_ids_lists_everyone_above_and_below_and_nobody_else(team):
    expected = {team[name].pk for name in ("chief", "director", "manager", "report", "junior")}
    assert line_chain_ids(team["me"]) == expected
    assert line_chain_ids(team["outsider"]) == set()


def test_line_chain_ids_takes_one_query_however_deep_the_line(django_assert_num_queries):
    line = reporting_line(*[f"Level {n}" for n in range(30)])
    with django_assert_num_queries(1):
        ids = line_chain_ids(line[15])
    assert ids == {p.pk for p in line} - {line[15].pk}


def test_a_cycle_in_the_data_ends_the_walk_instead_of_looping():
    a, b, c = reporting_line("A", "B", "C")
    # A -> B -> C -> A: only possible through bad imported data, which the walk must survive.
    Person.objects.filter(pk=a.pk).update(line_manager=c)
    assert line_chain_ids(a) == {b.pk, c.pk}
    assert in_line_chain(a, c)
    assert line_chain_pairs([a, b, c]) == {
        frozenset((a.pk, b.pk)),
        frozenset((b.pk, c.pk)),
        frozenset((a.pk, c.pk)),
    }


def test_pairs_for_a_pool_name_only_the_pairs_in_one_chain(team):
    pool = [team["chief"], team["me"], team["peer"], team["junior"], team["outsider"]]
    pairs = line_chain_pairs(pool)
    chief, me, peer, junior = (team[n].pk for n in ("chief", "me", "peer", "junior"))
    assert pairs == {
        frozenset((chief, me)),
        frozenset((chief, peer)),
        frozenset((chief, junior)),
        frozenset((me, junior)),
    }


def test_pairs_accept_ids_and_work_for_a_pool_larger_than_one_query_chunk(django_assert_num_queries):
    manager = PersonFactory()
    staff = PersonFactory.create_batch(520, line_manager=None)
    Person.objects.filter(pk__in=[p.pk for p in staff[:3]]).update(line_manager=manager)
    with django_assert_num_queries(2):
        pairs = line_chain_pairs([manager.pk, *[p.pk for p in staff]])
    assert pairs == {frozenset((manager.pk, p.pk)) for p in staff[:3]}
