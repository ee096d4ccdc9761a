"""Seed 004's and seed 002's ICS case studies as systems OD programmes, two outcome measures and a RACI
matrix, written through the systems services.

The four programmes are seed 002's "In-Place Systems OD" case studies (the Herts and West Essex one is also
seed 004): their text is the seeds', their participants are the demo's synthetic staff of each system.
Herts and West Essex's 19 system leaders each held a diagnostic conversation and entered their own five
conflict-handling mode scores (synthetic numbers, no questionnaire); its two workshops were held in
November 2021 and January 2022. All four are published, so they print into the compiled suite. Suffolk
and North East Essex's two outcome-based accountability measures and Cambridgeshire and Peterborough's
RACI matrix across the ICB and its four Accountable Business Units are illustrative: the seeds name them
but give no figures.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from academy.people.models import ICS, Person, RoleLevel
from academy.systems import services
from academy.systems.models import MODE_MAX, MODE_TOTAL, Measure, Plan, Programme, RaciMatrix

HWE_PARTICIPANTS = 19
HWE = {
    "title": "Systems Leaders Group Development",
    "started_on": dt.date(2021, 9, 1),
    "ended_on": dt.date(2022, 7, 31),
    "introduction": (
        "Throughout 2021-22, health and care organisations were responding to the challenges of pandemic and "
        "recovery and building upon collaborative platforms that continue a journey towards Integrated Care "
        "Systems.\n\nThe group therefore embarked upon a systems OD journey, where 19 health and care Chief "
        "Executives and Directors explored and co-created future ways of systems leadership and working within "
        "a systems OD developmental framework."
    ),
    "background": (
        "HWE ICS is well developed and has historically experienced good ways of working. The ICS is split over "
        "two large local authorities; Essex County Council and Hertfordshire County Council.\n\nWork commenced "
        "in the autumn of 2021 to co-design a systems OD approach, with the first System Leaders workshops "
        "commencing in November 2021."
    ),
    "approach": (
        "Initial mobilisation of the programme took place in September 2021. A series of conversations were "
        "held with each system leader to help inform the programme, content and sequencing of key aspects.\n\n"
        "Participants were also asked to complete a conflict-handling questionnaire as part of the pre-work.\n\n"
        "An overall programme was co-designed with the HWE senior leaders, comprising a series of workshops and "
        "group coaching interventions."
    ),
    "participants_summary": (
        "Members of the HWE Systems Leaders Group are CEOs and Directors from Hospital, Community, Mental "
        "Health, Clinical Commissioning Group and Councils/Social Care. In total there were 19 participants "
        "within the programme."
    ),
    "outcomes": (
        "Three core aspects of ICS development were considered by the System Leaders Group:\n\n"
        "- Impact: exploring and codesigning future ways of working within the ICS.\n"
        "- Performance: enabling effective and high performing teams.\n"
        "- Culture: creating psychological safety and developing trust among individuals and teams."
    ),
    "operating_principles": "- Cohesion\n- Alignment\n- Clarity\n- Culture",
    "learning": (
        "Senior system leaders need dedicated development space to consider the relational, cultural and "
        "architectural implications of new ways of working that shift from organisational sovereignty to "
        "collective responsibilities and accountabilities within an ICS.\n\nSystems development is an on-going "
        "need that will require flexible and adaptable approaches to accommodate changes in senior leaders."
    ),
    "next_steps": (
        "The Senior Leaders changes has enabled a stock take and refresh to this development approach.\n\n"
        "The programme will re-commence over the Summer 2022 and will coordinate with wider ICS development "
        "workstreams."
    ),
}
HWE_WORKSHOP_AIMS = (
    "- feed back the outcome of the initial diagnostic\n"
    "- explore the team snapshot profile for managing conflict\n"
    "- begin defining the role, purpose and vision for the group\n"
    "- shape ways of working and a set of operating principles"
)
CP_CULTURE = {
    "title": "Creating a Care Professional and Clinical culture to underpin the delivery of Integrated Care",
    "started_on": dt.date(2021, 3, 1),
    "ended_on": dt.date(2021, 10, 31),
    "introduction": (
        "Cambridgeshire and Peterborough ICS identified that the quadruple aim will only be achieved if the ICS "
        "operates with a strong clinical and care professional empowerment culture."
    ),
    "background": (
        "C&P clinicians supported large-scale care pathway redesign since the establishment of a Transformation "
        "Programme within 2015."
    ),
    "approach": (
        "Clinicians and care professionals came together over a number of months to co-design a new set of "
        "principles and governance structures for the future C&P ICS.\n\n"
        "- One to one interview discussions with clinical and care professional leaders\n"
        "- Group sessions with the Joint Clinical Group and Clinical Communities Forum\n"
        "- Mapping all existing ICS clinical and care professional groups"
    ),
    "participants_summary": "Over 30 clinical and care professional leaders took part.",
    "outcomes": (
        "A set of 10 key recommendations were agreed by the C&P ICS Board, and a Professional and Clinical "
        "Leadership Assembly and Executive were accepted by ICS senior leaders."
    ),
    "learning": (
        "During the process, clinicians and care professionals started to move from a professions and "
        "organisational perspective to ownership of system-wide recommendations and actions."
    ),
    "next_steps": (
        "- Embedding representation of GPs and primary care non-GP staff on the Assembly\n"
        "- Working on broadening membership of the Executive Group of the PCLA"
    ),
}
SNEE = {
    "title": "Suffolk and North East Essex Integrated Care System Development",
    "started_on": dt.date(2022, 4, 1),
    "ended_on": dt.date(2023, 3, 31),
    "introduction": (
        "This case study focuses on system leadership and System OD priorities immediately following "
        "legislative changes for Integrated Care Systems in July 2022."
    ),
    "background": (
        "SNEE ICS were one of the first systems in the country to become an ICS via an informal partnership in "
        "2018."
    ),
    "approach": (
        "- A forward plan of dedicated ICB development sessions from June 2022 to March 2023\n"
        "- A joint ICB and ICP induction event\n"
        "- A bespoke introductory EDI session with the ICB members"
    ),
    "outcomes": (
        "The SNEE ICS Functions and Decisions Map set out the governance arrangements that support collective "
        "accountability.\n\nAn Outcome Based Accountability approach was adopted for the Integrated Care "
        "Strategy: 'turning the curve'."
    ),
    "learning": "The ICS vision, purpose and shared leadership model has been collectively revisited.",
    "next_steps": (
        "SNEE ICS continue their commitment to systems OD, commencing the Leading for Systems Change programme "
        "in March 2023 with 40 staff participating."
    ),
}
CP_ABU = {
    "title": "Cambridgeshire & Peterborough Integrated Care System - Systems OD",
    "started_on": dt.date(2021, 11, 1),
    "ended_on": dt.date(2023, 4, 30),
    "introduction": (
        "This case study reflects the organisational development journey enabling the safe and effective "
        "delegation of ICB functions to Place and Collaborative Partnerships within the Integrated Care System."
    ),
    "approach": (
        "An initial diagnostic phase, including 121 interviews with ABU leaders, collective feedback and output "
        "sessions, was followed by a series of development sessions."
    ),
    "outcomes": (
        "Three of four ABUs now considered a formal alliance to be a better structure. A formal Memorandum of "
        "Understanding between the ICB and ABUs was developed."
    ),
    "operating_principles": (
        "- We recognise the relationship between the Partnerships and ICB as one equal partnership\n"
        "- We will hold ourselves and each other accountable for what we commit to\n"
        "- We will work with maximum transparency, sharing evidence, data, and learning wherever possible"
    ),
    "learning": (
        "Investment in organisational development for each part of the system has been recognised as an "
        "essential component to the success of the ICS."
    ),
    "next_steps": (
        "- Agree priorities reflected in a RACI matrix that covers all the ABUs and the ICB\n"
        "- Agree 23/24 delivery plans and outcome measures, which will inform delegation"
    ),
}
RACI_TITLE = "ICB and Accountable Business Units: 2023/24 delivery"
RACI_PARTIES = [
    "ICB",
    "North Partnership",
    "South Partnership",
    "MH/LD and autism collaborative",
    "Children and maternity collaborative",
]
RACI_ROWS = [
    ("Joint Forward Plan", ["A", "R", "R", "C", "C"]),
    ("2023/24 delivery plans and outcome measures", ["C", "A", "R", "R", "R"]),
    ("Joint resource plan", ["A", "C", "C", "C", "C"]),
    ("Risks and mitigations across ABUs", ["A", "R", "R", "R", "R"]),
    ("Stakeholder and relationship networks", ["I", "R", "A", "R", "R"]),
]


def mode_scores(rng: random.Random) -> dict[str, int]:
    """Five synthetic mode scores, each 0 to 12, adding up to 30."""
    scores = [6, 6, 6, 6, 6]
    for _ in range(12):
        give, take = rng.sample(range(5), 2)
        if scores[give] > 0 and scores[take] < MODE_MAX:
            scores[give] -= 1
            scores[take] += 1
    assert sum(scores) == MODE_TOTAL
    return dict(
        zip(["competing", "collaborating", "compromising", "avoiding", "accommodating"], scores, strict=True)
    )


def _leaders(ics: ICS, n: int) -> list[Person]:
    senior = [RoleLevel.CHIEF_EXECUTIVE, RoleLevel.DIRECTOR, RoleLevel.BAND_9, RoleLevel.BAND_8D]
    people = list(
        Person.objects.filter(organisation__ics=ics, role_level__in=senior).select_related("organisation")[:n]
    )
    if len(people) < n:
        chosen = {p.pk for p in people}
        people += list(Person.objects.filter(organisation__ics=ics).exclude(pk__in=chosen)[: n - len(people)])
    return people


def systems_programmes_wipe() -> None:
    titles = [d["title"] for d in (HWE, CP_CULTURE, SNEE, CP_ABU)]
    RaciMatrix.objects.filter(title=RACI_TITLE).delete()
    Measure.objects.filter(programme__title__in=titles).delete()
    Programme.objects.filter(title__in=titles).delete()


def build_systems_programmes() -> dict[str, int]:
    rng = random.Random(4)
    systems = {ics.code: ics for ics in ICS.objects.filter(code__in=["QM7", "QUE", "QJG"])}
    hwe, cp, snee = systems["QM7"], systems["QUE"], systems["QJG"]
    made = [
        services.programme_create(ics=cp, by=None, **CP_CULTURE),  # type: ignore[arg-type]
        services.programme_create(ics=hwe, by=None, **HWE),  # type: ignore[arg-type]
        services.programme_create(ics=snee, by=None, **SNEE),  # type: ignore[arg-type]
        services.programme_create(ics=cp, by=None, **CP_ABU),  # type: ignore[arg-type]
    ]
    programme = made[1]
    profiles = 0
    for n, person in enumerate(_leaders(hwe, HWE_PARTICIPANTS)):
        place = services.participant_add(programme=programme, person=person, by=None)
        services.diagnostic_record(
            programme=programme,
            participant=place,
            held_on=dt.date(2021, 9, 6) + dt.timedelta(days=n),
            consent=True,
            summary="Hopes for the group's purpose and ways of working, to inform the programme's content.",
            by=None,
        )
        services.conflict_profile_record(
            programme=programme, participant=place, scores=mode_scores(rng), by=None
        )
        profiles += 1
    for title, held_on in (
        ("System Leaders workshop 1", dt.date(2021, 11, 18)),
        ("System Leaders workshop 2", dt.date(2022, 1, 20)),
    ):
        services.workshop_add(
            programme=programme, title=title, held_on=held_on, aims=HWE_WORKSHOP_AIMS, by=None
        )
    snee_programme = made[2]
    snee_plan = Plan.objects.filter(ics=snee).order_by("pk").first()  # the demo's plans are built first
    measures = [
        services.measure_create(
            ics=snee,
            programme=snee_programme,
            plan=snee_plan,
            title="Emergency admissions after a fall, people aged 65 and over (illustrative)",
            population="Residents of Suffolk and North East Essex aged 65 and over",
            unit="per 100,000",
            baseline_on=dt.date(2022, 4, 1),
            baseline_value=Decimal("2250"),
            target_value=Decimal("2000"),
            target_on=dt.date(2025, 3, 31),
            story="Admissions rose as people stayed at home during the pandemic and lost strength and balance.",
            partners="Suffolk County Council\nEssex County Council\nVCSE Alliance\nIntegrated Neighbourhood Teams",
            actions="Strength and balance classes in every neighbourhood\nFalls response through community teams",
            by=None,
        ),
        services.measure_create(
            ics=snee,
            programme=snee_programme,
            plan=snee_plan,
            title="Healthy life expectancy gap between most and least deprived areas (illustrative)",
            population="Residents of Suffolk and North East Essex",
            unit="years",
            baseline_on=dt.date(2022, 4, 1),
            baseline_value=Decimal("9.5"),
            target_value=Decimal("8.5"),
            target_on=dt.date(2027, 3, 31),
            story="The gap is widest on the coast, where work and transport are hardest to reach.",
            partners="Anchor institutions\nUniversity of Essex",
            actions="Joint engagement on coastal communities",
            by=None,
        ),
    ]
    for measure, values in zip(
        measures, ([Decimal("2310"), Decimal("2190")], [Decimal("9.6"), Decimal("9.3")]), strict=True
    ):
        for year, value in zip((2023, 2024), values, strict=True):
            services.measure_point_add(measure=measure, on=dt.date(year, 4, 1), value=value, by=None)
        services.measure_publish(measure=measure, by=None)
    raci = services.raci_create(
        ics=cp, programme=made[3], title=RACI_TITLE, parties=list(RACI_PARTIES), by=None
    )
    for name, letters in RACI_ROWS:
        services.raci_activity_set(
            matrix=raci, name=name, letters=dict(zip(RACI_PARTIES, letters, strict=True)), by=None
        )
    services.raci_publish(matrix=raci, by=None)
    for programme in made:
        services.programme_publish(programme=programme, by=None)
    return {
        "systems OD programmes": len(made),
        "conflict-handling profiles": profiles,
        "outcome measures": len(measures),
        "RACI matrices": 1,
    }
