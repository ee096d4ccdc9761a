"""Who may issue, see, download, revoke, suspend and reinstate a credential. Issuing and revoking are
decided by the subject's app (its registered `may_issue` and `may_revoke`); seeing one is for its
holder and for those who may revoke it. Verifying is public and needs no question."""

from typing import Any

from academy.offers.permissions import can_manage_academy
from academy.people.models import Person
from academy.people.permissions import is_administrator

from .models import Credential
from .registry import credential_subject_of


def person_of(user: Any) -> Person | None:
    return getattr(user, "person", None) if getattr(user, "is_authenticated", False) else None


def subject_of(credential: Credential) -> Any:
    model = credential.subject_type.model_class()
    if model is None:
        return None
    return model._default_manager.filter(pk=credential.subject_id).first()


def can_issue(user: Any, subject: Any) -> bool:
    registration = credential_subject_of(subject)
    return registration is not None and bool(registration.may_issue(user, subject))


def can_revoke(user: Any, credential: Credential) -> bool:
    """Revoke, suspend or reinstate: whoever the subject's app says may; when the subject no longer
    exists, the academy's programme managers."""
    if not getattr(user, "is_authenticated", False):
        return False
    subject = subject_of(credential)
    registration = credential_subject_of(subject) if subject is not None else None
    if registration is None:
        return can_manage_academy(user, credential.academy_id)
    return bool(registration.may_revoke(user, subject))


def is_holder(user: Any, credential: Credential) -> bool:
    person = person_of(user)
    return person is not None and credential.holder_id == person.pk


def can_see_credential(user: Any, credential: Credential) -> bool:
    """The record behind a credential (its files, the reason it was revoked): the holder, the academy's
    programme team and whoever may revoke it."""
    if not getattr(user, "is_authenticated", False):
        return False
    return (
        is_holder(user, credential)
        or can_manage_academy(user, credential.academy_id)
        or can_revoke(user, credential)
    )


def can_rotate_keys(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and is_administrator(user)
