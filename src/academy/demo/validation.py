"""Seed 001's System OD practitioner validation route, entered through the validation services.

- Two North West pilot cohorts (NHS North West Leadership Academy), on two frameworks combined: the
  first has 4 claims (2 System OD Leaders, 2 System OD Practitioners), the second 2 claims (1 and 1).
- The national roll-out: one cohort in each of the other local leadership academies and one in the demo's
  own academy, so that nationally (every cohort, the pilots included) there are 78 expressions of
  interest, 68 workshop participants and, of the 60 participants who recorded a decision, 16 ready to
  claim (27%), 20 ready in 12–18 months (33%) and 24 considering further development (40%).
  The pilots' 6 practitioners are among the 16; the roll-out's 10 are being supported, and one of them
  (in the demo academy) has submitted a claim that the demo `panel.member` login is reviewing.
- Each validated practitioner holds a System OD Leader or Practitioner credential (credentials app); one
  was revoked (issued with a misspelt name) and issued again.

The bases: the seed's percentages are of the 60 who decided (16 + 20 + 24), not of the 68 participants
(whose split cannot round to 27/33/40) nor of the 78 (only workshop participants make the decision).
Synthetic people only: practitioners, supporters and panels are drawn from the demo region's staff.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from pathlib import Path
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile

from academy.people.models import Academy, Person
from academy.validation import services
from academy.validation.frameworks import parse_json
from academy.validation.models import Framework, Outcome, PanelMember, Readiness, Route, ValidationCohort

LONDON = ZoneInfo("Europe/London")
SAMPLE = Path(__file__).parents[1] / "validation" / "samples" / "system-od-practice.json"
CORE_FRAMEWORK = {
    "slug": "academy-od-core-practice",
    "version": "1.0",
    "name": "Academy OD Core Practice (sample)",
    "description": "A second sample framework, combined with the first in the pilot cohorts.",
    "domains": [
        {
            "code": "P",
            "name": "Core practice",
            "elements": [
                {
                    "code": "P1",
                    "name": "Diagnosing before intervening",
                    "description": "Gathers data and tests hypotheses with the client before choosing what to do.",
                    "practitioner": "Uses a recognised diagnostic approach and shares findings with the client.",
                    "leader": "Shapes how a system leadership team understands its own situation.",
                },
                {
                    "code": "P2",
                    "name": "Evaluating impact",
                    "description": "Plans how the effect of the work will be known, and reports it honestly.",
                    "practitioner": "Agrees measures with the client and reports against them.",
                    "leader": "Builds evaluation into system programmes from their design.",
                },
                {
                    "code": "P3",
                    "name": "Ethical practice",
                    "description": "Works to OD's values: respect, social justice, independence over dependency.",
                    "practitioner": "Names ethical tensions in their own work and acts on them.",
                    "leader": "Holds senior leaders to those values when the pressure is to drop them.",
                },
            ],
        }
    ],
}
PILOTS = [
    # name, opens on, [outcomes]
    ("North West pilot cohort 1", dt.date(2017, 1, 16), [Outcome.LEADER] * 2 + [Outcome.PRACTITIONER] * 2),
    ("North West pilot cohort 2", dt.date(2018, 1, 15), [Outcome.LEADER, Outcome.PRACTITIONER]),
]
ROLLOUT_NAME = "System OD practitioner validation: national roll-out 2019"
ROLLOUT_OPENS = dt.date(2019, 4, 1)
# The national roll-out, all cohorts together: with the pilots' 6 it makes 78 / 68 / 16-20-24
ROLLOUT_INTEREST, ROLLOUT_WORKSHOP = 72, 62
ROLLOUT_SPLIT = {Readiness.NOW: 10, Readiness.LATER: 20, Readiness.DEVELOP: 24}  # 54 decided
PDF = b"%PDF-1.4\n% demo evidence\n%%EOF\n"


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=LONDON)


def validation_wipe() -> None:
    """Remove the demo's cohorts (and every route in them) and its two sample frameworks."""
    names = [name for name, _, _ in PILOTS] + [ROLLOUT_NAME]
    cohorts = ValidationCohort.objects.filter(name__in=names)
    for route in Route.objects.filter(cohort__in=cohorts):
        claim = getattr(route, "claim", None)
        if claim is not None:
            for entry in claim.entries.all():
                for evidence in entry.evidence.all():
                    evidence.file.delete(save=False)
    _credentials_wipe(list(Route.objects.filter(cohort__in=cohorts).values_list("pk", flat=True)))
    Route.objects.filter(cohort__in=cohorts).delete()
    cohorts.delete()
    Framework.objects.filter(slug__in=[CORE_FRAMEWORK["slug"], "academy-system-od-practice"]).delete()


