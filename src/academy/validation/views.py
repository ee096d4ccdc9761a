"""Thin pages for the validation route: each reads through a selector and writes through the same
service as the API."""

import datetime as dt
import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from academy.people.models import Academy, Person
from academy.web.pages import form_page, posted

from . import reports, selectors, services
from .forms import (
    CohortForm,
    DecisionForm,
    EntryForm,
    EvidenceForm,
    FrameworkImportForm,
    InterestForm,
    InterviewForm,
    InterviewRecordForm,
    MappingForm,
    MilestoneForm,
    MoveVersionForm,
    OutcomeForm,
    PanelForm,
    SupporterForm,
    review_form,
    self_levels_form,
)
from .frameworks import FrameworkError, parse_csv, parse_json
from .models import Claim, Element, ElementMapping, Evidence, Framework, Milestone, Rating, Route
from .permissions import (
    can_decide,
    can_edit_claim,
    can_manage_cohort,
    can_manage_frameworks,
    can_moderate,
    can_review,
    can_see_evidence,
    is_practitioner,
    is_supporter,
)


def _route_url(route: Route) -> str:
    return reverse("validation:route", args=[route.pk])


@login_required
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    routes = selectors.routes_for(request.user)
    mine = {r.cohort_id for r in routes["mine"]}
    return render(
        request,
        "validation/home.html",
        {
            **routes,
            "cohorts": [c for c in selectors.cohorts_open(request.user) if c.pk not in mine],
            "managed": selectors.cohorts_managed(request.user),
            "can_manage_frameworks": can_manage_frameworks(request.user),
            "can_open_cohort": selectors.academies_managed(request.user).exists(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def interest(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = selectors.cohort_get(request.user, pk)
    form = InterestForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            route = services.route_express_interest(
                cohort=cohort, statement=form.cleaned_data["statement"], by=request.user
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Thank you. Your expression of interest is recorded.")
            return redirect(_route_url(route))
    return form_page(
        request,
        form,
        title=f"Express interest: {cohort.name}",
        back=reverse("validation:home"),
        submit_label="Express interest",
    )


@login_required
@require_safe
def route_detail(request: HttpRequest, pk: int) -> HttpResponse:
    route = selectors.route_get(request.user, pk)
    claim = getattr(route, "claim", None)
    seat = selectors.my_panel_seat(request.user, route)
    context = {
        "route": route,
        "claim": claim,
        "coverage": services.coverage(claim) if claim else [],
        "milestones": route.milestones.all(),
        "milestone_form": MilestoneForm(),
        "panel": route.panel.select_related("person"),
        "seat": seat,
        "reviews": selectors.reviews_visible(request.user, route),
        "all_reviews_in": services.all_reviews_in(route),
        "moderated": route.moderated.select_related("element"),
        "is_practitioner": is_practitioner(request.user, route),
        "is_supporter": is_supporter(request.user, route),
        "can_edit_claim": can_edit_claim(request.user, route) and not (claim and claim.locked),
        "can_review": can_review(request.user, route),
        "can_moderate": can_moderate(request.user, route),
        "can_decide": can_decide(request.user, route),
        "can_manage": can_manage_cohort(request.user, route.cohort),
        "can_see_evidence": can_see_evidence(request.user, route),
        "credential_url": reports.credential_url(route),
        "first_element": next((e.pk for e in services.cohort_elements(route.cohort)), 0),
    }
    return render(request, "validation/route.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def reflect(request: HttpRequest, pk: int) -> HttpResponse:
    route = selectors.route_get(request.user, pk)
    if not is_practitioner(request.user, route):
        raise PermissionDenied("Only the practitioner can reflect on their practice.")
    elements = services.cohort_elements(route.cohort)
    current = dict(route.self_ratings.values_list("element_id", "level"))
    form = self_levels_form(posted(request), elements=elements, initial_levels=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.route_reflect(route=route, levels=form.levels(), by=request.user)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Your reflection is saved.")
            return redirect(_route_url(route))
    return form_page(
        request,
        form,
        title="Reflect on your practice",
        back=_route_url(route),
        submit_label="Save reflection",
        intro="For each element of the framework, choose the level that best describes your practice now.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    route = selectors.route_get(request.user, pk)
    if not is_practitioner(request.user, route):
        raise PermissionDenied("Only the practitioner can record their decision.")
    form = DecisionForm(posted(request), initial={"readiness": route.readiness, "note": route.decision_note})
    if request.method == "POST" and form.is_valid():
        try:
            services.route_decide(route=route, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Your decision is recorded.")
            return redirect(_route_url(route))
    return form_page(
        request, form, title="Your decision", back=_route_url(route), submit_label="Save decision"
    )


@login_required
@require_POST
def milestone_add(request: HttpRequest, pk: int) -> HttpResponse:
    route = selectors.route_get(request.user, pk)
    form = MilestoneForm(request.POST)
    if form.is_valid():
        try:
            services.milestone_add(route=route, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Milestone added.")
            return redirect(_route_url(route))
    return form_page(request, form, title="Add a milestone", back=_route_url(route), submit_label="Add")


@login_required
@require_POST
def milestone_done(request: HttpRequest, pk: int) -> HttpResponse:
    milestone = get_object_or_404(Milestone, pk=pk)
    selectors.route_get(request.user, milestone.route_id)
    services.milestone_complete(milestone=milestone, by=request.user)
    return redirect(_route_url(milestone.route))


@login_required
@require_http_methods(["GET", "POST"])
def entry(request: HttpRequest, pk: int, element_pk: int) -> HttpResponse:
    """One element of the claim: the narrative and the evidence items."""
    route = selectors.route_get(request.user, pk)
    if not can_edit_claim(request.user, route):
        raise PermissionDenied("Only the practitioner can edit their claim.")
    element = get_object_or_404(Element.objects.select_related("domain__framework"), pk=element_pk)
    claim = getattr(route, "claim", None)
    current = claim.entries.filter(element=element).first() if claim else None
    form = EntryForm(posted(request), initial={"narrative": current.narrative if current else ""})
    evidence_form = EvidenceForm()
    if request.method == "POST" and form.is_valid():
        try:
            services.claim_entry_save(
                route=route, element=element, narrative=form.cleaned_data["narrative"], by=request.user
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"Your narrative for {element.code} is saved.")
            return redirect(reverse("validation:claim_entry", args=[route.pk, element.pk]))
    return render(
        request,
        "validation/entry.html",
        {
            "route": route,
            "element": element,
            "form": form,
            "evidence_form": evidence_form,
            "evidence": current.evidence.all() if current else [],
            "locked": bool(claim and claim.locked),
        },
    )


@login_required
@require_POST
def evidence_add(request: HttpRequest, pk: int, element_pk: int) -> HttpResponse:
    route = selectors.route_get(request.user, pk)
    element = get_object_or_404(Element.objects.select_related("domain__framework"), pk=element_pk)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.evidence_add(
                route=route,
                element=element,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Your evidence is uploaded.")
            return redirect(reverse("validation:claim_entry", args=[route.pk, element.pk]))
    return form_page(
        request,
        form,
        title=f"Add evidence for {element.code} {element.name}",
        multipart=True,
        back=reverse("validation:claim_entry", args=[route.pk, element.pk]),
        submit_label="Upload",
        action=reverse("validation:evidence_add", args=[route.pk, element.pk]),
    )


@login_required
@require_safe
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    evidence = get_object_or_404(Evidence.objects.select_related("entry__claim__route"), pk=pk)
    if not can_see_evidence(request.user, evidence.entry.claim.route):
        raise Http404
    try:
        handle = services.evidence_open(evidence=evidence, by=request.user)
    except (FileNotFoundError, ValueError) as error:  # ValueError: deleted after its retention period
        raise Http404("The file is no longer stored.") from error
    response = FileResponse(
        handle, as_attachment=True, filename=evidence.original_name, content_type=evidence.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def claim_submit(request: HttpRequest, pk: int) -> HttpResponse:
    route = selectors.route_get(request.user, pk)
    try:
        services.claim_submit(route=route, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, "Your claim is submitted. It is now locked for the panel's review.")
    return redirect(_route_url(route))


@login_required
@require_http_methods(["GET", "POST"])
def review(request: HttpRequest, pk: int) -> HttpResponse:
    route = selectors.route_get(request.user, pk)
    if not can_review(request.user, route):
        raise PermissionDenied("Only this claim's panel reviews it, once it is submitted.")
    seat = selectors.my_panel_seat(request.user, route)
    assert seat is not None
    elements = [row["element"] for row in services.coverage(route.claim)]
    mine = {r.element_id: r for r in seat.reviews.all()}
    form = review_form(
        posted(request),
        elements=elements,
        initial_levels={k: r.rating for k, r in mine.items()},
        comments=True,
        initial={f"c{k}": r.comment for k, r in mine.items()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            for element in elements:
                services.review_save(
                    route=route,
                    element=element,
                    rating=form.cleaned_data[f"e{element.pk}"],
                    comment=form.cleaned_data.get(f"c{element.pk}", ""),
                    by=request.user,
                )
            if request.POST.get("submit_review"):
                services.reviews_submit(route=route, by=request.user)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request,
                "Your review is submitted." if request.POST.get("submit_review") else "Your review is saved.",
            )
            return redirect(_route_url(route))
    return render(
        request,
        "validation/review.html",
        {
            "route": route,
            "form": form,
            "coverage": services.coverage(route.claim),
            "submitted": seat.reviews_submitted_at is not None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def moderate(request: HttpRequest, pk: int) -> HttpResponse:
    route = selectors.route_get(request.user, pk)
    if not can_moderate(request.user, route):
        raise PermissionDenied("Only this claim's panel moderates it.")
    elements = [row["element"] for row in services.coverage(route.claim)]
    current = dict(route.moderated.values_list("element_id", "rating"))
    form = review_form(posted(request), elements=elements, initial_levels=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.moderation_save(
                route=route,
                ratings=form.levels(),
                expected_version=int(request.POST.get("version", "-1")),
                by=request.user,
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "The moderated ratings are saved.")
            return redirect(_route_url(route))
    table = services.ratings_table(route) if services.all_reviews_in(route) else []
    return render(
        request,
        "validation/moderate.html",
        {
            "route": route,
            "form": form,
            "version": route.moderation_version,
            "rows": list(zip(elements, table, strict=False)),
            "panel": route.panel.select_related("person"),
            "rating_labels": dict(Rating.choices),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def interview(request: HttpRequest, pk: int) -> HttpResponse:
    route = selectors.route_get(request.user, pk)
    if not can_decide(request.user, route):
        raise PermissionDenied
    scheduling = route.interview_at is None
    form = (InterviewForm if scheduling else InterviewRecordForm)(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            if scheduling:
                at = timezone.make_aware(
                    dt.datetime.combine(form.cleaned_data["date"], form.cleaned_data["time"])
                )
                services.interview_schedule(
                    route=route, at=at, place=form.cleaned_data["place"], by=request.user
                )
            else:
                services.interview_record(route=route, notes=form.cleaned_data["notes"], by=request.user)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request, "The interview is scheduled." if scheduling else "The interview is recorded."
            )
            return redirect(_route_url(route))
    title = "Schedule the validation interview" if scheduling else "Record the validation interview"
    return form_page(request, form, title=title, back=_route_url(route), submit_label="Save")


@login_required
@require_http_methods(["GET", "POST"])
def decision(request: HttpRequest, pk: int) -> HttpResponse:
    route = selectors.route_get(request.user, pk)
    if not can_decide(request.user, route):
        raise PermissionDenied
    form = OutcomeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.route_decision(route=route, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "The decision is recorded.")
            return redirect(_route_url(route))
    return form_page(
        request, form, title="Record the decision", back=_route_url(route), submit_label="Record"
    )


# --- Programme team -----------------------------------------------------------------------------


def _person_by_email(email: str) -> Person:
    person = Person.objects.filter(email__iexact=email.strip()).first()
    if person is None:
        raise ValidationError({"email": "There is no staff record with that email address."})
    return person


@login_required
@require_http_methods(["GET", "POST"])
def cohort_new(request: HttpRequest) -> HttpResponse:
    academies = selectors.academies_managed(request.user)
    if not academies.exists():
        raise PermissionDenied("Only programme managers can open a cohort.")
    form = CohortForm(posted(request), academies=academies)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            cohort = services.cohort_create(
                academy=data["academy"],
                name=data["name"],
                frameworks=list(data["frameworks"]),
                opens_on=data["opens_on"],
                workshop=data["workshop"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"{cohort.name} is open for expressions of interest.")
            return redirect("validation:cohort", pk=cohort.pk)
    return form_page(
        request,
        form,
        title="Open a validation cohort",
        back=reverse("validation:home"),
        submit_label="Open cohort",
    )


@login_required
@require_safe
def cohort_manage(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = selectors.cohort_get(request.user, pk)
    routes = selectors.cohort_routes(request.user, cohort)
    return render(
        request,
        "validation/cohort.html",
        {
            "cohort": cohort,
            "routes": routes,
            "figures": selectors.pipeline(request.user, cohort=cohort),
        },
    )


@login_required
@require_POST
def workshop_record(request: HttpRequest, pk: int) -> HttpResponse:
    route = selectors.route_get(request.user, pk)
    services.route_workshop_record(
        route=route, attended=request.POST.get("attended") == "yes", by=request.user
    )
    messages.success(request, f"Workshop attendance recorded for {route.person.full_name}.")
    return redirect("validation:cohort", pk=route.cohort_id)


@login_required
@require_POST
def workshop_sync(request: HttpRequest, pk: int) -> HttpResponse:
    """Read the workshop step from the register of the cohort's workshop offer."""
    cohort = selectors.cohort_get(request.user, pk)
    try:
        marked = services.workshop_sync(cohort=cohort, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("validation:cohort", pk=cohort.pk)
    people = "practitioner" if marked == 1 else "practitioners"
    messages.success(request, f"Workshop attendance recorded from the register for {marked} {people}.")
    return redirect("validation:cohort", pk=cohort.pk)


@login_required
@require_http_methods(["GET", "POST"])
def claim_version(request: HttpRequest, pk: int) -> HttpResponse:
    """The programme team moves a practitioner's draft claim to another version of its framework."""
    route = selectors.route_get(request.user, pk)
    if not can_manage_cohort(request.user, route.cohort):
        raise PermissionDenied
    claim = Claim.objects.filter(route=route).first()
    sources = claim.frameworks.all() if claim else route.cohort.frameworks.all()
    targets = Framework.objects.filter(slug__in=sources.values("slug")).exclude(pk__in=sources.values("pk"))
    form = MoveVersionForm(posted(request), sources=sources, targets=targets.order_by("slug", "version"))
    if request.method == "POST" and form.is_valid():
        try:
            unmapped = services.claim_move_version(route=route, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            moved = f"{route.person.full_name}'s claim now uses {form.cleaned_data['target']}."
            if unmapped:
                codes = ", ".join(e.code for e in unmapped)
                moved += f" Elements with no mapping kept their writing outside the claim: {codes}."
            messages.success(request, moved)
            return redirect("validation:cohort", pk=route.cohort_id)
    return form_page(
        request,
        form,
        title="Move the claim to another framework version",
        caption=route.person.full_name,
        intro=(
            "Each element's writing and evidence move to the element it is mapped to in the new version. "
            "A submitted claim cannot be moved."
        ),
        back=reverse("validation:cohort", args=[route.cohort_id]),
        submit_label="Move the claim",
    )


@login_required
@require_http_methods(["GET", "POST"])
def supporter(request: HttpRequest, pk: int) -> HttpResponse:
    route = selectors.route_get(request.user, pk)
    if not can_manage_cohort(request.user, route.cohort):
        raise PermissionDenied
    form = SupporterForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            person = _person_by_email(form.cleaned_data["email"])
            services.route_supporter_assign(route=route, supporter=person, by=request.user)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"{person.full_name} is named as supporter.")
            return redirect(_route_url(route))
    return form_page(
        request, form, title=f"Name {route.person.full_name}'s supporter", back=_route_url(route)
    )


@login_required
@require_http_methods(["GET", "POST"])
def panel_add(request: HttpRequest, pk: int) -> HttpResponse:
    route = selectors.route_get(request.user, pk)
    if not can_manage_cohort(request.user, route.cohort):
        raise PermissionDenied
    form = PanelForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            person = _person_by_email(form.cleaned_data["email"])
            services.panel_member_add(
                route=route,
                person=person,
                kind=form.cleaned_data["kind"],
                conflict_declaration=form.cleaned_data["conflict_declaration"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_service_errors(_rename(error, "person", "email"))
        else:
            messages.success(request, f"{person.full_name} is on the panel.")
            return redirect(_route_url(route))
    return form_page(request, form, title="Add a panel member", back=_route_url(route), submit_label="Add")


def _rename(error: ValidationError, old: str, new: str) -> ValidationError:
    if not hasattr(error, "error_dict"):
        return error
    return ValidationError({(new if k == old else k): v for k, v in error.message_dict.items()})


# --- Frameworks ---------------------------------------------------------------------------------


@login_required
@require_safe
def framework_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "validation/frameworks.html",
        {
            "frameworks": selectors.frameworks(request.user),
            "can_import": can_manage_frameworks(request.user),
        },
    )


@login_required
@require_safe
def framework_detail(request: HttpRequest, pk: int) -> HttpResponse:
    framework = selectors.framework_get(request.user, pk)
    fmt = request.GET.get("format")
    spec = services.framework_spec(framework)
    name = f"{framework.slug}-{framework.version}"
    if fmt == "json":
        response = HttpResponse(json.dumps(spec.as_json(), indent=2), content_type="application/json")
        response["Content-Disposition"] = f'attachment; filename="{name}.json"'
        return response
    if fmt == "csv":
        response = HttpResponse(spec.as_csv(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    return render(
        request,
        "validation/framework.html",
        {"framework": framework, "can_map": can_manage_frameworks(request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def framework_mapping(request: HttpRequest, pk: int) -> HttpResponse:
    """See and set which element of another version each element of this version becomes."""
    framework = selectors.framework_get(request.user, pk)
    if not can_manage_frameworks(request.user):
        raise PermissionDenied
    targets = Framework.objects.exclude(pk=framework.pk).order_by("slug", "version")
    current = ElementMapping.objects.filter(source__domain__framework=framework).select_related(
        "source", "target__domain__framework"
    )
    initial: dict[str, Any] = {}
    wanted = request.GET.get("target", "")
    chosen = targets.filter(pk=int(wanted)).first() if wanted.isdigit() and len(wanted) < 10 else None
    if chosen is not None:
        initial = {
            "target": chosen.pk,
            "pairs": "\n".join(
                f"{m.source.code} = {m.target.code}"
                for m in current
                if m.target.domain.framework_id == chosen.pk
            ),
        }
    form = MappingForm(posted(request), targets=targets, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            count = services.mapping_set(source=framework, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request, f"{count} element pairs mapped from {framework} to {form.cleaned_data['target']}."
            )
            return redirect("validation:framework", pk=framework.pk)
    mapped = "; ".join(f"{m.source.code} to {m.target.code} ({m.target.domain.framework})" for m in current)
    return form_page(
        request,
        form,
        title="Map elements to another version",
        caption=str(framework),
        intro=f"Mapped now: {mapped}." if mapped else "No elements are mapped yet.",
        back=reverse("validation:framework", args=[framework.pk]),
        submit_label="Save the mapping",
    )


@login_required
@require_http_methods(["GET", "POST"])
def framework_import(request: HttpRequest) -> HttpResponse:
    if not can_manage_frameworks(request.user):
        raise PermissionDenied("Only programme managers can import frameworks.")
    form = FrameworkImportForm(posted(request), request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        raw = upload.read(2 * 1024 * 1024 + 1)
        try:
            if len(raw) > 2 * 1024 * 1024:
                raise FrameworkError(["The file must be smaller than 2MB."])
            spec = parse_csv(raw) if (upload.name or "").lower().endswith(".csv") else parse_json(raw)
            framework = services.framework_import(spec=spec, by=request.user)
        except FrameworkError as error:
            problems = error.errors
            form.add_error("file", f"The file has {len(problems)} problems. Nothing was imported.")
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"{framework} is imported.")
            return redirect("validation:framework", pk=framework.pk)
    return render(request, "validation/framework_import.html", {"form": form, "problems": problems})


# --- Pipeline -----------------------------------------------------------------------------------


@login_required
@require_safe
def pipeline(request: HttpRequest) -> HttpResponse:
    academy = cohort = None
    if request.GET.get("cohort"):
        cohort = selectors.cohort_get(request.user, _int(request.GET["cohort"]))
    elif request.GET.get("academy"):
        academy = get_object_or_404(Academy, slug=request.GET["academy"])
    figures = selectors.pipeline(request.user, academy=academy, cohort=cohort)
    if request.GET.get("format") == "pdf":
        return reports.pipeline_pdf(figures)
    return render(
        request,
        "validation/pipeline.html",
        {
            "figures": figures,
            "academies": selectors.pipeline_academies(request.user),
            "cohorts": selectors.cohorts_managed(request.user),
            "query": request.GET.urlencode(),
        },
    )


def _int(value: str) -> int:
    try:
        return int(value)
    except ValueError as error:
        raise Http404 from error
