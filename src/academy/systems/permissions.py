"""Who may edit or read ICS plans, programmes, measures and RACI matrices. Selectors and services both ask
here."""

from typing import Any

from academy.people.models import ICS, Person
from academy.people.permissions import is_programme_team, scope_of

# --- shared: the ICS's own OD lead edits; another system's lead reads only what is published ------------


def _ics_id(ics: ICS | int) -> int:
    return ics if isinstance(ics, int) else ics.pk


def can_edit_system_record(user: Any, ics: ICS | int) -> bool:
    """The OD lead of this ICS (and administrators) write its plans, programmes, measures and matrices."""
    scope = scope_of(user)
    return scope.is_administrator or _ics_id(ics) in scope.ics_ids


def may_read_published(user: Any, ics: ICS | int) -> bool:
    """What an ICS has published is read by the OD leads of every system and by the academies' teams."""
    scope = scope_of(user)
    return scope.is_administrator or bool(scope.ics_ids) or is_programme_team(user)


# --- systems OD programmes, measures and RACI (sysod) ----------------------------------------------------


def person_of(user: Any) -> Person | None:
    return getattr(user, "person", None) if getattr(user, "is_authenticated", False) else None


def is_programme_participant(user: Any, programme: Any) -> bool:
    person = person_of(user)
    return person is not None and programme.participants.filter(person=person).exists()


def can_see_programme(user: Any, programme: Any) -> bool:
    """Its ICS's OD lead; anyone who may read published records, once it is published; its participants."""
    if can_edit_system_record(user, programme.ics_id):
        return True
    if programme.is_published and may_read_published(user, programme.ics_id):
        return True
    return is_programme_participant(user, programme)


def can_see_system_record(user: Any, record: Any) -> bool:
    """A measure or RACI matrix: its ICS's OD lead, readers of published records, and the participants of
    the programme it belongs to."""
    if can_edit_system_record(user, record.ics_id):
        return True
    if record.is_published and may_read_published(user, record.ics_id):
        return True
    return record.programme_id is not None and is_programme_participant(user, record.programme)
