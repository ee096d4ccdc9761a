"""What offers holds about a person: who may see them, their bookings in the export, and what
anonymising clears. Registered with `people.registry` in `OffersConfig.ready()`."""

from typing import Any

from django.db.models import Q, QuerySet

from academy.core import pagecache
from academy.people.models import Person
from academy.people.permissions import Scope
from academy.people.registry import Link, PersonalData

from .models import AcademyParticipant, AdjustmentRequest, Booking


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def visible_to(user: Any, scope: Scope) -> list[QuerySet[Any]]:
    """A programme manager sees everyone booked on their academy's offers; a facilitator everyone
    booked on their delivery partner's cohorts."""
    parts: list[QuerySet[Any]] = []
    if scope.academy_ids:
        # The maintained copy of "booked on the academy's offers" (see AcademyParticipant).
        parts.append(
            AcademyParticipant.objects.filter(academy_id__in=scope.academy_ids).order_by().values("person_id")
        )
    if scope.delivery_partner_ids:
        partner_ids = scope.delivery_partner_ids
        parts.append(
            Booking.objects.filter(
                Q(cohort__delivery_partner_id__in=partner_ids)
                | Q(cohort__delivery_partner__isnull=True, cohort__offer__delivery_partner_id__in=partner_ids)
            )
            .order_by()
            .values("person_id")
        )
    return parts


def export(person: Person) -> dict[str, Any]:
    """The person's bookings, with their applications, adjustments, projects and attendance."""
    bookings = (
        Booking.objects.filter(person=person)
        .select_related("cohort__offer__academy", "sponsor", "adjustment")
        .prefetch_related("attendance__session")
        .order_by("created_at", "id")
    )
    rows = []
    for booking in bookings:
        adjustment = getattr(booking, "adjustment", None)
        rows.append(
            {
                "offer": booking.cohort.offer.title,
                "academy": booking.cohort.offer.academy.name,
                "cohort": booking.cohort.name,
                "status": booking.get_status_display(),
                "booked": _iso(booking.created_at),
                "application_statement": booking.application_statement,
                "sponsor": booking.sponsor.full_name if booking.sponsor else None,
                "sponsor_comment": booking.sponsor_comment,
                "improvement_project": (
                    {"title": booking.project_title, "summary": booking.project_summary}
                    if booking.project_title or booking.project_summary
                    else None
                ),
                "completed": _iso(booking.completed_at),
                "certificate_number": booking.certificate_number,
                "cancelled": _iso(booking.cancelled_at),
                "adjustment_request": (
                    {"request": adjustment.request, "response": adjustment.response} if adjustment else None
                ),
                "attendance": [
                    {
                        "session": mark.session.title,
                        "starts_at": _iso(mark.session.starts_at),
                        "status": mark.get_status_display(),
                    }
                    for mark in sorted(booking.attendance.all(), key=lambda m: (m.session.starts_at, m.pk))
                ],
            }
        )
    return {"bookings": rows}


def anonymise(person: Person) -> None:
    """Their application statements, sponsors' comments and adjustment requests go; bookings and
    attendance stay so that reach and attendance figures still add up."""
    Booking.objects.filter(person=person).update(application_statement="", sponsor_comment="")
    AdjustmentRequest.objects.filter(booking__person=person).update(request="", response="")
    pagecache.bump()  # bulk writes send no signals


PERSONAL_DATA = PersonalData(
    app="offers",
    visible_to=visible_to,
    export=export,
    anonymise=anonymise,
    links={
        "offers.Booking.person": Link(
            keeps=("project_title", "project_summary", "certificate_number"),
            why=(
                "the improvement project is reported, unnamed, as the cohort's outcome in impact reports; "
                "the certificate number is issued by Academy, not written by the person"
            ),
        ),
        "offers.Booking.sponsor": Link(
            theirs=False, why="the booking is the booker's; the sponsor is only named on it"
        ),
        "offers.AcademyParticipant.person": Link(why="ids only"),
        "offers.Attendance.person": Link(why="role level is a choice that reach figures count"),
    },
)
