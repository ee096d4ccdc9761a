"""360 feedback under /api/v1/feedback360/: the same services, selectors and permission questions as the
pages. A rater's endpoints take the link's token instead of a login; the report answers only with the
frozen figures (never which rater fed which column)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from academy.api.fields import BoundedDateField, IdRelatedField
from academy.coaching.models import Relationship
from academy.core.parsing import parse_id
from academy.people.models import Academy

from . import selectors, services
from .models import RATER_GROUPS, Assessment, Dimension, Group, Invitation, Share, Statement

PREFIX = "feedback360"


# --- Serializers -----------------------------------------------------------------------------------


class AssessmentSerializer(serializers.ModelSerializer):
    invited = serializers.IntegerField(read_only=True)
    answered = serializers.IntegerField(read_only=True)

    class Meta:
        model = Assessment
        fields = [
            "id",
            "academy",
            "title",
            "status",
            "closes_on",
            "closed_at",
            "statements",
            "invited",
            "answered",
        ]
        read_only_fields = fields


class AssessmentCreateSerializer(serializers.Serializer):
    academy = IdRelatedField(queryset=Academy.objects.all())
    title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    closes_on = BoundedDateField(required=False, allow_null=True, default=None)


class AnswersSerializer(serializers.Serializer):
    ratings = serializers.DictField(
        child=serializers.IntegerField(min_value=1, max_value=4),
        help_text="Level 1 (essential) to 4 (exemplary) for every statement id of the 360",
    )
    comments = serializers.DictField(
        child=serializers.CharField(max_length=2000, allow_blank=True), required=False, default=dict
    )

    def validate_comments(self, value: dict[str, str]) -> dict[str, str]:
        unknown = set(value) - set(Dimension.values)
        if unknown:
            raise serializers.ValidationError(f"Not a dimension: {', '.join(sorted(unknown))}")
        return value


class RaterAnswersSerializer(AnswersSerializer):
    consents = serializers.BooleanField(
        required=False, default=False, help_text="A line manager agrees their answers are shown as theirs"
    )


class RaterSerializer(serializers.ModelSerializer):
    """An invited rater, as the participant sees them: never whether or what they answered."""

    class Meta:
        model = Invitation
        fields = ["id", "group", "name", "email"]
        read_only_fields = fields


class InviteSerializer(serializers.Serializer):
    group = serializers.ChoiceField(choices=[(g.value, g.label) for g in RATER_GROUPS])
    email = serializers.EmailField(max_length=254)
    name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class ColumnSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    raters = serializers.IntegerField()
    includes = serializers.ListField(child=serializers.CharField())


class DimensionRowSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    self = serializers.FloatField(allow_null=True)
    values = serializers.DictField(child=serializers.FloatField(allow_null=True))
    gap = serializers.FloatField(allow_null=True)


class GapSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    self = serializers.FloatField()
    others = serializers.FloatField()
    gap = serializers.FloatField()


class CommentBlockSerializer(serializers.Serializer):
    column = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    dimension = serializers.CharField()
    dimension_name = serializers.CharField()
    texts = serializers.ListField(child=serializers.CharField())


class SelfCommentSerializer(serializers.Serializer):
    dimension = serializers.CharField()
    dimension_name = serializers.CharField()
    text = serializers.CharField()


class ReportSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    closed_at = serializers.DateTimeField()
    min_raters = serializers.IntegerField()
    columns = ColumnSerializer(many=True)
    hidden = serializers.ListField(child=serializers.CharField())
    removed = serializers.ListField(child=serializers.CharField())
    dimensions = DimensionRowSerializer(many=True)
    gaps = GapSerializer(many=True)
    comments = CommentBlockSerializer(many=True)
    self_comments = SelfCommentSerializer(many=True)


def report_data(assessment: Assessment) -> dict[str, Any]:
    report = assessment.report or {}
    return {
        "id": assessment.pk,
        "title": assessment.title,
        "closed_at": assessment.closed_at,
        "min_raters": report.get("min_raters", assessment.min_raters),
        **{
            key: report.get(key, [])
            for key in ("columns", "hidden", "removed", "dimensions", "gaps", "comments", "self_comments")
        },
    }


class ShareSerializer(serializers.ModelSerializer):
    coach = serializers.CharField(source="relationship.practitioner.person.full_name", read_only=True)

    class Meta:
        model = Share
        fields = ["id", "assessment", "relationship", "coach", "created_at", "revoked_at"]
        read_only_fields = fields


class ShareCreateSerializer(serializers.Serializer):
    relationship = IdRelatedField(queryset=Relationship.objects.all())


class StatementSerializer(serializers.ModelSerializer):
    class Meta:
        model = Statement
        fields = ["id", "academy", "dimension", "text", "position", "active"]
        read_only_fields = fields


class StatementCreateSerializer(serializers.Serializer):
    academy = IdRelatedField(queryset=Academy.objects.all())
    dimension = serializers.ChoiceField(choices=Dimension.choices)
    text = serializers.CharField(max_length=300)


class RaterFormSerializer(serializers.Serializer):
    participant = serializers.CharField()
    group = serializers.ChoiceField(choices=Group.choices)
    status = serializers.ChoiceField(choices=["open", "answered", "withdrawn", "closed"])
    statements = StatementSerializer(many=True)


# --- Viewsets ----------------------------------------------------------------------------------------


class AssessmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The caller's own 360s."""

    serializer_class = AssessmentSerializer

    def get_queryset(self) -> QuerySet[Assessment]:
        return selectors.my_assessments(self.request.user)

    @extend_schema(request=AssessmentCreateSerializer, responses={201: AssessmentSerializer})
    def create(self, request: Request) -> Response:
        data = AssessmentCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        assessment = services.assessment_start(by=request.user, **data.validated_data)
        return Response(AssessmentSerializer(self.get_queryset().get(pk=assessment.pk)).data, status=201)

    @extend_schema(request=AnswersSerializer, responses={200: AssessmentSerializer})
    @action(detail=True, methods=["post"], url_path="self-rating")
    def self_rating(self, request: Request, pk: str | None = None) -> Response:
        assessment = self.get_object()
        data = AnswersSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.self_rate(assessment=assessment, by=request.user, **data.validated_data)
        return Response(AssessmentSerializer(self.get_queryset().get(pk=assessment.pk)).data)

    @extend_schema(methods=["get"], responses={200: RaterSerializer(many=True)})
    @extend_schema(methods=["post"], request=InviteSerializer, responses={201: RaterSerializer})
    @action(detail=True, methods=["get", "post"])
    def raters(self, request: Request, pk: str | None = None) -> Response:
        assessment = self.get_object()
        if request.method == "POST":
            data = InviteSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            invitation = services.rater_invite(assessment=assessment, by=request.user, **data.validated_data)
            return Response(RaterSerializer(invitation).data, status=status.HTTP_201_CREATED)
        return Response(RaterSerializer(selectors.raters(assessment), many=True).data)

    @extend_schema(request=None, responses={200: AssessmentSerializer})
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: str | None = None) -> Response:
        assessment = services.assessment_close(assessment=self.get_object(), by=request.user)
        return Response(AssessmentSerializer(self.get_queryset().get(pk=assessment.pk)).data)

    @extend_schema(methods=["get"], responses={200: ShareSerializer(many=True)})
    @extend_schema(methods=["post"], request=ShareCreateSerializer, responses={201: ShareSerializer})
    @action(detail=True, methods=["get", "post"])
    def shares(self, request: Request, pk: str | None = None) -> Response:
        assessment = self.get_object()
        if request.method == "POST":
            data = ShareCreateSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            made = services.share_create(assessment=assessment, by=request.user, **data.validated_data)
            return Response(ShareSerializer(made).data, status=status.HTTP_201_CREATED)
        return Response(ShareSerializer(selectors.shares_of(request.user, assessment), many=True).data)


class ReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Closed 360s' reports: one's own, and those shared with one as a coach now (each read audited)."""

    serializer_class = ReportSerializer

    def get_queryset(self) -> QuerySet[Assessment]:
        own = selectors.my_assessments(self.request.user).filter(status=Assessment.Status.CLOSED)
        shared = selectors.shared_with_me(self.request.user)
        return Assessment.objects.filter(
            Q(pk__in=own.order_by().values("pk")) | Q(pk__in=shared.order_by().values("pk"))
        ).order_by("-closed_at", "-id")

    def list(self, request: Request) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response([{**report_data(a)} for a in page or []])

    def retrieve(self, request: Request, pk: str | None = None) -> Response:
        assessment = selectors.report_get(request.user, parse_id(pk) or 0)
        if assessment.status != Assessment.Status.CLOSED:
            raise NotFound()
        return Response(ReportSerializer(report_data(assessment)).data)


class ShareViewSet(viewsets.GenericViewSet):
    serializer_class = ShareSerializer
    queryset = Share.objects.none()

    @extend_schema(request=None, responses={200: ShareSerializer})
    @action(detail=True, methods=["post"])
    def revoke(self, request: Request, pk: str | None = None) -> Response:
        share = services.share_revoke(
            share=selectors.share_get(request.user, parse_id(pk) or 0), by=request.user
        )
        return Response(ShareSerializer(share).data)


def _rater_status(invitation: Invitation) -> str:
    if invitation.withdrawn_at is not None:
        return "withdrawn"
    if invitation.submitted_at is not None:
        return "answered"
    return "open" if invitation.assessment.status == Assessment.Status.OPEN else "closed"


def _conflict(error: ValidationError) -> Response:
    return Response(error.message_dict, status=status.HTTP_409_CONFLICT)


class RaterViewSet(viewsets.GenericViewSet):
    """A rater's link: no login, the token is the credential; a wrong token is a 404."""

    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []
    serializer_class = RaterFormSerializer
    lookup_field = "token"
    lookup_value_regex = "[A-Za-z0-9_-]{1,100}"
    queryset = Invitation.objects.none()

    @extend_schema(responses={200: RaterFormSerializer})
    def retrieve(self, request: Request, token: str | None = None) -> Response:
        invitation = selectors.invitation_by_token(token or "")
        return Response(
            {
                "participant": invitation.assessment.participant.full_name,
                "group": invitation.group,
                "status": _rater_status(invitation),
                "statements": StatementSerializer(
                    selectors.statements_of(invitation.assessment), many=True
                ).data,
            }
        )

    @extend_schema(
        request=RaterAnswersSerializer,
        responses={201: inline_serializer("Feedback360Received", {"received": serializers.BooleanField()})},
    )
    @action(detail=True, methods=["post"])
    def answers(self, request: Request, token: str | None = None) -> Response:
        selectors.invitation_by_token(token or "")
        data = RaterAnswersSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            services.rater_submit(token=token or "", **data.validated_data)
        except ValidationError as error:
            if "token" in getattr(error, "message_dict", {}) or "assessment" in getattr(
                error, "message_dict", {}
            ):
                return _conflict(error)
            raise
        return Response({"received": True}, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=None,
        responses={200: inline_serializer("Feedback360Withdrawn", {"withdrawn": serializers.BooleanField()})},
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, token: str | None = None) -> Response:
        selectors.invitation_by_token(token or "")
        try:
            services.rater_withdraw(token=token or "")
        except ValidationError as error:
            return _conflict(error)
        return Response({"withdrawn": True})


class StatementViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The behaviour statements of the academies the caller manages."""

    serializer_class = StatementSerializer

    def get_queryset(self) -> QuerySet[Statement]:
        ids = [a.pk for a in selectors.academies_managed(self.request.user)]
        return Statement.objects.filter(academy_id__in=ids).order_by("academy", "position", "id")

    @extend_schema(request=StatementCreateSerializer, responses={201: StatementSerializer})
    def create(self, request: Request) -> Response:
        data = StatementCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        statement = services.statement_add(by=request.user, **data.validated_data)
        return Response(StatementSerializer(statement).data, status=status.HTTP_201_CREATED)


class QuarterDimensionSerializer(serializers.Serializer):
    key = serializers.CharField()
    name = serializers.CharField()
    self = serializers.FloatField(allow_null=True)
    self_base = serializers.IntegerField(allow_null=True)
    others = serializers.FloatField(allow_null=True)
    others_base = serializers.IntegerField(allow_null=True)


class QuarterSerializer(serializers.Serializer):
    quarter = serializers.CharField()
    participants = serializers.IntegerField(allow_null=True, help_text="None: fewer than the minimum")
    dimensions = QuarterDimensionSerializer(many=True)


class SettingsSerializer(serializers.Serializer):
    min_raters = serializers.IntegerField(min_value=2, max_value=20)


class AcademyFiguresViewSet(viewsets.GenericViewSet):
    """An academy's figures across participants: no one's scores, suppressed below the minimum."""

    serializer_class = QuarterSerializer
    queryset = Academy.objects.none()

    @extend_schema(responses={200: QuarterSerializer(many=True)})
    def retrieve(self, request: Request, pk: str | None = None) -> Response:
        academy = selectors.academy_get(request.user, parse_id(pk) or 0)
        return Response(QuarterSerializer(selectors.academy_figures(request.user, academy), many=True).data)

    @extend_schema(request=SettingsSerializer, responses={200: SettingsSerializer})
    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        """The academy's minimum number of raters (used by 360s that close from now on)."""
        academy = selectors.academy_get(request.user, parse_id(pk) or 0)
        data = SettingsSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        row = services.settings_update(academy=academy, by=request.user, **data.validated_data)
        return Response(SettingsSerializer(row).data)


def register(router: BaseRouter) -> None:
    router.register(f"{PREFIX}/assessments", AssessmentViewSet, basename="feedback360-assessment")
    router.register(f"{PREFIX}/reports", ReportViewSet, basename="feedback360-report")
    router.register(f"{PREFIX}/shares", ShareViewSet, basename="feedback360-share")
    router.register(f"{PREFIX}/raters", RaterViewSet, basename="feedback360-rater")
    router.register(f"{PREFIX}/statements", StatementViewSet, basename="feedback360-statement")
    router.register(f"{PREFIX}/academies", AcademyFiguresViewSet, basename="feedback360-academy")
