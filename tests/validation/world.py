"""The validation part of the permissions matrix world. Roles added: `claimant` (a practitioner whose
claim is submitted to a panel, with a second route whose claim is complete but not yet submitted),
`claimant_other` (another practitioner, whose claim is reviewed, moderated and interviewed),
`panellist` (on the claimant's panel: has rated every element, not yet submitted), `panellist_other`
(on the other claim's panel), `supporter` (the claimant's supporter)."""

import datetime as dt
from types import SimpleNamespace
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from academy.people.models import Role
from academy.validation import services
from academy.validation.frameworks import DomainSpec, ElementSpec, FrameworkSpec
from academy.validation.models import PanelMember, Readiness
from tests.factories import OrganisationFactory, PersonFactory, grant

VALIDATION_ROLES = ("claimant", "claimant_other", "panellist", "panellist_other", "supporter")
PDF = b"%PDF-1.4\n%%EOF\n"


def _spec(version: str) -> FrameworkSpec:
    elements = [
        ElementSpec(code=c, name=f"Element {c}", practitioner="Does", leader="Leads") for c in ("A1", "A2")
    ]
    return FrameworkSpec(
        slug="matrix-framework",
        version=version,
        name="Matrix framework",
        domains=[DomainSpec(code="A", name="Domain A", elements=elements)],
    )


def _walk(route: Any, by: Any, pm: Any, supporter: Any | None = None) -> None:
    elements = services.cohort_elements(route.cohort)
    services.route_reflect(route=route, levels={e.pk: 3 for e in elements}, by=by)
    services.route_workshop_record(route=route, attended=True, by=pm)
    services.route_decide(route=route, readiness=Readiness.NOW, by=by)
    if supporter is not None:
        services.route_supporter_assign(route=route, supporter=supporter, by=pm)
        route.refresh_from_db()
    for e in elements:
        services.claim_entry_save(route=route, element=e, narrative=f"Practice in {e.code}.", by=by)
        services.evidence_add(
            route=route, element=e, title=f"Evidence {e.code}", upload=SimpleUploadedFile("e.pdf", PDF), by=by
        )


def _panel(route: Any, people: list[Any], pm: Any) -> None:
    for person in people:
        services.panel_member_add(
            route=route, person=person, kind=PanelMember.Kind.PEER, conflict_declaration="None", by=pm
        )
    route.refresh_from_db()


def _review(route: Any, person: Any, submit: bool = True) -> None:
    for e in services.cohort_elements(route.cohort):
        services.review_save(route=route, element=e, rating=1, by=person.user)
    if submit:
        services.reviews_submit(route=route, by=person.user)


def build_validation(*, academy: Any, users: dict[str, Any]) -> Any:
    pm = users["pm"]
    people = {role: PersonFactory(organisation=OrganisationFactory()) for role in VALIDATION_ROLES}
    for role, person in people.items():
        users[role] = person.user
    grant(people["panellist"].user, Role.PANEL_MEMBER)
    grant(people["panellist_other"].user, Role.PANEL_MEMBER)
    framework = services.framework_import(spec=_spec("1"), by=None)
    today = timezone.localdate()
    cohort = services.cohort_create(
        academy=academy, name="Validation cohort 1", frameworks=[framework], opens_on=today, by=None
    )
    second = services.cohort_create(
        academy=academy, name="Validation cohort 2", frameworks=[framework], opens_on=today, by=None
    )
    claimant, other = people["claimant"], people["claimant_other"]

    route = services.route_express_interest(cohort=cohort, statement="Interested.", by=claimant.user)
    _walk(route, claimant.user, pm, supporter=people["supporter"])
    services.claim_submit(route=route, by=claimant.user)
    peer = PersonFactory(organisation=OrganisationFactory())
    _panel(route, [people["panellist"], peer], pm)
    _review(route, peer)
    _review(route, people["panellist"], submit=False)

    draft = services.route_express_interest(cohort=second, statement="Again.", by=claimant.user)
    _walk(draft, claimant.user, pm, supporter=people["supporter"])
    milestone = services.milestone_add(
        route=draft, title="First draft", due_on=today + dt.timedelta(days=30), by=claimant.user
    )

    other_route = services.route_express_interest(cohort=cohort, statement="Me too.", by=other.user)
    _walk(other_route, other.user, pm)
    services.claim_submit(route=other_route, by=other.user)
    peer2 = PersonFactory(organisation=OrganisationFactory())
    _panel(other_route, [people["panellist_other"], peer2], pm)
    _review(other_route, people["panellist_other"])
    _review(other_route, peer2)
    elements = services.cohort_elements(cohort)
    services.moderation_save(
        route=other_route,
        ratings={e.pk: 1 for e in elements},
        expected_version=0,
        by=people["panellist_other"].user,
    )
    services.interview_schedule(route=other_route, at=timezone.now(), place="Online", by=pm)
    services.interview_record(route=other_route, notes="Confirmed.", by=pm)
    route.refresh_from_db()
    draft.refresh_from_db()
    other_route.refresh_from_db()
    return SimpleNamespace(
        framework=framework,
        cohort=cohort,
        route=route,
        draft=draft,
        other_route=other_route,
        milestone=milestone,
        elements=elements,
        evidence=route.claim.entries.first().evidence.first(),
        new_supporter=PersonFactory(organisation=OrganisationFactory()),
        new_panellist=PersonFactory(organisation=OrganisationFactory()),
        people=people,
    )
