"""The demo hub tells seed 002's story: its counts, relationships at every stage, and the demo logins."""

import datetime as dt

import pytest
from django.utils import timezone

from academy.coaching.models import PractitionerProfile, Relationship, Request, ShortlistEntry
from academy.coaching.selectors import hub_figures
from academy.people.models import Role, User
from academy.people.permissions import roles_of
from academy.people.selectors import line_chain_pairs

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.xdist_group("demo-small-coaching"),
]  # one demo build: demo_region

DOMAIN = "demo.academy.example"


def test_the_demo_hub_has_the_seeds_coaches_mentors_coachees_and_mentees_as_of_two_days(
    demo_region: str,
) -> None:
    profiles = PractitionerProfile.objects.all()
    academy = profiles.first().academy  # type: ignore[union-attr]
    today = timezone.localdate()
    now = hub_figures(academy_id=academy.pk, as_of=today)
    assert (now.coaches, now.mentors, now.coachees, now.mentees) == (169, 82, 499, 209)
    month_ago = hub_figures(academy_id=academy.pk, as_of=today - dt.timedelta(days=30))
    assert (month_ago.coaches, month_ago.mentors) == (165, 78)  # the seed's two pages, counted on two days
    assert (
        now.active_relationships == Relationship.objects.filter(status__in=Relationship.HOLDS_PLACE).count()
    )
    stages = set(Relationship.objects.values_list("status", flat=True))
    assert stages == {"introduced", "declined", "contracting", "active", "closed"}
    # Never over capacity; never within a line-management chain
    for profile in profiles:
        assert (
            profile.active_count == profile.relationships.filter(status__in=Relationship.HOLDS_PLACE).count()
        )
        assert profile.active_count <= profile.capacity
    pairs = Relationship.objects.values_list("requester_id", "practitioner__person_id")
    chains = line_chain_pairs({p for pair in pairs for p in pair})
    assert not [pair for pair in pairs if frozenset(pair) in chains]

    coach = User.objects.get(username=f"coach@{DOMAIN}")
    mine = set(Relationship.objects.filter(practitioner__person__user=coach).values_list("status", flat=True))
    assert mine == {"introduced", "declined", "contracting", "active", "closed"}
    participant = User.objects.get(username=f"participant@{DOMAIN}")
    shortlist = ShortlistEntry.objects.filter(request__person__user=participant, withdrawn=False)
    assert shortlist.count() == 3
    assert Request.objects.get(person__user=participant, kind="coaching").status == "shortlisted"
    hub = User.objects.get(username=f"hub.administrator@{DOMAIN}")
    assert Role.HUB_ADMINISTRATOR in roles_of(hub)

    # The impact suite's coaching page tells seed 002's story over the default period (the last three
    # years): 95% would recommend their coach (38 of 40), 87% their mentor (27 of 31), 81% the hub (25 of 31),
    # and never more answers than relationships closed in the period.
    from academy.evaluation import reports
    from academy.reporting.periods import Period

    manager = User.objects.get(username=f"programme.manager@{DOMAIN}")
    offer = reports.suite_offers(user=manager).first()
    assert offer is not None
    suite = reports.suite_build(user=manager, offer_ids=[offer.pk], period=Period.last_years(today=today))
    [page] = [p for p in suite.pages if p.group == "Coaching & Mentoring"]  # the ICS case studies follow
    assert (page.hub.coaches, page.hub.mentors, page.hub.coachees, page.hub.mentees) == (169, 82, 499, 209)
    shares = {
        (kind.kind, f.code): (f.share.count, f.share.base, f.share.percent)
        for kind in page.kinds
        for f in kind.recommend + kind.agreement
    }
    assert shares[("coaching", "recommend_practice")] == (40, 40, 100)
    assert shares[("coaching", "recommend_practitioner")] == (38, 40, 95)
    assert shares[("coaching", "recommend_hub")] == (38, 40, 95)
    assert shares[("coaching", "insights")] == (38, 40, 95)
    assert shares[("mentoring", "recommend_practice")] == (31, 31, 100)
    assert shares[("mentoring", "recommend_practitioner")] == (27, 31, 87)
    assert shares[("mentoring", "recommend_hub")] == (25, 31, 81)
    assert shares[("mentoring", "valuable_time")] == (27, 31, 87)
    for kind in page.kinds:
        assert 0 < kind.responses <= kind.closed and kind.goals
        assert kind.withheld == ""  # every round answered has at least five answers

    # The seed's own period (May 2020 to April 2023) tells the same story from its own rounds.
    seed = reports.suite_build(
        user=manager, offer_ids=[offer.pk], period=Period(start=dt.date(2020, 5, 1), end=dt.date(2023, 4, 30))
    )
    [hub_page] = [p for p in seed.pages if p.title == "Coaching and mentoring hub"]
    seed_shares = {
        (kind.kind, f.code): (f.share.count, f.share.base, f.share.percent)
        for kind in hub_page.kinds
        for f in kind.recommend + kind.agreement
    }
    assert seed_shares == shares
    assert [kind.responses for kind in hub_page.kinds] == [40, 31]


def test_the_demo_tells_the_pcn_clinical_directors_and_team_coaching_stories_in_the_seed_period(
    demo_region: str,
) -> None:
    from academy.coaching.models import CoachingProgramme, TeamJourney
    from academy.coaching.reports import programme_page, team_coaching_page
    from academy.reporting.periods import Period

    seed = Period(start=dt.date(2020, 5, 1), end=dt.date(2023, 4, 30))
    programme = CoachingProgramme.objects.get()
    page = programme_page(programme, period=seed)
    assert (page.participants, page.sessions_each, page.session_minutes) == (19, 4, 60)
    assert (page.sessions_held, page.completed) == (76, 19)
    improved = {t.theme: (t.figure.improved, t.figure.base, t.figure.improved_percent) for t in page.themes}
    assert improved["Leading and managing change"] == (7, 7, 100)
    assert improved["Managing myself more effectively and with confidence"] == (13, 15, 87)
    assert improved["Achieving a better work life balance"] == (8, 10, 80)
    assert improved["How I communicate and influence others"] == (11, 17, 65)
    assert improved["Understanding my strengths and areas for personal development"] == (9, 15, 60)
    # The same clinical directors as the catalogue's PCN coaching offer, with the same goal counts
    from academy.offers.models import Booking

    booked = set(
        Booking.objects.filter(
            cohort__offer__title="Coaching for Primary Care Network Clinical Directors",
            cohort__starts_on__lte=dt.date(2023, 4, 30),
            status="confirmed",
        ).values_list("person_id", flat=True)
    )
    assert len(booked) >= 19 and set(programme.participants.values_list("person_id", flat=True)) <= booked
    assert TeamJourney.objects.count() == 2
    team = team_coaching_page(academy=programme.academy, period=seed)
    assert team is not None and (team.responses, team.withheld) == (18, "")
    agree = {f.code: (f.share.count, f.share.base, f.share.percent) for f in team.agreement}
    assert agree == dict.fromkeys(("team_insights", "team_conversations", "team_space"), (17, 18, 94))
    recommend = {f.code: f.share.percent for f in team.recommend}
    assert recommend == {"recommend_team_coaching": 100, "recommend_team_coaches": 100}
    assert [j.phase for j in team.journeys] == ["Ended", "Ended"]
