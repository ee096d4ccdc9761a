"""Impact reports: the content of one offer's, one cohort's or one period's report, and the compiled
suite of several offers' reports, assembled from data as a plain tree of dataclasses.

Templates (web page and PDF) only lay this tree out. Every figure in it comes from figures.py (through
the selectors, which check access) or from dashboards.delivery_counts; nothing here rounds or divides.
The same data always builds the same tree: every list has a total order (ids break ties) and nothing
reads the clock, so the same report prints the same bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from celery import shared_task
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.safestring import SafeString

from academy.offers.models import Booking, Cohort, Offer, OfferKind
from academy.reporting.arithmetic import Proportion, withheld_sentence
from academy.reporting.pdf import html_to_pdf
from academy.reporting.periods import Period

from . import figures, selectors
from .charts import funnel_chart, goals_chart, question_chart
from .dashboards import Delivery, attendances, delivery_counts, headline_text
from .models import Answer, Goal, QuestionType, Response, Survey, ThemeMembership, ThemeSet

TESTIMONIES_SHOWN = 8
QUOTES_PER_THEME = 3
QUOTE_GROUP_MIN = 5  # an anonymous quote's credit names only a group of at least this many respondents

# Sections of the compiled suite, in the order seed 002's contents page lists them.
SUITE_GROUPS: list[tuple[str, tuple[str, ...]]] = [
    ("Coaching & Mentoring", (OfferKind.COACHING, OfferKind.MENTORING, OfferKind.TEAM_COACHING)),
    ("Programmes", (OfferKind.PROGRAMME,)),
    ("Collaborative Networks", (OfferKind.NETWORK, OfferKind.ACTION_LEARNING)),
    ("Workshops/Events", (OfferKind.WORKSHOP, OfferKind.BITESIZE)),
    ("Online learning", (OfferKind.ONLINE_MODULE,)),
]
GROUP_OF_KIND = {kind: title for title, kinds in SUITE_GROUPS for kind in kinds}

METHOD_NOTES = [
    "Percentages are whole numbers, rounded half up from the exact fraction (8 of 13 is 61.5%, "
    "printed 62%). A combined figure such as “agree or strongly agree” is worked out from the counts, "
    "not by adding rounded parts, so printed parts may not add up to the printed total.",
    "Every figure gives its base: the number of people who answered that question. A question nobody "
    "answered has no percentage.",
    "Participants are attendances at delivered sessions (one person at three sessions counts three "
    "times); unique people count each person once. A session is delivered when at least one person "
    "was marked present.",
    "Registered counts everyone who held a place or a waiting-list position, including people who "
    "later cancelled; attended, anyone marked present at least once; completed, everyone who met the "
    "completion rule; responded, the registered people who answered an evaluation through their "
    "invitation. Responses imported from another survey tool or entered without an invitation cannot be "
    "linked to anyone registered, so they are counted apart and have no response rate; the response "
    "rate is the people invited who answered, of everyone invited.",
    "Goal ratings are self-ratings from 1 to 10 before the first and after the last session. The change "
    "is tested with the Wilcoxon signed-rank test where at least six people's ratings changed; with "
    "fewer the figure says “too few to test”.",
    "Quotes are only from people who agreed to be quoted, and are attributed by role and sector, never "
    f"by name; from an anonymous evaluation, only by a role and sector (or a sector) that at least "
    f"{QUOTE_GROUP_MIN} of its respondents share, so that a quote cannot point to one person. Themes are "
    "the saved (and possibly edited) themes found in what people wrote.",
    "For a period, sessions and attendance count when the session started in the period; "
    "registrations, completions, improvement projects and goals count for cohorts running at any time "
    "in the period; evaluation responses count when the evaluation opened in the period.",
    "Equality figures are only reported in aggregate: counts from 1 to 7 are shown as *, other counts "
    "are rounded to the nearest 5, and percentages are worked out from the rounded counts.",
]


# ---------------------------------------------------------------- the tree


@dataclass(frozen=True)
class QuestionSection:
    figure: figures.QuestionFigure
    headline: str  # "62% strongly agreed, 38% agreed (100%) — 13 responses"
    chart: SafeString | None  # SVG, with the same numbers in the table beside it
    chart_id: str


@dataclass(frozen=True)
class Quote:
    text: str
    attribution: str


@dataclass(frozen=True)
class ThemeSummary:
    label: str
    size: int
    quotes: list[Quote]
    unassigned: bool = False  # the answers far from every theme, listed last as such


@dataclass(frozen=True)
class ThemeGroup:
    title: str
    theme_set_id: int  # where the programme team edits these themes
    question_code: str
    answers: int  # answers placed in a theme, not counting those set aside
    set_aside: int  # answers such as "no comment"
    themes: list[ThemeSummary]  # the unassigned group, if any, last

    @property
    def theme_count(self) -> int:
        """Themes proper: the answers far from every theme are a group, not a theme."""
        return sum(1 for theme in self.themes if not theme.unassigned)


@dataclass(frozen=True)
class Project:
    title: str
    summary: str
    cohort: str


@dataclass(frozen=True)
class ImpactReport:
    key: str  # anchor, unique within a suite: "offer-12", "cohort-7", "period"
    scope: str  # "offer", "cohort" or "period"
    offer_id: int | None
    title: str
    subtitle: str
    academy: str
    kind: str
    group: str  # the suite section it belongs in
    delivery_partner: str
    summary: str
    context: str
    objectives: list[str]
    audience: str
    duration: str
    period: Period | None
    delivery: Delivery
    funnel: list[figures.FunnelStep]
    responses: int
    invited: int
    response_rate: Proportion
    response_sentence: str  # "330 of 504 people invited answered (65%); 258 more responses were imported …"
    other_responses: int  # imported or entered without an invitation: outside the funnel and the rate
    questions: list[QuestionSection]
    words: list[figures.QuestionFigure]  # one-word questions, most frequent words first
    goals: list[figures.GoalThemeFigure]
    themes: list[ThemeGroup]
    testimonies: list[Quote]
    testimonies_total: int
    projects: list[Project]
    funnel_chart: SafeString | None = None
    goals_chart: SafeString | None = None
    method: list[str] = field(default_factory=lambda: list(METHOD_NOTES))
    testimonies_withheld: str = (
        ""  # withheld_sentence when an anonymous evaluation under the minimum held some
    )

    @property
    def has_responses(self) -> bool:
        return self.responses > 0


@dataclass(frozen=True)
class SuiteGroup:
    title: str
    reports: list[ImpactReport]
    pages: list[Any] = field(
        default_factory=list
    )  # other apps' pages of this group, printed before its reports


@dataclass(frozen=True)
class Highlight:
    """One offer's line in the suite's executive summary."""

    key: str  # the report's anchor
    title: str
    participants: int
    people: int
    responses: int
    result: str  # its first headline result with its base, a goal result, or why there is none


@dataclass(frozen=True)
class Suite:
    title: str
    academy: str
    period: Period
    delivery: Delivery
    summary: str  # "696 sessions to 16,619 participants over the last 3 years"
    groups: list[SuiteGroup]
    method: list[str] = field(default_factory=lambda: list(METHOD_NOTES))
    highlights: list[Highlight] = field(default_factory=list)
    responses: int = 0  # every evaluation response in the suite's reports
    response_sentence: str = ""  # rate and count on one base, over every report
    pages: list[Any] = field(default_factory=list)  # pages other apps add (suite_pages_register)

    @property
    def reports(self) -> list[ImpactReport]:
        return [report for group in self.groups for report in group.reports]


# ---------------------------------------------------------------- figures over a period


def figures_between(
    *, title: str, scope: str, scope_id: int, surveys: QuerySet[Survey], cohorts: QuerySet[Cohort]
) -> figures.ScopeFigures:
    """Figures for surveys and cohorts chosen by period, in the order the surveys opened."""
    survey_list = list(surveys.select_related("instrument").order_by("opens_at", "id"))
    return figures.scope_figures(
        scope=scope, scope_id=scope_id, title=title, surveys=survey_list, cohorts=cohorts
    )


def _surveys_in(surveys: QuerySet[Survey], period: Period | None) -> QuerySet[Survey]:
    if period is None:
        return surveys
    start, end = period.bounds
    return surveys.filter(opens_at__gte=start, opens_at__lt=end)


def _cohorts_in(cohorts: QuerySet[Cohort], period: Period | None) -> QuerySet[Cohort]:
    """Cohorts running at any time in the period."""
    if period is None:
        return cohorts
    return cohorts.filter(starts_on__lte=period.end, ends_on__gte=period.start)


# ---------------------------------------------------------------- sections


def _question_sections(
    scope_figures: figures.ScopeFigures, key: str
) -> tuple[list[QuestionSection], list[figures.QuestionFigure]]:
    sections, words = [], []
    for figure in scope_figures.questions:
        if figure.type == QuestionType.FREE_TEXT:
            continue  # written answers appear as themes and testimonies
        if figure.type == QuestionType.ONE_WORD:
            words.append(figure)
            continue
        chart_id = f"{key}-chart-{figure.code}"
        sections.append(
            QuestionSection(
                figure=figure,
                headline=headline_text(figure),
                chart=question_chart(figure, chart_id=chart_id),
                chart_id=chart_id,
            )
        )
    return sections, words


class _Credits:
    """How each quote is credited: by role and sector, never by name. In an anonymous survey a credit
    names only a group at least QUOTE_GROUP_MIN respondents of that survey share (role and sector, else
    sector alone, else just "Participant"), so that a quote cannot point at one person."""

    def __init__(self, survey_ids: set[int]) -> None:
        self.pairs: dict[tuple[int, str, str], int] = {}
        self.sectors: dict[tuple[int, str], int] = {}
        rows = (
            Response.objects.filter(survey_id__in=sorted(survey_ids), is_anonymous=True)
            .values_list("survey_id", "respondent_role_level", "respondent_sector")
            .annotate(n=Count("id"))
            .order_by()
        )
        for survey_id, role, sector, n in rows:
            self.pairs[(survey_id, role, sector)] = n
            self.sectors[(survey_id, sector)] = self.sectors.get((survey_id, sector), 0) + n

    def credit(self, *, survey_id: int, anonymous: bool, role: str, sector: str) -> str:
        if not anonymous or self.pairs.get((survey_id, role, sector), 0) >= QUOTE_GROUP_MIN:
            return selectors.attribution_text(role, sector)
        if sector and self.sectors.get((survey_id, sector), 0) >= QUOTE_GROUP_MIN:
            return selectors.attribution_text("", sector)
        return selectors.attribution_text("", "")


QUOTE_FIELDS = ("response__survey_id", "response__is_anonymous", "response__respondent_role_level",
                "response__respondent_sector")  # fmt: skip


def _testimonies(answers: QuerySet[Answer]) -> tuple[list[Quote], int, int]:
    """Answers to the questions that ask consent to quote, from people who gave it, oldest first, never
    from an anonymous evaluation under the minimum; and how many responses those held back."""
    consenting = answers.filter(consent_to_quote=True, question__consent_to_quote=True)
    consenting, held_back = figures.answers_shown(consenting)
    # A testimony whose text retention removed was still given: counted, no longer quoted.
    total = consenting.filter(~Q(text="") | Q(text_removed_on__isnull=False)).count()
    rows = list(
        consenting.exclude(text="").order_by("pk").values_list("text", *QUOTE_FIELDS)[:TESTIMONIES_SHOWN]
    )
    credits = _Credits({row[1] for row in rows})
    return (
        [
            Quote(
                text=text,
                attribution=credits.credit(
                    survey_id=survey_id, anonymous=anonymous, role=role, sector=sector
                ),
            )
            for text, survey_id, anonymous, role, sector in rows
        ],
        total,
        held_back,
    )


def _themes(theme_sets: QuerySet[ThemeSet]) -> list[ThemeGroup]:
    """The latest finished (and possibly edited) theme set per question, with sizes and quotes."""
    latest: dict[str, ThemeSet] = {}
    for theme_set in theme_sets.filter(status=ThemeSet.Status.DONE).order_by(
        "question_code", "-created_at", "-id"
    ):
        latest.setdefault(theme_set.question_code, theme_set)
    if not latest:
        return []
    chosen = [latest[code] for code in sorted(latest)]
    ids = [s.pk for s in chosen]
    members = ThemeMembership.objects.filter(theme_set_id__in=ids)
    withheld, _held_back = figures.surveys_withheld(
        members.order_by().values_list("answer__response__survey_id", flat=True).distinct()
    )
    members = members.exclude(answer__response__survey_id__in=sorted(withheld))  # as their figures are
    sizes = (
        members.values(
            "theme_id",
            "theme__label",
            "theme__is_non_answer",
            "theme__is_unassigned",
            "theme__order",
            "theme_set_id",
        )
        .annotate(n=Count("id"))
        .order_by(
            "theme_set_id", "theme__is_non_answer", "theme__is_unassigned", "-n", "theme__order", "theme_id"
        )
    )
    quotes: dict[int, list[Quote]] = {}
    quoted = list(
        members.filter(representative=True, answer__consent_to_quote=True)
        .exclude(answer__text="")
        .order_by("theme_id", "answer_id")
        .values_list("theme_id", "answer__text", *(f"answer__{name}" for name in QUOTE_FIELDS))
    )
    credits = _Credits({row[2] for row in quoted})
    for theme_id, text, survey_id, anonymous, role, sector in quoted:
        bucket = quotes.setdefault(theme_id, [])
        if len(bucket) < QUOTES_PER_THEME:
            attribution = credits.credit(survey_id=survey_id, anonymous=anonymous, role=role, sector=sector)
            bucket.append(Quote(text=text, attribution=attribution))
    by_set: dict[int, list[dict[str, Any]]] = {}
    for row in sizes:
        by_set.setdefault(row["theme_set_id"], []).append(dict(row))
    groups = []
    for theme_set in chosen:
        rows = by_set.get(theme_set.pk, [])
        themes = [
            ThemeSummary(
                label=row["theme__label"],
                size=row["n"],
                quotes=[] if row["theme__is_unassigned"] else quotes.get(row["theme_id"], []),
                unassigned=row["theme__is_unassigned"],
            )
            for row in rows
            if not row["theme__is_non_answer"]
        ]
        groups.append(
            ThemeGroup(
                title=theme_set.title,
                theme_set_id=theme_set.pk,
                question_code=theme_set.question_code,
                answers=sum(t.size for t in themes),
                set_aside=sum(row["n"] for row in rows if row["theme__is_non_answer"]),
                themes=themes,
            )
        )
    return groups


def _projects(cohorts: QuerySet[Cohort]) -> list[Project]:
    rows = (
        Booking.objects.filter(cohort__in=cohorts, project_submitted_at__isnull=False)
        .exclude(project_title="")
        .order_by("cohort__starts_on", "cohort_id", "project_submitted_at", "id")
        .values_list("project_title", "project_summary", "cohort__name")
    )
    return [Project(title=title, summary=summary, cohort=cohort) for title, summary, cohort in rows]


def _build(
    *,
    key: str,
    scope: str,
    title: str,
    subtitle: str,
    offer: Offer | None,
    academy: str,
    period: Period | None,
    scope_figures: figures.ScopeFigures,
    present: Any,
    answers: QuerySet[Answer],
    goals: QuerySet[Goal],
    theme_sets: QuerySet[ThemeSet],
    cohorts: QuerySet[Cohort],
) -> ImpactReport:
    questions, words = _question_sections(scope_figures, key)
    testimonies, testimonies_total, testimonies_held_back = _testimonies(answers)
    goal_figures = figures.goal_figures(goals)
    return ImpactReport(
        key=key,
        scope=scope,
        offer_id=offer.pk if offer else None,
        title=title,
        subtitle=subtitle,
        academy=academy,
        kind=offer.get_kind_display() if offer else "",
        group=GROUP_OF_KIND.get(offer.kind, "Other") if offer else "",
        delivery_partner=offer.delivery_partner.name if offer and offer.delivery_partner else "",
        summary=offer.summary if offer else "",
        context=offer.description if offer else "",
        objectives=[str(o) for o in (offer.objectives or [])] if offer else [],
        audience=offer.audience if offer else "",
        duration=offer.duration if offer else "",
        period=period,
        delivery=delivery_counts(present),
        funnel=scope_figures.funnel,
        responses=scope_figures.responses,
        invited=scope_figures.invited,
        response_rate=scope_figures.response_rate,
        response_sentence=scope_figures.response_sentence,
        other_responses=scope_figures.other_responses,
        questions=questions,
        words=words,
        goals=goal_figures,
        themes=_themes(theme_sets),
        testimonies=testimonies,
        testimonies_total=testimonies_total,
        testimonies_withheld=withheld_sentence(testimonies_held_back) if testimonies_held_back else "",
        projects=_projects(cohorts),
        funnel_chart=funnel_chart(scope_figures.funnel, chart_id=f"{key}-chart-funnel"),
        goals_chart=goals_chart(goal_figures, chart_id=f"{key}-chart-goals"),
    )


# ---------------------------------------------------------------- one offer, cohort or period


def offer_report(*, user: Any, pk: int, period: Period | None = None) -> ImpactReport:
    """The impact report of one offer, over all time or one period."""
    offer = selectors.offer_get_with_figures(user=user, pk=pk)
    return _offer_report(offer, period=period)


def _offer_report(offer: Offer, *, period: Period | None) -> ImpactReport:
    cohorts = _cohorts_in(Cohort.objects.filter(offer=offer), period)
    surveys = _surveys_in(Survey.objects.filter(offer=offer), period)
    if period is None:
        scope_figures = figures.offer_figures(offer)
    else:
        scope_figures = figures_between(
            title=offer.title, scope="offer", scope_id=offer.pk, surveys=surveys, cohorts=cohorts
        )
    return _build(
        key=f"offer-{offer.pk}",
        scope="offer",
        title=offer.title,
        subtitle=period.label if period else "",
        offer=offer,
        academy=offer.academy.name,
        period=period,
        scope_figures=scope_figures,
        present=attendances(offers=Offer.objects.filter(pk=offer.pk), period=period),
        answers=Answer.objects.filter(response__survey__in=surveys),
        goals=Goal.objects.filter(Q(cohort__in=cohorts) | Q(survey__in=surveys)),
        theme_sets=ThemeSet.objects.filter(offer=offer),
        cohorts=cohorts,
    )


def cohort_report(*, user: Any, pk: int) -> ImpactReport:
    cohort = selectors.cohort_get_with_figures(user=user, pk=pk)
    offer = cohort.offer
    cohorts = Cohort.objects.filter(pk=cohort.pk)
    surveys = Survey.objects.filter(cohort=cohort)
    from academy.core.dates import long_date

    return _build(
        key=f"cohort-{cohort.pk}",
        scope="cohort",
        title=offer.title,
        subtitle=f"{cohort.name}, {long_date(cohort.starts_on)} to {long_date(cohort.ends_on)}",
        offer=offer,
        academy=offer.academy.name,
        period=None,
        scope_figures=figures.cohort_figures(cohort),
        present=attendances().filter(session__cohort=cohort),
        answers=Answer.objects.filter(response__survey__in=surveys),
        goals=Goal.objects.filter(cohort=cohort),
        theme_sets=ThemeSet.objects.filter(offer=offer, survey__cohort=cohort),
        cohorts=cohorts,
    )


def period_report(*, user: Any, academy_id: int, period: Period) -> ImpactReport:
    """Every offer of one academy taken together, between two dates (programme team and administrators)."""
    academy = selectors.academy_get_for_reports(user=user, pk=academy_id)
    offers = Offer.objects.filter(academy=academy)
    cohorts = _cohorts_in(Cohort.objects.filter(offer__in=offers), period)
    surveys = _surveys_in(Survey.objects.filter(offer__in=offers), period)
    return _build(
        key="period",
        scope="period",
        title=f"{academy.name}: all offers",
        subtitle=period.label,
        offer=None,
        academy=academy.name,
        period=period,
        scope_figures=figures_between(
            title=academy.name, scope="period", scope_id=academy.pk, surveys=surveys, cohorts=cohorts
        ),
        present=attendances(offers=offers, period=period),
        answers=Answer.objects.filter(response__survey__in=surveys),
        goals=Goal.objects.filter(Q(cohort__in=cohorts) | Q(survey__in=surveys)),
        theme_sets=ThemeSet.objects.none(),  # themes belong to one offer; see each offer's report
        cohorts=cohorts,
    )


# ---------------------------------------------------------------- the compiled suite


SuitePages = Callable[..., list[Any]]
_SUITE_PAGES: list[SuitePages] = []


def suite_pages_register(builder: SuitePages) -> None:
    """Let an app add pages to the compiled suite (the coaching hub's, say) without evaluation knowing it.

    `builder(academy_ids=[...], period=Period)` returns page objects with `key`, `title`, `group` (a
    SUITE_GROUPS title), `template` (laid out with `page`, `hs` and `hq` in the context) and `notes` (lines
    for "About these figures"), and may have `covers_offer_ids`: offers whose own report the page stands in
    for (a community's events, the catalogue offer of a commissioned coaching programme), left out of the
    suite so that no story is told twice. Their people still count in the suite's totals. Registering the same builder again replaces nothing and adds nothing."""
    if builder not in _SUITE_PAGES:
        _SUITE_PAGES.append(builder)


def suite_offers(*, user: Any) -> QuerySet[Offer]:
    """Offers a user may compile into a suite: those of the academies they manage."""
    return selectors.offers_for_suite(user=user)


def suite_build(*, user: Any, offer_ids: list[int], period: Period, today: dt.date | None = None) -> Suite:
    """Several offers' reports in one document, grouped as seed 002's contents page groups them, with
    an opening summary of everything delivered in the period."""
    offers = list(
        suite_offers(user=user).filter(pk__in=offer_ids).select_related("academy", "delivery_partner")
    )
    if not offers:
        raise Http404("Choose at least one offer you manage")
    order = {kind: index for index, (_, kinds) in enumerate(SUITE_GROUPS) for kind in kinds}
    offers.sort(key=lambda o: (order.get(o.kind, len(order)), o.title, o.pk))
    reports = [_offer_report(offer, period=period) for offer in offers]
    groups: list[SuiteGroup] = []
    for report in reports:
        if not groups or groups[-1].title != report.group:
            groups.append(SuiteGroup(title=report.group, reports=[]))
        groups[-1].reports.append(report)
    delivery = delivery_counts(
        attendances(offers=Offer.objects.filter(pk__in=[o.pk for o in offers]), period=period)
    )
    academies = sorted({offer.academy.name for offer in offers})
    academy_ids = sorted({offer.academy_id for offer in offers})
    pages = [page for builder in _SUITE_PAGES for page in builder(academy_ids=academy_ids, period=period)]
    covered = {offer_id for page in pages for offer_id in getattr(page, "covers_offer_ids", ())}
    highlights = [_highlight(report) for group in groups for report in group.reports]
    groups = [
        replace(group, reports=[report for report in group.reports if report.offer_id not in covered])
        for group in groups
    ]
    groups = [group for group in groups if group.reports]
    # Each page goes into its group (seed 002's contents: the hub's pages under Coaching & Mentoring); a group
    # no offer is in (In-Place Systems OD) follows the offers' groups, in the order the pages came.
    by_title = {group.title: group for group in groups}
    known = [title for title, _kinds in SUITE_GROUPS]
    for page in pages:
        if page.group not in by_title:
            by_title[page.group] = SuiteGroup(title=page.group, reports=[])
        by_title[page.group].pages.append(page)
    groups = sorted(
        by_title.values(),
        key=lambda g: (
            known.index(g.title) if g.title in known else len(known) + list(by_title).index(g.title)
        ),
    )
    method = list(METHOD_NOTES)
    for page in pages:
        method.extend(note for note in page.notes if note not in method)
    responses = sum(report.responses for report in reports)
    invited = sum(report.invited for report in reports)
    answered = sum(report.response_rate.count for report in reports)
    return Suite(
        title="Impact of our leadership development offers",
        academy=", ".join(academies),
        period=period,
        delivery=delivery,
        summary=f"{delivery.sentence} {period.describe(today=today)}",
        groups=groups,
        highlights=highlights,
        responses=responses,
        response_sentence=figures.response_sentence(responses=responses, invited=invited, answered=answered),
        pages=pages,
        method=method,
    )


def _highlight(report: ImpactReport) -> Highlight:
    """The result an executive summary leads with: the first agreement or yes/no question's headline,
    else the goal theme with the largest share improved, each with its base."""
    result = "No evaluation responses in this period."
    headline = next((section for section in report.questions if section.figure.base), None)
    if headline is not None:
        result = f"“{headline.figure.text}”: {headline.headline}"
    elif report.goals and report.goals[0].improved_percent is not None:
        goal = report.goals[0]
        result = f"{goal.improved_percent}% improved in “{goal.theme}” ({goal.improved} of {goal.base})"
    return Highlight(
        key=report.key,
        title=report.title,
        participants=report.delivery.participants,
        people=report.delivery.people,
        responses=report.responses,
        result=result,
    )


# ---------------------------------------------------------------- printing


def print_html(*, suite: Suite | None = None, report: ImpactReport | None = None) -> str:
    """The print version (A4, page numbers, contents page for a suite) as one HTML document."""
    from django.template.loader import render_to_string

    return render_to_string("evaluation/reports/print.html", {"suite": suite, "report": report})


def pdf_bytes(html: str) -> bytes:
    """A tagged (PDF/UA-1) PDF. No clock is read, so the same HTML gives the same bytes."""
    return html_to_pdf(html)


# ---------------------------------------------------------------- large suites in the background

SUITE_SYNC_MAX_OFFERS = 20  # more offers than this and the PDF is rendered by a background task


def suite_file_name(*, user_id: int, offer_ids: list[int], period: Period) -> str:
    """Where a background-rendered suite is kept: named by what it holds, so a repeat is found."""
    import hashlib

    key = f"{user_id}:{sorted(set(offer_ids))}:{period.start.isoformat()}:{period.end.isoformat()}"
    return f"reports/suite-{hashlib.sha256(key.encode()).hexdigest()[:32]}.pdf"


@shared_task(name="academy.evaluation.reports.suite_pdf_render")
def suite_pdf_render(user_id: int, offer_ids: list[int], start: str, end: str) -> str:
    """Render a compiled suite to storage (ids and ISO dates in, never model instances)."""
    from django.contrib.auth import get_user_model
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    user = get_user_model().objects.get(pk=user_id)
    period = Period(start=dt.date.fromisoformat(start), end=dt.date.fromisoformat(end))
    suite = suite_build(user=user, offer_ids=offer_ids, period=period)
    name = suite_file_name(user_id=user_id, offer_ids=offer_ids, period=period)
    if default_storage.exists(name):
        default_storage.delete(name)
    default_storage.save(name, ContentFile(pdf_bytes(print_html(suite=suite))))
    return name


# ---------------------------------------------------------------- for other apps' reports

# A community's or a programme's report quotes testimonies and prints themes exactly as an offer's report
# does (consent, the anonymous minimum, credits by role and sector): the same functions, under public names.
testimonies_of = _testimonies
themes_of = _themes
