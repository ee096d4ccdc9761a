"""A small ICS with its OD lead, another ICS's lead, and a plan shaped like seed 003 (two workstreams)."""

from types import SimpleNamespace
from typing import Any

from academy.people.models import Role
from academy.systems import services
from academy.systems.models import Activity
from tests.factories import ICSFactory, OfferFactory, OrganisationFactory, PersonFactory, grant

M, C = Activity.Mark.MILESTONE, Activity.Mark.CONTINUING


def lead_of(ics: Any) -> Any:
    user = PersonFactory(organisation=OrganisationFactory(ics=ics)).user
    grant(user, Role.ICS_OD_LEAD, ics=ics)
    return user


def plan_world(publish: bool = False) -> SimpleNamespace:
    ics, other_ics = ICSFactory(), ICSFactory()
    lead, other_lead = lead_of(ics), lead_of(other_ics)
    partners = [OrganisationFactory(ics=ics) for _ in range(3)]
    offer = OfferFactory(title="Leadership 360 Framework")
    plan = services.plan_create(
        ics=ics,
        title="Leadership and OD Plan",
        start_year=2017,
        end_year=2020,
        priorities=["Prevention", "Technology"],
        aims=["Improved health and wellbeing", "Sustainable finances"],
        governance_group="Local Workforce Action Board",
        partners=partners,
        by=lead,
    )
    version = plan.versions.get()
    services.pillar_add(
        version=version,
        revision=None,
        title="Coaching Culture",
        commitments=["Senior leaders as coaches"],
        by=lead,
    )
    leadership = services.workstream_add(version=version, revision=None, title="Leadership", by=lead)
    services.activity_add(
        workstream=leadership,
        revision=None,
        title="CEO Development",
        timeline={2017: M, 2019: M},
        owner="Leadership and OD sub group",
        by=lead,
    )
    services.activity_add(
        workstream=leadership,
        revision=None,
        title="Senior Leaders as Coaches",
        timeline={2017: M, 2018: C},
        coaching_hub=True,
        by=lead,
    )
    services.activity_add(
        workstream=leadership,
        revision=None,
        title="Leadership 360 Framework",
        timeline={"2017": M, "2018": C},
        offers=[offer],
        by=lead,
    )
    version.refresh_from_db()
    if publish:
        services.plan_publish(version=version, revision=version.revision, by=lead)
        version.refresh_from_db()
    return SimpleNamespace(
        ics=ics,
        other_ics=other_ics,
        lead=lead,
        other_lead=other_lead,
        plan=plan,
        version=version,
        leadership=leadership,
        partners=partners,
        offer=offer,
    )
