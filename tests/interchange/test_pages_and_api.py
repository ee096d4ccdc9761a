"""The pages and the API over the same services: who sees what, clear messages for bad input, and the
figures page."""

import pytest
from django.test import Client

from academy.interchange import services
from academy.interchange.models import Arrangement
from tests.factories import AcademyFactory, programme_manager

from .helpers import ask_to_learn, host, learner, offer

pytestmark = pytest.mark.django_db


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_hosts_and_learners_see_only_their_own_arrangements():
    academy = AcademyFactory()
    mine, theirs = learner(), learner()
    arrangement = services.opportunity_ask(opportunity=offer(academy), by=mine.user)
    other = services.opportunity_ask(opportunity=offer(academy), by=theirs.user)
    page = _client(mine.user).get("/interchange/").content.decode()
    assert f"/interchange/arrangements/{arrangement.pk}/" in page
    assert f"/interchange/arrangements/{other.pk}/" not in page
    assert _client(mine.user).get(f"/interchange/arrangements/{other.pk}/").status_code == 404
    api = _client(mine.user).get("/api/v1/interchange/arrangements/").json()
    assert [row["id"] for row in api["results"]] == [arrangement.pk]
    hosting = _client(arrangement.opportunity.host.user).get("/api/v1/interchange/arrangements/").json()
    assert [row["id"] for row in hosting["results"]] == [arrangement.pk]


def test_a_learner_asking_for_a_full_opportunity_is_told_so_on_the_page_and_in_the_api():
    academy = AcademyFactory()
    opportunity = offer(academy, capacity=1)
    services.opportunity_ask(opportunity=opportunity, by=learner().user)
    late = learner()
    response = _client(late.user).post(f"/interchange/opportunities/{opportunity.pk}/ask/", follow=True)
    assert "no places left" in response.content.decode()
    answer = _client(late.user).post(f"/api/v1/interchange/opportunities/{opportunity.pk}/ask/")
    assert answer.status_code == 400
    assert "no places left" in answer.json()["opportunity"][0]
    assert Arrangement.objects.count() == 1


def test_a_full_opportunity_and_one_in_my_chain_are_not_listed_to_me():
    academy = AcademyFactory()
    boss = host()
    me = learner(manager=boss)
    offer(academy, person=boss, title="My own manager's day")
    open_one = offer(academy, title="Someone else's day")
    listed = _client(me.user).get("/interchange/opportunities/").content.decode()
    assert "Someone else&#x27;s day" in listed and "My own manager" not in listed
    api = _client(me.user).get("/api/v1/interchange/opportunities/").json()
    assert [row["id"] for row in api["results"]] == [open_one.pk]


def test_the_api_refuses_bad_input_with_field_details_never_a_500():
    academy = AcademyFactory()
    client = _client(learner().user)
    answer = client.post(
        "/api/v1/interchange/opportunities/",
        {"academy": academy.pk, "kind": "juggling", "title": "", "capacity": 0},
        content_type="application/json",
    )
    assert answer.status_code == 400 and {"kind", "title", "capacity"} <= set(answer.json())
    answer = client.post(
        "/api/v1/interchange/opportunities/",
        {"academy": academy.pk, "kind": "shadowing", "title": "A day", "capacity": 1},
        content_type="application/json",
    )
    assert answer.status_code == 400 and "duration" in answer.json()  # neither dates nor a duration
    assert client.get("/api/v1/interchange/arrangements/99999999999999999999999/").status_code == 404


def test_the_figures_page_prints_each_share_with_its_base():
    academy = AcademyFactory()
    services.opportunity_ask(opportunity=offer(academy), by=learner().user)
    ask_to_learn(academy, learner())
    page = _client(programme_manager(academy)).get(f"/interchange/manage/{academy.pk}/figures/")
    text = page.content.decode()
    assert "1 of 1 matches (100%)" in text  # from the NHS into social care
    assert "0 of 1 matches (0%)" in text  # completed


def test_the_ask_button_shows_only_to_those_the_rules_let_ask():
    academy = AcademyFactory()
    boss = host()
    me = learner(manager=boss)
    stranger = learner()
    opportunity = offer(academy, person=boss)
    assert (
        "Ask for a place"
        not in _client(me.user).get(f"/interchange/opportunities/{opportunity.pk}/").content.decode()
    )
    assert (
        "Ask for a place"
        not in _client(boss.user).get(f"/interchange/opportunities/{opportunity.pk}/").content.decode()
    )
    assert (
        "Ask for a place"
        in _client(stranger.user).get(f"/interchange/opportunities/{opportunity.pk}/").content.decode()
    )
