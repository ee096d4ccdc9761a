"""Impact through the API: dashboards (region and ICS), impact reports (offer, cohort, academy period,
the compiled suite) as JSON and PDF, their CSV and Excel tables, and the equality breakdowns.

Nothing here counts or rounds. Every answer is built by the same functions the pages call
(selectors.region_scope/ics_scope, dashboards.dashboard_build, reports.offer_report/cohort_report/period_report/
suite_build, exports.*_tables), which check access and suppress small numbers, and is then written
out by `plain`, which walks the dataclasses they return. The OpenAPI schema of each answer is worked
out from the same dataclasses (`schema_for`), so a field added to a report or a dashboard appears in
the JSON and in the schema without an edit here. Presentation-only fields (the SVG charts) are left out.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import types
import typing
from collections.abc import Callable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import models
from django.http import FileResponse, HttpResponse
from django.urls import path
from django.utils.http import urlencode
from django.utils.safestring import SafeString
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from academy.core.parsing import parse_ids
from academy.reporting.exports import Table, pick, to_csv, to_xlsx
from academy.reporting.periods import Period, period_from

from . import dashboards, exports, reports, selectors

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EARLIEST, LATEST = dt.date(1900, 1, 1), dt.date(2999, 12, 31)  # a period's days, as the API accepts them

# ---------------------------------------------------------------- plain data from the page builders


def _leave_out(declared: Any, value: Any) -> bool:
    """Presentation only: SVG charts (SafeString) are for the pages and the PDF, not for API clients."""
    return isinstance(value, SafeString) or "SafeString" in str(declared)


def plain(value: Any) -> Any:
    """JSON-ready data from whatever a page builder returns: dataclasses (their fields, in order),
    mappings, sequences, dates, model instances (id and name) and plain values."""
    if isinstance(value, SafeString):
        return None
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: plain(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if not _leave_out(f.type, getattr(value, f.name))
        }
    if isinstance(value, enum.Enum):
        return plain(value.value)
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, str):
        return str(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal | Fraction):
        return str(value)
    if isinstance(value, models.Model):
        return {"id": value.pk, "name": str(getattr(value, "name", "") or value)}
    if isinstance(value, Mapping):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, set | frozenset):
        return [plain(item) for item in sorted(value, key=lambda item: (str(type(item)), item))]
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    return str(value)


# ---------------------------------------------------------------- the schema of the same data


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    if not schema:
        return {"nullable": True}
    return {**schema, "nullable": True}


Ref = Callable[[type], dict[str, Any]]


def schema_for(declared: Any, ref: Ref | None = None) -> dict[str, Any]:
    """The OpenAPI 3.0 schema of what `plain` makes of a value of this type. With `ref`, dataclasses
    are named components (ref(cls) gives the reference); without, they are written in place."""
    origin = typing.get_origin(declared)
    args = typing.get_args(declared)
    if origin in (typing.Union, types.UnionType):
        chosen = [arg for arg in args if arg is not type(None)]
        inner = (
            schema_for(chosen[0], ref)
            if len(chosen) == 1
            else {"oneOf": [schema_for(a, ref) for a in chosen]}
        )
        if len(chosen) == len(args):
            return inner
        return {"allOf": [inner], "nullable": True} if "$ref" in inner else _nullable(inner)
    if origin in (list, tuple, set, frozenset, typing.Sequence) or declared in (list, tuple, set, frozenset):
        items = [arg for arg in args if arg is not Ellipsis]
        return {"type": "array", "items": schema_for(items[0], ref) if items else {}}
    if origin in (dict, Mapping) or declared is dict:
        return {
            "type": "object",
            "additionalProperties": schema_for(args[1], ref) if len(args) == 2 else {},
        }
    if declared is bool:
        return {"type": "boolean"}
    if declared is int:
        return {"type": "integer"}
    if declared is float:
        return {"type": "number"}
    if declared is dt.datetime:
        return {"type": "string", "format": "date-time"}
    if declared is dt.date:
        return {"type": "string", "format": "date"}
    if isinstance(declared, type):
        if issubclass(declared, str | Decimal | Fraction | enum.Enum):
            return {"type": "string"}
        if issubclass(declared, models.Model):
            return {
                "type": "object",
                "properties": {"id": {"type": "integer"}, "name": {"type": "string"}},
                "required": ["id", "name"],
            }
        if dataclasses.is_dataclass(declared):
            return ref(declared) if ref is not None else _dataclass_schema(declared)
    return {}


def _dataclass_schema(cls: type, ref: Ref | None = None) -> dict[str, Any]:
    try:
        hints = typing.get_type_hints(cls)
    except (NameError, TypeError):  # an annotation only importable for type checking: say less
        return {"type": "object"}
    properties = {
        f.name: schema_for(hints.get(f.name, Any), ref)
        for f in dataclasses.fields(cls)
        if not _leave_out(hints.get(f.name, f.type), None)
    }
    schema: dict[str, Any] = {"type": "object", "properties": properties, "required": list(properties)}
    if cls.__doc__ and not cls.__doc__.startswith(f"{cls.__name__}("):
        schema["description"] = " ".join(cls.__doc__.split())
    return schema


def component_name(cls: type) -> str:
    """Impact answers' components are named Impact<Dataclass> (ImpactReport, ImpactDashboard,
    ImpactQuestionFigure, ...), apart from the serializers' components of the same figures."""
    return cls.__name__ if cls.__name__.startswith("Impact") else f"Impact{cls.__name__}"


