"""Evaluation and impact, end to end in Chromium (issue 4's "Done when"). Every page reached is checked
by axe-core (WCAG 2.2 AA) and for console errors."""

import datetime as dt
import re
import shutil
import subprocess
import zlib
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from academy.evaluation.models import Answer, Response, Theme
from tests.browser.conftest import Journey, fill_date
from tests.browser.evaluation_world import (
    answered_survey,
    attend,
    attendees_in,
    build_evaluation_world,
    invite,
    open_survey,
    theme_set_by_tfidf,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.xdist_group("browser"),
]

EVALUATE_LINK = re.compile(r"https?://[^/\s]+(/evaluate/[A-Za-z0-9_-]+/)")


def pdf_from(walk: Journey, path: str) -> bytes:
    """Fetch a PDF with the person's own session cookies, as the download link does."""
    response = walk.page.request.get(walk.url(path))
    assert response.status == 200, f"GET {path} answered {response.status}"
    assert response.headers["content-type"] == "application/pdf"
    body = response.body()
    assert body.startswith(b"%PDF"), f"{path} is not a PDF"
    return body


def pdf_objects(pdf: bytes) -> bytes:
    """The PDF with its compressed streams inflated: WeasyPrint keeps objects in object streams."""
    parts = [pdf]
    for stream in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S):
        try:
            parts.append(zlib.decompress(stream.group(1)))
        except zlib.error:
            continue
    return b"\n".join(parts)


def page_count(pdf: bytes) -> int:
    """Page objects in the PDF ("/Type /Pages" is the page tree, not a page)."""
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf_objects(pdf)))


