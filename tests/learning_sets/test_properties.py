"""For every organisation tree and pool: a published formation never holds two people from one
line-management chain (either direction, any depth, through people who are not in the pool), keeps the
organisation cap and every member can make their set's time; a pool that cannot be formed is reported
with a reason and nothing is published."""

import itertools
from collections import Counter

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from academy.learning_sets import services
from academy.learning_sets.models import FormationRun, LearningSet, SetMember
from academy.people.selectors import line_ancestors
from tests.factories import AcademyFactory, ICSFactory, OrganisationFactory, PersonFactory, programme_manager

pytestmark = pytest.mark.django_db

SLOTS = ["Monday morning", "Wednesday afternoon"]


@st.composite
def trees(draw):
    n = draw(st.integers(5, 26))
    people = []
    for i in range(n):
        manager = draw(st.one_of(st.none(), st.integers(0, i - 1))) if i else None
        in_pool = draw(st.booleans()) or i % 3 == 0
        slots = draw(st.sets(st.sampled_from(SLOTS), min_size=1))
        people.append((manager, draw(st.integers(0, 4)), in_pool, sorted(slots)))
    return people, draw(st.integers(1, 3))


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(trees())
def test_published_sets_keep_chains_caps_and_slots_or_nothing_is_published(tree) -> None:
    people_spec, cap = tree
    with transaction.atomic():
        academy = AcademyFactory()
        pm = programme_manager(academy)
        systems = [ICSFactory() for _ in range(3)]
        organisations = [OrganisationFactory(ics=systems[i % 3]) for i in range(5)]
        pool = services.pool_create(
            academy=academy, name="Pool", slots=SLOTS, by=pm, min_size=3, max_size=5, max_per_organisation=cap
        )
        made = []
        slots_of = {}
        for manager, organisation, in_pool, slots in people_spec:
            person = PersonFactory(
                organisation=organisations[organisation],
                line_manager=made[manager] if manager is not None else None,
            )
            made.append(person)
            if in_pool:
                services.pool_join(pool=pool, slots=slots, by=person.user)
                slots_of[person.pk] = set(slots)
        run = services.formation_run_create(pool=pool, by=pm, work_limit=0.3)
        if run.status == FormationRun.Status.INFEASIBLE:
            assert run.reasons and all(r.strip() for r in run.reasons)
            assert not LearningSet.objects.filter(run__pool=pool).exists()
        else:
            assert run.status == FormationRun.Status.DRAFT
            services.formation_publish(run=run, version=run.version, by=pm)
            ancestors = line_ancestors(slots_of)
            placed = []
            for learning_set in LearningSet.objects.filter(run=run):
                ids = list(
                    SetMember.objects.filter(learning_set=learning_set).values_list("person_id", flat=True)
                )
                placed += ids
                assert 3 <= len(ids) <= 5
                for a, b in itertools.combinations(ids, 2):
                    assert a not in ancestors.get(b, set()) and b not in ancestors.get(a, set())
                orgs = Counter(p.organisation_id for p in made if p.pk in ids)
                assert max(orgs.values()) <= cap
                assert all(learning_set.slot in slots_of[i] for i in ids)
            assert sorted(placed) == sorted(slots_of)
        transaction.set_rollback(True)
