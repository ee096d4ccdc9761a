"""Thin pages for 360 feedback: each reads through a selector and writes through the same service as
the API. The rater's pages need no login: the link's token is the credential."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from academy.web.pages import form_page, posted

from . import reports, selectors, services
from .forms import InviteForm, RatingForm, SettingsForm, ShareForm, StartForm, StatementForm
from .models import Assessment, Group, Invitation
from .permissions import can_manage_statements, person_of


@login_required
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "feedback360/index.html",
        {
            "assessments": selectors.my_assessments(request.user),
            "shared": selectors.shared_with_me(request.user),
            "can_start": person_of(request.user) is not None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    if person_of(request.user) is None:
        raise PermissionDenied("You need a staff record to start a 360.")
    form = StartForm(posted(request), academies=selectors.academies_offering())
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.assessment_start(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Your 360 has started. Rate yourself, then invite your raters.")
            return redirect("feedback360:detail", pk=assessment.pk)
    return form_page(
        request,
        form,
        title="Start a 360",
        back=reverse("feedback360:index"),
        intro=(
            "You rate yourself against the nine dimensions of the Healthcare Leadership Model and invite "
            "colleagues to do the same. The report is yours: no one else sees it unless you share it."
        ),
        submit_label="Start my 360",
    )


@login_required
@require_safe
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = selectors.assessment_get(request.user, pk)
    raters = list(selectors.raters(assessment))
    groups = [
        {
            "label": g.label,
            "invited": sum(1 for r in raters if r.group == g),
            "answered": sum(1 for r in raters if r.group == g and r.counts),
        }
        for g in Group
        if g != Group.SELF
    ]
    return render(
        request,
        "feedback360/detail.html",
        {
            "assessment": assessment,
            "raters": raters,
            "groups": groups,
            "own": selectors.self_rating(assessment),
            "shares": selectors.shares_of(request.user, assessment),
            "min_raters": services.min_raters_of(assessment.academy_id),
            "is_open": assessment.status == Assessment.Status.OPEN,
        },
    )


def _rating_page(request: HttpRequest, form: RatingForm, **context: Any) -> HttpResponse:
    return render(request, "feedback360/rate.html", {"form": form, **context})


@login_required
@require_http_methods(["GET", "POST"])
def self_rate(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = selectors.assessment_get(request.user, pk)
    if assessment.status != Assessment.Status.OPEN:
        messages.error(request, "This 360 has closed, so your self-rating can no longer change.")
        return redirect("feedback360:detail", pk=pk)
    own = selectors.self_rating(assessment)
    initial: dict[str, Any] = {}
    if own is not None:
        initial = {f"s{r.statement_id}": r.level for r in own.ratings.all()}
        initial.update({f"c_{k}": v for k, v in (own.comments or {}).items()})
    form = RatingForm(posted(request), statements=selectors.statements_of(assessment), initial=initial)
    if request.method == "POST" and form.is_valid():
        ratings, comments = form.answers()
        try:
            services.self_rate(assessment=assessment, ratings=ratings, comments=comments, by=request.user)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Your self-rating is saved.")
            return redirect("feedback360:detail", pk=pk)
    return _rating_page(
        request,
        form,
        title="Rate yourself",
        back=reverse("feedback360:detail", args=[pk]),
        intro="For each behaviour, choose the level that describes you most of the time.",
        submit_label="Save my self-rating",
    )


@login_required
@require_http_methods(["GET", "POST"])
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = selectors.assessment_get(request.user, pk)
    form = InviteForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.rater_invite(assessment=assessment, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"We have e-mailed {invitation.email} a link to give you feedback.")
            return redirect("feedback360:detail", pk=pk)
    return form_page(
        request,
        form,
        title="Invite a rater",
        back=reverse("feedback360:detail", args=[pk]),
        intro=(
            f"Raters answer without logging in. A group's answers are shown only when at least "
            f"{services.min_raters_of(assessment.academy_id)} of its raters answer."
        ),
        submit_label="Send the invitation",
    )


@login_required
@require_POST
def close(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = selectors.assessment_get(request.user, pk)
    try:
        services.assessment_close(assessment=assessment, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("feedback360:detail", pk=pk)
    messages.success(request, "Your 360 has closed and your report is ready.")
    return redirect("feedback360:report", pk=pk)


def _closed_report(request: HttpRequest, pk: int) -> reports.ReportView:
    assessment = selectors.report_get(request.user, pk)
    if assessment.status != Assessment.Status.CLOSED:
        raise Http404("The report is written when the 360 closes")
    return reports.report_view(assessment)


@login_required
@require_safe
def report(request: HttpRequest, pk: int) -> HttpResponse:
    view = _closed_report(request, pk)
    mine = view.assessment.participant_id == getattr(person_of(request.user), "pk", None)
    return render(request, "feedback360/report.html", {"view": view, "mine": mine})


@login_required
@require_safe
def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    response = HttpResponse(reports.report_pdf(_closed_report(request, pk)), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="360-report-{pk}.pdf"'
    return response


@login_required
@require_safe
def report_csv(request: HttpRequest, pk: int) -> HttpResponse:
    response = HttpResponse(reports.report_csv(_closed_report(request, pk)), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="360-report-{pk}.csv"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def share(request: HttpRequest, pk: int) -> HttpResponse:
    assessment = selectors.assessment_get(request.user, pk)
    relationships = selectors.relationships_to_share_with(request.user)
    form = ShareForm(posted(request), relationships=relationships)
    if request.method == "POST" and form.is_valid():
        try:
            made = services.share_create(assessment=assessment, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            coach = made.relationship.practitioner.person.full_name
            messages.success(request, f"{coach} can now read this report. You can stop sharing at any time.")
            return redirect("feedback360:detail", pk=pk)
    return form_page(
        request,
        form,
        title="Share your report with your coach",
        back=reverse("feedback360:detail", args=[pk]),
        intro=(
            "Your coach will be able to read the report (not who your raters are) while you work together. "
            "Each time they read it, it is recorded."
            if relationships.exists()
            else "You have no coach to share with. Ask for a coach in the coaching and mentoring hub."
        ),
        submit_label="Share the report",
    )


@login_required
@require_POST
def share_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.share_get(request.user, pk)
    services.share_revoke(share=found, by=request.user)
    messages.success(request, "You have stopped sharing this report.")
    return redirect("feedback360:detail", pk=found.assessment_id)


# --- Raters (no login) -------------------------------------------------------------------------------


def _used_message(invitation: Invitation) -> str | None:
    if invitation.withdrawn_at is not None:
        return "You withdrew from this 360, so this link can no longer be used."
    if invitation.submitted_at is not None:
        return "This link has already been used: your feedback was received. Each link works once."
    if invitation.assessment.status != Assessment.Status.OPEN:
        return "This 360 has closed, so it no longer takes feedback."
    return None


@require_http_methods(["GET", "POST"])
def rate(request: HttpRequest, token: str) -> HttpResponse:
    invitation = selectors.invitation_by_token(token)
    participant = invitation.assessment.participant.full_name
    used = _used_message(invitation)
    if used is not None:
        status = 409 if request.method == "POST" else 200
        return render(
            request,
            "feedback360/link_used.html",
            {"message": used, "invitation": invitation, "token": token},
            status=status,
        )
    form = RatingForm(
        posted(request),
        statements=selectors.statements_of(invitation.assessment),
        line_manager=invitation.group == Group.LINE_MANAGER,
    )
    if request.method == "POST" and form.is_valid():
        ratings, comments = form.answers()
        try:
            services.rater_submit(
                token=token,
                ratings=ratings,
                comments=comments,
                consents=form.cleaned_data.get("consents", False),
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            return render(request, "feedback360/thanks.html", {"participant": participant, "token": token})
    return _rating_page(
        request,
        form,
        title=f"Feedback for {participant}",
        intro=(
            f"{participant} asked you, as {Group(invitation.group).label.lower()}, for feedback. For each "
            "behaviour, choose the level you see most of the time. Your name is never shown beside your answers."
        ),
        submit_label="Send my feedback",
        token=token,
    )


@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, token: str) -> HttpResponse:
    invitation = selectors.invitation_by_token(token)
    participant = invitation.assessment.participant.full_name
    if request.method == "POST":
        try:
            services.rater_withdraw(token=token)
        except ValidationError as error:
            return render(
                request, "feedback360/link_used.html", {"message": " ".join(error.messages)}, status=409
            )
        return render(request, "feedback360/withdrawn.html", {"participant": participant})
    return render(request, "feedback360/withdraw.html", {"participant": participant, "token": token})


# --- The academy's team --------------------------------------------------------------------------------


@login_required
@require_safe
def manage(request: HttpRequest) -> HttpResponse:
    academies = selectors.academies_managed(request.user)
    if not academies:
        raise PermissionDenied("Only programme managers can manage 360 feedback.")
    return render(request, "feedback360/manage.html", {"academies": academies})


@login_required
@require_safe
def academy(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.academy_get(request.user, pk)
    return render(
        request,
        "feedback360/academy.html",
        {
            "academy": found,
            "statements": selectors.academy_statements(request.user, found),
            "quarters": selectors.academy_figures(request.user, found),
            "min_raters": services.min_raters_of(found.pk),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def statement_new(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.academy_get(request.user, pk)
    if not can_manage_statements(request.user, found.pk):
        raise PermissionDenied()
    form = StatementForm(posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.statement_add(academy=found, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "The statement is added. New 360s will ask it.")
            return redirect("feedback360:academy", pk=found.pk)
    return form_page(
        request,
        form,
        title="Add a behaviour statement",
        back=reverse("feedback360:academy", args=[found.pk]),
        submit_label="Add the statement",
    )


@login_required
@require_http_methods(["GET", "POST"])
def settings_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The academy's minimum number of raters: the same service as the API."""
    found = selectors.academy_get(request.user, pk)
    if not can_manage_statements(request.user, found.pk):
        raise PermissionDenied()
    form = SettingsForm(posted(request), initial={"min_raters": services.min_raters_of(found.pk)})
    if request.method == "POST" and form.is_valid():
        try:
            services.settings_update(academy=found, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request, f"The minimum number of raters is now {form.cleaned_data['min_raters']}."
            )
            return redirect("feedback360:academy", pk=found.pk)
    return form_page(
        request,
        form,
        title="Minimum number of raters",
        caption=found.name,
        back=reverse("feedback360:academy", args=[found.pk]),
        submit_label="Save the minimum",
    )
