"""Region and ICS dashboards: delivery, reach, equality reach, response rates and headline results.

The number of queries a dashboard makes is the same for ten participants or ten million: delivery and
the reach tables are counted from one read of the attendances in scope (attendance_facts), equality reach
from one read of the reached people's records, the workforce from the organisations' maintained equality
profiles, responses and headlines from GROUP BYs. Percentages and suppression come from figures.py
(percent, Proportion.of, question_figure, equality_breakdown); this module only counts.

Definitions used throughout (and printed in the footnote on method):

- a session is *delivered* in a period when it starts in the period (Europe/London dates) and at
  least one person is marked present;
- *participants* are attendances (one person at three sessions is three participants), as the seeds
  count them ("696 sessions to 16,619 participants"); *unique people* count each person once;
- *reach* is attributed to the organisation the participant worked for (its ICS, sector and type) and
  the role level they held when they attended, as kept on the attendance; an ICS dashboard's activity
  is the attendances of people who worked in that ICS when they attended;
- reach per 1,000 staff has one denominator per table: the headcount of the organisations whose whole
  workforce is known (workforce_complete_types), against the unique people reached from those same
  organisations; its source and date are printed (workforce_note);
- equality reach is read in aggregate only, over the self-declared equality records of the unique
  people reached, against the same records of every staff member in the organisations in scope
  (summed from people.OrganisationEqualityCount): the staff records Academy holds, not the headcount;
- anonymous evaluations: a survey's answers count only once it has anonymous_minimum()
  responses; a system's counts of its staff's responses are suppressed and rounded as equality counts
  are; anonymous answers are never broken down by system.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Count, Q, QuerySet, Sum

from academy.offers.models import Attendance, Offer
from academy.people.models import (
    ICS,
    Academy,
    EqualityRecord,
    Organisation,
    OrganisationEqualityCount,
    OrganisationType,
    RoleLevel,
    Sector,
)
from academy.reporting.arithmetic import Proportion
from academy.reporting.periods import Period

from . import figures
from .models import Answer, AnswerTally, Invitation, Question, QuestionType, Response, Survey

NOT_RECORDED = "Not recorded"

# The closed questions a dashboard headlines, by type (agreement and recommend are what the seeds print).
HEADLINE_TYPES = (QuestionType.AGREEMENT_5, QuestionType.WOULD_RECOMMEND, QuestionType.YES_NO)


# ---------------------------------------------------------------- periods


# ---------------------------------------------------------------- scope and access


@dataclass(frozen=True)
class DashboardScope:
    """What a dashboard counts: some academies' offers (None = every academy) and perhaps one ICS."""

    title: str
    academy_ids: frozenset[int] | None
    ics: ICS | None = None
    academies: tuple[str, ...] = ()

    def offers(self) -> QuerySet[Offer]:
        offers = Offer.objects.all()
        if self.academy_ids is not None:
            offers = offers.filter(academy_id__in=self.academy_ids)
        return offers


# ---------------------------------------------------------------- delivery


@dataclass(frozen=True)
class Delivery:
    sessions: int
    cohorts: int
    participants: int  # attendances marked present
    people: int  # unique people

    @property
    def sentence(self) -> str:
        return (
            f"{self.sessions:,} session{'s' if self.sessions != 1 else ''} to "
            f"{self.participants:,} participant{'s' if self.participants != 1 else ''}"
        )


def attendances(
    *, offers: QuerySet[Offer] | None = None, period: Period | None = None, ics: ICS | None = None
) -> QuerySet[Attendance]:
    """Attendances marked present, optionally within offers, a period and one ICS (by where people
    worked when they attended)."""
    present = Attendance.objects.filter(status=Attendance.Status.PRESENT)
    if offers is not None:
        present = present.filter(session__cohort__offer__in=offers)
    if period is not None:
        start, end = period.bounds
        present = present.filter(session__starts_at__gte=start, session__starts_at__lt=end)
    if ics is not None:
        present = present.filter(organisation__ics=ics)
    return present


