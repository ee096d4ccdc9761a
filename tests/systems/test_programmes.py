"""Systems OD programmes: who may build and read them, the rules of their parts, and the case study."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from academy.systems import selectors, services
from academy.systems.models import Programme
from academy.systems.services.programmes import check_scores
from tests.factories import AcademyFactory, PersonFactory, programme_manager
from tests.systems.programmes_world import build_programmes

pytestmark = pytest.mark.django_db


def test_only_the_ics_own_od_lead_builds_its_programme() -> None:
    w = build_programmes()
    with pytest.raises(PermissionDenied):
        services.participant_add(programme=w.programme, role="Chief Executive", by=w.other_lead)
    with pytest.raises(PermissionDenied):
        services.programme_create(ics=w.ics, title="X", started_on=dt.date(2022, 1, 1), by=w.participant.user)


def test_another_systems_lead_reads_only_published_programmes_and_participants_see_their_own() -> None:
    w = build_programmes()
    assert set(selectors.programmes_for(w.other_lead)) == {w.published, w.draft_elsewhere}
    assert set(selectors.programmes_for(w.lead)) == {w.programme, w.published}
    assert set(selectors.programmes_for(w.participant.user)) == {w.programme}
    assert set(selectors.programmes_for(PersonFactory().user)) == set()
    assert set(selectors.programmes_for(programme_manager(AcademyFactory()))) == {w.published}


def test_a_person_is_a_participant_once_and_a_role_needs_words() -> None:
    w = build_programmes()
    with pytest.raises(ValidationError) as error:
        services.participant_add(programme=w.programme, person=w.participant, by=w.lead)
    assert "already a participant" in error.value.message_dict["person"][0]
    with pytest.raises(ValidationError) as error:
        services.participant_add(programme=w.programme, role="  ", by=w.lead)
    assert "person" in error.value.message_dict


def test_a_diagnostic_conversation_is_kept_only_with_consent() -> None:
    w = build_programmes()
    with pytest.raises(ValidationError) as error:
        services.diagnostic_record(
            programme=w.programme, held_on=dt.date(2021, 9, 21), consent=False, summary="Hi", by=w.lead
        )
    assert "agreed" in error.value.message_dict["consent"][0]


def test_scores_outside_0_to_12_or_not_adding_up_to_30_are_refused_with_the_field() -> None:
    w = build_programmes()
    too_high = {"competing": 13, "collaborating": 7, "compromising": 5, "avoiding": 3, "accommodating": 2}
    with pytest.raises(ValidationError) as error:
        services.conflict_profile_record(
            programme=w.programme, participant=w.first, scores=too_high, by=w.lead
        )
    assert error.value.message_dict["competing"] == ["The competing score must be between 0 and 12."]
    short = {"competing": 5, "collaborating": 7, "compromising": 5, "avoiding": 3, "accommodating": 2}
    with pytest.raises(ValidationError) as error:
        services.conflict_profile_record(programme=w.programme, participant=w.first, scores=short, by=w.lead)
    assert "add up to 22" in error.value.message_dict["competing"][0]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=-3, max_value=15), min_size=5, max_size=5))
def test_scores_are_accepted_exactly_when_each_is_0_to_12_and_they_add_up_to_30(values: list[int]) -> None:
    scores = dict(
        zip(["competing", "collaborating", "compromising", "avoiding", "accommodating"], values, strict=True)
    )
    valid = all(0 <= v <= 12 for v in values) and sum(values) == 30
    try:
        check_scores(scores)
    except ValidationError:
        assert not valid
    else:
        assert valid


def test_the_team_snapshot_counts_most_used_modes_with_ties_for_each_and_medians() -> None:
    w = build_programmes()
    snapshot = selectors.conflict_snapshot(w.programme)
    by_mode = {row.mode: row for row in snapshot.rows}
    assert snapshot.base == 5
    # Highest modes: collaborating; competing; collaborating; competing and collaborating (tie); compromising
    assert (by_mode["collaborating"].most_used, by_mode["collaborating"].percent) == (3, 60)
    assert (by_mode["competing"].most_used, by_mode["competing"].percent) == (2, 40)
    assert (by_mode["compromising"].most_used, by_mode["compromising"].percent) == (1, 20)
    assert by_mode["avoiding"].most_used == 0
    assert by_mode["collaborating"].median == "9"  # 6 8 9 10 10
    assert by_mode["competing"].median == "5"  # 3 4 5 9 10
    assert "60% (3 of 5)" in snapshot.chart


def test_a_snapshot_of_fewer_than_five_members_is_withheld() -> None:
    w = build_programmes()
    w.programme.profiles.first().delete()
    snapshot = selectors.conflict_snapshot(w.programme)
    assert snapshot.rows == [] and "4 members entered scores" in snapshot.withheld


def test_an_edit_from_an_old_version_is_refused_so_two_leads_cannot_overwrite_each_other() -> None:
    w = build_programmes()
    seen = w.programme.version
    services.programme_update(programme=w.programme, version=seen, learning="First lead's words", by=w.lead)
    with pytest.raises(ValidationError) as error:
        services.programme_update(programme=w.programme, version=seen, learning="Second", by=w.lead)
    assert "Someone else changed" in error.value.message_dict["version"][0]
    assert Programme.objects.get(pk=w.programme.pk).learning == "First lead's words"


def test_publishing_needs_an_introduction_and_outcomes() -> None:
    w = build_programmes()
    empty = services.programme_create(ics=w.ics, title="Empty", started_on=dt.date(2022, 1, 1), by=w.lead)
    with pytest.raises(ValidationError) as error:
        services.programme_publish(programme=empty, by=w.lead)
    assert error.value.message_dict["status"] == [
        "Add an introduction and outcomes before publishing the case study."
    ]
    published = services.programme_publish(programme=w.programme, by=w.lead)
    assert published.is_published and published.published_at is not None


def test_the_case_study_has_seed_004s_sections_in_order() -> None:
    w = build_programmes()
    study = selectors.case_study(w.programme)
    assert [s.title for s in study.sections] == [
        "Introduction",
        "Background",
        "Approach",
        "Participants",
        "Outcomes",
        "Learning and Insights",
        "Observations and Next Steps",
    ]
    outcomes = next(s for s in study.sections if s.key == "outcomes")
    assert [(b.kind, b.lines) for b in outcomes.blocks] == [
        ("p", ["Three core aspects were considered."]),
        ("ul", ["Impact", "Performance", "Culture"]),
    ]
    assert study.participant_count == 5 and study.diagnostics == 1
    assert [attended for _, attended, _ in study.workshops] == [17]


def test_diagnostic_summaries_past_their_period_are_blanked_and_the_count_stays() -> None:
    from academy.core.retention import retention_kinds

    w = build_programmes()
    [kind] = [k for k in retention_kinds() if k.kind == "systems.diagnostic_summaries"]
    assert kind.queryset is not None and kind.function is not None
    kind.function(kind.queryset(), dt.date(2025, 1, 1))
    study = selectors.case_study(w.programme)
    assert study.diagnostics == 1 and w.programme.diagnostics.get().summary == ""


MODES = ["competing", "collaborating", "compromising", "avoiding", "accommodating"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.integers(min_value=0, max_value=12), min_size=5, max_size=5), max_size=30))
def test_every_member_counts_for_their_highest_modes_and_no_mode_counts_more_than_the_team(
    members: list[list[int]],
) -> None:
    scores = [dict(zip(MODES, values, strict=True)) for values in members]
    counts = selectors.most_used_counts(scores)
    assert all(0 <= counts[mode] <= len(scores) for mode in MODES)
    ties = sum(values.count(max(values)) for values in members)
    assert sum(counts.values()) == ties >= len(scores)


def test_a_workshop_that_is_an_offer_counts_the_people_its_register_marks_present() -> None:
    from django.utils import timezone

    from academy.offers.models import Attendance
    from academy.offers.services import attendance_mark, booking_create
    from tests.factories import CohortFactory, OfferFactory, SessionFactory

    w = build_programmes()
    offer = OfferFactory()
    offer.systems.add(w.ics)
    cohort = CohortFactory(offer=offer)
    session = SessionFactory(cohort=cohort, starts_at=timezone.now() - dt.timedelta(hours=1))
    people = [PersonFactory() for _ in range(3)]
    bookings = [booking_create(cohort=cohort, person=person, by=person.user) for person in people]
    marks = {b.pk: Attendance.Status.PRESENT for b in bookings[:2]} | {
        bookings[2].pk: Attendance.Status.ABSENT
    }
    attendance_mark(session=session, by=programme_manager(offer.academy), marks=marks)
    services.workshop_add(
        programme=w.programme, title="Workshop 2", held_on=dt.date(2022, 1, 20), offer=offer, by=w.lead
    )
    assert [attended for _, attended, _ in selectors.case_study(w.programme).workshops] == [17, 2]
    elsewhere = OfferFactory()
    elsewhere.systems.add(w.other_ics)
    with pytest.raises(ValidationError) as error:
        services.workshop_add(
            programme=w.programme, title="W", held_on=dt.date(2022, 1, 20), offer=elsewhere, by=w.lead
        )
    assert "offer" in error.value.message_dict
