"""Thin pages for ICS leadership and OD plans: each reads through a selector and writes through the same
service as the API."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from academy.offers.models import Offer
from academy.people.models import ICS, Organisation
from academy.reporting.pdf import html_to_pdf
from academy.web.pages import form_page, posted

from .. import selectors, services
from ..forms_plans import (
    ActivityForm,
    ConfirmForm,
    PillarForm,
    PlanForm,
    ReviewForm,
    VersionForm,
    WorkstreamForm,
)
from ..models.plans import Activity, Plan, PlanVersion
from ..permissions import can_edit_system_record, led_ics_ids
from ..services.plans import VERSION_FIELDS

__all__ = [
    "activity_edit",
    "activity_new",
    "landing",
    "pillar_new",
    "plan_changes",
    "plan_detail",
    "plan_edit",
    "plan_new",
    "plan_print",
    "plan_publish",
    "plan_review",
    "version_detail",
    "workstream_new",
]


def _draft(request: HttpRequest, pk: int) -> PlanVersion:
    """The plan's draft, for its own OD lead; anyone else finds nothing to edit."""
    plan = selectors.plan_get(request.user, pk)
    if not can_edit_system_record(request.user, plan.ics_id):
        raise PermissionDenied("Only the system's own OD lead can change its plan.")
    draft = plan.versions.filter(status=PlanVersion.Status.DRAFT).first()
    if draft is None:
        raise Http404("The plan has no draft: start a review to change it")
    return draft


def _back(version: PlanVersion) -> str:
    return reverse("systems:plan", args=[version.plan_id])


