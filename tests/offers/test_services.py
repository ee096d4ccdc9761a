import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from academy.core.models import AuditEntry, OutboxMessage
from academy.offers import services
from academy.offers.models import AcademyParticipant, Attendance, Booking, Eligibility, Offer, OfferKind
from academy.offers.selectors import adjustments_for_cohort, cohort_get_visible, waiting_list
from academy.people.models import Person
from academy.people.selectors import person_list
from tests.factories import (
    AcademyFactory,
    CohortFactory,
    DeliveryPartnerFactory,
    OfferFactory,
    OrganisationFactory,
    PersonFactory,
    SessionFactory,
    facilitator,
    programme_manager,
)
from tests.offers.helpers import time_passes

pytestmark = pytest.mark.django_db


def book(cohort, person, **kwargs):
    return services.booking_create(cohort=cohort, person=person, by=person.user, **kwargs)


def test_booking_confirms_while_places_are_left_then_waitlists():
    cohort = CohortFactory(capacity=2)
    people = PersonFactory.create_batch(4)

    statuses = [book(cohort, p).status for p in people]

    assert statuses == ["confirmed", "confirmed", "waitlisted", "waitlisted"]
    cohort.refresh_from_db()
    assert (cohort.confirmed_count, cohort.waitlist_count, cohort.places_left) == (2, 2, 0)


def who_has_booked(academy) -> set[int]:
    return set(AcademyParticipant.objects.filter(academy=academy).values_list("person_id", flat=True))


def test_booking_puts_the_person_among_those_the_academy_s_programme_team_may_see():
    academy = AcademyFactory()
    person, other = PersonFactory(), PersonFactory()
    book(CohortFactory(offer__academy=academy), person)
    book(CohortFactory(offer__academy=academy), person)  # a second cohort: still one row
    cancelled = book(CohortFactory(offer__academy=academy, capacity=1), other)
    services.booking_cancel(booking=cancelled, by=other.user)  # people who cancelled stay visible

    assert AcademyParticipant.objects.filter(academy=academy, person=person).count() == 1
    assert who_has_booked(academy) == {person.pk, other.pk}
    visible = person_list(user=programme_manager(academy)).values_list("pk", flat=True)
    assert {person.pk, other.pk} <= set(visible)
    assert not person_list(user=programme_manager(AcademyFactory())).filter(pk=person.pk).exists()


def test_refreshing_who_has_booked_rebuilds_it_from_the_bookings_of_those_academies_only():
    academy, elsewhere = AcademyFactory(), AcademyFactory()
    kept, loaded, gone = PersonFactory(), PersonFactory(), PersonFactory()
    book(CohortFactory(offer__academy=academy), kept)
    removed = book(CohortFactory(offer__academy=academy), gone)
    book(CohortFactory(offer__academy=elsewhere), gone)
    # Writes that bypass booking_create, as a bulk load or a clean-up would make them:
    Booking.objects.create(cohort=CohortFactory(offer__academy=academy), person=loaded, status="applied")
    Booking.objects.filter(pk=removed.pk).delete()
    assert who_has_booked(academy) == {kept.pk, gone.pk}

    assert services.academy_participants_refresh(academy_ids=[academy.pk]) == 2

    assert who_has_booked(academy) == {kept.pk, loaded.pk}
    assert who_has_booked(elsewhere) == {gone.pk}
    everyone = Booking.objects.values_list("cohort__offer__academy_id", "person_id").distinct()
    services.academy_participants_refresh()
    assert set(AcademyParticipant.objects.values_list("academy_id", "person_id")) == set(everyone)


def test_attendance_keeps_who_attended_and_where_they_worked_at_the_time():
    cohort = CohortFactory()
    [session] = time_passes(SessionFactory(cohort=cohort))
    person = PersonFactory(role_level="band_6")
    booking = book(cohort, person)
    manager = programme_manager(cohort.offer.academy)
    services.attendance_mark(session=session, by=manager, marks={booking.pk: "present"})
    record = Attendance.objects.get(booking=booking)
    where = (record.person_id, record.organisation_id, record.role_level)
    assert where == (person.pk, person.organisation_id, "band_6") and person.organisation_id is not None
    Person.objects.filter(pk=person.pk).update(organisation=OrganisationFactory(), role_level="band_7")
    services.attendance_mark(session=session, by=manager, marks={booking.pk: "absent"})  # corrected later
    record.refresh_from_db()
    assert (
        record.status == "absent" and (record.person_id, record.organisation_id, record.role_level) == where
    )


