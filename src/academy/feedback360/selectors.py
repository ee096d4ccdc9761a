"""Every read of 360 feedback, taking the acting user. A 360 is its participant's; a coach reaches the
report only through a live share (each read audited); the academy's team reaches only the statements
and the academy's figures."""

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from academy.coaching.models import Relationship
from academy.core.audit import audit_record
from academy.people.models import Academy

from . import figures
from .models import Assessment, Group, Invitation, Share, Statement
from .permissions import can_see_academy_figures, is_participant, live_shares_to, person_of
from .services import min_raters_of, token_hash


def my_assessments(user: Any) -> QuerySet[Assessment]:
    person = person_of(user)
    if person is None:
        return Assessment.objects.none()
    return (
        Assessment.objects.filter(participant=person)
        .select_related("academy")
        .annotate(
            invited=Count("invitations", filter=~Q(invitations__group=Group.SELF)),
            answered=Count(
                "invitations",
                filter=~Q(invitations__group=Group.SELF)
                & Q(invitations__submitted_at__isnull=False, invitations__withdrawn_at__isnull=True),
            ),
        )
    )


def assessment_get(user: Any, pk: int) -> Assessment:
    """The participant's own 360 (anyone else: 404)."""
    assessment = my_assessments(user).filter(pk=pk).first()
    if assessment is None:
        raise Http404("No such 360")
    return assessment


def shared_with_me(user: Any) -> QuerySet[Assessment]:
    return (
        Assessment.objects.filter(
            pk__in=live_shares_to(user).values("assessment"), status=Assessment.Status.CLOSED
        )
        .select_related("participant")
        .order_by("-closed_at")
    )


def report_get(user: Any, pk: int) -> Assessment:
    """A closed 360's report: its participant, or a coach it is shared with now (the read is audited)."""
    assessment = Assessment.objects.select_related("participant", "academy").filter(pk=pk).first()
    if assessment is None:
        raise Http404("No such report")
    if is_participant(user, assessment):
        return assessment
    if not shared_with_me(user).filter(pk=pk).exists():
        raise Http404("No such report")
    audit_record(actor=user, action="feedback360.report.read", obj=assessment)
    return assessment


def raters(assessment: Assessment) -> QuerySet[Invitation]:
    return assessment.invitations.exclude(group=Group.SELF).order_by("group", "id")


def self_rating(assessment: Assessment) -> Invitation | None:
    return assessment.invitations.filter(group=Group.SELF).prefetch_related("ratings").first()


def statements_of(assessment: Assessment) -> list[Statement]:
    by_id = Statement.objects.in_bulk(assessment.statements)
    return [by_id[pk] for pk in assessment.statements if pk in by_id]


def statements_by_dimension(assessment: Assessment) -> list[tuple[str, str, list[Statement]]]:
    statements = statements_of(assessment)
    return [
        (d.value, str(d.label), [s for s in statements if s.dimension == d])
        for d in figures.DIMENSIONS
        if any(s.dimension == d for s in statements)
    ]


def invitation_by_token(token: str) -> Invitation:
    """A rater's invitation by its link (404 for a wrong one)."""
    found = None
    if token and len(token) <= 100:
        found = (
            Invitation.objects.select_related("assessment__participant")
            .filter(token_hash=token_hash(token))
            .exclude(group=Group.SELF)
            .first()
        )
    if found is None:
        raise Http404("No such link")
    return found


def relationships_to_share_with(user: Any) -> QuerySet[Relationship]:
    """The participant's coaching relationships that hold a place (contracting or active)."""
    person = person_of(user)
    if person is None:
        return Relationship.objects.none()
    return Relationship.objects.filter(requester=person, status__in=Relationship.HOLDS_PLACE).select_related(
        "practitioner__person"
    )


def shares_of(user: Any, assessment: Assessment) -> QuerySet[Share]:
    if not is_participant(user, assessment):
        return Share.objects.none()
    return assessment.shares.select_related("relationship__practitioner__person")


def share_get(user: Any, pk: int) -> Share:
    share = Share.objects.select_related("assessment").filter(pk=pk).first()
    if share is None or not is_participant(user, share.assessment):
        raise Http404("No such share")
    return share


def academies_offering() -> QuerySet[Academy]:
    return Academy.objects.filter(feedback360_statements__active=True).distinct().order_by("name")


def academies_managed(user: Any) -> list[Academy]:
    return [a for a in Academy.objects.order_by("name") if can_see_academy_figures(user, a.pk)]


def academy_get(user: Any, pk: int) -> Academy:
    academy = Academy.objects.filter(pk=pk).first()
    if academy is None or not can_see_academy_figures(user, academy.pk):
        raise Http404("No such academy")
    return academy


def academy_statements(user: Any, academy: Academy) -> QuerySet[Statement]:
    if not can_see_academy_figures(user, academy.pk):
        return Statement.objects.none()
    return Statement.objects.filter(academy=academy).order_by("position", "id")


def academy_figures(user: Any, academy: Academy) -> list[dict[str, Any]]:
    """Per ended quarter and dimension, without anyone's scores and suppressed below the minimum."""
    if not can_see_academy_figures(user, academy.pk):
        raise Http404("No such academy")
    rows = Assessment.objects.filter(academy=academy, status=Assessment.Status.CLOSED).values_list(
        "closed_at", "aggregate_row"
    )
    return figures.academy_figures(
        ((timezone.localdate(at), row) for at, row in rows),
        min_participants=min_raters_of(academy.pk),
        today=timezone.localdate(),
    )