def pdf_text(pdf: bytes, tmp_path: Path) -> str | None:
    """The PDF's text by pdftotext (poppler-utils, installed by `make system-deps`)."""
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext not found: run `make system-deps` (Debian's poppler-utils)")
    source = tmp_path / "suite.pdf"
    source.write_bytes(pdf)
    done = subprocess.run(["pdftotext", "-layout", str(source), "-"], capture_output=True, check=True)
    return done.stdout.decode()


def test_participant_answers_from_the_emailed_link_without_logging_in(
    journey: Journey, mailoutbox: list[Any]
) -> None:
    world = build_evaluation_world()
    participant = world.world.participant
    attend(world.session, [participant])
    survey = open_survey(world.session)
    invite(survey)

    sent = [m for m in mail.outbox if participant.email in m.to]
    assert len(sent) == 1, "one invitation e-mail to the participant"
    assert sent[0].subject == f"Tell us what you thought of {world.offer.title}"
    found = EVALUATE_LINK.search(sent[0].body)
    assert found, f"no evaluation link in:\n{sent[0].body}"
    link = found.group(1)

    # A fresh browser context: nobody is logged in.
    journey.goto(link)
    assert journey.page.get_by_role("button", name="Log out").count() == 0
    journey.expect_text("Tell us what you thought")
    journey.expect_text("Your answers are anonymous")
    for statement in (
        "I will be able to apply learning from this session to my job role",
        "My learning will help me achieve my development objectives",
        "I feel confident the session will enhance my ability to lead and influence others",
    ):
        group = journey.page.get_by_role("group", name=statement)
        group.get_by_label("Strongly agree", exact=True).check()
    journey.fill("What will be your key takeaway from today's session?", "Listen first, then decide.")
    journey.fill(
        "How will this influence your leadership approach and your work moving forward?",
        "I will hold regular listening sessions with my team.",
    )
    journey.fill(re.compile("^What one word sums up"), "Curiosity")
    journey.fill(
        "Is there anything you would like to tell us about your experience that we may quote?",
        "A thoughtful session that changed how I run team meetings.",
    )
    journey.page.get_by_label("You may quote what I wrote, without my name").check()
    journey.click("button", "Send my answers")
    assert journey.path == "/evaluate/thank-you/"
    journey.expect_text("Thank you")

    response = Response.objects.get(survey=survey)
    assert response.person is None  # an anonymous evaluation
    testimony = Answer.objects.get(response=response, question__code="testimony")
    assert testimony.text == "A thoughtful session that changed how I run team meetings."
    assert testimony.consent_to_quote is True
    assert Answer.objects.get(response=response, question__code="apply_learning").choice == "strongly_agree"

    journey.goto(link)
    journey.expect_text("You have already answered this evaluation")
    journey.expect_text("Each evaluation can be answered once")
    assert journey.page.get_by_role("button", name="Send my answers").count() == 0
    assert Response.objects.filter(survey=survey).count() == 1


def test_programme_manager_sees_figures_edits_themes_and_downloads_the_report(journey: Journey) -> None:
    world = build_evaluation_world()
    # 13 responses: 8 strongly agree, 5 agree. By hand: 8/13 = 61.5% -> 62%; 5/13 = 38.5% -> 38%;
    # agree or strongly agree 13/13 = 100%.
    survey = answered_survey(world.session, attendees_in(world.ics, 13), strongly_agree=8, agree=5)
    theme_set = theme_set_by_tfidf(survey)
    assert theme_set.themes.count() >= 1

    journey.login(world.world.programme_manager.username)
    journey.goto(f"/impact/evaluations/{survey.pk}/")
    journey.expect_text("Responses")
    statement = journey.page.get_by_role(
        "table",
        name=re.compile(r"I will be able to apply learning from this session to my job role.*n = 13"),
    )
    strongly = statement.get_by_role("row", name=re.compile("^Strongly agree"))
    assert re.search(r"\b8\b", strongly.inner_text())
    assert "62%" in strongly.inner_text()
    agreed = statement.get_by_role("row", name=re.compile("^Agree"))
    assert re.search(r"\b5\b", agreed.inner_text())
    assert "38%" in agreed.inner_text()
    journey.expect_text("100% agree or strongly agree (13 of 13")

    journey.goto("/impact/evaluations/")
    journey.goto(f"/impact/offers/{world.offer.pk}/figures/")
    journey.expect_text("62%")

    # The themes: from the evaluation's page to the theme set, and rename one there.
    journey.goto(f"/manage/evaluations/{survey.pk}/")
    journey.click("link", theme_set.title)
    assert journey.path == f"/manage/themes/{theme_set.pk}/"
    journey.expect_text("Themes found with TF-IDF of words and character n-grams, and k-means clustering.")
    first = theme_set.themes.order_by("order").first()
    assert first is not None
    journey.page.get_by_label("New name for this theme").first.fill("Listening to the team")
    journey.click("button", re.compile(f"^Rename {re.escape(first.label)}"))
    journey.expect_text("The themes have been updated")
    assert journey.page.get_by_role("heading", name=re.compile("^Listening to the team")).count() == 1
    assert Theme.objects.get(pk=first.pk).label == "Listening to the team"

    # The offer's impact report, on the page and as a PDF.
    journey.goto(f"/impact/offers/{world.offer.pk}/")
    journey.expect_text(world.offer.title)
    journey.expect_text("(100%)")
    journey.expect_text("62%")
    journey.expect_text("Listening to the team")
    # The themes the report prints can be reached to edit from it.
    edit = journey.page.get_by_role("link", name=re.compile("^Rename, merge or split these themes"))
    assert edit.get_attribute("href") == f"/manage/themes/{theme_set.pk}/"
    link = journey.page.get_by_role("link", name="Download this report as a PDF")
    href = link.get_attribute("href")
    assert href is not None
    with journey.page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename == f"impact-offer-{world.offer.pk}.pdf"
    with open(download.path(), "rb") as downloaded:
        assert downloaded.read(4) == b"%PDF"
    pdf_from(journey, f"/impact/offers/{world.offer.pk}/report.pdf")


def test_compiled_suite_has_a_contents_page_and_prints(journey: Journey, tmp_path: Path) -> None:
    world = build_evaluation_world()
    answered_survey(world.session, attendees_in(world.ics, 5), strongly_agree=3, agree=2)
    answered_survey(world.second_session, attendees_in(world.ics, 4), strongly_agree=1, agree=3)
    today = timezone.localdate()
    start, end = today - dt.timedelta(days=90), today

    journey.login(world.world.programme_manager.username)
    journey.goto("/impact/suite/")
    journey.page.get_by_label(re.compile(f"^{re.escape(world.offer.title)}")).check()
    journey.page.get_by_label(re.compile(f"^{re.escape(world.second_offer.title)}")).check()
    fill_date(journey, "^from$", start)
    fill_date(journey, "^to$", end)
    journey.click("button", "Compile the suite")
    assert journey.path.startswith("/impact/suite/?")
    # By hand: one session of each offer, 5 + 4 = 9 participants, all different people.
    journey.expect_text("We delivered 2 sessions to 9 participants")
    journey.expect_text("reaching 9 different people")

    contents = journey.page.get_by_role("navigation", name="Contents")
    titles = contents.get_by_role("link").all_inner_texts()
    assert any(world.offer.title in t for t in titles), titles
    assert any(world.second_offer.title in t for t in titles), titles
    for title in (world.offer.title, world.second_offer.title):
        journey.page.get_by_role("heading", name=title, exact=True).first.wait_for()

    link = journey.page.get_by_role("link", name="Download the suite as a PDF")
    href = link.get_attribute("href")
    assert href is not None and href.startswith("/impact/suite/report.pdf?")
    with journey.page.expect_download() as download_info:
        link.click()
    assert download_info.value.suggested_filename == "impact-suite.pdf"
    pdf = pdf_from(journey, href)
    # A cover or contents page and a section per offer: more than two pages.
    assert page_count(pdf) > 2, f"the suite PDF has {page_count(pdf)} page(s)"
    text = pdf_text(pdf, tmp_path)
    if text is not None:
        pages = text.split("\f")
        # A cover, an executive summary (by hand: 9 people invited, all 9 answered), then the contents.
        assert "Impact of our leadership" in pages[0] and "Executive summary" not in pages[0], pages[0]
        assert "9 of 9 people invited answered (100%)" in pages[1], pages[1]
        first_pages = "\n".join(pages[:3])
        assert "Contents" in first_pages, first_pages[:2000]
        # The contents page lists both reports with the page each starts on.
        for title in (world.offer.title, world.second_offer.title):
            assert re.search(rf"{re.escape(title)}[ .]*\d+", first_pages), first_pages[:2000]


def test_impact_dashboards_for_programme_manager_and_ics_lead(journey: Journey, new_journey: Any) -> None:
    world = build_evaluation_world()
    # Five: an anonymous evaluation's answers show once at least five people have answered.
    answered_survey(world.session, attendees_in(world.ics, 5), strongly_agree=3, agree=2)

    journey.login(world.world.programme_manager.username)
    journey.goto("/impact/")
    # By hand: 3 of 5 strongly agreed (60%), 2 agreed (40%), together 5 of 5.
    journey.expect_text("60% strongly agreed, 40% agreed (100%)")
    journey.goto(f"/impact/systems/{world.ics.pk}/")
    journey.expect_text(world.ics.name)

    lead = new_journey("impact_dashboards-ics-lead")
    lead.login(world.ics_lead.username)
    lead.goto("/impact/")
    assert lead.path == f"/impact/systems/{world.ics.pk}/"
    lead.expect_text(world.ics.name)
    lead.expect_text(world.offer.title)
    lead.screenshot()
