"""API for commissioned coaching programmes and team coaching journeys, under /api/v1/coaching/: the
hub's administrators set them up through the same services as the pages (the team's leader may read
their journey). Sessions on a programme are dates only; what was said is never recorded."""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.request import Request as ApiRequest
from rest_framework.response import Response

from academy.api.fields import BoundedDateField, IdRelatedField
from academy.evaluation.standard import GOAL_THEMES
from academy.offers.models import Offer
from academy.people.models import Academy, Person

from . import selectors, services
from .models import CoachingProgramme, ProgrammeParticipant, ProgrammeSession, TeamJourney, TeamJourneyMember
from .permissions import can_manage_programme, can_manage_team_journey


class _PersonByEmail(serializers.Serializer):
    email = serializers.EmailField(help_text="the person's work email address in Academy")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        person = Person.objects.filter(email__iexact=attrs["email"]).first()
        if person is None:
            raise serializers.ValidationError(
                {"email": "There is no one with this email address in Academy."}
            )
        return {**attrs, "person": person}


class CoachingProgrammeSerializer(serializers.ModelSerializer):
    academy = IdRelatedField(queryset=Academy.objects.all())
    offer = IdRelatedField(queryset=Offer.objects.all(), required=False, allow_null=True)
    starts_on = BoundedDateField()
    ends_on = BoundedDateField()
    participants = serializers.IntegerField(source="participants.count", read_only=True)

    class Meta:
        model = CoachingProgramme
        fields = [
            "id",
            "academy",
            "title",
            "provider",
            "starts_on",
            "ends_on",
            "sessions_each",
            "session_minutes",
            "purpose",
            "offer",
            "participants",
        ]


class CoachingProgrammePlaceSerializer(serializers.ModelSerializer):
    person = serializers.CharField(source="person.full_name", read_only=True)
    sessions_held = serializers.IntegerField(source="sessions.count", read_only=True)

    class Meta:
        model = ProgrammeParticipant
        fields = ["id", "person", "coach_name", "sessions_held"]


class CoachingProgrammePlaceWriteSerializer(_PersonByEmail):
    coach_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class CoachingProgrammeSessionSerializer(serializers.ModelSerializer):
    held_on = BoundedDateField()
    minutes = serializers.IntegerField(
        min_value=1, max_value=600, required=False, allow_null=True, help_text="default: the programme's"
    )

    class Meta:
        model = ProgrammeSession
        fields = ["id", "number", "held_on", "minutes"]
        read_only_fields = ["id", "number"]


class CoachingProgrammeGoalSerializer(serializers.Serializer):
    """One goal of a person on the programme, rated 1 to 10 before the first session and after the last."""

    id = serializers.IntegerField(read_only=True)
    theme = serializers.ChoiceField(choices=GOAL_THEMES)
    text = serializers.CharField(max_length=2000)
    rating_before = serializers.IntegerField(min_value=1, max_value=10, required=False, allow_null=True)
    rating_after = serializers.IntegerField(read_only=True, allow_null=True)


class CoachingProgrammeGoalRatingSerializer(serializers.Serializer):
    rating_after = serializers.IntegerField(min_value=1, max_value=10)


class CoachingTeamJourneySerializer(serializers.ModelSerializer):
    academy = IdRelatedField(queryset=Academy.objects.all(), write_only=True)
    offer = IdRelatedField(queryset=Offer.objects.all(), required=False, allow_null=True)
    engagement_on = BoundedDateField()
    leader_email = serializers.EmailField(write_only=True, help_text="the team leader's email in Academy")
    team_leader = serializers.CharField(source="team_leader.full_name", read_only=True)
    phase = serializers.SerializerMethodField()

    class Meta:
        model = TeamJourney
        fields = [
            "id",
            "academy",
            "team_name",
            "organisation",
            "coaches",
            "leader_email",
            "team_leader",
            "engagement_on",
            "planned_months",
            "discovery_on",
            "diagnostic_on",
            "sessions_on",
            "ended_on",
            "sessions_held",
            "offer",
            "phase",
        ]
        read_only_fields = ["discovery_on", "diagnostic_on", "sessions_on", "ended_on", "sessions_held"]

    def get_phase(self, journey: TeamJourney) -> str:
        from django.utils import timezone

        return str(journey.get_phase_display_on(timezone.localdate()))

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = dict(attrs)
        email = attrs.pop("leader_email", None)
        leader = Person.objects.filter(email__iexact=email).first() if email else None
        if leader is None:
            raise serializers.ValidationError(
                {"leader_email": "There is no one with this email address in Academy."}
            )
        return {**attrs, "team_leader": leader}


