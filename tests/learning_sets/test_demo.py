"""The demo tells seed 000's story from data: the community's workshops and bitesize series, a pool of
about 40 across the six systems with line-manager pairs, and five sets that met."""

import datetime as dt
import itertools

import pytest

from academy.demo.catalogue import COMMUNITY_OF_PRACTICE, OD_BITESIZE
from academy.demo.learning_sets import COMMUNITY_NAME, POOL_NAME
from academy.learning_sets import selectors
from academy.learning_sets.models import Community, LearningSet, PoolEntry
from academy.offers.models import Attendance, Session
from academy.people.selectors import line_ancestors

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.xdist_group("demo-small-learning-sets"),
]  # one demo build: demo_region

SEED_END = dt.date(2023, 4, 30)


def test_the_demo_community_its_events_and_five_sets_that_met(demo_region: str) -> None:
    community = Community.objects.get(name=COMMUNITY_NAME)
    # The seed's two workshops and seven bitesize sessions are the community's events (their 129 and 663
    # attending, in the full build, are checked in tests/demo/test_seed_figures_and_recent.py).
    assert sorted(community.events.values_list("title", flat=True)) == sorted(
        [COMMUNITY_OF_PRACTICE.title, OD_BITESIZE.title]
    )
    held = Session.objects.filter(cohort__offer__in=community.events.all(), starts_at__date__lte=SEED_END)
    assert held.filter(cohort__offer__title=COMMUNITY_OF_PRACTICE.title).count() == 2
    assert held.filter(cohort__offer__title=OD_BITESIZE.title).count() == 7
    present = Attendance.objects.filter(session__in=held, status=Attendance.Status.PRESENT)
    assert present.count() > 0
    figures = selectors.community_figures(community)
    assert figures.attendances >= present.count() and figures.events_held >= 9  # and the sessions since
    assert (figures.sets, figures.sets_met) == (5, 5)

    entries = PoolEntry.objects.filter(pool__name=POOL_NAME).select_related("person__organisation")
    assert 38 <= entries.count() <= 42
    assert len({e.person.organisation.ics_id for e in entries}) == 6
    ids = [e.person_id for e in entries]
    ancestors = line_ancestors(ids)
    pairs = [(a, b) for a, b in itertools.permutations(ids, 2) if b in ancestors.get(a, set())]
    assert len(pairs) >= 3  # people whose line manager is in the pool too
    for learning_set in LearningSet.objects.filter(run__pool__name=POOL_NAME):
        members = list(learning_set.members.values_list("person_id", flat=True))
        assert 7 <= len(members) <= 8
        assert not any(a in ancestors.get(b, set()) for a, b in itertools.permutations(members, 2))


def test_the_demo_community_report_for_the_seed_year_tells_seed_000(demo_region: str) -> None:
    """The small demo has fewer people at each session than the seed (the full build's 129 and 663 are
    checked in tests/demo), but the same evaluation, testimonies and sets."""
    from academy.learning_sets import reports
    from academy.reporting.periods import Period

    community = Community.objects.get(name=COMMUNITY_NAME)
    period = Period(start=dt.date(2022, 5, 1), end=SEED_END)
    report = reports.community_report(community=community, period=period)
    held = Attendance.objects.filter(
        session__cohort__offer__in=community.events.all(),
        session__starts_at__date__range=(period.start, period.end),
        status=Attendance.Status.PRESENT,
    )
    assert sum(e.participants for e in report.events) == held.count()
    assert [len(e.sessions) for e in report.events] == [2, 7]
    assert report.sets.sentence == "5 sets successfully met during this time."
    assert (report.figures.sets, report.figures.sets_met) == (5, 5)
    assert (report.sets.first, report.sets.last) == (dt.date(2022, 9, 6), dt.date(2023, 1, 10))
    assert report.responses == 13
    assert [s.headline.split(" — ")[0] for s in report.statements] == [
        "62% strongly agreed, 38% agreed (100%)",
        "38% strongly agreed, 62% agreed (100%)",
        "46% strongly agreed, 46% agreed (92%)",
    ]
    assert len(report.testimonies) == 7
    # Everyone counted as attending was a member by then; members joined before the events they came to.
    assert report.figures.members >= report.figures.people_attending > 0
    assert report.figures.active >= report.figures.people_attending
