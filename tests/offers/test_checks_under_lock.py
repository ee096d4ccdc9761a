"""A service decides on the row it has locked, not on the copy its caller read earlier."""

import pytest
from django.core.exceptions import ValidationError

from academy.offers import services
from academy.offers.models import Booking
from tests.factories import CohortFactory, OfferFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_no_project_on_a_booking_cancelled_since_it_was_read():
    person = PersonFactory()
    cohort = CohortFactory(offer=OfferFactory(completion_requires_project=True))
    booking = services.booking_create(cohort=cohort, person=person, by=person.user)
    Booking.objects.filter(pk=booking.pk).update(status=Booking.Status.CANCELLED)  # in another request

    with pytest.raises(ValidationError) as error:
        services.project_submit(booking=booking, by=person.user, title="Rota", summary="Fewer gaps.")

    assert list(error.value.message_dict) == ["booking"]
    assert Booking.objects.get(pk=booking.pk).project_submitted_at is None
