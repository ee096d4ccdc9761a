"""The 360 feedback part of the permissions matrix world. The coachee (the hub's `coachee` role) is the
participant: an open 360 with a fresh rater link and a used one, a closed 360 shared with their coach
(the `practitioner` role), and a closed 360 shared with no one. The academy is the matrix academy (its
programme manager is `pm`)."""

from types import SimpleNamespace
from typing import Any

from academy.feedback360 import services
from tests.feedback360.helpers import all_at, answered, invite, start


def build_feedback360(*, academy: Any, users: dict[str, Any], hub: Any) -> Any:
    services.statements_sample_add(academy=academy, by=None)
    coachee = hub.active.requester
    open_ = start(academy, participant=coachee)
    _, token = invite(open_, "peer")
    used = answered(open_, "peer").token
    shared = start(academy, participant=coachee)
    services.assessment_close(assessment=shared, by=coachee.user)
    share = services.share_create(assessment=shared, relationship=hub.active, by=coachee.user)
    private = start(academy, participant=coachee)
    services.assessment_close(assessment=private, by=coachee.user)
    return SimpleNamespace(
        academy=academy,
        open=open_,
        token=token,
        used=used,
        shared=shared,
        share=share,
        private=private,
        page_ratings={f"s{pk}": "3" for pk in open_.statements},
        api_ratings={"ratings": {str(pk): 3 for pk, _ in all_at(open_, 3).items()}},
    )
