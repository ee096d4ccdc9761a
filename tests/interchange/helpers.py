"""Small builders for interchange tests: a host in social care, a learner in the NHS with a line manager."""

from typing import Any

from academy.interchange import services
from academy.interchange.models import Arrangement, Opportunity
from academy.people.models import Academy, Person, Sector
from tests.factories import OrganisationFactory, PersonFactory


def host(*, sector: str = Sector.SOCIAL_CARE, **fields: Any) -> Person:
    return PersonFactory(organisation=OrganisationFactory(sector=sector), **fields)


def learner(*, sector: str = Sector.NHS, manager: Person | None = None, **fields: Any) -> Person:
    manager = manager or PersonFactory()
    return PersonFactory(organisation=OrganisationFactory(sector=sector), line_manager=manager, **fields)


def offer(academy: Academy, person: Person | None = None, **fields: Any) -> Opportunity:
    person = person or host()
    values = {
        "kind": "shadowing",
        "title": "Shadow a care home manager",
        "duration": "one day",
        "capacity": 1,
    }
    values.update(fields)
    return services.opportunity_create(academy=academy, by=person.user, **values)


def ask_to_learn(academy: Academy, person: Person, **fields: Any) -> Any:
    values = {"what": "How care homes work with discharge teams", "kinds": ["shadowing"]}
    values.update(fields)
    return services.request_create(academy=academy, by=person.user, **values)


def agreed(arrangement: Arrangement) -> Arrangement:
    assert arrangement.manager is not None
    return services.arrangement_manager_decide(
        arrangement=arrangement, agree=True, by=arrangement.manager.user
    )
