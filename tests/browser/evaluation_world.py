"""Evaluations for the browser journeys: past sessions people attended, surveys on the standard session
evaluation, invitations and responses, all made through the evaluation services."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from academy.evaluation.models import Survey, ThemeSet
from academy.evaluation.selectors import attribution_text
from academy.evaluation.services import instruments_load_standard, response_submit, themeset_store_result
from academy.evaluation.services.themes import _theme_answers
from academy.evaluation.themes import engine
from academy.offers.models import Booking, Offer, Session
from academy.people.models import ICS, OrganisationType, Person, Role, Sector, User
from tests.browser.world import World, build_world, person
from tests.evaluation import helpers
from tests.factories import (
    CohortFactory,
    ICSFactory,
    OfferFactory,
    OrganisationFactory,
    PersonFactory,
    SessionFactory,
    attendance,
    grant,
)

STATEMENTS = ("apply_learning", "development_objectives", "lead_and_influence")

# What people wrote about how the session will change their leadership: two clear themes.
WRITTEN = [
    "Listening to my team before deciding",
    "Listening more carefully to colleagues in meetings",
    "Active listening with my team every day",
    "Listening to understand rather than to reply",
    "Collaborating with partners across the system",
    "Working collaboratively with the local authority",
    "Collaborating with primary care colleagues across the system",
    "More collaboration with partners in social care",
]


@dataclass
class EvaluationWorld:
    world: World
    ics: ICS
    ics_lead: User
    session: Session
    second_offer: Offer
    second_session: Session

    @property
    def offer(self) -> Offer:
        return self.world.offer


def past_session(offer: Offer, *, cohort_name: str, title: str, days_ago: int) -> Session:
    starts_on = timezone.localdate() - dt.timedelta(days=days_ago)
    cohort = CohortFactory(offer=offer, name=cohort_name, starts_on=starts_on, ends_on=starts_on)
    start = timezone.make_aware(dt.datetime.combine(starts_on, dt.time(10, 0)))
    return SessionFactory(
        cohort=cohort, title=title, sequence=1, starts_at=start, ends_at=start + dt.timedelta(hours=3)
    )


def attend(session: Session, people: list[Person]) -> None:
    """Book each person on the session's cohort and mark them present."""
    for someone in people:
        booking, _ = Booking.objects.get_or_create(
            cohort=session.cohort, person=someone, defaults={"status": Booking.Status.CONFIRMED}
        )
        attendance(session, booking)


def open_survey(session: Session, *, anonymous: bool = True) -> Survey:
    """tests.evaluation.helpers.open_survey, after loading the standard instruments again: transactional
    tests empty the tables the data migration filled (the loader is idempotent)."""
    instruments_load_standard()
    return helpers.open_survey(session, anonymous=anonymous)


invite = helpers.invite_all


def build_evaluation_world() -> EvaluationWorld:
    world = build_world()
    ics = ICSFactory(
        code="QMM", name="Norfolk and Waveney Integrated Care System", short_name="Norfolk and Waveney"
    )
    ics_lead = person("Robin", "Lead").user
    grant(ics_lead, Role.ICS_OD_LEAD, ics=ics)
    world.offer.systems.add(ics)
    session = past_session(
        world.offer, cohort_name="Autumn cohort", title="Module 1: Compassion", days_ago=10
    )
    second_offer = OfferFactory(
        academy=world.offer.academy,
        delivery_partner=world.offer.delivery_partner,
        title="Teaming skills masterclass",
        slug="teaming-skills",
    )
    second_session = past_session(
        second_offer, cohort_name="Masterclass", title="Teaming skills", days_ago=20
    )
    return EvaluationWorld(
        world=world,
        ics=ics,
        ics_lead=ics_lead,
        session=session,
        second_offer=second_offer,
        second_session=second_session,
    )


def attendees_in(ics: ICS, count: int) -> list[Person]:
    """Synthetic staff at an acute trust in the given system."""
    trust = OrganisationFactory(
        ics=ics, org_type=OrganisationType.ACUTE, sector=Sector.NHS, workforce_headcount=1000
    )
    return [PersonFactory(organisation=trust) for _ in range(count)]


def answered_survey(
    session: Session, people: list[Person], *, strongly_agree: int, agree: int, written: list[str] = WRITTEN
) -> Survey:
    """Everyone attends and is invited; the first `strongly_agree` strongly agree with the three
    statements and the next `agree` agree. Their written answers (with consent to quote for every
    other one) go to "influence" and "testimony"."""
    assert strongly_agree + agree == len(people)
    attend(session, people)
    survey = open_survey(session)
    tokens = invite(survey)
    for n, token in enumerate(tokens):
        level = "strongly_agree" if n < strongly_agree else "agree"
        text = written[n % len(written)]
        response_submit(
            invitation_token=token,
            answers={**dict.fromkeys(STATEMENTS, level), "influence": text, "testimony": text},
            consents={"testimony"} if n % 2 == 0 else set(),
        )
    return survey


def theme_set_by_tfidf(survey: Survey, question_code: str = "influence") -> ThemeSet:
    """Run the theme engine over the survey's written answers with TF-IDF (fast, no model needed) and
    keep the result, as the background run does."""
    theme_set = ThemeSet.objects.create(
        title="How people will lead differently",
        offer=survey.offer,
        survey=survey,
        question_code=question_code,
    )
    rows = _theme_answers(offer=survey.offer, survey=survey, question_code=question_code).values_list(
        "pk", "text", "consent_to_quote", "response__respondent_role_level", "response__respondent_sector"
    )
    items = [
        engine.ThemeInput(
            id=pk,
            text=text,
            vector=None,
            consent_to_quote=consent,
            attribution=attribution_text(role_level, sector),
        )
        for pk, text, consent, role_level, sector in rows
    ]
    result = engine.find_themes(items, method="tfidf")
    themes = [
        {
            "label": theme.label,
            "keywords": list(theme.keywords),
            "answer_ids": [int(i) for i in theme.answer_ids],
            "representative_ids": [int(q.answer_id) for q in theme.quotes],
        }
        for theme in result.themes
    ]
    return themeset_store_result(theme_set=theme_set, themes=themes, method="tfidf")
