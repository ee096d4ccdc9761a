"""A community of practice's printed report (seed 000, "Reflections of Organisation Development in
Integrated Care Systems"), from data, over a period.

The context and aims are the community's; each of its events (workshops, a bitesize series: offers) is
listed with the sessions held in the period and the people present at each; the action learning sets are
counted from logged meetings ("5 sets successfully met" is the academy's rule applied to the meetings held
in the period); the three standard statements pool the answers to every evaluation of the community's
events and sets that opened in the period (evaluation.dashboards, so anonymous evaluations under the
minimum are left out); testimonies and themes are printed as an offer's report prints them
(evaluation.reports). Nothing here rounds or divides: percentages come from academy.reporting.arithmetic
through evaluation's figures.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.safestring import SafeString

from academy.core.dates import long_date
from academy.evaluation.charts import question_chart
from academy.evaluation.dashboards import attendances, headline_counts, headline_figures, headline_text
from academy.evaluation.figures import QuestionFigure
from academy.evaluation.models import Answer, Response, Survey, ThemeSet
from academy.evaluation.reports import Quote, ThemeGroup, testimonies_of, themes_of
from academy.reporting.arithmetic import anonymous_minimum, withheld_sentence
from academy.reporting.pdf import html_to_pdf
from academy.reporting.periods import Period

from .models import Community, LearningSet
from .selectors import CommunityFigures, community_figures, community_sets, meetings_in


@dataclass(frozen=True)
class HeldSession:
    title: str
    day: dt.date
    present: int

    @property
    def date_text(self) -> str:
        return long_date(self.day)


@dataclass(frozen=True)
class EventSeries:
    """One of the community's events (an offer) in the period."""

    key: str
    title: str
    kind: str
    sessions: list[HeldSession]
    participants: int  # attendances: one person at three sessions counts three times
    people: int  # different people

    @property
    def sentence(self) -> str:
        n = len(self.sessions)
        if not n:
            return "No sessions were held in this period."
        days = [s.date_text for s in self.sessions]
        on = days[0] if n == 1 else ", ".join(days[:-1]) + " and " + days[-1]
        noun = "participant" if self.participants == 1 else "participants"
        people = "person" if self.people == 1 else "different people"
        return (
            f"{n} session{'s' if n != 1 else ''}, on {on}, with a total of {self.participants:,} {noun} "
            f"({self.people:,} {people})."
        )


@dataclass(frozen=True)
class SetsSummary:
    sets: int  # sets that held at least one logged meeting in the period
    met: int  # of those, sets that met the academy's rule with the meetings held in the period
    meetings: int  # logged meetings in the period
    first: dt.date | None
    last: dt.date | None
    rule: str  # the academy's rule, in words

    @property
    def sentence(self) -> str:
        if not self.sets:
            return "No action learning set met in this period."
        return f"{self.met} set{'s' if self.met != 1 else ''} successfully met during this time."

    @property
    def span(self) -> str:
        if self.first is None or self.last is None:
            return ""
        return f"from {long_date(self.first)} to {long_date(self.last)}"


@dataclass(frozen=True)
class Statement:
    figure: QuestionFigure
    headline: str  # "62% strongly agreed, 38% agreed (100%) — 13 responses"
    chart: SafeString | None
    chart_id: str


@dataclass(frozen=True)
class CommunityReport:
    key: str
    title: str
    community: str
    slug: str
    academy: str
    period: Period
    aims: list[str]
    figures: CommunityFigures
    events: list[EventSeries]
    sets: SetsSummary
    responses: int
    statements: list[Statement]
    testimonies: list[Quote]
    testimonies_total: int
    testimonies_withheld: str
    themes: list[ThemeGroup]
    notes: list[str] = field(default_factory=list)
    group: str = "Collaborative Networks"  # its section of the compiled suite (evaluation.reports)
    template: str = "learning_sets/reports/suite_page.html"
    covers_offer_ids: frozenset[int] = frozenset()  # its events: their own reports it stands in for

    @property
    def has_data(self) -> bool:
        return bool(sum(e.participants for e in self.events) or self.sets.sets or self.responses)


def _events(community: Community, period: Period) -> list[EventSeries]:
    offers = list(community.events.order_by("title", "pk"))
    rows = (
        attendances(offers=community.events.all(), period=period)
        .values("session_id", "session__title", "session__starts_at", "session__cohort__offer_id")
        .annotate(n=Count("id"))
        .order_by("session__starts_at", "session_id")
    )
    sessions: dict[int, list[HeldSession]] = {}
    for row in rows:
        sessions.setdefault(row["session__cohort__offer_id"], []).append(
            HeldSession(
                title=row["session__title"],
                day=timezone.localtime(row["session__starts_at"]).date(),
                present=row["n"],
            )
        )
    people = dict(
        attendances(offers=community.events.all(), period=period)
        .values_list("session__cohort__offer_id")
        .annotate(n=Count("person", distinct=True))
        .order_by()
    )
    return [
        EventSeries(
            key=f"community-{community.pk}-event-{offer.pk}",
            title=offer.title,
            kind=offer.get_kind_display(),
            sessions=sessions.get(offer.pk, []),
            participants=sum(s.present for s in sessions.get(offer.pk, [])),
            people=people.get(offer.pk, 0),
        )
        for offer in offers
    ]


