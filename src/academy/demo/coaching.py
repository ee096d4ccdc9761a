"""The East of England coaching and mentoring hub at the seed's scale (seed 002): "165 coaches and 499
coachees", "78 mentors and 209 mentees", with relationships at every stage, synthetic people only.

Rows are written with bulk_create so that `manage.py demo` stays fast. Places taken (active_count) are
counted from the relationships written, as coaching.services keeps them.

The demo logins: `coach@…` is a practitioner with relationships at every stage, `participant@…` has a
coaching request with a published shortlist of three, `hub.administrator@…` runs the hub.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Sequence
from typing import Any

from django.utils import timezone

from academy.coaching import services as coaching_services
from academy.coaching.models import (
    CoachingSession,
    HubSettings,
    MatchingRun,
    PractitionerProfile,
    Relationship,
    Request,
    RequestGoal,
    SessionNote,
)
from academy.evaluation.standard import GOAL_THEMES
from academy.offers.models import Offer
from academy.people.models import Academy, Person, RoleLevel

COACHES_ONLY, MENTORS_ONLY, BOTH = 145, 58, 20  # 165 coaches (145 + 20) and 78 mentors (58 + 20)
# ... and 4 more of each registered in the last month: the seed's other page counts "169 registered
# coaches and 82 registered mentors" on a later day, which is why the hub's figures say "as of".
LATE_COACHES, LATE_MENTORS, LATE_DAYS = 4, 4, 20
COACHEES, MENTEES = 499, 209
# What each requester's relationship has reached (shares of coachees; mentees alike)
STAGES = (
    ("closed", 0.70),
    ("active", 0.10),
    ("contracting", 0.03),
    ("introduced", 0.03),
    ("declined", 0.02),
    ("shortlisted", 0.05),
    ("open", 0.07),
)
ACCREDITING_BODIES = (
    ("European Mentoring and Coaching Council", "Senior practitioner"),
    ("International Coaching Federation", "Professional Certified Coach"),
    ("Association for Coaching", "Accredited coach"),
    ("NHS Leadership Academy", "Coaching and mentoring hub practitioner"),
)
GOAL_TEXTS = {
    GOAL_THEMES[0]: "Feel confident in my new role and establish myself",
    GOAL_THEMES[1]: "Influence senior colleagues in system meetings",
    GOAL_THEMES[2]: "Respond well to the pressure of winter",
    GOAL_THEMES[3]: "Find a better balance between work and home",
    GOAL_THEMES[4]: "Approach a difficult working relationship",
    GOAL_THEMES[5]: "Lead my team through a service change",
    GOAL_THEMES[6]: "Understand my strengths and plan my next career step",
    GOAL_THEMES[7]: "Overcome feeling stuck in my career",
}
HUB_START = dt.date(2020, 6, 1)  # so that relationships close in every quarter of the seed period


def _when(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def _stages(total: int) -> list[str]:
    stages: list[str] = []
    for name, share in STAGES:
        stages.extend([name] * round(total * share))
    stages = stages[:total]
    stages.extend(["closed"] * (total - len(stages)))
    return stages


def build_coaching_hub(
    *,
    academy: Academy,
    pool: Sequence[Person],
    coach: Person,
    participant: Person,
    hub_administrator: Any,
    rng: random.Random,
    today: dt.date,
) -> dict[str, int]:
    """Write the hub. `pool` is the staff to draw practitioners and requesters from (not the logins)."""
    from .region import historic_timestamps

    HubSettings.objects.get_or_create(academy=academy)
    people = list(pool)
    rng.shuffle(people)
    needed = COACHES_ONLY + MENTORS_ONLY + BOTH + COACHEES + MENTEES + LATE_COACHES + LATE_MENTORS
    assert len(people) >= needed, f"the demo needs {needed} staff for the hub, has {len(people)}"
    practitioners_people = people[: COACHES_ONLY + MENTORS_ONLY + BOTH - 1]
    coachees = people[len(practitioners_people) : len(practitioners_people) + COACHEES - 1]
    mentees = people[
        len(practitioners_people) + len(coachees) : len(practitioners_people) + len(coachees) + MENTEES
    ]

    kinds = ["coach"] * COACHES_ONLY + ["mentor"] * MENTORS_ONLY + ["both"] * (BOTH - 1)
    late_start = len(practitioners_people) + len(coachees) + len(mentees)
    practitioners_people += people[late_start : late_start + LATE_COACHES + LATE_MENTORS]
    kinds += ["coach"] * LATE_COACHES + ["mentor"] * LATE_MENTORS
    late = {p.pk for p in practitioners_people[-(LATE_COACHES + LATE_MENTORS) :]}
    profiles: list[PractitionerProfile] = []
    levels = [v for v, _ in RoleLevel.choices if v.startswith("band_") and v >= "band_5"] + ["director"]
    for person, kind in zip([coach, *practitioners_people], ["both", *kinds], strict=True):
        body, level = rng.choice(ACCREDITING_BODIES)
        sector = person.organisation.sector if person.organisation is not None else "nhs"
        registered = HUB_START + dt.timedelta(days=rng.randrange(0, 700))
        if person.pk in late:
            registered = today - dt.timedelta(days=LATE_DAYS)
        profiles.append(
            PractitionerProfile(
                person=person,
                academy=academy,
                kind=kind,
                accreditation_body=body,
                accreditation_level=level,
                accreditation_evidence=f"coaching/accreditation/demo-{person.pk}.pdf",
                accreditation_expires_on=today + dt.timedelta(days=rng.randrange(90, 1000)),
                accreditation_verified_at=_when(registered + dt.timedelta(days=5)),
                supervision="Monthly group supervision with an accredited supervisor",
                specialisms=rng.sample(GOAL_THEMES[:7], k=rng.randint(2, 4)),
                sectors=sorted({sector, *rng.sample(["nhs", "primary_care", "social_care", "vcse"], k=1)}),
                role_levels=sorted(rng.sample(levels, k=4)),
                delivery_format=rng.choice(["virtual", "virtual", "either", "in_person"]),
                region=academy.region,
                years_experience=rng.randint(2, 20),
                capacity=4 if person.pk == coach.pk else rng.choice([2, 3, 3, 4]),
                availability="Weekday afternoons",
                published=True,
                allows_own_organisation=rng.random() < 0.3,
                created_at=_when(registered),
                updated_at=_when(registered),
            )
        )
    with historic_timestamps(PractitionerProfile):
        PractitionerProfile.objects.bulk_create(profiles, batch_size=1000)
    coaching_profiles = [p for p in profiles if p.kind in ("coach", "both")]
    mentoring_profiles = [p for p in profiles if p.kind in ("mentor", "both")]
    demo_coach = profiles[0]

    requests: list[Request] = []
    plans: list[tuple[Request, str, PractitionerProfile | None, list[str]]] = []
    # The demo coach's own relationships: one at each stage, and a second active one
    coach_stages = Counter({"closed": 2, "active": 2, "contracting": 1, "introduced": 1, "declined": 1})
    # Requests since the hub opened, up to about eight months ago for those long since closed, so that
    # relationships have closed (and given feedback) in every year up to now.
    span = max(900, (today - dt.timedelta(days=240) - HUB_START).days)
    for kind, requesters, offered in (
        ("coaching", coachees, coaching_profiles),
        ("mentoring", mentees, mentoring_profiles),
    ):
        for person, stage in zip(requesters, _stages(len(requesters)), strict=True):
            asked = HUB_START + dt.timedelta(days=rng.randrange(0, span))
            if stage in ("introduced", "contracting", "active", "shortlisted", "open"):
                asked = today - dt.timedelta(days=rng.randrange(10, 120))
            candidates = [p for p in offered if p.person.organisation_id != person.organisation_id]
            chosen = rng.choice(candidates)
            if (
                kind == "coaching"
                and coach_stages[stage] > 0
                and person.organisation_id != coach.organisation_id
            ):
                coach_stages[stage] -= 1
                chosen = demo_coach
            themes = rng.sample(GOAL_THEMES, k=rng.randint(1, 3))
            status = {
                "closed": "closed",
                "active": "matched",
                "contracting": "matched",
                "introduced": "introduced",
                "declined": "open",
                "shortlisted": "open",  # the matching run below gives them their shortlists
                "open": "open",
            }[stage]
            request = Request(
                person=person,
                academy=academy,
                kind=kind,
                status=status,
                preferred_format=rng.choice(["either", "either", "virtual"]),
                matched_at=_when(
                    min(asked + dt.timedelta(days=rng.randint(5, 30)), today - dt.timedelta(days=4))
                )
                if stage in ("closed", "active", "contracting")
                else None,
                created_at=_when(asked),
                updated_at=_when(asked),
            )
            requests.append(request)
            plans.append((request, stage, chosen, themes))
    # The participant's coaching request, waiting for the matching run below
    asked = today - dt.timedelta(days=12)
    mine = Request(
        person=participant,
        academy=academy,
        kind="coaching",
        status="open",
        created_at=_when(asked),
        updated_at=_when(asked),
    )
    requests.append(mine)
    plans.append((mine, "participant", None, [GOAL_THEMES[5], GOAL_THEMES[0]]))
    with historic_timestamps(Request):
        Request.objects.bulk_create(requests, batch_size=1000)
    RequestGoal.objects.bulk_create(
        [RequestGoal(request=r, theme=t, text=GOAL_TEXTS[t]) for r, _, _, themes in plans for t in themes],
        batch_size=2000,
    )

    relationships: list[Relationship] = []
    for request, stage, maybe, _ in plans:
        if maybe is None or stage in ("shortlisted", "open"):
            continue
        chosen = maybe
        introduced = request.created_at + dt.timedelta(days=rng.randint(1, 3))
        rel = Relationship(
            request=request,
            practitioner=chosen,
            requester=request.person,
            kind=request.kind,
            introduced_at=introduced,
            created_at=introduced,
            updated_at=introduced,
        )
        if stage == "declined":
            rel.status, rel.responded_at, rel.decline_reason = (
                "declined",
                introduced + dt.timedelta(days=2),
                "No space",
            )
        elif stage == "introduced":
            rel.status = "introduced"
        else:
            matched = request.matched_at
            assert matched is not None
            rel.responded_at = matched
            rel.status = {"closed": "closed", "active": "active", "contracting": "contracting"}[stage]
            if stage != "contracting":
                rel.sessions_agreed, rel.session_minutes = 4, 60
                rel.contracted_at = min(matched + dt.timedelta(days=3), _when(today - dt.timedelta(days=1)))
            if stage == "closed":
                rel.closed_at = matched + dt.timedelta(days=rng.randint(90, 200))
                rel.close_reason = rng.choice(["completed"] * 8 + ["goals_met", "requester_ended"])
        relationships.append(rel)
    with historic_timestamps(Relationship):
        Relationship.objects.bulk_create(relationships, batch_size=1000)

    sessions: list[CoachingSession] = []
    for rel in relationships:
        if rel.status not in ("active", "closed") or rel.contracted_at is None:
            continue
        held = 4 if rel.status == "closed" else rng.randint(1, 3)
        first = rel.contracted_at.date() + dt.timedelta(days=rng.randint(5, 21))
        for number in range(1, held + 1):
            on = min(first + dt.timedelta(days=28 * (number - 1)), today)
            sessions.append(
                CoachingSession(
                    relationship=rel,
                    number=number,
                    held_on=on,
                    minutes=60,
                    logged_by=rel.practitioner.person if number % 2 else rel.requester,
                )
            )
    CoachingSession.objects.bulk_create(sessions, batch_size=2000)
    SessionNote.objects.bulk_create(
        [
            SessionNote(session=s, author=coach, text="Explored what a good first 90 days would look like.")
            for s in sessions
            if s.relationship.practitioner_id == demo_coach.pk and s.number == 1
        ]
    )
    places = Counter(r.practitioner_id for r in relationships if r.status in Relationship.HOLDS_PLACE)
    for profile in profiles:
        if places[profile.pk]:
            profile.capacity = max(profile.capacity, places[profile.pk])
            profile.active_count = places[profile.pk]
    PractitionerProfile.objects.bulk_update(profiles, ["capacity", "active_count"], batch_size=1000)

    # The hub's latest coaching matching run, solved, reviewed and published through the real services: every
    # open coaching request (the participant's among them) gets its shortlist from the engine, with the hard
    # rules proved kept; whoever cannot be matched stays in the pool with the reason.
    run = coaching_services.matching_run_start(academy=academy, kind="coaching", by=hub_administrator)
    run = coaching_services.matching_run_review(run=run, by=hub_administrator)
    coaching_services.matching_run_publish(run=run, by=hub_administrator, unmatched_acknowledged=True)
    feedback = _feedback_and_goals(
        [r for r in relationships if r.status == "closed"],
        {request.pk: themes for request, _, _, themes in plans},
        rng=rng,
        today=today,
    )
    statuses = Counter(r.status for r in relationships)
    return {
        **feedback,
        "coaches": len(coaching_profiles),
        "mentors": len(mentoring_profiles),
        "coachees": sum(1 for r in requests if r.kind == "coaching"),
        "mentees": sum(1 for r in requests if r.kind == "mentoring"),
        "coaching sessions": len(sessions),
        **{f"relationships {status}": n for status, n in sorted(statuses.items())},
    }


# Seed 002's feedback: of the coachees who answered, 100% would recommend coaching, 95% their coach and 95%
# the hub; 95% agree with each statement. Of the mentees, 100% would recommend mentoring, 87% their mentor,
# 81% the hub, 87% agree. Written as exact misses out of the number who answer (38 of 40 is 95%; 27 of 31
# is 87%, 25 of 31 is 81%). Feedback is asked in quarterly rounds and a round with fewer than 5 answers is
# left out of reports, so the answers are placed five or more to a round, twice over: in the rounds of the
# seed's own period (the quarters from April 2020 to March 2023, inside May 2020 to April 2023) and again in
# the rounds of the suite's default period (the last three years), so that both print the seed's figures.
SEED_FEEDBACK_LAST_QUARTER_ENDS = dt.date(2023, 3, 31)
FEEDBACK_RESPONDENTS = {"coaching": 40, "mentoring": 31}
FEEDBACK_MISSES = {
    "coaching": {
        "recommend_practice": 0,
        "recommend_practitioner": 2,
        "recommend_hub": 2,
        "insights": 2,
        "valuable_time": 2,
        "important_goals": 2,
        "skilful_support": 2,
    },
    "mentoring": {
        "recommend_practice": 0,
        "recommend_practitioner": 4,
        "recommend_hub": 6,
        "insights": 4,
        "valuable_time": 4,
        "important_goals": 4,
        "skilful_support": 4,
    },
}
TESTIMONIES = {
    "coaching": "Coaching has improved my confidence leading to improved decision making and better leadership.",
    "mentoring": "Mentoring helps me to work through tough decisions about my career. It gives me perspective.",
}


def _feedback_and_goals(
    closed: list[Relationship], themes_of: dict[int, list[str]], *, rng: random.Random, today: dt.date
) -> dict[str, int]:
    """For every closed relationship, the feedback survey its closure sent (through the service, dated at
    closure, into its quarter's round) and the coachee's goal tracker; answers placed five or more to a
    round in the seed's period and in the last three years."""
    from django.contrib.contenttypes.models import ContentType

    from academy.coaching.services import quarter_of, relationship_feedback_send
    from academy.evaluation.models import Goal
    from academy.evaluation.services.responses import response_submit
    from academy.reporting.periods import Period

    recent_start, _ = quarter_of(Period.last_years(today=today).start)
    surveys = {}
    for rel in closed:
        assert rel.closed_at is not None
        surveys[rel.pk] = relationship_feedback_send(relationship=rel, now=rel.closed_at)
    answered = 0
    for kind, wanted in FEEDBACK_RESPONDENTS.items():
        by_quarter: dict[dt.date, list[Relationship]] = {}
        for rel in sorted((r for r in closed if r.kind == kind), key=lambda r: (r.closed_at, r.pk)):
            assert rel.closed_at is not None
            by_quarter.setdefault(quarter_of(timezone.localdate(rel.closed_at))[0], []).append(rel)
        windows = (
            [q for q in sorted(by_quarter) if q <= SEED_FEEDBACK_LAST_QUARTER_ENDS],
            [
                q
                for q in sorted(by_quarter, reverse=True)
                if q >= recent_start and q > SEED_FEEDBACK_LAST_QUARTER_ENDS
            ],
        )
        for window in windows:
            chosen = _five_or_more_a_round([by_quarter[q] for q in window], wanted)
            for index, rel in enumerate(chosen):
                answers: dict[str, str] = {}
                for code, misses in FEEDBACK_MISSES[kind].items():
                    agreement = not code.startswith("recommend")
                    missed = index >= len(chosen) - misses
                    if agreement:
                        answers[code] = "neither" if missed else ("strongly_agree" if index % 2 else "agree")
                    else:
                        answers[code] = "not_sure" if missed else "yes"
                consents = set()
                if index < 3:
                    answers["testimony"] = TESTIMONIES[kind]
                    consents.add("testimony")
                assert rel.closed_at is not None
                response_submit(
                    survey=surveys[rel.pk],
                    person=rel.requester,
                    answers=answers,
                    consents=consents,
                    now=rel.closed_at + dt.timedelta(days=3),
                )
                answered += 1
    relationship_type = ContentType.objects.get_for_model(Relationship)
    goals = []
    for rel in closed:
        for theme in themes_of.get(rel.request_id, []):
            before = rng.randint(2, 6)
            goals.append(
                Goal(
                    person=rel.requester,
                    subject_type=relationship_type,
                    subject_id=rel.pk,
                    theme=theme,
                    text=GOAL_TEXTS[theme],
                    rating_before=before,
                    rating_after=min(10, before + rng.choice([0, 1, 2, 2, 3, 3, 4])),
                )
            )
    Goal.objects.bulk_create(goals, batch_size=2000)
    return {
        "coaching feedback surveys": len(surveys),
        "coaching feedback responses": answered,
        "coaching goals": len(goals),
    }


def _five_or_more_a_round(
    rounds: list[list[Relationship]], wanted: int, minimum: int = 5
) -> list[Relationship]:
    """`wanted` closed relationships to answer, drawn from the rounds in order, never fewer than `minimum`
    from any round used (a smaller round would be left out of every report)."""
    chosen: list[Relationship] = []
    for closures in rounds:
        need = wanted - len(chosen)
        if need == 0:
            break
        take = min(len(closures), need)
        if 0 < need - take < minimum:  # leave enough for one more round of `minimum`
            take = need - minimum
        if take < minimum:
            continue
        chosen.extend(closures[:take])
    assert len(chosen) == wanted, f"the demo hub has too few closures to place {wanted} answers in rounds"
    return chosen


def coaching_wipe(*, academy_slug: str, login_domain: str) -> None:
    """Remove the hub's demo rows (before the demo people themselves go)."""
    from django.contrib.contenttypes.models import ContentType

    from academy.coaching.models import CoachingProgramme, FeedbackRound, ProgrammeParticipant, TeamJourney
    from academy.evaluation.models import Goal, Survey

    for model, rows in (
        (FeedbackRound, FeedbackRound.objects.filter(academy__slug=academy_slug)),
        (ProgrammeParticipant, ProgrammeParticipant.objects.filter(programme__academy__slug=academy_slug)),
        (TeamJourney, TeamJourney.objects.filter(academy__slug=academy_slug)),
    ):
        subject_type = ContentType.objects.get_for_model(model)
        row_ids = list(rows.values_list("pk", flat=True))
        Goal.objects.filter(subject_type=subject_type, subject_id__in=row_ids).delete()
        Survey.objects.filter(subject_type=subject_type, subject_id__in=row_ids).delete()
    CoachingProgramme.objects.filter(academy__slug=academy_slug).delete()
    FeedbackRound.objects.filter(academy__slug=academy_slug).delete()
    TeamJourney.objects.filter(academy__slug=academy_slug).delete()
    relationship_type = ContentType.objects.get_for_model(Relationship)
    ids = Relationship.objects.filter(request__academy__slug=academy_slug).values_list("pk", flat=True)
    Goal.objects.filter(subject_type=relationship_type, subject_id__in=list(ids)).delete()
    Survey.objects.filter(subject_type=relationship_type, subject_id__in=list(ids)).delete()
    Relationship.objects.filter(requester__email__endswith=login_domain).delete()
    Relationship.objects.filter(practitioner__person__email__endswith=login_domain).delete()
    MatchingRun.objects.filter(academy__slug=academy_slug).delete()


# --- Seed 002's "Primary Care Network Clinical Directors Coaching Support" and "Team Coaching" ------------

PCN_START, PCN_END = dt.date(2021, 12, 1), dt.date(2022, 10, 31)  # "December 2021-October 2022"
PCN_PEOPLE = 19  # "All 19 participating Clinical Directors"
PCN_COACHES = ("Alex Moreton", "Priya Lalli", "Sam Okafor", "Helen Quayle")  # the provider's (synthetic)
# The programme's people are the clinical directors booked on the catalogue's PCN coaching offer (its
# seed cohort), and its goal tracker has the same themes and counts as that offer's (evaluations.PCN_GOALS):
# 100% change (7 of 7), 87% managing myself (13 of 15), 80% work life balance (8 of 10), 65% communication
# and influence (11 of 17), 60% strengths (9 of 15), so the programme page and the offer's report agree.
PCN_PURPOSE = (
    "To support the delivery of the People Plan, more people, working differently in a compassionate and "
    "inclusive culture, and the People Promise: flexible one-to-one coaching for the PCN clinical directors."
)
# Two team coaching journeys, both in the seed's period. The seed prints 94%, 95%, 94% agree and 100% would
# recommend; with every statement required the three agreement figures share one base, and no base under
# 100 gives both 94% and 95%, so the demo's 18 answers print 94% (17 of 18) for each and 100% (18 of 18).
TEAM_JOURNEYS: tuple[dict[str, Any], ...] = (
    {
        "team_name": "System leaders group",
        "organisation": "Herts and West Essex ICS",
        "coaches": "Two team coaches from the academy's faculty",
        "planned_months": 10,
        "dates": (
            dt.date(2022, 2, 1),
            dt.date(2022, 3, 1),
            dt.date(2022, 3, 22),
            dt.date(2022, 4, 20),
            dt.date(2022, 12, 15),
        ),
        "members": 9,
        "stakeholders": 3,
        "sessions": 6,
    },
    {
        "team_name": "Place partnership team",
        "organisation": "Suffolk and North East Essex ICS",
        "coaches": "Two team coaches from the academy's faculty",
        "planned_months": 7,
        "dates": (
            dt.date(2022, 9, 5),
            dt.date(2022, 10, 3),
            dt.date(2022, 10, 24),
            dt.date(2022, 11, 21),
            dt.date(2023, 4, 12),
        ),
        "members": 7,
        "stakeholders": 2,
        "sessions": 5,
    },
)
TEAM_DISAGREE = {"team_insights": 3, "team_conversations": 11, "team_space": 7}  # the one "neither" each


def build_commissioned_and_team_coaching(
    *, academy: Academy, pool: Sequence[Person], rng: random.Random
) -> dict[str, int]:
    """The PCN clinical directors' programme and two team coaching journeys, through the services (as the
    system, by=None). `pool` is staff the hub has not used."""
    from academy.coaching.models import TeamJourney
    from academy.demo import catalogue
    from academy.demo.evaluations import PCN_GOALS
    from academy.evaluation.services.responses import response_submit
    from academy.offers.models import Booking

    people = list(pool)
    rng.shuffle(people)
    booked = [
        b.person
        for b in Booking.objects.filter(
            cohort__offer__title=catalogue.PCN_COACHING.title,
            cohort__starts_on__lte=catalogue.HISTORY_END,
            status=Booking.Status.CONFIRMED,
        )
        .select_related("person")
        .order_by("person__email")
    ]
    needed = sum(1 + j["members"] + j["stakeholders"] for j in TEAM_JOURNEYS)
    people = [p for p in people if p.pk not in {b.pk for b in booked}]
    short = max(PCN_PEOPLE - len(booked), 0)
    if short:  # a smaller catalogue: staff the hub has not used
        booked, people = booked + people[:short], people[short:]
    assert len(people) >= needed, f"the demo needs {needed} more staff, has {len(people)}"
    directors = booked[:PCN_PEOPLE]
    programme = coaching_services.programme_create(
        academy=academy,
        by=None,
        title="PCN clinical directors",
        provider="We are Beyond",
        offer=Offer.objects.filter(academy=academy, title=catalogue.PCN_COACHING.title).first(),
        purpose=PCN_PURPOSE,
        starts_on=PCN_START,
        ends_on=PCN_END,
    )
    places = [
        coaching_services.programme_participant_add(
            programme=programme, person=person, coach_name=PCN_COACHES[n % len(PCN_COACHES)], by=None
        )
        for n, person in enumerate(directors)
    ]
    for n, place in enumerate(places):
        first = PCN_START + dt.timedelta(days=7 + 9 * n)
        for k in range(4):
            coaching_services.programme_session_log(
                participant=place, by=None, held_on=min(first + dt.timedelta(days=42 * k), PCN_END)
            )
    goals = 0
    for offset, (theme, count, improved) in enumerate(PCN_GOALS):
        for k in range(count):
            place = places[(offset * 3 + k) % len(places)]  # distinct people: count <= 19
            before = rng.randint(3, 6)
            goal = coaching_services.programme_goal_add(
                participant=place,
                by=None,
                theme=theme,
                text=f"{theme} in my role as clinical director",
                rating_before=before,
            )
            after = before + rng.randint(1, 4) if k < improved else before
            coaching_services.programme_goal_rate(participant=place, goal=goal, by=None, rating_after=after)
            goals += 1

    answered = 0
    for spec in TEAM_JOURNEYS:
        size = 1 + spec["members"] + spec["stakeholders"]
        team, people = people[:size], people[size:]
        engagement, *later = spec["dates"]
        journey = coaching_services.team_journey_create(
            academy=academy,
            by=None,
            team_name=spec["team_name"],
            organisation=spec["organisation"],
            coaches=spec["coaches"],
            team_leader=team[0],
            engagement_on=engagement,
            planned_months=spec["planned_months"],
            offer=Offer.objects.filter(academy=academy, title=catalogue.TEAM_COACHING.title).first(),
        )
        for n, person in enumerate(team[1:]):
            role = "member" if n < spec["members"] else "stakeholder"
            coaching_services.team_journey_member_add(journey=journey, person=person, by=None, role=role)
        for day in later[:3]:
            journey = coaching_services.team_journey_phase_start(journey=journey, by=None, on=day)
        journey = coaching_services.team_journey_sessions_record(
            journey=journey, by=None, sessions_held=spec["sessions"]
        )
        asked = _when(later[3] - dt.timedelta(days=14))
        survey = coaching_services.team_journey_feedback_send(journey=journey, by=None, now=asked)
        for person in team[: 1 + spec["members"]]:
            answers = {
                code: "neither" if answered == index else ("strongly_agree" if answered % 2 else "agree")
                for code, index in TEAM_DISAGREE.items()
            }
            answers |= {
                "recommend_team_coaching": "yes",
                "recommend_team_coaches": "yes",
                "team_rapport": "yes",
            }
            response_submit(survey=survey, person=person, answers=answers, now=asked + dt.timedelta(days=2))
            answered += 1
        journey = coaching_services.team_journey_phase_start(journey=journey, by=None, on=later[3])
    assert TeamJourney.objects.filter(academy=academy).count() == len(TEAM_JOURNEYS)
    return {
        "PCN clinical directors": len(places),
        "PCN goals": goals,
        "team coaching journeys": len(TEAM_JOURNEYS),
        "team coaching responses": answered,
    }