@login_required
@require_safe
def landing(request: HttpRequest) -> HttpResponse:
    ids = led_ics_ids(request.user)
    led = ICS.objects.all() if ids is None else ICS.objects.filter(pk__in=ids)
    return render(
        request,
        "systems/plans/landing.html",
        {
            "plans": selectors.plans_for(request.user),
            "charters": selectors.charters_for(request.user),
            "led": list(led),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_new(request: HttpRequest) -> HttpResponse:
    ids = led_ics_ids(request.user)
    systems = ICS.objects.all() if ids is None else ICS.objects.filter(pk__in=ids)
    if not systems.exists():
        raise PermissionDenied("Only an ICS OD lead can start a plan.")
    form = PlanForm(posted(request), initial={"start_year": 2024, "end_year": 2027})
    form.fields["ics"] = forms.ModelChoiceField(
        label="Integrated care system", queryset=systems, initial=systems.first()
    )
    form.fields["ics"].widget.attrs["class"] = "nhsuk-select"
    form.order_fields(["ics", "title", "start_year", "end_year"])
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request, "Your plan has been started. Add its pillars, workstreams and activities."
            )
            return redirect("systems:plan", pk=plan.pk)
    return form_page(
        request,
        form,
        title="Start a leadership and OD plan",
        back=reverse("systems:landing"),
        submit_label="Start the plan",
    )


def _version_page(request: HttpRequest, plan: Plan, version: PlanVersion) -> HttpResponse:
    editable = can_edit_system_record(request.user, plan.ics_id)
    versions = selectors.plan_versions(request.user, plan)
    return render(
        request,
        "systems/plans/plan.html",
        {
            "plan": plan,
            "version": version,
            "versions": versions,
            "can_edit": editable and version.status == PlanVersion.Status.DRAFT,
            "can_review": editable and not any(v.status == PlanVersion.Status.DRAFT for v in versions),
            "previous": next((v for v in versions if v.number < version.number and v.is_published), None),
            "revision_form": ConfirmForm(initial={"revision": version.revision}),
            "charter": selectors.charters_for(request.user).filter(ics=plan.ics, status="published").first(),
            "measures": selectors.measures_for(request.user).filter(plan=plan).order_by("title"),
            "can_add_measure": editable,
        },
    )


@login_required
@require_safe
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(request.user, pk)
    return _version_page(request, plan, selectors.version_get(request.user, plan))


@login_required
@require_safe
def version_detail(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    plan = selectors.plan_get(request.user, pk)
    return _version_page(request, plan, selectors.version_get(request.user, plan, number))


@login_required
@require_safe
def plan_changes(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """What changed in this version since the one before it."""
    plan = selectors.plan_get(request.user, pk)
    version = selectors.version_get(request.user, plan, number)
    earlier = [v for v in selectors.plan_versions(request.user, plan) if v.number < number]
    if not earlier:
        raise Http404("The first version has nothing to compare with")
    previous = earlier[0]
    return render(
        request,
        "systems/plans/changes.html",
        {
            "plan": plan,
            "version": version,
            "previous": previous,
            "changes": selectors.plan_diff(previous, version),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    version = _draft(request, pk)
    partners = Organisation.objects.filter(ics=version.plan.ics) | version.partners.all()
    initial = {
        "revision": version.revision,
        "start_year": version.start_year,
        "end_year": version.end_year,
        "priorities": version.priorities,
        "aims": version.aims,
        "partners": list(version.partners.all()),
        **{name: getattr(version, name) for name in VERSION_FIELDS},
    }
    form = VersionForm(posted(request), initial=initial, partners=partners.distinct().order_by("name"))
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_version_update(version=version, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "The plan's details have been saved.")
            return redirect(_back(version))
    return form_page(request, form, title="The plan's details", back=_back(version), submit_label="Save")


@login_required
@require_http_methods(["GET", "POST"])
def pillar_new(request: HttpRequest, pk: int) -> HttpResponse:
    version = _draft(request, pk)
    form = PillarForm(posted(request), initial={"revision": version.revision})
    if request.method == "POST" and form.is_valid():
        try:
            services.pillar_add(version=version, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"The pillar {form.cleaned_data['title']} has been added.")
            return redirect(_back(version))
    return form_page(
        request, form, title="Add a strategic pillar", back=_back(version), submit_label="Add the pillar"
    )


@login_required
@require_http_methods(["GET", "POST"])
def workstream_new(request: HttpRequest, pk: int) -> HttpResponse:
    version = _draft(request, pk)
    form = WorkstreamForm(posted(request), initial={"revision": version.revision})
    if request.method == "POST" and form.is_valid():
        try:
            services.workstream_add(version=version, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"The workstream {form.cleaned_data['title']} has been added.")
            return redirect(_back(version))
    return form_page(
        request, form, title="Add a workstream", back=_back(version), submit_label="Add the workstream"
    )


def _offers() -> Any:
    return Offer.objects.filter(status=Offer.Status.PUBLISHED).order_by("title")


@login_required
@require_http_methods(["GET", "POST"])
def activity_new(request: HttpRequest, pk: int) -> HttpResponse:
    version = _draft(request, pk)
    if not version.workstreams.exists():
        messages.info(request, "Add a workstream first: every activity belongs to one.")
        return redirect("systems:workstream_new", pk=pk)
    form = ActivityForm(
        posted(request), initial={"revision": version.revision}, version=version, offers=_offers()
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if not k.startswith("year_")}
        workstream = version.workstreams.get(pk=data.pop("workstream"))
        try:
            services.activity_add(workstream=workstream, timeline=form.timeline(), by=request.user, **data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"The activity {data['title']} has been added.")
            return redirect(_back(version))
    return form_page(
        request, form, title="Add an activity", back=_back(version), submit_label="Add the activity"
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request: HttpRequest, pk: int, activity_pk: int) -> HttpResponse:
    version = _draft(request, pk)
    activity = Activity.objects.filter(workstream__version=version, pk=activity_pk).first()
    if activity is None:
        raise Http404("No such activity in the draft")
    initial = {
        "revision": version.revision,
        "workstream": activity.workstream_id,
        "title": activity.title,
        "description": activity.description,
        "owner": activity.owner,
        "status": activity.status,
        "offers": list(activity.offers.all()),
        "coaching_hub": activity.coaching_hub,
        **{f"year_{y}": activity.mark_in(y) for y in version.years},
    }
    form = ActivityForm(posted(request), initial=initial, version=version, offers=_offers())
    form.fields["workstream"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if not k.startswith("year_") and k != "workstream"}
        try:
            services.activity_update(activity=activity, timeline=form.timeline(), by=request.user, **data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"The activity {data['title']} has been saved.")
            return redirect(_back(version))
    return form_page(
        request, form, title=f"Change {activity.title}", back=_back(version), submit_label="Save"
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_publish(request: HttpRequest, pk: int) -> HttpResponse:
    version = _draft(request, pk)
    form = ConfirmForm(posted(request), initial={"revision": version.revision})
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_publish(version=version, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request, f"Version {version.number} is published. It will not change from now on."
            )
            return redirect(_back(version))
    return form_page(
        request,
        form,
        title=f"Publish version {version.number}",
        intro="Once published, this version never changes. Other systems' OD leads and partners can read it. "
        "To change the plan later, start a review: it makes a new draft from this version.",
        back=_back(version),
        submit_label="Publish the plan",
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_review(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(request.user, pk)
    if not can_edit_system_record(request.user, plan.ics_id):
        raise PermissionDenied("Only the system's own OD lead can review its plan.")
    form = ReviewForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            draft = services.plan_review(plan=plan, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request, f"Version {draft.number} is a draft copy of the last version. Make your changes."
            )
            return redirect("systems:plan", pk=plan.pk)
    return form_page(
        request,
        form,
        title=f"Review {plan.title}",
        intro="A review makes a new draft version from the latest one. The published versions stay as they are, "
        "and the plan page shows what changed.",
        back=reverse("systems:plan", args=[plan.pk]),
        submit_label="Start the review",
    )


PRINTS = {"plan-on-a-page": "Plan on a page", "document": "Leadership and OD plan"}


def print_html(*, version: PlanVersion, kind: str, charter: Any = None) -> str:
    """The printed plan (A4, like seed 003): the plan on a page alone, or the whole document."""
    return render_to_string(
        "systems/plans/print.html",
        {"version": version, "plan": version.plan, "kind": kind, "charter": charter},
    )


@login_required
@require_safe
def plan_print(request: HttpRequest, pk: int, number: int, kind: str, pdf: bool = False) -> HttpResponse:
    if kind not in PRINTS:
        raise Http404("No such print")
    plan = selectors.plan_get(request.user, pk)
    version = selectors.version_get(request.user, plan, number)
    charter = selectors.charters_for(request.user).filter(ics=plan.ics, status="published").first()
    if not pdf:
        return render(
            request,
            "systems/plans/printable.html",
            {"plan": plan, "version": version, "kind": kind, "title": PRINTS[kind], "charter": charter},
        )
    response = HttpResponse(
        html_to_pdf(print_html(version=version, kind=kind, charter=charter)), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="plan-{plan.pk}-v{version.number}-{kind}.pdf"'
    return response
