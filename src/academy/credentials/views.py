"""Thin pages for verifiable certificates: the public verification pages, the published keys and status
lists, the holder's downloads and "My certificates", and revoke / suspend / reinstate."""

from __future__ import annotations

import json
import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods, require_safe

from . import keys, selectors, services
from .certificate import certificate_pdf
from .documents import ENVELOPE_MEDIA_TYPE, enveloped
from .forms import StatusChangeForm, VerifyForm
from .permissions import can_revoke, can_see_credential, is_holder
from .verification import status_list_token

ACTIONS: dict[str, dict[str, Any]] = {
    "revoke": {
        "service": services.credential_revoke,
        "title": "Revoke this certificate",
        "intro": "Revoking is permanent: the certificate will no longer verify.",
        "done": "The certificate has been revoked.",
        "button": "Revoke certificate",
    },
    "suspend": {
        "service": services.credential_suspend,
        "title": "Suspend this certificate",
        "intro": "While it is suspended, the certificate does not verify. You can reinstate it later.",
        "done": "The certificate has been suspended.",
        "button": "Suspend certificate",
    },
    "reinstate": {
        "service": services.credential_reinstate,
        "title": "Reinstate this certificate",
        "intro": "The certificate will verify again.",
        "done": "The certificate has been reinstated.",
        "button": "Reinstate certificate",
    },
}


def _download(content: bytes | str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- Public -----------------------------------------------------------------------------------------


@require_safe
def credential_page(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    credential = selectors.credential_public(pk)
    context = {
        "credential": credential,
        "verification": selectors.verification_of(credential),
        "can_download": can_see_credential(request.user, credential),
        "can_change": can_revoke(request.user, credential),
        "is_holder": is_holder(request.user, credential),
    }
    return render(request, "credentials/credential.html", context)


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    form = VerifyForm(request.POST or None, request.FILES or None)
    verification = None
    if request.method == "POST" and form.is_valid():
        verification = services.credential_verify(form.cleaned_data["text"])
    return render(request, "credentials/verify.html", {"form": form, "verification": verification})


@require_safe
@cache_control(max_age=300, public=True)
def jwks(request: HttpRequest) -> JsonResponse:
    return JsonResponse(keys.jwks(), content_type="application/jwk-set+json")


@require_safe
@cache_control(max_age=300, public=True)
def site_did(request: HttpRequest) -> JsonResponse:
    return JsonResponse(keys.did_document(keys.site_did()), content_type="application/did+json")


@require_safe
@cache_control(max_age=300, public=True)
def academy_did(request: HttpRequest, slug: str) -> JsonResponse:
    academy = selectors.academy_issuer(slug)
    return JsonResponse(
        keys.did_document(keys.academy_did(academy.slug)), content_type="application/did+json"
    )


@require_safe
@cache_control(max_age=60, public=True)
def status_list(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponse(status_list_token(selectors.status_list_get(pk)), content_type=ENVELOPE_MEDIA_TYPE)


# --- The holder and the academy --------------------------------------------------------------------


@login_required
@require_safe
def my_certificates(request: HttpRequest) -> HttpResponse:
    return render(request, "credentials/mine.html", {"credentials": selectors.credentials_held(request.user)})


@login_required
@require_safe
def download_jwt(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    credential = selectors.credential_for(request.user, pk)
    return _download(credential.token, ENVELOPE_MEDIA_TYPE, f"certificate-{credential.pk}.jwt")


@login_required
@require_safe
def download_json(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    credential = selectors.credential_for(request.user, pk)
    body = json.dumps(enveloped(credential.token), indent=2)
    return _download(body, "application/json", f"certificate-{credential.pk}.json")


@login_required
@require_safe
def download_pdf(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    credential = selectors.credential_for(request.user, pk)
    return _download(
        certificate_pdf(credential=credential), "application/pdf", f"certificate-{credential.pk}.pdf"
    )


@login_required
@require_http_methods(["GET", "POST"])
def change_status(request: HttpRequest, pk: uuid.UUID, action: str) -> HttpResponse:
    credential = selectors.credential_for(request.user, pk)
    if not can_revoke(request.user, credential):
        raise PermissionDenied("Only the academy that issued it may change a certificate's status.")
    step = ACTIONS[action]
    form = StatusChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            step["service"](
                credential=credential,
                reason=form.cleaned_data["reason"],
                public=form.cleaned_data["public"],
                by=request.user,
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, step["done"])
            return redirect("credentials:credential", pk=credential.pk)
    back = reverse("credentials:credential", args=[credential.pk])
    return render(
        request,
        "web/form_page.html",
        {
            "form": form,
            "title": step["title"],
            "intro": step["intro"],
            "submit_label": step["button"],
            "back": back,
            "cancel_url": back,
            "credential": credential,
        },
    )
