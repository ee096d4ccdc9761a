"""What many apps' views share: a form on a page of its own, and the posted data of a form."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render


def posted(request: HttpRequest) -> QueryDict | None:
    """The submitted data on a POST; None on a GET, so an unbound form shows without errors."""
    return request.POST if request.method == "POST" else None


def form_page(request: HttpRequest, form: Any, **context: Any) -> HttpResponse:
    """A page holding one form: ``title``, optional ``caption``, ``intro``, ``back`` and what
    web/includes/form.html reads (``submit_label`` and the like)."""
    return render(request, "web/form_page.html", {"form": form, **context})


def form_saved(request: HttpRequest, form: Any, write: Callable[[dict[str, Any]], Any], message: str) -> bool:
    """Post a valid form to its service: True once written (with ``message`` shown on the next page); a
    refusal becomes the form's field errors (``NhsForm.add_service_errors``) and nothing is written."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        write(form.cleaned_data)
    except ValidationError as error:
        form.add_service_errors(error)
        return False
    messages.success(request, message)
    return True
