"""What interchange holds about a person: opportunities they host, requests to learn, arrangements (as
learner, or as the line manager asked to agree) and reflections. Registered with `people.registry` in
`InterchangeConfig.ready()`."""

from typing import Any

from django.db.models import Q, QuerySet

from academy.people.models import Person
from academy.people.permissions import Scope
from academy.people.registry import Link, PersonalData

from .models import Arrangement, LearningRequest, Opportunity, Reflection


def visible_to(user: Any, scope: Scope) -> list[QuerySet[Any]]:
    """A programme manager sees the hosts and learners of their academy's scheme."""
    if not scope.academy_ids:
        return []
    return [
        Opportunity.objects.filter(academy_id__in=scope.academy_ids).order_by().values("host_id"),
        LearningRequest.objects.filter(academy_id__in=scope.academy_ids).order_by().values("person_id"),
        Arrangement.objects.filter(opportunity__academy_id__in=scope.academy_ids)
        .order_by()
        .values("learner_id"),
    ]


def export(person: Person) -> dict[str, Any]:
    return {
        "interchange_hosting": [
            {
                "title": o.title,
                "kind": o.kind,
                "description": o.description,
                "where": o.place,
                "starts_on": o.starts_on.isoformat() if o.starts_on else None,
                "ends_on": o.ends_on.isoformat() if o.ends_on else None,
                "duration": o.duration,
                "capacity": o.capacity,
                "suits": o.suits,
                "status": o.status,
            }
            for o in Opportunity.objects.filter(host=person).order_by("pk")
        ],
        "interchange_requests": [
            {
                "what": r.what,
                "where": r.where,
                "when": r.when,
                "why": r.why,
                "kinds": list(r.kinds),
                "status": r.status,
            }
            for r in LearningRequest.objects.filter(person=person).order_by("pk")
        ],
        "interchange_arrangements": [
            {
                "opportunity": a.opportunity.title,
                "status": a.status,
                "starts_on": a.starts_on.isoformat() if a.starts_on else None,
                "ends_on": a.ends_on.isoformat() if a.ends_on else None,
                "manager_comment": a.manager_comment,
            }
            for a in Arrangement.objects.filter(learner=person).select_related("opportunity").order_by("pk")
        ],
        "interchange_agreements_asked": [
            {"opportunity": a.opportunity.title, "learner_arrangement": a.pk, "status": a.status}
            for a in Arrangement.objects.filter(manager=person).select_related("opportunity").order_by("pk")
        ],
        "interchange_reflections": [
            {"side": r.side, "usefulness": r.usefulness, "learned": r.learned, "next_steps": r.next_steps}
            for r in Reflection.objects.filter(author=person).order_by("pk")
        ],
    }


def anonymise(person: Person) -> None:
    """Free text goes; the rows (kinds, statuses, dates, ratings) stay so the scheme's figures add up."""
    Opportunity.objects.filter(host=person).update(
        description="", place="", duration="", suits="", status=Opportunity.Status.CLOSED
    )
    LearningRequest.objects.filter(person=person).update(what="", where="", when="", why="")
    Arrangement.objects.filter(learner=person).update(manager_comment="")
    Reflection.objects.filter(author=person).update(learned="", next_steps="")
    Arrangement.objects.filter(Q(manager=person) & ~Q(status=Arrangement.Status.AWAITING_MANAGER)).update(
        manager=None
    )


PERSONAL_DATA = PersonalData(
    app="interchange",
    visible_to=visible_to,
    export=export,
    anonymise=anonymise,
    links={
        "interchange.Opportunity.host": Link(
            keeps=("title",),
            why="the opportunity's name is how other people's arrangements and figures name it",
        ),
        "interchange.LearningRequest.person": Link(why="the kinds asked for are choices the figures count"),
        "interchange.Arrangement.learner": Link(why="statuses and dates count towards the scheme's figures"),
        "interchange.Arrangement.manager": Link(theirs=False, why="the arrangement is the learner's"),
        "interchange.Reflection.author": Link(why="the usefulness rating is a figure; the words are cleared"),
    },
)
