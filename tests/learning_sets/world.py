"""The learning sets part of the permissions matrix world: the participant is a member of the
academy's community and of a published set (facilitated by the `facilitator` role's person; the
`facilitator_other` role's person facilitates the other set), and a pool has a draft formation with a
hand move that keeps every rule."""

from types import SimpleNamespace
from typing import Any

from academy.grouping import Rules, check_sets
from academy.learning_sets import services
from academy.learning_sets.models import FormationRun
from academy.people.models import ICS, Person, RoleLevel, Sector
from tests.factories import ICSFactory, OrganisationFactory, PersonFactory

SLOTS = ["Tuesday morning", "Thursday afternoon"]


def _people(n: int, systems: list[ICS]) -> list[Person]:
    sectors = [Sector.NHS, Sector.LOCAL_GOVERNMENT, Sector.VCSE, Sector.PRIMARY_CARE]
    levels = [RoleLevel.BAND_7, RoleLevel.BAND_8A, RoleLevel.BAND_8B]
    return [
        PersonFactory(
            organisation=OrganisationFactory(ics=systems[i % len(systems)], sector=sectors[i % 4]),
            role_level=levels[i % 3],
        )
        for i in range(n)
    ]


def valid_move(run: FormationRun) -> tuple[int, int]:
    """A hand move (person id, set number) that keeps every rule."""
    members = services.pool_members(run.pool)
    rules = Rules(**run.rules)
    for a, (_slot, ids) in enumerate(run.sets):
        for person in ids:
            for b in range(len(run.sets)):
                if a == b:
                    continue
                sets = [[s, list(i)] for s, i in run.sets]
                sets[a][1].remove(person)
                sets[b][1].append(person)
                trial = [(s, [services.ID_BASE + i for i in i_]) for s, i_ in sets]
                if not check_sets(members, rules, trial):
                    return person, b + 1
    raise AssertionError("no valid hand move in the matrix pool")


def build_learning_sets(*, academy: Any, participant: Person, users: dict[str, Any], offer: Any) -> Any:
    systems = [ICSFactory() for _ in range(3)]
    community = services.community_create(academy=academy, name="Systems OD Community of Practice", by=None)
    services.community_event_add(community=community, offer=offer, by=None)
    services.community_join(community=community, by=participant.user, in_directory=True)

    pool = services.pool_create(academy=academy, community=community, name="Sets 2023", slots=SLOTS, by=None)
    for person in [participant, *_people(11, systems)]:
        services.pool_join(pool=pool, slots=SLOTS, by=person.user)
    run = services.formation_run_create(pool=pool, by=None)
    assert run.status == FormationRun.Status.DRAFT, run.reasons

    done_pool = services.pool_create(
        academy=academy, community=community, name="Sets 2022", slots=SLOTS, by=None
    )
    for person in [participant, *_people(9, systems)]:
        services.pool_join(pool=done_pool, slots=SLOTS, by=person.user)
    done = services.formation_run_create(pool=done_pool, by=None)
    made = services.formation_publish(run=done, version=done.version, by=None)
    mine = next(s for s in made if s.members.filter(person=participant).exists())
    other = next(s for s in made if s != mine)
    services.set_facilitator_assign(learning_set=mine, person=users["facilitator"].person, by=None)
    services.set_facilitator_assign(learning_set=other, person=users["facilitator_other"].person, by=None)
    mine.refresh_from_db()
    return SimpleNamespace(
        community=community, pool=pool, run=run, move=valid_move(run), learning_set=mine, other_set=other
    )