def delivery_counts(present: QuerySet[Attendance]) -> Delivery:
    """Sessions, cohorts, participants and unique people in one aggregate query."""
    totals = present.aggregate(
        sessions=Count("session", distinct=True),
        cohorts=Count("session__cohort", distinct=True),
        participants=Count("id"),
        people=Count("person", distinct=True),
    )
    return Delivery(**{key: value or 0 for key, value in totals.items()})


# ---------------------------------------------------------------- reach


@dataclass(frozen=True)
class ReachRow:
    label: str
    participants: int
    people: int
    workforce: int | None  # headcount of this group's organisations with complete workforce figures
    per_thousand: str  # unique people at those organisations per 1,000 of their staff, or ""
    compared: int | None = None  # unique people at those organisations (the rate's numerator)


@dataclass(frozen=True)
class ReachTable:
    key: str
    title: str
    group_label: str
    rows: list[ReachRow]
    has_workforce: bool


def per_thousand(people: int, workforce: int | None) -> str:
    """People reached per 1,000 staff, to one decimal place, rounded half up with integers.

    (A rate rather than percent: reach is usually far below 1% of a workforce.) Nothing is
    printed without a workforce, or where more people were reached than the workforce holds: such a
    rate says more about the workforce figure than about reach.
    """
    if not workforce or people > workforce:
        return ""
    tenths = (2 * 10000 * people + workforce) // (2 * workforce)  # people*1000/workforce, in tenths
    return f"{tenths // 10:,}.{tenths % 10}"


# Where the workforce figures come from, and as of when (settings may say better for a real installation).
WORKFORCE_SOURCE = (
    "the staff headcount held for each organisation in Academy's reference data (organisations.csv: "
    "approximate headcounts from the NHS trusts' public annual reports)"
)
WORKFORCE_AS_OF = "as loaded with the reference data; the headcounts carry no date of their own"
# The organisation types whose workforce the reference data holds completely: every organisation of the
# type in the region, with a headcount from a published source. Primary care networks, GP practices, care
# homes and VCSE bodies are held only as a sample (with estimated headcounts), so a rate against them
# would compare the people reached across the whole sector with a fraction of its staff.
WORKFORCE_COMPLETE_TYPES = (
    OrganisationType.ACUTE,
    OrganisationType.COMMUNITY,
    OrganisationType.MENTAL_HEALTH,
    OrganisationType.AMBULANCE,
)


def workforce_complete_types() -> tuple[str, ...]:
    return tuple(getattr(settings, "WORKFORCE_COMPLETE_TYPES", WORKFORCE_COMPLETE_TYPES))


def workforce_note() -> str:
    """The sentence a page prints under its reach tables: the one denominator, its source and date."""
    labels = dict(OrganisationType.choices)
    kinds = [str(labels.get(kind, kind)).lower() + "s" for kind in workforce_complete_types()]
    listed = ", ".join(kinds[:-1]) + f" and {kinds[-1]}" if len(kinds) > 1 else "".join(kinds)
    source = getattr(settings, "WORKFORCE_SOURCE", WORKFORCE_SOURCE)
    as_of = getattr(settings, "WORKFORCE_AS_OF", WORKFORCE_AS_OF)
    return (
        f"Reach per 1,000 staff has one denominator in every table: the staff of the {listed} in scope, "
        f"the organisations whose whole workforce is known, compared with the unique people reached from "
        f"those same organisations. The workforce figures are {source}, {as_of}. Other organisations' "
        f"workforce figures are incomplete, so no rate is given for them."
    )


