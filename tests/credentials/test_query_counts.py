import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from academy.credentials.services import credential_issue
from tests.factories import CohortFactory, booking, programme_manager

from .helpers import COURSE, completed_booking

pytestmark = pytest.mark.django_db


def queries(client: Client, path: str) -> int:
    client.get(path)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path, HTTP_ACCEPT="application/json").status_code == 200
    return len(captured)


def test_my_certificates_and_the_api_list_ask_the_same_number_of_questions_however_many():
    first = completed_booking()
    person = first.person
    credential_issue(subject=first, achievement=COURSE, by=None)
    client = Client()
    client.force_login(person.user)
    manager_client = Client()
    manager_client.force_login(programme_manager(first.cohort.offer.academy))
    paths = ["/credentials/mine/", "/api/v1/credentials/"]
    before = [queries(client, path) for path in paths] + [queries(manager_client, "/api/v1/credentials/")]
    for _ in range(4):
        more = booking(CohortFactory(offer=first.cohort.offer), person)
        more.completed_at = first.completed_at
        more.save(update_fields=["completed_at"])
        credential_issue(subject=more, achievement=COURSE, by=None)
    after = [queries(client, path) for path in paths] + [queries(manager_client, "/api/v1/credentials/")]
    assert after == before
