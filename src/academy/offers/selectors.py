"""Reads for offers and delivery. Each takes the acting user (or person) and returns only what they may see."""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Min, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.http import Http404
from django.utils import timezone

from academy.core.audit import audit_record
from academy.people.models import Academy, Person
from academy.people.permissions import scope_of

from .models import AdjustmentRequest, Attendance, Booking, Cohort, Offer, Session
from .permissions import can_see_adjustments


def catalogue(
    *,
    q: str = "",
    kind: str = "",
    audience: str = "",
    ics_id: int | None = None,
    delivery_format: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[Offer]:
    """Published offers, with the next cohort start and places left in upcoming cohorts."""
    today = timezone.localdate()
    upcoming = Q(cohorts__starts_on__gte=today)
    if date_from:
        upcoming &= Q(cohorts__starts_on__gte=date_from)
    if date_to:
        upcoming &= Q(cohorts__starts_on__lte=date_to)
    offers = Offer.objects.filter(status=Offer.Status.PUBLISHED)
    if q:
        offers = offers.filter(Q(title__icontains=q) | Q(summary__icontains=q) | Q(description__icontains=q))
    if kind:
        offers = offers.filter(kind=kind)
    if audience:
        offers = offers.filter(Q(audience__icontains=audience) | Q(eligibility_text__icontains=audience))
    if ics_id:
        # An offer with no systems listed is open to the whole region.
        offers = offers.filter(Q(systems__id=ics_id) | Q(systems__isnull=True)).distinct()
    if delivery_format:
        offers = offers.filter(delivery_format=delivery_format)
    if date_from or date_to:
        offers = offers.filter(pk__in=Offer.objects.filter(upcoming).values("pk"))
    # The card describes one cohort: the next to start, with its own places and waiting list; and, when
    # that one is full, the next after it with places left.
    in_range = Cohort.objects.filter(offer=OuterRef("pk"), starts_on__gte=today)
    if date_from:
        in_range = in_range.filter(starts_on__gte=date_from)
    if date_to:
        in_range = in_range.filter(starts_on__lte=date_to)
    in_range = in_range.order_by("starts_on", "name", "pk")
    nxt = in_range[:1]
    also = in_range.filter(confirmed_count__lt=F("capacity"))[:1]  # shown only when the next one is full
    return (
        offers.select_related("delivery_partner", "academy")
        .annotate(
            next_start=Min("cohorts__starts_on", filter=upcoming),
            places_left_total=Sum(F("cohorts__capacity") - F("cohorts__confirmed_count"), filter=upcoming),
            next_cohort_name=Subquery(nxt.values("name")),
            next_places_left=Subquery(nxt.values(left=F("capacity") - F("confirmed_count"))),
            next_waiting=Subquery(nxt.values("waitlist_count")),
            also_cohort_name=Subquery(also.values("name")),
            also_start=Subquery(also.values("starts_on")),
            also_places_left=Subquery(also.values(left=F("capacity") - F("confirmed_count"))),
        )
        .order_by(F("next_start").asc(nulls_last=True), "title")
    )


def offer_get_published(*, slug: str) -> Offer:
    offer = Offer.objects.select_related("delivery_partner", "academy").filter(
        slug=slug, status=Offer.Status.PUBLISHED
    )
    found = offer.prefetch_related(
        "systems",
        Prefetch(
            "cohorts",
            queryset=Cohort.objects.filter(ends_on__gte=timezone.localdate()).prefetch_related("sessions"),
            to_attr="current_cohorts",
        ),
    ).first()
    if found is None:
        raise Http404("No such offer")
    return found


def academies_manageable(*, user: Any) -> QuerySet[Academy]:
    """The academies whose offers (and question sets) the user runs: all of them for administrators."""
    scope = scope_of(user)
    if scope.is_administrator:
        return Academy.objects.order_by("name")
    return Academy.objects.filter(pk__in=scope.academy_ids).order_by("name")


def offers_manageable(*, user: Any) -> QuerySet[Offer]:
    scope = scope_of(user)
    offers = Offer.objects.select_related("academy", "delivery_partner")
    if scope.is_administrator:
        return offers
    return offers.filter(academy_id__in=scope.academy_ids)


def offer_get_manageable(*, user: Any, pk: int) -> Offer:
    offer = offers_manageable(user=user).filter(pk=pk).first()
    if offer is None:
        raise Http404("No such offer")
    return offer


def cohorts_visible(*, user: Any) -> QuerySet[Cohort]:
    """Programme managers: their academy's cohorts; facilitators: their delivery partner's; admin: all."""
    scope = scope_of(user)
    cohorts = Cohort.objects.select_related(
        "offer", "offer__academy", "delivery_partner", "offer__delivery_partner"
    )
    if scope.is_administrator:
        return cohorts
    partner = Q(delivery_partner_id__in=scope.delivery_partner_ids) | Q(
        delivery_partner__isnull=True, offer__delivery_partner_id__in=scope.delivery_partner_ids
    )
    return cohorts.filter(Q(offer__academy_id__in=scope.academy_ids) | partner)


def cohort_get_visible(*, user: Any, pk: int) -> Cohort:
    cohort = cohorts_visible(user=user).filter(pk=pk).first()
    if cohort is None:
        raise Http404("No such cohort")
    return cohort


def session_get_visible(*, user: Any, pk: int) -> Session:
    session = (
        Session.objects.select_related("cohort", "cohort__offer")
        .filter(pk=pk, cohort__in=cohorts_visible(user=user))
        .first()
    )
    if session is None:
        raise Http404("No such session")
    return session


def bookings_of(*, person: Person) -> QuerySet[Booking]:
    return (
        Booking.objects.filter(person=person)
        .select_related("cohort", "cohort__offer", "sponsor")
        .prefetch_related(
            Prefetch("cohort__sessions", queryset=Session.objects.order_by("starts_at")),
            Prefetch("attendance", queryset=Attendance.objects.only("session_id", "booking_id", "status")),
        )
        .order_by("-cohort__starts_on", "-id")
    )


def booking_get_own(*, person: Person, pk: int) -> Booking:
    booking = bookings_of(person=person).filter(pk=pk).first()
    if booking is None:
        raise Http404("No such booking")
    return booking


def sponsor_requests(*, person: Person) -> QuerySet[Booking]:
    return (
        Booking.objects.filter(sponsor=person, status=Booking.Status.AWAITING_SPONSOR)
        .select_related("person", "person__organisation", "cohort", "cohort__offer")
        .order_by("created_at")
    )


def sponsor_decisions(*, person: Person) -> QuerySet[Booking]:
    """Applications this person has approved or declined as sponsor, latest first."""
    return (
        Booking.objects.filter(sponsor=person, sponsor_decided_at__isnull=False)
        .select_related("person", "person__organisation", "cohort", "cohort__offer")
        .order_by("-sponsor_decided_at", "-pk")
    )


def cohort_delegates(*, cohort: Cohort) -> list[Booking]:
    """The delegate list: confirmed places, then the waiting list in order, each with the sessions
    attended so far (`attended`) and, on the waiting list, their place in it (`position`)."""
    bookings = (
        Booking.objects.filter(
            cohort=cohort, status__in=(Booking.Status.CONFIRMED, Booking.Status.WAITLISTED)
        )
        .select_related("person", "person__organisation")
        .annotate(
            attended=Count(
                "attendance", filter=Q(attendance__status=Attendance.Status.PRESENT), distinct=True
            )
        )
    )
    confirmed: list[Booking] = sorted(
        (b for b in bookings if b.status == Booking.Status.CONFIRMED),
        key=lambda b: (b.person.family_name.lower(), b.person.given_name.lower(), b.pk),
    )
    waiting: list[Booking] = sorted(
        (b for b in bookings if b.status == Booking.Status.WAITLISTED),
        key=lambda b: (b.waitlisted_at or timezone.now(), b.pk),
    )
    for position, booking in enumerate(waiting, start=1):
        booking.position = position  # type: ignore[attr-defined]
    return confirmed + waiting


def waiting_list(*, cohort: Cohort) -> QuerySet[Booking]:
    return (
        Booking.objects.filter(cohort=cohort, status=Booking.Status.WAITLISTED)
        .select_related("person")
        .order_by("waitlisted_at", "id")
    )


def cohort_bookings(*, cohort: Cohort) -> QuerySet[Booking]:
    return (
        Booking.objects.filter(cohort=cohort)
        .select_related("person", "person__organisation")
        .order_by("person__family_name", "person__given_name")
    )


def cohort_register(*, cohort: Cohort) -> list[dict[str, Any]]:
    """Rows of the attendance register: each confirmed booking with its status per session."""
    bookings = list(
        Booking.objects.filter(cohort=cohort, status=Booking.Status.CONFIRMED)
        .select_related("person")
        .order_by("person__family_name", "person__given_name")
    )
    marks: dict[int, dict[int, str]] = {}
    for booking_id, session_id, status in Attendance.objects.filter(booking__in=bookings).values_list(
        "booking_id", "session_id", "status"
    ):
        marks.setdefault(booking_id, {})[session_id] = status
    return [{"booking": b, "person": b.person, "marks": marks.get(b.pk, {})} for b in bookings]


def adjustments_for_cohort(*, user: Any, cohort: Cohort) -> QuerySet[AdjustmentRequest]:
    if not can_see_adjustments(user, cohort.offer):
        raise PermissionDenied("Only the programme team can see adjustment requests.")
    audit_record(actor=user, action="offers.adjustment.read", obj=cohort)
    return AdjustmentRequest.objects.filter(booking__cohort=cohort).select_related("booking__person")


def cohort_place_counts(*, cohort: Cohort) -> dict[str, int]:
    counts = dict(
        Booking.objects.filter(cohort=cohort)
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    return {status: counts.get(status, 0) for status in Booking.Status.values}
