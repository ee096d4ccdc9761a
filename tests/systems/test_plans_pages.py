"""The plan pages as an ICS OD lead uses them: building a plan, the version check on a stale form,
publishing, reviewing, the differences, and the prints (web and PDF, read back with pdftotext)."""

import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.test import Client

from academy.systems import services
from academy.systems.models import Activity, PlanVersion
from tests.factories import PersonFactory
from tests.systems.helpers import plan_world

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext not found: run `make system-deps` (Debian's poppler-utils)")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "plan.pdf"
        path.write_bytes(content)
        return subprocess.run(  # noqa: S603
            ["pdftotext", str(path), "-"],
            check=True,
            capture_output=True,
            text=True,  # noqa: S607
        ).stdout


def _client(user) -> Client:  # noqa: ANN001
    client = Client()
    client.force_login(user)
    return client


def test_a_lead_builds_a_plan_through_the_pages_and_a_bad_timeline_is_shown_beside_its_field() -> None:
    w = plan_world()
    c = _client(w.lead)
    page = c.post(
        "/systems/plans/new/",
        {"ics": w.ics.pk, "title": "BLMK Leadership and OD Plan", "start_year": 2017, "end_year": 2020},
    )
    assert page.status_code == 302
    pk = int(page["Location"].rstrip("/").split("/")[-1])
    version = PlanVersion.objects.get(plan_id=pk)
    assert (
        c.post(
            f"/systems/plans/{pk}/workstreams/new/", {"revision": version.revision, "title": "Leadership"}
        ).status_code
        == 302
    )
    version.refresh_from_db()
    workstream = version.workstreams.get()
    body = {
        "revision": version.revision,
        "workstream": workstream.pk,
        "title": "Leadership Charter",
        "status": "planned",
        "year_2017": "continuing",
    }
    page = c.post(f"/systems/plans/{pk}/activities/new/", body)
    assert page.status_code == 200
    assert "An activity can only continue (→) in 2017/18" in page.content.decode()
    assert 'id="id_year_2017-error"' in page.content.decode()
    body["year_2017"], body["year_2018"] = "milestone", "continuing"
    assert c.post(f"/systems/plans/{pk}/activities/new/", body).status_code == 302
    assert Activity.objects.get(workstream=workstream).timeline == {"2017": "milestone", "2018": "continuing"}
    plan_page = c.get(f"/systems/plans/{pk}/").content.decode()
    assert "Leadership Charter" in plan_page and "2017/18" in plan_page and "★" in plan_page


def test_a_stale_form_is_refused_and_says_someone_else_changed_the_plan() -> None:
    w = plan_world()
    stale = w.version.revision
    c = _client(w.lead)
    assert (
        c.post(
            f"/systems/plans/{w.plan.pk}/pillars/new/", {"revision": stale, "title": "Engagement"}
        ).status_code
        == 302
    )
    page = c.post(
        f"/systems/plans/{w.plan.pk}/pillars/new/", {"revision": stale, "title": "Talent Management"}
    )
    assert page.status_code == 200
    assert "Someone else changed this plan after you opened it" in page.content.decode()
    assert not w.version.pillars.filter(title="Talent Management").exists()


def test_publish_review_and_the_changes_page() -> None:
    w = plan_world()
    c = _client(w.lead)
    assert c.post(f"/systems/plans/{w.plan.pk}/publish/", {"revision": w.version.revision}).status_code == 302
    assert c.post(f"/systems/plans/{w.plan.pk}/review/", {"review_note": "Annual review"}).status_code == 302
    draft = w.plan.versions.get(number=2)
    ceo = Activity.objects.get(workstream__version=draft, title="CEO Development")
    services.activity_update(activity=ceo, revision=None, status="done", by=w.lead)
    page = c.get(f"/systems/plans/{w.plan.pk}/versions/2/changes/").content.decode()
    assert "CEO Development (Leadership)" in page and "Status: Planned → Done" in page
    # another system's lead reads version 1 but not the draft
    other = _client(w.other_lead)
    assert other.get(f"/systems/plans/{w.plan.pk}/versions/1/").status_code == 200
    assert other.get(f"/systems/plans/{w.plan.pk}/versions/2/").status_code == 404
    assert other.get(f"/systems/plans/{w.plan.pk}/edit/").status_code == 403


def test_the_pdfs_hold_the_plans_sections_like_seed_003() -> None:
    w = plan_world(publish=True)
    charter = services.charter_create(
        ics=w.ics,
        title="Leadership Charter",
        leader_commitments=["Do what I say I am going to do"],
        by=w.lead,
    )
    services.charter_publish(charter=charter, by=w.lead)
    c = _client(w.lead)
    base = f"/systems/plans/{w.plan.pk}/versions/1"
    page = c.get(f"{base}/plan-on-a-page.pdf")
    assert page["Content-Type"] == "application/pdf"
    text = pdf_text(page.content)
    for expected in (
        "Plan on a Page",
        "Coaching Culture",
        "Senior leaders as coaches",
        "2017/18",
        "2020/21",
        "CEO Development",
    ):
        assert expected in text, expected
    document = pdf_text(c.get(f"{base}/document.pdf").content)
    pages = document.split("\f")
    assert "Contents" in pages[0]
    # each section starts its own page, in the seed's order
    firsts = [page.strip().splitlines()[0].strip() if page.strip() else "" for page in pages[1:]]
    sections = ["Introduction", "Leadership Charter", "Developing Our Plan", "Plan on a Page", "Leadership"]
    assert [f for f in firsts if f in sections] == sections
    assert "As a leader I will" in document and "Local Workforce Action Board" in document
    flat = " ".join(document.split())
    assert "Leadership 360 Framework" in flat and "coaching and mentoring hub" in flat
    assert c.get(f"{base}/document/").status_code == 200
    assert c.get(f"{base}/nothing/").status_code == 404


def test_a_leader_signs_on_the_page_and_sees_what_they_signed() -> None:
    w = plan_world()
    charter = services.charter_create(
        ics=w.ics,
        title="Leadership Charter",
        leader_commitments=["Do what I say I am going to do"],
        by=w.lead,
    )
    services.charter_publish(charter=charter, by=w.lead)
    leader = PersonFactory(organisation=w.partners[0])
    c = _client(leader.user)
    assert c.post(f"/systems/charters/{charter.pk}/sign/", {}).status_code == 200  # must confirm
    assert c.post(f"/systems/charters/{charter.pk}/sign/", {"confirm": "on"}).status_code == 302
    page = c.get(f"/systems/charters/{charter.pk}/").content.decode()
    assert "You signed this charter on" in page and "What you signed" in page
    assert "1 leader from 1 organisation has signed" in page and w.partners[0].name in page
    again = c.post(f"/systems/charters/{charter.pk}/sign/", {"confirm": "on"}).content.decode()
    assert "You have already signed this charter, on" in again
