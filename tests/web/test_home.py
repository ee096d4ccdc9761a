"""Each role lands on a home page with its own next actions, and the menu shows only what that person
can use (issue 9, item 5)."""

import html as htmllib
import re

import pytest
from django.utils import timezone

from academy.offers.models import Booking
from academy.people.models import Role
from tests.browser.evaluation_world import attend, build_evaluation_world, invite, open_survey
from tests.factories import PersonFactory, UserFactory, booking, grant

pytestmark = pytest.mark.django_db


def text(response) -> str:
    page = response.content.decode()
    return htmllib.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def menu(response) -> list[str]:
    page = response.content.decode()
    nav = page[page.index('aria-label="Menu"') : page.index("</nav>", page.index('aria-label="Menu"'))]
    return [
        htmllib.unescape(re.sub(r"<[^>]+>", "", label)).strip()
        for label in re.findall(r'class="nhsuk-header__navigation-link" href="[^"]*"[^>]*>(.*?)</a>', nav)
    ]


@pytest.fixture
def world():
    evaluation = build_evaluation_world()
    world = evaluation.world
    attend(evaluation.session, [world.participant])
    survey = open_survey(evaluation.session)
    invite(survey)
    booking(world.cohort, world.participant)
    booking(
        world.cohort, world.second_participant, status=Booking.Status.AWAITING_SPONSOR, sponsor=world.sponsor
    )
    booking(world.cohort, PersonFactory(), status=Booking.Status.WAITLISTED, waitlisted_at=timezone.now())
    return evaluation, survey


def test_a_visitor_sees_what_academy_offers_and_the_action_link_has_its_arrow(client):
    response = client.get("/")
    page = response.content.decode()
    assert "Leadership and organisation development for health and care" in text(response)
    link = page[
        page.index('<a class="nhsuk-action-link"') : page.index("</a>", page.index("nhsuk-action-link"))
    ]
    assert "nhsuk-icon--arrow-right-circle" in link
    assert menu(response) == ["Find development", "Log in"]


def test_a_participant_lands_on_their_sessions_and_evaluations_and_sees_no_approvals(client, world):
    evaluation, survey = world
    client.force_login(evaluation.world.participant.user)
    response = client.get("/")
    words = text(response)

    assert "Leadership and organisation development for health and care" not in words
    assert "Your next sessions" in words and "Leading with compassion" in words
    assert "Evaluations to answer" in words and survey.title in words
    assert f'href="/my-evaluations/{survey.pk}/"' in response.content.decode()
    assert menu(response) == [
        "Find development",
        "My learning",
        "Coaching and mentoring",
        "Communities",
        "Interchange",
        "360 feedback",
    ]


def test_a_sponsor_lands_on_the_applications_waiting_for_them(client, world):
    evaluation, _ = world
    client.force_login(evaluation.world.sponsor.user)
    response = client.get("/")

    assert "1 application waiting for your decision" in text(response)
    assert "Jo Second, Leading with compassion" in text(response)
    assert menu(response) == [
        "Find development",
        "My learning",
        "Coaching and mentoring",
        "Communities",
        "Interchange",
        "360 feedback",
        "Approvals",
    ]


def test_a_programme_manager_lands_on_offers_cohorts_needing_attention_and_open_evaluations(client, world):
    evaluation, survey = world
    client.force_login(evaluation.world.programme_manager)
    response = client.get("/")
    words = text(response)

    assert "Your offers" in words
    assert "Leading with compassion: Spring cohort , 1 on the waiting list" in words
    assert survey.title in words and "1 of 1 invited have answered" not in words
    assert menu(response) == [
        "Find development",
        "My learning",
        "Coaching and mentoring",
        "Communities",
        "Interchange",
        "360 feedback",
        "Manage delivery",
        "Action learning",
        "Validation",
        "Impact",
    ]


def test_a_facilitator_reaches_the_evaluations_of_their_sessions_by_a_link(client, world):
    evaluation, survey = world
    client.force_login(evaluation.world.facilitator)
    response = client.get("/")
    page = response.content.decode()

    assert "Your cohorts" in text(response) and "Attendance registers" in text(response)
    assert f'href="/impact/evaluations/{survey.pk}/"' in page
    assert client.get(f"/impact/evaluations/{survey.pk}/").status_code == 200
    assert menu(response) == [
        "Find development",
        "My learning",
        "Coaching and mentoring",
        "Communities",
        "Interchange",
        "360 feedback",
        "Manage delivery",
        "Evaluations",
    ]
    assert client.get("/impact/evaluations/").status_code == 200


def test_an_ics_lead_lands_on_their_system_dashboard_link(client, world):
    evaluation, _ = world
    client.force_login(evaluation.ics_lead)
    response = client.get("/")

    assert f'href="/impact/systems/{evaluation.ics.pk}/"' in response.content.decode()
    assert "Manage delivery" not in menu(response) and "Approvals" not in menu(response)
    assert "Impact" in menu(response)
    assert "ICS plans and programmes" in menu(response)


def test_an_administrator_lands_on_admin_links(client, world):
    evaluation, _ = world
    client.force_login(evaluation.world.administrator)
    response = client.get("/")

    assert 'href="/admin/"' in response.content.decode()
    assert menu(response) == [
        "Find development",
        "Manage delivery",
        "Coaching hub",
        "Action learning",
        "ICS plans and programmes",
        "Validation",
        "Impact",
    ]


@pytest.mark.parametrize("role", [Role.COACH, Role.PANEL_MEMBER])
def test_a_coach_or_panel_member_without_a_staff_record_is_told_why_they_can_do_nothing(client, world, role):
    user = UserFactory(first_name="Sam")
    grant(user, role)
    client.force_login(user)
    response = client.get("/")

    assert "Your login is not linked to a staff record" in text(response)
    assert menu(response) == ["Find development"]


def test_a_coach_is_sent_to_coaching_and_a_panel_member_to_the_claims_on_their_panels(client, world):
    coach, member = PersonFactory(), PersonFactory()
    grant(coach.user, Role.COACH)
    grant(member.user, Role.PANEL_MEMBER)

    client.force_login(coach.user)
    page = client.get("/")
    assert "your profile as a coach or mentor" in text(page)
    assert 'href="/coaching/"' in page.content.decode()

    client.force_login(member.user)
    page = text(client.get("/"))
    assert "No submitted claims on a panel you sit on yet." in page
    assert "not in Academy yet" not in page


def test_a_hub_administrator_is_sent_to_the_hub(client, world):
    from tests.coaching.helpers import hub_administrator
    from tests.factories import AcademyFactory

    client.force_login(hub_administrator(AcademyFactory()))
    page = client.get("/")
    assert "requests waiting for a match" in text(page)
    assert 'href="/coaching/hub/"' in page.content.decode()


@pytest.mark.django_db
def test_one_menu_item_is_current_the_longest_match(client):
    """On the hub's pages "Coaching hub" is current, not also "Coaching and mentoring" (/coaching/)."""
    from tests.coaching.helpers import hub_administrator
    from tests.factories import AcademyFactory

    client.force_login(hub_administrator(AcademyFactory()))

    for path, expected in (("/coaching/hub/", "Coaching hub"), ("/coaching/", "Coaching and mentoring")):
        page = client.get(path).content.decode()
        current = re.findall(r'navigation-item--current"><a[^>]*>(?:<strong[^>]*>)?([^<]+)<', page)
        assert current == [expected], (path, current)
