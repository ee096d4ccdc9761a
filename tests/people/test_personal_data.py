"""The personal-data contract: every app that holds rows about a person registers them with
people.registry, so the export holds everything and anonymising leaves no free text or job title of
theirs anywhere."""

import json
from typing import Any

import pytest
from django.apps import apps
from django.db import models
from django.utils import timezone

import academy.people
from academy.evaluation.models import Goal, Response
from academy.offers.models import AdjustmentRequest
from academy.people import registry
from academy.people.models import Person, User
from academy.people.services import equality_record_save, person_anonymise, person_export
from tests.dependencies import imports_reaching
from tests.evaluation.helpers import answer, attended_session, invite_all, open_survey
from tests.factories import AcademyFactory, CohortFactory, PersonFactory, booking

from .factories import administrator

pytestmark = pytest.mark.django_db


def person_links() -> set[str]:
    """Every foreign key (or one-to-one) to Person in every installed app, as "app.Model.field"."""
    return {
        f"{model._meta.app_label}.{model.__name__}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if field.concrete
        and field.is_relation
        and (field.many_to_one or field.one_to_one)
        and field.related_model is Person
    }


def person_with_data_everywhere() -> Person:
    """A person with rows in every model that links to Person: a booking with an adjustment, an
    attendance, a named response, a goal, equality answers, a booking they sponsor, someone they manage."""
    session, (me,) = attended_session(1)
    my_booking = me.bookings.get()
    AdjustmentRequest.objects.create(booking=my_booking, request="Step-free access please.")
    survey = open_survey(session, anonymous=False)
    (token,) = invite_all(survey)
    answer(token)
    Goal.objects.create(
        person=me, cohort=session.cohort, theme="Confidence", text="Chair meetings", rating_before=4
    )
    equality_record_save(person=me, by=me.user, sex="female")
    booking(CohortFactory(), PersonFactory(), sponsor=me, sponsor_comment="Fully supported.")
    PersonFactory(line_manager=me)
    _coaching_rows(me)
    _credential_rows(me, my_booking)
    _interchange_rows(me)
    return me


def _credential_rows(me: Person, my_booking: object) -> None:
    """A course certificate for their booking (course certificates registered as tests/credentials does)."""
    from academy.credentials.services import credential_issue
    from tests.credentials.helpers import COURSE, register_bookings

    register_bookings()
    credential_issue(subject=my_booking, achievement=COURSE, by=None)


def _coaching_rows(me: Person) -> None:
    """A practitioner profile, a request with a relationship and a logged session with a note, and
    exclusions both ways."""
    from academy.coaching import services as coaching
    from academy.coaching.models import Exclusion
    from tests.coaching.helpers import ask, practitioner

    academy = AcademyFactory()
    practitioner(academy, person=me, about="I coach.", supervision="Monthly")
    coach = practitioner(academy)
    request = ask(academy, person=me, kind="mentoring", lived_experience_wish="Similar path")
    relationship = coaching.browse_choose(request=request, profile=coach, by=me.user)
    coaching.relationship_accept(relationship=relationship, by=coach.person.user)
    coaching.relationship_contract(
        relationship=relationship, by=me.user, sessions_agreed=4, session_minutes=60
    )
    coaching.session_log(
        relationship=relationship, by=me.user, held_on=timezone.localdate(), minutes=60, note="What I said"
    )
    coaching.exclusion_add(person=me, excluded=PersonFactory(), by=me.user)
    Exclusion.objects.create(person=PersonFactory(), excluded=me)
    _coaching_programme_rows(me, academy)
    _learning_sets_rows(me)
    _systems_programmes_rows(me)
    _feedback360_rows(me)
    _systems_plans_rows(me)
    _validation_rows(me)
    return me


def _systems_plans_rows(me: Person) -> None:
    """A charter they signed, and a plan version they published."""
    from academy.systems import models as sy

    ics = me.organisation.ics
    charter = sy.Charter.objects.create(
        ics=ics, title="Charter", status="published", published_at=timezone.now()
    )
    sy.Signature.objects.create(
        charter=charter, person=me, organisation=me.organisation, job_title="Director"
    )
    plan = sy.Plan.objects.create(ics=ics, title="Plan")
    sy.PlanVersion.objects.create(
        plan=plan,
        number=1,
        start_year=2017,
        end_year=2020,
        status="published",
        published_at=timezone.now(),
        published_by=me,
    )


