"""Helpers for evaluation tests: attended cohorts, surveys and responses built through the services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from academy.evaluation.models import Instrument, Survey
from academy.evaluation.services import (
    invitation_token,
    response_submit,
    survey_create,
    survey_send_invitations,
)
from academy.offers.models import Cohort, Session
from academy.people.models import Person
from tests.factories import CohortFactory, PersonFactory, SessionFactory, attendance, booking


def standard(key: str = "session-evaluation") -> Instrument:
    return Instrument.objects.filter(key=key).order_by("-version").first()  # type: ignore[return-value]


def attended_session(people: int, *, cohort: Cohort | None = None) -> tuple[Session, list[Person]]:
    """A past session with `people` bookings marked present."""
    cohort = cohort or CohortFactory(starts_on=timezone.localdate() - dt.timedelta(days=10))
    session = SessionFactory(cohort=cohort)
    attendees = []
    for _ in range(people):
        person = PersonFactory()
        attendance(session, booking(cohort, person))
        attendees.append(person)
    return session, attendees


def open_survey(
    session: Session, *, anonymous: bool = True, key: str = "session-evaluation", by: Any = None
) -> Survey:
    now = timezone.now()
    return survey_create(
        instrument=standard(key),
        session=session,
        anonymous=anonymous,
        opens_at=now - dt.timedelta(hours=1),
        closes_at=now + dt.timedelta(days=14),
        by=by,
    )


def invite_all(survey: Survey) -> list[str]:
    survey_send_invitations(survey=survey, by=None)
    return [invitation_token(i) for i in survey.invitations.order_by("id")]


AGREE_ANSWERS = {
    "apply_learning": "strongly_agree",
    "development_objectives": "agree",
    "lead_and_influence": "agree",
}


def answer(token: str, **overrides: Any) -> Any:
    answers = {**AGREE_ANSWERS, **overrides}
    consents = set(answers.pop("_consents", []))
    return response_submit(invitation_token=token, answers=answers, consents=consents)
