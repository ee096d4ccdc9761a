"""People-specific test helpers on top of the shared factories."""

from academy.people.models import Person, Role, User
from tests.factories import PersonFactory, grant


def reporting_line(*titles: str) -> list[Person]:
    """People in a straight line of management, top first: reporting_line("CEO", "Director", "Manager").
    They all work in one organisation, as a line-management chain usually does."""
    people: list[Person] = []
    for title in titles:
        same_place = {"organisation": people[0].organisation} if people else {}
        people.append(
            PersonFactory(job_title=title, line_manager=people[-1] if people else None, **same_place)
        )
    return people


def administrator() -> User:
    user = PersonFactory().user
    grant(user, Role.ADMINISTRATOR)
    return user
