"""Coaching and mentoring hub API, under /api/v1/coaching/. Same services and rules as the pages.

Relationship and session answers carry dates and counts only; what was said is at
`relationships/<id>/notes/`, which only the pair can read (every read audited).
"""

from dataclasses import asdict

from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.request import Request as ApiRequest
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from academy.api.fields import BoundedDateField, IdField, IdRelatedField
from academy.core.parsing import parse_date
from academy.evaluation.standard import GOAL_THEMES
from academy.offers.models import Offer
from academy.people.models import Academy, Person, Region, RoleLevel, Sector

from . import selectors, services
from .models import (
    CoachingSession,
    EligibilityRule,
    Format,
    HubSettings,
    Kind,
    LivedExperience,
    MatchingRun,
    MatchResult,
    PractitionerKind,
    PractitionerProfile,
    Relationship,
    Request,
    SessionNote,
    ShortlistEntry,
)
from .permissions import can_administer_hub, hub_academy_ids, is_party_to


def _person(request: ApiRequest) -> Person:
    person = getattr(request.user, "person", None)
    if person is None:
        raise NotFound("Your account has no staff record.")
    return person


def _home_academy(person: Person) -> Academy:
    academy = selectors.home_academy(person)
    if academy is None:
        raise NotFound("No academy runs a hub yet.")
    return academy


# --- Serializers ----------------------------------------------------------------------------------


class ProfileSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="person.full_name", read_only=True)
    accreditation_verified = serializers.BooleanField(read_only=True)
    places_left = serializers.IntegerField(read_only=True)

    class Meta:
        model = PractitionerProfile
        fields = [
            "id",
            "name",
            "academy",
            "kind",
            "accreditation_body",
            "accreditation_level",
            "accreditation_expires_on",
            "accreditation_verified",
            "supervision",
            "specialisms",
            "sectors",
            "role_levels",
            "delivery_format",
            "region",
            "years_experience",
            "capacity",
            "places_left",
            "availability",
            "paused_until",
            "published",
            "allows_own_organisation",
            "about",
        ]
        read_only_fields = fields


class ProfileWriteSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=PractitionerKind.choices, required=False)
    accreditation_body = serializers.CharField(max_length=160, required=False, allow_blank=True)
    accreditation_level = serializers.CharField(max_length=120, required=False, allow_blank=True)
    accreditation_expires_on = BoundedDateField(required=False, allow_null=True)
    accreditation_evidence = serializers.FileField(required=False)
    supervision = serializers.CharField(max_length=300, required=False, allow_blank=True)
    specialisms = serializers.ListField(child=serializers.ChoiceField(choices=GOAL_THEMES), required=False)
    sectors = serializers.ListField(child=serializers.ChoiceField(choices=Sector.choices), required=False)
    role_levels = serializers.ListField(
        child=serializers.ChoiceField(choices=RoleLevel.choices), required=False
    )
    delivery_format = serializers.ChoiceField(choices=Format.choices, required=False)
    region = IdRelatedField(queryset=Region.objects.all(), required=False, allow_null=True)
    years_experience = serializers.IntegerField(min_value=0, max_value=60, required=False)
    capacity = serializers.IntegerField(min_value=1, max_value=20, required=False)
    availability = serializers.CharField(max_length=300, required=False, allow_blank=True)
    paused_until = BoundedDateField(required=False, allow_null=True)
    published = serializers.BooleanField(required=False)
    allows_own_organisation = serializers.BooleanField(required=False)
    about = serializers.CharField(max_length=3000, required=False, allow_blank=True)
    lived_experience = serializers.ListField(
        child=serializers.ChoiceField(choices=LivedExperience.choices),
        required=False,
        help_text="lived experience you agree to be matched on (never shown on the profile)",
    )


class CoachingGoalSerializer(serializers.Serializer):
    theme = serializers.ChoiceField(choices=GOAL_THEMES)
    text = serializers.CharField(max_length=500)


class RequestSerializer(serializers.ModelSerializer):
    goals = CoachingGoalSerializer(many=True, read_only=True)

    class Meta:
        model = Request
        fields = [
            "id",
            "academy",
            "kind",
            "status",
            "goals",
            "preferred_sectors",
            "preferred_format",
            "preferred_region",
            "minimum_experience_years",
            "allows_own_organisation",
            "line_manager_agreed",
            "created_at",
            "matched_at",
        ]
        read_only_fields = fields


class RequestWriteSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Kind.choices)
    goals = CoachingGoalSerializer(many=True)
    preferred_sectors = serializers.ListField(
        child=serializers.ChoiceField(choices=Sector.choices), required=False, default=list
    )
    preferred_format = serializers.ChoiceField(choices=Format.choices, required=False, default=Format.EITHER)
    preferred_region = IdRelatedField(queryset=Region.objects.all(), required=False, allow_null=True)
    minimum_experience_years = serializers.IntegerField(min_value=0, max_value=60, required=False, default=0)
    allows_own_organisation = serializers.BooleanField(required=False, default=False)
    line_manager_agreed = serializers.BooleanField(required=False, default=False)
    lived_experience_wish = serializers.CharField(
        max_length=500, required=False, allow_blank=True, default=""
    )
    lived_experience_themes = serializers.ListField(
        child=serializers.ChoiceField(choices=LivedExperience.choices), required=False, default=list
    )


class ShortlistEntrySerializer(serializers.ModelSerializer):
    practitioner = ProfileSerializer(read_only=True)

    class Meta:
        model = ShortlistEntry
        fields = ["id", "rank", "score", "factors", "practitioner"]


class ChooseSerializer(serializers.Serializer):
    entry = IdField()


class AskSerializer(serializers.Serializer):
    practitioner = IdField()


class RelationshipSerializer(serializers.ModelSerializer):
    practitioner_name = serializers.CharField(source="practitioner.person.full_name", read_only=True)
    requester_name = serializers.CharField(source="requester.full_name", read_only=True)
    sessions_logged = serializers.IntegerField(read_only=True)

    class Meta:
        model = Relationship
        fields = [
            "id",
            "kind",
            "status",
            "practitioner",
            "practitioner_name",
            "requester_name",
            "introduced_at",
            "responded_at",
            "sessions_agreed",
            "session_minutes",
            "contracted_at",
            "sessions_logged",
            "closed_at",
            "close_reason",
        ]
        read_only_fields = fields


class DeclineSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class ContractSerializer(serializers.Serializer):
    sessions_agreed = serializers.IntegerField(min_value=1, max_value=52)
    session_minutes = serializers.IntegerField(min_value=15, max_value=600)


class CoachingSessionSerializer(serializers.ModelSerializer):
    class Meta:
        model = CoachingSession
        fields = ["id", "number", "held_on", "minutes"]
        read_only_fields = fields


class CoachingSessionWriteSerializer(serializers.Serializer):
    held_on = BoundedDateField()
    minutes = serializers.IntegerField(min_value=1, max_value=600)
    note = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


class NoteSerializer(serializers.ModelSerializer):
    session = serializers.IntegerField(source="session.number", read_only=True)
    author = serializers.CharField(source="author.full_name", read_only=True)

    class Meta:
        model = SessionNote
        fields = ["id", "session", "author", "text", "created_at"]
        read_only_fields = fields


class CloseSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=Relationship.CloseReason.choices)


class ResultSerializer(serializers.ModelSerializer):
    class Meta:
        model = MatchResult
        fields = ["request", "practitioner", "score", "factors", "shortlist", "unmatched_reason"]
        read_only_fields = fields


class RunSerializer(serializers.ModelSerializer):
    class Meta:
        model = MatchingRun
        fields = [
            "id",
            "academy",
            "kind",
            "status",
            "weights",
            "progress",
            "figures",
            "error",
            "published_at",
        ]
        read_only_fields = fields


class RunDetailSerializer(RunSerializer):
    results = ResultSerializer(many=True, read_only=True)

    class Meta(RunSerializer.Meta):
        fields = [*RunSerializer.Meta.fields, "results"]
        read_only_fields = fields


class MatchingRunPublishSerializer(serializers.Serializer):
    unmatched_acknowledged = serializers.BooleanField(
        required=False,
        default=False,
        help_text="required when the run leaves anyone unmatched: you have read who and why",
    )


