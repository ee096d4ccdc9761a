"""A cohort, a practitioner and a panel to test the validation route against."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from academy.people.models import Person
from academy.validation import services
from academy.validation.frameworks import DomainSpec, ElementSpec, FrameworkSpec
from academy.validation.models import Element, Framework, PanelMember, Readiness, Route, ValidationCohort
from tests.factories import AcademyFactory, OrganisationFactory, PersonFactory, programme_manager

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def small_spec(
    slug: str = "small", version: str = "1", codes: tuple[str, ...] = ("A1", "A2")
) -> FrameworkSpec:
    return FrameworkSpec(
        slug=slug,
        version=version,
        name=f"Small framework {slug}",
        domains=[
            DomainSpec(
                code="A",
                name="Working across the system",
                elements=[
                    ElementSpec(code=c, name=f"Element {c}", practitioner="Does it", leader="Leads it")
                    for c in codes
                ],
            )
        ],
    )


def pdf(name: str = "evidence.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@dataclass
class World:
    academy: Any
    pm: Any
    framework: Framework
    cohort: ValidationCohort
    practitioner: Person
    supporter: Person
    route: Route
    panel: list[Person]

    @property
    def elements(self) -> list[Element]:
        return services.cohort_elements(self.cohort)


def world(*, to: str = "submitted", panel_size: int = 2) -> World:
    """A practitioner walked along the route `to` "interest", "decided", "submitted" (with a panel),
    "reviewed" (every panel member rated every element as practitioner level), "moderated", "interviewed"."""
    academy = AcademyFactory()
    pm = programme_manager(academy)
    framework = services.framework_import(spec=small_spec(slug=f"small-{academy.pk}"), by=None)
    cohort = services.cohort_create(
        academy=academy, name="First cohort", frameworks=[framework], opens_on=_today(), by=pm
    )
    home = OrganisationFactory()
    practitioner = PersonFactory(organisation=home)
    supporter = PersonFactory()
    route = services.route_express_interest(
        cohort=cohort, statement="I work across my system.", by=practitioner.user
    )
    panel = [PersonFactory(organisation=OrganisationFactory()) for _ in range(panel_size)]
    w = World(academy, pm, framework, cohort, practitioner, supporter, route, panel)
    if to == "interest":
        return w
    elements = w.elements
    services.route_reflect(route=route, levels={e.pk: 3 for e in elements}, by=practitioner.user)
    services.route_workshop_record(route=route, attended=True, by=pm)
    services.route_decide(route=route, readiness=Readiness.NOW, by=practitioner.user)
    services.route_supporter_assign(route=route, supporter=supporter, by=pm)
    route.refresh_from_db()
    if to == "decided":
        return w
    for e in elements:
        services.claim_entry_save(
            route=route, element=e, narrative=f"What I did for {e.code}.", by=practitioner.user
        )
        services.evidence_add(
            route=route, element=e, title=f"Report {e.code}", upload=pdf(), by=practitioner.user
        )
    services.claim_submit(route=route, by=practitioner.user)
    for person in panel:
        services.panel_member_add(
            route=route, person=person, kind=PanelMember.Kind.PEER, conflict_declaration="None", by=pm
        )
    route.refresh_from_db()
    if to == "submitted":
        return w
    for person in panel:
        for e in elements:
            services.review_save(route=route, element=e, rating=1, by=person.user)
        services.reviews_submit(route=route, by=person.user)
    if to == "reviewed":
        return w
    services.moderation_save(
        route=route, ratings={e.pk: 1 for e in elements}, expected_version=0, by=panel[0].user
    )
    if to == "moderated":
        return w
    from django.utils import timezone

    services.interview_schedule(route=route, at=timezone.now(), place="Online", by=pm)
    services.interview_record(route=route, notes="Confirmed the claim.", by=panel[0].user)
    route.refresh_from_db()
    return w


def _today() -> Any:
    from django.utils import timezone

    return timezone.localdate()
