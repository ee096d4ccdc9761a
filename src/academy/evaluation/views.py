"""Evaluation pages: answering (by link, or from "my evaluations"), goals, and the programme team's
pages for evaluations, figures, imports, question sets and themes. Thin over selectors and services."""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from academy.core.parsing import parse_id, parse_ids
from academy.offers.models import Cohort, Session
from academy.offers.selectors import academies_manageable, offer_get_manageable, offers_manageable
from academy.people.models import Person
from academy.people.permissions import is_programme_team
from academy.reporting.arithmetic import anonymous_minimum, withheld_sentence

from . import imports, selectors
from .forms import (
    GoalForm,
    GoalRatingForm,
    ImportMappingForm,
    ImportUploadForm,
    InstrumentForm,
    QuestionForm,
    SurveyForm,
    answer_form,
)
from .models import QuestionType, Survey, ThemeMembership
from .permissions import can_edit_instrument, can_manage_survey
from .services import goals as goal_services
from .services import instruments as instrument_services
from .services import responses as response_services
from .services import surveys as survey_services
from .services import themes as theme_services
from .standard import GOAL_THEMES
from .themes.engine import method_description


def _person(request: HttpRequest) -> Person:
    person = getattr(request.user, "person", None)
    if person is None:
        raise PermissionDenied("Your account has no staff record.")
    return person


def _require_manager(request: HttpRequest) -> None:
    if not is_programme_team(request.user):
        raise PermissionDenied("This page is for the academy's programme team.")


def _data(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


# ---------------------------------------------------------------- answering


def _questions(survey: Survey) -> list[Any]:
    return list(survey.instrument.questions.order_by("order"))


def _answer_page(
    request: HttpRequest, *, survey: Survey, submit: Any, back_url: str | None = None
) -> HttpResponse:
    questions = _questions(survey)
    form = answer_form(questions, _data(request))
    if request.method == "POST" and form.is_valid():
        answers, consents = form.answers()
        try:
            submit(answers=answers, consents=consents)
        except ValidationError as error:
            general = {k: v for k, v in error.message_dict.items() if k not in form.fields}
            if "token" in general or "survey" in general:
                messages.info(request, " ".join(m for v in general.values() for m in v))
                return redirect("evaluation:thanks")
            form.add_service_errors(error)
        else:
            return redirect("evaluation:thanks")
    return render(
        request,
        "evaluation/answer.html",
        {"survey": survey, "form": form, "back_url": back_url},
        status=200 if not form.errors else 400,
    )


@never_cache
@require_http_methods(["GET", "POST"])
def evaluate(request: HttpRequest, token: str) -> HttpResponse:
    """The single-use link from the invitation e-mail. No login needed."""
    invitation = survey_services.invitation_by_token(token)
    if invitation is None:
        return render(request, "evaluation/link_invalid.html", status=404)
    survey = invitation.survey
    now = timezone.now()
    if invitation.responded_at is not None:
        return render(request, "evaluation/already_answered.html", {"survey": survey})
    if now >= survey.closes_at or now < survey.opens_at:
        return render(request, "evaluation/closed.html", {"survey": survey, "not_yet": now < survey.opens_at})

    def submit(**kwargs: Any) -> Any:
        return response_services.response_submit(invitation_token=token, **kwargs)

    return _answer_page(request, survey=survey, submit=submit)


@require_GET
def thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "evaluation/thanks.html")


