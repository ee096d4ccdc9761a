"""Who may see and do what in evaluation. Built on the central scopes (people.permissions) and the
offers rules (offers.permissions), never copied into views.

- manage (programme managers of the offer's academy, administrators): surveys, invitations,
  responses, imports, themes;
- figures: the above, plus facilitators for their delivery partner's cohorts and sessions, and ICS OD
  leads for offers that serve their system — aggregate figures only, never individual responses;
- participants: their own invitations, their own named responses and their own goals.
"""

from typing import Any

from django.db.models import Q

from academy.offers.models import Cohort, Offer
from academy.offers.permissions import can_manage_offer, can_view_cohort
from academy.people.permissions import scope_of

from .models import Survey


def can_manage_survey(user: Any, survey: Survey) -> bool:
    return can_manage_offer(user, survey.offer)


def can_see_offer_figures(user: Any, offer: Offer) -> bool:
    if can_manage_offer(user, offer):
        return True
    scope = scope_of(user)
    if offer.delivery_partner_id and offer.delivery_partner_id in scope.delivery_partner_ids:
        return True
    return bool(scope.ics_ids) and offer.systems.filter(pk__in=scope.ics_ids).exists()


def can_see_cohort_figures(user: Any, cohort: Cohort) -> bool:
    if can_view_cohort(user, cohort):
        return True
    scope = scope_of(user)
    return bool(scope.ics_ids) and cohort.offer.systems.filter(pk__in=scope.ics_ids).exists()


def can_see_survey_figures(user: Any, survey: Survey) -> bool:
    if survey.cohort_id:
        return can_see_cohort_figures(user, survey.cohort)  # type: ignore[arg-type]
    return can_see_offer_figures(user, survey.offer)


def figures_filter(user: Any, prefix: str = "") -> Q | None:
    """A Q over surveys (prefix "") or anything reaching a survey, for the surveys whose figures the
    user may see; None means every survey (administrators)."""
    scope = scope_of(user)
    if scope.is_administrator:
        return None
    p = prefix
    own_partner = Q(**{f"{p}cohort__delivery_partner_id__in": scope.delivery_partner_ids}) | Q(
        **{
            f"{p}cohort__delivery_partner__isnull": True,
            f"{p}offer__delivery_partner_id__in": scope.delivery_partner_ids,
        }
    )
    return (
        Q(**{f"{p}offer__academy_id__in": scope.academy_ids})
        | own_partner
        | Q(**{f"{p}offer__systems__in": scope.ics_ids})
    )


def manage_filter(user: Any, prefix: str = "") -> Q | None:
    scope = scope_of(user)
    if scope.is_administrator:
        return None
    return Q(**{f"{prefix}offer__academy_id__in": scope.academy_ids})
