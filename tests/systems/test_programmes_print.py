"""The case study as a page, as a PDF with its contents page, and as pages of the compiled impact suite."""

import datetime as dt
import re
import shutil
import subprocess

import pytest
from django.utils import timezone

from academy.evaluation import reports
from academy.people.models import Academy
from academy.reporting.periods import Period
from academy.systems import services
from tests.factories import OfferFactory, programme_manager
from tests.systems.programmes_world import build_programmes

pytestmark = pytest.mark.django_db

SECTIONS = [
    "Introduction",
    "Background",
    "Approach",
    "Participants",
    "Outcomes",
    "Learning and Insights",
    "Observations and Next Steps",
]


def _pdf_text(content: bytes) -> str:
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext not found: run `make system-deps` (Debian's poppler-utils)")
    result = subprocess.run(  # noqa: S603 - fixed program, our own PDF on stdin
        ["pdftotext", "-layout", "-", "-"],  # noqa: S607
        input=content,
        capture_output=True,
        check=True,
    )
    return result.stdout.decode()


def test_the_case_study_pdf_has_a_contents_page_and_every_section_with_the_snapshot(client) -> None:
    w = build_programmes()
    client.force_login(w.lead)
    response = client.get(f"/systems/programmes/{w.programme.pk}/print/")
    assert response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    assert [title for title in SECTIONS if title in text] == SECTIONS
    # The contents page lists every section with the page it starts on (each starts a new page)
    pages = text.split("\f")
    assert pages[1].split()[0] == "Contents"
    numbers = []
    for title in SECTIONS:
        found = re.search(rf"{title} \.+ (\d+)\n", pages[1])
        assert found, f"{title} is not on the contents page"
        numbers.append(int(found.group(1)))
        assert pages[numbers[-1] - 1].strip().startswith(title)
    assert numbers[0] == 3 and numbers == sorted(set(numbers))
    assert "Case study:" in text and "Systems Leaders Group Development" in text
    assert "Team snapshot" in text and "Collaborating" in text and "60%" in text
    assert "Operating principles" in text and "Cohesion" in text
    assert "Turning the curve" in text and "2,300" in text
    assert "System Leaders workshop 1" in text and "17" in text
    assert "Wants clearer purpose" not in text  # a diagnostic summary is never printed


def test_the_page_lists_its_contents_and_the_participant_sees_it_without_edit_links(client) -> None:
    w = build_programmes()
    client.force_login(w.participant.user)
    page = client.get(f"/systems/programmes/{w.programme.pk}/").content.decode()
    for title in SECTIONS:
        assert f">{title}</a>" in page
    assert "Build the case study" not in page
    assert client.get(f"/systems/programmes/{w.programme.pk}/edit/").status_code == 403


def test_published_case_studies_of_the_academys_region_are_pages_of_the_suite() -> None:
    w = build_programmes()
    services.programme_publish(programme=w.programme, by=w.lead)
    offer = OfferFactory(academy=Academy.objects.create(name="EoE", slug="eoe", region=w.ics.region))
    manager = programme_manager(offer.academy)
    today = timezone.localdate()
    suite = reports.suite_build(
        user=manager, offer_ids=[offer.pk], period=Period(start=today - dt.timedelta(days=30), end=today)
    )
    pages = [page for page in suite.pages if page.group == "In-Place Systems OD"]
    assert sorted(page.title for page in pages) == [
        f"ICS Development ({w.other_ics.short_name or w.other_ics.name})",
        f"Systems Leaders Group Development ({w.ics.short_name or w.ics.name})",
    ]
    html = reports.print_html(suite=suite)
    assert "In-Place Systems OD" in html and "Team snapshot" in html and "Learning and Insights" in html
    # A period before the programmes ran and before they were published has no case study pages
    before = Period(start=dt.date(2019, 1, 1), end=dt.date(2019, 12, 31))
    later = reports.suite_build(user=manager, offer_ids=[offer.pk], period=before)
    assert [p for p in later.pages if p.group == "In-Place Systems OD"] == []
    assert reports.pdf_bytes(html).startswith(b"%PDF")


def test_the_api_returns_the_snapshot_and_refuses_an_edit_from_an_old_version(client) -> None:
    w = build_programmes()
    client.force_login(w.lead)
    body = client.get(f"/api/v1/systems/programmes/{w.programme.pk}/").json()
    assert body["snapshot"]["base"] == 5
    assert body["snapshot"]["rows"][1] == {
        "mode": "collaborating",
        "label": "Collaborating",
        "most_used": 3,
        "percent": 60,
        "median": "9",
    }
    url = f"/api/v1/systems/programmes/{w.programme.pk}/"
    ok = client.patch(url, {"version": body["version"], "learning": "Trust"}, content_type="application/json")
    assert ok.status_code == 200
    stale = client.patch(
        url, {"version": body["version"], "learning": "Mine"}, content_type="application/json"
    )
    assert stale.status_code == 400 and "Someone else changed" in stale.json()["version"][0]


def test_the_api_lists_who_took_part_only_for_the_systems_od_lead(client) -> None:
    w = build_programmes()
    services.programme_publish(programme=w.programme, by=w.lead)
    url = f"/api/v1/systems/programmes/{w.programme.pk}/"
    client.force_login(w.lead)
    assert len(client.get(url).json()["participants"]) == 5
    client.force_login(w.other_lead)
    body = client.get(url).json()
    assert body["participants"] == [] and body["snapshot"]["base"] == 5
