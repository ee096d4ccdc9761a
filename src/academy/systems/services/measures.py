"""Every write for outcome-based accountability measures, asking `can_edit_system_record` first."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from academy.core.audit import audit_record
from academy.core.dates import long_date
from academy.core.types import Actor
from academy.people.models import ICS

from ..models import Measure, MeasurePoint, Plan, Programme
from .programmes import _actor, require_edit

__all__ = ["measure_create", "measure_point_add", "measure_publish"]


@transaction.atomic
def measure_create(
    *,
    ics: ICS,
    title: str,
    population: str,
    baseline_on: dt.date,
    baseline_value: Decimal,
    target_value: Decimal,
    target_on: dt.date | None = None,
    higher_is_better: bool = False,
    unit: str = "",
    story: str = "",
    partners: str = "",
    actions: str = "",
    programme: Programme | None = None,
    plan: Plan | None = None,
    by: Actor | None,
) -> Measure:
    require_edit(by, ics)
    if programme is not None and programme.ics_id != ics.pk:
        raise ValidationError({"programme": "Choose a programme of the same integrated care system."})
    if plan is not None and plan.ics_id != ics.pk:
        raise ValidationError({"plan": "Choose a plan of the same integrated care system."})
    if not title.strip():
        raise ValidationError({"title": "Enter what the measure counts."})
    if not population.strip():
        raise ValidationError({"population": "Enter the population the measure is about."})
    if target_on is not None and target_on <= baseline_on:
        raise ValidationError({"target_on": "The target date must be after the baseline date."})
    measure = Measure.objects.create(
        ics=ics,
        programme=programme,
        plan=plan,
        title=title.strip(),
        population=population.strip(),
        unit=unit,
        baseline_on=baseline_on,
        baseline_value=baseline_value,
        target_on=target_on,
        target_value=target_value,
        higher_is_better=higher_is_better,
        story=story,
        partners=partners,
        actions=actions,
        created_by=_actor(by),
    )
    audit_record(actor=by, action="systems.measure.create", obj=measure)
    return measure


@transaction.atomic
def measure_point_add(
    *, measure: Measure, on: dt.date, value: Decimal, note: str = "", by: Actor | None
) -> MeasurePoint:
    """A data point after the baseline; one a date."""
    require_edit(by, measure.ics_id)
    locked = Measure.objects.select_for_update().get(pk=measure.pk)
    if on < locked.baseline_on:
        raise ValidationError(
            {"on": f"A data point cannot be dated before the baseline, {long_date(locked.baseline_on)}."}
        )
    if on == locked.baseline_on:
        raise ValidationError({"on": "The baseline is already the value on this date: choose a later date."})
    if locked.points.filter(on=on).exists():
        raise ValidationError({"on": f"There is already a data point for {long_date(on)}."})
    point = MeasurePoint.objects.create(measure=locked, on=on, value=value, note=note)
    audit_record(actor=by, action="systems.measure.point", obj=locked, point=point.pk)
    return point


@transaction.atomic
def measure_publish(*, measure: Measure, by: Actor | None) -> Measure:
    require_edit(by, measure.ics_id)
    locked = Measure.objects.select_for_update().get(pk=measure.pk)
    if locked.published_at is None:
        locked.published_at = timezone.now()
        locked.save(update_fields=["published_at", "updated_at"])
        audit_record(actor=by, action="systems.measure.publish", obj=locked)
    return locked