def component_ref(cls: type, registry: Any) -> dict[str, Any]:
    """Register the dataclass (and those inside it) as schema components; return its reference."""
    from drf_spectacular.plumbing import ResolvedComponent

    component = ResolvedComponent(name=component_name(cls), type=ResolvedComponent.SCHEMA, object=cls)
    if component not in registry:
        component.schema = _dataclass_schema(cls, lambda inner: component_ref(inner, registry))
        registry.register_on_missing(component)
    return component.ref


@dataclasses.dataclass(frozen=True)
class DataclassAnswer:
    """A documented answer that is `plain(<an instance of cls>)` (or a list of them): api.schema's
    AutoSchema asks it for its schema, so every dataclass becomes a named component once."""

    cls: type
    many: bool = False

    def openapi_schema(self, registry: Any) -> dict[str, Any]:
        ref = component_ref(self.cls, registry)
        return {"type": "array", "items": ref} if self.many else ref


# ---------------------------------------------------------------- reading the request


def _period(request: Request, *, optional: bool = False) -> Period | None:
    """?from=YYYY-MM-DD&to=YYYY-MM-DD as on the pages: the last three years when neither is given (all
    time for a report of one offer). A bad date is a 400 naming the parameter."""
    params = request.query_params
    if optional and not (params.get("from") or params.get("to")):
        return None
    period, errors = period_from(params)
    if errors:
        raise ValidationError(errors)
    for name, day in (("from", period.start), ("to", period.end)):
        if not EARLIEST <= day <= LATEST:
            raise ValidationError({name: "Enter a date between 1 January 1900 and 31 December 2999."})
    return period


def _offer_ids(request: Request) -> list[int]:
    ids, bad = parse_ids(value.strip() for value in request.query_params.getlist("offer"))
    if bad:
        raise ValidationError({"offer": "Choose offers by their ids (whole numbers)."})
    if not ids:
        raise ValidationError({"offer": "Choose at least one offer."})
    return ids


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _export(request: Request, tables: list[Table], stem: str) -> HttpResponse:
    """The CSV or Excel download of the page's tables (all of them, or ?table=<key>)."""
    wanted = request.query_params.get("type", "csv")
    if wanted not in ("csv", "xlsx"):
        raise ValidationError({"type": "Choose csv or xlsx."})
    key = request.query_params.get("table")
    chosen = pick(tables, key)
    if not chosen:
        raise ValidationError({"table": f"No such table. Choose one of: {', '.join(t.key for t in tables)}."})
    name = f"{stem}-{chosen[0].key}" if len(chosen) == 1 and key else stem
    if wanted == "csv":
        return _download(to_csv(chosen), "text/csv; charset=utf-8", f"{name}.csv")
    return _download(to_xlsx(chosen), XLSX, f"{name}.xlsx")


