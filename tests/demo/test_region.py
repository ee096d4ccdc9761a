import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Count, F, Q
from django.utils import timezone

from academy.demo.region import DEMO_PASSWORD
from academy.evaluation.models import Answer, Goal
from academy.offers.models import Attendance, Booking, Cohort, Offer, Session
from academy.people.models import Person, Role, User
from academy.people.permissions import roles_of, scope_of

# One small build for the module (tests/conftest.py `demo_region`), on one worker.
pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo-small-region")]

DOMAIN = "demo.academy.example"


def demo(*args: str) -> str:
    out = StringIO()
    call_command("demo", *args, stdout=out)
    return out.getvalue()


def snapshot() -> dict:
    people = list(
        Person.objects.order_by("email").values_list(
            "email", "given_name", "family_name", "job_title", "role_level", "organisation__ods_code"
        )
    )
    return {
        "people": people,
        "line managers": list(Person.objects.order_by("email").values_list("line_manager__email", flat=True)),
        "offers": list(Offer.objects.order_by("slug").values_list("slug", flat=True)),
        "sessions": Session.objects.count(),
        "bookings": list(
            Booking.objects.order_by("cohort__name", "person__email").values_list(
                "cohort__name", "person__email", "status", "completed_at"
            )
        ),
        "attendance": Attendance.objects.filter(status="present").count(),
    }


def test_building_twice_gives_the_same_people_and_history(demo_region):
    first = snapshot()

    demo("--small", "--rebuild")

    second = snapshot()
    assert len(first["people"]) > 1000
    assert [p[1] for p in first["people"]] == [p[1] for p in second["people"]]  # same first names
    assert first == second


def test_running_again_does_not_duplicate_anything(demo_region):
    counts = (Person.objects.count(), Booking.objects.count(), Offer.objects.count(), User.objects.count())

    output = demo("--small")

    assert "already built" in output
    assert (
        Person.objects.count(),
        Booking.objects.count(),
        Offer.objects.count(),
        User.objects.count(),
    ) == counts


def test_staff_are_synthetic_with_line_management_chains_and_mostly_declared_equality_data(demo_region):
    staff = Person.objects.filter(email__endswith=DOMAIN)
    assert (
        not staff.exclude(email__endswith=f"@staff.{DOMAIN}").exclude(email__endswith=f"@{DOMAIN}").exists()
    )
    # Everyone but the top of each organisation (and the delivery partner's facilitator) has a manager
    # in their own organisation.
    managed = staff.filter(line_manager__isnull=False)
    assert not managed.exclude(line_manager__organisation=F("organisation")).exists()
    tops = staff.filter(line_manager__isnull=True, organisation__isnull=False)
    assert tops.count() == tops.values("organisation").distinct().count()
    declared = staff.filter(equality__isnull=False).count() / staff.count()
    assert 0.75 < declared < 0.95


@pytest.mark.parametrize(
    ("key", "role", "scope_check"),
    [
        ("programme.manager", Role.PROGRAMME_MANAGER, lambda s: s.academy_ids),
        ("facilitator", Role.FACILITATOR, lambda s: s.delivery_partner_ids),
        ("coach", Role.COACH, None),
        ("hub.administrator", Role.HUB_ADMINISTRATOR, lambda s: s.ids("hub_academy_ids")),
        ("panel.member", Role.PANEL_MEMBER, None),
        ("ics.od.lead", Role.ICS_OD_LEAD, lambda s: s.ics_ids),
        ("admin", Role.ADMINISTRATOR, None),
    ],
)
def test_each_demo_login_holds_its_role(key, role, scope_check, demo_region):
    user = User.objects.get(username=f"{key}@{DOMAIN}")

    assert user.check_password(DEMO_PASSWORD)
    assert role in roles_of(user)
    if scope_check:
        assert len(scope_check(scope_of(user))) == 1