def test_cancelling_promotes_first_on_waiting_list_and_emails_them(django_capture_on_commit_callbacks):
    cohort = CohortFactory(capacity=1)
    first, second, third = PersonFactory.create_batch(3)
    placed = book(cohort, first)
    book(cohort, second)
    book(cohort, third)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.booking_cancel(booking=placed, by=first.user)

    statuses = dict(Booking.objects.filter(cohort=cohort).values_list("person_id", "status"))
    assert statuses == {first.pk: "cancelled", second.pk: "confirmed", third.pk: "waitlisted"}
    assert [b.person for b in waiting_list(cohort=cohort)] == [third]
    assert any(m.to == [second.email] and "place is now yours" in m.subject for m in mail.outbox)
    cohort.refresh_from_db()
    assert (cohort.confirmed_count, cohort.waitlist_count) == (1, 1)


def test_cancelling_says_whom_it_promoted():
    cohort = CohortFactory(capacity=1)
    first, second = PersonFactory.create_batch(2)
    placed = book(cohort, first)
    waiting = book(cohort, second)

    result = services.booking_cancel(booking=placed, by=first.user)

    assert result.booking.pk == placed.pk and result.booking.status == "cancelled"
    assert result.promoted is not None and result.promoted.pk == waiting.pk
    assert result.promoted.status == "confirmed"


def test_cancelling_with_no_one_waiting_promotes_no_one():
    cohort = CohortFactory(capacity=2)
    person = PersonFactory()

    result = services.booking_cancel(booking=book(cohort, person), by=person.user)

    assert result.booking.status == "cancelled" and result.promoted is None


def test_raising_capacity_promotes_from_the_waiting_list_in_order():
    cohort = CohortFactory(capacity=1)
    people = PersonFactory.create_batch(4)
    for person in people:
        book(cohort, person)
    manager = programme_manager(cohort.offer.academy)

    services.cohort_update(cohort=cohort, by=manager, capacity=3)

    confirmed = set(
        Booking.objects.filter(cohort=cohort, status="confirmed").values_list("person_id", flat=True)
    )
    assert confirmed == {people[0].pk, people[1].pk, people[2].pk}


def test_capacity_cannot_drop_below_confirmed_places():
    cohort = CohortFactory(capacity=3)
    for person in PersonFactory.create_batch(2):
        book(cohort, person)
    manager = programme_manager(cohort.offer.academy)

    with pytest.raises(ValidationError) as error:
        services.cohort_update(cohort=cohort, by=manager, capacity=1)

    assert "2 places are already confirmed" in error.value.message_dict["capacity"][0]


def test_a_person_cannot_hold_two_bookings_on_one_cohort():
    cohort = CohortFactory()
    person = PersonFactory()
    book(cohort, person)

    with pytest.raises(ValidationError) as error:
        book(cohort, person)

    assert "already have a booking" in error.value.message_dict["cohort"][0]


def test_rebooking_after_cancelling_reuses_the_record_and_joins_the_back_of_the_queue():
    cohort = CohortFactory(capacity=1)
    first, second = PersonFactory.create_batch(2)
    booking = book(cohort, first)
    services.booking_cancel(booking=booking, by=first.user)
    book(cohort, second)

    again = book(cohort, first)

    assert again.pk == booking.pk and again.status == "waitlisted"


def test_sponsor_approval_gives_a_place():
    offer = OfferFactory(requires_application=True, requires_sponsor=True, kind=OfferKind.PROGRAMME)
    cohort = CohortFactory(offer=offer, capacity=5)
    manager_person = PersonFactory()
    applicant = PersonFactory(line_manager=manager_person)

    booking = book(
        cohort, applicant, application_statement="To lead my care home team.", sponsor=manager_person
    )
    assert booking.status == "awaiting_sponsor"
    assert OutboxMessage.objects.filter(
        to=manager_person.email, subject__startswith="Please approve"
    ).exists()

    decided = services.booking_sponsor_decide(booking=booking, by=manager_person.user, approve=True)

    assert decided.status == "confirmed"
    assert decided.sponsor_decided_at is not None


def test_only_the_named_sponsor_can_decide():
    offer = OfferFactory(requires_application=True, requires_sponsor=True)
    cohort = CohortFactory(offer=offer)
    sponsor, applicant, stranger = PersonFactory.create_batch(3)
    booking = book(cohort, applicant, application_statement="Why", sponsor=sponsor)

    with pytest.raises(PermissionDenied):
        services.booking_sponsor_decide(booking=booking, by=stranger.user, approve=True)


def test_declining_needs_a_reason_and_leaves_no_place_taken():
    offer = OfferFactory(requires_application=True, requires_sponsor=True)
    cohort = CohortFactory(offer=offer, capacity=1)
    sponsor, applicant = PersonFactory.create_batch(2)
    booking = book(cohort, applicant, application_statement="Why", sponsor=sponsor)

    with pytest.raises(ValidationError) as error:
        services.booking_sponsor_decide(booking=booking, by=sponsor.user, approve=False)
    assert "comment" in error.value.message_dict

    services.booking_sponsor_decide(booking=booking, by=sponsor.user, approve=False, comment="Not this year")
    cohort.refresh_from_db()
    assert cohort.confirmed_count == 0