class AnyAccept(BaseContentNegotiation):
    """Downloads answer in their own type whatever the Accept header says; errors are JSON."""

    def select_parser(self, request: Any, parsers: Any) -> Any:
        return parsers[0]

    def select_renderer(self, request: Any, renderers: Any, format_suffix: Any = None) -> Any:
        return (renderers[0], renderers[0].media_type)


# ---------------------------------------------------------------- documentation pieces

FROM = OpenApiParameter(
    "from", OpenApiTypes.DATE, description="First day of the period (YYYY-MM-DD), as on the page."
)
TO = OpenApiParameter("to", OpenApiTypes.DATE, description="Last day of the period (YYYY-MM-DD), inclusive.")
ICS_ID = OpenApiParameter("ics_id", OpenApiTypes.INT, OpenApiParameter.PATH)
OFFERS = OpenApiParameter(
    "offer",
    OpenApiTypes.INT,
    many=True,
    required=True,
    description="The offers to compile (repeat the parameter), as chosen on the suite page.",
)
EXPORT_PARAMETERS = [
    OpenApiParameter(
        "type", OpenApiTypes.STR, enum=["csv", "xlsx"], description="csv (the default) or xlsx."
    ),
    OpenApiParameter(
        "table",
        OpenApiTypes.STR,
        description="One table's key (e.g. delivery, funnel, question-<code>, goals, reach-ics, "
        "equality-sex, responses, headlines); all tables when left out. An unknown key answers 400 "
        "with the keys there are.",
    ),
]
EXPORT_RESPONSES = {
    (200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY, description="The tables as CSV (UTF-8)."),
    (200, XLSX): OpenApiResponse(OpenApiTypes.BINARY, description="The tables as an Excel workbook."),
}
PDF_RESPONSES = {(200, "application/pdf"): OpenApiTypes.BINARY}


def _json(cls: type, description: str) -> dict[int, OpenApiResponse]:
    return {200: OpenApiResponse(DataclassAnswer(cls), description=description)}


def _equality_json() -> dict[int, OpenApiResponse]:
    return {
        200: OpenApiResponse(
            DataclassAnswer(dashboards.EqualityTable, many=True),
            description="Equality reach, one table per characteristic: counts from 1 to 7 shown as *, "
            "others rounded to the nearest 5, percentages from the rounded counts (as on the page).",
        )
    }


# ---------------------------------------------------------------- dashboards


class _Dashboard(APIView):
    def scope(self, request: Request, **kwargs: Any) -> dashboards.DashboardScope:
        raise NotImplementedError

    def board(self, request: Request, **kwargs: Any) -> dashboards.Dashboard:
        scope = self.scope(request, **kwargs)
        period = _period(request)
        assert period is not None
        return dashboards.dashboard_build(scope=scope, period=period)


class _RegionScope:
    """What /impact/ shows the user (selectors.dashboard_scope): an ICS OD lead's own system's figures."""

    def scope(self, request: Request, **kwargs: Any) -> dashboards.DashboardScope:
        scope = selectors.dashboard_scope(user=request.user)
        if scope is None:
            raise PermissionDenied(
                "You lead more than one integrated care system: ask for each one's dashboard at "
                "/api/v1/dashboards/systems/<id>/."
            )
        return scope


