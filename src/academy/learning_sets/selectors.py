"""Reads for communities and action learning sets. Each takes the acting user and returns only what
they may see; figures are counted in the database."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from academy.offers.models import Attendance, Session
from academy.people.models import OrganisationType, Sector
from academy.reporting.periods import Period

from .models import (
    Community,
    FormationRun,
    LearningSet,
    Meeting,
    MeetingAttendance,
    Membership,
    Pool,
    PoolEntry,
    SetMember,
)
from .permissions import can_see_directory, managed_academy_ids, person_of


def communities(user: Any) -> QuerySet[Community]:
    """Every community (membership is open), with its member count."""
    return Community.objects.select_related("academy").annotate(member_count=Count("memberships"))


def community_get(user: Any, slug: str) -> Community:
    community = communities(user).filter(slug=slug).first()
    if community is None or not getattr(user, "is_authenticated", False):
        raise Http404("No such community")
    return community


def membership_of(user: Any, community: Community) -> Membership | None:
    person = person_of(user)
    if person is None:
        return None
    return Membership.objects.filter(community=community, person=person).first()


def directory(user: Any, community: Community) -> QuerySet[Membership]:
    """Members who chose to appear, for members and the programme team; nobody else sees names."""
    if not can_see_directory(user, community):
        return Membership.objects.none()
    return (
        Membership.objects.filter(community=community, in_directory=True)
        .select_related("person__organisation__ics")
        .order_by("person__family_name", "person__given_name", "pk")
    )


def community_events(community: Community) -> QuerySet[Any]:
    return community.events.filter(status="published").order_by("title")


def community_pools(community: Community) -> QuerySet[Pool]:
    return Pool.objects.filter(community=community, is_open=True)


def pools_managed(user: Any) -> QuerySet[Pool]:
    ids = managed_academy_ids(user)
    pools = Pool.objects.select_related("academy", "community").annotate(people=Count("entries"))
    return pools if ids is None else pools.filter(academy_id__in=ids)


def pool_managed_get(user: Any, pk: int) -> Pool:
    pool = pools_managed(user).filter(pk=pk).first()
    if pool is None:
        raise Http404("No such pool")
    return pool


def pool_open_get(user: Any, pk: int) -> Pool:
    pool = Pool.objects.filter(pk=pk, is_open=True).select_related("academy", "community").first()
    if pool is None or not getattr(user, "is_authenticated", False):
        raise Http404("No such pool")
    return pool


def pool_entries(user: Any, pool: Pool) -> QuerySet[PoolEntry]:
    if pool not in pools_managed(user):
        return PoolEntry.objects.none()
    return PoolEntry.objects.filter(pool=pool).select_related(
        "person__organisation__ics", "person__line_manager"
    )


def runs_managed(user: Any) -> QuerySet[FormationRun]:
    ids = managed_academy_ids(user)
    runs = FormationRun.objects.select_related("pool__academy")
    return runs if ids is None else runs.filter(pool__academy_id__in=ids)


def run_managed_get(user: Any, pk: int) -> FormationRun:
    run = runs_managed(user).filter(pk=pk).first()
    if run is None:
        raise Http404("No such formation run")
    return run


def sets_visible(user: Any) -> QuerySet[LearningSet]:
    """The programme team's sets, and the sets a person is in or facilitates."""
    sets = LearningSet.objects.select_related("run__pool__academy", "facilitator").prefetch_related(
        Prefetch("members", queryset=SetMember.objects.select_related("person__organisation__ics"))
    )
    ids = managed_academy_ids(user)
    if ids is None:
        return sets
    person = person_of(user)
    visible = Q(run__pool__academy_id__in=ids)
    if person is not None:
        visible |= Q(facilitator=person) | Q(members__person=person)
    return sets.filter(visible).distinct()


def set_get(user: Any, pk: int) -> LearningSet:
    learning_set = sets_visible(user).filter(pk=pk).first()
    if learning_set is None:
        raise Http404("No such set")
    return learning_set


def meetings_of(learning_set: LearningSet) -> QuerySet[Meeting]:
    return learning_set.meetings.annotate(
        present_count=Count("attendance", filter=Q(attendance__present=True))
    ).order_by("held_on")


def set_met(learning_set: LearningSet, meetings: Any = None) -> bool:
    """The academy's rule: at least `met_meetings` meetings held with more than `met_share` percent
    of the set's members present."""
    pool = learning_set.run.pool
    size = len(learning_set.members.all())
    if size == 0:
        return False
    rows: list[Any] = list(meetings if meetings is not None else meetings_of(learning_set))
    good = len([m for m in rows if m.logged and m.present_count * 100 > pool.met_share * size])
    return good >= pool.met_meetings


