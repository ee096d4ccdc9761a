"""What the hub holds about a person: their profile, requests, relationships, sessions and notes.
Registered with `people.registry` in `CoachingConfig.ready()`."""

from typing import Any

from django.db.models import Q, QuerySet

from academy.people.models import Person
from academy.people.permissions import Scope
from academy.people.registry import Link, PersonalData

from .models import (
    CoachingSession,
    Exclusion,
    LivedExperienceWish,
    PractitionerProfile,
    ProgrammeParticipant,
    Relationship,
    Request,
    RequestGoal,
    SessionNote,
    TeamJourney,
    TeamJourneyMember,
)


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def visible_to(user: Any, scope: Scope) -> list[QuerySet[Any]]:
    """A hub administrator sees the practitioners and requesters of their academy's hub."""
    ids = scope.ids("hub_academy_ids")
    if not ids:
        return []
    return [
        PractitionerProfile.objects.filter(academy_id__in=ids).order_by().values("person_id"),
        Request.objects.filter(academy_id__in=ids).order_by().values("person_id"),
        ProgrammeParticipant.objects.filter(programme__academy_id__in=ids).order_by().values("person_id"),
        TeamJourneyMember.objects.filter(journey__academy_id__in=ids).order_by().values("person_id"),
        TeamJourney.objects.filter(academy_id__in=ids).order_by().values("team_leader_id"),
    ]


def export(person: Person) -> dict[str, Any]:
    profile = PractitionerProfile.objects.filter(person=person).first()
    requests = (
        Request.objects.filter(person=person).prefetch_related("goals").select_related("lived_experience")
    )
    relationships = (
        Relationship.objects.filter(Q(requester=person) | Q(practitioner__person=person))
        .select_related("practitioner__person", "requester")
        .prefetch_related("sessions")
    )
    # Session notes are the pair's alone: an export may be read by an administrator, so it holds how many
    # notes the person wrote, never their text (the pair read them on the relationship's page).
    notes = SessionNote.objects.filter(author=person).count()
    return {
        "coaching_profile": (
            {
                "kind": profile.get_kind_display(),
                "accreditation_body": profile.accreditation_body,
                "accreditation_level": profile.accreditation_level,
                "accreditation_expires_on": _iso(profile.accreditation_expires_on),
                "supervision": profile.supervision,
                "specialisms": profile.specialisms,
                "sectors": profile.sectors,
                "role_levels": profile.role_levels,
                "capacity": profile.capacity,
                "availability": profile.availability,
                "about": profile.about,
                "published": profile.published,
            }
            if profile
            else None
        ),
        "coaching_requests": [
            {
                "kind": r.get_kind_display(),
                "status": r.get_status_display(),
                "made": _iso(r.created_at),
                "goals": [{"theme": g.theme, "text": g.text} for g in r.goals.all()],
                "lived_experience_wish": (
                    r.lived_experience.wish if hasattr(r, "lived_experience") else None
                ),
            }
            for r in requests
        ],
        "coaching_relationships": [
            {
                "kind": rel.get_kind_display(),
                "status": rel.get_status_display(),
                "with": (
                    rel.practitioner.person.full_name
                    if rel.requester_id == person.pk
                    else rel.requester.full_name
                ),
                "sessions": [{"held_on": _iso(s.held_on), "minutes": s.minutes} for s in rel.sessions.all()],
            }
            for rel in relationships
        ],
        "coaching_session_notes_written": notes,
        "coaching_programmes": [
            {"programme": p.programme.title, "provider": p.programme.provider, "sessions": p.sessions.count()}
            for p in ProgrammeParticipant.objects.filter(person=person).select_related("programme")
        ],
        "team_coaching_journeys": [
            {"team": j.team_name, "role": "Team leader"}
            for j in TeamJourney.objects.filter(team_leader=person)
        ]
        + [
            {"team": m.journey.team_name, "role": m.get_role_display()}
            for m in TeamJourneyMember.objects.filter(person=person).select_related("journey")
        ],
    }


def anonymise(person: Person) -> None:
    """Free text goes; the rows (kinds, statuses, themes, dates) stay so the hub's figures add up."""
    PractitionerProfile.objects.filter(person=person).update(
        accreditation_body="",
        accreditation_level="",
        accreditation_evidence="",
        supervision="",
        availability="",
        about="",
        published=False,
    )
    RequestGoal.objects.filter(request__person=person).update(text="")
    LivedExperienceWish.objects.filter(request__person=person).delete()
    Relationship.objects.filter(requester=person).update(decline_reason="")
    SessionNote.objects.filter(author=person).update(text="")
    Exclusion.objects.filter(Q(person=person) | Q(excluded=person)).delete()
    CoachingSession.objects.filter(logged_by=person).update(logged_by=None)


PERSONAL_DATA = PersonalData(
    app="coaching",
    visible_to=visible_to,
    export=export,
    anonymise=anonymise,
    links={
        "coaching.PractitionerProfile.person": Link(
            keeps=("specialisms", "sectors", "role_levels"), why="choices the hub's figures count"
        ),
        "coaching.Exclusion.person": Link(why="ids only"),
        "coaching.Exclusion.excluded": Link(theirs=False, why="the exclusion is the other person's"),
        "coaching.Request.person": Link(keeps=("preferred_sectors",), why="choices the hub's figures count"),
        "coaching.Relationship.requester": Link(why="statuses and dates count towards the hub's figures"),
        "coaching.CoachingSession.logged_by": Link(why="dates and minutes only"),
        "coaching.SessionNote.author": Link(why="the note's text is cleared"),
        "coaching.ProgrammeParticipant.person": Link(
            keeps=("coach_name",), why="the provider's coach, not the person's own data"
        ),
        "coaching.TeamJourney.team_leader": Link(
            keeps=("team_name", "organisation", "coaches"),
            why="the team's journey, not the leader's own data",
        ),
        "coaching.TeamJourneyMember.person": Link(why="ids and a role only"),
    },
)
