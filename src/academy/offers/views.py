"""Pages for offers and delivery. Each view reads through a selector, writes through one service, renders."""

import secrets
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_http_methods

from academy.core import pagecache
from academy.core.audit import audit_record
from academy.people.models import Person
from academy.people.permissions import SPONSOR_NOT_FOUND, is_programme_team, is_staff_user
from academy.people.selectors import colleague_find, ics_list, person_for_user
from academy.web.forms import home_region_id

from . import selectors, services
from .calendar import (
    calendar_feed_token,
    person_by_calendar_token,
    person_calendar_feed,
    session_invitation_ics,
)
from .certificates import certificate_pdf
from .delegates import delegate_table, register_pdf
from .forms import (
    SPONSOR_LINE_MANAGER,
    AdjustmentResponseForm,
    AttendanceForm,
    BookingForm,
    CatalogueFilterForm,
    CohortEmailForm,
    CohortForm,
    DecisionForm,
    DelegateBookingForm,
    DelegateFindForm,
    OfferForm,
    ProjectForm,
    SessionForm,
)
from .models import Attendance, Booking, Cohort, Offer, Session
from .permissions import (
    can_manage_academy,
    can_manage_offer,
    can_mark_attendance,
    can_see_adjustments,
    can_view_cohort,
)

CATALOGUE_PAGE_SIZE = 20
MANAGE_PAGE_SIZE = 50


def _person(request: HttpRequest) -> Person:
    person = person_for_user(request.user)
    if person is None:
        raise PermissionDenied("Your account has no staff record, so you cannot book or approve places.")
    return person


def _data(request: HttpRequest) -> Any:
    """The posted data for a bound form (even when empty), or None to show a fresh form."""
    return request.POST if request.method == "POST" else None


def _require_staff(request: HttpRequest) -> None:
    if not is_staff_user(request.user):
        raise PermissionDenied("This page is for programme managers and facilitators.")


def _require_manager(request: HttpRequest, offer: Offer) -> None:
    if not can_manage_offer(request.user, offer):
        raise PermissionDenied("Only the academy's programme team can do this.")


def _cohort_for_team(request: HttpRequest, pk: int) -> Cohort:
    """A cohort through the scoped selector, checked again against the rule itself (defence in depth)."""
    cohort = selectors.cohort_get_visible(user=request.user, pk=pk)
    if not can_view_cohort(request.user, cohort):
        raise Http404("No such cohort")
    return cohort


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- Participant: find and book -------------------------------------------------------------------


@pagecache.whole_page
@require_GET
def catalogue(request: HttpRequest) -> HttpResponse:
    # htmx swaps in just the results; a history restore or a normal request gets the whole page, and so
    # does a filter with an error, so that the error summary and messages beside the fields show.
    htmx = bool(request.headers.get("HX-Request") and not request.headers.get("HX-History-Restore-Request"))
    region_id = home_region_id(request.user)
    query = sorted((key, request.GET.getlist(key)) for key in request.GET)
    # The body depends on nothing of the user's but their home region (the filters offered first).
    page = pagecache.cached(
        "catalogue", (query, region_id, htmx), lambda: _catalogue_body(request, region_id, htmx)
    )
    if page["partial"]:
        response = HttpResponse(page["body"])
    else:
        response = render(request, "offers/catalogue.html", {"body": page["body"], "errors": page["errors"]})
    if htmx and page["errors"]:
        response["HX-Retarget"] = "#maincontent"
        response["HX-Reselect"] = "#maincontent"
        response["HX-Reswap"] = "outerHTML"
    patch_vary_headers(response, ["HX-Request"])
    return response


def _catalogue_body(request: HttpRequest, region_id: int | None, htmx: bool) -> dict[str, Any]:
    form = CatalogueFilterForm(request.GET or None, systems=ics_list(), home_region_id=region_id)
    if form.is_bound:
        form.is_valid()
    offers = selectors.catalogue(**form.filters())
    page = Paginator(offers, CATALOGUE_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1),
        "filtered": any(value for value in form.filters().values()),
    }
    partial = htmx and not form.errors
    template = "offers/includes/catalogue_results.html" if partial else "offers/includes/catalogue_body.html"
    return {
        "body": pagecache.render_body(template, context, request),
        "errors": bool(form.errors),
        "partial": partial,
    }


