"""Token authentication whose tokens expire (API_TOKEN_LIFETIME_HOURS after they were issued).

The token and its user are looked up once per data version (core/pagecache.py): issuing or revoking a
token, or any change to a user, is a write and the next request looks them up again; expiry is checked on
every request. A refused token is never kept."""

from typing import Any

from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from academy.core import pagecache

from .tokens import token_is_expired


class ExpiringTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        user, token = pagecache.remember(
            "api-token",
            (key,),
            lambda: super(ExpiringTokenAuthentication, self).authenticate_credentials(key),
        )
        if token_is_expired(token):
            raise exceptions.AuthenticationFailed(
                "This token has expired. Ask for a new one at /api/v1/auth/token/."
            )
        return user, token
