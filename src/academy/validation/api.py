"""Frameworks, cohorts, routes, claims, reviews, moderation and decisions under /api/v1/validation/:
the same services and permission questions as the pages."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_field, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from academy.api.fields import BoundedDateField, IdRelatedField
from academy.people.models import Academy, Person

from . import selectors, services
from .frameworks import FrameworkError, parse_csv, parse_json
from .models import (
    Element,
    Framework,
    Milestone,
    Outcome,
    PanelMember,
    Rating,
    Readiness,
    Review,
    Route,
    ValidationCohort,
)
from .permissions import can_see_route, person_of

PREFIX = "validation"


# --- Serializers -----------------------------------------------------------------------------------


class ElementSerializer(serializers.ModelSerializer):
    domain = serializers.CharField(source="domain.code", read_only=True)

    class Meta:
        model = Element
        fields = [
            "id",
            "domain",
            "code",
            "name",
            "description",
            "practitioner_descriptor",
            "leader_descriptor",
        ]
        read_only_fields = fields


class FrameworkSerializer(serializers.ModelSerializer):
    elements = serializers.SerializerMethodField()

    class Meta:
        model = Framework
        fields = ["id", "slug", "version", "name", "description", "elements"]
        read_only_fields = fields

    @extend_schema_field(ElementSerializer(many=True))
    def get_elements(self, framework: Framework) -> list[dict[str, Any]]:
        # domains and their elements come prefetched (selectors.frameworks): no query per framework
        elements = [e for domain in framework.domains.all() for e in domain.elements.all()]
        return ElementSerializer(elements, many=True).data  # type: ignore[return-value]


class FrameworkImportSerializer(serializers.Serializer):
    format = serializers.ChoiceField(choices=["json", "csv"])
    content = serializers.CharField(
        max_length=2_000_000, help_text="The file's text, in the documented format."
    )


class ValidationCohortSerializer(serializers.ModelSerializer):
    class Meta:
        model = ValidationCohort
        fields = ["id", "academy", "name", "frameworks", "workshop", "opens_on"]
        read_only_fields = fields


class ValidationCohortCreateSerializer(serializers.Serializer):
    academy = IdRelatedField(queryset=Academy.objects.all())
    name = serializers.CharField(max_length=200)
    frameworks = serializers.ListField(child=IdRelatedField(queryset=Framework.objects.all()), max_length=2)
    opens_on = BoundedDateField()


class InterestSerializer(serializers.Serializer):
    statement = serializers.CharField(max_length=5000)


class RouteSerializer(serializers.ModelSerializer):
    practitioner = serializers.CharField(source="person.full_name", read_only=True)
    supporter_name = serializers.CharField(source="supporter.full_name", read_only=True, default="")
    step = serializers.CharField(read_only=True)

    class Meta:
        model = Route
        fields = [
            "id",
            "cohort",
            "practitioner",
            "step",
            "expressed_at",
            "reflected_at",
            "workshop_attended_at",
            "readiness",
            "decided_at",
            "supporter_name",
            "claim_submitted_at",
            "moderated_at",
            "moderation_version",
            "agreement_percent",
            "agreement_kappa",
            "agreement_base",
            "interview_at",
            "interview_recorded_at",
            "outcome",
            "outcome_at",
            "credential_id",
        ]
        read_only_fields = fields


class LevelsSerializer(serializers.Serializer):
    levels = serializers.DictField(
        child=serializers.IntegerField(min_value=0, max_value=4), help_text="{element id: level}"
    )


class DecideSerializer(serializers.Serializer):
    readiness = serializers.ChoiceField(choices=Readiness.choices)
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class PersonEmailSerializer(serializers.Serializer):
    email = serializers.EmailField()


class MilestoneSerializer(serializers.ModelSerializer):
    class Meta:
        model = Milestone
        fields = ["id", "title", "due_on", "done_at"]
        read_only_fields = ["id", "done_at"]


class EntrySerializer(serializers.Serializer):
    element = serializers.IntegerField()
    narrative = serializers.CharField(max_length=20000, allow_blank=True)


class EvidenceUploadSerializer(serializers.Serializer):
    element = serializers.IntegerField()
    title = serializers.CharField(max_length=200)
    file = serializers.FileField()


class CoverageRowSerializer(serializers.Serializer):
    element = serializers.IntegerField(source="element.pk")
    code = serializers.CharField(source="element.code")
    status = serializers.CharField()
    items = serializers.IntegerField()
    narrative = serializers.BooleanField()


class PanelAddSerializer(serializers.Serializer):
    email = serializers.EmailField()
    kind = serializers.ChoiceField(choices=PanelMember.Kind.choices)
    conflict_declaration = serializers.CharField(max_length=5000)


class ReviewSerializer(serializers.ModelSerializer):
    panel_member = serializers.CharField(source="member.person.full_name", read_only=True)

    class Meta:
        model = Review
        fields = ["id", "panel_member", "element", "rating", "comment"]
        read_only_fields = fields


class ReviewSaveSerializer(serializers.Serializer):
    element = serializers.IntegerField()
    rating = serializers.ChoiceField(choices=Rating.choices)
    comment = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class ModerationSerializer(serializers.Serializer):
    ratings = serializers.DictField(child=serializers.IntegerField(min_value=0, max_value=2))
    expected_version = serializers.IntegerField(min_value=0)


class InterviewSerializer(serializers.Serializer):
    at = serializers.DateTimeField(required=False)
    place = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    notes = serializers.CharField(max_length=20000, required=False, allow_blank=True, default="")


class OutcomeSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    feedback = serializers.CharField(max_length=20000, required=False, allow_blank=True, default="")


# --- Viewsets --------------------------------------------------------------------------------------


def _element(pk: int) -> Element:
    return get_object_or_404(Element.objects.select_related("domain__framework"), pk=pk)


def _person(email: str, field: str) -> Person:
    person = Person.objects.filter(email__iexact=email).first()
    if person is None:
        raise serializers.ValidationError({field: "There is no staff record with that email address."})
    return person


def _int_keys(data: dict[str, int]) -> dict[int, int]:
    try:
        return {int(k): v for k, v in data.items()}
    except ValueError as error:
        raise serializers.ValidationError({"levels": "Keys must be element ids."}) from error


class FrameworkViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Competency frameworks, each version with its elements; import and export."""

    serializer_class = FrameworkSerializer
    queryset = Framework.objects.none()  # for the schema; get_queryset answers requests

    def get_queryset(self) -> QuerySet[Framework]:
        return selectors.frameworks(self.request.user)

    @extend_schema(request=FrameworkImportSerializer, responses={201: FrameworkSerializer})
    @action(detail=False, methods=["post"], url_path="import")
    def import_(self, request: Request) -> Response:
        """All or nothing: a 400 lists every bad row."""
        data = FrameworkImportSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            parse = parse_csv if data.validated_data["format"] == "csv" else parse_json
            spec = parse(data.validated_data["content"])
        except FrameworkError as error:
            raise serializers.ValidationError({"content": error.errors}) from error
        framework = services.framework_import(spec=spec, by=request.user)
        return Response(FrameworkSerializer(framework).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        responses={200: inline_serializer("FrameworkExport", {"framework": serializers.DictField()})}
    )
    @action(detail=True, methods=["get"])
    def export(self, request: Request, pk: str | None = None) -> Response:
        return Response({"framework": services.framework_spec(self.get_object()).as_json()})


class CohortViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = ValidationCohortSerializer
    queryset = ValidationCohort.objects.none()  # for the schema; get_queryset answers requests

    def get_queryset(self) -> QuerySet[ValidationCohort]:
        return selectors.cohorts_open(self.request.user)

    @extend_schema(request=ValidationCohortCreateSerializer, responses={201: ValidationCohortSerializer})
    def create(self, request: Request) -> Response:
        data = ValidationCohortCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        cohort = services.cohort_create(by=request.user, **data.validated_data)
        return Response(ValidationCohortSerializer(cohort).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=InterestSerializer, responses={201: RouteSerializer})
    @action(detail=True, methods=["post"])
    def interest(self, request: Request, pk: str | None = None) -> Response:
        data = InterestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        route = services.route_express_interest(
            cohort=self.get_object(), by=request.user, **data.validated_data
        )
        return Response(RouteSerializer(route).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=None,
        responses={200: inline_serializer("ValidationWorkshopSync", {"marked": serializers.IntegerField()})},
    )
    @action(detail=True, methods=["post"], url_path="workshop-sync")
    def workshop_sync(self, request: Request, pk: str | None = None) -> Response:
        """Record the workshop step for every practitioner marked present on the workshop offer's register."""
        return Response({"marked": services.workshop_sync(cohort=self.get_object(), by=request.user)})

    @extend_schema(responses={200: RouteSerializer(many=True)})
    @action(detail=True, methods=["get"])
    def routes(self, request: Request, pk: str | None = None) -> Response:
        return Response(
            RouteSerializer(selectors.cohort_routes(request.user, self.get_object()), many=True).data
        )

    @extend_schema(
        responses={200: inline_serializer("ValidationPipeline", {"summary": serializers.CharField()})}
    )
    @action(detail=True, methods=["get"])
    def pipeline(self, request: Request, pk: str | None = None) -> Response:
        figures = selectors.pipeline(request.user, cohort=self.get_object())
        return Response(_pipeline(figures))


