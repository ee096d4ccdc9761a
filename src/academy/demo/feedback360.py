"""Seed 002's "personal 360 assessment and feedback against the Healthcare Leadership Model", from the
region's own staff, written through the 360 services.

- The academy's statements: our own sample wording, two behaviours for each of the nine dimensions.
- The demo participant's completed 360: a self-rating, their line manager (who agreed to be shown as
  such), four peers, three direct reports and three others, closed; shared with their coach when they
  have one.
- A second person's 360 with four peers and one direct report: the direct report's answers are below
  the minimum of three and there are no "others" to fold them into, so they stay hidden.
- Four more completed 360s closed last quarter, so the academy's figures across participants have a
  quarter to show (at least three participants, no one's scores).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from typing import Any

from academy.coaching.models import Relationship
from academy.feedback360 import services
from academy.feedback360.models import Assessment, Group, Statement
from academy.people.models import Academy, Person

COMMENTS = [
    "Always makes time to listen, even on the busiest days.",
    "Could share the bigger picture with the team more often.",
    "Brings partners from social care into the conversation early.",
    "Gives clear, kind feedback and follows up.",
    "Sometimes takes too much on rather than delegating.",
    "Helped me to grow into my current role.",
]
FULL_GROUPS = [(Group.LINE_MANAGER, 1), (Group.PEER, 4), (Group.DIRECT_REPORT, 3), (Group.OTHER, 3)]
BELOW_GROUPS = [(Group.PEER, 4), (Group.DIRECT_REPORT, 1)]
PAST_360S = 4


def feedback360_wipe(*, academy: Academy, login_domain: str) -> None:
    Assessment.objects.filter(academy=academy, participant__email__endswith=login_domain).delete()
    if not Assessment.objects.filter(academy=academy).exists():
        Statement.objects.filter(academy=academy).delete()


def _user(person: Person) -> Any:
    assert person.user is not None, "demo staff all have logins"
    return person.user


def _run(
    *,
    academy: Academy,
    participant: Person,
    groups: Sequence[tuple[str, int]],
    people: Sequence[Person],
    rng: random.Random,
    title: str,
) -> Assessment:
    """One person's 360, with raters drawn from the region's staff (a person may rate several colleagues)."""
    candidates = [p for p in people if p.pk != participant.pk]
    raters = rng.sample(candidates, sum(count for _, count in groups))
    # The system writes the other staff's 360s (they have no logins); the demo participant's as themselves
    by = participant.user if participant.user_id else None
    assessment = services.assessment_start(academy=academy, by=by, participant=participant, title=title)
    base = rng.randint(2, 3)
    services.self_rate(
        assessment=assessment,
        ratings={pk: min(4, base + rng.randint(0, 1)) for pk in assessment.statements},
        comments={"developing_capability": "I want to get better at delegating."},
        by=by,
    )
    for group, count in groups:
        for _ in range(count):
            rater = raters.pop()
            invitation = services.rater_invite(
                assessment=assessment,
                group=group,
                email=rater.email,
                name=rater.full_name,
                by=by,
            )
            services.rater_submit(
                token=services.invitation_token(invitation),
                ratings={pk: max(1, min(4, base + rng.randint(-1, 1))) for pk in assessment.statements},
                comments={"leading_with_care": rng.choice(COMMENTS)},
                consents=group == Group.LINE_MANAGER,
            )
    return services.assessment_close(assessment=assessment, by=by)


def build_feedback360(
    *, academy: Academy, participant: Person, pool: Sequence[Person], rng: random.Random, now: dt.datetime
) -> dict[str, int]:
    services.statements_sample_add(academy=academy, by=None)
    people = [p for p in pool if p.pk != participant.pk]
    others = rng.sample(people, 1 + PAST_360S)
    full = _run(
        academy=academy,
        participant=participant,
        groups=FULL_GROUPS,
        people=people,
        rng=rng,
        title="My 360 feedback",
    )
    coach = Relationship.objects.filter(requester=participant, status__in=Relationship.HOLDS_PLACE).first()
    if coach is not None:
        services.share_create(assessment=full, relationship=coach, by=_user(participant))
    _run(
        academy=academy,
        participant=others[0],
        groups=BELOW_GROUPS,
        people=people,
        rng=rng,
        title="360 feedback, spring",
    )
    last_quarter = now - dt.timedelta(days=100)
    for person in others[1 : 1 + PAST_360S]:
        past = _run(
            academy=academy,
            participant=person,
            groups=[(Group.PEER, 3), (Group.DIRECT_REPORT, 3), (Group.OTHER, 2)],
            people=people,
            rng=rng,
            title="360 feedback",
        )
        # History: these closed last quarter (the services stamp the moment they run)
        Assessment.objects.filter(pk=past.pk).update(closed_at=last_quarter)
    invited = sum(count for _, count in FULL_GROUPS + BELOW_GROUPS) + 8 * PAST_360S
    return {"360s completed": 2 + PAST_360S, "360 raters": invited}
