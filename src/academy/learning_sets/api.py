"""Communities, membership, pools, formation runs, sets and meetings: the same services and permission
questions as the pages, under /api/v1/learning-sets/."""

from dataclasses import asdict
from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from academy.api.fields import BoundedDateField, IdField, IdRelatedField
from academy.core.parsing import parse_id
from academy.people.models import Academy
from academy.people.permissions import is_programme_team
from academy.reporting.periods import period_from

from . import selectors, services
from .models import Community, FormationRun, LearningSet, Meeting, Membership, Pool, PoolEntry
from .permissions import can_manage_community, can_see_directory

PREFIX = "learning-sets"


# --- Serializers -----------------------------------------------------------------------------------


class CommunitySerializer(serializers.ModelSerializer):
    member_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Community
        fields = ["id", "academy", "name", "slug", "aims", "events", "member_count"]
        read_only_fields = fields


class CommunityCreateSerializer(serializers.Serializer):
    academy = IdRelatedField(queryset=Academy.objects.all())
    name = serializers.CharField(max_length=200)
    aims = serializers.CharField(required=False, allow_blank=True, default="")


class MembershipSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="person.full_name", read_only=True)
    organisation = serializers.CharField(source="person.organisation.name", read_only=True, default="")
    job_title = serializers.CharField(source="person.job_title", read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "community", "name", "organisation", "job_title", "in_directory"]
        read_only_fields = fields


class JoinSerializer(serializers.Serializer):
    in_directory = serializers.BooleanField(required=False, default=False)


class AnnouncementSerializer(serializers.Serializer):
    subject = serializers.CharField(max_length=200)
    body = serializers.CharField(max_length=10000)


class PoolSerializer(serializers.ModelSerializer):
    class Meta:
        model = Pool
        fields = [
            "id",
            "academy",
            "community",
            "name",
            "slots",
            "is_open",
            "min_size",
            "max_size",
            "max_per_organisation",
            "met_meetings",
            "met_share",
        ]
        read_only_fields = fields


class PoolJoinSerializer(serializers.Serializer):
    slots = serializers.ListField(child=serializers.CharField(max_length=100), max_length=50)


class PoolEntrySerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="person.full_name", read_only=True)

    class Meta:
        model = PoolEntry
        fields = ["id", "person", "name", "slots"]
        read_only_fields = fields


class WeightsSerializer(serializers.Serializer):
    ics = serializers.IntegerField(min_value=0, max_value=100, required=False, default=3)
    sector = serializers.IntegerField(min_value=0, max_value=100, required=False, default=2)
    organisation = serializers.IntegerField(min_value=0, max_value=100, required=False, default=1)
    role_level = serializers.IntegerField(min_value=0, max_value=100, required=False, default=1)


class FormationRunSerializer(serializers.ModelSerializer):
    class Meta:
        model = FormationRun
        fields = [
            "id",
            "pool",
            "status",
            "version",
            "rules",
            "weights",
            "sets",
            "reasons",
            "mix_score",
            "mix_bound",
            "optimal",
            "gap",
            "moved",
            "published_at",
        ]
        read_only_fields = fields


class MoveSerializer(serializers.Serializer):
    person = IdField()
    to_set = serializers.IntegerField(min_value=1, max_value=10000)
    version = serializers.IntegerField(min_value=0)


class PublishSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=0)


class LearningSetSerializer(serializers.ModelSerializer):
    pool = serializers.CharField(source="run.pool.name", read_only=True)
    members = serializers.SerializerMethodField()

    class Meta:
        model = LearningSet
        fields = ["id", "pool", "number", "slot", "facilitator", "members"]
        read_only_fields = fields

    def get_members(self, obj: LearningSet) -> list[dict[str, Any]]:
        return [{"person": m.person_id, "name": m.person.full_name} for m in obj.members.all()]


class MeetingSerializer(serializers.ModelSerializer):
    present = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = ["id", "held_on", "logged", "present"]
        read_only_fields = fields

    def get_present(self, obj: Meeting) -> list[int]:
        return [a.person_id for a in obj.attendance.all() if a.present]


class MeetingLogSerializer(serializers.Serializer):
    held_on = BoundedDateField()
    present = serializers.ListField(child=IdField(), required=False, default=list, max_length=100)
    logged = serializers.BooleanField(required=False, default=True)


