"""Interchange under /api/v1/interchange/: the same services, selectors and permission questions as the
pages. Hosts and learners see only their own arrangements; the academy's programme team runs matching."""

from dataclasses import asdict
from typing import Any

from django.http import Http404
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from academy.api.fields import BoundedDateField, IdRelatedField
from academy.core.parsing import parse_id
from academy.people.models import Academy
from academy.people.permissions import is_programme_team

from . import selectors, services
from .models import Arrangement, Kind, LearningRequest, MatchingRun, Opportunity

PREFIX = "interchange"


def _pk(view: Any) -> int:
    pk = parse_id(view.kwargs.get("pk"))
    if pk is None:
        raise Http404("Not found")
    return pk


# --- Serializers -----------------------------------------------------------------------------------


class InterchangeOpportunitySerializer(serializers.ModelSerializer):
    host = serializers.CharField(source="host.full_name", read_only=True)
    organisation = serializers.CharField(source="organisation.name", read_only=True)
    sector = serializers.CharField(source="organisation.sector", read_only=True)
    places_left = serializers.IntegerField(read_only=True)

    class Meta:
        model = Opportunity
        fields = [
            "id",
            "academy",
            "kind",
            "title",
            "description",
            "place",
            "starts_on",
            "ends_on",
            "duration",
            "capacity",
            "places_left",
            "suits",
            "not_for_own_organisation",
            "status",
            "host",
            "organisation",
            "sector",
        ]
        read_only_fields = fields


class InterchangeOpportunityWriteSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Kind.choices)
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    place = serializers.CharField(required=False, allow_blank=True, max_length=200)
    starts_on = BoundedDateField(required=False, allow_null=True)
    ends_on = BoundedDateField(required=False, allow_null=True)
    duration = serializers.CharField(required=False, allow_blank=True, max_length=120)
    capacity = serializers.IntegerField(min_value=1, max_value=50)
    suits = serializers.CharField(required=False, allow_blank=True, max_length=300)
    not_for_own_organisation = serializers.BooleanField(required=False)


class InterchangeOpportunityCreateSerializer(InterchangeOpportunityWriteSerializer):
    academy = IdRelatedField(queryset=Academy.objects.all())


class InterchangeOpportunityUpdateSerializer(InterchangeOpportunityWriteSerializer):
    status = serializers.ChoiceField(choices=Opportunity.Status.choices, required=False)


class InterchangeLearningRequestSerializer(serializers.ModelSerializer):
    class Meta:
        model = LearningRequest
        fields = [
            "id",
            "academy",
            "what",
            "where",
            "when",
            "why",
            "kinds",
            "other_sector",
            "status",
            "created_at",
        ]
        read_only_fields = fields


class InterchangeLearningRequestCreateSerializer(serializers.Serializer):
    academy = IdRelatedField(queryset=Academy.objects.all())
    what = serializers.CharField(max_length=300)
    where = serializers.CharField(required=False, allow_blank=True, max_length=200)
    when = serializers.CharField(required=False, allow_blank=True, max_length=200)
    why = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    kinds = serializers.ListField(
        child=serializers.ChoiceField(choices=Kind.choices), required=False, max_length=len(Kind.values)
    )
    other_sector = serializers.BooleanField(required=False)


class InterchangeReflectionSerializer(serializers.Serializer):
    side = serializers.CharField(read_only=True)
    usefulness = serializers.IntegerField(min_value=1, max_value=5)
    learned = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    next_steps = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class InterchangeArrangementSerializer(serializers.ModelSerializer):
    title = serializers.CharField(source="opportunity.title", read_only=True)
    kind = serializers.CharField(source="opportunity.kind", read_only=True)
    host = serializers.CharField(source="opportunity.host.full_name", read_only=True)
    learner_name = serializers.CharField(source="learner.full_name", read_only=True)
    reflections = InterchangeReflectionSerializer(many=True, read_only=True)

    class Meta:
        model = Arrangement
        fields = [
            "id",
            "opportunity",
            "title",
            "kind",
            "host",
            "learner",
            "learner_name",
            "source",
            "status",
            "starts_on",
            "ends_on",
            "manager_decided_at",
            "completed_at",
            "reflections",
        ]
        read_only_fields = fields


class InterchangeDecisionSerializer(serializers.Serializer):
    agree = serializers.BooleanField()
    comment = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")


class InterchangeScheduleSerializer(serializers.Serializer):
    starts_on = BoundedDateField()
    ends_on = BoundedDateField()


class InterchangeMatchingRunSerializer(serializers.ModelSerializer):
    class Meta:
        model = MatchingRun
        fields = ["id", "academy", "status", "figures", "error", "created_at", "published_at"]
        read_only_fields = fields


