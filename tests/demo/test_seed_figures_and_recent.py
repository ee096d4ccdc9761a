"""The full demo region, built once for this module: the seeds' three years stay exactly as the seeds
print them, the last three years (the dashboards' default) are alive, the testimonies are themed and
named, and the compiled suite prints seed 002's figures."""

import datetime as dt
import re
from html import unescape

import pytest
from django.db.models import Q
from django.utils import timezone

from academy.evaluation import dashboards, reports, selectors
from academy.evaluation.models import Answer, Survey, ThemeMembership, ThemeSet
from academy.evaluation.selectors import surveys_due_for_invitations
from academy.offers.models import Attendance, Booking, Session
from academy.people.models import User
from academy.reporting.periods import Period

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo-full")]

SEED_START, SEED_END = dt.date(2020, 5, 1), dt.date(2023, 4, 30)
PM = "programme.manager@demo.academy.example"


DEMO_ARGS = ()  # the full region


@pytest.fixture(scope="module")
def region(demo_region: str) -> str:
    """One full build for every test here, rolled back at the end (tests/conftest.py)."""
    return demo_region


def as_text(html: str) -> str:
    text = re.sub(r"<style.*?</style>|<svg.*?</svg>|<[^>]+>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(text))


def suite_print(*, start: dt.date | None = None, end: dt.date | None = None) -> tuple[str, dict[str, str]]:
    """The compiled suite of every demo offer as printed (the PDF's HTML): its whole text, and each
    offer's report and each other app's page (its <article>) as text by title."""
    user = User.objects.get(username=PM)
    period = Period(start=start, end=end) if start and end else Period.last_years()
    ids = list(reports.suite_offers(user=user).values_list("pk", flat=True))
    suite = reports.suite_build(user=user, offer_ids=ids, period=period)
    html = reports.print_html(suite=suite)
    sections = {}
    for part in [*suite.reports, *suite.pages]:
        opening = html.index(f'id="{part.key}"')
        sections[part.title] = as_text(html[opening : html.index("</article>", opening)])
    return as_text(html), sections


def test_the_seeds_three_years_are_unchanged(region):
    window = Q(session__starts_at__date__gte=SEED_START, session__starts_at__date__lte=SEED_END)
    # "696 sessions to 16,619 participants over the last 3 years"
    assert (
        Session.objects.filter(starts_at__date__gte=SEED_START, starts_at__date__lte=SEED_END).count() == 696
    )
    assert Attendance.objects.filter(window, status="present").count() == 16_619
    assert "participants May 2020 to April 2023: 16,619" in region

    def present(title: str) -> int:
        return Attendance.objects.filter(
            window, status="present", session__cohort__offer__title=title
        ).count()

    assert present("Systems OD bitesize sessions") == 663
    assert present("Systems OD Community of Practice") == 129
    assert present("Teaming Skills") == 159
    assert present("Leading Transformation for Integrated Care") == 2_056
    seed = Q(cohort__starts_on__lte=SEED_END)
    lt = Booking.objects.filter(seed, cohort__offer__title="Leading Transformation for Integrated Care")
    assert lt.count() == 16 * 257
    care_home = Booking.objects.filter(seed, cohort__offer__title="Care Home Managers Leadership Programme")
    assert care_home.count() == 65
    assert care_home.filter(completed_at__isnull=False).count() == 52
    positive = Booking.objects.filter(
        seed, cohort__offer__title="Positive Action Programme", attendance__status="present"
    )
    assert positive.values("person").distinct().count() == 334
    pcldp = Booking.objects.filter(seed, cohort__offer__title="Primary Care Leadership Development Programme")
    assert pcldp.count() == 91
    assert (
        Booking.objects.filter(seed, cohort__offer__title__startswith="Coaching for Primary Care").count()
        == 19
    )


def test_the_last_three_years_have_delivery_and_evaluation(region):
    today = timezone.localdate()
    user = User.objects.get(username=PM)
    board = dashboards.dashboard_build(
        scope=selectors.region_scope(user=user), period=Period.last_years(today=today)
    )
    # About 230 sessions and 5,000 or more attendances a year, up to last week, in every programme year.
    assert board.delivery.sessions > 600
    assert board.delivery.participants > 14_000
    assert board.responses.responses > 1_000
    last_week = Attendance.objects.filter(
        status="present", session__starts_at__date__gt=today - dt.timedelta(days=45)
    )
    assert last_week.exists()
    assert not Attendance.objects.filter(session__starts_at__date__gt=today - dt.timedelta(days=7)).exists()
    recent_care_home = Booking.objects.filter(
        cohort__offer__title="Care Home Managers Leadership Programme", cohort__starts_on__gt=SEED_END
    )
    assert recent_care_home.filter(completed_at__isnull=False, certificate_number__startswith="AC-").exists()
    assert recent_care_home.exclude(project_title="").exists()


def test_testimonies_are_themed_under_a_programme_managers_names_with_consenting_quotes(region):
    teaming = ThemeSet.objects.get(offer__title="Teaming Skills", question_code="testimony")
    labels = set(teaming.themes.filter(is_non_answer=False).values_list("label", flat=True))
    assert "Psychological safety in teams" in labels
    assert labels <= {
        "Psychological safety in teams",
        "Speaking up and active listening",
        "Reflecting on my leadership style",
        "Working across boundaries with confidence",
        "A practical, well-facilitated session",
    }
    for title in ("Systems OD Community of Practice", "Systems OD bitesize sessions"):
        themes = ThemeSet.objects.get(offer__title=title).themes.filter(is_non_answer=False)
        assert "Confidence to use OD tools" in set(themes.values_list("label", flat=True))
    # Some wrote a testimony without agreeing to be quoted; none of theirs is ever a quote.
    assert Answer.objects.filter(question__code="testimony", consent_to_quote=False).exclude(text="").exists()
    quotes = ThemeMembership.objects.filter(representative=True)
    report = reports.offer_report(user=User.objects.get(username=PM), pk=teaming.offer_id)
    printed = [q.text for group in report.themes for theme in group.themes for q in theme.quotes]
    assert printed
    assert set(printed) <= set(
        quotes.filter(answer__consent_to_quote=True).values_list("answer__text", flat=True)
    )
    assert {t.label for t in report.themes[0].themes} == labels


def test_the_suite_for_the_seed_years_prints_seed_002(region):
    text, sections = suite_print(start=SEED_START, end=SEED_END)

    assert "696 sessions to 16,619 participants between 1 May 2020 and 30 April 2023" in text
    pcn = sections["Coaching for Primary Care Network Clinical Directors"]
    for line in (
        "100% improved in “Leading and managing change” (7 of 7)",
        "87% improved in “Managing myself more effectively and with confidence” (13 of 15)",
        "80% improved in “Achieving a better work life balance” (8 of 10)",
        "65% improved in “How I communicate and influence others” (11 of 17)",
        "60% improved in “Understanding my strengths and areas for personal development” (9 of 15)",
    ):
        assert line in pcn
    care = sections["Care Home Managers Leadership Programme"]
    assert "88% strongly agreed, 12% agreed (100%) — 52 responses" in care
    assert "Registered 65 100% Attended 65 100% Completed 52 80%" in care
    assert "Call systems" in care and "41% reduction in use of the call systems" in care
    positive = sections["Positive Action Programme"]
    assert "“Developing a proactive mindset” session to your job role? 100% — 37 responses" in positive
    assert "“Creating the career you want”" in positive and "100% — 21 responses" in positive
    assert "“Intersectionality, identity and authenticity”" in positive and "92% — 13 responses" in positive
    # The community's report stands in for its events' own reports (seed 000 and seed 002 tell it once).
    assert "Systems OD Community of Practice" not in sections
    cop = sections["Reflections of the East of England Systems OD Community of Practice"]
    assert "5 sets successfully met during this time." in cop
    assert "62% strongly agreed, 38% agreed (100%) — 13 responses" in cop
    assert "38% strongly agreed, 62% agreed (100%) — 13 responses" in cop
    assert "46% strongly agreed, 46% agreed (92%) — 13 responses" in cop
    teaming = sections["Teaming Skills"]
    assert "to 159 participants" in teaming and "Responded 109" in teaming
    # "The series attracted 159 participants ... of the 109 people who left feedback": 109/159 = 68.6%.
    assert "109 of 159 people invited answered (69%)" in teaming
    assert "Psychological safety in teams" in teaming
    # Seed 002's PCN page: 19 clinical directors, four 60-minute sessions, the goal tracker and their words.
    assert "Registered 19 100% Attended 19 100%" in pcn and "(19 different people)" in pcn
    assert "Four 60-minute coaching sessions" in pcn
    assert "15 of 19 people invited answered (79%)" in pcn and "Responded 15 79%" in pcn
    assert "“thoughtful and vital coaching for some big meetings”" in pcn
    # No funnel anywhere has more people responding than registered, and no share above 100%.
    for title, section in sections.items():
        registered = re.search(r"Registered ([\d,]+) ", section)
        responded = re.search(r"Responded ([\d,]+) ", section)
        if registered and responded:
            assert int(responded.group(1).replace(",", "")) <= int(registered.group(1).replace(",", "")), (
                title
            )
        assert not [p for p in re.findall(r"(\d+)%", section) if int(p) > 100], title
    positive = sections["Positive Action Programme"]
    # The workshops' answers came from another survey tool, which invited the people who came.
    assert "were imported or entered without an invitation" not in positive
    lt = sections["Leading Transformation for Integrated Care"]
    assert "Registered 4,112" in lt and "to 2,056 participants" in lt
    for word in ("compassion", "collaboration", "kindness"):
        assert f" {word} " in lt


def test_the_suite_for_the_default_period_reports_recent_delivery(region):
    text, sections = suite_print()
    assert "participants over the last 3 years" in text
    teaming = sections["Teaming Skills"]
    assert "Registered 0 " not in teaming and "No responses yet." not in teaming
    assert "Psychological safety in teams" in teaming


def test_the_demo_evaluations_e_mail_nobody_when_the_invitation_task_first_runs(region):
    # Their answers are imported: no evaluation in the demo sends invitations by itself.
    assert not Survey.objects.filter(invite_automatically=True).exists()
    assert not surveys_due_for_invitations(timezone.now()).exists()


def test_demo_responses_keep_role_and_sector_so_quotes_are_credited_by_them(region):
    from academy.evaluation.models import Response

    # Imported and invited responses alike carry the respondent's role level and sector (never a name).
    total = Response.objects.count()
    assert total > 1_000
    assert Response.objects.filter(respondent_role_level="", respondent_sector="").count() < total // 20
    _, sections = suite_print(start=SEED_START, end=SEED_END)
    pcn = sections["Coaching for Primary Care Network Clinical Directors"]
    # A PCN clinical director leads the network: their words are credited to a director in primary care.
    assert "“understand the need of team better” Director, Primary care" in pcn
    assert "Other or equivalent, Primary care" not in pcn


def test_imported_demo_evaluations_show_a_response_rate_over_the_people_invited(region):
    from academy.evaluation.models import Response

    _, sections = suite_print(start=SEED_START, end=SEED_END)
    care = sections["Care Home Managers Leadership Programme"]
    assert "52 of 65 people invited answered (80%)." in care  # the 65 who came, 52 of them answered
    # Every one of the 2,056 people who came to a workshop was invited; 420 answered (20.4%).
    assert (
        "420 of 2,056 people invited answered (20%)."
        in sections["Leading Transformation for Integrated Care"]
    )
    assert re.search(r"73 of [\d,]+ people invited answered", sections["Positive Action Programme"])
    _, recent_sections = suite_print()
    for title, section in recent_sections.items():
        assert "so there is no response rate" not in section, title
    imported = Survey.objects.filter(responses__source=Response.Source.IMPORT).distinct()
    assert imported.count() > 10
    for survey in imported:
        responses = survey.responses.count()
        assert survey.imported_invited is not None, survey.title
        assert responses <= survey.imported_invited, survey.title


def test_the_community_report_for_the_seed_year_prints_seed_000(region):
    """Seed 000, "Reflections of OD in Integrated Care Systems", from the demo's data."""
    from academy.demo.learning_sets import COMMUNITY_NAME
    from academy.learning_sets import reports as community_reports
    from academy.learning_sets.models import Community

    community = Community.objects.get(name=COMMUNITY_NAME)
    period = Period(start=dt.date(2022, 5, 1), end=SEED_END)
    report = community_reports.community_report(community=community, period=period)
    totals = {event.title: (len(event.sessions), event.participants) for event in report.events}
    assert totals == {"Systems OD Community of Practice": (2, 129), "Systems OD bitesize sessions": (7, 663)}
    text = as_text(community_reports.print_html(report))
    assert "on 21 June 2022 and 10 November 2022, with a total of 129 participants" in text
    assert "5 sets successfully met during this time." in text
    assert report.responses == 13
    assert [s.headline for s in report.statements] == [
        "62% strongly agreed, 38% agreed (100%) — 13 responses",
        "38% strongly agreed, 62% agreed (100%) — 13 responses",
        "46% strongly agreed, 46% agreed (92%) — 13 responses",
    ]
    assert len(report.testimonies) == 7
    assert report.figures.members >= report.figures.people_attending > 0
