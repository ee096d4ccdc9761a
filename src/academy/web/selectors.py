"""What the home page and the menu offer each person. Built only from the apps' own selectors and
permissions, so a person sees exactly what those let them reach, and nothing is filtered here."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from academy.evaluation import selectors as evaluation
from academy.evaluation.models import Invitation, Survey
from academy.evaluation.selectors import systems_for
from academy.offers import selectors as offers
from academy.offers.models import Booking, Cohort, Offer, Session
from academy.people.models import ICS, Person, Role
from academy.people.permissions import is_programme_team, is_staff_user, roles_of, scope_of
from academy.validation import selectors as validation

LIST_LENGTH = 5


@dataclass(frozen=True)
class MenuItem:
    href: str
    label: str


def is_sponsor(person: Person | None) -> bool:
    """Someone a participant has named as their sponsor, now or before (sponsors are not assigned)."""
    return person is not None and Booking.objects.filter(sponsor=person).exists()


def menu_for(*, user: Any) -> list[MenuItem]:
    """The header menu: only the pages this person can use."""
    items = [MenuItem("/offers/", "Find development")]
    if not getattr(user, "is_authenticated", False):
        return [*items, MenuItem("/login/", "Log in")]
    roles = roles_of(user)
    scope = scope_of(user)
    person: Person | None = getattr(user, "person", None)
    if person is not None:
        items.append(MenuItem("/my-learning/", "My learning"))
        items.append(MenuItem("/coaching/", "Coaching and mentoring"))
        items.append(MenuItem("/communities/", "Communities"))
        items.append(MenuItem("/interchange/", "Interchange"))
        items.append(MenuItem("/360/", "360 feedback"))
    if is_sponsor(person):
        items.append(MenuItem("/sponsor/", "Approvals"))
    if is_staff_user(user):
        items.append(MenuItem("/manage/", "Manage delivery"))
    if scope.is_administrator or scope.ids("hub_academy_ids"):
        items.append(MenuItem("/coaching/hub/", "Coaching hub"))
    if scope.is_administrator or scope.academy_ids:
        items.append(MenuItem("/manage/action-learning/", "Action learning"))
    if scope.is_administrator or scope.ics_ids:
        # Plans and charters; the landing page leads on to programmes, measures and RACI matrices
        items.append(MenuItem("/systems/", "ICS plans and programmes"))
    if validation.involved(user):
        items.append(MenuItem("/validation/", "Validation"))
    if scope.is_administrator or scope.academy_ids or scope.ics_ids:
        items.append(MenuItem("/impact/", "Impact"))
    elif Role.FACILITATOR in roles:
        items.append(MenuItem("/impact/evaluations/", "Evaluations"))
    return items


@dataclass
class Landing:
    """A person's next actions, one block per role they hold."""

    roles: frozenset[str]
    person: Person | None = None
    # participant
    next_sessions: list[Session] = field(default_factory=list)
    to_answer: list[Invitation] = field(default_factory=list)
    active_bookings: int = 0
    # sponsor
    is_sponsor: bool = False
    sponsor_waiting: list[Booking] = field(default_factory=list)
    # programme manager (and administrator)
    offer_counts: dict[str, int] = field(default_factory=dict)
    cohorts_attention: list[Cohort] = field(default_factory=list)
    open_surveys: list[Survey] = field(default_factory=list)
    # facilitator
    partner_cohorts: list[Cohort] = field(default_factory=list)
    registers: list[Session] = field(default_factory=list)
    session_surveys: list[Survey] = field(default_factory=list)
    # ICS OD lead
    systems: list[ICS] = field(default_factory=list)
    # panel member
    claims_to_review: int = 0


def landing_for(*, user: Any) -> Landing:
    roles = roles_of(user)
    scope = scope_of(user)
    person: Person | None = getattr(user, "person", None)
    landing = Landing(roles=roles, person=person)
    now = timezone.now()
    today = timezone.localdate()

    if person is not None:
        bookings = offers.bookings_of(person=person)
        confirmed = [b for b in bookings if b.status == Booking.Status.CONFIRMED]
        landing.active_bookings = sum(1 for b in bookings if b.status in Booking.ACTIVE_STATUSES)
        upcoming = sorted(
            (s for b in confirmed for s in b.cohort.sessions.all() if s.ends_at >= now),
            key=lambda s: s.starts_at,
        )
        landing.next_sessions = upcoming[:LIST_LENGTH]
        landing.to_answer = list(evaluation.invitations_open_for(person=person)[:LIST_LENGTH])
        landing.is_sponsor = is_sponsor(person)
        if landing.is_sponsor:
            landing.sponsor_waiting = list(offers.sponsor_requests(person=person))

    if is_programme_team(user):
        manageable = offers.offers_manageable(user=user)
        counts = dict(manageable.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
        landing.offer_counts = {str(label): counts.get(value, 0) for value, label in Offer.Status.choices}
        landing.cohorts_attention = list(
            offers.cohorts_visible(user=user)
            .filter(offer__in=manageable, ends_on__gte=today)
            .annotate(
                waiting=Count("bookings", filter=Q(bookings__status=Booking.Status.WAITLISTED)),
                to_decide=Count("bookings", filter=Q(bookings__status=Booking.Status.APPLIED)),
            )
            .filter(Q(waiting__gt=0) | Q(to_decide__gt=0))
            .order_by("starts_on", "name")[:LIST_LENGTH]
        )
        landing.open_surveys = list(
            evaluation.survey_list_for_manager(user=user)
            .filter(opens_at__lte=now, closes_at__gt=now)
            .order_by("closes_at", "id")[:LIST_LENGTH]
        )

    if scope.delivery_partner_ids:
        cohorts = offers.cohorts_visible(user=user)
        landing.partner_cohorts = list(cohorts.filter(ends_on__gte=today).order_by("starts_on")[:LIST_LENGTH])
        # Registers to mark: sessions of their cohorts that have started, most recent first.
        landing.registers = list(
            Session.objects.filter(cohort__in=cohorts, starts_at__lte=now)
            .select_related("cohort__offer")
            .order_by("-starts_at")[:LIST_LENGTH]
        )
        landing.session_surveys = list(
            evaluation.surveys_with_figures(user=user).order_by("-opens_at", "-id")[:LIST_LENGTH]
        )

    if scope.ics_ids:
        landing.systems = list(systems_for(user=user).filter(pk__in=scope.ics_ids))
    if Role.PANEL_MEMBER in roles and person is not None:
        landing.claims_to_review = len(validation.routes_for(user)["panels"])
    return landing
