"""Every non-trivial read in evaluation. Each takes the acting user and returns only what they may see."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils import timezone

from academy.offers.models import Attendance, Cohort, Offer, Session
from academy.offers.selectors import academies_manageable, cohorts_visible, offers_manageable
from academy.people.models import ICS, Academy, Person, RoleLevel, Sector
from academy.people.permissions import academy_ids_managed, ics_ids_led, is_programme_team
from academy.reporting.arithmetic import anonymous_minimum, percent

from . import figures
from .dashboards import DashboardScope
from .models import Answer, Goal, Instrument, Invitation, Response, Survey, ThemeSet
from .permissions import (
    can_see_cohort_figures,
    can_see_offer_figures,
    can_see_survey_figures,
    figures_filter,
    manage_filter,
    offer_figures_filter,
    survey_manage_filter,
)


def _filtered(queryset: QuerySet[Any], condition: Q | None) -> QuerySet[Any]:
    if condition is None:
        return queryset
    # A subquery keeps one row per object even when the condition joins a many-to-many (offer systems).
    return queryset.filter(pk__in=queryset.model.objects.filter(condition).values("pk"))


# ---------------------------------------------------------------- instruments


def instruments_visible(*, user: Any) -> QuerySet[Instrument]:
    """Standard instruments, plus those of the academies the user manages."""
    from academy.people.permissions import scope_of

    scope = scope_of(user)
    instruments = Instrument.objects.select_related("academy").prefetch_related("questions")
    if scope.is_administrator:
        return instruments
    return instruments.filter(Q(academy__isnull=True) | Q(academy_id__in=scope.academy_ids))


def instrument_get_visible(*, user: Any, pk: int) -> Instrument:
    instrument = instruments_visible(user=user).filter(pk=pk).first()
    if instrument is None:
        raise Http404("No such question set")
    return instrument


def instruments_usable(*, user: Any) -> QuerySet[Instrument]:
    return instruments_visible(user=user).filter(status=Instrument.Status.PUBLISHED)


# ---------------------------------------------------------------- surveys


def surveys_manageable(*, user: Any) -> QuerySet[Survey]:
    surveys = Survey.objects.select_related("instrument", "offer", "cohort", "session")
    return _filtered(surveys, survey_manage_filter(user))


def survey_get_manageable(*, user: Any, pk: int) -> Survey:
    survey = surveys_manageable(user=user).filter(pk=pk).first()
    if survey is None:
        raise Http404("No such evaluation")
    return survey


def surveys_with_figures(*, user: Any) -> QuerySet[Survey]:
    surveys = Survey.objects.select_related("instrument", "offer", "cohort", "session")
    return _filtered(surveys, figures_filter(user))


def survey_get_with_figures(*, user: Any, pk: int) -> Survey:
    survey = surveys_with_figures(user=user).filter(pk=pk).first()
    if survey is None or not can_see_survey_figures(user, survey):
        raise Http404("No such evaluation")
    return survey


def survey_list_for_manager(*, user: Any) -> QuerySet[Survey]:
    return surveys_manageable(user=user).annotate(
        invited=Count("invitations", distinct=True),
        responded=Count("invitations", filter=Q(invitations__responded_at__isnull=False), distinct=True),
        response_count=Count("responses", distinct=True),
    )


def offers_for_survey_creation(*, user: Any) -> QuerySet[Offer]:
    return offers_manageable(user=user)


def cohorts_for_survey_creation(*, user: Any) -> QuerySet[Cohort]:
    return Cohort.objects.filter(offer__in=offers_manageable(user=user)).select_related("offer")


def sessions_for_survey_creation(*, user: Any) -> QuerySet[Session]:
    return Session.objects.filter(cohort__offer__in=offers_manageable(user=user)).select_related(
        "cohort__offer"
    )


def survey_invitations_go_at(survey: Survey) -> dt.datetime | None:
    """When the automatic invitations go: once the survey is open and its session (or its cohort's last
    session) has ended. None when it is not sent automatically or its cohort has no sessions yet."""
    if not survey.invite_automatically or survey.cohort_id is None:
        return None
    ended_at: dt.datetime | None
    if survey.session is not None:
        ended_at = survey.session.ends_at
    else:
        ended_at = Session.objects.filter(cohort_id=survey.cohort_id).aggregate(last=Max("ends_at"))["last"]
    return None if ended_at is None else max(ended_at, survey.opens_at)


def attendances_to_invite() -> QuerySet[Attendance]:
    """The attendances whose people are invited to evaluate: marked present, and the person not
    anonymised since."""
    return Attendance.objects.filter(status=Attendance.Status.PRESENT, person__anonymised_at__isnull=True)


def surveys_due_for_invitations(now: dt.datetime) -> QuerySet[Survey]:
    """Open surveys that invite automatically, whose session (or whole cohort) has ended, and where
    someone marked present has not been invited yet — decided in one query, for the beat task (no
    acting user: it acts for the academy). Offer-level surveys are never due: they have no cohort."""
    cohort_ends_at = (
        Session.objects.filter(cohort=OuterRef("cohort"))
        .values("cohort")
        .annotate(last=Max("ends_at"))
        .values("last")
    )
    uninvited = attendances_to_invite().exclude(
        Exists(Invitation.objects.filter(survey=OuterRef(OuterRef("pk")), person_id=OuterRef("person_id")))
    )
    return (
        Survey.objects.filter(
            invite_automatically=True,
            cohort__isnull=False,
            opens_at__lte=now,
            closes_at__gt=now,
        )
        .annotate(cohort_ended_at=Subquery(cohort_ends_at))
        .filter(
            Q(session__isnull=False, session__ends_at__lte=now)
            & Exists(uninvited.filter(session=OuterRef("session")))
            | Q(session__isnull=True, cohort_ended_at__lte=now)
            & Exists(uninvited.filter(session__cohort=OuterRef("cohort")))
        )
        .order_by("pk")
    )


# ---------------------------------------------------------------- invitations and responses


def invitations_for(*, user: Any, survey: Survey) -> QuerySet[Invitation]:
    """Who was invited and whether they answered. For anonymous surveys, only *that* they answered."""
    survey_get_manageable(user=user, pk=survey.pk)
    return Invitation.objects.filter(survey=survey).select_related("person", "survey").order_by("id")


def responses_for(*, user: Any) -> QuerySet[Response]:
    """Programme team: responses to their surveys. Anonymous ones carry no person by construction, and
    an anonymous survey's responses are listed only once it has at least anonymous_minimum()
    of them (below that, each row could be one known person's answers)."""
    responses = Response.objects.select_related("survey").prefetch_related("answers__question")
    too_few = (
        Survey.objects.filter(anonymous=True)
        .annotate(n=Count("responses"))
        .filter(n__gt=0, n__lt=anonymous_minimum())
        .values("pk")
    )
    return _filtered(responses, survey_manage_filter(user, prefix="survey__")).exclude(survey__in=too_few)


def responses_own(*, person: Person) -> QuerySet[Response]:
    """A participant's own named responses (anonymous ones cannot be found, even by their author)."""
    return (
        Response.objects.filter(person=person, is_anonymous=False)
        .select_related("survey")
        .prefetch_related("answers__question")
    )


def invitations_open_for(*, person: Person) -> QuerySet[Invitation]:
    """Evaluations this person still has to answer."""
    now = timezone.now()
    return (
        Invitation.objects.filter(
            person=person, responded_at__isnull=True, survey__opens_at__lte=now, survey__closes_at__gt=now
        )
        .select_related("survey__offer", "survey__session", "survey__cohort")
        .order_by("survey__closes_at", "id")
    )


def invitation_own(*, person: Person, survey_pk: int) -> Invitation:
    """This person's invitation to a survey, answered or not, open or closed (404 if they were not invited)."""
    invitation = (
        Invitation.objects.filter(person=person, survey_id=survey_pk)
        .select_related("survey__offer", "survey__session", "survey__cohort")
        .first()
    )
    if invitation is None:
        raise Http404("No such evaluation")
    return invitation


def invitation_open_for(*, person: Person, survey_pk: int) -> Invitation:
    invitation = invitations_open_for(person=person).filter(survey_id=survey_pk).first()
    if invitation is None:
        raise Http404("No such evaluation")
    return invitation


# ---------------------------------------------------------------- goals


def goals_own(*, person: Person) -> QuerySet[Goal]:
    return Goal.objects.filter(person=person).select_related("cohort__offer")


def cohorts_for_goals(*, person: Person) -> QuerySet[Cohort]:
    """Cohorts on which the person has (or had) a confirmed place: the ones a goal can belong to."""
    from academy.offers.models import Booking

    return (
        Cohort.objects.filter(bookings__person=person, bookings__status=Booking.Status.CONFIRMED)
        .select_related("offer")
        .order_by("-starts_on", "pk")
    )


def goal_get_own(*, person: Person, pk: int) -> Goal:
    goal = goals_own(person=person).filter(pk=pk).first()
    if goal is None:
        raise Http404("No such goal")
    return goal


# ---------------------------------------------------------------- figures


def figures_for_survey(*, user: Any, pk: int) -> figures.ScopeFigures:
    return figures.survey_figures(survey_get_with_figures(user=user, pk=pk))


def offer_get_with_figures(*, user: Any, pk: int) -> Offer:
    """An offer whose figures and reports the user may see; 404 for any other (its existence is not told)."""
    offer = Offer.objects.select_related("academy", "delivery_partner").filter(pk=pk).first()
    if offer is None or not can_see_offer_figures(user, offer):
        raise Http404("No such offer")
    return offer


def cohort_get_with_figures(*, user: Any, pk: int) -> Cohort:
    cohort = Cohort.objects.select_related("offer__academy", "offer__delivery_partner").filter(pk=pk).first()
    if cohort is None or not can_see_cohort_figures(user, cohort):
        raise Http404("No such cohort")
    return cohort


def academy_get_for_reports(*, user: Any, pk: int) -> Academy:
    """An academy whose whole-period report the user may read: its programme team and administrators."""
    academy = academies_manageable(user=user).filter(pk=pk).first()
    if academy is None:
        raise Http404("No such academy")
    return academy


def offers_for_suite(*, user: Any) -> QuerySet[Offer]:
    """Offers a user may compile into a suite of reports: those of the academies they manage."""
    if not is_programme_team(user):
        raise PermissionDenied("Only the academy's programme team can compile reports.")
    return offers_manageable(user=user).order_by("title", "id")


def figures_for_offer(*, user: Any, pk: int, instrument_key: str | None = None) -> figures.ScopeFigures:
    offer = offer_get_with_figures(user=user, pk=pk)
    return figures.offer_figures(offer, instrument_key=instrument_key)


def figures_for_cohort(*, user: Any, pk: int, instrument_key: str | None = None) -> figures.ScopeFigures:
    cohort = cohort_get_with_figures(user=user, pk=pk)
    return figures.cohort_figures(cohort, instrument_key=instrument_key)


def figures_for_session(*, user: Any, pk: int) -> figures.ScopeFigures:
    session = Session.objects.select_related("cohort__offer").filter(pk=pk).first()
    if session is None or not can_see_cohort_figures(user, session.cohort):
        raise Http404("No such session")
    return figures.session_figures(session)


def goal_figures_for_offer(*, user: Any, pk: int) -> list[figures.GoalThemeFigure]:
    offer = Offer.objects.filter(pk=pk).first()
    if offer is None or not can_see_offer_figures(user, offer):
        raise Http404("No such offer")
    return figures.goal_figures(Goal.objects.filter(Q(cohort__offer=offer) | Q(survey__offer=offer)))


def goal_figures_for_cohort(*, user: Any, pk: int) -> list[figures.GoalThemeFigure]:
    cohort = Cohort.objects.select_related("offer").filter(pk=pk).first()
    if cohort is None or not can_see_cohort_figures(user, cohort):
        raise Http404("No such cohort")
    return figures.goal_figures(Goal.objects.filter(cohort=cohort))


def cohorts_with_figures(*, user: Any) -> QuerySet[Cohort]:
    return cohorts_visible(user=user)


# ---------------------------------------------------------------- quotes and themes


def attribution_text(role_level: str, sector: str) -> str:
    """How a quote is credited: by role and sector, never by name (e.g. "Band 7, Social care")."""
    parts = [dict(RoleLevel.choices).get(role_level, ""), dict(Sector.choices).get(sector, "")]
    return ", ".join(p for p in parts if p) or "Participant"


def quotes_for(*, user: Any, offer: Offer, question_code: str | None = None) -> list[dict[str, Any]]:
    """Answers whose authors consented to be quoted, attributed by role and sector only."""
    if not can_see_offer_figures(user, offer):
        raise Http404("No such offer")
    answers = Answer.objects.filter(response__survey__offer=offer, consent_to_quote=True).exclude(text="")
    if question_code:
        answers = answers.filter(question__code=question_code)
    answers, _held_back = figures.answers_shown(
        answers
    )  # never from an anonymous evaluation under the minimum
    rows = answers.order_by("pk").values_list(
        "pk", "text", "response__respondent_role_level", "response__respondent_sector"
    )
    return [
        {"answer_id": pk, "text": text, "attribution": attribution_text(role, sector)}
        for pk, text, role, sector in rows
    ]


def theme_sets_for(*, user: Any) -> QuerySet[ThemeSet]:
    return _filtered(ThemeSet.objects.select_related("offer", "survey"), manage_filter(user))


def theme_set_get(*, user: Any, pk: int) -> ThemeSet:
    theme_set = theme_sets_for(user=user).filter(pk=pk).first()
    if theme_set is None:
        raise Http404("No such set of themes")
    return theme_set


def theme_members_withheld(*, theme_set: ThemeSet) -> tuple[set[int], int]:
    """The memberships of a stored theme set whose answers may not be shown now: those of an anonymous
    evaluation under the minimum (a run leaves them out; a set stored before that rule may hold some), and
    how many responses those evaluations hold (for withheld_sentence)."""
    survey_ids = (
        theme_set.memberships.order_by().values_list("answer__response__survey_id", flat=True).distinct()
    )
    withheld, held_back = figures.surveys_withheld(survey_ids)
    if not withheld:
        return set(), 0
    hidden = theme_set.memberships.filter(answer__response__survey_id__in=sorted(withheld))
    return set(hidden.values_list("pk", flat=True)), held_back


def theme_summary(*, theme_set: ThemeSet, quotes_per_theme: int = 3) -> list[dict[str, Any]]:
    """The themes as people left them, for pages and reports: label, size, share of the substantive
    answers (whole percent, from counts) and quotes — only from authors who consented, attributed by
    role and sector. "No comment" and the like are listed last and are not part of the base."""
    themes = list(
        theme_set.themes.prefetch_related("memberships__answer__response").order_by(
            "is_non_answer", "is_unassigned", "order", "id"
        )
    )
    hidden, _held_back = theme_members_withheld(theme_set=theme_set)
    base = sum(1 for t in themes if not t.is_non_answer for m in t.memberships.all() if m.pk not in hidden)
    summary = []
    for theme in themes:
        members = [m for m in theme.memberships.all() if m.pk not in hidden]
        ordered = sorted(members, key=lambda m: (not m.representative, m.answer_id))
        quotes = [
            {
                "answer_id": m.answer_id,
                "text": m.answer.text,
                "attribution": attribution_text(
                    m.answer.response.respondent_role_level, m.answer.response.respondent_sector
                ),
            }
            for m in ordered
            if m.answer.consent_to_quote
        ][:quotes_per_theme]
        summary.append(
            {
                "id": theme.pk,
                "label": theme.label,
                "size": len(members),
                "base": base,
                "percent": None if theme.is_non_answer else percent(len(members), base),
                "is_non_answer": theme.is_non_answer,
                "is_unassigned": theme.is_unassigned,
                "keywords": list(theme.keywords),
                "quotes": quotes,
            }
        )
    return summary


def equality_reach_for_offer(*, user: Any, pk: int, characteristic: str) -> figures.EqualityBreakdown:
    """Who attended an offer, by one equality characteristic, in aggregate with small numbers suppressed.
    For the offer's programme team and administrators only; every read is audited."""
    from academy.core.audit import audit_record
    from academy.offers.models import Attendance
    from academy.offers.permissions import can_manage_offer

    offer = Offer.objects.filter(pk=pk).first()
    if offer is None or not can_manage_offer(user, offer):
        raise Http404("No such offer")
    if characteristic not in figures.EQUALITY_CHARACTERISTICS:
        raise Http404("No such characteristic")
    attended = (
        Attendance.objects.filter(session__cohort__offer=offer, status=Attendance.Status.PRESENT)
        .values("booking__person_id")
        .distinct()
    )
    person_ids = Person.objects.filter(pk__in=attended).values("pk")
    audit_record(
        actor=user, action="evaluation.equality.aggregate_read", obj=offer, characteristic=characteristic
    )
    return figures.equality_reach(person_ids, characteristic)


# ---------------------------------------------------------------- dashboards: whose activity a user sees


def region_scope(*, user: Any) -> DashboardScope:
    """Programme managers see their academies' activity; administrators every academy's."""
    academy_ids = academy_ids_managed(user)
    if academy_ids is None:
        return DashboardScope(title="All academies", academy_ids=None)
    if not academy_ids:
        raise PermissionDenied("Impact dashboards are for programme managers and ICS OD leads.")
    names = tuple(Academy.objects.filter(pk__in=academy_ids).order_by("name").values_list("name", flat=True))
    return DashboardScope(title=", ".join(names), academy_ids=academy_ids, academies=names)


def dashboard_scope(*, user: Any) -> DashboardScope | None:
    """The dashboard /impact/ (and the API's region dashboard) opens for a user: an ICS OD lead outside
    the programme team gets their system's (ics_scope), or None when they lead more than one system and
    must choose (systems_for); everyone else the region's (region_scope, which refuses those with no
    academy to manage)."""
    if not is_programme_team(user):
        ics_ids = ics_ids_led(user)
        if len(ics_ids) == 1:
            return ics_scope(user=user, ics_id=next(iter(ics_ids)))
        if ics_ids:
            return None
    return region_scope(user=user)


def ics_scope(*, user: Any, ics_id: int) -> DashboardScope:
    """An ICS OD lead sees every academy's activity with their own system's staff; a programme manager
    sees their academies' activity with any system's staff. Anyone else: no such page."""
    academy_ids = academy_ids_managed(user)
    ics = ICS.objects.filter(pk=ics_id).first()
    if ics is None:
        raise Http404("No such integrated care system")
    if academy_ids is None or ics.pk in ics_ids_led(user):
        return DashboardScope(title=ics.name, academy_ids=None, ics=ics)
    if academy_ids:
        names = tuple(
            Academy.objects.filter(pk__in=academy_ids).order_by("name").values_list("name", flat=True)
        )
        return DashboardScope(title=ics.name, academy_ids=academy_ids, ics=ics, academies=names)
    raise Http404("No such integrated care system")


def systems_for(*, user: Any) -> QuerySet[ICS]:
    """The ICS dashboards to offer a user: their own systems, and those of their academies' regions
    (a programme manager may still open any system's dashboard for their academies' activity)."""
    academy_ids = academy_ids_managed(user)
    if academy_ids is None:
        return ICS.objects.all()
    regions = Academy.objects.filter(pk__in=academy_ids, region__isnull=False).values("region_id")
    return ICS.objects.filter(Q(pk__in=ics_ids_led(user)) | Q(region_id__in=regions)).order_by("name")


def report_offers(*, user: Any, scope: DashboardScope) -> QuerySet[Offer]:
    """The offers in a dashboard's scope whose impact report the user may open (see
    evaluation.permissions.can_see_offer_figures: the academy's team, the offer's delivery partner, or
    the ICS OD lead of a system the offer serves)."""
    offers = scope.offers()
    visible = offer_figures_filter(user)
    if visible is not None:
        offers = offers.filter(pk__in=Offer.objects.filter(visible).values("pk"))
    return offers.order_by("title", "id").only("pk", "title")
