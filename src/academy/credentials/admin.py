"""Administrators see the keys (never a private key), the status lists and the credentials; changes go
through the services (the key rotation action), never through an edit form."""

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest

from . import services
from .models import Credential, SigningKey, StatusList


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(SigningKey)
class SigningKeyAdmin(ReadOnly):
    list_display = ["kid", "source", "created_at", "retired_at"]
    fields = ["kid", "source", "public_jwk", "created_at", "retired_at"]
    actions = ["rotate"]

    @admin.action(description="Rotate: generate a new development key to sign from now on")
    def rotate(self, request: HttpRequest, queryset: QuerySet[SigningKey]) -> None:
        try:
            key = services.signing_key_rotate(by=request.user)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), level=messages.ERROR)
        else:
            self.message_user(request, f"Key {key.kid} signs from now on; older keys stay published.")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and request.user.is_superuser  # the list's action, never an edit form


@admin.register(StatusList)
class StatusListAdmin(ReadOnly):
    list_display = ["academy", "purpose", "updated_at"]
    exclude = ["bits"]


@admin.register(Credential)
class CredentialAdmin(ReadOnly):
    list_display = ["achievement_name", "holder_name", "academy", "issued_at", "status"]
    list_filter = ["status", "academy"]
    search_fields = ["achievement_name", "holder_name"]
    exclude = ["token", "identity_salt"]
