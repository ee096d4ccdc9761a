"""Evaluation API: instruments, surveys, invitations, responses, answering by link or as a logged-in
invitee, goals, figures, imports and themes (impact reports and dashboards: api_reports.py). Thin over selectors (who sees what) and services (every write)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from academy.api.fields import IdField, IdRelatedField
from academy.core.dates import end_of_day, local_date, start_of_day
from academy.core.parsing import parse_id, validate_date_in_range
from academy.offers.models import Cohort, Offer, Session
from academy.people.models import Person

from . import imports, selectors
from .figures import figure_as_dict
from .models import Answer, Goal, Instrument, Invitation, Question, QuestionType, Survey, Theme, ThemeSet
from .models import Response as SurveyResponse
from .permissions import can_edit_instrument, can_manage_survey, is_programme_team
from .services import goals as goal_services
from .services import instruments as instrument_services
from .services import responses as response_services
from .services import surveys as survey_services
from .services import themes as theme_services

# ---------------------------------------------------------------- serializers


class QuestionSerializer(serializers.ModelSerializer):
    choices = serializers.ListField(child=serializers.CharField(max_length=200), required=False)

    class Meta:
        model = Question
        fields = ["id", "order", "code", "text", "hint", "type", "choices", "required", "consent_to_quote"]
        read_only_fields = ["id", "order"]


class InstrumentSerializer(serializers.ModelSerializer):
    questions = QuestionSerializer(many=True, read_only=True)

    class Meta:
        model = Instrument
        fields = [
            "id",
            "key",
            "name",
            "description",
            "version",
            "status",
            "academy",
            "published_at",
            "questions",
        ]
        read_only_fields = ["id", "key", "version", "status", "published_at", "questions"]


class LondonDayField(serializers.DateField):
    """A survey's opening or closing moment as the day it falls on in Europe/London. Written as a date,
    it means that whole day: opens at its start, closes at its end (core.dates), as on the page."""

    def __init__(self, *, moment: str, closing: bool, **kwargs: Any) -> None:
        self.moment, self.closing = moment, closing
        super().__init__(source="*", required=False, **kwargs)

    def to_representation(self, value: Any) -> Any:
        moment = getattr(value, self.moment, None)
        return None if moment is None else super().to_representation(local_date(moment))

    def to_internal_value(self, value: Any) -> dict[str, Any]:  # type: ignore[override]
        day = super().to_internal_value(value)
        return {self.moment: end_of_day(day) if self.closing else start_of_day(day)}


class SurveySerializer(serializers.ModelSerializer):
    instrument = IdRelatedField(queryset=Instrument.objects.all())
    offer = IdRelatedField(queryset=Offer.objects.all(), required=False, allow_null=True)
    cohort = IdRelatedField(queryset=Cohort.objects.all(), required=False, allow_null=True)
    session = IdRelatedField(queryset=Session.objects.all(), required=False, allow_null=True)
    reminder_days = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=90), required=False
    )
    title = serializers.CharField(max_length=200, required=False, allow_blank=True)
    opens_on = LondonDayField(
        moment="opens_at",
        closing=False,
        help_text="The first day people can answer (Europe/London); instead of opens_at.",
    )
    closes_on = LondonDayField(
        moment="closes_at",
        closing=True,
        help_text="The last day people can answer (Europe/London): open until the end of that day; "
        "instead of closes_at.",
    )

    class Meta:
        model = Survey
        fields = [
            "id",
            "title",
            "instrument",
            "offer",
            "cohort",
            "session",
            "anonymous",
            "opens_at",
            "closes_at",
            "opens_on",
            "closes_on",
            "reminder_days",
            "invite_automatically",
            "invitations_sent_at",
            "imported_invited",
        ]
        read_only_fields = ["id", "invitations_sent_at", "imported_invited"]
        extra_kwargs: dict[str, Any] = {
            "opens_at": {"required": False, "validators": [validate_date_in_range]},
            "closes_at": {"required": False, "validators": [validate_date_in_range]},
        }

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        given = set(self.initial_data) if isinstance(self.initial_data, dict) else set()
        errors = {
            day: f"Give {day} or {moment}, not both."
            for day, moment in (("opens_on", "opens_at"), ("closes_on", "closes_at"))
            if day in given and moment in given
        }
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class InvitationSerializer(serializers.ModelSerializer):
    person = serializers.SerializerMethodField()
    responded = serializers.SerializerMethodField()
    reminded_at = serializers.SerializerMethodField()
    reminders_sent = serializers.SerializerMethodField()

    class Meta:
        model = Invitation
        fields = ["id", "person", "sent_at", "reminded_at", "reminders_sent", "responded"]

    def get_person(self, obj: Invitation) -> int | None:
        return obj.person_id

    def get_reminded_at(self, obj: Invitation) -> dt.datetime | None:
        """Never for an anonymous survey (null): who was reminded, and when, would say who had not yet
        answered."""
        if obj.survey.anonymous:
            return None
        return obj.reminded_at

    def get_reminders_sent(self, obj: Invitation) -> int | None:
        """Never for an anonymous survey (null), for the same reason as reminded_at."""
        if obj.survey.anonymous:
            return None
        return obj.reminders_sent

    def get_responded(self, obj: Invitation) -> bool | None:
        """Whether this person has answered; never when. For an anonymous survey not even whether
        (null): watching one flag change as one response arrives would pair them. Reminders need no
        one to know."""
        if obj.survey.anonymous:
            return None
        return obj.responded_at is not None


class AnswerSerializer(serializers.ModelSerializer):
    question = serializers.CharField(source="question.code")
    value = serializers.SerializerMethodField(method_name="answer_value")

    class Meta:
        model = Answer
        fields = ["question", "value", "consent_to_quote"]

    def answer_value(self, obj: Answer) -> Any:
        if obj.choices:
            return obj.choices
        if obj.numeric is not None:
            return obj.numeric
        return obj.choice or obj.text


class ResponseSerializer(serializers.ModelSerializer):
    """An anonymous response carries no person and no respondent details: only its answers."""

    answers = AnswerSerializer(many=True, read_only=True)
    submitted_on = serializers.SerializerMethodField()

    class Meta:
        model = SurveyResponse
        fields = ["id", "survey", "is_anonymous", "person", "submitted_on", "source", "answers"]

    def get_submitted_on(self, obj: SurveyResponse) -> str | None:
        """The day it was answered; never for an anonymous response (null): a day with one answer would
        narrow it to whoever answered that day."""
        from django.utils import timezone

        if obj.is_anonymous:
            return None
        return timezone.localtime(obj.submitted_at).date().isoformat()


class ChoiceSerializer(serializers.Serializer):
    value = serializers.CharField(help_text="What to send as the answer (the label is accepted too).")
    label = serializers.CharField(help_text="What the pages show.")  # type: ignore[assignment]


class FormQuestionSerializer(serializers.ModelSerializer):
    """A question as someone answering it needs it: every answer it accepts, as value and label (the
    agreement scale, yes/no, would recommend, the listed choices, and each point of a numeric scale)."""

    choices = serializers.SerializerMethodField()

    class Meta:
        model = Question
        fields = ["id", "order", "code", "text", "hint", "type", "choices", "required", "consent_to_quote"]

    @extend_schema_field(ChoiceSerializer(many=True))
    def get_choices(self, obj: Question) -> list[dict[str, str]]:
        return [{"value": value, "label": label} for value, label in obj.options]


class EvaluationFormSerializer(serializers.Serializer):
    survey = serializers.IntegerField(help_text="The evaluation's id.")
    title = serializers.CharField()
    offer = serializers.CharField()
    anonymous = serializers.BooleanField()
    closes_at = serializers.DateTimeField()
    answered = serializers.BooleanField()
    questions = FormQuestionSerializer(many=True)


class AnswerInputSerializer(serializers.Serializer):
    question = serializers.CharField(max_length=60)
    value = serializers.JSONField(allow_null=True)
    consent_to_quote = serializers.BooleanField(default=False)


class SubmissionSerializer(serializers.Serializer):
    answers = AnswerInputSerializer(many=True)


class GoalSerializer(serializers.ModelSerializer):
    class Meta:
        model = Goal
        fields = ["id", "cohort", "theme", "text", "rating_before", "rating_after", "created_at"]
        read_only_fields = ["id", "created_at"]
        extra_kwargs: dict[str, Any] = {
            "rating_before": {"validators": []},
            "rating_after": {"validators": []},
        }


class ProportionSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    base = serializers.IntegerField()
    percent = serializers.IntegerField(allow_null=True)
    ci_low = serializers.FloatField(allow_null=True)
    ci_high = serializers.FloatField(allow_null=True)


class OptionFigureSerializer(ProportionSerializer):
    code = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    base = None  # type: ignore[assignment]


class WordCountSerializer(serializers.Serializer):
    word = serializers.CharField()
    count = serializers.IntegerField()


class QuestionFigureSerializer(serializers.Serializer):
    code = serializers.CharField()
    text = serializers.CharField()
    type = serializers.ChoiceField(choices=QuestionType.choices)
    base = serializers.IntegerField()
    options = OptionFigureSerializer(many=True)
    agree = ProportionSerializer(allow_null=True)
    recommend = ProportionSerializer(allow_null=True)
    median = serializers.CharField(allow_null=True)
    words = WordCountSerializer(many=True)
    summary = serializers.CharField()


class FunnelStepSerializer(serializers.Serializer):
    label = serializers.CharField()  # type: ignore[assignment]
    count = serializers.IntegerField()
    percent_of_first = serializers.IntegerField(allow_null=True)


class ScopeFiguresSerializer(serializers.Serializer):
    scope = serializers.CharField()
    scope_id = serializers.IntegerField()
    title = serializers.CharField()
    responses = serializers.IntegerField()
    invited = serializers.IntegerField()
    response_rate = ProportionSerializer()
    funnel = FunnelStepSerializer(many=True)
    questions = QuestionFigureSerializer(many=True)


class GoalThemeFigureSerializer(serializers.Serializer):
    theme = serializers.CharField()
    base = serializers.IntegerField()
    improved = serializers.IntegerField()
    improved_percent = serializers.IntegerField(allow_null=True)
    unchanged = serializers.IntegerField()
    worse = serializers.IntegerField()
    median_before = serializers.CharField(allow_null=True)
    median_after = serializers.CharField(allow_null=True)
    median_change = serializers.CharField(allow_null=True)
    test = serializers.CharField()
    nonzero_differences = serializers.IntegerField()
    statistic = serializers.FloatField(allow_null=True)
    p_value = serializers.FloatField(allow_null=True)


class ImportRequestSerializer(serializers.Serializer):
    file = serializers.FileField()
    mapping = serializers.CharField(
        help_text='JSON object: {"column heading": "question code" or "consent:<code>"}'
    )
    invited = serializers.IntegerField(
        required=False,
        min_value=0,
        max_value=10_000_000,
        help_text="How many people the other survey tool invited to this evaluation (counting earlier "
        "imports): the base of the imported responses' response rate. Not fewer than the imported responses.",
    )


class RowErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField()
    column = serializers.CharField()
    message = serializers.CharField()


class ImportResultSerializer(serializers.Serializer):
    rows = serializers.IntegerField()
    created = serializers.IntegerField()
    errors_total = serializers.IntegerField()
    errors = RowErrorSerializer(many=True)  # type: ignore[assignment]


class ThemeEditSerializer(serializers.Serializer):
    operation = serializers.ChoiceField(choices=["rename", "merge", "split", "move"])
    theme = IdField(required=False)
    themes = serializers.ListField(child=IdField(), required=False, max_length=50)
    answers = serializers.ListField(child=IdField(), required=False, max_length=10000)
    label = serializers.CharField(required=False, allow_blank=True, max_length=200)  # type: ignore[assignment]


class ThemeSerializer(serializers.ModelSerializer):
    answers = serializers.SerializerMethodField()

    class Meta:
        model = Theme
        fields = [
            "id",
            "label",
            "found_label",
            "keywords",
            "order",
            "is_non_answer",
            "is_unassigned",
            "answers",
        ]

    def get_answers(self, obj: Theme) -> list[int]:
        return [m.answer_id for m in obj.memberships.all()]


class ThemeSetSerializer(serializers.ModelSerializer):
    themes = ThemeSerializer(many=True, read_only=True)

    class Meta:
        model = ThemeSet
        fields = [
            "id",
            "title",
            "offer",
            "survey",
            "question_code",
            "status",
            "progress",
            "method",
            "error",
            "themes",
        ]
        read_only_fields = ["id", "status", "progress", "method", "error", "themes"]


# ---------------------------------------------------------------- helpers


def _person(request: Request) -> Person:
    person = getattr(request.user, "person", None)
    if person is None:
        raise NotFound("Your account has no staff record.")
    return person


def _answers_from(data: Any) -> tuple[dict[str, Any], set[str]]:
    serializer = SubmissionSerializer(data=data)
    serializer.is_valid(raise_exception=True)
    answers: dict[str, Any] = {}
    consents: set[str] = set()
    for item in serializer.validated_data["answers"]:
        if item["question"] in answers:
            raise ValidationError({item["question"]: "This question is answered twice."})
        answers[item["question"]] = item["value"]
        if item["consent_to_quote"]:
            consents.add(item["question"])
    return answers, consents


def _evaluation_form(invitation: Invitation) -> Any:
    survey = invitation.survey
    body = {
        "survey": survey.pk,
        "title": survey.title,
        "offer": survey.about,
        "anonymous": survey.anonymous,
        "closes_at": survey.closes_at,
        "answered": invitation.responded_at is not None,
        "questions": survey.instrument.questions.order_by("order"),
    }
    return EvaluationFormSerializer(body).data


def _require_manager(user: Any) -> None:
    if not is_programme_team(user):
        raise PermissionDenied("Only the programme team can do this.")


# ---------------------------------------------------------------- viewsets


class InstrumentViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Question sets. Standard ones are shared; academies add their own. Published versions never change."""

    serializer_class = InstrumentSerializer

    def get_queryset(self) -> QuerySet[Instrument]:
        if getattr(self, "swagger_fake_view", False):
            return Instrument.objects.none()
        _require_manager(self.request.user)
        return selectors.instruments_visible(user=self.request.user).order_by("name", "-version")

    def perform_create(self, serializer: serializers.BaseSerializer) -> None:
        serializer.instance = instrument_services.instrument_create(
            name=serializer.validated_data["name"],
            description=serializer.validated_data.get("description", ""),
            academy=serializer.validated_data.get("academy"),
            by=self.request.user,
        )

    def _editable(self, pk: Any) -> Instrument:
        instrument = self.get_object()
        if not can_edit_instrument(self.request.user, instrument):
            raise PermissionDenied(
                "Only the question set's academy (administrators for standard sets) can change it."
            )
        return instrument

    @extend_schema(request=QuestionSerializer, responses={201: QuestionSerializer})
    @action(detail=True, methods=["post"])
    def questions(self, request: Request, pk: Any = None) -> Response:
        instrument = self._editable(pk)
        serializer = QuestionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        question = instrument_services.question_add(
            instrument=instrument, by=request.user, **serializer.validated_data
        )
        return Response(QuestionSerializer(question).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=InstrumentSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: Any = None) -> Response:
        instrument = instrument_services.instrument_publish(instrument=self._editable(pk), by=request.user)
        return Response(InstrumentSerializer(instrument).data)

    @extend_schema(request=None, responses={201: InstrumentSerializer})
    @action(detail=True, methods=["post"], url_path="new-version")
    def new_version(self, request: Request, pk: Any = None) -> Response:
        draft = instrument_services.instrument_new_version(instrument=self._editable(pk), by=request.user)
        return Response(InstrumentSerializer(draft).data, status=status.HTTP_201_CREATED)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("offer", OpenApiTypes.INT, description="Only evaluations of this offer"),
            OpenApiParameter("cohort", OpenApiTypes.INT, description="Only evaluations of this cohort"),
            OpenApiParameter("session", OpenApiTypes.INT, description="Only evaluations of this session"),
        ]
    )
)
class SurveyViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Evaluations. Programme teams manage their academy's; facilitators and ICS OD leads see figures."""

    serializer_class = SurveySerializer

    def get_queryset(self) -> QuerySet[Survey]:
        surveys = selectors.surveys_with_figures(user=self.request.user).order_by("-opens_at", "id")
        for name in ("offer", "cohort", "session"):
            value = self.request.query_params.get(name, "")
            if value:
                surveys = surveys.filter(**{f"{name}_id": parse_id(value) or 0})
        return surveys

    def _managed(self) -> Survey:
        survey = self.get_object()
        if not can_manage_survey(self.request.user, survey):
            raise NotFound()
        return survey

    def perform_create(self, serializer: serializers.BaseSerializer) -> None:
        # The service decides: another academy's offer is refused for access (403), as the page refuses it
        serializer.instance = survey_services.survey_create(by=self.request.user, **serializer.validated_data)

    @extend_schema(
        request=None, responses=inline_serializer("Invited", {"invited": serializers.IntegerField()})
    )
    @action(detail=True, methods=["post"], url_path="send-invitations")
    def send_invitations(self, request: Request, pk: Any = None) -> Response:
        invited = survey_services.survey_send_invitations(survey=self._managed(), by=request.user)
        return Response({"invited": invited})

    @extend_schema(
        request=None, responses=inline_serializer("Reminded", {"reminded": serializers.IntegerField()})
    )
    @action(detail=True, methods=["post"], url_path="send-reminders")
    def send_reminders(self, request: Request, pk: Any = None) -> Response:
        return Response(
            {"reminded": survey_services.survey_send_reminders(survey=self._managed(), by=request.user)}
        )

    @extend_schema(request=None, responses=SurveySerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: Any = None) -> Response:
        """Close the evaluation now: no more answers are accepted (as the page's "Close" button)."""
        survey = survey_services.survey_close(survey=self._managed(), by=request.user)
        return Response(SurveySerializer(survey).data)

    @extend_schema(responses=InvitationSerializer(many=True))
    @action(detail=True, methods=["get"])
    def invitations(self, request: Request, pk: Any = None) -> Response:
        survey = self._managed()
        invitations = selectors.invitations_for(user=request.user, survey=survey)
        page = self.paginate_queryset(invitations)
        return self.get_paginated_response(InvitationSerializer(page, many=True).data)

    @extend_schema(responses=ScopeFiguresSerializer)
    @action(detail=True, methods=["get"])
    def figures(self, request: Request, pk: Any = None) -> Response:
        return Response(
            figure_as_dict(selectors.figures_for_survey(user=request.user, pk=self.get_object().pk))
        )

    @extend_schema(
        request={"multipart/form-data": ImportRequestSerializer},
        responses={201: ImportResultSerializer, 400: OpenApiTypes.OBJECT},
    )
    @action(detail=True, methods=["post"], url_path="import", parser_classes=[MultiPartParser, FormParser])
    def import_responses(self, request: Request, pk: Any = None) -> Response:
        survey = self._managed()
        serializer = ImportRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            mapping = json.loads(serializer.validated_data["mapping"])
        except json.JSONDecodeError as error:
            raise ValidationError({"mapping": "Send the mapping as a JSON object."}) from error
        if not isinstance(mapping, dict) or not all(isinstance(v, str) for v in mapping.values()):
            raise ValidationError(
                {"mapping": "Send the mapping as a JSON object of column to question code."}
            )
        upload = serializer.validated_data["file"]
        result = imports.responses_import(
            survey=survey,
            filename=upload.name,
            file=upload.read(),
            mapping=mapping,
            invited=serializer.validated_data.get("invited"),
            by=request.user,
        )
        body = ImportResultSerializer(
            {
                "rows": result.rows,
                "created": result.created,
                "errors_total": result.errors_total,
                "errors": [figure_as_dict(e) for e in result.errors],
            }
        ).data
        return Response(body, status=status.HTTP_201_CREATED if result.ok else status.HTTP_400_BAD_REQUEST)


class ResponseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Responses: the programme team sees their surveys' responses; a participant sees their own named ones."""

    serializer_class = ResponseSerializer

    def get_queryset(self) -> QuerySet[SurveyResponse]:
        if is_programme_team(self.request.user):
            queryset = selectors.responses_for(user=self.request.user)
        else:
            person = getattr(self.request.user, "person", None)
            queryset = selectors.responses_own(person=person) if person else SurveyResponse.objects.none()
        survey = self.request.query_params.get("survey")
        if survey:
            queryset = queryset.filter(survey_id=parse_id(survey) or 0)
        return queryset.order_by("id")


class EvaluateViewSet(viewsets.ViewSet):
    """Answer an evaluation with the single-use token from the invitation e-mail. No login needed."""

    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []
    lookup_field = "token"
    lookup_value_regex = r"[A-Za-z0-9_\-]{20,100}"

    @extend_schema(responses=EvaluationFormSerializer)
    def retrieve(self, request: Request, token: str | None = None) -> Response:
        invitation = survey_services.invitation_by_token(token or "")
        if invitation is None:
            raise NotFound("This link is not valid.")
        return Response(_evaluation_form(invitation))

    @extend_schema(
        request=SubmissionSerializer,
        responses={201: inline_serializer("Submitted", {"received": serializers.BooleanField()})},
    )
    @action(detail=True, methods=["post"], parser_classes=[JSONParser])
    def answers(self, request: Request, token: str | None = None) -> Response:
        answers, consents = _answers_from(request.data)
        response_services.response_submit(
            invitation_token=token or "", answers=answers, consents=consents, source=SurveyResponse.Source.API
        )
        return Response({"received": True}, status=status.HTTP_201_CREATED)


class GoalViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """A participant's own goals, rated 1 to 10 before the first session and after the last."""

    serializer_class = GoalSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Goal]:
        person = getattr(self.request.user, "person", None)
        if person is None:
            return Goal.objects.none()
        return selectors.goals_own(person=person).order_by("id")

    def perform_create(self, serializer: serializers.BaseSerializer) -> None:
        data = serializer.validated_data
        person = _person(self.request)
        serializer.instance = goal_services.goal_create(
            person=person,
            theme=data.get("theme", ""),
            text=data.get("text", ""),
            cohort=data.get("cohort"),
            rating_before=data.get("rating_before"),
            by=self.request.user,
        )

    def perform_update(self, serializer: serializers.BaseSerializer) -> None:
        data = serializer.validated_data
        goal = serializer.instance
        assert isinstance(goal, Goal)
        serializer.instance = goal_services.goal_rate(
            goal=goal,
            rating_before=data.get("rating_before"),
            rating_after=data.get("rating_after"),
            by=self.request.user,
        )


ID_PARAMETER = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH)


class _FiguresViewSet(viewsets.ViewSet):
    lookup_value_regex = r"[0-9]+"

    def _figures(self, request: Request, pk: str) -> Any:
        raise NotImplementedError

    @extend_schema(responses=ScopeFiguresSerializer, parameters=[ID_PARAMETER])
    def retrieve(self, request: Request, pk: str | None = None) -> Response:
        if parse_id(pk) is None:
            raise NotFound()
        return Response(figure_as_dict(self._figures(request, pk or "")))


