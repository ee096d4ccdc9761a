"""Pages for a person's own record: details, equality monitoring, API tokens and a download of their
data. None of them may be kept by a browser or proxy cache (`never_cache`: Cache-Control: no-store)."""

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from academy.api.tokens import api_tokens_of, api_tokens_revoke, token_expires_at

from . import services
from .forms import EqualityForm, PersonDetailsForm
from .models import Person
from .selectors import person_for_user


def _own_person(request: HttpRequest) -> Person:
    person = person_for_user(request.user)
    if person is None:
        raise Http404("There is no staff record for this account.")
    return person


@never_cache
@login_required
def me(request: HttpRequest) -> HttpResponse:
    person = _own_person(request)
    tokens = [
        {"created": token.created, "expires": token_expires_at(token)}
        for token in api_tokens_of(user=request.user)
    ]
    return render(request, "people/me.html", {"person": person, "tokens": tokens})


@never_cache
@login_required
@require_POST
def tokens_revoke(request: HttpRequest) -> HttpResponse:
    revoked = api_tokens_revoke(user=request.user, by=request.user)
    if revoked:
        messages.success(request, "Your API token has been revoked. Programs using it can no longer sign in.")
    return redirect("people:me")


class LogoutView(auth_views.LogoutView):
    """Log out of the website, and revoke the person's API tokens too."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        api_tokens_revoke(user=request.user, by=request.user)
        return super().post(request, *args, **kwargs)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def me_edit(request: HttpRequest) -> HttpResponse:
    person = _own_person(request)
    form = PersonDetailsForm(request.POST or None, person=person)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update_details(person=person, by=request.user, **form.details())
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                target = "line_manager_email" if field == "line_manager" else field
                form.add_error(target if target in form.fields else None, problems)
            form.style_widgets()
        else:
            messages.success(request, "Your details have been saved.")
            return redirect("people:me")
    return render(request, "people/me_edit.html", {"form": form, "person": person})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def equality(request: HttpRequest) -> HttpResponse:
    person = _own_person(request)
    if request.method == "POST":
        form = EqualityForm(request.POST)
        if "clear" in request.POST:
            services.equality_record_save(
                person=person, by=request.user, **dict.fromkeys(services.EQUALITY_FIELDS, "")
            )
            messages.success(request, "Your equality monitoring answers have been removed.")
            return redirect("people:me")
        if form.is_valid():
            answers = {name: form.cleaned_data.get(name, "") for name in services.EQUALITY_FIELDS}
            services.equality_record_save(person=person, by=request.user, **answers)
            messages.success(request, "Thank you. Your equality monitoring answers have been saved.")
            return redirect("people:me")
    else:
        record = services.equality_record_get(person=person, by=request.user)
        initial = {name: getattr(record, name) for name in services.EQUALITY_FIELDS} if record else {}
        form = EqualityForm(initial=initial)
    return render(request, "people/equality.html", {"form": form, "questions": form.questions()})


@never_cache
@login_required
def export(request: HttpRequest) -> HttpResponse:
    person = _own_person(request)
    data = services.person_export(person=person, by=request.user)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json; charset=utf-8"
    )
    filename = f"academy-your-data-{timezone.localdate().isoformat()}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