# --- Viewsets ----------------------------------------------------------------------------------------


class CommunityViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Communities of practice: open to everyone signed in."""

    serializer_class = CommunitySerializer

    def get_queryset(self) -> QuerySet[Community]:
        return selectors.communities(self.request.user).prefetch_related("events")

    @extend_schema(request=CommunityCreateSerializer, responses={201: CommunitySerializer})
    def create(self, request: Request) -> Response:
        data = CommunityCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        community = services.community_create(by=request.user, **data.validated_data)
        return Response(
            CommunitySerializer(self.get_queryset().get(pk=community.pk)).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=JoinSerializer, responses={200: MembershipSerializer})
    @action(detail=True, methods=["post"])
    def join(self, request: Request, pk: str | None = None) -> Response:
        data = JoinSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        membership = services.community_join(
            community=self.get_object(), by=request.user, **data.validated_data
        )
        return Response(MembershipSerializer(membership).data)

    @extend_schema(
        request=None,
        responses={200: inline_serializer("CommunityLeft", {"left": serializers.BooleanField()})},
    )
    @action(detail=True, methods=["post"])
    def leave(self, request: Request, pk: str | None = None) -> Response:
        return Response({"left": services.community_leave(community=self.get_object(), by=request.user)})

    @extend_schema(responses={200: MembershipSerializer(many=True)})
    @action(detail=True, methods=["get"])
    def members(self, request: Request, pk: str | None = None) -> Response:
        """The member directory: members who chose to appear; for members and the programme team."""
        community = self.get_object()
        if not can_see_directory(request.user, community):
            raise PermissionDenied("Join the community to see its members.")
        return Response(MembershipSerializer(selectors.directory(request.user, community), many=True).data)

    @extend_schema(
        request=AnnouncementSerializer,
        responses={201: inline_serializer("AnnouncementSent", {"recipients": serializers.IntegerField()})},
    )
    @action(detail=True, methods=["post"])
    def announcements(self, request: Request, pk: str | None = None) -> Response:
        data = AnnouncementSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        sent = services.announcement_send(community=self.get_object(), by=request.user, **data.validated_data)
        return Response({"recipients": sent.recipients}, status=status.HTTP_201_CREATED)

    @extend_schema(
        responses={
            200: inline_serializer(
                "CommunityFigures",
                {
                    "members": serializers.IntegerField(),
                    "by_ics": serializers.ListField(child=serializers.ListField()),
                    "by_sector": serializers.ListField(child=serializers.ListField()),
                    "by_organisation_type": serializers.ListField(child=serializers.ListField()),
                    "events_held": serializers.IntegerField(),
                    "attendances": serializers.IntegerField(),
                    "people_attending": serializers.IntegerField(),
                    "sets": serializers.IntegerField(),
                    "sets_met": serializers.IntegerField(),
                    "joined": serializers.IntegerField(),
                    "active": serializers.IntegerField(),
                    "events": inline_serializer(
                        "CommunityEventFigures",
                        {
                            "title": serializers.CharField(),
                            "kind": serializers.CharField(),
                            "sessions": serializers.IntegerField(),
                            "attendances": serializers.IntegerField(),
                            "people": serializers.IntegerField(),
                        },
                        many=True,
                    ),
                    "period_from": serializers.DateField(allow_null=True),
                    "period_to": serializers.DateField(allow_null=True),
                },
            )
        },
        parameters=[
            OpenApiParameter("from", OpenApiTypes.DATE, description="Start of the period (YYYY-MM-DD)"),
            OpenApiParameter("to", OpenApiTypes.DATE, description="End of the period, inclusive"),
        ],
    )
    @action(detail=True, methods=["get"])
    def figures(self, request: Request, pk: str | None = None) -> Response:
        """The community's figures for a period (the last three years when from and to are not given)."""
        community = self.get_object()
        if not can_manage_community(request.user, community):
            raise PermissionDenied()
        period, errors = period_from(request.query_params)
        if errors:
            raise ValidationError(errors)
        return Response(asdict(selectors.community_figures(community, period)))


class PoolViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Action learning pools: those open for sign-up, and the programme team's own."""

    serializer_class = PoolSerializer

    def get_queryset(self) -> QuerySet[Pool]:
        managed = selectors.pools_managed(self.request.user).values("pk")
        return Pool.objects.filter(is_open=True) | Pool.objects.filter(pk__in=managed)

    @extend_schema(request=PoolJoinSerializer, responses={200: PoolEntrySerializer})
    @action(detail=True, methods=["post"])
    def join(self, request: Request, pk: str | None = None) -> Response:
        """Ask to join action learning with the times one can make."""
        data = PoolJoinSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        entry = services.pool_join(
            pool=self.get_object(), by=request.user, slots=data.validated_data["slots"]
        )
        return Response(PoolEntrySerializer(entry).data)

    @extend_schema(responses={200: PoolEntrySerializer(many=True)})
    @action(detail=True, methods=["get"])
    def entries(self, request: Request, pk: str | None = None) -> Response:
        pool = selectors.pool_managed_get(request.user, parse_id(pk) or 0)
        return Response(PoolEntrySerializer(selectors.pool_entries(request.user, pool), many=True).data)

    @extend_schema(request=WeightsSerializer, responses={201: FormationRunSerializer})
    @action(detail=True, methods=["post"])
    def form(self, request: Request, pk: str | None = None) -> Response:
        """Form the pool into sets (a large pool in the background: the run's status says when)."""
        pool = selectors.pool_managed_get(request.user, parse_id(pk) or 0)
        data = WeightsSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        run = services.formation_run_create(pool=pool, by=request.user, weights=dict(data.validated_data))
        return Response(FormationRunSerializer(run).data, status=status.HTTP_201_CREATED)


class FormationRunViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Formation runs of the programme team's pools."""

    serializer_class = FormationRunSerializer

    def get_queryset(self) -> QuerySet[FormationRun]:
        if self.action == "list" and not is_programme_team(self.request.user):
            raise PermissionDenied()
        return selectors.runs_managed(self.request.user)

    @extend_schema(request=MoveSerializer, responses={200: FormationRunSerializer})
    @action(detail=True, methods=["post"])
    def move(self, request: Request, pk: str | None = None) -> Response:
        """Move one person to another set; refused with the rule named if it would break one."""
        run = self.get_object()
        data = MoveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        run = services.formation_move(
            run=run,
            person_id=fields["person"],
            to_set=fields["to_set"],
            version=fields["version"],
            by=request.user,
        )
        return Response(FormationRunSerializer(run).data)

    @extend_schema(request=PublishSerializer, responses={200: LearningSetSerializer(many=True)})
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str | None = None) -> Response:
        """Publish every set and tell the members; refused if the proposal changed since `version`."""
        run = self.get_object()
        data = PublishSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        made = services.formation_publish(run=run, version=data.validated_data["version"], by=request.user)
        sets = selectors.sets_visible(request.user).filter(pk__in=[s.pk for s in made])
        return Response(LearningSetSerializer(sets, many=True).data)


class LearningSetViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Sets the caller is in or facilitates, or runs as the programme team."""

    serializer_class = LearningSetSerializer

    def get_queryset(self) -> QuerySet[LearningSet]:
        return selectors.sets_visible(self.request.user)

    @extend_schema(methods=["get"], responses={200: MeetingSerializer(many=True)})
    @extend_schema(methods=["post"], request=MeetingLogSerializer, responses={201: MeetingSerializer})
    @action(detail=True, methods=["get", "post"])
    def meetings(self, request: Request, pk: str | None = None) -> Response:
        """The set's meetings; POST schedules one (logged false) or logs one held, with who was present."""
        learning_set = self.get_object()
        if request.method == "POST":
            data = MeetingLogSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            meeting = services.meeting_log(learning_set=learning_set, by=request.user, **data.validated_data)
            return Response(MeetingSerializer(meeting).data, status=status.HTTP_201_CREATED)
        meetings = learning_set.meetings.prefetch_related("attendance").order_by("held_on")
        return Response(MeetingSerializer(meetings, many=True).data)


def register(router: BaseRouter) -> None:
    router.register(f"{PREFIX}/communities", CommunityViewSet, basename="community")
    router.register(f"{PREFIX}/pools", PoolViewSet, basename="set-pool")
    router.register(f"{PREFIX}/runs", FormationRunViewSet, basename="formation-run")
    router.register(f"{PREFIX}/sets", LearningSetViewSet, basename="learning-set")