# Reach is counted by where people worked, and at what level, when they attended (kept on the attendance).
_REACH = {  # key: (title, the organisation field it groups by; None for the role level)
    "ics": ("Integrated care system", "ics__name"),
    "sector": ("Sector", "sector"),
    "org_type": ("Organisation type", "org_type"),
    "role_level": ("Role level", None),
}
_ORGANISATION_FIELDS = [field for _, field in _REACH.values() if field is not None]
_LABELS: dict[str, dict[str, str]] = {
    "sector": dict(Sector.choices),
    "org_type": dict(OrganisationType.choices),
    "role_level": dict(RoleLevel.choices),
}
_ORDER: dict[str, list[str]] = {
    "sector": [c for c, _ in Sector.choices],
    "org_type": [c for c, _ in OrganisationType.choices],
    "role_level": [c for c, _ in RoleLevel.choices],
}


def workforce_organisations(scope: DashboardScope) -> QuerySet[Organisation]:
    """The organisations whose staff a dashboard compares against."""
    organisations = Organisation.objects.all()
    if scope.ics is not None:
        return organisations.filter(ics=scope.ics)
    if scope.academy_ids is not None:
        regions = Academy.objects.filter(pk__in=scope.academy_ids, region__isnull=False).values("region_id")
        organisations = organisations.filter(ics__region_id__in=regions)
    return organisations


# (person id, attendances, ICS name, sector, organisation type, role level, organisation id)
Fact = tuple[Any, ...]


@dataclass(frozen=True)
class AttendanceFacts:
    """What a dashboard counts delivery, reach and equality reach from: the delivery totals, and the
    present attendances counted per person and per workplace they attended from."""

    delivery: Delivery
    rows: list[Fact]

    @property
    def people(self) -> set[int]:
        return {row[0] for row in self.rows}


def attendance_facts(present: QuerySet[Attendance]) -> AttendanceFacts:
    """The present attendances in scope in three short reads: the delivery totals (delivery_counts), the
    attendances grouped by the person, workplace and role level kept on each attendance (a person is
    one row unless they attended from two workplaces), and those workplaces' groups. A regional
    dashboard's 77,000 attendances on the national data set are 26,000 rows to count, instead of five
    passes over the join.
    """
    grouped = list(
        present.values_list("person_id", "organisation_id", "role_level").annotate(n=Count("id")).order_by()
    )  # grouped by ids, not names: the organisations' groups are looked up once each below
    unknown = (None,) * len(_ORGANISATION_FIELDS)
    groups = {
        pk: tuple(values)
        for pk, *values in Organisation.objects.filter(
            pk__in_ids=sorted({organisation for _, organisation, _, _ in grouped if organisation})
        ).values_list("pk", *_ORGANISATION_FIELDS)
    }
    rows = [
        (person, n, *groups.get(organisation, unknown), role_level, organisation)
        for person, organisation, role_level, n in grouped
    ]
    return AttendanceFacts(delivery=delivery_counts(present), rows=rows)


def reach_counts(
    facts: AttendanceFacts, key: str, *, at: set[int] | None = None
) -> dict[Any, tuple[int, int]]:
    """{group: (attendances, unique people)} for one reach table; only from the organisations `at`
    (by id) when given."""
    index = 2 + list(_REACH).index(key)
    participants: Counter[Any] = Counter()
    people: dict[Any, set[int]] = defaultdict(set)
    for row in facts.rows:
        if at is not None and row[-1] not in at:
            continue
        participants[row[index]] += row[1]
        people[row[index]].add(row[0])
    return {group: (n, len(people[group])) for group, n in participants.items()}