def _credentials_wipe(route_ids: list[int]) -> None:
    """The credentials issued about the demo's routes (they hold their practitioners)."""
    from django.contrib.contenttypes.models import ContentType

    from academy.credentials.models import Credential

    Credential.objects.filter(
        subject_type=ContentType.objects.get_for_model(Route), subject_id__in=[str(pk) for pk in route_ids]
    ).delete()


def _frameworks() -> tuple[Framework, Framework]:
    import json

    practice = Framework.objects.filter(slug="academy-system-od-practice").first()
    if practice is None:
        practice = services.framework_import(spec=parse_json(SAMPLE.read_text()), by=None)
    core = Framework.objects.filter(slug=CORE_FRAMEWORK["slug"]).first()
    if core is None:
        core = services.framework_import(spec=parse_json(json.dumps(CORE_FRAMEWORK)), by=None)
    return practice, core


class _People:
    def __init__(self, pool: Sequence[Person], rng: random.Random) -> None:
        self.free = list(pool)
        rng.shuffle(self.free)

    def take(self) -> Person:
        return self.free.pop()

    def panel_for(self, route: Route, n: int) -> list[Person]:
        chosen: list[Person] = []
        for person in list(self.free):
            if services.conflict_reason(route, person) is None and all(
                p.organisation_id != person.organisation_id for p in chosen
            ):
                chosen.append(person)
                self.free.remove(person)
                if len(chosen) == n:
                    break
        return chosen


def _route(
    cohort: ValidationCohort, person: Person, start: dt.date, *, workshop: bool, readiness: str | None
) -> Route:
    route = services.route_express_interest(
        cohort=cohort,
        statement="I support change across organisations in my system and want to test my practice.",
        by=None,
        person=person,
        at=_at(start),
    )
    elements = services.cohort_elements(cohort)
    services.route_reflect(
        route=route,
        levels={e.pk: 2 + (e.pk + person.pk) % 3 for e in elements},
        by=None,
        at=_at(start + dt.timedelta(days=14)),
    )
    if workshop:
        services.route_workshop_record(
            route=route, attended=True, by=None, at=_at(start + dt.timedelta(days=35))
        )
    if workshop and readiness:
        services.route_decide(
            route=route, readiness=readiness, by=None, at=_at(start + dt.timedelta(days=49))
        )
    route.refresh_from_db()
    return route


def _claim(route: Route, start: dt.date, people: _People) -> None:
    services.route_supporter_assign(
        route=route, supporter=people.take(), by=None, at=_at(start + dt.timedelta(days=56))
    )
    route.refresh_from_db()
    for month in (2, 4, 6):
        services.milestone_add(
            route=route,
            title=f"Month {month}: draft the next domains",
            due_on=start + dt.timedelta(days=56 + 30 * month),
            by=None,
        )
    for element in services.cohort_elements(route.cohort):
        services.claim_entry_save(
            route=route,
            element=element,
            narrative=f"How my work with system leaders shows {element.name.lower()}, and what changed.",
            by=None,
        )
        services.evidence_add(
            route=route,
            element=element,
            title=f"Evidence for {element.code}",
            upload=SimpleUploadedFile(f"{element.code.lower()}-evidence.pdf", PDF),
            by=None,
        )
    services.claim_submit(route=route, by=None, at=_at(start + dt.timedelta(days=240)))
    route.refresh_from_db()


def _panel(route: Route, members: list[Person]) -> list[PanelMember]:
    seats = []
    for i, person in enumerate(members):
        seats.append(
            services.panel_member_add(
                route=route,
                person=person,
                kind=PanelMember.Kind.EXPERT if i == 0 else PanelMember.Kind.PEER,
                conflict_declaration="None",
                by=None,
            )
        )
    route.refresh_from_db()
    return seats