class _SystemScope:
    def scope(self, request: Request, **kwargs: Any) -> dashboards.DashboardScope:
        return selectors.ics_scope(user=request.user, ics_id=int(kwargs["ics_id"]))


@extend_schema(
    parameters=[FROM, TO], responses=_json(dashboards.Dashboard, "The region dashboard, as on /impact/.")
)
class RegionDashboardView(_RegionScope, _Dashboard):
    """The impact dashboard of the academies you manage (administrators: every academy); for an ICS OD
    lead, their system's, as /impact/ shows them."""

    def get(self, request: Request) -> Response:
        return Response(plain(self.board(request)))


@extend_schema(parameters=[FROM, TO, *EXPORT_PARAMETERS], responses=EXPORT_RESPONSES)
class RegionDashboardExportView(_RegionScope, _Dashboard):
    """The region dashboard's tables as CSV or Excel, exactly as the page's downloads."""

    content_negotiation_class = AnyAccept

    def get(self, request: Request) -> HttpResponse:
        board = self.board(request)
        stem = "impact-region" if board.scope.ics is None else f"impact-ics-{board.scope.ics.pk}"
        return _export(request, exports.dashboard_tables(board), stem)


@extend_schema(parameters=[FROM, TO], responses=_equality_json())
class RegionEqualityView(_RegionScope, _Dashboard):
    """The region dashboard's equality reach tables, suppressed as on the page."""

    def get(self, request: Request) -> Response:
        return Response(plain(self.board(request).equality))


@extend_schema(
    parameters=[ICS_ID, FROM, TO],
    responses=_json(dashboards.Dashboard, "A system's dashboard, as on /impact/systems/<id>/."),
)
class SystemDashboardView(_SystemScope, _Dashboard):
    """One integrated care system's dashboard: its OD lead sees every academy's activity with the
    system's staff; a programme manager sees their academies' activity with that system's staff."""

    def get(self, request: Request, ics_id: int) -> Response:
        return Response(plain(self.board(request, ics_id=ics_id)))


@extend_schema(parameters=[ICS_ID, FROM, TO, *EXPORT_PARAMETERS], responses=EXPORT_RESPONSES)
class SystemDashboardExportView(_SystemScope, _Dashboard):
    """A system dashboard's tables as CSV or Excel."""

    content_negotiation_class = AnyAccept

    def get(self, request: Request, ics_id: int) -> HttpResponse:
        board = self.board(request, ics_id=ics_id)
        return _export(request, exports.dashboard_tables(board), f"impact-ics-{ics_id}")


@extend_schema(parameters=[ICS_ID, FROM, TO], responses=_equality_json())
class SystemEqualityView(_SystemScope, _Dashboard):
    """A system dashboard's equality reach tables, suppressed as on the page."""

    def get(self, request: Request, ics_id: int) -> Response:
        return Response(plain(self.board(request, ics_id=ics_id).equality))


# ---------------------------------------------------------------- one offer, cohort or academy period

ReportBuilder = Callable[[Request, int], reports.ImpactReport]


def _offer_report(request: Request, pk: int) -> reports.ImpactReport:
    return reports.offer_report(user=request.user, pk=pk, period=_period(request, optional=True))


def _cohort_report(request: Request, pk: int) -> reports.ImpactReport:
    return reports.cohort_report(user=request.user, pk=pk)


def _period_report(request: Request, pk: int) -> reports.ImpactReport:
    period = _period(request)
    assert period is not None
    return reports.period_report(user=request.user, academy_id=pk, period=period)


REPORTS: dict[str, tuple[ReportBuilder, str, list[OpenApiParameter], str]] = {
    # scope: (builder, file stem, query parameters, what it is)
    "offers": (
        _offer_report,
        "impact-offer",
        [FROM, TO],
        "one offer's impact report (all time unless a period is given)",
    ),
    "cohorts": (_cohort_report, "impact-cohort", [], "one cohort's impact report"),
    "academies": (
        _period_report,
        "impact-academy",
        [FROM, TO],
        "every offer of one academy taken together over a period (the last three years unless given)",
    ),
}


