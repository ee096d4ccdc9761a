"""The adapter from the hub's database to the matching engine, and runs from start to publication."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from academy.coaching import services
from academy.coaching.matching_runs import pair_factors, pair_score, pool_for
from academy.matching import EXCLUDED_BY_PRACTITIONER, IN_CHAIN, SAME_ORGANISATION
from academy.people.models import Person
from academy.people.selectors import in_line_chain
from tests.coaching.helpers import CHANGE, RESILIENCE, ask, practitioner
from tests.factories import AcademyFactory, OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db

WEIGHTS = {"goals": 5, "sector": 2, "role_level": 2, "format": 1, "experience": 1}


def test_a_pairs_score_is_its_weighted_fit_by_hand() -> None:
    academy = AcademyFactory()
    profile = practitioner(
        academy, specialisms=[CHANGE], sectors=["nhs"], role_levels=["band_6"], years_experience=5
    )
    request = ask(academy, goals=[(CHANGE, "Lead a merger"), (RESILIENCE, "Keep going")])
    factors = pair_factors(request, profile)
    # half the themes; NHS sector; band 7 not worked with; either format; 5 of 10 years
    assert factors == {"goals": 0.5, "sector": 1.0, "role_level": 0.0, "format": 1.0, "experience": 0.5}
    # (5*0.5 + 2*1 + 2*0 + 1*1 + 1*0.5) / 11 = 6/11; 0.01 + 0.99 * 6/11 = 0.55
    assert pair_score(factors, WEIGHTS) == pytest.approx(0.55)


def test_forbidden_pairs_name_the_rule_in_the_way() -> None:
    academy = AcademyFactory()
    organisation = OrganisationFactory()
    manager = PersonFactory(organisation=organisation)
    requester = PersonFactory(line_manager=manager, organisation=organisation)
    colleague = PersonFactory(organisation=organisation)
    boss_profile = practitioner(academy, person=manager)
    colleague_profile = practitioner(academy, person=colleague)
    open_profile = practitioner(academy)
    request = ask(academy, person=requester)
    excluder = practitioner(academy)
    services.exclusion_add(person=excluder.person, excluded=requester, by=excluder.person.user)
    pool = pool_for(academy=academy, kind="coaching", weights=WEIGHTS)
    assert pool.forbidden[(request.pk, boss_profile.pk)] == IN_CHAIN
    assert pool.forbidden[(request.pk, colleague_profile.pk)] == SAME_ORGANISATION
    assert pool.forbidden[(request.pk, excluder.pk)] == EXCLUDED_BY_PRACTITIONER
    assert (request.pk, open_profile.pk) not in pool.forbidden
    assert pool.capacity == {p.pk: 2 for p in (boss_profile, colleague_profile, open_profile, excluder)}


def test_paused_full_and_unpublished_practitioners_are_not_in_the_pool() -> None:
    import datetime as dt

    from django.utils import timezone

    academy = AcademyFactory()
    paused = practitioner(academy, paused_until=timezone.localdate() + dt.timedelta(days=30))
    hidden = practitioner(academy, published=False)
    mentor_only = practitioner(academy, kind="mentor")
    ask(academy)
    pool = pool_for(academy=academy, kind="coaching", weights=WEIGHTS)
    assert not {paused.pk, hidden.pk, mentor_only.pk} & set(pool.profiles)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(managers=st.lists(st.integers(min_value=-1, max_value=10), min_size=3, max_size=12), data=st.data())
def test_every_pair_in_a_line_chain_is_forbidden_whatever_the_tree(
    managers: list[int], data: st.DataObject
) -> None:
    """Over random organisation trees: a requester is never offered anyone above or below them."""
    academy = AcademyFactory()
    people: list[Person] = []
    for index, manager in enumerate(managers):
        boss = people[manager] if 0 <= manager < index else None
        people.append(PersonFactory(line_manager=boss))
    requesters = data.draw(st.sets(st.integers(0, len(people) - 1), min_size=1, max_size=4))
    for index, person in enumerate(people):
        if index in requesters:
            ask(academy, person=person)
        else:
            practitioner(academy, person=person)
    pool = pool_for(academy=academy, kind="coaching", weights=WEIGHTS)
    for (rid, pid), _ in pool.scores.items():
        request, profile = pool.requests[rid], pool.profiles[pid]
        if in_line_chain(request.person_id, profile.person_id):
            assert (rid, pid) in pool.forbidden
