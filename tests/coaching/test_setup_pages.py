"""The hub administrator sets up a commissioned coaching programme and a team coaching journey through
the pages: people found by e-mail, sessions, goals rated before and after, phases and feedback."""

import datetime as dt

import pytest
from django.test import Client

from academy.coaching import services
from academy.coaching.models import CoachingProgramme, TeamJourney
from academy.evaluation.standard import GOAL_THEMES
from tests.coaching.helpers import hub_administrator
from tests.factories import AcademyFactory, OfferFactory, PersonFactory

pytestmark = pytest.mark.django_db

CHANGE = GOAL_THEMES[5]


def client_for(user) -> Client:  # noqa: ANN001
    client = Client()
    client.force_login(user)
    return client


def _programme_form(**fields: str) -> dict[str, str]:
    form = {
        "title": "PCN clinical directors",
        "provider": "We are Beyond",
        "starts_on": "2021-12-01",
        "ends_on": "2022-10-31",
        "sessions_each": "4",
        "session_minutes": "60",
        "purpose": "Coaching for the 19 PCN clinical directors",
    }
    form.update(fields)
    return form


def test_the_administrator_sets_up_a_programme_adds_a_person_logs_a_session_and_rates_a_goal() -> None:
    offer = OfferFactory(title="Coaching for PCN clinical directors")
    academy = offer.academy
    hub = client_for(hub_administrator(academy))

    hub_page = hub.get(f"/coaching/hub/?academy={academy.pk}").content.decode()
    assert "Set up a programme" in hub_page and "Start a team journey" in hub_page
    assert (
        "Coaching for PCN clinical directors"
        in hub.get(f"/coaching/hub/programmes/new/?academy={academy.pk}").content.decode()
    )
    response = hub.post(
        f"/coaching/hub/programmes/new/?academy={academy.pk}", _programme_form(offer=str(offer.pk))
    )
    programme = CoachingProgramme.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/coaching/hub/programmes/{programme.pk}/"
    assert (programme.academy, programme.offer, programme.sessions_each) == (academy, offer, 4)

    director = PersonFactory(given_name="Asha", family_name="Patel")
    response = hub.post(
        f"/coaching/hub/programmes/{programme.pk}/people/new/",
        {"email": director.email.upper(), "coach_name": "Jo Coach"},
    )
    assert response.status_code == 302
    place = programme.participants.get()
    assert (place.person, place.coach_name) == (director, "Jo Coach")

    base = f"/coaching/hub/programmes/{programme.pk}/people/{place.pk}"
    assert hub.post(f"{base}/sessions/new/", {"held_on": "2022-01-10"}).status_code == 302
    assert place.sessions.get().minutes == 60  # the programme's usual length
    hub.post(
        f"{base}/goals/new/", {"theme": CHANGE, "text": "Lead the PCN through a merger", "rating_before": "4"}
    )
    goal = services.programme_goals(place).get()
    assert (goal.theme, goal.rating_before, goal.rating_after) == (CHANGE, 4, None)
    assert hub.post(f"{base}/goals/{goal.pk}/rate/", {"rating_after": "8"}).status_code == 302
    goal.refresh_from_db()
    assert goal.rating_after == 8

    page = hub.get(f"/coaching/hub/programmes/{programme.pk}/").content.decode()
    assert "Asha Patel" in page and "Jo Coach" in page and "1 of 4" in page
    assert "Before: 4 out of 10; after: 8 out of 10" in page


