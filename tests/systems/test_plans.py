"""ICS leadership and OD plans: the timeline rules, the version check, publishing, reviews and the
differences between versions."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from hypothesis import given, settings
from hypothesis import strategies as st

from academy.systems import selectors, services
from academy.systems.models import Activity, PlanVersion, financial_year
from tests.factories import PersonFactory
from tests.systems.helpers import C, M, plan_world

pytestmark = pytest.mark.django_db


def test_financial_years_are_named_as_in_the_seed() -> None:
    assert [financial_year(y) for y in (2017, 2019, 2099)] == ["2017/18", "2019/20", "2099/00"]


def test_an_activity_outside_the_plans_years_is_refused_on_its_timeline() -> None:
    w = plan_world()
    with pytest.raises(ValidationError) as error:
        services.activity_add(
            workstream=w.leadership, revision=None, title="Leadership Network", timeline={2021: M}, by=w.lead
        )
    assert error.value.message_dict == {
        "timeline": [
            "2021/22 is outside the plan's years (2017/18 to 2020/21). Choose a year the plan covers."
        ]
    }


def test_continuing_needs_the_year_before_and_a_timeline_needs_a_mark() -> None:
    w = plan_world()
    with pytest.raises(ValidationError, match="only continue"):
        services.activity_add(
            workstream=w.leadership, revision=None, title="A", timeline={2018: C}, by=w.lead
        )
    with pytest.raises(ValidationError, match="mark at least one year"):
        services.activity_add(
            workstream=w.leadership, revision=None, title="A", timeline={2018: ""}, by=w.lead
        )


def test_the_plans_years_cannot_shrink_past_its_activities() -> None:
    w = plan_world()
    with pytest.raises(ValidationError) as error:
        services.plan_version_update(version=w.version, revision=w.version.revision, end_year=2018, by=w.lead)
    assert "CEO Development would fall outside 2017/18 to 2018/19" in error.value.message_dict["end_year"][0]


def test_two_leads_editing_one_plan_cannot_overwrite_each_other() -> None:
    w = plan_world()
    seen = w.version.revision
    services.plan_version_update(version=w.version, revision=seen, governance_group="ICS Board", by=w.lead)
    with pytest.raises(ValidationError) as error:
        services.plan_version_update(
            version=w.version, revision=seen, governance_group="People Board", by=w.lead
        )
    assert "Someone else changed this plan" in error.value.message_dict["revision"][0]
    w.version.refresh_from_db()
    assert w.version.governance_group == "ICS Board"


def test_only_the_systems_own_lead_edits_and_another_lead_reads_only_what_is_published() -> None:
    w = plan_world()
    with pytest.raises(PermissionDenied):
        services.workstream_add(version=w.version, revision=None, title="System Change", by=w.other_lead)
    with pytest.raises(Http404):
        selectors.plan_get(w.other_lead, w.plan.pk)  # only a draft so far
    services.plan_publish(version=w.version, revision=None, by=w.lead)
    services.plan_review(plan=w.plan, by=w.lead)
    plan = selectors.plan_get(w.other_lead, w.plan.pk)
    assert [v.number for v in selectors.plan_versions(w.other_lead, plan)] == [1]
    assert [v.number for v in selectors.plan_versions(w.lead, plan)] == [2, 1]
    with pytest.raises(Http404):
        selectors.version_get(w.other_lead, plan, 2)
    with pytest.raises(Http404):
        selectors.plan_get(PersonFactory().user, w.plan.pk)  # staff of another system's organisation


def test_a_published_version_never_changes() -> None:
    w = plan_world(publish=True)
    assert w.version.status == PlanVersion.Status.PUBLISHED and w.version.published_by == w.lead.person
    activity = Activity.objects.get(title="CEO Development")
    for attempt in (
        lambda: services.activity_update(activity=activity, revision=None, status="done", by=w.lead),
        lambda: services.pillar_add(version=w.version, revision=None, title="Engagement", by=w.lead),
        lambda: services.plan_publish(version=w.version, revision=None, by=w.lead),
    ):
        with pytest.raises(ValidationError, match="published and can never change"):
            attempt()
    activity.refresh_from_db()
    assert activity.status == Activity.Status.PLANNED


def test_a_review_copies_the_last_version_and_the_differences_show_item_by_item() -> None:
    w = plan_world(publish=True)
    draft = services.plan_review(plan=w.plan, by=w.lead, review_note="Annual review 2018")
    assert draft.number == 2 and draft.status == PlanVersion.Status.DRAFT
    assert selectors.plan_diff(w.version, draft) == []  # a review starts as an exact copy
    assert [a.title for a in Activity.objects.filter(workstream__version=draft)] == [
        "CEO Development",
        "Senior Leaders as Coaches",
        "Leadership 360 Framework",
    ]
    copied = Activity.objects.get(workstream__version=draft, title="Leadership 360 Framework")
    assert list(copied.offers.all()) == [w.offer]
    with pytest.raises(ValidationError, match="already under way"):
        services.plan_review(plan=w.plan, by=w.lead)

    ceo = Activity.objects.get(workstream__version=draft, title="CEO Development")
    services.activity_update(
        activity=ceo, revision=None, status="in_progress", timeline={2017: M, 2020: M}, by=w.lead
    )
    culture = services.workstream_add(
        version=draft, revision=None, title="Culture and Collaboration", by=w.lead
    )
    services.activity_add(
        workstream=culture, revision=None, title="Stepping into My Shoes", timeline={2019: M}, by=w.lead
    )
    services.plan_version_update(
        version=draft, revision=None, priorities=["Prevention", "System Redesign"], by=w.lead
    )

    changes = {(c.kind, c.item, c.change): c.details for c in selectors.plan_diff(w.version, draft)}
    assert changes == {
        ("Priority", "Technology", "removed"): [],
        ("Priority", "System Redesign", "added"): [],
        ("Workstream", "Culture and Collaboration", "added"): [],
        ("Activity", "CEO Development (Leadership)", "changed"): [
            "Status: Planned → In progress",
            "Timeline: 2017/18 ★, 2019/20 ★ → 2017/18 ★, 2020/21 ★",
        ],
        ("Activity", "Stepping into My Shoes (Culture and Collaboration)", "added"): [],
    }
    # the first version is as it was
    assert Activity.objects.get(workstream__version=w.version, title="CEO Development").status == "planned"


def test_publishing_needs_content() -> None:
    w = plan_world()
    empty = services.plan_create(ics=w.ics, title="Empty", start_year=2022, end_year=2024, by=w.lead)
    with pytest.raises(ValidationError, match="pillars or workstreams"):
        services.plan_publish(version=empty.versions.get(), revision=None, by=w.lead)


@settings(max_examples=40, deadline=None)
@given(marks=st.dictionaries(st.integers(2010, 2030), st.sampled_from([M, C, ""]), max_size=8))
def test_every_accepted_timeline_lies_within_the_plans_years_and_continues_from_a_mark(marks: dict) -> None:
    version = PlanVersion(start_year=2017, end_year=2020)
    try:
        clean = services.clean_timeline(version, marks)
    except ValidationError:
        return
    assert clean and all(2017 <= int(y) <= 2020 for y in clean)
    assert all(m != C or str(int(y) - 1) in clean for y, m in clean.items())
