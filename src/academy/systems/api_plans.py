"""Plans, their versions (with pillars, workstreams and timeline activities), charters and signatures: the
same services and permission questions as the pages, under /api/v1/systems/. Every edit of a draft sends
the `revision` it read; a stale one is refused (400, field `revision`)."""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from academy.api.fields import BoundedDateField, IdField, IdRelatedField
from academy.offers.models import Offer
from academy.people.models import ICS, Organisation

from . import selectors, services
from .models import Activity, Charter, Pillar, Plan, PlanVersion, Signature, Workstream
from .permissions import can_edit_system_record, led_ics_ids

PREFIX = "systems"


def _lines() -> serializers.ListField:
    """A list of short texts, one item each (priorities, commitments, values)."""
    return serializers.ListField(child=serializers.CharField(max_length=500), max_length=100, required=False)


# --- Serializers -----------------------------------------------------------------------------------


class PlanSerializer(serializers.ModelSerializer):
    versions = serializers.SerializerMethodField()

    class Meta:
        model = Plan
        fields = ["id", "ics", "title", "versions"]
        read_only_fields = fields

    def get_versions(self, obj: Plan) -> list[dict[str, Any]]:
        """Newest first (prefetched by the viewset); drafts only for those who may edit the plan."""
        editor = can_edit_system_record(self.context["request"].user, obj.ics_id)
        return [
            {"id": v.pk, "number": v.number, "status": v.status, "published_at": v.published_at}
            for v in sorted(obj.versions.all(), key=lambda v: -v.number)
            if editor or v.status == PlanVersion.Status.PUBLISHED
        ]


class PlanCreateSerializer(serializers.Serializer):
    ics = IdRelatedField(queryset=ICS.objects.all())
    title = serializers.CharField(max_length=200)
    start_year = serializers.IntegerField(min_value=2000, max_value=2100)
    end_year = serializers.IntegerField(min_value=2000, max_value=2100)
    introduction = serializers.CharField(required=False, allow_blank=True, default="", max_length=20000)
    priorities = _lines()
    aims = _lines()
    governance_group = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    partners = serializers.ListField(
        child=IdRelatedField(queryset=Organisation.objects.all()), required=False, max_length=200
    )


class ActivitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Activity
        fields = [
            "id",
            "workstream",
            "title",
            "description",
            "owner",
            "status",
            "timeline",
            "offers",
            "coaching_hub",
        ]
        read_only_fields = fields


class WorkstreamSerializer(serializers.ModelSerializer):
    activities = ActivitySerializer(many=True, read_only=True)

    class Meta:
        model = Workstream
        fields = ["id", "title", "description", "activities"]
        read_only_fields = fields


class PillarSerializer(serializers.ModelSerializer):
    class Meta:
        model = Pillar
        fields = ["id", "title", "commitments"]
        read_only_fields = fields


class VersionSerializer(serializers.ModelSerializer):
    pillars = PillarSerializer(many=True, read_only=True)
    workstreams = WorkstreamSerializer(many=True, read_only=True)

    class Meta:
        model = PlanVersion
        fields = [
            "id",
            "plan",
            "number",
            "status",
            "revision",
            "start_year",
            "end_year",
            "introduction",
            "priorities",
            "aims",
            "governance_group",
            "governance",
            "conclusion",
            "review_note",
            "partners",
            "published_at",
            "pillars",
            "workstreams",
        ]
        read_only_fields = fields


class VersionUpdateSerializer(serializers.Serializer):
    revision = serializers.IntegerField(min_value=0)
    start_year = serializers.IntegerField(min_value=2000, max_value=2100, required=False)
    end_year = serializers.IntegerField(min_value=2000, max_value=2100, required=False)
    introduction = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    priorities = _lines()
    aims = _lines()
    governance_group = serializers.CharField(required=False, allow_blank=True, max_length=200)
    governance = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    conclusion = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    review_note = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    partners = serializers.ListField(
        child=IdRelatedField(queryset=Organisation.objects.all()), required=False, max_length=200
    )


class RevisionSerializer(serializers.Serializer):
    revision = serializers.IntegerField(min_value=0)


class PillarAddSerializer(RevisionSerializer):
    title = serializers.CharField(max_length=200)
    commitments = _lines()


class WorkstreamAddSerializer(RevisionSerializer):
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, default="", max_length=20000)


class ActivityFieldsSerializer(RevisionSerializer):
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, max_length=20000)
    owner = serializers.CharField(required=False, allow_blank=True, max_length=200)
    status = serializers.ChoiceField(choices=Activity.Status.choices, required=False)
    timeline = serializers.DictField(
        child=serializers.ChoiceField(choices=Activity.Mark.choices),
        help_text='Financial years by their start, each "milestone" (★) or "continuing" (→): {"2017": "milestone"}',
    )
    offers = serializers.ListField(
        child=IdRelatedField(queryset=Offer.objects.filter(status=Offer.Status.PUBLISHED)),
        required=False,
        max_length=50,
    )
    coaching_hub = serializers.BooleanField(required=False)


class ActivityAddSerializer(ActivityFieldsSerializer):
    workstream = IdField()


