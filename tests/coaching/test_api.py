"""The hub's API: the same services and rules as the pages; bad input is a 400 with field details."""

import pytest
from django.test import Client
from django.utils import timezone

from academy.coaching.models import MatchingRun, Relationship, Request
from tests.coaching.helpers import CHANGE, hub_administrator, practitioner
from tests.factories import AcademyFactory, PersonFactory

pytestmark = pytest.mark.django_db


def api(user) -> Client:  # noqa: ANN001
    client = Client()
    client.force_login(user)
    return client


def test_ask_match_choose_accept_log_and_close_through_the_api() -> None:
    academy = AcademyFactory()
    for _ in range(3):
        practitioner(academy, specialisms=[CHANGE])
    requester = PersonFactory()
    me = api(requester.user)
    made = me.post(
        "/api/v1/coaching/requests/",
        {"kind": "coaching", "goals": [{"theme": CHANGE, "text": "Lead a merger"}]},
        content_type="application/json",
    )
    assert made.status_code == 201, made.json()
    hub = api(hub_administrator(academy))
    run = hub.post(
        "/api/v1/coaching/runs/", {"academy": academy.pk, "kind": "coaching"}, content_type="application/json"
    ).json()
    assert run["status"] == "draft" and run["figures"]["matched"] == 1
    detail = hub.get(f"/api/v1/coaching/runs/{run['id']}/").json()
    assert (
        detail["results"][0]["request"] == made.json()["id"] and len(detail["results"][0]["shortlist"]) == 3
    )
    hub.post(f"/api/v1/coaching/runs/{run['id']}/review/")
    assert hub.post(f"/api/v1/coaching/runs/{run['id']}/publish/").json()["status"] == "published"
    again = hub.post(f"/api/v1/coaching/runs/{run['id']}/publish/")
    assert again.status_code == 400 and "status" in again.json()

    request_id = made.json()["id"]
    shortlist = me.get(f"/api/v1/coaching/requests/{request_id}/shortlist/").json()
    assert [entry["rank"] for entry in shortlist] == [1, 2, 3]
    assert set(shortlist[0]["factors"]) == {"goals", "sector", "role_level", "format", "experience"}
    chosen = me.post(
        f"/api/v1/coaching/requests/{request_id}/choose/",
        {"entry": shortlist[0]["id"]},
        content_type="application/json",
    )
    assert chosen.status_code == 201
    relationship = Relationship.objects.get(pk=chosen.json()["id"])
    coach = api(relationship.practitioner.person.user)
    assert (
        coach.post(f"/api/v1/coaching/relationships/{relationship.pk}/accept/").json()["status"]
        == "contracting"
    )
    coach.post(
        f"/api/v1/coaching/relationships/{relationship.pk}/contract/",
        {"sessions_agreed": 4, "session_minutes": 60},
        content_type="application/json",
    )
    logged = me.post(
        f"/api/v1/coaching/relationships/{relationship.pk}/sessions/",
        {"held_on": timezone.localdate().isoformat(), "minutes": 60},
        content_type="application/json",
    )
    assert logged.status_code == 201 and logged.json()["number"] == 1
    closed = me.post(
        f"/api/v1/coaching/relationships/{relationship.pk}/close/",
        {"reason": "completed"},
        content_type="application/json",
    )
    assert closed.json()["status"] == "closed" and closed.json()["sessions_logged"] == 1
    assert Request.objects.get(pk=request_id).status == "closed"
    assert MatchingRun.objects.get(pk=run["id"]).published_at is not None


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "coaching", "goals": []}, "goals"),
        ({"kind": "coaching", "goals": [{"theme": "Juggling", "text": "Three balls"}]}, "goals"),
        ({"kind": "tennis", "goals": [{"theme": CHANGE, "text": "x"}]}, "kind"),
        ({"kind": "coaching", "goals": "lead"}, "goals"),
        (
            {"kind": "coaching", "goals": [{"theme": CHANGE, "text": "x"}], "minimum_experience_years": -1},
            "minimum_experience_years",
        ),
        (
            {"kind": "coaching", "goals": [{"theme": CHANGE, "text": "x"}], "preferred_region": "²"},
            "preferred_region",
        ),
    ],
)
def test_a_bad_request_gets_field_details_never_a_500(body: dict, field: str) -> None:
    AcademyFactory()
    response = api(PersonFactory().user).post(
        "/api/v1/coaching/requests/", body, content_type="application/json"
    )
    assert response.status_code == 400 and field in response.json(), response.json()


def test_a_bad_profile_gets_field_details() -> None:
    AcademyFactory()
    response = api(PersonFactory().user).post(
        "/api/v1/coaching/profiles/",
        {"kind": "coach", "specialisms": [CHANGE], "delivery_format": "in_person", "capacity": 2},
        content_type="application/json",
    )
    assert response.status_code == 400 and "region" in response.json()


