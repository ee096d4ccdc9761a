"""Thin pages for leadership charters: reading, signing with one's own login, and the OD lead's drafting,
opening for signing and review."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from academy.core.dates import long_date
from academy.people.models import ICS
from academy.web.pages import form_page, posted

from .. import selectors, services
from ..forms_plans import CharterEditForm, CharterForm, CharterReviewForm, ConfirmForm, SignForm
from ..permissions import can_edit_system_record, can_sign_charter, led_ics_ids

__all__ = [
    "charter_detail",
    "charter_edit",
    "charter_new",
    "charter_publish",
    "charter_review",
    "charter_sign",
]


def _editable(request: HttpRequest, pk: int) -> Any:
    charter = selectors.charter_get(request.user, pk)
    if not can_edit_system_record(request.user, charter.ics_id):
        raise PermissionDenied("Only the system's own OD lead can change its charter.")
    return charter


@login_required
@require_safe
def charter_detail(request: HttpRequest, pk: int) -> HttpResponse:
    charter = selectors.charter_get(request.user, pk)
    counts = selectors.charter_signatures_by_organisation(charter)
    return render(
        request,
        "systems/charters/charter.html",
        {
            "charter": charter,
            "counts": counts,
            "signed": sum(row["leaders"] for row in counts),
            "mine": selectors.my_signature(request.user, charter),
            "can_sign": can_sign_charter(request.user, charter),
            "can_edit": can_edit_system_record(request.user, charter.ics_id),
            "publish_form": ConfirmForm(initial={"revision": charter.revision}),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def charter_new(request: HttpRequest) -> HttpResponse:
    ids = led_ics_ids(request.user)
    systems = ICS.objects.all() if ids is None else ICS.objects.filter(pk__in=ids)
    if not systems.exists():
        raise PermissionDenied("Only an ICS OD lead can write a charter.")
    form = CharterForm(posted(request))
    form.fields["ics"] = forms.ModelChoiceField(
        label="Integrated care system", queryset=systems, initial=systems.first()
    )
    form.fields["ics"].widget.attrs["class"] = "nhsuk-select"
    form.order_fields(["ics"])
    if request.method == "POST" and form.is_valid():
        try:
            charter = services.charter_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "The charter has been saved as a draft.")
            return redirect("systems:charter", pk=charter.pk)
    return form_page(
        request,
        form,
        title="Write a leadership charter",
        back=reverse("systems:landing"),
        submit_label="Save the draft",
    )


@login_required
@require_http_methods(["GET", "POST"])
def charter_edit(request: HttpRequest, pk: int) -> HttpResponse:
    charter = _editable(request, pk)
    initial = {
        "revision": charter.revision,
        "title": charter.title,
        "review_on": charter.review_on,
        **charter.text(),
    }
    form = CharterEditForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.charter_update(charter=charter, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request, "The charter has been saved. Signatures already made keep the text that was signed."
            )
            return redirect("systems:charter", pk=charter.pk)
    return form_page(
        request,
        form,
        title=f"Change {charter.title}",
        back=reverse("systems:charter", args=[pk]),
        submit_label="Save",
    )


@login_required
@require_http_methods(["GET", "POST"])
def charter_publish(request: HttpRequest, pk: int) -> HttpResponse:
    charter = _editable(request, pk)
    form = ConfirmForm(posted(request), initial={"revision": charter.revision})
    if request.method == "POST" and form.is_valid():
        try:
            services.charter_publish(charter=charter, by=request.user)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "The charter is open for signing.")
            return redirect("systems:charter", pk=charter.pk)
    return form_page(
        request,
        form,
        title=f"Open {charter.title} for signing",
        back=reverse("systems:charter", args=[pk]),
        intro="Leaders will be able to read it and sign it with their own login.",
        submit_label="Open for signing",
    )


@login_required
@require_http_methods(["GET", "POST"])
def charter_sign(request: HttpRequest, pk: int) -> HttpResponse:
    charter = selectors.charter_get(request.user, pk)
    if not can_sign_charter(request.user, charter):
        raise PermissionDenied("This charter is not open for signing.")
    form = SignForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            signature = services.charter_sign(charter=charter, by=request.user)
        except ValidationError as error:
            form.add_error("confirm", error.message_dict.get("charter", error.messages))
        else:
            messages.success(
                request, f"Thank you. You signed {charter.title} on {long_date(signature.created_at)}."
            )
            return redirect("systems:charter", pk=charter.pk)
    return render(
        request,
        "systems/charters/sign.html",
        {"form": form, "charter": charter, "submit_label": "Sign the charter"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def charter_review(request: HttpRequest, pk: int) -> HttpResponse:
    charter = _editable(request, pk)
    form = CharterReviewForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            reminded = services.charter_review(charter=charter, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request,
                f"The review has started. {reminded} leader{'s' if reminded != 1 else ''} who signed will be reminded by email.",
            )
            return redirect("systems:charter", pk=charter.pk)
    return form_page(
        request,
        form,
        title=f"Review {charter.title}",
        back=reverse("systems:charter", args=[pk]),
        intro="Everyone who signed the charter gets an email asking them to read it again.",
        submit_label="Start the review and remind signatories",
    )
