"""The one statistics service. Pages, the API, exports and reports all print what this computes.

Rounding rule (academy.reporting.arithmetic computes it; tested in tests/reporting/test_arithmetic.py):

    A percentage is the exact fraction count/base, multiplied by 100 and rounded HALF UP to a whole
    number, computed with integers (never floats), so 8/13 = 61.538...% prints 62%, 6/13 = 46.153...%
    prints 46% and 1/8 = 12.5% prints 13%. A combined figure such as "agree or strongly agree" is
    computed from the summed counts, never by adding rounded parts: 8/13 strongly agree (62%) and
    5/13 agree (38%) combine to 13/13 = 100%, and 6/13 + 6/13 combine to 12/13 = 92% even though the
    printed parts add up to 46% + 46% = 92% only by luck. Printed parts may therefore not add up to the
    printed total (e.g. 1/3 + 1/3 = 33% + 33% but the combined 2/3 = 67%). A base of 0 has no percentage.

    Wilson 95% score intervals are printed as percentages to one decimal place, rounded half up.

Every figure is a frozen dataclass carrying its base, and `figure_as_dict`/`figure_as_json` serialise
it the same way every time (sorted keys, no floats beyond the rounded intervals and p-values).
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from academy.offers.models import Attendance, Booking, Cohort, Offer, Session
from academy.people.selectors import EQUALITY_QUESTIONS
from academy.reporting.arithmetic import (
    Proportion,
    anonymous_minimum,
    median,
    percent,
    share_of,
    suppress_count,
    too_few_to_show,
    wilson_interval,
    withheld_sentence,
)

from .models import (
    AGREEMENT_OPTIONS,
    CHOICE_TYPES,
    NUMERIC_TYPES,
    AnswerTally,
    Goal,
    Invitation,
    Question,
    QuestionType,
    Response,
    Survey,
)

MIN_NONZERO_FOR_TEST = 6
TOO_FEW_TO_TEST = "too few to test"


# ---------------------------------------------------------------- arithmetic


def _fraction_text(value: Fraction | None) -> str | None:
    """A median as printed: whole numbers plainly, otherwise to one decimal place (halves are exact)."""
    if value is None:
        return None
    if value.denominator == 1:
        return str(value.numerator)
    decimal = (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )
    return str(decimal)


def normalise_word(text: str) -> str:
    """One-word answers are counted case- and whitespace-insensitively, ignoring edge punctuation."""
    collapsed = re.sub(r"\s+", " ", text).strip().casefold()
    return collapsed.strip(" .,;:!?\"'()[]")


# ---------------------------------------------------------------- figure objects


@dataclass(frozen=True)
class OptionFigure:
    code: str
    label: str
    count: int
    percent: int | None
    ci_low: float | None
    ci_high: float | None


@dataclass(frozen=True)
class WordCount:
    word: str
    count: int


@dataclass(frozen=True)
class QuestionFigure:
    code: str
    text: str
    type: str
    base: int  # respondents who answered this question
    options: list[OptionFigure] = field(default_factory=list)
    agree: Proportion | None = None  # agreement scales: agree or strongly agree, from counts
    recommend: Proportion | None = None  # would recommend / yes: "yes" of everyone who answered
    median: str | None = None  # numeric scales
    words: list[WordCount] = field(default_factory=list)  # one-word answers, most frequent first
    summary: str = ""  # the sentence as the seeds print it


@dataclass(frozen=True)
class FunnelStep:
    label: str
    count: int
    percent_of_first: int | None


@dataclass(frozen=True)
class ScopeFigures:
    """Everything about one survey, cohort, session or offer.

    `responses` is every response; `response_rate` is invited people who answered (`answered`) of
    everyone invited through Academy, so rate and count share one base; `other_responses` were imported
    or entered without an invitation and have no response rate. `response_sentence` says which is which.
    """

    scope: str  # "survey", "offer", "cohort" or "session"
    scope_id: int
    title: str
    responses: int
    invited: int
    response_rate: Proportion
    funnel: list[FunnelStep]
    questions: list[QuestionFigure]
    answered: int = 0
    other_responses: int = 0
    response_sentence: str = ""


@dataclass(frozen=True)
class SuppressedCount:
    label: str
    shown: str  # what is printed: "*", "0" or the count rounded to the nearest 5
    count: int | None  # the rounded count, None when suppressed
    percent: int | None  # from the rounded figures, None when suppressed


@dataclass(frozen=True)
class EqualityBreakdown:
    characteristic: str
    base_shown: str
    rows: list[SuppressedCount]


@dataclass(frozen=True)
class GoalThemeFigure:
    theme: str
    base: int  # goals rated both before and after
    improved: int
    improved_percent: int | None
    unchanged: int
    worse: int
    median_before: str | None
    median_after: str | None
    median_change: str | None
    test: str  # "Wilcoxon signed-rank" or "too few to test"
    nonzero_differences: int
    statistic: float | None
    p_value: float | None


def figure_as_dict(figure: Any) -> Any:
    """Plain data, the same for the same figures every time."""
    return asdict(figure)


def figure_as_json(figure: Any) -> str:
    return json.dumps(figure_as_dict(figure), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


# ---------------------------------------------------------------- questions


def _summary(
    question_type: str,
    options: list[OptionFigure],
    agree: Proportion | None,
    recommend: Proportion | None,
    median_text: str | None,
    base: int,
) -> str:
    """The sentence as the seeds print it, always with its base."""
    responses = f"{base} {'response' if base == 1 else 'responses'}"
    if base == 0:
        return "No responses yet."
    if question_type == QuestionType.AGREEMENT_5 and agree is not None:
        by_code = {option.code: option for option in options}
        strongly, agreed = by_code["strongly_agree"], by_code["agree"]
        return (
            f"{strongly.percent}% strongly agreed, {agreed.percent}% agreed ({agree.percent}%) — {responses}"
        )
    if question_type == QuestionType.WOULD_RECOMMEND and recommend is not None:
        return f"{recommend.percent}% would recommend — {responses}"
    if question_type == QuestionType.YES_NO and recommend is not None:
        return f"{recommend.percent}% said yes — {responses}"
    if median_text is not None:
        return f"Median {median_text} — {responses}"
    return responses


def question_figure(
    *,
    code: str,
    text: str,
    question_type: str,
    options: list[tuple[str, str]],
    counts: dict[str, int],
    base: int,
    words: Iterable[str] | dict[str, int] = (),
    numbers: Sequence[int] | Mapping[int, int] = (),
) -> QuestionFigure:
    """Figures for one question from its answer counts (option code -> count) and base."""
    option_figures = []
    for option_code, label in options:
        count = counts.get(option_code, 0)
        low, high = wilson_interval(count, base)
        option_figures.append(
            OptionFigure(
                code=option_code,
                label=label,
                count=count,
                percent=percent(count, base),
                ci_low=low,
                ci_high=high,
            )
        )
    agree = recommend = None
    if question_type == QuestionType.AGREEMENT_5:
        agree = Proportion.of(counts.get("strongly_agree", 0) + counts.get("agree", 0), base)
    if question_type in (QuestionType.WOULD_RECOMMEND, QuestionType.YES_NO):
        recommend = Proportion.of(counts.get("yes", 0), base)
    word_counts: list[WordCount] = []
    if question_type == QuestionType.ONE_WORD:
        counter: Counter[str] = Counter()
        weighted = words.items() if isinstance(words, dict) else ((word, 1) for word in words)
        for word, n in weighted:
            normalised = normalise_word(word)
            if normalised:
                counter[normalised] += n
        word_counts = [
            WordCount(word=w, count=n) for w, n in sorted(counter.items(), key=lambda i: (-i[1], i[0]))
        ]
    median_text = _fraction_text(median(numbers)) if question_type in NUMERIC_TYPES else None
    return QuestionFigure(
        code=code,
        text=text,
        type=question_type,
        base=base,
        options=option_figures,
        agree=agree,
        recommend=recommend,
        median=median_text,
        words=word_counts,
        summary=_summary(question_type, option_figures, agree, recommend, median_text, base),
    )


def _questions_for(surveys: Sequence[Survey]) -> list[Question]:
    """The questions of the surveys' instruments, one per code (the first instrument's wording wins)."""
    seen: dict[str, Question] = {}
    instrument_ids: list[int] = []
    for survey in surveys:
        if survey.instrument_id not in instrument_ids:
            instrument_ids.append(survey.instrument_id)
    questions = Question.objects.filter(instrument_id__in=instrument_ids)
    by_instrument: dict[int, list[Question]] = defaultdict(list)
    for question in questions:
        by_instrument[question.instrument_id].append(question)
    for instrument_id in instrument_ids:
        for question in sorted(by_instrument[instrument_id], key=lambda q: q.order):
            seen.setdefault(question.code, question)
    return list(seen.values())


def questions_figures(surveys: Sequence[Survey]) -> list[QuestionFigure]:
    """Per-question figures over the answers to the given surveys, grouped by question code.

    Answers are pooled across instruments and versions by code, and only where the type matches the
    question printed (the first instrument's), so a code reused for a different kind of question is
    never mixed in."""
    if not surveys:
        return []
    questions = _questions_for(surveys)
    types = {q.code: q.type for q in questions}
    shown, withheld = anonymous_surveys_shown(s.pk for s in surveys)
    # One pass over the surveys' answer tallies (services.survey_tallies_refresh keeps them): every closed,
    # numeric, one-word and multiple-choice answer, and the free-text bases.
    grouped = (
        AnswerTally.objects.filter(survey_id__in_ids=sorted(shown))
        .values("question__code", "question__type", "choice", "numeric", "word", "choices")
        .annotate(n=Sum("answers"), written=Sum("written"))
        .order_by()
    )
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    numbers: dict[str, Counter[int]] = defaultdict(Counter)
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    picked: dict[str, Counter[str]] = defaultdict(Counter)
    picked_bases: dict[str, int] = defaultdict(int)
    bases: dict[str, int] = defaultdict(int)
    written_bases: dict[str, int] = defaultdict(int)
    for row in grouped:
        code = row["question__code"]
        if types.get(code) != row["question__type"]:
            continue
        written_bases[code] += row["written"]
        if row["choices"]:
            picked_bases[code] += row["n"]
            for selected in set(row["choices"]):
                picked[code][selected] += row["n"]
            continue
        if row["word"]:
            spellings[code][row["word"]] += row["n"]
            continue
        if row["numeric"] is not None:
            key = str(row["numeric"])
            numbers[code][row["numeric"]] += row["n"]
        elif row["choice"]:
            key = row["choice"]
        else:
            continue
        counts[code][key] = counts[code].get(key, 0) + row["n"]
        bases[code] += row["n"]
    figures = []
    for question in questions:
        code = question.code
        words: dict[str, int] = {}
        base = bases.get(code, 0)
        if question.type == QuestionType.MULTIPLE_CHOICE:
            base = picked_bases.get(code, 0)
            counts[code] = dict(picked.get(code, {}))
        elif question.type == QuestionType.ONE_WORD:
            # Identical spellings were grouped in the database; normalising merges the rest here.
            words = dict(spellings.get(code, {}))
            base = sum(words.values())
        elif question.type == QuestionType.FREE_TEXT:
            base = written_bases.get(code, 0)
        figures.append(
            question_figure(
                code=code,
                text=question.text,
                question_type=question.type,
                options=question.options
                if question.type in CHOICE_TYPES | NUMERIC_TYPES | {QuestionType.MULTIPLE_CHOICE}
                else [],
                counts=counts.get(code, {}),
                base=base,
                words=words,
                numbers=numbers.get(code, {}),
            )
        )
    if withheld:
        figures = [_with_withheld(figure, withheld) for figure in figures]
    return figures


def _with_withheld(figure: QuestionFigure, withheld: int) -> QuestionFigure:
    """The figure's sentence, saying which responses it leaves out under the anonymity minimum."""
    if figure.base == 0:
        return replace(
            figure,
            options=[],
            agree=None,
            recommend=None,
            summary=f"Not shown until at least {anonymous_minimum()} people have answered: "
            f"{withheld_sentence(withheld)}.",
        )
    return replace(figure, summary=f"{figure.summary} ({withheld_sentence(withheld)})")


# ---------------------------------------------------------------- funnel and response rate


def funnel(
    *, cohorts: QuerySet[Cohort], session: Session | None, survey_ids: Sequence[int]
) -> list[FunnelStep]:
    """Registered -> attended -> completed -> responded, each step a set of the people registered.

    Registered: bookings that held a place or a waiting-list position (confirmed, waitlisted, or
    cancelled later); attended: bookings marked present at least once (at the session, for a session);
    completed: bookings with a completion date; responded: registered people who answered one of the
    surveys through their invitation (or with their name). Imported responses and responses entered
    without an invitation belong to nobody in the funnel: they are counted apart (see response_sentence).
    """
    from academy.people.models import Person

    bookings = Booking.objects.filter(cohort__in=cohorts)
    held = bookings.filter(
        status__in=[Booking.Status.CONFIRMED, Booking.Status.WAITLISTED, Booking.Status.CANCELLED]
    )
    registered = held.count()
    present = Attendance.objects.filter(booking__cohort__in=cohorts, status=Attendance.Status.PRESENT)
    if session is not None:
        present = present.filter(session=session)
    attended = present.values("booking_id").distinct().count()
    completed = bookings.filter(completed_at__isnull=False).count()
    responded = 0
    if survey_ids:
        answered_by = Invitation.objects.filter(survey_id__in=survey_ids, responded_at__isnull=False).values(
            "person_id"
        )
        named = Response.objects.filter(survey_id__in=survey_ids, person__isnull=False).values("person_id")
        responded = (
            Person.objects.filter(pk__in=held.values("person_id"))
            .filter(Q(pk__in=answered_by) | Q(pk__in=named))
            .count()
        )
    steps = [
        ("Registered", registered),
        ("Attended", attended),
        ("Completed", completed),
        ("Responded", responded),
    ]
    return [
        FunnelStep(label=label, count=count, percent_of_first=share_of(count, registered))
        for label, count in steps
    ]


def response_sentence(*, responses: int, invited: int, answered: int) -> str:
    """What was answered, with rate and count on one base: "330 of 504 people invited answered (65%);
    258 more responses were imported or entered without an invitation"."""
    other = max(0, responses - answered)
    if responses == 0 and invited == 0:
        return "No responses yet."
    if invited == 0:
        were = "was" if other == 1 else "were"
        return (
            f"{other:,} {'response' if other == 1 else 'responses'} {were} imported or entered without an "
            "invitation, so there is no response rate."
        )
    rate = share_of(answered, invited)
    text = f"{answered:,} of {invited:,} {'person' if invited == 1 else 'people'} invited answered ({rate}%)"
    if other:
        text += (
            f"; {other:,} more {'response was' if other == 1 else 'responses were'} imported or entered "
            "without an invitation"
        )
    return text + "."


def scope_figures(
    *,
    scope: str,
    scope_id: int,
    title: str,
    surveys: Sequence[Survey],
    cohorts: QuerySet[Cohort],
    session: Session | None = None,
) -> ScopeFigures:
    """Figures over any chosen surveys (and the cohorts whose funnel they describe): the building
    block for a survey, a cohort, an offer, or a period in a report."""
    survey_ids = [s.pk for s in surveys]
    responses = Response.objects.filter(survey_id__in=survey_ids).count()
    invitations = Invitation.objects.filter(survey_id__in=survey_ids).aggregate(
        invited=Count("id"), responded=Count("id", filter=Q(responded_at__isnull=False))
    )
    invited, answered = invitations["invited"], invitations["responded"]
    imported_invited, imported_answered = imported_invitations(survey_ids)
    invited, answered = invited + imported_invited, answered + imported_answered
    return ScopeFigures(
        scope=scope,
        scope_id=scope_id,
        title=title,
        responses=responses,
        invited=invited,
        response_rate=Proportion.of(answered, invited),
        funnel=funnel(cohorts=cohorts, session=session, survey_ids=survey_ids),
        questions=questions_figures(list(surveys)),
        answered=answered,
        other_responses=max(0, responses - answered),
        response_sentence=response_sentence(responses=responses, invited=invited, answered=answered),
    )


_scope_figures = scope_figures


def imported_invitations(survey_ids: Sequence[int]) -> tuple[int, int]:
    """(invited, responded) by other survey tools, for the surveys whose import stated how many people
    were invited: their imported responses over that number, so the base and the count are the same
    people. Imported responses to surveys with no stated number count in no response rate. One query."""
    by_offer = imported_invitations_by_offer(Survey.objects.filter(pk__in=list(survey_ids)))
    return sum(i for i, _ in by_offer.values()), sum(r for _, r in by_offer.values())


def imported_invitations_by_offer(surveys: QuerySet[Survey]) -> dict[int | None, tuple[int, int]]:
    """imported_invitations for these surveys, per offer id (None: surveys about no offer). One query."""
    rows = (
        surveys.filter(imported_invited__isnull=False)
        .annotate(imported=Count("responses", filter=Q(responses__source=Response.Source.IMPORT)))
        .values_list("offer_id", "imported_invited", "imported")
        .order_by()
    )
    totals: dict[int | None, tuple[int, int]] = {}
    for offer_id, stated, imported in rows:
        invited, responded = totals.get(offer_id, (0, 0))
        totals[offer_id] = (invited + (stated or 0), responded + min(imported or 0, stated or 0))
    return totals


def survey_figures(survey: Survey) -> ScopeFigures:
    if survey.session_id or survey.cohort_id:
        cohorts = Cohort.objects.filter(pk=survey.cohort_id or 0)
    elif survey.offer_id is None:  # about another subject: no bookings, so no funnel beyond responses
        cohorts = Cohort.objects.none()
    else:
        cohorts = Cohort.objects.filter(offer_id=survey.offer_id)
    return _scope_figures(
        scope="survey",
        scope_id=survey.pk,
        title=survey.title,
        surveys=[survey],
        cohorts=cohorts,
        session=survey.session,
    )


def offer_figures(offer: Offer, *, instrument_key: str | None = None) -> ScopeFigures:
    surveys = Survey.objects.filter(offer=offer).select_related("instrument").order_by("opens_at", "id")
    if instrument_key:
        surveys = surveys.filter(instrument__key=instrument_key)
    return _scope_figures(
        scope="offer",
        scope_id=offer.pk,
        title=offer.title,
        surveys=list(surveys),
        cohorts=Cohort.objects.filter(offer=offer),
        session=None,
    )


def cohort_figures(cohort: Cohort, *, instrument_key: str | None = None) -> ScopeFigures:
    surveys = Survey.objects.filter(cohort=cohort).order_by("opens_at", "id")
    if instrument_key:
        surveys = surveys.filter(instrument__key=instrument_key)
    return _scope_figures(
        scope="cohort",
        scope_id=cohort.pk,
        title=str(cohort),
        surveys=list(surveys),
        cohorts=Cohort.objects.filter(pk=cohort.pk),
        session=None,
    )


def session_figures(session: Session) -> ScopeFigures:
    surveys = Survey.objects.filter(session=session).order_by("opens_at", "id")
    return _scope_figures(
        scope="session",
        scope_id=session.pk,
        title=session.title,
        surveys=list(surveys),
        cohorts=Cohort.objects.filter(pk=session.cohort_id),
        session=session,
    )


# ---------------------------------------------------------------- equality (small numbers suppressed)


# ---------------------------------------------------------------- anonymous evaluations (a minimum n)


def anonymous_surveys_shown(survey_ids: Iterable[int]) -> tuple[set[int], int]:
    """Of these surveys, the ids whose answers may be counted, and how many responses are held back.

    An anonymous survey's answers count towards any figure only once the survey as a whole has at
    least anonymous_minimum() responses. Every pooled figure is then a sum of whole surveys that each
    meet the minimum, so no choice of period, offer or survey set, and no difference between two such
    figures, isolates fewer respondents than the minimum. Named surveys are always counted. One query.
    """
    ids = set(survey_ids)
    held_back: dict[int, int] = {}
    for survey_id, n in (
        Response.objects.filter(survey_id__in_ids=sorted(ids), survey__anonymous=True)
        .values_list("survey_id")
        .annotate(n=Count("id"))
        .order_by()
    ):
        if too_few_to_show(n):
            held_back[survey_id] = n
    return ids - set(held_back), sum(held_back.values())


def surveys_withheld(survey_ids: Iterable[int]) -> tuple[set[int], int]:
    """Of these surveys, the anonymous ones under the minimum (nothing of theirs is shown: no figure, no
    quote, no written answer in a theme), and how many responses they hold. One query."""
    ids = set(survey_ids)
    shown, held_back = anonymous_surveys_shown(ids)
    return ids - shown, held_back


def answers_shown(answers: QuerySet[Any]) -> tuple[QuerySet[Any], int]:
    """Written answers that may be read or quoted: those of anonymous evaluations with fewer than
    anonymous_minimum() responses are left out, as their figures are. Returns them and how many
    responses were left out (for withheld_sentence)."""
    survey_ids = answers.order_by().values_list("response__survey_id", flat=True).distinct()
    withheld, held_back = surveys_withheld(survey_ids)
    if not withheld:
        return answers, 0
    return answers.exclude(response__survey_id__in=sorted(withheld)), held_back


def anonymous_count(count: int) -> int | None:
    """A count of anonymous respondents (or of invitations answered) broken down by anything about
    the people (their system, say): suppressed and rounded exactly as equality counts are."""
    return suppress_count(count)


def equality_breakdown(characteristic: str, counts: Sequence[tuple[str, int]]) -> EqualityBreakdown:
    """Counts per group with suppression; percentages from the rounded counts over the rounded total."""
    total = sum(count for _, count in counts)
    rounded_total = suppress_count(total)
    rows = []
    for label, count in counts:
        rounded = suppress_count(count)
        if rounded is None:
            rows.append(SuppressedCount(label=label, shown="*", count=None, percent=None))
            continue
        share = percent(min(rounded, rounded_total), rounded_total) if rounded_total else None
        rows.append(SuppressedCount(label=label, shown=str(rounded), count=rounded, percent=share))
    return EqualityBreakdown(
        characteristic=characteristic,
        base_shown="*" if rounded_total is None else str(rounded_total),
        rows=rows,
    )


# ---------------------------------------------------------------- goal tracker


def goal_theme_figure(theme: str, pairs: Sequence[tuple[int, int]]) -> GoalThemeFigure:
    """Before/after ratings for one theme: how many improved, the median change, and a paired test.

    The Wilcoxon signed-rank test (two-sided, zero differences dropped) is run only when there are at
    least six non-zero differences; below that even a perfect result cannot reach p < 0.05, so the
    figure says "too few to test" instead.
    """
    differences = [after - before for before, after in pairs]
    improved = sum(1 for d in differences if d > 0)
    worse = sum(1 for d in differences if d < 0)
    nonzero = [d for d in differences if d != 0]
    statistic = p_value = None
    test = TOO_FEW_TO_TEST
    if len(nonzero) >= MIN_NONZERO_FOR_TEST:
        from scipy.stats import wilcoxon

        result = wilcoxon(nonzero, zero_method="wilcox", alternative="two-sided")
        statistic = float(result.statistic)
        p_value = float(
            Decimal(repr(float(result.pvalue))).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
        )
        test = "Wilcoxon signed-rank"
    return GoalThemeFigure(
        theme=theme,
        base=len(pairs),
        improved=improved,
        improved_percent=percent(improved, len(pairs)),
        unchanged=len(pairs) - improved - worse,
        worse=worse,
        median_before=_fraction_text(median([b for b, _ in pairs])),
        median_after=_fraction_text(median([a for _, a in pairs])),
        median_change=_fraction_text(median(differences)),
        test=test,
        nonzero_differences=len(nonzero),
        statistic=statistic,
        p_value=p_value,
    )


def goal_figures(goals: QuerySet[Goal]) -> list[GoalThemeFigure]:
    """One figure per theme over goals rated both before and after, most improved share first."""
    pairs: dict[str, list[tuple[int, int]]] = defaultdict(list)
    rated = goals.filter(rating_before__isnull=False, rating_after__isnull=False).order_by("theme", "id")
    for theme, before, after in rated.values_list("theme", "rating_before", "rating_after"):
        if before is not None and after is not None:
            pairs[theme].append((before, after))
    figures = [goal_theme_figure(theme, theme_pairs) for theme, theme_pairs in pairs.items()]
    return sorted(figures, key=lambda f: (-(f.improved_percent or 0), f.theme))


AGREEMENT_LABELS = dict(AGREEMENT_OPTIONS)


EQUALITY_CHARACTERISTICS = EQUALITY_QUESTIONS
NOT_DECLARED = "Not declared"


def equality_reach(person_ids: QuerySet[Any], characteristic: str) -> EqualityBreakdown:
    """People (by id) counted by one equality characteristic, every category listed, suppressed.

    People with no record, or who left the question blank, count as "Not declared"."""
    from academy.people.models import EqualityRecord

    if characteristic not in EQUALITY_CHARACTERISTICS:
        raise ValueError(f"unknown equality characteristic {characteristic!r}")
    model_field: Any = EqualityRecord._meta.get_field(characteristic)
    counted = dict(
        EqualityRecord.objects.filter(person_id__in=person_ids)
        .exclude(**{characteristic: ""})
        .values_list(characteristic)
        .annotate(n=Count("id"))
        .values_list(characteristic, "n")
    )
    total = person_ids.count()
    rows = [(str(label), counted.get(code, 0)) for code, label in model_field.choices]
    rows.append((NOT_DECLARED, total - sum(counted.values())))
    return equality_breakdown(str(model_field.verbose_name).capitalize(), rows)
