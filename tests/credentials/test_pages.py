import pytest
from django.test import Client

from academy.credentials.services import credential_revoke

from .helpers import issued

pytestmark = pytest.mark.django_db


def test_the_public_page_says_valid_with_issuer_holder_and_achievement():
    credential, _ = issued(given_name="Ada", family_name="Okafor")
    page = Client().get(f"/credentials/{credential.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Valid" in text and "Ada Okafor" in text and "Leading across systems" in text
    assert credential.academy.name in text
    assert "Download" not in text  # only the holder and the academy see the files


def test_after_revocation_the_same_page_says_revoked_with_the_date():
    credential, manager = issued()
    credential_revoke(credential=credential, reason="Private reason", by=manager)
    text = Client().get(f"/credentials/{credential.pk}/").content.decode()
    assert "Revoked" in text and "revoked it on" in text
    assert "Private reason" not in text


def test_pasting_the_token_on_the_verify_page_gives_the_same_answer():
    credential, _ = issued()
    page = Client().post("/credentials/verify/", {"token": credential.token})
    assert "Valid" in page.content.decode()
    tampered = credential.token[:-4] + ("AAAA" if not credential.token.endswith("AAAA") else "BBBB")
    page = Client().post("/credentials/verify/", {"token": tampered})
    assert "Not valid" in page.content.decode()
    assert "signature does not match" in page.content.decode()


def test_the_holder_downloads_the_jwt_json_and_pdf():
    credential, _ = issued()
    client = Client()
    client.force_login(credential.holder.user)
    jwt_file = client.get(f"/credentials/{credential.pk}/credential.jwt")
    assert jwt_file.content.decode() == credential.token
    uploaded = client.get(f"/credentials/{credential.pk}/credential.json")
    assert credential.token in uploaded.content.decode()
    from django.core.files.uploadedfile import SimpleUploadedFile

    page = Client().post(
        "/credentials/verify/",
        {"file": SimpleUploadedFile("certificate.json", uploaded.content, content_type="application/json")},
    )
    assert "Valid" in page.content.decode()
    pdf = client.get(f"/credentials/{credential.pk}/certificate.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")


def test_my_certificates_lists_the_holders_credentials():
    credential, _ = issued()
    client = Client()
    client.force_login(credential.holder.user)
    assert "Leading across systems" in client.get("/credentials/mine/").content.decode()


def test_the_manager_revokes_through_the_page():
    credential, manager = issued()
    client = Client()
    client.force_login(manager)
    response = client.post(f"/credentials/{credential.pk}/revoke/", {"reason": "Issued in error"})
    assert response.status_code == 302
    credential.refresh_from_db()
    assert credential.status == "revoked"


def test_api_verify_is_public():
    credential, _ = issued()
    response = Client().post(
        "/api/v1/credentials/verify/", {"credential": credential.token}, content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json()["status"] == "valid"


def test_api_verify_is_throttled_per_caller():
    client = Client()
    answers = [
        client.post("/api/v1/credentials/verify/", {"credential": "a.b.c"}, content_type="application/json")
        for _ in range(61)
    ]
    assert {a.status_code for a in answers[:60]} == {200}
    assert answers[60].status_code == 429


def test_api_revoke_by_the_team_shows_in_the_public_answer():
    credential, manager = issued()
    client = Client()
    client.force_login(manager)
    response = client.post(
        f"/api/v1/credentials/{credential.pk}/revoke/",
        {"reason": "Issued in error", "public": True},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["status"] == "revoked"
    answer = (
        Client()
        .post(
            "/api/v1/credentials/verify/", {"credential": credential.token}, content_type="application/json"
        )
        .json()
    )
    assert answer["status"] == "revoked" and "Reason: Issued in error" in answer["reasons"]


def test_api_revoke_without_a_reason_is_a_field_error():
    credential, manager = issued()
    client = Client()
    client.force_login(manager)
    response = client.post(
        f"/api/v1/credentials/{credential.pk}/revoke/", {}, content_type="application/json"
    )
    assert response.status_code == 400 and "reason" in response.json()


def test_the_printed_certificate_carries_the_verification_address_as_text_and_a_qr_code():
    from academy.credentials.certificate import certificate_html

    credential, _ = issued(given_name="Ada", family_name="Okafor")
    html = certificate_html(credential=credential)
    assert f"/credentials/{credential.pk}/" in html
    assert 'src="data:image/svg+xml' in html and 'alt="QR code of the verification address"' in html
    assert "Ada Okafor" in html
