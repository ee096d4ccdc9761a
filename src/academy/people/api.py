"""People API: reference lists, people scoped by role, the caller's own details and equality record, roles."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from academy.api.caching import CachedListMixin
from academy.api.fields import IdField, IdRelatedField
from academy.api.pagination import CountedLimitOffsetPagination
from academy.core.parsing import parse_id

from . import selectors, services
from .models import (
    ICS,
    Academy,
    DeliveryPartner,
    EqualityRecord,
    Organisation,
    OrganisationType,
    Person,
    Place,
    Region,
    Role,
    RoleAssignment,
    RoleLevel,
    Sector,
    StaffGroup,
    User,
)
from .permissions import COLLEAGUE_NOT_FOUND, is_administrator

# --- serializers ------------------------------------------------------------------------------


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["id", "code", "name"]


class ICSSerializer(serializers.ModelSerializer):
    class Meta:
        model = ICS
        fields = ["id", "code", "name", "short_name", "region"]


class PlaceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Place
        fields = ["id", "name", "ics"]


class OrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "ods_code", "name", "org_type", "sector", "ics", "place", "workforce_headcount"]


class PersonSerializer(serializers.ModelSerializer):
    organisation_name = serializers.CharField(source="organisation.name", read_only=True, allow_null=True)
    # Optional on the record, so blank is a real answer and the schema must say so.
    role_level = serializers.ChoiceField(choices=RoleLevel.choices, allow_blank=True, read_only=True)
    staff_group = serializers.ChoiceField(choices=StaffGroup.choices, allow_blank=True, read_only=True)

    class Meta:
        model = Person
        fields = [
            "id",
            "given_name",
            "family_name",
            "email",
            "job_title",
            "role_level",
            "staff_group",
            "profession",
            "organisation",
            "organisation_name",
            "line_manager",
            "anonymised_at",
        ]
        read_only_fields = fields


class PersonDetailsUpdateSerializer(serializers.Serializer):
    """The job details a person may change about themself; fields left out stay as they are."""

    job_title = serializers.CharField(max_length=200, required=False, allow_blank=True)
    role_level = serializers.ChoiceField(choices=RoleLevel.choices, required=False, allow_blank=True)
    staff_group = serializers.ChoiceField(choices=StaffGroup.choices, required=False, allow_blank=True)
    profession = serializers.CharField(max_length=120, required=False, allow_blank=True)
    organisation = IdRelatedField(queryset=Organisation.objects.all(), required=False, allow_null=True)
    line_manager = IdField(
        required=False,
        allow_null=True,
        help_text="The id of someone in your own organisation (the organisation after this change).",
    )


def _equality_field(model_field: str) -> serializers.ChoiceField:
    field: Any = EqualityRecord._meta.get_field(model_field)
    return serializers.ChoiceField(
        choices=field.choices or [],
        required=False,
        allow_blank=True,
        help_text=f"{str(field.verbose_name).capitalize()}. Empty means not answered.",
    )


class EqualityRecordSerializer(serializers.Serializer):
    """Self-declared equality monitoring answers. PUT replaces them all: a question left out is cleared."""

    ethnic_category = _equality_field("ethnic_category")
    sex = _equality_field("sex")
    gender_identity_same_as_birth = _equality_field("gender_identity_same_as_birth")
    disability = _equality_field("disability")
    sexual_orientation = _equality_field("sexual_orientation")
    religion = _equality_field("religion")
    age_band = _equality_field("age_band")


class RoleAssignmentSerializer(serializers.ModelSerializer):
    user = IdRelatedField(queryset=User.objects.all())
    role = serializers.ChoiceField(choices=Role.choices)
    academy = IdRelatedField(queryset=Academy.objects.all(), required=False, allow_null=True)
    ics = IdRelatedField(queryset=ICS.objects.all(), required=False, allow_null=True)
    delivery_partner = IdRelatedField(queryset=DeliveryPartner.objects.all(), required=False, allow_null=True)

    class Meta:
        model = RoleAssignment
        fields = ["id", "user", "role", "academy", "ics", "delivery_partner"]
        validators: list[Any] = []  # the service checks duplicates, including empty scopes


NO_STAFF_RECORD = OpenApiResponse(description="This account has no staff record.")
BAD_INPUT = OpenApiResponse(OpenApiTypes.OBJECT, description="Field errors: {field: [messages]}.")
NOT_FOUND = OpenApiResponse(description="No such record, or not one you may see.")
NOT_ADMINISTRATOR = OpenApiResponse(description="Only an academy administrator can do this.")


# --- query parameters -------------------------------------------------------------------------


class ICSFilterSerializer(serializers.Serializer):
    region = IdField(required=False)


class PlaceFilterSerializer(serializers.Serializer):
    ics = IdField(required=False)


class OrganisationFilterSerializer(serializers.Serializer):
    ics = IdField(required=False, help_text="Integrated care system id")
    type = serializers.ChoiceField(choices=OrganisationType.choices, required=False)
    sector = serializers.ChoiceField(choices=Sector.choices, required=False)
    search = serializers.CharField(
        required=False, max_length=100, help_text="Part of the name, or the whole ODS code"
    )


class PersonFilterSerializer(serializers.Serializer):
    search = serializers.CharField(required=False, max_length=100, help_text="Name or e-mail address")
    organisation = IdField(required=False)


def _params(serializer_class: type[serializers.Serializer], request: Request) -> dict[str, Any]:
    serializer = serializer_class(data=request.query_params)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


# --- permissions ------------------------------------------------------------------------------


class IsAdministrator(permissions.BasePermission):
    message = "Only an academy administrator can do this."

    def has_permission(self, request: Request, view: Any) -> bool:
        return bool(request.user and request.user.is_authenticated and is_administrator(request.user))


# --- reference lists --------------------------------------------------------------------------


@extend_schema_view(list=extend_schema(summary="NHS England regions"))
class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = RegionSerializer

    def get_queryset(self) -> QuerySet[Region]:
        return selectors.region_list()


@extend_schema_view(
    list=extend_schema(
        summary="Integrated care systems",
        parameters=[OpenApiParameter("region", OpenApiTypes.INT, description="Region id")],
    )
)
class ICSViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ICSSerializer

    def get_queryset(self) -> QuerySet[ICS]:
        if self.action != "list":
            return selectors.ics_list()
        params = _params(ICSFilterSerializer, self.request)
        return selectors.ics_list(region_id=params.get("region"))


@extend_schema_view(
    list=extend_schema(
        summary="Places within integrated care systems",
        parameters=[OpenApiParameter("ics", OpenApiTypes.INT, description="Integrated care system id")],
    )
)
class PlaceViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = PlaceSerializer

    def get_queryset(self) -> QuerySet[Place]:
        if self.action != "list":
            return selectors.place_list()
        params = _params(PlaceFilterSerializer, self.request)
        return selectors.place_list(ics_id=params.get("ics"))


@extend_schema_view(list=extend_schema(summary="Organisations", parameters=[OrganisationFilterSerializer]))
class OrganisationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = OrganisationSerializer

    def get_queryset(self) -> QuerySet[Organisation]:
        if self.action != "list":
            return selectors.organisation_list()
        params = _params(OrganisationFilterSerializer, self.request)
        return selectors.organisation_list(
            ics_id=params.get("ics"),
            org_type=params.get("type", ""),
            sector=params.get("sector", ""),
            search=params.get("search", ""),
        )


# --- people -----------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="People you may see",
        description=(
            "A participant sees only themself; a programme manager also sees people booked on their "
            "academy's offers; a facilitator people booked on their delivery partner's cohorts; an ICS OD "
            "lead people in organisations of their ICS; an administrator sees everyone."
        ),
        parameters=[PersonFilterSerializer],
    ),
    retrieve=extend_schema(
        summary="One person you may see (404 for anyone else)",
        responses={200: PersonSerializer, 404: NOT_FOUND},
    ),
)
class PersonViewSet(CachedListMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = PersonSerializer
    pagination_class = CountedLimitOffsetPagination

    def _filters(self) -> dict[str, Any]:
        params = _params(PersonFilterSerializer, self.request)
        return {"search": params.get("search", ""), "organisation_id": params.get("organisation")}

    def get_queryset(self) -> QuerySet[Person]:
        if self.action == "list":
            return selectors.person_list(user=self.request.user, **self._filters())
        return selectors.person_list(user=self.request.user)

    def list_count(self) -> int:
        return selectors.person_list_count(user=self.request.user, **self._filters())

    def get_object(self) -> Person:
        person_id = parse_id(self.kwargs["pk"])
        person = selectors.person_get(user=self.request.user, person_id=person_id) if person_id else None
        if person is None:
            raise Http404
        return person

    @extend_schema(
        summary="Everything held about a person (administrators)",
        request=None,
        responses={200: OpenApiTypes.OBJECT, 403: NOT_ADMINISTRATOR, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["get"], permission_classes=[IsAdministrator])
    def export(self, request: Request, pk: str | None = None) -> Response:
        return Response(services.person_export(person=self.get_object(), by=request.user))

    @extend_schema(
        summary="Anonymise a person, keeping the figures they are part of (administrators)",
        request=None,
        responses={200: PersonSerializer, 400: BAD_INPUT, 403: NOT_ADMINISTRATOR, 404: NOT_FOUND},
    )
    @action(detail=True, methods=["post"], permission_classes=[IsAdministrator])
    def anonymise(self, request: Request, pk: str | None = None) -> Response:
        person = services.person_anonymise(person=self.get_object(), by=request.user)
        return Response(PersonSerializer(person).data)


def _chosen_line_manager(person: Person, details: dict[str, Any]) -> Person:
    """The line manager a person names by id: their current one, or someone the rule lets them choose.
    Nobody and someone outside the rule get the same answer."""
    manager_id = details["line_manager"]
    if manager_id == person.line_manager_id:
        return person.line_manager  # type: ignore[return-value]
    organisation = details.get("organisation", person.organisation)
    manager = selectors.colleague_find(
        chooser=person, person_id=manager_id, organisation_id=organisation.pk if organisation else None
    )
    if manager is None or organisation is None:
        if manager_id == person.pk:
            raise ValidationError({"line_manager": "A person cannot be their own line manager."})
        raise ValidationError({"line_manager": COLLEAGUE_NOT_FOUND})
    return manager


class MeViewSet(viewsets.GenericViewSet):
    """The caller's own staff record at /me/, and their equality monitoring answers at /me/equality/."""

    serializer_class = PersonSerializer
    pagination_class = None

    @classmethod
    def as_view(cls, actions: Any = None, **initkwargs: Any) -> Any:
        # The router maps GET on a collection URL to "list"; /me/ is one record, read and patched.
        if actions and actions.get("get") == "list":
            actions = {"get": "own", "patch": "own_update"}
        return super().as_view(actions, **initkwargs)

    def get_queryset(self) -> QuerySet[Person]:
        return Person.objects.filter(user=self.request.user.pk or 0)

    def _me(self) -> Person:
        person = selectors.person_for_user(self.request.user)
        if person is None:
            raise Http404
        return person

    def list(self, request: Request) -> Response:  # never routed: as_view maps GET to `own`
        return self.own(request)

    @extend_schema(summary="Your own details", responses={200: PersonSerializer, 404: NO_STAFF_RECORD})
    def own(self, request: Request) -> Response:
        return Response(PersonSerializer(self._me()).data)

    @extend_schema(
        summary="Change your job details", request=PersonDetailsUpdateSerializer, responses=PersonSerializer
    )
    def own_update(self, request: Request) -> Response:
        person = self._me()
        serializer = PersonDetailsUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        details = dict(serializer.validated_data)
        if details.get("line_manager") is not None:
            details["line_manager"] = _chosen_line_manager(person, details)
        services.person_update_details(person=person, by=request.user, **details)
        person.refresh_from_db()
        return Response(PersonSerializer(person).data)

    @extend_schema(
        methods=["GET"],
        summary="Your equality monitoring answers",
        responses={200: EqualityRecordSerializer, 404: NO_STAFF_RECORD},
    )
    @extend_schema(
        methods=["PUT"],
        summary="Answer or change your equality monitoring questions",
        request=EqualityRecordSerializer,
        responses={200: EqualityRecordSerializer, 400: BAD_INPUT, 404: NO_STAFF_RECORD},
    )
    @action(detail=False, methods=["get", "put"], serializer_class=EqualityRecordSerializer)
    def equality(self, request: Request) -> Response:
        person = self._me()
        record: EqualityRecord | None
        if request.method == "PUT":
            serializer = EqualityRecordSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            answers = {name: serializer.validated_data.get(name, "") for name in services.EQUALITY_FIELDS}
            record = services.equality_record_save(person=person, by=request.user, **answers)
        else:
            record = services.equality_record_get(person=person, by=request.user)
        answers = {name: getattr(record, name) if record else "" for name in services.EQUALITY_FIELDS}
        return Response(EqualityRecordSerializer(answers).data)


