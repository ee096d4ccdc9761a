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
- equality reach is read in aggregate only, over the self-declared equality records of the unique
  people reached, against the same records of every staff member in the organisations in scope
  (summed from people.OrganisationEqualityCount).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.utils import timezone

from academy.core.parsing import parse_date
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
from academy.people.permissions import scope_of

from . import figures
from .models import CHOICE_TYPES, Answer, AnswerTally, Invitation, Question, QuestionType, Response, Survey

NOT_RECORDED = "Not recorded"
DEFAULT_YEARS = 3

# The closed questions a dashboard headlines, by type (agreement and recommend are what the seeds print).
HEADLINE_TYPES = (QuestionType.AGREEMENT_5, QuestionType.WOULD_RECOMMEND, QuestionType.YES_NO)


# ---------------------------------------------------------------- periods


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive

    @classmethod
    def last_years(cls, years: int = DEFAULT_YEARS, *, today: dt.date | None = None) -> Period:
        today = today or timezone.localdate()
        try:
            start = today.replace(year=today.year - years)
        except ValueError:  # 29 February
            start = today.replace(year=today.year - years, day=28)
        return cls(start=start + dt.timedelta(days=1), end=today)

    @property
    def label(self) -> str:
        from academy.core.dates import long_date

        return f"{long_date(self.start)} to {long_date(self.end)}"

    @property
    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        """Aware datetimes [start, end) covering the whole local days."""
        zone = timezone.get_current_timezone()
        start = dt.datetime.combine(self.start, dt.time.min).replace(tzinfo=zone)
        end = dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min).replace(tzinfo=zone)
        return start, end

    def describe(self, *, today: dt.date | None = None) -> str:
        """ "over the last 3 years" for the default period, otherwise "between X and Y"."""
        if self == Period.last_years(today=today):
            return f"over the last {DEFAULT_YEARS} years"
        from academy.core.dates import long_date

        return f"between {long_date(self.start)} and {long_date(self.end)}"


def period_from(params: Any, *, today: dt.date | None = None) -> tuple[Period, dict[str, str]]:
    """Read ?from=YYYY-MM-DD&to=YYYY-MM-DD; fall back to the last three years. Returns errors by field."""
    default = Period.last_years(today=today)
    errors: dict[str, str] = {}
    values: dict[str, dt.date] = {}
    for name, fallback in (("from", default.start), ("to", default.end)):
        raw = (params.get(name) or "").strip()
        if not raw:
            values[name] = fallback
            continue
        day = parse_date(raw)  # a real date between 1900 and 2100
        if day is None:
            errors[name] = "Enter a real date between the years 1900 and 2100."
            values[name] = fallback
        else:
            values[name] = day
    if not errors and values["to"] < values["from"]:
        errors["to"] = "The end date must be the same as or after the start date."
    if errors:
        return default, errors
    return Period(start=values["from"], end=values["to"]), errors


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


def region_scope(*, user: Any) -> DashboardScope:
    """Programme managers see their academies' activity; administrators every academy's."""
    scope = scope_of(user)
    if scope.is_administrator:
        return DashboardScope(title="All academies", academy_ids=None)
    if not scope.academy_ids:
        raise PermissionDenied("Impact dashboards are for programme managers and ICS OD leads.")
    names = tuple(
        Academy.objects.filter(pk__in=scope.academy_ids).order_by("name").values_list("name", flat=True)
    )
    return DashboardScope(title=", ".join(names), academy_ids=scope.academy_ids, academies=names)


def ics_scope(*, user: Any, ics_id: int) -> DashboardScope:
    """An ICS OD lead sees every academy's activity with their own system's staff; a programme manager
    sees their academies' activity with any system's staff. Anyone else: no such page."""
    scope = scope_of(user)
    ics = ICS.objects.filter(pk=ics_id).first()
    if ics is None:
        raise Http404("No such integrated care system")
    if scope.is_administrator or ics.pk in scope.ics_ids:
        return DashboardScope(title=ics.name, academy_ids=None, ics=ics)
    if scope.academy_ids:
        names = tuple(
            Academy.objects.filter(pk__in=scope.academy_ids).order_by("name").values_list("name", flat=True)
        )
        return DashboardScope(title=ics.name, academy_ids=scope.academy_ids, ics=ics, academies=names)
    raise Http404("No such integrated care system")


