"""Who may do what on the validation route. Selectors and services both ask here."""

from typing import Any

from academy.offers.permissions import can_manage_academy
from academy.people.models import Person, Role
from academy.people.permissions import has_role, role_scope_register, scope_of

from .models import Route, ValidationCohort

# A panel member's role may name the academy whose panels they sit on (or none: any academy).
role_scope_register(role=Role.PANEL_MEMBER, field="panel_academy_ids", assignment_field="academy_id")


def person_of(user: Any) -> Person | None:
    return getattr(user, "person", None) if getattr(user, "is_authenticated", False) else None


def can_manage_cohort(user: Any, cohort: ValidationCohort) -> bool:
    """The academy's programme managers (and administrators) run the cohort."""
    return can_manage_academy(user, cohort.academy_id)


def can_manage_frameworks(user: Any) -> bool:
    """Importing frameworks and mappings: any programme manager or administrator."""
    scope = scope_of(user)
    return scope.is_administrator or bool(scope.academy_ids)


def can_see_frameworks(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def can_express_interest(user: Any, cohort: ValidationCohort) -> bool:
    return person_of(user) is not None


def is_practitioner(user: Any, route: Route) -> bool:
    person = person_of(user)
    return person is not None and route.person_id == person.pk


def is_supporter(user: Any, route: Route) -> bool:
    person = person_of(user)
    return person is not None and route.supporter_id == person.pk


def is_panel_member(user: Any, route: Route) -> bool:
    person = person_of(user)
    return person is not None and route.panel.filter(person=person).exists()


def can_see_route(user: Any, route: Route) -> bool:
    return (
        is_practitioner(user, route)
        or is_supporter(user, route)
        or is_panel_member(user, route)
        or can_manage_cohort(user, route.cohort)
    )


def can_see_evidence(user: Any, route: Route) -> bool:
    """Evidence files: the practitioner, their supporter and their panel only."""
    return is_practitioner(user, route) or is_supporter(user, route) or is_panel_member(user, route)


def can_edit_claim(user: Any, route: Route) -> bool:
    return is_practitioner(user, route)


def can_move_claim(user: Any, route: Route) -> bool:
    """Moving a draft claim to another framework version: the practitioner, or the programme team."""
    return is_practitioner(user, route) or can_manage_cohort(user, route.cohort)


def can_add_milestone(user: Any, route: Route) -> bool:
    return is_practitioner(user, route) or is_supporter(user, route) or can_manage_cohort(user, route.cohort)


def can_review(user: Any, route: Route) -> bool:
    return is_panel_member(user, route) and route.claim_submitted_at is not None


def can_moderate(user: Any, route: Route) -> bool:
    return is_panel_member(user, route)


def can_decide(user: Any, route: Route) -> bool:
    """The interview and the decision: the panel, or the programme team recording it for them."""
    return is_panel_member(user, route) or can_manage_cohort(user, route.cohort)


def can_see_pipeline(user: Any, academy_id: int | None) -> bool:
    """Pipeline figures (counts only): an academy's programme managers; nationally, any programme
    manager or administrator."""
    scope = scope_of(user)
    if academy_id is None:
        return scope.is_administrator or bool(scope.academy_ids)
    return can_manage_academy(user, academy_id)


def is_panel_role(user: Any) -> bool:
    return has_role(user, Role.PANEL_MEMBER)


def managed_academy_ids(user: Any) -> frozenset[int] | None:
    """None: every academy (an administrator)."""
    scope = scope_of(user)
    return None if scope.is_administrator else frozenset(scope.academy_ids)
