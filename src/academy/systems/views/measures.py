"""Thin pages for outcome-based accountability measures."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from academy.web.pages import form_page, posted

from .. import selectors, services
from ..forms_programmes import MeasureForm, PointForm
from ..models import Measure, Plan, Programme
from ..permissions import can_edit_system_record
from .programmes import systems_led


def _editable(request: HttpRequest, pk: int) -> Measure:
    measure = selectors.measure_get(request.user, pk)
    if not can_edit_system_record(request.user, measure.ics_id):
        raise PermissionDenied("Only the OD lead of this integrated care system can change this measure.")
    return measure


@login_required
@require_safe
def measure_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "systems/measures/list.html",
        {"measures": selectors.measures_for(request.user), "can_create": systems_led(request.user).exists()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def measure_new(request: HttpRequest) -> HttpResponse:
    systems = systems_led(request.user)
    if not systems.exists():
        raise PermissionDenied("Only an ICS OD lead can add a measure.")
    programmes = Programme.objects.filter(ics__in=systems).order_by("title")
    plans = Plan.objects.filter(ics__in=systems).order_by("title")
    initial = {key: request.GET[key] for key in ("programme", "plan") if request.GET.get(key, "").isdigit()}
    form = MeasureForm(posted(request), initial=initial, systems=systems, programmes=programmes, plans=plans)
    if request.method == "POST" and form.is_valid():
        try:
            measure = services.measure_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "The measure has been added.")
            return redirect("systems:measure", pk=measure.pk)
    return form_page(
        request, form, title="New measure", back=reverse("systems:measures"), submit_label="Create"
    )


@login_required
@require_safe
def measure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    measure = selectors.measure_get(request.user, pk)
    return render(
        request,
        "systems/measures/detail.html",
        {
            "measure": measure,
            "curve": selectors.measure_curve(measure),
            "can_edit": can_edit_system_record(request.user, measure.ics_id),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def point_new(request: HttpRequest, pk: int) -> HttpResponse:
    measure = _editable(request, pk)
    form = PointForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.measure_point_add(measure=measure, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "The data point has been added.")
            return redirect("systems:measure", pk=measure.pk)
    return form_page(
        request,
        form,
        title="Add a data point",
        caption=measure.title,
        back=reverse("systems:measure", args=[measure.pk]),
        submit_label="Add",
    )


@login_required
@require_POST
def measure_publish(request: HttpRequest, pk: int) -> HttpResponse:
    measure = _editable(request, pk)
    services.measure_publish(measure=measure, by=request.user)
    messages.success(request, "The measure has been published.")
    return redirect("systems:measure", pk=measure.pk)
