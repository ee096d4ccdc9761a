"""The "Coaching and mentoring" page of the compiled impact suite (seed 002), from data.

Hub figures are counted as of the period's end (selectors.hub_figures). The feedback figures pool the
hub's quarterly feedback rounds (services.relationship_feedback_send invites each closing coachee or mentee
to their quarter's one survey) that overlap the period, leaving out whole any round with fewer than
anonymous_minimum() answers; each figure gives its base (the people who answered that question) and
percentages come from reporting.arithmetic. Goal
progress by theme is the goal tracker of the relationships closed in the period (evaluation.figures).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count

from academy.evaluation.figures import GoalThemeFigure, goal_figures
from academy.evaluation.models import Answer, Goal, Response, Survey
from academy.people.models import Academy
from academy.reporting.arithmetic import Proportion, anonymous_minimum, too_few_to_show, withheld_sentence
from academy.reporting.exports import Table
from academy.reporting.periods import Period

from .models import Kind, Relationship
from .selectors import HubFigures, hub_figures
from .services import FEEDBACK_INSTRUMENT

RECOMMEND = (
    ("recommend_practice", "would recommend {practice} to a colleague"),
    ("recommend_practitioner", "would recommend their {practitioner}"),
    ("recommend_hub", "would recommend the Coaching and Mentoring Hub to a friend or colleague"),
)
AGREEMENT = (
    ("insights", "{practice_cap} helped them gain insights, knowledge and/or skills"),
    ("valuable_time", "{practice_cap} was a valuable use of their time"),
    ("important_goals", "their {practitioner} helped them work through important and challenging goals"),
    ("skilful_support", "their {practitioner} skilfully supported their development"),
)
WORDS = {
    Kind.COACHING: {"practice": "coaching", "practice_cap": "Coaching", "practitioner": "coach"},
    Kind.MENTORING: {"practice": "mentoring", "practice_cap": "Mentoring", "practitioner": "mentor"},
}


@dataclass(frozen=True)
class FeedbackFigure:
    code: str
    statement: str  # "would recommend their coach"
    share: Proportion  # yes (or agree or strongly agree) of the people who answered

    @property
    def sentence(self) -> str:
        if self.share.percent is None:
            return f"No one answered whether they {self.statement}."
        noun = "person" if self.share.base == 1 else "people"
        return f"{self.share.percent}% {self.statement} ({self.share.count} of {self.share.base} {noun})"


@dataclass(frozen=True)
class KindFeedback:
    kind: str  # "coaching" or "mentoring"
    title: str  # "Coaching"
    closed: int  # relationships closed in the period
    responses: int  # responses in the shown feedback rounds (quarters) overlapping the period
    withheld: str  # the sentence in place of figures under the minimum, else ""
    recommend: list[FeedbackFigure] = field(default_factory=list)
    agreement: list[FeedbackFigure] = field(default_factory=list)
    goals: list[GoalThemeFigure] = field(default_factory=list)
    goals_rated: int = 0  # goals rated before and after
    rounds: int = 0  # quarterly feedback rounds whose figures are shown


@dataclass(frozen=True)
class CoachingPage:
    key: str
    title: str
    group: str
    academy: str
    period: Period
    hub: HubFigures
    kinds: list[KindFeedback]
    template: str = "coaching/reports/suite_page.html"
    notes: list[str] = field(default_factory=list)

    @property
    def has_data(self) -> bool:
        return bool(self.hub.coaches or self.hub.mentors or self.hub.coachees or self.hub.mentees)

    def tables(self) -> list[Table]:
        """The page's figures for the suite's CSV and Excel downloads, as printed (withheld stays out)."""
        hub = self.hub
        tables = [
            Table(
                key=f"{self.key}-hub",
                title=f"Coaching hub as of {hub.as_of.isoformat()}",
                headers=["Figure", "Count"],
                rows=[
                    ["Registered coaches", hub.coaches],
                    ["Coachees", hub.coachees],
                    ["Registered mentors", hub.mentors],
                    ["Mentees", hub.mentees],
                    ["Relationships under way", hub.active_relationships],
                ],
            )
        ]
        for kind in self.kinds:
            rows: list[list[Any]] = [
                ["Relationships closed in the period", "", kind.closed, ""],
                ["People who gave feedback (shown rounds)", "", kind.responses, ""],
            ]
            if kind.withheld:
                rows.append([kind.withheld, "", "", ""])
            for f in kind.recommend + kind.agreement:
                rows.append([f.statement, f.share.count, f.share.base, _percent(f.share.percent)])
            tables.append(
                Table(
                    key=f"{self.key}-{kind.kind}-feedback",
                    title=f"{kind.title} feedback",
                    headers=["Statement", "Yes or agree", "Base", "Percentage"],
                    rows=rows,
                )
            )
            if kind.goals:
                tables.append(_goal_table(f"{self.key}-{kind.kind}-goals", f"{kind.title} goals", kind.goals))
        return tables


def _percent(value: int | None) -> str:
    return "" if value is None else f"{value}%"


def _goal_table(key: str, title: str, goals: list[GoalThemeFigure]) -> Table:
    return Table(
        key=key,
        title=title,
        headers=[
            "Goal theme",
            "Improved",
            "Rated before and after",
            "Share improved",
            "Median before",
            "Median after",
        ],
        rows=[
            [g.theme, g.improved, g.base, _percent(g.improved_percent), g.median_before, g.median_after]
            for g in goals
        ],
    )


def _shares(
    survey_ids: list[int], codes: tuple[tuple[str, str], ...], yes: set[str], words: dict[str, str]
) -> list[FeedbackFigure]:
    rows = (
        Answer.objects.filter(response__survey_id__in=survey_ids, question__code__in=[c for c, _ in codes])
        .exclude(choice="")
        .values_list("question__code", "choice")
        .annotate(n=Count("id"))
        .order_by()
    )
    counts: dict[str, dict[str, int]] = {}
    for code, choice, n in rows:
        counts.setdefault(code, {})[choice] = n
    figures = []
    for code, statement in codes:
        answered = counts.get(code, {})
        base = sum(answered.values())
        count = sum(n for choice, n in answered.items() if choice in yes)
        figures.append(
            FeedbackFigure(code=code, statement=statement.format(**words), share=Proportion.of(count, base))
        )
    return figures


def _kind_feedback(academy_id: int, kind: str, period: Period) -> KindFeedback:
    """Feedback from the hub's quarterly rounds for `kind` that overlap the period. A round whose survey
    has fewer than anonymous_minimum() responses is left out whole (its count said), so figures move a
    round of at least that many people at a time, never by one person's answers."""
    from .models import FeedbackRound

    start, end = period.bounds
    closed = Relationship.objects.filter(
        request__academy_id=academy_id,
        kind=kind,
        status=Relationship.Status.CLOSED,
        closed_at__gte=start,
        closed_at__lt=end,
    )
    rounds = FeedbackRound.objects.filter(
        academy_id=academy_id, kind=kind, starts_on__lte=period.end, ends_on__gte=period.start
    )
    round_type = ContentType.objects.get_for_model(FeedbackRound)
    counted = dict(
        Survey.objects.filter(
            academy_id=academy_id,
            subject_type=round_type,
            subject_id__in=rounds.values("pk"),
            instrument__key=FEEDBACK_INSTRUMENT[kind],
        )
        .annotate(n=Count("responses"))
        .values_list("pk", "n")
    )
    survey_ids = sorted(pk for pk, n in counted.items() if not too_few_to_show(n))
    responses = sum(counted[pk] for pk in survey_ids)
    left_out = sum(counted.values()) - responses
    relationship_type = ContentType.objects.get_for_model(Relationship)
    goals = Goal.objects.filter(subject_type=relationship_type, subject_id__in=closed.values("pk"))
    goal_rows = goal_figures(goals)
    words = WORDS[Kind(kind)]
    shown = bool(survey_ids) and responses > 0
    return KindFeedback(
        kind=kind,
        title=words["practice_cap"],
        closed=closed.count(),
        responses=responses,
        withheld=withheld_sentence(left_out) + "." if left_out else "",
        recommend=_shares(survey_ids, RECOMMEND, {"yes"}, words) if shown else [],
        agreement=_shares(survey_ids, AGREEMENT, {"agree", "strongly_agree"}, words) if shown else [],
        goals=goal_rows,
        goals_rated=sum(g.base for g in goal_rows),
        rounds=len(survey_ids),
    )


