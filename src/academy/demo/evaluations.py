"""Evaluation evidence for the demo region, so that its figures come out as the seeds print them.

Each set of answers is laid down by count, so the figures are exact: for instance the community of
practice's 13 responses give "62% strongly agreed, 38% agreed (100%)" (8 and 5 of 13), and the PCN
clinical directors' goal tracker gives "100% increased ability in leading and managing change".
Quoted testimonies are the seeds' own words (no names), with consent to quote. Everything goes
through the evaluation services (survey_create, clean_answers, responses_create_bulk, goal_create,
goal_rate).
"""

import datetime as dt
import random
from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError

from academy.evaluation import services as evaluation_services
from academy.evaluation.models import Instrument, Question
from academy.offers.models import Booking, Offer
from academy.people.models import User

from . import catalogue

LONDON = ZoneInfo("Europe/London")
AgreementCounts = tuple[
    int, int, int, int, int
]  # strongly agree, agree, neither, disagree, strongly disagree
AGREEMENT_CODES = ("strongly_agree", "agree", "neither", "disagree", "strongly_disagree")


def _expand(counts: AgreementCounts) -> list[str]:
    return [code for code, n in zip(AGREEMENT_CODES, counts, strict=True) for _ in range(n)]


def _answers(
    rng: random.Random,
    statements: dict[str, AgreementCounts],
    *,
    texts: dict[str, Sequence[str]] | None = None,
    testimonies: Sequence[str] = (),
) -> list[dict[str, Any]]:
    """One dict of raw answers per response: each statement's answers in exactly the given counts."""
    total = sum(next(iter(statements.values())))
    columns = {}
    for code, counts in statements.items():
        values = _expand(counts)
        assert len(values) == total, code
        rng.shuffle(values)
        columns[code] = values
    rows = []
    for i in range(total):
        row: dict[str, Any] = {code: values[i] for code, values in columns.items()}
        for code, options in (texts or {}).items():
            row[code] = options[i % len(options)]
        if i < len(testimonies):
            row["testimony"] = testimonies[i]
        rows.append(row)
    return rows


def _survey(
    *,
    instrument: Instrument,
    offer: Offer,
    rows: list[dict[str, Any]],
    opens_at: dt.datetime,
    by: User,
    title: str = "",
) -> int:
    survey = evaluation_services.survey_create(
        instrument=instrument,
        offer=offer,
        title=title,
        anonymous=True,
        opens_at=opens_at,
        closes_at=opens_at + dt.timedelta(days=21),
        by=by,
    )
    questions: list[Question] = list(instrument.questions.order_by("order"))
    cleaned = []
    for row in rows:
        answers = evaluation_services.clean_answers(questions, row, consents={"testimony"})
        if answers.errors:
            raise ValidationError(answers.errors)
        cleaned.append(answers)
    return evaluation_services.responses_create_bulk(
        survey=survey, rows=cleaned, source="import", submitted_at=opens_at + dt.timedelta(days=2), by=by
    )


COP_TESTIMONIES = (
    "Brilliant and engaging morning. I look forward to the ALS opportunity and further sessions",
    "I'm on a development pathway and greater knowledge of OD will help me reach my goals. Very insightful, "
    "informative and I would recommend this session to others.",
    "This session will influence my work going forwards by encouraging me to listen more, respectfully "
    "challenge and implement collaborative key behaviours",
    "This session has helped with enhancing my knowledge skills and behaviours around OD. It will influence my "
    "work through the use of self.",
    "Being part of a collaborative community will give me thinking space to be able to influence and make a "
    "difference across our system.",
    "Great session, great tools and great conversations",
    "Fantastic perspective, thank you",
)
TEAMING_TESTIMONIES = (
    "Amazing facilitator, fabulous course, the content was relatable and insightful.",
    "Very engaging, I walked away feeling that I have learnt quite a few things and look forward to "
    "implementing that with the team members",
    "The session will help me contribute more effectively to my team and improve psychological safety.",
    "This session gave me a much greater understanding and confidence when working with teams outside of my own, "
    "improving outcomes for my service users",
    "This session will influence me in my role by working towards equal collaboration, promoting psychological "
    "safety through modelling of vulnerability and authentically appreciating challenge",
)
LT_TESTIMONIES = (
    "This session will influence my work going forwards by tackling things as a wider system, but also "
    "recognition that as a service we are only a small part of the solution",
    "Communication with stakeholders are key! I love the word alliance, it feels like we are working together "
    "with a shared purpose.",
    "Good to hear from colleagues that similar experiences and feelings I am experiencing are also happening in "
    "most other places too. Thought provoking session, very helpful.",
)
LT_TAKEAWAYS = ("refocusing our purpose", "leadership starts with self", "build on a shared purpose")
LT_INFLUENCES = (
    "to tackle things as a wider system",
    "people are the assets, use this more in place based approach",
    "to go in with a more positive mind",
)
LT_WORDS = (
    "compassion", "forward thinking", "patient focused", "common purpose", "collaboration", "kindness",
    "authenticity", "courage", "diversity", "integration", "transparency",
)  # fmt: skip
CARE_HOME_TESTIMONIES = (
    "I learnt a lot about myself as a leader and how to improve those aspects of me",
    "This programme will help me grow as a care home manager",
    "It was outstanding. I enjoyed meeting other managers from the same background, and learnt that all care "
    "homes have the same issues, yet we all manage differently",
)

