"""Pages where the hub's administrators set up commissioned coaching programmes and team coaching
journeys. Each view reads through a selector, writes through one service, renders a form page."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from academy.offers.models import Offer
from academy.web.pages import form_page, form_saved, posted

from . import selectors, services
from .forms import (
    ParticipantForm,
    PhaseStartForm,
    ProgrammeForm,
    ProgrammeGoalForm,
    ProgrammeGoalRatingForm,
    ProgrammeSessionForm,
    SessionsHeldForm,
    TeamJourneyForm,
    TeamMemberForm,
)
from .permissions import can_manage_programme, can_manage_team_journey
from .views import _hub_academy


def _programme(request: HttpRequest, pk: int) -> Any:
    programme = selectors.programmes_for(request.user).filter(pk=pk).first()
    if programme is None:
        raise Http404("No such programme")
    if not can_manage_programme(request.user, programme):
        raise PermissionDenied("Only the hub's administrators can change a programme.")
    return programme


def _place(request: HttpRequest, pk: int, place_pk: int) -> Any:
    programme = _programme(request, pk)
    place = programme.participants.select_related("person", "programme").filter(pk=place_pk).first()
    if place is None:
        raise Http404("No such person on the programme")
    return place


def _journey(request: HttpRequest, pk: int) -> Any:
    journey = selectors.team_journeys_for(request.user).filter(pk=pk).first()
    if journey is None:
        raise Http404("No such team coaching journey")
    if not can_manage_team_journey(request.user, journey):
        raise PermissionDenied("Only the hub's administrators can change a team coaching journey.")
    return journey


def _offers(academy: Any) -> Any:
    return Offer.objects.filter(academy=academy).order_by("title")


@login_required
@require_http_methods(["GET", "POST"])
def programme_new(request: HttpRequest) -> HttpResponse:
    academy = _hub_academy(request)
    form = ProgrammeForm(posted(request), offers=_offers(academy))
    created: list[Any] = []

    def act(data: dict[str, Any]) -> None:
        created.append(services.programme_create(academy=academy, by=request.user, **data))

    if form_saved(request, form, act, "The programme has been set up."):
        return redirect("coaching:programme_detail", pk=created[0].pk)
    return form_page(
        request,
        form,
        title="Set up a programme",
        caption=f"Commissioned coaching, {academy.name}",
        back=f"{reverse('coaching:hub')}?academy={academy.pk}",
        submit_label="Set up the programme",
    )


@login_required
@require_http_methods(["GET", "POST"])
def programme_participant_new(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _programme(request, pk)
    form = ParticipantForm(posted(request))

    def act(data: dict[str, Any]) -> None:
        services.programme_participant_add(
            programme=programme, person=data["person"], by=request.user, coach_name=data["coach_name"]
        )

    if form_saved(request, form, act, "The person has been added to the programme."):
        return redirect("coaching:programme_detail", pk=programme.pk)
    return form_page(
        request,
        form,
        title="Add a person to the programme",
        caption=programme.title,
        back=reverse("coaching:programme_detail", args=[programme.pk]),
        submit_label="Add the person",
    )


@login_required
@require_http_methods(["GET", "POST"])
def programme_session_new(request: HttpRequest, pk: int, place_pk: int) -> HttpResponse:
    place = _place(request, pk, place_pk)
    form = ProgrammeSessionForm(posted(request))

    def act(data: dict[str, Any]) -> None:
        services.programme_session_log(participant=place, by=request.user, **data)

    if form_saved(request, form, act, f"A session with {place.person.full_name} has been logged."):
        return redirect("coaching:programme_detail", pk=pk)
    return form_page(
        request,
        form,
        title=f"Log a session for {place.person.full_name}",
        caption=place.programme.title,
        intro="Record only that the session was held. What was said stays between the person and their coach.",
        back=reverse("coaching:programme_detail", args=[pk]),
        submit_label="Log the session",
    )


@login_required
@require_http_methods(["GET", "POST"])
def programme_goal_new(request: HttpRequest, pk: int, place_pk: int) -> HttpResponse:
    place = _place(request, pk, place_pk)
    form = ProgrammeGoalForm(posted(request))

    def act(data: dict[str, Any]) -> None:
        services.programme_goal_add(participant=place, by=request.user, **data)

    if form_saved(request, form, act, f"A goal for {place.person.full_name} has been added."):
        return redirect("coaching:programme_detail", pk=pk)
    return form_page(
        request,
        form,
        title=f"Add a goal for {place.person.full_name}",
        caption=place.programme.title,
        back=reverse("coaching:programme_detail", args=[pk]),
        submit_label="Add the goal",
    )


@login_required
@require_http_methods(["GET", "POST"])
def programme_goal_rate(request: HttpRequest, pk: int, place_pk: int, goal_pk: int) -> HttpResponse:
    place = _place(request, pk, place_pk)
    goal = services.programme_goals(place).filter(pk=goal_pk).first()
    if goal is None:
        raise Http404("No such goal")
    form = ProgrammeGoalRatingForm(posted(request))

    def act(data: dict[str, Any]) -> None:
        services.programme_goal_rate(participant=place, goal=goal, by=request.user, **data)

    if form_saved(request, form, act, "The rating has been saved."):
        return redirect("coaching:programme_detail", pk=pk)
    return form_page(
        request,
        form,
        title=f"Rate {place.person.full_name}'s goal after the last session",
        caption=place.programme.title,
        intro=f"Goal: {goal.text} (rated {goal.rating_before} before the first session)",
        back=reverse("coaching:programme_detail", args=[pk]),
        submit_label="Save the rating",
    )


@login_required
@require_http_methods(["GET", "POST"])
def team_journey_new(request: HttpRequest) -> HttpResponse:
    academy = _hub_academy(request)
    form = TeamJourneyForm(posted(request), offers=_offers(academy))
    created: list[Any] = []

    def act(data: dict[str, Any]) -> None:
        data = {name: value for name, value in data.items() if name != "leader_email"}
        created.append(services.team_journey_create(academy=academy, by=request.user, **data))

    if form_saved(request, form, act, "The team coaching journey has started."):
        return redirect("coaching:team_journey_detail", pk=created[0].pk)
    return form_page(
        request,
        form,
        title="Start a team journey",
        caption=f"Team coaching, {academy.name}",
        back=f"{reverse('coaching:hub')}?academy={academy.pk}",
        submit_label="Start the journey",
    )


@login_required
@require_http_methods(["GET", "POST"])
def team_journey_member_new(request: HttpRequest, pk: int) -> HttpResponse:
    journey = _journey(request, pk)
    form = TeamMemberForm(posted(request))

    def act(data: dict[str, Any]) -> None:
        services.team_journey_member_add(
            journey=journey, person=data["person"], by=request.user, role=data["role"]
        )

    if form_saved(request, form, act, "The person has been added to the journey."):
        return redirect("coaching:team_journey_detail", pk=pk)
    return form_page(
        request,
        form,
        title="Add a team member or stakeholder",
        caption=f"Team coaching: {journey.team_name}",
        back=reverse("coaching:team_journey_detail", args=[pk]),
        submit_label="Add the person",
    )


@login_required
@require_http_methods(["GET", "POST"])
def team_journey_phase_new(request: HttpRequest, pk: int) -> HttpResponse:
    journey = _journey(request, pk)
    form = PhaseStartForm(posted(request))

    def act(data: dict[str, Any]) -> None:
        services.team_journey_phase_start(journey=journey, by=request.user, on=data["on"])

    if form_saved(request, form, act, "The next phase has started."):
        return redirect("coaching:team_journey_detail", pk=pk)
    return form_page(
        request,
        form,
        title="Start the next phase",
        caption=f"Team coaching: {journey.team_name}",
        intro="The phases are engagement, discovery, diagnostic, then the team coaching sessions.",
        back=reverse("coaching:team_journey_detail", args=[pk]),
        submit_label="Start the next phase",
    )


@login_required
@require_http_methods(["GET", "POST"])
def team_journey_sessions(request: HttpRequest, pk: int) -> HttpResponse:
    journey = _journey(request, pk)
    form = SessionsHeldForm(posted(request), initial={"sessions_held": journey.sessions_held})

    def act(data: dict[str, Any]) -> None:
        services.team_journey_sessions_record(journey=journey, by=request.user, **data)

    if form_saved(request, form, act, "The sessions held have been recorded."):
        return redirect("coaching:team_journey_detail", pk=pk)
    return form_page(
        request,
        form,
        title="Record the sessions held",
        caption=f"Team coaching: {journey.team_name}",
        back=reverse("coaching:team_journey_detail", args=[pk]),
        submit_label="Save",
    )


@login_required
@require_http_methods(["POST"])
def team_journey_feedback(request: HttpRequest, pk: int) -> HttpResponse:
    journey = _journey(request, pk)
    try:
        services.team_journey_feedback_send(journey=journey, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, "The team coaching feedback has been sent to the team.")
    return redirect("coaching:team_journey_detail", pk=pk)
