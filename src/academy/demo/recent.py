"""Delivery since the seeds' reports: new cohorts of the same offers from May 2023 up to last week.

The seeds stop in April 2023 (their three years end there and stay exactly as they print). This is
the calendar of what ran after: each programme year (May to April) repeats the seeds' pattern at a
similar volume (about 230 sessions and 5,500 attendances a year): a Leading Transformation series,
six Teaming Skills workshops, the seven Systems OD bitesize sessions, two community of practice
workshops, five action learning sets, four care home cohorts, a Positive Action series, two primary
care cohorts, a PCN clinical directors' coaching cohort, three team coaching journeys, and the
bitesize and network programme around them.

Pure data: dates and sizes only (people are chosen by academy.demo.region). A cohort is in the
calendar once its first session is on or before the cut-off (a week before today); later sessions of
a cohort still running are there, with no attendance yet. Sizes come from a generator seeded by the
offer and year, so a cohort never changes as the calendar grows.
"""

import datetime as dt
import random
from dataclasses import dataclass

from . import catalogue
from .catalogue import CohortSpec, SessionSpec

RECENT_START = dt.date(2023, 5, 1)
FILLER_SESSIONS_PER_YEAR = 120
SMALL_FILLER_SESSIONS_PER_YEAR = 6

# Number the cohorts of numbered programmes on from the seeds' last ones.
FIRST_CARE_HOME_COHORT = len(catalogue.CARE_HOME.cohorts) + 1
FIRST_PRIMARY_CARE_COHORT = len(catalogue.PRIMARY_CARE.cohorts) + 1
FIRST_ACTION_LEARNING_SET = len(catalogue.ACTION_LEARNING.cohorts) + 1
FIRST_TEAM_JOURNEY = len(catalogue.TEAM_COACHING.cohorts) + 1


@dataclass(frozen=True)
class RecentCohort:
    slug: str
    spec: CohortSpec
    plan: str  # "single", "multi", "care_home" or "team" (how academy.demo.region fills it)
    year: int  # the programme year (May `year` to April `year + 1`)


def _on(day: dt.date, weekday: int) -> dt.date:
    """The first `weekday` (0 = Monday) on or after `day`."""
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7)


def _single(title: str, on: dt.date, start: tuple[int, int], minutes: int) -> tuple[SessionSpec, ...]:
    return (SessionSpec(title, on, dt.time(*start), minutes),)


def _series(
    titles: tuple[str, ...], first: dt.date, every: dt.timedelta, start: tuple[int, int], minutes: int
) -> tuple[SessionSpec, ...]:
    return tuple(SessionSpec(t, first + every * n, dt.time(*start), minutes) for n, t in enumerate(titles))


