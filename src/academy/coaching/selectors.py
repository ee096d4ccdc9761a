"""Every read for the hub, scoped to the acting user through the questions in permissions.py."""

import datetime as dt
from dataclasses import dataclass
from statistics import median
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from academy.people.models import Academy, Person
from academy.people.selectors import line_chain_ids

from .models import (
    CoachingSession,
    Exclusion,
    MatchingRun,
    MatchResult,
    PractitionerKind,
    PractitionerProfile,
    Relationship,
    Request,
    ShortlistEntry,
)
from .permissions import hub_academy_ids, person_of


def _in_hub(queryset: QuerySet[Any], user: Any, field: str = "academy_id") -> QuerySet[Any]:
    ids = hub_academy_ids(user)
    if ids is None:
        return queryset
    return queryset.filter(**{f"{field}__in": ids})


def home_academy(person: Person) -> Academy | None:
    """The hub a person joins or asks: their own region's academy, or the first academy."""
    organisation = person.organisation
    region_id = (
        organisation.ics.region_id if organisation is not None and organisation.ics is not None else None
    )
    academy = Academy.objects.filter(region_id=region_id).order_by("name").first() if region_id else None
    return academy or Academy.objects.order_by("name").first()


def own_profile(user: Any) -> PractitionerProfile | None:
    person = person_of(user)
    if person is None:
        return None
    return PractitionerProfile.objects.filter(person=person).select_related("person", "region").first()


def profiles_visible(user: Any) -> QuerySet[PractitionerProfile]:
    """Published profiles for anyone signed in, one's own, and every profile of one's hubs."""
    if not getattr(user, "is_authenticated", False):
        return PractitionerProfile.objects.none()
    person = person_of(user)
    own = Q(person=person) if person is not None else Q(pk__in=[])
    ids = hub_academy_ids(user)
    profiles = PractitionerProfile.objects.select_related("person__organisation", "region")
    if ids is None:  # administrators (Q() would vanish from an OR, so no filter at all)
        return profiles
    return profiles.filter(Q(published=True) | own | Q(academy_id__in=ids))


def profiles_for_hub(user: Any) -> QuerySet[PractitionerProfile]:
    return _in_hub(PractitionerProfile.objects.all(), user).select_related("person", "region")


def profiles_to_browse(user: Any, request: Request) -> list[PractitionerProfile]:
    """Browse-and-request: published practitioners of the request's hub and kind with a place, never
    anyone in the requester's own line-management chain, their own organisation (unless both allow it)
    or anyone excluded either way."""
    person = person_of(user)
    if person is None or person.pk != request.person_id:
        return []
    kinds = [
        PractitionerKind.BOTH,
        PractitionerKind.COACH if request.kind == "coaching" else PractitionerKind.MENTOR,
    ]
    chain = line_chain_ids(person) | {person.pk}
    excluded = set(Exclusion.objects.filter(person=person).values_list("excluded_id", flat=True)) | set(
        Exclusion.objects.filter(excluded=person).values_list("person_id", flat=True)
    )
    today = timezone.localdate()
    candidates = (
        PractitionerProfile.objects.filter(academy_id=request.academy_id, published=True, kind__in=kinds)
        .filter(Q(paused_until__isnull=True) | Q(paused_until__lt=today))
        .exclude(person_id__in=chain | excluded)
        .select_related("person__organisation", "region")
        .order_by("person__family_name", "person__given_name", "pk")
    )
    if request.kind == "coaching":  # coaches only with a verified accreditation in date
        candidates = candidates.filter(accreditation_verified_at__isnull=False).filter(
            Q(accreditation_expires_on__isnull=True) | Q(accreditation_expires_on__gte=today)
        )
    shown = []
    for profile in candidates:
        if profile.places_left == 0:
            continue
        same_org = person.organisation_id and profile.person.organisation_id == person.organisation_id
        if same_org and not (request.allows_own_organisation and profile.allows_own_organisation):
            continue
        shown.append(profile)
    return shown


def requests_of(user: Any) -> QuerySet[Request]:
    person = person_of(user)
    if person is None:
        return Request.objects.none()
    return Request.objects.filter(person=person).prefetch_related("goals").select_related("academy")


def requests_for_hub(user: Any) -> QuerySet[Request]:
    if not getattr(user, "is_authenticated", False):
        return Request.objects.none()
    ids = hub_academy_ids(user)
    if ids is not None and not ids:
        return Request.objects.none()
    return _in_hub(Request.objects.all(), user).select_related("person").prefetch_related("goals")


def requests_visible(user: Any) -> QuerySet[Request]:
    person = person_of(user)
    own = Q(person=person) if person is not None else Q(pk__in=[])
    ids = hub_academy_ids(user) if getattr(user, "is_authenticated", False) else frozenset()
    requests = Request.objects.select_related("person", "academy").prefetch_related("goals")
    return requests if ids is None else requests.filter(own | Q(academy_id__in=ids))


def shortlist_of(user: Any, request: Request) -> list[ShortlistEntry]:
    """The requester's current shortlist, best first."""
    person = person_of(user)
    if person is None or person.pk != request.person_id:
        return []
    return list(
        ShortlistEntry.objects.filter(request=request, withdrawn=False)
        .select_related("practitioner__person", "practitioner__region")
        .order_by("rank", "id")
    )