@login_required
@require_GET
def my_evaluations(request: HttpRequest) -> HttpResponse:
    person = _person(request)
    return render(
        request,
        "evaluation/my_evaluations.html",
        {
            "invitations": selectors.invitations_open_for(person=person),
            "goals": selectors.goals_own(person=person),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def my_evaluation_answer(request: HttpRequest, survey_pk: int) -> HttpResponse:
    person = _person(request)
    invitation = selectors.invitation_own(person=person, survey_pk=survey_pk)
    survey = invitation.survey
    now = timezone.now()
    if invitation.responded_at is not None:
        return render(request, "evaluation/already_answered.html", {"survey": survey})
    if now >= survey.closes_at or now < survey.opens_at:
        return render(request, "evaluation/closed.html", {"survey": survey, "not_yet": now < survey.opens_at})

    def submit(**kwargs: Any) -> Any:
        return response_services.response_submit(survey=survey, person=person, **kwargs)

    return _answer_page(request, survey=survey, submit=submit, back_url=reverse("evaluation:my_evaluations"))


@login_required
@require_http_methods(["GET", "POST"])
def goal_new(request: HttpRequest) -> HttpResponse:
    person = _person(request)
    cohorts = selectors.cohorts_for_goals(person=person)
    if not cohorts.exists():
        messages.info(request, "You can set goals once you have a place on a programme.")
        return redirect("evaluation:my_evaluations")
    form = GoalForm(_data(request), themes=GOAL_THEMES, cohorts=cohorts)
    if request.method == "POST" and form.is_valid():
        try:
            goal_services.goal_create(
                person=person,
                cohort=form.cleaned_data["cohort"],
                theme=form.cleaned_data["theme"],
                text=form.cleaned_data["text"],
                rating_before=form.cleaned_data["rating_before"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Your goal has been saved.")
            return redirect("evaluation:my_evaluations")
    return render(request, "evaluation/goal_form.html", {"form": form, "title": "Set a goal"})


@login_required
@require_http_methods(["GET", "POST"])
def goal_rate(request: HttpRequest, pk: int) -> HttpResponse:
    goal = selectors.goal_get_own(person=_person(request), pk=pk)
    form = GoalRatingForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            goal_services.goal_rate(
                goal=goal, rating_after=form.cleaned_data["rating_after"], by=request.user
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, "Your rating has been saved.")
            return redirect("evaluation:my_evaluations")
    return render(
        request, "evaluation/goal_form.html", {"form": form, "title": "Rate your progress", "goal": goal}
    )


# ---------------------------------------------------------------- programme team: evaluations


@login_required
@require_GET
def survey_list(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    surveys = selectors.survey_list_for_manager(user=request.user).order_by("-opens_at", "-id")[:200]
    return render(
        request,
        "evaluation/manage/survey_list.html",
        {"surveys": surveys, "offers": offers_manageable(user=request.user).order_by("title")[:500]},
    )


@login_required
@require_http_methods(["GET", "POST"])
def survey_new(request: HttpRequest, offer_pk: int) -> HttpResponse:
    offer = offer_get_manageable(user=request.user, pk=offer_pk)
    form = SurveyForm(
        _data(request), offer=offer, instruments=selectors.instruments_usable(user=request.user)
    )
    if request.method == "POST" and form.is_valid():
        kind, _, raw_id = form.cleaned_data["target"].partition(":")
        target: dict[str, Any] = {"offer": offer}
        if kind == "cohort":
            target["cohort"] = get_object_or_404(Cohort, pk=raw_id, offer=offer)
        elif kind == "session":
            target["session"] = get_object_or_404(Session, pk=raw_id, cohort__offer=offer)
        try:
            survey = survey_services.survey_create(
                instrument=form.cleaned_data["instrument"],
                anonymous=form.cleaned_data["anonymous"],
                invite_automatically=form.cleaned_data["invite_automatically"],
                closes_at=form.closes_at,
                reminder_days=form.cleaned_data["reminder_days"],
                by=request.user,
                **target,
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request,
                "The evaluation has been created. The invitations will go by e-mail automatically."
                if survey.invite_automatically
                else "The evaluation has been created. Send the invitations when you are ready.",
            )
            return redirect("evaluation:survey_detail", pk=survey.pk)
    return render(request, "evaluation/manage/survey_form.html", {"form": form, "offer": offer})


@login_required
@require_GET
def survey_detail(request: HttpRequest, pk: int) -> HttpResponse:
    survey = selectors.survey_get_manageable(user=request.user, pk=pk)
    counts = selectors.survey_list_for_manager(user=request.user).get(pk=survey.pk)
    free_text = [q for q in _questions(survey) if q.type in (QuestionType.FREE_TEXT, QuestionType.ONE_WORD)]
    now = timezone.now()
    invitations_go_at = selectors.survey_invitations_go_at(survey)
    return render(
        request,
        "evaluation/manage/survey_detail.html",
        {
            "survey": survey,
            "counts": counts,
            "is_open": survey.opens_at <= now < survey.closes_at,
            "is_closed": survey.closes_at <= now,
            "invitations_go_at": invitations_go_at,
            "invitations_due": invitations_go_at is not None and invitations_go_at <= now,
            "free_text_questions": free_text,
            "theme_sets": selectors.theme_sets_for(user=request.user).filter(survey=survey),
            "anonymous_minimum": anonymous_minimum(),
            "anonymity_fixed": survey.anonymity_locked_at is not None
            or bool(getattr(counts, "invited", 0) or getattr(counts, "response_count", 0)),
        },
    )


@login_required
@require_POST
def survey_send(request: HttpRequest, pk: int) -> HttpResponse:
    survey = selectors.survey_get_manageable(user=request.user, pk=pk)
    try:
        invited = survey_services.survey_send_invitations(survey=survey, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            f"{invited} {'invitation' if invited == 1 else 'invitations'} sent."
            if invited
            else "Everyone who attended has already been invited.",
        )
    return redirect("evaluation:survey_detail", pk=survey.pk)


@login_required
@require_POST
def survey_remind(request: HttpRequest, pk: int) -> HttpResponse:
    survey = selectors.survey_get_manageable(user=request.user, pk=pk)
    reminded = survey_services.survey_send_reminders(survey=survey, by=request.user)
    messages.success(request, f"{reminded} {'reminder' if reminded == 1 else 'reminders'} sent.")
    return redirect("evaluation:survey_detail", pk=survey.pk)


@login_required
@require_POST
def survey_close(request: HttpRequest, pk: int) -> HttpResponse:
    survey = selectors.survey_get_manageable(user=request.user, pk=pk)
    survey_services.survey_close(survey=survey, by=request.user)
    messages.success(request, "The evaluation is closed. No more answers will be accepted.")
    return redirect("evaluation:survey_detail", pk=survey.pk)


# ---------------------------------------------------------------- figures


@login_required
@require_GET
def survey_figures(request: HttpRequest, pk: int) -> HttpResponse:
    survey = selectors.survey_get_with_figures(user=request.user, pk=pk)
    figures = selectors.figures_for_survey(user=request.user, pk=survey.pk)
    return render(
        request,
        "evaluation/figures.html",
        {
            "figures": figures,
            "caption": survey.about,
            "can_manage": can_manage_survey(request.user, survey),
            "survey": survey,
        },
    )


@login_required
@require_GET
def figures_index(request: HttpRequest) -> HttpResponse:
    """Evaluations whose figures this person may see: their academy's, their delivery partner's
    cohorts, or offers serving their system."""
    surveys = selectors.surveys_with_figures(user=request.user).order_by("-opens_at", "-id")[:200]
    return render(request, "evaluation/figures_index.html", {"surveys": surveys})


@login_required
@require_GET
def offer_figures(request: HttpRequest, pk: int) -> HttpResponse:
    figures = selectors.figures_for_offer(user=request.user, pk=pk)
    goals = selectors.goal_figures_for_offer(user=request.user, pk=pk)
    return render(
        request, "evaluation/figures.html", {"figures": figures, "goals": goals, "caption": "All evaluations"}
    )


@login_required
@require_GET
def cohort_figures(request: HttpRequest, pk: int) -> HttpResponse:
    figures = selectors.figures_for_cohort(user=request.user, pk=pk)
    goals = selectors.goal_figures_for_cohort(user=request.user, pk=pk)
    return render(
        request, "evaluation/figures.html", {"figures": figures, "goals": goals, "caption": "Cohort"}
    )


# ---------------------------------------------------------------- import

IMPORT_SALT = "academy.evaluation.import"
THEME_ANSWERS_SHOWN = 3  # answers shown under each theme on its page; the rest are in a details element


@login_required
@require_http_methods(["GET", "POST"])
def survey_import(request: HttpRequest, pk: int) -> HttpResponse:
    """Step 1: upload the file. It is kept aside (shared storage) until the columns are matched."""
    survey = selectors.survey_get_manageable(user=request.user, pk=pk)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        try:
            headers, _ = imports.read_table(upload.name, data)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            if not any(headers):
                form.add_error("file", "The first row of the file must hold the column headings.")
            else:
                extension = ".xlsx" if upload.name.lower().endswith(".xlsx") else ".csv"
                name = default_storage.save(
                    f"evaluation-imports/{survey.pk}-{secrets.token_hex(12)}{extension}", ContentFile(data)
                )
                ticket = signing.dumps(
                    {"survey": survey.pk, "name": name, "user": request.user.pk}, salt=IMPORT_SALT
                )
                return redirect(
                    f"{reverse('evaluation:survey_import_map', args=[survey.pk])}?ticket={ticket}"
                )
    return render(
        request,
        "evaluation/manage/import_upload.html",
        {"survey": survey, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def survey_import_map(request: HttpRequest, pk: int) -> HttpResponse:
    """Step 2: match columns to questions, then import every row or none."""
    survey = selectors.survey_get_manageable(user=request.user, pk=pk)
    raw_ticket = request.POST.get("ticket") or request.GET.get("ticket") or ""
    try:
        ticket = signing.loads(raw_ticket, salt=IMPORT_SALT, max_age=3600)
    except signing.BadSignature as error:
        raise Http404("This upload has expired. Upload the file again.") from error
    if ticket.get("survey") != survey.pk or ticket.get("user") != request.user.pk:
        raise Http404("No such upload")
    name = ticket["name"]
    if not default_storage.exists(name):
        raise Http404("This upload has expired. Upload the file again.")
    with default_storage.open(name, "rb") as stored:
        data = stored.read()
    headers, _ = imports.read_table(name, data)
    questions = _questions(survey)
    form = ImportMappingForm(
        _data(request),
        headers=headers,
        questions=questions,
        initial_mapping=imports.suggest_mapping(headers, questions),
    )
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = imports.responses_import(
                survey=survey,
                filename=name,
                file=data,
                mapping=form.mapping(),
                invited=form.cleaned_data.get("invited"),
                by=request.user,
            )
        except ValidationError as error:
            default_storage.delete(name)  # a failed import keeps nothing: the file is uploaded again
            form.add_service_errors(error)
        else:
            default_storage.delete(name)  # imported or refused, the upload is not kept
            if result.ok:
                messages.success(request, f"{result.created} responses imported.")
                return redirect("evaluation:survey_detail", pk=survey.pk)
    return render(
        request,
        "evaluation/manage/import_map.html",
        {"survey": survey, "form": form, "ticket": raw_ticket, "result": result},
        status=400 if (form.errors or result) else 200,
    )


# ---------------------------------------------------------------- question sets


@login_required
@require_GET
def instrument_list(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    instruments = selectors.instruments_visible(user=request.user).order_by("name", "-version")
    return render(request, "evaluation/manage/instrument_list.html", {"instruments": instruments})


@login_required
@require_http_methods(["GET", "POST"])
def instrument_new(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    form = InstrumentForm(_data(request), academies=academies_manageable(user=request.user))
    if request.method == "POST" and form.is_valid():
        try:
            instrument = instrument_services.instrument_create(
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                academy=form.cleaned_data.get("academy"),
                by=request.user,
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            return redirect("evaluation:instrument_detail", pk=instrument.pk)
    return render(request, "evaluation/manage/instrument_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def instrument_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_manager(request)
    instrument = selectors.instrument_get_visible(user=request.user, pk=pk)
    can_edit = can_edit_instrument(request.user, instrument)
    form = QuestionForm(_data(request)) if can_edit and instrument.is_editable else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("This question set cannot be changed.")
        if form.is_valid():
            try:
                instrument_services.question_add(
                    instrument=instrument,
                    code=form.cleaned_data["code"],
                    text=form.cleaned_data["text"],
                    type=form.cleaned_data["type"],
                    choices=form.choice_list(),
                    required=form.cleaned_data["required"],
                    consent_to_quote=form.cleaned_data["consent_to_quote"],
                    by=request.user,
                )
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, "Question added.")
                return redirect("evaluation:instrument_detail", pk=instrument.pk)
    return render(
        request,
        "evaluation/manage/instrument_detail.html",
        {
            "instrument": instrument,
            "form": form,
            "can_edit": can_edit,
            "questions": instrument.questions.order_by("order"),
        },
        status=400 if form is not None and form.errors else 200,
    )


@login_required
@require_POST
def instrument_publish(request: HttpRequest, pk: int) -> HttpResponse:
    instrument = selectors.instrument_get_visible(user=request.user, pk=pk)
    if not can_edit_instrument(request.user, instrument):
        raise PermissionDenied("You cannot change this question set.")
    try:
        instrument_services.instrument_publish(instrument=instrument, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Published. This version can now be used and can no longer change.")
    return redirect("evaluation:instrument_detail", pk=instrument.pk)


@login_required
@require_POST
def instrument_new_version(request: HttpRequest, pk: int) -> HttpResponse:
    instrument = selectors.instrument_get_visible(user=request.user, pk=pk)
    if not can_edit_instrument(request.user, instrument):
        raise PermissionDenied("You cannot change this question set.")
    try:
        draft = instrument_services.instrument_new_version(instrument=instrument, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("evaluation:instrument_detail", pk=instrument.pk)
    return redirect("evaluation:instrument_detail", pk=draft.pk)


# ---------------------------------------------------------------- themes


@login_required
@require_POST
def theme_set_new(request: HttpRequest, pk: int) -> HttpResponse:
    survey = selectors.survey_get_manageable(user=request.user, pk=pk)
    code = request.POST.get("question_code", "")
    if survey.offer is None:
        messages.error(request, "Themes are found in the answers to evaluations of offers.")
        return redirect("evaluation:survey_detail", pk=survey.pk)
    try:
        theme_set = theme_services.themeset_create(
            offer=survey.offer, survey=survey, question_code=code, by=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("evaluation:survey_detail", pk=survey.pk)
    return redirect("evaluation:theme_set", pk=theme_set.pk)


@login_required
@require_http_methods(["GET", "POST"])
def theme_set_detail(request: HttpRequest, pk: int) -> HttpResponse:
    theme_set = selectors.theme_set_get(user=request.user, pk=pk)
    if request.method == "POST":
        try:
            theme_services.themes_edit(
                theme_set=theme_set,
                operation=request.POST.get("operation", ""),
                theme=parse_id(request.POST.get("theme")),
                themes=[
                    parse_id(v) or 0 for v in request.POST.getlist("themes")
                ],  # in order: the first is kept
                answers=parse_ids(request.POST.getlist("answers"))[0],
                label=request.POST.get("label", ""),
                by=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "The themes have been updated.")
        return redirect("evaluation:theme_set", pk=theme_set.pk)
    hidden, held_back = selectors.theme_members_withheld(theme_set=theme_set)
    shown = ThemeMembership.objects.exclude(pk__in=sorted(hidden)).select_related("answer")
    listed = list(theme_set.themes.prefetch_related(Prefetch("memberships", queryset=shown)))
    return render(
        request,
        "evaluation/manage/theme_set.html",
        {
            "theme_set": theme_set,
            "themes": listed,
            "method": method_description(theme_set.method),
            "quotes_shown": THEME_ANSWERS_SHOWN,
            "withheld": withheld_sentence(held_back) if held_back else "",
        },
    )
