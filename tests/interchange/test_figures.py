"""The scheme's figures, checked against hand-counted arrangements: offers, requests, matches, completed,
by sector and ICS, and the cross-sector share with its base."""

import pytest
from django.utils import timezone

from academy.interchange import services
from academy.people.models import Sector
from tests.factories import AcademyFactory, ICSFactory, OrganisationFactory, PersonFactory

from .helpers import agreed, ask_to_learn, offer

pytestmark = pytest.mark.django_db


def test_figures_count_by_sector_and_ics_with_the_cross_sector_share_and_its_base():
    from academy.interchange.selectors import figures

    academy = AcademyFactory()
    north, south = ICSFactory(name="North ICS"), ICSFactory(name="South ICS")
    care_home = PersonFactory(organisation=OrganisationFactory(sector=Sector.SOCIAL_CARE, ics=north))
    ward = PersonFactory(organisation=OrganisationFactory(sector=Sector.NHS, ics=south))
    by_care_home = offer(academy, person=care_home, capacity=3)
    by_ward = offer(academy, person=ward, capacity=2, kind="mentoring", title="Mentoring")

    def nhs_learner() -> object:
        return PersonFactory(
            organisation=OrganisationFactory(sector=Sector.NHS, ics=south), line_manager=PersonFactory()
        )

    today = timezone.localdate()
    first = agreed(services.opportunity_ask(opportunity=by_care_home, by=nhs_learner().user))
    services.arrangement_schedule(arrangement=first, starts_on=today, ends_on=today, by=first.learner.user)
    services.arrangement_complete(arrangement=first, by=first.learner.user)
    services.opportunity_ask(opportunity=by_care_home, by=nhs_learner().user)  # waiting for the manager
    same_sector = services.opportunity_ask(opportunity=by_ward, by=nhs_learner().user)
    services.arrangement_cancel(arrangement=same_sector, by=ward.user)
    ask_to_learn(academy, nhs_learner())

    shown = figures(academy_ids=[academy.pk])
    assert (shown.opportunities, shown.places, shown.requests) == (2, 5, 1)
    assert (shown.matches, shown.live, shown.completed) == (3, 2, 1)
    # 2 of the 3 matches cross from the NHS into social care: 67%
    assert (shown.cross_sector.count, shown.cross_sector.base, shown.cross_sector.percent) == (2, 3, 67)
    assert (shown.completed_share.count, shown.completed_share.base, shown.completed_share.percent) == (
        1,
        3,
        33,
    )
    assert [(r.label, r.arrangements, r.completed) for r in shown.by_host_sector] == [
        ("Social care", 2, 1),
        ("NHS", 1, 0),
    ]
    assert [(r.label, r.arrangements) for r in shown.by_learner_sector] == [("NHS", 3)]
    assert [(r.label, r.arrangements) for r in shown.by_host_ics] == [("North ICS", 2), ("South ICS", 1)]
    assert [(r.label, r.arrangements) for r in shown.by_learner_ics] == [("South ICS", 3)]


def test_figures_with_no_matches_print_no_percentage():
    from academy.interchange.selectors import figures

    shown = figures(academy_ids=[AcademyFactory().pk])
    assert shown.matches == 0 and shown.cross_sector.percent is None
