"""Every write for offers and delivery: one function per action, inside a transaction.

Places are counted on the cohort row (confirmed_count, waitlist_count) and changed only while that row
is locked, so the last place can never be sold twice: a second booker waits for the lock, then sees the
cohort full and joins the waiting list. A database check constraint backs this up.
"""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.text import slugify

from academy.core import pagecache
from academy.core.audit import audit_record
from academy.core.dates import long_date, short_time
from academy.core.models import OutboxMessage
from academy.core.outbox import outbox_enqueue
from academy.core.types import Actor
from academy.people.models import Academy, DeliveryPartner, Person

from . import notifications
from .models import (
    AcademyParticipant,
    AdjustmentRequest,
    Attendance,
    Booking,
    Cohort,
    Eligibility,
    Offer,
    Session,
)
from .permissions import can_manage_academy, can_manage_offer, can_mark_attendance

OFFER_FIELDS = {
    "title",
    "kind",
    "status",
    "summary",
    "description",
    "objectives",
    "audience",
    "eligibility",
    "eligibility_text",
    "delivery_partner",
    "delivery_format",
    "duration",
    "requires_application",
    "requires_sponsor",
    "completion_attendance_percent",
    "completion_requires_project",
}
COHORT_FIELDS = {"name", "capacity", "starts_on", "ends_on", "booking_closes_on", "delivery_partner"}
SESSION_FIELDS = {"title", "sequence", "starts_at", "ends_at", "location", "online_url"}


def _person_of(user: Any) -> Person | None:
    return getattr(user, "person", None) if getattr(user, "is_authenticated", False) else None


def _require(condition: bool, message: str = "You do not have permission to do this.") -> None:
    if not condition:
        raise PermissionDenied(message)


def _unique_slug(title: str) -> str:
    base = slugify(title)[:180] or "offer"
    slug, n = base, 1
    while Offer.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def _validate(instance: Any, errors: dict[str, str], exclude: list[str]) -> None:
    """Our business rules plus model validation (choices, lengths, required), as one set of field errors."""
    collected: dict[str, list[str]] = {name: [message] for name, message in errors.items()}
    try:
        instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            collected.setdefault(name, []).extend(messages)
    if collected:
        raise ValidationError(collected)


# --- Offers ---------------------------------------------------------------------------------------


def _validate_offer(offer: Offer) -> None:
    errors: dict[str, str] = {}
    if offer.requires_sponsor and not offer.requires_application:
        errors["requires_sponsor"] = "An offer that needs a sponsor must also need an application."
    if not 0 <= offer.completion_attendance_percent <= 100:
        errors["completion_attendance_percent"] = "Enter a percentage from 0 to 100."
    if offer.eligibility != Eligibility.OPEN and not offer.eligibility_text:
        offer.eligibility_text = offer.get_eligibility_display()
    _validate(offer, errors, exclude=["slug", "academy"])


@transaction.atomic
def offer_create(
    *,
    academy: Academy,
    by: Actor,
    title: str,
    kind: str,
    summary: str,
    delivery_format: str,
    systems: Any = (),
    objectives: list[str] | None = None,
    **fields: Any,
) -> Offer:
    _require(can_manage_academy(by, academy.pk), "Only the academy's programme managers can create offers.")
    unknown = set(fields) - OFFER_FIELDS
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "This field is not recognised."))
    offer = Offer(
        academy=academy,
        title=title.strip(),
        kind=kind,
        summary=summary.strip(),
        delivery_format=delivery_format,
        objectives=[o.strip() for o in (objectives or []) if o and o.strip()],
        **fields,
    )
    _validate_offer(offer)
    offer.slug = _unique_slug(offer.title)
    offer.save()
    offer.systems.set(systems)
    audit_record(actor=by, action="offers.offer.create", obj=offer)
    return offer


@transaction.atomic
def offer_update(*, offer: Offer, by: Actor, systems: Any = None, **fields: Any) -> Offer:
    _require(can_manage_offer(by, offer))
    unknown = set(fields) - OFFER_FIELDS
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "This field is not recognised."))
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    if "objectives" in fields:
        fields["objectives"] = [o.strip() for o in (fields["objectives"] or []) if o and o.strip()]
    for name, value in fields.items():
        setattr(offer, name, value)
    _validate_offer(offer)
    offer.save()
    if systems is not None:
        offer.systems.set(systems)
    audit_record(actor=by, action="offers.offer.update", obj=offer, fields=sorted(fields))
    return offer


