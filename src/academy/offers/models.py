"""Offers, cohorts, sessions, bookings and applications, adjustments, attendance and completion."""

from django.db import models
from django.db.models import F, Q

from academy.core.models import TimeStampedModel
from academy.people.models import ICS, Academy, DeliveryPartner, Organisation, Person, RoleLevel


class OfferKind(models.TextChoices):
    PROGRAMME = "programme", "Programme"
    BITESIZE = "bitesize", "Bitesize virtual sessions"
    WORKSHOP = "workshop", "Workshop or masterclass"
    NETWORK = "network", "Network or community of practice"
    ACTION_LEARNING = "action_learning", "Action learning"
    COACHING = "coaching", "Coaching"
    MENTORING = "mentoring", "Mentoring"
    TEAM_COACHING = "team_coaching", "Team coaching"
    ONLINE_MODULE = "online_module", "Online learning module"


class DeliveryFormat(models.TextChoices):
    VIRTUAL = "virtual", "Virtual (online, live)"
    IN_PERSON = "in_person", "In person"
    BLENDED = "blended", "Blended"
    SELF_PACED = "self_paced", "Online, at your own pace"


class Eligibility(models.TextChoices):
    """A rule checked when someone books; the wording shown to people is in eligibility_text."""

    OPEN = "open", "Open to all health, social care and VCSE staff"
    ETHNIC_MINORITY = "ethnic_minority", "Staff from ethnic minority backgrounds"
    CARE_HOME_MANAGERS = "care_home", "Care home managers and deputies"
    PRIMARY_CARE = "primary_care", "Primary care staff"


class Offer(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        CLOSED = "closed", "Closed"

    academy = models.ForeignKey(Academy, on_delete=models.PROTECT, related_name="offers")
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=OfferKind.choices)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    summary = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    objectives = models.JSONField(default=list, blank=True)  # list of strings
    audience = models.CharField(max_length=300, blank=True)
    eligibility = models.CharField(max_length=20, choices=Eligibility.choices, default=Eligibility.OPEN)
    eligibility_text = models.CharField(max_length=300, blank=True)
    delivery_partner = models.ForeignKey(
        DeliveryPartner, on_delete=models.PROTECT, null=True, blank=True, related_name="offers"
    )
    delivery_format = models.CharField("format", max_length=12, choices=DeliveryFormat.choices)
    duration = models.CharField(max_length=120, blank=True)  # e.g. "Five 2-hour modules"
    systems = models.ManyToManyField(ICS, blank=True, related_name="offers")  # empty = the whole region
    requires_application = models.BooleanField(default=False)
    requires_sponsor = models.BooleanField(default=False)
    # Completion: share of sessions attended (percent) and whether an improvement project is required.
    completion_attendance_percent = models.PositiveSmallIntegerField(default=100)
    completion_requires_project = models.BooleanField(default=False)

    class Meta:
        ordering = ["title"]
        indexes = [models.Index(fields=["status", "kind"]), models.Index(fields=["academy", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(completion_attendance_percent__gte=0) & Q(completion_attendance_percent__lte=100),
                name="offer_completion_percent_range",
            ),
            models.CheckConstraint(
                condition=~Q(requires_sponsor=True) | Q(requires_application=True),
                name="offer_sponsor_needs_application",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Cohort(TimeStampedModel):
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="cohorts")
    name = models.CharField(max_length=160)
    capacity = models.PositiveIntegerField()
    starts_on = models.DateField()
    ends_on = models.DateField()
    booking_closes_on = models.DateField(null=True, blank=True)
    delivery_partner = models.ForeignKey(
        DeliveryPartner, on_delete=models.PROTECT, null=True, blank=True, related_name="cohorts"
    )
    # Denormalised counts kept by the booking services under the cohort row lock.
    confirmed_count = models.PositiveIntegerField(default=0)
    waitlist_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["starts_on", "name"]
        indexes = [models.Index(fields=["offer", "starts_on"]), models.Index(fields=["delivery_partner"])]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="cohort_capacity_positive"),
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="cohort_ends_after_start"),
            models.CheckConstraint(
                condition=Q(confirmed_count__lte=F("capacity")), name="cohort_not_overbooked"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.offer.title}: {self.name}"

    @property
    def places_left(self) -> int:
        return max(self.capacity - self.confirmed_count, 0)


