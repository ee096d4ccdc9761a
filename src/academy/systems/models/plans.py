"""An ICS leadership and OD plan (seed 003) held as versions: the plan is the ICS's living record, each
version a complete copy of its content. Publishing freezes a version for ever; an annual review copies
the last version into a new draft. `revision` counts the edits of a draft, so that an edit names the
revision its author saw and two leads cannot overwrite each other silently."""

from django.db import models
from django.db.models import F, Q

from academy.core.models import TimeStampedModel
from academy.offers.models import Offer
from academy.people.models import ICS, Organisation, Person

__all__ = ["Activity", "Pillar", "Plan", "PlanVersion", "Workstream", "financial_year"]


def financial_year(start: int) -> str:
    """2017 -> "2017/18": a financial year is named by the calendar year it starts in."""
    return f"{start}/{(start + 1) % 100:02d}"


class Plan(TimeStampedModel):
    ics = models.ForeignKey(ICS, on_delete=models.PROTECT, related_name="plans")
    title = models.CharField(max_length=200)

    class Meta:
        ordering = ["ics__name", "title"]

    def __str__(self) -> str:
        return self.title


class PlanVersion(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    revision = models.PositiveIntegerField(default=1)
    start_year = models.PositiveSmallIntegerField(help_text="The first financial year, by its start: 2017")
    end_year = models.PositiveSmallIntegerField(help_text="The last financial year, by its start: 2020")
    introduction = models.TextField(blank=True)
    priorities = models.JSONField(default=list, blank=True)  # the system priorities, in order
    aims = models.JSONField(default=list, blank=True)  # e.g. the triple aim
    governance_group = models.CharField(max_length=200, blank=True)
    governance = models.TextField(blank=True)
    conclusion = models.TextField(blank=True)
    review_note = models.TextField(blank=True)  # what this review changed, in the lead's words
    partners = models.ManyToManyField(Organisation, blank=True, related_name="plan_versions")
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="plan_versions_published"
    )

    class Meta:
        ordering = ["plan", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_number_unique"),
            models.UniqueConstraint(
                fields=["plan"], condition=Q(status="draft"), name="plan_one_draft_at_a_time"
            ),
            models.CheckConstraint(condition=Q(end_year__gte=F("start_year")), name="plan_years_ordered"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False), name="plan_published_has_date"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan} (version {self.number})"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def years(self) -> list[int]:
        return list(range(self.start_year, self.end_year + 1))

    @property
    def year_labels(self) -> list[str]:
        return [financial_year(y) for y in self.years]

    @property
    def period(self) -> str:
        return f"{financial_year(self.start_year)} to {financial_year(self.end_year)}"


class Pillar(models.Model):
    """A strategic pillar ("Coaching Culture") with its commitments ("Senior leaders as coaches")."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="pillars")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=200)
    commitments = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["version", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "title"], name="pillar_title_unique_per_version")
        ]

    def __str__(self) -> str:
        return self.title


class Workstream(models.Model):
    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="workstreams")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["version", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "title"], name="workstream_title_unique_per_version")
        ]

    def __str__(self) -> str:
        return self.title


class Activity(models.Model):
    """An activity of a workstream, placed on the plan's timeline: `timeline` maps a financial year (by
    its start, as text) to "milestone" (seed 003's ★) or "continuing" (→)."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        PAUSED = "paused", "Paused"

    class Mark(models.TextChoices):
        MILESTONE = "milestone", "★ Milestone"
        CONTINUING = "continuing", "→ Continuing"

    workstream = models.ForeignKey(Workstream, on_delete=models.CASCADE, related_name="activities")
    position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    owner = models.CharField(max_length=200, blank=True, help_text="The group or role that leads it")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PLANNED)
    timeline = models.JSONField(default=dict, blank=True)
    offers = models.ManyToManyField(Offer, blank=True, related_name="plan_activities")
    coaching_hub = models.BooleanField("linked to the coaching and mentoring hub", default=False)

    class Meta:
        ordering = ["workstream", "position", "pk"]
        verbose_name_plural = "activities"
        constraints = [
            models.UniqueConstraint(
                fields=["workstream", "title"], name="activity_title_unique_per_workstream"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def mark_in(self, year: int) -> str:
        return self.timeline.get(str(year), "")

    @property
    def cells(self) -> list[tuple[str, str]]:
        """(financial year, mark) for each year of the plan, for the timeline table."""
        return [(financial_year(y), self.mark_in(y)) for y in self.workstream.version.years]
