"""Thin pages for RACI matrices: the matrix, its CSV and Excel downloads, and its printed copy."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from academy.reporting.exports import to_csv, to_xlsx
from academy.reporting.pdf import html_to_pdf
from academy.web.pages import form_page, posted

from .. import selectors, services
from ..forms_programmes import ActivityForm, RaciForm
from ..models import RaciMatrix
from ..permissions import can_edit_system_record
from .programmes import systems_led

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _editable(request: HttpRequest, pk: int) -> RaciMatrix:
    matrix = selectors.raci_get(request.user, pk)
    if not can_edit_system_record(request.user, matrix.ics_id):
        raise PermissionDenied("Only the OD lead of this integrated care system can change this matrix.")
    return matrix


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_safe
def raci_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "systems/raci/list.html",
        {"matrices": selectors.raci_for(request.user), "can_create": systems_led(request.user).exists()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def raci_new(request: HttpRequest) -> HttpResponse:
    systems = systems_led(request.user)
    if not systems.exists():
        raise PermissionDenied("Only an ICS OD lead can start a RACI matrix.")
    form = RaciForm(posted(request), systems=systems)
    if request.method == "POST" and form.is_valid():
        try:
            matrix = services.raci_create(
                ics=form.cleaned_data["ics"],
                title=form.cleaned_data["title"],
                parties=list(form.party_names()),
                by=request.user,
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "The matrix has been created. Add its activities.")
            return redirect("systems:raci", pk=matrix.pk)
    return form_page(
        request, form, title="New RACI matrix", back=reverse("systems:raci_list"), submit_label="Create"
    )


@login_required
@require_safe
def raci_detail(request: HttpRequest, pk: int) -> HttpResponse:
    matrix = selectors.raci_get(request.user, pk)
    wanted = request.GET.get("format", "")
    if wanted == "csv":
        return _download(
            to_csv(selectors.raci_tables(matrix)), "text/csv; charset=utf-8", f"raci-{matrix.pk}.csv"
        )
    if wanted == "xlsx":
        return _download(to_xlsx(selectors.raci_tables(matrix)), XLSX, f"raci-{matrix.pk}.xlsx")
    return render(
        request,
        "systems/raci/detail.html",
        {
            "matrix": matrix,
            "grid": selectors.raci_grid(matrix),
            "can_edit": can_edit_system_record(request.user, matrix.ics_id),
        },
    )


@login_required
@require_safe
def raci_print(request: HttpRequest, pk: int) -> HttpResponse:
    matrix = selectors.raci_get(request.user, pk)
    html = render_to_string(
        "systems/raci/print.html", {"matrix": matrix, "grid": selectors.raci_grid(matrix)}
    )
    return _download(html_to_pdf(html), "application/pdf", f"raci-{matrix.pk}.pdf")


@login_required
@require_http_methods(["GET", "POST"])
def activity_new(request: HttpRequest, pk: int) -> HttpResponse:
    matrix = _editable(request, pk)
    form = ActivityForm(posted(request), matrix=matrix)
    if request.method == "POST" and form.is_valid():
        try:
            services.raci_activity_set(
                matrix=matrix, name=form.cleaned_data["name"], letters=form.letters(), by=request.user
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "The activity has been saved.")
            return redirect("systems:raci", pk=matrix.pk)
    return form_page(
        request,
        form,
        title="Add an activity",
        caption=matrix.title,
        intro="Mark exactly one organisation or role as accountable (A).",
        back=reverse("systems:raci", args=[matrix.pk]),
        submit_label="Save",
    )


@login_required
@require_POST
def raci_publish(request: HttpRequest, pk: int) -> HttpResponse:
    matrix = _editable(request, pk)
    try:
        services.raci_publish(matrix=matrix, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, "The matrix has been published.")
    return redirect("systems:raci", pk=matrix.pk)
