"""Token authentication whose tokens expire (API_TOKEN_LIFETIME_HOURS after they were issued)."""

from typing import Any

from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from .tokens import token_is_expired


class ExpiringTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key: str) -> tuple[Any, Any]:
        user, token = super().authenticate_credentials(key)
        if token_is_expired(token):
            raise exceptions.AuthenticationFailed(
                "This token has expired. Ask for a new one at /api/v1/auth/token/."
            )
        return user, token
