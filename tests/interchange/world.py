"""The interchange part of the permissions matrix world. The participant is the learner and their line
manager is the `sponsor` role's person; the `host` role's person (social care, another ICS) hosts; the
`participant2` role is another learner, with no arrangement. The academy's scheme asks line managers to
agree. Arrangements: one waiting for the manager, one agreed and under way, one completed."""

from types import SimpleNamespace
from typing import Any

from django.utils import timezone

from academy.interchange import services
from academy.interchange.models import MatchingRun, RunResult
from academy.people.models import Person, Sector
from tests.factories import OrganisationFactory, PersonFactory


def build_interchange(*, academy: Any, participant: Person, users: dict[str, Any]) -> SimpleNamespace:
    host = PersonFactory(organisation=OrganisationFactory(sector=Sector.SOCIAL_CARE))
    users["host"] = host.user
    today = timezone.localdate()

    def opportunity(title: str) -> Any:
        return services.opportunity_create(
            academy=academy, by=host.user, kind="shadowing", title=title, duration="one day", capacity=3
        )

    open_one = opportunity("Shadow a care home manager")
    waiting = services.opportunity_ask(
        opportunity=opportunity("Shadow a registered manager"), by=participant.user
    )
    manager = participant.line_manager
    assert manager is not None and waiting.manager_id == manager.pk
    agreed = services.opportunity_ask(
        opportunity=opportunity("A day with the home care team"), by=participant.user
    )
    services.arrangement_manager_decide(arrangement=agreed, agree=True, by=manager.user)
    services.arrangement_schedule(arrangement=agreed, starts_on=today, ends_on=today, by=host.user)
    done = services.opportunity_ask(opportunity=opportunity("Placement in reablement"), by=participant.user)
    services.arrangement_manager_decide(arrangement=done, agree=True, by=manager.user)
    services.arrangement_schedule(arrangement=done, starts_on=today, ends_on=today, by=host.user)
    services.arrangement_complete(arrangement=done, by=host.user)
    request = services.request_create(
        academy=academy, by=participant.user, what="How social care commissions"
    )
    run = MatchingRun.objects.create(academy=academy, status=MatchingRun.Status.DRAFT, figures={"matched": 1})
    RunResult.objects.create(run=run, request=request, opportunity=open_one, score=0.5)
    return SimpleNamespace(
        academy=academy,
        host=host,
        open=open_one,
        waiting=waiting,
        agreed=agreed,
        done=done,
        request=request,
        run=run,
    )
