"""Interchange's rules, through its services: places, the hard rules, the manager's agreement, dates,
completion and reflections."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from academy.core.models import OutboxMessage
from academy.interchange import services
from academy.interchange.models import Arrangement, LearningRequest, MatchingRun, Opportunity, Reflection
from academy.people.models import Sector
from tests.factories import AcademyFactory, OrganisationFactory, PersonFactory, programme_manager

from .helpers import agreed, ask_to_learn, host, learner, offer

pytestmark = pytest.mark.django_db


def test_asking_for_a_place_takes_it_and_asks_the_line_manager_by_email():
    academy = AcademyFactory()
    opportunity = offer(academy)
    me = learner()
    arrangement = services.opportunity_ask(opportunity=opportunity, by=me.user)
    assert arrangement.status == Arrangement.Status.AWAITING_MANAGER
    assert arrangement.manager == me.line_manager
    opportunity.refresh_from_db()
    assert (opportunity.taken_count, opportunity.places_left) == (1, 0)
    to_manager = OutboxMessage.objects.get(to=me.line_manager.email)
    assert f"/interchange/arrangements/{arrangement.pk}/manager/" in to_manager.body


def test_without_the_schemes_agreement_rule_the_arrangement_is_agreed_at_once():
    academy = AcademyFactory()
    services.scheme_update(academy=academy, needs_manager_agreement=False, by=programme_manager(academy))
    me = learner()
    arrangement = services.opportunity_ask(opportunity=offer(academy), by=me.user)
    assert arrangement.status == Arrangement.Status.AGREED
    assert arrangement.manager is None
    assert not OutboxMessage.objects.filter(to=me.line_manager.email).exists()


def test_a_host_over_capacity_is_told_there_are_no_places_left():
    academy = AcademyFactory()
    opportunity = offer(academy, capacity=1)
    services.opportunity_ask(opportunity=opportunity, by=learner().user)
    with pytest.raises(ValidationError) as error:
        services.opportunity_ask(opportunity=opportunity, by=learner().user)
    assert "no places left" in error.value.message_dict["opportunity"][0]
    assert Arrangement.objects.filter(opportunity=opportunity).count() == 1


def test_the_database_refuses_more_places_than_capacity():
    opportunity = offer(AcademyFactory(), capacity=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Opportunity.objects.filter(pk=opportunity.pk).update(taken_count=2)


def test_nobody_may_ask_for_a_host_in_their_own_line_management_chain_either_way():
    academy = AcademyFactory()
    boss = host()
    middle = PersonFactory(line_manager=boss, organisation=OrganisationFactory(sector=Sector.NHS))
    me = learner(manager=middle)
    opportunity = offer(academy, person=boss, capacity=3)
    with pytest.raises(ValidationError):
        services.opportunity_ask(opportunity=opportunity, by=me.user)  # the host manages my manager
    mine = offer(academy, person=me, capacity=3)
    with pytest.raises(ValidationError):
        services.opportunity_ask(opportunity=mine, by=boss.user)  # the learner is above the host
    assert not Arrangement.objects.exists()


def test_not_for_own_organisation_keeps_colleagues_out_but_lets_others_in():
    academy = AcademyFactory()
    me = host()
    colleague = PersonFactory(organisation=me.organisation, line_manager=PersonFactory())
    opportunity = offer(academy, person=me, capacity=2, not_for_own_organisation=True)
    with pytest.raises(ValidationError):
        services.opportunity_ask(opportunity=opportunity, by=colleague.user)
    services.opportunity_ask(opportunity=opportunity, by=learner().user)


def test_one_cannot_take_a_place_on_ones_own_opportunity():
    academy = AcademyFactory()
    me = learner()
    with pytest.raises(ValidationError):
        services.opportunity_ask(opportunity=offer(academy, person=me), by=me.user)


def test_the_manager_declining_gives_the_place_back():
    academy = AcademyFactory()
    opportunity = offer(academy)
    me = learner()
    arrangement = services.opportunity_ask(opportunity=opportunity, by=me.user)
    with pytest.raises(PermissionDenied):
        services.arrangement_manager_decide(arrangement=arrangement, agree=False, by=me.user)
    services.arrangement_manager_decide(arrangement=arrangement, agree=False, by=me.line_manager.user)
    opportunity.refresh_from_db()
    assert opportunity.places_left == 1
    services.opportunity_ask(opportunity=opportunity, by=learner().user)


def test_dates_completion_and_a_reflection_from_each_side():
    academy = AcademyFactory()
    opportunity = offer(academy)
    me = learner()
    arrangement = agreed(services.opportunity_ask(opportunity=opportunity, by=me.user))
    today = timezone.localdate()
    with pytest.raises(ValidationError):
        services.arrangement_complete(arrangement=arrangement, by=me.user)  # no dates yet
    with pytest.raises(ValidationError) as error:
        services.arrangement_schedule(
            arrangement=arrangement, starts_on=today, ends_on=today - dt.timedelta(days=1), by=me.user
        )
    assert "ends_on" in error.value.message_dict
    services.arrangement_schedule(
        arrangement=arrangement, starts_on=today, ends_on=today, by=opportunity.host.user
    )
    with pytest.raises(ValidationError):
        services.reflection_add(arrangement=arrangement, by=me.user, usefulness=5)  # not done yet
    services.arrangement_complete(arrangement=arrangement, by=me.user)
    services.reflection_add(arrangement=arrangement, by=me.user, usefulness=5, learned="How discharge feels")
    services.reflection_add(arrangement=arrangement, by=opportunity.host.user, usefulness=4)
    with pytest.raises(ValidationError):
        services.reflection_add(arrangement=arrangement, by=me.user, usefulness=3)
    with pytest.raises(PermissionDenied):
        services.reflection_add(arrangement=arrangement, by=me.line_manager.user, usefulness=3)
    assert sorted(Reflection.objects.values_list("side", "usefulness")) == [("host", 4), ("learner", 5)]


def test_one_open_request_at_a_time_and_kinds_from_the_list():
    academy = AcademyFactory()
    me = learner()
    ask_to_learn(academy, me)
    with pytest.raises(ValidationError) as error:
        ask_to_learn(academy, me)
    assert "already have a request" in error.value.message_dict["what"][0]
    with pytest.raises(ValidationError) as error:
        ask_to_learn(AcademyFactory(), me, kinds=["juggling"])
    assert "kinds" in error.value.message_dict


def test_a_matching_run_matches_across_sectors_and_publishing_makes_the_arrangements():
    academy = AcademyFactory()
    pm = programme_manager(academy)
    care_home = offer(academy, person=host(sector=Sector.SOCIAL_CARE), capacity=1)
    same_sector = offer(academy, person=host(sector=Sector.NHS), capacity=1, title="Shadow a ward manager")
    nurse = learner(sector=Sector.NHS)
    ask_to_learn(academy, nurse)
    run = services.matching_run_start(academy=academy, by=pm)
    assert run.status == MatchingRun.Status.DRAFT
    assert run.figures["matched"] == 1 and run.figures["cross_sector"] == 1
    assert run.results.get().opportunity == care_home  # another sector is the better fit
    assert not Arrangement.objects.exists()  # nothing until the academy publishes
    with pytest.raises(PermissionDenied):
        services.matching_run_publish(run=run, by=nurse.user)
    run = services.matching_run_publish(run=run, by=pm)
    arrangement = Arrangement.objects.get()
    assert (arrangement.opportunity, arrangement.learner, arrangement.source) == (
        care_home,
        nurse,
        "matching",
    )
    assert LearningRequest.objects.get().status == LearningRequest.Status.MATCHED
    assert run.figures["arrangements_made"] == 1
    same_sector.refresh_from_db()
    assert same_sector.taken_count == 0
    with pytest.raises(ValidationError):
        services.matching_run_publish(run=run, by=pm)


def test_a_match_no_longer_possible_at_publication_is_skipped_not_broken():
    academy = AcademyFactory()
    pm = programme_manager(academy)
    opportunity = offer(academy, capacity=1)
    nurse = learner()
    ask_to_learn(academy, nurse)
    run = services.matching_run_start(academy=academy, by=pm)
    services.opportunity_ask(opportunity=opportunity, by=learner().user)  # someone takes the place first
    run = services.matching_run_publish(run=run, by=pm)
    assert run.figures["arrangements_made"] == 0 and run.figures["skipped_at_publication"] == 1
    assert Arrangement.objects.count() == 1


def test_only_the_academys_programme_managers_run_matching():
    academy = AcademyFactory()
    with pytest.raises(PermissionDenied):
        services.matching_run_start(academy=academy, by=programme_manager(AcademyFactory()))
    with pytest.raises(PermissionDenied):
        services.scheme_update(academy=academy, needs_manager_agreement=False, by=learner().user)
