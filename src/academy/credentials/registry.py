"""What a credential can be about: any model an app registers. The credentials app knows nothing of
validation or courses; the subject's app says whose academy it is, who holds the credential and who may
issue or revoke it, and then calls `services.credential_issue(subject=obj, achievement=..., by=...)`.

    credential_subject_register(
        Decision,
        label="validation decision",
        academy_of=lambda decision: decision.route.cohort.academy,
        holder_of=lambda decision: decision.route.practitioner,
        may_issue=can_decide,          # (actor, obj) -> bool, from the app's permissions.py
        may_revoke=can_manage_route,   # (actor, obj) -> bool: revoke, suspend and reinstate
    )
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model

from academy.people.models import Academy, Person


@dataclass(frozen=True)
class CredentialSubject:
    model: type[Model]
    label: str
    academy_of: Callable[[Any], Academy]
    holder_of: Callable[[Any], Person]
    may_issue: Callable[[Any, Any], bool]
    may_revoke: Callable[[Any, Any], bool]


_SUBJECTS: dict[type[Model], CredentialSubject] = {}


def _concrete(model: type[Model]) -> type[Model]:
    return model._meta.concrete_model or model


def credential_subject_register(
    model: type[Model],
    *,
    label: str,
    academy_of: Callable[[Any], Academy],
    holder_of: Callable[[Any], Person],
    may_issue: Callable[[Any, Any], bool],
    may_revoke: Callable[[Any, Any], bool],
) -> CredentialSubject:
    """Let credentials be issued about `model`'s rows. Registering again replaces the entry."""
    subject = CredentialSubject(
        model=model,
        label=label,
        academy_of=academy_of,
        holder_of=holder_of,
        may_issue=may_issue,
        may_revoke=may_revoke,
    )
    _SUBJECTS[_concrete(model)] = subject
    return subject


def credential_subject_unregister(model: type[Model]) -> None:
    _SUBJECTS.pop(_concrete(model), None)


def credential_subject_of(obj: Model | type[Model]) -> CredentialSubject | None:
    model = obj if isinstance(obj, type) else type(obj)
    return _SUBJECTS.get(_concrete(model))
