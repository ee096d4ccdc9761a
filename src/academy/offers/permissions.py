"""Who may manage, facilitate or see what in offers. Selectors and services both ask here."""

from typing import Any

from academy.people.permissions import scope_of

from .models import Cohort, Offer


def can_manage_academy(user: Any, academy_id: int) -> bool:
    scope = scope_of(user)
    return scope.is_administrator or academy_id in scope.academy_ids


def can_manage_offer(user: Any, offer: Offer) -> bool:
    return can_manage_academy(user, offer.academy_id)


def cohort_partner_id(cohort: Cohort) -> int | None:
    return cohort.delivery_partner_id or cohort.offer.delivery_partner_id


def can_view_cohort(user: Any, cohort: Cohort) -> bool:
    """Programme team of the academy, the cohort's delivery partner, or an administrator."""
    if can_manage_offer(user, cohort.offer):
        return True
    partner_id = cohort_partner_id(cohort)
    return partner_id is not None and partner_id in scope_of(user).delivery_partner_ids


def can_mark_attendance(user: Any, cohort: Cohort) -> bool:
    return can_view_cohort(user, cohort)


def can_see_adjustments(user: Any, offer: Offer) -> bool:
    """Reasonable adjustments are for the programme team only, not delivery partners."""
    return can_manage_offer(user, offer)