def reach_table(key: str, facts: AttendanceFacts, organisations: QuerySet[Organisation]) -> ReachTable:
    """Attendances and unique people per group; where the group has organisations with complete
    workforce figures (workforce_complete_types) in scope, their headcount and the unique people reached
    from those same organisations per 1,000 of it: one denominator for the whole table."""
    group_label, organisation_key = _REACH[key]
    counts = reach_counts(facts, key)
    workforce: dict[Any, int] = {}
    compared: dict[Any, tuple[int, int]] = {}
    if organisation_key is not None:
        complete: set[int] = set()
        for pk, group, headcount in organisations.filter(
            org_type__in=workforce_complete_types(), workforce_headcount__isnull=False
        ).values_list("pk", organisation_key, "workforce_headcount"):
            workforce[group] = workforce.get(group, 0) + headcount
            complete.add(pk)
        compared = reach_counts(facts, key, at=complete)
    if key in _ORDER:
        keys = [k for k in _ORDER[key] if k in counts or k in workforce]
    else:
        keys = sorted((k for k in set(counts) | set(workforce) if k), key=str)
    keys += [k for k in counts if k in (None, "") and k not in keys]
    rows = []
    for group in keys:
        participants, people = counts.get(group, (0, 0))
        headcount = workforce.get(group)
        numerator = compared.get(group, (0, 0))[1] if headcount else None
        label = _LABELS.get(key, {}).get(group, group) if group else NOT_RECORDED
        rows.append(
            ReachRow(
                label=str(label),
                participants=participants,
                people=people,
                workforce=headcount,
                per_thousand=per_thousand(numerator or 0, headcount),
                compared=numerator,
            )
        )
    return ReachTable(
        key=key,
        title=f"Reach by {group_label.lower()}",
        group_label=group_label,
        rows=rows,
        has_workforce=organisation_key is not None,
    )


# ---------------------------------------------------------------- equality reach


EQUALITY_CHARACTERISTICS: list[tuple[str, str, list[tuple[str, str]]]] = [
    ("ethnic_category", "Ethnic category", list(EqualityRecord.EthnicCategory.choices)),
    ("sex", "Sex", list(EqualityRecord.Sex.choices)),
    (
        "gender_identity_same_as_birth",
        "Gender identity the same as sex registered at birth",
        list(EqualityRecord.GenderIdentitySame.choices),
    ),
    ("disability", "Disability", list(EqualityRecord.Disability.choices)),
    ("sexual_orientation", "Sexual orientation", list(EqualityRecord.SexualOrientation.choices)),
    ("religion", "Religion or belief", list(EqualityRecord.Religion.choices)),
    ("age_band", "Age band", list(EqualityRecord.AgeBand.choices)),
]


@dataclass(frozen=True)
class EqualityRow:
    label: str
    reached: figures.SuppressedCount
    workforce: figures.SuppressedCount


@dataclass(frozen=True)
class EqualityTable:
    key: str
    characteristic: str
    reached_base: str
    workforce_base: str
    rows: list[EqualityRow]


def equality_tables(people: Iterable[int], organisations: QuerySet[Organisation]) -> list[EqualityTable]:
    """Suppressed counts of the people reached and of the workforce, per characteristic (aggregate only).

    Two queries in all: the records of the people reached (their ids, from the attendance facts, go as
    one array) are counted for every characteristic and answer in one pass; the workforce is summed
    from the organisations' maintained equality profiles.
    """
    reached = _counted(EqualityRecord.objects.filter(person_id__in_ids=sorted(set(people))))
    workforce: dict[tuple[str, str], int] = defaultdict(int)
    for row in (
        OrganisationEqualityCount.objects.filter(organisation__in=organisations)
        .values("characteristic", "answer")
        .annotate(n=Sum("people"))
        .order_by()
    ):
        workforce[(row["characteristic"], row["answer"])] = row["n"]
    tables = []
    for field_name, title, choices in EQUALITY_CHARACTERISTICS:
        reached_breakdown = figures.equality_breakdown(
            title, [(label, reached[(field_name, code)]) for code, label in choices]
        )
        workforce_breakdown = figures.equality_breakdown(
            title, [(label, workforce[(field_name, code)]) for code, label in choices]
        )
        tables.append(
            EqualityTable(
                key=field_name,
                characteristic=title,
                reached_base=reached_breakdown.base_shown,
                workforce_base=workforce_breakdown.base_shown,
                rows=[
                    EqualityRow(label=r.label, reached=r, workforce=w)
                    for r, w in zip(reached_breakdown.rows, workforce_breakdown.rows, strict=True)
                ],
            )
        )
    return tables


