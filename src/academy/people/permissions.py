"""Who may do what. Every view and endpoint asks here; selectors use these scopes to filter."""

from dataclasses import dataclass
from typing import Any

from .models import Role, RoleAssignment


@dataclass(frozen=True)
class Scope:
    """The ids a user's roles reach. Empty sets mean the role is not held."""

    academy_ids: frozenset[int]  # programme manager
    delivery_partner_ids: frozenset[int]  # facilitator
    ics_ids: frozenset[int]  # ICS OD lead
    is_administrator: bool


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
        return Scope(frozenset(), frozenset(), frozenset(), False)
    assignments = _assignments(user)

    def ids(role: str, field: str) -> frozenset[int]:
        return frozenset(getattr(a, field) for a in assignments if a.role == role and getattr(a, field))

    return Scope(
        academy_ids=ids(Role.PROGRAMME_MANAGER, "academy_id"),
        delivery_partner_ids=ids(Role.FACILITATOR, "delivery_partner_id"),
        ics_ids=ids(Role.ICS_OD_LEAD, "ics_id"),
        is_administrator=user.is_superuser or any(a.role == Role.ADMINISTRATOR for a in assignments),
    )


def has_role(user: Any, role: str) -> bool:
    return role in roles_of(user)


def is_staff_user(user: Any) -> bool:
    """Programme managers, facilitators and administrators: the people who run delivery."""
    scope = scope_of(user)
    return scope.is_administrator or bool(scope.academy_ids) or bool(scope.delivery_partner_ids)


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
