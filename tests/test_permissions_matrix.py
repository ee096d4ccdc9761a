"""Every page and endpoint, tried as every role: who is let in, who is refused, who is told it does not exist.

Each route in Django's resolver must have a row here; a new route without one fails
`test_every_route_is_in_the_matrix`, naming it. A row is one or more cases (a concrete URL and the
expected outcome per role). Expectations are a string with one letter per role, in ROLES order:

    A  allowed      2xx, a redirect that is not to a login page, or 400 (the request got past access checks)
    D  denied       401, 403, or a redirect to a login page
    N  not found    404: the object exists but is not this person's to see (object-level scoping)

    roles: anonymous participant participant2 sponsor pm pm_other facilitator facilitator_other ics_lead admin
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import resolve

from tests.security.routes import normalise, site_routes
from tests.security.world import ROLES, MatrixWorld, build_matrix_world

W = MatrixWorld

PUBLIC = "AAAAAAAAAA"
LOGGED_IN = "DAAAAAAAAA"
OWNER = "DANNNNNNNN"  # the participant's own records
SPONSOR = "DNNANNNNNN"  # the named sponsor only
STAFF = "DDDDAAAADA"  # programme managers, facilitators, administrators
PM_ONLY = "DDDDAADDDA"  # any programme manager (their own academy), administrators
ACADEMY_TEAM = "DNNNANNNNA"  # the owning academy's programme managers, administrators
COHORT_VIEW = "DNNNANANNA"  # ... and the cohort's delivery partner
COHORT_MANAGE = "DNNNANDNNA"  # the partner can see the cohort but not change it
ADMIN = "DDDDDDDDDA"
# the participant, their academy's PM, their cohort's facilitator, their ICS lead, admin
PERSON = "DANNANANAA"
NOT_FOUND = "NNNNNNNNNN"
FIGURES = "DNNNANANAA"  # the academy team, the cohort's partner, the OD lead of a system the offer serves
RESPONDENT = "DANNANNNNA"  # a named response: the respondent, the academy team; never partners or leads
QUESTION_SET = "DDDDANDDDA"  # the academy's own question sets: its PMs (others' get 404); not facilitators
IMPACT = "DDDDAADDAA"  # the impact dashboard: programme managers, ICS OD leads, administrators
ICS_DASHBOARD = "DNNNAANNAA"  # a system's dashboard: any programme manager, that system's OD lead, admin
NO_UPLOAD_YET = "DNNNNNNNNN"  # the column mapping step exists only after an upload in the same session
REGION_IMPACT = (
    "DDDDAADDDA"  # the region dashboard in the API: an ICS OD lead's page redirects, the API refuses
)
SUITE = (
    "DDDDANDDDA"  # a suite of the academy's offer: its programme team; other academies' find no such offer
)


@dataclass(frozen=True)
class Case:
    path: Callable[[W], str]
    expect: str
    method: str = "get"
    data: Callable[[W], dict[str, Any]] = field(default=lambda w: {})
    note: str = ""


def get(path: Callable[[W], str], expect: str, note: str = "") -> Case:
    return Case(path=path, expect=expect, note=note)


def post(path: Callable[[W], str], expect: str, data: Callable[[W], dict[str, Any]] | None = None) -> Case:
    return Case(path=path, expect=expect, method="post", data=data or (lambda w: {}))


def b(w: W) -> str:
    return f"/my-learning/bookings/{w.booking.pk}/"


MATRIX: dict[str, list[Case] | str] = {
    # Site furniture
    "": [get(lambda w: "/", PUBLIC)],
    "login/": [get(lambda w: "/login/", PUBLIC)],
    "logout/": [post(lambda w: "/logout/", PUBLIC)],
    "accessibility/": [get(lambda w: "/accessibility/", PUBLIC)],
    "privacy/": [get(lambda w: "/privacy/", PUBLIC)],
    "cookies/": [get(lambda w: "/cookies/", PUBLIC)],
    "developers/": [get(lambda w: "/developers/", PUBLIC)],
    "admin/": [get(lambda w: "/admin/", ADMIN)],
    # People: one's own record
    "me/": [get(lambda w: "/me/", LOGGED_IN)],
    "me/edit/": [get(lambda w: "/me/edit/", LOGGED_IN)],
    "me/equality/": [get(lambda w: "/me/equality/", LOGGED_IN)],
    "me/export/": [get(lambda w: "/me/export/", LOGGED_IN)],
    "me/tokens/revoke/": [post(lambda w: "/me/tokens/revoke/", LOGGED_IN)],
    # Offers for participants
    "offers/": [get(lambda w: "/offers/", PUBLIC)],
    "offers/<slug:slug>/": [
        get(lambda w: f"/offers/{w.offer.slug}/", PUBLIC),
        get(lambda w: f"/offers/{w.draft.slug}/", "NNNNNNNNNN", "drafts are not in the catalogue"),
    ],
    "offers/<slug:slug>/cohorts/<int:cohort_id>/book/": [
        get(lambda w: f"/offers/{w.offer.slug}/cohorts/{w.cohort.pk}/book/", LOGGED_IN)
    ],
    "my-learning/": [get(lambda w: "/my-learning/", LOGGED_IN)],
    "my-learning/calendar/": [get(lambda w: "/my-learning/calendar/", LOGGED_IN)],
    "my-learning/bookings/<int:pk>/": [get(b, OWNER)],
    "my-learning/bookings/<int:pk>/done/": [get(lambda w: b(w) + "done/", OWNER)],
    "my-learning/bookings/<int:pk>/cancel/": [
        get(lambda w: b(w) + "cancel/", OWNER),
        post(lambda w: b(w) + "cancel/", OWNER),
    ],
    "my-learning/bookings/<int:pk>/project/": [
        get(lambda w: f"/my-learning/bookings/{w.project_booking.pk}/project/", OWNER)
    ],
    "my-learning/bookings/<int:pk>/certificate.pdf": [get(lambda w: b(w) + "certificate.pdf", OWNER)],
    "my-learning/bookings/<int:pk>/sessions/<int:session_id>/invitation.ics": [
        get(lambda w: b(w) + f"sessions/{w.session.pk}/invitation.ics", OWNER)
    ],
    "calendar/<str:token>.ics": [
        get(lambda w: f"/calendar/{w.calendar_token}.ics", PUBLIC, "the secret token is the credential"),
        get(lambda w: f"/calendar/{w.calendar_token}x.ics", "NNNNNNNNNN", "a wrong token finds nothing"),
    ],
    # Sponsors
    "sponsor/": [get(lambda w: "/sponsor/", LOGGED_IN)],
    "sponsor/applications/<int:pk>/": [
        get(lambda w: f"/sponsor/applications/{w.sponsored.pk}/", SPONSOR),
        post(
            lambda w: f"/sponsor/applications/{w.sponsored.pk}/", SPONSOR, lambda w: {"decision": "approve"}
        ),
    ],
    # Programme team and facilitators
    "manage/": [get(lambda w: "/manage/", STAFF)],
    "manage/offers/new/": [get(lambda w: "/manage/offers/new/", PM_ONLY)],
    "manage/offers/<int:pk>/": [get(lambda w: f"/manage/offers/{w.offer.pk}/", ACADEMY_TEAM)],
    "manage/offers/<int:pk>/edit/": [get(lambda w: f"/manage/offers/{w.offer.pk}/edit/", ACADEMY_TEAM)],
    "manage/offers/<int:pk>/cohorts/new/": [
        get(lambda w: f"/manage/offers/{w.offer.pk}/cohorts/new/", ACADEMY_TEAM)
    ],
    "manage/cohorts/<int:pk>/": [get(lambda w: f"/manage/cohorts/{w.cohort.pk}/", COHORT_VIEW)],
    "manage/cohorts/<int:pk>/edit/": [get(lambda w: f"/manage/cohorts/{w.cohort.pk}/edit/", COHORT_MANAGE)],
    "manage/cohorts/<int:pk>/sessions/new/": [
        get(lambda w: f"/manage/cohorts/{w.cohort.pk}/sessions/new/", COHORT_MANAGE)
    ],
    "manage/cohorts/<int:cohort_pk>/bookings/<int:pk>/cancel/": [
        get(lambda w: f"/manage/cohorts/{w.cohort.pk}/bookings/{w.booking.pk}/cancel/", COHORT_MANAGE),
        post(lambda w: f"/manage/cohorts/{w.cohort.pk}/bookings/{w.booking.pk}/cancel/", COHORT_MANAGE),
    ],
    "manage/cohorts/<int:cohort_pk>/applications/<int:pk>/": [
        get(lambda w: f"/manage/cohorts/{w.applied.cohort_id}/applications/{w.applied.pk}/", COHORT_MANAGE)
    ],
    "manage/cohorts/<int:cohort_pk>/adjustments/<int:pk>/": [
        get(lambda w: f"/manage/cohorts/{w.cohort.pk}/adjustments/{w.adjustment.pk}/", COHORT_MANAGE)
    ],
    "manage/cohorts/<int:pk>/delegates.<str:fmt>": [
        get(lambda w: f"/manage/cohorts/{w.cohort.pk}/delegates.csv", COHORT_VIEW)
    ],
    "manage/cohorts/<int:pk>/register.pdf": [
        get(lambda w: f"/manage/cohorts/{w.cohort.pk}/register.pdf", COHORT_VIEW)
    ],
    "manage/cohorts/<int:pk>/email/": [get(lambda w: f"/manage/cohorts/{w.cohort.pk}/email/", COHORT_MANAGE)],
    "manage/cohorts/<int:pk>/delegates/new/": [
        get(lambda w: f"/manage/cohorts/{w.cohort.pk}/delegates/new/", COHORT_MANAGE),
        post(
            lambda w: f"/manage/cohorts/{w.cohort.pk}/delegates/new/",
            COHORT_MANAGE,
            lambda w: {"email": w.participant.email},
        ),
    ],
    "manage/sessions/<int:pk>/edit/": [
        get(lambda w: f"/manage/sessions/{w.session.pk}/edit/", COHORT_MANAGE)
    ],
    "manage/sessions/<int:pk>/attendance/": [
        get(lambda w: f"/manage/sessions/{w.session.pk}/attendance/", COHORT_VIEW),
        post(lambda w: f"/manage/sessions/{w.session.pk}/attendance/", COHORT_VIEW),
    ],
    # API: reference data for anyone logged in
    "api/v1/": [get(lambda w: "/api/v1/", LOGGED_IN)],
    "api/v1/auth/token/": "POST-only exchange of a password for a token: tests/api/test_api_auth.py",
    "api/v1/auth/token/revoke/": "revokes only the caller's own tokens: tests/api/test_api_auth.py",
    "api/v1/<drf_format_suffix:format>": "DRF's format suffix of the API root (same view as api/v1/)",
    "api/v1/regions/": [get(lambda w: "/api/v1/regions/", LOGGED_IN)],
    "api/v1/regions/<pk>/": [
        get(lambda w: f"/api/v1/regions/{w.participant.organisation.ics.region_id}/", LOGGED_IN)
    ],
    "api/v1/systems/": [get(lambda w: "/api/v1/systems/", LOGGED_IN)],
    "api/v1/systems/<pk>/": [
        get(lambda w: f"/api/v1/systems/{w.participant.organisation.ics_id}/", LOGGED_IN)
    ],
    "api/v1/places/": [get(lambda w: "/api/v1/places/", LOGGED_IN)],
    "api/v1/places/<pk>/": "no place in the matrix world; the list covers access",
    "api/v1/organisations/": [get(lambda w: "/api/v1/organisations/", LOGGED_IN)],
    "api/v1/organisations/<pk>/": [
        get(lambda w: f"/api/v1/organisations/{w.participant.organisation_id}/", LOGGED_IN)
    ],
    "api/v1/delivery-partners/": [get(lambda w: "/api/v1/delivery-partners/", LOGGED_IN)],
    "api/v1/delivery-partners/<pk>/": [
        get(lambda w: f"/api/v1/delivery-partners/{w.offer.delivery_partner_id}/", LOGGED_IN)
    ],
    # API: people
    "api/v1/people/": [get(lambda w: "/api/v1/people/", LOGGED_IN)],
    "api/v1/people/<pk>/": [get(lambda w: f"/api/v1/people/{w.participant.pk}/", PERSON)],
    "api/v1/people/<pk>/anonymise/": [post(lambda w: f"/api/v1/people/{w.participant.pk}/anonymise/", ADMIN)],
    "api/v1/people/<pk>/export/": [get(lambda w: f"/api/v1/people/{w.participant.pk}/export/", ADMIN)],
    "api/v1/me/": [get(lambda w: "/api/v1/me/", LOGGED_IN)],
    "api/v1/me/equality/": [get(lambda w: "/api/v1/me/equality/", LOGGED_IN)],
    "api/v1/role-assignments/": [get(lambda w: "/api/v1/role-assignments/", ADMIN)],
    "api/v1/role-assignments/<pk>/": [
        get(lambda w: f"/api/v1/role-assignments/{w.role_assignment.pk}/", ADMIN)
    ],
    # API: offers and delivery
    "api/v1/offers/": [get(lambda w: "/api/v1/offers/", LOGGED_IN)],
    "api/v1/offers/<pk>/": [
        get(lambda w: f"/api/v1/offers/{w.offer.pk}/", LOGGED_IN),
        get(lambda w: f"/api/v1/offers/{w.draft.pk}/", ACADEMY_TEAM, "drafts: the academy's team only"),
    ],
    "api/v1/cohorts/": [get(lambda w: "/api/v1/cohorts/", LOGGED_IN)],
    "api/v1/cohorts/<pk>/": [get(lambda w: f"/api/v1/cohorts/{w.cohort.pk}/", COHORT_VIEW)],
    "api/v1/cohorts/<pk>/adjustments/": [
        get(lambda w: f"/api/v1/cohorts/{w.cohort.pk}/adjustments/", COHORT_MANAGE)
    ],
    "api/v1/cohorts/<pk>/delegates/": [
        get(lambda w: f"/api/v1/cohorts/{w.cohort.pk}/delegates/", COHORT_VIEW)
    ],
    "api/v1/cohorts/<pk>/register/": [get(lambda w: f"/api/v1/cohorts/{w.cohort.pk}/register/", COHORT_VIEW)],
    "api/v1/cohorts/<pk>/email/": [
        post(
            lambda w: f"/api/v1/cohorts/{w.cohort.pk}/email/",
            COHORT_MANAGE,
            lambda w: {"subject": "Room change", "message": "Room 4.", "send_key": "matrix"},
        )
    ],
    "api/v1/cohorts/<pk>/bookings/": [get(lambda w: f"/api/v1/cohorts/{w.cohort.pk}/bookings/", COHORT_VIEW)],
    "api/v1/cohorts/<pk>/waiting-list/": [
        get(lambda w: f"/api/v1/cohorts/{w.cohort.pk}/waiting-list/", COHORT_VIEW)
    ],
    "api/v1/sessions/": [get(lambda w: "/api/v1/sessions/", LOGGED_IN)],
    "api/v1/sessions/<pk>/": [get(lambda w: f"/api/v1/sessions/{w.session.pk}/", COHORT_VIEW)],
    "api/v1/sessions/<pk>/attendance/": [
        post(
            lambda w: f"/api/v1/sessions/{w.session.pk}/attendance/",
            COHORT_VIEW,
            lambda w: {"marks": {str(w.booking.pk): "present"}},
        )
    ],
    "api/v1/bookings/": [
        get(lambda w: "/api/v1/bookings/", LOGGED_IN),
        post(
            lambda w: "/api/v1/bookings/",
            "DADDADDDDA",
            lambda w: {"cohort": w.cohort.pk, "person": w.participant.pk},
        ),
    ],
    "api/v1/bookings/<pk>/": [get(lambda w: f"/api/v1/bookings/{w.booking.pk}/", OWNER)],
    "api/v1/bookings/<pk>/cancel/": [post(lambda w: f"/api/v1/bookings/{w.booking.pk}/cancel/", OWNER)],
    "api/v1/bookings/<pk>/certificate/": [
        get(lambda w: f"/api/v1/bookings/{w.booking.pk}/certificate/", OWNER)
    ],
    "api/v1/bookings/<pk>/invitation/": [
        get(lambda w: f"/api/v1/bookings/{w.booking.pk}/invitation/", OWNER)
    ],
    "api/v1/bookings/<pk>/project/": [
        post(
            lambda w: f"/api/v1/bookings/{w.project_booking.pk}/project/",
            OWNER,
            lambda w: {"title": "Fewer call bells", "summary": "What changed."},
        )
    ],
    "api/v1/sponsor-requests/": [get(lambda w: "/api/v1/sponsor-requests/", LOGGED_IN)],
    "api/v1/sponsor-requests/decided/": [get(lambda w: "/api/v1/sponsor-requests/decided/", LOGGED_IN)],
    "api/v1/sponsor-requests/<pk>/": [get(lambda w: f"/api/v1/sponsor-requests/{w.sponsored.pk}/", SPONSOR)],
    "api/v1/sponsor-requests/<pk>/decide/": [
        post(
            lambda w: f"/api/v1/sponsor-requests/{w.sponsored.pk}/decide/",
            SPONSOR,
            lambda w: {"approve": True},
        )
    ],
    "api/v1/applications/": [get(lambda w: "/api/v1/applications/", LOGGED_IN)],
    "api/v1/applications/<pk>/": [get(lambda w: f"/api/v1/applications/{w.applied.pk}/", ACADEMY_TEAM)],
    "api/v1/applications/<pk>/decide/": [
        post(
            lambda w: f"/api/v1/applications/{w.applied.pk}/decide/",
            ACADEMY_TEAM,
            lambda w: {"approve": True},
        )
    ],
    "api/v1/adjustments/": [get(lambda w: "/api/v1/adjustments/", LOGGED_IN)],
    "api/v1/adjustments/<pk>/": [get(lambda w: f"/api/v1/adjustments/{w.adjustment.pk}/", ACADEMY_TEAM)],
    "api/v1/adjustments/<pk>/respond/": [
        post(
            lambda w: f"/api/v1/adjustments/{w.adjustment.pk}/respond/",
            ACADEMY_TEAM,
            lambda w: {"response": "Captions are booked."},
        )
    ],
    # Evaluation: answering
    "evaluate/thank-you/": [get(lambda w: "/evaluate/thank-you/", PUBLIC)],
    "evaluate/<str:token>/": [
        get(lambda w: f"/evaluate/{w.invitation_token}/", PUBLIC, "the single-use link is the credential"),
        get(lambda w: f"/evaluate/{w.invitation_token}x/", NOT_FOUND, "a wrong token finds nothing"),
    ],
    "my-evaluations/": [get(lambda w: "/my-evaluations/", LOGGED_IN)],
    "my-evaluations/<int:survey_pk>/": [get(lambda w: f"/my-evaluations/{w.open_survey.pk}/", OWNER)],
    "my-evaluations/goals/new/": [get(lambda w: "/my-evaluations/goals/new/", LOGGED_IN)],
    "my-evaluations/goals/<int:pk>/rate/": [get(lambda w: f"/my-evaluations/goals/{w.goal.pk}/rate/", OWNER)],
    # Evaluation: the programme team
    "manage/evaluations/": [get(lambda w: "/manage/evaluations/", PM_ONLY)],
    "manage/offers/<int:offer_pk>/evaluations/new/": [
        get(lambda w: f"/manage/offers/{w.offer.pk}/evaluations/new/", ACADEMY_TEAM)
    ],
    "manage/evaluations/<int:pk>/": [get(lambda w: f"/manage/evaluations/{w.survey.pk}/", ACADEMY_TEAM)],
    "manage/evaluations/<int:pk>/send/": [
        post(lambda w: f"/manage/evaluations/{w.open_survey.pk}/send/", ACADEMY_TEAM)
    ],
    "manage/evaluations/<int:pk>/remind/": [
        post(lambda w: f"/manage/evaluations/{w.open_survey.pk}/remind/", ACADEMY_TEAM)
    ],
    "manage/evaluations/<int:pk>/close/": [
        post(lambda w: f"/manage/evaluations/{w.open_survey.pk}/close/", ACADEMY_TEAM)
    ],
    "manage/evaluations/<int:pk>/import/": [
        get(lambda w: f"/manage/evaluations/{w.survey.pk}/import/", ACADEMY_TEAM)
    ],
    "manage/evaluations/<int:pk>/import/columns/": [
        get(lambda w: f"/manage/evaluations/{w.survey.pk}/import/columns/", NO_UPLOAD_YET)
    ],
    "manage/evaluations/<int:pk>/themes/new/": [
        post(
            lambda w: f"/manage/evaluations/{w.survey.pk}/themes/new/",
            ACADEMY_TEAM,
            lambda w: {"question_code": "takeaway"},
        )
    ],
    "manage/themes/<int:pk>/": [get(lambda w: f"/manage/themes/{w.theme_set.pk}/", ACADEMY_TEAM)],
    "manage/question-sets/": [get(lambda w: "/manage/question-sets/", PM_ONLY)],
    "manage/question-sets/new/": [get(lambda w: "/manage/question-sets/new/", PM_ONLY)],
    "manage/question-sets/<int:pk>/": [
        get(lambda w: f"/manage/question-sets/{w.draft_instrument.pk}/", QUESTION_SET)
    ],
    "manage/question-sets/<int:pk>/publish/": [
        post(lambda w: f"/manage/question-sets/{w.draft_instrument.pk}/publish/", ACADEMY_TEAM)
    ],
    "manage/question-sets/<int:pk>/new-version/": [
        post(lambda w: f"/manage/question-sets/{w.instrument.pk}/new-version/", ACADEMY_TEAM)
    ],
    # Evaluation figures and impact reports
    "impact/evaluations/": [get(lambda w: "/impact/evaluations/", LOGGED_IN, "lists only what each may see")],
    "impact/evaluations/<int:pk>/": [get(lambda w: f"/impact/evaluations/{w.survey.pk}/", FIGURES)],
    "impact/offers/<int:pk>/figures/": [get(lambda w: f"/impact/offers/{w.offer.pk}/figures/", FIGURES)],
    "impact/cohorts/<int:pk>/figures/": [get(lambda w: f"/impact/cohorts/{w.cohort.pk}/figures/", FIGURES)],
    "impact/": [get(lambda w: "/impact/", IMPACT)],
    "impact/systems/<int:ics_id>/": [
        get(lambda w: f"/impact/systems/{w.participant.organisation.ics_id}/", ICS_DASHBOARD)
    ],
    "impact/offers/<int:pk>/": [get(lambda w: f"/impact/offers/{w.offer.pk}/", FIGURES)],
    "impact/offers/<int:pk>/report.pdf": [get(lambda w: f"/impact/offers/{w.offer.pk}/report.pdf", FIGURES)],
    "impact/cohorts/<int:pk>/": [get(lambda w: f"/impact/cohorts/{w.cohort.pk}/", FIGURES)],
    "impact/cohorts/<int:pk>/report.pdf": [
        get(lambda w: f"/impact/cohorts/{w.cohort.pk}/report.pdf", FIGURES)
    ],
    "impact/academies/<int:pk>/": [get(lambda w: f"/impact/academies/{w.offer.academy_id}/", ACADEMY_TEAM)],
    "impact/academies/<int:pk>/report.pdf": [
        get(lambda w: f"/impact/academies/{w.offer.academy_id}/report.pdf", ACADEMY_TEAM)
    ],
    "impact/suite/": [get(lambda w: "/impact/suite/", PM_ONLY)],
    "impact/suite/report.pdf": [get(lambda w: "/impact/suite/report.pdf", PM_ONLY)],
    # API: evaluation
    "api/v1/instruments/": [get(lambda w: "/api/v1/instruments/", PM_ONLY)],
    "api/v1/instruments/<pk>/": [
        get(lambda w: f"/api/v1/instruments/{w.draft_instrument.pk}/", QUESTION_SET)
    ],
    "api/v1/instruments/<pk>/new-version/": [
        post(lambda w: f"/api/v1/instruments/{w.instrument.pk}/new-version/", QUESTION_SET)
    ],
    "api/v1/instruments/<pk>/publish/": [
        post(lambda w: f"/api/v1/instruments/{w.draft_instrument.pk}/publish/", QUESTION_SET)
    ],
    "api/v1/instruments/<pk>/questions/": [
        post(
            lambda w: f"/api/v1/instruments/{w.draft_instrument.pk}/questions/",
            QUESTION_SET,
            lambda w: {"code": "confident", "text": "Do you feel confident?", "type": "yes_no"},
        )
    ],
    "api/v1/surveys/": [get(lambda w: "/api/v1/surveys/", LOGGED_IN)],
    "api/v1/surveys/<pk>/": [get(lambda w: f"/api/v1/surveys/{w.survey.pk}/", FIGURES)],
    "api/v1/surveys/<pk>/figures/": [get(lambda w: f"/api/v1/surveys/{w.survey.pk}/figures/", FIGURES)],
    "api/v1/surveys/<pk>/import/": [
        post(
            lambda w: f"/api/v1/surveys/{w.survey.pk}/import/",
            ACADEMY_TEAM,
            lambda w: {"note": "an upload is needed"},
        )
    ],
    "api/v1/surveys/<pk>/invitations/": [
        get(lambda w: f"/api/v1/surveys/{w.survey.pk}/invitations/", ACADEMY_TEAM)
    ],
    "api/v1/surveys/<pk>/send-invitations/": [
        post(lambda w: f"/api/v1/surveys/{w.open_survey.pk}/send-invitations/", ACADEMY_TEAM)
    ],
    "api/v1/surveys/<pk>/send-reminders/": [
        post(lambda w: f"/api/v1/surveys/{w.open_survey.pk}/send-reminders/", ACADEMY_TEAM)
    ],
    "api/v1/responses/": [get(lambda w: "/api/v1/responses/", LOGGED_IN)],
    "api/v1/responses/<pk>/": [get(lambda w: f"/api/v1/responses/{w.response.pk}/", RESPONDENT)],
    "api/v1/evaluate/<token>/": [get(lambda w: f"/api/v1/evaluate/{w.invitation_token}/", PUBLIC)],
    "api/v1/evaluate/<token>/answers/": [
        post(
            lambda w: f"/api/v1/evaluate/{w.invitation_token}/answers/",
            PUBLIC,
            lambda w: {"answers": {"useful": "yes"}},
        )
    ],
    "api/v1/goals/": [get(lambda w: "/api/v1/goals/", LOGGED_IN)],
    "api/v1/goals/<pk>/": [get(lambda w: f"/api/v1/goals/{w.goal.pk}/", OWNER)],
    "api/v1/figures/offers/<pk>/": [get(lambda w: f"/api/v1/figures/offers/{w.offer.pk}/", FIGURES)],
    "api/v1/figures/offers/<pk>/goals/": [
        get(lambda w: f"/api/v1/figures/offers/{w.offer.pk}/goals/", FIGURES)
    ],
    "api/v1/figures/cohorts/<pk>/": [get(lambda w: f"/api/v1/figures/cohorts/{w.cohort.pk}/", FIGURES)],
    "api/v1/figures/cohorts/<pk>/goals/": [
        get(lambda w: f"/api/v1/figures/cohorts/{w.cohort.pk}/goals/", FIGURES)
    ],
    "api/v1/figures/sessions/<pk>/": [get(lambda w: f"/api/v1/figures/sessions/{w.session.pk}/", FIGURES)],
    "api/v1/surveys/<pk>/close/": [
        post(lambda w: f"/api/v1/surveys/{w.open_survey.pk}/close/", ACADEMY_TEAM)
    ],
    "api/v1/my-evaluations/": [get(lambda w: "/api/v1/my-evaluations/", LOGGED_IN)],
    "api/v1/my-evaluations/<pk>/": [get(lambda w: f"/api/v1/my-evaluations/{w.open_survey.pk}/", OWNER)],
    "api/v1/my-evaluations/<pk>/answers/": [
        post(
            lambda w: f"/api/v1/my-evaluations/{w.open_survey.pk}/answers/",
            OWNER,
            lambda w: {"answers": [{"question": "useful", "value": "yes"}]},
        )
    ],
    # API: impact dashboards, reports, their downloads and equality tables (as the pages above)
    "api/v1/dashboards/region/": [get(lambda w: "/api/v1/dashboards/region/", REGION_IMPACT)],
    "api/v1/dashboards/region/export/": [get(lambda w: "/api/v1/dashboards/region/export/", REGION_IMPACT)],
    "api/v1/dashboards/region/equality/": [
        get(lambda w: "/api/v1/dashboards/region/equality/", REGION_IMPACT)
    ],
    "api/v1/dashboards/systems/<int:ics_id>/": [
        get(lambda w: f"/api/v1/dashboards/systems/{w.participant.organisation.ics_id}/", ICS_DASHBOARD)
    ],
    "api/v1/dashboards/systems/<int:ics_id>/export/": [
        get(
            lambda w: f"/api/v1/dashboards/systems/{w.participant.organisation.ics_id}/export/", ICS_DASHBOARD
        )
    ],
    "api/v1/dashboards/systems/<int:ics_id>/equality/": [
        get(
            lambda w: f"/api/v1/dashboards/systems/{w.participant.organisation.ics_id}/equality/",
            ICS_DASHBOARD,
        )
    ],
    "api/v1/reports/offers/<int:pk>/": [get(lambda w: f"/api/v1/reports/offers/{w.offer.pk}/", FIGURES)],
    "api/v1/reports/offers/<int:pk>/pdf/": [
        get(lambda w: f"/api/v1/reports/offers/{w.offer.pk}/pdf/", FIGURES)
    ],
    "api/v1/reports/offers/<int:pk>/export/": [
        get(lambda w: f"/api/v1/reports/offers/{w.offer.pk}/export/", FIGURES)
    ],
    "api/v1/reports/cohorts/<int:pk>/": [get(lambda w: f"/api/v1/reports/cohorts/{w.cohort.pk}/", FIGURES)],
    "api/v1/reports/cohorts/<int:pk>/pdf/": [
        get(lambda w: f"/api/v1/reports/cohorts/{w.cohort.pk}/pdf/", FIGURES)
    ],
    "api/v1/reports/cohorts/<int:pk>/export/": [
        get(lambda w: f"/api/v1/reports/cohorts/{w.cohort.pk}/export/?type=xlsx", FIGURES)
    ],
    "api/v1/reports/academies/<int:pk>/": [
        get(lambda w: f"/api/v1/reports/academies/{w.offer.academy_id}/", ACADEMY_TEAM)
    ],
    "api/v1/reports/academies/<int:pk>/pdf/": [
        get(lambda w: f"/api/v1/reports/academies/{w.offer.academy_id}/pdf/", ACADEMY_TEAM)
    ],
    "api/v1/reports/academies/<int:pk>/export/": [
        get(lambda w: f"/api/v1/reports/academies/{w.offer.academy_id}/export/", ACADEMY_TEAM)
    ],
    "api/v1/reports/suite/": [get(lambda w: f"/api/v1/reports/suite/?offer={w.offer.pk}", SUITE)],
    "api/v1/reports/suite/pdf/": [get(lambda w: f"/api/v1/reports/suite/pdf/?offer={w.offer.pk}", SUITE)],
    "api/v1/reports/suite/export/": [
        get(lambda w: f"/api/v1/reports/suite/export/?offer={w.offer.pk}", SUITE)
    ],
    "api/v1/theme-sets/": [get(lambda w: "/api/v1/theme-sets/", LOGGED_IN)],
    "api/v1/theme-sets/<pk>/": [get(lambda w: f"/api/v1/theme-sets/{w.theme_set.pk}/", ACADEMY_TEAM)],
    "api/v1/theme-sets/<pk>/edit/": [
        post(
            lambda w: f"/api/v1/theme-sets/{w.theme_set.pk}/edit/",
            ACADEMY_TEAM,
            lambda w: {"operation": "rename"},
        )
    ],
}


def outcome(response: Any) -> str:
    status = response.status_code
    if status in (401, 403):
        return "D"
    if status == 404:
        return "N"
    if 300 <= status < 400:
        return "D" if "login" in response.get("Location", "") else "A"
    if status < 300 or status in (400, 409, 415):
        return "A"  # 415: a wrong upload type, refused only after the access checks passed
    return f"<{status}>"


def test_every_route_is_in_the_matrix() -> None:
    routes = {found.route: found.name for found in site_routes()}
    missing = [f"{route!r} ({name})" for route, name in routes.items() if route not in MATRIX]
    stale = [route for route in MATRIX if route not in routes]
    assert not missing, "Routes with no row in the permissions matrix (add one):\n  " + "\n  ".join(missing)
    assert not stale, "Matrix rows for routes that no longer exist (remove them):\n  " + "\n  ".join(stale)


@pytest.mark.django_db
@pytest.mark.parametrize("route", [route for route, cases in MATRIX.items() if not isinstance(cases, str)])
def test_route_access_by_role(route: str) -> None:
    world = build_matrix_world()
    cases = MATRIX[route]
    assert not isinstance(cases, str)
    problems = []
    for case in cases:
        path = case.path(world)
        matched = normalise(resolve(path.partition("?")[0]).route)
        assert matched == route, f"{path} resolves to {matched!r}, not {route!r}"
        got: list[str] = []
        for role in ROLES:
            client = Client()
            user = world.users[role]
            if user is not None:
                client.force_login(user)
            # Each role's request is undone afterwards, so a cancellation or decision cannot change
            # what the next role sees.
            with transaction.atomic():
                if case.method == "get":
                    response = client.get(path)
                elif path.startswith("/api/"):
                    response = client.post(path, case.data(world), content_type="application/json")
                else:
                    response = client.post(path, case.data(world))
                transaction.set_rollback(True)
            got.append(outcome(response))
        if got != list(case.expect):
            detail = ", ".join(
                f"{role}: expected {e} got {g}"
                for role, e, g in zip(ROLES, case.expect, got, strict=False)
                if e != g
            )
            problems.append(f"{case.method.upper()} {path} {case.note}\n    {detail}")
    assert not problems, f"Access for {route!r} differs from the matrix:\n  " + "\n  ".join(problems)
