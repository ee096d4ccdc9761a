"""The programme team's paperwork for a cohort: the delegate list to download (CSV or Excel, with the
same formula neutralising as every other export) and the sign-in register to print (PDF, one page per
session, with a column for each person's signature)."""

from typing import Any

from django.template.loader import render_to_string

from academy.core.dates import long_date
from academy.reporting.exports import Table
from academy.reporting.pdf import html_to_pdf

from . import selectors
from .models import Booking, Cohort

DELEGATE_HEADERS = [
    "Family name",
    "Given name",
    "E-mail",
    "Job title",
    "Role level",
    "Organisation",
    "ODS code",
    "Status",
    "Booked on",
    "Sessions attended",
]


def _status(booking: Booking) -> str:
    if booking.status == Booking.Status.WAITLISTED:
        return f"Waiting list, number {booking.position}"  # type: ignore[attr-defined]
    return booking.get_status_display()


def delegate_table(*, cohort: Cohort) -> Table:
    """Confirmed places, then the waiting list in order."""
    sessions = cohort.sessions.count()
    rows: list[list[Any]] = []
    for booking in selectors.cohort_delegates(cohort=cohort):
        person, organisation = booking.person, booking.person.organisation
        rows.append(
            [
                person.family_name,
                person.given_name,
                person.email,
                person.job_title,
                person.get_role_level_display() if person.role_level else "",
                organisation.name if organisation else "",
                organisation.ods_code if organisation else "",
                _status(booking),
                long_date(booking.created_at),
                f"{booking.attended} of {sessions}" if booking.status == Booking.Status.CONFIRMED else "",  # type: ignore[attr-defined]
            ]
        )
    title = f"Delegates: {cohort.offer.title}, {cohort.name}"
    return Table(key="delegates", title=title, headers=DELEGATE_HEADERS, rows=rows)


def register_html(*, cohort: Cohort) -> str:
    """A sign-in sheet per session (one printed page each): everyone with a confirmed place, their
    organisation, and a space to sign."""
    people = [b for b in selectors.cohort_delegates(cohort=cohort) if b.status == Booking.Status.CONFIRMED]
    sessions = list(cohort.sessions.order_by("starts_at"))
    return render_to_string(
        "offers/register.html",
        {"cohort": cohort, "offer": cohort.offer, "sessions": sessions, "people": people},
    )


def register_pdf(*, cohort: Cohort) -> bytes:
    return html_to_pdf(register_html(cohort=cohort))
