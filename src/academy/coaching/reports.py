"""The "Coaching and mentoring" page of the compiled impact suite (seed 002), from data.

Hub figures are counted as of the period's end (selectors.hub_figures). The feedback figures pool the
coaching or mentoring feedback responses to surveys sent at closure (services.relationship_feedback_send)
that opened in the period, so every response belongs to a relationship closed in the period; each figure
gives its base (the people who answered that question), percentages come from reporting.arithmetic, and
nothing about the answers is shown while fewer than anonymous_minimum() people have answered. Goal
progress by theme is the goal tracker of the relationships closed in the period (evaluation.figures).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count

from academy.evaluation.figures import GoalThemeFigure, goal_figures
from academy.evaluation.models import Answer, Goal, Response, Survey
from academy.people.models import Academy
from academy.reporting.arithmetic import Proportion, anonymous_minimum, too_few_to_show, withheld_sentence
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
    responses: int  # feedback responses to surveys opened in the period (never more than `closed`)
    withheld: str  # the sentence in place of figures under the minimum, else ""
    recommend: list[FeedbackFigure] = field(default_factory=list)
    agreement: list[FeedbackFigure] = field(default_factory=list)
    goals: list[GoalThemeFigure] = field(default_factory=list)
    goals_rated: int = 0  # goals rated before and after


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
    start, end = period.bounds
    closed = Relationship.objects.filter(
        request__academy_id=academy_id,
        kind=kind,
        status=Relationship.Status.CLOSED,
        closed_at__gte=start,
        closed_at__lt=end,
    )
    relationship_type = ContentType.objects.get_for_model(Relationship)
    surveys = Survey.objects.filter(
        academy_id=academy_id,
        subject_type=relationship_type,
        subject_id__in=closed.values("pk"),
        instrument__key=FEEDBACK_INSTRUMENT[kind],
    )
    survey_ids = sorted(surveys.values_list("pk", flat=True))
    responses = Response.objects.filter(survey_id__in=survey_ids).count()
    goals = Goal.objects.filter(subject_type=relationship_type, subject_id__in=closed.values("pk"))
    goal_rows = goal_figures(goals)
    words = WORDS[Kind(kind)]
    title = words["practice_cap"]
    if too_few_to_show(responses):
        return KindFeedback(
            kind=kind,
            title=title,
            closed=closed.count(),
            responses=responses,
            withheld=withheld_sentence(responses) + ".",
            goals=goal_rows,
            goals_rated=sum(g.base for g in goal_rows),
        )
    return KindFeedback(
        kind=kind,
        title=title,
        closed=closed.count(),
        responses=responses,
        withheld="",
        recommend=_shares(survey_ids, RECOMMEND, {"yes"}, words),
        agreement=_shares(survey_ids, AGREEMENT, {"agree", "strongly_agree"}, words),
        goals=goal_rows,
        goals_rated=sum(g.base for g in goal_rows),
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
    "Coaching and mentoring feedback is asked of each coachee or mentee when their relationship closes; "
    "figures pool the answers of relationships closed in the period and are shown only when at least "
    "{minimum} people answered."
)


def minimum_note() -> str:
    return MINIMUM_NOTE.format(minimum=anonymous_minimum())
