"""Who may do what. Every view and endpoint asks here; selectors use these scopes to filter."""

from dataclasses import dataclass, field
from typing import Any

from .models import Role, RoleAssignment

# Which scope field each role fills, and from which RoleAssignment column: a new role (coach, panel
# member, host) registers itself here, from its app, and every Scope then carries its ids without any
# caller changing. Scope.ids(field) reads any registered field; the three below are also attributes.
ROLE_SCOPES: dict[str, tuple[str, str]] = {}


def role_scope_register(*, role: str, field: str, assignment_field: str) -> None:
    """Let `role`'s assignments reach the ids in their `assignment_field` column, as Scope field `field`."""
    ROLE_SCOPES[role] = (field, assignment_field)


role_scope_register(role=Role.PROGRAMME_MANAGER, field="academy_ids", assignment_field="academy_id")
role_scope_register(
    role=Role.FACILITATOR, field="delivery_partner_ids", assignment_field="delivery_partner_id"
)
role_scope_register(role=Role.ICS_OD_LEAD, field="ics_ids", assignment_field="ics_id")


@dataclass(frozen=True)
class Scope:
    """The ids a user's roles reach, by registered scope field. Empty means the role is not held."""

    reach: dict[str, frozenset[int]] = field(default_factory=dict)
    is_administrator: bool = False

    def ids(self, name: str) -> frozenset[int]:
        return self.reach.get(name, frozenset())

    @property
    def academy_ids(self) -> frozenset[int]:  # programme manager
        return self.ids("academy_ids")

    @property
    def delivery_partner_ids(self) -> frozenset[int]:  # facilitator
        return self.ids("delivery_partner_ids")

    @property
    def ics_ids(self) -> frozenset[int]:  # ICS OD lead
        return self.ids("ics_ids")


def _assignments(user: Any) -> list[RoleAssignment]:
    cached = getattr(user, "_academy_role_cache", None)
    if cached is None:
        cached = list(RoleAssignment.objects.filter(user=user))
        user._academy_role_cache = cached
    return cached


def roles_of(user: Any) -> frozenset[str]:
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    roles = {assignment.role for assignment in _assignments(user)}
    if user.is_superuser:
        roles.add(Role.ADMINISTRATOR)
    if getattr(user, "person", None) is not None:
        roles.add("participant")
    return frozenset(roles)


def scope_of(user: Any) -> Scope:
    if not getattr(user, "is_authenticated", False):
        return Scope()
    assignments = _assignments(user)
    reach: dict[str, set[int]] = {}
    for assignment in assignments:
        registered = ROLE_SCOPES.get(assignment.role)
        if registered is None:
            continue
        name, column = registered
        value = getattr(assignment, column, None)
        if value:
            reach.setdefault(name, set()).add(value)
    return Scope(
        reach={name: frozenset(ids) for name, ids in reach.items()},
        is_administrator=user.is_superuser or any(a.role == Role.ADMINISTRATOR for a in assignments),
    )


def is_programme_team(user: Any) -> bool:
    """A programme manager of some academy, or an administrator: who runs evaluation and reports."""
    scope = scope_of(user)
    return scope.is_administrator or bool(scope.academy_ids)


def is_administrator(user: Any) -> bool:
    return scope_of(user).is_administrator


def academy_ids_managed(user: Any) -> frozenset[int] | None:
    """The academies whose activity the user runs and reports on; None means every academy
    (administrators)."""
    scope = scope_of(user)
    return None if scope.is_administrator else scope.academy_ids


def ics_ids_led(user: Any) -> frozenset[int]:
    """The integrated care systems the user leads organisational development for (ICS OD lead)."""
    return scope_of(user).ics_ids


def has_role(user: Any, role: str) -> bool:
    return role in roles_of(user)


def is_staff_user(user: Any) -> bool:
    """Programme managers, facilitators and administrators: the people who run delivery."""
    return is_programme_team(user) or bool(scope_of(user).delivery_partner_ids)


# --- choosing a line manager or a sponsor -----------------------------------------------------
#
# The rule: a person may name as their line manager, or as the sponsor of an application, only
# someone in their own organisation (the organisation on their record) who has not been anonymised
# and is not themself; a sponsor must also have an active Academy account, since they approve on
# the site. Anyone else is refused with the same words whether or not they exist, so choosing cannot
# be used to find out who has a record. An administrator editing a record is not limited by it.

COLLEAGUE_NOT_FOUND = (
    "We could not find anyone in your organisation with those details. Check them, and check that "
    "your organisation is right."
)
SPONSOR_NOT_FOUND = (
    "We could not find anyone in your organisation with an Academy account and that email address. "
    "Check it is your sponsor's work email address, or choose your line manager."
)


def may_choose_colleague(
    *, chooser: Any, candidate: Any, organisation_id: int | None = None, needs_account: bool = False
) -> bool:
    """May `chooser` (a Person) name `candidate` (a Person) as line manager, or as sponsor when
    `needs_account`? `organisation_id` is the chooser's organisation (default: the one on record)."""
    organisation_id = chooser.organisation_id if organisation_id is None else organisation_id
    if candidate is None or organisation_id is None or candidate.pk == chooser.pk:
        return False
    if candidate.anonymised_at is not None or candidate.organisation_id != organisation_id:
        return False
    if needs_account:
        user = candidate.user if candidate.user_id is not None else None
        return user is not None and user.is_active
    return True