def systems_for(*, user: Any) -> QuerySet[ICS]:
    """The ICS dashboards to offer a user: their own systems, and those of their academies' regions
    (a programme manager may still open any system's dashboard for their academies' activity)."""
    scope = scope_of(user)
    if scope.is_administrator:
        return ICS.objects.all()
    regions = Academy.objects.filter(pk__in=scope.academy_ids, region__isnull=False).values("region_id")
    return ICS.objects.filter(Q(pk__in=scope.ics_ids) | Q(region_id__in=regions)).order_by("name")


def report_offers(*, user: Any, scope: DashboardScope) -> QuerySet[Offer]:
    """The offers in a dashboard's scope whose impact report the user may open (see
    evaluation.permissions.can_see_offer_figures: the academy's team, or the ICS OD lead of a system
    the offer serves)."""
    offers = scope.offers()
    roles = scope_of(user)
    if not roles.is_administrator:
        offers = offers.filter(
            pk__in=Offer.objects.filter(
                Q(academy_id__in=roles.academy_ids) | Q(systems__in=roles.ics_ids)
            ).values("pk")
        )
    return offers.order_by("title", "id").only("pk", "title")


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
    workforce: int | None  # staff headcount of the organisations in this group, where known
    per_thousand: str  # unique people per 1,000 staff, or "" with no headcount


@dataclass(frozen=True)
class ReachTable:
    key: str
    title: str
    group_label: str
    rows: list[ReachRow]
    has_workforce: bool


def per_thousand(people: int, workforce: int | None) -> str:
    """People reached per 1,000 staff, to one decimal place, rounded half up with integers.

    (A rate rather than figures.percent: reach is usually far below 1% of a workforce.)
    """
    if not workforce:
        return ""
    tenths = (2 * 10000 * people + workforce) // (2 * workforce)  # people*1000/workforce, in tenths
    return f"{tenths // 10:,}.{tenths % 10}"


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


Fact = tuple[Any, ...]  # (person id, attendances, ICS name, sector, organisation type, role level)


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
        (person, n, *groups.get(organisation, unknown), role_level)
        for person, organisation, role_level, n in grouped
    ]
    return AttendanceFacts(delivery=delivery_counts(present), rows=rows)


def reach_counts(facts: AttendanceFacts, key: str) -> dict[Any, tuple[int, int]]:
    """{group: (attendances, unique people)} for one reach table."""
    index = 2 + list(_REACH).index(key)
    participants: Counter[Any] = Counter()
    people: dict[Any, set[int]] = defaultdict(set)
    for row in facts.rows:
        participants[row[index]] += row[1]
        people[row[index]].add(row[0])
    return {group: (n, len(people[group])) for group, n in participants.items()}


