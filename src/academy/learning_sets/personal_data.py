"""What learning sets holds about a person: memberships, pool entries, sets and meeting attendance.
Registered with `people.registry` in `LearningSetsConfig.ready()`."""

from typing import Any

from django.db.models import QuerySet

from academy.people.models import Person
from academy.people.permissions import Scope
from academy.people.registry import Link, PersonalData

from .models import Announcement, MeetingAttendance, Membership, PoolEntry, Resource, SetMember


def visible_to(user: Any, scope: Scope) -> list[QuerySet[Any]]:
    """A programme manager sees the members of their academy's communities and pools."""
    if not scope.academy_ids:
        return []
    return [
        Membership.objects.filter(community__academy_id__in=scope.academy_ids).order_by().values("person_id"),
        PoolEntry.objects.filter(pool__academy_id__in=scope.academy_ids).order_by().values("person_id"),
    ]


def export(person: Person) -> dict[str, Any]:
    return {
        "communities": [
            {
                "community": m.community.name,
                "in_directory": m.in_directory,
                "joined": m.created_at.isoformat(),
            }
            for m in Membership.objects.filter(person=person).select_related("community").order_by("pk")
        ],
        "action_learning_requests": [
            {"pool": e.pool.name, "slots": list(e.slots)}
            for e in PoolEntry.objects.filter(person=person).select_related("pool").order_by("pk")
        ],
        "action_learning_sets": [
            {"set": str(m.learning_set), "pool": m.learning_set.run.pool.name}
            for m in SetMember.objects.filter(person=person)
            .select_related("learning_set__run__pool")
            .order_by("pk")
        ],
        "set_meetings": [
            {
                "set": str(a.meeting.learning_set),
                "held_on": a.meeting.held_on.isoformat(),
                "present": a.present,
            }
            for a in MeetingAttendance.objects.filter(person=person)
            .select_related("meeting__learning_set")
            .order_by("pk")
        ],
        "resources_shared": [r.title for r in Resource.objects.filter(added_by=person).order_by("pk")],
        "announcements_sent": [a.subject for a in Announcement.objects.filter(sent_by=person).order_by("pk")],
    }


PERSONAL_DATA = PersonalData(
    app="learning_sets",
    visible_to=visible_to,
    export=export,
    anonymise=None,
    links={
        "learning_sets.Membership.person": Link(why="a choice only"),
        "learning_sets.PoolEntry.person": Link(
            why="the times they can meet are choices from the pool's list"
        ),
        "learning_sets.SetMember.person": Link(why="ids only"),
        "learning_sets.MeetingAttendance.person": Link(why="present or not: sets met are counted by it"),
        "learning_sets.LearningSet.facilitator": Link(
            theirs=False, keeps=("slot",), why="the set is its members'; the facilitator is only named on it"
        ),
        "learning_sets.Meeting.logged_by": Link(theirs=False, why="the meeting is the set's"),
        "learning_sets.Resource.added_by": Link(
            theirs=False,
            keeps=("title", "url", "file"),
            why="shared with the whole community, not about them",
        ),
        "learning_sets.Announcement.sent_by": Link(
            theirs=False, keeps=("subject", "body"), why="sent to the whole community, not about them"
        ),
    },
)
