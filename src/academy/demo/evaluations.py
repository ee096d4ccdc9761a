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
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.utils import timezone

from academy.evaluation.imports import survey_imported_invited_set
from academy.evaluation.models import Instrument, Question, QuestionType
from academy.evaluation.services import goals as goal_services
from academy.evaluation.services import instruments as instrument_services
from academy.evaluation.services import responses as response_services
from academy.evaluation.services import surveys as survey_services
from academy.evaluation.services import themes as theme_services
from academy.offers.models import Attendance, Booking, Cohort, Offer
from academy.people.models import User

from . import catalogue, feedback

LONDON = ZoneInfo("Europe/London")
AgreementCounts = tuple[
    int, int, int, int, int
]  # strongly agree, agree, neither, disagree, strongly disagree
AGREEMENT_CODES = ("strongly_agree", "agree", "neither", "disagree", "strongly_disagree")
NO_CONSENT = "_no_consent"  # a row marked with this key gave its testimony without consent to quote


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
    cohort: Cohort | None = None,
    invited: int | None = None,
) -> int:
    """Answers the other survey tool collected, imported with how many people it invited: `invited`, or
    else everyone marked present in the survey's cohort (or the offer's cohorts) before it opened, so its
    report shows a response rate over the people who came."""
    survey = survey_services.survey_create(
        instrument=instrument,
        offer=offer,
        cohort=cohort,
        title=title,
        anonymous=True,
        opens_at=opens_at,
        closes_at=opens_at + dt.timedelta(days=21),
        invite_automatically=False,  # the answers below are imported: nobody is to be e-mailed
        by=by,
    )
    questions: list[Question] = list(instrument.questions.order_by("order"))
    # The other survey tool's export gives each respondent's role level and sector (never a name): here,
    # those of the offer's attendees in turn, so imported quotes are credited as the report promises.
    present = Attendance.objects.filter(session__cohort__offer=offer, status=Attendance.Status.PRESENT)
    if cohort is not None:
        present = present.filter(session__cohort=cohort)
    if invited is None:
        invited = present.filter(session__starts_at__lt=opens_at).values("booking_id").distinct().count()
    # The small demo (for tests) has fewer people than the seeds' answers: then all of them were invited.
    invited = max(invited, len(rows))
    roles = list(present.order_by("pk").values_list("role_level", "organisation__sector")[: len(rows)])
    cleaned = []
    for n, row in enumerate(rows):
        row = dict(row)
        consents = {"testimony"} if row.pop(NO_CONSENT, None) is None else set()
        answers = response_services.clean_answers(questions, row, consents=consents)
        if answers.errors:
            raise ValidationError(answers.errors)
        if roles:
            answers.respondent_role_level, answers.respondent_sector = roles[n % len(roles)]
            answers.respondent_sector = answers.respondent_sector or ""
        cleaned.append(answers)
    made = response_services.responses_create_bulk(
        survey=survey, rows=cleaned, source="import", submitted_at=opens_at + dt.timedelta(days=2), by=by
    )
    survey_imported_invited_set(survey=survey, invited=invited, by=by)
    return made


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
TEAMING_ANSWERED = (19, 19, 18, 18, 17, 18)  # of the six sessions' 28, 27, 26, 27, 25 and 26: 109 of 159
COACHING_FEEDBACK_INSTRUMENT = "pcn-coaching-reflections"
# Seed 002's testimonies from the PCN clinical directors (no names), quoted with consent.
PCN_TESTIMONIES = (
    "it has enabled me to be resilient, provide some corrective space, think how I can change my behaviours",
    "understand the need of team better",
    "much greater understanding/confidence when working with teams outside of my own, improving outcomes for "
    "my service users",
    "learning to think about the words I use. Reflect on decisions I have made and how I would do things",
    "improved listening skills, coordination, delegation",
    "helped me through a low patch. Advise on strategies to deal with stress",
    "thoughtful and vital coaching for some big meetings",
)
# Written for the demo in the vein of the seed's themes, without consent to quote: counted, never quoted.
PCN_UNQUOTED = (
    "A better balance between work and home life",
    "Clearer about what is expected of me as a clinical director",
    "More confident building consensus with partners across the wider system",
    "I understand my own development needs as a leader much better",
    "Finding time for myself and my family again",
    "Knowing where my role as clinical director starts and stops",
    "Confidence to engage practices and system partners",
    "Better at managing relationships within the practice",
)
LT_TESTIMONIES = (
    "This session will influence my work going forwards by tackling things as a wider system, but also "
    "recognition that as a service we are only a small part of the solution",
    "Communication with stakeholders are key! I love the word alliance, it feels like we are working together "
    "with a shared purpose.",
    "Good to hear from colleagues that similar experiences and feelings I am experiencing are also happening in "
    "most other places too. Thought provoking session, very helpful.",
)
LT_TAKEAWAYS = feedback.LT_TAKEAWAYS[:3]
LT_INFLUENCES = feedback.LT_INFLUENCES[:3]
LT_WORDS = (
    "compassion", "forward thinking", "patient focused", "common purpose", "collaboration", "kindness",
    "authenticity", "courage", "diversity", "integration", "transparency",
)  # fmt: skip
CARE_HOME_TESTIMONIES = feedback.CARE_HOME_TESTIMONIES[:3]

