"""Thin pages for communities and action learning sets: each reads through a selector and writes
through the same service as the API."""

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from academy.people.models import Person
from academy.people.permissions import is_programme_team
from academy.reporting.periods import Period, period_from
from academy.web.forms import with_dates_joined
from academy.web.pages import form_page, form_saved, posted

from . import reports, selectors, services
from .forms import (
    AnnouncementForm,
    JoinForm,
    MeetingForm,
    MoveForm,
    PublishForm,
    ResourceForm,
    SlotsForm,
    WeightsForm,
)
from .models import FormationRun
from .permissions import can_add_resource, can_announce, can_manage_community, can_see_directory

# --- Communities ----------------------------------------------------------------------------------


@login_required
@require_safe
def community_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "learning_sets/communities.html", {"communities": selectors.communities(request.user)}
    )


DIRECTORY_PAGE_SIZE = 25  # a community may have thousands of members: the directory comes in pages


@login_required
@require_safe
def community_detail(request: HttpRequest, slug: str) -> HttpResponse:
    community = selectors.community_get(request.user, slug)
    directory = Paginator(selectors.directory(request.user, community), DIRECTORY_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "community": community,
        "membership": selectors.membership_of(request.user, community),
        "events": selectors.community_events(community),
        "resources": community.resources.all(),
        "pools": selectors.community_pools(community),
        "can_see_directory": can_see_directory(request.user, community),
        "directory": directory,
        "page": directory,
        "page_range": directory.paginator.get_elided_page_range(directory.number, on_each_side=1, on_ends=1),
        "can_add_resource": can_add_resource(request.user, community),
        "can_manage": can_manage_community(request.user, community),
    }
    return render(request, "learning_sets/community.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def community_join(request: HttpRequest, slug: str) -> HttpResponse:
    community = selectors.community_get(request.user, slug)
    membership = selectors.membership_of(request.user, community)
    form = JoinForm(
        posted(request), initial={"in_directory": membership.in_directory if membership else False}
    )
    if request.method == "POST" and form.is_valid():
        services.community_join(community=community, by=request.user, **form.cleaned_data)
        messages.success(request, f"You are a member of {community.name}.")
        return redirect("learning_sets:community", slug=community.slug)
    title = "Your membership" if membership else f"Join {community.name}"
    return form_page(
        request,
        form,
        title=title,
        back=reverse("learning_sets:community", args=[community.slug]),
        intro="Anyone working in health, care or the voluntary sector can join. There is no job-title test.",
        submit_label="Save" if membership else "Join the community",
    )


@login_required
@require_POST
def community_leave(request: HttpRequest, slug: str) -> HttpResponse:
    community = selectors.community_get(request.user, slug)
    if services.community_leave(community=community, by=request.user):
        messages.success(request, f"You have left {community.name}.")
    return redirect("learning_sets:community", slug=community.slug)


@login_required
@require_http_methods(["GET", "POST"])
def resource_new(request: HttpRequest, slug: str) -> HttpResponse:
    community = selectors.community_get(request.user, slug)
    if not can_add_resource(request.user, community):
        raise PermissionDenied("Join the community to share resources.")
    form = ResourceForm(posted(request), request.FILES or None)
    if form_saved(
        request,
        form,
        lambda data: services.resource_add(community=community, by=request.user, **data),
        "Thank you. Your resource has been shared with the community.",
    ):
        return redirect("learning_sets:community", slug=community.slug)
    return form_page(
        request,
        form,
        title="Share a resource",
        back=reverse("learning_sets:community", args=[community.slug]),
        multipart=True,
        submit_label="Share",
    )


@login_required
@require_http_methods(["GET", "POST"])
def announcement_new(request: HttpRequest, slug: str) -> HttpResponse:
    community = selectors.community_get(request.user, slug)
    if not can_announce(request.user, community):
        raise PermissionDenied("Only the academy's programme managers can send announcements.")
    form = AnnouncementForm(posted(request))
    if request.method == "POST" and form.is_valid():
        sent = services.announcement_send(community=community, by=request.user, **form.cleaned_data)
        messages.success(request, f"Your announcement is being emailed to {sent.recipients} members.")
        return redirect("learning_sets:community", slug=community.slug)
    return form_page(
        request,
        form,
        title="Email the members",
        back=reverse("learning_sets:community", args=[community.slug]),
        submit_label="Send",
    )


def _managed_community(request: HttpRequest, slug: str) -> Any:
    community = selectors.community_get(request.user, slug)
    if not can_manage_community(request.user, community):
        raise PermissionDenied()
    return community


def _period(request: HttpRequest) -> tuple[Period, dict[str, Any]]:
    """The period from ?from=&to= (the NHS.UK day, month and year boxes), with what the form shows."""
    params = with_dates_joined(request.GET, "from", "to")
    period, errors = period_from(params)
    query = urlencode({"from": period.start.isoformat(), "to": period.end.isoformat()})
    return period, {
        "period": period,
        "period_errors": errors,
        "period_from": params.get("from", period.start.isoformat()),
        "period_to": params.get("to", period.end.isoformat()),
        "period_query": query,
    }


@login_required
@require_safe
def community_figures(request: HttpRequest, slug: str) -> HttpResponse:
    community = _managed_community(request, slug)
    period, context = _period(request)
    figures = selectors.community_figures(community, period)
    return render(
        request, "learning_sets/figures.html", {**context, "community": community, "figures": figures}
    )


@login_required
@require_safe
def community_report(request: HttpRequest, slug: str, pdf: bool = False) -> HttpResponse:
    """Seed 000's report of the community, for a period, as a page or a PDF."""
    community = _managed_community(request, slug)
    period, context = _period(request)
    report = reports.community_report(community=community, period=period)
    if pdf:
        response = HttpResponse(reports.pdf_bytes(report), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="community-report-{community.slug}.pdf"'
        return response
    return render(request, "learning_sets/reports/report.html", {**context, "report": report})


# --- Action learning: sign-up, sets and meetings --------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def pool_join(request: HttpRequest, pk: int) -> HttpResponse:
    pool = selectors.pool_open_get(request.user, pk)
    person: Person | None = getattr(request.user, "person", None)
    entry = pool.entries.filter(person=person).first() if person else None
    form = SlotsForm(posted(request), slots=list(pool.slots), initial={"slots": entry.slots if entry else []})
    if form_saved(
        request,
        form,
        lambda data: services.pool_join(pool=pool, by=request.user, slots=data["slots"]),
        "Thank you. We will tell you by email which set you are in.",
    ):
        return redirect("learning_sets:my_sets")
    return form_page(
        request,
        form,
        title=f"Join action learning: {pool.name}",
        intro=(
            f"Action learning sets of {pool.min_size} to {pool.max_size} people meet to work on real problems. "
            "We mix people from across the system and never put you in a set with anyone in your line-management chain."
        ),
        back=reverse("learning_sets:community", args=[pool.community.slug]) if pool.community else "",
        submit_label="Ask to join",
    )


@login_required
@require_safe
def my_sets(request: HttpRequest) -> HttpResponse:
    return render(request, "learning_sets/my_sets.html", {"sets": selectors.sets_visible(request.user)})


@login_required
@require_safe
def set_detail(request: HttpRequest, pk: int) -> HttpResponse:
    learning_set = selectors.set_get(request.user, pk)
    meetings = list(selectors.meetings_of(learning_set))
    return render(
        request,
        "learning_sets/set.html",
        {"set": learning_set, "meetings": meetings, "met": selectors.set_met(learning_set, meetings)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def meeting_new(request: HttpRequest, pk: int) -> HttpResponse:
    learning_set = selectors.set_get(request.user, pk)
    members = [(m.person_id, m.person.full_name) for m in learning_set.members.all()]
    form = MeetingForm(posted(request), members=members)
    if form_saved(
        request,
        form,
        lambda data: services.meeting_log(learning_set=learning_set, by=request.user, **data),
        "The meeting has been logged.",
    ):
        return redirect("learning_sets:set", pk=learning_set.pk)
    return form_page(
        request,
        form,
        title=f"Log a meeting of {learning_set}",
        back=reverse("learning_sets:set", args=[learning_set.pk]),
        submit_label="Log the meeting",
    )


# --- Programme team -------------------------------------------------------------------------------


@login_required
@require_safe
def pool_list(request: HttpRequest) -> HttpResponse:
    if not is_programme_team(request.user):
        raise PermissionDenied()
    return render(request, "learning_sets/pools.html", {"pools": selectors.pools_managed(request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def pool_manage(request: HttpRequest, pk: int) -> HttpResponse:
    pool = selectors.pool_managed_get(request.user, pk)
    form = WeightsForm(posted(request))
    if request.method == "POST" and form.is_valid():
        run = services.formation_run_create(pool=pool, by=request.user, weights=form.cleaned_data)
        return redirect("learning_sets:run", pk=run.pk)
    return render(
        request,
        "learning_sets/pool.html",
        {
            "pool": pool,
            "entries": selectors.pool_entries(request.user, pool),
            "runs": pool.runs.all()[:10],
            "form": form,
        },
    )


def _run_people(run: FormationRun) -> dict[int, Person]:
    ids = [i for _slot, members in run.sets for i in members]
    return {
        p.pk: p for p in Person.objects.filter(pk__in=ids).select_related("organisation__ics", "line_manager")
    }


def _run_page(
    request: HttpRequest, run: FormationRun, move: MoveForm | None = None, status: int = 200
) -> HttpResponse:
    people = _run_people(run)
    sets = [
        {"number": n, "slot": slot, "people": [people[i] for i in ids if i in people]}
        for n, (slot, ids) in enumerate(run.sets, start=1)
    ]
    choices = sorted(
        ((p.pk, f"{p.full_name} (set {s['number']})") for s in sets for p in s["people"]), key=lambda c: c[1]
    )
    move = move or MoveForm(people=choices, sets=len(sets), initial={"version": run.version})
    return render(
        request,
        "learning_sets/run.html",
        {
            "run": run,
            "sets": sets,
            "move_form": move,
            "form": move,
            "publish_form": PublishForm(initial={"version": run.version}),
            "gap_percent": round(run.gap * 100, 1) if run.gap is not None else None,
            "bound_percent": round(100 * run.mix_score / run.mix_bound, 1) if run.mix_bound else None,
        },
        status=status,
    )


@login_required
@require_safe
def run_review(request: HttpRequest, pk: int) -> HttpResponse:
    return _run_page(request, selectors.run_managed_get(request.user, pk))


@login_required
@require_POST
def run_move(request: HttpRequest, pk: int) -> HttpResponse:
    run = selectors.run_managed_get(request.user, pk)
    people = _run_people(run)
    form = MoveForm(request.POST, people=[(i, p.full_name) for i, p in people.items()], sets=len(run.sets))
    if form.is_valid():
        try:
            services.formation_move(
                run=run,
                by=request.user,
                person_id=form.cleaned_data["person"],
                to_set=form.cleaned_data["to_set"],
                version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, f"{people[form.cleaned_data['person']].full_name} has been moved.")
            return redirect("learning_sets:run", pk=run.pk)
    run.refresh_from_db()
    return _run_page(request, run, form)


@login_required
@require_POST
def run_publish(request: HttpRequest, pk: int) -> HttpResponse:
    run = selectors.run_managed_get(request.user, pk)
    form = PublishForm(request.POST)
    if form.is_valid():
        try:
            made = services.formation_publish(run=run, by=request.user, version=form.cleaned_data["version"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"{len(made)} sets published. Every member has been emailed.")
    else:
        messages.error(request, "Something went wrong. Open the proposal again and try once more.")
    return redirect("learning_sets:run", pk=run.pk)
