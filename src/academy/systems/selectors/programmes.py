"""Reads for systems OD programmes, measures and RACI matrices, each scoped to the acting user, and the
pieces the case study, the measure page and the matrix page are printed from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.safestring import SafeString

from academy.offers.models import Attendance
from academy.people.permissions import is_programme_team, scope_of
from academy.reporting.arithmetic import anonymous_minimum, median, percent, too_few_to_show
from academy.reporting.charts import Bar, Point, bar_chart, line_chart
from academy.reporting.exports import Table

from ..models import CONFLICT_MODES, Measure, Programme, RaciCell, RaciMatrix
from ..permissions import person_of

__all__ = [
    "Block",
    "CaseStudy",
    "ModeRow",
    "Snapshot",
    "case_study",
    "conflict_snapshot",
    "measure_curve",
    "measure_get",
    "measures_for",
    "most_used_counts",
    "programme_get",
    "programmes_for",
    "raci_get",
    "raci_for",
    "raci_grid",
    "raci_tables",
    "text_blocks",
    "workshop_attendance",
]


# --- scoping ---------------------------------------------------------------------------------------


def programmes_for(user: Any) -> QuerySet[Programme]:
    """Programmes of the user's own ICS, published ones of any ICS for readers, and those they take part in."""
    qs = Programme.objects.select_related("ics", "sponsor")
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    scope = scope_of(user)
    if scope.is_administrator:
        return qs
    visible = Q(ics_id__in=scope.ics_ids)
    if scope.ics_ids or is_programme_team(user):
        visible |= Q(status=Programme.Status.PUBLISHED)
    person = person_of(user)
    if person is not None:
        visible |= Q(pk__in=Programme.objects.filter(participants__person=person).values("pk"))
    return qs.filter(visible)


def programme_get(user: Any, pk: int) -> Programme:
    try:
        return programmes_for(user).get(pk=pk)
    except Programme.DoesNotExist:
        raise Http404("No such programme") from None


def _records_for(user: Any, model: Any) -> QuerySet[Any]:
    qs = model.objects.select_related("ics", "programme")
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    scope = scope_of(user)
    if scope.is_administrator:
        return qs
    visible = Q(ics_id__in=scope.ics_ids)
    if scope.ics_ids or is_programme_team(user):
        visible |= Q(published_at__isnull=False)
    person = person_of(user)
    if person is not None:
        visible |= Q(programme__participants__person=person)
    return qs.filter(visible).distinct()


def measures_for(user: Any) -> QuerySet[Measure]:
    return _records_for(user, Measure)


def measure_get(user: Any, pk: int) -> Measure:
    try:
        return measures_for(user).get(pk=pk)
    except Measure.DoesNotExist:
        raise Http404("No such measure") from None


def raci_for(user: Any) -> QuerySet[RaciMatrix]:
    return _records_for(user, RaciMatrix)


def raci_get(user: Any, pk: int) -> RaciMatrix:
    try:
        return raci_for(user).get(pk=pk)
    except RaciMatrix.DoesNotExist:
        raise Http404("No such RACI matrix") from None


# --- text as the case study prints it ------------------------------------------------------------------


@dataclass(frozen=True)
class Block:
    kind: str  # "p" or "ul"
    lines: list[str]


def text_blocks(text: str) -> list[Block]:
    """Paragraphs parted by blank lines; lines starting "- " or "• " are a bulleted list."""
    blocks: list[Block] = []
    for chunk in text.replace("\r\n", "\n").split("\n\n"):
        lines = [line.strip() for line in chunk.split("\n") if line.strip()]
        paragraph: list[str] = []
        bullets: list[str] = []
        for line in lines:
            if line[:2] in ("- ", "• "):
                if paragraph:
                    blocks.append(Block("p", [" ".join(paragraph)]))
                    paragraph = []
                bullets.append(line[2:].strip())
            else:
                if bullets:
                    blocks.append(Block("ul", bullets))
                    bullets = []
                paragraph.append(line)
        if paragraph:
            blocks.append(Block("p", [" ".join(paragraph)]))
        if bullets:
            blocks.append(Block("ul", bullets))
    return blocks


# --- the conflict-handling snapshot --------------------------------------------------------------------


def _number(value: Fraction | None) -> str:
    if value is None:
        return "–"
    return str(int(value)) if value.denominator == 1 else f"{float(value):.1f}"


