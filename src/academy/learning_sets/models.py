"""Communities of practice (open membership, events that are offers, resources, announcements) and action
learning sets (a pool of people with the times they can meet, formation runs, sets, meetings)."""

from django.db import models
from django.db.models import F, Q

from academy.core.models import TimeStampedModel
from academy.offers.models import Offer
from academy.people.models import Academy, Person


class Community(TimeStampedModel):
    """A community of practice: anyone may join (no job-title gate)."""

    academy = models.ForeignKey(Academy, on_delete=models.PROTECT, related_name="communities")
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True)
    aims = models.TextField(blank=True)
    events = models.ManyToManyField(Offer, blank=True, related_name="communities")

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "communities"

    def __str__(self) -> str:
        return self.name


class Membership(TimeStampedModel):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="community_memberships")
    in_directory = models.BooleanField("show me in the member directory", default=False)

    class Meta:
        ordering = ["community", "person__family_name", "person__given_name"]
        constraints = [
            models.UniqueConstraint(fields=["community", "person"], name="membership_once_per_community")
        ]

    def __str__(self) -> str:
        return f"{self.person} in {self.community}"


class Resource(TimeStampedModel):
    """A link or a file shared with a community (uploads are checked as the evaluation imports are)."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="resources")
    title = models.CharField(max_length=200)
    url = models.URLField("link", blank=True)
    file = models.FileField(upload_to="community-resources/", blank=True)
    added_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="community_resources"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(~Q(url="") & Q(file="")) | (Q(url="") & ~Q(file="")),
                name="resource_link_or_file",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Announcement(TimeStampedModel):
    """A message e-mailed to every member through the outbox."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="announcements")
    subject = models.CharField(max_length=200)
    body = models.TextField()
    sent_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="community_announcements"
    )
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.subject


class Pool(TimeStampedModel):
    """People who asked to join action learning, with the times on offer, the hard rules and the
    academy's "met" rule (a set met when it held `met_meetings` meetings with more than `met_share`
    percent of its members present)."""

    academy = models.ForeignKey(Academy, on_delete=models.PROTECT, related_name="set_pools")
    community = models.ForeignKey(
        Community, on_delete=models.SET_NULL, null=True, blank=True, related_name="pools"
    )
    name = models.CharField(max_length=200)
    slots = models.JSONField(default=list)  # the meeting times on offer, e.g. ["Tuesday morning"]
    is_open = models.BooleanField("open for sign-up", default=True)
    min_size = models.PositiveSmallIntegerField(default=5)
    max_size = models.PositiveSmallIntegerField(default=8)
    max_per_organisation = models.PositiveSmallIntegerField(default=2)
    met_meetings = models.PositiveSmallIntegerField(default=3)
    met_share = models.PositiveSmallIntegerField(default=50)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(min_size__gte=1), name="pool_min_size_positive"),
            models.CheckConstraint(condition=Q(max_size__gte=F("min_size")), name="pool_sizes_ordered"),
            models.CheckConstraint(condition=Q(max_per_organisation__gte=1), name="pool_cap_positive"),
            models.CheckConstraint(condition=Q(met_share__lte=100), name="pool_met_share_percent"),
        ]

    def __str__(self) -> str:
        return self.name


class PoolEntry(TimeStampedModel):
    """One person's request to join action learning, with the times they can make."""

    pool = models.ForeignKey(Pool, on_delete=models.CASCADE, related_name="entries")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="set_pool_entries")
    slots = models.JSONField(default=list)

    class Meta:
        ordering = ["pool", "person__family_name", "person__given_name"]
        verbose_name_plural = "pool entries"
        constraints = [models.UniqueConstraint(fields=["pool", "person"], name="pool_entry_once")]

    def __str__(self) -> str:
        return f"{self.person} in {self.pool}"


class FormationRun(TimeStampedModel):
    """One attempt at forming the pool into sets: the rules and weights used, and the proposal that
    came back (sets as [[slot, [person ids]], ...]). `version` goes up with every change, so a
    manager who publishes an older copy is told that it changed."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Being formed"
        DRAFT = "draft", "Draft"
        INFEASIBLE = "infeasible", "No sets possible"
        PUBLISHED = "published", "Published"

    pool = models.ForeignKey(Pool, on_delete=models.CASCADE, related_name="runs")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    version = models.PositiveIntegerField(default=1)
    rules = models.JSONField(default=dict)
    weights = models.JSONField(default=dict)
    sets = models.JSONField(default=list)
    reasons = models.JSONField(default=list)  # why nothing could be formed, in plain English
    mix_score = models.PositiveIntegerField(default=0)
    mix_bound = models.PositiveIntegerField(default=0)
    optimal = models.BooleanField(default=False)
    gap = models.FloatField(null=True, blank=True)
    moved = models.PositiveIntegerField(default=0)  # hand moves made
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.pool}: run {self.pk}"


class LearningSet(TimeStampedModel):
    run = models.ForeignKey(FormationRun, on_delete=models.PROTECT, related_name="learning_sets")
    number = models.PositiveSmallIntegerField()
    slot = models.CharField("meeting time", max_length=100)
    facilitator = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="sets_facilitated"
    )

    class Meta:
        ordering = ["run", "number"]
        constraints = [models.UniqueConstraint(fields=["run", "number"], name="set_number_once_per_run")]

    def __str__(self) -> str:
        return f"Set {self.number} ({self.slot})"


class SetMember(models.Model):
    learning_set = models.ForeignKey(LearningSet, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="set_memberships")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["learning_set", "person"], name="set_member_once")]

    def __str__(self) -> str:
        return f"{self.person} in {self.learning_set}"


class Meeting(TimeStampedModel):
    learning_set = models.ForeignKey(LearningSet, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField()
    logged_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="set_meetings_logged"
    )
    logged = models.BooleanField(default=False)  # False: scheduled; True: held, attendance recorded

    class Meta:
        ordering = ["learning_set", "held_on"]
        constraints = [
            models.UniqueConstraint(fields=["learning_set", "held_on"], name="meeting_once_per_day")
        ]

    def __str__(self) -> str:
        return f"{self.learning_set} on {self.held_on}"


class MeetingAttendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="set_meeting_attendance")
    present = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="meeting_attendance_once")]

    def __str__(self) -> str:
        return f"{self.person} at {self.meeting}"
