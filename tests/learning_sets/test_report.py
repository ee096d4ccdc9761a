"""The community's figures for a period and seed 000's report ("N sets successfully met"), as a page, a
PDF and through the API, checked against figures worked out by hand; retention leaves them as they were."""

import datetime as dt
from dataclasses import asdict
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from academy.core.models import RetentionPeriod
from academy.core.retention import retention_apply
from academy.evaluation.models import Invitation, Survey
from academy.evaluation.services.responses import response_submit
from academy.learning_sets import reports, selectors, services
from academy.learning_sets.models import Announcement, FormationRun, LearningSet, Resource
from academy.offers.models import OfferKind
from academy.reporting.periods import Period
from tests.factories import CohortFactory, OfferFactory, PersonFactory, SessionFactory, attendance, booking
from tests.learning_sets.helpers import pool_world

pytestmark = pytest.mark.django_db


def _client(user) -> Client:  # noqa: ANN001
    client = Client()
    client.force_login(user)
    return client


def _session(offer, days_ago: int, present: list, absent: tuple = ()):  # noqa: ANN001, ANN202
    cohort = CohortFactory(offer=offer, starts_on=timezone.localdate() - dt.timedelta(days=days_ago))
    session = SessionFactory(cohort=cohort, title=f"{offer.title} on day {days_ago}")
    for person in present:
        attendance(session, booking(cohort, person))
    for person in absent:
        attendance(session, booking(cohort, person), status="absent")
    return session


def _world() -> SimpleNamespace:
    """A community with a workshop series and a bitesize series, two published sets of six, and the
    meetings and answers below (days are counted back from today; the period is the last 90 days)."""
    world = pool_world(12)
    today = timezone.localdate()
    run = services.formation_run_create(pool=world.pool, by=world.pm)
    assert run.status == FormationRun.Status.DRAFT, run.reasons
    set_a, set_b = services.formation_publish(run=run, version=run.version, by=world.pm)
    workshops = OfferFactory(academy=world.academy, kind=OfferKind.NETWORK, title="OD workshops")
    bitesize = OfferFactory(academy=world.academy, kind=OfferKind.BITESIZE, title="OD bitesize")
    for offer in (workshops, bitesize):
        services.community_event_add(community=world.community, offer=offer, by=world.pm)
    people = [PersonFactory() for _ in range(7)]
    # Workshops: 3 present (and one absent) 60 days ago, 2 present 30 days ago, 4 present 200 days ago.
    _session(workshops, 60, people[:3], absent=(PersonFactory(),))
    _session(workshops, 30, people[3:5])
    _session(workshops, 200, [PersonFactory() for _ in range(4)])
    # Bitesize: 2 present 45 days ago, one of whom came to a workshop too.
    _session(bitesize, 45, [people[0], people[5]])
    # Seven people join: the six who came and one who has not come to anything yet.
    for person in people:
        services.community_join(community=world.community, by=person.user)
    # Set A meets three times in the period with everyone present: it met. Set B met once 200 days ago
    # and twice in the period: it met, but not with the period's meetings alone.
    for learning_set, days in ((set_a, (50, 40, 20)), (set_b, (200, 40, 20))):
        ids = list(learning_set.members.values_list("person_id", flat=True))
        for day in days:
            services.meeting_log(
                learning_set=learning_set, held_on=today - dt.timedelta(days=day), present=ids, by=world.pm
            )
    return SimpleNamespace(
        **vars(world), sets=(set_a, set_b), period=Period(start=today - dt.timedelta(days=90), end=today)
    )


def _answer_set_feedback(learning_set: LearningSet, choices: list[str]) -> None:
    survey = Survey.objects.get(subject_id=learning_set.pk, title__startswith="Action learning")
    invitations = Invitation.objects.filter(survey=survey).select_related("person").order_by("pk")
    for invitation, choice in zip(invitations, choices, strict=False):
        response_submit(
            survey=survey,
            person=invitation.person,
            answers={
                "apply_learning": choice,
                "development_objectives": "agree",
                "lead_and_influence": "agree",
                "testimony": f"My set helped me, said {invitation.person.given_name}.",
            },
            consents={"testimony"},
            now=survey.opens_at + dt.timedelta(hours=1),
        )