def _sets(community: Community, period: Period, figures: CommunityFigures) -> SetsSummary:
    held = [m for s in community_sets(community) for m in meetings_in(s, period) if m.logged]
    days = sorted(m.held_on for m in held)
    pools = set(community.pools.values_list("met_meetings", "met_share"))
    rules = "; ".join(
        f"a set met when it held at least {n} meeting{'s' if n != 1 else ''} with more than {share}% of "
        "its members present"
        for n, share in sorted(pools)
    )
    return SetsSummary(
        sets=len({m.learning_set_id for m in held}),
        met=figures.sets_met,
        meetings=len(held),
        first=days[0] if days else None,
        last=days[-1] if days else None,
        rule=rules[:1].upper() + rules[1:] + "." if rules else "",
    )


def community_surveys(community: Community, period: Period | None) -> QuerySet[Survey]:
    """Every evaluation of the community's events and of its action learning sets (that opened in the
    period)."""
    set_ids = LearningSet.objects.filter(run__pool__community=community).values("pk")
    surveys = Survey.objects.filter(
        Q(offer__in=community.events.all())
        | Q(subject_type=ContentType.objects.get_for_model(LearningSet), subject_id__in=set_ids)
    )
    if period is not None:
        start, end = period.bounds
        surveys = surveys.filter(opens_at__gte=start, opens_at__lt=end)
    return surveys


def community_report(*, community: Community, period: Period) -> CommunityReport:
    """The report of one community over a period (the caller has checked that the user may see it)."""
    figures = community_figures(community, period)
    surveys = community_surveys(community, period)
    statements = []
    for figure in headline_figures(headline_counts(surveys=surveys)):
        chart_id = f"community-{community.pk}-chart-{figure.code}"
        statements.append(
            Statement(
                figure=figure,
                headline=headline_text(figure),
                chart=question_chart(figure, chart_id=chart_id),
                chart_id=chart_id,
            )
        )
    testimonies, total, held_back = testimonies_of(Answer.objects.filter(response__survey__in=surveys))
    themes = [
        replace(group, title=f"{offer.title}: {group.title}")
        for offer in community.events.order_by("title", "pk")
        for group in themes_of(ThemeSet.objects.filter(offer=offer))
    ]
    return CommunityReport(
        key=f"community-{community.pk}",
        title=f"Reflections of the {community.name}",
        community=community.name,
        slug=community.slug,
        academy=community.academy.name,
        period=period,
        aims=[line.strip(" -•") for line in community.aims.splitlines() if line.strip(" -•")],
        figures=figures,
        events=_events(community, period),
        sets=_sets(community, period, figures),
        responses=Response.objects.filter(survey__in=surveys).count(),
        statements=statements,
        testimonies=testimonies,
        testimonies_total=total,
        testimonies_withheld=withheld_sentence(held_back) if held_back else "",
        themes=themes,
        covers_offer_ids=frozenset(community.events.values_list("pk", flat=True)),
        notes=[
            "Participants are attendances at sessions with at least one person present: one person at "
            "three sessions counts three times.",
            "Percentages are whole numbers rounded half up from the exact fraction; each statement gives "
            "its base, the people who answered it. Evaluations count when they opened in the period; "
            f"anonymous evaluations with fewer than {anonymous_minimum()} responses are left out.",
            "Testimonies are quoted only with the person's consent, and never by name.",
        ],
    )


def suite_pages(*, academy_ids: list[int], period: Period) -> list[CommunityReport]:
    """The compiled suite's community pages (suite_pages_register): one per community of its academies
    with anything delivered, met or answered in the period."""
    communities = Community.objects.filter(academy_id__in=academy_ids).select_related("academy")
    reports = [community_report(community=c, period=period) for c in communities.order_by("name", "pk")]
    return [report for report in reports if report.has_data]


def print_html(report: CommunityReport) -> str:
    from django.template.loader import render_to_string

    return render_to_string("learning_sets/reports/print.html", {"report": report})


def pdf_bytes(report: CommunityReport) -> bytes:
    """A tagged PDF (academy.reporting.pdf); the same data gives the same bytes."""
    return html_to_pdf(print_html(report))
