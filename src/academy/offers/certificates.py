"""Certificates of attendance, rendered to PDF with WeasyPrint."""

from django.core.exceptions import ValidationError
from django.template.loader import render_to_string

from .models import Attendance, Booking


def certificate_pdf(*, booking: Booking) -> bytes:
    if booking.completed_at is None or not booking.certificate_number:
        raise ValidationError({"booking": "A certificate is available once the offer is completed."})
    cohort = booking.cohort
    sessions = list(cohort.sessions.order_by("starts_at"))
    attended = booking.attendance.filter(status=Attendance.Status.PRESENT).count()
    from weasyprint import HTML  # imported when first needed: it parses its stylesheets on import

    html = render_to_string(
        "offers/certificate.html",
        {
            "booking": booking,
            "person": booking.person,
            "offer": cohort.offer,
            "cohort": cohort,
            "sessions": sessions,
            "attended": attended,
        },
    )
    return HTML(string=html).write_pdf(pdf_variant="pdf/ua-1")
