"""Migrations 0008-0010: every survey written before them gets its offer's academy and, as its subject, its
session, else its cohort, else its offer; filling again changes nothing."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from academy.evaluation.models import Survey
from tests.factories import SessionFactory

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("evaluation", "0007_survey_anonymity_lock")]
AFTER = [("evaluation", "0010_survey_academy_required")]


def test_old_surveys_get_their_academy_and_subject():
    session = SessionFactory()
    cohort, offer = session.cohort, session.cohort.offer
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    instrument = old.get_model("evaluation", "Instrument").objects.create(name="Old", status="published")
    now = timezone.now()
    made = {
        kind: old.get_model("evaluation", "Survey")
        .objects.create(
            instrument=instrument,
            title=kind,
            offer_id=offer.pk,
            cohort_id=cohort.pk if kind != "offer" else None,
            session_id=session.pk if kind == "session" else None,
            opens_at=now,
            closes_at=now + dt.timedelta(days=1),
        )
        .pk
        for kind in ("offer", "cohort", "session")
    }

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)

    surveys = {kind: Survey.objects.get(pk=pk) for kind, pk in made.items()}
    assert {kind: s.academy_id for kind, s in surveys.items()} == dict.fromkeys(made, offer.academy_id)
    assert surveys["offer"].subject == offer
    assert surveys["cohort"].subject == cohort
    assert surveys["session"].subject == session
