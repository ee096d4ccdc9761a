"""Our own verification refuses what has been changed, with the reason."""

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from academy.credentials.documents import enveloped
from academy.credentials.services import credential_verify

from .helpers import issued
from .test_independent_verifier import one_byte_changed

pytestmark = pytest.mark.django_db


def test_a_changed_payload_fails_with_the_reason():
    credential, _ = issued()
    result = credential_verify(one_byte_changed(credential.token, 1))
    assert result.status == "invalid" and not result.ok
    assert any("changed" in reason or "damaged" in reason for reason in result.reasons)


def test_a_changed_signature_fails_with_the_reason():
    credential, _ = issued()
    result = credential_verify(one_byte_changed(credential.token, 2))
    assert result.status == "invalid"
    assert "signature does not match" in result.reasons[0]


def test_an_unknown_key_fails_with_the_reason():
    credential, _ = issued()
    payload = jwt.decode(credential.token, options={"verify_signature": False})
    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    forged = jwt.encode(payload, stranger, algorithm="RS256", headers={"kid": f"{payload['iss']}#not-ours"})
    result = credential_verify(forged)
    assert result.status == "invalid"
    assert "does not publish" in result.reasons[0]


def test_a_forgery_naming_our_key_fails_on_the_signature():
    credential, _ = issued()
    header = jwt.get_unverified_header(credential.token)
    payload = jwt.decode(credential.token, options={"verify_signature": False})
    payload["name"] = payload["vc"]["name"] = "System OD Leader"
    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    forged = jwt.encode(payload, stranger, algorithm="RS256", headers={"kid": header["kid"]})
    assert "signature does not match" in credential_verify(forged).reasons[0]


def test_an_unsigned_token_is_refused():
    credential, _ = issued()
    payload = jwt.decode(credential.token, options={"verify_signature": False})
    unsigned = jwt.encode(payload, None, algorithm="none")
    result = credential_verify(unsigned)
    assert result.status == "invalid"


@pytest.mark.parametrize(
    "text", ["", "hello", "{}", "[1]", '{"id": "urn:uuid:x"}', "a.b.c", "x" * 70_000, "eyJ.eyJ.eyJ"]
)
def test_rubbish_is_not_valid_and_never_raises(text):
    result = credential_verify(text)
    assert result.status == "invalid" and result.reasons


def test_the_json_download_verifies_and_a_changed_one_does_not():
    import json

    credential, _ = issued()
    assert credential_verify(json.dumps(enveloped(credential.token))).ok
    assert not credential_verify(json.dumps(enveloped(one_byte_changed(credential.token, 1)))).ok
