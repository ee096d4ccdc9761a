"""Seed 000's community of practice and action learning sets, from the region's own data.

The East of England Systems OD Community of Practice holds the two workshops (129 participants) and the
seven bitesize sessions (663 attending) that the region's history already has as offers; its members are
everyone who booked them. About 40 people, across the six integrated care systems and including people
with their line managers, ask to join action learning; the set former makes five sets of seven or eight
(never two people from one line-management chain), they are published, a Tricordant facilitator runs
each set's first meeting, and all five meet the academy's rule (three meetings with most members
present): "5 sets successfully met".
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from django.db.models import F, Min
from django.utils import timezone
from django.utils.text import slugify

from academy.learning_sets import selectors, services
from academy.learning_sets.models import Community, FormationRun, LearningSet, Membership, Pool
from academy.offers.models import Booking, Offer
from academy.people.models import Academy, Person

from . import catalogue

COMMUNITY_NAME = "East of England Systems OD Community of Practice"
POOL_NAME = "Systems OD action learning sets 2022"
SLOTS = ["Tuesday afternoon", "Thursday morning"]
MEETINGS = [
    dt.date(2022, 9, 6),
    dt.date(2022, 10, 4),
    dt.date(2022, 11, 8),
    dt.date(2022, 12, 6),
    dt.date(2023, 1, 10),
]
LINE_MANAGER_PAIRS = 5
SEED_END = dt.date(2023, 4, 30)
POOL_ASKED = dt.date(2022, 8, 1)
PUBLISHED_AT = dt.datetime(
    2022, 8, 30, 10, 0, tzinfo=dt.UTC
)  # seed 000's year; later cohorts are the demo's recent history


def learning_sets_wipe(academy: Academy) -> None:
    """Remove the demo's community, pool, sets and meetings (before the region's people go)."""
    LearningSet.objects.filter(run__pool__academy=academy, run__pool__name=POOL_NAME).delete()
    Pool.objects.filter(academy=academy, name=POOL_NAME).delete()
    Community.objects.filter(academy=academy, name=COMMUNITY_NAME).delete()


def _pool_people(academy: Academy, rng: random.Random) -> list[Person]:
    """The people booked on the region's action learning offer, and a few people with their line
    managers from other systems' organisations (so the former has chains to keep apart)."""
    offer = Offer.objects.get(academy=academy, slug=slugify(catalogue.ACTION_LEARNING.title))
    base = list(
        Person.objects.filter(bookings__cohort__offer=offer, bookings__cohort__starts_on__lte=SEED_END)
        .exclude(bookings__status=Booking.Status.CANCELLED)
        .distinct()
        .order_by("pk")
    )
    taken = {p.pk for p in base}
    candidates = list(
        Person.objects.filter(
            line_manager__isnull=False,
            organisation__ics__isnull=False,
            line_manager__organisation=F("organisation"),
            user__isnull=True,
        )
        .exclude(pk__in=taken)
        .exclude(line_manager_id__in=taken)
        .select_related("organisation__ics", "line_manager")
        .order_by("pk")[:2000]
    )
    rng.shuffle(candidates)
    pairs: list[Person] = []
    systems_used: set[int] = set()
    for person in candidates:
        ics = person.organisation.ics_id if person.organisation else None
        if ics in systems_used or person.line_manager_id in taken or person.pk in taken:
            continue
        pairs += [person, person.line_manager]  # type: ignore[list-item]
        taken |= {person.pk, person.line_manager_id}  # type: ignore[arg-type]
        systems_used.add(ics)  # type: ignore[arg-type]
        if len(pairs) >= 2 * LINE_MANAGER_PAIRS:
            break
    return base + pairs


def _members_joined(community: Community, events: list[Offer]) -> None:
    """Each member joined a fortnight before the first community event they booked; the action learning
    pool's other people joined when they asked to join action learning (August 2022)."""
    first = dict(
        Booking.objects.filter(cohort__offer__in=events)
        .exclude(status=Booking.Status.CANCELLED)
        .values_list("person_id")
        .annotate(first=Min("cohort__starts_on"))
        .order_by()
    )
    zone = timezone.get_current_timezone()
    by_day: dict[dt.date, list[int]] = {}
    for membership in Membership.objects.filter(community=community).only("pk", "person_id"):
        day = (
            first[membership.person_id] - dt.timedelta(days=14)
            if membership.person_id in first
            else POOL_ASKED
        )
        by_day.setdefault(day, []).append(membership.pk)
    for day, ids in by_day.items():
        Membership.objects.filter(pk__in=ids).update(
            created_at=dt.datetime.combine(day, dt.time(10, 0), tzinfo=zone)
        )


def build_learning_sets(
    *, academy: Academy, facilitator: Person, seed: int = 13, log: Callable[[str], None] = print
) -> dict[str, int]:
    rng = random.Random(seed)
    workshops = Offer.objects.get(academy=academy, slug=slugify(catalogue.COMMUNITY_OF_PRACTICE.title))
    bitesize = Offer.objects.get(academy=academy, slug=slugify(catalogue.OD_BITESIZE.title))
    community = services.community_create(
        academy=academy,
        name=COMMUNITY_NAME,
        aims="\n".join(catalogue.COMMUNITY_OF_PRACTICE.objectives),
        by=None,
    )
    for offer in (workshops, bitesize):
        services.community_event_add(community=community, offer=offer, by=None)
    member_ids = sorted(
        set(
            Booking.objects.filter(cohort__offer__in=[workshops, bitesize])
            .exclude(status=Booking.Status.CANCELLED)
            .values_list("person_id", flat=True)
        )
    )
    people = _pool_people(academy, rng)
    member_ids = sorted(set(member_ids) | {p.pk for p in people})
    Membership.objects.bulk_create(
        [
            Membership(community=community, person_id=pk, in_directory=i % 3 == 0)
            for i, pk in enumerate(member_ids)
        ]
    )
    _members_joined(community, [workshops, bitesize])

    pool = services.pool_create(
        academy=academy,
        community=community,
        name=POOL_NAME,
        slots=SLOTS,
        min_size=7,
        max_size=8,
        max_per_organisation=2,
        by=None,
    )
    for person in people:
        slots = SLOTS if rng.random() < 0.5 else SLOTS[:1]
        pool.entries.create(person=person, slots=slots)
    run = services.formation_run_create(pool=pool, by=None, work_limit=0.5)
    sets = (
        services.formation_publish(run=run, version=run.version, by=None)
        if run.status == FormationRun.Status.DRAFT
        else []
    )
    # The sets were published at the end of August 2022, before their first meetings.
    FormationRun.objects.filter(pk=run.pk, published_at__isnull=False).update(published_at=PUBLISHED_AT)
    for learning_set in sets:
        services.set_facilitator_assign(learning_set=learning_set, person=facilitator, by=None)
        ids = sorted(learning_set.members.values_list("person_id", flat=True))
        for held_on in MEETINGS:
            absent = set(rng.sample(ids, rng.choice((0, 1, 1, 2))))
            services.meeting_log(
                learning_set=learning_set,
                held_on=held_on,
                present=[i for i in ids if i not in absent],
                by=None,
            )
    met = selectors.sets_met_count(LearningSet.objects.filter(run=run).prefetch_related("members"))
    if not sets:
        log(f"No action learning sets formed ({run.get_status_display()}): {' '.join(run.reasons)}")
    return {
        "community members": len(member_ids),
        "action learning pool": len(people),
        "action learning sets": len(sets),
        "action learning sets met": met,
    }
