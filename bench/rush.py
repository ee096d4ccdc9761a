#!/usr/bin/env python
"""A booking rush on PostgreSQL (issue 17): 2,000 people book at once, 32 at a time, through
`offers.services.booking_create` (the service the booking page and the API call), each in their own
thread and database connection.

The series: one offer of 20 cohorts of 200 places (4,000 places). The popular cohort already has 100
places confirmed. Of the 2,000 people, every other one (1,000) asks for the popular cohort's last 100
places; the other 1,000 are spread over the rest of the series. Then the invariants are checked:

- no double booking: on every cohort, confirmed bookings = the cohort's count <= its capacity, and nobody
  holds two active bookings on one cohort;
- the waiting list is in arrival order: of two people on it, one whose booking had finished before the
  other's began is ahead of them;
- every booking's e-mail (confirmed or waiting list) is queued in the outbox exactly once (outbox keys).

Run by bench/run.py (`--rush`) against a database of its own, migrated and empty, dropped afterwards:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/perf_rush PYTHONPATH=src:. python bench/rush.py
"""

import datetime as dt
import json
import math
import os
import queue
import threading
import time
from collections import Counter
from typing import Any

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "academy.config.settings.base")

PEOPLE = 2000
CONCURRENCY = 32
COHORTS = 20
CAPACITY = 200
ALREADY_BOOKED = 100
ARRIVE_OVER = float(os.environ.get("RUSH_ARRIVE_OVER", "120"))  # seconds over which the 2,000 arrive


def build() -> dict[str, Any]:
    from django.utils import timezone
    from tests.factories import AcademyFactory, OrganisationFactory

    from academy.offers.models import Booking, Cohort, Offer
    from academy.people.models import Person, User

    academy = AcademyFactory()
    organisation = OrganisationFactory()
    offer = Offer.objects.create(
        academy=academy,
        title="Leading Transformation",
        slug="rush-leading-transformation",
        kind="programme",
        status=Offer.Status.PUBLISHED,
        summary="The launch rush.",
        delivery_format="virtual",
    )
    start = timezone.localdate() + dt.timedelta(days=30)
    cohorts = [
        Cohort.objects.create(
            offer=offer,
            name=f"Cohort {n + 1}",
            capacity=CAPACITY,
            starts_on=start + dt.timedelta(days=7 * n),
            ends_on=start + dt.timedelta(days=7 * n + 60),
        )
        for n in range(COHORTS)
    ]
    users = User.objects.bulk_create(
        [
            User(username=f"rush{n}@example.org", email=f"rush{n}@example.org", password="!")
            for n in range(PEOPLE + ALREADY_BOOKED)
        ]
    )
    people = Person.objects.bulk_create(
        [
            Person(
                user=user,
                given_name="Rush",
                family_name=f"Person {n}",
                email=user.email,
                job_title="Nurse",
                organisation=organisation,
            )
            for n, user in enumerate(users)
        ]
    )
    popular = cohorts[0]
    Booking.objects.bulk_create(
        [
            Booking(cohort=popular, person=person, status=Booking.Status.CONFIRMED)
            for person in people[:ALREADY_BOOKED]
        ]
    )
    Cohort.objects.filter(pk=popular.pk).update(confirmed_count=ALREADY_BOOKED)
    return {"cohorts": [c.pk for c in cohorts], "people": [p.pk for p in people[ALREADY_BOOKED:]]}


