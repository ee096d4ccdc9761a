"""Choosing a line manager or a sponsor: only someone the rule allows (someone in your own
organisation; a sponsor also with an Academy account), and the answer for anyone else is word for
word the answer for nobody, so choosing cannot be used to find out who has a record."""

import pytest
from rest_framework.test import APIClient

from academy.offers.models import Booking
from academy.people.models import Person
from academy.people.permissions import COLLEAGUE_NOT_FOUND, SPONSOR_NOT_FOUND
from academy.people.services import person_update_details
from tests.factories import CohortFactory, OfferFactory, PersonFactory
from tests.people.factories import administrator

pytestmark = pytest.mark.django_db


def api(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def sponsored_cohort():
    return CohortFactory(offer=OfferFactory(requires_application=True, requires_sponsor=True))


def test_the_api_refuses_a_line_manager_from_another_organisation_as_if_they_did_not_exist():
    me = PersonFactory()
    stranger = PersonFactory()  # another organisation
    client = api(me.user)
    outside = client.patch("/api/v1/me/", {"line_manager": stranger.pk}, format="json")
    missing = client.patch("/api/v1/me/", {"line_manager": stranger.pk + 1000}, format="json")
    assert outside.status_code == missing.status_code == 400
    assert outside.json() == missing.json() == {"line_manager": [COLLEAGUE_NOT_FOUND]}
    assert stranger.family_name not in outside.content.decode()
    me.refresh_from_db()
    assert me.line_manager is None
    page = client.get("/api/v1/me/").json()
    assert page["line_manager"] is None


def test_the_api_accepts_a_line_manager_in_your_own_organisation():
    me = PersonFactory()
    colleague = PersonFactory(organisation=me.organisation)
    response = api(me.user).patch("/api/v1/me/", {"line_manager": colleague.pk}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["line_manager"] == colleague.pk


def test_an_anonymised_colleague_cannot_be_chosen():
    me = PersonFactory()
    colleague = PersonFactory(organisation=me.organisation)
    Person.objects.filter(pk=colleague.pk).update(anonymised_at="2025-01-01T00:00Z")
    response = api(me.user).patch("/api/v1/me/", {"line_manager": colleague.pk}, format="json")
    assert response.json() == {"line_manager": [COLLEAGUE_NOT_FOUND]}


def test_the_page_refuses_a_line_manager_from_another_organisation_as_if_they_did_not_exist(client):
    me = PersonFactory()
    stranger = PersonFactory()
    client.force_login(me.user)
    form = {"organisation": me.organisation.ods_code}
    outside = client.post("/me/edit/", {**form, "line_manager_email": stranger.email})
    missing = client.post("/me/edit/", {**form, "line_manager_email": "nobody-at-all@example.org"})
    assert outside.status_code == missing.status_code == 200
    assert outside.context["form"].errors == missing.context["form"].errors
    assert outside.context["form"].errors["line_manager_email"] == [COLLEAGUE_NOT_FOUND]
    assert stranger.family_name not in outside.content.decode()
    me.refresh_from_db()
    assert me.line_manager is None


def test_the_service_itself_keeps_the_rule_and_an_administrator_is_not_bound_by_it():
    me = PersonFactory()
    stranger = PersonFactory()
    with pytest.raises(Exception) as error:
        person_update_details(person=me, by=me.user, line_manager=stranger)
    assert COLLEAGUE_NOT_FOUND in str(error.value)
    person_update_details(person=me, by=administrator(), line_manager=stranger)
    me.refresh_from_db()
    assert me.line_manager == stranger


def test_booking_api_answers_a_sponsor_outside_the_rule_exactly_as_an_unknown_address():
    cohort = sponsored_cohort()
    me = PersonFactory()
    stranger = PersonFactory()  # has an account, another organisation
    without_account = PersonFactory(
        organisation=me.organisation, user=None, given_name="A", family_name="B", email="no-login@example.org"
    )
    client = api(me.user)
    answers = [
        client.post("/api/v1/bookings/", {"cohort": cohort.pk, "sponsor_email": email}, format="json")
        for email in (stranger.email, without_account.email, "nobody-at-all@example.org")
    ]
    assert [a.status_code for a in answers] == [400, 400, 400]
    assert (
        answers[0].json() == answers[1].json() == answers[2].json() == {"sponsor_email": [SPONSOR_NOT_FOUND]}
    )
    assert not Booking.objects.filter(person=me).exists()


def test_booking_api_accepts_a_sponsor_in_your_organisation_with_an_account():
    cohort = sponsored_cohort()
    me = PersonFactory()
    colleague = PersonFactory(organisation=me.organisation)
    response = api(me.user).post(
        "/api/v1/bookings/",
        {"cohort": cohort.pk, "sponsor_email": colleague.email.upper(), "application_statement": "Ready."},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["sponsor"] == colleague.pk


def test_booking_page_answers_a_sponsor_outside_the_rule_exactly_as_an_unknown_address(client):
    cohort = sponsored_cohort()
    me = PersonFactory()
    stranger = PersonFactory()
    client.force_login(me.user)
    url = f"/offers/{cohort.offer.slug}/cohorts/{cohort.pk}/book/"
    form = {"application_statement": "Ready to grow.", "sponsor_choice": "other"}
    outside = client.post(url, {**form, "sponsor_email": stranger.email})
    missing = client.post(url, {**form, "sponsor_email": "nobody-at-all@example.org"})
    assert outside.context["form"].errors == missing.context["form"].errors
    assert outside.context["form"].errors["sponsor_email"] == [SPONSOR_NOT_FOUND]
    assert not Booking.objects.filter(person=me).exists()
