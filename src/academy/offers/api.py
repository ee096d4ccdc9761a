"""Offers and delivery API. Same services and permission rules as the pages."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q, QuerySet
from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import BaseRouter

from academy.api.caching import CachedListMixin
from academy.api.fields import BoundedDateField, BoundedDateTimeField, IdField, IdRelatedField
from academy.core.audit import audit_record, audit_record_many
from academy.core.parsing import parse_id
from academy.people.models import ICS, Academy, DeliveryPartner, Person
from academy.people.permissions import SPONSOR_NOT_FOUND
from academy.people.selectors import colleague_find

from . import selectors, services
from .calendar import session_invitation_ics
from .certificates import certificate_pdf
from .delegates import register_pdf
from .models import (
    AdjustmentRequest,
    Attendance,
    Booking,
    Cohort,
    DeliveryFormat,
    Eligibility,
    Offer,
    OfferKind,
    Session,
)
from .permissions import can_manage_offer


def _person(request: Request) -> Person:
    person = getattr(request.user, "person", None)
    if person is None:
        raise NotFound("Your account has no staff record.")
    return person


# --- Serializers -----------------------------------------------------------------------------------


class DeliveryPartnerSerializer(serializers.ModelSerializer):
    class Meta:
        model = DeliveryPartner
        fields = ["id", "name", "website"]


class SessionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Session
        fields = ["id", "cohort", "title", "sequence", "starts_at", "ends_at", "location", "online_url"]
        read_only_fields = ["id"]


class SessionWriteSerializer(serializers.Serializer):
    cohort = IdRelatedField(queryset=Cohort.objects.all())
    title = serializers.CharField(max_length=200)
    starts_at = BoundedDateTimeField()
    ends_at = BoundedDateTimeField()
    location = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    online_url = serializers.URLField(required=False, allow_blank=True, default="")
    sequence = serializers.IntegerField(
        min_value=1, max_value=32767, required=False, allow_null=True, default=None
    )


class CohortSerializer(serializers.ModelSerializer):
    places_left = serializers.IntegerField(read_only=True)
    sessions = SessionSerializer(many=True, read_only=True)

    class Meta:
        model = Cohort
        fields = [
            "id",
            "offer",
            "name",
            "capacity",
            "starts_on",
            "ends_on",
            "booking_closes_on",
            "delivery_partner",
            "confirmed_count",
            "waitlist_count",
            "places_left",
            "sessions",
        ]
        read_only_fields = ["id", "confirmed_count", "waitlist_count", "places_left", "sessions"]


class CohortWriteSerializer(serializers.Serializer):
    offer = IdRelatedField(queryset=Offer.objects.all())
    name = serializers.CharField(max_length=160)
    capacity = serializers.IntegerField(min_value=1, max_value=100000)
    starts_on = BoundedDateField()
    ends_on = BoundedDateField()
    booking_closes_on = BoundedDateField(required=False, allow_null=True, default=None)
    delivery_partner = IdRelatedField(
        queryset=DeliveryPartner.objects.all(), required=False, allow_null=True, default=None
    )


class OfferSerializer(serializers.ModelSerializer):
    cohorts = CohortSerializer(many=True, read_only=True)

    class Meta:
        model = Offer
        fields = [
            "id",
            "academy",
            "title",
            "slug",
            "kind",
            "status",
            "summary",
            "description",
            "objectives",
            "audience",
            "eligibility",
            "eligibility_text",
            "delivery_partner",
            "delivery_format",
            "duration",
            "systems",
            "requires_application",
            "requires_sponsor",
            "completion_attendance_percent",
            "completion_requires_project",
            "cohorts",
        ]


class OfferSummarySerializer(OfferSerializer):
    """An offer in a list: when its next cohort starts and how many places are left in the cohorts still
    to start, without the cohorts themselves (an offer can run hundreds; its own page lists them)."""

    next_start = serializers.DateField(
        read_only=True, allow_null=True, help_text="The next cohort's start date."
    )
    places_left = serializers.IntegerField(
        source="places_left_total",
        read_only=True,
        allow_null=True,
        help_text="Places left across all the cohorts still to start (not only the next one).",
    )
    next_cohort_name = serializers.CharField(
        read_only=True, allow_null=True, help_text="The name of the next cohort to start."
    )
    next_places_left = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="Places left in the next cohort to start."
    )
    next_waiting_list = serializers.IntegerField(
        source="next_waiting",
        read_only=True,
        allow_null=True,
        help_text="How many people are on the next cohort's waiting list.",
    )

    class Meta(OfferSerializer.Meta):
        fields = [f for f in OfferSerializer.Meta.fields if f != "cohorts"] + [
            "next_start",
            "places_left",
            "next_cohort_name",
            "next_places_left",
            "next_waiting_list",
        ]


class OfferWriteSerializer(serializers.Serializer):
    academy = IdRelatedField(queryset=Academy.objects.all())
    title = serializers.CharField(max_length=200)
    kind = serializers.ChoiceField(choices=OfferKind.choices)
    status = serializers.ChoiceField(choices=Offer.Status.choices, default=Offer.Status.DRAFT)
    summary = serializers.CharField(max_length=300)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    objectives = serializers.ListField(
        child=serializers.CharField(max_length=500), required=False, default=list
    )
    audience = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    eligibility = serializers.ChoiceField(choices=Eligibility.choices, default=Eligibility.OPEN)
    eligibility_text = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    delivery_partner = IdRelatedField(
        queryset=DeliveryPartner.objects.all(), required=False, allow_null=True, default=None
    )
    delivery_format = serializers.ChoiceField(choices=DeliveryFormat.choices)
    duration = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    systems = IdRelatedField(queryset=ICS.objects.all(), many=True, required=False, default=list)
    requires_application = serializers.BooleanField(default=False)
    requires_sponsor = serializers.BooleanField(default=False)
    completion_attendance_percent = serializers.IntegerField(min_value=0, max_value=100, default=100)
    completion_requires_project = serializers.BooleanField(default=False)


class BookingSerializer(serializers.ModelSerializer):
    offer_title = serializers.CharField(source="cohort.offer.title", read_only=True)
    cohort_name = serializers.CharField(source="cohort.name", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = Booking
        fields = [
            "id",
            "cohort",
            "cohort_name",
            "offer_title",
            "status",
            "status_label",
            "waitlisted_at",
            "application_statement",
            "sponsor",
            "sponsor_decided_at",
            "project_title",
            "project_submitted_at",
            "completed_at",
            "certificate_number",
            "created_at",
        ]
        read_only_fields = fields


class StaffBookingSerializer(BookingSerializer):
    person_name = serializers.CharField(source="person.full_name", read_only=True)

    class Meta(BookingSerializer.Meta):
        fields = [*BookingSerializer.Meta.fields, "person", "person_name"]
        read_only_fields = fields


class BookingCreateSerializer(serializers.Serializer):
    cohort = IdRelatedField(queryset=Cohort.objects.filter(offer__status=Offer.Status.PUBLISHED))
    person = IdField(
        required=False,
        allow_null=True,
        default=None,
        help_text=(
            "The staff record (person id) to book. Leave out to book for yourself; only the offer's "
            "programme team may book someone else, with the same rules (places, waiting list, "
            "applications, sponsors)."
        ),
    )
    application_statement = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=5000
    )
    sponsor_email = serializers.EmailField(required=False, allow_blank=True, default="")
    adjustment = serializers.CharField(required=False, allow_blank=True, default="", max_length=5000)
    eligibility_confirmed = serializers.BooleanField(default=False)


class DecisionSerializer(serializers.Serializer):
    approve = serializers.BooleanField()
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class ProjectSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    summary = serializers.CharField(max_length=10000)


class AttendanceMarkSerializer(serializers.Serializer):
    marks = serializers.DictField(
        child=serializers.ChoiceField(choices=Attendance.Status.choices),
        help_text="Booking id to attendance status.",
    )


class DelegateSerializer(serializers.ModelSerializer):
    """One line of a cohort's delegate list: confirmed places, then the waiting list in order."""

    person_name = serializers.CharField(source="person.full_name", read_only=True)
    email = serializers.CharField(source="person.email", read_only=True)
    job_title = serializers.CharField(source="person.job_title", read_only=True)
    organisation = serializers.CharField(source="person.organisation.name", read_only=True, default="")
    ods_code = serializers.CharField(source="person.organisation.ods_code", read_only=True, default="")
    waiting_list_position = serializers.IntegerField(
        source="position", read_only=True, default=None, help_text="Their place on the waiting list."
    )
    sessions_attended = serializers.IntegerField(source="attended", read_only=True)

    class Meta:
        model = Booking
        fields = [
            "id",
            "person",
            "person_name",
            "email",
            "job_title",
            "organisation",
            "ods_code",
            "status",
            "waiting_list_position",
            "created_at",
            "sessions_attended",
        ]
        read_only_fields = fields


