"""The hub administrator sets up a commissioned programme and a team coaching journey through the API:
the same services and rules as the pages, bad input answered 400 with field details, never 500."""

import pytest
from django.test import Client

from academy.coaching.models import CoachingProgramme, TeamJourney
from academy.evaluation.standard import GOAL_THEMES
from tests.coaching.helpers import hub_administrator
from tests.factories import AcademyFactory, OfferFactory, PersonFactory

pytestmark = pytest.mark.django_db

CHANGE = GOAL_THEMES[5]


def api(user) -> Client:  # noqa: ANN001
    client = Client()
    client.force_login(user)
    return client


def test_a_programme_a_person_a_session_and_a_goal_rated_before_and_after() -> None:
    offer = OfferFactory()
    academy = offer.academy
    hub = api(hub_administrator(academy))
    body = {
        "academy": academy.pk,
        "title": "PCN clinical directors",
        "provider": "We are Beyond",
        "starts_on": "2021-12-01",
        "ends_on": "2022-10-31",
        "sessions_each": 4,
        "session_minutes": 60,
        "offer": offer.pk,
    }
    response = hub.post("/api/v1/coaching/programmes/", body, content_type="application/json")
    assert response.status_code == 201, response.content
    programme = CoachingProgramme.objects.get()
    assert response.json()["participants"] == 0 and programme.offer == offer

    director = PersonFactory(given_name="Asha", family_name="Patel")
    base = f"/api/v1/coaching/programmes/{programme.pk}"
    added = hub.post(
        f"{base}/people/", {"email": director.email, "coach_name": "Jo"}, content_type="application/json"
    )
    assert added.status_code == 201 and added.json()["person"] == "Asha Patel"
    place = added.json()["id"]
    session = hub.post(
        f"{base}/people/{place}/sessions/", {"held_on": "2022-01-10"}, content_type="application/json"
    )
    assert session.status_code == 201 and (session.json()["number"], session.json()["minutes"]) == (1, 60)
    goal = hub.post(
        f"{base}/people/{place}/goals/",
        {"theme": CHANGE, "text": "Lead the PCN through a merger", "rating_before": 3},
        content_type="application/json",
    ).json()
    rated = hub.post(
        f"{base}/people/{place}/goals/{goal['id']}/rate/",
        {"rating_after": 7},
        content_type="application/json",
    )
    assert rated.status_code == 200 and (rated.json()["rating_before"], rated.json()["rating_after"]) == (
        3,
        7,
    )
    people = hub.get(f"{base}/people/").json()
    assert [(p["person"], p["coach_name"], p["sessions_held"]) for p in people] == [("Asha Patel", "Jo", 1)]


def test_bad_input_is_answered_with_field_details() -> None:
    academy = AcademyFactory()
    hub = api(hub_administrator(academy))
    body = {
        "academy": academy.pk,
        "title": "PCN",
        "provider": "P",
        "starts_on": "2022-10-31",
        "ends_on": "2021-12-01",
        "sessions_each": 0,
    }
    response = hub.post("/api/v1/coaching/programmes/", body, content_type="application/json")
    assert response.status_code == 400
    body.update(sessions_each=4)
    response = hub.post("/api/v1/coaching/programmes/", body, content_type="application/json")
    assert response.status_code == 400 and "ends_on" in response.json()
    body.update(ends_on="2022-12-01")
    programme = hub.post("/api/v1/coaching/programmes/", body, content_type="application/json").json()
    response = hub.post(
        f"/api/v1/coaching/programmes/{programme['id']}/people/",
        {"email": "nobody@example.org"},
        content_type="application/json",
    )
    assert response.status_code == 400 and "email" in response.json()


def test_a_team_journey_through_its_phases_and_its_leader_reads_but_cannot_change_it() -> None:
    academy = AcademyFactory()
    hub = api(hub_administrator(academy))
    leader, member = PersonFactory(), PersonFactory()
    response = hub.post(
        "/api/v1/coaching/team-journeys/",
        {
            "academy": academy.pk,
            "team_name": "Place board",
            "leader_email": leader.email,
            "engagement_on": "2022-01-05",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    journey = TeamJourney.objects.get()
    assert (journey.team_leader, response.json()["planned_months"]) == (leader, 9)
    url = f"/api/v1/coaching/team-journeys/{journey.pk}"
    assert (
        hub.post(f"{url}/members/", {"email": member.email}, content_type="application/json").status_code
        == 201
    )
    too_soon = hub.post(f"{url}/sessions/", {"sessions_held": 2}, content_type="application/json")
    assert too_soon.status_code == 400 and "sessions_held" in too_soon.json()
    assert hub.post(f"{url}/feedback/").status_code == 400
    for day in ("2022-02-01", "2022-03-01", "2022-04-01"):
        assert hub.post(f"{url}/phase/", {"on": day}, content_type="application/json").status_code == 200
    done = hub.post(f"{url}/sessions/", {"sessions_held": 3}, content_type="application/json").json()
    assert (done["sessions_on"], done["sessions_held"]) == ("2022-04-01", 3)
    assert hub.post(f"{url}/feedback/").status_code == 200

    mine = api(leader.user)
    assert mine.get(f"{url}/").json()["team_name"] == "Place board"
    assert [m["role"] for m in mine.get(f"{url}/members/").json()] == ["member"]
    assert (
        mine.post(f"{url}/phase/", {"on": "2022-06-01"}, content_type="application/json").status_code == 403
    )
