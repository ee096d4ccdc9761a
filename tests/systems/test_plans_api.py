"""The plans and charters API: the same rules as the pages, with field-level 400s for bad input."""

import pytest
from rest_framework.test import APIClient

from academy.systems import services
from tests.factories import PersonFactory
from tests.systems.helpers import plan_world

pytestmark = pytest.mark.django_db

SY = "/api/v1/systems"


def _api(user) -> APIClient:  # noqa: ANN001
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_lead_builds_and_publishes_a_plan_through_the_api_and_bad_input_gets_field_errors() -> None:
    w = plan_world()
    api = _api(w.lead)
    made = api.post(
        f"{SY}/plans/",
        {"ics": w.ics.pk, "title": "OD plan", "start_year": 2024, "end_year": 2026},
        format="json",
    )
    assert made.status_code == 201, made.content
    version_id = made.json()["versions"][0]["id"]
    version = api.get(f"{SY}/plan-versions/{version_id}/").json()
    workstream = api.post(
        f"{SY}/plan-versions/{version_id}/workstreams/",
        {"revision": version["revision"], "title": "Leadership"},
        format="json",
    ).json()
    revision = version["revision"] + 1
    outside = api.post(
        f"{SY}/plan-versions/{version_id}/activities/",
        {
            "revision": revision,
            "workstream": workstream["id"],
            "title": "Network",
            "timeline": {"2030": "milestone"},
        },
        format="json",
    )
    assert outside.status_code == 400
    assert outside.json() == {
        "timeline": [
            "2030/31 is outside the plan's years (2024/25 to 2026/27). Choose a year the plan covers."
        ]
    }
    stale = api.post(f"{SY}/plan-versions/{version_id}/publish/", {"revision": revision - 1}, format="json")
    assert stale.status_code == 400 and "revision" in stale.json()
    current = api.get(f"{SY}/plan-versions/{version_id}/").json()["revision"]
    published = api.post(f"{SY}/plan-versions/{version_id}/publish/", {"revision": current}, format="json")
    assert published.status_code == 200 and published.json()["status"] == "published"
    again = api.patch(
        f"{SY}/plan-versions/{version_id}/", {"revision": current + 1, "conclusion": "x"}, format="json"
    )
    assert again.status_code == 400 and "can never change" in again.json()["version"][0]


def test_another_systems_lead_reads_only_published_versions_and_changes() -> None:
    w = plan_world(publish=True)
    draft = services.plan_review(plan=w.plan, by=w.lead)
    other = _api(w.other_lead)
    assert {v["number"] for v in other.get(f"{SY}/plans/{w.plan.pk}/").json()["versions"]} == {1}
    assert other.get(f"{SY}/plan-versions/{draft.pk}/").status_code == 404
    assert other.post(f"{SY}/plans/{w.plan.pk}/review/", {}, format="json").status_code == 403
    assert other.get(f"{SY}/plan-versions/{w.version.pk}/changes/").json() == []
    activity = draft.workstreams.get().activities.get(title="CEO Development")
    lead = _api(w.lead)
    assert (
        lead.patch(
            f"{SY}/plan-activities/{activity.pk}/",
            {"revision": draft.revision, "status": "done"},
            format="json",
        ).status_code
        == 200
    )
    changes = lead.get(f"{SY}/plan-versions/{draft.pk}/changes/").json()
    assert changes == [
        {
            "kind": "Activity",
            "item": "CEO Development (Leadership)",
            "change": "changed",
            "details": ["Status: Planned → Done"],
        }
    ]


def test_signing_through_the_api_once_and_seeing_what_one_signed() -> None:
    w = plan_world()
    charter = services.charter_publish(
        charter=services.charter_create(ics=w.ics, title="Charter", leader_commitments=["Listen"], by=w.lead),
        by=w.lead,
    )
    leader = PersonFactory(organisation=w.partners[0])
    api = _api(leader.user)
    assert api.post(f"{SY}/charters/{charter.pk}/sign/", format="json").status_code == 201
    twice = api.post(f"{SY}/charters/{charter.pk}/sign/", format="json")
    assert twice.status_code == 400 and twice.json()["charter"][0].startswith("You have already signed")
    mine = api.get(f"{SY}/signatures/").json()
    rows = mine["results"] if isinstance(mine, dict) else mine
    assert [r["signed_text"]["leader_commitments"] for r in rows] == [["Listen"]]
    counts = api.get(f"{SY}/charters/{charter.pk}/signatures/").json()
    assert counts == {"signed": 1, "by_organisation": [{"organisation": w.partners[0].name, "leaders": 1}]}
    assert (
        _api(w.other_lead).post(f"{SY}/charters/{charter.pk}/review/", {}, format="json").status_code == 403
    )


def test_the_plan_and_version_lists_ask_the_same_number_of_questions_however_many_plans() -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    w = plan_world(publish=True)
    services.charter_create(ics=w.ics, title="Charter", by=w.lead)
    api = _api(w.lead)

    def count(path: str) -> int:
        api.get(path)
        with CaptureQueriesContext(connection) as captured:
            assert api.get(path).status_code == 200
        return len(captured)

    before = {path: count(path) for path in (f"{SY}/plans/", f"{SY}/plan-versions/", f"{SY}/charters/")}
    for n in range(3):
        plan = services.plan_create(ics=w.ics, title=f"Plan {n}", start_year=2020, end_year=2022, by=w.lead)
        services.workstream_add(version=plan.versions.get(), revision=None, title="Leadership", by=w.lead)
        services.charter_create(ics=w.ics, title=f"Charter {n}", by=w.lead)
    assert {path: count(path) for path in before} == before
