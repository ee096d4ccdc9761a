"""Text people type is shown as text: script payloads in titles, names and free text come out escaped."""

import pytest
from django.test import Client

from academy.offers.models import AdjustmentRequest, Booking, Offer
from tests.security.world import build_matrix_world

SCRIPT = '<script>alert("xss")</script>'
ATTRIBUTE = '"><img src=x onerror=alert(1)>'
PAYLOAD = SCRIPT + ATTRIBUTE


def assert_escaped(html: str, where: str) -> None:
    assert SCRIPT not in html, f"raw <script> payload rendered on {where}"
    assert "<img src=x onerror" not in html, f"raw attribute-breaking payload rendered on {where}"


@pytest.mark.django_db
def test_script_payloads_in_stored_text_render_escaped_on_every_page() -> None:
    world = build_matrix_world(given_name="Eve" + PAYLOAD, user__first_name="Eve" + PAYLOAD)
    Offer.objects.filter(pk=world.offer.pk).update(title="Offer " + PAYLOAD, summary="Summary " + PAYLOAD)
    Booking.objects.filter(pk__in=[world.applied.pk, world.sponsored.pk]).update(
        application_statement="Statement " + PAYLOAD
    )
    AdjustmentRequest.objects.filter(pk=world.adjustment.pk).update(request="Adjustment " + PAYLOAD)

    pages = {
        "participant": [
            "/",
            "/offers/",
            f"/offers/{world.offer.slug}/",
            "/my-learning/",
            "/me/",
            f"/my-learning/bookings/{world.booking.pk}/",
        ],
        "sponsor": ["/sponsor/", f"/sponsor/applications/{world.sponsored.pk}/"],
        "pm": [
            "/manage/",
            f"/manage/offers/{world.offer.pk}/",
            f"/manage/cohorts/{world.cohort.pk}/",
            f"/manage/cohorts/{world.cohort.pk}/adjustments/{world.adjustment.pk}/",
            f"/manage/cohorts/{world.applied.cohort_id}/applications/{world.applied.pk}/",
            f"/manage/sessions/{world.session.pk}/attendance/",
        ],
        "admin": ["/admin/offers/offer/", "/admin/people/person/"],
    }
    shown_escaped = 0
    for role, paths in pages.items():
        client = Client()
        client.force_login(world.users[role])
        for path in paths:
            response = client.get(path)
            assert response.status_code == 200, f"{path} answered {response.status_code} as {role}"
            html = response.content.decode()
            assert_escaped(html, f"{path} ({role})")
            shown_escaped += "&lt;script&gt;" in html
    # The payloads must actually have been on the pages (escaped), or the test proved nothing.
    assert shown_escaped >= 8


@pytest.mark.django_db
def test_script_payload_in_api_output_is_plain_json_text() -> None:
    world = build_matrix_world()
    Offer.objects.filter(pk=world.offer.pk).update(title="Offer " + PAYLOAD)
    client = Client()
    client.force_login(world.users["participant"])
    response = client.get(f"/api/v1/offers/{world.offer.pk}/", HTTP_ACCEPT="application/json")
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["title"] == "Offer " + PAYLOAD