@pagecache.whole_page
@require_GET
def offer_detail(request: HttpRequest, slug: str) -> HttpResponse:
    found = (
        Offer.objects.filter(slug=slug, status=Offer.Status.PUBLISHED)
        .values_list("pk", "academy_id", "title")
        .first()
    )
    if found is None:
        raise Http404("No such offer")
    offer_id, academy_id, title = found
    person = person_for_user(request.user)
    mine: list[tuple[int, int, str]] = []
    if person is not None:
        mine = list(
            selectors.bookings_of(person=person)
            .filter(cohort__offer_id=offer_id, status__in=Booking.ACTIVE_STATUSES)
            .order_by("pk")
            .values_list("cohort_id", "pk", "status")
        )
    can_manage = can_manage_academy(request.user, academy_id)
    # The body shows the person's own bookings on the offer and whether they run it, and nothing else
    # of theirs: those are part of the key, so two people share a body only when both are the same.
    page = pagecache.cached(
        "offer", (slug, mine, can_manage), lambda: _offer_body(request, slug, mine, can_manage)
    )
    return render(request, "offers/offer_detail.html", {"body": page["body"], "title": title})


def _offer_body(
    request: HttpRequest, slug: str, mine: list[tuple[int, int, str]], can_manage: bool
) -> dict[str, Any]:
    offer = selectors.offer_get_published(slug=slug)
    bookings = {
        cohort_id: Booking(pk=pk, cohort_id=cohort_id, status=status) for cohort_id, pk, status in mine
    }
    cohorts = [
        {"cohort": cohort, "booking": bookings.get(cohort.pk), "open": services.booking_is_open(cohort)}
        for cohort in offer.current_cohorts  # type: ignore[attr-defined]
    ]
    context = {"offer": offer, "cohorts": cohorts, "can_manage": can_manage}
    return {"body": pagecache.render_body("offers/includes/offer_body.html", context, request)}


def _bookable_cohort(offer: Offer, cohort_id: int) -> Cohort:
    for cohort in offer.current_cohorts:  # type: ignore[attr-defined]
        if cohort.pk == cohort_id:
            return cohort
    raise Http404("No such cohort")


def _find_sponsor(form: BookingForm, person: Person) -> Person | None:
    if form.cleaned_data.get("sponsor_choice") == SPONSOR_LINE_MANAGER:
        return person.line_manager
    email = form.sponsor_email_given()
    if not email:
        return None
    sponsor = colleague_find(chooser=person, email=email, needs_account=True)
    if sponsor is None:
        form.add_error("sponsor_email", SPONSOR_NOT_FOUND)
    return sponsor


def _book_from_form(
    request: HttpRequest, form: BookingForm, *, offer: Offer, cohort: Cohort, person: Person
) -> Booking | None:
    """The booking form's answers through booking_create (for oneself, or by the programme team for a
    delegate): the booking, or None with the form carrying every error."""
    valid = form.is_valid()
    sponsor = _find_sponsor(form, person) if offer.requires_sponsor else None
    if not valid or form.errors:
        return None
    try:
        return services.booking_create(
            cohort=cohort,
            person=person,
            by=request.user,
            application_statement=form.cleaned_data.get("application_statement", ""),
            sponsor=sponsor,
            adjustment=form.cleaned_data.get("adjustment", ""),
            eligibility_confirmed=form.cleaned_data.get("eligibility_confirmed", False),
        )
    except ValidationError as error:
        form.add_service_errors(error)
        return None