def _report_views(scope: str) -> tuple[type[APIView], type[APIView], type[APIView]]:
    build, stem, parameters, what = REPORTS[scope]

    @extend_schema(
        parameters=[*parameters],
        responses=_json(reports.ImpactReport, f"Every figure in {what}, as the page prints it."),
    )
    class ReportView(APIView):
        def get(self, request: Request, pk: int) -> Response:
            return Response(plain(build(request, pk)))

    @extend_schema(parameters=[*parameters], responses=PDF_RESPONSES)
    class ReportPdfView(APIView):
        content_negotiation_class = AnyAccept

        def get(self, request: Request, pk: int) -> HttpResponse:
            report = build(request, pk)
            pdf = reports.pdf_bytes(reports.print_html(report=report))
            return _download(pdf, "application/pdf", f"{stem}-{pk}.pdf")

    @extend_schema(parameters=[*parameters, *EXPORT_PARAMETERS], responses=EXPORT_RESPONSES)
    class ReportExportView(APIView):
        content_negotiation_class = AnyAccept

        def get(self, request: Request, pk: int) -> HttpResponse:
            return _export(request, exports.report_tables(build(request, pk)), f"{stem}-{pk}")

    name = scope.rstrip("s").capitalize()
    for view, suffix, doc in (
        (ReportView, "ReportView", f"JSON of {what}."),
        (ReportPdfView, "ReportPdfView", f"The PDF of {what}, as the page's download."),
        (ReportExportView, "ReportExportView", f"The tables of {what} as CSV or Excel."),
    ):
        view.__name__ = view.__qualname__ = f"{name}{suffix}"
        view.__doc__ = doc
    return ReportView, ReportPdfView, ReportExportView


# ---------------------------------------------------------------- the compiled suite


class _Suite(APIView):
    def suite(self, request: Request) -> reports.Suite:
        reports.suite_offers(user=request.user)  # only the programme team compiles suites
        ids = _offer_ids(request)
        period = _period(request)
        assert period is not None
        return reports.suite_build(user=request.user, offer_ids=ids, period=period)


@extend_schema(
    parameters=[OFFERS, FROM, TO],
    responses=_json(reports.Suite, "Every figure in the compiled suite, report by report."),
)
class SuiteView(_Suite):
    """The compiled suite of several offers' reports (programme team), as on /impact/suite/."""

    def get(self, request: Request) -> Response:
        return Response(plain(self.suite(request)))


@extend_schema(parameters=[OFFERS, FROM, TO, *EXPORT_PARAMETERS], responses=EXPORT_RESPONSES)
class SuiteExportView(_Suite):
    """The compiled suite's tables as CSV or Excel."""

    content_negotiation_class = AnyAccept

    def get(self, request: Request) -> HttpResponse:
        return _export(request, exports.suite_tables(self.suite(request)), "impact-suite")


class PendingSerializer(serializers.Serializer):
    detail = serializers.CharField()
    ready = serializers.CharField(help_text="Ask this address (the same query with ready=1) for the file.")