def _counted(records: QuerySet[EqualityRecord]) -> Counter[tuple[str, str]]:
    """(characteristic, answer) -> number of records, for every characteristic, from one read.

    Counted here rather than with sixty FILTER clauses in SQL: for the tens of thousands of people a
    regional dashboard reaches, reading seven short columns and counting them is the faster of the two.
    """
    names = [field_name for field_name, _, _ in EQUALITY_CHARACTERISTICS]
    rows = list(records.values_list(*names))
    counts: Counter[tuple[str, str]] = Counter()
    for index, name in enumerate(names):
        for value, n in Counter(row[index] for row in rows).items():
            if value:
                counts[(name, value)] = n
    return counts


# ---------------------------------------------------------------- responses and headline results


@dataclass(frozen=True)
class ResponseRow:
    offer_id: int
    offer: str
    responses: int | None  # None: suppressed (a system's count of 1 to 7)
    invited: int | None
    rate: Proportion  # invitations answered, of invitations sent
    answered: int | None = None  # invitations answered (rate.count, or None when suppressed)


@dataclass(frozen=True)
class ResponseRates:
    responses: int | None
    invited: int | None
    rate: Proportion  # invitations answered, of invitations sent
    by_offer: list[ResponseRow]
    answered: int | None = None
    rounded: bool = False  # one system's counts: suppressed and rounded as equality counts are


def _rounded_row(offer_id: int, offer: str, responses: int, invited: int, answered: int) -> ResponseRow:
    """A system's counts of its own staff's responses and answered invitations single people out (the
    invitation list says who was invited from where), so they are suppressed and rounded exactly as
    equality counts are (figures.anonymous_count), and the rate is worked out from the rounded counts."""
    shown_responses = figures.anonymous_count(responses)
    shown_invited = figures.anonymous_count(invited)
    shown_answered = figures.anonymous_count(answered)
    if shown_invited and shown_answered is not None:
        rate = Proportion.of(min(shown_answered, shown_invited), shown_invited)
    else:
        rate = Proportion.of(0, 0)
    return ResponseRow(
        offer_id=offer_id,
        offer=offer,
        responses=shown_responses,
        invited=shown_invited,
        rate=rate,
        answered=shown_answered,
    )


def response_rates(scope: DashboardScope, period: Period) -> ResponseRates:
    """Responses and invitations answered, per offer, for the surveys opened in the period.

    Region-wide these are whole surveys' counts. For one system they are counts of that system's staff,
    which, with the invitation list, could tell who answered an anonymous survey: they are suppressed
    and rounded (ResponseRates.rounded).

    Region-wide, invitations another survey tool sent (Survey.imported_invited) count as figures.scope_figures
    counts them (figures.imported_invitations): the imported responses over the number stated. A system's
    counts leave them out: the other tool's number is the whole survey's, not one system's staff's."""
    start, end = period.bounds
    surveys = Q(survey__offer__in=scope.offers(), survey__opens_at__gte=start, survey__opens_at__lt=end)
    invitations = Invitation.objects.filter(surveys)
    responses = Response.objects.filter(surveys)
    if scope.ics is not None:
        invitations = invitations.filter(person__organisation__ics=scope.ics)
        responses = responses.filter(respondent_ics=scope.ics)
    invited_by_offer = (
        invitations.values("survey__offer_id")
        .annotate(invited=Count("id"), responded=Count("id", filter=Q(responded_at__isnull=False)))
        .order_by()
    )
    responses_by_offer = (
        responses.values("survey__offer_id", "survey__offer__title").annotate(n=Count("id")).order_by()
    )
    invited = {row["survey__offer_id"]: (row["invited"], row["responded"]) for row in invited_by_offer}
    if scope.ics is None:
        imported = figures.imported_invitations_by_offer(
            Survey.objects.filter(offer__in=scope.offers(), opens_at__gte=start, opens_at__lt=end)
        )
        for offer_id, (sent, responded) in imported.items():
            if offer_id is not None:
                before = invited.get(offer_id, (0, 0))
                invited[offer_id] = (before[0] + sent, before[1] + responded)
    titles: dict[int, str] = {}
    answered: dict[int, int] = {}
    for row in responses_by_offer:
        titles[row["survey__offer_id"]] = row["survey__offer__title"]
        answered[row["survey__offer_id"]] = row["n"]
    missing = [pk for pk in invited if pk not in titles]
    if missing:
        titles.update(Offer.objects.filter(pk__in=missing).values_list("pk", "title"))
    rows = []
    for offer_id, title in sorted(titles.items(), key=lambda item: (item[1], item[0])):
        sent, responded = invited.get(offer_id, (0, 0))
        if scope.ics is not None:
            rows.append(_rounded_row(offer_id, title, answered.get(offer_id, 0), sent, responded))
            continue
        rows.append(
            ResponseRow(
                offer_id=offer_id,
                offer=title,
                responses=answered.get(offer_id, 0),
                invited=sent,
                rate=Proportion.of(responded, sent),
                answered=responded,
            )
        )
    total_invited = sum(sent for sent, _ in invited.values())
    total_responded = sum(responded for _, responded in invited.values())
    if scope.ics is not None:
        total = _rounded_row(0, "", sum(answered.values()), total_invited, total_responded)
        return ResponseRates(
            responses=total.responses,
            invited=total.invited,
            rate=total.rate,
            by_offer=rows,
            answered=total.answered,
            rounded=True,
        )
    return ResponseRates(
        responses=sum(answered.values()),
        invited=total_invited,
        rate=Proportion.of(total_responded, total_invited),
        by_offer=rows,
        answered=total_responded,
    )


