"""The hub's rules, through its services."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from academy.coaching import services
from academy.coaching.models import PractitionerProfile, Relationship, Request, SessionNote, ShortlistEntry
from academy.core.models import AuditEntry, OutboxMessage
from academy.people.models import Role
from tests.coaching.helpers import CHANGE, active, ask, hub_administrator, introduced, practitioner
from tests.factories import AcademyFactory, PersonFactory, grant

pytestmark = pytest.mark.django_db


def test_a_practitioner_edits_only_their_own_profile() -> None:
    academy = AcademyFactory()
    mine, theirs = practitioner(academy), practitioner(academy)
    services.profile_update(profile=mine, by=mine.person.user, capacity=3)
    assert PractitionerProfile.objects.get(pk=mine.pk).capacity == 3
    with pytest.raises(PermissionDenied):
        services.profile_update(profile=theirs, by=mine.person.user, capacity=5)
    with pytest.raises(PermissionDenied):
        services.profile_update(profile=mine, by=hub_administrator(academy), capacity=5)


def test_a_profile_with_contradictory_fields_gets_field_messages() -> None:
    academy = AcademyFactory()
    person = PersonFactory()
    with pytest.raises(ValidationError) as error:
        services.profile_create(
            person=person,
            academy=academy,
            by=person.user,
            kind="coach",
            specialisms=["Juggling"],
            capacity=0,
            delivery_format="in_person",
            published=True,
        )
    assert set(error.value.message_dict) >= {"specialisms", "capacity", "region", "accreditation_body"}


def test_changing_accreditation_needs_verifying_again() -> None:
    academy = AcademyFactory()
    profile = practitioner(academy)
    profile.accreditation_evidence.name = "coaching/accreditation/certificate.pdf"
    profile.save()
    admin = hub_administrator(academy)
    services.profile_verify_accreditation(profile=profile, by=admin)
    assert PractitionerProfile.objects.get(pk=profile.pk).accreditation_verified
    services.profile_update(
        profile=profile, by=profile.person.user, accreditation_level="Master practitioner"
    )
    assert not PractitionerProfile.objects.get(pk=profile.pk).accreditation_verified


def test_only_the_hub_of_the_profile_verifies_it() -> None:
    profile = practitioner(AcademyFactory())
    profile.accreditation_evidence.name = "coaching/accreditation/certificate.pdf"
    profile.save()
    with pytest.raises(PermissionDenied):
        services.profile_verify_accreditation(profile=profile, by=hub_administrator(AcademyFactory()))


def test_one_open_request_per_kind_per_person() -> None:
    academy = AcademyFactory()
    request = ask(academy)
    with pytest.raises(ValidationError) as error:
        ask(academy, person=request.person)
    assert "kind" in error.value.message_dict
    ask(academy, person=request.person, kind="mentoring")  # the other kind is fine


def test_the_database_refuses_a_second_open_request_of_a_kind() -> None:
    request = ask(AcademyFactory())
    with pytest.raises(IntegrityError), transaction.atomic():
        Request.objects.create(person=request.person, academy=request.academy, kind="coaching")


def test_a_request_needs_goals_with_themes() -> None:
    person = PersonFactory()
    with pytest.raises(ValidationError) as error:
        services.request_create(
            person=person, academy=AcademyFactory(), by=person.user, kind="coaching", goals=[]
        )
    assert error.value.message_dict["goals"] == ["Add at least one goal: what you would like to work on."]
    with pytest.raises(ValidationError):
        ask(AcademyFactory(), goals=[("Juggling", "Three balls")])


def test_eligibility_rules_of_the_academy_apply() -> None:
    academy = AcademyFactory()
    services.eligibility_rule_create(
        academy=academy,
        by=hub_administrator(academy),
        kind="mentoring",
        description="band 8a and above with the line manager's agreement",
        minimum_role_level="band_8a",
        needs_line_manager_agreement=True,
    )
    with pytest.raises(ValidationError) as error:
        ask(academy, person=PersonFactory(role_level="band_7"), kind="mentoring")
    assert "kind" in error.value.message_dict and "line_manager_agreed" in error.value.message_dict
    ask(academy, person=PersonFactory(role_level="band_8b"), kind="mentoring", line_manager_agreed=True)


def test_browsing_never_shows_someone_in_the_requesters_line_chain() -> None:
    from academy.coaching.selectors import profiles_to_browse

    academy = AcademyFactory()
    boss = PersonFactory()
    middle = PersonFactory(line_manager=boss)
    requester = PersonFactory(line_manager=middle)
    report = PersonFactory(line_manager=requester)
    in_chain = [practitioner(academy, person=p, allows_own_organisation=True) for p in (boss, report)]
    outsider = practitioner(academy)
    request = ask(academy, person=requester, allows_own_organisation=True)
    shown = profiles_to_browse(requester.user, request)
    assert outsider in shown
    assert not set(shown) & set(in_chain)
    with pytest.raises(ValidationError):
        services.browse_choose(request=request, profile=in_chain[0], by=requester.user)


def test_the_practitioner_accepts_and_takes_a_place() -> None:
    relationship = introduced(AcademyFactory())
    services.relationship_accept(relationship=relationship, by=relationship.practitioner.person.user)
    relationship.refresh_from_db()
    assert relationship.status == Relationship.Status.CONTRACTING
    assert PractitionerProfile.objects.get(pk=relationship.practitioner_id).active_count == 1
    assert Request.objects.get(pk=relationship.request_id).status == Request.Status.MATCHED
    assert OutboxMessage.objects.filter(
        key__startswith=f"coaching.relationship:{relationship.pk}:accepted"
    ).exists()


def test_only_the_practitioner_introduced_can_accept() -> None:
    relationship = introduced(AcademyFactory())
    with pytest.raises(PermissionDenied):
        services.relationship_accept(relationship=relationship, by=relationship.requester.user)


def test_no_acceptance_beyond_capacity() -> None:
    academy = AcademyFactory()
    profile = practitioner(academy, capacity=1)
    first, second = ask(academy), ask(academy)
    a = services.browse_choose(request=first, profile=profile, by=first.person.user)
    b = services.browse_choose(request=second, profile=profile, by=second.person.user)
    services.relationship_accept(relationship=a, by=profile.person.user)
    with pytest.raises(ValidationError) as error:
        services.relationship_accept(relationship=b, by=profile.person.user)
    assert "no places left" in str(error.value)


def test_a_decline_returns_the_requester_to_the_pool() -> None:
    relationship = introduced(AcademyFactory())
    services.relationship_decline(
        relationship=relationship, by=relationship.practitioner.person.user, reason="Full"
    )
    assert Request.objects.get(pk=relationship.request_id).status == Request.Status.OPEN
    assert PractitionerProfile.objects.get(pk=relationship.practitioner_id).active_count == 0


def test_four_sixty_minute_sessions_agreed_logged_and_closed() -> None:
    relationship = active(AcademyFactory())
    coach, coachee = relationship.practitioner.person.user, relationship.requester.user
    today = timezone.localdate()
    services.session_log(
        relationship=relationship, by=coach, held_on=today, minutes=60, note="Talked about X"
    )
    services.session_log(relationship=relationship, by=coachee, held_on=today, minutes=60)
    assert list(relationship.sessions.values_list("number", flat=True)) == [1, 2]
    with pytest.raises(ValidationError):
        services.session_log(
            relationship=relationship, by=coach, held_on=today + dt.timedelta(days=1), minutes=60
        )
    services.relationship_close(relationship=relationship, by=coachee, reason="completed")
    relationship.refresh_from_db()
    assert relationship.status == Relationship.Status.CLOSED and relationship.close_reason == "completed"
    assert PractitionerProfile.objects.get(pk=relationship.practitioner_id).active_count == 0


def test_session_notes_are_for_the_pair_only_and_reads_are_audited() -> None:
    academy = AcademyFactory()
    relationship = active(academy)
    coach = relationship.practitioner.person.user
    services.session_log(
        relationship=relationship, by=coach, held_on=timezone.localdate(), minutes=60, note="Private"
    )
    notes = services.session_notes_read(relationship=relationship, by=relationship.requester.user)
    assert [n.text for n in notes] == ["Private"]
    assert (
        AuditEntry.objects.filter(action="coaching.session_note.read", object_id=str(relationship.pk)).count()
        == 1
    )
    superuser = PersonFactory().user
    superuser.is_superuser = True
    superuser.save()
    for outsider in (hub_administrator(academy), superuser, practitioner(academy).person.user):
        with pytest.raises(PermissionDenied):
            services.session_notes_read(relationship=relationship, by=outsider)
    assert SessionNote.objects.count() == 1


def test_the_lived_experience_wish_is_read_by_the_requester_and_hub_administrator_only() -> None:
    academy = AcademyFactory()
    request = ask(academy, lived_experience_wish="Someone who has also returned from long illness")
    assert services.lived_experience_read(request=request, by=request.person.user).startswith("Someone")
    services.lived_experience_read(request=request, by=hub_administrator(academy))
    assert AuditEntry.objects.filter(action="coaching.lived_experience.read").count() == 1
    with pytest.raises(PermissionDenied):
        services.lived_experience_read(request=request, by=practitioner(academy).person.user)


def test_weights_are_changed_by_the_hub_administrator_within_range() -> None:
    academy = AcademyFactory()
    admin = hub_administrator(academy)
    settings = services.hub_weights_update(academy=academy, by=admin, goals=8, sector=0)
    assert settings.weights()["goals"] == 8
    with pytest.raises(ValidationError) as error:
        services.hub_weights_update(academy=academy, by=admin, goals=11)
    assert error.value.message_dict == {"goals": ["Enter a weight from 0 to 10."]}
    with pytest.raises(PermissionDenied):
        services.hub_weights_update(academy=academy, by=practitioner(academy).person.user, goals=3)


def test_a_programme_manager_is_not_a_hub_administrator() -> None:
    academy = AcademyFactory()
    user = PersonFactory().user
    grant(user, Role.PROGRAMME_MANAGER, academy=academy)
    with pytest.raises(PermissionDenied):
        services.matching_run_start(academy=academy, kind="coaching", by=user)


def test_the_shortlist_choice_introduces_the_practitioner() -> None:
    academy = AcademyFactory()
    profile = practitioner(academy)
    request = ask(academy)
    entry = ShortlistEntry.objects.create(request=request, practitioner=profile, rank=1, score=0.9)
    Request.objects.filter(pk=request.pk).update(status=Request.Status.SHORTLISTED)
    relationship = services.shortlist_choose(entry=entry, by=request.person.user)
    assert relationship.practitioner == profile and relationship.status == Relationship.Status.INTRODUCED
    with pytest.raises(PermissionDenied):
        services.shortlist_choose(entry=entry, by=profile.person.user)
    assert CHANGE in Request.objects.get(pk=request.pk).themes
