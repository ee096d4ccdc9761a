"""The pages and the API: pipeline figures by hand, the framework import page, uploads refused with a
message, the API's answers to stale moderation and blind reviews, moving a claim between versions."""

import datetime as dt
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from academy.validation import selectors, services
from academy.validation.models import Framework, Readiness
from tests.factories import PersonFactory, programme_manager

from .helpers import small_spec, world

pytestmark = pytest.mark.django_db
SAMPLE = Path(__file__).parents[2] / "src/academy/validation/samples/system-od-practice.json"


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_pipeline_figures_against_hand_counted_routes():
    w = world(to="interest")
    start = timezone.now() - dt.timedelta(days=100)
    plan = [
        (True, Readiness.NOW),
        (True, Readiness.LATER),
        (True, Readiness.DEVELOP),
        (True, Readiness.DEVELOP),
        (True, None),
        (False, None),
    ]
    for attended, readiness in plan:
        person = PersonFactory()
        route = services.route_express_interest(
            cohort=w.cohort, statement="", by=None, person=person, at=start
        )
        if attended:
            services.route_workshop_record(
                route=route, attended=True, by=None, at=start + dt.timedelta(days=10)
            )
        if readiness:
            services.route_decide(route=route, readiness=readiness, by=None, at=start + dt.timedelta(days=24))
    figures = selectors.pipeline(w.pm, cohort=w.cohort)
    # 7 routes (the world's own has only expressed interest); 5 at the workshop; 4 decided
    assert (figures.interest, figures.workshop, figures.decided) == (7, 5, 4)
    assert [(f.count, f.base, f.percent) for f in figures.readiness] == [(1, 4, 25), (1, 4, 25), (2, 4, 50)]
    assert figures.workshop_figure.text == "71% took part in the workshop (5 of 7 who expressed interest)"
    assert figures.summary == (
        "7 expressions of interest. 5 participants in the workshop. 25% ready to make a claim. "
        "25% ready in 12–18 months. 50% considering further development."
    )
    assert [(s.median_days, s.base) for s in figures.step_times[:2]] == [(10, 5), (14, 4)]
    page = _client(w.pm).get(f"/validation/pipeline/?cohort={w.cohort.pk}").content.decode()
    assert "2 of 4" in page and "base: 4 workshop participants who recorded a decision" in page


def test_the_import_page_lists_every_bad_row_and_imports_nothing():
    pm = programme_manager(world(to="interest").academy)
    spec = json.loads(SAMPLE.read_text())
    spec["domains"][0]["elements"][0]["leader"] = ""
    spec["domains"][1]["elements"][1]["code"] = "bad code!"
    before = Framework.objects.count()
    upload = SimpleUploadedFile("framework.json", json.dumps(spec).encode(), content_type="application/json")
    page = _client(pm).post("/validation/frameworks/import/", {"file": upload}).content.decode()
    assert "The file has 2 problems. Nothing was imported." in page
    assert "Domain 1, element 1: give both level descriptors (practitioner and leader)." in page
    assert "Domain 2, element 2: the element code must be 1 to 20 letters" in page
    assert Framework.objects.count() == before
    good = SimpleUploadedFile("framework.json", SAMPLE.read_bytes())
    assert _client(pm).post("/validation/frameworks/import/", {"file": good}).status_code == 302
    assert Framework.objects.count() == before + 1


def test_the_framework_exports_as_json_and_csv_that_import_again():
    w = world(to="interest")
    client = _client(w.practitioner.user)
    as_json = client.get(f"/validation/frameworks/{w.framework.pk}/?format=json")
    assert json.loads(as_json.content)["domains"][0]["elements"][0]["code"] == "A1"
    as_csv = client.get(f"/validation/frameworks/{w.framework.pk}/?format=csv")
    assert as_csv.content.decode().startswith("framework_slug,framework_version")


def test_an_evidence_file_of_the_wrong_type_is_refused_on_the_page_with_a_message():
    w = world(to="decided")
    element = w.elements[0]
    upload = SimpleUploadedFile("notes.exe", b"MZ\x90\x00", content_type="application/octet-stream")
    page = _client(w.practitioner.user).post(
        f"/validation/routes/{w.route.pk}/claim/{element.pk}/evidence/", {"title": "Notes", "file": upload}
    )
    assert (
        "The selected file must be a PDF, Word, PowerPoint, Excel, PNG, JPEG or text file."
        in page.content.decode()
    )


