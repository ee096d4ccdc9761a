"""Outcome-based accountability measures (seed 002, SNEE: "turning the curve").

A measure has its population, a baseline value on a date, data points after it, a target, the story
behind the curve, and the partners and actions that will turn it. It attaches to a programme; the plan
attachment is one more nullable key beside `programme`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from academy.core.models import TimeStampedModel
from academy.people.models import ICS

from .programmes import Programme

__all__ = ["Measure", "MeasurePoint"]


class Measure(TimeStampedModel):
    ics = models.ForeignKey(ICS, on_delete=models.PROTECT, related_name="od_measures")
    programme = models.ForeignKey(
        Programme, on_delete=models.SET_NULL, null=True, blank=True, related_name="measures"
    )
    plan = models.ForeignKey(
        "systems.Plan", on_delete=models.SET_NULL, null=True, blank=True, related_name="measures"
    )
    title = models.CharField(max_length=200)  # "Emergency admissions for falls, people aged 65 and over"
    population = models.CharField(max_length=300)  # "Residents of Suffolk and North East Essex aged 65+"
    unit = models.CharField(max_length=60, blank=True)  # "per 100,000"
    baseline_on = models.DateField()
    baseline_value = models.DecimalField(max_digits=14, decimal_places=2)
    target_on = models.DateField(null=True, blank=True)
    target_value = models.DecimalField(max_digits=14, decimal_places=2)
    higher_is_better = models.BooleanField(default=False)
    story = models.TextField("story behind the curve", blank=True)
    partners = models.TextField(blank=True)  # one a line
    actions = models.TextField(blank=True)  # one a line
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        ordering = ["ics__name", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target_on__isnull=True) | Q(target_on__gt=models.F("baseline_on")),
                name="systems_measure_target_after_baseline",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class MeasurePoint(models.Model):
    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="points")
    on = models.DateField()
    value = models.DecimalField(max_digits=14, decimal_places=2)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["on"]
        constraints = [models.UniqueConstraint(fields=["measure", "on"], name="systems_measure_point_once")]

    def __str__(self) -> str:
        return f"{self.measure}: {self.value} on {self.on}"