class RunCreateSerializer(serializers.Serializer):
    academy = IdRelatedField(queryset=Academy.objects.all())
    kind = serializers.ChoiceField(choices=Kind.choices)


class WeightsSerializer(serializers.Serializer):
    goals = serializers.IntegerField(min_value=0, max_value=10, required=False)
    sector = serializers.IntegerField(min_value=0, max_value=10, required=False)
    role_level = serializers.IntegerField(min_value=0, max_value=10, required=False)
    format = serializers.IntegerField(min_value=0, max_value=10, required=False)
    experience = serializers.IntegerField(min_value=0, max_value=10, required=False)
    lived_experience = serializers.IntegerField(min_value=0, max_value=10, required=False)


class GoalTrackerSerializer(serializers.Serializer):
    """One of the coachee's goals about the relationship, rated 1 to 10 before the first session and
    after the last."""

    id = serializers.IntegerField(read_only=True)
    theme = serializers.ChoiceField(choices=GOAL_THEMES)
    text = serializers.CharField(max_length=500)
    rating_before = serializers.IntegerField(min_value=1, max_value=10, required=False, allow_null=True)
    rating_after = serializers.IntegerField(read_only=True, allow_null=True)


class GoalRatingSerializer(serializers.Serializer):
    rating = serializers.IntegerField(
        min_value=1, max_value=10, help_text="before the first session, or after the last (whichever is open)"
    )


class HubFiguresSerializer(serializers.Serializer):
    as_of = serializers.DateField()
    coaches = serializers.IntegerField()
    mentors = serializers.IntegerField()
    coachees = serializers.IntegerField()
    mentees = serializers.IntegerField()
    active_relationships = serializers.IntegerField()
    days_to_match = serializers.FloatField(allow_null=True, help_text="median days from request to match")
    matched = serializers.IntegerField(help_text="requests matched: the base of days_to_match")
    days_to_first_session = serializers.FloatField(allow_null=True)
    first_sessions = serializers.IntegerField(help_text="relationships with a first session: the base")


class ExclusionSerializer(serializers.Serializer):
    practitioner = IdField(help_text="a practitioner profile you never want to be matched with")


class EligibilityRuleSerializer(serializers.ModelSerializer):
    alumni_of = IdRelatedField(queryset=Offer.objects.all(), required=False, allow_null=True)

    class Meta:
        model = EligibilityRule
        fields = [
            "id",
            "kind",
            "description",
            "minimum_role_level",
            "alumni_of",
            "needs_line_manager_agreement",
        ]
        read_only_fields = ["id"]


# --- Viewsets -------------------------------------------------------------------------------------


class ProfileViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Practitioner profiles: published ones, one's own, and all of one's hub's."""

    serializer_class = ProfileSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[PractitionerProfile]:
        return selectors.profiles_visible(self.request.user).order_by("id")

    @extend_schema(request=ProfileWriteSerializer, responses={201: ProfileSerializer})
    def create(self, request: ApiRequest) -> Response:
        data = ProfileWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        person = _person(request)
        kind = fields.pop("kind", None)
        if kind is None:
            raise serializers.ValidationError({"kind": ["Choose coach, mentor or both."]})
        profile = services.profile_create(
            person=person, academy=_home_academy(person), by=request.user, kind=kind, **fields
        )
        return Response(ProfileSerializer(profile).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ProfileWriteSerializer, responses={200: ProfileSerializer})
    def partial_update(self, request: ApiRequest, pk: str | None = None) -> Response:
        data = ProfileWriteSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        profile = services.profile_update(profile=self.get_object(), by=request.user, **data.validated_data)
        return Response(ProfileSerializer(profile).data)

    @extend_schema(request=None, responses={200: ProfileSerializer})
    @action(detail=True, methods=["post"])
    def verify(self, request: ApiRequest, pk: str | None = None) -> Response:
        profile = services.profile_verify_accreditation(profile=self.get_object(), by=request.user)
        return Response(ProfileSerializer(profile).data)


class RequestViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """One's own requests, and the requests of the hubs one administers."""

    serializer_class = RequestSerializer

    def get_queryset(self) -> QuerySet[Request]:
        return selectors.requests_visible(self.request.user).order_by("id")

    def _own(self) -> Request:
        found = self.get_object()
        if found.person_id != getattr(getattr(self.request.user, "person", None), "pk", None):
            raise PermissionDenied("Only the requester can do this.")
        return found

    @extend_schema(request=RequestWriteSerializer, responses={201: RequestSerializer})
    def create(self, request: ApiRequest) -> Response:
        data = RequestWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        person = _person(request)
        goals = [(goal["theme"], goal["text"]) for goal in fields.pop("goals")]
        made = services.request_create(
            person=person, academy=_home_academy(person), by=request.user, goals=goals, **fields
        )
        return Response(RequestSerializer(made).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: RequestSerializer})
    @action(detail=True, methods=["post"])
    def withdraw(self, request: ApiRequest, pk: str | None = None) -> Response:
        return Response(
            RequestSerializer(services.request_withdraw(request=self._own(), by=request.user)).data
        )

    @extend_schema(responses={200: ShortlistEntrySerializer(many=True)})
    @action(detail=True, methods=["get"])
    def shortlist(self, request: ApiRequest, pk: str | None = None) -> Response:
        entries = selectors.shortlist_of(request.user, self._own())
        return Response(ShortlistEntrySerializer(entries, many=True).data)

    @extend_schema(request=ChooseSerializer, responses={201: RelationshipSerializer})
    @action(detail=True, methods=["post"])
    def choose(self, request: ApiRequest, pk: str | None = None) -> Response:
        own = self._own()
        data = ChooseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        entry = ShortlistEntry.objects.filter(request=own, pk=data.validated_data["entry"]).first()
        if entry is None:
            raise serializers.ValidationError({"entry": ["Choose someone from your shortlist."]})
        relationship = services.shortlist_choose(entry=entry, by=request.user)
        return Response(RelationshipSerializer(relationship).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: ProfileSerializer(many=True)})
    @action(detail=True, methods=["get"])
    def browse(self, request: ApiRequest, pk: str | None = None) -> Response:
        return Response(
            ProfileSerializer(selectors.profiles_to_browse(request.user, self._own()), many=True).data
        )

    @extend_schema(request=AskSerializer, responses={201: RelationshipSerializer})
    @action(detail=True, methods=["post"])
    def ask(self, request: ApiRequest, pk: str | None = None) -> Response:
        own = self._own()
        data = AskSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        profile = PractitionerProfile.objects.filter(pk=data.validated_data["practitioner"]).first()
        if profile is None:
            raise serializers.ValidationError({"practitioner": ["Choose someone from the list."]})
        relationship = services.browse_choose(request=own, profile=profile, by=request.user)
        return Response(RelationshipSerializer(relationship).data, status=status.HTTP_201_CREATED)


class ExclusionViewSet(viewsets.GenericViewSet):
    """Practitioners the signed-in person never wants to be matched with (a hard rule in matching)."""

    serializer_class = ExclusionSerializer

    @extend_schema(request=ExclusionSerializer, responses={201: ExclusionSerializer})
    def create(self, request: ApiRequest) -> Response:
        data = ExclusionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        profile = (
            selectors.profiles_visible(request.user).filter(pk=data.validated_data["practitioner"]).first()
        )
        if profile is None:
            raise serializers.ValidationError({"practitioner": ["There is no practitioner with this id."]})
        services.exclusion_add(person=_person(request), excluded=profile.person, by=request.user)
        return Response({"practitioner": profile.pk}, status=status.HTTP_201_CREATED)


class RelationshipViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The pair's relationships, and those of the hubs one administers (dates and counts, never notes)."""

    serializer_class = RelationshipSerializer

    def get_queryset(self) -> QuerySet[Relationship]:
        return selectors.relationships_visible(self.request.user).order_by("id")

    def _answer(self, relationship: Relationship) -> Response:
        return Response(RelationshipSerializer(self.get_queryset().get(pk=relationship.pk)).data)

    @extend_schema(request=None, responses={200: RelationshipSerializer})
    @action(detail=True, methods=["post"])
    def accept(self, request: ApiRequest, pk: str | None = None) -> Response:
        return self._answer(services.relationship_accept(relationship=self.get_object(), by=request.user))

    @extend_schema(request=DeclineSerializer, responses={200: RelationshipSerializer})
    @action(detail=True, methods=["post"])
    def decline(self, request: ApiRequest, pk: str | None = None) -> Response:
        data = DeclineSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._answer(
            services.relationship_decline(
                relationship=self.get_object(), by=request.user, **data.validated_data
            )
        )

    @extend_schema(request=ContractSerializer, responses={200: RelationshipSerializer})
    @action(detail=True, methods=["post"])
    def contract(self, request: ApiRequest, pk: str | None = None) -> Response:
        data = ContractSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._answer(
            services.relationship_contract(
                relationship=self.get_object(), by=request.user, **data.validated_data
            )
        )

    @extend_schema(methods=["GET"], responses={200: CoachingSessionSerializer(many=True)})
    @extend_schema(
        methods=["POST"], request=CoachingSessionWriteSerializer, responses={201: CoachingSessionSerializer}
    )
    @action(detail=True, methods=["get", "post"])
    def sessions(self, request: ApiRequest, pk: str | None = None) -> Response:
        relationship = self.get_object()
        if request.method == "GET":
            return Response(CoachingSessionSerializer(selectors.sessions_of(relationship), many=True).data)
        data = CoachingSessionWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        session = services.session_log(relationship=relationship, by=request.user, **data.validated_data)
        return Response(CoachingSessionSerializer(session).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: NoteSerializer(many=True)})
    @action(detail=True, methods=["get"])
    def notes(self, request: ApiRequest, pk: str | None = None) -> Response:
        notes = services.session_notes_read(relationship=self.get_object(), by=request.user)
        return Response(NoteSerializer(notes, many=True).data)

    @extend_schema(methods=["GET"], responses={200: GoalTrackerSerializer(many=True)})
    @extend_schema(methods=["POST"], request=GoalTrackerSerializer, responses={201: GoalTrackerSerializer})
    @action(detail=True, methods=["get", "post"])
    def goals(self, request: ApiRequest, pk: str | None = None) -> Response:
        """The goal tracker: read by the pair; the coachee adds goals before the first session."""
        relationship = self.get_object()
        if not is_party_to(request.user, relationship):
            raise PermissionDenied("The goal tracker is the pair's.")
        if request.method == "GET":
            return Response(GoalTrackerSerializer(services.relationship_goals(relationship), many=True).data)
        data = GoalTrackerSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        goal = services.relationship_goal_add(
            relationship=relationship, by=request.user, **data.validated_data
        )
        return Response(GoalTrackerSerializer(goal).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=GoalRatingSerializer, responses={200: GoalTrackerSerializer})
    @action(detail=True, methods=["post"], url_path=r"goals/(?P<goal_pk>[0-9]+)/rate")
    def rate_goal(self, request: ApiRequest, pk: str | None = None, goal_pk: str | None = None) -> Response:
        """The coachee rates a goal: before the first session, or after the last."""
        relationship = self.get_object()
        if not is_party_to(request.user, relationship):
            raise PermissionDenied("The goal tracker is the pair's.")
        goal = services.relationship_goals(relationship).filter(pk=int(goal_pk or 0)).first()
        if goal is None:
            raise NotFound("There is no such goal in this relationship's tracker.")
        data = GoalRatingSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        goal = services.relationship_goal_rate(
            relationship=relationship, goal=goal, by=request.user, rating=data.validated_data["rating"]
        )
        return Response(GoalTrackerSerializer(goal).data)

    @extend_schema(request=CloseSerializer, responses={200: RelationshipSerializer})
    @action(detail=True, methods=["post"])
    def close(self, request: ApiRequest, pk: str | None = None) -> Response:
        data = CloseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return self._answer(
            services.relationship_close(
                relationship=self.get_object(), by=request.user, **data.validated_data
            )
        )


class RunViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Matching runs of the hubs one administers."""

    def get_queryset(self) -> QuerySet[MatchingRun]:
        return selectors.runs_for(self.request.user).order_by("id")

    def get_serializer_class(self) -> type[serializers.Serializer]:
        return RunDetailSerializer if self.action == "retrieve" else RunSerializer

    @extend_schema(request=RunCreateSerializer, responses={201: RunSerializer})
    def create(self, request: ApiRequest) -> Response:
        data = RunCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        run = services.matching_run_start(by=request.user, **data.validated_data)
        return Response(RunSerializer(run).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: RunSerializer})
    @action(detail=True, methods=["post"])
    def review(self, request: ApiRequest, pk: str | None = None) -> Response:
        return Response(
            RunSerializer(services.matching_run_review(run=self.get_object(), by=request.user)).data
        )

    @extend_schema(request=MatchingRunPublishSerializer, responses={200: RunSerializer})
    @action(detail=True, methods=["post"])
    def publish(self, request: ApiRequest, pk: str | None = None) -> Response:
        data = MatchingRunPublishSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        run = services.matching_run_publish(run=self.get_object(), by=request.user, **data.validated_data)
        return Response(RunSerializer(run).data)


class HubViewSet(viewsets.GenericViewSet):
    """A hub's matching weights, by academy id: seen and changed by its administrators."""

    serializer_class = WeightsSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Academy]:
        ids = hub_academy_ids(self.request.user)
        academies = Academy.objects.order_by("id")
        return academies if ids is None else academies.filter(pk__in=ids)

    @extend_schema(responses={200: WeightsSerializer})
    def retrieve(self, request: ApiRequest, pk: str | None = None) -> Response:
        academy = self.get_object()
        settings = HubSettings.objects.filter(academy=academy).first() or HubSettings(academy=academy)
        return Response(settings.weights())

    @extend_schema(
        parameters=[
            OpenApiParameter("as_of", OpenApiTypes.DATE, description="the day counted to (default today)")
        ],
        responses={200: HubFiguresSerializer},
    )
    @action(detail=True, methods=["get"])
    def figures(self, request: ApiRequest, pk: str | None = None) -> Response:
        academy = self.get_object()
        raw = request.query_params.get("as_of")
        as_of = parse_date(raw) if raw else timezone.localdate()
        if as_of is None:
            raise serializers.ValidationError({"as_of": ["Enter a date as YYYY-MM-DD, from 1900 to 2100."]})
        figures = selectors.hub_figures(academy_id=academy.pk, as_of=as_of)
        return Response(HubFiguresSerializer(asdict(figures)).data)

    @extend_schema(methods=["GET"], responses={200: EligibilityRuleSerializer(many=True)})
    @extend_schema(
        methods=["POST"], request=EligibilityRuleSerializer, responses={201: EligibilityRuleSerializer}
    )
    @action(detail=True, methods=["get", "post"], url_path="eligibility-rules")
    def eligibility_rules(self, request: ApiRequest, pk: str | None = None) -> Response:
        academy = self.get_object()
        if request.method == "GET":
            rules = EligibilityRule.objects.filter(academy=academy).order_by("id")
            return Response(EligibilityRuleSerializer(rules, many=True).data)
        data = EligibilityRuleSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        rule = services.eligibility_rule_create(academy=academy, by=request.user, **data.validated_data)
        return Response(EligibilityRuleSerializer(rule).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=WeightsSerializer, responses={200: WeightsSerializer})
    def partial_update(self, request: ApiRequest, pk: str | None = None) -> Response:
        academy = self.get_object()
        if not can_administer_hub(request.user, academy.pk):
            raise PermissionDenied()
        data = WeightsSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(
            services.hub_weights_update(academy=academy, by=request.user, **data.validated_data).weights()
        )


def register(router: BaseRouter) -> None:
    router.register("coaching/profiles", ProfileViewSet, basename="coaching-profile")
    router.register("coaching/requests", RequestViewSet, basename="coaching-request")
    router.register("coaching/exclusions", ExclusionViewSet, basename="coaching-exclusion")
    router.register("coaching/relationships", RelationshipViewSet, basename="coaching-relationship")
    router.register("coaching/runs", RunViewSet, basename="coaching-run")
    router.register("coaching/hubs", HubViewSet, basename="coaching-hub")
    from .programmes_api import CoachingProgrammeViewSet, CoachingTeamJourneyViewSet

    router.register("coaching/programmes", CoachingProgrammeViewSet, basename="coaching-programme")
    router.register("coaching/team-journeys", CoachingTeamJourneyViewSet, basename="coaching-team-journey")