def test_bad_input_gets_messages_beside_the_fields() -> None:
    academy = AcademyFactory()
    hub = client_for(hub_administrator(academy))
    page = hub.post(
        f"/coaching/hub/programmes/new/?academy={academy.pk}", _programme_form(ends_on="2021-01-01")
    ).content.decode()
    assert "The end date must be the same as or after the start date." in page
    assert "nhsuk-error-summary" in page and not CoachingProgramme.objects.exists()

    programme = services.programme_create(
        academy=academy,
        by=None,
        title="PCN",
        provider="P",
        starts_on=dt.date(2021, 12, 1),
        ends_on=dt.date(2022, 10, 31),
        sessions_each=1,
    )
    url = f"/coaching/hub/programmes/{programme.pk}/people/new/"
    assert (
        "There is no one with this email address"
        in hub.post(url, {"email": "nobody@example.org"}).content.decode()
    )
    person = PersonFactory()
    hub.post(url, {"email": person.email})
    assert "already on the programme" in hub.post(url, {"email": person.email}).content.decode()

    place = programme.participants.get()
    sessions = f"/coaching/hub/programmes/{programme.pk}/people/{place.pk}/sessions/new/"
    assert "within the programme" in hub.post(sessions, {"held_on": "2023-01-10"}).content.decode()
    hub.post(sessions, {"held_on": "2022-01-10"})
    assert (
        "All 1 sessions have been logged." in hub.post(sessions, {"held_on": "2022-02-10"}).content.decode()
    )


def test_the_administrator_starts_a_team_journey_and_takes_it_through_its_phases() -> None:
    academy = AcademyFactory()
    hub = client_for(hub_administrator(academy))
    leader, member, stakeholder = PersonFactory(), PersonFactory(), PersonFactory()
    response = hub.post(
        f"/coaching/hub/team-journeys/new/?academy={academy.pk}",
        {
            "team_name": "Primary care team",
            "organisation": "Norfolk and Waveney ICS",
            "coaches": "Two team coaches",
            "leader_email": leader.email,
            "engagement_on": "2022-01-05",
            "planned_months": "9",
        },
    )
    journey = TeamJourney.objects.get()
    assert response["Location"] == f"/coaching/hub/team-journeys/{journey.pk}/"
    assert (journey.team_leader, journey.planned_months) == (leader, 9)
    url = f"/coaching/hub/team-journeys/{journey.pk}"
    hub.post(f"{url}/people/new/", {"email": member.email, "role": "member"})
    hub.post(f"{url}/people/new/", {"email": stakeholder.email, "role": "stakeholder"})
    assert sorted(journey.members.values_list("role", flat=True)) == ["member", "stakeholder"]

    assert "after the diagnostic" in hub.post(f"{url}/sessions/", {"sessions_held": "2"}).content.decode()
    for day in ("2022-02-01", "2022-03-01", "2022-04-01"):  # discovery, diagnostic, sessions
        assert hub.post(f"{url}/phase/", {"on": day}).status_code == 302
    journey.refresh_from_db()
    assert (journey.discovery_on, journey.diagnostic_on, journey.sessions_on) == (
        dt.date(2022, 2, 1),
        dt.date(2022, 3, 1),
        dt.date(2022, 4, 1),
    )
    assert hub.post(f"{url}/sessions/", {"sessions_held": "3"}).status_code == 302
    assert hub.post(f"{url}/feedback/").status_code == 302
    journey.refresh_from_db()
    assert journey.sessions_held == 3 and services.team_journey_feedback_survey(journey) is not None
    assert "0 people have answered" in hub.get(f"{url}/").content.decode()


def test_the_team_leader_sees_the_journey_but_cannot_change_it() -> None:
    academy = AcademyFactory()
    leader = PersonFactory()
    journey = services.team_journey_create(
        academy=academy, by=None, team_name="T", team_leader=leader, engagement_on=dt.date(2022, 1, 5)
    )
    client = client_for(leader.user)
    page = client.get(f"/coaching/hub/team-journeys/{journey.pk}/").content.decode()
    assert "Start the next phase" not in page
    assert (
        client.post(f"/coaching/hub/team-journeys/{journey.pk}/phase/", {"on": "2022-02-01"}).status_code
        == 403
    )
    journey.refresh_from_db()
    assert journey.discovery_on is None
