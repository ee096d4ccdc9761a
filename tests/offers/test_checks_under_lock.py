"""A service decides on the row it has locked, not on the copy its caller read earlier."""

import pytest
from django.core.exceptions import ValidationError

from academy.offers import services
from academy.offers.models import Booking
from tests.factories import CohortFactory, OfferFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_no_project_on_a_booking_cancelled_since_it_was_read():
    person = PersonFactory()
    cohort = CohortFactory(offer=OfferFactory(completion_requires_project=True))
    booking = services.booking_create(cohort=cohort, person=person, by=person.user)
    Booking.objects.filter(pk=booking.pk).update(status=Booking.Status.CANCELLED)  # in another request

    with pytest.raises(ValidationError) as error:
        services.project_submit(booking=booking, by=person.user, title="Rota", summary="Fewer gaps.")

    assert list(error.value.message_dict) == ["booking"]
    assert Booking.objects.get(pk=booking.pk).project_submitted_at is None


def test_changing_a_session_keeps_what_another_request_changed_meanwhile():
    from academy.offers.models import Session
    from tests.factories import SessionFactory, programme_manager

    session = SessionFactory(location="Room 1")
    manager = programme_manager(session.cohort.offer.academy)
    Session.objects.filter(pk=session.pk).update(location="Room 4")  # in another request, after we read it

    services.session_update(session=session, by=manager, title="Systems leadership")

    stored = Session.objects.get(pk=session.pk)
    assert (stored.title, stored.location) == ("Systems leadership", "Room 4")


def test_a_session_with_attendance_recorded_since_it_was_read_is_not_deleted():
    from academy.offers.models import Attendance, Session
    from tests.factories import SessionFactory, attendance, booking, programme_manager

    session = SessionFactory()
    manager = programme_manager(session.cohort.offer.academy)
    attendance(
        session, booking(session.cohort, PersonFactory()), Attendance.Status.APOLOGIES
    )  # marked in another request

    with pytest.raises(ValidationError) as error:
        services.session_delete(session=session, by=manager)

    assert list(error.value.message_dict) == ["session"]
    assert Session.objects.filter(pk=session.pk).exists()


@pytest.mark.parametrize("write", ["attendance_mark", "session_update", "session_delete"])
def test_session_writes_lock_the_cohort_row(write):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from academy.offers.models import Cohort
    from tests.factories import SessionFactory, programme_manager

    if not connection.features.has_select_for_update:
        pytest.skip("SQLite has no row locks: its transactions are IMMEDIATE (checked on PostgreSQL)")

    session = SessionFactory()
    manager = programme_manager(session.cohort.offer.academy)
    calls = {
        "attendance_mark": lambda: services.attendance_mark(session=session, by=manager, marks={}),
        "session_update": lambda: services.session_update(session=session, by=manager, title="Renamed"),
        "session_delete": lambda: services.session_delete(session=session, by=manager),
    }
    with CaptureQueriesContext(connection) as queries:
        calls[write]()

    table = connection.ops.quote_name(Cohort._meta.db_table)
    assert any(f"FROM {table}" in q["sql"] and "FOR UPDATE" in q["sql"] for q in queries)