def test_application_without_sponsor_waits_for_the_programme_team():
    offer = OfferFactory(requires_application=True)
    cohort = CohortFactory(offer=offer)
    applicant = PersonFactory()
    booking = book(cohort, applicant, application_statement="I lead a PCN")
    assert booking.status == "applied"

    decided = services.booking_application_decide(
        booking=booking, by=programme_manager(offer.academy), approve=True
    )

    assert decided.status == "confirmed"


def test_sponsored_offer_asks_for_statement_and_sponsor_with_field_errors():
    offer = OfferFactory(requires_application=True, requires_sponsor=True)
    cohort = CohortFactory(offer=offer)
    person = PersonFactory()

    with pytest.raises(ValidationError) as error:
        book(cohort, person)

    assert set(error.value.message_dict) == {"application_statement", "sponsor"}


def test_restricted_offer_needs_eligibility_confirmed():
    offer = OfferFactory(
        eligibility=Eligibility.ETHNIC_MINORITY, eligibility_text="Staff from ethnic minority backgrounds"
    )
    cohort = CohortFactory(offer=offer)
    person = PersonFactory()

    with pytest.raises(ValidationError) as error:
        book(cohort, person)
    assert "eligibility_confirmed" in error.value.message_dict

    assert book(cohort, person, eligibility_confirmed=True).status == "confirmed"


def test_booking_closes_on_the_closing_date():
    cohort = CohortFactory(booking_closes_on=timezone.localdate() - dt.timedelta(days=1))

    with pytest.raises(ValidationError) as error:
        book(cohort, PersonFactory())

    assert error.value.message_dict["cohort"] == ["Booking has closed for this cohort."]


def test_nobody_books_for_someone_else_unless_programme_team():
    cohort = CohortFactory()
    person, other = PersonFactory.create_batch(2)

    with pytest.raises(PermissionDenied):
        services.booking_create(cohort=cohort, person=person, by=other.user)

    booking = services.booking_create(
        cohort=cohort, person=person, by=programme_manager(cohort.offer.academy)
    )
    assert booking.status == "confirmed"


def _cohort_with_sessions(n, **offer_fields):
    offer = OfferFactory(**offer_fields)
    cohort = CohortFactory(offer=offer, capacity=10)
    sessions = [
        SessionFactory(
            cohort=cohort,
            starts_at=timezone.make_aware(
                dt.datetime.combine(cohort.starts_on + dt.timedelta(days=7 * i), dt.time(10))
            ),
            ends_at=timezone.make_aware(
                dt.datetime.combine(cohort.starts_on + dt.timedelta(days=7 * i), dt.time(12))
            ),
        )
        for i in range(n)
    ]
    return cohort, time_passes(*sessions)


def test_completion_at_eighty_percent_of_five_sessions_issues_a_certificate():
    cohort, sessions = _cohort_with_sessions(5, completion_attendance_percent=80)
    manager = programme_manager(cohort.offer.academy)
    four, three = PersonFactory.create_batch(2)
    b4, b3 = book(cohort, four), book(cohort, three)

    for i, session in enumerate(sessions):
        services.attendance_mark(
            session=session,
            by=manager,
            marks={b4.pk: "present" if i < 4 else "absent", b3.pk: "present" if i < 3 else "apologies"},
        )

    b4.refresh_from_db()
    b3.refresh_from_db()
    assert b4.completed_at is not None and b4.certificate_number
    assert b3.completed_at is None and b3.certificate_number is None


def test_correcting_attendance_withdraws_completion():
    cohort, sessions = _cohort_with_sessions(2, completion_attendance_percent=100)
    manager = programme_manager(cohort.offer.academy)
    booking = book(cohort, PersonFactory())
    for session in sessions:
        services.attendance_mark(session=session, by=manager, marks={booking.pk: "present"})
    booking.refresh_from_db()
    assert booking.completed_at is not None

    services.attendance_mark(session=sessions[1], by=manager, marks={booking.pk: "absent"})

    booking.refresh_from_db()
    assert booking.completed_at is None


def test_completion_waits_for_the_improvement_project_when_required():
    cohort, sessions = _cohort_with_sessions(
        1, completion_attendance_percent=100, completion_requires_project=True
    )
    manager = programme_manager(cohort.offer.academy)
    person = PersonFactory()
    booking = book(cohort, person)
    services.attendance_mark(session=sessions[0], by=manager, marks={booking.pk: "present"})
    booking.refresh_from_db()
    assert booking.completed_at is None

    booking = services.project_submit(
        booking=booking,
        by=person.user,
        title="Call systems",
        summary="A 41% reduction in use of the call systems.",
    )

    assert booking.completed_at is not None


