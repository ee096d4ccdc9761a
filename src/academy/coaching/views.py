"""Pages for the coaching and mentoring hub. Each view reads through a selector, writes through one
service, renders."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from academy.core.parsing import parse_id
from academy.evaluation.standard import GOAL_THEMES
from academy.people.models import Academy, Person
from academy.people.selectors import person_for_user

from . import selectors, services
from .forms import (
    CloseForm,
    ContractForm,
    FiguresForm,
    GoalForm,
    GoalRatingForm,
    ProfileForm,
    RequestForm,
    RespondForm,
    RunForm,
    SessionLogForm,
    WeightsForm,
)
from .matching_runs import FACTOR_LABELS
from .models import HubSettings, MatchingRun, PractitionerProfile, Relationship, Request, ShortlistEntry
from .permissions import (
    can_manage_team_journey,
    can_read_notes,
    hub_academy_ids,
    is_party_to,
    is_practitioner_of,
    is_requester_of,
)

PROFILE_FIELDS = [name for name in ProfileForm.base_fields if name != "accreditation_evidence"]


def _person(request: HttpRequest) -> Person:
    person = person_for_user(request.user)
    if person is None:
        raise PermissionDenied("Your account has no staff record, so you cannot use the coaching hub.")
    return person


def _data(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _home_academy(person: Person) -> Academy:
    academy = selectors.home_academy(person)
    if academy is None:
        raise Http404("No academy runs a hub yet")
    return academy


def _hub_academy(request: HttpRequest) -> Academy:
    """The hub the administrator is working on: ?academy=<id>, else their first."""
    ids = hub_academy_ids(request.user)
    if ids is not None and not ids:
        raise PermissionDenied("This page is for the coaching and mentoring hub's administrators.")
    academies = Academy.objects.order_by("name")
    if ids is not None:
        academies = academies.filter(pk__in=ids)
    wanted = parse_id(request.GET.get("academy"))
    academy = (academies.filter(pk=wanted).first() if wanted else None) or academies.first()
    if academy is None:
        raise Http404("No such hub")
    return academy


def _relationship(request: HttpRequest, pk: int) -> Relationship:
    relationship = selectors.relationships_visible(request.user).filter(pk=pk).first()
    if relationship is None:
        raise Http404("No such relationship")
    return relationship


def _own_request(request: HttpRequest, pk: int) -> Request:
    found = selectors.requests_of(request.user).filter(pk=pk).first()
    if found is None:
        raise Http404("No such request")
    return found


# --- Everyone: the hub's home, a profile, a request ----------------------------------------------


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    person = _person(request)
    relationships = selectors.relationships_visible(request.user).filter(
        Q(requester=person) | Q(practitioner__person=person)
    )
    return render(
        request,
        "coaching/home.html",
        {
            "profile": selectors.own_profile(request.user),
            "requests": selectors.requests_of(request.user).order_by("-created_at"),
            "relationships": relationships.order_by("-introduced_at"),
            "person": person,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def profile_edit(request: HttpRequest) -> HttpResponse:
    person = _person(request)
    profile = selectors.own_profile(request.user)
    initial = {name: getattr(profile, name) for name in PROFILE_FIELDS} if profile else {"capacity": 2}
    form = ProfileForm(_data(request), request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "accreditation_evidence"}
        if form.cleaned_data.get("accreditation_evidence"):
            fields["accreditation_evidence"] = form.cleaned_data["accreditation_evidence"]
        try:
            if profile is None:
                kind = fields.pop("kind")
                services.profile_create(
                    person=person, academy=_home_academy(person), by=request.user, kind=kind, **fields
                )
            else:
                services.profile_update(profile=profile, by=request.user, **fields)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Your profile has been saved.")
            return redirect("coaching:home")
    return render(request, "coaching/profile_form.html", {"form": form, "profile": profile})


@login_required
@require_http_methods(["GET", "POST"])
def request_new(request: HttpRequest) -> HttpResponse:
    person = _person(request)
    form = RequestForm(_data(request))
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if not k.startswith("goal_")}
        kind = data.pop("kind")
        try:
            made = services.request_create(
                person=person,
                academy=_home_academy(person),
                by=request.user,
                kind=kind,
                goals=form.goals(),
                **data,
            )
        except ValidationError as error:
            if "goals" in error.message_dict:
                error = ValidationError(
                    {("goal_1_text" if k == "goals" else k): v for k, v in error.message_dict.items()}
                )
            form.add_service_errors(error)
        else:
            messages.success(request, "Your request has been sent to the hub.")
            return redirect("coaching:request_detail", pk=made.pk)
    return render(request, "coaching/request_form.html", {"form": form})


@login_required
@require_GET
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    own = _own_request(request, pk)
    return render(
        request,
        "coaching/request_detail.html",
        {
            "coaching_request": own,
            "shortlist": selectors.shortlist_of(request.user, own),
            "relationships": own.relationships.select_related("practitioner__person"),
        },
    )


@login_required
@require_POST
def request_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    own = _own_request(request, pk)
    try:
        services.request_withdraw(request=own, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("coaching:request_detail", pk=pk)
    messages.success(request, "Your request has been withdrawn.")
    return redirect("coaching:home")


@login_required
@require_POST
def shortlist_choose(request: HttpRequest, pk: int) -> HttpResponse:
    own = _own_request(request, pk)
    entry = ShortlistEntry.objects.filter(request=own, pk=parse_id(request.POST.get("entry")) or 0).first()
    if entry is None:
        messages.error(request, "Choose someone from your shortlist.")
        return redirect("coaching:request_detail", pk=pk)
    try:
        relationship = services.shortlist_choose(entry=entry, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("coaching:request_detail", pk=pk)
    messages.success(request, "We have introduced you. They will accept or decline soon.")
    return redirect("coaching:relationship_detail", pk=relationship.pk)


BROWSE_PAGE_SIZE = 10  # a hub has well over a hundred coaches: they come ten to a page


@login_required
@require_http_methods(["GET", "POST"])
def browse(request: HttpRequest, pk: int) -> HttpResponse:
    own = _own_request(request, pk)
    profiles = selectors.profiles_to_browse(request.user, own)
    if request.method == "POST":
        chosen = PractitionerProfile.objects.filter(
            pk=parse_id(request.POST.get("practitioner")) or 0
        ).first()
        try:
            if chosen is None:
                raise ValidationError({"practitioner": "Choose someone from the list."})
            relationship = services.browse_choose(request=own, profile=chosen, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "We have introduced you. They will accept or decline soon.")
            return redirect("coaching:relationship_detail", pk=relationship.pk)
    theme = request.GET.get("theme", "")
    if theme in GOAL_THEMES:
        profiles = [profile for profile in profiles if theme in profile.specialisms]
    page = Paginator(profiles, BROWSE_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "coaching_request": own,
        "profiles": page,
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1),
        "themes": GOAL_THEMES,
        "theme": theme if theme in GOAL_THEMES else "",
    }
    return render(request, "coaching/browse.html", context)


# --- A relationship ------------------------------------------------------------------------------


@login_required
@require_GET
def relationship_detail(request: HttpRequest, pk: int) -> HttpResponse:
    relationship = _relationship(request, pk)
    notes = (
        services.session_notes_read(relationship=relationship, by=request.user)
        if can_read_notes(request.user, relationship)
        else None
    )
    is_party = is_party_to(request.user, relationship)
    return render(
        request,
        "coaching/relationship_detail.html",
        {
            "relationship": relationship,
            "sessions": selectors.sessions_of(relationship),
            "notes": notes,
            "is_party": is_party_to(request.user, relationship),
            "is_practitioner": is_practitioner_of(request.user, relationship),
            "respond_form": RespondForm(),
            "contract_form": ContractForm(),
            "is_requester": is_requester_of(request.user, relationship),
            "tracker_goals": services.relationship_goals(relationship) if is_party else None,
            "tracker_stage": services.goal_tracker_stage(relationship),
            "feedback": services.relationship_feedback_survey(relationship) if is_party else None,
        },
    )


def _relationship_form(
    request: HttpRequest, pk: int, form_class: type, heading: str, action: Any, done: str, allowed: Any = None
) -> HttpResponse:
    relationship = _relationship(request, pk)
    if allowed is not None and not allowed(request.user, relationship):
        raise PermissionDenied("Only the coach or mentor and their client can do this.")
    form = form_class(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            action(relationship, form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, done)
            return redirect("coaching:relationship_detail", pk=pk)
    context = {"form": form, "relationship": relationship, "heading": heading}
    return render(request, "coaching/relationship_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def relationship_respond(request: HttpRequest, pk: int) -> HttpResponse:
    def act(relationship: Relationship, data: dict[str, Any]) -> None:
        if data["decision"] == "accept":
            services.relationship_accept(relationship=relationship, by=request.user)
        else:
            services.relationship_decline(relationship=relationship, by=request.user, reason=data["reason"])

    return _relationship_form(
        request,
        pk,
        RespondForm,
        "Accept or decline",
        act,
        "Your answer has been recorded.",
        is_practitioner_of,
    )


@login_required
@require_http_methods(["GET", "POST"])
def relationship_contract(request: HttpRequest, pk: int) -> HttpResponse:
    def act(relationship: Relationship, data: dict[str, Any]) -> None:
        services.relationship_contract(relationship=relationship, by=request.user, **data)

    return _relationship_form(
        request, pk, ContractForm, "Agree your sessions", act, "Your sessions have been agreed.", is_party_to
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_new(request: HttpRequest, pk: int) -> HttpResponse:
    def act(relationship: Relationship, data: dict[str, Any]) -> None:
        services.session_log(relationship=relationship, by=request.user, **data)

    return _relationship_form(
        request, pk, SessionLogForm, "Log a session", act, "The session has been logged.", is_party_to
    )


@login_required
@require_http_methods(["GET", "POST"])
def relationship_close(request: HttpRequest, pk: int) -> HttpResponse:
    def act(relationship: Relationship, data: dict[str, Any]) -> None:
        services.relationship_close(relationship=relationship, by=request.user, reason=data["reason"])

    return _relationship_form(
        request, pk, CloseForm, "Close the relationship", act, "The relationship has been closed."
    )


@login_required
@require_http_methods(["GET", "POST"])
def goal_new(request: HttpRequest, pk: int) -> HttpResponse:
    def act(relationship: Relationship, data: dict[str, Any]) -> None:
        services.relationship_goal_add(relationship=relationship, by=request.user, **data)

    return _relationship_form(
        request, pk, GoalForm, "Add a goal", act, "Your goal has been added.", is_requester_of
    )


@login_required
@require_http_methods(["GET", "POST"])
def goal_rate(request: HttpRequest, pk: int, goal_pk: int) -> HttpResponse:
    relationship = _relationship(request, pk)
    goal = services.relationship_goals(relationship).filter(pk=goal_pk).first()
    if goal is None:
        raise Http404("No such goal")

    def act(relationship: Relationship, data: dict[str, Any]) -> None:
        services.relationship_goal_rate(relationship=relationship, goal=goal, by=request.user, **data)

    stage = services.goal_tracker_stage(relationship)
    heading = "Rate your goal after your last session" if stage == "after" else "Rate your goal"
    return _relationship_form(
        request, pk, GoalRatingForm, heading, act, "Your rating has been saved.", is_requester_of
    )


# --- The hub administrator -----------------------------------------------------------------------


@login_required
@require_GET
def hub(request: HttpRequest) -> HttpResponse:
    academy = _hub_academy(request)
    profiles = selectors.profiles_for_hub(request.user).filter(academy=academy)
    return render(
        request,
        "coaching/hub.html",
        {
            "academy": academy,
            "to_verify": profiles.exclude(accreditation_evidence="").filter(
                accreditation_verified_at__isnull=True
            ),
            "profiles_count": profiles.count(),
            "waiting": selectors.requests_for_hub(request.user)
            .filter(academy=academy, status__in=Request.POOL_STATUSES)
            .count(),
            "runs": selectors.runs_for(request.user).filter(academy=academy)[:10],
            "run_form": RunForm(),
            "weights": _labelled(services.hub_settings_for(academy).weights()),
            "programmes": selectors.programmes_for(request.user).filter(academy=academy),
            "journeys": selectors.team_journeys_for(request.user).filter(academy=academy),
        },
    )


@login_required
@require_GET
def hub_figures(request: HttpRequest) -> HttpResponse:
    academy = _hub_academy(request)
    asked = any(name.startswith("as_of") for name in request.GET)
    form = FiguresForm(request.GET if asked else None, initial={"as_of": timezone.localdate()})
    as_of = form.cleaned_data["as_of"] if form.is_bound and form.is_valid() else timezone.localdate()
    figures = selectors.hub_figures(academy_id=academy.pk, as_of=as_of)
    return render(
        request, "coaching/hub_figures.html", {"academy": academy, "form": form, "figures": figures}
    )


@login_required
@require_http_methods(["GET", "POST"])
def hub_weights(request: HttpRequest) -> HttpResponse:
    academy = _hub_academy(request)
    current = HubSettings.objects.filter(academy=academy).first()
    initial = current.weights() if current else HubSettings(academy=academy).weights()
    form = WeightsForm(_data(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.hub_weights_update(academy=academy, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "The matching weights have been saved.")
            return redirect("coaching:hub")
    return render(request, "coaching/weights_form.html", {"form": form, "academy": academy})


@login_required
@require_POST
def profile_verify(request: HttpRequest, pk: int) -> HttpResponse:
    profile = selectors.profiles_for_hub(request.user).filter(pk=pk).first()
    if profile is None:
        raise PermissionDenied("Only the hub's administrators can verify accreditation.")
    try:
        services.profile_verify_accreditation(profile=profile, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{profile.person.full_name}'s accreditation is verified.")
    return redirect("coaching:hub")


@login_required
@require_POST
def run_new(request: HttpRequest) -> HttpResponse:
    academy = _hub_academy(request)
    form = RunForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose coaching or mentoring.")
        return redirect("coaching:hub")
    try:
        run = services.matching_run_start(academy=academy, kind=form.cleaned_data["kind"], by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("coaching:hub")
    return redirect("coaching:run_detail", pk=run.pk)


def _run(request: HttpRequest, pk: int) -> MatchingRun:
    run = selectors.runs_for(request.user).filter(pk=pk).first()
    if run is None:
        raise Http404("No such run")
    return run


@login_required
@require_GET
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _run_page(request, _run(request, pk))


def _run_page(request: HttpRequest, run: MatchingRun, errors: dict[str, Any] | None = None) -> HttpResponse:
    results = list(selectors.run_results(run))
    return render(
        request,
        "coaching/run_detail.html",
        {
            "run": run,
            "matched": [r for r in results if r.practitioner_id],
            "unmatched": [r for r in results if not r.practitioner_id],
            "weights": _labelled(run.weights),
            "ack_error": (errors or {}).get("unmatched_acknowledged", [""])[0],
        },
        status=400 if errors else 200,
    )


@login_required
@require_POST
def run_review(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(request, pk)
    try:
        services.matching_run_review(run=run, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "The run is reviewed and ready to publish.")
    return redirect("coaching:run_detail", pk=pk)


@login_required
@require_POST
def run_publish(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run(request, pk)
    try:
        services.matching_run_publish(
            run=run,
            by=request.user,
            unmatched_acknowledged=request.POST.get("unmatched_acknowledged") == "yes",
        )
    except ValidationError as error:
        if "unmatched_acknowledged" in getattr(error, "message_dict", {}):
            return _run_page(request, run, error.message_dict)  # the field's error, on the page
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "The shortlists have been published and requesters told.")
    return redirect("coaching:run_detail", pk=pk)


def _labelled(weights: dict[str, int]) -> dict[str, int]:
    """Weights keyed by the factor's name as people read it ("Role level", not "role_level")."""
    return {FACTOR_LABELS.get(name, name): value for name, value in weights.items()}