def coaching_page(*, academy: Academy, period: Period) -> CoachingPage:
    """The page for one academy's hub over `period`, its registered people counted as of the period's end."""
    return CoachingPage(
        key=f"coaching-hub-{academy.pk}",
        title="Coaching and mentoring hub",
        group="Coaching & Mentoring",
        academy=academy.name,
        period=period,
        hub=hub_figures(academy_id=academy.pk, as_of=period.end),
        kinds=[_kind_feedback(academy.pk, kind, period) for kind in (Kind.COACHING, Kind.MENTORING)],
        notes=[minimum_note()],
    )


def suite_pages(*, academy_ids: list[int], period: Period) -> list[CoachingPage]:
    """The suite's coaching pages: one per academy in it whose hub had anyone registered by the period's end."""
    pages = [
        coaching_page(academy=a, period=period)
        for a in Academy.objects.filter(pk__in=academy_ids).order_by("name", "pk")
    ]
    return [page for page in pages if page.has_data]


MINIMUM_NOTE = (
    "Coaching and mentoring feedback is asked in quarterly rounds: everyone whose relationship closed in "
    "a calendar quarter is invited to the same anonymous survey. Figures pool the rounds that overlap the "
    "period; a round with fewer than {minimum} answers is left out whole, so that no one's answers can be "
    "picked out by comparing reports."
)