class ActivityUpdateSerializer(ActivityFieldsSerializer):
    title = serializers.CharField(max_length=200, required=False)
    timeline = serializers.DictField(
        child=serializers.ChoiceField(choices=Activity.Mark.choices), required=False
    )


class ReviewSerializer(serializers.Serializer):
    review_note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


ChangeSerializer = inline_serializer(
    "PlanChange",
    {
        "kind": serializers.CharField(),
        "item": serializers.CharField(),
        "change": serializers.CharField(),
        "details": serializers.ListField(child=serializers.CharField()),
    },
    many=True,
)


class CharterSerializer(serializers.ModelSerializer):
    signed = serializers.IntegerField(read_only=True)

    class Meta:
        model = Charter
        fields = [
            "id",
            "ics",
            "title",
            "status",
            "revision",
            "principles",
            "leader_commitments",
            "collective_commitments",
            "values",
            "review_on",
            "published_at",
            "signed",
        ]
        read_only_fields = fields


class CharterCreateSerializer(serializers.Serializer):
    ics = IdRelatedField(queryset=ICS.objects.all())
    title = serializers.CharField(max_length=200)
    principles = _lines()
    leader_commitments = _lines()
    collective_commitments = _lines()
    values = _lines()
    review_on = BoundedDateField(required=False, allow_null=True)


class CharterReviewSerializer(serializers.Serializer):
    next_review_on = BoundedDateField(required=False, allow_null=True)


class SignatureSerializer(serializers.ModelSerializer):
    charter_title = serializers.CharField(source="charter.title", read_only=True)
    organisation_name = serializers.CharField(source="organisation.name", read_only=True, default="")

    class Meta:
        model = Signature
        fields = [
            "id",
            "charter",
            "charter_title",
            "organisation",
            "organisation_name",
            "created_at",
            "signed_text",
        ]
        read_only_fields = fields


# --- Viewsets ----------------------------------------------------------------------------------------


def _ics_choices(serializer: serializers.Serializer, user: Any) -> None:
    """Only the systems the caller leads may be chosen: any other is "not one you may choose"."""
    ids = led_ics_ids(user)
    if ids is not None:
        serializer.fields["ics"].queryset = ICS.objects.filter(pk__in=ids)  # type: ignore[attr-defined]


class PlanViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Plans of the systems the caller leads, and every other system's plan that has a published version."""

    serializer_class = PlanSerializer

    def get_queryset(self) -> QuerySet[Plan]:
        return selectors.plans_for(self.request.user).prefetch_related("versions")

    @extend_schema(request=PlanCreateSerializer, responses={201: PlanSerializer})
    def create(self, request: Request) -> Response:
        data = PlanCreateSerializer(data=request.data)
        _ics_choices(data, request.user)
        data.is_valid(raise_exception=True)
        plan = services.plan_create(by=request.user, **data.validated_data)
        return Response(
            PlanSerializer(plan, context={"request": request}).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=ReviewSerializer, responses={201: VersionSerializer})
    @action(detail=True, methods=["post"])
    def review(self, request: Request, pk: str | None = None) -> Response:
        """The annual review: a new draft version copied from the newest one."""
        data = ReviewSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        draft = services.plan_review(plan=self.get_object(), by=request.user, **data.validated_data)
        return Response(
            VersionSerializer(selectors.version_content(draft)).data, status=status.HTTP_201_CREATED
        )


class PlanVersionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Versions with their content; drafts only for the system's own OD lead."""

    serializer_class = VersionSerializer

    def get_queryset(self) -> QuerySet[PlanVersion]:
        return selectors.versions_for(self.request.user).prefetch_related(
            "partners", "pillars", "workstreams__activities__offers"
        )

    @extend_schema(request=VersionUpdateSerializer, responses={200: VersionSerializer})
    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        data = VersionUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        version = services.plan_version_update(
            version=self.get_object(), by=request.user, **data.validated_data
        )
        return Response(VersionSerializer(selectors.version_content(version)).data)

    @extend_schema(request=PillarAddSerializer, responses={201: PillarSerializer})
    @action(detail=True, methods=["post"])
    def pillars(self, request: Request, pk: str | None = None) -> Response:
        data = PillarAddSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        pillar = services.pillar_add(version=self.get_object(), by=request.user, **data.validated_data)
        return Response(PillarSerializer(pillar).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=WorkstreamAddSerializer, responses={201: WorkstreamSerializer})
    @action(detail=True, methods=["post"])
    def workstreams(self, request: Request, pk: str | None = None) -> Response:
        data = WorkstreamAddSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        workstream = services.workstream_add(
            version=self.get_object(), by=request.user, **data.validated_data
        )
        return Response(WorkstreamSerializer(workstream).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ActivityAddSerializer, responses={201: ActivitySerializer})
    @action(detail=True, methods=["post"])
    def activities(self, request: Request, pk: str | None = None) -> Response:
        version = self.get_object()
        data = ActivityAddSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        workstream = version.workstreams.filter(pk=fields.pop("workstream")).first()
        if workstream is None:
            raise serializers.ValidationError({"workstream": "Choose a workstream of this version."})
        activity = services.activity_add(workstream=workstream, by=request.user, **fields)
        return Response(ActivitySerializer(activity).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=RevisionSerializer, responses={200: VersionSerializer})
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str | None = None) -> Response:
        """Freeze the draft for ever."""
        data = RevisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        version = services.plan_publish(version=self.get_object(), by=request.user, **data.validated_data)
        return Response(VersionSerializer(selectors.version_content(version)).data)

    @extend_schema(responses={200: ChangeSerializer})
    @action(detail=True, methods=["get"])
    def changes(self, request: Request, pk: str | None = None) -> Response:
        """What changed since the version before (an empty list for the first)."""
        version = self.get_object()
        previous = (
            self.get_queryset()
            .filter(plan=version.plan, number__lt=version.number)
            .order_by("-number")
            .first()
        )
        if previous is None:
            return Response([])
        return Response([vars(c) for c in selectors.plan_diff(previous, version)])