class CoachingTeamMemberSerializer(serializers.ModelSerializer):
    person = serializers.CharField(source="person.full_name", read_only=True)

    class Meta:
        model = TeamJourneyMember
        fields = ["id", "person", "role"]


class CoachingTeamMemberWriteSerializer(_PersonByEmail):
    role = serializers.ChoiceField(choices=TeamJourneyMember.Role.choices, default="member")


class CoachingPhaseStartSerializer(serializers.Serializer):
    on = BoundedDateField(help_text="the day the next phase starts")


class CoachingSessionsHeldSerializer(serializers.Serializer):
    sessions_held = serializers.IntegerField(min_value=0, max_value=52)


class CoachingProgrammeViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Commissioned coaching programmes of the hubs one administers."""

    serializer_class = CoachingProgrammeSerializer

    def get_queryset(self) -> QuerySet[CoachingProgramme]:
        return selectors.programmes_for(self.request.user).order_by("id")

    def _managed(self) -> CoachingProgramme:
        programme = self.get_object()
        if not can_manage_programme(self.request.user, programme):
            raise PermissionDenied("Only the hub's administrators can change a programme.")
        return programme

    def _place(self, place_pk: str | None) -> ProgrammeParticipant:
        place = self._managed().participants.filter(pk=int(place_pk or 0)).first()
        if place is None:
            raise NotFound("There is no such person on this programme.")
        return place

    def create(self, request: ApiRequest, *args: Any, **kwargs: Any) -> Response:
        data = CoachingProgrammeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        programme = services.programme_create(by=request.user, **data.validated_data)
        return Response(CoachingProgrammeSerializer(programme).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["GET"], responses={200: CoachingProgrammePlaceSerializer(many=True)})
    @extend_schema(
        methods=["POST"],
        request=CoachingProgrammePlaceWriteSerializer,
        responses={201: CoachingProgrammePlaceSerializer},
    )
    @action(detail=True, methods=["get", "post"])
    def people(self, request: ApiRequest, pk: str | None = None) -> Response:
        programme = self._managed()
        if request.method == "GET":
            return Response(
                CoachingProgrammePlaceSerializer(selectors.programme_places(programme), many=True).data
            )
        data = CoachingProgrammePlaceWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        place = services.programme_participant_add(
            programme=programme,
            person=data.validated_data["person"],
            by=request.user,
            coach_name=data.validated_data["coach_name"],
        )
        return Response(CoachingProgrammePlaceSerializer(place).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=CoachingProgrammeSessionSerializer, responses={201: CoachingProgrammeSessionSerializer}
    )
    @action(detail=True, methods=["post"], url_path=r"people/(?P<place_pk>[0-9]+)/sessions")
    def log_session(
        self, request: ApiRequest, pk: str | None = None, place_pk: str | None = None
    ) -> Response:
        place = self._place(place_pk)
        data = CoachingProgrammeSessionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        session = services.programme_session_log(participant=place, by=request.user, **data.validated_data)
        return Response(CoachingProgrammeSessionSerializer(session).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["GET"], responses={200: CoachingProgrammeGoalSerializer(many=True)})
    @extend_schema(
        methods=["POST"],
        request=CoachingProgrammeGoalSerializer,
        responses={201: CoachingProgrammeGoalSerializer},
    )
    @action(detail=True, methods=["get", "post"], url_path=r"people/(?P<place_pk>[0-9]+)/goals")
    def goals(self, request: ApiRequest, pk: str | None = None, place_pk: str | None = None) -> Response:
        place = self._place(place_pk)
        if request.method == "GET":
            return Response(CoachingProgrammeGoalSerializer(services.programme_goals(place), many=True).data)
        data = CoachingProgrammeGoalSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        goal = services.programme_goal_add(participant=place, by=request.user, **data.validated_data)
        return Response(CoachingProgrammeGoalSerializer(goal).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=CoachingProgrammeGoalRatingSerializer, responses={200: CoachingProgrammeGoalSerializer}
    )
    @action(
        detail=True, methods=["post"], url_path=r"people/(?P<place_pk>[0-9]+)/goals/(?P<goal_pk>[0-9]+)/rate"
    )
    def rate_goal(
        self,
        request: ApiRequest,
        pk: str | None = None,
        place_pk: str | None = None,
        goal_pk: str | None = None,
    ) -> Response:
        place = self._place(place_pk)
        goal = services.programme_goals(place).filter(pk=int(goal_pk or 0)).first()
        if goal is None:
            raise NotFound("There is no such goal for this person.")
        data = CoachingProgrammeGoalRatingSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        goal = services.programme_goal_rate(
            participant=place, goal=goal, by=request.user, **data.validated_data
        )
        return Response(CoachingProgrammeGoalSerializer(goal).data)


class CoachingTeamJourneyViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Team coaching journeys of the hubs one administers, and those of teams one leads (read only)."""

    serializer_class = CoachingTeamJourneySerializer

    def get_queryset(self) -> QuerySet[TeamJourney]:
        return selectors.team_journeys_for(self.request.user).select_related("team_leader").order_by("id")

    def _managed(self) -> TeamJourney:
        journey = self.get_object()
        if not can_manage_team_journey(self.request.user, journey):
            raise PermissionDenied("Only the hub's administrators can change a team coaching journey.")
        return journey

    def _answer(self, journey: TeamJourney) -> Response:
        journey.refresh_from_db()
        return Response(CoachingTeamJourneySerializer(journey).data)

    def create(self, request: ApiRequest, *args: Any, **kwargs: Any) -> Response:
        data = CoachingTeamJourneySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        journey = services.team_journey_create(by=request.user, **data.validated_data)
        return Response(CoachingTeamJourneySerializer(journey).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["GET"], responses={200: CoachingTeamMemberSerializer(many=True)})
    @extend_schema(
        methods=["POST"],
        request=CoachingTeamMemberWriteSerializer,
        responses={201: CoachingTeamMemberSerializer},
    )
    @action(detail=True, methods=["get", "post"])
    def members(self, request: ApiRequest, pk: str | None = None) -> Response:
        if request.method == "GET":
            journey = self.get_object()
            return Response(
                CoachingTeamMemberSerializer(journey.members.select_related("person"), many=True).data
            )
        journey = self._managed()
        data = CoachingTeamMemberWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        member = services.team_journey_member_add(
            journey=journey,
            person=data.validated_data["person"],
            by=request.user,
            role=data.validated_data["role"],
        )
        return Response(CoachingTeamMemberSerializer(member).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CoachingPhaseStartSerializer, responses={200: CoachingTeamJourneySerializer})
    @action(detail=True, methods=["post"])
    def phase(self, request: ApiRequest, pk: str | None = None) -> Response:
        journey = self._managed()
        data = CoachingPhaseStartSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.team_journey_phase_start(journey=journey, by=request.user, on=data.validated_data["on"])
        return self._answer(journey)

    @extend_schema(request=CoachingSessionsHeldSerializer, responses={200: CoachingTeamJourneySerializer})
    @action(detail=True, methods=["post"])
    def sessions(self, request: ApiRequest, pk: str | None = None) -> Response:
        journey = self._managed()
        data = CoachingSessionsHeldSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.team_journey_sessions_record(journey=journey, by=request.user, **data.validated_data)
        return self._answer(journey)

    @extend_schema(request=None, responses={200: CoachingTeamJourneySerializer})
    @action(detail=True, methods=["post"])
    def feedback(self, request: ApiRequest, pk: str | None = None) -> Response:
        """Send the team coaching feedback instrument to the team (once its coaching sessions have begun)."""
        journey = self._managed()
        services.team_journey_feedback_send(journey=journey, by=request.user)
        return self._answer(journey)
