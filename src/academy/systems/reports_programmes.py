"""The "In-Place Systems OD" pages of the compiled impact suite (seed 002's four ICS case studies), from
data: every published case study of an ICS in the region of an academy in the suite, whose programme ran
during the suite's period or which was published in it."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q

from academy.people.models import Academy
from academy.reporting.arithmetic import anonymous_minimum
from academy.reporting.periods import Period

from .models import Programme
from .selectors import CaseStudy, case_study

GROUP = "In-Place Systems OD"


@dataclass(frozen=True)
class CaseStudyPage:
    key: str
    title: str
    group: str
    academy: str
    period: Period
    study: CaseStudy
    template: str = "systems/programmes/suite_page.html"
    notes: list[str] = field(default_factory=list)


NOTE = (
    "ICS case studies are written by each system's OD lead; a published case study appears in the suite of "
    "any period in which its programme ran or in which it was published. Conflict-handling snapshots count the members who entered their own scores "
    "and are shown only when at least {minimum} did."
)


def suite_pages(*, academy_ids: list[int], period: Period) -> list[CaseStudyPage]:
    academies = list(Academy.objects.filter(pk__in=academy_ids, region__isnull=False).order_by("name"))
    region_ids = {a.region_id for a in academies if a.region_id is not None}
    start, end = period.bounds
    programmes = (
        Programme.objects.filter(status=Programme.Status.PUBLISHED, ics__region_id__in=region_ids)
        .filter(
            Q(published_at__gte=start, published_at__lt=end)
            | Q(started_on__lte=period.end) & (Q(ended_on__isnull=True) | Q(ended_on__gte=period.start))
        )
        .select_related("ics", "ics__region")
        .order_by("started_on", "pk")
    )
    academy_of = {a.region_id: a.name for a in academies}
    return [
        CaseStudyPage(
            key=f"case-study-{p.pk}",
            title=f"{p.title} ({p.ics.short_name or p.ics.name})",
            group=GROUP,
            academy=academy_of[p.ics.region_id],
            period=period,
            study=case_study(p),
            notes=[NOTE.format(minimum=anonymous_minimum())],
        )
        for p in programmes
    ]
