"""Who may do what in interchange. Selectors and services both ask here.

Anyone with a staff record may host or ask to learn. Hosts and learners see only their own arrangements;
the learner's line manager sees the arrangement they are asked to agree; the academy's programme
managers run matching, set the scheme and see every arrangement and figure of their academy.
"""

from typing import Any

from academy.offers.permissions import can_manage_academy
from academy.people.models import Person
from academy.people.permissions import scope_of

from .models import Arrangement, LearningRequest, MatchingRun, Opportunity


def person_of(user: Any) -> Person | None:
    if not getattr(user, "is_authenticated", False):
        return None
    person: Person | None = getattr(user, "person", None)
    return person


def _is(user: Any, person_id: int | None) -> bool:
    person = person_of(user)
    return person is not None and person_id is not None and person.pk == person_id


def managed_academy_ids(user: Any) -> frozenset[int] | None:
    """The academies whose interchange `user` runs; None: every academy (an administrator)."""
    scope = scope_of(user)
    return None if scope.is_administrator else frozenset(scope.academy_ids)


def can_manage_interchange(user: Any, academy_id: int) -> bool:
    return can_manage_academy(user, academy_id)


def can_offer(user: Any) -> bool:
    return person_of(user) is not None


def can_ask_to_learn(user: Any) -> bool:
    return person_of(user) is not None


def is_host(user: Any, opportunity: Opportunity) -> bool:
    return _is(user, opportunity.host_id)


def can_edit_opportunity(user: Any, opportunity: Opportunity) -> bool:
    return is_host(user, opportunity) or can_manage_interchange(user, opportunity.academy_id)


def can_view_request(user: Any, request: LearningRequest) -> bool:
    return _is(user, request.person_id) or can_manage_interchange(user, request.academy_id)


def can_withdraw_request(user: Any, request: LearningRequest) -> bool:
    return _is(user, request.person_id)


def is_learner(user: Any, arrangement: Arrangement) -> bool:
    return _is(user, arrangement.learner_id)


def is_host_of(user: Any, arrangement: Arrangement) -> bool:
    return _is(user, arrangement.opportunity.host_id)


def is_party_to(user: Any, arrangement: Arrangement) -> bool:
    return is_learner(user, arrangement) or is_host_of(user, arrangement)


def is_manager_of(user: Any, arrangement: Arrangement) -> bool:
    """The learner's line manager named on the arrangement when it was made."""
    return _is(user, arrangement.manager_id)


def can_view_arrangement(user: Any, arrangement: Arrangement) -> bool:
    return (
        is_party_to(user, arrangement)
        or is_manager_of(user, arrangement)
        or can_manage_interchange(user, arrangement.opportunity.academy_id)
    )


def can_decide_as_manager(user: Any, arrangement: Arrangement) -> bool:
    return is_manager_of(user, arrangement)


def can_schedule(user: Any, arrangement: Arrangement) -> bool:
    return is_party_to(user, arrangement)


def can_complete(user: Any, arrangement: Arrangement) -> bool:
    return is_party_to(user, arrangement)


def can_cancel(user: Any, arrangement: Arrangement) -> bool:
    return is_party_to(user, arrangement) or can_manage_interchange(user, arrangement.opportunity.academy_id)


def can_reflect(user: Any, arrangement: Arrangement) -> bool:
    return is_party_to(user, arrangement)


def can_run_matching(user: Any, academy_id: int) -> bool:
    return can_manage_interchange(user, academy_id)


def can_manage_run(user: Any, run: MatchingRun) -> bool:
    return can_manage_interchange(user, run.academy_id)