def _review_and_decide(
    route: Route, seats: list[PanelMember], outcome: str, start: dt.date, rng: random.Random
) -> None:
    level = 2 if outcome == Outcome.LEADER else 1
    elements = services.cohort_elements(route.cohort)
    for seat in seats:
        for element in elements:
            rating = level if rng.random() < 0.8 else max(0, level - 1)
            services.review_save(route=route, element=element, rating=rating, by=None, member=seat)
        services.reviews_submit(route=route, by=None, member=seat, at=_at(start + dt.timedelta(days=260)))
    services.moderation_save(
        route=route,
        ratings={e.pk: level for e in elements},
        expected_version=0,
        by=None,
        at=_at(start + dt.timedelta(days=270)),
    )
    services.interview_schedule(
        route=route, at=_at(start + dt.timedelta(days=290), 14), place="Online", by=None
    )
    services.interview_record(
        route=route,
        notes="The panel explored the claim's evidence with the practitioner and confirmed it.",
        by=None,
        at=_at(start + dt.timedelta(days=290), 16),
    )
    services.route_decision(route=route, outcome=outcome, by=None, at=_at(start + dt.timedelta(days=300)))


def _revoke_one() -> None:
    """One pilot credential revoked (issued in error to the wrong record, and issued again), so the
    verification page has a revoked certificate to show."""
    from academy.credentials.models import Credential
    from academy.credentials.services import credential_revoke

    route = Route.objects.filter(cohort__name=PILOTS[1][0], outcome=Outcome.PRACTITIONER).get()
    from academy.validation.credentials import issue_for

    credential_revoke(
        credential=Credential.objects.get(pk=str(route.credential_id)),
        reason="Issued with a misspelt name; replaced by a corrected certificate.",
        by=None,
        public=True,
    )
    Route.objects.filter(pk=route.pk).update(credential_id=issue_for(route, by=None).pk)


def build_validation(*, academy: Academy, pool: Sequence[Person], panel_member: Person) -> dict[str, int]:
    """Write the pilots and the roll-out. `academy` is the demo's own (its programme manager's)."""
    rng = random.Random(1)  # noqa: S311 - demo data, not security
    people = _People([p for p in pool if p.pk != panel_member.pk and p.organisation_id], rng)
    practice, core = _frameworks()
    north_west = Academy.objects.get(slug="nhs-north-west")
    claims = 0
    for name, opens, outcomes in PILOTS:
        cohort = services.cohort_create(
            academy=north_west, name=name, frameworks=[practice, core], opens_on=opens, by=None
        )
        for outcome in outcomes:
            route = _route(cohort, people.take(), opens, workshop=True, readiness=Readiness.NOW)
            _claim(route, opens, people)
            _review_and_decide(route, _panel(route, people.panel_for(route, 2)), outcome, opens, rng)
            claims += 1

    local = list(
        Academy.objects.filter(kind=Academy.Kind.LOCAL).exclude(
            slug__in=["nhs-north-west", "nhs-east-of-england"]
        )
    )
    academies = [academy, *local]  # the demo academy stands for the East of England's local academy
    cohorts = [
        services.cohort_create(
            academy=a, name=ROLLOUT_NAME, frameworks=[practice], opens_on=ROLLOUT_OPENS, by=None
        )
        for a in academies
    ]
    readiness = [r for r, n in ROLLOUT_SPLIT.items() for _ in range(n)]
    decided = len(readiness)
    submitted = None
    for i in range(ROLLOUT_INTEREST):
        cohort = cohorts[i % len(cohorts)]
        start = ROLLOUT_OPENS + dt.timedelta(days=i % 20)
        ready = readiness[i] if i < decided else None
        route = _route(cohort, people.take(), start, workshop=i < ROLLOUT_WORKSHOP, readiness=ready)
        if ready == Readiness.NOW:
            if submitted is None and cohort.academy_id == academy.pk:
                _claim(route, start, people)
                submitted = route
                claims += 1
            else:
                services.route_supporter_assign(route=route, supporter=people.take(), by=None)
    assert submitted is not None, "the demo academy's cohort needs a practitioner ready to claim"
    _revoke_one()
    if services.conflict_reason(submitted, panel_member) is not None:
        raise AssertionError("the demo panel member may not sit on the demo claim's panel")
    _panel(submitted, [panel_member, *people.panel_for(submitted, 1)])
    return {"validation cohorts": len(PILOTS) + len(cohorts), "validation claims": claims}
