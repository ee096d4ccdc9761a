"""The hub's access questions and scoped reads."""

import pytest

from academy.coaching import permissions, selectors
from tests.coaching.helpers import active, ask, hub_administrator, practitioner
from tests.factories import AcademyFactory, PersonFactory, programme_manager

pytestmark = pytest.mark.django_db


def test_a_hub_administrator_runs_their_own_academys_hub_only() -> None:
    academy, other = AcademyFactory(), AcademyFactory()
    admin = hub_administrator(academy)
    assert permissions.can_administer_hub(admin, academy.pk)
    assert not permissions.can_administer_hub(admin, other.pk)
    assert not permissions.can_administer_hub(programme_manager(academy), academy.pk)
    superuser = PersonFactory(user__is_superuser=True).user
    assert permissions.can_administer_hub(superuser, other.pk)


def test_requesters_see_published_profiles_practitioners_their_own_and_the_hub_all() -> None:
    academy = AcademyFactory()
    shown, hidden = practitioner(academy), practitioner(academy, published=False)
    assert set(selectors.profiles_visible(PersonFactory().user)) == {shown}
    assert set(selectors.profiles_visible(hidden.person.user)) == {shown, hidden}
    assert set(selectors.profiles_visible(hub_administrator(academy))) == {shown, hidden}
    assert set(selectors.profiles_visible(hub_administrator(AcademyFactory()))) == {shown}


def test_relationships_are_seen_by_the_pair_and_their_hub_only() -> None:
    academy = AcademyFactory()
    relationship = active(academy)
    for user in (
        relationship.requester.user,
        relationship.practitioner.person.user,
        hub_administrator(academy),
    ):
        assert list(selectors.relationships_visible(user)) == [relationship]
    for user in (
        PersonFactory().user,
        hub_administrator(AcademyFactory()),
        practitioner(academy).person.user,
    ):
        assert not selectors.relationships_visible(user).exists()
    assert permissions.can_read_notes(relationship.requester.user, relationship)
    assert not permissions.can_read_notes(hub_administrator(academy), relationship)


def test_requests_are_seen_by_the_requester_and_their_hub_only() -> None:
    academy = AcademyFactory()
    request = ask(academy)
    assert list(selectors.requests_visible(request.person.user)) == [request]
    assert list(selectors.requests_visible(hub_administrator(academy))) == [request]
    assert not selectors.requests_visible(hub_administrator(AcademyFactory())).exists()
    assert not selectors.requests_visible(PersonFactory().user).exists()
