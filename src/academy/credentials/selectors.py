"""Reads for verifiable certificates. The public verification reads take no user; everything else is
scoped by the acting user through permissions.py."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from academy.people.models import Academy
from academy.people.permissions import scope_of

from .models import Credential, StatusList
from .permissions import can_see_credential, person_of
from .verification import Verification, credential_verify


def credential_public(pk: uuid.UUID | str) -> Credential:
    """Any credential, for its public verification page (which shows only what the credential says)."""
    credential = Credential.objects.select_related("academy").filter(pk=pk).first()
    if credential is None:
        raise Http404("No such credential")
    return credential


def credential_for(user: Any, pk: uuid.UUID | str) -> Credential:
    """A credential whose record (files, reasons) the user may see: 404 for anyone else."""
    credential = credential_public(pk)
    if not can_see_credential(user, credential):
        raise Http404("No such credential")
    return credential


def credential_of_subject(subject: Model) -> Credential | None:
    """The credential issued about `subject` (for the subject's own pages to link to): the one standing
    if there is one, else the latest revoked one; None when none was issued."""
    subject_type = ContentType.objects.get_for_model(type(subject))
    rows = Credential.objects.filter(subject_type=subject_type, subject_id=str(subject.pk)).select_related(
        "academy"
    )
    return rows.exclude(status=Credential.Status.REVOKED).first() or rows.order_by("-issued_at").first()


def credentials_held(user: Any) -> QuerySet[Credential]:
    """ "My certificates": the credentials issued to the user, newest first."""
    person = person_of(user)
    if person is None:
        return Credential.objects.none()
    return Credential.objects.filter(holder=person).select_related("academy").order_by("-issued_at", "pk")


def credentials_visible(user: Any) -> QuerySet[Credential]:
    """One's own credentials and, for a programme manager, their academies' (an administrator: all)."""
    if not getattr(user, "is_authenticated", False):
        return Credential.objects.none()
    scope = scope_of(user)
    rows = Credential.objects.select_related("academy").order_by("-issued_at", "pk")
    if scope.is_administrator:
        return rows
    person = person_of(user)
    where = Q(academy_id__in=scope.academy_ids)
    if person is not None:
        where |= Q(holder=person)
    return rows.filter(where)


def academy_issuer(slug: str) -> Academy:
    academy = Academy.objects.filter(slug=slug).first()
    if academy is None:
        raise Http404("No such issuer")
    return academy


def status_list_get(pk: int) -> StatusList:
    status_list = StatusList.objects.filter(pk=pk).first()
    if status_list is None:
        raise Http404("No such status list")
    return status_list


def verification_of(credential: Credential) -> Verification:
    """What its verification page says: the stored credential verified as anyone would verify it. A
    holder who has been anonymised left no stored credential: the record's status is all there is."""
    if credential.token:
        return credential_verify(credential.token)
    status = "valid" if credential.status == Credential.Status.ACTIVE else credential.status
    return Verification(
        ok=status == "valid",
        status=status,
        reasons=[] if status == "valid" else [f"{credential.academy.name} {credential.status} it."],
        issuer_name=credential.academy.name,
        achievement_name=credential.achievement_name,
        issued_on=credential.issued_at.date(),
        kid=credential.kid,
        credential_id=str(credential.pk),
    )
