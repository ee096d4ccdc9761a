"""Who may edit, read or sign ICS plans, charters, programmes, measures and RACI matrices. Selectors and
services both ask here."""

from typing import Any

from academy.people.models import Person
from academy.people.permissions import is_programme_team, scope_of

# --- Plans and charters (shared with systems OD programmes) ------------------------------------------


def _ics_id(ics: Any) -> int:
    return ics if isinstance(ics, int) else ics.pk


def person_of(user: Any) -> Person | None:
    return getattr(user, "person", None) if getattr(user, "is_authenticated", False) else None


def can_edit_system_record(user: Any, ics: Any) -> bool:
    """The ICS's own OD lead (and administrators) writes its plans, charters and programmes."""
    scope = scope_of(user)
    return scope.is_administrator or _ics_id(ics) in scope.ics_ids


def may_read_published(user: Any, ics: Any) -> bool:
    """What an ICS has published is read by every ICS's OD lead and the academies' programme teams (to
    compare systems and plan their offers); drafts only by those who may edit."""
    scope = scope_of(user)
    return scope.is_administrator or bool(scope.ics_ids) or is_programme_team(user)


def led_ics_ids(user: Any) -> frozenset[int] | None:
    """None: every ICS (an administrator)."""
    scope = scope_of(user)
    return None if scope.is_administrator else frozenset(scope.ics_ids)


def can_read_charter(user: Any, charter: Any) -> bool:
    """A published charter is a public promise: anyone signed in may read it (and so decide to sign)."""
    if can_edit_system_record(user, charter.ics_id):
        return True
    return bool(getattr(user, "is_authenticated", False)) and charter.is_published


def can_sign_charter(user: Any, charter: Any) -> bool:
    """A leader signs with their own login: anyone with a staff record, once the charter is open."""
    return charter.is_published and person_of(user) is not None


# --- systems OD programmes, measures and RACI (sysod) ----------------------------------------------------


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
