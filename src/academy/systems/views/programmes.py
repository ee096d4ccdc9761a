"""Thin pages for systems OD programmes: each reads through a selector and writes through the same
service as the API; the case study prints from the same template as the page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from academy.people.models import ICS
from academy.people.permissions import scope_of
from academy.reporting.pdf import html_to_pdf
from academy.web.pages import form_page, posted

from .. import selectors, services
from ..forms_programmes import DiagnosticForm, ParticipantForm, ProfileForm, ProgrammeForm, WorkshopForm
from ..models import Programme
from ..permissions import can_edit_system_record


def systems_led(user: Any) -> QuerySet[ICS]:
    """The systems whose records the user may write: their own ICS (every one for an administrator)."""
    scope = scope_of(user)
    qs = ICS.objects.order_by("name")
    return qs if scope.is_administrator else qs.filter(pk__in=scope.ics_ids)


def _editable(request: HttpRequest, pk: int) -> Programme:
    programme = selectors.programme_get(request.user, pk)
    if not can_edit_system_record(request.user, programme.ics_id):
        raise PermissionDenied("Only the OD lead of this integrated care system can change this programme.")
    return programme


@login_required
@require_safe
def programme_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "systems/programmes/list.html",
        {
            "programmes": selectors.programmes_for(request.user).order_by("ics__name", "-started_on"),
            "can_create": systems_led(request.user).exists(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def programme_new(request: HttpRequest) -> HttpResponse:
    systems = systems_led(request.user)
    if not systems.exists():
        raise PermissionDenied("Only an ICS OD lead can start a systems OD programme.")
    form = ProgrammeForm(posted(request), systems=systems)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            programme = services.programme_create(
                ics=data["ics"],
                title=data["title"],
                started_on=data["started_on"],
                ended_on=data["ended_on"],
                sponsor=data["sponsor_email"],
                sponsor_role=data["sponsor_role"],
                by=request.user,
                **{name: data[name] for name in services.SECTION_FIELDS},
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"{programme.title} has been created.")
            return redirect("systems:programme", pk=programme.pk)
    return form_page(
        request,
        form,
        title="New systems OD programme",
        back=reverse("systems:programmes"),
        submit_label="Create",
    )


@login_required
@require_safe
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    programme = selectors.programme_get(request.user, pk)
    return render(
        request,
        "systems/programmes/detail.html",
        {
            "study": selectors.case_study(programme),
            "programme": programme,
            "can_edit": can_edit_system_record(request.user, programme.ics_id),
        },
    )


@login_required
@require_safe
def programme_print(request: HttpRequest, pk: int) -> HttpResponse:
    """The case study as a PDF, with its contents page."""
    programme = selectors.programme_get(request.user, pk)
    html = render_to_string("systems/programmes/print.html", {"study": selectors.case_study(programme)})
    response = HttpResponse(html_to_pdf(html), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="case-study-{programme.pk}.pdf"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def programme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _editable(request, pk)
    initial = {name: getattr(programme, name) for name in ("title", "sponsor_role", "started_on", "ended_on")}
    initial.update({name: getattr(programme, name) for name in services.SECTION_FIELDS})
    initial["sponsor_email"] = programme.sponsor.email if programme.sponsor is not None else ""
    initial["version"] = programme.version
    form = ProgrammeForm(posted(request), initial=initial, systems=ICS.objects.none(), editing=True)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        changes = {name: data[name] for name in ("title", "sponsor_role", "started_on", "ended_on")}
        changes.update({name: data[name] for name in services.SECTION_FIELDS})
        changes["sponsor"] = data["sponsor_email"]
        try:
            services.programme_update(
                programme=programme, version=data["version"] or 0, by=request.user, **changes
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "The programme has been saved.")
            return redirect("systems:programme", pk=programme.pk)
    return form_page(
        request,
        form,
        title=f"Edit {programme.title}",
        back=reverse("systems:programme", args=[programme.pk]),
        submit_label="Save",
    )


@login_required
@require_POST
def programme_publish(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _editable(request, pk)
    try:
        services.programme_publish(programme=programme, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, "The case study has been published.")
    return redirect("systems:programme", pk=programme.pk)


def _programme_form(
    request: HttpRequest, pk: int, form_class: Any, title: str, save: Any, done: str
) -> HttpResponse:
    programme = _editable(request, pk)
    form = form_class(posted(request), programme=programme)
    if request.method == "POST" and form.is_valid():
        try:
            save(programme, form)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, done)
            return redirect("systems:programme", pk=programme.pk)
    return form_page(
        request,
        form,
        title=title,
        caption=programme.title,
        back=reverse("systems:programme", args=[programme.pk]),
        submit_label="Save",
    )


@login_required
@require_http_methods(["GET", "POST"])
def participant_new(request: HttpRequest, pk: int) -> HttpResponse:
    def save(programme: Programme, form: Any) -> None:
        data = form.cleaned_data
        services.participant_add(
            programme=programme,
            person=data["email"],
            role=data["role"],
            organisation=data["organisation"],
            by=request.user,
        )

    return _programme_form(
        request, pk, ParticipantForm, "Add a participant", save, "The participant has been added."
    )


@login_required
@require_http_methods(["GET", "POST"])
def diagnostic_new(request: HttpRequest, pk: int) -> HttpResponse:
    def save(programme: Programme, form: Any) -> None:
        services.diagnostic_record(programme=programme, by=request.user, **form.cleaned_data)

    return _programme_form(
        request, pk, DiagnosticForm, "Record a diagnostic conversation", save, "The summary has been kept."
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile_new(request: HttpRequest, pk: int) -> HttpResponse:
    def save(programme: Programme, form: Any) -> None:
        services.conflict_profile_record(
            programme=programme,
            participant=form.cleaned_data["participant"],
            scores=form.scores(),
            by=request.user,
        )

    return _programme_form(
        request, pk, ProfileForm, "Enter conflict-handling scores", save, "The scores have been saved."
    )


@login_required
@require_http_methods(["GET", "POST"])
def workshop_new(request: HttpRequest, pk: int) -> HttpResponse:
    def save(programme: Programme, form: Any) -> None:
        services.workshop_add(programme=programme, by=request.user, **form.cleaned_data)

    return _programme_form(request, pk, WorkshopForm, "Add a workshop", save, "The workshop has been added.")