class Session(TimeStampedModel):
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(max_length=200)
    sequence = models.PositiveSmallIntegerField(default=1)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    location = models.CharField(max_length=200, blank=True)
    online_url = models.URLField(blank=True)

    class Meta:
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["cohort", "starts_at"]), models.Index(fields=["starts_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="session_ends_after_start"),
        ]

    def __str__(self) -> str:
        return self.title


class Booking(TimeStampedModel):
    """One person's place (or application, or waiting-list position) on one cohort."""

    class Status(models.TextChoices):
        AWAITING_SPONSOR = "awaiting_sponsor", "Waiting for sponsor approval"
        APPLIED = "applied", "Application received"
        CONFIRMED = "confirmed", "Place confirmed"
        WAITLISTED = "waitlisted", "On the waiting list"
        DECLINED = "declined", "Not approved"
        CANCELLED = "cancelled", "Cancelled"

    ACTIVE_STATUSES = (Status.AWAITING_SPONSOR, Status.APPLIED, Status.CONFIRMED, Status.WAITLISTED)

    cohort = models.ForeignKey(Cohort, on_delete=models.PROTECT, related_name="bookings")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="bookings")
    status = models.CharField(max_length=20, choices=Status.choices)
    waitlisted_at = models.DateTimeField(null=True, blank=True)
    application_statement = models.TextField(blank=True)
    sponsor = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="sponsored_bookings"
    )
    sponsor_decided_at = models.DateTimeField(null=True, blank=True)
    sponsor_comment = models.TextField(blank=True)
    project_title = models.CharField(max_length=200, blank=True)
    project_summary = models.TextField(blank=True)
    project_submitted_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    certificate_number = models.CharField(max_length=20, unique=True, null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["cohort", "status", "waitlisted_at"]),
            models.Index(fields=["person", "status"]),
            models.Index(fields=["sponsor", "status"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "person"], name="booking_one_per_person_per_cohort"),
            models.CheckConstraint(
                condition=~Q(status="waitlisted") | Q(waitlisted_at__isnull=False),
                name="booking_waitlist_has_position",
            ),
        ]

    def __str__(self) -> str:
        return f"Booking {self.pk}"


class AcademyParticipant(models.Model):
    """Someone who has booked or applied for a place on one of an academy's offers, in any status.

    A maintained copy of "the people booked on this academy's offers", the set its programme managers
    may see (people.selectors): the people list reads it from one index instead of joining every
    booking to its cohort and offer on each request (~150,000 bookings for one academy at national
    scale). offers.services.booking_create adds the row; academy_participants_refresh recounts it after
    writes that bypass the service (demo builders, bulk loads).
    """

    academy = models.ForeignKey(Academy, on_delete=models.CASCADE, related_name="+", db_index=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["academy", "person"], name="academy_participant_once"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} booked with academy {self.academy_id}"


class AdjustmentRequest(TimeStampedModel):
    """A reasonable-adjustment request. Seen by the person and the offer's programme team only."""

    booking = models.OneToOneField(Booking, on_delete=models.CASCADE, related_name="adjustment")
    request = models.TextField()
    response = models.TextField(blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Adjustment for booking {self.booking_id}"


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", "Attended"
        ABSENT = "absent", "Did not attend"
        APOLOGIES = "apologies", "Sent apologies"

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="attendance")
    status = models.CharField(max_length=12, choices=Status.choices)
    recorded_at = models.DateTimeField(auto_now=True)
    # Who attended, where they worked and at what level, when the attendance was first recorded. Reach is
    # counted by these, so a move after the programme does not carry their attendance to another system,
    # and dashboards read them here instead of through the booking and 1.5 million staff records.
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    role_level = models.CharField(max_length=20, choices=RoleLevel.choices, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "booking"], name="attendance_one_per_session_booking")
        ]
        indexes = [models.Index(fields=["booking", "status"])]

    def __str__(self) -> str:
        return f"{self.get_status_display()} ({self.session_id})"