class OfferFiguresViewSet(_FiguresViewSet):
    """Figures for every evaluation of an offer, grouped by question."""

    def _figures(self, request: Request, pk: str) -> Any:
        return selectors.figures_for_offer(user=request.user, pk=parse_id(pk) or 0)

    @extend_schema(responses=GoalThemeFigureSerializer(many=True), parameters=[ID_PARAMETER])
    @action(detail=True, methods=["get"])
    def goals(self, request: Request, pk: str | None = None) -> Response:
        if parse_id(pk) is None:
            raise NotFound()
        return Response(
            [
                figure_as_dict(f)
                for f in selectors.goal_figures_for_offer(user=request.user, pk=parse_id(pk) or 0)
            ]
        )


class CohortFiguresViewSet(_FiguresViewSet):
    def _figures(self, request: Request, pk: str) -> Any:
        return selectors.figures_for_cohort(user=request.user, pk=parse_id(pk) or 0)

    @extend_schema(responses=GoalThemeFigureSerializer(many=True), parameters=[ID_PARAMETER])
    @action(detail=True, methods=["get"])
    def goals(self, request: Request, pk: str | None = None) -> Response:
        if parse_id(pk) is None:
            raise NotFound()
        return Response(
            [
                figure_as_dict(f)
                for f in selectors.goal_figures_for_cohort(user=request.user, pk=parse_id(pk) or 0)
            ]
        )