# --- Cohorts and sessions -------------------------------------------------------------------------


def _validate_cohort(cohort: Cohort) -> None:
    errors: dict[str, str] = {}
    if cohort.starts_on and cohort.ends_on and cohort.ends_on < cohort.starts_on:
        errors["ends_on"] = "The end date must be the same as or after the start date."
    if cohort.capacity is not None and cohort.capacity < 1:
        errors["capacity"] = "Enter a number of places of 1 or more."
    if cohort.booking_closes_on and cohort.ends_on and cohort.booking_closes_on > cohort.ends_on:
        errors["booking_closes_on"] = "Booking must close on or before the end date."
    _validate(cohort, errors, exclude=["offer", "confirmed_count", "waitlist_count"])


@transaction.atomic
def cohort_create(
    *,
    offer: Offer,
    by: Actor,
    name: str,
    capacity: int,
    starts_on: dt.date,
    ends_on: dt.date,
    booking_closes_on: dt.date | None = None,
    delivery_partner: DeliveryPartner | None = None,
) -> Cohort:
    _require(can_manage_offer(by, offer))
    cohort = Cohort(
        offer=offer,
        name=name.strip(),
        capacity=capacity,
        starts_on=starts_on,
        ends_on=ends_on,
        booking_closes_on=booking_closes_on,
        delivery_partner=delivery_partner,
    )
    _validate_cohort(cohort)
    cohort.save()
    audit_record(actor=by, action="offers.cohort.create", obj=cohort)
    return cohort


@transaction.atomic
def cohort_update(*, cohort: Cohort, by: Actor, **fields: Any) -> Cohort:
    _require(can_manage_offer(by, cohort.offer))
    unknown = set(fields) - COHORT_FIELDS
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "This field is not recognised."))
    locked = Cohort.objects.select_for_update(of=("self",)).select_related("offer").get(pk=cohort.pk)
    for name, value in fields.items():
        setattr(locked, name, value)
    if locked.capacity is not None and locked.capacity < locked.confirmed_count:
        raise ValidationError(
            {"capacity": f"{locked.confirmed_count} places are already confirmed: cancel bookings first."}
        )
    _validate_cohort(locked)
    locked.save()
    _promote_from_waiting_list(locked, by=by)
    audit_record(actor=by, action="offers.cohort.update", obj=locked, fields=sorted(fields))
    return locked


def _validate_session(session: Session) -> None:
    errors: dict[str, str] = {}
    if session.starts_at and session.ends_at and session.ends_at <= session.starts_at:
        errors["ends_at"] = "The session must end after it starts."
    cohort = session.cohort
    if session.starts_at and not errors:
        day = timezone.localtime(session.starts_at).date()
        if not cohort.starts_on <= day <= cohort.ends_on:
            errors["starts_at"] = (
                f"The session must be between the cohort's dates, {long_date(cohort.starts_on)} "
                f"and {long_date(cohort.ends_on)}."
            )
    if session.pk and session.starts_at and not errors and session.starts_at > timezone.now():
        recorded = session.attendance.exclude(status=Attendance.Status.APOLOGIES)
        if recorded.exists():
            errors["starts_at"] = (
                "Attendance has been recorded for this session, so it cannot move to a time still to come."
            )
    _validate(session, errors, exclude=["cohort"])


@transaction.atomic
def session_create(
    *,
    cohort: Cohort,
    by: Actor,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    location: str = "",
    online_url: str = "",
    sequence: int | None = None,
) -> Session:
    _require(can_manage_offer(by, cohort.offer))
    if sequence is None:
        sequence = Session.objects.filter(cohort=cohort).count() + 1
    session = Session(
        cohort=cohort,
        title=title.strip(),
        starts_at=starts_at,
        ends_at=ends_at,
        location=location.strip(),
        online_url=online_url.strip(),
        sequence=sequence,
    )
    _validate_session(session)
    session.save()
    audit_record(actor=by, action="offers.session.create", obj=session)
    return session


@transaction.atomic
def session_update(*, session: Session, by: Actor, **fields: Any) -> Session:
    _require(can_manage_offer(by, session.cohort.offer))
    unknown = set(fields) - SESSION_FIELDS
    if unknown:
        raise ValidationError(dict.fromkeys(unknown, "This field is not recognised."))
    # Under the cohort's lock, as attendance is marked: change the session as stored now, not the caller's copy
    _lock_cohort(session.cohort)
    session = Session.objects.select_related("cohort__offer").get(pk=session.pk)
    for name, value in fields.items():
        setattr(session, name, value)
    _validate_session(session)
    session.save()
    audit_record(actor=by, action="offers.session.update", obj=session, fields=sorted(fields))
    return session