class CohortEmailSerializer(serializers.Serializer):
    subject = serializers.CharField(max_length=150)
    message = serializers.CharField(max_length=10000, help_text="Each e-mail starts with the person's name.")
    audience = serializers.ChoiceField(
        choices=list(services.COHORT_EMAIL_AUDIENCES),
        default=services.COHORT_EMAIL_CONFIRMED,
        help_text="confirmed: confirmed places; confirmed_and_waiting: and the waiting list.",
    )
    send_key = serializers.CharField(
        max_length=64,
        help_text="Your own key for this sending: the same key again sends nothing more (safe to retry).",
    )


class AdjustmentSerializer(serializers.ModelSerializer):
    cohort = serializers.IntegerField(source="booking.cohort_id", read_only=True)

    class Meta:
        model = AdjustmentRequest
        fields = ["id", "booking", "cohort", "request", "response", "responded_at"]
        read_only_fields = ["id", "booking", "cohort", "request", "responded_at"]


class AdjustmentResponseSerializer(serializers.Serializer):
    response = serializers.CharField(max_length=5000)


# --- Viewsets --------------------------------------------------------------------------------------


class DeliveryPartnerViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = DeliveryPartner.objects.all()
    serializer_class = DeliveryPartnerSerializer


@extend_schema(
    parameters=[
        OpenApiParameter("q", str, description="Words in the title or description"),
        OpenApiParameter("kind", str, enum=OfferKind.values),
        OpenApiParameter("delivery_format", str, enum=DeliveryFormat.values),
        OpenApiParameter("ics", int, description="Integrated care system id"),
    ]
)
class OfferViewSet(
    CachedListMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Published offers for everyone (the list as summaries; one offer with its current and future
    cohorts and their sessions); drafts too for the academy's programme managers."""

    serializer_class = OfferSerializer

    def get_serializer_class(self) -> type[serializers.BaseSerializer]:
        return OfferSummarySerializer if self.action == "list" else OfferSerializer

    def get_queryset(self) -> QuerySet[Offer]:
        params = self.request.query_params
        ics = params.get("ics", "")
        published = selectors.catalogue(
            q=params.get("q", "")[:200],
            kind=params.get("kind", ""),
            delivery_format=params.get("delivery_format", ""),
            ics_id=(parse_id(ics) or 0) if ics else None,
        )
        manageable = selectors.offers_manageable(user=self.request.user).values("pk")
        # Offers carry their current and future cohorts; past ones are under /cohorts/ for the programme team.
        current = Prefetch(
            "cohorts",
            queryset=Cohort.objects.filter(ends_on__gte=timezone.localdate()).prefetch_related("sessions"),
        )
        if self.action == "list":
            return published.prefetch_related("systems")
        return (
            Offer.objects.filter(Q(status=Offer.Status.PUBLISHED) | Q(pk__in=manageable))
            .select_related("academy", "delivery_partner")
            .prefetch_related("systems", current)
        )

    @extend_schema(request=OfferWriteSerializer, responses={201: OfferSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = OfferWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        academy = fields.pop("academy")
        offer = services.offer_create(academy=academy, by=request.user, **fields)
        return Response(OfferSerializer(offer).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=OfferWriteSerializer, responses={200: OfferSerializer})
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        offer = self.get_object()
        if not can_manage_offer(request.user, offer):
            raise NotFound()
        data = OfferWriteSerializer(data=request.data, partial=kwargs.get("partial", False))
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        fields.pop("academy", None)
        offer = services.offer_update(offer=offer, by=request.user, **fields)
        return Response(OfferSerializer(offer).data)


class CohortViewSet(
    CachedListMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Cohorts for the people who run them: the academy's programme team and the delivery partner."""

    serializer_class = CohortSerializer

    def get_queryset(self) -> QuerySet[Cohort]:
        return (
            selectors.cohorts_visible(user=self.request.user)
            .prefetch_related("sessions")
            .order_by("-starts_on")
        )

    @extend_schema(request=CohortWriteSerializer, responses={201: CohortSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = CohortWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        offer = fields.pop("offer")
        if not can_manage_offer(request.user, offer):
            raise ValidationError({"offer": "You can only add cohorts to your own academy's offers."})
        cohort = services.cohort_create(offer=offer, by=request.user, **fields)
        return Response(CohortSerializer(cohort).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CohortWriteSerializer, responses={200: CohortSerializer})
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        cohort = self.get_object()
        data = CohortWriteSerializer(data=request.data, partial=kwargs.get("partial", False))
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        fields.pop("offer", None)
        cohort = services.cohort_update(cohort=cohort, by=request.user, **fields)
        return Response(CohortSerializer(cohort).data)

    @extend_schema(responses={200: StaffBookingSerializer(many=True)})
    @action(detail=True, methods=["get"])
    def bookings(self, request: Request, pk: str | None = None) -> Response:
        cohort = self.get_object()
        return Response(StaffBookingSerializer(selectors.cohort_bookings(cohort=cohort), many=True).data)

    @extend_schema(responses={200: StaffBookingSerializer(many=True)})
    @action(detail=True, methods=["get"], url_path="waiting-list")
    def waiting_list(self, request: Request, pk: str | None = None) -> Response:
        cohort = self.get_object()
        return Response(StaffBookingSerializer(selectors.waiting_list(cohort=cohort), many=True).data)

    @extend_schema(responses={200: DelegateSerializer(many=True)})
    @action(detail=True, methods=["get"])
    def delegates(self, request: Request, pk: str | None = None) -> Response:
        """The delegate list, as the page's CSV and Excel downloads give it."""
        cohort = self.get_object()
        delegates = selectors.cohort_delegates(cohort=cohort)
        audit_record(
            actor=request.user, action="offers.cohort.export_delegates", obj=cohort, rows=len(delegates)
        )
        return Response(DelegateSerializer(delegates, many=True).data)

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def register(self, request: Request, pk: str | None = None) -> HttpResponse:
        """The sign-in registers to print: one page per session, with a column for signatures."""
        cohort = self.get_object()
        response = HttpResponse(register_pdf(cohort=cohort), content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="register-{cohort.offer.slug}-{cohort.pk}.pdf"'
        )
        return response

    @extend_schema(
        request=CohortEmailSerializer,
        responses={200: inline_serializer("CohortEmailed", {"sent": serializers.IntegerField()})},
    )
    @action(detail=True, methods=["post"])
    def email(self, request: Request, pk: str | None = None) -> Response:
        """E-mail everyone on the cohort: one message each, queued through the outbox and audited."""
        cohort = self.get_object()
        data = CohortEmailSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        sent = services.cohort_email_send(cohort=cohort, by=request.user, **data.validated_data)
        return Response({"sent": sent})

    @extend_schema(responses={200: AdjustmentSerializer(many=True)})
    @action(detail=True, methods=["get"])
    def adjustments(self, request: Request, pk: str | None = None) -> Response:
        cohort = self.get_object()
        return Response(
            AdjustmentSerializer(
                selectors.adjustments_for_cohort(user=request.user, cohort=cohort), many=True
            ).data
        )


class SessionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = SessionSerializer

    def get_queryset(self) -> QuerySet[Session]:
        return Session.objects.filter(cohort__in=selectors.cohorts_visible(user=self.request.user)).order_by(
            "starts_at"
        )

    @extend_schema(request=SessionWriteSerializer, responses={201: SessionSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        data = SessionWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        cohort = fields.pop("cohort")
        if not can_manage_offer(request.user, cohort.offer):
            raise ValidationError({"cohort": "You can only add sessions to your own academy's cohorts."})
        session = services.session_create(cohort=cohort, by=request.user, **fields)
        return Response(SessionSerializer(session).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=SessionWriteSerializer, responses={200: SessionSerializer})
    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        session = self.get_object()
        data = SessionWriteSerializer(data=request.data, partial=kwargs.get("partial", False))
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        fields.pop("cohort", None)
        session = services.session_update(session=session, by=request.user, **fields)
        return Response(SessionSerializer(session).data)

    def perform_destroy(self, instance: Session) -> None:
        services.session_delete(session=instance, by=self.request.user)

    @extend_schema(
        request=AttendanceMarkSerializer,
        responses={200: inline_serializer("AttendanceMarked", {"saved": serializers.IntegerField()})},
    )
    @action(detail=True, methods=["post"])
    def attendance(self, request: Request, pk: str | None = None) -> Response:
        session = self.get_object()
        data = AttendanceMarkSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            marks = {int(key): value for key, value in data.validated_data["marks"].items()}
        except ValueError as error:
            raise ValidationError({"marks": "Every key must be a booking id."}) from error
        saved = services.attendance_mark(session=session, by=request.user, marks=marks)
        return Response({"saved": saved})


def _booking_person(request: Request, cohort: Cohort, person_id: int | None) -> Person:
    """Who a booking is for: the caller, or (for the offer's programme team only) the person named.
    Permission is checked before the id is looked up, so nobody else learns which ids exist."""
    own = getattr(request.user, "person", None)
    if person_id is None or (own is not None and own.pk == person_id):
        return _person(request)
    if not can_manage_offer(request.user, cohort.offer):
        raise PermissionDenied("Only the offer's programme team can book a place for someone else.")
    person = Person.objects.filter(pk=person_id, anonymised_at__isnull=True).first()
    if person is None:
        raise ValidationError({"person": "There is no staff record with this id."})
    return person


class BookingViewSet(
    CachedListMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The signed-in person's own bookings and applications."""

    serializer_class = BookingSerializer

    def get_queryset(self) -> QuerySet[Booking]:
        person = getattr(self.request.user, "person", None)
        if person is None:
            return Booking.objects.none()
        return selectors.bookings_of(person=person)

    @extend_schema(request=BookingCreateSerializer, responses={201: BookingSerializer})
    def create(self, request: Request) -> Response:
        data = BookingCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        person = _booking_person(request, fields["cohort"], fields.pop("person"))
        sponsor_email = fields.pop("sponsor_email")
        sponsor = None
        if sponsor_email:
            sponsor = colleague_find(chooser=person, email=sponsor_email, needs_account=True)
            if sponsor is None:
                raise ValidationError({"sponsor_email": SPONSOR_NOT_FOUND})
        elif fields["cohort"].offer.requires_sponsor and person.line_manager_id:
            sponsor = person.line_manager
        booking = services.booking_create(person=person, by=request.user, sponsor=sponsor, **fields)
        return Response(BookingSerializer(booking).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: BookingSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        # Only the cancelled booking: whom it promoted is someone else's booking, not the caller's to see.
        result = services.booking_cancel(booking=self.get_object(), by=request.user)
        return Response(BookingSerializer(result.booking).data)

    @extend_schema(request=ProjectSerializer, responses={200: BookingSerializer})
    @action(detail=True, methods=["post"])
    def project(self, request: Request, pk: str | None = None) -> Response:
        data = ProjectSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        booking = services.project_submit(booking=self.get_object(), by=request.user, **data.validated_data)
        return Response(BookingSerializer(booking).data)

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def certificate(self, request: Request, pk: str | None = None) -> HttpResponse:
        booking = self.get_object()
        response = HttpResponse(certificate_pdf(booking=booking), content_type="application/pdf")
        response["Content-Disposition"] = (
            f'attachment; filename="certificate-{booking.certificate_number}.pdf"'
        )
        return response

    @extend_schema(
        parameters=[OpenApiParameter("session", int, required=True)],
        responses={(200, "text/calendar"): OpenApiTypes.BINARY},
    )
    @action(detail=True, methods=["get"])
    def invitation(self, request: Request, pk: str | None = None) -> HttpResponse:
        booking = self.get_object()
        session_id = request.query_params.get("session", "")
        session = booking.cohort.sessions.filter(pk=parse_id(session_id) or 0).first()
        if session is None:
            raise ValidationError({"session": "Choose one of this booking's sessions."})
        response = HttpResponse(
            session_invitation_ics(session=session, person=booking.person), content_type="text/calendar"
        )
        response["Content-Disposition"] = f'attachment; filename="session-{session.pk}.ics"'
        return response


class SponsorDecisionSerializer(StaffBookingSerializer):
    decision = serializers.SerializerMethodField(help_text="What the sponsor decided: approved or declined.")

    class Meta(StaffBookingSerializer.Meta):
        fields = [*StaffBookingSerializer.Meta.fields, "decision", "sponsor_comment"]
        read_only_fields = fields

    def get_decision(self, obj: Booking) -> str:
        return "declined" if obj.status == Booking.Status.DECLINED else "approved"


class SponsorRequestViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Applications waiting for the signed-in person's approval as sponsor."""

    serializer_class = StaffBookingSerializer

    def get_queryset(self) -> QuerySet[Booking]:
        person = getattr(self.request.user, "person", None)
        if person is None:
            return Booking.objects.none()
        return selectors.sponsor_requests(person=person)

    @extend_schema(responses={200: SponsorDecisionSerializer(many=True)})
    @action(detail=False, methods=["get"])
    def decided(self, request: Request) -> Response:
        """The applications the signed-in person has approved or declined as sponsor, latest first."""
        person = getattr(request.user, "person", None)
        decisions = selectors.sponsor_decisions(person=person) if person else Booking.objects.none()
        page = self.paginate_queryset(decisions)
        assert page is not None  # the API always paginates
        return self.get_paginated_response(SponsorDecisionSerializer(page, many=True).data)

    @extend_schema(request=DecisionSerializer, responses={200: StaffBookingSerializer})
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str | None = None) -> Response:
        data = DecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        booking = services.booking_sponsor_decide(
            booking=self.get_object(), by=request.user, **data.validated_data
        )
        return Response(StaffBookingSerializer(booking).data)


class ApplicationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Applications waiting for the programme team's decision, on cohorts the user manages."""

    serializer_class = StaffBookingSerializer

    def get_queryset(self) -> QuerySet[Booking]:
        offers = selectors.offers_manageable(user=self.request.user).values("pk")
        return (
            Booking.objects.filter(cohort__offer__in=offers, status=Booking.Status.APPLIED)
            .select_related("person", "cohort__offer")
            .order_by("created_at")
        )

    @extend_schema(request=DecisionSerializer, responses={200: StaffBookingSerializer})
    @action(detail=True, methods=["post"])
    def decide(self, request: Request, pk: str | None = None) -> Response:
        data = DecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        booking = services.booking_application_decide(
            booking=self.get_object(), by=request.user, **data.validated_data
        )
        return Response(StaffBookingSerializer(booking).data)


class AdjustmentViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Reasonable-adjustment requests, for the programme team of the offer only."""

    serializer_class = AdjustmentSerializer

    def get_queryset(self) -> QuerySet[AdjustmentRequest]:
        offers = selectors.offers_manageable(user=self.request.user).values("pk")
        return (
            AdjustmentRequest.objects.filter(booking__cohort__offer__in=offers)
            .select_related("booking")
            .order_by("id")
        )

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset())
        assert page is not None  # the API always paginates
        audit_record_many(actor=request.user, action="offers.adjustment.read", objs=page)
        return self.get_paginated_response(AdjustmentSerializer(page, many=True).data)

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        adjustment = self.get_object()
        audit_record(actor=request.user, action="offers.adjustment.read", obj=adjustment)
        return Response(AdjustmentSerializer(adjustment).data)

    @extend_schema(request=AdjustmentResponseSerializer, responses={200: AdjustmentSerializer})
    @action(detail=True, methods=["post"])
    def respond(self, request: Request, pk: str | None = None) -> Response:
        data = AdjustmentResponseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        adjustment = services.adjustment_respond(
            adjustment=self.get_object(), by=request.user, response=data.validated_data["response"]
        )
        return Response(AdjustmentSerializer(adjustment).data)


def register(router: BaseRouter) -> None:
    router.register("delivery-partners", DeliveryPartnerViewSet, basename="delivery-partner")
    router.register("offers", OfferViewSet, basename="offer")
    router.register("cohorts", CohortViewSet, basename="cohort")
    router.register("sessions", SessionViewSet, basename="session")
    router.register("bookings", BookingViewSet, basename="booking")
    router.register("sponsor-requests", SponsorRequestViewSet, basename="sponsor-request")
    router.register("applications", ApplicationViewSet, basename="application")
    router.register("adjustments", AdjustmentViewSet, basename="adjustment")