# The Positive Action Programme's workshop evaluations ask one question about the workshop itself; seed 002
# prints "100% (37 responses)", "100% (21 responses)" and "92% (15 responses)". A whole number of 15 cannot be
# 92% (14 of 15 is 93%), so two of the 15 left the third question blank: 12 of 13 who answered is 92%.
POSITIVE_ACTION_INSTRUMENT = "positive-action-workshop-evaluation"
POSITIVE_ACTION_QUESTIONS = (
    (
        "apply_proactive_mindset",
        "Do you feel you will be able to apply learning from the “Developing a proactive mindset” session to "
        "your job role?",
    ),
    (
        "career_insights",
        "Did “Creating the career you want” give you insights to help you become more confident and in control "
        "of your career choices and direction?",
    ),
    (
        "intersectionality_lead",
        "Are you confident that the session “Intersectionality, identity and authenticity” will enhance your "
        "ability to lead and influence others?",
    ),
)
# (workshop topic, question code, responses, answered the question, answered yes)
POSITIVE_ACTION_SURVEYS = (
    ("Developing a proactive mindset", "apply_proactive_mindset", 37, 37, 37),
    ("Creating the career you want", "career_insights", 21, 21, 21),
    ("Intersectionality, identity and authenticity", "intersectionality_lead", 15, 13, 12),
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
    instruments = {i.key: i for i in instrument_services.instruments_load_standard()}
    session = instruments["session-evaluation"]
    counts: dict[str, int] = {}

    # Seed 000: the community of practice's November workshop, 13 responses from the 59 who came.
    november = (
        Cohort.objects.filter(
            offer=offers[catalogue.COMMUNITY_OF_PRACTICE.slug], starts_on=dt.date(2022, 11, 10)
        )
        .order_by("pk")
        .get()
    )
    counts["Systems OD Community of Practice"] = _invited_survey(
        instrument=session,
        cohort=november,
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
    # Seed 002: Teaming Skills, "The series attracted 159 participants ... of the 109 people who left
    # feedback": each of the six sessions' attendees were invited, and 109 of the 159 answered (69%).
    teaming_rows = _answers(
        rng,
        {
            "apply_learning": (62, 44, 3, 0, 0),
            "development_objectives": (51, 52, 5, 1, 0),
            "lead_and_influence": (55, 48, 6, 0, 0),
        },
        testimonies=TEAMING_TESTIMONIES,
    )
    teaming_cohorts = Cohort.objects.filter(
        offer=offers[catalogue.TEAMING_SKILLS.slug], starts_on__lte=catalogue.HISTORY_END
    ).order_by("starts_on", "pk")
    counts["Teaming Skills"] = 0
    answered_already: set[int] = set()  # 109 different people: nobody answers for a second session
    for cohort, answered in zip(teaming_cohorts, TEAMING_ANSWERED, strict=True):
        counts["Teaming Skills"] += _invited_survey(
            instrument=session,
            cohort=cohort,
            rows=teaming_rows[:answered],
            answered_already=answered_already,
            opens_at=dt.datetime.combine(cohort.ends_on + dt.timedelta(days=1), dt.time(9, 0), tzinfo=LONDON),
            by=by,
        )
        teaming_rows = teaming_rows[answered:]
    # Seed 002: the PCN clinical directors' coaching, "All 19 participating Clinical Directors": after the
    # fourth session each was asked what difference the coaching made; the seed quotes seven of them.
    counts["PCN coaching feedback"] = _pcn_feedback(offers[catalogue.PCN_COACHING.slug], by=by)
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
    # Seed 002: the Positive Action Programme, one evaluation per workshop with a question about it.
    counts["Positive Action Programme"] = _positive_action(
        offers[catalogue.POSITIVE_ACTION.slug], by=by, rng=rng
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


def _invited_survey(
    *,
    instrument: Instrument,
    cohort: Cohort,
    rows: list[dict[str, Any]],
    opens_at: dt.datetime,
    by: User,
    answered_already: set[int] | None = None,
) -> int:
    """A cohort's evaluation collected as Academy collects one: everyone marked present is invited, and
    the first len(rows) of them (in a fixed order, skipping anyone in answered_already, which is then
    added to) answer through their invitation, so the responses belong to people in the cohort's funnel
    and carry their role and sector."""
    answered_already = set() if answered_already is None else answered_already
    survey = survey_services.survey_create(
        instrument=instrument,
        cohort=cohort,
        anonymous=True,
        opens_at=opens_at,
        closes_at=opens_at + dt.timedelta(days=21),
        invite_automatically=False,
        by=by,
    )
    survey_services.survey_send_invitations(survey=survey, by=by, now=opens_at)
    people = [p for p in survey_services.survey_attendees(survey) if p.pk not in answered_already]
    if len(rows) > len(people):
        raise ValueError(f"{cohort}: {len(rows)} answers from {len(people)} people invited")
    for person, row in zip(people, rows, strict=False):
        answered_already.add(person.pk)
        row = dict(row)
        consents = {"testimony"} if row.pop(NO_CONSENT, None) is None else set()
        response_services.response_submit(
            answers=row,
            consents=consents,
            survey=survey,
            person=person,
            now=opens_at + dt.timedelta(days=2),
        )
    return len(rows)


def _pcn_feedback(offer: Offer, *, by: User) -> int:
    cohort = (
        Cohort.objects.filter(offer=offer, starts_on__lte=catalogue.HISTORY_END).order_by("starts_on").first()
    )
    if cohort is None:
        return 0
    instrument = _coaching_feedback_instrument(by)
    rows: list[dict[str, Any]] = [{"testimony": text} for text in PCN_TESTIMONIES]
    rows += [{"testimony": text, NO_CONSENT: True} for text in PCN_UNQUOTED]
    last = cohort.sessions.order_by("-ends_at").values_list("ends_at", flat=True).first() or timezone.now()
    opens_at = timezone.localtime(last, LONDON).replace(hour=9, minute=0) + dt.timedelta(days=1)
    return _invited_survey(instrument=instrument, cohort=cohort, rows=rows, opens_at=opens_at, by=by)


def _coaching_feedback_instrument(by: User) -> Instrument:
    """What the PCN coaching asks after the last session (kept across rebuilds, like the standard ones)."""
    existing = Instrument.objects.filter(key=COACHING_FEEDBACK_INSTRUMENT).order_by("-version").first()
    if existing is not None:
        return existing
    instrument = instrument_services.instrument_create(
        name="PCN coaching reflections",
        key=COACHING_FEEDBACK_INSTRUMENT,
        description="What difference the coaching made, after the last session.",
        by=by,
    )
    instrument_services.question_add(
        instrument=instrument,
        code="testimony",
        text="What difference has the coaching made to you and your role? We may quote it, without your name.",
        type=QuestionType.FREE_TEXT,
        required=False,
        consent_to_quote=True,
        by=by,
    )
    return instrument_services.instrument_publish(instrument=instrument, by=by)


def _pcn_goals(offer: Offer, *, by: User, rng: random.Random) -> int:
    bookings = list(
        Booking.objects.filter(
            cohort__offer=offer,
            cohort__starts_on__lte=catalogue.HISTORY_END,  # the seed's cohort, not those since
            status=Booking.Status.CONFIRMED,
        )
        .select_related("person", "cohort")
        .order_by("person__email")
    )
    made = 0
    for theme, goals, improved in PCN_GOALS:
        chosen = rng.sample(bookings, min(goals, len(bookings)))
        for n, booking in enumerate(chosen):
            before = rng.randint(3, 6)
            after = min(10, before + rng.randint(1, 4)) if n < improved else before
            goal = goal_services.goal_create(
                person=booking.person,
                theme=theme,
                text=f"{theme} in my role as clinical director",
                cohort=booking.cohort,
                rating_before=before,
                by=by,
            )
            goal_services.goal_rate(goal=goal, rating_after=after, by=by)
            made += 1
    return made


def _positive_action_instrument(by: User) -> Instrument:
    """The workshop evaluation the Positive Action Programme uses (kept across rebuilds, like the standard ones)."""
    existing = Instrument.objects.filter(key=POSITIVE_ACTION_INSTRUMENT).order_by("-version").first()
    if existing is not None:
        return existing
    instrument = instrument_services.instrument_create(
        name="Positive Action workshop evaluation",
        key=POSITIVE_ACTION_INSTRUMENT,
        description="A question about the workshop attended, and a testimony.",
        by=by,
    )
    for code, text in POSITIVE_ACTION_QUESTIONS:
        instrument_services.question_add(
            instrument=instrument, code=code, text=text, type=QuestionType.YES_NO, required=False, by=by
        )
    instrument_services.question_add(
        instrument=instrument,
        code="testimony",
        text="Would you like to share a testimony about the session? We may quote it, without your name.",
        type=QuestionType.FREE_TEXT,
        required=False,
        consent_to_quote=True,
        by=by,
    )
    return instrument_services.instrument_publish(instrument=instrument, by=by)


def _positive_action(offer: Offer, *, by: User, rng: random.Random) -> int:
    instrument = _positive_action_instrument(by)
    cohorts = {c.name: c for c in Cohort.objects.filter(offer=offer, starts_on__lte=catalogue.HISTORY_END)}
    made = 0
    for topic, code, responses, answered, yes in POSITIVE_ACTION_SURVEYS:
        cohort = max((c for c in cohorts.values() if c.name.startswith(topic)), key=lambda c: c.starts_on)
        rows: list[dict[str, Any]] = []
        for i in range(responses):
            row: dict[str, Any] = {}
            if i < answered:
                row[code] = "yes" if i < yes else "no"
            if i < len(feedback.POSITIVE_ACTION_TESTIMONIES):
                row["testimony"] = feedback.POSITIVE_ACTION_TESTIMONIES[(i + made) % 5]
            rows.append(row)
        rng.shuffle(rows)
        # The seed's counts (37 answers to one workshop of at most 40 places) are of every run of the
        # workshop so far: the other survey tool invited everyone who came to any of them.
        runs = [c for c in cohorts.values() if c.name.startswith(topic) and c.starts_on <= cohort.starts_on]
        came = Attendance.objects.filter(session__cohort__in=runs, status=Attendance.Status.PRESENT)
        made += _survey(
            instrument=instrument,
            offer=offer,
            cohort=cohort,
            title=f"Workshop evaluation: {topic}",
            rows=rows,
            opens_at=dt.datetime.combine(cohort.ends_on, dt.time(13, 0), tzinfo=LONDON),
            invited=came.values("booking__person_id").distinct().count(),
            by=by,
        )
    return made


# ---------------------------------------------------------------- since the seeds

# Which evaluation each offer's recent cohorts answer, and what people wrote.
RECENT_WRITING: dict[str, tuple[feedback.ThemeGroup, ...]] = {
    catalogue.TEAMING_SKILLS.slug: feedback.TEAMING_THEMES,
    catalogue.OD_BITESIZE.slug: feedback.SYSTEMS_OD_THEMES,
    catalogue.COMMUNITY_OF_PRACTICE.slug: feedback.SYSTEMS_OD_THEMES,
}
PROGRAMME_END_OFFERS = (catalogue.CARE_HOME.slug, catalogue.PRIMARY_CARE.slug)
NOT_EVALUATED = (catalogue.PCN_COACHING.slug, catalogue.TEAM_COACHING.slug)  # goal tracker / own reviews
RESPONSE_SHARE = (0.15, 0.4)  # of the year's attendances
SMALL_MAX_RESPONSES = 30
MAX_RESPONSES = 400


def _agreement(rng: random.Random, total: int) -> AgreementCounts:
    """Counts that look like the seeds' results: mostly strongly agree and agree."""
    strongly = round(total * rng.uniform(0.42, 0.66))
    neither = round(total * rng.uniform(0.0, 0.07))
    disagree = 1 if total > 40 and rng.random() < 0.5 else 0
    agree = max(0, total - strongly - neither - disagree)
    return (strongly, agree, neither, disagree, 0)


@dataclass(frozen=True)
class Delivered:
    """One offer's programme year since the seeds: its attendances, the people who came, its last session."""

    attendances: int
    people: set[int]
    last: dt.date


def build_recent_evaluations(
    *, delivered: dict[tuple[str, int], Delivered], offers: dict[str, Offer], by: User, small: bool
) -> dict[str, int]:
    """One evaluation per offer and programme year since the seeds, opened the day after the year's last
    delivered session, answered by some of the people who came that year; the other survey tool invited
    all of them."""
    instruments = {i.key: i for i in instrument_services.instruments_load_standard()}
    counts: dict[str, int] = {}
    for (slug, year), year_delivered in sorted(delivered.items()):
        present, last, invited = year_delivered.attendances, year_delivered.last, len(year_delivered.people)
        if slug in NOT_EVALUATED or present == 0:
            continue
        rng = random.Random(f"evaluation:{slug}:{year}")
        total = round(present * rng.uniform(*RESPONSE_SHARE))
        total = max(3, min(total, SMALL_MAX_RESPONSES if small else MAX_RESPONSES))
        total = min(total, invited)  # never more answers than people invited
        end_of_programme = slug in PROGRAMME_END_OFFERS
        statements = {
            "apply_learning": _agreement(rng, total),
            "development_objectives": _agreement(rng, total),
            "lead_and_influence": _agreement(rng, total),
        }
        if end_of_programme:
            statements["positive_impact_manager"] = _agreement(rng, total)
        rows = _answers(rng, statements)
        groups = RECENT_WRITING.get(slug)
        for row in rows:
            if end_of_programme:
                row["recommend_programme"] = "yes" if rng.random() < 0.96 else "no"
            if slug == catalogue.LEADING_TRANSFORMATION.slug:
                row["key_takeaway"] = rng.choice(feedback.LT_TAKEAWAYS)
                row["influence"] = rng.choice(feedback.LT_INFLUENCES)
                row["leadership_quality"] = rng.choice(feedback.LT_WORDS)
            elif rng.random() < 0.5:
                row["key_takeaway"] = rng.choice(feedback.GENERAL_TAKEAWAYS)
            writes = rng.random()
            if groups and writes < 0.45:
                row["testimony"] = rng.choice(rng.choice(groups).texts)
            elif slug == catalogue.POSITIVE_ACTION.slug and writes < 0.25:
                row["testimony"] = rng.choice(feedback.POSITIVE_ACTION_TESTIMONIES)
            elif slug == catalogue.CARE_HOME.slug and writes < 0.3:
                row["testimony"] = rng.choice(feedback.CARE_HOME_TESTIMONIES)
            if "testimony" in row and rng.random() < 0.2:
                row[NO_CONSENT] = True  # wrote one, but did not agree to be quoted
        if slug == catalogue.POSITIVE_ACTION.slug:
            for row in rows:  # the workshop evaluation asks one question per workshop
                for code in (
                    "apply_learning",
                    "development_objectives",
                    "lead_and_influence",
                    "key_takeaway",
                ):
                    row.pop(code, None)
                row["apply_proactive_mindset"] = "yes" if rng.random() < 0.97 else "no"
            instrument = _positive_action_instrument(by)
        else:
            instrument = instruments["programme-end" if end_of_programme else "session-evaluation"]
        title = offers[slug].title
        counts[f"{title} {year}"] = _survey(
            instrument=instrument,
            offer=offers[slug],
            title=f"{instrument.name}: {title}, {year} to {year + 1}",
            rows=rows,
            opens_at=dt.datetime.combine(last + dt.timedelta(days=1), dt.time(9, 0), tzinfo=LONDON),
            invited=invited,
            by=by,
        )
    return counts


def build_recent_goals(*, cohorts: list[Cohort], by: User) -> int:
    """Goal tracker goals for the PCN clinical directors' coaching cohorts since the seeds: one goal each,
    rated after the last session where that session has happened."""
    made = 0
    for cohort in cohorts:
        rng = random.Random(f"goals:{cohort.name}")
        finished = cohort.ends_on < timezone.localdate()
        for booking in (
            Booking.objects.filter(cohort=cohort, status=Booking.Status.CONFIRMED)
            .select_related("person")
            .order_by("person__email")
        ):
            theme = rng.choice(PCN_GOALS)[0]
            before = rng.randint(3, 6)
            goal = goal_services.goal_create(
                person=booking.person,
                theme=theme,
                text=f"{theme} in my role as clinical director",
                cohort=cohort,
                rating_before=before,
                by=by,
            )
            if finished:
                after = min(10, before + rng.choice((0, 1, 2, 2, 3, 3, 4)))
                goal_services.goal_rate(goal=goal, rating_after=after, by=by)
            made += 1
    return made


# ---------------------------------------------------------------- themes

THEMED_OFFERS = (
    (catalogue.TEAMING_SKILLS.slug, feedback.TEAMING_THEMES),
    (catalogue.COMMUNITY_OF_PRACTICE.slug, feedback.SYSTEMS_OD_THEMES),
    (catalogue.OD_BITESIZE.slug, feedback.SYSTEMS_OD_THEMES),
)
THEME_SET_TITLE = "Themes in participants' testimonies"


def build_region_themes(*, offers: dict[str, Offer], by: User) -> dict[str, int]:
    """Run the theme engine over each themed offer's testimonies, then name the themes as a programme
    manager would: each theme takes the name of the group most of its answers came from, and two themes
    that came from the same group are merged (through theme_rename and theme_merge, as on the page)."""
    from academy.evaluation.models import Theme, ThemeSet
    from academy.evaluation.themes.runner import run_theme_set

    counts: dict[str, int] = {}
    for slug, groups in THEMED_OFFERS:
        offer = offers[slug]
        theme_set = theme_services.themeset_create(
            offer=offer, question_code="testimony", title=THEME_SET_TITLE, by=by
        )
        theme_set.refresh_from_db()
        if theme_set.status != ThemeSet.Status.DONE:
            # Inside an outer transaction (tests) the on-commit run has not happened: run it here.
            run_theme_set(theme_set)
            theme_set.refresh_from_db()
        group_of = {" ".join(text.split()): group.name for group in groups for text in group.texts}
        named: dict[str, list[Theme]] = {}
        for theme in theme_set.themes.filter(is_non_answer=False, is_unassigned=False).order_by(
            "order", "pk"
        ):
            texts = theme.memberships.values_list("answer__text", flat=True)
            votes: dict[str, int] = {}
            for text in texts:
                name = group_of.get(" ".join(text.split()))
                if name:
                    votes[name] = votes.get(name, 0) + 1
            if votes:
                best = max(sorted(votes), key=lambda n: votes[n])
                named.setdefault(best, []).append(theme)
        for name, themes in named.items():
            if len(themes) > 1:
                theme_services.theme_merge(themes=themes, label=name, by=by)
            else:
                theme_services.theme_rename(theme=themes[0], label=name, by=by)
        counts[offer.title] = theme_set.themes.count()
    return counts