def minimum_note() -> str:
    return MINIMUM_NOTE.format(minimum=anonymous_minimum())


# --- The "PCN clinical directors" page: a commissioned coaching programme --------------------------------


@dataclass(frozen=True)
class ProgrammeTheme:
    theme: str
    people: int  # participants with at least one goal on this theme
    figure: GoalThemeFigure | None  # None while fewer than anonymous_minimum() goals were rated
    rated: int  # goals on this theme rated before and after

    @property
    def sentence(self) -> str:
        if self.figure is None or self.figure.improved_percent is None:
            return f"Fewer than {anonymous_minimum()} goals rated before and after: not shown."
        f = self.figure
        return f"{f.improved_percent}% improved ({f.improved} of {f.base} goals)"


@dataclass(frozen=True)
class ProgrammePage:
    key: str
    title: str
    group: str
    academy: str
    period: Period
    provider: str
    purpose: str
    starts_on: Any
    ends_on: Any
    participants: int
    sessions_each: int
    session_minutes: int
    sessions_held: int
    sessions_planned: int
    completed: int  # participants who had every session
    themes: list[ProgrammeTheme]
    goals_rated: int
    template: str = "coaching/reports/programme_page.html"
    notes: list[str] = field(default_factory=list)

    def tables(self) -> list[Table]:
        return [
            Table(
                key=f"{self.key}-sessions",
                title=f"{self.title}: sessions",
                headers=["Figure", "Count"],
                rows=[
                    ["People", self.participants],
                    ["Sessions planned", self.sessions_planned],
                    ["Sessions held", self.sessions_held],
                    [f"People who had all {self.sessions_each}", self.completed],
                ],
            ),
            Table(
                key=f"{self.key}-goals",
                title=f"{self.title}: goals by theme",
                headers=["Theme", "People", "Rated before and after", "Improved", "Share improved"],
                rows=[
                    [
                        t.theme,
                        t.people,
                        t.rated,
                        t.figure.improved if t.figure else "*",
                        _percent(t.figure.improved_percent) if t.figure else "*",
                    ]
                    for t in self.themes
                ],
            ),
        ]


PROGRAMME_NOTE = (
    "Commissioned coaching programmes: each goal from the provider's goal tracker is rated by its owner "
    "from 1 to 10 before the first and after the last session; a theme's figures are shown only when at "
    "least {minimum} of its goals were rated both times."
)


