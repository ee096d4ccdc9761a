"""Impact reports and the compiled suite, checked against figures worked out by hand.

The fixture is seed 000's community of practice evaluation: 13 people answered the three standard
statements. By hand:

    apply learning:          8 strongly agree, 5 agree        -> 8/13 = 61.5% -> 62%, 5/13 = 38.5% -> 38%,
                                                                 together 13/13 = 100%
    development objectives:  5 strongly agree, 8 agree        -> 38%, 62%, together 100%
    lead and influence:      6 strongly agree, 6 agree, 1 neither
                                                              -> 6/13 = 46.2% -> 46% each, together
                                                                 12/13 = 92.3% -> 92% (not 46 + 46)
"""

import datetime as dt
import re
import shutil
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone

from academy.evaluation import reports
from academy.evaluation.models import Answer, ThemeSet
from academy.evaluation.services import goal_create, goal_rate, themeset_store_result
from academy.offers.models import Booking, OfferKind
from academy.offers.services import project_submit
from academy.people.models import RoleLevel, Sector
from academy.reporting.periods import Period
from tests.evaluation.helpers import answer, attended_session, invite_all, open_survey
from tests.factories import CohortFactory, OfferFactory, programme_manager

pytestmark = pytest.mark.django_db

APPLY = "62% strongly agreed, 38% agreed (100%) — 13 responses"
OBJECTIVES = "38% strongly agreed, 62% agreed (100%) — 13 responses"
LEAD = "46% strongly agreed, 46% agreed (92%) — 13 responses"


def _seed_000_answers(tokens: list[str]) -> None:
    for index, token in enumerate(tokens):
        overrides = {
            "apply_learning": "strongly_agree" if index < 8 else "agree",
            "development_objectives": "strongly_agree" if index < 5 else "agree",
            "lead_and_influence": "strongly_agree" if index < 6 else ("agree" if index < 12 else "neither"),
        }
        if index == 0:
            overrides.update(
                testimony="Great session, great tools and great conversations", _consents=["testimony"]
            )
        if index == 1:
            overrides.update(testimony="Fantastic perspective, thank you", _consents=["testimony"])
        if index == 2:  # wrote a testimony but did not agree to be quoted
            overrides.update(testimony="Please do not quote this one")
        answer(token, **overrides)


@pytest.fixture
def evaluated():
    """An offer with one cohort whose session 13 people attended and evaluated."""
    offer = OfferFactory(
        title="Systems OD Community of Practice",
        kind=OfferKind.NETWORK,
        summary="A community for everyone doing OD across the six systems.",
        description="We started by undertaking a diagnostic review with volunteers from each system.",
        objectives=["To develop a shared understanding of OD", "To share learning"],
    )
    cohort = CohortFactory(offer=offer, starts_on=timezone.localdate() - dt.timedelta(days=10))
    session, people = attended_session(13, cohort=cohort)
    for person in people[:5]:  # five share a role and sector: enough to credit a quote by them
        person.role_level = RoleLevel.BAND_8A
        person.save()
        person.organisation.sector = Sector.SOCIAL_CARE
        person.organisation.save()
    manager = programme_manager(offer.academy)
    survey = open_survey(session, by=manager)
    _seed_000_answers(invite_all(survey))
    return {"offer": offer, "cohort": cohort, "session": session, "people": people, "manager": manager}


