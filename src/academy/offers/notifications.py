"""E-mails for each step of booking. Written to the outbox in the caller's transaction, sent after commit.

Each message's outbox key names the event it reports, so reporting one event twice queues one message:
`offers.booking:<booking>:<event>:<change>`, where <change> is the id of the audit entry that recorded
the change (a booking can be confirmed, cancelled and confirmed again: each is its own entry). Events
that happen once per booking (completion) need no change id; an adjustment reply is keyed by what was
asked and answered, so the same reply submitted twice is one e-mail and a changed reply is another.
"""

import hashlib

from django.conf import settings

from academy.core.dates import long_date, short_time
from academy.core.outbox import outbox_enqueue

from .models import AdjustmentRequest, Booking


def _key(booking: Booking, event: str, change: int | str | None) -> str:
    return f"offers.booking:{booking.pk}:{event}" + (f":{change}" if change is not None else "")


def _sessions_text(booking: Booking) -> str:
    lines = []
    for session in booking.cohort.sessions.order_by("starts_at"):
        where = session.location or "Online"
        lines.append(
            f"- {session.title}: {long_date(session.starts_at)}, {short_time(session.starts_at)} to "
            f"{short_time(session.ends_at)} ({where})"
        )
    return "\n".join(lines) or "- Session dates will be sent to you."


def _send(
    booking: Booking,
    event: str,
    subject: str,
    body: str,
    *,
    change: int | str | None,
    with_calendar: bool = False,
) -> None:
    from .calendar import cohort_invitation_ics

    attachments = []
    if with_calendar and booking.cohort.sessions.exists():
        attachments.append(("invitation.ics", cohort_invitation_ics(booking=booking), "text/calendar"))
    outbox_enqueue(
        key=_key(booking, event, change),
        to=booking.person.email,
        subject=subject,
        body=f"Dear {booking.person.given_name},\n\n{body}\n\nSee your bookings: {settings.SITE_URL}/my-learning/\n",
        attachments=attachments,
    )


def booking_created(booking: Booking, *, change_id: int) -> None:
    """`change_id`: the audit entry of the change that gave the booking its status."""
    offer = booking.cohort.offer
    status = booking.status
    if status == Booking.Status.CONFIRMED:
        _send(
            booking,
            "confirmed",
            f"Place confirmed: {offer.title}",
            f"Your place on {offer.title} ({booking.cohort.name}) is confirmed.\n\nSessions:\n{_sessions_text(booking)}",
            change=change_id,
            with_calendar=True,
        )
    elif status == Booking.Status.WAITLISTED:
        _send(
            booking,
            "waitlisted",
            f"On the waiting list: {offer.title}",
            f"{booking.cohort.name} is full, so you are on the waiting list. "
            "We will e-mail you if a place becomes free.",
            change=change_id,
        )
    elif status == Booking.Status.AWAITING_SPONSOR and booking.sponsor:
        _send(
            booking,
            "applied",
            f"Application sent to your sponsor: {offer.title}",
            f"We have asked {booking.sponsor.full_name} to support your application to {offer.title}.",
            change=change_id,
        )
        outbox_enqueue(
            key=_key(booking, "sponsor_request", change_id),
            to=booking.sponsor.email,
            subject=f"Please approve an application: {offer.title}",
            body=(
                f"Dear {booking.sponsor.given_name},\n\n{booking.person.full_name} has named you as their sponsor "
                f"for {offer.title} ({booking.cohort.name}). Please approve or decline their application:\n"
                f"{settings.SITE_URL}/sponsor/\n"
            ),
        )
    elif status == Booking.Status.APPLIED:
        _send(
            booking,
            "applied",
            f"Application received: {offer.title}",
            f"We have received your application to {offer.title}. The programme team will be in touch.",
            change=change_id,
        )


def booking_promoted(booking: Booking, *, change_id: int) -> None:
    offer = booking.cohort.offer
    _send(
        booking,
        "promoted",
        f"A place is now yours: {offer.title}",
        f"A place became free on {offer.title} ({booking.cohort.name}) and it is now yours.\n\n"
        f"Sessions:\n{_sessions_text(booking)}\n\nIf you can no longer attend, please cancel so someone else can go.",
        change=change_id,
        with_calendar=True,
    )


def booking_cancelled(booking: Booking, *, change_id: int) -> None:
    _send(
        booking,
        "cancelled",
        f"Booking cancelled: {booking.cohort.offer.title}",
        f"Your booking on {booking.cohort.offer.title} ({booking.cohort.name}) is cancelled.",
        change=change_id,
    )


def booking_decided(booking: Booking, *, approved: bool, change_id: int, comment: str = "") -> None:
    offer = booking.cohort.offer
    if not approved:
        reason = comment or booking.sponsor_comment
        _send(
            booking,
            "declined",
            f"Application not approved: {offer.title}",
            f"Your application to {offer.title} was not approved."
            + (f"\n\nComment: {reason}" if reason else ""),
            change=change_id,
        )
    else:
        booking_created(booking, change_id=change_id)


def booking_completed(booking: Booking) -> None:
    """Once per booking: completion withdrawn by a corrected register and met again is not news."""
    _send(
        booking,
        "completed",
        f"Completed: {booking.cohort.offer.title}",
        f"Congratulations on completing {booking.cohort.offer.title}. "
        "You can download your certificate of attendance from My learning.",
        change=None,
    )


def adjustment_responded(adjustment: AdjustmentRequest) -> None:
    booking = adjustment.booking
    _send(
        booking,
        "adjustment",
        f"Your adjustment request: {booking.cohort.offer.title}",
        f"The programme team has replied to your adjustment request:\n\n{adjustment.response}",
        change=hashlib.sha256(f"{adjustment.request}\0{adjustment.response}".encode()).hexdigest()[:16],
    )
