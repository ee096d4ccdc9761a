"""Who may join, see, form, publish or log what in communities and action learning sets. Selectors and
services both ask here."""

from typing import Any

from academy.offers.permissions import can_manage_academy
from academy.people.models import Person
from academy.people.permissions import scope_of

from .models import Community, LearningSet, Pool


def person_of(user: Any) -> Person | None:
    return getattr(user, "person", None) if getattr(user, "is_authenticated", False) else None


def can_manage_community(user: Any, community: Community) -> bool:
    """The academy's programme managers (and administrators) run the community."""
    return can_manage_academy(user, community.academy_id)


def can_see_community(user: Any, community: Community) -> bool:
    """Open membership: anyone signed in may see a community and join it."""
    return bool(getattr(user, "is_authenticated", False))


def can_join(user: Any, community: Community) -> bool:
    """Anyone with a staff record may join; there is no job-title gate."""
    return person_of(user) is not None


def is_member(user: Any, community: Community) -> bool:
    person = person_of(user)
    return person is not None and community.memberships.filter(person=person).exists()


def can_see_directory(user: Any, community: Community) -> bool:
    """Members see each other (those who opted in); the programme team sees the directory too."""
    return is_member(user, community) or can_manage_community(user, community)


def can_add_resource(user: Any, community: Community) -> bool:
    return is_member(user, community) or can_manage_community(user, community)


def can_announce(user: Any, community: Community) -> bool:
    return can_manage_community(user, community)


def can_ask_to_join(user: Any, pool: Pool) -> bool:
    return person_of(user) is not None and pool.is_open


def can_manage_pool(user: Any, pool: Pool) -> bool:
    """Forming, moving and publishing: the pool's academy's programme managers."""
    return can_manage_academy(user, pool.academy_id)


def can_see_set(user: Any, learning_set: LearningSet) -> bool:
    """Its members, its facilitator and the academy's programme team."""
    if can_manage_academy(user, learning_set.run.pool.academy_id):
        return True
    person = person_of(user)
    if person is None:
        return False
    return learning_set.facilitator_id == person.pk or learning_set.members.filter(person=person).exists()


def can_manage_set_surveys(user: Any, learning_set: LearningSet) -> bool:
    """Evaluations of a set: created, sent, reminded and closed by the academy's programme team."""
    return can_manage_academy(user, learning_set.run.pool.academy_id)


def can_log_meeting(user: Any, learning_set: LearningSet) -> bool:
    """The facilitator for the first meeting; the set facilitates itself after, so its members may log
    too; and the programme team."""
    return can_see_set(user, learning_set)


def managed_academy_ids(user: Any) -> frozenset[int] | None:
    """None: every academy (an administrator)."""
    scope = scope_of(user)
    return None if scope.is_administrator else frozenset(scope.academy_ids)
