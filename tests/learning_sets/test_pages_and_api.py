"""The pages and the API a member, a programme manager and a facilitator use."""

import pytest
from django.test import Client
from django.utils import timezone

from academy.core.models import OutboxMessage
from academy.learning_sets import services
from academy.learning_sets.models import FormationRun, LearningSet, Meeting, Membership, PoolEntry
from tests.factories import PersonFactory
from tests.learning_sets.helpers import SLOTS, pool_world

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_person_joins_a_community_and_asks_to_join_action_learning_with_their_times() -> None:
    world = pool_world(0)
    person = PersonFactory(job_title="Receptionist")  # no job-title gate
    client = _client(person.user)
    page = client.get(f"/communities/{world.community.slug}/")
    assert "Join the community" in page.content.decode()
    response = client.post(f"/communities/{world.community.slug}/join/", {"in_directory": "on"})
    assert response.status_code == 302
    assert Membership.objects.get(person=person).in_directory
    page = client.get(f"/communities/{world.community.slug}/").content.decode()
    assert "You are a member" in page and "Member directory" in page and person.full_name in page

    response = client.post(f"/action-learning/{world.pool.pk}/join/", {})
    assert "Choose at least one time you can make." in response.content.decode()
    response = client.post(f"/action-learning/{world.pool.pk}/join/", {"slots": [SLOTS[1]]})
    assert response.status_code == 302
    assert PoolEntry.objects.get(person=person).slots == [SLOTS[1]]


def test_a_non_member_sees_no_directory() -> None:
    world = pool_world(0)
    member = PersonFactory()
    services.community_join(community=world.community, by=member.user, in_directory=True)
    page = _client(PersonFactory().user).get(f"/communities/{world.community.slug}/").content.decode()
    assert member.full_name not in page and "Member directory" not in page


def test_a_large_directory_comes_in_pages_of_25() -> None:
    """A community of thousands lists its directory 25 at a time, alphabetically, with numbered pages."""
    world = pool_world(0)
    members = [PersonFactory(family_name=f"Member{n:02d}") for n in range(30)]
    for member in members:
        services.community_join(community=world.community, by=member.user, in_directory=True)
    client = _client(members[0].user)

    first = client.get(f"/communities/{world.community.slug}/").content.decode()
    second = client.get(f"/communities/{world.community.slug}/?page=2").content.decode()

    assert "30 members, from 1 to 25 here" in first and 'aria-label="Page 2"' in first
    assert members[24].full_name in first and members[25].full_name not in first
    assert members[25].full_name in second and members[0].full_name not in second


def test_a_programme_manager_forms_moves_and_publishes_on_the_pages() -> None:
    world = pool_world(11)
    client = _client(world.pm)
    response = client.post(
        f"/manage/action-learning/{world.pool.pk}/",
        {"ics": 3, "sector": 2, "organisation": 1, "role_level": 1},
    )
    run = FormationRun.objects.get(pool=world.pool)
    assert response.url == f"/manage/action-learning/runs/{run.pk}/"
    page = client.get(response.url).content.decode()
    assert "Set 1" in page and "Set 2" in page and "Mix score" in page
    # A move that leaves a set too small is refused, with the rule named
    small = min(range(2), key=lambda i: len(run.sets[i][1]))
    mover = run.sets[small][1][0]
    response = client.post(
        f"/manage/action-learning/runs/{run.pk}/move/",
        {"person": mover, "to_set": 2 - small, "version": run.version},
    )
    assert response.status_code == 200
    assert "fewer than the smallest set size of 5" in response.content.decode()
    response = client.post(  # a copy opened before someone else changed it
        f"/manage/action-learning/runs/{run.pk}/move/",
        {"person": mover, "to_set": 2 - small, "version": run.version - 1},
    )
    assert "Someone else changed this proposal since you opened it" in response.content.decode()
    response = client.post(f"/manage/action-learning/runs/{run.pk}/publish/", {"version": run.version})
    assert response.status_code == 302
    assert LearningSet.objects.filter(run=run).count() == 2
    # A second manager with the old copy is told it changed
    response = client.post(
        f"/manage/action-learning/runs/{run.pk}/publish/", {"version": run.version}, follow=True
    )
    assert "changed this proposal since you opened it" in response.content.decode()
    assert LearningSet.objects.filter(run=run).count() == 2


