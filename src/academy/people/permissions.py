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
