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
from academy.offers.permissions import can_manage_academy, can_manage_offer, can_view_cohort
from academy.people.permissions import is_administrator, is_programme_team, scope_of

from .models import Goal, Instrument, Survey, ThemeSet
from .subjects import survey_subject_of

__all__ = ["is_programme_team"]


def can_create_instrument(user: Any, academy_id: int | None) -> bool:
    """An academy's own question set: its programme managers; a standard one (no academy): administrators."""
    if academy_id is None:
        return is_administrator(user)
    return can_manage_academy(user, academy_id)


def can_edit_instrument(user: Any, instrument: Instrument) -> bool:
    return can_create_instrument(user, instrument.academy_id)


def can_use_instrument(user: Any, instrument: Instrument) -> bool:
    """A standard question set, or one of an academy the user manages (instruments_usable as a query)."""
    return instrument.academy_id is None or can_manage_academy(user, instrument.academy_id)


def can_create_survey(user: Any, offer: Offer) -> bool:
    """An evaluation of an offer, or of one of its cohorts or sessions: the offer's programme team."""
    return can_manage_offer(user, offer)


def can_manage_survey(user: Any, survey: Survey) -> bool:
    """The offer's programme team; for a survey about another subject, that subject's registered rule."""
    if survey.offer is not None:
        return can_manage_offer(user, survey.offer)
    subject = survey.subject
    registered = survey_subject_of(subject) if subject is not None else None
    return registered is not None and bool(registered.may_manage(user, subject))


def can_find_themes(user: Any, offer: Offer) -> bool:
    return can_manage_offer(user, offer)


def can_edit_themes(user: Any, theme_set: ThemeSet) -> bool:
    return can_manage_offer(user, theme_set.offer)


def can_set_goal(user: Any, person: Any, cohort: Cohort | None = None, subject: Any = None) -> bool:
    """A goal is the participant's own: they set it; the programme team of the cohort's offer (or those who
    manage the goal's registered subject) may record it for them (from a paper form, say), and an
    administrator any."""
    if bool(getattr(user, "is_authenticated", False)) and person.user_id == user.pk:
        return True
    if cohort is not None:
        return can_manage_offer(user, cohort.offer)
    registered = survey_subject_of(subject) if subject is not None else None
    if registered is not None:
        return bool(registered.may_manage(user, subject))
    return is_administrator(user)


def can_rate_goal(user: Any, goal: Goal) -> bool:
    return can_set_goal(user, goal.person, goal.cohort, goal.subject)


def can_see_offer_figures(user: Any, offer: Offer) -> bool:
    """The offer's programme team, its delivery partner's facilitators, or the ICS OD lead of a system
    it serves (offer_figures_filter is the same rule as a query)."""
    if can_manage_offer(user, offer):
        return True
    scope = scope_of(user)
    if offer.delivery_partner_id and offer.delivery_partner_id in scope.delivery_partner_ids:
        return True
    return bool(scope.ics_ids) and offer.systems.filter(pk__in=scope.ics_ids).exists()


def offer_figures_filter(user: Any) -> Q | None:
    """can_see_offer_figures as a Q over offers; None means every offer (administrators)."""
    scope = scope_of(user)
    if scope.is_administrator:
        return None
    return (
        Q(academy_id__in=scope.academy_ids)
        | Q(delivery_partner_id__in=scope.delivery_partner_ids)
        | Q(systems__in=scope.ics_ids)
    )


def can_see_cohort_figures(user: Any, cohort: Cohort) -> bool:
    if can_view_cohort(user, cohort):
        return True
    scope = scope_of(user)
    return bool(scope.ics_ids) and cohort.offer.systems.filter(pk__in=scope.ics_ids).exists()


def can_see_survey_figures(user: Any, survey: Survey) -> bool:
    if survey.cohort_id:
        return can_see_cohort_figures(user, survey.cohort)  # type: ignore[arg-type]
    if survey.offer is None:  # about another subject: those who manage it
        return can_manage_survey(user, survey)
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
        Q(**{f"{p}academy_id__in": scope.academy_ids})
        | own_partner
        | Q(**{f"{p}offer__systems__in": scope.ics_ids})
    )


def survey_manage_filter(user: Any, prefix: str = "") -> Q | None:
    """A Q over surveys (prefix "") or anything reaching a survey, for the surveys the user manages: by the
    academy stored on the survey, whatever it is about; None means every survey (administrators)."""
    scope = scope_of(user)
    if scope.is_administrator:
        return None
    return Q(**{f"{prefix}academy_id__in": scope.academy_ids})


def manage_filter(user: Any, prefix: str = "") -> Q | None:
    """A Q over what points at an offer (theme sets) for the offers the user manages."""
    scope = scope_of(user)
    if scope.is_administrator:
        return None
    return Q(**{f"{prefix}offer__academy_id__in": scope.academy_ids})