def test_submitting_an_incomplete_claim_on_the_page_names_the_missing_elements():
    w = world(to="decided")
    response = _client(w.practitioner.user).post(f"/validation/routes/{w.route.pk}/submit/", follow=True)
    page = response.content.decode()
    assert "A1 Element A1 needs a narrative and at least one item of evidence." in page
    assert "A2 Element A2 needs a narrative and at least one item of evidence." in page


def test_the_api_refuses_a_stale_moderation_with_the_field_and_hides_reviews_until_all_are_in():
    w = world(to="submitted")
    first, second = w.panel
    api = f"/api/v1/validation/routes/{w.route.pk}"
    one = _client(first.user)
    for element in w.elements:
        assert (
            one.post(
                f"{api}/reviews/", {"element": element.pk, "rating": 2}, content_type="application/json"
            ).status_code
            == 200
        )
    assert (
        one.post(
            f"{api}/reviews/", {"element": w.elements[0].pk, "rating": 7}, content_type="application/json"
        ).status_code
        == 400
    )
    one.post(f"{api}/reviews/submit/")
    two = _client(second.user)
    assert two.get(f"{api}/reviews/").json() == []
    for element in w.elements:
        two.post(f"{api}/reviews/", {"element": element.pk, "rating": 1}, content_type="application/json")
    two.post(f"{api}/reviews/submit/")
    assert len(two.get(f"{api}/reviews/").json()) == 4
    body = {"ratings": {str(e.pk): 1 for e in w.elements}, "expected_version": 0}
    assert one.post(f"{api}/moderation/", body, content_type="application/json").status_code == 200
    stale = two.post(f"{api}/moderation/", body, content_type="application/json")
    assert stale.status_code == 400 and "version" in stale.json()


def test_an_unsubmitted_claim_moves_to_the_next_framework_version_through_the_mapping():
    w = world(to="decided")
    first = w.elements[0]
    services.claim_entry_save(route=w.route, element=first, narrative="What I did.", by=w.practitioner.user)
    next_version = services.framework_import(
        spec=small_spec(slug=w.framework.slug, version="2", codes=("B1",)), by=None
    )
    services.mapping_set(source=w.framework, target=next_version, pairs=[("A1", "B1")], by=None)
    unmapped = services.claim_move_version(
        route=w.route, source=w.framework, target=next_version, by=w.practitioner.user
    )
    assert [e.code for e in unmapped] == []  # A2 had no entry yet
    rows = services.coverage(w.route.claim)
    assert [(r["element"].code, r["entry"].narrative if r["entry"] else "") for r in rows] == [
        ("B1", "What I did.")
    ]


def test_the_framework_list_asks_the_same_number_of_questions_however_many_frameworks():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    w = world(to="interest")
    client = _client(w.practitioner.user)

    def queries() -> int:
        client.get("/api/v1/validation/frameworks/")
        with CaptureQueriesContext(connection) as captured:
            answer = client.get("/api/v1/validation/frameworks/")
        assert answer.status_code == 200
        return len(captured)

    before = queries()
    for n in range(3):
        services.framework_import(spec=small_spec(slug=f"more-{n}"), by=None)
    assert queries() == before
    data = client.get("/api/v1/validation/frameworks/").json()
    assert {e["code"] for f in data["results"] for e in f["elements"]} == {"A1", "A2"}


def test_a_programme_manager_opens_a_cohort_on_two_frameworks_with_its_workshop():
    from academy.validation.models import ValidationCohort
    from tests.factories import CohortFactory, OfferFactory

    w = world(to="interest")
    second = services.framework_import(spec=small_spec(slug="second"), by=None)
    workshop = CohortFactory(offer=OfferFactory(academy=w.academy))
    when = timezone.localdate()
    response = _client(w.pm).post(
        "/validation/manage/cohorts/new/",
        {
            "academy": w.academy.pk,
            "name": "Second cohort",
            "frameworks": [w.framework.pk, second.pk],
            "opens_on_day": when.day,
            "opens_on_month": when.month,
            "opens_on_year": when.year,
            "workshop": workshop.pk,
        },
    )
    cohort = ValidationCohort.objects.get(name="Second cohort")
    assert response.status_code == 302
    assert set(cohort.frameworks.all()) == {w.framework, second} and cohort.workshop == workshop
