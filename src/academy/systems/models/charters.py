"""A leadership charter (seed 003): the shared principles, what each leader and the collective leadership
group commit to, and the values. Leaders sign it with their own login; each signature keeps the text
that was signed, so a later review never changes what someone put their name to."""

from django.db import models
from django.db.models import Q

from academy.core.models import TimeStampedModel
from academy.people.models import ICS, Organisation, Person

__all__ = ["Charter", "Signature"]


class Charter(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Open for signing"

    ics = models.ForeignKey(ICS, on_delete=models.PROTECT, related_name="charters")
    title = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    revision = models.PositiveIntegerField(default=1)
    principles = models.JSONField(default=list, blank=True)
    leader_commitments = models.JSONField("As a leader I will", default=list, blank=True)
    collective_commitments = models.JSONField(
        "As a collective leadership group we will", default=list, blank=True
    )
    values = models.JSONField(default=list, blank=True)
    review_on = models.DateField(null=True, blank=True)
    reviews = models.PositiveSmallIntegerField(default=0)  # reviews so far: tells reminders apart
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["ics__name", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False), name="charter_published_has_date"
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def text(self) -> dict[str, list[str]]:
        return {
            "principles": list(self.principles),
            "leader_commitments": list(self.leader_commitments),
            "collective_commitments": list(self.collective_commitments),
            "values": list(self.values),
        }


class Signature(TimeStampedModel):
    charter = models.ForeignKey(Charter, on_delete=models.CASCADE, related_name="signatures")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="charter_signatures")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )  # where they worked when they signed: the charter counts signatures by organisation
    job_title = models.CharField(max_length=200, blank=True)
    signed_text = models.JSONField(default=dict)
    signed_revision = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["charter", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["charter", "person"], name="charter_signed_once_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.person} signed {self.charter}"
