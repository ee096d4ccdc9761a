"""Issuing and revoking API tokens."""

from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from .schema import ErrorSerializer
from .tokens import api_token_issue, api_tokens_revoke, token_expires_at

LOCKED_OUT = (
    "Too many failed attempts to sign in with this username from here, so signing in is paused for "
    "30 minutes. Try again later."
)

TokenIssued = inline_serializer(
    "TokenIssued",
    {
        "token": serializers.CharField(),
        "expires_at": serializers.DateTimeField(help_text="After this the token no longer works."),
    },
)


class ObtainTokenView(APIView):
    """Exchange a username and password for an API token that expires."""

    authentication_classes: list[Any] = []
    permission_classes = [AllowAny]
    serializer_class = AuthTokenSerializer

    @extend_schema(
        summary="Get an API token",
        request=AuthTokenSerializer,
        responses={
            200: TokenIssued,
            403: OpenApiResponse(
                ErrorSerializer, description="Too many failed attempts: signing in is paused."
            ),
        },
        auth=[],
    )
    def post(self, request: Request) -> Response:
        serializer = AuthTokenSerializer(data=request.data, context={"request": request})
        if not serializer.is_valid():
            # django-axes refuses a locked username (whether or not it belongs to anyone) before the
            # password is checked, and marks the request; say so rather than "wrong password".
            if getattr(request, "axes_locked_out", False) or getattr(
                request._request, "axes_locked_out", False
            ):
                return Response({"detail": LOCKED_OUT}, status=status.HTTP_403_FORBIDDEN)
            serializer.is_valid(raise_exception=True)
        token = api_token_issue(user=serializer.validated_data["user"])
        return Response({"token": token.key, "expires_at": token_expires_at(token)})


class RevokeTokensView(APIView):
    """Revoke every API token of the signed-in user (the one used for this request included)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(summary="Revoke your API tokens", request=None, responses={204: None})
    def post(self, request: Request) -> Response:
        api_tokens_revoke(user=request.user, by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
