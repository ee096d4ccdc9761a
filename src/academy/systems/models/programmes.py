"""Systems OD programmes and the case studies they end as (seed 004; seed 002's four ICS case studies).

A programme belongs to one ICS and is edited by that system's OD lead. Its participants are people from
the staff records or roles ("Chief Executive, Hertfordshire County Council"); diagnostic conversations are
held with consent and only a summary is kept; pre-work profiles hold the five conflict-handling mode scores
that a participant entered from their own questionnaire (no questionnaire is shipped here).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from academy.core.models import TimeStampedModel
from academy.offers.models import Offer
from academy.people.models import ICS, Organisation, Person

__all__ = [
    "CONFLICT_MODES",
    "MODE_MAX",
    "MODE_TOTAL",
    "ConflictProfile",
    "DiagnosticConversation",
    "Programme",
    "ProgrammeParticipant",
    "Workshop",
]

# The five conflict-handling modes, in the order the snapshot prints them.
CONFLICT_MODES: list[tuple[str, str]] = [
    ("competing", "Competing"),
    ("collaborating", "Collaborating"),
    ("compromising", "Compromising"),
    ("avoiding", "Avoiding"),
    ("accommodating", "Accommodating"),
]
MODE_MAX = 12  # a mode scores 0 to 12
MODE_TOTAL = 30  # one point for each of the 30 choices: the five scores add up to 30


class Programme(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    ics = models.ForeignKey(ICS, on_delete=models.PROTECT, related_name="od_programmes")
    title = models.CharField(max_length=200)  # "Systems Leaders Group Development"
    sponsor = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="sponsored_od_programmes"
    )
    sponsor_role = models.CharField(max_length=200, blank=True)  # "ICS Chief Executive", if no person
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    # The case study's sections, in seed 004's order. Blank lines part paragraphs; "- " starts a bullet.
    introduction = models.TextField(blank=True)
    background = models.TextField(blank=True)
    approach = models.TextField(blank=True)
    participants_summary = models.TextField(blank=True)
    outcomes = models.TextField(blank=True)
    operating_principles = models.TextField(blank=True)
    learning = models.TextField("learning and insights", blank=True)
    next_steps = models.TextField("observations and next steps", blank=True)
    version = models.PositiveIntegerField(default=1)  # an edit names the version it saw
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["ics__name", "-started_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="systems_programme_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="systems_programme_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.ics.short_name or self.ics.name})"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class ProgrammeParticipant(models.Model):
    """A person from the staff records, or a role (with its organisation) where no person is recorded."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, null=True, blank=True, related_name="od_programme_places"
    )
    role = models.CharField(max_length=200, blank=True)  # "Chief Executive"
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False) | ~Q(role=""), name="systems_participant_person_or_role"
            ),
            models.UniqueConstraint(
                fields=["programme", "person"],
                condition=Q(person__isnull=False),
                name="systems_participant_once",
            ),
        ]

    def __str__(self) -> str:
        if self.person is not None:
            return self.person.full_name
        where = f", {self.organisation.name}" if self.organisation is not None else ""
        return f"{self.role}{where}"


class DiagnosticConversation(TimeStampedModel):
    """A conversation held with a participant's consent; only its summary is kept."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="diagnostics")
    participant = models.ForeignKey(
        ProgrammeParticipant, on_delete=models.CASCADE, related_name="diagnostics", null=True, blank=True
    )
    held_on = models.DateField()
    consent = models.BooleanField()
    summary = models.TextField()

    class Meta:
        ordering = ["held_on", "pk"]
        constraints = [models.CheckConstraint(condition=Q(consent=True), name="systems_diagnostic_consent")]


class ConflictProfile(models.Model):
    """One participant's five conflict-handling mode scores, as they entered them."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="profiles")
    participant = models.ForeignKey(ProgrammeParticipant, on_delete=models.CASCADE, related_name="profiles")
    competing = models.PositiveSmallIntegerField()
    collaborating = models.PositiveSmallIntegerField()
    compromising = models.PositiveSmallIntegerField()
    avoiding = models.PositiveSmallIntegerField()
    accommodating = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "participant"], name="systems_profile_once"),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{mode}__lte": MODE_MAX}), name=f"systems_profile_{mode}_max"
                )
                for mode, _ in CONFLICT_MODES
            ],
        ]

    def __str__(self) -> str:
        return f"Conflict-handling scores of {self.participant}"

    def scores(self) -> dict[str, int]:
        return {mode: getattr(self, mode) for mode, _ in CONFLICT_MODES}


class Workshop(models.Model):
    """A workshop or group session of the programme; it can be an offer, whose attendance it then shows."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="workshops")
    title = models.CharField(max_length=200)
    held_on = models.DateField()
    aims = models.TextField(blank=True)
    offer = models.ForeignKey(Offer, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    attended = models.PositiveIntegerField(null=True, blank=True)  # counted by hand when there is no offer

    class Meta:
        ordering = ["held_on", "pk"]

    def __str__(self) -> str:
        return self.title
