"""An independent verifier, written from the specifications in this file and never calling our own
verification: VC-JWT (RFC 7515 compact JWS, RS256 = RSASSA-PKCS1-v1_5 with SHA-256), the issuer's key
resolved through did:web (and the JWKS), the claims Open Badges 3.0 section 8.2 derives from the
credential, and the Bitstring Status List (GZIP, base64url, multibase "u", index 0 the left-most bit)."""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import hashlib
import json
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from django.test import Client

from academy.credentials.services import credential_revoke, credential_suspend

from .helpers import issued

pytestmark = pytest.mark.django_db


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def did_web_path(did: str) -> str:
    """did:web:<host>[:<path>...] → the path of its DID document on that host (the test client's)."""
    method, _, rest = did.partition("did:web:")
    assert method == "" and rest, f"not a did:web: {did}"
    segments = [unquote(part) for part in rest.split(":")]
    return "/" + "/".join(segments[1:]) + "/did.json" if len(segments) > 1 else "/.well-known/did.json"


def rsa_key(jwk: dict[str, str]) -> rsa.RSAPublicKey:
    assert jwk["kty"] == "RSA"
    n = int.from_bytes(b64url_decode(jwk["n"]), "big")
    e = int.from_bytes(b64url_decode(jwk["e"]), "big")
    return rsa.RSAPublicNumbers(e, n).public_key()


def verify_jws(client: Client, token: str) -> dict[str, Any]:
    """Verify the compact JWS with the issuer's published key; return the payload. Raises
    InvalidSignature or AssertionError."""
    header_part, payload_part, signature_part = token.split(".")
    header = json.loads(b64url_decode(header_part))
    payload = json.loads(b64url_decode(payload_part))
    assert header["alg"] == "RS256"
    did, _, fragment = header["kid"].partition("#")
    assert did == payload["iss"], "the key must be the issuer's"
    document = client.get(did_web_path(did)).json()
    assert document["id"] == did
    method = next(m for m in document["verificationMethod"] if m["id"] == header["kid"])
    assert header["kid"] in document["assertionMethod"]
    jwks = client.get("/credentials/jwks.json").json()
    assert any(k["kid"] == fragment and k["n"] == method["publicKeyJwk"]["n"] for k in jwks["keys"])
    rsa_key(method["publicKeyJwk"]).verify(
        b64url_decode(signature_part),
        f"{header_part}.{payload_part}".encode("ascii"),
        padding.PKCS1v15(),
        hashes.SHA256(),
    )
    return payload


def seconds(text: str) -> int:
    return int(dt.datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp())


def check_claims(payload: dict[str, Any]) -> None:
    issuer = payload["issuer"]["id"] if isinstance(payload["issuer"], dict) else payload["issuer"]
    assert payload["iss"] == issuer
    assert payload["jti"] == payload["id"]
    assert payload["nbf"] == seconds(payload["validFrom"])
    assert payload["nbf"] <= dt.datetime.now(dt.UTC).timestamp() + 60
    credential = payload["vc"]
    assert {
        k: v for k, v in payload.items() if k not in ("iss", "nbf", "jti", "vc", "exp", "sub")
    } == credential


def status_bit(client: Client, entry: dict[str, Any]) -> int:
    assert entry["type"] == "BitstringStatusListEntry"
    listing = client.get(urlsplit(entry["statusListCredential"]).path)
    assert listing.status_code == 200
    status_credential = verify_jws(client, listing.content.decode())
    assert "BitstringStatusListCredential" in status_credential["type"]
    subject = status_credential["credentialSubject"]
    assert subject["statusPurpose"] == entry["statusPurpose"]
    encoded = subject["encodedList"]
    assert encoded.startswith("u")
    bits = gzip.decompress(b64url_decode(encoded[1:]))
    assert len(bits) * 8 >= 131_072
    index = int(entry["statusListIndex"])
    return (bits[index // 8] >> (7 - index % 8)) & 1


def independently_verified(client: Client, token: str) -> str:
    payload = verify_jws(client, token)
    check_claims(payload)
    assert payload["@context"][0] == "https://www.w3.org/ns/credentials/v2"
    assert "OpenBadgeCredential" in payload["type"]
    bits = {entry["statusPurpose"]: status_bit(client, entry) for entry in payload["credentialStatus"]}
    if bits["revocation"]:
        return "revoked"
    if bits.get("suspension"):
        return "suspended"
    return "valid"


def one_byte_changed(token: str, part: int) -> str:
    """The token with one character of one part (0 header, 1 payload, 2 signature) replaced by another
    base64url character, so it still decodes but says something else."""
    parts = token.split(".")
    middle = len(parts[part]) // 2
    old = parts[part][middle]
    parts[part] = parts[part][:middle] + ("B" if old != "B" else "C") + parts[part][middle + 1 :]
    return ".".join(parts)


def test_an_issued_credential_verifies_independently():
    credential, _ = issued()
    assert independently_verified(Client(), credential.token) == "valid"


def test_the_identifier_is_the_salted_hash_of_the_holders_email():
    credential, _ = issued()
    payload = verify_jws(Client(), credential.token)
    identity = payload["credentialSubject"]["identifier"][0]
    digest = hashlib.sha256((credential.holder.email.lower() + identity["salt"]).encode()).hexdigest()
    assert identity == {
        "type": "IdentityObject",
        "identityHash": f"sha256${digest}",
        "identityType": "emailAddress",
        "hashed": True,
        "salt": identity["salt"],
    }


@pytest.mark.parametrize("part", [1, 2], ids=["payload", "signature"])
def test_changing_one_byte_fails_the_independent_verifier(part):
    credential, _ = issued()
    with pytest.raises((InvalidSignature, ValueError)):
        independently_verified(Client(), one_byte_changed(credential.token, part))


def test_the_independent_verifier_reads_revocation_and_suspension_from_the_published_lists():
    revoked, manager = issued()
    suspended, other_manager = issued()
    credential_revoke(credential=revoked, reason="Issued in error", by=manager)
    credential_suspend(credential=suspended, reason="Under review", by=other_manager)
    assert independently_verified(Client(), revoked.token) == "revoked"
    assert independently_verified(Client(), suspended.token) == "suspended"
