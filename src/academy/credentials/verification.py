"""Verifying a credential, as the Open Badges 3.0 verification steps describe, reading only what is
published: the signing key from this site's did:web documents / JWKS, the status from the signed
BitstringStatusListCredential. Public: nothing here is audited and nothing needs a signed-in user.

Steps, each failing with a reason in plain English:
1. the input is a VC-JWT (or a JSON file that envelopes one);
2. the header names an RS256 key (`kid`) that this site publishes;
3. the signature verifies over header.payload with that key, and the `iss`, `nbf` and `jti` claims are
   present and in force;
4. the payload is an OpenBadgeCredential (VC 2.0 and Open Badges 3.0 contexts) whose `iss`, `jti` and
   `nbf` claims match its issuer id, id and validFrom, and whose issuer is an academy on this site that
   the signing key belongs to;
5. each credentialStatus entry is looked up in the status list credential it names, which must itself
   verify; a set revocation bit means revoked, a set suspension bit suspended.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from typing import Any

import jwt
from django.utils import timezone

from academy.core.dates import long_date
from academy.people.models import Academy

from . import keys, statuslist
from .documents import ENVELOPE_PREFIX, OB_CONTEXT, VC_CONTEXT, sign, status_list_credential
from .models import Credential, StatusList

MAX_INPUT = 64 * 1024
_JWS = re.compile(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$")


@dataclass
class Verification:
    ok: bool
    status: str  # "valid" | "revoked" | "suspended" | "invalid"
    reasons: list[str] = field(default_factory=list)
    issuer_name: str = ""
    holder_name: str = ""
    achievement_name: str = ""
    issued_on: dt.date | None = None
    kid: str = ""
    credential_id: str = ""
    status_changed_on: dt.date | None = None
    checks: list[str] = field(default_factory=list)  # what was checked and held


class _Invalid(Exception):
    pass


def status_list_token(status_list: StatusList) -> str:
    """The published BitstringStatusListCredential for one list, signed now with the current key."""
    academy_slug = Academy.objects.values_list("slug", flat=True).get(pk=status_list.academy_id)
    document = status_list_credential(
        list_id=status_list.pk,
        academy_slug=academy_slug,
        purpose=status_list.purpose,
        encoded=statuslist.encode(bytes(status_list.bits)),
        at=timezone.now(),
    )
    return sign(document, keys.current_signer())


def _token_from(text: str) -> str:
    text = (text or "").strip()
    if not text:
        raise _Invalid("Nothing was given to check: paste the credential or upload its file.")
    if len(text) > MAX_INPUT:
        raise _Invalid("This is far longer than any credential this academy issues.")
    if text.startswith("{"):
        try:
            data = json.loads(text)
        except ValueError as error:
            raise _Invalid("This file is not valid JSON.") from error
        if not isinstance(data, dict):
            raise _Invalid("This file is not a credential.")
        envelope = data.get("id")
        if isinstance(envelope, str) and envelope.startswith(ENVELOPE_PREFIX):
            text = envelope.removeprefix(ENVELOPE_PREFIX)
        else:
            raise _Invalid(
                "This JSON holds no signature, so nothing proves who issued it: use the credential file "
                "downloaded from the certificate page."
            )
    if not _JWS.match(text):
        raise _Invalid("This is not a signed credential (a VC-JWT in three parts separated by dots).")
    return text


def _public_key(token: str) -> tuple[Any, str]:
    try:
        header = jwt.get_unverified_header(token)
    except jwt.DecodeError as error:
        raise _Invalid("The credential's header cannot be read: it has been damaged or changed.") from error
    if header.get("alg") != keys.ALGORITHM:
        raise _Invalid(f"It is signed with {header.get('alg')!s}, not the RS256 this academy signs with.")
    kid = header.get("kid")
    if not isinstance(kid, str) or not kid:
        raise _Invalid("It does not say which key signed it.")
    key = keys.public_key_for(kid)
    if key is None:
        raise _Invalid(f"It was signed with a key this academy does not publish ({kid.rsplit('#', 1)[-1]}).")
    return key, kid


def _decode(token: str) -> tuple[dict[str, Any], str]:
    key, kid = _public_key(token)
    try:
        payload = jwt.decode(
            token,
            key,
            algorithms=[keys.ALGORITHM],
            options={"require": ["iss", "nbf", "jti"], "verify_aud": False},
            leeway=60,
        )
    except jwt.InvalidSignatureError as error:
        raise _Invalid(
            "The signature does not match the content: the credential has been changed since it was "
            "issued, or was not signed by this academy."
        ) from error
    except jwt.ImmatureSignatureError as error:
        raise _Invalid("It is not valid yet (its validFrom is in the future).") from error
    except jwt.ExpiredSignatureError as error:
        raise _Invalid("It has expired.") from error
    except jwt.MissingRequiredClaimError as error:
        raise _Invalid(f"It lacks the '{error.claim}' claim a VC-JWT must carry.") from error
    except jwt.InvalidTokenError as error:
        raise _Invalid("The credential cannot be read: it has been damaged or changed.") from error
    return payload, kid


def _timestamp(value: Any) -> int:
    try:
        return int(dt.datetime.fromisoformat(str(value).replace("Z", "+00:00")).timestamp())
    except ValueError as error:
        raise _Invalid("Its validFrom is not a date and time.") from error


def _academy_of(did: str) -> Academy:
    prefix = keys.academy_did("")
    if not did.startswith(prefix):
        raise _Invalid("Its issuer is not an academy on this site.")
    academy = Academy.objects.filter(slug=did.removeprefix(prefix)).first()
    if academy is None:
        raise _Invalid("Its issuer is not an academy on this site.")
    return academy


def _check_claims(payload: dict[str, Any], kid: str) -> Academy:
    contexts = payload.get("@context")
    if (
        not isinstance(contexts, list)
        or not contexts
        or contexts[0] != VC_CONTEXT
        or OB_CONTEXT not in contexts
    ):
        raise _Invalid("It is not a Verifiable Credential 2.0 in the Open Badges 3.0 format.")
    types = payload.get("type") or []
    if "VerifiableCredential" not in types or not {"OpenBadgeCredential", "AchievementCredential"} & set(
        types
    ):
        raise _Invalid("It is not an Open Badges credential.")
    issuer = payload.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
    if payload["iss"] != issuer_id:
        raise _Invalid("Its 'iss' claim does not match its issuer.")
    if payload["jti"] != payload.get("id"):
        raise _Invalid("Its 'jti' claim does not match its id.")
    if payload["nbf"] != _timestamp(payload.get("validFrom")):
        raise _Invalid("Its 'nbf' claim does not match its validFrom.")
    if kid.rsplit("#", 1)[0] != issuer_id:
        raise _Invalid("The key that signed it is not its issuer's.")
    return _academy_of(str(issuer_id))


def _published_bit(entry: dict[str, Any], academy: Academy) -> bool:
    """Whether the credential's bit is set in the status list credential the entry names, read as any
    verifier would read it: the signed list, checked, then decoded."""
    url = str(entry.get("statusListCredential", ""))
    prefix = f"{keys.site_url()}/credentials/status/"
    match = re.fullmatch(r"(\d{1,12})/", url.removeprefix(prefix)) if url.startswith(prefix) else None
    status_list = StatusList.objects.filter(pk=int(match.group(1))).first() if match else None
    if status_list is None or status_list.academy_id != academy.pk:
        raise _Invalid("Its status list is not one this academy publishes.")
    try:
        index = int(str(entry.get("statusListIndex")))
    except ValueError as error:
        raise _Invalid("Its status entry has no index.") from error
    published, _ = _decode(status_list_token(status_list))
    subject = published.get("credentialSubject") or {}
    if subject.get("statusPurpose") != entry.get("statusPurpose"):
        raise _Invalid("Its status entry and the status list disagree about what the list is for.")
    try:
        return statuslist.get_bit(statuslist.decode(str(subject.get("encodedList", ""))), index)
    except (ValueError, IndexError) as error:
        raise _Invalid("Its status list cannot be read.") from error


def _names(payload: dict[str, Any]) -> dict[str, Any]:
    issuer = payload.get("issuer")
    subject = payload.get("credentialSubject") or {}
    holder = next(
        (
            str(item.get("identityHash", ""))
            for item in subject.get("identifier") or []
            if isinstance(item, dict) and item.get("identityType") == "name" and not item.get("hashed")
        ),
        "",
    )
    valid_from = dt.datetime.fromtimestamp(_timestamp(payload.get("validFrom")), tz=dt.UTC)
    return {
        "issuer_name": str(issuer.get("name", "")) if isinstance(issuer, dict) else "",
        "holder_name": holder,
        "achievement_name": str((subject.get("achievement") or {}).get("name", "")),
        "issued_on": timezone.localdate(valid_from),
        "credential_id": str(payload.get("id", "")).removeprefix("urn:uuid:"),
    }


def credential_verify(token_or_json: str) -> Verification:
    """Check a credential pasted or uploaded by anyone. Never raises for bad input: the answer says why."""
    try:
        token = _token_from(token_or_json)
        payload, kid = _decode(token)
        checks = ["The signature matches the content, using a key this academy publishes."]
        academy = _check_claims(payload, kid)
        checks.append(f"It was issued by {academy.name}.")
        names = _names(payload)
        entries = payload.get("credentialStatus") or []
        entries = [entries] if isinstance(entries, dict) else entries
        purposes = {
            str(e.get("statusPurpose")): _published_bit(e, academy)
            for e in entries
            if isinstance(e, dict) and e.get("type") == "BitstringStatusListEntry"
        }
        if "revocation" not in purposes:
            raise _Invalid("It carries no revocation status, so it cannot be checked against revocation.")
        checks.append("Its status was read from the academy's published status lists.")
    except _Invalid as invalid:
        return Verification(ok=False, status="invalid", reasons=[str(invalid)])
    record = (
        Credential.objects.filter(pk=names["credential_id"]).first()
        if _is_uuid(names["credential_id"])
        else None
    )
    changed_on = timezone.localdate(record.status_changed_at) if record and record.status_changed_at else None
    common = {**names, "kid": kid.rsplit("#", 1)[-1], "status_changed_on": changed_on, "checks": checks}
    if purposes.get("revocation"):
        reasons = [f"{academy.name} revoked it" + (f" on {long_date(changed_on)}." if changed_on else ".")]
        if record and record.status_reason_public and record.status_reason:
            reasons.append(f"Reason: {record.status_reason}")
        return Verification(ok=False, status="revoked", reasons=reasons, **common)
    if purposes.get("suspension"):
        reasons = [f"{academy.name} suspended it" + (f" on {long_date(changed_on)}." if changed_on else ".")]
        if record and record.status_reason_public and record.status_reason:
            reasons.append(f"Reason: {record.status_reason}")
        return Verification(ok=False, status="suspended", reasons=reasons, **common)
    return Verification(ok=True, status="valid", reasons=[], **common)


def _is_uuid(value: str) -> bool:
    return bool(re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", value))
