"""A community and an action learning pool to test against."""

from dataclasses import dataclass, field
from typing import Any

from academy.learning_sets import services
from academy.learning_sets.models import Community, Pool
from academy.people.models import Person, RoleLevel, Sector
from tests.factories import AcademyFactory, ICSFactory, OrganisationFactory, PersonFactory, programme_manager

SLOTS = ["Tuesday morning", "Thursday afternoon"]
LEVELS = [RoleLevel.BAND_7, RoleLevel.BAND_8A, RoleLevel.BAND_8B, RoleLevel.BAND_8C]


@dataclass
class PoolWorld:
    academy: Any
    pm: Any
    community: Community
    pool: Pool
    people: list[Person] = field(default_factory=list)


def pool_world(n: int = 20, **rules: Any) -> PoolWorld:
    """`n` people over 4 ICSs and 8 organisations, all able to make the first slot (odd ones both),
    in a pool of sets of 5-8 (or `rules`)."""
    academy = AcademyFactory()
    pm = programme_manager(academy)
    community = services.community_create(academy=academy, name="Systems OD Community", by=pm)
    pool = services.pool_create(
        academy=academy, community=community, name="Action learning 2022", slots=SLOTS, by=pm, **rules
    )
    systems = [ICSFactory() for _ in range(4)]
    sectors = [Sector.NHS, Sector.LOCAL_GOVERNMENT, Sector.VCSE, Sector.NHS]
    organisations = [OrganisationFactory(ics=systems[i % 4], sector=sectors[i % 4]) for i in range(8)]
    world = PoolWorld(academy=academy, pm=pm, community=community, pool=pool)
    for i in range(n):
        person = PersonFactory(organisation=organisations[i % 8], role_level=LEVELS[i % 4])
        services.pool_join(pool=pool, slots=SLOTS if i % 2 else SLOTS[:1], by=person.user)
        world.people.append(person)
    return world