def _year(year: int, small: bool) -> list[RecentCohort]:
    """Everything one programme year (May `year` to April `year + 1`) holds, before the cut-off."""
    rng = random.Random(f"recent:{year}")
    may, next_year = dt.date(year, 5, 1), year + 1
    n = year - RECENT_START.year  # programme years since the seeds
    out: list[RecentCohort] = []

    def add(slug: str, spec: CohortSpec, plan: str = "single") -> None:
        out.append(RecentCohort(slug, spec, plan, year))

    # Leading Transformation for Integrated Care: the eight topics again, October to April.
    lt_first = _on(dt.date(year, 10, 3), 1)
    for k, topic in enumerate(catalogue.LEADING_TRANSFORMATION_TOPICS):
        on = lt_first + dt.timedelta(weeks=3 * k)
        present = rng.randint(85, 125)
        registered = present * 2 + rng.randint(-10, 10)
        add(
            catalogue.LEADING_TRANSFORMATION.slug,
            CohortSpec(f"{topic} ({on:%B %Y})", _single(topic, on, (12, 0), 90), 300, registered, present),
        )
    # Teaming Skills: six workshops.
    for month, day in ((9, 19), (10, 17), (11, 14), (1, 16), (2, 13), (3, 13)):
        on = _on(dt.date(year if month >= 5 else next_year, month, day), 1)
        present = rng.randint(21, 29)
        add(
            catalogue.TEAMING_SKILLS.slug,
            CohortSpec(
                f"Teaming Skills, {on:%B %Y}",
                _single("Teaming Skills", on, (9, 30), 180),
                40,
                present + rng.randint(3, 8),
                present,
            ),
        )
    # Systems OD bitesize: the seven sessions again.
    for k, ((title, seed_on), month) in enumerate(
        zip(catalogue.OD_BITESIZE_TITLES, (5, 7, 9, 10, 11, 12, 1), strict=True), 1
    ):
        on = _on(dt.date(year if month >= 5 else next_year, month, seed_on.day), 3)
        present = rng.randint(55, 95)
        add(
            catalogue.OD_BITESIZE.slug,
            CohortSpec(
                f"Session {k}: {title} ({on:%B %Y})",
                _single(title, on, (12, 30), 60),
                150,
                present + present // 4,
                present,
            ),
        )
    # Systems OD Community of Practice: June and November workshops.
    for on, title in (
        (_on(dt.date(year, 6, 18), 1), "Community of practice workshop: sharing practice across systems"),
        (_on(dt.date(year, 11, 7), 3), "Community of practice workshop: OD in our systems"),
    ):
        present = rng.randint(50, 70)
        add(
            catalogue.COMMUNITY_OF_PRACTICE.slug,
            CohortSpec(
                f"{on:%B %Y} workshop",
                _single(title, on, (9, 30), 210),
                100,
                present + rng.randint(10, 18),
                present,
            ),
        )
    # Action learning sets: five sets a year, monthly from September.
    for k in range(5):
        number = FIRST_ACTION_LEARNING_SET + 5 * n + k
        first = _on(dt.date(year, 9, 4 + k), 0)
        titles = tuple(f"Set {number}, meeting {m}" for m in range(1, 6))
        add(
            catalogue.ACTION_LEARNING.slug,
            CohortSpec(
                f"Action learning set {number}",
                _series(titles, first, dt.timedelta(weeks=4), (14, 0), 150),
                8,
                6,
                attendance_rate=0.85,
            ),
            "multi",
        )
    # Care home managers: four cohorts a year, five modules three weeks apart.
    for k, (month, day) in enumerate(((6, 4), (9, 3), (11, 5), (2, 4))):
        start = _on(dt.date(year if month >= 5 else next_year, month, day), 1)
        add(
            catalogue.CARE_HOME.slug,
            CohortSpec(
                f"Cohort {FIRST_CARE_HOME_COHORT + 4 * n + k}",
                _series(catalogue.CARE_HOME_MODULES, start, dt.timedelta(weeks=3), (10, 0), 120),
                10,
                8,
            ),
            "care_home",
        )
    # Positive Action Programme: the five workshops, June to September.
    pa_first = _on(dt.date(year, 6, 8), 1)
    for k, topic in enumerate(catalogue.POSITIVE_ACTION_TOPICS):
        on = pa_first + dt.timedelta(weeks=3 * k)
        present = rng.randint(20, 30)
        add(
            catalogue.POSITIVE_ACTION.slug,
            CohortSpec(f"{topic} ({on:%B %Y})", _single(topic, on, (9, 30), 180), 40, present + 4, present),
        )
    # Primary care leadership: cohorts from October and from April.
    for k, start in enumerate((_on(dt.date(year, 10, 1), 1), _on(dt.date(next_year, 4, 1), 1))):
        add(
            catalogue.PRIMARY_CARE.slug,
            CohortSpec(
                f"Cohort {FIRST_PRIMARY_CARE_COHORT + 2 * n + k}",
                _series(catalogue.PRIMARY_CARE_TOPICS, start, dt.timedelta(weeks=4), (13, 30), 180),
                32,
                rng.randint(26, 31),
                attendance_rate=0.88,
            ),
            "multi",
        )
    # Coaching for PCN clinical directors: four sessions a quarter apart, from December.
    first = _on(dt.date(year, 12, 4), 3)
    sessions = tuple(
        SessionSpec(
            f"Coaching session {m + 1}", _on(first + dt.timedelta(weeks=13 * m), 3), dt.time(8, 0), 60
        )
        for m in range(4)
    )
    add(
        catalogue.PCN_COACHING.slug,
        CohortSpec(
            f"{sessions[0].on:%B %Y} to {sessions[-1].on:%B %Y}",
            sessions,
            20,
            rng.randint(12, 16),
            attendance_rate=0.95,
        ),
        "multi",
    )
    # Team coaching: three journeys a year.
    journey_titles = (
        "Engagement",
        "Discovery",
        "Diagnostic",
        "Team coaching 1",
        "Team coaching 2",
        "Team coaching 3",
    )
    for k, (month, day) in enumerate(((6, 3), (9, 9), (1, 13))):
        start = _on(dt.date(year if month >= 5 else next_year, month, day), 1)
        add(
            catalogue.TEAM_COACHING.slug,
            CohortSpec(
                f"Team coaching journey {FIRST_TEAM_JOURNEY + 3 * n + k}",
                _series(journey_titles, start, dt.timedelta(weeks=5), (10, 0), 180),
                10,
                8,
            ),
            "team",
        )
    # The bitesize and network programme around them, spread over the year.
    count = SMALL_FILLER_SESSIONS_PER_YEAR if small else FILLER_SESSIONS_PER_YEAR
    span = 364
    for i in range(count):
        spec = catalogue.FILLER_OFFERS[i % len(catalogue.FILLER_OFFERS)]
        subjects = catalogue.FILLER_TOPICS[spec.slug]
        title = subjects[(i // len(catalogue.FILLER_OFFERS) + n) % len(subjects)]
        on = _on(may + dt.timedelta(days=i * span // count), 1 + i % 3)
        present = rng.randint(12, 38)
        registered = present + round(present * 0.3)
        minutes = 120 if spec.kind == "network" else 60
        add(
            spec.slug,
            CohortSpec(
                f"{title} ({on.day} {on:%B %Y})",
                _single(title, on, (12, 30), minutes),
                max(registered, 40),
                registered,
                present,
            ),
        )
    return out


def recent_calendar(*, until: dt.date, small: bool = False) -> list[RecentCohort]:
    """Every cohort from May 2023 whose first session is on or before `until`, oldest first."""
    cohorts = [
        cohort
        for year in range(RECENT_START.year, until.year + 1)
        for cohort in _year(year, small)
        if RECENT_START <= cohort.spec.sessions[0].on <= until
    ]
    return sorted(cohorts, key=lambda c: (c.spec.sessions[0].on, c.slug, c.spec.name))
