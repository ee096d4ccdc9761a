"""What the credentials app holds about a person: the credentials issued to them. Registered with
`people.registry` in `CredentialsConfig.ready()`.

Anonymising keeps each credential's record and its status bits (so that revoking still works and the
counts stay right) but clears the holder's name, the stored token (which names them) and the salt of
their hashed e-mail address. A credential already downloaded cannot be recalled: it still names them,
and still verifies unless it is revoked (docs/credentials.md).
"""

from typing import Any

from django.db.models import QuerySet

from academy.people.models import Person
from academy.people.permissions import Scope
from academy.people.registry import Link, PersonalData

from .documents import verification_url
from .models import Credential


def visible_to(user: Any, scope: Scope) -> list[QuerySet[Any]]:
    """A programme manager sees the holders of their academy's credentials."""
    if not scope.academy_ids:
        return []
    return [Credential.objects.filter(academy_id__in=scope.academy_ids).order_by().values("holder_id")]


def export(person: Person) -> dict[str, Any]:
    return {
        "credentials": [
            {
                "achievement": c.achievement_name,
                "issued_by": c.academy.name,
                "issued_at": c.issued_at.isoformat(),
                "status": c.get_status_display(),
                "status_changed_at": c.status_changed_at.isoformat() if c.status_changed_at else None,
                "verification_url": verification_url(c.pk),
                "credential": c.token,
            }
            for c in Credential.objects.filter(holder=person)
            .select_related("academy")
            .order_by("issued_at", "pk")
        ]
    }


def anonymise(person: Person) -> None:
    Credential.objects.filter(holder=person).update(
        holder_name="", token="", identity_salt="", status_reason=""
    )


PERSONAL_DATA = PersonalData(
    app="credentials",
    visible_to=visible_to,
    export=export,
    anonymise=anonymise,
    links={
        "credentials.Credential.holder": Link(
            keeps=("achievement_name", "achievement_type", "kid", "subject_id"),
            why="what was awarded, the public key that signed it and the id of what it was about: the "
            "status row stays so that the credential can still be revoked",
        ),
    },
)