def test_an_impossible_pool_shows_the_reason_in_plain_english() -> None:
    world = pool_world(4)
    client = _client(world.pm)
    response = client.post(
        f"/manage/action-learning/{world.pool.pk}/",
        {"ics": 3, "sector": 2, "organisation": 1, "role_level": 1},
        follow=True,
    )
    page = response.content.decode()
    assert "No sets can be formed" in page
    assert "The pool has 4 people, fewer than the smallest set size of 5." in page


def test_a_facilitator_logs_the_first_meeting() -> None:
    world = pool_world(10)
    run = services.formation_run_create(pool=world.pool, by=world.pm)
    first = services.formation_publish(run=run, version=run.version, by=world.pm)[0]
    facilitator = PersonFactory()
    services.set_facilitator_assign(learning_set=first, person=facilitator, by=world.pm)
    client = _client(facilitator.user)
    present = list(first.members.values_list("person_id", flat=True))
    today = timezone.localdate()
    response = client.post(
        f"/my-sets/{first.pk}/meetings/new/",
        {
            "held_on_day": today.day,
            "held_on_month": today.month,
            "held_on_year": today.year,
            "present": present[:3],
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    meeting = Meeting.objects.get(learning_set=first)
    assert meeting.attendance.filter(present=True).count() == 3
    page = client.get(f"/my-sets/{first.pk}/").content.decode()
    assert "3 of 5" in page
    # the facilitator of one set cannot open another
    second = LearningSet.objects.exclude(pk=first.pk).get()
    assert client.get(f"/my-sets/{second.pk}/").status_code == 404


def test_the_api_refuses_bad_input_field_by_field() -> None:
    world = pool_world(10)
    client = _client(world.pm)
    base = "/api/v1/learning-sets"
    response = client.post(
        f"{base}/pools/{world.pool.pk}/join/",
        {"slots": ["Sunday at midnight"]},
        content_type="application/json",
    )
    assert response.status_code == 400 and "slots" in response.json()
    response = client.post(
        f"{base}/pools/{world.pool.pk}/form/", {"ics": -1}, content_type="application/json"
    )
    assert response.status_code == 400 and "ics" in response.json()
    response = client.post(f"{base}/pools/{world.pool.pk}/form/", {}, content_type="application/json")
    assert response.status_code == 201
    run = response.json()
    response = client.post(
        f"{base}/runs/{run['id']}/move/", {"person": "x", "to_set": 0}, content_type="application/json"
    )
    assert response.status_code == 400 and {"person", "to_set", "version"} <= set(response.json())
    response = client.post(
        f"{base}/runs/{run['id']}/publish/", {"version": run["version"] - 1}, content_type="application/json"
    )
    assert response.status_code == 400 and "version" in response.json()
    response = client.post(
        f"{base}/runs/{run['id']}/publish/", {"version": run["version"]}, content_type="application/json"
    )
    assert response.status_code == 200 and len(response.json()) == 2
    assert OutboxMessage.objects.filter(key__contains=":published:").count() == 10
    set_id = response.json()[0]["id"]
    response = client.post(
        f"{base}/sets/{set_id}/meetings/", {"held_on": "21 June 2022"}, content_type="application/json"
    )
    assert response.status_code == 400 and "held_on" in response.json()
    response = client.post(
        f"{base}/communities/", {"academy": world.academy.pk, "name": ""}, content_type="application/json"
    )
    assert response.status_code == 400 and "name" in response.json()


def test_the_schema_lists_the_learning_sets_api() -> None:
    response = _client(PersonFactory().user).get("/api/schema/")
    text = response.content.decode()
    assert (
        "/api/v1/learning-sets/runs/{id}/publish/" in text
        and "/api/v1/learning-sets/pools/{id}/join/" in text
    )
