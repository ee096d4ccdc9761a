"""The workshop as an offer: the programme team reads the workshop step from the offer's register."""

import pytest
from django.test import Client

from academy.offers.models import Attendance
from academy.validation import services
from academy.validation.models import Readiness
from tests.factories import CohortFactory, OfferFactory, PersonFactory, SessionFactory, attendance, booking

from .helpers import world

pytestmark = pytest.mark.django_db
BUTTON = "Record workshop attendance from the register"


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_cohort_page_records_the_workshop_from_the_offers_register_and_the_route_moves_on():
    w = world(to="interest")
    workshop = CohortFactory(offer=OfferFactory(academy=w.academy))
    session = SessionFactory(cohort=workshop)
    w.cohort.workshop = workshop
    w.cohort.save(update_fields=["workshop"])
    absent = PersonFactory()
    absent_route = services.route_express_interest(cohort=w.cohort, statement="", by=absent.user)
    attendance(session, booking(workshop, w.practitioner))
    attendance(session, booking(workshop, absent), status=Attendance.Status.ABSENT)
    client = _client(w.pm)
    page = client.get(f"/validation/manage/cohorts/{w.cohort.pk}/").content.decode()
    assert BUTTON in page
    response = client.post(f"/validation/manage/cohorts/{w.cohort.pk}/workshop/", follow=True)
    assert "Workshop attendance recorded from the register for 1 practitioner." in response.content.decode()
    w.route.refresh_from_db()
    absent_route.refresh_from_db()
    assert w.route.workshop_attended_at == session.starts_at
    assert absent_route.workshop_attended_at is None
    # the next step follows: the practitioner decides after the workshop
    services.route_decide(route=w.route, readiness=Readiness.NOW, by=w.practitioner.user)
    # pressing again marks nobody twice
    again = client.post(f"/validation/manage/cohorts/{w.cohort.pk}/workshop/", follow=True)
    assert "for 0 practitioners." in again.content.decode()


def test_a_cohort_without_a_workshop_offer_has_no_button_and_the_team_is_told():
    w = world(to="interest")
    client = _client(w.pm)
    assert BUTTON not in client.get(f"/validation/manage/cohorts/{w.cohort.pk}/").content.decode()
    response = client.post(f"/validation/manage/cohorts/{w.cohort.pk}/workshop/", follow=True)
    assert "This cohort has no workshop offer linked." in response.content.decode()
    api = client.post(f"/api/v1/validation/cohorts/{w.cohort.pk}/workshop-sync/")
    assert api.status_code == 400 and "workshop" in api.json()


def test_the_api_action_reports_how_many_were_marked():
    w = world(to="interest")
    workshop = CohortFactory(offer=OfferFactory(academy=w.academy))
    w.cohort.workshop = workshop
    w.cohort.save(update_fields=["workshop"])
    attendance(SessionFactory(cohort=workshop), booking(workshop, w.practitioner))
    response = _client(w.pm).post(f"/api/v1/validation/cohorts/{w.cohort.pk}/workshop-sync/")
    assert response.status_code == 200 and response.json() == {"marked": 1}
