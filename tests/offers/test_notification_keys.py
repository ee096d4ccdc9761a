"""Each booking e-mail is keyed by the event it reports, so a retried call queues nothing more, while an
event that genuinely happens again (confirmed, cancelled, confirmed again) is a new message."""

import pytest
from django.core.exceptions import ValidationError

from academy.core.models import AuditEntry, OutboxMessage
from academy.offers import notifications, services
from academy.offers.models import AdjustmentRequest
from tests.factories import CohortFactory, PersonFactory, SessionFactory, programme_manager
from tests.offers.helpers import time_passes

pytestmark = pytest.mark.django_db


def book(cohort, person, **kwargs):
    return services.booking_create(cohort=cohort, person=person, by=person.user, **kwargs)


def sent_to(person, subject_start):
    return OutboxMessage.objects.filter(to=person.email, subject__startswith=subject_start)


def test_a_confirmation_is_keyed_by_the_booking_the_event_and_its_audit_entry():
    person = PersonFactory()
    booking = book(CohortFactory(), person)

    entry = AuditEntry.objects.get(action="offers.booking.create", object_id=str(booking.pk))
    assert sent_to(person, "Place confirmed").get().key == f"offers.booking:{booking.pk}:confirmed:{entry.pk}"


def test_the_same_event_reported_twice_is_one_email():
    person = PersonFactory()
    booking = book(CohortFactory(), person)
    services.booking_cancel(booking=booking, by=person.user)
    entry = AuditEntry.objects.get(action="offers.booking.cancel", object_id=str(booking.pk))

    notifications.booking_cancelled(booking, change_id=entry.pk)  # a retry of the same event

    assert sent_to(person, "Booking cancelled").count() == 1


def test_cancelling_again_sends_no_second_cancellation():
    person = PersonFactory()
    booking = book(CohortFactory(), person)
    services.booking_cancel(booking=booking, by=person.user)

    with pytest.raises(ValidationError):
        services.booking_cancel(booking=booking, by=person.user)

    assert sent_to(person, "Booking cancelled").count() == 1


def test_confirmed_cancelled_and_confirmed_again_sends_two_confirmations():
    person = PersonFactory()
    cohort = CohortFactory()
    booking = book(cohort, person)
    services.booking_cancel(booking=booking, by=person.user)

    again = book(cohort, person)

    assert again.pk == booking.pk
    assert sent_to(person, "Place confirmed").count() == 2


def test_each_promotion_of_one_booking_is_its_own_email():
    cohort = CohortFactory(capacity=1)
    first, waiting, other = PersonFactory.create_batch(3)
    placed = book(cohort, first)
    promoted = book(cohort, waiting)
    services.booking_cancel(booking=placed, by=first.user)  # waiting gets the place
    services.booking_cancel(booking=promoted, by=waiting.user)
    placed_again = book(cohort, other)
    book(cohort, waiting)  # on the waiting list again
    services.booking_cancel(booking=placed_again, by=other.user)  # waiting gets the place a second time

    assert sent_to(waiting, "A place is now yours").count() == 2


def test_a_response_to_an_adjustment_submitted_twice_is_one_email():
    person = PersonFactory()
    cohort = CohortFactory()
    book(cohort, person, adjustment="A hearing loop, please.")
    adjustment = AdjustmentRequest.objects.get(booking__person=person)
    manager = programme_manager(cohort.offer.academy)

    for _ in range(2):  # the page submitted twice
        services.adjustment_respond(adjustment=adjustment, by=manager, response="The room has a loop.")

    assert sent_to(person, "Your adjustment request").count() == 1


def test_a_changed_response_to_an_adjustment_is_sent_again():
    person = PersonFactory()
    cohort = CohortFactory()
    book(cohort, person, adjustment="A hearing loop, please.")
    adjustment = AdjustmentRequest.objects.get(booking__person=person)
    manager = programme_manager(cohort.offer.academy)

    services.adjustment_respond(adjustment=adjustment, by=manager, response="We are looking into it.")
    services.adjustment_respond(adjustment=adjustment, by=manager, response="The room has a loop.")

    assert sent_to(person, "Your adjustment request").count() == 2


def test_completion_withdrawn_and_met_again_congratulates_once():
    cohort = CohortFactory()
    [session] = time_passes(SessionFactory(cohort=cohort))
    person = PersonFactory()
    booking = book(cohort, person)
    manager = programme_manager(cohort.offer.academy)

    for mark in ("present", "absent", "present"):  # a register corrected, then corrected back
        services.attendance_mark(session=session, by=manager, marks={booking.pk: mark})

    booking.refresh_from_db()
    assert booking.completed_at is not None
    assert sent_to(person, "Completed").count() == 1