class ActivityViewSet(mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """An activity of a version the caller may read; changed only in a draft, by its system's OD lead."""

    serializer_class = ActivitySerializer

    def get_queryset(self) -> QuerySet[Activity]:
        return Activity.objects.filter(
            workstream__version__in=selectors.versions_for(self.request.user)
        ).select_related("workstream__version__plan")

    @extend_schema(request=ActivityUpdateSerializer, responses={200: ActivitySerializer})
    def partial_update(self, request: Request, pk: str | None = None) -> Response:
        data = ActivityUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        activity = services.activity_update(
            activity=self.get_object(), by=request.user, **data.validated_data
        )
        return Response(ActivitySerializer(activity).data)


class CharterViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Charters open for signing, and the drafts of the systems the caller leads."""

    serializer_class = CharterSerializer

    def get_queryset(self) -> QuerySet[Charter]:
        return selectors.charters_for(self.request.user)

    def get_object(self) -> Charter:
        charter = super().get_object()
        return selectors.charter_get(self.request.user, charter.pk)

    @extend_schema(request=CharterCreateSerializer, responses={201: CharterSerializer})
    def create(self, request: Request) -> Response:
        data = CharterCreateSerializer(data=request.data)
        _ics_choices(data, request.user)
        data.is_valid(raise_exception=True)
        charter = services.charter_create(by=request.user, **data.validated_data)
        return Response(
            CharterSerializer(self.get_queryset().get(pk=charter.pk)).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=None, responses={200: CharterSerializer})
    @action(detail=True, methods=["post"])
    def publish(self, request: Request, pk: str | None = None) -> Response:
        charter = services.charter_publish(charter=self.get_object(), by=request.user)
        return Response(CharterSerializer(self.get_queryset().get(pk=charter.pk)).data)

    @extend_schema(request=None, responses={201: SignatureSerializer})
    @action(detail=True, methods=["post"])
    def sign(self, request: Request, pk: str | None = None) -> Response:
        """Sign as oneself; a second signature is refused (400, field `charter`)."""
        signature = services.charter_sign(charter=self.get_object(), by=request.user)
        return Response(SignatureSerializer(signature).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=CharterReviewSerializer,
        responses={200: inline_serializer("CharterReviewed", {"reminded": serializers.IntegerField()})},
    )
    @action(detail=True, methods=["post"])
    def review(self, request: Request, pk: str | None = None) -> Response:
        """Start the review: every leader who signed is reminded by e-mail."""
        data = CharterReviewSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        reminded = services.charter_review(charter=self.get_object(), by=request.user, **data.validated_data)
        return Response({"reminded": reminded})

    @extend_schema(
        responses={
            200: inline_serializer(
                "CharterSignatures",
                {
                    "signed": serializers.IntegerField(),
                    "by_organisation": inline_serializer(
                        "CharterSignaturesByOrganisation",
                        {"organisation": serializers.CharField(), "leaders": serializers.IntegerField()},
                        many=True,
                    ),
                },
            )
        }
    )
    @action(detail=True, methods=["get"])
    def signatures(self, request: Request, pk: str | None = None) -> Response:
        """How many leaders from which organisations have signed."""
        rows = selectors.charter_signatures_by_organisation(self.get_object())
        return Response({"signed": sum(r["leaders"] for r in rows), "by_organisation": rows})


class SignatureViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The caller's own signatures, each with the text they signed."""

    serializer_class = SignatureSerializer

    def get_queryset(self) -> QuerySet[Signature]:
        person = getattr(self.request.user, "person", None)
        if person is None:
            return Signature.objects.none()
        return Signature.objects.filter(person=person).select_related("charter", "organisation")


def register(router: BaseRouter) -> None:
    router.register(f"{PREFIX}/plans", PlanViewSet, basename="systems-plan")
    router.register(f"{PREFIX}/plan-versions", PlanVersionViewSet, basename="systems-plan-version")
    router.register(f"{PREFIX}/plan-activities", ActivityViewSet, basename="systems-plan-activity")
    router.register(f"{PREFIX}/charters", CharterViewSet, basename="systems-charter")
    router.register(f"{PREFIX}/signatures", SignatureViewSet, basename="systems-signature")
