"""Single sign-on with OpenID Connect (Microsoft Entra ID, which NHSmail uses).

Only people Academy already knows may sign in: the e-mail address the provider vouches for must
belong to an active account. Nobody is created here (OIDC_CREATE_USER is False).
"""

from typing import Any

from django.db.models import Q, QuerySet
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from .models import User


def _claimed_email(claims: dict[str, Any]) -> str:
    # Entra ID puts the NHSmail address in `email` when the optional claim is configured, and always
    # in `preferred_username` (the sign-in name) for work accounts.
    for key in ("email", "preferred_username", "upn"):
        value = str(claims.get(key) or "").strip()
        if "@" in value:
            return value
    return ""


class AcademyOIDCBackend(OIDCAuthenticationBackend):
    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return bool(_claimed_email(claims))

    def filter_users_by_claims(self, claims: dict[str, Any]) -> QuerySet[User]:
        email = _claimed_email(claims)
        if not email:
            return User.objects.none()
        return User.objects.filter(
            Q(email__iexact=email) | Q(person__email__iexact=email), is_active=True
        ).distinct()

    def create_user(self, claims: dict[str, Any]) -> None:
        return None  # never: accounts are created by the academy, not by signing in

    def get_user(self, user_id: int) -> User | None:
        # A deactivated (or anonymised) account loses its single sign-on session too.
        user = User.objects.filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
