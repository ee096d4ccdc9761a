from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import F

from academy.evaluation.models import Answer, Invitation, Response, Survey
from academy.evaluation.tasks import send_due_invitations
from academy.offers.models import Attendance, Booking
from academy.people.models import ICS, Person

pytestmark = pytest.mark.django_db

NATIONAL = "@national.academy.example"


def national(*args: str) -> str:
    out = StringIO()
    call_command("demo", "--scale", "national", *args, stdout=out)
    return out.getvalue()


def test_a_thousandth_of_the_national_set_keeps_its_proportions():
    output = national("--factor", "0.001")

    staff = Person.objects.filter(email__endswith=NATIONAL)
    bookings = Booking.objects.filter(cohort__offer__slug__startswith="national-")
    answers = Answer.objects.filter(response__survey__offer__slug__startswith="national-")
    # 1.5 million staff, 200,000 participants, 1 million bookings, 5 million answers, times 0.001.
    assert staff.count() == 1_500
    assert bookings.values("person").distinct().count() == 200
    assert bookings.count() == 1_000
    assert answers.count() == 5_000
    assert "answers: 5,000" in output
    # Spread across every system in England, with line managers inside each organisation.
    assert staff.values("organisation__ics").distinct().count() == ICS.objects.count() == 42
    assert (
        not staff.filter(line_manager__isnull=False)
        .exclude(line_manager__organisation=F("organisation"))
        .exists()
    )
    # Every participant is one of the staff; every answer belongs to an anonymous response.
    assert not bookings.exclude(person__email__endswith=NATIONAL).exists()
    assert not Response.objects.filter(person__isnull=False).exists()
    # Attendance only for the past, and only for confirmed places.
    assert not Attendance.objects.filter(booking__in=bookings).exclude(booking__status="confirmed").exists()


def test_the_national_evaluations_e_mail_nobody_when_the_invitation_task_first_runs():
    national("--factor", "0.0005")

    # Whichever sessions happen to have ended in the last fortnight, their evaluations stay quiet.
    assert not Survey.objects.filter(invite_automatically=True).exists()
    assert send_due_invitations() == 0
    assert not Invitation.objects.exists()


def test_the_national_set_is_not_built_twice_into_one_database():
    national("--factor", "0.0005")

    with pytest.raises(CommandError, match="already in this database"):
        national("--factor", "0.0005")


@pytest.mark.skipif(connection.vendor == "postgresql", reason="SQLite only")
def test_sqlite_refuses_the_full_national_set_with_a_clear_message():
    with pytest.raises(CommandError, match="needs PostgreSQL"):
        national()
    assert not Person.objects.filter(email__endswith=NATIONAL).exists()


def test_the_national_set_and_the_demo_region_live_side_by_side():
    call_command("demo", "--scale", "national", "--factor", "0.0005", stdout=StringIO())
    call_command("demo", "--small", stdout=StringIO())
    demo_staff = Person.objects.filter(email__endswith="@staff.demo.academy.example")
    assert not demo_staff.filter(organisation__ods_code__startswith="XN").exists()
