"""The credentials part of the permissions matrix world: course certificates (a completed booking) are
registered as a credential subject, as tests/credentials does; the participant holds a valid
certificate for their completed booking and a suspended one for their project booking."""

from types import SimpleNamespace
from typing import Any

from academy.credentials.services import credential_issue, credential_suspend
from academy.people.models import User

from .helpers import COURSE, register_bookings


def build_credentials(*, booking: Any, project_booking: Any, pm: User) -> SimpleNamespace:
    register_bookings()
    active = credential_issue(subject=booking, achievement=COURSE, by=pm)
    suspended = credential_issue(subject=project_booking, achievement=COURSE, by=None)
    suspended = credential_suspend(credential=suspended, reason="Under review", by=pm)
    return SimpleNamespace(
        active=active,
        suspended=suspended,
        status_list=active.revocation_list,
        academy_slug=active.academy.slug,
    )