def test_offer_report_prints_every_figure_with_its_base_as_worked_out_by_hand(client, evaluated):
    client.force_login(evaluated["manager"])
    page = client.get(reverse("reports:offer", args=[evaluated["offer"].pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert APPLY in html
    assert OBJECTIVES in html
    assert LEAD in html
    # The chart's table: 12 of 13 agree or strongly agree is 92%, with its base.
    report = page.context["report"]
    lead = next(s for s in report.questions if s.figure.code == "lead_and_influence")
    assert (lead.figure.agree.count, lead.figure.agree.base, lead.figure.agree.percent) == (12, 13, 92)
    assert "(base: 13 responses)" in html
    assert 'role="img"' in html and "<title id=" in html
    # The chart's text alternative carries the same numbers as the table.
    assert "Strongly agree: 46% (6); Agree: 46% (6); Neither agree nor disagree: 8% (1)" in html
    # What was delivered: 1 session, 1 cohort, 13 attendances by 13 people; the funnel.
    assert "1 session in 1 cohort, to 13 participants (13 different people)" in html
    assert [(s.label, s.count, s.percent_of_first) for s in report.funnel] == [
        ("Registered", 13, 100),
        ("Attended", 13, 100),
        ("Completed", 0, 0),
        ("Responded", 13, 100),
    ]
    assert "13 responses in all: 13 of 13 people invited answered (100%)." in html
    # Context and objectives from the offer.
    assert "To develop a shared understanding of OD" in html
    assert "diagnostic review with volunteers" in html


def test_only_testimonies_given_with_consent_are_quoted_by_role_and_sector_never_by_name(client, evaluated):
    client.force_login(evaluated["manager"])
    html = client.get(reverse("reports:offer", args=[evaluated["offer"].pk])).content.decode()
    assert "Great session, great tools and great conversations" in html
    assert "Fantastic perspective, thank you" in html
    assert "Please do not quote this one" not in html
    assert f'href="/impact/cohorts/{evaluated["cohort"].pk}/"' in html
    assert "Band 8a, Social care" in html
    for person in evaluated["people"]:
        assert not re.search(rf"\b{re.escape(person.family_name)}\b", html)


def test_goal_tracker_themes_and_improvement_projects_appear_in_the_report(client, evaluated):
    offer, cohort, people, manager = (evaluated[k] for k in ("offer", "cohort", "people", "manager"))
    # 5 people rated "Leading and managing change": before 4, after 7 -> 5 of 5 improved (100%), median
    # change +3, only 5 non-zero differences -> too few to test.
    for person in people[:5]:
        goal = goal_create(
            person=person,
            theme="Leading and managing change",
            text="Lead the change",
            cohort=cohort,
            rating_before=4,
            by=person.user,
        )
        goal_rate(goal=goal, rating_after=7, by=person.user)
    # Themes: a saved (edited) set over the testimonies.
    answers = list(Answer.objects.filter(question__code="testimony").order_by("pk"))
    theme_set = ThemeSet.objects.create(title="What people wrote", offer=offer, question_code="testimony")
    themeset_store_result(
        theme_set=theme_set,
        themes=[
            {
                "label": "Feeling connected",
                "answer_ids": [a.pk for a in answers[:2]],
                "representative_ids": [answers[0].pk],
            },
            {"label": "Other", "answer_ids": [answers[2].pk], "representative_ids": [answers[2].pk]},
        ],
        method="test",
    )
    booking = Booking.objects.filter(cohort=cohort).order_by("pk").first()
    project_submit(
        booking=booking,
        by=manager,
        title="Call systems",
        summary="Staff reviewed how call bells were answered: a 41% reduction in use of the call systems.",
    )
    client.force_login(manager)
    html = client.get(reverse("reports:offer", args=[offer.pk])).content.decode()
    assert "<strong>100%</strong> improved in “Leading and managing change” (5 of 5)" in html
    assert "4 to 7 (+3)" in html
    assert "Leading and managing change: 100% (5 of 5)" in html  # the goals chart's description
    assert "Too few to test" in html
    assert "Feeling connected</strong> (2 answers)" in html
    assert "Other</strong> (1 answer)" in html
    assert "Please do not quote this one" not in html  # a representative answer without consent
    assert "a 41% reduction in use of the call systems" in html


def test_an_offer_with_no_responses_says_so(client):
    offer = OfferFactory()
    client.force_login(programme_manager(offer.academy))
    html = client.get(reverse("reports:offer", args=[offer.pk])).content.decode()
    assert "No responses yet." in html
    assert "No testimonies given with consent to quote yet." in html


def test_report_pdf_renders_and_is_reproducible(client, evaluated):
    client.force_login(evaluated["manager"])
    url = reverse("reports:offer_pdf", args=[evaluated["offer"].pk])
    first = client.get(url)
    assert first.status_code == 200
    assert first["Content-Type"] == "application/pdf"
    assert first.content.startswith(b"%PDF")
    assert client.get(url).content == first.content
    text = _pdf_text(first.content)
    if text is not None:
        assert "62% strongly agreed, 38% agreed (100%)" in text
        assert "Page 1 of" in text


def test_the_same_data_prints_the_same_report_page(client, evaluated):
    client.force_login(evaluated["manager"])
    url = reverse("reports:offer", args=[evaluated["offer"].pk])

    def main(html: str) -> str:  # the page outside <main> holds a fresh CSRF token each time
        return html[html.index("<main") : html.index("</main>")]

    assert main(client.get(url).content.decode()) == main(client.get(url).content.decode())


def test_the_same_data_prints_the_same_report_html(evaluated):
    user = evaluated["manager"]
    one = reports.print_html(report=reports.offer_report(user=user, pk=evaluated["offer"].pk))
    two = reports.print_html(report=reports.offer_report(user=user, pk=evaluated["offer"].pk))
    assert one == two
    assert APPLY in one


def test_cohort_and_period_reports(client, evaluated):
    client.force_login(evaluated["manager"])
    cohort_html = client.get(reverse("reports:cohort", args=[evaluated["cohort"].pk])).content.decode()
    assert LEAD in cohort_html
    today = timezone.localdate()
    period = client.get(
        reverse("reports:period", args=[evaluated["offer"].academy_id]),
        {"from": (today - dt.timedelta(days=30)).isoformat(), "to": today.isoformat()},
    )
    assert APPLY in period.content.decode()
    # A period before anything happened has nothing in it.
    empty = client.get(
        reverse("reports:offer", args=[evaluated["offer"].pk]),
        {"from": "2020-01-01", "to": "2020-12-31"},
    ).content.decode()
    assert "No responses yet." in empty


def test_report_tables_download_as_csv_and_excel_with_the_page_numbers(client, evaluated):
    client.force_login(evaluated["manager"])
    url = reverse("reports:offer", args=[evaluated["offer"].pk])
    csv_text = client.get(url, {"format": "csv", "table": "question-lead_and_influence"}).content.decode(
        "utf-8-sig"
    )
    lines = csv_text.splitlines()
    assert lines[0] == "Answer,Responses,Percentage"
    assert "Strongly agree,6,46%" in lines
    assert "Agree,6,46%" in lines
    assert "Agree or strongly agree,12,92%" in lines
    assert "Base (responses),13," in lines
    from io import BytesIO

    from openpyxl import load_workbook

    workbook = load_workbook(BytesIO(client.get(url, {"format": "xlsx"}).content))
    sheet = workbook["I feel confident the session"]
    rows = [tuple(c.value for c in row) for row in sheet.iter_rows(min_row=3)]
    assert ("Agree or strongly agree", 12, "92%") in rows


def test_reports_are_only_for_people_who_may_see_the_offers_figures(client, evaluated):
    participant = evaluated["people"][0].user
    client.force_login(participant)
    assert client.get(reverse("reports:offer", args=[evaluated["offer"].pk])).status_code == 404
    assert client.get(reverse("reports:offer_pdf", args=[evaluated["offer"].pk])).status_code == 404
    assert client.get(reverse("reports:suite")).status_code == 403
    other_manager = programme_manager(OfferFactory().academy)
    client.force_login(other_manager)
    assert client.get(reverse("reports:offer", args=[evaluated["offer"].pk])).status_code == 404
    assert client.get(reverse("reports:cohort", args=[evaluated["cohort"].pk])).status_code == 404
    assert client.get(reverse("reports:period", args=[evaluated["offer"].academy_id])).status_code == 404


# ---------------------------------------------------------------- the suite


@pytest.fixture
def two_offers(evaluated):
    """A coaching offer in the same academy: 3 people at one session, no evaluation yet."""
    coaching = OfferFactory(
        academy=evaluated["offer"].academy, title="Coaching and Mentoring", kind=OfferKind.COACHING
    )
    cohort = CohortFactory(offer=coaching, starts_on=timezone.localdate() - dt.timedelta(days=20))
    attended_session(3, cohort=cohort)
    return {**evaluated, "coaching": coaching}


def test_suite_groups_reports_like_seed_002_and_opens_with_a_summary_from_data(client, two_offers):
    manager = two_offers["manager"]
    client.force_login(manager)
    ids = [two_offers["offer"].pk, two_offers["coaching"].pk]
    page = client.get(reverse("reports:suite"), {"offer": ids})
    assert page.status_code == 200
    html = page.content.decode()
    # 2 sessions (one per offer) to 13 + 3 = 16 participants, in the default period.
    assert "We delivered 2 sessions to 16 participants over the last 3 years" in html
    assert html.index("Coaching &amp; Mentoring") < html.index("Collaborative Networks")
    assert html.index("Coaching and Mentoring") < html.index("Systems OD Community of Practice")
    assert APPLY in html


def test_suite_pdf_has_a_contents_page_with_page_numbers(client, two_offers):
    client.force_login(two_offers["manager"])
    suite = reports.suite_build(
        user=two_offers["manager"],
        offer_ids=[two_offers["offer"].pk, two_offers["coaching"].pk],
        period=Period.last_years(),
    )
    html = reports.print_html(suite=suite)
    assert "target-counter(attr(href), page)" in html
    assert f'<a href="#offer-{two_offers["coaching"].pk}">Coaching and Mentoring</a>' in html
    assert f'<a href="#offer-{two_offers["offer"].pk}">Systems OD Community of Practice</a>' in html
    response = client.get(
        reverse("reports:suite_pdf"), {"offer": [two_offers["offer"].pk, two_offers["coaching"].pk]}
    )
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    text = _pdf_text(response.content)
    if text is not None:
        contents = next(page for page in text.split("\f") if "Contents" in page)
        assert "Coaching & Mentoring" in contents
        assert "Coaching and Mentoring" in contents and "Systems OD Community of Practice" in contents


def test_suite_pdf_opens_with_a_cover_and_an_executive_summary(client, two_offers):
    manager = two_offers["manager"]
    ids = [two_offers["offer"].pk, two_offers["coaching"].pk]
    suite = reports.suite_build(user=manager, offer_ids=ids, period=Period.last_years())
    html = reports.print_html(suite=suite)
    cover = html[html.index('<section class="cover"') : html.index("</section>")]
    assert 'aria-label="NHS"' in cover and suite.title in cover and suite.academy in cover
    summary = html[html.index('<section class="executive-summary"') : html.index('<nav class="contents"')]
    assert "Executive summary" in summary
    # 13 people answered the community of practice's evaluation through their invitations; nobody the
    # coaching offer's yet.
    assert "13 evaluation responses in all: 13 of 13 people invited answered (100%)." in summary
    assert f"“I will be able to apply learning from this session to my job role”: {APPLY}" in summary
    assert "No evaluation responses in this period." in summary
    text = _pdf_text(reports.pdf_bytes(html))
    if text is not None:
        pages = [" ".join(page.split()) for page in text.split("\f")]
        assert suite.title in pages[0] and "Executive summary" not in pages[0]
        assert "Executive summary" in pages[1]


def test_large_suites_render_through_the_background_task(client, two_offers, settings):
    settings.MEDIA_ROOT = settings.MEDIA_ROOT  # the conftest gives each test its own media folder
    client.force_login(two_offers["manager"])
    ids = [two_offers["offer"].pk, two_offers["coaching"].pk]
    original = reports.SUITE_SYNC_MAX_OFFERS
    reports.SUITE_SYNC_MAX_OFFERS = 1
    try:
        response = client.get(reverse("reports:suite_pdf"), {"offer": ids})
    finally:
        reports.SUITE_SYNC_MAX_OFFERS = original
    assert response.status_code == 200  # no broker in tests: the task ran in-process
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def _pdf_text(content: bytes) -> str | None:
    """The PDF's text by pdftotext (poppler-utils, installed by `make system-deps`)."""
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext not found: run `make system-deps` (Debian's poppler-utils)")
    result = subprocess.run(  # noqa: S603 - fixed program, our own PDF on stdin
        ["pdftotext", "-layout", "-", "-"],
        input=content,
        capture_output=True,
        check=True,  # noqa: S607
    )
    return result.stdout.decode()


def test_no_page_or_download_names_the_people_who_answered(client, two_offers):
    """The evaluation is anonymous: nothing in the report, the suite or their downloads names anyone."""
    client.force_login(two_offers["manager"])
    ids = [two_offers["offer"].pk, two_offers["coaching"].pk]
    offer_url = reverse("reports:offer", args=[two_offers["offer"].pk])
    texts = [
        client.get(offer_url).content.decode(),
        client.get(offer_url, {"format": "csv"}).content.decode("utf-8-sig"),
        client.get(reverse("reports:suite"), {"offer": ids}).content.decode(),
        client.get(reverse("reports:suite"), {"offer": ids, "format": "csv"}).content.decode("utf-8-sig"),
        reports.print_html(
            suite=reports.suite_build(user=two_offers["manager"], offer_ids=ids, period=Period.last_years())
        ),
    ]
    for person in two_offers["people"]:
        for text in texts:
            assert person.email not in text
            assert not re.search(rf"\b{re.escape(person.family_name)}\b", text)


def test_print_keeps_headings_and_captions_with_what_follows(client, two_offers):
    """A page never ends with a heading or a table's caption cut off from its table (issue 9, item 13):
    headings avoid a break after them, and every table sits in a block that is not split."""
    suite = reports.suite_build(
        user=two_offers["manager"],
        offer_ids=[two_offers["offer"].pk, two_offers["coaching"].pk],
        period=Period.last_years(),
    )
    html = reports.print_html(suite=suite)
    assert "h2, h3, h4, h5 { break-after: avoid; }" in html
    assert ".keep, .academy-keep { break-inside: avoid; }" in html
    assert ".academy-report-question { break-inside: avoid; }" in html
    for table in re.finditer(r"<table", html):
        before = html[: table.start()]
        opened = max(
            before.rfind('<div class="academy-keep">'), before.rfind('<div class="academy-report-question">')
        )
        assert opened > before.rfind("</div>") or 'class="executive-summary"' in before[-3000:], html[
            table.start() - 300 : table.start() + 200
        ]


def test_a_page_that_stands_in_for_an_offer_replaces_its_report_in_the_suite_but_not_its_people(two_offers):
    """Team coaching journeys booked through the coaching offer print as the team coaching page, in the
    offer's group; the offer's own report is left out, so the story is told once, and its three people
    still count in what the suite delivered. A commissioned programme booked through an offer gets no page
    of its own: the offer's report is its story."""
    from academy.coaching import services as coaching
    from tests.factories import PersonFactory

    coaching_offer, today = two_offers["coaching"], timezone.localdate()
    coaching.team_journey_create(
        academy=coaching_offer.academy,
        by=None,
        team_name="Board",
        team_leader=PersonFactory(),
        engagement_on=today - dt.timedelta(days=30),
        offer=coaching_offer,
    )
    coaching.programme_create(
        academy=coaching_offer.academy,
        by=None,
        title="Coaching for clinical directors",
        provider="A provider",
        starts_on=today - dt.timedelta(days=30),
        ends_on=today,
        offer=coaching_offer,
    )
    period = Period(start=today - dt.timedelta(days=365), end=today)

    suite = reports.suite_build(
        user=two_offers["manager"], offer_ids=[two_offers["offer"].pk, coaching_offer.pk], period=period
    )

    groups = {group.title: group for group in suite.groups}
    assert [page.title for page in groups["Coaching & Mentoring"].pages] == ["Team coaching"]
    assert groups["Coaching & Mentoring"].reports == []
    assert [report.offer_id for report in suite.reports] == [two_offers["offer"].pk]
    assert suite.delivery.participants == 16  # 13 + the coaching offer's 3
    html = reports.print_html(suite=suite)
    assert "Coaching and Mentoring</h3>" not in html  # the offer's own report is not printed
    assert "Coaching for clinical directors" not in html
