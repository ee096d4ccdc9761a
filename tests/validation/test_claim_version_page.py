"""The programme team moves a practitioner's draft claim to the framework's next version on a page."""

import pytest
from django.test import Client

from academy.validation import services
from academy.validation.models import ClaimEntry

from .helpers import small_spec, world

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _next_version(w):
    target = services.framework_import(
        spec=small_spec(slug=w.framework.slug, version="2", codes=("B1", "B2")), by=None
    )
    services.mapping_set(source=w.framework, target=target, pairs=[("A1", "B1")], by=None)
    return target


def test_the_programme_team_moves_a_draft_claim_and_is_told_what_had_no_mapping():
    w = world(to="decided")
    a1, a2 = w.elements
    for element, text in ((a1, "Led the review."), (a2, "Chaired the board.")):
        services.claim_entry_save(route=w.route, element=element, narrative=text, by=w.practitioner.user)
    target = _next_version(w)
    client = _client(w.pm)
    cohort_page = client.get(f"/validation/manage/cohorts/{w.cohort.pk}/").content.decode()
    assert "Move the claim to another framework version" in cohort_page
    url = f"/validation/manage/routes/{w.route.pk}/claim-version/"
    form = client.get(url).content.decode()
    assert str(target) in form
    response = client.post(url, {"source": w.framework.pk, "target": target.pk}, follow=True)
    page = response.content.decode()
    assert f"claim now uses {target}." in page
    assert "Elements with no mapping kept their writing outside the claim: A2." in page
    claim = w.route.claim
    assert list(claim.frameworks.all()) == [target]
    assert ClaimEntry.objects.get(claim=claim, element__code="B1").narrative == "Led the review."


def test_a_submitted_claim_is_refused_with_a_message_and_nothing_moves():
    w = world(to="submitted")
    target = _next_version(w)
    response = _client(w.pm).post(
        f"/validation/manage/routes/{w.route.pk}/claim-version/",
        {"source": w.framework.pk, "target": target.pk},
    )
    page = response.content.decode()
    assert response.status_code == 200 and "nhsuk-error-summary" in page
    assert "This claim is submitted and can no longer be changed." in page
    assert list(w.route.claim.frameworks.all()) == [w.framework]


def test_the_practitioner_cannot_use_the_programme_teams_page():
    w = world(to="decided")
    target = _next_version(w)
    response = _client(w.practitioner.user).post(
        f"/validation/manage/routes/{w.route.pk}/claim-version/",
        {"source": w.framework.pk, "target": target.pk},
    )
    assert response.status_code in (403, 404)


def test_the_programme_team_sees_and_sets_the_mapping_between_versions():
    w = world(to="interest")
    target = services.framework_import(
        spec=small_spec(slug=w.framework.slug, version="2", codes=("B1", "B2")), by=None
    )
    client = _client(w.pm)
    assert (
        "Map elements to another version"
        in client.get(f"/validation/frameworks/{w.framework.pk}/").content.decode()
    )
    url = f"/validation/frameworks/{w.framework.pk}/mapping/"
    assert "No elements are mapped yet." in client.get(url).content.decode()
    refused = client.post(url, {"target": target.pk, "pairs": "A1 = B1\nA2 = Z9\nnonsense"}).content.decode()
    assert "Check line 3." in refused
    refused = client.post(url, {"target": target.pk, "pairs": "A1 = B1\nA2 = Z9"}).content.decode()
    assert "nhsuk-error-summary" in refused and "has no element Z9" in refused
    done = client.post(url, {"target": target.pk, "pairs": "A1 = B1\nA2 = B2"}, follow=True).content.decode()
    assert f"2 element pairs mapped from {w.framework} to {target}." in done
    page = client.get(f"{url}?target={target.pk}").content.decode()
    assert "A1 to B1" in page and "A1 = B1\nA2 = B2" in page
