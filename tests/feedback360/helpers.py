"""Shared set-up for 360 feedback tests: an academy with the sample statements, a 360, raters who answer."""

from types import SimpleNamespace
from typing import Any

from academy.feedback360 import services
from academy.feedback360.models import Assessment, Invitation
from academy.people.models import Academy, Person
from tests.factories import AcademyFactory, PersonFactory

_counter = iter(range(1, 1_000_000))


def academy_with_statements(**settings: Any) -> Academy:
    academy = AcademyFactory()
    services.statements_sample_add(academy=academy, by=None)
    if settings:
        services.settings_update(academy=academy, by=None, **settings)
    return academy


def start(academy: Academy | None = None, participant: Person | None = None) -> Assessment:
    academy = academy or academy_with_statements()
    participant = participant or PersonFactory()
    return services.assessment_start(academy=academy, by=participant.user)


def all_at(assessment: Assessment, level: int) -> dict[int, int]:
    return dict.fromkeys(assessment.statements, level)


def invite(assessment: Assessment, group: str, email: str | None = None) -> tuple[Invitation, str]:
    email = email or f"rater{next(_counter)}@example.nhs.uk"
    invitation = services.rater_invite(
        assessment=assessment, group=group, email=email, by=assessment.participant.user
    )
    return invitation, services.invitation_token(invitation)


def answered(
    assessment: Assessment, group: str, level: int = 3, comment: str = "", consents: bool = False
) -> SimpleNamespace:
    invitation, token = invite(assessment, group)
    comments = {"leading_with_care": comment} if comment else {}
    services.rater_submit(
        token=token, ratings=all_at(assessment, level), comments=comments, consents=consents
    )
    return SimpleNamespace(invitation=invitation, token=token)


def rate_self(assessment: Assessment, level: int = 2) -> None:
    services.self_rate(
        assessment=assessment, ratings=all_at(assessment, level), by=assessment.participant.user
    )