@login_required
@require_http_methods(["GET", "POST"])
def book(request: HttpRequest, slug: str, cohort_id: int) -> HttpResponse:
    offer = selectors.offer_get_published(slug=slug)
    cohort = _bookable_cohort(offer, cohort_id)
    person = _person(request)
    form = BookingForm(_data(request), offer=offer, person=person)
    if request.method == "POST":
        booking = _book_from_form(request, form, offer=offer, cohort=cohort, person=person)
        if booking is not None:
            return redirect("offers:booking_done", pk=booking.pk)
    context = {
        "offer": offer,
        "cohort": cohort,
        "form": form,
        "open": services.booking_is_open(cohort),
        "verb": "Apply" if offer.requires_application else "Book a place",
    }
    return render(request, "offers/book.html", context)


@login_required
@require_GET
def booking_done(request: HttpRequest, pk: int) -> HttpResponse:
    booking = selectors.booking_get_own(person=_person(request), pk=pk)
    position = None
    if booking.status == Booking.Status.WAITLISTED:
        ids = list(selectors.waiting_list(cohort=booking.cohort).values_list("pk", flat=True))
        position = ids.index(booking.pk) + 1 if booking.pk in ids else None
    return render(request, "offers/booking_done.html", {"booking": booking, "position": position})


# --- Participant: my learning ---------------------------------------------------------------------

MY_LEARNING_GROUPS = (
    ("upcoming", "Booked"),
    ("waiting", "On the waiting list"),
    ("approval", "Waiting for approval"),
    ("completed", "Completed"),
    ("cancelled", "Cancelled or not approved"),
)


def _group_of(booking: Booking) -> str:
    if booking.completed_at is not None:
        return "completed"
    return {
        Booking.Status.CONFIRMED: "upcoming",
        Booking.Status.WAITLISTED: "waiting",
        Booking.Status.AWAITING_SPONSOR: "approval",
        Booking.Status.APPLIED: "approval",
    }.get(booking.status, "cancelled")  # type: ignore[call-overload]


def _session_rows(booking: Booking) -> list[dict[str, Any]]:
    marks = {a.session_id: a for a in booking.attendance.all()}
    return [
        {"session": session, "attendance": marks.get(session.pk)}
        for session in booking.cohort.sessions.all()  # prefetched in the selector
    ]


def _own(request: HttpRequest) -> tuple[Any, ...]:
    """The part of a cache key that keeps a page to the one user (and session) it was rendered for."""
    return (request.user.pk, request.session.session_key, request.get_host())


@pagecache.whole_page
@login_required
@require_GET
def my_learning(request: HttpRequest) -> HttpResponse:
    person = _person(request)
    page = pagecache.cached(
        "my-learning", (person.pk, *_own(request)), lambda: _my_learning_body(request, person)
    )
    return render(request, "offers/my_learning.html", {"body": page["body"]})


def _my_learning_body(request: HttpRequest, person: Person) -> dict[str, Any]:
    groups: dict[str, list[dict[str, Any]]] = {key: [] for key, _ in MY_LEARNING_GROUPS}
    for booking in selectors.bookings_of(person=person):
        offer = booking.cohort.offer
        groups[_group_of(booking)].append(
            {
                "booking": booking,
                "offer": offer,
                "sessions": _session_rows(booking),
                "can_cancel": booking.status in Booking.ACTIVE_STATUSES and booking.completed_at is None,
                "needs_project": (
                    offer.completion_requires_project
                    and booking.status == Booking.Status.CONFIRMED
                    and booking.project_submitted_at is None
                ),
            }
        )
    sections = [{"key": key, "title": title, "items": groups[key]} for key, title in MY_LEARNING_GROUPS]
    feed_url = None
    if person.calendar_token:
        feed_url = request.build_absolute_uri(reverse("offers:calendar_feed", args=[person.calendar_token]))
    context = {"sections": sections, "feed_url": feed_url, "has_any": any(groups.values())}
    return {"body": pagecache.render_body("offers/includes/my_learning_body.html", context, request)}


@login_required
@require_http_methods(["GET", "POST"])
def calendar_link(request: HttpRequest) -> HttpResponse:
    """Show (making it on first use) the address of the person's private calendar feed."""
    person = _person(request)
    if request.method == "POST":
        calendar_feed_token(person=person)
        return redirect("offers:calendar_link")
    feed_url = None
    if person.calendar_token:
        feed_url = request.build_absolute_uri(reverse("offers:calendar_feed", args=[person.calendar_token]))
    return render(request, "offers/calendar_link.html", {"feed_url": feed_url})


