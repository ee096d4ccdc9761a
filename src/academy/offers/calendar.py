"""Calendar invitations (.ics) for sessions, and each person's private calendar feed."""

import secrets

from django.conf import settings
from django.db import transaction
from icalendar import Calendar, Event, vCalAddress, vText

from academy.people.models import Person

from .models import Booking, Session

PRODID = "-//Academy//Leadership and OD platform//EN"


def _calendar(method: str | None = None) -> Calendar:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    if method:
        cal.add("method", method)
    return cal


def _event(session: Session, attendee: Person | None = None) -> Event:
    offer = session.cohort.offer
    event = Event()
    event.add("uid", f"session-{session.pk}@academy")
    event.add("summary", f"{offer.title}: {session.title}")
    event.add("dtstart", session.starts_at)
    event.add("dtend", session.ends_at)
    event.add("dtstamp", session.updated_at)
    event.add("sequence", int(session.updated_at.timestamp()) % 100000)
    event.add("location", vText(session.location or session.online_url or "Online"))
    description = offer.summary
    if session.online_url:
        description += f"\n\nJoin online: {session.online_url}"
    event.add("description", description)
    if session.online_url:
        event.add("url", session.online_url)
    if attendee is not None:
        address = vCalAddress(f"mailto:{attendee.email}")
        address.params["cn"] = vText(attendee.full_name)
        address.params["role"] = vText("REQ-PARTICIPANT")
        event.add("attendee", address, encode=0)
    return event


def session_invitation_ics(*, session: Session, person: Person) -> bytes:
    cal = _calendar("PUBLISH")
    cal.add_component(_event(session, person))
    return cal.to_ical()


def cohort_invitation_ics(*, booking: Booking) -> bytes:
    cal = _calendar("PUBLISH")
    for session in booking.cohort.sessions.order_by("starts_at"):
        cal.add_component(_event(session, booking.person))
    return cal.to_ical()


def person_calendar_feed(*, person: Person) -> bytes:
    """Every session of every confirmed booking, for subscription from Outlook or a phone."""
    cal = _calendar()
    cal.add("x-wr-calname", "My Academy sessions")
    sessions = (
        Session.objects.filter(
            cohort__bookings__person=person, cohort__bookings__status=Booking.Status.CONFIRMED
        )
        .select_related("cohort__offer")
        .order_by("starts_at")
    )
    for session in sessions:
        cal.add_component(_event(session))
    return cal.to_ical()


@transaction.atomic
def calendar_feed_token(*, person: Person) -> str:
    """The secret in a person's feed address; made on first use."""
    if not person.calendar_token:
        person.calendar_token = secrets.token_urlsafe(32)
        person.save(update_fields=["calendar_token", "updated_at"])
    return person.calendar_token


def person_by_calendar_token(token: str) -> Person | None:
    if not token or len(token) < 20:
        return None
    return Person.objects.filter(calendar_token=token, anonymised_at__isnull=True).first()