@dataclass(frozen=True)
class ModeRow:
    mode: str
    label: str
    most_used: int  # members for whom it is (one of) their highest-scoring modes
    percent: int | None
    median: str


@dataclass(frozen=True)
class Snapshot:
    base: int  # members who entered their scores
    rows: list[ModeRow]
    withheld: str  # the sentence in place of the snapshot for a group too small to show, else ""
    chart: SafeString | str = ""


def most_used_counts(members: list[dict[str, int]]) -> dict[str, int]:
    """For each mode, the members whose highest score it is (a tie counts for every tied mode)."""
    counts = dict.fromkeys((mode for mode, _ in CONFLICT_MODES), 0)
    for scores in members:
        top = max(scores.values())
        for mode, _ in CONFLICT_MODES:
            if scores[mode] == top:
                counts[mode] += 1
    return counts


def conflict_snapshot(programme: Programme) -> Snapshot:
    """The team's conflict-handling snapshot from each member's five mode scores: for each mode, how many
    members use it most (a tie counts for every tied mode, so the shares can add up to more than 100%),
    and the median score. A group smaller than the anonymous minimum is not shown."""
    profiles = list(programme.profiles.all())
    base = len(profiles)
    if too_few_to_show(base):
        return Snapshot(
            base=base,
            rows=[],
            withheld=(
                f"{base} member{'s' if base != 1 else ''} entered scores; the snapshot is shown once at least "
                f"{anonymous_minimum()} have, so that no one's scores can be picked out."
            ),
        )
    rows = []
    counts = most_used_counts([p.scores() for p in profiles])
    for mode, label in CONFLICT_MODES:
        most = counts[mode]
        rows.append(
            ModeRow(
                mode=mode,
                label=label,
                most_used=most,
                percent=percent(most, base) if base else None,
                median=_number(median([p.scores()[mode] for p in profiles])),
            )
        )
    chart = (
        bar_chart(
            chart_id=f"conflict-snapshot-{programme.pk}",
            title="Team snapshot: most-used conflict-handling modes",
            description=f"Members whose highest score is each mode, of {base}.",
            bars=[Bar(r.label, r.percent, f"{r.percent}% ({r.most_used} of {base})") for r in rows],
        )
        if base
        else ""
    )
    return Snapshot(base=base, rows=rows, withheld="", chart=chart)


def workshop_attendance(workshop: Any) -> int | None:
    """People marked present at the workshop's offer, or the number counted by hand."""
    if workshop.offer_id is None:
        return workshop.attended
    return (
        Attendance.objects.filter(
            session__cohort__offer_id=workshop.offer_id, status=Attendance.Status.PRESENT
        )
        .values("person_id")
        .distinct()
        .count()
    )


# --- the case study ------------------------------------------------------------------------------------


@dataclass
class Section:
    key: str
    title: str
    blocks: list[Block] = field(default_factory=list)


@dataclass
class CaseStudy:
    programme: Programme
    sections: list[Section]
    participants: list[Any]
    participant_count: int
    diagnostics: int  # conversations held (summaries are not printed)
    snapshot: Snapshot
    workshops: list[tuple[Any, int | None, list[Block]]]
    principles: list[Block]
    measures: list[Any]


SECTIONS = [
    ("introduction", "Introduction", "introduction"),
    ("background", "Background", "background"),
    ("approach", "Approach", "approach"),
    ("participants", "Participants", "participants_summary"),
    ("outcomes", "Outcomes", "outcomes"),
    ("learning", "Learning and Insights", "learning"),
    ("next-steps", "Observations and Next Steps", "next_steps"),
]


def case_study(programme: Programme) -> CaseStudy:
    """The programme as seed 004 prints it: Introduction, Background, Approach (diagnostic, pre-work,
    workshops), Participants, Outcomes (with operating principles and measures), Learning and Insights,
    Observations and Next Steps."""
    participants = list(programme.participants.select_related("person", "organisation"))
    return CaseStudy(
        programme=programme,
        # A section with nothing written is left out, except those that print figures of their own
        sections=[
            Section(key=key, title=title, blocks=text_blocks(getattr(programme, attr)))
            for key, title, attr in SECTIONS
            if getattr(programme, attr).strip() or key in ("approach", "participants", "outcomes")
        ],
        participants=participants,
        participant_count=len(participants),
        diagnostics=programme.diagnostics.count(),
        snapshot=conflict_snapshot(programme),
        workshops=[
            (w, workshop_attendance(w), text_blocks(w.aims))
            for w in programme.workshops.select_related("offer")
        ],
        principles=text_blocks(programme.operating_principles),
        measures=[
            (m, measure_curve(m))
            for m in programme.measures.filter(published_at__isnull=False).order_by("title")
        ]
        if programme.is_published
        else [(m, measure_curve(m)) for m in programme.measures.order_by("title")],
    )