def relationships_visible(user: Any) -> QuerySet[Relationship]:
    """The pair's own, and every one in the hubs one administers (dates and counts only: notes are
    read through services.session_notes_read, which only the pair passes)."""
    if not getattr(user, "is_authenticated", False):
        return Relationship.objects.none()
    person = person_of(user)
    mine = Q(requester=person) | Q(practitioner__person=person) if person is not None else Q(pk__in=[])
    ids = hub_academy_ids(user)
    relationships = Relationship.objects.select_related(
        "practitioner__person", "requester", "request"
    ).annotate(sessions_logged=Count("sessions"))
    if ids is None:  # administrators
        return relationships
    return relationships.filter(mine | Q(request__academy_id__in=ids))


def sessions_of(relationship: Relationship) -> QuerySet[CoachingSession]:
    return CoachingSession.objects.filter(relationship=relationship).order_by("number")


def runs_for(user: Any) -> QuerySet[MatchingRun]:
    if not getattr(user, "is_authenticated", False):
        return MatchingRun.objects.none()
    ids = hub_academy_ids(user)
    if ids is not None and not ids:
        return MatchingRun.objects.none()
    return _in_hub(MatchingRun.objects.all(), user).select_related("academy")


def run_results(run: MatchingRun) -> QuerySet[MatchResult]:
    return run.results.select_related("request__person", "practitioner__person").order_by("id")


@dataclass(frozen=True)
class HubFigures:
    """A hub's figures as of the end of one day: the seed prints "165 coaches" and "169 registered
    coaches" from pages counted on different days, so Academy always says which day."""

    as_of: dt.date
    coaches: int
    mentors: int
    coachees: int
    mentees: int
    active_relationships: int
    days_to_match: float | None  # median days from request to acceptance, over `matched` requests
    matched: int
    days_to_first_session: float | None  # median days from request to first session, over `first_sessions`
    first_sessions: int


def hub_figures(*, academy_id: int, as_of: dt.date) -> HubFigures:
    """Counted from the rows as they stood at the end of `as_of` (Europe/London). Callers check
    permissions.can_administer_hub first."""
    end = timezone.make_aware(dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time()))
    profiles = PractitionerProfile.objects.filter(academy_id=academy_id, created_at__lt=end)
    requests = Request.objects.filter(academy_id=academy_id, created_at__lt=end)
    accepted = Relationship.objects.filter(
        request__academy_id=academy_id, responded_at__lt=end, status__in=["contracting", "active", "closed"]
    )
    active = accepted.filter(Q(closed_at__isnull=True) | Q(closed_at__gte=end)).count()

    def day(moment: dt.datetime) -> dt.date:
        return timezone.localtime(moment).date()

    waits = [
        (day(matched) - day(asked)).days
        for asked, matched in requests.filter(matched_at__lt=end).values_list("created_at", "matched_at")
        if matched is not None
    ]
    firsts = [
        (first - day(asked)).days
        for asked, first in accepted.filter(sessions__number=1, sessions__held_on__lte=as_of).values_list(
            "request__created_at", "sessions__held_on"
        )
    ]
    return HubFigures(
        as_of=as_of,
        coaches=profiles.filter(kind__in=["coach", "both"]).count(),
        mentors=profiles.filter(kind__in=["mentor", "both"]).count(),
        coachees=requests.filter(kind="coaching").values("person_id").distinct().count(),
        mentees=requests.filter(kind="mentoring").values("person_id").distinct().count(),
        active_relationships=active,
        days_to_match=round(median(waits), 1) if waits else None,
        matched=len(waits),
        days_to_first_session=round(median(firsts), 1) if firsts else None,
        first_sessions=len(firsts),
    )


def programmes_for(user: Any) -> QuerySet[Any]:
    """Commissioned coaching programmes of the hubs the user administers."""
    from .models import CoachingProgramme

    ids = hub_academy_ids(user) if getattr(user, "is_authenticated", False) else frozenset()
    if ids is not None and not ids:
        return CoachingProgramme.objects.none()
    return _in_hub(CoachingProgramme.objects.all(), user).select_related("academy")


def programme_places(programme: Any) -> QuerySet[Any]:
    """The programme's people with how many sessions each has had (never what was said)."""
    return (
        programme.participants.select_related("person")
        .annotate(sessions_held=Count("sessions", distinct=True))
        .order_by("person__family_name", "person__given_name", "pk")
    )


def team_journeys_for(user: Any) -> QuerySet[Any]:
    """Team coaching journeys of the hubs the user administers, and those of teams they lead."""
    from .models import TeamJourney

    if not getattr(user, "is_authenticated", False):
        return TeamJourney.objects.none()
    ids = hub_academy_ids(user)
    person = person_of(user)
    leads = Q(team_leader=person) if person is not None else Q(pk__in=[])
    journeys = TeamJourney.objects.select_related("academy", "team_leader")
    if ids is None:
        return journeys
    return journeys.filter(Q(academy_id__in=ids) | leads)


def exclusions_of(user: Any) -> QuerySet[Exclusion]:
    """The people the user has said they never want to be matched with (never who excluded them)."""
    person = person_of(user)
    if person is None:
        return Exclusion.objects.none()
    return (
        Exclusion.objects.filter(person=person)
        .select_related("excluded")
        .order_by("excluded__family_name", "excluded__given_name", "pk")
    )
