"""Every write for verifiable certificates: issuing, revoking, suspending, reinstating, rotating the key.

`credential_issue` is called by the subject's own service (a validation decision, a completed course):
it checks the subject's registered `may_issue`, allocates a random free index in the academy's revocation
and suspension status lists, signs the Open Badges 3.0 credential as a VC-JWT, records it, audits the
issue and writes the holder an e-mail. Revoking, suspending and reinstating flip the credential's bit in
the published status list in the same transaction. `credential_verify` (verification.py) is public and
reads only what is published.
"""

from __future__ import annotations

import secrets
import uuid

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from academy.core.audit import audit_record
from academy.core.dates import long_date
from academy.core.outbox import outbox_enqueue
from academy.core.types import Actor
from academy.people.models import User

from . import keys, statuslist
from .documents import Achievement, open_badge_credential, sign, verification_url
from .models import STATUS_LIST_BITS, Credential, SigningKey, StatusList
from .permissions import can_revoke, can_rotate_keys
from .registry import credential_subject_of
from .verification import Verification, credential_verify

__all__ = [
    "Achievement",
    "Verification",
    "credential_issue",
    "credential_reinstate",
    "credential_revoke",
    "credential_suspend",
    "credential_verify",
    "signing_key_rotate",
]

# Stop allocating well before a list is full, so that a random free index is found in a few draws.
STATUS_LIST_FILL_LIMIT = STATUS_LIST_BITS * 3 // 4
MAX_REASON = 2000


def _require(condition: bool, message: str = "You do not have permission to do this.") -> None:
    if not condition:
        raise PermissionDenied(message)


def status_list_for(*, academy_id: int, purpose: str, lock: bool = False) -> StatusList:
    StatusList.objects.get_or_create(
        academy_id=academy_id, purpose=purpose, defaults={"bits": statuslist.empty(STATUS_LIST_BITS)}
    )
    rows = StatusList.objects.select_for_update() if lock else StatusList.objects
    return rows.get(academy_id=academy_id, purpose=purpose)


def _free_index(status_list: StatusList, field: str) -> int:
    used = set(
        Credential.objects.filter(**{f"{field}_list": status_list}).values_list(f"{field}_index", flat=True)
    )
    if len(used) >= STATUS_LIST_FILL_LIMIT:
        raise ValidationError({"subject": "This academy's status list is full: ask an administrator."})
    while True:
        index = secrets.randbelow(STATUS_LIST_BITS)
        if index not in used:
            return index


@transaction.atomic
def credential_issue(*, subject: Model, achievement: Achievement, by: Actor | None) -> Credential:
    """Issue the subject's holder an Open Badges 3.0 credential. `by` None: the system (no access rule).

    A subject holds at most one credential that is not revoked: issuing again returns that one (a
    retried call issues nothing new); after a revocation a new one may be issued.
    """
    registration = credential_subject_of(subject)
    if registration is None:
        raise ValidationError({"subject": f"Credentials cannot be issued about a {type(subject).__name__}."})
    if by is not None:
        _require(bool(registration.may_issue(by, subject)))
    if not achievement.name.strip() or len(achievement.name) > 200:
        raise ValidationError({"achievement": "The achievement needs a name of 200 characters or fewer."})
    if len(achievement.achievement_type) > 60:
        raise ValidationError({"achievement": "The achievement type must be 60 characters or fewer."})
    academy = registration.academy_of(subject)
    holder = registration.holder_of(subject)
    if holder is None or holder.anonymised_at is not None or not holder.email:
        raise ValidationError({"subject": "The holder has no e-mail address to name them by."})
    subject_type = ContentType.objects.get_for_model(type(subject))
    revocation_list = status_list_for(academy_id=academy.pk, purpose=StatusList.Purpose.REVOCATION, lock=True)
    suspension_list = status_list_for(academy_id=academy.pk, purpose=StatusList.Purpose.SUSPENSION, lock=True)
    standing = (
        Credential.objects.filter(subject_type=subject_type, subject_id=str(subject.pk))
        .exclude(status=Credential.Status.REVOKED)
        .first()
    )
    if standing is not None:
        return standing
    revocation_index = _free_index(revocation_list, "revocation")
    suspension_index = _free_index(suspension_list, "suspension")
    credential_id = uuid.uuid4()
    issued_at = timezone.now().replace(microsecond=0)
    salt = secrets.token_hex(16)
    holder_name = f"{holder.given_name} {holder.family_name}".strip()
    document = open_badge_credential(
        credential_id=credential_id,
        academy_name=academy.name,
        academy_slug=academy.slug,
        academy_url=f"{keys.site_url()}/",
        holder_email=holder.email,
        holder_name=holder_name,
        salt=salt,
        achievement=achievement,
        issued_at=issued_at,
        revocation=(revocation_list.pk, revocation_index),
        suspension=(suspension_list.pk, suspension_index),
    )
    signer = keys.current_signer()
    credential = Credential.objects.create(
        id=credential_id,
        academy=academy,
        holder=holder,
        holder_name=holder_name,
        subject_type=subject_type,
        subject_id=str(subject.pk),
        achievement_name=achievement.name,
        achievement_type=achievement.achievement_type,
        issued_at=issued_at,
        issued_by=by if isinstance(by, User) else None,
        kid=signer.kid,
        token=sign(document, signer),
        identity_salt=salt,
        revocation_list=revocation_list,
        revocation_index=revocation_index,
        suspension_list=suspension_list,
        suspension_index=suspension_index,
    )
    entry = audit_record(actor=by, action="credentials.credential.issued", obj=credential, kid=signer.kid)
    outbox_enqueue(
        key=f"credentials.credential:{credential.pk}:issued:{entry.pk}",
        to=holder.email,
        subject=f"Your certificate: {achievement.name}"[:200],
        body=(
            f"Dear {holder.given_name},\n\n{academy.name} has issued you a certificate: {achievement.name}.\n\n"
            "You can download it, and anyone you share it with can check it, at:\n"
            f"{verification_url(credential.pk)}\n"
        ),
    )
    return credential


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Enter the reason."})
    if len(reason) > MAX_REASON:
        raise ValidationError({"reason": f"The reason must be {MAX_REASON} characters or fewer."})
    return reason


