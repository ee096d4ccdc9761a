"""Interchange ("Stepping into my shoes", seed 003): staff offering to host and staff asking to learn,
across organisations and sectors, matched and followed up.

An opportunity's places are counted on its row (taken_count) and changed only while that row is locked,
as cohort and coach places are, so the last place is never given twice; a check constraint backs this up,
and one person holds at most one live arrangement on one opportunity.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from academy.core.models import TimeStampedModel
from academy.people.models import Academy, Organisation, Person


class Kind(models.TextChoices):
    SHADOWING = "shadowing", "Shadowing"
    MENTORING = "mentoring", "Mentoring"
    PLACEMENT = "placement", "Placement"
    IMPROVEMENT_PROJECT = "improvement_project", "Improvement project"
    ACTION_LEARNING = "action_learning", "Action learning"


class Scheme(TimeStampedModel):
    """An academy's interchange scheme: whether a learner's line manager must agree before they go."""

    academy = models.OneToOneField(Academy, on_delete=models.CASCADE, related_name="interchange_scheme")
    needs_manager_agreement = models.BooleanField(default=True)

    def __str__(self) -> str:
        return f"Interchange of {self.academy}"


class Opportunity(TimeStampedModel):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    academy = models.ForeignKey(Academy, on_delete=models.PROTECT, related_name="interchange_opportunities")
    host = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="interchange_hosting")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=24, choices=Kind.choices)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    place = models.CharField("where", max_length=200, blank=True)
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    duration = models.CharField(
        max_length=120, blank=True
    )  # "two days", "one afternoon a week for six weeks"
    capacity = models.PositiveSmallIntegerField(default=1)
    taken_count = models.PositiveSmallIntegerField(default=0)  # kept under the row lock
    suits = models.CharField("who it suits", max_length=300, blank=True)
    not_for_own_organisation = models.BooleanField(default=False)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "opportunities"
        indexes = [models.Index(fields=["academy", "status"])]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="interchange_capacity_positive"),
            models.CheckConstraint(
                condition=Q(taken_count__lte=F("capacity")), name="interchange_not_over_capacity"
            ),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="interchange_opportunity_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def places_left(self) -> int:
        return max(self.capacity - self.taken_count, 0)


class LearningRequest(TimeStampedModel):
    """A member of staff asking to learn: what, where, when, why, and the kinds they would take."""

    class Status(models.TextChoices):
        OPEN = "open", "Waiting for a match"
        MATCHED = "matched", "Matched"
        WITHDRAWN = "withdrawn", "Withdrawn"

    academy = models.ForeignKey(Academy, on_delete=models.PROTECT, related_name="interchange_requests")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="interchange_requests")
    what = models.CharField("what you want to learn", max_length=300)
    where = models.CharField("where", max_length=200, blank=True)
    when = models.CharField("when", max_length=200, blank=True)
    why = models.TextField("why", blank=True)
    kinds = models.JSONField(default=list, blank=True)  # Kind values; empty means any
    other_sector = models.BooleanField("prefer another sector", default=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["academy", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["academy", "person"], condition=Q(status="open"), name="interchange_one_open_request"
            )
        ]

    def __str__(self) -> str:
        return self.what


class MatchingRun(TimeStampedModel):
    """One matching of an academy's open requests to its open opportunities, reviewed then published."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft for review"
        PUBLISHED = "published", "Published"
        FAILED = "failed", "Failed"

    academy = models.ForeignKey(Academy, on_delete=models.CASCADE, related_name="interchange_runs")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    figures = models.JSONField(default=dict, blank=True)
    error = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Interchange matching {self.pk}"


class RunResult(models.Model):
    run = models.ForeignKey(MatchingRun, on_delete=models.CASCADE, related_name="results")
    request = models.ForeignKey(LearningRequest, on_delete=models.CASCADE, related_name="+")
    opportunity = models.ForeignKey(
        Opportunity, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    score = models.FloatField(null=True, blank=True)
    unmatched_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["run", "id"]
        constraints = [models.UniqueConstraint(fields=["run", "request"], name="interchange_result_once")]

    def __str__(self) -> str:
        return f"Result {self.pk} of {self.run}"


class Arrangement(TimeStampedModel):
    """A learner's place on an opportunity, from a published run or asked for directly."""

    class Status(models.TextChoices):
        AWAITING_MANAGER = "awaiting_manager", "Waiting for line manager"
        AGREED = "agreed", "Agreed"
        COMPLETED = "completed", "Completed"
        DECLINED = "declined", "Line manager declined"
        CANCELLED = "cancelled", "Cancelled"

    HOLDS_PLACE = ("awaiting_manager", "agreed", "completed")

    class Source(models.TextChoices):
        MATCHING = "matching", "Matched by the academy"
        ASKED = "asked", "Asked directly"

    opportunity = models.ForeignKey(Opportunity, on_delete=models.PROTECT, related_name="arrangements")
    learner = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="interchange_arrangements")
    request = models.ForeignKey(
        LearningRequest, on_delete=models.SET_NULL, null=True, blank=True, related_name="arrangements"
    )
    run = models.ForeignKey(MatchingRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    source = models.CharField(max_length=10, choices=Source.choices)
    status = models.CharField(max_length=20, choices=Status.choices)
    manager = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="interchange_agreements"
    )
    manager_decided_at = models.DateTimeField(null=True, blank=True)
    manager_comment = models.CharField(max_length=500, blank=True)
    starts_on = models.DateField(null=True, blank=True)
    ends_on = models.DateField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["opportunity", "learner"],
                condition=Q(status__in=["awaiting_manager", "agreed", "completed"]),
                name="interchange_one_live_arrangement",
            ),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True)
                | Q(ends_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="interchange_arrangement_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.learner} with {self.opportunity}"


class Reflection(TimeStampedModel):
    """What each side took from it afterwards: a usefulness rating and a few words."""

    class Side(models.TextChoices):
        HOST = "host", "Host"
        LEARNER = "learner", "Learner"

    arrangement = models.ForeignKey(Arrangement, on_delete=models.CASCADE, related_name="reflections")
    side = models.CharField(max_length=8, choices=Side.choices)
    author = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="interchange_reflections")
    usefulness = models.PositiveSmallIntegerField()  # 1 (not useful) to 5 (very useful)
    learned = models.TextField("what was learned", blank=True)
    next_steps = models.TextField("what happens next", blank=True)

    class Meta:
        ordering = ["arrangement", "side"]
        constraints = [
            models.UniqueConstraint(fields=["arrangement", "side"], name="interchange_one_reflection_a_side"),
            models.CheckConstraint(
                condition=Q(usefulness__gte=1) & Q(usefulness__lte=5), name="interchange_usefulness_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_side_display()} reflection on {self.arrangement}"
