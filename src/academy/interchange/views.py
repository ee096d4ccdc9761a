"""Thin pages for interchange: each reads through a selector and writes through the same service as the
API."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from academy.people.permissions import is_programme_team
from academy.web.pages import form_page, posted

from . import selectors, services
from .forms import DecisionForm, OpportunityForm, ReflectionForm, RequestForm, ScheduleForm, SchemeForm
from .models import Arrangement, Kind
from .permissions import (
    can_cancel,
    can_complete,
    can_decide_as_manager,
    can_edit_opportunity,
    can_reflect,
    can_schedule,
    is_learner,
    person_of,
)


def _first_error(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return " ".join(m for messages_ in error.message_dict.values() for m in messages_)
    return " ".join(error.messages)


@login_required
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "interchange/home.html",
        {
            "hosting": selectors.hosting(request.user),
            "asks": selectors.my_requests(request.user),
            "arrangements": selectors.my_arrangements(request.user),
            "to_agree": selectors.to_agree(request.user),
            "is_team": is_programme_team(request.user),
            "has_record": person_of(request.user) is not None,
        },
    )


@login_required
@require_safe
def opportunity_list(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", "")
    kind = kind if kind in Kind.values else ""
    return render(
        request,
        "interchange/opportunities.html",
        {
            "opportunities": selectors.open_opportunities(request.user, kind=kind),
            "kinds": Kind.choices,
            "kind": kind,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def opportunity_new(request: HttpRequest) -> HttpResponse:
    if person_of(request.user) is None:
        raise PermissionDenied("Only people with a staff record can host.")
    form = OpportunityForm(posted(request))
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        academy = fields.pop("academy")
        try:
            opportunity = services.opportunity_create(academy=academy, by=request.user, **fields)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Thank you. Your opportunity is open for people to ask.")
            return redirect("interchange:opportunity", pk=opportunity.pk)
    return form_page(
        request,
        form,
        title="Offer an opportunity to learn",
        back=reverse("interchange:home"),
        intro=(
            "Let someone from another organisation or sector step into your shoes: shadow you, be mentored, "
            "join a placement, an improvement project or action learning."
        ),
        submit_label="Offer it",
    )


@login_required
@require_safe
def opportunity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = selectors.opportunity_get(request.user, pk)
    open_to_me = selectors.open_to(request.user, opportunity)
    return render(
        request,
        "interchange/opportunity.html",
        {
            "opportunity": opportunity,
            "open_to_me": open_to_me,
            "can_edit": can_edit_opportunity(request.user, opportunity),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def opportunity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = selectors.opportunity_get(request.user, pk)
    if not can_edit_opportunity(request.user, opportunity):
        raise PermissionDenied("Only the host can change this opportunity.")
    initial = {name: getattr(opportunity, name) for name in services.OPPORTUNITY_FIELDS}
    form = OpportunityForm(posted(request), initial={**initial, "academy": opportunity.academy_id})
    del form.fields["academy"]
    if request.method == "POST" and form.is_valid():
        try:
            services.opportunity_update(opportunity=opportunity, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Your changes have been saved.")
            return redirect("interchange:opportunity", pk=opportunity.pk)
    return form_page(
        request,
        form,
        title=f"Change {opportunity.title}",
        back=reverse("interchange:opportunity", args=[opportunity.pk]),
        submit_label="Save",
    )


@login_required
@require_POST
def opportunity_ask(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = selectors.opportunity_get(request.user, pk)
    try:
        arrangement = services.opportunity_ask(opportunity=opportunity, by=request.user)
    except ValidationError as error:
        messages.error(request, _first_error(error))
        return redirect("interchange:opportunity", pk=opportunity.pk)
    if arrangement.status == Arrangement.Status.AWAITING_MANAGER:
        messages.success(request, "You have a place. We have asked your line manager to agree.")
    else:
        messages.success(request, "You have a place. Agree the dates with your host.")
    return redirect("interchange:arrangement", pk=arrangement.pk)


@login_required
@require_http_methods(["GET", "POST"])
def request_new(request: HttpRequest) -> HttpResponse:
    if person_of(request.user) is None:
        raise PermissionDenied("Only people with a staff record can ask to learn.")
    form = RequestForm(posted(request))
    if request.method == "POST" and form.is_valid():
        fields = dict(form.cleaned_data)
        academy = fields.pop("academy")
        try:
            services.request_create(academy=academy, by=request.user, **fields)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Thank you. We will match you with a host and tell you by email.")
            return redirect("interchange:home")
    return form_page(
        request,
        form,
        title="Ask to learn",
        back=reverse("interchange:home"),
        intro=(
            "Tell us what you would like to learn and we will look for a host in another organisation or "
            "sector. We never match you with anyone in your own line-management chain."
        ),
        submit_label="Send my request",
    )


@login_required
@require_POST
def request_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    learning_request = selectors.request_get(request.user, pk)
    try:
        services.request_withdraw(request=learning_request, by=request.user)
    except ValidationError as error:
        messages.error(request, _first_error(error))
    else:
        messages.success(request, "Your request has been withdrawn.")
    return redirect("interchange:home")


@login_required
@require_http_methods(["GET", "POST"])
def arrangement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    arrangement = selectors.arrangement_get(request.user, pk)
    may_schedule = can_schedule(request.user, arrangement) and arrangement.status in (
        Arrangement.Status.AWAITING_MANAGER,
        Arrangement.Status.AGREED,
    )
    form = ScheduleForm(
        posted(request), initial={"starts_on": arrangement.starts_on, "ends_on": arrangement.ends_on}
    )
    if request.method == "POST":
        if not can_schedule(request.user, arrangement):
            raise PermissionDenied("Only the host and the learner can set the dates.")
        if form.is_valid():
            try:
                services.arrangement_schedule(arrangement=arrangement, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, "The dates have been saved.")
                return redirect("interchange:arrangement", pk=arrangement.pk)
    reflections = selectors.reflections_of(arrangement)
    side = "learner" if is_learner(request.user, arrangement) else "host"
    return render(
        request,
        "interchange/arrangement.html",
        {
            "arrangement": arrangement,
            "form": form,
            "may_schedule": may_schedule,
            "may_complete": can_complete(request.user, arrangement)
            and arrangement.status == Arrangement.Status.AGREED,
            "may_cancel": can_cancel(request.user, arrangement)
            and arrangement.status in (Arrangement.Status.AWAITING_MANAGER, Arrangement.Status.AGREED),
            "may_reflect": can_reflect(request.user, arrangement)
            and arrangement.status == Arrangement.Status.COMPLETED
            and side not in reflections,
            "may_decide": can_decide_as_manager(request.user, arrangement)
            and arrangement.status == Arrangement.Status.AWAITING_MANAGER,
            "reflections": [reflections[s] for s in ("learner", "host") if s in reflections],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def arrangement_manager(request: HttpRequest, pk: int) -> HttpResponse:
    arrangement = selectors.arrangement_get(request.user, pk)
    if not can_decide_as_manager(request.user, arrangement):
        raise PermissionDenied("Only the learner's line manager can decide.")
    form = DecisionForm(posted(request))
    if request.method == "POST" and form.is_valid():
        agree = form.cleaned_data["decision"] == "agree"
        try:
            services.arrangement_manager_decide(
                arrangement=arrangement, agree=agree, comment=form.cleaned_data["comment"], by=request.user
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request,
                "Thank you. We have told them."
                if agree
                else "Thank you. We have told them you did not agree.",
            )
            return redirect("interchange:arrangement", pk=arrangement.pk)
    opportunity = arrangement.opportunity
    return form_page(
        request,
        form,
        title=f"Agree to {arrangement.learner.full_name} joining {opportunity.title}",
        back=reverse("interchange:arrangement", args=[arrangement.pk]),
        intro=(
            f"{arrangement.learner.full_name} would like to take part in {opportunity.get_kind_display().lower()} "
            f"with {opportunity.host.full_name} at {opportunity.organisation.name}"
            f"{' (' + opportunity.duration + ')' if opportunity.duration else ''}. The academy asks line managers "
            "to agree before people go."
        ),
        submit_label="Send my answer",
    )


@login_required
@require_POST
def arrangement_complete(request: HttpRequest, pk: int) -> HttpResponse:
    arrangement = selectors.arrangement_get(request.user, pk)
    try:
        services.arrangement_complete(arrangement=arrangement, by=request.user)
    except ValidationError as error:
        messages.error(request, _first_error(error))
        return redirect("interchange:arrangement", pk=arrangement.pk)
    messages.success(request, "Marked as done. Please tell us how it went.")
    return redirect("interchange:reflect", pk=arrangement.pk)


@login_required
@require_POST
def arrangement_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    arrangement = selectors.arrangement_get(request.user, pk)
    try:
        services.arrangement_cancel(arrangement=arrangement, by=request.user)
    except ValidationError as error:
        messages.error(request, _first_error(error))
    else:
        messages.success(request, "The arrangement has been cancelled and the place given back.")
    return redirect("interchange:arrangement", pk=arrangement.pk)


@login_required
@require_http_methods(["GET", "POST"])
def arrangement_reflect(request: HttpRequest, pk: int) -> HttpResponse:
    arrangement = selectors.arrangement_get(request.user, pk)
    if not can_reflect(request.user, arrangement):
        raise PermissionDenied("Only the host and the learner reflect on an arrangement.")
    form = ReflectionForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.reflection_add(arrangement=arrangement, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Thank you for your reflection.")
            return redirect("interchange:arrangement", pk=arrangement.pk)
    return form_page(
        request,
        form,
        title=f"Your reflection: {arrangement.opportunity.title}",
        back=reverse("interchange:arrangement", args=[arrangement.pk]),
        intro="A few words on what you took from it help the academy show what interchange achieves.",
        submit_label="Send my reflection",
    )


# --- The academy's side ---------------------------------------------------------------------------


@login_required
@require_safe
def manage_list(request: HttpRequest) -> HttpResponse:
    if not is_programme_team(request.user):
        raise PermissionDenied()
    return render(
        request, "interchange/manage_list.html", {"academies": selectors.academies_managed(request.user)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def manage(request: HttpRequest, academy_id: int) -> HttpResponse:
    academy = selectors.academy_managed_get(request.user, academy_id)
    scheme = services.scheme_for(academy)
    form = SchemeForm(posted(request), initial={"needs_manager_agreement": scheme.needs_manager_agreement})
    if request.method == "POST" and form.is_valid():
        services.scheme_update(academy=academy, by=request.user, **form.cleaned_data)
        messages.success(request, "The scheme's setting has been saved.")
        return redirect("interchange:manage", academy_id=academy.pk)
    return render(
        request,
        "interchange/manage.html",
        {
            "academy": academy,
            "form": form,
            "runs": selectors.runs(request.user).filter(academy=academy)[:10],
            "arrangements": selectors.academy_arrangements(request.user, academy.pk)[:50],
        },
    )


@login_required
@require_POST
def run_start(request: HttpRequest, academy_id: int) -> HttpResponse:
    academy = selectors.academy_managed_get(request.user, academy_id)
    run = services.matching_run_start(academy=academy, by=request.user)
    return redirect("interchange:run", pk=run.pk)


@login_required
@require_safe
def run_review(request: HttpRequest, pk: int) -> HttpResponse:
    run = selectors.run_get(request.user, pk)
    return render(request, "interchange/run.html", {"run": run, "results": selectors.run_results(run)})


@login_required
@require_POST
def run_publish(request: HttpRequest, pk: int) -> HttpResponse:
    run = selectors.run_get(request.user, pk)
    try:
        run = services.matching_run_publish(run=run, by=request.user)
    except ValidationError as error:
        messages.error(request, _first_error(error))
    else:
        made = run.figures.get("arrangements_made", 0)
        messages.success(request, f"Published: {made} arrangement{'s' if made != 1 else ''} made.")
    return redirect("interchange:run", pk=run.pk)


@login_required
@require_safe
def figures(request: HttpRequest, academy_id: int) -> HttpResponse:
    academy = selectors.academy_managed_get(request.user, academy_id)
    return render(
        request,
        "interchange/figures.html",
        {"academy": academy, "figures": selectors.academy_figures(request.user, academy.pk)},
    )
