"""Impact pages: region and ICS dashboards, offer/cohort/period reports, and the compiled suite.

Thin: read the period, ask reports/dashboards (which check access), then render the page, the PDF,
or a CSV/Excel download of the same tables (?format=csv or ?format=xlsx, optionally &table=<key>).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET

from academy.core.parsing import parse_id
from academy.offers.selectors import academies_manageable
from academy.reporting.arithmetic import anonymous_minimum
from academy.reporting.exports import Table, pick, to_csv, to_xlsx
from academy.reporting.periods import Period, period_from
from academy.web.forms import with_dates_joined

from . import charts, dashboards, exports, reports, selectors

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _export(request: HttpRequest, tables: Callable[[], list[Table]], stem: str) -> HttpResponse | None:
    """The CSV or Excel download asked for, or None for the page itself."""
    wanted = request.GET.get("format", "")
    if wanted not in ("csv", "xlsx"):
        return None
    chosen = pick(tables(), request.GET.get("table"))
    if not chosen:
        raise Http404("No such table")
    name = f"{stem}-{chosen[0].key}" if len(chosen) == 1 else stem
    if wanted == "csv":
        return _download(to_csv(chosen), "text/csv; charset=utf-8", f"{name}.csv")
    return _download(to_xlsx(chosen), XLSX, f"{name}.xlsx")


def _period_context(request: HttpRequest) -> tuple[Period, dict[str, Any]]:
    params = with_dates_joined(request.GET, "from", "to")  # the NHS.UK day, month and year boxes
    period, errors = period_from(params)
    return period, {
        "period": period,
        "period_errors": errors,
        "period_from": params.get("from", period.start.isoformat()),
        "period_to": params.get("to", period.end.isoformat()),
        "period_query": urlencode({"from": period.start.isoformat(), "to": period.end.isoformat()}),
    }


def _optional_period(request: HttpRequest) -> tuple[Period | None, dict[str, Any]]:
    """Reports cover all time unless a period is given."""
    params = with_dates_joined(request.GET, "from", "to")
    if not (params.get("from") or params.get("to")):
        return None, {
            "period": None,
            "period_errors": {},
            "period_from": "",
            "period_to": "",
            "period_query": "",
        }
    return _period_context(request)


# ---------------------------------------------------------------- dashboards


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    scope = selectors.dashboard_scope(user=request.user)
    if scope is None:
        return render(
            request,
            "evaluation/dashboards/systems.html",
            {"systems": selectors.systems_for(user=request.user)},
        )
    if scope.ics is not None:
        return redirect("reports:ics_dashboard", ics_id=scope.ics.pk)
    return _dashboard_page(request, scope, stem="impact-region")


@login_required
@require_GET
def ics_dashboard(request: HttpRequest, ics_id: int) -> HttpResponse:
    scope = selectors.ics_scope(user=request.user, ics_id=ics_id)
    return _dashboard_page(request, scope, stem=f"impact-ics-{ics_id}")


def _dashboard_page(request: HttpRequest, scope: dashboards.DashboardScope, *, stem: str) -> HttpResponse:
    period, context = _period_context(request)
    board = dashboards.dashboard_build(scope=scope, period=period)
    download = _export(request, lambda: exports.dashboard_tables(board), stem)
    if download is not None:
        return download
    offers = selectors.report_offers(user=request.user, scope=scope)
    return render(
        request,
        "evaluation/dashboards/dashboard.html",
        {
            **context,
            "board": board,
            "anonymous_minimum": anonymous_minimum(),
            "workforce_note": dashboards.workforce_note(),
            "headline_chart": charts.headline_chart(board.headlines, chart_id="headline-chart"),
            "tables": {table.key: table for table in exports.dashboard_tables(board)},
            "offers": offers,
            "systems": selectors.systems_for(user=request.user) if scope.ics is None else [],
            "can_compile": scope.ics is None and bool(scope.academy_ids is None or scope.academy_ids),
            "academies": academies_manageable(user=request.user),
        },
    )


# ---------------------------------------------------------------- reports


def _report_response(
    request: HttpRequest, report: reports.ImpactReport, *, stem: str, pdf: bool, context: dict[str, Any]
) -> HttpResponse:
    if pdf:
        return _download(
            reports.pdf_bytes(reports.print_html(report=report)), "application/pdf", f"{stem}.pdf"
        )
    download = _export(request, lambda: exports.report_tables(report), stem)
    if download is not None:
        return download
    editable = selectors.theme_sets_for(user=request.user).filter(
        pk__in=[g.theme_set_id for g in report.themes]
    )
    return render(
        request,
        "evaluation/reports/report.html",
        {**context, "report": report, "editable_theme_sets": set(editable.values_list("pk", flat=True))},
    )


@login_required
@require_GET
def offer_report(request: HttpRequest, pk: int, pdf: bool = False) -> HttpResponse:
    period, context = _optional_period(request)
    report = reports.offer_report(user=request.user, pk=pk, period=period)
    cohorts = (
        selectors.cohorts_with_figures(user=request.user).filter(offer_id=pk).order_by("starts_on", "id")
    )
    return _report_response(
        request, report, stem=f"impact-offer-{pk}", pdf=pdf, context={**context, "cohorts": cohorts}
    )


@login_required
@require_GET
def cohort_report(request: HttpRequest, pk: int, pdf: bool = False) -> HttpResponse:
    report = reports.cohort_report(user=request.user, pk=pk)
    return _report_response(request, report, stem=f"impact-cohort-{pk}", pdf=pdf, context={})


@login_required
@require_GET
def period_report(request: HttpRequest, pk: int, pdf: bool = False) -> HttpResponse:
    period, context = _period_context(request)
    report = reports.period_report(user=request.user, academy_id=pk, period=period)
    return _report_response(request, report, stem=f"impact-academy-{pk}", pdf=pdf, context=context)


# ---------------------------------------------------------------- the compiled suite


def _offer_ids(request: HttpRequest) -> tuple[list[int], str]:
    ids, error = [], ""
    for raw in request.GET.getlist("offer"):
        number = parse_id(raw)
        if number is None:
            error = "Choose offers from the list."
        else:
            ids.append(number)
    return sorted(set(ids)), error


@login_required
@require_GET
def suite(request: HttpRequest) -> HttpResponse:
    offers = reports.suite_offers(user=request.user)
    period, context = _period_context(request)
    ids, error = _offer_ids(request)
    compiled = None
    if "offer" in request.GET or request.GET.get("compile"):
        if not ids and not error:
            error = "Choose at least one offer."
        elif not error and not context["period_errors"]:
            compiled = reports.suite_build(user=request.user, offer_ids=ids, period=period)
            download = _export(request, lambda: exports.suite_tables(compiled), "impact-suite")
            if download is not None:
                return download
    query = urlencode(
        [("offer", str(i)) for i in ids]
        + [("from", period.start.isoformat()), ("to", period.end.isoformat())]
    )
    return render(
        request,
        "evaluation/reports/suite.html",
        {
            **context,
            "offers": offers,
            "chosen": set(ids),
            "offer_error": error,
            "suite": compiled,
            "query": query,
        },
    )


@login_required
@require_GET
def suite_pdf(request: HttpRequest) -> HttpResponse | FileResponse:
    reports.suite_offers(user=request.user)  # refuses anyone but the programme team
    period, errors = period_from(request.GET)
    ids, error = _offer_ids(request)
    if errors or error or not ids:
        return redirect(f"{reverse('reports:suite')}?{request.GET.urlencode()}")
    if len(ids) > reports.SUITE_SYNC_MAX_OFFERS:
        # Large suites render in the background (in-process when there is no broker); the page waiting
        # for one links back here with ready=1, which serves the file once it exists.
        user_id = int(request.user.pk or 0)
        name = reports.suite_file_name(user_id=user_id, offer_ids=ids, period=period)
        if not request.GET.get("ready"):
            if default_storage.exists(name):
                default_storage.delete(name)
            reports.suite_pdf_render.delay(user_id, ids, period.start.isoformat(), period.end.isoformat())
        if not default_storage.exists(name):
            ready = request.GET.copy()
            ready["ready"] = "1"
            return render(request, "evaluation/reports/suite_pending.html", {"query": ready.urlencode()})
        return FileResponse(default_storage.open(name, "rb"), as_attachment=True, filename="impact-suite.pdf")
    compiled = reports.suite_build(user=request.user, offer_ids=ids, period=period)
    return _download(
        reports.pdf_bytes(reports.print_html(suite=compiled)), "application/pdf", "impact-suite.pdf"
    )