def sets_met_count(sets: Any) -> int:
    return sum(1 for s in sets if set_met(s))


@dataclass
class EventFigures:
    """One of the community's events (an offer) over the period: sessions held and people present."""

    title: str
    kind: str
    sessions: int
    attendances: int
    people: int


@dataclass
class CommunityFigures:
    """A community's figures, over a period or (period None) all time up to now.

    members: members at the period's end; joined: members who joined in it; active: members who were
    present at one of its events or at a meeting of one of its sets in it; sets: sets published in it;
    sets_met: sets that met the academy's rule with the meetings held in it."""

    members: int
    by_ics: list[tuple[str, int]]
    by_sector: list[tuple[str, int]]
    by_organisation_type: list[tuple[str, int]]
    events_held: int
    attendances: int
    people_attending: int
    sets: int
    sets_met: int
    joined: int = 0
    active: int = 0
    events: list[EventFigures] = field(default_factory=list)
    period_from: dt.date | None = None
    period_to: dt.date | None = None


def _counted(values: list[Any], labels: dict[str, str] | None = None) -> list[tuple[str, int]]:
    counts = Counter((labels or {}).get(v, v) if v else "Not known" for v in values)
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def _bounds(period: Period | None) -> tuple[dt.datetime | None, dt.datetime]:
    if period is None:
        return None, timezone.now()
    start, end = period.bounds
    return start, min(end, timezone.now())


def community_sets(community: Community) -> QuerySet[LearningSet]:
    """The community's published sets, with their members and their meetings' attendance counted."""
    return (
        LearningSet.objects.filter(run__pool__community=community, run__status=FormationRun.Status.PUBLISHED)
        .select_related("run__pool")
        .prefetch_related(
            "members",
            Prefetch(
                "meetings",
                queryset=Meeting.objects.annotate(
                    present_count=Count("attendance", filter=Q(attendance__present=True))
                ).order_by("held_on"),
            ),
        )
        .order_by("run_id", "number")
    )


def meetings_in(learning_set: LearningSet, period: Period | None) -> list[Meeting]:
    """The set's prefetched meetings held in the period (all of them for None)."""
    return [
        m for m in learning_set.meetings.all() if period is None or period.start <= m.held_on <= period.end
    ]


def community_figures(community: Community, period: Period | None = None) -> CommunityFigures:
    start, end = _bounds(period)
    memberships = Membership.objects.filter(community=community, created_at__lt=end)
    rows = list(
        memberships.values_list(
            "person__organisation__ics__name",
            "person__organisation__sector",
            "person__organisation__org_type",
        )
    )
    sessions = Session.objects.filter(cohort__offer__in=community.events.all(), starts_at__lt=end)
    if start is not None:
        sessions = sessions.filter(starts_at__gte=start)
    present = Attendance.objects.filter(session__in=sessions, status=Attendance.Status.PRESENT)
    by_event: dict[int, tuple[int, int, int]] = {
        offer_id: (held, n, people)
        for offer_id, held, n, people in present.values_list("session__cohort__offer_id")
        .annotate(held=Count("session", distinct=True), n=Count("id"), people=Count("person", distinct=True))
        .values_list("session__cohort__offer_id", "held", "n", "people")
        .order_by()
    }
    events = [
        EventFigures(offer.title, offer.get_kind_display(), *by_event.get(offer.pk, (0, 0, 0)))
        for offer in community.events.order_by("title", "pk")
    ]
    sets = list(community_sets(community))
    published = [
        s for s in sets if s.run.published_at and (start is None or start <= s.run.published_at < end)
    ]
    set_present = MeetingAttendance.objects.filter(
        meeting__learning_set__in=sets, meeting__logged=True, present=True
    )
    if period is not None:
        set_present = set_present.filter(meeting__held_on__range=(period.start, period.end))
    active = (
        memberships.filter(
            Q(person_id__in=present.values("person_id")) | Q(person_id__in=set_present.values("person_id"))
        )
        .values("person_id")
        .distinct()
        .count()
    )
    joined = memberships.filter(created_at__gte=start).count() if start is not None else len(rows)
    return CommunityFigures(
        members=len(rows),
        by_ics=_counted([r[0] for r in rows]),
        by_sector=_counted([r[1] for r in rows], dict(Sector.choices)),
        by_organisation_type=_counted([r[2] for r in rows], dict(OrganisationType.choices)),
        events_held=present.values("session_id").distinct().count(),
        attendances=present.count(),
        people_attending=present.values("person_id").distinct().count(),
        sets=len(published),
        sets_met=sum(1 for s in sets if set_met(s, meetings_in(s, period))),
        joined=joined,
        active=active,
        events=events,
        period_from=period.start if period else None,
        period_to=period.end if period else None,
    )