def programme_page(programme: Any, *, period: Period) -> ProgrammePage:
    from django.db.models import Count as _Count

    from .models import ProgrammeParticipant, ProgrammeSession

    participants = ProgrammeParticipant.objects.filter(programme=programme)
    held = ProgrammeSession.objects.filter(participant__programme=programme)
    per_person = participants.annotate(n=_Count("sessions")).values_list("n", flat=True)
    place_type = ContentType.objects.get_for_model(ProgrammeParticipant)
    goals = Goal.objects.filter(subject_type=place_type, subject_id__in=participants.values("pk"))
    people_by_theme = dict(
        goals.values_list("theme").annotate(n=Count("subject_id", distinct=True)).values_list("theme", "n")
    )
    figures = {f.theme: f for f in goal_figures(goals)}
    themes = []
    for theme in sorted(people_by_theme, key=lambda t: (-people_by_theme[t], t)):
        figure = figures.get(theme)
        rated = figure.base if figure else 0
        shown = figure if figure is not None and not rated < anonymous_minimum() else None
        themes.append(ProgrammeTheme(theme=theme, people=people_by_theme[theme], figure=shown, rated=rated))
    # Themes with figures first, most improved share first, as seed 002 lists them.
    themes.sort(
        key=lambda t: (t.figure is None, -((t.figure.improved_percent or 0) if t.figure else 0), t.theme)
    )
    count = participants.count()
    return ProgrammePage(
        key=f"coaching-programme-{programme.pk}",
        title=programme.title,
        group="Coaching & Mentoring",
        academy=programme.academy.name,
        period=period,
        provider=programme.provider,
        purpose=programme.purpose,
        starts_on=programme.starts_on,
        ends_on=programme.ends_on,
        participants=count,
        sessions_each=programme.sessions_each,
        session_minutes=programme.session_minutes,
        sessions_held=held.count(),
        sessions_planned=count * programme.sessions_each,
        completed=sum(1 for n in per_person if n >= programme.sessions_each),
        themes=themes,
        goals_rated=sum(t.rated for t in themes),
        notes=[PROGRAMME_NOTE.format(minimum=anonymous_minimum())],
    )


def programme_suite_pages(*, academy_ids: list[int], period: Period) -> list[ProgrammePage]:
    """One page per commissioned programme of the suite's academies that ran at any time in the period. A
    programme booked through a catalogue offer is that offer's story: the offer's own report (registrations,
    evaluation, goal tracker, testimonies) tells it, so it has no second page."""
    from .models import CoachingProgramme

    programmes = (
        CoachingProgramme.objects.filter(
            academy_id__in=academy_ids,
            starts_on__lte=period.end,
            ends_on__gte=period.start,
            offer__isnull=True,
        )
        .select_related("academy")
        .order_by("starts_on", "title", "pk")
    )
    return [programme_page(p, period=period) for p in programmes]


# --- The "Team coaching" page ----------------------------------------------------------------------------

TEAM_RECOMMEND = (
    ("recommend_team_coaching", "would recommend team coaching to another team"),
    ("recommend_team_coaches", "would recommend their team coaches"),
)
TEAM_AGREEMENT = (
    ("team_insights", "agree or strongly agree that team coaching helps them generate helpful insights"),
    (
        "team_conversations",
        "agree or strongly agree that it enables the team to have important conversations",
    ),
    (
        "team_space",
        "agree or strongly agree that the journey creates a positive space to explore and improve",
    ),
)
TEAM_NOTE = (
    "Team coaching feedback is asked of each team's leader and members once their coaching sessions "
    "have begun; figures pool the answers to feedback asked in the period and are shown only when at least "
    "{minimum} people answered."
)


@dataclass(frozen=True)
class JourneyRow:
    team: str
    organisation: str
    phase: str  # the phase as of the period's end
    engagement_on: Any
    planned_months: int
    sessions_held: int