class InterchangeRunCreateSerializer(serializers.Serializer):
    academy = IdRelatedField(queryset=Academy.objects.all())


class InterchangeSchemeSerializer(serializers.Serializer):
    academy = serializers.IntegerField(read_only=True)
    needs_manager_agreement = serializers.BooleanField()


ROW = inline_serializer(
    "InterchangeFigureRow",
    {
        "label": serializers.CharField(),
        "arrangements": serializers.IntegerField(),
        "completed": serializers.IntegerField(),
    },
)
PROPORTION = inline_serializer(
    "InterchangeProportion",
    {
        "count": serializers.IntegerField(),
        "base": serializers.IntegerField(),
        "percent": serializers.IntegerField(allow_null=True),
        "ci_low": serializers.FloatField(allow_null=True),
        "ci_high": serializers.FloatField(allow_null=True),
    },
)
FIGURES = inline_serializer(
    "InterchangeFigures",
    {
        "opportunities": serializers.IntegerField(),
        "places": serializers.IntegerField(),
        "requests": serializers.IntegerField(),
        "matches": serializers.IntegerField(),
        "live": serializers.IntegerField(),
        "completed": serializers.IntegerField(),
        "cross_sector": PROPORTION,
        "completed_share": PROPORTION,
        "reflections": serializers.IntegerField(),
        "by_learner_sector": ROW,
        "by_host_sector": ROW,
        "by_learner_ics": ROW,
        "by_host_ics": ROW,
    },
)


# --- Viewsets ---------------------------------------------------------------------------------------


class OpportunityViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Open opportunities one may ask for (never one's own, nor one a hard rule forbids); one's own and
    the academy's by id."""

    serializer_class = InterchangeOpportunitySerializer
    queryset = Opportunity.objects.none()
    lookup_value_regex = r"[0-9]+"

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        rows = selectors.open_opportunities(request.user)
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(InterchangeOpportunitySerializer(page, many=True).data)

    def get_object(self) -> Opportunity:
        return selectors.opportunity_get(self.request.user, _pk(self))

    @extend_schema(
        request=InterchangeOpportunityCreateSerializer, responses={201: InterchangeOpportunitySerializer}
    )
    def create(self, request: Request) -> Response:
        data = InterchangeOpportunityCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        opportunity = services.opportunity_create(academy=fields.pop("academy"), by=request.user, **fields)
        return Response(InterchangeOpportunitySerializer(opportunity).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=InterchangeOpportunityUpdateSerializer, responses={200: InterchangeOpportunitySerializer}
    )
    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        opportunity = self.get_object()
        data = InterchangeOpportunityUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        opportunity = services.opportunity_update(
            opportunity=opportunity, by=request.user, **data.validated_data
        )
        return Response(InterchangeOpportunitySerializer(opportunity).data)

    @extend_schema(request=None, responses={201: InterchangeArrangementSerializer})
    @action(detail=True, methods=["post"])
    def ask(self, request: Request, pk: str | None = None) -> Response:
        """Ask for a place directly (browse-and-ask): the same hard rules as matching."""
        arrangement = services.opportunity_ask(opportunity=self.get_object(), by=request.user)
        return Response(InterchangeArrangementSerializer(arrangement).data, status=status.HTTP_201_CREATED)


class LearningRequestViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """One's own requests to learn."""

    serializer_class = InterchangeLearningRequestSerializer
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self) -> Any:
        return selectors.my_requests(self.request.user).order_by("-created_at", "-id")

    def get_object(self) -> LearningRequest:
        return selectors.request_get(self.request.user, _pk(self))

    @extend_schema(
        request=InterchangeLearningRequestCreateSerializer,
        responses={201: InterchangeLearningRequestSerializer},
    )
    def create(self, request: Request) -> Response:
        data = InterchangeLearningRequestCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        made = services.request_create(academy=fields.pop("academy"), by=request.user, **fields)
        return Response(InterchangeLearningRequestSerializer(made).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: InterchangeLearningRequestSerializer})
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: str | None = None) -> Response:
        made = services.request_withdraw(request=self.get_object(), by=request.user)
        return Response(InterchangeLearningRequestSerializer(made).data)


class ArrangementViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """One's own arrangements, as learner or host; by id also those one is asked to agree as line
    manager, and the academy's for its programme team."""

    serializer_class = InterchangeArrangementSerializer
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self) -> Any:
        return selectors.my_arrangements(self.request.user).prefetch_related("reflections")

    def get_object(self) -> Arrangement:
        return selectors.arrangement_get(self.request.user, _pk(self))

    def _answer(self, arrangement: Arrangement) -> Response:
        return Response(
            InterchangeArrangementSerializer(
                selectors.arrangement_get(self.request.user, arrangement.pk)
            ).data
        )

    @extend_schema(request=InterchangeDecisionSerializer, responses={200: InterchangeArrangementSerializer})
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str | None = None) -> Response:
        """The learner's line manager agrees or declines."""
        data = InterchangeDecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        arrangement = services.arrangement_manager_decide(
            arrangement=self.get_object(), by=request.user, **data.validated_data
        )
        return self._answer(arrangement)

    @extend_schema(request=InterchangeScheduleSerializer, responses={200: InterchangeArrangementSerializer})
    @action(detail=True, methods=["post"])
    def schedule(self, request: Request, pk: str | None = None) -> Response:
        data = InterchangeScheduleSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        arrangement = services.arrangement_schedule(
            arrangement=self.get_object(), by=request.user, **data.validated_data
        )
        return self._answer(arrangement)

    @extend_schema(request=None, responses={200: InterchangeArrangementSerializer})
    @action(detail=True, methods=["post"])
    def complete(self, request: Request, pk: str | None = None) -> Response:
        return self._answer(services.arrangement_complete(arrangement=self.get_object(), by=request.user))

    @extend_schema(request=None, responses={200: InterchangeArrangementSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        return self._answer(services.arrangement_cancel(arrangement=self.get_object(), by=request.user))

    @extend_schema(request=InterchangeReflectionSerializer, responses={201: InterchangeReflectionSerializer})
    @action(detail=True, methods=["post"])
    def reflect(self, request: Request, pk: str | None = None) -> Response:
        data = InterchangeReflectionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        reflection = services.reflection_add(
            arrangement=self.get_object(), by=request.user, **data.validated_data
        )
        return Response(InterchangeReflectionSerializer(reflection).data, status=status.HTTP_201_CREATED)


class MatchingRunViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Matching runs of the academies one runs."""

    serializer_class = InterchangeMatchingRunSerializer
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self) -> Any:
        if self.action == "list" and not is_programme_team(self.request.user):
            raise PermissionDenied()
        return selectors.runs(self.request.user).order_by("-created_at", "-id")

    def get_object(self) -> MatchingRun:
        return selectors.run_get(self.request.user, _pk(self))

    @extend_schema(request=InterchangeRunCreateSerializer, responses={201: InterchangeMatchingRunSerializer})
    def create(self, request: Request) -> Response:
        data = InterchangeRunCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        run = services.matching_run_start(academy=data.validated_data["academy"], by=request.user)
        return Response(InterchangeMatchingRunSerializer(run).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: InterchangeMatchingRunSerializer})
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str | None = None) -> Response:
        return Response(
            InterchangeMatchingRunSerializer(
                services.matching_run_publish(run=self.get_object(), by=request.user)
            ).data
        )


class SchemeViewSet(viewsets.GenericViewSet):
    """An academy's interchange scheme (by the academy's id): its setting and its figures."""

    serializer_class = InterchangeSchemeSerializer
    lookup_value_regex = r"[0-9]+"

    def _academy(self) -> Academy:
        return selectors.academy_managed_get(self.request.user, _pk(self))

    @extend_schema(responses={200: InterchangeSchemeSerializer})
    def retrieve(self, request: Request, pk: str | None = None) -> Response:
        scheme = services.scheme_for(self._academy())
        return Response(
            {"academy": scheme.academy_id, "needs_manager_agreement": scheme.needs_manager_agreement}
        )

    @extend_schema(request=InterchangeSchemeSerializer, responses={200: InterchangeSchemeSerializer})
    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        academy = self._academy()
        data = InterchangeSchemeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        scheme = services.scheme_update(academy=academy, by=request.user, **data.validated_data)
        return Response(
            {"academy": scheme.academy_id, "needs_manager_agreement": scheme.needs_manager_agreement}
        )

    @extend_schema(responses={200: FIGURES})
    @action(detail=True, methods=["get"])
    def figures(self, request: Request, pk: str | None = None) -> Response:
        """Offers, requests, matches and completions, by sector and ICS, each share with its base."""
        return Response(asdict(selectors.academy_figures(request.user, _pk(self))))


def register(router: BaseRouter) -> None:
    router.register(f"{PREFIX}/opportunities", OpportunityViewSet, basename="interchange-opportunity")
    router.register(f"{PREFIX}/requests", LearningRequestViewSet, basename="interchange-request")
    router.register(f"{PREFIX}/arrangements", ArrangementViewSet, basename="interchange-arrangement")
    router.register(f"{PREFIX}/runs", MatchingRunViewSet, basename="interchange-run")
    router.register(f"{PREFIX}/schemes", SchemeViewSet, basename="interchange-scheme")