def test_a_set_that_has_met_asks_its_members_for_feedback_once() -> None:
    world = _world()
    set_a, set_b = world.sets
    for learning_set in (set_a, set_b):
        surveys = Survey.objects.filter(subject_id=learning_set.pk, title__startswith="Action learning")
        assert surveys.count() == 1  # sent when the set first met the rule, not again at later meetings
        invited = set(Invitation.objects.filter(survey=surveys.get()).values_list("person_id", flat=True))
        assert invited == set(learning_set.members.values_list("person_id", flat=True))
    # Set A met at its third meeting, 20 days ago: the survey opened that evening.
    survey = Survey.objects.get(subject_id=set_a.pk)
    assert timezone.localtime(survey.opens_at).date() == timezone.localdate() - dt.timedelta(days=20)


def test_the_community_figures_for_a_period_match_a_hand_count() -> None:
    world = _world()
    figures = selectors.community_figures(world.community, world.period)
    assert (figures.members, figures.joined, figures.active) == (7, 7, 6)
    assert (figures.events_held, figures.attendances, figures.people_attending) == (3, 7, 6)
    assert [(e.title, e.sessions, e.attendances, e.people) for e in figures.events] == [
        ("OD bitesize", 1, 2, 2),
        ("OD workshops", 2, 5, 5),
    ]
    assert (figures.sets, figures.sets_met) == (2, 1)
    # All time: the workshop 200 days ago counts, and set B met.
    everything = selectors.community_figures(world.community)
    assert (everything.events_held, everything.attendances, everything.sets_met) == (4, 11, 2)
    # A period before anyone joined or anything was published.
    early = Period(
        start=world.period.start - dt.timedelta(days=400), end=world.period.start - dt.timedelta(days=300)
    )
    before = selectors.community_figures(world.community, early)
    assert (before.members, before.attendances, before.sets, before.sets_met) == (0, 0, 0, 0)


def test_the_report_prints_events_sets_statements_and_testimonies_from_data() -> None:
    world = _world()
    set_a, _set_b = world.sets
    _answer_set_feedback(set_a, ["strongly_agree"] * 3 + ["agree"] * 2)
    report = reports.community_report(community=world.community, period=world.period)
    workshops = next(e for e in report.events if e.title == "OD workshops")
    today = timezone.localdate()
    days = [today - dt.timedelta(days=n) for n in (60, 30)]
    assert [(s.day, s.present) for s in workshops.sessions] == [(days[0], 3), (days[1], 2)]
    assert workshops.participants == 5
    assert workshops.sentence.endswith("with a total of 5 participants (5 different people).")
    assert (report.sets.sets, report.sets.met, report.sets.meetings) == (2, 1, 5)
    assert report.sets.sentence == "1 set successfully met during this time."
    assert report.responses == 5
    apply = next(s for s in report.statements if s.figure.code == "apply_learning")
    # 3 of 5 strongly agreed (60%), 2 of 5 agreed (40%): 100% agreed or strongly agreed.
    assert apply.headline == "60% strongly agreed, 40% agreed (100%) — 5 responses"
    assert report.testimonies_total == 5 and len(report.testimonies) == 5
    assert all("said" in q.text and q.attribution for q in report.testimonies)


def test_the_report_holds_back_an_anonymous_set_evaluation_under_the_minimum() -> None:
    world = _world()
    _answer_set_feedback(world.sets[0], ["agree"] * 3)
    report = reports.community_report(community=world.community, period=world.period)
    assert report.responses == 3
    assert report.statements == [] and report.testimonies == []


def test_the_report_page_and_pdf_for_the_programme_team_only() -> None:
    world = _world()
    client = _client(world.pm)
    slug = world.community.slug
    query = {"from": world.period.start.isoformat(), "to": world.period.end.isoformat()}
    page = client.get(f"/communities/{slug}/report/", query)
    assert page.status_code == 200
    text = page.content.decode()
    assert "1 set successfully met during this time." in text and "OD workshops" in text
    pdf = client.get(f"/communities/{slug}/report.pdf", query)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    bad = client.get(f"/communities/{slug}/report/", {"from": "2023-02-30"})
    assert bad.status_code == 200 and "Enter a real date" in bad.content.decode()
    member = world.people[0]
    services.community_join(community=world.community, by=member.user)
    assert _client(member.user).get(f"/communities/{slug}/report/").status_code == 403
    assert _client(member.user).get(f"/communities/{slug}/report.pdf").status_code == 403


