"""Interchange's page in the compiled report suite (registered with evaluation.reports.suite_pages_register
in InterchangeConfig.ready()): what each academy's scheme offered, was asked and matched in the period."""

from __future__ import annotations

from dataclasses import dataclass, field

from academy.people.models import Academy
from academy.reporting.periods import Period

from .selectors import Figures, figures


@dataclass(frozen=True)
class InterchangePage:
    key: str
    title: str
    group: str
    academy: str
    period: Period
    figures: Figures
    template: str = "interchange/reports/suite_page.html"
    notes: list[str] = field(default_factory=list)


NOTES = [
    "Interchange counts opportunities offered, requests to learn and matches made in the period. A match is "
    "any arrangement made, by the academy's matching or by a learner asking directly, including those a line "
    "manager declined or that were cancelled; completed counts those that took place.",
    "A match crosses sectors when the learner's organisation and the host's are in different sectors.",
]


def suite_pages(*, academy_ids: list[int], period: Period) -> list[InterchangePage]:
    """One page per academy in the suite whose scheme had anything in the period."""
    pages = []
    for academy in Academy.objects.filter(pk__in=academy_ids).order_by("name", "pk"):
        shown = figures(academy_ids=[academy.pk], period=period)
        if shown.opportunities or shown.requests or shown.matches:
            pages.append(
                InterchangePage(
                    key=f"interchange-{academy.pk}",
                    title="Interchange: stepping into my shoes",
                    group="Collaborative Networks",
                    academy=academy.name,
                    period=period,
                    figures=shown,
                    notes=NOTES,
                )
            )
    return pages