class SessionFiguresViewSet(_FiguresViewSet):
    def _figures(self, request: Request, pk: str) -> Any:
        return selectors.figures_for_session(user=request.user, pk=parse_id(pk) or 0)


class ThemeSetViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    """Themes found in free-text answers, and the team's edits to them (rename, merge, split, move)."""

    serializer_class = ThemeSetSerializer

    def get_queryset(self) -> QuerySet[ThemeSet]:
        return selectors.theme_sets_for(user=self.request.user).prefetch_related("themes__memberships")

    def perform_create(self, serializer: serializers.BaseSerializer) -> None:
        data = serializer.validated_data
        serializer.instance = theme_services.themeset_create(
            offer=data["offer"],
            survey=data.get("survey"),
            question_code=data["question_code"],
            title=data.get("title", ""),
            by=self.request.user,
        )

    @extend_schema(request=ThemeEditSerializer, responses=ThemeSetSerializer)
    @action(detail=True, methods=["post"])
    def edit(self, request: Request, pk: Any = None) -> Response:
        theme_set = self.get_object()
        serializer = ThemeEditSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        theme_services.themes_edit(
            theme_set=theme_set,
            operation=data["operation"],
            theme=data.get("theme"),
            themes=data.get("themes", []),
            answers=data.get("answers", []),
            label=data.get("label", ""),
            by=request.user,
        )
        return Response(ThemeSetSerializer(self.get_queryset().get(pk=theme_set.pk)).data)