# The PCN clinical directors' goal tracker: per theme, (goals set, goals that improved). The seed prints
# the share who improved: 100%, 87%, 80%, 65% and 60%.
PCN_GOALS = (
    ("Leading and managing change", 7, 7),
    ("Managing myself more effectively and with confidence", 15, 13),
    ("Achieving a better work life balance", 10, 8),
    ("How I communicate and influence others", 17, 11),
    ("Understanding my strengths and areas for personal development", 15, 9),
)


def build_region_evaluations(*, offers: dict[str, Offer], by: User, rng: random.Random) -> dict[str, int]:
    instruments = {i.key: i for i in evaluation_services.instruments_load_standard()}
    session = instruments["session-evaluation"]
    counts: dict[str, int] = {}

    # Seed 000: the community of practice, 13 responses.
    counts["Systems OD Community of Practice"] = _survey(
        instrument=session,
        offer=offers[catalogue.COMMUNITY_OF_PRACTICE.slug],
        rows=_answers(
            rng,
            {
                "apply_learning": (8, 5, 0, 0, 0),  # 62% strongly agreed, 38% agreed (100%)
                "development_objectives": (5, 8, 0, 0, 0),  # 38% strongly agreed, 62% agreed (100%)
                "lead_and_influence": (6, 6, 1, 0, 0),  # 46% strongly agreed, 46% agreed (92%)
            },
            testimonies=COP_TESTIMONIES,
        ),
        opens_at=dt.datetime(2022, 11, 10, 13, 0, tzinfo=LONDON),
        by=by,
    )
    # Seed 002: Teaming Skills, "of the 109 people who left feedback".
    counts["Teaming Skills"] = _survey(
        instrument=session,
        offer=offers[catalogue.TEAMING_SKILLS.slug],
        rows=_answers(
            rng,
            {
                "apply_learning": (62, 44, 3, 0, 0),
                "development_objectives": (51, 52, 5, 1, 0),
                "lead_and_influence": (55, 48, 6, 0, 0),
            },
            testimonies=TEAMING_TESTIMONIES,
        ),
        opens_at=dt.datetime(2023, 3, 14, 13, 0, tzinfo=LONDON),
        by=by,
    )
    # Seed 002: Leading Transformation for Integrated Care — takeaways, influences and one word.
    counts["Leading Transformation for Integrated Care"] = _survey(
        instrument=session,
        offer=offers[catalogue.LEADING_TRANSFORMATION.slug],
        rows=_answers(
            rng,
            {
                "apply_learning": (180, 190, 40, 8, 2),
                "development_objectives": (160, 200, 50, 8, 2),
                "lead_and_influence": (170, 195, 45, 8, 2),
            },
            texts={"key_takeaway": LT_TAKEAWAYS, "influence": LT_INFLUENCES, "leadership_quality": LT_WORDS},
            testimonies=LT_TESTIMONIES,
        ),
        opens_at=dt.datetime(2023, 4, 25, 14, 0, tzinfo=LONDON),
        by=by,
    )
    # Seed 002: the Positive Action Programme, "100% (37 responses)" on applying the learning from
    # "Developing a proactive mindset".
    positive = offers[catalogue.POSITIVE_ACTION.slug]
    counts["Positive Action Programme"] = _survey(
        instrument=session,
        offer=positive,
        title="Session evaluation: Developing a proactive mindset",
        rows=_answers(
            rng,
            {
                "apply_learning": (25, 12, 0, 0, 0),
                "development_objectives": (22, 14, 1, 0, 0),
                "lead_and_influence": (20, 15, 2, 0, 0),
            },
        ),
        opens_at=dt.datetime(2022, 9, 13, 13, 0, tzinfo=LONDON),
        by=by,
    )
    # Seed 002: the care home programme, "88% strongly agreed that this programme had made a positive
    # impact on their skills as a manager" — 46 of the 52 who completed.
    programme_end = instruments["programme-end"]
    care_rows = _answers(
        rng,
        {
            "apply_learning": (40, 12, 0, 0, 0),
            "development_objectives": (36, 16, 0, 0, 0),
            "lead_and_influence": (38, 13, 1, 0, 0),
            "positive_impact_manager": (46, 6, 0, 0, 0),
        },
        testimonies=CARE_HOME_TESTIMONIES,
    )
    for row in care_rows:
        row["recommend_programme"] = "yes"
    counts["Care Home Managers Leadership Programme"] = _survey(
        instrument=programme_end,
        offer=offers[catalogue.CARE_HOME.slug],
        rows=care_rows,
        opens_at=dt.datetime(2023, 4, 20, 12, 0, tzinfo=LONDON),
        by=by,
    )
    counts["goals"] = _pcn_goals(offers[catalogue.PCN_COACHING.slug], by=by, rng=rng)
    return counts


def _pcn_goals(offer: Offer, *, by: User, rng: random.Random) -> int:
    bookings = list(
        Booking.objects.filter(cohort__offer=offer, status=Booking.Status.CONFIRMED)
        .select_related("person", "cohort")
        .order_by("person__email")
    )
    made = 0
    for theme, goals, improved in PCN_GOALS:
        chosen = rng.sample(bookings, min(goals, len(bookings)))
        for n, booking in enumerate(chosen):
            before = rng.randint(3, 6)
            after = min(10, before + rng.randint(1, 4)) if n < improved else before
            goal = evaluation_services.goal_create(
                person=booking.person,
                theme=theme,
                text=f"{theme} in my role as clinical director",
                cohort=booking.cohort,
                rating_before=before,
                by=by,
            )
            evaluation_services.goal_rate(goal=goal, rating_after=after, by=by)
            made += 1
    return made
