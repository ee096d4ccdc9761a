"""Communities and action learning sets: the rules a member, a programme manager and a facilitator meet."""

import datetime as dt
import itertools

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from academy.core.models import OutboxMessage
from academy.learning_sets import selectors, services
from academy.learning_sets.models import FormationRun, LearningSet, Membership
from academy.people.selectors import line_ancestors
from tests.factories import AcademyFactory, OrganisationFactory, PersonFactory, programme_manager
from tests.learning_sets.helpers import SLOTS, pool_world

pytestmark = pytest.mark.django_db


def _sets_of(run: FormationRun) -> list[set[int]]:
    return [set(ids) for _slot, ids in run.sets]


def test_anyone_joins_and_only_opted_in_members_are_in_the_directory() -> None:
    world = pool_world(0)
    shy, open_ = PersonFactory(job_title="Porter"), PersonFactory()
    services.community_join(community=world.community, by=shy.user)
    services.community_join(community=world.community, by=open_.user, in_directory=True)
    names = [m.person for m in selectors.directory(open_.user, world.community)]
    assert names == [open_]
    assert list(selectors.directory(PersonFactory().user, world.community)) == []  # not a member
    assert services.community_leave(community=world.community, by=shy.user)
    assert not Membership.objects.filter(person=shy).exists()


def test_an_announcement_is_one_email_per_member_and_only_the_programme_team_sends_it() -> None:
    world = pool_world(0)
    members = [PersonFactory() for _ in range(3)]
    for person in members:
        services.community_join(community=world.community, by=person.user)
    with pytest.raises(PermissionDenied):
        services.announcement_send(community=world.community, subject="Hi", body="Hello", by=members[0].user)
    services.announcement_send(community=world.community, subject="Workshop", body="Book now", by=world.pm)
    sent = OutboxMessage.objects.filter(key__startswith="learning_sets.announcement:")
    assert sorted(m.to for m in sent) == sorted(p.email for p in members)


def test_a_resource_is_a_link_or_a_real_file() -> None:
    world = pool_world(0)
    member = PersonFactory()
    services.community_join(community=world.community, by=member.user)
    with pytest.raises(ValidationError) as error:
        services.resource_add(
            community=world.community,
            title="Slides",
            file=SimpleUploadedFile("slides.pdf", b"not a pdf"),
            by=member.user,
        )
    assert "not a real PDF" in str(error.value)
    with pytest.raises(ValidationError):
        services.resource_add(community=world.community, title="Nothing", by=member.user)
    made = services.resource_add(
        community=world.community,
        title="Slides",
        file=SimpleUploadedFile("s.pdf", b"%PDF-1.4 x"),
        by=member.user,
    )
    assert made.file.name.endswith(".pdf")
    with pytest.raises(PermissionDenied):
        services.resource_add(
            community=world.community, title="X", url="https://x.org", by=PersonFactory().user
        )


def test_asking_to_join_needs_a_time_on_offer() -> None:
    world = pool_world(0)
    person = PersonFactory()
    with pytest.raises(ValidationError) as error:
        services.pool_join(pool=world.pool, slots=[], by=person.user)
    assert "slots" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.pool_join(pool=world.pool, slots=["Sunday at midnight"], by=person.user)
    entry = services.pool_join(pool=world.pool, slots=[SLOTS[1]], by=person.user)
    assert entry.slots == [SLOTS[1]]


def test_formed_sets_keep_every_rule_and_see_chains_through_people_outside_the_pool() -> None:
    world = pool_world(20)
    boss, outsider = world.people[0], PersonFactory()
    outsider.line_manager = boss
    outsider.save()
    report = world.people[1]
    report.line_manager = outsider  # reports to boss through someone who is not in the pool
    report.save()
    run = services.formation_run_create(pool=world.pool, by=world.pm)
    assert run.status == FormationRun.Status.DRAFT, run.reasons
    sets = _sets_of(run)
    assert sorted(itertools.chain.from_iterable(sets)) == sorted(p.pk for p in world.people)
    assert all(5 <= len(s) <= 8 for s in sets)
    ancestors = line_ancestors([p.pk for p in world.people])
    for members in sets:
        for a, b in itertools.combinations(members, 2):
            assert a not in ancestors.get(b, set()) and b not in ancestors.get(a, set())
    assert not any(boss.pk in s and report.pk in s for s in sets)
    assert run.mix_score > 0 and run.mix_bound >= run.mix_score


def test_an_impossible_pool_is_refused_before_solving_with_names_in_the_reason() -> None:
    world = pool_world(3)
    run = services.formation_run_create(pool=world.pool, by=world.pm)
    assert run.status == FormationRun.Status.INFEASIBLE
    assert run.reasons == ["The pool has 3 people, fewer than the smallest set size of 5."]
    assert not LearningSet.objects.exists()


def test_one_big_organisation_is_explained_in_plain_english() -> None:
    world = pool_world(10, max_per_organisation=1)
    trust = OrganisationFactory(name="Norfolk and Norwich University Hospitals")
    for person in world.people[:8]:
        person.organisation = trust
        person.save()
    run = services.formation_run_create(pool=world.pool, by=world.pm)
    assert run.status == FormationRun.Status.INFEASIBLE
    assert any(
        "8 of the 10 people work for Norfolk and Norwich University Hospitals" in r for r in run.reasons
    )