@extend_schema(
    parameters=[
        OFFERS,
        FROM,
        TO,
        OpenApiParameter(
            "ready",
            OpenApiTypes.STR,
            description="Set (ready=1) when asking again for a large suite being rendered in the background.",
        ),
    ],
    responses={
        **PDF_RESPONSES,
        202: OpenApiResponse(
            PendingSerializer,
            description=f"More than {reports.SUITE_SYNC_MAX_OFFERS} offers: the PDF is being rendered in "
            "the background; ask the address in `ready` again until it answers 200.",
        ),
    },
)
class SuitePdfView(APIView):
    """The compiled suite as PDF. Up to SUITE_SYNC_MAX_OFFERS offers it is rendered at once; larger
    suites render in the background as from the page (202, then ask again with ready=1)."""

    content_negotiation_class = AnyAccept

    def get(self, request: Request) -> HttpResponse | FileResponse | Response:
        offers = reports.suite_offers(user=request.user)
        ids = _offer_ids(request)
        period = _period(request)
        assert period is not None
        if len(ids) <= reports.SUITE_SYNC_MAX_OFFERS:
            compiled = reports.suite_build(user=request.user, offer_ids=ids, period=period)
            return _download(
                reports.pdf_bytes(reports.print_html(suite=compiled)), "application/pdf", "impact-suite.pdf"
            )
        if not offers.filter(pk__in=ids).exists():
            raise NotFound("Choose at least one offer you manage")
        user_id = int(request.user.pk or 0)
        name = reports.suite_file_name(user_id=user_id, offer_ids=ids, period=period)
        if not request.query_params.get("ready"):
            if default_storage.exists(name):
                default_storage.delete(name)
            reports.suite_pdf_render.delay(user_id, ids, period.start.isoformat(), period.end.isoformat())
        if default_storage.exists(name):
            return FileResponse(
                default_storage.open(name, "rb"),
                as_attachment=True,
                filename="impact-suite.pdf",
                content_type="application/pdf",
            )
        query = [("offer", str(i)) for i in ids] + [
            ("from", period.start.isoformat()),
            ("to", period.end.isoformat()),
            ("ready", "1"),
        ]
        return Response(
            {
                "detail": "The PDF is being prepared. Ask again in a minute.",
                "ready": f"{request.path}?{urlencode(query)}",
            },
            status=202,
        )


# ---------------------------------------------------------------- routes (included by api/urls.py under v1/)

_offer = _report_views("offers")
_cohort = _report_views("cohorts")
_academy = _report_views("academies")

urlpatterns = [
    path("dashboards/region/", RegionDashboardView.as_view(), name="api-dashboard-region"),
    path(
        "dashboards/region/export/", RegionDashboardExportView.as_view(), name="api-dashboard-region-export"
    ),
    path("dashboards/region/equality/", RegionEqualityView.as_view(), name="api-dashboard-region-equality"),
    path("dashboards/systems/<int:ics_id>/", SystemDashboardView.as_view(), name="api-dashboard-ics"),
    path(
        "dashboards/systems/<int:ics_id>/export/",
        SystemDashboardExportView.as_view(),
        name="api-dashboard-ics-export",
    ),
    path(
        "dashboards/systems/<int:ics_id>/equality/",
        SystemEqualityView.as_view(),
        name="api-dashboard-ics-equality",
    ),
    path("reports/offers/<int:pk>/", _offer[0].as_view(), name="api-report-offer"),
    path("reports/offers/<int:pk>/pdf/", _offer[1].as_view(), name="api-report-offer-pdf"),
    path("reports/offers/<int:pk>/export/", _offer[2].as_view(), name="api-report-offer-export"),
    path("reports/cohorts/<int:pk>/", _cohort[0].as_view(), name="api-report-cohort"),
    path("reports/cohorts/<int:pk>/pdf/", _cohort[1].as_view(), name="api-report-cohort-pdf"),
    path("reports/cohorts/<int:pk>/export/", _cohort[2].as_view(), name="api-report-cohort-export"),
    path("reports/academies/<int:pk>/", _academy[0].as_view(), name="api-report-academy"),
    path("reports/academies/<int:pk>/pdf/", _academy[1].as_view(), name="api-report-academy-pdf"),
    path("reports/academies/<int:pk>/export/", _academy[2].as_view(), name="api-report-academy-export"),
    path("reports/suite/", SuiteView.as_view(), name="api-report-suite"),
    path("reports/suite/pdf/", SuitePdfView.as_view(), name="api-report-suite-pdf"),
    path("reports/suite/export/", SuiteExportView.as_view(), name="api-report-suite-export"),
]
