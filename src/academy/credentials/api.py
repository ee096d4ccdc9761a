"""Credentials under /api/v1/credentials/: one's own (and, for a programme manager, their academy's)
credentials, revoke / suspend / reinstate through the same services as the pages, and a public,
throttled verify. Issuing is done by the subject's own service (a validation decision), not here."""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter
from rest_framework.throttling import UserRateThrottle

from . import selectors, services
from .documents import verification_url
from .models import Credential
from .verification import MAX_INPUT

UUID_PATTERN = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"


class CredentialSerializer(serializers.ModelSerializer):
    academy = serializers.CharField(source="academy.name", read_only=True)
    verification_url = serializers.SerializerMethodField()
    credential = serializers.CharField(source="token", read_only=True, help_text="The VC-JWT as issued")

    class Meta:
        model = Credential
        fields = [
            "id",
            "academy",
            "holder_name",
            "achievement_name",
            "achievement_type",
            "issued_at",
            "status",
            "status_changed_at",
            "status_reason",
            "status_reason_public",
            "kid",
            "verification_url",
            "credential",
        ]
        read_only_fields = fields

    def get_verification_url(self, credential: Credential) -> str:
        return verification_url(credential.pk)


class StatusChangeSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)
    public = serializers.BooleanField(required=False, default=False, help_text="Show the reason publicly")


class VerifyRequestSerializer(serializers.Serializer):
    credential = serializers.CharField(
        max_length=MAX_INPUT, help_text="A VC-JWT, or the JSON EnvelopedVerifiableCredential that holds one"
    )


class VerificationSerializer(serializers.Serializer):
    ok = serializers.BooleanField()
    status = serializers.ChoiceField(choices=["valid", "revoked", "suspended", "invalid"])
    reasons = serializers.ListField(child=serializers.CharField())
    issuer_name = serializers.CharField()
    holder_name = serializers.CharField()
    achievement_name = serializers.CharField()
    issued_on = serializers.DateField(allow_null=True)
    status_changed_on = serializers.DateField(allow_null=True)
    kid = serializers.CharField()
    credential_id = serializers.CharField()
    checks = serializers.ListField(child=serializers.CharField())


class VerifyThrottle(UserRateThrottle):
    """Verification is public: each caller (by user, or by address when anonymous) gets 60 a minute."""

    scope = "credentials_verify"
    rate = "60/minute"


class CredentialViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Credentials one holds, and those of the academies one runs."""

    serializer_class = CredentialSerializer
    lookup_value_regex = UUID_PATTERN

    def get_queryset(self) -> QuerySet[Credential]:
        return selectors.credentials_visible(self.request.user)

    def _change(self, request: Request, service: Any) -> Response:
        credential = self.get_object()
        data = StatusChangeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        credential = service(credential=credential, by=request.user, **data.validated_data)
        return Response(CredentialSerializer(credential).data)

    @extend_schema(request=StatusChangeSerializer, responses={200: CredentialSerializer})
    @action(detail=True, methods=["post"])
    def revoke(self, request: Request, pk: str | None = None) -> Response:
        """Revoke for good: the published revocation status list says so at once."""
        return self._change(request, services.credential_revoke)

    @extend_schema(request=StatusChangeSerializer, responses={200: CredentialSerializer})
    @action(detail=True, methods=["post"])
    def suspend(self, request: Request, pk: str | None = None) -> Response:
        return self._change(request, services.credential_suspend)

    @extend_schema(request=StatusChangeSerializer, responses={200: CredentialSerializer})
    @action(detail=True, methods=["post"])
    def reinstate(self, request: Request, pk: str | None = None) -> Response:
        return self._change(request, services.credential_reinstate)

    @extend_schema(request=VerifyRequestSerializer, responses={200: VerificationSerializer}, auth=[])
    @action(
        detail=False,
        methods=["post"],
        permission_classes=[AllowAny],
        throttle_classes=[VerifyThrottle],
    )
    def verify(self, request: Request) -> Response:
        """Check any credential: signature, issuer and status. Anyone may ask; the answer says why not."""
        data = VerifyRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        result = services.credential_verify(data.validated_data["credential"])
        return Response(VerificationSerializer(vars(result)).data)


def register(router: BaseRouter) -> None:
    router.register("credentials", CredentialViewSet, basename="credential")
