"""Matching runs through the real engine (academy.matching)."""

from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from academy.coaching import services
from academy.coaching.models import MatchingRun, PractitionerProfile, Request, ShortlistEntry
from academy.people.models import Person
from academy.people.selectors import in_line_chain
from tests.coaching.helpers import CHANGE, CONFIDENCE, ask, hub_administrator, practitioner
from tests.factories import AcademyFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_a_run_matches_optimally_shortlists_and_publishes_once() -> None:
    academy = AcademyFactory()
    admin = hub_administrator(academy)
    change = practitioner(academy, specialisms=[CHANGE], capacity=1)
    confident = practitioner(academy, specialisms=[CONFIDENCE], capacity=1)
    wants_change = ask(academy, goals=[(CHANGE, "Lead a merger")])
    wants_confidence = ask(academy, goals=[(CONFIDENCE, "Speak up at board")])
    run = services.matching_run_start(academy=academy, kind="coaching", by=admin)
    assert run.status == MatchingRun.Status.DRAFT, run.error
    results = {r.request_id: r for r in run.results.all()}
    assert results[wants_change.pk].practitioner_id == change.pk
    assert results[wants_confidence.pk].practitioner_id == confident.pk
    assert run.figures["matched"] == 2 and run.figures["unmatched"] == 0
    with pytest.raises(ValidationError):
        services.matching_run_publish(run=run, by=admin)  # review first
    services.matching_run_review(run=run, by=admin)
    services.matching_run_publish(run=run, by=admin)
    with pytest.raises(ValidationError):
        services.matching_run_publish(run=run, by=admin)
    assert Request.objects.get(pk=wants_change.pk).status == Request.Status.SHORTLISTED
    first = ShortlistEntry.objects.filter(request=wants_change).order_by("rank").first()
    assert first is not None and first.practitioner_id == change.pk and first.factors["goals"] == 1.0


def test_an_infeasible_pool_says_who_and_why_and_publishes_nothing() -> None:
    academy = AcademyFactory()
    admin = hub_administrator(academy)
    manager = PersonFactory()
    practitioner(academy, person=manager)
    ask(academy, person=PersonFactory(line_manager=manager))
    run = services.matching_run_start(academy=academy, kind="coaching", by=admin)
    result = run.results.get()
    assert result.practitioner_id is None and result.unmatched_reason
    services.matching_run_review(run=run, by=admin)
    with pytest.raises(ValidationError):
        services.matching_run_publish(run=run, by=admin)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    managers=st.lists(st.integers(min_value=-1, max_value=12), min_size=4, max_size=14),
    capacities=st.lists(st.integers(min_value=1, max_value=3), min_size=14, max_size=14),
    data=st.data(),
)
def test_no_match_or_shortlist_inside_a_chain_and_no_one_over_capacity(
    managers: list[int], capacities: list[int], data: st.DataObject
) -> None:
    """Over random organisation trees, through the database and the real engine."""
    academy = AcademyFactory()
    admin = hub_administrator(academy)
    people: list[Person] = []
    for index, manager in enumerate(managers):
        people.append(PersonFactory(line_manager=people[manager] if 0 <= manager < index else None))
    requesters = data.draw(st.sets(st.integers(0, len(people) - 1), min_size=1, max_size=len(people) - 1))
    profiles = {}
    for index, person in enumerate(people):
        if index in requesters:
            ask(academy, person=person)
        else:
            profiles[person.pk] = practitioner(academy, person=person, capacity=capacities[index])
    run = services.matching_run_start(academy=academy, kind="coaching", by=admin)
    assert run.status == MatchingRun.Status.DRAFT, run.error
    taken: Counter[int] = Counter()
    offered: Counter[int] = Counter()
    for result in run.results.select_related("request"):
        requester = result.request.person_id
        for profile_id in result.shortlist:
            offered[profile_id] += 1
            profile = PractitionerProfile.objects.get(pk=profile_id)
            assert not in_line_chain(requester, profile.person_id)
        if result.practitioner_id:
            taken[result.practitioner_id] += 1
            assert result.shortlist[0] == result.practitioner_id
        else:
            assert result.unmatched_reason
    capacity = {p.pk: p.capacity for p in profiles.values()}
    assert all(taken[pk] <= capacity[pk] and offered[pk] <= capacity[pk] for pk in capacity)


def test_a_large_pool_is_matched_in_the_background_with_progress(
    settings: object, django_capture_on_commit_callbacks: object
) -> None:
    settings.COACHING_BACKGROUND_FROM = 2  # type: ignore[attr-defined]
    academy = AcademyFactory()
    admin = hub_administrator(academy)
    practitioner(academy, specialisms=[CHANGE], capacity=2)
    ask(academy)
    ask(academy)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:  # type: ignore[operator]
        run = services.matching_run_start(academy=academy, kind="coaching", by=admin)
    assert (
        run.status == MatchingRun.Status.RUNNING and run.progress == 0
    )  # the page shows "Matching is under way"
    for callback in callbacks:
        callback()  # the worker picks the task up
    run.refresh_from_db()
    assert run.status == MatchingRun.Status.DRAFT and run.progress == 100 and run.figures["matched"] == 2


def test_a_run_leaving_people_unmatched_publishes_only_once_the_administrator_acknowledges_it() -> None:
    from django.test import Client

    academy = AcademyFactory()
    admin = hub_administrator(academy)
    coach = practitioner(academy, specialisms=[CHANGE], capacity=1)
    first = ask(academy, goals=[(CHANGE, "Lead a merger")])
    second = ask(academy, goals=[(CHANGE, "Lead a restructure")])  # one place for two people
    run = services.matching_run_start(academy=academy, kind="coaching", by=admin)
    assert (run.figures["matched"], run.figures["unmatched"]) == (1, 1)
    services.matching_run_review(run=run, by=admin)
    left = run.results.get(practitioner__isnull=True).request
    with pytest.raises(ValidationError) as refused:
        services.matching_run_publish(run=run, by=admin)
    assert "leaves 1 person unmatched" in refused.value.message_dict["unmatched_acknowledged"][0]
    assert not ShortlistEntry.objects.exists()
    # On the page: the unmatched list with reasons, the acknowledgement as a checkbox, its error on the page
    page = Client()
    page.force_login(admin)
    shown = page.get(f"/coaching/hub/runs/{run.pk}/").content.decode()
    assert left.person.full_name in shown and "1 person would not be matched" in shown
    missing = page.post(f"/coaching/hub/runs/{run.pk}/publish/", {})
    assert missing.status_code == 400 and "nhsuk-error-summary" in missing.content.decode()
    # Through the API likewise: a 400 naming the field, then publication with the acknowledgement
    api = page.post(f"/api/v1/coaching/runs/{run.pk}/publish/", {}, content_type="application/json")
    assert api.status_code == 400 and "unmatched_acknowledged" in api.json()
    done = page.post(
        f"/api/v1/coaching/runs/{run.pk}/publish/",
        {"unmatched_acknowledged": True},
        content_type="application/json",
    )
    assert done.status_code == 200 and done.json()["status"] == "published"
    matched = first if left.pk == second.pk else second
    assert Request.objects.get(pk=matched.pk).status == Request.Status.SHORTLISTED
    assert Request.objects.get(pk=left.pk).status == Request.Status.OPEN  # still waiting
    assert list(ShortlistEntry.objects.values_list("request_id", "practitioner_id")) == [
        (matched.pk, coach.pk)
    ]