def test_demo_logins_are_scoped_to_the_seeds_organisations(demo_region):
    output = demo_region
    pm = User.objects.get(username=f"programme.manager@{DOMAIN}")
    facilitator = User.objects.get(username=f"facilitator@{DOMAIN}")
    lead = User.objects.get(username=f"ics.od.lead@{DOMAIN}")
    admin = User.objects.get(username=f"admin@{DOMAIN}")

    assert pm.roles.get().academy.name == "East of England Leadership Academy"
    assert facilitator.roles.get().delivery_partner.name == "Tricordant"
    assert lead.roles.get().ics.name == "Norfolk and Waveney Integrated Care System"
    assert admin.is_superuser and admin.is_staff
    for key in (
        "participant",
        "sponsor",
        "programme.manager",
        "facilitator",
        "coach",
        "panel.member",
        "ics.od.lead",
        "admin",
    ):
        assert f"{key}@{DOMAIN}" in output
    assert DEMO_PASSWORD in output


def test_the_participant_has_an_application_waiting_for_their_line_manager(demo_region):
    participant = Person.objects.get(email=f"participant@{DOMAIN}")
    sponsor = Person.objects.get(email=f"sponsor@{DOMAIN}")

    assert participant.line_manager == sponsor
    assert participant.organisation.org_type == "care_home"
    assert "participant" in roles_of(participant.user)
    waiting = Booking.objects.get(person=participant, status=Booking.Status.AWAITING_SPONSOR)
    assert waiting.sponsor == sponsor
    assert waiting.cohort.offer.title == "Care Home Managers Leadership Programme"
    assert waiting.cohort.starts_on > timezone.localdate()
    # ...and a history: two sessions attended, each completed.
    assert Booking.objects.filter(person=participant, completed_at__isnull=False).count() == 2


def test_upcoming_cohorts_have_places_left_and_one_is_full_with_a_waiting_list(demo_region):
    today = timezone.localdate()
    upcoming = Cohort.objects.filter(starts_on__gt=today, offer__status=Offer.Status.PUBLISHED)

    with_places = [c for c in upcoming if c.places_left > 0]
    assert len(with_places) >= 5
    full = upcoming.get(offer__title="Teaming Skills", confirmed_count=20)
    assert full.capacity == 20 and full.places_left == 0
    assert full.waitlist_count == 4
    assert full.bookings.filter(status=Booking.Status.WAITLISTED).count() == 4
    assert full.bookings.filter(status=Booking.Status.CONFIRMED).count() == 20
    for cohort in upcoming.annotate(confirmed=Count("bookings", filter=Q(bookings__status="confirmed"))):
        assert cohort.confirmed == cohort.confirmed_count


def test_the_community_of_practice_evaluation_prints_as_seed_000_does(demo_region):
    answers = Answer.objects.filter(
        response__survey__offer__title="Systems OD Community of Practice",
        response__survey__opens_at__date__lte=dt.date(2023, 4, 30),  # the seed's evaluation, not those since
    )

    def counts(code: str) -> dict[str, int]:
        rows = answers.filter(question__code=code).values_list("choice").annotate(n=Count("id"))
        return dict(rows)

    # 62% strongly agreed, 38% agreed (100%); 38% / 62%; 46% / 46% (92%) — of 13 responses.
    assert counts("apply_learning") == {"strongly_agree": 8, "agree": 5}
    assert counts("development_objectives") == {"strongly_agree": 5, "agree": 8}
    assert counts("lead_and_influence") == {"strongly_agree": 6, "agree": 6, "neither": 1}
    quotes = answers.filter(question__code="testimony", consent_to_quote=True)
    assert quotes.count() == 7
    assert not answers.filter(response__person__isnull=False).exists()  # anonymous


def test_the_pcn_clinical_directors_goal_tracker_shows_who_improved(demo_region):
    goals = Goal.objects.filter(
        cohort__offer__title="Coaching for Primary Care Network Clinical Directors",
        cohort__starts_on__lte=dt.date(2023, 4, 30),  # the seed's cohort, not those since
    )

    def improved(theme: str) -> tuple[int, int]:
        in_theme = goals.filter(theme=theme)
        return in_theme.filter(rating_after__gt=F("rating_before")).count(), in_theme.count()

    assert improved("Leading and managing change") == (7, 7)  # 100%
    assert improved("Managing myself more effectively and with confidence") == (13, 15)  # 87%
    assert improved("Achieving a better work life balance") == (8, 10)  # 80%
    assert improved("How I communicate and influence others") == (11, 17)  # 65%
    assert improved("Understanding my strengths and areas for personal development") == (9, 15)  # 60%