@dataclass(frozen=True)
class TeamCoachingPage:
    key: str
    title: str
    group: str
    academy: str
    period: Period
    journeys: list[JourneyRow]
    invited: int
    responses: int
    withheld: str
    recommend: list[FeedbackFigure] = field(default_factory=list)
    agreement: list[FeedbackFigure] = field(default_factory=list)
    template: str = "coaching/reports/team_page.html"
    notes: list[str] = field(default_factory=list)
    # The journeys' catalogue offers: this page tells their story, so their own reports are left out
    covers_offer_ids: frozenset[int] = frozenset()

    def tables(self) -> list[Table]:
        rows: list[list[Any]] = [
            ["People asked", "", self.invited, ""],
            ["People who answered", "", self.responses, ""],
        ]
        if self.withheld:
            rows.append([self.withheld, "", "", ""])
        rows += [
            [f.statement, f.share.count, f.share.base, _percent(f.share.percent)]
            for f in self.agreement + self.recommend
        ]
        return [
            Table(
                key=f"{self.key}-journeys",
                title="Team coaching journeys",
                headers=["Team", "Organisation", "Began", "Phase", "Months planned", "Team sessions"],
                rows=[
                    [
                        j.team,
                        j.organisation,
                        j.engagement_on.isoformat(),
                        j.phase,
                        j.planned_months,
                        j.sessions_held,
                    ]
                    for j in self.journeys
                ],
            ),
            Table(
                key=f"{self.key}-feedback",
                title="Team coaching feedback",
                headers=["Statement", "Yes or agree", "Base", "Percentage"],
                rows=rows,
            ),
        ]


def team_coaching_page(*, academy: Academy, period: Period) -> TeamCoachingPage | None:
    from academy.evaluation.models import Invitation

    from .models import TeamJourney

    start, end = period.bounds
    journeys = TeamJourney.objects.filter(academy=academy, engagement_on__lte=period.end).exclude(
        ended_on__lt=period.start
    )
    if not journeys.exists():
        return None
    journey_type = ContentType.objects.get_for_model(TeamJourney)
    survey_ids = sorted(
        Survey.objects.filter(
            academy=academy,
            subject_type=journey_type,
            subject_id__in=journeys.values("pk"),
            opens_at__gte=start,
            opens_at__lt=end,
        ).values_list("pk", flat=True)
    )
    responses = Response.objects.filter(survey_id__in=survey_ids).count()
    rows = [
        JourneyRow(
            team=j.team_name,
            organisation=j.organisation,
            phase=str(TeamJourney.Phase(j.phase_on(period.end)).label),
            engagement_on=j.engagement_on,
            planned_months=j.planned_months,
            sessions_held=j.sessions_held,
        )
        for j in journeys.order_by("engagement_on", "team_name", "pk")
    ]
    common: dict[str, Any] = {
        "key": f"team-coaching-{academy.pk}",
        "title": "Team coaching",
        "group": "Coaching & Mentoring",
        "academy": academy.name,
        "period": period,
        "journeys": rows,
        "invited": Invitation.objects.filter(survey_id__in=survey_ids).count(),
        "responses": responses,
        "notes": [TEAM_NOTE.format(minimum=anonymous_minimum())],
        "covers_offer_ids": frozenset(journeys.exclude(offer=None).values_list("offer_id", flat=True)),
    }
    if responses == 0 or too_few_to_show(responses):
        withheld = withheld_sentence(responses) + "." if responses else ""
        return TeamCoachingPage(withheld=withheld, **common)
    return TeamCoachingPage(
        withheld="",
        recommend=_shares(survey_ids, TEAM_RECOMMEND, {"yes"}, {}),
        agreement=_shares(survey_ids, TEAM_AGREEMENT, {"agree", "strongly_agree"}, {}),
        **common,
    )


def team_suite_pages(*, academy_ids: list[int], period: Period) -> list[TeamCoachingPage]:
    pages = [team_coaching_page(academy=a, period=period) for a in Academy.objects.filter(pk__in=academy_ids)]
    return sorted((p for p in pages if p is not None), key=lambda p: (p.academy, p.key))
