"""Seed 003's leadership and OD plans and charters, for the six East of England integrated care systems.

Bedfordshire, Luton and Milton Keynes has the seed's plan: 2017/18 to 2020/21, six strategic pillars,
four workstreams and the Leadership workstream's timeline exactly as printed (★ a milestone, → continuing),
published, then reviewed once a year on (version 2: the charter and the 360 framework done, collaborative
teams under way, the Leadership Network extended), and published again. The other five systems each have a
shorter plan for 2023/24 to 2026/27, published once. Each system has a leadership charter open for signing
(the seed's, for every system) signed by its senior leaders: 24 in BLMK, and 6 to 10 in each of the others.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q

from academy.offers.models import Offer
from academy.people.models import ICS, Organisation, Person, RoleLevel
from academy.systems import services
from academy.systems.models import Activity, Charter, Plan

M, C = Activity.Mark.MILESTONE, Activity.Mark.CONTINUING
REGION_CODE = "Y61"
SEED_ICS = "QHG"  # Bedfordshire, Luton and Milton Keynes

PRIORITIES = [
    "Prevention",
    "Primary, Community and Social Care",
    "Sustainable Secondary Care",
    "Technology",
    "System Redesign",
]
TRIPLE_AIM = ["Improved health and wellbeing", "Transformed quality of care delivery", "Sustainable finances"]
PILLARS = [
    (
        "Shared Direction",
        [
            "Shared vision and values for working together",
            "Developing our workforce through shared learning",
            "Continuous improvement in quality, population health and value for money",
        ],
    ),
    (
        "Collective Leadership",
        [
            "Compassionate, inclusive and effective leaders at all levels",
            "Leaders equipped to develop high quality local health and care systems in partnership",
        ],
    ),
    (
        "Coaching Culture",
        [
            "Senior leaders as coaches",
            "Responsibility for culture change",
            "Develop engaging leaders, through coaching style conversations",
            "Culture of integrity & trust",
        ],
    ),
    (
        "Talent Management",
        ["Succession planning", "Develop STP talent pipelines", "Align PDP with STP objectives"],
    ),
    (
        "Engagement",
        [
            "Shared strategic narrative",
            "Senior leaders prioritise involvement in staff groups",
            "Co-design of service models with staff",
        ],
    ),
    (
        "Employer of Choice",
        [
            "Effective and productive workforce",
            "Collaborative STP working",
            "Shared approach to Staff Wellbeing",
        ],
    ),
]
LEADERSHIP = [  # (activity, timeline, links the coaching hub, offer title)
    ("CEO Development", {2017: M, 2019: M}, False, None),
    ("Leadership Charter", {2017: M, 2018: C}, False, None),
    ("Collaborative Leaders", {2017: M, 2019: M}, False, "Leading Transformation for Integrated Care"),
    ("Collaborative Teams", {2018: M, 2019: M, 2020: M}, False, "Teaming Skills"),
    ("Senior Leaders as Coaches", {2017: M, 2018: C}, True, None),
    (
        "Leadership 360 Framework",
        {2017: M, 2018: C},
        False,
        "Compassionate and inclusive leadership bitesize",
    ),
    ("Leadership Network", {2017: M, 2018: C}, False, "Senior Leaders System Learning Network"),
    ("Clinical Champions", {2017: M, 2018: C}, False, None),
    ("Shared Development", {2017: M, 2018: C}, False, None),
]
WORKSTREAMS = [
    (
        "Culture and Collaboration",
        "Collective leadership enables the development of high quality care cultures which support organisations to work collaboratively.",
        [
            (
                "Stepping into My Shoes",
                "An interchange offer: staff volunteering to share and staff requesting to learn across sectors and organisations.",
                {2018: M, 2019: C},
            ),
            (
                "Co-Locating Teams",
                "Co-locating to promote joint-working between health and social care teams.",
                {2018: M, 2019: C, 2020: C},
            ),
            (
                "Collaborative Frameworks",
                "Shared recruitment, induction, development rotational posts, mentorship and placement schemes.",
                {2019: M},
            ),
            (
                "Empowering People",
                "Health coaching, social prescribing, shared decision making and personalised care.",
                {2019: M, 2020: C},
            ),
        ],
    ),
    (
        "Building for Success",
        "We need to systematically share the learning from and celebrate our successes, whilst building a platform to share OD resource, capabilities and expertise.",
        [
            (
                "Increased Staff Communications",
                "Shared strategic narrative, common engagement activities, partnership forum engagement.",
                {2017: M, 2018: C},
            ),
            (
                "ICS Masterclass Series",
                "System finance, leading systems change, culture and collaboration, conflict resolution, co-design of change, QI.",
                {2018: M, 2019: M},
            ),
            (
                "Talent Pipelines",
                "System succession planning, talented integrated health and social care teams and individuals.",
                {2019: M, 2020: C},
            ),
        ],
    ),
    (
        "System Change",
        "We will look to transformational methods of implementing system redesign, such as Quality Improvement and staff co-design.",
        [
            (
                "Transformational Change Management",
                "Embed staff co-design and Quality Improvement methodologies.",
                {2018: M, 2019: C, 2020: C},
            ),
            (
                "Develop Provider Alliances",
                "Enable providers to create innovative solutions for joined-up coordinated care, with a focus on place-based care.",
                {2019: M, 2020: C},
            ),
        ],
    ),
]
PRINCIPLES = ["People-led", "Collaborative", "Integrated", "Inclusive", "Altruistic"]
AS_A_LEADER = [
    "Do what I say I am going to do",
    "Behave in an open, honest and ethical manner",
    "Be accountable for my actions and outcomes",
    "Share responsibility when things go well and take responsibility when they don't",
    "Continually learn, through participating in professional development and from experience and feedback",
    "Adopt a team approach, acknowledging and appreciating efforts, contributions and compromises",
    "Develop staff and provide them with a safe, healthy and engaging workplace",
    "Seek frequent, personal contact to nurture working relationships and connections across our system",
    "Inspire and energise continuous improvement in care for people",
]
AS_A_GROUP = [
    "Keep the needs of the population we serve at the centre of everything we do",
    "Constantly reinforce the importance of joined-up, coordinated, high quality services that improve the health and wellbeing of local people and offer value for money",
    "Create the belief we can do better and drive a culture of innovation and improvement",
    "Give honest feedback on inappropriate behaviour when we see it",
    "Identify conflicts and seek to resolve them collaboratively",
    "Commit to working together in the longer term, collectively planning and building our future together",
    "Embrace a transformational systems approach, where we help each other to better deliver continuous improvement",
    "Choose a future of collective responsibility for resources and population health",
]
VALUES = ["Trust", "Respect", "Integrity", "Accountability", "Care and Compassion"]
SIGNATURES = {SEED_ICS: 24}
OTHER_SIGNATURES = [6, 7, 8, 9, 10]
SENIOR = [RoleLevel.BAND_8D, RoleLevel.BAND_9, RoleLevel.DIRECTOR, RoleLevel.CHIEF_EXECUTIVE]
PLAN_TITLE = "Leadership and Organisational Development Plan"
CHARTER_TITLE = "Leadership Charter"
INTRODUCTION = (
    "Within the context of developing a shared Leadership and Organisational Development (OD) plan, our "
    "aspiration to move collectively forward into an Integrated Care System (ICS) is ambitious and challenging. "
    "The plan aims to identify collective requirements for leadership, shared learning, relationship building "
    "and organisational development of the ICS. This is a dynamic document and will be annually reviewed and updated."
)
GOVERNANCE = (
    "Governance and accountability for plan development and implementation sits with our Local Workforce Action "
    "Board. The Leadership and OD sub group will be the mechanism of delivery. All partner organisations are "
    "represented within these groups."
)
CONCLUSION = (
    "We cannot deliver the triple aim for our population as individual organisations. We commit to a leadership "
    "and organisational development journey that reflects the critical success factors of leading across health "
    "and social care systems."
)


def systems_plans_wipe() -> None:
    """Remove the demo's plans and charters (before the region's people go)."""
    systems = ICS.objects.filter(region__code=REGION_CODE)
    Charter.objects.filter(ics__in=systems, title=CHARTER_TITLE).delete()
    Plan.objects.filter(ics__in=systems, title=PLAN_TITLE).delete()


def _offers(academy_id: int) -> dict[str, Offer]:
    return {o.title: o for o in Offer.objects.filter(academy_id=academy_id, status=Offer.Status.PUBLISHED)}


def _seed_plan(ics: ICS, partners: list[Organisation], offers: dict[str, Offer]) -> Plan:
    plan = services.plan_create(
        ics=ics,
        title=PLAN_TITLE,
        start_year=2017,
        end_year=2020,
        introduction=INTRODUCTION,
        priorities=PRIORITIES,
        aims=TRIPLE_AIM,
        governance_group="BLMK Local Workforce Action Board",
        governance=GOVERNANCE,
        conclusion=CONCLUSION,
        partners=partners,
        by=None,
    )
    version = plan.versions.get()
    for title, commitments in PILLARS:
        services.pillar_add(version=version, revision=None, title=title, commitments=commitments, by=None)
    leadership = services.workstream_add(
        version=version,
        revision=None,
        title="Leadership",
        description="System leaders recognise the need to build alliances and collaborations by engaging with "
        "their peers and many others in working towards a better future.",
        by=None,
    )
    for title, timeline, hub, offer in LEADERSHIP:
        services.activity_add(
            workstream=leadership,
            revision=None,
            title=title,
            timeline=timeline,
            owner="Leadership and OD sub group",
            coaching_hub=hub,
            offers=[offers[offer]] if offer in offers else [],
            by=None,
        )
    for title, description, activities in WORKSTREAMS:
        workstream = services.workstream_add(
            version=version, revision=None, title=title, description=description, by=None
        )
        for name, text, timeline in activities:
            services.activity_add(
                workstream=workstream,
                revision=None,
                title=name,
                description=text,
                timeline=timeline,
                owner="Local Workforce Action Board",
                by=None,
            )
    services.plan_publish(version=version, revision=None, by=None)

    # The annual review, a year on
    draft = services.plan_review(plan=plan, review_note="Annual review 2018/19", by=None)
    changes: dict[str, dict[str, Any]] = {
        "Leadership Charter": {"status": Activity.Status.DONE},
        "Leadership 360 Framework": {"status": Activity.Status.DONE},
        "Collaborative Teams": {"status": Activity.Status.IN_PROGRESS},
        "Senior Leaders as Coaches": {"status": Activity.Status.IN_PROGRESS},
        "Leadership Network": {
            "status": Activity.Status.IN_PROGRESS,
            "timeline": {2017: M, 2018: C, 2019: C},
        },
    }
    for activity in Activity.objects.filter(workstream__version=draft, title__in=changes):
        services.activity_update(activity=activity, revision=None, by=None, **changes[activity.title])
    services.plan_publish(version=draft, revision=None, by=None)
    return plan


def _short_plan(ics: ICS, partners: list[Organisation], offers: dict[str, Offer]) -> Plan:
    plan = services.plan_create(
        ics=ics,
        title=PLAN_TITLE,
        start_year=2023,
        end_year=2026,
        introduction=INTRODUCTION,
        priorities=PRIORITIES[:3],
        aims=TRIPLE_AIM,
        governance_group=f"{ics.short_name or ics.name} People Board",
        governance=GOVERNANCE,
        partners=partners,
        by=None,
    )
    version = plan.versions.get()
    for title, commitments in (PILLARS[1], PILLARS[2], PILLARS[5]):
        services.pillar_add(version=version, revision=None, title=title, commitments=commitments, by=None)
    leadership = services.workstream_add(version=version, revision=None, title="Leadership", by=None)
    for title, timeline, hub, offer in (
        ("Senior Leaders as Coaches", {2023: M, 2024: C}, True, None),
        ("Collaborative Teams", {2024: M, 2025: M}, False, "Teaming Skills"),
        ("Leadership Network", {2023: M, 2024: C, 2025: C}, False, "Senior Leaders System Learning Network"),
    ):
        services.activity_add(
            workstream=leadership,
            revision=None,
            title=title,
            timeline=timeline,
            owner="People Board",
            coaching_hub=hub,
            offers=[offers[offer]] if offer in offers else [],
            by=None,
        )
    culture = services.workstream_add(
        version=version, revision=None, title="Culture and Collaboration", by=None
    )
    services.activity_add(
        workstream=culture,
        revision=None,
        title="Stepping into My Shoes",
        timeline={2024: M, 2025: C},
        by=None,
    )
    services.plan_publish(version=version, revision=None, by=None)
    return plan


def _charter(ics: ICS, signatories: list[Person]) -> Charter:
    charter = services.charter_create(
        ics=ics,
        title=CHARTER_TITLE,
        principles=PRINCIPLES,
        leader_commitments=AS_A_LEADER,
        collective_commitments=AS_A_GROUP,
        values=VALUES,
        review_on=dt.date(2027, 4, 1),
        by=None,
    )
    charter = services.charter_publish(charter=charter, by=None)
    for person in signatories:
        services.charter_sign(charter=charter, person=person, by=None)
    return charter


def build_systems_plans(*, academy_id: int, reserved: frozenset[int] = frozenset()) -> dict[str, int]:
    """Returns the counts the demo prints."""
    offers = _offers(academy_id)
    counts = {"ICS plans": 0, "ICS plan versions": 0, "leadership charters": 0, "charter signatures": 0}
    others = iter(OTHER_SIGNATURES)
    for ics in ICS.objects.filter(region__code=REGION_CODE).order_by("code"):
        partners = list(Organisation.objects.filter(ics=ics).order_by("name")[:15])
        plan = (
            _seed_plan(ics, partners, offers) if ics.code == SEED_ICS else _short_plan(ics, partners, offers)
        )
        wanted = SIGNATURES.get(ics.code) or next(others)
        leaders = list(
            Person.objects.filter(organisation__ics=ics, role_level__in=SENIOR, anonymised_at__isnull=True)
            .exclude(Q(pk__in=reserved))
            .order_by("pk")[:wanted]
        )
        _charter(ics, leaders)
        counts["ICS plans"] += 1
        counts["ICS plan versions"] += plan.versions.count()
        counts["leadership charters"] += 1
        counts["charter signatures"] += len(leaders)
    return counts
