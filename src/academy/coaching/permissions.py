"""Who may do what in the coaching and mentoring hub. Selectors and services both ask here.

A hub administrator (people.Role.HUB_ADMINISTRATOR) runs one academy's hub: verifies accreditation,
sets weights, runs and publishes matching, and sees that sessions happened, never what was said. A
practitioner is whoever holds a PractitionerProfile: they see and edit only their own. Session notes are
the pair's alone: no role, not even an administrator, reads them through Academy.
"""

from typing import Any

from academy.people.models import Person, Role
from academy.people.permissions import role_scope_register, scope_of

from .models import (
    CoachingProgramme,
    MatchingRun,
    PractitionerProfile,
    ProgrammeParticipant,
    Relationship,
    Request,
    TeamJourney,
)

role_scope_register(role=Role.HUB_ADMINISTRATOR, field="hub_academy_ids", assignment_field="academy_id")


def person_of(user: Any) -> Person | None:
    if not getattr(user, "is_authenticated", False):
        return None
    person: Person | None = getattr(user, "person", None)
    return person


def hub_academy_ids(user: Any) -> frozenset[int] | None:
    """The academies whose hub `user` administers; None means every academy (administrators)."""
    scope = scope_of(user)
    return None if scope.is_administrator else scope.ids("hub_academy_ids")


def can_administer_hub(user: Any, academy_id: int) -> bool:
    ids = hub_academy_ids(user)
    return ids is None or academy_id in ids


def is_hub_administrator(user: Any) -> bool:
    ids = hub_academy_ids(user)
    return ids is None or bool(ids)


def can_edit_profile(user: Any, profile: PractitionerProfile) -> bool:
    """Only the practitioner themself edits their profile."""
    person = person_of(user)
    return person is not None and person.pk == profile.person_id


def can_view_profile(user: Any, profile: PractitionerProfile) -> bool:
    """Their own; published ones for anyone signed in; every one for the hub's administrators."""
    if can_edit_profile(user, profile) or can_administer_hub(user, profile.academy_id):
        return True
    return profile.published and getattr(user, "is_authenticated", False)


def can_verify_accreditation(user: Any, profile: PractitionerProfile) -> bool:
    return can_administer_hub(user, profile.academy_id)


def can_create_profile(user: Any, person: Person) -> bool:
    own = person_of(user)
    return own is not None and own.pk == person.pk


def can_ask(user: Any, person: Person) -> bool:
    """A request is made by the requester themself."""
    own = person_of(user)
    return own is not None and own.pk == person.pk


def is_requester(user: Any, request: Request) -> bool:
    own = person_of(user)
    return own is not None and own.pk == request.person_id


def can_view_request(user: Any, request: Request) -> bool:
    return is_requester(user, request) or can_administer_hub(user, request.academy_id)


def can_withdraw_request(user: Any, request: Request) -> bool:
    return is_requester(user, request)


def can_read_lived_experience(user: Any, request: Request) -> bool:
    """Held like equality data: the requester and the hub's administrators."""
    return can_view_request(user, request)


def can_run_matching(user: Any, academy_id: int) -> bool:
    return can_administer_hub(user, academy_id)


def can_manage_run(user: Any, run: MatchingRun) -> bool:
    return can_administer_hub(user, run.academy_id)


def is_practitioner_of(user: Any, relationship: Relationship) -> bool:
    own = person_of(user)
    return own is not None and own.pk == relationship.practitioner.person_id


def is_requester_of(user: Any, relationship: Relationship) -> bool:
    own = person_of(user)
    return own is not None and own.pk == relationship.requester_id


def is_party_to(user: Any, relationship: Relationship) -> bool:
    return is_practitioner_of(user, relationship) or is_requester_of(user, relationship)


def can_view_relationship(user: Any, relationship: Relationship) -> bool:
    """The pair, and the hub's administrators (who see dates and counts, never notes)."""
    return is_party_to(user, relationship) or can_administer_hub(user, relationship.request.academy_id)


def can_respond_to_introduction(user: Any, relationship: Relationship) -> bool:
    return is_practitioner_of(user, relationship)


def can_log_session(user: Any, relationship: Relationship) -> bool:
    return is_party_to(user, relationship)


def can_read_notes(user: Any, relationship: Relationship) -> bool:
    """The pair only."""
    return is_party_to(user, relationship)


def can_close_relationship(user: Any, relationship: Relationship) -> bool:
    return is_party_to(user, relationship) or can_administer_hub(user, relationship.request.academy_id)


def can_manage_relationship_surveys(user: Any, relationship: Relationship) -> bool:
    """Surveys and goals about a relationship are set up by the hub's administrators (the closure sends
    the feedback itself); the coachee sets and rates their own goals (evaluation.permissions.can_set_goal)."""
    return can_administer_hub(user, relationship.request.academy_id)


# --- Commissioned programmes and team coaching journeys ------------------------------------------------


def can_manage_programme(user: Any, programme: CoachingProgramme) -> bool:
    """Commissioned coaching is run by the hub's administrators: its cohort, sessions and goal tracker
    (recorded from the provider's tracker). What was said in a session is never recorded."""
    return can_administer_hub(user, programme.academy_id)


def can_manage_programme_place(user: Any, participant: ProgrammeParticipant) -> bool:
    return can_administer_hub(user, participant.programme.academy_id)


def can_manage_team_journey(user: Any, journey: TeamJourney) -> bool:
    return can_administer_hub(user, journey.academy_id)


def can_view_team_journey(user: Any, journey: TeamJourney) -> bool:
    """The hub's administrators and the team's leader."""
    own = person_of(user)
    return can_manage_team_journey(user, journey) or (own is not None and own.pk == journey.team_leader_id)
