"""The academy's signing keys and where they are published.

Keys come from the environment: CREDENTIALS_SIGNING_KEYS holds one or more RSA private keys in PEM (or
the path of a file holding them); the last one signs, the earlier ones stay published. Without it, a
development key is generated on first use and kept in the database. Every key that ever signed is
recorded as a `SigningKey` (public part only, for keys from the environment), so a credential signed
with it verifies after the key has been rotated out. Signing and verifying are PyJWT's and
`cryptography`'s; nothing here signs by hand.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone
from jwt.algorithms import RSAAlgorithm

from .models import SigningKey

ALGORITHM = "RS256"  # Open Badges 3.0: the algorithm every verifier must accept
_PEM = re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----.+?-----END [A-Z ]*PRIVATE KEY-----", re.S)


@dataclass(frozen=True)
class Signer:
    kid: str
    private_key: rsa.RSAPrivateKey


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")


def public_jwk(public_key: rsa.RSAPublicKey) -> dict[str, Any]:
    jwk: dict[str, Any] = RSAAlgorithm.to_jwk(public_key, as_dict=True)
    members = {"e": jwk["e"], "kty": jwk["kty"], "n": jwk["n"]}
    # RFC 7638 thumbprint: SHA-256 of the required members, sorted, without spaces.
    kid = b64url(hashlib.sha256(json.dumps(members, separators=(",", ":"), sort_keys=True).encode()).digest())
    return {**members, "kid": kid, "alg": ALGORITHM, "use": "sig"}


def _load_private(pem: str) -> rsa.RSAPrivateKey:
    key = serialization.load_pem_private_key(pem.encode(), password=None)
    if not isinstance(key, rsa.RSAPrivateKey) or key.key_size < 2048:
        raise ImproperlyConfigured(
            "CREDENTIALS_SIGNING_KEYS must hold RSA private keys of 2048 bits or more."
        )
    return key


def environment_pems() -> list[str]:
    raw = (getattr(settings, "CREDENTIALS_SIGNING_KEYS", "") or "").strip()
    if not raw:
        return []
    if "-----BEGIN" not in raw:
        path = Path(raw)
        if not path.is_file():
            raise ImproperlyConfigured("CREDENTIALS_SIGNING_KEYS is neither PEM text nor a readable file.")
        raw = path.read_text()
    pems = _PEM.findall(raw)
    if not pems:
        raise ImproperlyConfigured("CREDENTIALS_SIGNING_KEYS holds no PEM private key.")
    return pems


def _record(public_key: rsa.RSAPublicKey, *, source: str, private_pem: str = "") -> SigningKey:
    jwk = public_jwk(public_key)
    key, _ = SigningKey.objects.get_or_create(
        kid=jwk["kid"], defaults={"public_jwk": jwk, "source": source, "private_pem": private_pem}
    )
    return key


def generate_development_key() -> SigningKey:
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    return _record(private.public_key(), source=SigningKey.Source.DEVELOPMENT, private_pem=pem)


def current_signer() -> Signer:
    """The key that signs now: the last key in the environment, else the newest development key that
    has not been retired (generated on first use)."""
    pems = environment_pems()
    if pems:
        keys = [_load_private(pem) for pem in pems]
        recorded = [_record(key.public_key(), source=SigningKey.Source.ENVIRONMENT) for key in keys]
        return Signer(kid=recorded[-1].kid, private_key=keys[-1])
    with transaction.atomic():
        row = (
            SigningKey.objects.select_for_update()
            .filter(source=SigningKey.Source.DEVELOPMENT, retired_at__isnull=True)
            .exclude(private_pem="")
            .order_by("-created_at", "-id")
            .first()
        )
        if row is None:
            row = generate_development_key()
    return Signer(kid=row.kid, private_key=_load_private(row.private_pem))


def rotate_development_key() -> SigningKey:
    """A new development key becomes current; older ones are retired from signing and stay published."""
    if environment_pems():
        raise ImproperlyConfigured(
            "Keys come from CREDENTIALS_SIGNING_KEYS: add the new key at the end of it to rotate."
        )
    with transaction.atomic():
        SigningKey.objects.select_for_update().filter(
            source=SigningKey.Source.DEVELOPMENT, retired_at__isnull=True
        ).update(retired_at=timezone.now())
        return generate_development_key()


def published_keys() -> list[SigningKey]:
    """Every key that has signed or may sign, oldest first (environment keys recorded first)."""
    for pem in environment_pems():
        _record(_load_private(pem).public_key(), source=SigningKey.Source.ENVIRONMENT)
    return list(SigningKey.objects.order_by("created_at", "id"))


def public_key_for(kid: str) -> rsa.RSAPublicKey | None:
    """The published key with this thumbprint (a DID URL's fragment is accepted too)."""
    thumbprint = kid.rsplit("#", 1)[-1]
    row = SigningKey.objects.filter(kid=thumbprint).first()
    if row is None:
        return None
    key = RSAAlgorithm.from_jwk(json.dumps(row.public_jwk))
    return key if isinstance(key, rsa.RSAPublicKey) else None


# --- Identifiers: did:web for the site and for each academy --------------------------------------


def site_url() -> str:
    return str(settings.SITE_URL).rstrip("/")


def site_did() -> str:
    """did:web of the site: resolves to <site>/.well-known/did.json (a port's colon is percent-encoded)."""
    parts = urlsplit(site_url())
    host = parts.netloc.replace(":", "%3A")
    path = [p for p in parts.path.split("/") if p]
    return ":".join(["did:web", host, *path])


def academy_did(slug: str) -> str:
    """did:web of one academy: resolves to <site>/credentials/issuers/<slug>/did.json."""
    return f"{site_did()}:credentials:issuers:{slug}"


def jwks() -> dict[str, Any]:
    return {"keys": [dict(key.public_jwk) for key in published_keys()]}


def did_document(did: str) -> dict[str, Any]:
    keys = published_keys()
    methods = [
        {"id": f"{did}#{key.kid}", "type": "JsonWebKey", "controller": did, "publicKeyJwk": key.public_jwk}
        for key in keys
    ]
    ids = [method["id"] for method in methods]
    return {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/jwk/v1"],
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": ids,
        "authentication": ids,
    }
