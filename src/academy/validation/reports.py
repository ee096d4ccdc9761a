"""The pipeline as a printed PDF, and the link from a route to its credential."""

from django.http import HttpResponse
from django.template.loader import render_to_string

from academy.reporting.pdf import html_to_pdf

from .models import Route
from .selectors import Pipeline


def pipeline_html(figures: Pipeline) -> str:
    return render_to_string("validation/pipeline_pdf.html", {"figures": figures})


def pipeline_pdf(figures: Pipeline) -> HttpResponse:
    response = HttpResponse(html_to_pdf(pipeline_html(figures)), content_type="application/pdf")
    response["Content-Disposition"] = 'attachment; filename="validation-pipeline.pdf"'
    return response


def credential_url(route: Route) -> str | None:
    """Where the practitioner downloads their credential, once the credentials app has issued one."""
    if route.credential_id is None:
        return None
    try:
        from django.urls import reverse

        return reverse("credentials:credential", args=[route.credential_id])
    except Exception:  # noqa: BLE001 - the credentials app is not installed yet
        return None