def standard_statements() -> dict[str, tuple[str, str]]:
    """The standard statements a dashboard headlines, by question code: (standard wording, type).

    A code means one statement wherever it is asked (standard.py), so answers are pooled by code across
    offers, instruments and versions, and printed with the standard wording (the first standard
    instrument's, e.g. the session evaluation's) — never with one offer's own wording of it."""
    from .standard import STANDARD_INSTRUMENTS

    statements: dict[str, tuple[str, str]] = {}
    for instrument in STANDARD_INSTRUMENTS:
        for question in instrument["questions"]:
            if question["type"] in HEADLINE_TYPES:
                statements.setdefault(question["code"], (question["text"], question["type"]))
    return statements


def headline_counts(
    *, surveys: QuerySet[Survey], respondent_ics: ICS | None = None, shown: Iterable[int] | None = None
) -> QuerySet[Any]:
    """(question code, type, offer, choice, n) for the standard closed statements of these surveys.

    Summed from the surveys' answer tallies; anonymous surveys count only once they have the minimum
    number of responses (figures.anonymous_surveys_shown). For one system's respondents (which tallies
    do not record) only named responses are counted: breaking anonymous answers down by system would
    let one system's few respondents be read off, or worked out as the region's figure less the others'.
    `shown`: the surveys' ids already passed through figures.anonymous_surveys_shown, if at hand.
    """
    codes = list(standard_statements())
    if respondent_ics is None:
        if shown is None:
            shown, _ = figures.anonymous_surveys_shown(surveys.values_list("pk", flat=True))
        return (
            AnswerTally.objects.filter(survey_id__in_ids=sorted(shown), question__code__in=codes)
            .exclude(choice="")
            .values("question__code", "question__type", "survey__offer_id", "choice")
            .annotate(n=Sum("answers"))
            .order_by()
        )
    return (
        Answer.objects.filter(
            response__survey__in=surveys,
            response__survey__anonymous=False,
            response__respondent_ics=respondent_ics,
            question__code__in=codes,
        )
        .exclude(choice="")
        .values("question__code", "question__type", "response__survey__offer_id", "choice")
        .annotate(n=Count("id"))
        .order_by()
    )


@dataclass(frozen=True)
class Headline:
    """One standard statement pooled across offers: its figure and how many offers' answers it holds."""

    figure: figures.QuestionFigure
    offers: int