def _coaching_programme_rows(me: Person, academy: Any) -> None:
    """A place on a commissioned coaching programme, and a team coaching journey they lead and another
    they are on."""
    import datetime as dt

    from academy.coaching import models as cm

    programme = cm.CoachingProgramme.objects.create(
        academy=academy, title="PCN", provider="P", starts_on=dt.date(2022, 1, 1), ends_on=dt.date(2022, 9, 1)
    )
    cm.ProgrammeParticipant.objects.create(programme=programme, person=me, coach_name="A coach")
    cm.TeamJourney.objects.create(
        academy=academy, team_name="Board", team_leader=me, engagement_on=dt.date(2022, 1, 1)
    )
    other = cm.TeamJourney.objects.create(
        academy=academy, team_name="Place", team_leader=PersonFactory(), engagement_on=dt.date(2022, 1, 1)
    )
    cm.TeamJourneyMember.objects.create(journey=other, person=me)


def _validation_rows(me: Person) -> None:
    """A route of theirs with a claim, a route they support and a panel they sit on."""
    from academy.validation import services as validation
    from tests.validation.helpers import world as validation_world

    mine = validation_world(to="submitted")
    validation.route_express_interest(cohort=mine.cohort, statement="Mine", by=me.user)
    supported = validation_world(to="decided")
    validation.route_supporter_assign(route=supported.route, supporter=me, by=None)
    validation.panel_member_add(
        route=mine.route, person=me, kind="expert", conflict_declaration="I know them slightly", by=None
    )


def _learning_sets_rows(me: Person) -> None:
    """A community they joined, shared a resource with and announced to; a pool they asked to join; a
    set they are in and facilitate, and a meeting they logged and attended."""
    import datetime as dt

    from academy.learning_sets import models as ls

    community = ls.Community.objects.create(academy=AcademyFactory(), name="OD community", slug="od")
    ls.Membership.objects.create(community=community, person=me, in_directory=True)
    ls.Resource.objects.create(community=community, title="Slides", url="https://example.org", added_by=me)
    ls.Announcement.objects.create(community=community, subject="Hello", body="Welcome", sent_by=me)
    pool = ls.Pool.objects.create(academy=community.academy, name="Sets", slots=["Monday"])
    ls.PoolEntry.objects.create(pool=pool, person=me, slots=["Monday"])
    run = ls.FormationRun.objects.create(pool=pool, status=ls.FormationRun.Status.PUBLISHED)
    learning_set = ls.LearningSet.objects.create(run=run, number=1, slot="Monday", facilitator=me)
    ls.SetMember.objects.create(learning_set=learning_set, person=me)
    meeting = ls.Meeting.objects.create(learning_set=learning_set, held_on=dt.date(2022, 6, 21), logged_by=me)
    ls.MeetingAttendance.objects.create(meeting=meeting, person=me, present=True)


def _interchange_rows(me: Person) -> None:
    """An opportunity they host, a request to learn, an arrangement they learn on (completed, reflected
    on), and one of their report's arrangements they are asked to agree as line manager."""
    from academy.interchange import services as interchange
    from tests.interchange.helpers import ask_to_learn, offer

    academy = AcademyFactory()
    interchange.scheme_update(academy=academy, needs_manager_agreement=False, by=administrator())
    offer(academy, person=me, description="What you will see", place="Norwich", suits="Nurses")
    ask_to_learn(academy, me, where="Ipswich", when="Spring", why="To understand social care")
    arrangement = interchange.opportunity_ask(opportunity=offer(academy), by=me.user)
    today = timezone.localdate()
    interchange.arrangement_schedule(arrangement=arrangement, starts_on=today, ends_on=today, by=me.user)
    interchange.arrangement_complete(arrangement=arrangement, by=me.user)
    interchange.reflection_add(arrangement=arrangement, by=me.user, usefulness=5, learned="A great deal")
    report = PersonFactory(line_manager=me)
    interchange.opportunity_ask(opportunity=offer(AcademyFactory()), by=report.user)


def _systems_programmes_rows(me: Person) -> None:
    """A place on a systems OD programme they sponsor, with a diagnostic conversation and their scores."""
    import datetime as dt

    from academy.systems import models as sy
    from tests.factories import ICSFactory

    programme = sy.Programme.objects.create(
        ics=ICSFactory(), title="Leaders group", started_on=dt.date(2021, 9, 1), sponsor=me
    )
    place = sy.ProgrammeParticipant.objects.create(programme=programme, person=me, role="Chief Executive")
    sy.DiagnosticConversation.objects.create(
        programme=programme, participant=place, held_on=dt.date(2021, 9, 2), consent=True, summary="Theirs"
    )
    sy.ConflictProfile.objects.create(
        programme=programme,
        participant=place,
        competing=6,
        collaborating=6,
        compromising=6,
        avoiding=6,
        accommodating=6,
    )