def reach_table(key: str, facts: AttendanceFacts, organisations: QuerySet[Organisation]) -> ReachTable:
    group_label, organisation_key = _REACH[key]
    counts = reach_counts(facts, key)
    workforce: dict[Any, int] = {}
    if organisation_key is not None:
        for row in (
            organisations.filter(workforce_headcount__isnull=False)
            .values(organisation_key)
            .annotate(headcount=Sum("workforce_headcount"))
            .order_by()
        ):
            workforce[row[organisation_key]] = row["headcount"]
    if key in _ORDER:
        keys = [k for k in _ORDER[key] if k in counts or k in workforce]
    else:
        keys = sorted((k for k in set(counts) | set(workforce) if k), key=str)
    keys += [k for k in counts if k in (None, "") and k not in keys]
    rows = []
    for group in keys:
        participants, people = counts.get(group, (0, 0))
        headcount = workforce.get(group)
        label = _LABELS.get(key, {}).get(group, group) if group else NOT_RECORDED
        rows.append(
            ReachRow(
                label=str(label),
                participants=participants,
                people=people,
                workforce=headcount,
                per_thousand=per_thousand(people, headcount),
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
    responses: int
    invited: int
    rate: figures.Proportion


@dataclass(frozen=True)
class ResponseRates:
    responses: int
    invited: int
    rate: figures.Proportion  # invitations answered, of invitations sent
    by_offer: list[ResponseRow]


def response_rates(scope: DashboardScope, period: Period) -> ResponseRates:
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
        rows.append(
            ResponseRow(
                offer_id=offer_id,
                offer=title,
                responses=answered.get(offer_id, 0),
                invited=sent,
                rate=figures.Proportion.of(responded, sent),
            )
        )
    total_invited = sum(sent for sent, _ in invited.values())
    total_responded = sum(responded for _, responded in invited.values())
    return ResponseRates(
        responses=sum(answered.values()),
        invited=total_invited,
        rate=figures.Proportion.of(total_responded, total_invited),
        by_offer=rows,
    )


def headline_counts(*, surveys: QuerySet[Survey], respondent_ics: ICS | None = None) -> QuerySet[Any]:
    """(question code, choice, n) for the closed headline questions of these surveys: summed from the
    surveys' answer tallies, or, for one ICS's respondents (which tallies do not record), counted from
    the answers themselves."""
    if respondent_ics is None:
        return (
            AnswerTally.objects.filter(survey__in=surveys, question__type__in=HEADLINE_TYPES)
            .exclude(choice="")
            .values("question__code", "choice")
            .annotate(n=Sum("answers"))
            .order_by()
        )
    return (
        Answer.objects.filter(
            response__survey__in=surveys,
            response__respondent_ics=respondent_ics,
            question__type__in=HEADLINE_TYPES,
        )
        .exclude(choice="")
        .values("question__code", "choice")
        .annotate(n=Count("id"))
        .order_by()
    )


def headline_figures(grouped: QuerySet[Any]) -> list[figures.QuestionFigure]:
    """figures.question_figure for each closed headline question from headline_counts, grouped by
    question code as figures.questions_figures groups them (the first instrument's wording wins).
    Two queries."""
    counts: dict[str, dict[str, int]] = {}
    for row in grouped:
        counts.setdefault(row["question__code"], {})[row["choice"]] = row["n"]
    if not counts:
        return []
    first: dict[str, Question] = {}
    for question in Question.objects.filter(code__in=list(counts), type__in=HEADLINE_TYPES).order_by(
        "instrument__key", "instrument__version", "order", "id"
    ):
        first.setdefault(question.code, question)
    result = []
    for code, question in sorted(first.items(), key=lambda item: (item[1].instrument_id, item[1].order)):
        by_choice = counts[code]
        result.append(
            figures.question_figure(
                code=code,
                text=question.text,
                question_type=question.type,
                options=question.options if question.type in CHOICE_TYPES else [],
                counts=by_choice,
                base=sum(by_choice.values()),
            )
        )
    return result


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


REACH_KEYS = ("ics", "sector", "org_type", "role_level")


def dashboard_build(*, scope: DashboardScope, period: Period) -> Dashboard:
    present = attendances(offers=scope.offers(), period=period, ics=scope.ics)
    organisations = workforce_organisations(scope)
    start, end = period.bounds
    surveys = Survey.objects.filter(offer__in=scope.offers(), opens_at__gte=start, opens_at__lt=end)
    reach_keys: Iterable[str] = REACH_KEYS if scope.ics is None else REACH_KEYS[1:]
    facts = attendance_facts(present)
    return Dashboard(
        scope=scope,
        period=period,
        delivery=facts.delivery,
        reach=[reach_table(key, facts, organisations) for key in reach_keys],
        equality=equality_tables(facts.people, organisations),
        responses=response_rates(scope, period),
        headlines=headline_figures(headline_counts(surveys=surveys, respondent_ics=scope.ics)),
    )