class MyEvaluationSerializer(serializers.Serializer):
    survey = serializers.IntegerField(source="survey_id")
    title = serializers.CharField(source="survey.title")
    offer = serializers.CharField(source="survey.about")
    anonymous = serializers.BooleanField(source="survey.anonymous")
    closes_at = serializers.DateTimeField(source="survey.closes_at")


class MyEvaluationViewSet(viewsets.ViewSet):
    """The signed-in person's evaluations still to answer (as "my evaluations"), each answered once
    through the same service as the page. The id is the evaluation's (survey's) id."""

    lookup_value_regex = r"[0-9]+"

    @extend_schema(responses=MyEvaluationSerializer(many=True))
    def list(self, request: Request) -> Response:
        invitations = selectors.invitations_open_for(person=_person(request))
        return Response(MyEvaluationSerializer(invitations, many=True).data)

    def _invitation(self, request: Request, pk: str | None) -> Invitation:
        survey_pk = parse_id(pk)
        if survey_pk is None:
            raise NotFound("No such evaluation")
        return selectors.invitation_open_for(person=_person(request), survey_pk=survey_pk)

    @extend_schema(responses=EvaluationFormSerializer, parameters=[ID_PARAMETER])
    def retrieve(self, request: Request, pk: str | None = None) -> Response:
        return Response(_evaluation_form(self._invitation(request, pk)))

    @extend_schema(
        request=SubmissionSerializer,
        responses={201: inline_serializer("MySubmitted", {"received": serializers.BooleanField()})},
        parameters=[ID_PARAMETER],
    )
    @action(detail=True, methods=["post"], parser_classes=[JSONParser])
    def answers(self, request: Request, pk: str | None = None) -> Response:
        invitation = self._invitation(request, pk)
        answers, consents = _answers_from(request.data)
        response_services.response_submit(
            survey=invitation.survey,
            person=_person(request),
            answers=answers,
            consents=consents,
            source=SurveyResponse.Source.API,
        )
        return Response({"received": True}, status=status.HTTP_201_CREATED)


def register(router: BaseRouter) -> None:
    """Register this app's viewsets on the shared API router."""
    router.register("instruments", InstrumentViewSet, basename="instrument")
    router.register("surveys", SurveyViewSet, basename="survey")
    router.register("responses", ResponseViewSet, basename="response")
    router.register("evaluate", EvaluateViewSet, basename="evaluate")
    router.register("my-evaluations", MyEvaluationViewSet, basename="my-evaluation")
    router.register("goals", GoalViewSet, basename="goal")
    router.register("figures/offers", OfferFiguresViewSet, basename="offer-figures")
    router.register("figures/cohorts", CohortFiguresViewSet, basename="cohort-figures")
    router.register("figures/sessions", SessionFiguresViewSet, basename="session-figures")
    router.register("theme-sets", ThemeSetViewSet, basename="theme-set")