def _feedback360_rows(me: Person) -> None:
    """A closed 360 about them with a peer's comment in its report."""
    from academy.feedback360 import services as f360
    from tests.feedback360.helpers import academy_with_statements, answered

    assessment = f360.assessment_start(academy=academy_with_statements(), by=me.user, title="My spring 360")
    for _ in range(3):
        answered(assessment, "peer", comment="Kind and clear")
    f360.assessment_close(assessment=assessment, by=me.user)


def test_every_foreign_key_to_person_is_registered_with_the_personal_data_registry():
    registered = set(registry.links())
    assert sorted(person_links() - registered) == [], "register these in the app's AppConfig.ready()"
    assert sorted(registered - person_links()) == []


def test_anonymising_leaves_no_free_text_or_job_title_of_theirs_in_any_model():
    me = person_with_data_everywhere()
    written: list[tuple[type[models.Model], int, str, str]] = []

    def write(model: type[models.Model], pk: int, keeps: tuple[str, ...] = ()) -> None:
        # Every text field that is not a choice (choices are figures) and not kept for a stated reason
        # gets something only this test wrote, so that finding it afterwards means it was left in place.
        for field in model._meta.concrete_fields:
            if (
                isinstance(field, models.CharField | models.TextField)
                and not field.choices
                and not field.primary_key
                and field.name not in keeps
            ):
                marker = f"w{len(written)}x{pk}"[: field.max_length or None]
                model._default_manager.filter(pk=pk).update(**{field.name: marker})
                written.append((model, pk, field.name, marker))

    write(Person, me.pk)
    write(User, me.user_id)  # their login: names, e-mail, username
    links = registry.links()
    unbuilt, unregistered = [], []
    for name in sorted(person_links()):
        label, field_name = name.rsplit(".", 1)
        model = apps.get_model(label)
        pks = list(model._default_manager.filter(**{field_name: me}).values_list("pk", flat=True))
        if not pks:
            unbuilt.append(name)
        link = links.get(name)
        if link is None:
            unregistered.append(name)
            continue
        if not link.theirs:
            continue
        for pk in pks:
            write(model, pk, link.keeps)
    assert unregistered == [], "no app registers what anonymising does to these"
    assert unbuilt == [], "person_with_data_everywhere() builds no row for these"

    person_anonymise(person=me, by=administrator())

    left = [
        f"{model._meta.label}.{field} (row {pk})"
        for model, pk, field, marker in written
        if model._default_manager.filter(pk=pk, **{f"{field}__contains": marker}).exists()
    ]
    assert left == []


def test_anonymising_clears_goal_text_and_job_titles_but_keeps_what_figures_count():
    me = person_with_data_everywhere()
    response = Response.objects.get(person=me)
    assert response.respondent_job_title == "Service manager"
    answers = response.answers.count()

    person_anonymise(person=me, by=administrator())

    goal = Goal.objects.get(person=me)
    assert goal.text == "" and (goal.theme, goal.rating_before) == ("Confidence", 4)
    response.refresh_from_db()
    assert response.respondent_job_title == "" and response.respondent_role_level == me.role_level
    assert response.answers.count() == answers


def test_the_export_holds_goals_named_responses_and_invitations_but_no_anonymous_response():
    me = person_with_data_everywhere()
    session = me.bookings.get().cohort.sessions.get()
    anonymous = open_survey(session, anonymous=True)
    (token,) = invite_all(anonymous)
    answer(token)

    data = person_export(person=me, by=me.user)
    json.dumps(data)

    (goal,) = data["goals"]
    assert (goal["theme"], goal["goal"], goal["rating_before"]) == ("Confidence", "Chair meetings", 4)
    (named,) = data["evaluation_responses"]
    assert named["job_title_when_answering"] == "Service manager"
    assert named["answers"] and all(a["question"] and a["answer"] for a in named["answers"])
    # Both invitations, but for the anonymous survey not whether (or when) they answered.
    named_invitation, anonymous_invitation = data["evaluation_invitations"]
    assert named_invitation["answered"] is not None and anonymous_invitation["answered"] is None
    (my_booking,) = data["bookings"]
    assert my_booking["adjustment_request"]["request"] == "Step-free access please."


def test_people_imports_no_app_that_holds_more_about_a_person():
    assert imports_reaching(academy.people, ("academy.offers", "academy.evaluation")) == set()
