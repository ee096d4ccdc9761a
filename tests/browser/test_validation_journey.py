"""Issue 14's journey in Chromium: a practitioner expresses interest, reflects, attends the workshop,
decides, builds and submits a claim with evidence; two panel members review blind and moderate; the
interview outcome is recorded; the practitioner downloads the credential; an anonymous visitor verifies
it; after revocation the same page says revoked. Every page reached is checked by axe-core (WCAG 2.2
AA), for sideways scrolling at 375 px and console errors."""

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from academy.credentials.models import Credential
from academy.credentials.services import credential_revoke
from academy.validation import services
from academy.validation.models import PanelMember, Route
from tests.browser.conftest import Journey, fill_date
from tests.factories import AcademyFactory, OrganisationFactory, PersonFactory, programme_manager
from tests.validation.helpers import PDF, small_spec

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.xdist_group("browser"),
]


def choose(walk: Journey, legend: str, option: str) -> None:
    walk.page.get_by_role("group", name=legend).get_by_label(option, exact=True).check()


def test_practitioner_to_panel_to_decision_and_a_credential_anyone_can_verify(
    journey: Journey, new_journey: Any, tmp_path: Path
) -> None:
    academy = AcademyFactory()
    pm = programme_manager(academy)
    framework = services.framework_import(spec=small_spec(slug="journey"), by=None)
    cohort = services.cohort_create(
        academy=academy,
        name="System OD validation 2026",
        frameworks=[framework],
        opens_on=timezone.localdate(),
        by=pm,
    )
    elements = services.cohort_elements(cohort)
    practitioner = PersonFactory(given_name="Ada", family_name="Okafor", organisation=OrganisationFactory())
    supporter = PersonFactory(organisation=OrganisationFactory())
    panel = [PersonFactory(organisation=OrganisationFactory()) for _ in range(2)]

    # 1. Interest, reflection
    journey.login(practitioner.user.username)
    journey.goto("/validation/")
    journey.click("link", f"Express interest in {cohort.name}")
    journey.fill("Why do you want to take part?", "I support change across my integrated care system.")
    journey.click("button", "Express interest")
    journey.expect_text("Your validation route")
    journey.click("link", "Reflect on your practice")
    for element in elements:
        choose(journey, f"{element.code} {element.name}", "At system practitioner level")
    journey.click("button", "Save reflection")
    journey.expect_text("Your reflection is saved")

    # 2. The programme manager records the workshop attendance
    manager = new_journey("validation-manager")
    manager.login(pm.username)
    manager.goto(f"/validation/manage/cohorts/{cohort.pk}/")
    manager.click("button", re.compile("Record attendance"))
    manager.expect_text("Workshop attendance recorded")

    # 3. The decision, then support and the claim with evidence
    route = Route.objects.get(cohort=cohort, person=practitioner)
    journey.goto(f"/validation/routes/{route.pk}/")
    journey.click("link", "Record your decision")
    choose(journey, "How ready are you to make a claim?", "Ready to make a claim")
    journey.click("button", "Save decision")
    services.route_supporter_assign(route=route, supporter=supporter, by=pm)
    evidence = tmp_path / "board-session-notes.pdf"
    evidence.write_bytes(PDF)
    journey.click("link", "Start your claim")
    for number, element in enumerate(elements):
        if number:
            journey.goto(f"/validation/routes/{route.pk}/claim/{element.pk}/")
        journey.fill(
            "Your narrative for this element", f"How I worked with system leaders on {element.name}."
        )
        journey.click("button", "Save narrative")
        journey.fill("Title of the evidence", f"Notes for {element.code}")
        journey.page.get_by_label("File").set_input_files(str(evidence))
        journey.click("button", "Upload evidence")
        journey.expect_text("Your evidence is uploaded")
    journey.goto(f"/validation/routes/{route.pk}/")
    journey.expect_text("Evidenced (narrative and one item)")
    journey.click("button", "Submit your claim")
    journey.expect_text("Your claim is submitted")

    # 4. The panel (formed by the programme team; refused anyone in the chain or organisation)
    for person in panel:
        services.panel_member_add(
            route=route, person=person, kind=PanelMember.Kind.PEER, conflict_declaration="None", by=pm
        )
    reviewers = []
    for index, person in enumerate(panel):
        reviewer = new_journey(f"validation-panel-{index + 1}")
        reviewer.login(person.user.username)
        reviewer.goto("/validation/")
        reviewer.click("link", re.compile("Ada Okafor"))
        reviewer.click("button", "Review the claim")
        for element in elements:
            rating = "Evidenced at system practitioner level"
            if index == 1 and element == elements[-1]:
                rating = "Evidenced at system leader level"
            choose(reviewer, f"{element.code} {element.name}", rating)
        reviewer.click("button", "Submit your review")
        reviewer.expect_text("Your review is submitted")
        reviewers.append(reviewer)
    first = reviewers[0]
    first.goto(f"/validation/routes/{route.pk}/")
    first.expect_text("Every panel member's review")
    first.click("link", "Moderate the reviews")
    for element in elements:
        choose(first, f"{element.code} {element.name}", "Evidenced at system practitioner level")
    first.click("button", "Save the agreed ratings")
    first.expect_text("Inter-rater agreement before moderation: 50.0% (1 of 2 pairs of ratings agree")

    # 5. The interview and the decision
    first.click("link", "Schedule the interview")
    fill_date(first, "Date", timezone.localdate() + dt.timedelta(days=7))
    first.fill("Time", "14:00")
    first.fill("Where", "Online")
    first.click("button", "Save")
    first.click("link", "Record the interview")
    first.fill("What the interview found", "The practitioner's evidence was confirmed in conversation.")
    first.click("button", "Save")
    first.click("button", "Record the decision")
    choose(first, "The panel's decision", "System OD Practitioner")
    first.click("button", "Record")
    first.expect_text("System OD Practitioner")

    # 6. The credential: downloaded, verified by anyone, revoked, verified again
    journey.goto(f"/validation/routes/{route.pk}/")
    journey.click("link", "Your credential")
    journey.expect_text("Valid")
    with journey.page.expect_download() as download:
        journey.page.get_by_role("link", name="Credential file (.jwt)").click()
    route.refresh_from_db()
    credential = Credential.objects.get(pk=route.credential_id)
    assert Path(download.value.path()).read_text() == credential.token

    visitor = new_journey("validation-visitor")
    visitor.goto(f"/credentials/{credential.pk}/")
    visitor.expect_text("Valid")
    visitor.expect_text("System OD Practitioner")
    credential_revoke(credential=credential, reason="Withdrawn after review", by=pm)
    visitor.goto(f"/credentials/{credential.pk}/")
    visitor.expect_text("Revoked")