def rush(cohort_ids: list[int], person_ids: list[int]) -> dict[str, Any]:
    from django.db import connection

    from academy.offers.models import Cohort
    from academy.offers.services import booking_create
    from academy.people.models import Person

    popular, rest = cohort_ids[0], cohort_ids[1:]
    arrivals: queue.Queue[tuple[int, int, int]] = queue.Queue()
    for n, person_id in enumerate(person_ids):
        arrivals.put((n, person_id, popular if n % 2 == 0 else rest[(n // 2) % len(rest)]))
    # Open loop: person n arrives at n x ARRIVE_OVER / PEOPLE seconds whether or not earlier bookings have
    # finished, and their latency is counted from that moment (time waiting for a free worker included).
    gap = ARRIVE_OVER / max(len(person_ids), 1)
    timings: dict[int, tuple[float, float]] = {}  # person -> (call started, finished), monotonic
    latency: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()

    def worker() -> None:
        try:
            while True:
                try:
                    n, person_id, cohort_id = arrivals.get_nowait()
                except queue.Empty:
                    return
                arrives = began + n * gap
                if (wait := arrives - time.perf_counter()) > 0:
                    time.sleep(wait)
                person = Person.objects.select_related("user").get(pk=person_id)
                cohort = Cohort.objects.get(pk=cohort_id)
                started = time.perf_counter()
                try:
                    booking_create(cohort=cohort, person=person, by=person.user)
                except Exception as error:  # noqa: BLE001 - every failure is reported
                    with lock:
                        errors.append(f"{type(error).__name__}: {error}")
                finished = time.perf_counter()
                with lock:
                    timings[person_id] = (started, finished)
                    latency.append(finished - arrives)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(CONCURRENCY)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    latencies = sorted(latency)

    def percentile(p: float) -> float:
        return latencies[max(0, math.ceil(p / 100 * len(latencies)) - 1)]

    return {
        "bookings": len(latencies),
        "seconds": round(elapsed, 2),
        "bookings_per_second": round(len(latencies) / elapsed, 1),
        "median_ms": round(percentile(50) * 1000, 1),
        "p95_ms": round(percentile(95) * 1000, 1),
        "p99_ms": round(percentile(99) * 1000, 1),
        "errors": errors[:10],
        "error_count": len(errors),
        "timings": timings,
    }


def check(
    cohort_ids: list[int], person_ids: list[int], timings: dict[int, tuple[float, float]]
) -> dict[str, Any]:
    from django.db.models import Count

    from academy.core.models import OutboxMessage
    from academy.offers.models import Booking, Cohort
    from academy.offers.selectors import waiting_list

    problems: list[str] = []
    for cohort in Cohort.objects.filter(pk__in=cohort_ids):
        confirmed = Booking.objects.filter(cohort=cohort, status=Booking.Status.CONFIRMED).count()
        waiting = Booking.objects.filter(cohort=cohort, status=Booking.Status.WAITLISTED).count()
        if confirmed != cohort.confirmed_count or confirmed > (cohort.capacity or 0):
            problems.append(
                f"{cohort.name}: {confirmed} confirmed, count {cohort.confirmed_count}, capacity {cohort.capacity}"
            )
        if waiting != cohort.waitlist_count:
            problems.append(f"{cohort.name}: {waiting} waiting, count {cohort.waitlist_count}")
    doubled = (
        Booking.objects.filter(cohort_id__in=cohort_ids, status__in=Booking.ACTIVE_STATUSES)
        .values("cohort_id", "person_id")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .count()
    )
    if doubled:
        problems.append(f"{doubled} people hold two active bookings on one cohort")
    # Waiting list in arrival order: walking the list from the front, nobody further back may have
    # finished booking before someone ahead of them began.
    order = list(
        waiting_list(cohort=Cohort.objects.get(pk=cohort_ids[0])).values_list("person_id", flat=True)
    )
    out_of_order = 0
    earliest_finish_behind = math.inf
    for person_id in reversed(order):
        started, finished = timings[person_id]
        if earliest_finish_behind < started:
            out_of_order += 1
        earliest_finish_behind = min(earliest_finish_behind, finished)
    if out_of_order:
        problems.append(
            f"{out_of_order} people on the waiting list are ahead of someone who booked before them"
        )
    made = Booking.objects.filter(cohort_id__in=cohort_ids, person_id__in=person_ids)
    expected = {f"offers.booking:{pk}:{status}" for pk, status in made.values_list("pk", "status")}
    keys = Counter(
        key.rsplit(":", 1)[0]
        for key in OutboxMessage.objects.filter(key__startswith="offers.booking:").values_list(
            "key", flat=True
        )
    )
    missing = [key for key in expected if keys[key] == 0]
    twice = [key for key in expected if keys[key] > 1]
    if missing:
        problems.append(f"{len(missing)} bookings have no e-mail queued, e.g. {missing[:3]}")
    if twice:
        problems.append(f"{len(twice)} bookings have more than one e-mail queued, e.g. {twice[:3]}")
    statuses = Counter(made.values_list("status", flat=True))
    popular = Counter(made.filter(cohort_id=cohort_ids[0]).values_list("status", flat=True))
    return {
        "statuses": dict(statuses),
        "popular_cohort": {**dict(popular), "already_confirmed_before": ALREADY_BOOKED},
        "waiting_list_length": len(order),
        "emails_queued": sum(keys[key] for key in expected),
        "problems": problems,
        "invariants_hold": not problems,
    }


def main() -> None:
    import django

    django.setup()
    built = build()
    result = rush(built["cohorts"], built["people"])
    timings = result.pop("timings")
    result["check"] = check(built["cohorts"], built["people"], timings)
    result["setup"] = (
        f"{PEOPLE:,} people arriving evenly over {ARRIVE_OVER:.0f} s (open loop: latency counted from each "
        f"arrival, waiting for a free worker included), served by {CONCURRENCY} workers through booking_create "
        f"in-process (one thread and database connection each); {COHORTS} cohorts x {CAPACITY} places, the "
        f"popular one with {ALREADY_BOOKED} already confirmed and asked for by every other arrival"
    )
    print(json.dumps(result))


if __name__ == "__main__":
    main()