@login_required
@require_GET
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A commissioned coaching programme: its people, sessions held and goal progress by theme."""
    from academy.reporting.periods import Period

    from .reports import programme_page

    programme = selectors.programmes_for(request.user).filter(pk=pk).first()
    if programme is None:
        raise Http404("No such programme")
    period = Period(start=programme.starts_on, end=programme.ends_on)
    places = _with_goals(selectors.programme_places(programme))
    return render(
        request,
        "coaching/programme_detail.html",
        {
            "programme": programme,
            "page": programme_page(programme, period=period),
            "places": places,
            "any_goals": any(place.goal_list for place in places),
        },
    )


def _with_goals(places: Any) -> list[Any]:
    """Each place on a programme with its goals from the goal tracker (a cohort is tens of people)."""
    places = list(places)
    for place in places:
        place.goal_list = list(services.programme_goals(place))
    return places


@login_required
@require_GET
def team_journey_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A team coaching journey: its phases, team, stakeholders and whether feedback has been asked."""
    journey = selectors.team_journeys_for(request.user).filter(pk=pk).first()
    if journey is None:
        raise Http404("No such team coaching journey")
    survey = services.team_journey_feedback_survey(journey)
    today = timezone.localdate()
    return render(
        request,
        "coaching/team_journey_detail.html",
        {
            "journey": journey,
            "current": journey.get_phase_display_on(today),
            "phases": journey.phases(),
            "members": journey.members.select_related("person").order_by("role", "person__family_name"),
            "survey": survey,
            "responses": survey.responses.count() if survey is not None else 0,
            "can_manage": can_manage_team_journey(request.user, journey),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def exclusions(request: HttpRequest) -> HttpResponse:
    """People the signed-in person never wants to be matched with, whichever side they are on (the same
    service as the API's exclusions)."""
    from .forms import ExclusionForm

    person = _person(request)
    practitioners = (
        selectors.profiles_visible(request.user)
        .filter(published=True)
        .exclude(person=person)
        .order_by("person__family_name", "person__given_name", "pk")
    )
    form = ExclusionForm(_data(request), practitioners=practitioners)
    if request.method == "POST" and form.is_valid():
        chosen = form.cleaned_data.get("practitioner")
        excluded = (
            chosen.person
            if chosen
            else Person.objects.filter(email__iexact=form.cleaned_data["email"]).first()
        )
        if excluded is None:
            form.add_error("email", "There is no one with this email address in Academy")
        else:
            try:
                services.exclusion_add(person=person, excluded=excluded, by=request.user)
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, f"You will not be matched with {excluded.full_name}.")
                return redirect("coaching:exclusions")
    return render(
        request,
        "coaching/exclusions.html",
        {"form": form, "exclusions": selectors.exclusions_of(request.user)},
    )


@login_required
@require_POST
def exclusion_remove(request: HttpRequest, pk: int) -> HttpResponse:
    exclusion = selectors.exclusions_of(request.user).filter(pk=pk).first()
    if exclusion is None:
        raise Http404("No such exclusion")
    services.exclusion_remove(exclusion=exclusion, by=request.user)
    messages.success(request, f"You may be matched with {exclusion.excluded.full_name} again.")
    return redirect("coaching:exclusions")
