"""The validation decision as a credential subject: a route decided System OD Leader or System OD
Practitioner issues its practitioner an Open Badges 3.0 credential through the credentials app.
Registered from `ValidationConfig.ready()`."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from .models import Outcome, Route
from .permissions import can_decide, can_manage_cohort

CRITERIA = (
    "Validated through the six-step System OD practitioner route: reflection against the competency "
    "framework, a one-day workshop, a decision to claim, six months' support, a claim of practice "
    "evidenced against every element of the framework and reviewed independently by a panel of peers "
    "and experts, and a developmental validation interview with the panel."
)
DESCRIPTIONS = {
    Outcome.LEADER: "Validated to lead system-level OD work, influencing senior system leaders.",
    Outcome.PRACTITIONER: "Validated to operate and deliver interventions at system level, working with "
    "system leaders.",
}


def register() -> None:
    from academy.credentials.registry import credential_subject_register

    credential_subject_register(
        Route,
        label="System OD practitioner validation",
        academy_of=lambda route: route.cohort.academy,
        holder_of=lambda route: route.person,
        may_issue=can_decide,
        may_revoke=lambda user, route: can_manage_cohort(user, route.cohort),
    )


def issue_for(route: Route, *, by: Any) -> Any:
    """Issue the route's credential (the decision must be System OD Leader or Practitioner)."""
    from academy.credentials.documents import Achievement
    from academy.credentials.keys import site_url
    from academy.credentials.services import credential_issue

    outcome = Outcome(route.outcome)
    alignment = tuple(
        {
            "targetName": f"{framework.name} (version {framework.version})",
            "targetUrl": site_url() + reverse("validation:framework", args=[framework.pk]),
            "targetFramework": framework.name,
        }
        for framework in route.cohort.frameworks.all()
    )
    achievement = Achievement(
        name=outcome.label,
        description=DESCRIPTIONS[outcome],
        criteria_narrative=CRITERIA,
        achievement_type="Certificate",
        alignment=alignment,
    )
    return credential_issue(subject=route, achievement=achievement, by=by)
