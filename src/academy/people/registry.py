"""What other apps hold about a person, registered by each app so that `people` imports none of them.

An app that keeps rows about people registers one `PersonalData` in its `AppConfig.ready()`:

- `visible_to(user, scope)`: the ids of the people the app's share of a role lets `user` see (a
  programme manager sees people booked on their academy's offers), as queries of person ids;
- `export(person)`: named sections of plain data for the person's export (the right of access);
- `anonymise(person)`: what it clears when the person is anonymised, inside the anonymising
  transaction with the person locked. Free text and job titles go; what figures count stays;
- `links`: every foreign key from one of its models to Person, as `"app_label.Model.field"`, with the
  text fields kept on rows linked that way and why (choices are figures and are always kept). A link
  whose rows are someone else's (the sponsor of another person's booking) says so with `theirs=False`.
  tests/people/test_personal_data.py walks every foreign key to Person and fails on one not listed.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet

if TYPE_CHECKING:
    from .models import Person
    from .permissions import Scope


@dataclass(frozen=True)
class Link:
    """A foreign key to Person: the text fields it keeps on rows linked that way, and why."""

    keeps: tuple[str, ...] = ()
    why: str = ""
    theirs: bool = True  # False: the rows are another person's; only the link points at this one


@dataclass(frozen=True)
class PersonalData:
    app: str
    visible_to: Callable[[Any, "Scope"], list[QuerySet[Any]]] | None = None
    export: Callable[["Person"], dict[str, Any]] | None = None
    anonymise: Callable[["Person"], None] | None = None
    links: Mapping[str, Link] = field(default_factory=dict)


_registry: dict[str, PersonalData] = {}


def register(contributor: PersonalData) -> None:
    """Called from an app's `AppConfig.ready()`; registering again (a reloaded app) replaces the entry."""
    _registry[contributor.app] = contributor


def contributors() -> list[PersonalData]:
    return [_registry[app] for app in sorted(_registry)]


def links() -> dict[str, Link]:
    """Every registered foreign key to Person, by `"app_label.Model.field"`."""
    return {name: link for contributor in contributors() for name, link in contributor.links.items()}