@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    person = person_by_calendar_token(token)
    if person is None:
        raise Http404("No such calendar")
    response = HttpResponse(person_calendar_feed(person=person), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=900"
    return response


@login_required
@require_GET
def booking_detail(request: HttpRequest, pk: int) -> HttpResponse:
    booking = selectors.booking_get_own(person=_person(request), pk=pk)
    adjustment = getattr(booking, "adjustment", None)  # the person's own request, if they made one
    context = {
        "booking": booking,
        "offer": booking.cohort.offer,
        "sessions": _session_rows(booking),
        "adjustment": adjustment,
        "can_cancel": booking.status in Booking.ACTIVE_STATUSES and booking.completed_at is None,
    }
    return render(request, "offers/booking_detail.html", context)


@login_required
@require_GET
def session_ics(request: HttpRequest, pk: int, session_id: int) -> HttpResponse:
    person = _person(request)
    booking = selectors.booking_get_own(person=person, pk=pk)
    session = next((s for s in booking.cohort.sessions.all() if s.pk == session_id), None)
    if session is None:
        raise Http404("No such session")
    return _attachment(
        session_invitation_ics(session=session, person=person),
        "text/calendar; charset=utf-8",
        f"academy-session-{session.pk}.ics",
    )


@login_required
@require_http_methods(["GET", "POST"])
def booking_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    booking = selectors.booking_get_own(person=_person(request), pk=pk)
    if booking.status not in Booking.ACTIVE_STATUSES:
        messages.info(request, "This booking has already been cancelled.")
        return redirect("offers:my_learning")
    if request.method == "POST":
        try:
            services.booking_cancel(booking=booking, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"Your booking for {booking.cohort.offer.title} has been cancelled.")
        return redirect("offers:my_learning")
    return render(request, "offers/booking_cancel.html", {"booking": booking, "manage": False})


@login_required
@require_http_methods(["GET", "POST"])
def project_submit(request: HttpRequest, pk: int) -> HttpResponse:
    booking = selectors.booking_get_own(person=_person(request), pk=pk)
    if not booking.cohort.offer.completion_requires_project or booking.status != Booking.Status.CONFIRMED:
        raise Http404("No improvement project is needed for this booking")
    initial = {"title": booking.project_title, "summary": booking.project_summary}
    form = ProjectForm(_data(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.project_submit(booking=booking, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Your improvement project has been submitted.")
            return redirect("offers:my_learning")
    return render(request, "offers/project_form.html", {"booking": booking, "form": form})


@login_required
@require_GET
def certificate(request: HttpRequest, pk: int) -> HttpResponse:
    booking = selectors.booking_get_own(person=_person(request), pk=pk)
    if booking.completed_at is None:
        raise Http404("No certificate yet")
    return _attachment(
        certificate_pdf(booking=booking), "application/pdf", f"certificate-{booking.certificate_number}.pdf"
    )


# --- Sponsors -------------------------------------------------------------------------------------


@login_required
@require_GET
def sponsor_list(request: HttpRequest) -> HttpResponse:
    person = _person(request)
    context = {
        "requests": selectors.sponsor_requests(person=person),
        "decisions": selectors.sponsor_decisions(person=person)[:100],
    }
    return render(request, "offers/sponsor_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def sponsor_decide(request: HttpRequest, pk: int) -> HttpResponse:
    booking = selectors.sponsor_requests(person=_person(request)).filter(pk=pk).first()
    if booking is None:
        raise Http404("No such application")
    form = DecisionForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.booking_sponsor_decide(
                booking=booking, by=request.user, approve=form.approve, comment=form.cleaned_data["comment"]
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            verb = "approved" if form.approve else "declined"
            messages.success(request, f"You have {verb} the application from {booking.person.full_name}.")
            return redirect("offers:sponsor_list")
    return render(request, "offers/sponsor_decide.html", {"booking": booking, "form": form})


# --- Programme team and facilitators --------------------------------------------------------------


@login_required
@require_GET
def manage_dashboard(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    offers = selectors.offers_manageable(user=request.user).order_by("status", "title")
    page = Paginator(offers, MANAGE_PAGE_SIZE).get_page(request.GET.get("page"))
    cohorts = list(
        selectors.cohorts_visible(user=request.user)
        .filter(ends_on__gte=timezone.localdate())
        .order_by("starts_on", "name")[:MANAGE_PAGE_SIZE]
    )
    context = {
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1),
        "cohorts": cohorts,
        "can_create": is_programme_team(request.user),
    }
    return render(request, "offers/manage/dashboard.html", context)


def _academies_for(request: HttpRequest) -> Any:
    return selectors.academies_manageable(user=request.user)


@login_required
@require_http_methods(["GET", "POST"])
def offer_new(request: HttpRequest) -> HttpResponse:
    academies = _academies_for(request)
    if not academies.exists():
        raise PermissionDenied("Only programme managers can create offers.")
    form = OfferForm(_data(request), academies=academies, initial={"academy": academies.first()})
    if request.method == "POST" and form.is_valid():
        try:
            offer = services.offer_create(
                academy=form.cleaned_data["academy"], by=request.user, **form.service_fields()
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"{offer.title} has been created. Now add a cohort.")
            return redirect("offers:manage_offer", pk=offer.pk)
    return render(request, "offers/manage/offer_form.html", {"form": form, "offer": None})


@login_required
@require_http_methods(["GET", "POST"])
def offer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    offer = selectors.offer_get_manageable(user=request.user, pk=pk)
    form = OfferForm(_data(request), initial=OfferForm.initial_for(offer))
    if request.method == "POST" and form.is_valid():
        try:
            services.offer_update(offer=offer, by=request.user, **form.service_fields())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Your changes have been saved.")
            return redirect("offers:manage_offer", pk=offer.pk)
    return render(request, "offers/manage/offer_form.html", {"form": form, "offer": offer})


@login_required
@require_GET
def manage_offer(request: HttpRequest, pk: int) -> HttpResponse:
    offer = selectors.offer_get_manageable(user=request.user, pk=pk)
    cohorts = offer.cohorts.select_related("delivery_partner").order_by("-starts_on", "name")
    context = {"offer": offer, "cohorts": cohorts, "systems": offer.systems.all()}
    return render(request, "offers/manage/offer.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def cohort_new(request: HttpRequest, pk: int) -> HttpResponse:
    offer = selectors.offer_get_manageable(user=request.user, pk=pk)
    form = CohortForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            cohort = services.cohort_create(offer=offer, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"{cohort.name} has been created. Now add its sessions.")
            return redirect("offers:manage_cohort", pk=cohort.pk)
    return render(request, "offers/manage/cohort_form.html", {"form": form, "offer": offer, "cohort": None})


@login_required
@require_http_methods(["GET", "POST"])
def cohort_edit(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = selectors.cohort_get_visible(user=request.user, pk=pk)
    _require_manager(request, cohort.offer)
    form = CohortForm(_data(request), initial=CohortForm.initial_for(cohort))
    if request.method == "POST" and form.is_valid():
        try:
            services.cohort_update(cohort=cohort, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Your changes have been saved.")
            return redirect("offers:manage_cohort", pk=cohort.pk)
    context = {"form": form, "offer": cohort.offer, "cohort": cohort}
    return render(request, "offers/manage/cohort_form.html", context)


@pagecache.whole_page
@login_required
@require_GET
def manage_cohort(request: HttpRequest, pk: int) -> HttpResponse:
    # The access rule: checked whenever the page is rendered; a kept page (whole_page) is served again only
    # to the same session at the same data version, so with the same roles.
    cohort = _cohort_for_team(request, pk)
    show_adjustments = can_see_adjustments(request.user, cohort.offer)
    rendered: list[bool] = []

    def render_body() -> dict[str, Any]:
        rendered.append(True)
        return _manage_cohort_body(request, cohort, show_adjustments)

    page = pagecache.cached("manage-cohort", (pk, show_adjustments, *_own(request)), render_body)
    if show_adjustments and not rendered:
        # Reading adjustment requests is audited (selectors.adjustments_for_cohort): a cached page is
        # still a read.
        audit_record(actor=request.user, action="offers.adjustment.read", obj=cohort)
    title = f"{cohort.offer.title}: {cohort.name}"
    response = render(request, "offers/manage/cohort.html", {"body": page["body"], "title": title})
    if show_adjustments:
        pagecache.audited_read(response, action="offers.adjustment.read", obj=cohort)
    return response


def _manage_cohort_body(request: HttpRequest, cohort: Cohort, show_adjustments: bool) -> dict[str, Any]:
    bookings = list(selectors.cohort_bookings(cohort=cohort))
    pending = [b for b in bookings if b.status in (Booking.Status.APPLIED, Booking.Status.AWAITING_SPONSOR)]
    context = {
        "cohort": cohort,
        "offer": cohort.offer,
        "sessions": cohort.sessions.order_by("starts_at"),
        "confirmed": [b for b in bookings if b.status == Booking.Status.CONFIRMED],
        "waiting": list(selectors.waiting_list(cohort=cohort).select_related("person__organisation")),
        "pending": pending,
        "others": [b for b in bookings if b.status in (Booking.Status.CANCELLED, Booking.Status.DECLINED)],
        "adjustments": (
            list(selectors.adjustments_for_cohort(user=request.user, cohort=cohort))
            if show_adjustments
            else None
        ),
        "can_manage": can_manage_offer(request.user, cohort.offer),
        "can_mark": can_mark_attendance(request.user, cohort),
    }
    return {"body": pagecache.render_body("offers/manage/includes/cohort_body.html", context, request)}


@login_required
@require_http_methods(["GET", "POST"])
def session_new(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = selectors.cohort_get_visible(user=request.user, pk=pk)
    _require_manager(request, cohort.offer)
    form = SessionForm(_data(request), initial={"date": cohort.starts_on})
    if request.method == "POST" and form.is_valid():
        try:
            session = services.session_create(cohort=cohort, by=request.user, **form.service_fields())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"{session.title} has been added.")
            return redirect("offers:manage_cohort", pk=cohort.pk)
    return render(
        request, "offers/manage/session_form.html", {"form": form, "cohort": cohort, "session": None}
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.session_get_visible(user=request.user, pk=pk)
    _require_manager(request, session.cohort.offer)
    form = SessionForm(_data(request), initial=SessionForm.initial_for(session))
    if request.method == "POST" and form.is_valid():
        try:
            services.session_update(session=session, by=request.user, **form.service_fields())
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Your changes have been saved.")
            return redirect("offers:manage_cohort", pk=session.cohort_id)
    context = {"form": form, "cohort": session.cohort, "session": session}
    return render(request, "offers/manage/session_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    session: Session = selectors.session_get_visible(user=request.user, pk=pk)
    if not can_mark_attendance(request.user, session.cohort):
        raise Http404("No such session")
    cohort = session.cohort
    rows = selectors.cohort_register(cohort=cohort)
    started = timezone.now() >= session.starts_at
    action = request.POST.get("action") if request.method == "POST" else None
    if action == "everyone":
        # Ask first: this overwrites every mark already recorded for the session.
        changed = [row for row in rows if row["marks"].get(session.pk) != Attendance.Status.PRESENT]
        overwritten = [row for row in changed if row["marks"].get(session.pk)]
        context = {
            "session": session,
            "cohort": cohort,
            "rows": rows,
            "changed": changed,
            "overwritten": overwritten,
            "started": started,
            "not_yet": services.attendance_not_yet_message(session),
        }
        return render(request, "offers/manage/attendance_everyone.html", context)
    form = AttendanceForm(_data(request), rows=rows, session_id=session.pk)
    if request.method == "POST" and form.is_valid():
        if action == "everyone_confirmed":
            marks = {row["booking"].pk: Attendance.Status.PRESENT.value for row in rows}
        else:
            marks = form.marks()
        try:
            saved = services.attendance_mark(session=session, by=request.user, marks=marks)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"Attendance saved for {saved} {'person' if saved == 1 else 'people'}.")
            return redirect("offers:attendance", pk=session.pk)
    context = {
        "session": session,
        "cohort": cohort,
        "form": form,
        "started": started,
        "not_yet": services.attendance_not_yet_message(session),
    }
    return render(request, "offers/manage/attendance.html", context)


def _cohort_booking(request: HttpRequest, cohort_pk: int, pk: int) -> tuple[Cohort, Booking]:
    cohort = _cohort_for_team(request, cohort_pk)
    booking = selectors.cohort_bookings(cohort=cohort).filter(pk=pk).first()
    if booking is None:
        raise Http404("No such booking")
    return cohort, booking


@login_required
@require_http_methods(["GET", "POST"])
def manage_booking_cancel(request: HttpRequest, cohort_pk: int, pk: int) -> HttpResponse:
    cohort, booking = _cohort_booking(request, cohort_pk, pk)
    _require_manager(request, cohort.offer)
    if booking.status not in Booking.ACTIVE_STATUSES:
        raise Http404("This booking is not active")
    if request.method == "POST":
        try:
            result = services.booking_cancel(booking=booking, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("offers:manage_cohort", pk=cohort.pk)
        text = f"The booking for {booking.person.full_name} has been cancelled."
        if result.promoted is not None:
            text += f" {result.promoted.person.full_name} has been given the place from the waiting list."
        messages.success(request, text)
        return redirect("offers:manage_cohort", pk=cohort.pk)
    return render(
        request, "offers/booking_cancel.html", {"booking": booking, "cohort": cohort, "manage": True}
    )


@login_required
@require_http_methods(["GET", "POST"])
def application_decide(request: HttpRequest, cohort_pk: int, pk: int) -> HttpResponse:
    cohort, booking = _cohort_booking(request, cohort_pk, pk)
    _require_manager(request, cohort.offer)
    if booking.status != Booking.Status.APPLIED:
        raise Http404("This application is not waiting for a decision")
    form = DecisionForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.booking_application_decide(
                booking=booking, by=request.user, approve=form.approve, comment=form.cleaned_data["comment"]
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            verb = "approved" if form.approve else "declined"
            messages.success(request, f"You have {verb} the application from {booking.person.full_name}.")
            return redirect("offers:manage_cohort", pk=cohort.pk)
    context = {"booking": booking, "cohort": cohort, "form": form}
    return render(request, "offers/manage/application_decide.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def adjustment_respond(request: HttpRequest, cohort_pk: int, pk: int) -> HttpResponse:
    cohort = selectors.cohort_get_visible(user=request.user, pk=cohort_pk)
    adjustment = selectors.adjustments_for_cohort(user=request.user, cohort=cohort).filter(pk=pk).first()
    if adjustment is None:
        raise Http404("No such adjustment request")
    form = AdjustmentResponseForm(_data(request), initial={"response": adjustment.response})
    if request.method == "POST" and form.is_valid():
        try:
            services.adjustment_respond(adjustment=adjustment, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request, f"Your response has been sent to {adjustment.booking.person.full_name}."
            )
            return redirect("offers:manage_cohort", pk=cohort.pk)
    context = {"adjustment": adjustment, "cohort": cohort, "form": form}
    return render(request, "offers/manage/adjustment_respond.html", context)


# --- Programme team: the delegate list, registers, e-mail and adding a delegate ---------------------

EXPORT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@login_required
@require_GET
def delegates_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    from academy.reporting.exports import to_csv, to_xlsx

    cohort = _cohort_for_team(request, pk)
    if fmt not in EXPORT_TYPES:
        raise Http404("No such format")
    table = delegate_table(cohort=cohort)
    content = to_csv([table]) if fmt == "csv" else to_xlsx([table])
    audit_record(
        actor=request.user, action="offers.cohort.export_delegates", obj=cohort, rows=len(table.rows)
    )
    return _attachment(content, EXPORT_TYPES[fmt], f"delegates-{cohort.offer.slug}-{cohort.pk}.{fmt}")


@login_required
@require_GET
def register_print(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = _cohort_for_team(request, pk)
    return _attachment(
        register_pdf(cohort=cohort), "application/pdf", f"register-{cohort.offer.slug}-{cohort.pk}.pdf"
    )


@login_required
@require_http_methods(["GET", "POST"])
def cohort_email(request: HttpRequest, pk: int) -> HttpResponse:
    """Write, preview, then send: the preview shows the e-mail as the first person will get it and who
    it goes to; sending queues one message per person (services.cohort_email_send)."""
    cohort = _cohort_for_team(request, pk)
    _require_manager(request, cohort.offer)
    form = CohortEmailForm(_data(request))
    action = request.POST.get("action", "") if request.method == "POST" else ""
    context: dict[str, Any] = {"cohort": cohort, "offer": cohort.offer, "form": form}
    if action in ("preview", "send") and form.is_valid():
        data = form.cleaned_data
        if action == "send":
            try:
                sent = services.cohort_email_send(
                    cohort=cohort,
                    by=request.user,
                    subject=data["subject"],
                    message=data["message"],
                    audience=data["audience"],
                    send_key=request.POST.get("send_key", ""),
                )
            except ValidationError as error:
                form.add_service_errors(error)
                return render(request, "offers/manage/cohort_email.html", context)
            messages.success(
                request,
                f"Your e-mail \u201c{data['subject']}\u201d is being sent to {sent} {'person' if sent == 1 else 'people'}.",
            )
            return redirect("offers:manage_cohort", pk=cohort.pk)
        recipients = services.cohort_email_recipients(cohort=cohort, audience=data["audience"])
        if not recipients:
            form.add_error(
                "audience", "No one on this cohort would receive the e-mail. Choose who to send it to."
            )
        else:
            first = recipients[0].person
            context.update(
                {
                    "recipients": recipients,
                    "example": services.cohort_email_body(
                        cohort=cohort, given_name=first.given_name, message=data["message"]
                    ),
                    "example_to": first,
                    "send_key": secrets.token_urlsafe(16),
                }
            )
            return render(request, "offers/manage/cohort_email_preview.html", context)
    return render(request, "offers/manage/cohort_email.html", context)


def _person_by_email(form: DelegateFindForm) -> Person | None:
    email = form.cleaned_data["email"]
    person = (
        Person.objects.select_related("organisation", "line_manager")
        .filter(email__iexact=email, anonymised_at__isnull=True)
        .first()
    )
    if person is None:
        form.add_error("email", "There is no staff record with this e-mail address. Check it and try again.")
    return person


@login_required
@require_http_methods(["GET", "POST"])
def delegate_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Book a named person onto the cohort: find them by e-mail, then the same booking form they would
    fill in, through the same service (capacity, waiting list, applications and sponsors as usual)."""
    cohort = _cohort_for_team(request, pk)
    offer = cohort.offer
    _require_manager(request, offer)
    # Posted, not in the address: an e-mail address in a URL ends up in server logs.
    find = DelegateFindForm(_data(request))
    context: dict[str, Any] = {"cohort": cohort, "offer": offer, "find": find}
    person = _person_by_email(find) if find.is_bound and find.is_valid() else None
    if person is None:
        return render(request, "offers/manage/delegate_find.html", context)
    form = DelegateBookingForm(
        request.POST if request.POST.get("action") == "book" else None, offer=offer, person=person
    )
    if form.is_bound:
        booking = _book_from_form(request, form, offer=offer, cohort=cohort, person=person)
        if booking is not None:
            messages.success(
                request, f"{person.full_name}: {booking.get_status_display().lower()}. We have e-mailed them."
            )
            return redirect("offers:manage_cohort", pk=cohort.pk)
    context.update({"person": person, "form": form})
    return render(request, "offers/manage/delegate_book.html", context)
