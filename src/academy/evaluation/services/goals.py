"""Personal goals: setting one and rating it afterwards."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Model
from django.utils import timezone

from academy.core.audit import audit_record
from academy.core.dates import long_date, start_of_day
from academy.core.types import Actor
from academy.offers.models import Cohort, Session
from academy.people.models import Person

from ..models import Goal, Survey
from ..permissions import can_rate_goal, can_set_goal
from ..selectors import cohorts_for_goals
from ..subjects import survey_subject_of


def _clean_rating(name: str, value: Any, errors: dict[str, str]) -> int | None:
    if value is None or value == "":
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        errors[name] = "Enter a whole number from 1 to 10."
        return None
    if isinstance(value, bool) or not 1 <= number <= 10 or str(value).strip() not in (str(number),):
        errors[name] = "Enter a whole number from 1 to 10."
        return None
    return number


def goal_create(
    *,
    person: Person,
    theme: str,
    text: str,
    cohort: Cohort | None = None,
    survey: Survey | None = None,
    subject: Model | None = None,
    rating_before: Any = None,
    by: Actor | None,
) -> Goal:
    """A goal about a cohort the person has a place on, or about a registered `subject` (a coaching
    relationship, say) that names them among its participants."""
    if isinstance(subject, Cohort):
        cohort, subject = subject, None
    registered = survey_subject_of(subject) if subject is not None else None
    if subject is not None and (registered is None or subject.pk is None):
        raise ValidationError({"subject": "Goals cannot be about this."})
    if by is not None and not can_set_goal(by, person, cohort, subject):
        raise PermissionDenied("You can only set your own goals.")
    errors: dict[str, str] = {}
    if subject is not None and cohort is not None:
        errors["subject"] = "A goal is about a cohort or about another subject, not both."
    if not theme.strip():
        errors["theme"] = "Choose the area your goal is about."
    if not text.strip():
        errors["text"] = "Describe your goal."
    before = _clean_rating("rating_before", rating_before, errors)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # A person's goal belongs to a cohort they have (or had) a confirmed place on, whether set on the
        # page or through the API; the system (by=None: imports, demo data) records goals as it finds them.
        if (
            by is not None
            and cohort is not None
            and not cohorts_for_goals(person=person).filter(pk=cohort.pk).exists()
        ):
            raise ValidationError({"cohort": "Choose a cohort you have a place on."})
        if (
            by is not None
            and registered is not None
            and person.pk not in {p.pk for p in registered.participants_of(subject)}
        ):
            raise ValidationError({"subject": f"Choose a {registered.label} you take part in."})
        goal = Goal.objects.create(
            person=person,
            subject=subject,
            theme=theme.strip()[:200],
            text=text.strip(),
            cohort=cohort,
            survey=survey,
            rating_before=before,
        )
        audit_record(actor=by, action="evaluation.goal.create", obj=goal)
    return goal


def goal_after_rating_opens(goal: Goal) -> dt.datetime | None:
    """When a goal can be rated "after": once its cohort's last session has started, so people can rate
    themselves in the closing session itself (or, with no sessions yet, from the start of the cohort's
    last day). None for a goal with no cohort: nothing to wait for."""
    if goal.cohort_id is None:
        return None
    last = Session.objects.filter(cohort_id=goal.cohort_id).aggregate(last=Max("starts_at"))["last"]
    if last is not None:
        return last
    cohort = Cohort.objects.only("ends_on").get(pk=goal.cohort_id)
    return start_of_day(cohort.ends_on)


def goal_rate(
    *,
    goal: Goal,
    rating_before: Any = None,
    rating_after: Any = None,
    by: Actor | None,
    now: dt.datetime | None = None,
) -> Goal:
    if by is not None and not can_rate_goal(by, goal):
        raise PermissionDenied("You can only rate your own goals.")
    errors: dict[str, str] = {}
    before = _clean_rating("rating_before", rating_before, errors)
    after = _clean_rating("rating_after", rating_after, errors)
    with transaction.atomic():
        # Decide on the ratings as stored now: a "before" given in another request since `goal` was read.
        locked = Goal.objects.select_for_update().get(pk=goal.pk)
        goal.rating_before, goal.rating_after = locked.rating_before, locked.rating_after
        if after is not None and before is None and goal.rating_before is None:
            errors["rating_after"] = (
                "Rate yourself before the first session before rating yourself after the last."
            )
        opens = goal_after_rating_opens(goal) if after is not None else None
        if opens is not None and (now or timezone.now()) < opens:
            errors["rating_after"] = (
                "You can rate your progress after the programme once its last session has started, "
                f"on {long_date(opens)}."
            )
        if errors:
            raise ValidationError(errors)
        if before is not None:
            goal.rating_before = before
        if after is not None:
            goal.rating_after = after
        goal.save(update_fields=["rating_before", "rating_after", "updated_at"])
        audit_record(actor=by, action="evaluation.goal.rate", obj=goal)
    return goal