def test_a_practitioner_changes_only_their_own_profile() -> None:
    academy = AcademyFactory()
    mine, theirs = practitioner(academy), practitioner(academy)
    client = api(mine.person.user)
    ok = client.patch(
        f"/api/v1/coaching/profiles/{mine.pk}/", {"capacity": 5}, content_type="application/json"
    )
    assert ok.status_code == 200 and ok.json()["capacity"] == 5
    refused = client.patch(
        f"/api/v1/coaching/profiles/{theirs.pk}/", {"capacity": 5}, content_type="application/json"
    )
    assert refused.status_code == 403


def test_requesters_see_published_profiles_only() -> None:
    academy = AcademyFactory()
    shown, hidden = practitioner(academy), practitioner(academy, published=False)
    ids = {p["id"] for p in api(PersonFactory().user).get("/api/v1/coaching/profiles/").json()["results"]}
    assert shown.pk in ids and hidden.pk not in ids


def test_an_exclusion_keeps_that_practitioner_out_of_browsing_and_matching() -> None:
    from academy.coaching.selectors import profiles_to_browse
    from tests.coaching.helpers import ask

    academy = AcademyFactory()
    unwanted, other = practitioner(academy), practitioner(academy)
    request = ask(academy)
    made = api(request.person.user).post(
        "/api/v1/coaching/exclusions/", {"practitioner": unwanted.pk}, content_type="application/json"
    )
    assert made.status_code == 201
    assert profiles_to_browse(request.person.user, request) == [other]


def test_the_hub_administrator_sets_an_eligibility_rule_that_requests_then_meet() -> None:
    academy = AcademyFactory()
    hub = api(hub_administrator(academy))
    rule = hub.post(
        f"/api/v1/coaching/hubs/{academy.pk}/eligibility-rules/",
        {"kind": "coaching", "description": "band 8a and above", "minimum_role_level": "band_8a"},
        content_type="application/json",
    )
    assert rule.status_code == 201
    refused = api(PersonFactory(role_level="band_5").user).post(
        "/api/v1/coaching/requests/",
        {"kind": "coaching", "goals": [{"theme": CHANGE, "text": "Lead a merger"}]},
        content_type="application/json",
    )
    assert refused.status_code == 400 and refused.json()["kind"] == [
        "This hub is open to: band 8a and above."
    ]


def test_the_goal_tracker_through_the_api_for_the_pair_only() -> None:
    from tests.coaching.helpers import active

    academy = AcademyFactory()
    relationship = active(academy)
    coachee, coach = api(relationship.requester.user), api(relationship.practitioner.person.user)
    url = f"/api/v1/coaching/relationships/{relationship.pk}/goals/"
    made = coachee.post(
        url, {"theme": CHANGE, "text": "Lead the merger", "rating_before": 3}, content_type="application/json"
    )
    assert made.status_code == 201, made.json()
    goal = made.json()
    assert (goal["theme"], goal["rating_before"], goal["rating_after"]) == (CHANGE, 3, None)
    # The coach reads the tracker but may not add to it or rate it; the hub and strangers do not see it.
    assert coach.get(url).json() == [goal]
    assert (
        coach.post(url, {"theme": CHANGE, "text": "Mine"}, content_type="application/json").status_code == 403
    )
    assert api(hub_administrator(academy)).get(url).status_code == 403
    assert api(PersonFactory().user).get(url).status_code == 404
    rate = f"{url}{goal['id']}/rate/"
    assert coach.post(rate, {"rating": 5}, content_type="application/json").status_code == 403
    # Bad input: field details, never a 500.
    bad = coachee.post(rate, {"rating": 11}, content_type="application/json")
    assert bad.status_code == 400 and "rating" in bad.json()
    assert (
        coachee.post(url, {"theme": "Nope", "text": ""}, content_type="application/json").status_code == 400
    )
    assert (
        coachee.post(f"{url}999999/rate/", {"rating": 4}, content_type="application/json").status_code == 404
    )
    # Between the first and last session there is nothing to rate; after the last, the "after" rating.
    from academy.coaching import services

    services.session_log(
        relationship=relationship, by=relationship.requester.user, held_on=timezone.localdate(), minutes=60
    )
    during = coachee.post(rate, {"rating": 8}, content_type="application/json")
    assert during.status_code == 400 and "rating" in during.json()
    for _ in range(3):
        services.session_log(
            relationship=relationship,
            by=relationship.requester.user,
            held_on=timezone.localdate(),
            minutes=60,
        )
    after = coachee.post(rate, {"rating": 8}, content_type="application/json")
    assert after.status_code == 200 and after.json()["rating_after"] == 8
    assert coachee.get(url).json()[0]["rating_after"] == 8


def test_the_schema_has_the_goal_tracker_and_the_lived_experience_weight() -> None:
    client = api(PersonFactory().user)
    text = client.get("/api/schema/?format=json").content.decode()
    assert "/api/v1/coaching/relationships/{id}/goals/" in text
    assert "/api/v1/coaching/relationships/{id}/goals/{goal_pk}/rate/" in text
    assert "lived_experience" in text