def _set_bit(status_list_id: int, index: int, value: bool) -> None:
    status_list = StatusList.objects.select_for_update().get(pk=status_list_id)
    status_list.bits = statuslist.set_bit(bytes(status_list.bits), index, value)
    status_list.save(update_fields=["bits", "updated_at"])


def _locked(credential: Credential) -> Credential:
    return Credential.objects.select_for_update().select_related("holder", "academy").get(pk=credential.pk)


def _tell_holder(credential: Credential, *, event: str, entry_id: int, sentence: str) -> None:
    if credential.holder.anonymised_at is not None or not credential.holder.email:
        return
    outbox_enqueue(
        key=f"credentials.credential:{credential.pk}:{event}:{entry_id}",
        to=credential.holder.email,
        subject=f"Your certificate has been {event}: {credential.achievement_name}"[:200],
        body=(
            f"Dear {credential.holder.given_name},\n\n{sentence}\n\nReason: {credential.status_reason}\n\n"
            f"The verification page says so: {verification_url(credential.pk)}\n"
        ),
    )


def _change(
    *,
    credential: Credential,
    to: str,
    allowed_from: tuple[str, ...],
    reason: str,
    public: bool,
    by: Actor | None,
    event: str,
) -> Credential:
    if by is not None:
        _require(can_revoke(by, credential))
    reason = _reason(reason)
    credential = _locked(credential)
    if credential.status not in allowed_from:
        raise ValidationError(
            {"status": f"This credential is {credential.get_status_display().lower()}: it cannot be {event}."}
        )
    if to == Credential.Status.REVOKED:
        _set_bit(credential.revocation_list_id, credential.revocation_index, True)
        if credential.status == Credential.Status.SUSPENDED:
            _set_bit(credential.suspension_list_id, credential.suspension_index, False)
    elif to == Credential.Status.SUSPENDED:
        _set_bit(credential.suspension_list_id, credential.suspension_index, True)
    else:
        _set_bit(credential.suspension_list_id, credential.suspension_index, False)
    credential.status = to
    credential.status_changed_at = timezone.now()
    credential.status_reason = reason
    credential.status_reason_public = public
    credential.save(
        update_fields=["status", "status_changed_at", "status_reason", "status_reason_public", "updated_at"]
    )
    entry = audit_record(actor=by, action=f"credentials.credential.{event}", obj=credential, public=public)
    when = long_date(timezone.localdate(credential.status_changed_at))
    sentences = {
        "revoked": f"{credential.academy.name} revoked your certificate on {when}. It no longer verifies.",
        "suspended": f"{credential.academy.name} suspended your certificate on {when}.",
        "reinstated": f"{credential.academy.name} reinstated your certificate on {when}. It verifies again.",
    }
    _tell_holder(credential, event=event, entry_id=entry.pk, sentence=sentences[event])
    return credential


@transaction.atomic
def credential_revoke(
    *, credential: Credential, reason: str, by: Actor | None, public: bool = False
) -> Credential:
    """Revoke for good: the revocation bit is set in the published status list. `public`: the reason is
    shown on the public verification page (by default only the date is). `by` None: the system (demo
    data, a subject's own service that has checked its rule)."""
    return _change(
        credential=credential,
        to=Credential.Status.REVOKED,
        allowed_from=(Credential.Status.ACTIVE, Credential.Status.SUSPENDED),
        reason=reason,
        public=public,
        by=by,
        event="revoked",
    )


@transaction.atomic
def credential_suspend(
    *, credential: Credential, reason: str, by: Actor | None, public: bool = False
) -> Credential:
    return _change(
        credential=credential,
        to=Credential.Status.SUSPENDED,
        allowed_from=(Credential.Status.ACTIVE,),
        reason=reason,
        public=public,
        by=by,
        event="suspended",
    )


@transaction.atomic
def credential_reinstate(
    *, credential: Credential, reason: str, by: Actor | None, public: bool = False
) -> Credential:
    return _change(
        credential=credential,
        to=Credential.Status.ACTIVE,
        allowed_from=(Credential.Status.SUSPENDED,),
        reason=reason,
        public=public,
        by=by,
        event="reinstated",
    )


@transaction.atomic
def signing_key_rotate(*, by: Actor | None) -> SigningKey:
    """A new development key signs from now on; the older ones stay published, so what they signed
    still verifies. With keys from the environment, rotate by adding the new key at the end of
    CREDENTIALS_SIGNING_KEYS instead."""
    if by is not None:
        _require(can_rotate_keys(by))
    if keys.environment_pems():
        raise ValidationError(
            {"key": "Keys come from CREDENTIALS_SIGNING_KEYS: add the new key at the end of it to rotate."}
        )
    key = keys.rotate_development_key()
    audit_record(actor=by, action="credentials.key.rotated", obj=key)
    return key


def subject_label(credential: Credential) -> str:
    registration = credential_subject_of(credential.subject_type.model_class() or Credential)
    return registration.label if registration else ""