@transaction.atomic
def session_delete(*, session: Session, by: Actor) -> None:
    _require(can_manage_offer(by, session.cohort.offer))
    _lock_cohort(session.cohort)  # attendance_mark holds the same lock: none can be recorded meanwhile
    if session.attendance.exists():
        raise ValidationError(
            {"session": "Attendance has been recorded for this session, so it cannot be deleted."}
        )
    audit_record(actor=by, action="offers.session.delete", obj=session)
    session.delete()


# --- Bookings, applications, waiting list ---------------------------------------------------------


def _lock_cohort(cohort: Cohort) -> Cohort:
    return Cohort.objects.select_for_update(of=("self",)).select_related("offer").get(pk=cohort.pk)


def _allocate_place(cohort: Cohort, booking: Booking) -> None:
    """Give the booking a place if one is left, otherwise put it at the end of the waiting list.

    The caller holds the cohort row lock.
    """
    if cohort.confirmed_count < cohort.capacity:
        booking.status = Booking.Status.CONFIRMED
        booking.waitlisted_at = None
        cohort.confirmed_count += 1
    else:
        booking.status = Booking.Status.WAITLISTED
        booking.waitlisted_at = timezone.now()
        cohort.waitlist_count += 1
    cohort.save(update_fields=["confirmed_count", "waitlist_count", "updated_at"])


def _release_place(cohort: Cohort, previous_status: str) -> None:
    if previous_status == Booking.Status.CONFIRMED:
        cohort.confirmed_count -= 1
    elif previous_status == Booking.Status.WAITLISTED:
        cohort.waitlist_count -= 1
    cohort.save(update_fields=["confirmed_count", "waitlist_count", "updated_at"])


def _promote_from_waiting_list(cohort: Cohort, *, by: Actor) -> list[Booking]:
    """Fill free places from the waiting list, first come first served. Caller holds the cohort lock."""
    promoted = []
    while cohort.confirmed_count < cohort.capacity:
        first = (
            Booking.objects.select_for_update()
            .filter(cohort=cohort, status=Booking.Status.WAITLISTED)
            .order_by("waitlisted_at", "id")
            .first()
        )
        if first is None:
            break
        first.status = Booking.Status.CONFIRMED
        first.waitlisted_at = None
        first.save(update_fields=["status", "waitlisted_at", "updated_at"])
        cohort.confirmed_count += 1
        cohort.waitlist_count -= 1
        cohort.save(update_fields=["confirmed_count", "waitlist_count", "updated_at"])
        entry = audit_record(actor=by, action="offers.booking.promote", obj=first)
        notifications.booking_promoted(first, change_id=entry.pk)
        promoted.append(first)
    return promoted


def booking_is_open(cohort: Cohort) -> bool:
    closes = cohort.booking_closes_on or cohort.starts_on
    return cohort.offer.status == Offer.Status.PUBLISHED and timezone.localdate() <= closes


