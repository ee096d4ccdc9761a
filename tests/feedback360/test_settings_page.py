"""The programme team sees and changes the academy's minimum number of raters on a page."""

import pytest
from django.test import Client

from academy.feedback360 import services
from tests.factories import programme_manager
from tests.feedback360.helpers import academy_with_statements

pytestmark = pytest.mark.django_db


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def test_the_programme_team_changes_the_minimum_number_of_raters():
    academy = academy_with_statements()
    client = _client(programme_manager(academy))
    before = services.min_raters_of(academy.pk)
    page = client.get(f"/manage/360/{academy.pk}/").content.decode()
    assert f"Minimum number of raters: <strong>{before}</strong>" in page
    form = client.get(f"/manage/360/{academy.pk}/settings/").content.decode()
    assert f'value="{before}"' in form
    response = client.post(f"/manage/360/{academy.pk}/settings/", {"min_raters": "5"}, follow=True)
    assert "The minimum number of raters is now 5." in response.content.decode()
    assert services.min_raters_of(academy.pk) == 5
    assert "Minimum number of raters: <strong>5</strong>" in response.content.decode()


@pytest.mark.parametrize("value", ["1", "21"])
def test_a_number_out_of_range_is_refused_with_the_services_message(value):
    academy = academy_with_statements(min_raters=4)
    response = _client(programme_manager(academy)).post(
        f"/manage/360/{academy.pk}/settings/", {"min_raters": value}
    )
    page = response.content.decode()
    assert response.status_code == 200 and "nhsuk-error-summary" in page
    assert "Enter a number from 2 to 20." in page
    assert services.min_raters_of(academy.pk) == 4


def test_another_academys_programme_manager_cannot_change_it():
    academy = academy_with_statements(min_raters=4)
    other = programme_manager(academy_with_statements())
    response = _client(other).post(f"/manage/360/{academy.pk}/settings/", {"min_raters": "9"})
    assert response.status_code in (403, 404)
    assert services.min_raters_of(academy.pk) == 4
