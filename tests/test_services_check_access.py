"""Every service that writes checks its access rule itself: called directly by someone the rule
refuses, it raises PermissionDenied and writes nothing (no row added, changed or removed, no audit
entry, no e-mail queued), whatever the page or the API in front of it would have checked.

The actor is a programme manager of another academy who also has a staff record: the person nearest
to being allowed who still is not. by=None ("the system": imports, scheduled jobs, demo data) is not
tested here; the services that accept it say so."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.forms.models import model_to_dict
from django.utils import timezone

from academy.coaching import services as coaching
from academy.coaching.models import MatchingRun, ShortlistEntry
from academy.credentials import services as credentials
from academy.evaluation import imports as evaluation_imports
from academy.evaluation import services as evaluation
from academy.evaluation.models import Goal, Theme, ThemeSet
from academy.feedback360 import services as feedback360
from academy.interchange import services as interchange
from academy.learning_sets import services as learning_sets
from academy.offers import services as offers
from academy.offers.models import AdjustmentRequest, Booking
from academy.people import services as people
from academy.people.models import Role, RoleAssignment
from academy.systems import services as systems
from academy.systems.services import measures as systems_measures
from academy.systems.services import programmes as systems_programmes
from academy.systems.services import raci as systems_raci
from academy.validation import services as validation
from tests.coaching.helpers import active, ask, introduced, practitioner
from tests.evaluation.helpers import attended_session, open_survey, standard
from tests.factories import (
    AcademyFactory,
    PersonFactory,
    UserFactory,
    booking,
    grant,
    programme_manager,
)
from tests.validation.helpers import pdf as validation_pdf

pytestmark = pytest.mark.django_db


@dataclass
class World:
    academy: Any
    offer: Any
    cohort: Any
    session: Any
    survey: Any
    participant: Any
    booking: Any
    goal: Goal
    theme_set: ThemeSet
    theme: Theme
    other_theme: Theme
    draft: Any
    adjustment: AdjustmentRequest
    sponsored: Booking
    assignment: RoleAssignment
    stranger: Any
    hub: Any = None  # the coaching hub's objects (a SimpleNamespace)
    sets: Any = None  # a community, a pool with a draft run, and a published set (tests.learning_sets)
    interchange: Any = None  # an opportunity, a request, arrangements at each stage, a draft run
    sysod: Any = None  # an ICS's systems OD programme, measure and RACI matrix (tests.systems)
    f360: Any = None  # an open and a shared closed 360 of the active relationship's coachee (feedback360)
    plans: Any = None  # an ICS's draft plan with a workstream and an activity, and a published charter
    validation: Any = None  # routes decided, submitted and interviewed (tests.validation.helpers)


@pytest.fixture
def world() -> World:
    session, people_present = attended_session(2)
    cohort = session.cohort
    offer = cohort.offer
    participant = people_present[0]
    survey = open_survey(session, anonymous=False)
    own_booking = Booking.objects.get(cohort=cohort, person=participant)
    goal = Goal.objects.create(person=participant, cohort=cohort, theme="Leading change", text="Lead well")
    theme_set = ThemeSet.objects.create(
        offer=offer, survey=survey, question_code="key_takeaway", title="Themes"
    )
    theme = Theme.objects.create(theme_set=theme_set, label="Listening", order=0)
    other_theme = Theme.objects.create(theme_set=theme_set, label="Courage", order=1)
    draft = evaluation.instrument_create(name="Our own set", academy=offer.academy, by=None)
    adjustment = AdjustmentRequest.objects.create(booking=own_booking, request="Step-free access")
    sponsor = PersonFactory(organisation=participant.organisation)
    sponsored = booking(cohort, PersonFactory(), status=Booking.Status.AWAITING_SPONSOR, sponsor=sponsor)
    assignment = grant(UserFactory(), Role.PROGRAMME_MANAGER, academy=offer.academy)
    from types import SimpleNamespace

    relationship = introduced(offer.academy)
    going = active(offer.academy)
    logged = coaching.session_log(
        relationship=going, by=going.requester.user, held_on=timezone.localdate(), minutes=60
    )
    waiting = ask(offer.academy)
    entry = ShortlistEntry.objects.create(request=waiting, practitioner=practitioner(offer.academy), rank=1)
    type(waiting).objects.filter(pk=waiting.pk).update(status="shortlisted")
    run = MatchingRun.objects.create(academy=offer.academy, kind="coaching", weights={})
    reviewed = MatchingRun.objects.create(
        academy=offer.academy, kind="coaching", weights={}, status="reviewed"
    )
    programme = coaching.programme_create(
        academy=offer.academy,
        by=None,
        title="PCN",
        provider="P",
        starts_on=dt.date(2022, 1, 1),
        ends_on=dt.date(2022, 6, 1),
    )
    place = coaching.programme_participant_add(programme=programme, person=PersonFactory(), by=None)
    place_goal = coaching.programme_goal_add(
        participant=place, by=None, theme="Other", text="Grow", rating_before=3
    )
    journey = coaching.team_journey_create(
        academy=offer.academy,
        by=None,
        team_name="Board",
        team_leader=PersonFactory(),
        engagement_on=dt.date(2022, 1, 1),
    )
    from academy.coaching.models import Exclusion

    hub = SimpleNamespace(
        exclusion=Exclusion.objects.create(person=PersonFactory(), excluded=PersonFactory()),
        programme=programme,
        place=place,
        place_goal=place_goal,
        journey=journey,
        profile=relationship.practitioner,
        relationship=relationship,
        active=going,
        session=logged,
        request=waiting,
        entry=entry,
        run=run,
        reviewed=reviewed,
    )
    return World(
        hub=hub,
        academy=offer.academy,
        offer=offer,
        cohort=cohort,
        session=session,
        survey=survey,
        participant=participant,
        booking=own_booking,
        goal=goal,
        theme_set=theme_set,
        theme=theme,
        other_theme=other_theme,
        draft=draft,
        adjustment=adjustment,
        sponsored=sponsored,
        assignment=assignment,
        stranger=programme_manager(AcademyFactory()),
        sets=learning_sets_world(offer.academy, offer),
        interchange=interchange_world(offer.academy),
        sysod=_sysod_world(),
        f360=feedback360_world(going),
        plans=systems_plans_world(),
        validation=validation_world(),
    )


def validation_world() -> Any:
    """A decided route with one element evidenced and a milestone, a submitted claim with its panel, and
    an interviewed one (each in its own academy: the stranger manages none of them)."""
    from types import SimpleNamespace

    from tests.validation.helpers import pdf, small_spec
    from tests.validation.helpers import world as validation_route

    decided, submitted, interviewed = (
        validation_route(to=t) for t in ("decided", "submitted", "interviewed")
    )
    element = decided.elements[0]
    by = decided.practitioner.user
    validation.claim_entry_save(route=decided.route, element=element, narrative="Mine", by=by)
    evidence = validation.evidence_add(route=decided.route, element=element, title="E", upload=pdf(), by=by)
    milestone = validation.milestone_add(route=decided.route, title="M", due_on=TODAY, by=by)
    second = validation.framework_import(spec=small_spec(slug=decided.framework.slug, version="2"), by=None)
    return SimpleNamespace(
        decided=decided,
        submitted=submitted,
        interviewed=interviewed,
        element=element,
        evidence=evidence,
        milestone=milestone,
        second=second,
    )


def feedback360_world(relationship: Any) -> Any:
    from types import SimpleNamespace

    from tests.feedback360.helpers import academy_with_statements, start

    academy = academy_with_statements()
    coachee = relationship.requester
    open_ = start(academy, participant=coachee)
    closed = start(academy, participant=coachee)
    feedback360.assessment_close(assessment=closed, by=coachee.user)
    share = feedback360.share_create(assessment=closed, relationship=relationship, by=coachee.user)
    return SimpleNamespace(
        academy=academy,
        open=open_,
        closed=closed,
        share=share,
        statement=academy.feedback360_statements.first(),
    )


def _sysod_world() -> Any:
    from tests.systems.programmes_world import build_programmes

    return build_programmes()


def systems_plans_world() -> Any:
    from tests.systems.helpers import plan_world

    w = plan_world()
    w.activity = w.leadership.activities.first()
    w.charter = systems.charter_publish(
        charter=systems.charter_create(ics=w.ics, title="Charter", leader_commitments=["Listen"], by=None),
        by=None,
    )
    return w


TODAY = dt.date(2030, 1, 1)


def interchange_world(academy: Any) -> Any:
    """The academy's interchange: an opportunity, a request, arrangements waiting for the manager, agreed
    and completed, and a draft matching run."""
    from types import SimpleNamespace

    from academy.interchange.models import MatchingRun as InterchangeRun
    from tests.interchange.helpers import agreed, ask_to_learn, learner, offer

    opportunity = offer(academy, capacity=3)
    waiting = interchange.opportunity_ask(opportunity=opportunity, by=learner().user)
    going = agreed(interchange.opportunity_ask(opportunity=opportunity, by=learner().user))
    today = timezone.localdate()
    interchange.arrangement_schedule(arrangement=going, starts_on=today, ends_on=today, by=going.learner.user)
    done = agreed(interchange.opportunity_ask(opportunity=offer(academy), by=learner().user))
    interchange.arrangement_schedule(arrangement=done, starts_on=today, ends_on=today, by=done.learner.user)
    interchange.arrangement_complete(arrangement=done, by=done.learner.user)
    return SimpleNamespace(
        opportunity=opportunity,
        waiting=waiting,
        going=going,
        done=done,
        request=ask_to_learn(academy, learner()),
        run=InterchangeRun.objects.create(academy=academy),
    )


def learning_sets_world(academy: Any, offer: Any) -> Any:
    """A community of the academy with a member, a pool with a draft formation, and a published set."""
    from types import SimpleNamespace

    from tests.learning_sets.helpers import pool_world

    draft = pool_world(10)
    published = pool_world(10)
    for w in (draft, published):  # the academy under test owns them
        w.pool.academy = academy
        w.pool.save()
        w.community.academy = academy
        w.community.save()
    run = learning_sets.formation_run_create(pool=draft.pool, by=None)
    done = learning_sets.formation_run_create(pool=published.pool, by=None)
    first = learning_sets.formation_publish(run=done, version=done.version, by=None)[0]
    return SimpleNamespace(
        community=draft.community,
        pool=draft.pool,
        run=run,
        learning_set=first,
        member=draft.people[0],
        offer=offer,
    )


def _credential(w: World, *, suspended: bool = False) -> Any:
    """The participant's course certificate (a valid one, or a suspended one for another booking),
    issued by the system; course certificates are registered as a subject as tests/credentials does."""
    from tests.credentials.helpers import COURSE, register_bookings

    register_bookings()
    name = "suspended_credential" if suspended else "credential"
    if not hasattr(w, name):
        made = credentials.credential_issue(
            subject=w.sponsored if suspended else w.booking, achievement=COURSE, by=None
        )
        if suspended:
            made = credentials.credential_suspend(credential=made, reason="Under review", by=None)
        setattr(w, name, made)
    return getattr(w, name)


def _at(days: int) -> dt.datetime:
    return timezone.now() + dt.timedelta(days=days)


# (name, the call as `by`, the object whose stored fields must not change)
Case = tuple[str, Callable[[World, Any], Any], Callable[[World], Any] | None]

CASES: list[Case] = [
    # evaluation
    (
        "instrument_create",
        lambda w, by: evaluation.instrument_create(name="X", academy=w.academy, by=by),
        None,
    ),
    (
        "question_add",
        lambda w, by: evaluation.question_add(
            instrument=w.draft, code="q", text="Q?", type="free_text", by=by
        ),
        lambda w: w.draft,
    ),
    (
        "instrument_publish",
        lambda w, by: evaluation.instrument_publish(instrument=w.draft, by=by),
        lambda w: w.draft,
    ),
    (
        "instrument_new_version",
        lambda w, by: evaluation.instrument_new_version(instrument=w.draft, by=by),
        lambda w: w.draft,
    ),
    (
        "survey_create",
        lambda w, by: evaluation.survey_create(instrument=standard(), cohort=w.cohort, by=by),
        None,
    ),
    ("survey_close", lambda w, by: evaluation.survey_close(survey=w.survey, by=by), lambda w: w.survey),
    (
        "survey_send_invitations",
        lambda w, by: evaluation.survey_send_invitations(survey=w.survey, by=by),
        lambda w: w.survey,
    ),
    (
        "survey_anonymity_change",
        lambda w, by: evaluation.survey_anonymity_change(survey=w.survey, anonymous=True, by=by),
        lambda w: w.survey,
    ),
    (
        "survey_send_reminders",
        lambda w, by: evaluation.survey_send_reminders(survey=w.survey, by=by, now=_at(7)),
        lambda w: w.survey,
    ),
    (
        "responses_create_bulk",
        lambda w, by: evaluation.responses_create_bulk(
            survey=w.survey, rows=[], source="import", submitted_at=timezone.now(), by=by
        ),
        lambda w: w.survey,
    ),
    (
        "responses_import",
        lambda w, by: evaluation_imports.responses_import(
            survey=w.survey, filename="x.csv", file=b"a\n1\n", mapping={}, invited=5, by=by
        ),
        lambda w: w.survey,
    ),
    (
        "survey_imported_invited_set",
        lambda w, by: evaluation_imports.survey_imported_invited_set(survey=w.survey, invited=5, by=by),
        lambda w: w.survey,
    ),
    (
        "goal_create",
        lambda w, by: evaluation.goal_create(
            person=w.participant, cohort=w.cohort, theme="Leading change", text="Mine", by=by
        ),
        None,
    ),
    ("goal_rate", lambda w, by: evaluation.goal_rate(goal=w.goal, rating_before=3, by=by), lambda w: w.goal),
    (
        "themeset_create",
        lambda w, by: evaluation.themeset_create(offer=w.offer, question_code="key_takeaway", by=by),
        None,
    ),
    (
        "theme_rename",
        lambda w, by: evaluation.theme_rename(theme=w.theme, label="New", by=by),
        lambda w: w.theme,
    ),
    (
        "theme_merge",
        lambda w, by: evaluation.theme_merge(themes=[w.theme, w.other_theme], by=by),
        lambda w: w.other_theme,
    ),
    (
        "theme_split",
        lambda w, by: evaluation.theme_split(theme=w.theme, answer_ids=[1], label="New", by=by),
        lambda w: w.theme,
    ),
    (
        "answer_move",
        lambda w, by: evaluation.answer_move(theme_set=w.theme_set, answer_id=1, to_theme=w.theme, by=by),
        lambda w: w.theme,
    ),
    (
        "themes_edit",
        lambda w, by: evaluation.themes_edit(
            theme_set=w.theme_set, operation="rename", theme=w.theme.pk, label="New", by=by
        ),
        lambda w: w.theme,
    ),
    # offers
    (
        "offer_create",
        lambda w, by: offers.offer_create(
            academy=w.academy, by=by, title="T", kind=w.offer.kind, summary="S", delivery_format="virtual"
        ),
        None,
    ),
    (
        "offer_update",
        lambda w, by: offers.offer_update(offer=w.offer, by=by, title="Changed"),
        lambda w: w.offer,
    ),
    (
        "cohort_create",
        lambda w, by: offers.cohort_create(
            offer=w.offer, by=by, name="C", capacity=5, starts_on=TODAY, ends_on=TODAY + dt.timedelta(days=9)
        ),
        None,
    ),
    (
        "cohort_update",
        lambda w, by: offers.cohort_update(cohort=w.cohort, by=by, name="Changed"),
        lambda w: w.cohort,
    ),
    (
        "session_create",
        lambda w, by: offers.session_create(
            cohort=w.cohort, by=by, title="S", starts_at=_at(30), ends_at=_at(30) + dt.timedelta(hours=1)
        ),
        None,
    ),
    (
        "session_update",
        lambda w, by: offers.session_update(session=w.session, by=by, title="Changed"),
        lambda w: w.session,
    ),
    ("session_delete", lambda w, by: offers.session_delete(session=w.session, by=by), lambda w: w.session),
    (
        "booking_create",
        lambda w, by: offers.booking_create(cohort=w.cohort, person=w.sponsored.sponsor, by=by),
        None,
    ),
    ("booking_cancel", lambda w, by: offers.booking_cancel(booking=w.booking, by=by), lambda w: w.booking),
    (
        "booking_sponsor_decide",
        lambda w, by: offers.booking_sponsor_decide(booking=w.sponsored, by=by, approve=True),
        lambda w: w.sponsored,
    ),
    (
        "booking_application_decide",
        lambda w, by: offers.booking_application_decide(booking=w.sponsored, by=by, approve=True),
        lambda w: w.sponsored,
    ),
    (
        "adjustment_respond",
        lambda w, by: offers.adjustment_respond(adjustment=w.adjustment, by=by, response="Yes"),
        lambda w: w.adjustment,
    ),
    (
        "cohort_email_send",
        lambda w, by: offers.cohort_email_send(
            cohort=w.cohort, by=by, subject="Hello", message="Hi", audience="confirmed", send_key="k"
        ),
        lambda w: w.cohort,
    ),
    (
        "attendance_mark",
        lambda w, by: offers.attendance_mark(session=w.session, by=by, marks={w.booking.pk: "absent"}),
        lambda w: w.booking,
    ),
    (
        "project_submit",
        lambda w, by: offers.project_submit(booking=w.booking, by=by, title="P", summary="S"),
        lambda w: w.booking,
    ),
    (
        "exclusion_remove",
        lambda w, by: coaching.exclusion_remove(exclusion=w.hub.exclusion, by=by),
        lambda w: w.hub.exclusion,
    ),
    # coaching: commissioned programmes and team coaching journeys
    (
        "programme_create",
        lambda w, by: coaching.programme_create(
            academy=w.academy,
            by=by,
            title="P",
            provider="Q",
            starts_on=dt.date(2022, 1, 1),
            ends_on=dt.date(2022, 6, 1),
        ),
        None,
    ),
    (
        "programme_participant_add",
        lambda w, by: coaching.programme_participant_add(
            programme=w.hub.programme, person=w.participant, by=by
        ),
        lambda w: w.hub.programme,
    ),
    (
        "programme_session_log",
        lambda w, by: coaching.programme_session_log(
            participant=w.hub.place, by=by, held_on=dt.date(2022, 2, 1)
        ),
        lambda w: w.hub.place,
    ),
    (
        "programme_goal_add",
        lambda w, by: coaching.programme_goal_add(participant=w.hub.place, by=by, theme="Other", text="Grow"),
        lambda w: w.hub.place,
    ),
    (
        "programme_goal_rate",
        lambda w, by: coaching.programme_goal_rate(
            participant=w.hub.place, goal=w.hub.place_goal, by=by, rating_after=8
        ),
        lambda w: w.hub.place_goal,
    ),
    (
        "team_journey_create",
        lambda w, by: coaching.team_journey_create(
            academy=w.academy,
            by=by,
            team_name="T",
            team_leader=w.participant,
            engagement_on=dt.date(2022, 1, 1),
        ),
        None,
    ),
    (
        "team_journey_member_add",
        lambda w, by: coaching.team_journey_member_add(journey=w.hub.journey, person=w.participant, by=by),
        lambda w: w.hub.journey,
    ),
    (
        "team_journey_phase_start",
        lambda w, by: coaching.team_journey_phase_start(journey=w.hub.journey, by=by, on=dt.date(2022, 3, 1)),
        lambda w: w.hub.journey,
    ),
    (
        "team_journey_sessions_record",
        lambda w, by: coaching.team_journey_sessions_record(journey=w.hub.journey, by=by, sessions_held=2),
        lambda w: w.hub.journey,
    ),
    (
        "team_journey_feedback_send",
        lambda w, by: coaching.team_journey_feedback_send(journey=w.hub.journey, by=by),
        lambda w: w.hub.journey,
    ),
    # learning sets
    (
        "community_create",
        lambda w, by: learning_sets.community_create(academy=w.academy, name="C", by=by),
        None,
    ),
    (
        "community_update",
        lambda w, by: learning_sets.community_update(community=w.sets.community, name="Renamed", by=by),
        lambda w: w.sets.community,
    ),
    (
        "community_event_add",
        lambda w, by: learning_sets.community_event_add(community=w.sets.community, offer=w.offer, by=by),
        lambda w: w.sets.community,
    ),
    (
        "resource_add",
        lambda w, by: learning_sets.resource_add(
            community=w.sets.community, title="T", url="https://example.org", by=by
        ),
        None,
    ),
    (
        "announcement_send",
        lambda w, by: learning_sets.announcement_send(
            community=w.sets.community, subject="S", body="B", by=by
        ),
        None,
    ),
    (
        "pool_create",
        lambda w, by: learning_sets.pool_create(academy=w.academy, name="P", slots=["Monday"], by=by),
        None,
    ),
    (
        "pool_join",  # adding someone else is for the programme team
        lambda w, by: learning_sets.pool_join(
            pool=w.sets.pool, slots=w.sets.pool.slots[:1], person=w.participant, by=by
        ),
        None,
    ),
    (
        "formation_run_create",
        lambda w, by: learning_sets.formation_run_create(pool=w.sets.pool, by=by),
        lambda w: w.sets.pool,
    ),
    (
        "formation_move",
        lambda w, by: learning_sets.formation_move(
            run=w.sets.run, person_id=w.sets.run.sets[0][1][0], to_set=2, version=w.sets.run.version, by=by
        ),
        lambda w: w.sets.run,
    ),
    (
        "formation_publish",
        lambda w, by: learning_sets.formation_publish(run=w.sets.run, version=w.sets.run.version, by=by),
        lambda w: w.sets.run,
    ),
    (
        "set_facilitator_assign",
        lambda w, by: learning_sets.set_facilitator_assign(
            learning_set=w.sets.learning_set, person=w.participant, by=by
        ),
        lambda w: w.sets.learning_set,
    ),
    (
        "meeting_log",
        lambda w, by: learning_sets.meeting_log(
            learning_set=w.sets.learning_set, held_on=timezone.localdate(), present=[], by=by
        ),
        lambda w: w.sets.learning_set,
    ),
    # interchange
    (
        "scheme_update",
        lambda w, by: interchange.scheme_update(academy=w.academy, needs_manager_agreement=False, by=by),
        None,
    ),
    (
        "opportunity_update",
        lambda w, by: interchange.opportunity_update(opportunity=w.interchange.opportunity, title="X", by=by),
        lambda w: w.interchange.opportunity,
    ),
    (
        "request_withdraw",
        lambda w, by: interchange.request_withdraw(request=w.interchange.request, by=by),
        lambda w: w.interchange.request,
    ),
    (
        "arrangement_manager_decide",
        lambda w, by: interchange.arrangement_manager_decide(
            arrangement=w.interchange.waiting, agree=True, by=by
        ),
        lambda w: w.interchange.waiting,
    ),
    (
        "arrangement_schedule",
        lambda w, by: interchange.arrangement_schedule(
            arrangement=w.interchange.waiting, starts_on=TODAY, ends_on=TODAY, by=by
        ),
        lambda w: w.interchange.waiting,
    ),
    (
        "arrangement_complete",
        lambda w, by: interchange.arrangement_complete(arrangement=w.interchange.going, by=by),
        lambda w: w.interchange.going,
    ),
    (
        "arrangement_cancel",
        lambda w, by: interchange.arrangement_cancel(arrangement=w.interchange.waiting, by=by),
        lambda w: w.interchange.waiting,
    ),
    (
        "reflection_add",
        lambda w, by: interchange.reflection_add(arrangement=w.interchange.done, usefulness=4, by=by),
        lambda w: w.interchange.done,
    ),
    (
        "matching_run_start",
        lambda w, by: interchange.matching_run_start(academy=w.academy, by=by),
        None,
    ),
    (
        "matching_run_publish",
        lambda w, by: interchange.matching_run_publish(run=w.interchange.run, by=by),
        lambda w: w.interchange.run,
    ),
    # feedback360
    (
        "settings_update",
        lambda w, by: feedback360.settings_update(academy=w.f360.academy, min_raters=4, by=by),
        None,
    ),
    (
        "statement_add",
        lambda w, by: feedback360.statement_add(
            academy=w.f360.academy, dimension="leading_with_care", text="New", by=by
        ),
        None,
    ),
    (
        "statements_sample_add",
        lambda w, by: feedback360.statements_sample_add(academy=w.academy, by=by),
        None,
    ),
    (
        "statement_retire",
        lambda w, by: feedback360.statement_retire(statement=w.f360.statement, by=by),
        lambda w: w.f360.statement,
    ),
    (
        "self_rate",
        lambda w, by: feedback360.self_rate(
            assessment=w.f360.open, ratings=dict.fromkeys(w.f360.open.statements, 3), by=by
        ),
        lambda w: w.f360.open,
    ),
    (
        "rater_invite",
        lambda w, by: feedback360.rater_invite(
            assessment=w.f360.open, group="peer", email="x@example.org", by=by
        ),
        lambda w: w.f360.open,
    ),
    (
        "assessment_close",
        lambda w, by: feedback360.assessment_close(assessment=w.f360.open, by=by),
        lambda w: w.f360.open,
    ),
    (
        "share_create",
        lambda w, by: feedback360.share_create(assessment=w.f360.closed, relationship=w.hub.active, by=by),
        None,
    ),
    (
        "share_revoke",
        lambda w, by: feedback360.share_revoke(share=w.f360.share, by=by),
        lambda w: w.f360.share,
    ),
    # systems: plans and charters (the actor leads no ICS)
    (
        "plan_create",
        lambda w, by: systems.plan_create(ics=w.plans.ics, title="P", start_year=2020, end_year=2022, by=by),
        None,
    ),
    (
        "plan_version_update",
        lambda w, by: systems.plan_version_update(
            version=w.plans.version, revision=None, conclusion="C", by=by
        ),
        lambda w: w.plans.version,
    ),
    (
        "pillar_add",
        lambda w, by: systems.pillar_add(version=w.plans.version, revision=None, title="Engagement", by=by),
        lambda w: w.plans.version,
    ),
    (
        "pillar_remove",
        lambda w, by: systems.pillar_remove(pillar=w.plans.version.pillars.first(), revision=None, by=by),
        lambda w: w.plans.version,
    ),
    (
        "workstream_add",
        lambda w, by: systems.workstream_add(
            version=w.plans.version, revision=None, title="System Change", by=by
        ),
        lambda w: w.plans.version,
    ),
    (
        "activity_add",
        lambda w, by: systems.activity_add(
            workstream=w.plans.leadership, revision=None, title="Network", timeline={2017: "milestone"}, by=by
        ),
        lambda w: w.plans.version,
    ),
    (
        "activity_update",
        lambda w, by: systems.activity_update(activity=w.plans.activity, revision=None, status="done", by=by),
        lambda w: w.plans.activity,
    ),
    (
        "activity_remove",
        lambda w, by: systems.activity_remove(activity=w.plans.activity, revision=None, by=by),
        lambda w: w.plans.activity,
    ),
    (
        "plan_publish",
        lambda w, by: systems.plan_publish(version=w.plans.version, revision=None, by=by),
        lambda w: w.plans.version,
    ),
    (
        "plan_review",
        lambda w, by: systems.plan_review(plan=w.plans.plan, by=by),
        lambda w: w.plans.plan,
    ),
    (
        "charter_create",
        lambda w, by: systems.charter_create(ics=w.plans.ics, title="C", by=by),
        None,
    ),
    (
        "charter_update",
        lambda w, by: systems.charter_update(charter=w.plans.charter, revision=None, title="Changed", by=by),
        lambda w: w.plans.charter,
    ),
    (
        "charter_publish",
        lambda w, by: systems.charter_publish(charter=w.plans.charter, by=by),
        lambda w: w.plans.charter,
    ),
    (
        "charter_review",
        lambda w, by: systems.charter_review(charter=w.plans.charter, by=by),
        lambda w: w.plans.charter,
    ),
    # people
    (
        "person_update_details",
        lambda w, by: people.person_update_details(person=w.participant, by=by, job_title="Changed"),
        lambda w: w.participant,
    ),
    (
        "equality_record_save",
        lambda w, by: people.equality_record_save(person=w.participant, by=by),
        lambda w: w.participant,
    ),
    (
        "role_assignment_create",
        lambda w, by: people.role_assignment_create(
            user=w.participant.user, role=Role.PROGRAMME_MANAGER, academy=w.academy, by=by
        ),
        None,
    ),
    (
        "role_assignment_delete",
        lambda w, by: people.role_assignment_delete(assignment=w.assignment, by=by),
        lambda w: w.assignment,
    ),
    (
        "person_anonymise",
        lambda w, by: people.person_anonymise(person=w.participant, by=by),
        lambda w: w.participant,
    ),
    # coaching
    (
        "profile_create",
        lambda w, by: coaching.profile_create(
            person=w.participant, academy=w.academy, by=by, kind="coach", specialisms=["Other"]
        ),
        None,
    ),
    (
        "profile_update",
        lambda w, by: coaching.profile_update(profile=w.hub.profile, by=by, capacity=5),
        lambda w: w.hub.profile,
    ),
    (
        "profile_verify_accreditation",
        lambda w, by: coaching.profile_verify_accreditation(profile=w.hub.profile, by=by),
        lambda w: w.hub.profile,
    ),
    (
        "hub_weights_update",
        lambda w, by: coaching.hub_weights_update(academy=w.academy, by=by, goals=9),
        None,
    ),
    (
        "exclusion_add",
        lambda w, by: coaching.exclusion_add(person=w.participant, excluded=w.hub.profile.person, by=by),
        None,
    ),
    (
        "eligibility_rule_create",
        lambda w, by: coaching.eligibility_rule_create(
            academy=w.academy, by=by, kind="coaching", description="All"
        ),
        None,
    ),
    (
        "request_create",
        lambda w, by: coaching.request_create(
            person=w.participant, academy=w.academy, by=by, kind="coaching", goals=[("Other", "Grow")]
        ),
        None,
    ),
    (
        "request_withdraw",
        lambda w, by: coaching.request_withdraw(request=w.hub.request, by=by),
        lambda w: w.hub.request,
    ),
    (
        "matching_run_start",
        lambda w, by: coaching.matching_run_start(academy=w.academy, kind="coaching", by=by),
        None,
    ),
    (
        "matching_run_review",
        lambda w, by: coaching.matching_run_review(run=w.hub.run, by=by),
        lambda w: w.hub.run,
    ),
    (
        "matching_run_publish",
        lambda w, by: coaching.matching_run_publish(run=w.hub.reviewed, by=by),
        lambda w: w.hub.reviewed,
    ),
    (
        "shortlist_choose",
        lambda w, by: coaching.shortlist_choose(entry=w.hub.entry, by=by),
        lambda w: w.hub.request,
    ),
    (
        "browse_choose",
        lambda w, by: coaching.browse_choose(request=w.hub.request, profile=w.hub.entry.practitioner, by=by),
        lambda w: w.hub.request,
    ),
    (
        "relationship_accept",
        lambda w, by: coaching.relationship_accept(relationship=w.hub.relationship, by=by),
        lambda w: w.hub.relationship,
    ),
    (
        "relationship_decline",
        lambda w, by: coaching.relationship_decline(relationship=w.hub.relationship, by=by),
        lambda w: w.hub.relationship,
    ),
    (
        "relationship_contract",
        lambda w, by: coaching.relationship_contract(
            relationship=w.hub.active, by=by, sessions_agreed=6, session_minutes=90
        ),
        lambda w: w.hub.active,
    ),
    (
        "session_log",
        lambda w, by: coaching.session_log(
            relationship=w.hub.active, by=by, held_on=timezone.localdate(), minutes=60
        ),
        None,
    ),
    (
        "session_note_add",
        lambda w, by: coaching.session_note_add(session=w.hub.session, by=by, text="Mine"),
        None,
    ),
    (
        "relationship_goal_add",
        lambda w, by: coaching.relationship_goal_add(
            relationship=w.hub.relationship, by=by, theme="Other", text="Mine"
        ),
        None,
    ),
    (
        "relationship_goal_rate",
        lambda w, by: coaching.relationship_goal_rate(
            relationship=w.hub.relationship, goal=w.goal, by=by, rating=5
        ),
        lambda w: w.goal,
    ),
    (
        "relationship_close",
        lambda w, by: coaching.relationship_close(relationship=w.hub.active, by=by, reason="completed"),
        lambda w: w.hub.active,
    ),
    # validation (tests/validation/helpers.py)
    (
        "validation_cohort_create",
        lambda w, by: validation.cohort_create(
            academy=w.academy, name="V", frameworks=[w.validation.decided.framework], opens_on=TODAY, by=by
        ),
        None,
    ),
    (
        "route_reflect",
        lambda w, by: validation.route_reflect(
            route=w.validation.decided.route, levels={e.pk: 1 for e in w.validation.decided.elements}, by=by
        ),
        lambda w: w.validation.decided.route,
    ),
    (
        "route_workshop_record",
        lambda w, by: validation.route_workshop_record(
            route=w.validation.decided.route, attended=False, by=by
        ),
        lambda w: w.validation.decided.route,
    ),
    (
        "workshop_sync",
        lambda w, by: validation.workshop_sync(cohort=w.validation.decided.cohort, by=by),
        None,
    ),
    (
        "route_decide",
        lambda w, by: validation.route_decide(route=w.validation.decided.route, readiness="later", by=by),
        lambda w: w.validation.decided.route,
    ),
    (
        "route_supporter_assign",
        lambda w, by: validation.route_supporter_assign(
            route=w.validation.decided.route, supporter=w.participant, by=by
        ),
        lambda w: w.validation.decided.route,
    ),
    (
        "milestone_add",
        lambda w, by: validation.milestone_add(
            route=w.validation.decided.route, title="X", due_on=TODAY, by=by
        ),
        None,
    ),
    (
        "milestone_complete",
        lambda w, by: validation.milestone_complete(milestone=w.validation.milestone, by=by),
        lambda w: w.validation.milestone,
    ),
    (
        "claim_entry_save",
        lambda w, by: validation.claim_entry_save(
            route=w.validation.decided.route, element=w.validation.element, narrative="Theirs", by=by
        ),
        None,
    ),
    (
        "evidence_add",
        lambda w, by: validation.evidence_add(
            route=w.validation.decided.route,
            element=w.validation.element,
            title="X",
            upload=validation_pdf(),
            by=by,
        ),
        None,
    ),
    (
        "evidence_remove",
        lambda w, by: validation.evidence_remove(evidence=w.validation.evidence, by=by),
        lambda w: w.validation.evidence,
    ),
    ("evidence_open", lambda w, by: validation.evidence_open(evidence=w.validation.evidence, by=by), None),
    ("claim_submit", lambda w, by: validation.claim_submit(route=w.validation.decided.route, by=by), None),
    (
        "claim_move_version",
        lambda w, by: validation.claim_move_version(
            route=w.validation.decided.route,
            source=w.validation.decided.framework,
            target=w.validation.second,
            by=by,
        ),
        None,
    ),
    (
        "panel_member_add",
        lambda w, by: validation.panel_member_add(
            route=w.validation.submitted.route,
            person=w.participant,
            kind="peer",
            conflict_declaration="None",
            by=by,
        ),
        None,
    ),
    (
        "review_save",
        lambda w, by: validation.review_save(
            route=w.validation.submitted.route, element=w.validation.submitted.elements[0], rating=2, by=by
        ),
        None,
    ),
    (
        "reviews_submit",
        lambda w, by: validation.reviews_submit(route=w.validation.submitted.route, by=by),
        None,
    ),
    (
        "moderation_save",
        lambda w, by: validation.moderation_save(
            route=w.validation.interviewed.route,
            ratings={e.pk: 2 for e in w.validation.interviewed.elements},
            expected_version=1,
            by=by,
        ),
        lambda w: w.validation.interviewed.route,
    ),
    (
        "interview_schedule",
        lambda w, by: validation.interview_schedule(
            route=w.validation.interviewed.route, at=_at(3), place="Room 2", by=by
        ),
        lambda w: w.validation.interviewed.route,
    ),
    (
        "interview_record",
        lambda w, by: validation.interview_record(route=w.validation.interviewed.route, notes="Mine", by=by),
        lambda w: w.validation.interviewed.route,
    ),
    (
        "route_decision",
        lambda w, by: validation.route_decision(
            route=w.validation.interviewed.route, outcome="leader", by=by
        ),
        lambda w: w.validation.interviewed.route,
    ),
    # credentials
    (
        "credential_issue",
        lambda w, by: credentials.credential_issue(subject=w.sponsored, achievement=_course(), by=by),
        lambda w: _credential(w),  # issued first, so the status lists and the key exist already
    ),
    (
        "credential_revoke",
        lambda w, by: credentials.credential_revoke(credential=_credential(w), reason="No", by=by),
        lambda w: _credential(w),
    ),
    (
        "credential_suspend",
        lambda w, by: credentials.credential_suspend(credential=_credential(w), reason="No", by=by),
        lambda w: _credential(w),
    ),
    (
        "credential_reinstate",
        lambda w, by: credentials.credential_reinstate(
            credential=_credential(w, suspended=True), reason="No", by=by
        ),
        lambda w: _credential(w, suspended=True),
    ),
    ("signing_key_rotate", lambda w, by: credentials.signing_key_rotate(by=by), None),
    # systems OD programmes, measures and RACI (the stranger leads no ICS)
    (
        "programme_create",
        lambda w, by: systems_programmes.programme_create(
            ics=w.sysod.ics, title="P", started_on=dt.date(2022, 1, 1), by=by
        ),
        None,
    ),
    (
        "programme_update",
        lambda w, by: systems_programmes.programme_update(
            programme=w.sysod.programme, version=w.sysod.programme.version, title="Renamed", by=by
        ),
        lambda w: w.sysod.programme,
    ),
    (
        "programme_publish",
        lambda w, by: systems_programmes.programme_publish(programme=w.sysod.programme, by=by),
        lambda w: w.sysod.programme,
    ),
    (
        "participant_add",
        lambda w, by: systems_programmes.participant_add(programme=w.sysod.programme, role="CEO", by=by),
        None,
    ),
    (
        "diagnostic_record",
        lambda w, by: systems_programmes.diagnostic_record(
            programme=w.sysod.programme, held_on=dt.date(2022, 1, 1), consent=True, summary="S", by=by
        ),
        None,
    ),
    (
        "conflict_profile_record",
        lambda w, by: systems_programmes.conflict_profile_record(
            programme=w.sysod.programme,
            participant=w.sysod.first,
            scores={"competing": 6, "collaborating": 6, "compromising": 6, "avoiding": 6, "accommodating": 6},
            by=by,
        ),
        lambda w: w.sysod.programme.profiles.get(participant=w.sysod.first),
    ),
    (
        "workshop_add",
        lambda w, by: systems_programmes.workshop_add(
            programme=w.sysod.programme, title="W", held_on=dt.date(2022, 1, 1), by=by
        ),
        None,
    ),
    (
        "measure_create",
        lambda w, by: systems_measures.measure_create(
            ics=w.sysod.ics,
            title="M",
            population="P",
            baseline_on=dt.date(2022, 1, 1),
            baseline_value=1,
            target_value=2,
            by=by,
        ),
        None,
    ),
    (
        "measure_point_add",
        lambda w, by: systems_measures.measure_point_add(
            measure=w.sysod.measure, on=dt.date(2024, 1, 1), value=1, by=by
        ),
        lambda w: w.sysod.measure,
    ),
    (
        "measure_publish",
        lambda w, by: systems_measures.measure_publish(measure=w.sysod.measure, by=by),
        lambda w: w.sysod.measure,
    ),
    (
        "raci_create",
        lambda w, by: systems_raci.raci_create(ics=w.sysod.ics, title="R", parties=["ICB"], by=by),
        None,
    ),
    (
        "raci_activity_set",
        lambda w, by: systems_raci.raci_activity_set(
            matrix=w.sysod.raci, name="New", letters={"ICB": "A"}, by=by
        ),
        lambda w: w.sysod.raci,
    ),
    (
        "raci_publish",
        lambda w, by: systems_raci.raci_publish(matrix=w.sysod.raci, by=by),
        lambda w: w.sysod.raci,
    ),
]


def _course() -> Any:
    from tests.credentials.helpers import COURSE

    return COURSE


def _counts() -> dict[str, int]:
    """Rows of every model of every Academy app: a refused write leaves all of them as they were."""
    return {
        model._meta.label: model._default_manager.count()
        for config in apps.get_app_configs()
        if config.name.startswith("academy.")
        for model in config.get_models()
    }


@pytest.mark.parametrize(("name", "call", "target"), CASES, ids=[c[0] for c in CASES])
def test_a_write_service_refuses_whom_its_rule_refuses_and_writes_nothing(
    world: World, name: str, call: Callable[[World, Any], Any], target: Callable[[World], Any] | None
) -> None:
    obj = target(world) if target else None
    before_obj = model_to_dict(type(obj)._default_manager.get(pk=obj.pk)) if obj is not None else None
    before = _counts()
    with pytest.raises(PermissionDenied):
        call(world, world.stranger)
    assert _counts() == before
    if obj is not None:
        assert model_to_dict(type(obj)._default_manager.get(pk=obj.pk)) == before_obj


def test_every_write_service_is_in_the_list() -> None:
    """A new write service (one taking `by`) joins CASES, or this fails."""
    import inspect

    listed = {c[0] for c in CASES}
    system_only = {"instruments_load_standard", "question_remove"}  # question_remove: see test below
    missing = []
    import importlib
    import pkgutil

    # evaluation's services are a package, one module per entity: each module is read on its own
    entity_modules = [
        importlib.import_module(f"{evaluation.__name__}.{info.name}")
        for info in pkgutil.iter_modules(evaluation.__path__)
    ]
    assert {m.__name__.rsplit(".", 1)[1] for m in entity_modules} >= {
        "instruments",
        "surveys",
        "responses",
        "goals",
        "themes",
    }
    # Open to everyone with a staff record (open membership): joining and leaving oneself
    system_only |= {"community_join", "community_leave", "pool_leave", "formation_run_solve"}
    # Interchange: anyone with a staff record may host, ask to learn, and ask for a place for themself
    system_only |= {"opportunity_create", "request_create", "opportunity_ask"}
    # Anyone with a staff record starts their own 360
    system_only |= {"assessment_start"}
    # systems' services are a package too: plans and charters
    from academy.systems.services import charters as systems_charters
    from academy.systems.services import plans as systems_plans

    system_only |= {"charter_sign"}  # any leader signs for themselves, once the charter is open
    # Validation: anyone with a staff record may express interest; any programme manager may import a
    # framework or map its versions (frameworks are shared by every academy)
    system_only |= {"route_express_interest", "framework_import", "mapping_set"}
    for module in (
        *entity_modules,
        evaluation_imports,
        offers,
        people,
        coaching,
        learning_sets,
        credentials,
        interchange,
        systems_programmes,
        systems_measures,
        systems_raci,
        feedback360,
        systems_plans,
        systems_charters,
        validation,
    ):
        for fname, func in inspect.getmembers(module, inspect.isfunction):
            if func.__module__ != module.__name__ or fname.startswith("_"):
                continue
            params = inspect.signature(func).parameters
            if "by" in params and params["by"].kind is inspect.Parameter.KEYWORD_ONLY and fname not in listed:
                missing.append(fname)
    reads = {
        "person_export",
        "equality_record_get",
        "can_edit_details",
        "can_read_equality",
        "lived_experience_read",  # a read: refused for the stranger in tests/coaching/test_services.py
        "session_notes_read",  # likewise
    }
    assert sorted(set(missing) - system_only - reads) == []


def test_question_remove_refuses_whom_the_rule_refuses(world: World) -> None:
    question = evaluation.question_add(instrument=world.draft, code="q", text="Q?", type="free_text", by=None)
    before = _counts()
    with pytest.raises(PermissionDenied):
        evaluation.question_remove(question=question, by=world.stranger)
    assert _counts() == before