def headlines_build(grouped: Iterable[dict[str, Any]]) -> list[Headline]:
    """figures.question_figure for each standard statement answered, with the standard wording, pooling
    only answers to that statement (the same code and type), and the number of offers they came from.
    No query beyond reading `grouped`."""
    statements = standard_statements()
    counts: dict[str, dict[str, int]] = {}
    offers: dict[str, set[int]] = defaultdict(set)
    for row in grouped:
        code = row["question__code"]
        if code not in statements or row["question__type"] != statements[code][1]:
            continue  # the same code asked as a different kind of question is a different question
        counts.setdefault(code, {})
        counts[code][row["choice"]] = counts[code].get(row["choice"], 0) + row["n"]
        offers[code].add(row.get("survey__offer_id") or row.get("response__survey__offer_id") or 0)
    result = []
    for code, (text, question_type) in statements.items():
        if code not in counts:
            continue
        by_choice = counts[code]
        options = Question(type=question_type).options
        known = {option for option, _ in options}
        result.append(
            Headline(
                figure=figures.question_figure(
                    code=code,
                    text=text,
                    question_type=question_type,
                    options=options,
                    counts=by_choice,
                    base=sum(n for choice, n in by_choice.items() if choice in known),
                ),
                offers=len(offers[code]),
            )
        )
    return result


def headline_figures(grouped: Iterable[dict[str, Any]]) -> list[figures.QuestionFigure]:
    """The headline figures alone (see headlines_build)."""
    return [headline.figure for headline in headlines_build(grouped)]


def headline_text(figure: figures.QuestionFigure) -> str:
    """The sentence as the seeds print it: agreement "62% strongly agreed, 38% agreed (100%) — 13
    responses"; recommend and yes/no "100% — 37 responses"."""
    if figure.base == 0:
        return "No responses yet."
    noun = "response" if figure.base == 1 else "responses"
    if figure.recommend is not None:
        return f"{figure.recommend.percent}% — {figure.base} {noun}"
    if figure.type in (QuestionType.SCALE_0_10, QuestionType.SCALE_1_10, QuestionType.GOAL_RATING):
        return f"Median {figure.median} — {figure.base} {noun}"
    return figure.summary


# ---------------------------------------------------------------- the dashboard


@dataclass(frozen=True)
class Dashboard:
    scope: DashboardScope
    period: Period
    delivery: Delivery
    reach: list[ReachTable]
    equality: list[EqualityTable]
    responses: ResponseRates
    headlines: list[figures.QuestionFigure]
    systems: list[ICS] = field(default_factory=list)
    headline_offers: dict[str, int] = field(default_factory=dict)  # question code -> offers pooled
    headline_withheld: int = 0  # responses to anonymous surveys under the minimum, left out


REACH_KEYS = ("ics", "sector", "org_type", "role_level")


def dashboard_build(*, scope: DashboardScope, period: Period) -> Dashboard:
    present = attendances(offers=scope.offers(), period=period, ics=scope.ics)
    organisations = workforce_organisations(scope)
    start, end = period.bounds
    surveys = Survey.objects.filter(offer__in=scope.offers(), opens_at__gte=start, opens_at__lt=end)
    reach_keys: Iterable[str] = REACH_KEYS if scope.ics is None else REACH_KEYS[1:]
    facts = attendance_facts(present)
    shown: set[int] | None = None
    withheld = 0
    if scope.ics is None:
        shown, withheld = figures.anonymous_surveys_shown(surveys.values_list("pk", flat=True))
    headlines = headlines_build(headline_counts(surveys=surveys, respondent_ics=scope.ics, shown=shown))
    return Dashboard(
        scope=scope,
        period=period,
        delivery=facts.delivery,
        reach=[reach_table(key, facts, organisations) for key in reach_keys],
        equality=equality_tables(facts.people, organisations),
        responses=response_rates(scope, period),
        headlines=[headline.figure for headline in headlines],
        headline_offers={headline.figure.code: headline.offers for headline in headlines},
        headline_withheld=withheld,
    )
