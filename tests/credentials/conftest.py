import pytest

from .helpers import register_bookings, unregister_bookings


@pytest.fixture(autouse=True)
def course_certificates():
    register_bookings()
    yield
    unregister_bookings()
