"""The Open Badges 3.0 documents: the OpenBadgeCredential (W3C Verifiable Credentials Data Model 2.0)
and the BitstringStatusListCredential, each secured as a VC-JWT with RS256.

The JWT payload is the credential itself (its members at the top level, as VC-JOSE-COSE and Open
Badges 3.0 section 8.2 describe) with the registered claims derived from it: `iss` = issuer id, `nbf` =
validFrom, `jti` = id, `exp` = validUntil when there is one. For verifiers written against the
earlier VC-JWT wording the same credential is also carried in a `vc` claim. The header names the
signing key with `kid` (a DID URL in the issuer's did:web document, whose fragment is the key's
thumbprint in /credentials/jwks.json).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from dataclasses import dataclass, field
from typing import Any

import jwt

from . import keys

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
OB_SCHEMA = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
ENVELOPE_MEDIA_TYPE = "application/vc+jwt"
ENVELOPE_PREFIX = f"data:{ENVELOPE_MEDIA_TYPE},"


@dataclass(frozen=True)
class Achievement:
    """What the credential says its holder achieved. `alignment`: targets in a framework, each a dict
    with targetName, targetUrl and optionally targetDescription, targetFramework, targetCode, targetType."""

    name: str
    description: str
    criteria_narrative: str
    achievement_type: str = "Certificate"
    alignment: tuple[dict[str, str], ...] = field(default_factory=tuple)
    id: str = ""  # a URI; by default a name-based urn:uuid within the academy


def iso(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def identity_hash(identity: str, salt: str) -> str:
    """Open Badges' IdentityHash: "sha256$" and the hex SHA-256 of the identity followed by the salt."""
    return "sha256$" + hashlib.sha256((identity + salt).encode()).hexdigest()


def verification_url(credential_id: uuid.UUID | str) -> str:
    return f"{keys.site_url()}/credentials/{credential_id}/"


def status_list_url(status_list_id: int) -> str:
    return f"{keys.site_url()}/credentials/status/{status_list_id}/"


def achievement_id(academy_slug: str, achievement: Achievement) -> str:
    if achievement.id:
        return achievement.id
    name = f"{keys.site_url()}/credentials/issuers/{academy_slug}/achievements/{achievement.name}"
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}"


def status_entry(*, purpose: str, list_id: int, index: int) -> dict[str, Any]:
    url = status_list_url(list_id)
    return {
        "id": f"{url}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": purpose,
        "statusListIndex": str(index),
        "statusListCredential": url,
    }


def open_badge_credential(
    *,
    credential_id: uuid.UUID,
    academy_name: str,
    academy_slug: str,
    academy_url: str,
    holder_email: str,
    holder_name: str,
    salt: str,
    achievement: Achievement,
    issued_at: dt.datetime,
    revocation: tuple[int, int],
    suspension: tuple[int, int],
) -> dict[str, Any]:
    """The credential as JSON. No plain e-mail address: the holder is named by a salted hash of it
    (and by their name, which is printed on the certificate anyway)."""
    did = keys.academy_did(academy_slug)
    achievement_json: dict[str, Any] = {
        "id": achievement_id(academy_slug, achievement),
        "type": ["Achievement"],
        "achievementType": achievement.achievement_type,
        "name": achievement.name,
        "description": achievement.description,
        "criteria": {"narrative": achievement.criteria_narrative},
        "creator": {"id": did, "type": ["Profile"], "name": academy_name},
    }
    if achievement.alignment:
        achievement_json["alignment"] = [
            {"type": ["Alignment"], **target} for target in achievement.alignment
        ]
    issuer: dict[str, Any] = {"id": did, "type": ["Profile"], "name": academy_name}
    if academy_url:
        issuer["url"] = academy_url
    return {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": f"urn:uuid:{credential_id}",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": issuer,
        "validFrom": iso(issued_at),
        "name": achievement.name,
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityHash": identity_hash(holder_email.strip().lower(), salt),
                    "identityType": "emailAddress",
                    "hashed": True,
                    "salt": salt,
                },
                {
                    "type": "IdentityObject",
                    "identityHash": holder_name,
                    "identityType": "name",
                    "hashed": False,
                },
            ],
            "achievement": achievement_json,
        },
        "credentialStatus": [
            status_entry(purpose="revocation", list_id=revocation[0], index=revocation[1]),
            status_entry(purpose="suspension", list_id=suspension[0], index=suspension[1]),
        ],
        "credentialSchema": [{"id": OB_SCHEMA, "type": "1EdTechJsonSchemaValidator2019"}],
    }


def status_list_credential(
    *, list_id: int, academy_slug: str, purpose: str, encoded: str, at: dt.datetime
) -> dict[str, Any]:
    url = status_list_url(list_id)
    return {
        "@context": [VC_CONTEXT],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": keys.academy_did(academy_slug),
        "validFrom": iso(at),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": purpose,
            "encodedList": encoded,
        },
    }


def sign(credential: dict[str, Any], signer: keys.Signer) -> str:
    """The VC-JWT (compact JWS, RS256) of `credential`."""
    issuer = credential["issuer"]
    iss = issuer["id"] if isinstance(issuer, dict) else issuer
    valid_from = dt.datetime.fromisoformat(credential["validFrom"].replace("Z", "+00:00"))
    claims: dict[str, Any] = {
        **credential,
        "iss": iss,
        "nbf": int(valid_from.timestamp()),
        "jti": credential["id"],
        "vc": credential,
    }
    if "validUntil" in credential:
        claims["exp"] = int(
            dt.datetime.fromisoformat(credential["validUntil"].replace("Z", "+00:00")).timestamp()
        )
    headers = {"kid": f"{iss}#{signer.kid}", "typ": "vc+jwt"}
    return jwt.encode(claims, signer.private_key, algorithm=keys.ALGORITHM, headers=headers)


def enveloped(token: str) -> dict[str, Any]:
    """The JSON form of a VC-JWT: a VC 2.0 EnvelopedVerifiableCredential, whose id is a data: URL of the
    token (what the .json download holds, and what the verify page and API accept as well as the JWT)."""
    return {
        "@context": [VC_CONTEXT],
        "id": f"{ENVELOPE_PREFIX}{token}",
        "type": "EnvelopedVerifiableCredential",
    }
