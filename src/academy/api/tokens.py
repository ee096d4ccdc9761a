"""API tokens: issued for a lifetime (API_TOKEN_LIFETIME_HOURS), listed and revoked by their owner,
and revoked when the owner logs out of the website.

A user has at most one token (DRF's `Token`); asking again while it is valid gives the same one, and
an expired one is replaced.
"""

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from rest_framework.authtoken.models import Token

from academy.core.audit import audit_record
from academy.core.types import Actor


def token_lifetime() -> dt.timedelta:
    return dt.timedelta(hours=settings.API_TOKEN_LIFETIME_HOURS)


def token_expires_at(token: Token) -> dt.datetime:
    return token.created + token_lifetime()


def token_is_expired(token: Token, *, now: dt.datetime | None = None) -> bool:
    return (now or timezone.now()) >= token_expires_at(token)


def api_tokens_of(*, user: Any) -> list[Token]:
    """The user's tokens that still work (expired ones are not listed: they no longer open anything)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return [token for token in Token.objects.filter(user=user) if not token_is_expired(token)]


@transaction.atomic
def api_token_issue(*, user: Any) -> Token:
    """The user's valid token, or a new one when they have none or theirs has expired."""
    token = Token.objects.select_for_update().filter(user=user).first()
    if token is not None and not token_is_expired(token):
        return token
    if token is not None:
        token.delete()
    token = Token.objects.create(user=user)
    audit_record(actor=user, action="api.token.issue", obj=user)
    return token


@transaction.atomic
def api_tokens_revoke(*, user: Any, by: Actor) -> int:
    """Revoke every API token of `user`. Only the user themself may (an administrator anonymising a
    person removes theirs through person_anonymise). Returns how many were revoked."""
    if not getattr(by, "is_authenticated", False) or by.pk != getattr(user, "pk", None):
        return 0
    revoked, _ = Token.objects.filter(user=user).delete()
    if revoked:
        audit_record(actor=by, action="api.token.revoke", obj=user)
    return revoked
