"""Equality answers counted in aggregate for reports: counts only, one query."""

import pytest

from academy.people.models import Person
from academy.people.selectors import equality_breakdown
from academy.people.services import equality_record_save
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_counts_each_answer_and_people_who_did_not_answer(django_assert_num_queries):
    answers = ["female", "female", "male", "not_stated", ""]
    for answer in answers:
        person = PersonFactory()
        equality_record_save(person=person, by=person.user, sex=answer, age_band="25-34")
    PersonFactory()  # never answered at all
    with django_assert_num_queries(1):
        counts = equality_breakdown(people=Person.objects.all(), question="sex")
    assert counts == {"female": 2, "male": 1, "not_stated": 1, "not_answered": 2}


def test_an_unknown_question_is_refused():
    with pytest.raises(ValueError):
        equality_breakdown(people=Person.objects.all(), question="star_sign")
