"""Commissioned coaching programmes (the PCN clinical directors) and team coaching journeys: their
services, the rules they keep, and their pages in the compiled suite, figures checked by hand."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from academy.coaching import services
from academy.coaching.models import TeamJourney
from academy.evaluation import reports
from academy.evaluation.models import Invitation
from academy.evaluation.services.responses import response_submit
from academy.evaluation.standard import GOAL_THEMES
from academy.reporting.periods import Period
from tests.coaching.helpers import hub_administrator
from tests.factories import OfferFactory, PersonFactory, programme_manager

pytestmark = pytest.mark.django_db

CHANGE, BALANCE, MYSELF = GOAL_THEMES[5], GOAL_THEMES[3], GOAL_THEMES[0]
START, END = dt.date(2021, 12, 1), dt.date(2022, 10, 31)
SEED = Period(start=dt.date(2020, 5, 1), end=dt.date(2023, 4, 30))


def _programme(academy, admin, people: int = 6):  # noqa: ANN001, ANN202
    programme = services.programme_create(
        academy=academy,
        by=admin,
        title="PCN clinical directors",
        provider="We are Beyond",
        starts_on=START,
        ends_on=END,
    )
    places = [
        services.programme_participant_add(programme=programme, person=PersonFactory(), by=admin)
        for _ in range(people)
    ]
    return programme, places


def test_programme_page_prints_goal_progress_by_theme_with_bases_and_hides_small_themes() -> None:
    offer = OfferFactory()
    academy = offer.academy
    admin = hub_administrator(academy)
    programme, places = _programme(academy, admin)
    # Change: six goals, five improved (3->7 x5, 6->6): 83%, medians 3 and 7.
    # Balance: two goals only (under the minimum of 5): listed, figures withheld.
    for n, place in enumerate(places):
        goal = services.programme_goal_add(
            participant=place, by=admin, theme=CHANGE, text="Lead change", rating_before=3 if n < 5 else 6
        )
        services.programme_goal_rate(participant=place, goal=goal, by=admin, rating_after=7 if n < 5 else 6)
        for k in range(4 if n < 5 else 2):
            services.programme_session_log(
                participant=place, by=admin, held_on=START + dt.timedelta(days=30 * k)
            )
    for place in places[:2]:
        goal = services.programme_goal_add(
            participant=place, by=admin, theme=BALANCE, text="Balance", rating_before=2
        )
        services.programme_goal_rate(participant=place, goal=goal, by=admin, rating_after=8)

    suite = reports.suite_build(user=programme_manager(academy), offer_ids=[offer.pk], period=SEED)
    [page] = [p for p in suite.pages if p.title == "PCN clinical directors"]
    assert (page.participants, page.sessions_held, page.sessions_planned, page.completed) == (6, 22, 24, 5)
    change, balance = page.themes
    assert (change.theme, change.people, change.rated) == (CHANGE, 6, 6)
    assert (change.figure.improved, change.figure.base, change.figure.improved_percent) == (5, 6, 83)
    assert (change.figure.median_before, change.figure.median_after) == ("3", "7")
    assert (balance.theme, balance.people, balance.rated, balance.figure) == (BALANCE, 2, 2, None)
    assert page.goals_rated == 8
    from academy.evaluation import exports

    tables = {t.key: t for t in exports.suite_tables(suite)}
    assert tables[f"{page.key}-goals"].rows == [[CHANGE, 6, 6, 5, "83%"], [BALANCE, 2, 2, "*", "*"]]
    assert ["Sessions held", 22] in tables[f"{page.key}-sessions"].rows
    html = reports.print_html(suite=suite)
    assert "PCN clinical directors" in html and "83% (5)" in html
    assert "22 of 24 planned sessions were held; 5 of 6 people had all 4" in html
    # A period the programme did not run in has no such page.
    later = Period(start=dt.date(2023, 5, 1), end=dt.date(2023, 6, 1))
    later_suite = reports.suite_build(user=programme_manager(academy), offer_ids=[offer.pk], period=later)
    assert not [p for p in later_suite.pages if p.title == "PCN clinical directors"]


def test_programme_rules_sessions_count_dates_and_who_may() -> None:
    academy = OfferFactory().academy
    admin = hub_administrator(academy)
    programme, [place] = _programme(academy, admin, people=1)
    with pytest.raises(ValidationError) as outside:
        services.programme_session_log(participant=place, by=admin, held_on=END + dt.timedelta(days=1))
    assert "held_on" in outside.value.message_dict
    for k in range(4):
        services.programme_session_log(participant=place, by=admin, held_on=START + dt.timedelta(days=k))
    with pytest.raises(ValidationError, match="All 4 sessions"):
        services.programme_session_log(participant=place, by=admin, held_on=START)
    with pytest.raises(ValidationError) as dates:
        services.programme_create(
            academy=academy, by=admin, title="X", provider="Y", starts_on=END, ends_on=START
        )
    assert "ends_on" in dates.value.message_dict
    with pytest.raises(PermissionDenied):
        services.programme_participant_add(
            programme=programme, person=PersonFactory(), by=PersonFactory().user
        )
    with pytest.raises(ValidationError, match="already"):
        services.programme_participant_add(programme=programme, person=place.person, by=admin)


def test_team_journey_phases_move_in_order_and_the_current_phase_follows_the_dates() -> None:
    academy = OfferFactory().academy
    admin = hub_administrator(academy)
    journey = services.team_journey_create(
        academy=academy,
        by=admin,
        team_name="ICS board",
        team_leader=PersonFactory(),
        engagement_on=dt.date(2022, 1, 10),
        planned_months=9,
    )
    assert (
        journey.phase_on(dt.date(2022, 1, 9)) == "" and journey.phase_on(dt.date(2022, 1, 10)) == "engagement"
    )
    with pytest.raises(ValidationError, match="cannot start before"):
        services.team_journey_phase_start(journey=journey, by=admin, on=dt.date(2022, 1, 1))
    for day in (dt.date(2022, 2, 1), dt.date(2022, 3, 1), dt.date(2022, 4, 1)):
        journey = services.team_journey_phase_start(journey=journey, by=admin, on=day)
    assert journey.phase_on(dt.date(2022, 3, 15)) == TeamJourney.Phase.DIAGNOSTIC
    assert journey.phase_on(dt.date(2022, 5, 1)) == TeamJourney.Phase.SESSIONS
    with pytest.raises(ValidationError) as months:
        services.team_journey_create(
            academy=academy,
            by=admin,
            team_name="Too long",
            team_leader=PersonFactory(),
            engagement_on=dt.date(2022, 1, 10),
            planned_months=18,
        )
    assert "planned_months" in months.value.message_dict
    with pytest.raises(PermissionDenied):
        services.team_journey_phase_start(journey=journey, by=PersonFactory().user, on=dt.date(2022, 6, 1))


def test_team_coaching_page_pools_feedback_with_bases_and_withholds_under_the_minimum() -> None:
    offer = OfferFactory()
    academy = offer.academy
    admin = hub_administrator(academy)
    today = timezone.localdate()
    journey = services.team_journey_create(
        academy=academy,
        by=admin,
        team_name="Place partnership",
        team_leader=PersonFactory(),
        engagement_on=today - dt.timedelta(days=90),
        planned_months=6,
    )
    members = [
        services.team_journey_member_add(journey=journey, person=PersonFactory(), by=admin) for _ in range(5)
    ]
    services.team_journey_member_add(journey=journey, person=PersonFactory(), by=admin, role="stakeholder")
    for days in (80, 60, 30):
        journey = services.team_journey_phase_start(
            journey=journey, by=admin, on=today - dt.timedelta(days=days)
        )
    survey = services.team_journey_feedback_send(journey=journey, by=admin)
    assert Invitation.objects.filter(survey=survey).count() == 6  # leader and five members, no stakeholder
    people = [journey.team_leader] + [m.person for m in members]
    period = Period(start=today - dt.timedelta(days=100), end=today)

    def page():  # noqa: ANN202
        suite = reports.suite_build(user=programme_manager(academy), offer_ids=[offer.pk], period=period)
        return next(p for p in suite.pages if p.title == "Team coaching")

    for person in people[:4]:
        response_submit(
            survey=survey,
            person=person,
            answers={
                "team_insights": "agree",
                "team_conversations": "strongly_agree",
                "team_space": "agree",
                "recommend_team_coaching": "yes",
                "recommend_team_coaches": "yes",
                "team_rapport": "yes",
            },
        )
    four = page()
    assert (four.responses, four.invited, four.recommend) == (4, 6, [])
    assert "fewer than 5" in four.withheld
    # Fifth and sixth answers: 6 answered, 5 agree with insights (83%), 6 of 6 recommend team coaching.
    for person, insight in ((people[4], "disagree"), (people[5], "agree")):
        response_submit(
            survey=survey,
            person=person,
            answers={
                "team_insights": insight,
                "team_conversations": "agree",
                "team_space": "agree",
                "recommend_team_coaching": "yes",
                "recommend_team_coaches": "not_sure",
                "team_rapport": "yes",
            },
        )
    six = page()
    assert six.withheld == "" and six.responses == 6
    agree = {f.code: (f.share.count, f.share.base, f.share.percent) for f in six.agreement}
    assert agree["team_insights"] == (5, 6, 83) and agree["team_conversations"] == (6, 6, 100)
    recommend = {f.code: (f.share.count, f.share.base, f.share.percent) for f in six.recommend}
    assert recommend == {"recommend_team_coaching": (6, 6, 100), "recommend_team_coaches": (4, 6, 67)}
    [row] = six.journeys
    assert (row.team, row.phase) == ("Place partnership", "Team coaching sessions")
    feedback = {t.key: t for t in six.tables()}[f"{six.key}-feedback"]
    assert [six.agreement[0].statement, 5, 6, "83%"] in feedback.rows


def test_the_programme_and_journey_pages_show_people_sessions_themes_and_phases(client) -> None:  # noqa: ANN001
    academy = OfferFactory().academy
    admin = hub_administrator(academy)
    programme, places = _programme(academy, admin, people=5)
    for place in places:
        goal = services.programme_goal_add(
            participant=place, by=admin, theme=CHANGE, text="x", rating_before=4
        )
        services.programme_goal_rate(participant=place, goal=goal, by=admin, rating_after=8)
    services.programme_session_log(participant=places[0], by=admin, held_on=START)
    leader = PersonFactory()
    journey = services.team_journey_create(
        academy=academy,
        by=admin,
        team_name="System leaders",
        team_leader=leader,
        engagement_on=dt.date(2022, 1, 10),
        planned_months=12,
    )
    services.team_journey_member_add(
        journey=journey, person=PersonFactory(given_name="Stacey"), by=admin, role="stakeholder"
    )
    client.force_login(admin)
    hub = client.get(f"/coaching/hub/?academy={academy.pk}").content.decode()
    assert "PCN clinical directors" in hub and "Team coaching: System leaders" in hub
    page = client.get(f"/coaching/hub/programmes/{programme.pk}/").content.decode()
    assert "We are Beyond" in page and "1 of 20 planned" in page and "100% (5 of 5)" in page
    assert "1 December 2021 to 31 October 2022" in page
    client.force_login(leader.user)
    page = client.get(f"/coaching/hub/team-journeys/{journey.pk}/").content.decode()
    assert "Engagement" in page and "From 10 January 2022" in page and "(stakeholder)" in page
    assert client.get(f"/coaching/hub/programmes/{programme.pk}/").status_code == 404


def test_the_admin_lists_programmes_journeys_and_rounds_and_never_shows_lived_experience(
    admin_client,
) -> None:  # noqa: ANN001
    academy = OfferFactory().academy
    admin = hub_administrator(academy)
    programme, [place] = _programme(academy, admin, people=1)
    journey = services.team_journey_create(
        academy=academy, by=admin, team_name="Board", team_leader=PersonFactory(), engagement_on=START
    )
    for url in (
        "/admin/coaching/coachingprogramme/",
        f"/admin/coaching/coachingprogramme/{programme.pk}/change/",
        "/admin/coaching/teamjourney/",
        f"/admin/coaching/teamjourney/{journey.pk}/change/",
        "/admin/coaching/feedbackround/",
    ):
        assert admin_client.get(url).status_code == 200, url
    from tests.coaching.helpers import practitioner

    profile = practitioner(academy, lived_experience=["carer"])
    page = admin_client.get(f"/admin/coaching/practitionerprofile/{profile.pk}/change/").content.decode()
    assert "lived_experience" not in page
