import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.core.exceptions import ValidationError
from django.test import Client

from academy.credentials import keys
from academy.credentials.models import SigningKey
from academy.credentials.services import credential_verify, signing_key_rotate

from .helpers import issued

pytestmark = pytest.mark.django_db


def pem() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


def test_a_development_key_is_generated_on_first_use_and_published():
    assert not SigningKey.objects.exists()
    credential, _ = issued()
    key = SigningKey.objects.get()
    assert key.source == "development" and key.kid == credential.kid
    assert [k["kid"] for k in Client().get("/credentials/jwks.json").json()["keys"]] == [key.kid]
    did = Client().get("/.well-known/did.json").json()
    assert did["verificationMethod"][0]["publicKeyJwk"]["kid"] == key.kid
    assert "d" not in did["verificationMethod"][0]["publicKeyJwk"]  # never the private part


def test_keys_from_the_environment_sign_the_last_one_and_keep_earlier_ones_published(settings, tmp_path):
    first, second = pem(), pem()
    settings.CREDENTIALS_SIGNING_KEYS = first
    old, _ = issued()
    path = tmp_path / "keys.pem"
    path.write_text(first + "\n" + second)
    settings.CREDENTIALS_SIGNING_KEYS = str(path)
    new, _ = issued()
    assert new.kid != old.kid
    assert not SigningKey.objects.exclude(private_pem="").exists()  # environment keys stay there
    settings.CREDENTIALS_SIGNING_KEYS = second  # the first key has left the environment
    assert credential_verify(old.token).ok and credential_verify(new.token).ok
    published = {k["kid"] for k in keys.jwks()["keys"]}
    assert {old.kid, new.kid} <= published
    with pytest.raises(ValidationError):
        signing_key_rotate(by=None)


def test_only_an_administrator_rotates():
    from django.core.exceptions import PermissionDenied

    credential, manager = issued()
    with pytest.raises(PermissionDenied):
        signing_key_rotate(by=manager)


def test_the_rotate_command_makes_a_new_current_key():
    from io import StringIO

    from django.core.management import call_command

    old, _ = issued()
    out = StringIO()
    call_command("credentials_rotate_key", stdout=out)
    new, _ = issued()
    assert new.kid in out.getvalue() and new.kid != old.kid
    assert credential_verify(old.token).ok
