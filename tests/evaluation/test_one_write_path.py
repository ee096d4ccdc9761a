"""The page and the API make the same change through the same service, so they follow the same rules:
a goal only on a confirmed place, a new question set's academy, and one shape for theme edits."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from rest_framework.test import APIClient

from academy.evaluation.models import Goal, Instrument, Theme, ThemeSet
from academy.evaluation.services import instrument_create, themes_edit
from academy.offers.models import Booking
from academy.people.models import Role
from tests.evaluation.helpers import attended_session, open_survey
from tests.factories import AcademyFactory, CohortFactory, PersonFactory, booking, grant, programme_manager

pytestmark = pytest.mark.django_db


def api_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


# ---------------------------------------------------------------- goals


@pytest.mark.parametrize("status", [Booking.Status.WAITLISTED, Booking.Status.AWAITING_SPONSOR])
def test_a_goal_needs_a_confirmed_place_in_the_api_as_on_the_page(client, status):
    me = PersonFactory()
    confirmed, other = CohortFactory(), CohortFactory()
    booking(confirmed, me)  # so the page's goal form opens at all
    booking(
        other,
        me,
        status=status,
        waitlisted_at=timezone.now() if status == Booking.Status.WAITLISTED else None,
    )
    body = {"theme": "Leading change", "text": "Lead my team through the merger", "cohort": other.pk}

    response = api_for(me.user).post("/api/v1/goals/", body, format="json")
    assert response.status_code == 400
    assert "cohort" in response.json()

    client.force_login(me.user)
    page = client.post("/my-evaluations/goals/new/", body)
    assert page.status_code == 200  # the form again, with the error
    assert not Goal.objects.filter(person=me).exists()

    body["cohort"] = confirmed.pk
    assert api_for(me.user).post("/api/v1/goals/", body, format="json").status_code == 201


# ---------------------------------------------------------------- a new question set's academy


def test_a_manager_of_one_academy_gets_it_without_choosing_in_the_api_as_on_the_page(client):
    academy = AcademyFactory()
    manager = programme_manager(academy)

    made = api_for(manager).post("/api/v1/instruments/", {"name": "Team check-in"}, format="json")
    assert made.status_code == 201
    assert made.json()["academy"] == academy.pk

    client.force_login(manager)
    client.post("/manage/question-sets/new/", {"name": "Board check-in", "description": ""})
    assert Instrument.objects.get(name="Board check-in").academy == academy


def test_a_manager_of_two_academies_must_choose_in_the_api_as_on_the_page(client):
    first, second = AcademyFactory(), AcademyFactory()
    manager = programme_manager(first)
    grant(manager, Role.PROGRAMME_MANAGER, academy=second)

    refused = api_for(manager).post("/api/v1/instruments/", {"name": "Team check-in"}, format="json")
    assert refused.status_code == 400
    assert "academy" in refused.json()
    client.force_login(manager)
    page = client.post("/manage/question-sets/new/", {"name": "Team check-in", "description": ""})
    assert page.status_code == 200
    assert "academy" in page.context["form"].errors
    assert not Instrument.objects.filter(name="Team check-in").exists()

    chosen = client.post(
        "/manage/question-sets/new/", {"name": "Team check-in", "description": "", "academy": second.pk}
    )
    assert chosen.status_code == 302
    assert Instrument.objects.get(name="Team check-in").academy == second


def test_the_service_defaults_one_academy_and_asks_for_one_of_several():
    academy = AcademyFactory()
    manager = programme_manager(academy)
    assert instrument_create(name="Only one", by=manager).academy == academy
    grant(manager, Role.PROGRAMME_MANAGER, academy=AcademyFactory())
    manager._academy_role_cache = None  # roles are cached per request
    with pytest.raises(ValidationError) as error:
        instrument_create(name="Which one", by=manager)
    assert list(error.value.message_dict) == ["academy"]


# ---------------------------------------------------------------- theme edits


def _themes():
    session, _ = attended_session(1)
    survey = open_survey(session)
    theme_set = ThemeSet.objects.create(offer=survey.offer, survey=survey, question_code="q", title="Themes")
    one = Theme.objects.create(theme_set=theme_set, label="Listening", order=0)
    two = Theme.objects.create(theme_set=theme_set, label="Courage", order=1)
    return theme_set, one, two, programme_manager(survey.offer.academy)


def test_theme_edits_from_the_page_and_the_api_take_one_shape(client):
    theme_set, one, two, manager = _themes()
    api = api_for(manager)
    url = f"/api/v1/theme-sets/{theme_set.pk}/edit/"
    assert (
        api.post(url, {"operation": "rename", "theme": one.pk, "label": "Hearing"}, format="json").status_code
        == 200
    )
    client.force_login(manager)
    client.post(
        f"/manage/themes/{theme_set.pk}/", {"operation": "rename", "theme": two.pk, "label": "Bravery"}
    )
    assert sorted(theme_set.themes.values_list("label", flat=True)) == ["Bravery", "Hearing"]

    # A move names its answer in "answers" both ways; one that is not in the set is bad input.
    with pytest.raises(ValidationError) as error:
        themes_edit(theme_set=theme_set, operation="move", theme=one.pk, answers=[], by=manager)
    assert list(error.value.message_dict) == ["answers"]
    with pytest.raises(ValidationError) as error:
        themes_edit(theme_set=theme_set, operation="rename", theme=999999, label="x", by=manager)
    assert list(error.value.message_dict) == ["theme"]