@transaction.atomic
def booking_create(
    *,
    cohort: Cohort,
    person: Person,
    by: Actor,
    application_statement: str = "",
    sponsor: Person | None = None,
    adjustment: str = "",
    eligibility_confirmed: bool = False,
) -> Booking:
    """Book a place or apply. A participant books for themself; the programme team may book for anyone."""
    acting_for_self = _person_of(by) is not None and _person_of(by).pk == person.pk  # type: ignore[union-attr]
    _require(acting_for_self or can_manage_offer(by, cohort.offer), "You can only book a place for yourself.")
    cohort = _lock_cohort(cohort)
    offer = cohort.offer
    errors: dict[str, str] = {}
    if not booking_is_open(cohort) and not can_manage_offer(by, offer):
        errors["cohort"] = "Booking has closed for this cohort."
    if offer.eligibility != Eligibility.OPEN and not eligibility_confirmed:
        errors["eligibility_confirmed"] = f"Confirm that you are eligible: {offer.eligibility_text}."
    if offer.requires_application and not application_statement.strip():
        errors["application_statement"] = "Tell us why you are applying and what you hope to gain."
    if offer.requires_sponsor:
        if sponsor is None:
            errors["sponsor"] = "Choose a sponsor, usually your line manager, to support your application."
        elif sponsor.pk == person.pk:
            errors["sponsor"] = "Your sponsor must be someone other than you."
        elif sponsor.user_id is None or sponsor.anonymised_at is not None:
            # An anonymised line manager cannot approve: refused here, so page and API agree.
            errors["sponsor"] = "Your sponsor needs an Academy account to approve your application."
    existing = Booking.objects.select_for_update().filter(cohort=cohort, person=person).first()
    if existing is not None and existing.status in Booking.ACTIVE_STATUSES:
        who = "You already have" if acting_for_self else f"{person.full_name} already has"
        errors["cohort"] = f"{who} a booking on this cohort ({existing.get_status_display().lower()})."
    if errors:
        raise ValidationError(errors)

    booking = existing or Booking(cohort=cohort, person=person)
    booking.application_statement = application_statement.strip()
    booking.sponsor = sponsor if offer.requires_sponsor else None
    booking.sponsor_decided_at = None
    booking.sponsor_comment = ""
    booking.cancelled_at = None
    if offer.requires_sponsor:
        booking.status = Booking.Status.AWAITING_SPONSOR
    elif offer.requires_application:
        booking.status = Booking.Status.APPLIED
    else:
        _allocate_place(cohort, booking)
    booking.save()
    AcademyParticipant.objects.bulk_create(
        [AcademyParticipant(academy_id=offer.academy_id, person=person)], ignore_conflicts=True
    )
    if adjustment.strip():
        AdjustmentRequest.objects.update_or_create(
            booking=booking, defaults={"request": adjustment.strip(), "response": "", "responded_at": None}
        )
    entry = audit_record(actor=by, action="offers.booking.create", obj=booking, status=booking.status)
    notifications.booking_created(booking, change_id=entry.pk)
    return booking