def test_a_hand_move_that_breaks_a_rule_is_refused_with_the_rule_named() -> None:
    world = pool_world(10)
    run = services.formation_run_create(pool=world.pool, by=world.pm)
    assert len(run.sets) == 2
    mover = run.sets[0][1][0]
    with pytest.raises(ValidationError) as error:
        services.formation_move(run=run, person_id=mover, to_set=2, version=run.version, by=world.pm)
    assert "fewer than the smallest set size of 5" in str(error.value)
    run.refresh_from_db()
    assert mover in run.sets[0][1]


def test_a_hand_move_that_keeps_the_rules_is_made_and_changes_the_version() -> None:
    world = pool_world(11)
    run = services.formation_run_create(pool=world.pool, by=world.pm)
    big = 0 if len(run.sets[0][1]) == 6 else 1
    # someone who can make the other set's time
    target_slot = run.sets[1 - big][0]
    by_pk = {p.pk: p for p in world.people}
    entries = {e.person_id: e.slots for e in world.pool.entries.all()}
    mover = next(i for i in run.sets[big][1] if target_slot in entries[i] and by_pk[i])
    before = run.version
    try:
        moved = services.formation_move(run=run, person_id=mover, to_set=2 - big, version=before, by=world.pm)
    except ValidationError as error:  # the organisation cap can refuse it too; then it names that rule
        assert "at most 2 from one organisation" in str(error.value)
        return
    assert moved.version == before + 1 and mover in moved.sets[1 - big][1]


def test_two_managers_cannot_both_publish_and_nothing_is_published_part_way() -> None:
    world = pool_world(10)
    second_pm = programme_manager(world.academy)
    run = services.formation_run_create(pool=world.pool, by=world.pm)
    seen = run.version
    made = services.formation_publish(run=run, version=seen, by=world.pm)
    assert len(made) == 2
    with pytest.raises(ValidationError) as error:
        services.formation_publish(run=run, version=seen, by=second_pm)
    assert "changed this proposal since you opened it" in str(error.value)
    assert LearningSet.objects.count() == 2
    told = OutboxMessage.objects.filter(key__contains=":published:")
    assert sorted(m.to for m in told) == sorted(p.email for p in world.people)


def test_a_stale_move_is_refused() -> None:
    world = pool_world(10)
    run = services.formation_run_create(pool=world.pool, by=world.pm)
    with pytest.raises(ValidationError) as error:
        services.formation_move(
            run=run, person_id=world.people[0].pk, to_set=1, version=run.version - 1, by=world.pm
        )
    assert "version" in error.value.message_dict


def test_another_academys_programme_manager_cannot_form_or_publish() -> None:
    world = pool_world(10)
    stranger = programme_manager(AcademyFactory())
    with pytest.raises(PermissionDenied):
        services.formation_run_create(pool=world.pool, by=stranger)
    run = services.formation_run_create(pool=world.pool, by=world.pm)
    with pytest.raises(PermissionDenied):
        services.formation_publish(run=run, version=run.version, by=stranger)
    assert not LearningSet.objects.exists()


def test_a_set_met_after_three_meetings_with_most_members_present() -> None:
    world = pool_world(10)
    run = services.formation_run_create(pool=world.pool, by=world.pm)
    first, _second = services.formation_publish(run=run, version=run.version, by=world.pm)
    facilitator = PersonFactory()
    first = services.set_facilitator_assign(learning_set=first, person=facilitator, by=world.pm)
    ids = list(first.members.values_list("person_id", flat=True))
    today = timezone.localdate()
    services.meeting_log(
        learning_set=first, held_on=today - dt.timedelta(days=60), present=ids, by=facilitator.user
    )
    services.meeting_log(learning_set=first, held_on=today - dt.timedelta(days=30), present=ids, by=world.pm)
    assert not selectors.set_met(first)
    half = ids[: len(ids) // 2]  # half is not "most"
    member = world.people[[p.pk for p in world.people].index(ids[0])]
    services.meeting_log(
        learning_set=first, held_on=today - dt.timedelta(days=1), present=half, by=member.user
    )
    assert not selectors.set_met(first)
    services.meeting_log(learning_set=first, held_on=today, present=ids[:-1], by=member.user)
    assert selectors.set_met(first)
    outsider = PersonFactory()
    with pytest.raises(PermissionDenied):
        services.meeting_log(learning_set=first, held_on=today, present=[], by=outsider.user)
    with pytest.raises(ValidationError):
        services.meeting_log(learning_set=first, held_on=today, present=[outsider.pk], by=world.pm)


def test_community_figures_count_members_by_system_and_sets_met() -> None:
    world = pool_world(0)
    people = [PersonFactory() for _ in range(3)]
    for person in people:
        services.community_join(community=world.community, by=person.user)
    figures = selectors.community_figures(world.community)
    assert figures.members == 3
    assert sum(n for _, n in figures.by_ics) == 3
    assert figures.by_sector == [("NHS", 3)]
    assert figures.sets == 0 and figures.sets_met == 0


def test_a_large_pool_is_formed_in_the_background_once_the_request_commits(
    django_capture_on_commit_callbacks,
) -> None:
    world = pool_world(services.INLINE_LIMIT + 1)
    with django_capture_on_commit_callbacks(execute=True):
        run = services.formation_run_create(pool=world.pool, by=world.pm, work_limit=0.2)
        assert run.status == FormationRun.Status.QUEUED  # the manager is not kept waiting
    run.refresh_from_db()
    assert run.status == FormationRun.Status.DRAFT, run.reasons
    assert sorted(itertools.chain.from_iterable(_sets_of(run))) == sorted(p.pk for p in world.people)
