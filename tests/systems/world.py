"""The plans and charters part of the permissions matrix world. The `ics_lead` role leads `ics`:

- `plan`: its plan, version 1 published and version 2 a draft (a review under way), with a pillar, the
  Leadership workstream and an activity;
- `done`: its other plan, only version 1, published (ready for a review);
- `other`: another system's plan, version 1 published and version 2 a draft (the lead reads only 1);
- `charter`: its charter, open for signing, signed by `participant2`; `draft_charter`: not yet open."""

from types import SimpleNamespace
from typing import Any

from academy.systems import services
from academy.systems.models import Activity, PlanVersion
from tests.factories import ICSFactory

M = Activity.Mark.MILESTONE


def _plan(ics: Any, title: str, *, review: bool) -> SimpleNamespace:
    plan = services.plan_create(ics=ics, title=title, start_year=2017, end_year=2020, by=None)
    first = plan.versions.get()
    services.pillar_add(
        version=first, revision=None, title="Coaching Culture", commitments=["Coaches"], by=None
    )
    workstream = services.workstream_add(version=first, revision=None, title="Leadership", by=None)
    services.activity_add(
        workstream=workstream, revision=None, title="CEO Development", timeline={2017: M}, by=None
    )
    services.plan_publish(version=first, revision=None, by=None)
    draft = services.plan_review(plan=plan, by=None) if review else None
    return SimpleNamespace(
        plan=plan,
        first=PlanVersion.objects.get(pk=first.pk),
        draft=draft,
        workstream=draft.workstreams.get() if draft else None,
        activity=Activity.objects.get(workstream__version=draft) if draft else None,
    )


def build_systems_plans(*, ics: Any, users: dict[str, Any]) -> SimpleNamespace:
    own = _plan(ics, "Leadership and OD Plan", review=True)
    done = _plan(ics, "Workforce OD Plan", review=False)
    other = _plan(ICSFactory(), "Another system's plan", review=True)
    charter = services.charter_create(
        ics=ics, title="Leadership Charter", leader_commitments=["Listen"], by=None
    )
    charter = services.charter_publish(charter=charter, by=None)
    signature = services.charter_sign(charter=charter, by=users["participant2"])
    draft_charter = services.charter_create(
        ics=ics, title="Draft charter", leader_commitments=["Listen"], by=None
    )
    return SimpleNamespace(
        ics=ics,
        own=own,
        done=done,
        other=other,
        charter=charter,
        signature=signature,
        draft_charter=draft_charter,
    )
