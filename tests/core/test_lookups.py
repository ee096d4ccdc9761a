"""The in_ids lookup: a long list of ids bound as one parameter, on SQLite and PostgreSQL alike."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from academy.people.models import EqualityRecord, Person
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_in_ids_finds_the_same_rows_as_in_with_one_parameter_however_long_the_list():
    people = [PersonFactory() for _ in range(5)]
    for person in people[:3]:
        EqualityRecord.objects.create(person=person, sex="female")
    wanted = [people[0].pk, people[2].pk, people[4].pk, *range(10**9, 10**9 + 40_000)]  # mostly absent ids
    with CaptureQueriesContext(connection) as captured:
        found = set(Person.objects.filter(pk__in_ids=wanted).values_list("pk", flat=True))
        records = set(
            EqualityRecord.objects.filter(person_id__in_ids=wanted).values_list("person_id", flat=True)
        )
        by_relation = EqualityRecord.objects.filter(person__in_ids=[people[1].pk]).count()
    assert found == {people[0].pk, people[2].pk, people[4].pk}
    assert records == {people[0].pk, people[2].pk}
    assert by_relation == 1
    assert (
        len(captured) == 3
    )  # 40,003 ids, one statement each (one parameter per value would pass SQLite's limit)
    assert Person.objects.filter(pk__in_ids=[]).count() == 0
