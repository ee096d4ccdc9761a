"""What many apps' views share: a form on a page of its own, and the posted data of a form."""

from typing import Any

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render


def posted(request: HttpRequest) -> QueryDict | None:
    """The submitted data on a POST; None on a GET, so an unbound form shows without errors."""
    return request.POST if request.method == "POST" else None


def form_page(request: HttpRequest, form: Any, **context: Any) -> HttpResponse:
    """A page holding one form: ``title``, optional ``caption``, ``intro``, ``back`` and what
    web/includes/form.html reads (``submit_label`` and the like)."""
    return render(request, "web/form_page.html", {"form": form, **context})
