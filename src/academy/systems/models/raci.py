"""RACI matrices for partnerships: activities down the side, organisations or roles across the top, and
in each cell Responsible, Accountable, Consulted or Informed. Every activity has exactly one Accountable
party: the service checks it for each row it writes, and the database refuses a second."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from academy.core.models import TimeStampedModel
from academy.people.models import ICS, Organisation

from .programmes import Programme

__all__ = ["RaciActivity", "RaciCell", "RaciMatrix", "RaciParty"]


class RaciMatrix(TimeStampedModel):
    ics = models.ForeignKey(ICS, on_delete=models.PROTECT, related_name="raci_matrices")
    programme = models.ForeignKey(
        Programme, on_delete=models.SET_NULL, null=True, blank=True, related_name="raci_matrices"
    )
    title = models.CharField(max_length=200)
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["ics__name", "title"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class RaciParty(models.Model):
    """A column: an organisation from the records, or a role or group named in words."""

    matrix = models.ForeignKey(RaciMatrix, on_delete=models.CASCADE, related_name="parties")
    name = models.CharField(max_length=200)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["matrix", "name"], name="systems_raci_party_once")]

    def __str__(self) -> str:
        return self.name


class RaciActivity(models.Model):
    matrix = models.ForeignKey(RaciMatrix, on_delete=models.CASCADE, related_name="activities")
    name = models.CharField(max_length=300)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["matrix", "name"], name="systems_raci_activity_once")]

    def __str__(self) -> str:
        return self.name


class RaciCell(models.Model):
    class Letter(models.TextChoices):
        RESPONSIBLE = "R", "Responsible"
        ACCOUNTABLE = "A", "Accountable"
        CONSULTED = "C", "Consulted"
        INFORMED = "I", "Informed"

    activity = models.ForeignKey(RaciActivity, on_delete=models.CASCADE, related_name="cells")
    party = models.ForeignKey(RaciParty, on_delete=models.CASCADE, related_name="cells")
    letter = models.CharField(max_length=1, choices=Letter.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["activity", "party"], name="systems_raci_cell_once"),
            models.UniqueConstraint(
                fields=["activity"], condition=Q(letter="A"), name="systems_raci_one_accountable"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity}: {self.party} {self.letter}"
