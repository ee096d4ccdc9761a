"""Fifty people press "Book" on the last place at the same moment, each in their own thread and
database connection. Used in-process on PostgreSQL and in a subprocess against a file SQLite database."""

import json
import threading
from collections import Counter
from typing import Any

from django.db import connection

RACERS = 50


def race_for_last_place(racers: int = RACERS) -> dict[str, Any]:
    from academy.offers.models import Booking, Cohort
    from academy.offers.services import booking_create
    from tests.factories import CohortFactory, PersonFactory

    cohort = CohortFactory(capacity=2)
    first = PersonFactory()
    booking_create(cohort=cohort, person=first, by=first.user)  # one place left
    people = [PersonFactory() for _ in range(racers)]
    barrier = threading.Barrier(racers)
    errors: list[str] = []

    def book(person: Any) -> None:
        try:
            barrier.wait(timeout=30)
            booking_create(cohort=Cohort.objects.get(pk=cohort.pk), person=person, by=person.user)
        except Exception as error:  # noqa: BLE001 - every failure is reported, none may happen
            errors.append(f"{type(error).__name__}: {error}")
        finally:
            connection.close()

    threads = [threading.Thread(target=book, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    cohort.refresh_from_db()
    statuses = Counter(Booking.objects.filter(cohort=cohort).values_list("status", flat=True))
    return {
        "errors": errors,
        "statuses": dict(statuses),
        "capacity": cohort.capacity,
        "confirmed_count": cohort.confirmed_count,
        "waitlist_count": cohort.waitlist_count,
        "alive": sum(thread.is_alive() for thread in threads),
    }


def main() -> None:
    import django

    django.setup()
    print(json.dumps(race_for_last_place()))