# --- roles ------------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(summary="Role assignments (administrators)"),
    retrieve=extend_schema(summary="One role assignment (administrators)"),
    create=extend_schema(
        summary="Give a user a role (administrators)",
        responses={201: RoleAssignmentSerializer, 400: BAD_INPUT, 403: NOT_ADMINISTRATOR},
    ),
    destroy=extend_schema(summary="Remove a role (administrators)"),
)
class RoleAssignmentViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = RoleAssignmentSerializer
    permission_classes = [IsAdministrator]

    def get_queryset(self) -> QuerySet[RoleAssignment]:
        return RoleAssignment.objects.select_related("user").order_by("id")

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        assignment = services.role_assignment_create(by=request.user, **serializer.validated_data)
        return Response(RoleAssignmentSerializer(assignment).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance: RoleAssignment) -> None:
        services.role_assignment_delete(assignment=instance, by=self.request.user)


def register(router: BaseRouter) -> None:
    """Register this app's viewsets on the shared API router."""
    router.register("regions", RegionViewSet, basename="region")
    router.register("systems", ICSViewSet, basename="ics")
    router.register("places", PlaceViewSet, basename="place")
    router.register("organisations", OrganisationViewSet, basename="organisation")
    router.register("people", PersonViewSet, basename="person")
    router.register("me", MeViewSet, basename="me")
    router.register("role-assignments", RoleAssignmentViewSet, basename="role-assignment")