def test_the_figures_page_and_api_take_a_period() -> None:
    world = _world()
    client = _client(world.pm)
    query = {"from": world.period.start.isoformat(), "to": world.period.end.isoformat()}
    page = client.get(f"/communities/{world.community.slug}/figures/", query)
    assert page.status_code == 200 and "7 at " in page.content.decode()
    api = client.get(f"/api/v1/learning-sets/communities/{world.community.pk}/figures/", query)
    assert api.status_code == 200
    body = api.json()
    assert (body["members"], body["joined"], body["active"], body["sets"], body["sets_met"]) == (
        7,
        7,
        6,
        2,
        1,
    )
    assert body["events"][1] == {"title": "OD workshops", "kind": "Network or community of practice",
                                 "sessions": 2, "attendances": 5, "people": 5}  # fmt: skip
    bad = client.get(f"/api/v1/learning-sets/communities/{world.community.pk}/figures/", {"to": "nonsense"})
    assert bad.status_code == 400 and "to" in bad.json()


def test_figures_and_report_stay_the_same_after_retention_removes_announcements_and_resources() -> None:
    world = _world()
    _answer_set_feedback(world.sets[0], ["strongly_agree"] * 5)
    services.announcement_send(community=world.community, subject="Next workshop", body="Come", by=world.pm)
    services.resource_add(community=world.community, title="Notes", by=world.pm,
                          file=SimpleUploadedFile("notes.txt", b"Our notes"))  # fmt: skip
    services.resource_add(community=world.community, title="A link", url="https://example.org/", by=world.pm)
    figures = asdict(selectors.community_figures(world.community, world.period))
    report = reports.print_html(reports.community_report(community=world.community, period=world.period))
    # The administrator keeps announcements and resources for 30 days (evaluation's written answers, for
    # three years, are not yet due): the job runs 31 days on.
    for kind in ("learning_sets.announcements", "learning_sets.resources"):
        RetentionPeriod.objects.create(kind=kind, days=30)
    retention_apply(by=None, today=timezone.localdate() + dt.timedelta(days=31))
    announcement = Announcement.objects.get()
    assert announcement.body == "" and "Next workshop" not in announcement.subject
    assert announcement.recipients == 7
    assert not Resource.objects.exists()
    assert asdict(selectors.community_figures(world.community, world.period)) == figures
    assert (
        reports.print_html(reports.community_report(community=world.community, period=world.period)) == report
    )


def test_figures_of_two_adjacent_periods_add_up_to_the_whole() -> None:
    """Whatever day splits the period: attendances, sessions and people who joined add up; a part never
    has more members, or more sets that met, than the whole."""
    world = _world()
    whole = selectors.community_figures(world.community, world.period)
    length = (world.period.end - world.period.start).days

    @settings(max_examples=25, deadline=None)
    @given(cut=st.integers(min_value=0, max_value=length - 1))
    def check(cut: int) -> None:
        middle = world.period.start + dt.timedelta(days=cut)
        first = selectors.community_figures(world.community, Period(start=world.period.start, end=middle))
        second = selectors.community_figures(
            world.community, Period(start=middle + dt.timedelta(days=1), end=world.period.end)
        )
        for name in ("attendances", "events_held", "joined", "sets"):
            assert getattr(first, name) + getattr(second, name) == getattr(whole, name), name
        assert first.members <= whole.members and second.members == whole.members
        assert first.sets_met <= whole.sets_met and second.sets_met <= whole.sets_met

    check()


def test_the_compiled_suite_has_the_community_page_under_collaborative_networks() -> None:
    from academy.evaluation import reports as evaluation_reports

    world = _world()
    workshops = world.community.events.get(title="OD workshops")
    suite = evaluation_reports.suite_build(user=world.pm, offer_ids=[workshops.pk], period=world.period)
    pages = [page for page in suite.pages if isinstance(page, reports.CommunityReport)]
    assert [(page.title, page.group) for page in pages] == [
        ("Reflections of the Systems OD Community", "Collaborative Networks")
    ]
    html = evaluation_reports.print_html(suite=suite)
    assert "1 set successfully met during this time." in html
    # The page's notes are in the suite's own "About these figures", not printed on the page again.
    assert f'id="{pages[0].key}-about"' not in html and "never by name" in html