def _pipeline(figures: selectors.Pipeline) -> dict[str, Any]:
    def fig(f: selectors.Figure) -> dict[str, Any]:
        return {
            "label": f.label,
            "count": f.count,
            "base": f.base,
            "base_label": f.base_label,
            "percent": f.percent,
        }

    return {
        "title": figures.title,
        "summary": figures.summary,
        "interest": figures.interest,
        "workshop": figures.workshop,
        "decided": figures.decided,
        "readiness": [fig(f) for f in figures.readiness],
        "claims_submitted": figures.claims_submitted,
        "decisions": figures.decisions,
        "outcomes": [fig(f) for f in figures.outcomes],
        "step_times": [vars(s) for s in figures.step_times],
    }


class RouteViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Routes the user may see: their own, those they support, whose panel they sit on, and (programme
    team) their academy's."""

    serializer_class = RouteSerializer
    queryset = Route.objects.none()  # for the schema; get_queryset answers requests
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    def get_queryset(self) -> QuerySet[Route]:
        person = person_of(self.request.user)
        managed = selectors.cohorts_managed(self.request.user).values("pk")
        qs = Route.objects.filter(cohort__in=managed)
        if person is not None:
            qs = qs | Route.objects.filter(person=person) | Route.objects.filter(supporter=person)
            qs = qs | Route.objects.filter(panel__person=person)
        return qs.select_related("person", "supporter").distinct().order_by("pk")

    def get_object(self) -> Route:
        route = super().get_object()
        if not can_see_route(self.request.user, route):
            raise Http404
        return route

    def _ok(self, route: Route, code: int = status.HTTP_200_OK) -> Response:
        route.refresh_from_db()
        return Response(RouteSerializer(route).data, status=code)

    @extend_schema(request=LevelsSerializer, responses={200: RouteSerializer})
    @action(detail=True, methods=["post"])
    def reflect(self, request: Request, pk: str | None = None) -> Response:
        data = LevelsSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        route = self.get_object()
        services.route_reflect(route=route, levels=_int_keys(data.validated_data["levels"]), by=request.user)
        return self._ok(route)

    @extend_schema(request=None, responses={200: RouteSerializer})
    @action(detail=True, methods=["post"])
    def workshop(self, request: Request, pk: str | None = None) -> Response:
        route = self.get_object()
        services.route_workshop_record(route=route, attended=True, by=request.user)
        return self._ok(route)

    @extend_schema(request=DecideSerializer, responses={200: RouteSerializer})
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str | None = None) -> Response:
        data = DecideSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        route = self.get_object()
        services.route_decide(route=route, by=request.user, **data.validated_data)
        return self._ok(route)

    @extend_schema(request=PersonEmailSerializer, responses={200: RouteSerializer})
    @action(detail=True, methods=["post"])
    def supporter(self, request: Request, pk: str | None = None) -> Response:
        data = PersonEmailSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        route = self.get_object()
        services.route_supporter_assign(
            route=route, supporter=_person(data.validated_data["email"], "email"), by=request.user
        )
        return self._ok(route)

    @extend_schema(request=MilestoneSerializer, responses={201: MilestoneSerializer})
    @action(detail=True, methods=["post"])
    def milestones(self, request: Request, pk: str | None = None) -> Response:
        data = MilestoneSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        milestone = services.milestone_add(route=self.get_object(), by=request.user, **data.validated_data)
        return Response(MilestoneSerializer(milestone).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: CoverageRowSerializer(many=True)})
    @action(detail=True, methods=["get"])
    def coverage(self, request: Request, pk: str | None = None) -> Response:
        route = self.get_object()
        claim = getattr(route, "claim", None)
        return Response(CoverageRowSerializer(services.coverage(claim) if claim else [], many=True).data)

    @extend_schema(request=EntrySerializer, responses={200: CoverageRowSerializer(many=True)})
    @action(detail=True, methods=["post"])
    def entries(self, request: Request, pk: str | None = None) -> Response:
        data = EntrySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        route = self.get_object()
        entry = services.claim_entry_save(
            route=route,
            element=_element(data.validated_data["element"]),
            narrative=data.validated_data["narrative"],
            by=request.user,
        )
        return Response(CoverageRowSerializer(services.coverage(entry.claim), many=True).data)

    @extend_schema(
        request={"multipart/form-data": EvidenceUploadSerializer},
        responses={201: inline_serializer("EvidenceAdded", {"id": serializers.IntegerField()})},
    )
    @action(detail=True, methods=["post"])
    def evidence(self, request: Request, pk: str | None = None) -> Response:
        data = EvidenceUploadSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        evidence = services.evidence_add(
            route=self.get_object(),
            element=_element(data.validated_data["element"]),
            title=data.validated_data["title"],
            upload=data.validated_data["file"],
            by=request.user,
        )
        return Response({"id": evidence.pk}, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: RouteSerializer})
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: str | None = None) -> Response:
        route = self.get_object()
        services.claim_submit(route=route, by=request.user)
        return self._ok(route)

    @extend_schema(request=PanelAddSerializer, responses={201: RouteSerializer})
    @action(detail=True, methods=["post"])
    def panel(self, request: Request, pk: str | None = None) -> Response:
        data = PanelAddSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        route = self.get_object()
        services.panel_member_add(
            route=route,
            person=_person(data.validated_data["email"], "email"),
            kind=data.validated_data["kind"],
            conflict_declaration=data.validated_data["conflict_declaration"],
            by=request.user,
        )
        return self._ok(route, status.HTTP_201_CREATED)

    @extend_schema(methods=["get"], responses={200: ReviewSerializer(many=True)})
    @extend_schema(methods=["post"], request=ReviewSaveSerializer, responses={200: ReviewSerializer})
    @action(detail=True, methods=["get", "post"])
    def reviews(self, request: Request, pk: str | None = None) -> Response:
        """GET: blind until every panel member has submitted. POST: a panel member rates one element."""
        route = self.get_object()
        if request.method == "GET":
            return Response(ReviewSerializer(selectors.reviews_visible(request.user, route), many=True).data)
        data = ReviewSaveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        review = services.review_save(
            route=route,
            element=_element(data.validated_data["element"]),
            rating=data.validated_data["rating"],
            comment=data.validated_data["comment"],
            by=request.user,
        )
        return Response(ReviewSerializer(review).data)

    @extend_schema(request=None, responses={200: RouteSerializer})
    @action(detail=True, methods=["post"], url_path="reviews/submit")
    def reviews_submit(self, request: Request, pk: str | None = None) -> Response:
        route = self.get_object()
        services.reviews_submit(route=route, by=request.user)
        return self._ok(route)

    @extend_schema(request=ModerationSerializer, responses={200: RouteSerializer})
    @action(detail=True, methods=["post"])
    def moderation(self, request: Request, pk: str | None = None) -> Response:
        """Refused (400, field `version`) if another moderator saved since `expected_version`."""
        data = ModerationSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        route = self.get_object()
        services.moderation_save(
            route=route,
            ratings=_int_keys(data.validated_data["ratings"]),
            expected_version=data.validated_data["expected_version"],
            by=request.user,
        )
        return self._ok(route)

    @extend_schema(request=InterviewSerializer, responses={200: RouteSerializer})
    @action(detail=True, methods=["post"])
    def interview(self, request: Request, pk: str | None = None) -> Response:
        """With `at`: schedule. With `notes`: record the outcome."""
        data = InterviewSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        route = self.get_object()
        if data.validated_data.get("at"):
            services.interview_schedule(
                route=route, at=data.validated_data["at"], place=data.validated_data["place"], by=request.user
            )
        else:
            services.interview_record(route=route, notes=data.validated_data["notes"], by=request.user)
        return self._ok(route)

    @extend_schema(request=OutcomeSerializer, responses={200: RouteSerializer})
    @action(detail=True, methods=["post"])
    def decision(self, request: Request, pk: str | None = None) -> Response:
        data = OutcomeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        route = self.get_object()
        services.route_decision(route=route, by=request.user, **data.validated_data)
        return self._ok(route)


class PipelineViewSet(viewsets.ViewSet):
    """Pipeline figures nationally (programme team) or for one academy (?academy=<slug>)."""

    @extend_schema(
        responses={200: inline_serializer("ValidationPipelineNational", {"summary": serializers.CharField()})}
    )
    def list(self, request: Request) -> Response:
        academy = None
        if request.query_params.get("academy"):
            academy = Academy.objects.filter(slug=request.query_params["academy"]).first()
            if academy is None:
                raise Http404
        return Response(_pipeline(selectors.pipeline(request.user, academy=academy)))


def register(router: BaseRouter) -> None:
    router.register(f"{PREFIX}/frameworks", FrameworkViewSet, basename="validation-framework")
    router.register(f"{PREFIX}/cohorts", CohortViewSet, basename="validation-cohort")
    router.register(f"{PREFIX}/routes", RouteViewSet, basename="validation-route")
    router.register(f"{PREFIX}/pipeline", PipelineViewSet, basename="validation-pipeline")