@transaction.atomic
def academy_participants_refresh(*, academy_ids: Iterable[int] | None = None) -> int:
    """Rebuild AcademyParticipant (who has booked with each academy) from the bookings of these
    academies, or of every academy when `academy_ids` is None. For writes that bypass booking_create:
    the demo builders and bulk loads. Exact, not incremental; the academies' rows are locked first so
    that two refreshes of one academy run one after the other. Returns the number of rows written.
    """
    academies = Academy.objects.order_by("pk")
    if academy_ids is not None:
        academies = academies.filter(pk__in=list(academy_ids))
    ids = list(academies.select_for_update().values_list("pk", flat=True))
    if not ids:
        return 0
    AcademyParticipant.objects.filter(academy_id__in=ids).delete()
    pairs = (
        Booking.objects.filter(cohort__offer__academy_id__in=ids)
        .values_list("cohort__offer__academy_id", "person_id")
        .distinct()
        .order_by()
    )
    select, params = pairs.query.sql_with_params()
    table = connection.ops.quote_name(AcademyParticipant._meta.db_table)
    # One INSERT ... SELECT: the national set has 200,000 pairs. "WHERE true" keeps SQLite from
    # reading ON CONFLICT as part of the SELECT's join; a booking made meanwhile may have added its row.
    sql = (
        f"INSERT INTO {table} (academy_id, person_id) "  # noqa: S608 - only the table name is interpolated
        f"SELECT * FROM ({select}) AS pairs WHERE true ON CONFLICT DO NOTHING"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


@dataclass(frozen=True)
class BookingCancelled:
    booking: Booking
    # Who was given the freed place, if anyone. One at most: the waiting list is filled as soon as a place
    # opens (booking_create, cohort_update), so a cancellation frees one place and no other is free.
    promoted: Booking | None


@transaction.atomic
def booking_cancel(*, booking: Booking, by: Actor) -> BookingCancelled:
    """Cancel a booking or application; a freed place goes to the first person on the waiting list."""
    cohort = _lock_cohort(booking.cohort)
    booking = Booking.objects.select_for_update(of=("self",)).select_related("person").get(pk=booking.pk)
    own = _person_of(by) is not None and _person_of(by).pk == booking.person_id  # type: ignore[union-attr]
    _require(own or can_manage_offer(by, cohort.offer), "You can only cancel your own booking.")
    if booking.status not in Booking.ACTIVE_STATUSES:
        raise ValidationError({"booking": "This booking is not active, so it cannot be cancelled."})
    previous = booking.status
    booking.status = Booking.Status.CANCELLED
    booking.cancelled_at = timezone.now()
    booking.waitlisted_at = None
    booking.save(update_fields=["status", "cancelled_at", "waitlisted_at", "updated_at"])
    _release_place(cohort, previous)
    entry = audit_record(actor=by, action="offers.booking.cancel", obj=booking, previous=previous)
    notifications.booking_cancelled(booking, change_id=entry.pk)
    promoted = _promote_from_waiting_list(cohort, by=by)
    return BookingCancelled(booking=booking, promoted=promoted[0] if promoted else None)


@transaction.atomic
def booking_sponsor_decide(*, booking: Booking, by: Actor, approve: bool, comment: str = "") -> Booking:
    cohort = _lock_cohort(booking.cohort)
    booking = (
        Booking.objects.select_for_update(of=("self",)).select_related("sponsor", "person").get(pk=booking.pk)
    )
    sponsor = _person_of(by)
    _require(sponsor is not None and booking.sponsor_id == sponsor.pk, "Only the named sponsor can decide.")
    if booking.status != Booking.Status.AWAITING_SPONSOR:
        raise ValidationError({"booking": "This application is not waiting for a sponsor's decision."})
    if not approve and not comment.strip():
        raise ValidationError({"comment": "Tell the applicant why you are not supporting their application."})
    booking.sponsor_decided_at = timezone.now()
    booking.sponsor_comment = comment.strip()
    if approve:
        _allocate_place(cohort, booking)
    else:
        booking.status = Booking.Status.DECLINED
    booking.save()
    entry = audit_record(actor=by, action="offers.booking.sponsor_decide", obj=booking, approved=approve)
    notifications.booking_decided(booking, approved=approve, change_id=entry.pk)
    return booking


@transaction.atomic
def booking_application_decide(*, booking: Booking, by: Actor, approve: bool, comment: str = "") -> Booking:
    cohort = _lock_cohort(booking.cohort)
    _require(can_manage_offer(by, cohort.offer))
    booking = Booking.objects.select_for_update(of=("self",)).select_related("person").get(pk=booking.pk)
    if booking.status != Booking.Status.APPLIED:
        raise ValidationError({"booking": "This application is not waiting for a decision."})
    if approve:
        _allocate_place(cohort, booking)
    else:
        booking.status = Booking.Status.DECLINED
    booking.save()
    entry = audit_record(actor=by, action="offers.booking.application_decide", obj=booking, approved=approve)
    notifications.booking_decided(booking, approved=approve, change_id=entry.pk, comment=comment.strip())
    return booking


@transaction.atomic
def adjustment_respond(*, adjustment: AdjustmentRequest, by: Actor, response: str) -> AdjustmentRequest:
    _require(can_manage_offer(by, adjustment.booking.cohort.offer), "Only the programme team can respond.")
    if not response.strip():
        raise ValidationError({"response": "Enter a response to the adjustment request."})
    adjustment.response = response.strip()
    adjustment.responded_at = timezone.now()
    adjustment.save(update_fields=["response", "responded_at", "updated_at"])
    audit_record(actor=by, action="offers.adjustment.respond", obj=adjustment)
    notifications.adjustment_responded(adjustment)
    return adjustment


# --- E-mailing a cohort ----------------------------------------------------------------------------

COHORT_EMAIL_CONFIRMED = "confirmed"
COHORT_EMAIL_WITH_WAITING_LIST = "confirmed_and_waiting"
COHORT_EMAIL_AUDIENCES = {
    COHORT_EMAIL_CONFIRMED: (Booking.Status.CONFIRMED,),
    COHORT_EMAIL_WITH_WAITING_LIST: (Booking.Status.CONFIRMED, Booking.Status.WAITLISTED),
}


def cohort_email_recipients(*, cohort: Cohort, audience: str) -> list[Booking]:
    """Who a message to the cohort goes to: one booking per person, by name."""
    statuses = COHORT_EMAIL_AUDIENCES.get(audience, ())
    return list(
        Booking.objects.filter(cohort=cohort, status__in=statuses, person__anonymised_at__isnull=True)
        .exclude(person__email="")
        .select_related("person")
        .order_by("person__family_name", "person__given_name", "pk")
    )


def cohort_email_body(*, cohort: Cohort, given_name: str, message: str) -> str:
    """The e-mail as each person receives it: their name, the message, and why they are getting it."""
    offer = cohort.offer
    return (
        f"Dear {given_name},\n\n{message.strip()}\n\n"
        f"{offer.academy.name}\n\n"
        f"You are receiving this because you have a booking on {offer.title} ({cohort.name}).\n"
    )


@transaction.atomic
def cohort_email_send(
    *, cohort: Cohort, by: Actor, subject: str, message: str, audience: str, send_key: str
) -> int:
    """Queue one e-mail per person on the cohort (confirmed places, and optionally the waiting list).

    `send_key` names this sending: the same key twice (a page submitted again) sends nothing more.
    Returns how many people the message was queued for.
    """
    _require(can_manage_offer(by, cohort.offer), "Only the academy's programme team can e-mail a cohort.")
    cohort = _lock_cohort(cohort)
    errors: dict[str, str] = {}
    if not subject.strip():
        errors["subject"] = "Enter a subject for the e-mail."
    elif len(subject.strip()) > 150:
        errors["subject"] = "The subject must be 150 characters or fewer."
    elif "\n" in subject or "\r" in subject:
        errors["subject"] = "The subject must be on one line."
    if not message.strip():
        errors["message"] = "Enter the message to send."
    elif len(message) > 10000:
        errors["message"] = "The message must be 10,000 characters or fewer."
    if audience not in COHORT_EMAIL_AUDIENCES:
        errors["audience"] = "Choose who to send the e-mail to."
    if not send_key or len(send_key) > 64:
        errors["send_key"] = "Preview the e-mail again before sending it."
    if errors:
        raise ValidationError(errors)
    prefix = f"offers.cohort_email:{cohort.pk}:{send_key}:"
    if OutboxMessage.objects.filter(key__startswith=prefix).exists():
        raise ValidationError({"send_key": "This e-mail has already been sent to the cohort."})
    recipients = cohort_email_recipients(cohort=cohort, audience=audience)
    if not recipients:
        raise ValidationError({"audience": "No one on this cohort would receive the e-mail."})
    for booking in recipients:
        outbox_enqueue(
            key=f"{prefix}{booking.pk}",
            to=booking.person.email,
            subject=subject.strip(),
            body=cohort_email_body(cohort=cohort, given_name=booking.person.given_name, message=message),
        )
    audit_record(
        actor=by, action="offers.cohort.email", obj=cohort, audience=audience, recipients=len(recipients)
    )
    return len(recipients)


# --- Attendance, projects and completion ----------------------------------------------------------


def attendance_not_yet_message(session: Session) -> str:
    return (
        f"This session starts on {long_date(session.starts_at)} at {short_time(session.starts_at)}. "
        "You can record who attended once it has started; until then you can record apologies."
    )


@transaction.atomic
def attendance_mark(*, session: Session, by: Actor, marks: dict[int, str]) -> int:
    """Record attendance for many people at once: {booking_id: status}. Returns how many were saved."""
    _require(
        can_mark_attendance(by, session.cohort),
        "Only the programme team or the facilitator can mark attendance.",
    )
    cohort = _lock_cohort(session.cohort)  # as the other cohort writes: bookings and sessions hold still
    session = Session.objects.select_related("cohort__offer").get(pk=session.pk)  # its time as stored now
    valid_statuses = set(Attendance.Status.values)
    confirmed = set(
        Booking.objects.filter(cohort=cohort, status=Booking.Status.CONFIRMED).values_list("pk", flat=True)
    )
    # Whether someone attended is known once the session has started; apologies can come in advance.
    # (Being marked present is what invites people to evaluate and counts towards completion.)
    started = timezone.now() >= session.starts_at
    errors = {}
    for booking_id, status in marks.items():
        if status not in valid_statuses:
            errors[str(booking_id)] = f"Choose one of: {', '.join(Attendance.Status.labels)}."
        elif booking_id not in confirmed:
            errors[str(booking_id)] = "This person does not have a confirmed place on this cohort."
        elif not started and status != Attendance.Status.APOLOGIES:
            errors[str(booking_id)] = attendance_not_yet_message(session)
    if errors:
        raise ValidationError(errors)
    existing = {a.booking_id: a for a in Attendance.objects.filter(session=session, booking_id__in=marks)}
    # Who attended, and where they work now: kept on the attendance, for reach (see Attendance).
    attendees = {
        booking_id: (person_id, organisation_id, role_level)
        for booking_id, person_id, organisation_id, role_level in Booking.objects.filter(
            pk__in=[b for b in marks if b not in existing]
        ).values_list("pk", "person_id", "person__organisation_id", "person__role_level")
    }
    now = timezone.now()
    to_update, to_create = [], []
    for booking_id, status in marks.items():
        if booking_id in existing:
            record = existing[booking_id]
            record.status, record.recorded_at = status, now
            to_update.append(record)
        else:
            person_id, organisation_id, role_level = attendees[booking_id]
            to_create.append(
                Attendance(
                    session=session,
                    booking_id=booking_id,
                    status=status,
                    person_id=person_id,
                    organisation_id=organisation_id,
                    role_level=role_level,
                )
            )
    Attendance.objects.bulk_update(to_update, ["status", "recorded_at"])
    Attendance.objects.bulk_create(to_create)
    pagecache.bump()  # bulk writes send no signals
    audit_record(actor=by, action="offers.attendance.mark", obj=session, count=len(marks))
    bookings_completion_refresh(booking_ids=list(marks))
    return len(marks)


@transaction.atomic
def project_submit(*, booking: Booking, by: Actor, title: str, summary: str) -> Booking:
    own = _person_of(by) is not None and _person_of(by).pk == booking.person_id  # type: ignore[union-attr]
    _require(own or can_manage_offer(by, booking.cohort.offer), "You can only submit your own project.")
    booking = (
        Booking.objects.select_for_update(of=("self",)).select_related("cohort__offer").get(pk=booking.pk)
    )
    errors = {}
    if not title.strip():
        errors["title"] = "Enter the title of your improvement project."
    if not summary.strip():
        errors["summary"] = "Describe your improvement project and what changed."
    if booking.status != Booking.Status.CONFIRMED:
        errors["booking"] = "Only a confirmed place can have an improvement project."
    if errors:
        raise ValidationError(errors)
    booking.project_title = title.strip()
    booking.project_summary = summary.strip()
    booking.project_submitted_at = timezone.now()
    booking.save(update_fields=["project_title", "project_summary", "project_submitted_at", "updated_at"])
    audit_record(actor=by, action="offers.project.submit", obj=booking)
    bookings_completion_refresh(booking_ids=[booking.pk])
    booking.refresh_from_db()
    return booking


def completion_met(
    *, attended: int, sessions: int, percent: int, project_required: bool, project_done: bool
) -> bool:
    """The completion rule: attended at least `percent` of the sessions (and submitted the project if required).

    Compared in whole numbers (attended * 100 >= percent * sessions) so 4 of 5 meets 80% exactly.
    """
    if sessions == 0:
        return False
    return attended * 100 >= percent * sessions and (project_done or not project_required)


def certificate_number_for(booking: Booking) -> str:
    """The number printed on a certificate: stable for a booking, unique across the installation."""
    return f"AC-{booking.cohort_id:05d}-{booking.pk:07d}"


def bookings_completion_refresh(*, booking_ids: list[int]) -> None:
    """Re-evaluate completion for these bookings, issuing or withdrawing certificate numbers."""
    bookings = (
        Booking.objects.filter(pk__in=booking_ids)
        .select_related("cohort__offer")
        .annotate(
            attended=Count(
                "attendance", filter=Q(attendance__status=Attendance.Status.PRESENT), distinct=True
            ),
        )
    )
    session_counts = dict(
        Session.objects.filter(cohort__bookings__pk__in=booking_ids)
        .values_list("cohort_id")
        .annotate(n=Count("id", distinct=True))
        .values_list("cohort_id", "n")
    )
    now = timezone.now()
    newly_completed = []
    for booking in bookings:
        offer = booking.cohort.offer
        met = booking.status == Booking.Status.CONFIRMED and completion_met(
            attended=booking.attended,
            sessions=session_counts.get(booking.cohort_id, 0),
            percent=offer.completion_attendance_percent,
            project_required=offer.completion_requires_project,
            project_done=booking.project_submitted_at is not None,
        )
        if met and booking.completed_at is None:
            booking.completed_at = now
            booking.certificate_number = certificate_number_for(booking)
            booking.save(update_fields=["completed_at", "certificate_number", "updated_at"])
            newly_completed.append(booking)
        elif not met and booking.completed_at is not None:
            booking.completed_at = None
            booking.certificate_number = None
            booking.save(update_fields=["completed_at", "certificate_number", "updated_at"])
    for booking in newly_completed:
        notifications.booking_completed(booking)
