"""Certificates of attendance, rendered to PDF with WeasyPrint."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.template.loader import render_to_string

from academy.core.dates import long_date
from academy.reporting.pdf import html_to_pdf

from .models import Attendance, Booking


def dates_text(start: dt.date, end: dt.date) -> str:
    """When it took place: "on 17 January 2023" for one day, else "between 5 October 2021 and …"."""
    if start == end:
        return f"on {long_date(start)}"
    return f"between {long_date(start)} and {long_date(end)}"


def certificate_html(*, booking: Booking) -> str:
    if booking.completed_at is None or not booking.certificate_number:
        raise ValidationError({"booking": "A certificate is available once the offer is completed."})
    cohort = booking.cohort
    sessions = list(cohort.sessions.order_by("starts_at"))
    attended = booking.attendance.filter(status=Attendance.Status.PRESENT).count()
    return render_to_string(
        "offers/certificate.html",
        {
            "booking": booking,
            "person": booking.person,
            "offer": cohort.offer,
            "cohort": cohort,
            "sessions": sessions,
            "attended": attended,
            "dates": dates_text(cohort.starts_on, cohort.ends_on),
        },
    )


def certificate_pdf(*, booking: Booking) -> bytes:
    return html_to_pdf(certificate_html(booking=booking))