def test_completion_rule_compares_whole_numbers():
    assert services.completion_met(
        attended=4, sessions=5, percent=80, project_required=False, project_done=False
    )
    assert not services.completion_met(
        attended=3, sessions=4, percent=80, project_required=False, project_done=False
    )
    assert not services.completion_met(
        attended=0, sessions=0, percent=0, project_required=False, project_done=False
    )


def test_attendance_rejects_unknown_people_and_statuses_and_saves_nothing():
    cohort, sessions = _cohort_with_sessions(1)
    manager = programme_manager(cohort.offer.academy)
    booking = book(cohort, PersonFactory())
    stranger_booking = book(CohortFactory(), PersonFactory())

    with pytest.raises(ValidationError) as error:
        services.attendance_mark(
            session=sessions[0], by=manager, marks={booking.pk: "present", stranger_booking.pk: "present"}
        )
    assert str(stranger_booking.pk) in error.value.message_dict
    assert Attendance.objects.count() == 0

    with pytest.raises(ValidationError):
        services.attendance_mark(session=sessions[0], by=manager, marks={booking.pk: "sleeping"})


def test_facilitator_marks_attendance_only_for_their_partners_cohorts():
    partner, other_partner = DeliveryPartnerFactory.create_batch(2)
    cohort, sessions = _cohort_with_sessions(1, delivery_partner=partner)
    booking = book(cohort, PersonFactory())

    assert (
        services.attendance_mark(session=sessions[0], by=facilitator(partner), marks={booking.pk: "present"})
        == 1
    )
    with pytest.raises(PermissionDenied):
        services.attendance_mark(
            session=sessions[0], by=facilitator(other_partner), marks={booking.pk: "absent"}
        )


def test_facilitator_cannot_see_another_partners_cohort():
    partner, other_partner = DeliveryPartnerFactory.create_batch(2)
    cohort = CohortFactory(offer=OfferFactory(delivery_partner=partner))

    assert cohort_get_visible(user=facilitator(partner), pk=cohort.pk) == cohort
    from django.http import Http404

    with pytest.raises(Http404):
        cohort_get_visible(user=facilitator(other_partner), pk=cohort.pk)


def test_adjustments_are_for_the_programme_team_only_and_reads_are_audited():
    partner = DeliveryPartnerFactory()
    cohort = CohortFactory(offer=OfferFactory(delivery_partner=partner))
    book(cohort, PersonFactory(), adjustment="Live captions, please")
    manager = programme_manager(cohort.offer.academy)

    assert [a.request for a in adjustments_for_cohort(user=manager, cohort=cohort)] == [
        "Live captions, please"
    ]
    assert AuditEntry.objects.filter(action="offers.adjustment.read", actor=manager).exists()
    with pytest.raises(PermissionDenied):
        adjustments_for_cohort(user=facilitator(partner), cohort=cohort)


def test_offer_create_checks_fields_and_makes_a_unique_slug():
    academy = AcademyFactory()
    manager = programme_manager(academy)
    common = {
        "academy": academy,
        "by": manager,
        "kind": OfferKind.WORKSHOP,
        "summary": "S",
        "delivery_format": "virtual",
    }

    first = services.offer_create(title="Teaming Skills", **common)
    second = services.offer_create(title="Teaming Skills", **common)
    assert (first.slug, second.slug) == ("teaming-skills", "teaming-skills-2")

    with pytest.raises(ValidationError) as error:
        services.offer_create(
            title="Bad", **{**common, "kind": "juggling"}, completion_attendance_percent=120
        )
    assert {"kind", "completion_attendance_percent"} <= set(error.value.message_dict)


def test_programme_manager_of_another_academy_cannot_edit_an_offer():
    offer = OfferFactory()
    outsider = programme_manager(AcademyFactory())

    with pytest.raises(PermissionDenied):
        services.offer_update(offer=offer, by=outsider, title="Hijacked")
    assert Offer.objects.get(pk=offer.pk).title != "Hijacked"


def test_session_must_end_after_it_starts_and_sit_inside_the_cohort():
    cohort = CohortFactory()
    manager = programme_manager(cohort.offer.academy)
    start = timezone.make_aware(dt.datetime.combine(cohort.starts_on, dt.time(14)))

    with pytest.raises(ValidationError) as error:
        services.session_create(cohort=cohort, by=manager, title="S1", starts_at=start, ends_at=start)
    assert error.value.message_dict["ends_at"] == ["The session must end after it starts."]

    late = start + dt.timedelta(days=400)
    with pytest.raises(ValidationError) as error:
        services.session_create(
            cohort=cohort, by=manager, title="S1", starts_at=late, ends_at=late + dt.timedelta(hours=1)
        )
    assert "between the cohort's dates" in error.value.message_dict["starts_at"][0]