# --- measures: turning the curve -----------------------------------------------------------------------


def _plain(value: Decimal) -> str:
    text = f"{value:,.2f}"
    return text[:-3] if text.endswith(".00") else text


@dataclass(frozen=True)
class CurveRow:
    on: dt.date
    value: str
    what: str  # "Baseline", "Data point", "Target"
    change: str  # from the baseline, signed


@dataclass(frozen=True)
class Curve:
    rows: list[CurveRow]
    chart: SafeString
    direction: str  # whether the curve is turning, in a sentence
    target: str
    story: list[Block]
    partners: list[str]
    actions: list[str]


def measure_curve(measure: Measure) -> Curve:
    """The baseline, every data point and the target, drawn as a line against the target, with the same
    numbers as a table; and whether the curve is turning towards the target (the latest point is better
    than the baseline)."""
    points = list(measure.points.all())
    rows = [CurveRow(measure.baseline_on, _plain(measure.baseline_value), "Baseline", "")]
    for p in points:
        delta = p.value - measure.baseline_value
        rows.append(CurveRow(p.on, _plain(p.value), "Data point", ("+" if delta > 0 else "") + _plain(delta)))
    if measure.target_on:
        rows.append(CurveRow(measure.target_on, _plain(measure.target_value), "Target", ""))
    chart = line_chart(
        chart_id=f"measure-{measure.pk}",
        title=f"Turning the curve: {measure.title}",
        points=[Point(measure.baseline_on, float(measure.baseline_value), _plain(measure.baseline_value))]
        + [Point(p.on, float(p.value), _plain(p.value)) for p in points],
        target=Point(
            measure.target_on or (points[-1].on if points else measure.baseline_on),
            float(measure.target_value),
            f"Target {_plain(measure.target_value)}",
        ),
        description=f"{measure.title}, {measure.population}{', ' + measure.unit if measure.unit else ''}.",
    )
    if not points:
        direction = "No data points after the baseline yet."
    else:
        latest = points[-1].value
        better = (
            latest > measure.baseline_value if measure.higher_is_better else latest < measure.baseline_value
        )
        reached = (
            latest >= measure.target_value if measure.higher_is_better else latest <= measure.target_value
        )
        if reached:
            direction = f"The latest value, {_plain(latest)}, has reached the target of {_plain(measure.target_value)}."
        elif better:
            direction = (
                f"The curve is turning: the latest value, {_plain(latest)}, is better than the baseline of "
                f"{_plain(measure.baseline_value)}."
            )
        else:
            direction = (
                f"The curve has not turned yet: the latest value, {_plain(latest)}, is no better than the "
                f"baseline of {_plain(measure.baseline_value)}."
            )
    return Curve(
        rows=rows,
        chart=chart,
        direction=direction,
        target=_plain(measure.target_value),
        story=text_blocks(measure.story),
        partners=_lines(measure.partners),
        actions=_lines(measure.actions),
    )


def _lines(text: str) -> list[str]:
    return [line.strip().removeprefix("- ").strip() for line in text.splitlines() if line.strip()]


# --- RACI ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RaciGrid:
    parties: list[Any]
    rows: list[tuple[Any, list[tuple[str, str]]]]  # activity, (party, letter) for each party ("" for none)


def raci_grid(matrix: RaciMatrix) -> RaciGrid:
    parties = list(matrix.parties.all())
    activities = list(matrix.activities.all())
    letters = {
        (c.activity_id, c.party_id): c.letter for c in RaciCell.objects.filter(activity__matrix=matrix)
    }
    return RaciGrid(
        parties=parties,
        rows=[(a, [(p.name, letters.get((a.pk, p.pk), "")) for p in parties]) for a in activities],
    )


def raci_tables(matrix: RaciMatrix) -> list[Table]:
    grid = raci_grid(matrix)
    return [
        Table(
            key="raci",
            title=matrix.title,
            headers=["Activity", *[p.name for p in grid.parties]],
            rows=[[a.name, *[letter for _, letter in cells]] for a, cells in grid.rows],
            sheet="RACI",
        )
    ]
