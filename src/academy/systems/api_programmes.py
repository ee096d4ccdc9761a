"""Systems OD programmes, outcome measures and RACI matrices under /api/v1/systems/: the same services
and selectors as the pages. The ICS's own OD lead writes; another system's lead reads what is published;
participants read the programmes they are part of."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from academy.api.fields import BoundedDateField, IdRelatedField
from academy.offers.models import Offer
from academy.people.models import ICS, Organisation, Person

from . import selectors, services
from .models import MODE_MAX, Measure, MeasurePoint, Programme, ProgrammeParticipant, RaciMatrix
from .permissions import can_edit_system_record

PREFIX = "systems"


# --- Serializers -----------------------------------------------------------------------------------


class ParticipantSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField()

    class Meta:
        model = ProgrammeParticipant
        fields = ["id", "person", "role", "organisation", "name"]
        read_only_fields = fields

    def get_name(self, obj: ProgrammeParticipant) -> str:
        return str(obj)


class ModeRowSerializer(serializers.Serializer):
    mode = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    most_used = serializers.IntegerField()
    percent = serializers.IntegerField(allow_null=True)
    median = serializers.CharField()


class SnapshotSerializer(serializers.Serializer):
    base = serializers.IntegerField()
    withheld = serializers.CharField()
    rows = ModeRowSerializer(many=True)


class ProgrammeSerializer(serializers.ModelSerializer):
    participants = ParticipantSerializer(many=True, read_only=True)
    snapshot = serializers.SerializerMethodField()

    class Meta:
        model = Programme
        fields = [
            "id",
            "ics",
            "title",
            "sponsor",
            "sponsor_role",
            "status",
            "started_on",
            "ended_on",
            *services.SECTION_FIELDS,
            "version",
            "published_at",
            "participants",
            "snapshot",
        ]
        read_only_fields = fields

    @extend_schema_field(SnapshotSerializer)
    def get_snapshot(self, obj: Programme) -> dict[str, Any]:
        return SnapshotSerializer(selectors.conflict_snapshot(obj)).data

    def to_representation(self, instance: Programme) -> dict[str, Any]:
        """Who took part is listed for the system's OD lead only, as on the page; others read the case
        study, whose figures name no one."""
        data: dict[str, Any] = super().to_representation(instance)
        request = self.context.get("request")
        if request is None or not can_edit_system_record(request.user, instance.ics_id):
            data["participants"] = []
        return data


class ProgrammeCreateSerializer(serializers.Serializer):
    ics = IdRelatedField(queryset=ICS.objects.all())
    title = serializers.CharField(max_length=200)
    started_on = BoundedDateField()
    ended_on = BoundedDateField(required=False, allow_null=True, default=None)
    sponsor = IdRelatedField(queryset=Person.objects.all(), required=False, allow_null=True, default=None)
    sponsor_role = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    introduction = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    background = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    approach = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    participants_summary = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    outcomes = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    operating_principles = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    learning = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    next_steps = serializers.CharField(required=False, allow_blank=True, max_length=20000)


class ProgrammeUpdateSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=0, max_value=2**31 - 1)
    title = serializers.CharField(max_length=200, required=False)
    started_on = BoundedDateField(required=False)
    ended_on = BoundedDateField(required=False, allow_null=True)
    sponsor = IdRelatedField(queryset=Person.objects.all(), required=False, allow_null=True)
    sponsor_role = serializers.CharField(max_length=200, required=False, allow_blank=True)
    introduction = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    background = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    approach = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    participants_summary = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    outcomes = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    operating_principles = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    learning = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    next_steps = serializers.CharField(required=False, allow_blank=True, max_length=20000)


class ParticipantAddSerializer(serializers.Serializer):
    person = IdRelatedField(queryset=Person.objects.all(), required=False, allow_null=True, default=None)
    role = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    organisation = IdRelatedField(
        queryset=Organisation.objects.all(), required=False, allow_null=True, default=None
    )


class ProfileSerializer(serializers.Serializer):
    participant = IdRelatedField(queryset=ProgrammeParticipant.objects.all())
    competing = serializers.IntegerField(min_value=0, max_value=MODE_MAX)
    collaborating = serializers.IntegerField(min_value=0, max_value=MODE_MAX)
    compromising = serializers.IntegerField(min_value=0, max_value=MODE_MAX)
    avoiding = serializers.IntegerField(min_value=0, max_value=MODE_MAX)
    accommodating = serializers.IntegerField(min_value=0, max_value=MODE_MAX)


class DiagnosticSerializer(serializers.Serializer):
    participant = IdRelatedField(
        queryset=ProgrammeParticipant.objects.all(), required=False, allow_null=True, default=None
    )
    held_on = BoundedDateField()
    consent = serializers.BooleanField()
    summary = serializers.CharField(max_length=10000)


class WorkshopSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    held_on = BoundedDateField()
    aims = serializers.CharField(required=False, allow_blank=True, default="", max_length=10000)
    offer = IdRelatedField(queryset=Offer.objects.all(), required=False, allow_null=True, default=None)
    attended = serializers.IntegerField(
        required=False, allow_null=True, default=None, min_value=0, max_value=100000
    )


class CreatedSerializer(serializers.Serializer):
    id = serializers.IntegerField()


class PointSerializer(serializers.ModelSerializer):
    class Meta:
        model = MeasurePoint
        fields = ["id", "on", "value", "note"]
        read_only_fields = ["id"]


class PointAddSerializer(serializers.Serializer):
    on = BoundedDateField()
    value = serializers.DecimalField(max_digits=14, decimal_places=2)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class MeasureSerializer(serializers.ModelSerializer):
    points = PointSerializer(many=True, read_only=True)

    class Meta:
        model = Measure
        fields = [
            "id",
            "ics",
            "programme",
            "title",
            "population",
            "unit",
            "baseline_on",
            "baseline_value",
            "target_on",
            "target_value",
            "higher_is_better",
            "story",
            "partners",
            "actions",
            "published_at",
            "points",
        ]
        read_only_fields = fields


class MeasureCreateSerializer(serializers.Serializer):
    ics = IdRelatedField(queryset=ICS.objects.all())
    programme = IdRelatedField(
        queryset=Programme.objects.all(), required=False, allow_null=True, default=None
    )
    title = serializers.CharField(max_length=200)
    population = serializers.CharField(max_length=300)
    unit = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    baseline_on = BoundedDateField()
    baseline_value = serializers.DecimalField(max_digits=14, decimal_places=2)
    target_value = serializers.DecimalField(max_digits=14, decimal_places=2)
    target_on = BoundedDateField(required=False, allow_null=True, default=None)
    higher_is_better = serializers.BooleanField(required=False, default=False)
    story = serializers.CharField(required=False, allow_blank=True, default="", max_length=20000)
    partners = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)
    actions = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)


class RaciSerializer(serializers.ModelSerializer):
    parties = serializers.SerializerMethodField()
    activities = serializers.SerializerMethodField()

    class Meta:
        model = RaciMatrix
        fields = ["id", "ics", "programme", "title", "published_at", "parties", "activities"]
        read_only_fields = fields

    def get_parties(self, obj: RaciMatrix) -> list[str]:
        return [p.name for p in obj.parties.all()]

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_activities(self, obj: RaciMatrix) -> list[dict[str, Any]]:
        grid = selectors.raci_grid(obj)
        return [
            {"name": a.name, "letters": {party: letter for party, letter in cells if letter}}
            for a, cells in grid.rows
        ]


class RaciCreateSerializer(serializers.Serializer):
    ics = IdRelatedField(queryset=ICS.objects.all())
    programme = IdRelatedField(
        queryset=Programme.objects.all(), required=False, allow_null=True, default=None
    )
    title = serializers.CharField(max_length=200)
    parties = serializers.ListField(child=serializers.CharField(max_length=200), min_length=1, max_length=50)


class ActivitySetSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=300)
    letters = serializers.DictField(
        child=serializers.ChoiceField(choices=["", "R", "A", "C", "I"]),
        help_text="A party's name to R, A, C or I; exactly one A.",
    )


# --- Viewsets ----------------------------------------------------------------------------------------


class ProgrammeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Systems OD programmes: the ICS's own, published ones of other systems, and one's own places."""

    serializer_class = ProgrammeSerializer

    def get_queryset(self) -> QuerySet[Programme]:
        return selectors.programmes_for(self.request.user).prefetch_related(
            "participants__person", "profiles"
        )

    def _fresh(self, pk: int) -> Response:
        programme = self.get_queryset().get(pk=pk)
        return Response(ProgrammeSerializer(programme, context=self.get_serializer_context()).data)

    @extend_schema(request=ProgrammeCreateSerializer, responses={201: ProgrammeSerializer})
    def create(self, request: Request) -> Response:
        data = ProgrammeCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        programme = services.programme_create(by=request.user, **data.validated_data)
        response = self._fresh(programme.pk)
        response.status_code = status.HTTP_201_CREATED
        return response

    @extend_schema(request=ProgrammeUpdateSerializer, responses={200: ProgrammeSerializer})
    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        programme = self.get_object()
        data = ProgrammeUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        changes = dict(data.validated_data)
        version = changes.pop("version")
        services.programme_update(programme=programme, version=version, by=request.user, **changes)
        return self._fresh(programme.pk)

    @extend_schema(request=None, responses={200: ProgrammeSerializer})
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str | None = None) -> Response:
        programme = services.programme_publish(programme=self.get_object(), by=request.user)
        return self._fresh(programme.pk)

    @extend_schema(request=ParticipantAddSerializer, responses={201: ParticipantSerializer})
    @action(detail=True, methods=["post"])
    def participants(self, request: Request, pk: str | None = None) -> Response:
        data = ParticipantAddSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        participant = services.participant_add(
            programme=self.get_object(), by=request.user, **data.validated_data
        )
        return Response(ParticipantSerializer(participant).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ProfileSerializer, responses={201: SnapshotSerializer})
    @action(detail=True, methods=["post"])
    def profiles(self, request: Request, pk: str | None = None) -> Response:
        """One participant's five conflict-handling mode scores (0 to 12, adding up to 30)."""
        data = ProfileSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        scores = dict(data.validated_data)
        participant = scores.pop("participant")
        programme = self.get_object()
        services.conflict_profile_record(
            programme=programme, participant=participant, scores=scores, by=request.user
        )
        return Response(
            SnapshotSerializer(selectors.conflict_snapshot(programme)).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=DiagnosticSerializer, responses={201: CreatedSerializer})
    @action(detail=True, methods=["post"])
    def diagnostics(self, request: Request, pk: str | None = None) -> Response:
        data = DiagnosticSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        conversation = services.diagnostic_record(
            programme=self.get_object(), by=request.user, **data.validated_data
        )
        return Response({"id": conversation.pk}, status=status.HTTP_201_CREATED)

    @extend_schema(request=WorkshopSerializer, responses={201: CreatedSerializer})
    @action(detail=True, methods=["post"])
    def workshops(self, request: Request, pk: str | None = None) -> Response:
        data = WorkshopSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        workshop = services.workshop_add(programme=self.get_object(), by=request.user, **data.validated_data)
        return Response({"id": workshop.pk}, status=status.HTTP_201_CREATED)


class MeasureViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Outcome-based accountability measures and their data points."""

    serializer_class = MeasureSerializer

    def get_queryset(self) -> QuerySet[Measure]:
        return selectors.measures_for(self.request.user).prefetch_related("points")

    @extend_schema(request=MeasureCreateSerializer, responses={201: MeasureSerializer})
    def create(self, request: Request) -> Response:
        data = MeasureCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        measure = services.measure_create(by=request.user, **data.validated_data)
        return Response(MeasureSerializer(measure).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=PointAddSerializer, responses={201: PointSerializer})
    @action(detail=True, methods=["post"])
    def points(self, request: Request, pk: str | None = None) -> Response:
        """A data point; one dated before the baseline is refused with a message on `on`."""
        data = PointAddSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        point = services.measure_point_add(measure=self.get_object(), by=request.user, **data.validated_data)
        return Response(PointSerializer(point).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: MeasureSerializer})
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str | None = None) -> Response:
        measure = services.measure_publish(measure=self.get_object(), by=request.user)
        return Response(MeasureSerializer(measure).data)


class RaciViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """RACI matrices: activities by organisations or roles, exactly one accountable per activity."""

    serializer_class = RaciSerializer

    def get_queryset(self) -> QuerySet[RaciMatrix]:
        return selectors.raci_for(self.request.user).prefetch_related("parties")

    @extend_schema(request=RaciCreateSerializer, responses={201: RaciSerializer})
    def create(self, request: Request) -> Response:
        data = RaciCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        matrix = services.raci_create(by=request.user, **data.validated_data)
        return Response(RaciSerializer(matrix).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ActivitySetSerializer, responses={200: RaciSerializer})
    @action(detail=True, methods=["post"])
    def activities(self, request: Request, pk: str | None = None) -> Response:
        """Write one activity's row; refused unless exactly one party is accountable (A)."""
        data = ActivitySetSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        matrix = self.get_object()
        services.raci_activity_set(matrix=matrix, by=request.user, **data.validated_data)
        return Response(RaciSerializer(matrix).data)

    @extend_schema(request=None, responses={200: RaciSerializer})
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str | None = None) -> Response:
        matrix = services.raci_publish(matrix=self.get_object(), by=request.user)
        return Response(RaciSerializer(matrix).data)


def register(router: BaseRouter) -> None:
    router.register(f"{PREFIX}/programmes", ProgrammeViewSet, basename="systems-programme")
    router.register(f"{PREFIX}/measures", MeasureViewSet, basename="systems-measure")
    router.register(f"{PREFIX}/raci", RaciViewSet, basename="systems-raci")
