"""Every page and endpoint, tried as every role: who is let in, who is refused, and why.

Each route in Django's resolver must have a row here; a new route without one fails
`test_every_route_is_in_the_matrix`, naming it. A row is one or more cases: a method, a concrete URL,
for writes a valid body, and the outcome expected for each role, by role name:

    ALLOWED    2xx, or a redirect that is not to a login page; for a write, a page that does not come
               back with an error summary
    DENIED     401, 403, or a redirect to a login page (refused for access)
    NOT_FOUND  404: the object exists but is not this person's to see (refused for access)
    INVALID    400, 409, 415, 422, or a page re-rendered with an error summary (refused for bad input,
               after the access checks passed); never counted as ALLOWED

An expectation names the outcome of everyone not listed and the roles that differ, e.g.
`expect(NOT_FOUND, anonymous=DENIED, pm=ALLOWED, admin=ALLOWED)`; a new role (a coach, a panel member)
is one more name where it differs, not an edit to every row. Every route that accepts POST, PUT, PATCH
or DELETE must have a case for each such method (`test_every_writing_route_has_a_write_case`), sent
with a body that is valid for the roles allowed, so that their success is a 2xx or 3xx.
"""

import datetime as dt
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

import pytest
from django.contrib import messages
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import resolve
from django.utils import timezone

from academy.evaluation.standard import GOAL_THEMES
from tests.security.routes import normalise, site_routes
from tests.security.world import ROLES, MatrixWorld, build_matrix_world

W = MatrixWorld

ALLOWED = "allowed"
DENIED = "denied"
NOT_FOUND = "not found"
INVALID = "invalid input"


@dataclass(frozen=True)
class Expect:
    """The outcome for each role: `named` where it is listed, `others` for everyone else."""

    others: str
    named: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        unknown = set(self.named) - set(ROLES)
        assert not unknown, f"no such role in the matrix world: {sorted(unknown)}"

    def of(self, role: str) -> str:
        return self.named.get(role, self.others)

    def but(self, **named: str) -> "Expect":
        return Expect(self.others, {**self.named, **named})


def expect(others: str, **named: str) -> Expect:
    return Expect(others, named)


PUBLIC = expect(ALLOWED)
LOGGED_IN = expect(ALLOWED, anonymous=DENIED)
NOBODY = expect(NOT_FOUND)  # a made-up token or an unpublished page: nothing there for anyone
OWNER = expect(NOT_FOUND, anonymous=DENIED, participant=ALLOWED)  # the participant's own records
SPONSOR = expect(NOT_FOUND, anonymous=DENIED, sponsor=ALLOWED)  # the named sponsor only
ADMIN = expect(DENIED, admin=ALLOWED)
# Programme managers, facilitators, administrators
STAFF = expect(
    DENIED, pm=ALLOWED, pm_other=ALLOWED, facilitator=ALLOWED, facilitator_other=ALLOWED, admin=ALLOWED
)
PM_ONLY = expect(DENIED, pm=ALLOWED, pm_other=ALLOWED, admin=ALLOWED)  # any programme manager, administrators
ACADEMY_TEAM = expect(NOT_FOUND, anonymous=DENIED, pm=ALLOWED, admin=ALLOWED)  # the owning academy's team
COHORT_VIEW = ACADEMY_TEAM.but(facilitator=ALLOWED)  # ... and the cohort's delivery partner
COHORT_MANAGE = ACADEMY_TEAM.but(facilitator=DENIED)  # the partner can see the cohort but not change it
# the participant, their academy's PM, their cohort's facilitator, their ICS lead, admin
PERSON = COHORT_VIEW.but(participant=ALLOWED, ics_lead=ALLOWED)
FIGURES = COHORT_VIEW.but(ics_lead=ALLOWED)  # ... and the OD lead of a system the offer serves
RESPONDENT = ACADEMY_TEAM.but(participant=ALLOWED)  # a named response: never partners or leads
# The academy's own question sets: its programme managers (other academies' get 404); not partners
QUESTION_SET = expect(DENIED, pm=ALLOWED, pm_other=NOT_FOUND, admin=ALLOWED)
IMPACT = PM_ONLY.but(ics_lead=ALLOWED)  # the impact dashboard: programme managers, ICS OD leads, admin
ICS_DASHBOARD = ACADEMY_TEAM.but(pm_other=ALLOWED, ics_lead=ALLOWED)  # any PM, that system's OD lead, admin
NO_UPLOAD_YET = expect(NOT_FOUND, anonymous=DENIED)  # the column mapping step exists only after an upload
# the region dashboard in the API: what /impact/ shows (an ICS OD lead: their system's dashboard)
REGION_IMPACT = IMPACT
SUITE = QUESTION_SET  # a suite of the academy's offer: its team; other academies find no such offer
# A create whose body names the academy's offer, cohort or academy: the programme team may; for anyone
# else that field is refused as bad input ("choose one your academy runs"), so nothing is written
ACADEMY_FIELD = expect(INVALID, anonymous=DENIED, pm=ALLOWED, admin=ALLOWED)
# A create whose body names the academy's offer or cohort, decided by the service: anyone but the programme
# team is refused for access (403), whatever else the body says
ACADEMY_WRITE = expect(DENIED, pm=ALLOWED, admin=ALLOWED)
BOOK_FOR = expect(DENIED, participant=ALLOWED, pm=ALLOWED, admin=ALLOWED)  # oneself, or as the programme team


@dataclass(frozen=True)
class Case:
    path: Callable[[W], str]
    expect: Expect
    method: str = "get"
    data: Callable[[W], dict[str, Any]] = field(default=lambda w: {})
    note: str = ""
    multipart: bool = False  # an API upload: send the body as a form, not JSON


def get(path: Callable[[W], str], expect: Expect, note: str = "") -> Case:
    return Case(path=path, expect=expect, note=note)


def _write(method: str) -> Callable[..., Case]:
    def case(
        path: Callable[[W], str],
        expect: Expect,
        data: Callable[[W], dict[str, Any]] | None = None,
        note: str = "",
        multipart: bool = False,
    ) -> Case:
        return Case(path, expect, method, data or (lambda w: {}), note, multipart)

    return case


post, put, patch, delete = _write("post"), _write("put"), _write("patch"), _write("delete")


class _FormFields(HTMLParser):
    """The fields a page's main form would send as it stands (the largest form that posts)."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, Any]] = []
        self._form: dict[str, Any] | None = None
        self._select: str | None = None
        self._textarea: str | None = None

    def _put(self, name: str, value: str, many: bool = False) -> None:
        assert self._form is not None
        if many:
            self._form.setdefault(name, []).append(value)
        else:
            self._form[name] = value

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "form" and a.get("method", "").lower() == "post":
            self._form = {}
            self.forms.append(self._form)
        if self._form is None or not a.get("name") and tag != "option":
            return
        if tag == "input" and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio"):
                if "checked" in a:
                    self._put(a["name"], a.get("value", "on"), many=a.get("type") == "checkbox")
            else:
                self._put(a["name"], a.get("value", ""))
        elif tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select and "selected" in a:
            self._put(self._select, a.get("value", ""))
        elif tag == "textarea":
            self._textarea = a["name"]
            self._put(a["name"], "")

    def handle_data(self, data: str) -> None:
        if self._form is not None and self._textarea:
            self._form[self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            assert self._form is not None and self._textarea is not None
            self._form[self._textarea] = self._form[self._textarea].removeprefix("\n")
            self._textarea = None


def form_of(
    path: Callable[[W], str], as_role: str = "admin", **changes: Any
) -> Callable[[W], dict[str, Any]]:
    """A valid body for a page's form: what `as_role`'s copy of the form holds, with `changes` (each a
    value or a function of the world). A field set to None is left out."""

    def body(w: W) -> dict[str, Any]:
        client = Client()
        client.force_login(w.users[as_role])
        page = client.get(path(w))
        assert page.status_code == 200, f"{path(w)} gave {as_role} {page.status_code}"
        parser = _FormFields()
        parser.feed(page.content.decode())
        assert parser.forms, f"{path(w)} has no form that posts"
        fields = max(parser.forms, key=len)
        fields.pop("csrfmiddlewaretoken", None)
        for name, value in changes.items():
            value = value(w) if callable(value) else value
            if value is None:
                fields.pop(name, None)
            else:
                fields[name] = value
        return fields

    return body


def day(name: str, offset: int) -> dict[str, str]:
    """A date a page's day/month/year inputs accept, `offset` days from today."""
    when = timezone.localdate() + dt.timedelta(days=offset)
    return {f"{name}_day": str(when.day), f"{name}_month": str(when.month), f"{name}_year": str(when.year)}


def upload(name: str = "answers.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"useful,takeaway\nyes,Ask first\n", content_type="text/csv")


def answers(w: W) -> dict[str, Any]:
    return {"useful": "yes", "takeaway": "Ask first."}


def new_goal(w: W) -> dict[str, Any]:
    return {"cohort": w.cohort.pk, "theme": GOAL_THEMES[0], "text": "Chair the huddle", "rating_before": 4}


def new_offer(w: W) -> dict[str, Any]:
    return {
        "academy": w.offer.academy_id,
        "title": "A new offer",
        "kind": "workshop",
        "summary": "What it is.",
        "delivery_format": "virtual",
    }


def new_cohort(w: W) -> dict[str, Any]:
    starts = timezone.localdate() + dt.timedelta(days=30)
    return {
        "offer": w.offer.pk,
        "name": "Cohort 9",
        "capacity": 12,
        "starts_on": starts.isoformat(),
        "ends_on": (starts + dt.timedelta(days=30)).isoformat(),
    }


def new_session(w: W) -> dict[str, Any]:
    starts = w.other_session.starts_at + dt.timedelta(days=1)
    return {
        "cohort": w.other_cohort.pk,
        "title": "Session 9",
        "sequence": 9,
        "starts_at": starts.isoformat(),
        "ends_at": (starts + dt.timedelta(hours=2)).isoformat(),
    }


def new_survey(w: W) -> dict[str, Any]:
    closes = timezone.localdate() + dt.timedelta(days=30)
    return {
        "instrument": w.standard_instrument.pk,
        "cohort": w.cohort.pk,
        "anonymous": False,
        "closes_on": closes.isoformat(),
    }


def rename_theme(w: W) -> dict[str, Any]:
    return {"operation": "rename", "theme": w.theme_set.themes.order_by("pk")[0].pk, "label": "Listening"}


# Coaching and mentoring hub
COACHEE = expect(NOT_FOUND, anonymous=DENIED, coachee=ALLOWED)  # the requester's own request
# The pair, and the hub's administrators (who see that sessions happened, never the notes)
RELATIONSHIP = COACHEE.but(practitioner=ALLOWED, hub_admin=ALLOWED, admin=ALLOWED)
PAIR = RELATIONSHIP.but(hub_admin=DENIED, admin=DENIED)  # the pair only
# The coachee's goals: the coach and the hub see the relationship but may not set or rate them
GOAL_TRACKER = RELATIONSHIP.but(practitioner=DENIED, hub_admin=DENIED, admin=DENIED)
PRACTITIONER = expect(NOT_FOUND, anonymous=DENIED, practitioner=ALLOWED, hub_admin=DENIED, admin=DENIED)
HUB = expect(DENIED, hub_admin=ALLOWED, admin=ALLOWED)  # the hub's administrators
HUB_RUN = expect(NOT_FOUND, anonymous=DENIED, hub_admin=ALLOWED, admin=ALLOWED)
NEW_REQUEST = expect(ALLOWED, anonymous=DENIED, coachee=INVALID)  # the coachee already has one of each


def new_request_form(w: W) -> dict[str, Any]:
    return {
        "kind": "coaching",
        "goal_1_theme": GOAL_THEMES[5],
        "goal_1_text": "Lead my team through a merger",
        "preferred_format": "either",
        "minimum_experience_years": "0",
    }


REQUEST_VIEW = COACHEE.but(hub_admin=ALLOWED, admin=ALLOWED)  # the requester and the hub's administrators
REQUEST_OWN = COACHEE.but(hub_admin=DENIED, admin=DENIED)  # what only the requester does
NEW_PROFILE = expect(ALLOWED, anonymous=DENIED, practitioner=INVALID, practitioner_other=INVALID)


def new_request(w: W) -> dict[str, Any]:
    return {"kind": "coaching", "goals": [{"theme": GOAL_THEMES[5], "text": "Lead my team through a merger"}]}


def new_profile(w: W) -> dict[str, Any]:
    return {"kind": "coach", "specialisms": [GOAL_THEMES[5]], "accreditation_body": "EMCC", "capacity": 2}


def b(w: W) -> str:
    return f"/my-learning/bookings/{w.booking.pk}/"


LS = "/api/v1/learning-sets"
MEMBERS_AND_TEAM = expect(DENIED, participant=ALLOWED, pm=ALLOWED, admin=ALLOWED)  # a community's members
COMMUNITY_TEAM = expect(DENIED, pm=ALLOWED, admin=ALLOWED)  # the community's academy's programme team
# A set's members, its facilitator, the academy's team; the facilitator of another set finds nothing
THE_SET = expect(
    NOT_FOUND, anonymous=DENIED, participant=ALLOWED, facilitator=ALLOWED, pm=ALLOWED, admin=ALLOWED
)
LEARNING_SETS_API: dict[str, list[Case] | str] = {
    "api/v1/learning-sets/communities/": [
        get(lambda w: f"{LS}/communities/", LOGGED_IN),
        post(
            lambda w: f"{LS}/communities/",
            COMMUNITY_TEAM,
            lambda w: {"academy": w.offer.academy_id, "name": "Improvement community", "aims": "Share"},
        ),
    ],
    "api/v1/learning-sets/communities/<pk>/": [
        get(lambda w: f"{LS}/communities/{w.sets.community.pk}/", LOGGED_IN)
    ],
    "api/v1/learning-sets/communities/<pk>/join/": [
        post(
            lambda w: f"{LS}/communities/{w.sets.community.pk}/join/",
            LOGGED_IN,
            lambda w: {"in_directory": True},
        )
    ],
    "api/v1/learning-sets/communities/<pk>/leave/": [
        post(lambda w: f"{LS}/communities/{w.sets.community.pk}/leave/", LOGGED_IN)
    ],
    "api/v1/learning-sets/communities/<pk>/members/": [
        get(lambda w: f"{LS}/communities/{w.sets.community.pk}/members/", MEMBERS_AND_TEAM)
    ],
    "api/v1/learning-sets/communities/<pk>/announcements/": [
        post(
            lambda w: f"{LS}/communities/{w.sets.community.pk}/announcements/",
            COMMUNITY_TEAM,
            lambda w: {"subject": "Next workshop", "body": "Book your place."},
        )
    ],
    "api/v1/learning-sets/communities/<pk>/figures/": [
        get(lambda w: f"{LS}/communities/{w.sets.community.pk}/figures/", COMMUNITY_TEAM)
    ],
    "api/v1/learning-sets/pools/": [get(lambda w: f"{LS}/pools/", LOGGED_IN)],
    "api/v1/learning-sets/pools/<pk>/": [get(lambda w: f"{LS}/pools/{w.sets.pool.pk}/", LOGGED_IN)],
    "api/v1/learning-sets/pools/<pk>/join/": [
        post(
            lambda w: f"{LS}/pools/{w.sets.pool.pk}/join/",
            LOGGED_IN,
            lambda w: {"slots": ["Tuesday morning"]},
        )
    ],
    "api/v1/learning-sets/pools/<pk>/entries/": [
        get(lambda w: f"{LS}/pools/{w.sets.pool.pk}/entries/", ACADEMY_TEAM)
    ],
    "api/v1/learning-sets/pools/<pk>/form/": [
        post(lambda w: f"{LS}/pools/{w.sets.pool.pk}/form/", ACADEMY_TEAM, lambda w: {"ics": 3, "sector": 2})
    ],
    "api/v1/learning-sets/runs/": [get(lambda w: f"{LS}/runs/", PM_ONLY)],
    "api/v1/learning-sets/runs/<pk>/": [get(lambda w: f"{LS}/runs/{w.sets.run.pk}/", ACADEMY_TEAM)],
    "api/v1/learning-sets/runs/<pk>/move/": [
        post(
            lambda w: f"{LS}/runs/{w.sets.run.pk}/move/",
            ACADEMY_TEAM,
            lambda w: {"person": w.sets.move[0], "to_set": w.sets.move[1], "version": w.sets.run.version},
        )
    ],
    "api/v1/learning-sets/runs/<pk>/publish/": [
        post(
            lambda w: f"{LS}/runs/{w.sets.run.pk}/publish/",
            ACADEMY_TEAM,
            lambda w: {"version": w.sets.run.version},
        )
    ],
    "api/v1/learning-sets/sets/": [get(lambda w: f"{LS}/sets/", LOGGED_IN)],
    "api/v1/learning-sets/sets/<pk>/": [get(lambda w: f"{LS}/sets/{w.sets.learning_set.pk}/", THE_SET)],
    "api/v1/learning-sets/sets/<pk>/meetings/": [
        get(lambda w: f"{LS}/sets/{w.sets.learning_set.pk}/meetings/", THE_SET),
        post(
            lambda w: f"{LS}/sets/{w.sets.learning_set.pk}/meetings/",
            THE_SET,
            lambda w: {"held_on": timezone.localdate().isoformat(), "present": [w.participant.pk]},
        ),
    ],
}

TODAY_ISO = lambda: timezone.localdate().isoformat()  # noqa: E731
LEARNING_SETS_PAGES: dict[str, list[Case] | str] = {
    "communities/": [get(lambda w: "/communities/", LOGGED_IN)],
    "communities/<slug:slug>/": [get(lambda w: f"/communities/{w.sets.community.slug}/", LOGGED_IN)],
    "communities/<slug:slug>/join/": [
        get(lambda w: f"/communities/{w.sets.community.slug}/join/", LOGGED_IN),
        post(
            lambda w: f"/communities/{w.sets.community.slug}/join/",
            LOGGED_IN,
            lambda w: {"in_directory": "on"},
        ),
    ],
    "communities/<slug:slug>/leave/": [
        post(lambda w: f"/communities/{w.sets.community.slug}/leave/", LOGGED_IN)
    ],
    "communities/<slug:slug>/resources/new/": [
        get(lambda w: f"/communities/{w.sets.community.slug}/resources/new/", MEMBERS_AND_TEAM),
        post(
            lambda w: f"/communities/{w.sets.community.slug}/resources/new/",
            MEMBERS_AND_TEAM,
            lambda w: {"title": "Reading list", "url": "https://example.org/reading"},
        ),
    ],
    "communities/<slug:slug>/announce/": [
        get(lambda w: f"/communities/{w.sets.community.slug}/announce/", COMMUNITY_TEAM),
        post(
            lambda w: f"/communities/{w.sets.community.slug}/announce/",
            COMMUNITY_TEAM,
            lambda w: {"subject": "Next workshop", "body": "Book your place."},
        ),
    ],
    "communities/<slug:slug>/figures/": [
        get(lambda w: f"/communities/{w.sets.community.slug}/figures/", COMMUNITY_TEAM)
    ],
    "action-learning/<int:pk>/join/": [
        get(lambda w: f"/action-learning/{w.sets.pool.pk}/join/", LOGGED_IN),
        post(
            lambda w: f"/action-learning/{w.sets.pool.pk}/join/",
            LOGGED_IN,
            lambda w: {"slots": ["Tuesday morning"]},
        ),
    ],
    "my-sets/": [get(lambda w: "/my-sets/", LOGGED_IN)],
    "my-sets/<int:pk>/": [get(lambda w: f"/my-sets/{w.sets.learning_set.pk}/", THE_SET)],
    "my-sets/<int:pk>/meetings/new/": [
        get(lambda w: f"/my-sets/{w.sets.learning_set.pk}/meetings/new/", THE_SET),
        post(
            lambda w: f"/my-sets/{w.sets.learning_set.pk}/meetings/new/",
            THE_SET,
            lambda w: {"held_on": TODAY_ISO(), "present": [str(w.participant.pk)]},
        ),
    ],
    "manage/action-learning/": [get(lambda w: "/manage/action-learning/", PM_ONLY)],
    "manage/action-learning/<int:pk>/": [
        get(lambda w: f"/manage/action-learning/{w.sets.pool.pk}/", ACADEMY_TEAM),
        post(
            lambda w: f"/manage/action-learning/{w.sets.pool.pk}/",
            ACADEMY_TEAM,
            lambda w: {"ics": "3", "sector": "2", "organisation": "1", "role_level": "1"},
        ),
    ],
    "manage/action-learning/runs/<int:pk>/": [
        get(lambda w: f"/manage/action-learning/runs/{w.sets.run.pk}/", ACADEMY_TEAM)
    ],
    "manage/action-learning/runs/<int:pk>/move/": [
        post(
            lambda w: f"/manage/action-learning/runs/{w.sets.run.pk}/move/",
            ACADEMY_TEAM,
            lambda w: {"person": w.sets.move[0], "to_set": w.sets.move[1], "version": w.sets.run.version},
        )
    ],
    "manage/action-learning/runs/<int:pk>/publish/": [
        post(
            lambda w: f"/manage/action-learning/runs/{w.sets.run.pk}/publish/",
            ACADEMY_TEAM,
            lambda w: {"version": w.sets.run.version},
        )
    ],
}

# Validation (tests/validation/world.py): `route` is the claimant's claim with its panel (the panellist has
# rated, not submitted), `draft` the claimant's complete claim not yet submitted, `other_route` the other
# practitioner's claim, moderated and interviewed, with the other panel member
V = "/api/v1/validation"
ROUTE_VIEW = expect(
    NOT_FOUND,
    anonymous=DENIED,
    claimant=ALLOWED,
    supporter=ALLOWED,
    panellist=ALLOWED,
    pm=ALLOWED,
    admin=ALLOWED,
)
DRAFT_SEEN = {
    "anonymous": DENIED,
    "supporter": DENIED,
    "pm": DENIED,
    "admin": DENIED,
}  # see the route, may not write
CLAIMANT_WRITES = expect(NOT_FOUND, claimant=ALLOWED, **DRAFT_SEEN)  # the practitioner's own claim
DRAFT_TEAM = expect(NOT_FOUND, anonymous=DENIED, claimant=DENIED, supporter=DENIED, pm=ALLOWED, admin=ALLOWED)
MILESTONES = expect(
    NOT_FOUND, anonymous=DENIED, claimant=ALLOWED, supporter=ALLOWED, pm=ALLOWED, admin=ALLOWED
)
EVIDENCE = expect(NOT_FOUND, anonymous=DENIED, claimant=ALLOWED, supporter=ALLOWED, panellist=ALLOWED)
REVIEWER = ROUTE_VIEW.but(panellist=ALLOWED, claimant=DENIED, supporter=DENIED, pm=DENIED, admin=DENIED)
ROUTE_TEAM = ROUTE_VIEW.but(claimant=DENIED, supporter=DENIED, panellist=DENIED)  # forming the panel
OTHER_SEEN = {"anonymous": DENIED, "claimant_other": DENIED}
MODERATOR = expect(NOT_FOUND, panellist_other=ALLOWED, pm=DENIED, admin=DENIED, **OTHER_SEEN)
DECIDER = expect(NOT_FOUND, panellist_other=ALLOWED, pm=ALLOWED, admin=ALLOWED, **OTHER_SEEN)
NEW_INTEREST = expect(ALLOWED, anonymous=DENIED, claimant=INVALID, claimant_other=INVALID)  # one route each


def _ratings(w: W, value: int = 1) -> dict[str, Any]:
    return {f"e{e.pk}": str(value) for e in w.validation.elements}


def _framework_file(w: W) -> dict[str, Any]:
    from pathlib import Path

    sample = Path(__file__).parents[1] / "src/academy/validation/samples/system-od-practice.json"
    return {
        "file": SimpleUploadedFile("framework.json", sample.read_bytes(), content_type="application/json")
    }


def _evidence(w: W) -> str:
    """The evidence's URL, with its file put back in this test's media folder (each test has its own)."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    name = w.validation.evidence.file.name
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(b"%PDF-1.4\n%%EOF\n"))
    return f"/validation/evidence/{w.validation.evidence.pk}/"


def _pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile("evidence.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")


VALIDATION_PAGES: dict[str, list[Case] | str] = {
    "validation/": [get(lambda w: "/validation/", LOGGED_IN)],
    "validation/cohorts/<int:pk>/interest/": [
        get(lambda w: f"/validation/cohorts/{w.validation.cohort.pk}/interest/", LOGGED_IN),
        post(
            lambda w: f"/validation/cohorts/{w.validation.cohort.pk}/interest/",
            NEW_INTEREST,
            lambda w: {"statement": "I support change across my system."},
        ),
    ],
    "validation/routes/<int:pk>/": [
        get(lambda w: f"/validation/routes/{w.validation.route.pk}/", ROUTE_VIEW)
    ],
    "validation/routes/<int:pk>/reflect/": [
        get(lambda w: f"/validation/routes/{w.validation.draft.pk}/reflect/", CLAIMANT_WRITES),
        post(lambda w: f"/validation/routes/{w.validation.draft.pk}/reflect/", CLAIMANT_WRITES, _ratings),
    ],
    "validation/routes/<int:pk>/decide/": [
        get(lambda w: f"/validation/routes/{w.validation.draft.pk}/decide/", CLAIMANT_WRITES),
        post(
            lambda w: f"/validation/routes/{w.validation.draft.pk}/decide/",
            CLAIMANT_WRITES,
            lambda w: {"readiness": "now", "note": "Ready."},
        ),
    ],
    "validation/routes/<int:pk>/milestones/": [
        post(
            lambda w: f"/validation/routes/{w.validation.draft.pk}/milestones/",
            MILESTONES,
            lambda w: {"title": "Second draft", **day("due_on", 40)},
        )
    ],
    "validation/milestones/<int:pk>/done/": [
        post(lambda w: f"/validation/milestones/{w.validation.milestone.pk}/done/", MILESTONES)
    ],
    "validation/routes/<int:pk>/claim/<int:element_pk>/": [
        get(
            lambda w: f"/validation/routes/{w.validation.draft.pk}/claim/{w.validation.elements[0].pk}/",
            CLAIMANT_WRITES,
        ),
        post(
            lambda w: f"/validation/routes/{w.validation.draft.pk}/claim/{w.validation.elements[0].pk}/",
            CLAIMANT_WRITES,
            lambda w: {"narrative": "What I did, with whom, and what changed."},
        ),
    ],
    "validation/routes/<int:pk>/claim/<int:element_pk>/evidence/": [
        post(
            lambda w: (
                f"/validation/routes/{w.validation.draft.pk}/claim/{w.validation.elements[0].pk}/evidence/"
            ),
            CLAIMANT_WRITES,
            lambda w: {"title": "Workshop notes", "file": _pdf()},
        )
    ],
    "validation/routes/<int:pk>/submit/": [
        post(lambda w: f"/validation/routes/{w.validation.draft.pk}/submit/", CLAIMANT_WRITES)
    ],
    "validation/evidence/<int:pk>/": [get(_evidence, EVIDENCE)],
    "validation/routes/<int:pk>/review/": [
        get(lambda w: f"/validation/routes/{w.validation.route.pk}/review/", REVIEWER),
        post(
            lambda w: f"/validation/routes/{w.validation.route.pk}/review/",
            REVIEWER,
            lambda w: {**_ratings(w), "submit_review": "1"},
        ),
    ],
    "validation/routes/<int:pk>/moderate/": [
        get(lambda w: f"/validation/routes/{w.validation.other_route.pk}/moderate/", MODERATOR),
        post(
            lambda w: f"/validation/routes/{w.validation.other_route.pk}/moderate/",
            MODERATOR,
            lambda w: {**_ratings(w, 2), "version": "1"},
        ),
    ],
    "validation/routes/<int:pk>/interview/": [
        get(lambda w: f"/validation/routes/{w.validation.other_route.pk}/interview/", DECIDER),
        post(
            lambda w: f"/validation/routes/{w.validation.other_route.pk}/interview/",
            DECIDER,
            lambda w: {"notes": "The claim was confirmed."},
        ),
    ],
    "validation/routes/<int:pk>/decision/": [
        get(lambda w: f"/validation/routes/{w.validation.other_route.pk}/decision/", DECIDER),
        post(
            lambda w: f"/validation/routes/{w.validation.other_route.pk}/decision/",
            DECIDER,
            lambda w: {"outcome": "practitioner", "feedback": ""},
        ),
    ],
    "validation/manage/cohorts/new/": [
        get(lambda w: "/validation/manage/cohorts/new/", PM_ONLY),
        post(
            lambda w: "/validation/manage/cohorts/new/",
            PM_ONLY.but(pm_other=INVALID),  # the academy field offers only their own academy
            lambda w: {
                "academy": str(w.offer.academy_id),
                "name": "Validation cohort 4",
                "frameworks": [str(w.validation.framework.pk)],
                **day("opens_on", 10),
            },
        ),
    ],
    "validation/manage/cohorts/<int:pk>/": [
        get(lambda w: f"/validation/manage/cohorts/{w.validation.cohort.pk}/", ACADEMY_WRITE)
    ],
    "validation/manage/routes/<int:pk>/workshop/": [
        post(
            lambda w: f"/validation/manage/routes/{w.validation.draft.pk}/workshop/",
            DRAFT_TEAM,
            lambda w: {"attended": "yes"},
        )
    ],
    "validation/manage/routes/<int:pk>/supporter/": [
        get(lambda w: f"/validation/manage/routes/{w.validation.draft.pk}/supporter/", DRAFT_TEAM),
        post(
            lambda w: f"/validation/manage/routes/{w.validation.draft.pk}/supporter/",
            DRAFT_TEAM,
            lambda w: {"email": w.validation.new_supporter.email},
        ),
    ],
    "validation/manage/routes/<int:pk>/panel/": [
        get(lambda w: f"/validation/manage/routes/{w.validation.route.pk}/panel/", ROUTE_TEAM),
        post(
            lambda w: f"/validation/manage/routes/{w.validation.route.pk}/panel/",
            ROUTE_TEAM,
            lambda w: {
                "email": w.validation.new_panellist.email,
                "kind": "expert",
                "conflict_declaration": "None",
            },
        ),
    ],
    "validation/frameworks/": [get(lambda w: "/validation/frameworks/", LOGGED_IN)],
    "validation/frameworks/import/": [
        get(lambda w: "/validation/frameworks/import/", PM_ONLY),
        post(lambda w: "/validation/frameworks/import/", PM_ONLY, _framework_file),
    ],
    "validation/frameworks/<int:pk>/": [
        get(lambda w: f"/validation/frameworks/{w.validation.framework.pk}/", LOGGED_IN)
    ],
    "validation/pipeline/": [
        get(lambda w: "/validation/pipeline/", PM_ONLY),
        get(lambda w: f"/validation/pipeline/?cohort={w.validation.cohort.pk}", ACADEMY_WRITE),
    ],
}

# Credentials (tests/credentials/world.py): the participant holds an active certificate and a suspended one
# of the academy (course certificates registered as a subject in the tests); verification is public, the
# record and its files are the holder's and the academy team's, and changing its status is the team's
CR = "/api/v1/credentials"
HOLDER_AND_TEAM = OWNER.but(pm=ALLOWED, admin=ALLOWED)
ISSUING_TEAM = HOLDER_AND_TEAM.but(participant=DENIED)  # the holder sees it but may not change it
CREDENTIALS: dict[str, list[Case] | str] = {
    ".well-known/did.json": [get(lambda w: "/.well-known/did.json", PUBLIC)],
    "credentials/jwks.json": [get(lambda w: "/credentials/jwks.json", PUBLIC)],
    "credentials/issuers/<slug:slug>/did.json": [
        get(lambda w: f"/credentials/issuers/{w.credentials.academy_slug}/did.json", PUBLIC)
    ],
    "credentials/status/<int:pk>/": [
        get(lambda w: f"/credentials/status/{w.credentials.status_list.pk}/", PUBLIC)
    ],
    "credentials/verify/": [
        get(lambda w: "/credentials/verify/", PUBLIC),
        post(lambda w: "/credentials/verify/", PUBLIC, lambda w: {"token": w.credentials.active.token}),
    ],
    "credentials/mine/": [get(lambda w: "/credentials/mine/", LOGGED_IN)],
    "credentials/<uuid:pk>/": [get(lambda w: f"/credentials/{w.credentials.active.pk}/", PUBLIC)],
    "credentials/<uuid:pk>/credential.jwt": [
        get(lambda w: f"/credentials/{w.credentials.active.pk}/credential.jwt", HOLDER_AND_TEAM)
    ],
    "credentials/<uuid:pk>/credential.json": [
        get(lambda w: f"/credentials/{w.credentials.active.pk}/credential.json", HOLDER_AND_TEAM)
    ],
    "credentials/<uuid:pk>/certificate.pdf": [
        get(lambda w: f"/credentials/{w.credentials.active.pk}/certificate.pdf", HOLDER_AND_TEAM)
    ],
    "credentials/<uuid:pk>/revoke/": [
        get(lambda w: f"/credentials/{w.credentials.active.pk}/revoke/", ISSUING_TEAM),
        post(
            lambda w: f"/credentials/{w.credentials.active.pk}/revoke/",
            ISSUING_TEAM,
            lambda w: {"reason": "Issued in error"},
        ),
    ],
    "credentials/<uuid:pk>/suspend/": [
        get(lambda w: f"/credentials/{w.credentials.active.pk}/suspend/", ISSUING_TEAM),
        post(
            lambda w: f"/credentials/{w.credentials.active.pk}/suspend/",
            ISSUING_TEAM,
            lambda w: {"reason": "Under review"},
        ),
    ],
    "credentials/<uuid:pk>/reinstate/": [
        get(lambda w: f"/credentials/{w.credentials.suspended.pk}/reinstate/", ISSUING_TEAM),
        post(
            lambda w: f"/credentials/{w.credentials.suspended.pk}/reinstate/",
            ISSUING_TEAM,
            lambda w: {"reason": "Review found nothing wrong"},
        ),
    ],
    "api/v1/credentials/": [get(lambda w: f"{CR}/", LOGGED_IN)],
    "api/v1/credentials/<pk>/": [get(lambda w: f"{CR}/{w.credentials.active.pk}/", HOLDER_AND_TEAM)],
    "api/v1/credentials/<pk>/revoke/": [
        post(
            lambda w: f"{CR}/{w.credentials.active.pk}/revoke/",
            ISSUING_TEAM,
            lambda w: {"reason": "Issued in error"},
        )
    ],
    "api/v1/credentials/<pk>/suspend/": [
        post(
            lambda w: f"{CR}/{w.credentials.active.pk}/suspend/",
            ISSUING_TEAM,
            lambda w: {"reason": "Under review"},
        )
    ],
    "api/v1/credentials/<pk>/reinstate/": [
        post(
            lambda w: f"{CR}/{w.credentials.suspended.pk}/reinstate/",
            ISSUING_TEAM,
            lambda w: {"reason": "Cleared"},
        )
    ],
    "api/v1/credentials/verify/": [
        post(lambda w: f"{CR}/verify/", PUBLIC, lambda w: {"credential": w.credentials.active.token})
    ],
}


def _sample_framework(w: W) -> dict[str, Any]:
    from pathlib import Path

    sample = Path(__file__).parents[1] / "src/academy/validation/samples/system-od-practice.json"
    return {"format": "json", "content": sample.read_text()}


def _api_ratings(w: W) -> dict[str, Any]:
    return {"ratings": {str(e.pk): 2 for e in w.validation.elements}, "expected_version": 1}


VALIDATION_API: dict[str, list[Case] | str] = {
    "api/v1/validation/frameworks/": [get(lambda w: f"{V}/frameworks/", LOGGED_IN)],
    "api/v1/validation/frameworks/<pk>/": [
        get(lambda w: f"{V}/frameworks/{w.validation.framework.pk}/", LOGGED_IN)
    ],
    "api/v1/validation/frameworks/<pk>/export/": [
        get(lambda w: f"{V}/frameworks/{w.validation.framework.pk}/export/", LOGGED_IN)
    ],
    "api/v1/validation/frameworks/import/": [
        post(lambda w: f"{V}/frameworks/import/", PM_ONLY, _sample_framework)
    ],
    "api/v1/validation/cohorts/": [
        get(lambda w: f"{V}/cohorts/", LOGGED_IN),
        post(
            lambda w: f"{V}/cohorts/",
            ACADEMY_WRITE,
            lambda w: {
                "academy": w.offer.academy_id,
                "name": "Validation cohort 3",
                "frameworks": [w.validation.framework.pk],
                "opens_on": TODAY_ISO(),
            },
        ),
    ],
    "api/v1/validation/cohorts/<pk>/": [get(lambda w: f"{V}/cohorts/{w.validation.cohort.pk}/", LOGGED_IN)],
    "api/v1/validation/cohorts/<pk>/interest/": [
        post(
            lambda w: f"{V}/cohorts/{w.validation.cohort.pk}/interest/",
            NEW_INTEREST,
            lambda w: {"statement": "I support change across my system."},
        )
    ],
    "api/v1/validation/cohorts/<pk>/routes/": [
        get(lambda w: f"{V}/cohorts/{w.validation.cohort.pk}/routes/", ACADEMY_WRITE)
    ],
    "api/v1/validation/cohorts/<pk>/pipeline/": [
        get(lambda w: f"{V}/cohorts/{w.validation.cohort.pk}/pipeline/", ACADEMY_WRITE)
    ],
    "api/v1/validation/pipeline/": [get(lambda w: f"{V}/pipeline/", PM_ONLY)],
    "api/v1/validation/routes/": [get(lambda w: f"{V}/routes/", LOGGED_IN)],
    "api/v1/validation/routes/<pk>/": [get(lambda w: f"{V}/routes/{w.validation.route.pk}/", ROUTE_VIEW)],
    "api/v1/validation/routes/<pk>/coverage/": [
        get(lambda w: f"{V}/routes/{w.validation.route.pk}/coverage/", ROUTE_VIEW)
    ],
    "api/v1/validation/routes/<pk>/reflect/": [
        post(
            lambda w: f"{V}/routes/{w.validation.draft.pk}/reflect/",
            CLAIMANT_WRITES,
            lambda w: {"levels": {str(e.pk): 4 for e in w.validation.elements}},
        )
    ],
    "api/v1/validation/routes/<pk>/workshop/": [
        post(lambda w: f"{V}/routes/{w.validation.draft.pk}/workshop/", DRAFT_TEAM)
    ],
    "api/v1/validation/routes/<pk>/decide/": [
        post(
            lambda w: f"{V}/routes/{w.validation.draft.pk}/decide/",
            CLAIMANT_WRITES,
            lambda w: {"readiness": "now"},
        )
    ],
    "api/v1/validation/routes/<pk>/supporter/": [
        post(
            lambda w: f"{V}/routes/{w.validation.draft.pk}/supporter/",
            DRAFT_TEAM,
            lambda w: {"email": w.validation.new_supporter.email},
        )
    ],
    "api/v1/validation/routes/<pk>/milestones/": [
        post(
            lambda w: f"{V}/routes/{w.validation.draft.pk}/milestones/",
            MILESTONES,
            lambda w: {"title": "Second draft", "due_on": TODAY_ISO()},
        )
    ],
    "api/v1/validation/routes/<pk>/entries/": [
        post(
            lambda w: f"{V}/routes/{w.validation.draft.pk}/entries/",
            CLAIMANT_WRITES,
            lambda w: {"element": w.validation.elements[0].pk, "narrative": "What changed."},
        )
    ],
    "api/v1/validation/routes/<pk>/evidence/": [
        post(
            lambda w: f"{V}/routes/{w.validation.draft.pk}/evidence/",
            CLAIMANT_WRITES,
            lambda w: {"element": w.validation.elements[0].pk, "title": "Notes", "file": _pdf()},
            multipart=True,
        )
    ],
    "api/v1/validation/routes/<pk>/submit/": [
        post(lambda w: f"{V}/routes/{w.validation.draft.pk}/submit/", CLAIMANT_WRITES)
    ],
    "api/v1/validation/routes/<pk>/panel/": [
        post(
            lambda w: f"{V}/routes/{w.validation.route.pk}/panel/",
            ROUTE_TEAM,
            lambda w: {
                "email": w.validation.new_panellist.email,
                "kind": "expert",
                "conflict_declaration": "None",
            },
        )
    ],
    "api/v1/validation/routes/<pk>/reviews/": [
        get(lambda w: f"{V}/routes/{w.validation.route.pk}/reviews/", ROUTE_VIEW),
        post(
            lambda w: f"{V}/routes/{w.validation.route.pk}/reviews/",
            REVIEWER,
            lambda w: {"element": w.validation.elements[0].pk, "rating": 2},
        ),
    ],
    "api/v1/validation/routes/<pk>/reviews/submit/": [
        post(lambda w: f"{V}/routes/{w.validation.route.pk}/reviews/submit/", REVIEWER)
    ],
    "api/v1/validation/routes/<pk>/moderation/": [
        post(lambda w: f"{V}/routes/{w.validation.other_route.pk}/moderation/", MODERATOR, _api_ratings)
    ],
    "api/v1/validation/routes/<pk>/interview/": [
        post(
            lambda w: f"{V}/routes/{w.validation.other_route.pk}/interview/",
            DECIDER,
            lambda w: {"notes": "Confirmed."},
        )
    ],
    "api/v1/validation/routes/<pk>/decision/": [
        post(
            lambda w: f"{V}/routes/{w.validation.other_route.pk}/decision/",
            DECIDER,
            lambda w: {"outcome": "leader"},
        )
    ],
}

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
    "health/": [get(lambda w: "/health/", PUBLIC)],
    # People: one's own record
    "me/": [get(lambda w: "/me/", LOGGED_IN)],
    "me/edit/": [
        get(lambda w: "/me/edit/", LOGGED_IN),
        post(lambda w: "/me/edit/", LOGGED_IN, form_of(lambda w: "/me/edit/", job_title="Ward manager")),
    ],
    "me/equality/": [
        get(lambda w: "/me/equality/", LOGGED_IN),
        post(lambda w: "/me/equality/", LOGGED_IN, note="every answer is optional"),
    ],
    "me/export/": [get(lambda w: "/me/export/", LOGGED_IN)],
    "me/tokens/revoke/": [post(lambda w: "/me/tokens/revoke/", LOGGED_IN)],
    # Offers for participants
    "offers/": [get(lambda w: "/offers/", PUBLIC)],
    "offers/<slug:slug>/": [
        get(lambda w: f"/offers/{w.offer.slug}/", PUBLIC),
        get(lambda w: f"/offers/{w.draft.slug}/", NOBODY, "drafts are not in the catalogue"),
    ],
    "offers/<slug:slug>/cohorts/<int:cohort_id>/book/": [
        get(lambda w: f"/offers/{w.offer.slug}/cohorts/{w.cohort.pk}/book/", LOGGED_IN),
        post(
            lambda w: f"/offers/{w.offer.slug}/cohorts/{w.other_cohort.pk}/book/",
            LOGGED_IN,
            lambda w: {"adjustment": ""},
            "anyone signed in books a place for themselves",
        ),
    ],
    "my-learning/": [get(lambda w: "/my-learning/", LOGGED_IN)],
    "my-learning/calendar/": [
        get(lambda w: "/my-learning/calendar/", LOGGED_IN),
        post(lambda w: "/my-learning/calendar/", LOGGED_IN, note="makes one's own calendar address"),
    ],
    "my-learning/bookings/<int:pk>/": [get(b, OWNER)],
    "my-learning/bookings/<int:pk>/done/": [get(lambda w: b(w) + "done/", OWNER)],
    "my-learning/bookings/<int:pk>/cancel/": [
        get(lambda w: b(w) + "cancel/", OWNER),
        post(lambda w: b(w) + "cancel/", OWNER),
    ],
    "my-learning/bookings/<int:pk>/project/": [
        get(lambda w: f"/my-learning/bookings/{w.project_booking.pk}/project/", OWNER),
        post(
            lambda w: f"/my-learning/bookings/{w.project_booking.pk}/project/",
            OWNER,
            lambda w: {"title": "Fewer call bells", "summary": "What changed."},
        ),
    ],
    "my-learning/bookings/<int:pk>/certificate.pdf": [get(lambda w: b(w) + "certificate.pdf", OWNER)],
    "my-learning/bookings/<int:pk>/sessions/<int:session_id>/invitation.ics": [
        get(lambda w: b(w) + f"sessions/{w.session.pk}/invitation.ics", OWNER)
    ],
    "calendar/<str:token>.ics": [
        get(lambda w: f"/calendar/{w.calendar_token}.ics", PUBLIC, "the secret token is the credential"),
        get(lambda w: f"/calendar/{w.calendar_token}x.ics", NOBODY, "a wrong token finds nothing"),
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
    "manage/offers/new/": [
        get(lambda w: "/manage/offers/new/", PM_ONLY),
        post(
            lambda w: "/manage/offers/new/",
            PM_ONLY.but(pm_other=INVALID),
            form_of(
                lambda w: "/manage/offers/new/",
                academy=lambda w: w.offer.academy_id,
                title="A new offer",
                summary="What it is.",
                kind="workshop",
                delivery_format="virtual",
            ),
            "another academy's manager may not choose this academy: the form refuses it",
        ),
    ],
    "manage/offers/<int:pk>/": [get(lambda w: f"/manage/offers/{w.offer.pk}/", ACADEMY_TEAM)],
    "manage/offers/<int:pk>/edit/": [
        get(lambda w: f"/manage/offers/{w.offer.pk}/edit/", ACADEMY_TEAM),
        post(
            lambda w: f"/manage/offers/{w.offer.pk}/edit/",
            ACADEMY_TEAM,
            form_of(lambda w: f"/manage/offers/{w.offer.pk}/edit/", summary="Now shorter."),
        ),
    ],
    "manage/offers/<int:pk>/cohorts/new/": [
        get(lambda w: f"/manage/offers/{w.offer.pk}/cohorts/new/", ACADEMY_TEAM),
        post(
            lambda w: f"/manage/offers/{w.offer.pk}/cohorts/new/",
            ACADEMY_TEAM,
            lambda w: {"name": "Cohort 9", "capacity": "12", **day("starts_on", 30), **day("ends_on", 60)},
        ),
    ],
    "manage/cohorts/<int:pk>/": [get(lambda w: f"/manage/cohorts/{w.cohort.pk}/", COHORT_VIEW)],
    "manage/cohorts/<int:pk>/edit/": [
        get(lambda w: f"/manage/cohorts/{w.cohort.pk}/edit/", COHORT_MANAGE),
        post(
            lambda w: f"/manage/cohorts/{w.cohort.pk}/edit/",
            COHORT_MANAGE,
            form_of(lambda w: f"/manage/cohorts/{w.cohort.pk}/edit/", capacity="11"),
        ),
    ],
    "manage/cohorts/<int:pk>/sessions/new/": [
        get(lambda w: f"/manage/cohorts/{w.cohort.pk}/sessions/new/", COHORT_MANAGE),
        post(
            lambda w: f"/manage/cohorts/{w.cohort.pk}/sessions/new/",
            COHORT_MANAGE,
            form_of(
                lambda w: f"/manage/cohorts/{w.cohort.pk}/sessions/new/",
                title="Session 9",
                starts="10:00",
                ends="12:00",
            ),
        ),
    ],
    "manage/cohorts/<int:cohort_pk>/bookings/<int:pk>/cancel/": [
        get(lambda w: f"/manage/cohorts/{w.cohort.pk}/bookings/{w.booking.pk}/cancel/", COHORT_MANAGE),
        post(lambda w: f"/manage/cohorts/{w.cohort.pk}/bookings/{w.booking.pk}/cancel/", COHORT_MANAGE),
    ],
    "manage/cohorts/<int:cohort_pk>/applications/<int:pk>/": [
        get(lambda w: f"/manage/cohorts/{w.applied.cohort_id}/applications/{w.applied.pk}/", COHORT_MANAGE),
        post(
            lambda w: f"/manage/cohorts/{w.applied.cohort_id}/applications/{w.applied.pk}/",
            COHORT_MANAGE,
            lambda w: {"decision": "approve", "comment": ""},
        ),
    ],
    "manage/cohorts/<int:cohort_pk>/adjustments/<int:pk>/": [
        get(lambda w: f"/manage/cohorts/{w.cohort.pk}/adjustments/{w.adjustment.pk}/", COHORT_MANAGE),
        post(
            lambda w: f"/manage/cohorts/{w.cohort.pk}/adjustments/{w.adjustment.pk}/",
            COHORT_MANAGE,
            lambda w: {"response": "Captions are booked."},
        ),
    ],
    "manage/cohorts/<int:pk>/delegates.<str:fmt>": [
        get(lambda w: f"/manage/cohorts/{w.cohort.pk}/delegates.csv", COHORT_VIEW)
    ],
    "manage/cohorts/<int:pk>/register.pdf": [
        get(lambda w: f"/manage/cohorts/{w.cohort.pk}/register.pdf", COHORT_VIEW)
    ],
    "manage/cohorts/<int:pk>/email/": [
        get(lambda w: f"/manage/cohorts/{w.cohort.pk}/email/", COHORT_MANAGE),
        post(
            lambda w: f"/manage/cohorts/{w.cohort.pk}/email/",
            COHORT_MANAGE,
            lambda w: {"audience": "confirmed", "subject": "Room change", "message": "Room 4."},
            "the preview step: nothing is sent yet",
        ),
        post(
            lambda w: f"/manage/cohorts/{w.cohort.pk}/email/",
            COHORT_MANAGE,
            lambda w: {
                "audience": "confirmed",
                "subject": "Room change",
                "message": "Room 4.",
                "action": "send",
                "send_key": "matrix",
            },
            "the sending step",
        ),
    ],
    "manage/cohorts/<int:pk>/delegates/new/": [
        get(lambda w: f"/manage/cohorts/{w.cohort.pk}/delegates/new/", COHORT_MANAGE),
        post(
            lambda w: f"/manage/cohorts/{w.cohort.pk}/delegates/new/",
            COHORT_MANAGE,
            lambda w: {"email": w.participant.email},
            "the finding step: shows the booking form",
        ),
        post(
            lambda w: f"/manage/cohorts/{w.cohort.pk}/delegates/new/",
            COHORT_MANAGE,
            lambda w: {"email": w.users["participant2"].person.email, "action": "book", "adjustment": ""},
            "the booking step, for someone with no place yet",
        ),
    ],
    "manage/sessions/<int:pk>/edit/": [
        get(lambda w: f"/manage/sessions/{w.session.pk}/edit/", COHORT_MANAGE),
        post(
            lambda w: f"/manage/sessions/{w.other_session.pk}/edit/",
            COHORT_MANAGE,
            form_of(lambda w: f"/manage/sessions/{w.other_session.pk}/edit/", location="Room 4"),
            "a session still to come (the first has attendance, so it may not move)",
        ),
    ],
    "manage/sessions/<int:pk>/attendance/": [
        get(lambda w: f"/manage/sessions/{w.session.pk}/attendance/", COHORT_VIEW),
        post(
            lambda w: f"/manage/sessions/{w.session.pk}/attendance/",
            COHORT_VIEW,
            lambda w: {f"booking_{w.booking.pk}": "absent"},
        ),
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
    "api/v1/me/": [
        get(lambda w: "/api/v1/me/", LOGGED_IN),
        patch(lambda w: "/api/v1/me/", LOGGED_IN, lambda w: {"job_title": "Ward manager"}),
    ],
    "api/v1/me/equality/": [
        get(lambda w: "/api/v1/me/equality/", LOGGED_IN),
        put(lambda w: "/api/v1/me/equality/", LOGGED_IN, lambda w: {"sex": ""}),
    ],
    "api/v1/role-assignments/": [
        get(lambda w: "/api/v1/role-assignments/", ADMIN),
        post(
            lambda w: "/api/v1/role-assignments/",
            ADMIN,
            lambda w: {
                "user": w.participant.user_id,
                "role": "facilitator",
                "delivery_partner": w.offer.delivery_partner_id,
            },
        ),
    ],
    "api/v1/role-assignments/<pk>/": [
        get(lambda w: f"/api/v1/role-assignments/{w.role_assignment.pk}/", ADMIN),
        delete(lambda w: f"/api/v1/role-assignments/{w.role_assignment.pk}/", ADMIN),
    ],
    # API: offers and delivery
    "api/v1/offers/": [
        get(lambda w: "/api/v1/offers/", LOGGED_IN),
        post(lambda w: "/api/v1/offers/", PM_ONLY.but(pm_other=DENIED), new_offer),
    ],
    "api/v1/offers/<pk>/": [
        get(lambda w: f"/api/v1/offers/{w.offer.pk}/", LOGGED_IN),
        get(lambda w: f"/api/v1/offers/{w.draft.pk}/", ACADEMY_TEAM, "drafts: the academy's team only"),
        put(lambda w: f"/api/v1/offers/{w.offer.pk}/", ACADEMY_TEAM, new_offer),
        patch(lambda w: f"/api/v1/offers/{w.offer.pk}/", ACADEMY_TEAM, lambda w: {"summary": "Now shorter."}),
    ],
    "api/v1/cohorts/": [
        get(lambda w: "/api/v1/cohorts/", LOGGED_IN),
        post(
            lambda w: "/api/v1/cohorts/",
            ACADEMY_FIELD,
            new_cohort,
            "refused as bad input (the offer is not theirs), never written",
        ),
    ],
    "api/v1/cohorts/<pk>/": [
        get(lambda w: f"/api/v1/cohorts/{w.cohort.pk}/", COHORT_VIEW),
        put(lambda w: f"/api/v1/cohorts/{w.cohort.pk}/", COHORT_MANAGE, new_cohort),
        patch(lambda w: f"/api/v1/cohorts/{w.cohort.pk}/", COHORT_MANAGE, lambda w: {"capacity": 11}),
    ],
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
    "api/v1/sessions/": [
        get(lambda w: "/api/v1/sessions/", LOGGED_IN),
        post(
            lambda w: "/api/v1/sessions/",
            ACADEMY_FIELD,
            new_session,
            "refused as bad input (the cohort is not theirs), never written",
        ),
    ],
    "api/v1/sessions/<pk>/": [
        get(lambda w: f"/api/v1/sessions/{w.session.pk}/", COHORT_VIEW),
        put(lambda w: f"/api/v1/sessions/{w.other_session.pk}/", COHORT_MANAGE, new_session),
        patch(
            lambda w: f"/api/v1/sessions/{w.other_session.pk}/",
            COHORT_MANAGE,
            lambda w: {"location": "Room 4"},
        ),
        delete(lambda w: f"/api/v1/sessions/{w.other_session.pk}/", COHORT_MANAGE),
    ],
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
            BOOK_FOR,
            lambda w: {"cohort": w.other_cohort.pk, "person": w.participant.pk},
        ),
    ],
    "api/v1/bookings/<pk>/": [get(lambda w: f"/api/v1/bookings/{w.booking.pk}/", OWNER)],
    "api/v1/bookings/<pk>/cancel/": [post(lambda w: f"/api/v1/bookings/{w.booking.pk}/cancel/", OWNER)],
    "api/v1/bookings/<pk>/certificate/": [
        get(lambda w: f"/api/v1/bookings/{w.booking.pk}/certificate/", OWNER)
    ],
    "api/v1/bookings/<pk>/invitation/": [
        get(lambda w: f"/api/v1/bookings/{w.booking.pk}/invitation/?session={w.session.pk}", OWNER)
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
        get(lambda w: f"/evaluate/{w.invitation_token}x/", NOBODY, "a wrong token finds nothing"),
        post(lambda w: f"/evaluate/{w.invitation_token}/", PUBLIC, answers),
        post(lambda w: f"/evaluate/{w.invitation_token}x/", NOBODY, answers),
    ],
    "my-evaluations/": [get(lambda w: "/my-evaluations/", LOGGED_IN)],
    "my-evaluations/<int:survey_pk>/": [
        get(lambda w: f"/my-evaluations/{w.open_survey.pk}/", OWNER),
        post(lambda w: f"/my-evaluations/{w.open_survey.pk}/", OWNER, answers),
    ],
    "my-evaluations/goals/new/": [
        get(lambda w: "/my-evaluations/goals/new/", LOGGED_IN),
        post(
            lambda w: "/my-evaluations/goals/new/",
            LOGGED_IN,
            new_goal,
            "people with no place on a programme are sent to their evaluations with a note",
        ),
    ],
    "my-evaluations/goals/<int:pk>/rate/": [
        get(lambda w: f"/my-evaluations/goals/{w.goal.pk}/rate/", OWNER),
        post(lambda w: f"/my-evaluations/goals/{w.goal.pk}/rate/", OWNER, lambda w: {"rating_after": "7"}),
    ],
    # Evaluation: the programme team
    "manage/evaluations/": [get(lambda w: "/manage/evaluations/", PM_ONLY)],
    "manage/offers/<int:offer_pk>/evaluations/new/": [
        get(lambda w: f"/manage/offers/{w.offer.pk}/evaluations/new/", ACADEMY_TEAM),
        post(
            lambda w: f"/manage/offers/{w.offer.pk}/evaluations/new/",
            ACADEMY_TEAM,
            form_of(
                lambda w: f"/manage/offers/{w.offer.pk}/evaluations/new/",
                instrument=lambda w: w.instrument.pk,
                target=lambda w: f"cohort:{w.cohort.pk}",
            ),
        ),
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
        get(lambda w: f"/manage/evaluations/{w.survey.pk}/import/", ACADEMY_TEAM),
        post(
            lambda w: f"/manage/evaluations/{w.survey.pk}/import/", ACADEMY_TEAM, lambda w: {"file": upload()}
        ),
    ],
    "manage/evaluations/<int:pk>/import/columns/": [
        get(lambda w: f"/manage/evaluations/{w.survey.pk}/import/columns/", NO_UPLOAD_YET),
        post(lambda w: f"/manage/evaluations/{w.survey.pk}/import/columns/", NO_UPLOAD_YET),
    ],
    "manage/evaluations/<int:pk>/themes/new/": [
        post(
            lambda w: f"/manage/evaluations/{w.survey.pk}/themes/new/",
            ACADEMY_TEAM,
            lambda w: {"question_code": "takeaway"},
        )
    ],
    "manage/themes/<int:pk>/": [
        get(lambda w: f"/manage/themes/{w.theme_set.pk}/", ACADEMY_TEAM),
        post(lambda w: f"/manage/themes/{w.theme_set.pk}/", ACADEMY_TEAM, rename_theme),
    ],
    "manage/question-sets/": [get(lambda w: "/manage/question-sets/", PM_ONLY)],
    "manage/question-sets/new/": [
        get(lambda w: "/manage/question-sets/new/", PM_ONLY),
        post(
            lambda w: "/manage/question-sets/new/",
            PM_ONLY,
            lambda w: {"name": "Our own questions", "description": "", "academy": w.offer.academy_id},
            "a manager of one academy has no academy field: the set is their own academy's",
        ),
    ],
    "manage/question-sets/<int:pk>/": [
        get(lambda w: f"/manage/question-sets/{w.draft_instrument.pk}/", QUESTION_SET),
        post(
            lambda w: f"/manage/question-sets/{w.draft_instrument.pk}/",
            QUESTION_SET,
            lambda w: {
                "text": "Do you feel confident?",
                "code": "confident",
                "type": "yes_no",
                "required": "on",
            },
        ),
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
    "api/v1/instruments/": [
        get(lambda w: "/api/v1/instruments/", PM_ONLY),
        post(
            lambda w: "/api/v1/instruments/",
            PM_ONLY.but(pm_other=DENIED),
            lambda w: {"name": "Our own questions", "academy": w.offer.academy_id},
        ),
    ],
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
    "api/v1/surveys/": [
        get(lambda w: "/api/v1/surveys/", LOGGED_IN),
        post(lambda w: "/api/v1/surveys/", ACADEMY_WRITE, new_survey),
    ],
    "api/v1/surveys/<pk>/": [get(lambda w: f"/api/v1/surveys/{w.survey.pk}/", FIGURES)],
    "api/v1/surveys/<pk>/figures/": [get(lambda w: f"/api/v1/surveys/{w.survey.pk}/figures/", FIGURES)],
    "api/v1/surveys/<pk>/import/": [
        post(
            lambda w: f"/api/v1/surveys/{w.survey.pk}/import/",
            ACADEMY_TEAM,
            lambda w: {"file": upload(), "mapping": json.dumps({"useful": "useful", "takeaway": "takeaway"})},
            multipart=True,
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
            lambda w: {
                "answers": [{"question": "useful", "value": "yes"}, {"question": "takeaway", "value": "Ask"}]
            },
        )
    ],
    "api/v1/goals/": [
        get(lambda w: "/api/v1/goals/", LOGGED_IN),
        post(
            lambda w: "/api/v1/goals/",
            expect(INVALID, anonymous=DENIED, participant=ALLOWED),
            new_goal,
            "a goal is for a cohort one has a place on: anyone else's is refused as bad input",
        ),
    ],
    "api/v1/goals/<pk>/": [
        get(lambda w: f"/api/v1/goals/{w.goal.pk}/", OWNER),
        patch(lambda w: f"/api/v1/goals/{w.goal.pk}/", OWNER, lambda w: {"rating_after": 7}),
    ],
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
            lambda w: {
                "answers": [{"question": "useful", "value": "yes"}, {"question": "takeaway", "value": "Ask"}]
            },
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
    "api/v1/theme-sets/": [
        get(lambda w: "/api/v1/theme-sets/", LOGGED_IN),
        post(
            lambda w: "/api/v1/theme-sets/",
            ACADEMY_WRITE,
            lambda w: {
                "title": "Takeaways",
                "offer": w.offer.pk,
                "survey": w.survey.pk,
                "question_code": "takeaway",
            },
        ),
    ],
    "api/v1/theme-sets/<pk>/": [get(lambda w: f"/api/v1/theme-sets/{w.theme_set.pk}/", ACADEMY_TEAM)],
    "api/v1/theme-sets/<pk>/edit/": [
        post(
            lambda w: f"/api/v1/theme-sets/{w.theme_set.pk}/edit/",
            ACADEMY_TEAM,
            rename_theme,
        )
    ],
    # Coaching and mentoring hub: pages
    "coaching/": [get(lambda w: "/coaching/", LOGGED_IN)],
    "coaching/profile/": [
        get(lambda w: "/coaching/profile/", LOGGED_IN),
        post(
            lambda w: "/coaching/profile/",
            LOGGED_IN,
            form_of(lambda w: "/coaching/profile/", as_role="practitioner", capacity="4"),
            note="creates a profile for those without one",
        ),
    ],
    "coaching/requests/new/": [
        get(lambda w: "/coaching/requests/new/", LOGGED_IN),
        post(lambda w: "/coaching/requests/new/", NEW_REQUEST, new_request_form),
    ],
    "coaching/requests/<int:pk>/": [get(lambda w: f"/coaching/requests/{w.hub.mentoring.pk}/", COACHEE)],
    "coaching/requests/<int:pk>/withdraw/": [
        post(lambda w: f"/coaching/requests/{w.hub.mentoring.pk}/withdraw/", COACHEE)
    ],
    "coaching/requests/<int:pk>/choose/": [
        post(
            lambda w: f"/coaching/requests/{w.hub.mentoring.pk}/choose/",
            COACHEE,
            lambda w: {"entry": w.hub.entry.pk},
        )
    ],
    "coaching/requests/<int:pk>/browse/": [
        get(lambda w: f"/coaching/requests/{w.hub.mentoring.pk}/browse/", COACHEE),
        post(
            lambda w: f"/coaching/requests/{w.hub.mentoring.pk}/browse/",
            COACHEE,
            lambda w: {"practitioner": w.hub.other.pk},
        ),
    ],
    "coaching/relationships/<int:pk>/": [
        get(lambda w: f"/coaching/relationships/{w.hub.active.pk}/", RELATIONSHIP)
    ],
    "coaching/relationships/<int:pk>/respond/": [
        get(lambda w: f"/coaching/relationships/{w.hub.introduced.pk}/respond/", PRACTITIONER),
        post(
            lambda w: f"/coaching/relationships/{w.hub.introduced.pk}/respond/",
            PRACTITIONER,
            lambda w: {"decision": "accept"},
        ),
    ],
    "coaching/relationships/<int:pk>/contract/": [
        get(lambda w: f"/coaching/relationships/{w.hub.active.pk}/contract/", PAIR),
        post(
            lambda w: f"/coaching/relationships/{w.hub.active.pk}/contract/",
            PAIR,
            lambda w: {"sessions_agreed": "6", "session_minutes": "90"},
        ),
    ],
    "coaching/relationships/<int:pk>/sessions/new/": [
        get(lambda w: f"/coaching/relationships/{w.hub.active.pk}/sessions/new/", PAIR),
        post(
            lambda w: f"/coaching/relationships/{w.hub.active.pk}/sessions/new/",
            PAIR,
            lambda w: {**day("held_on", 0), "minutes": "60", "note": "Went well"},
        ),
    ],
    # The coachee's own goal tracker; one session is already logged, so it is past setting and
    # "before" rating, and not yet at "after": refused as invalid input for the coachee.
    "coaching/relationships/<int:pk>/goals/new/": [
        get(lambda w: f"/coaching/relationships/{w.hub.active.pk}/goals/new/", GOAL_TRACKER),
        post(
            lambda w: f"/coaching/relationships/{w.hub.active.pk}/goals/new/",
            GOAL_TRACKER.but(coachee=INVALID),
            lambda w: {"theme": "Other", "text": "Another", "rating_before": "5"},
        ),
    ],
    "coaching/relationships/<int:pk>/goals/<int:goal_pk>/rate/": [
        get(lambda w: f"/coaching/relationships/{w.hub.active.pk}/goals/{w.hub.goal.pk}/rate/", GOAL_TRACKER),
        post(
            lambda w: f"/coaching/relationships/{w.hub.active.pk}/goals/{w.hub.goal.pk}/rate/",
            GOAL_TRACKER.but(coachee=INVALID),
            lambda w: {"rating": "7"},
        ),
    ],
    "coaching/relationships/<int:pk>/close/": [
        get(lambda w: f"/coaching/relationships/{w.hub.active.pk}/close/", RELATIONSHIP),
        post(
            lambda w: f"/coaching/relationships/{w.hub.active.pk}/close/",
            RELATIONSHIP,
            lambda w: {"reason": "completed"},
        ),
    ],
    "coaching/hub/": [get(lambda w: f"/coaching/hub/?academy={w.offer.academy_id}", HUB)],
    "coaching/hub/figures/": [get(lambda w: f"/coaching/hub/figures/?academy={w.offer.academy_id}", HUB)],
    "coaching/hub/weights/": [
        get(lambda w: f"/coaching/hub/weights/?academy={w.offer.academy_id}", HUB),
        post(
            lambda w: f"/coaching/hub/weights/?academy={w.offer.academy_id}",
            HUB,
            lambda w: {"goals": "6", "sector": "2", "role_level": "2", "format": "1", "experience": "1"},
        ),
    ],
    "coaching/hub/profiles/<int:pk>/verify/": [
        post(lambda w: f"/coaching/hub/profiles/{w.hub.coach.pk}/verify/", HUB)
    ],
    "coaching/hub/runs/new/": [
        post(
            lambda w: f"/coaching/hub/runs/new/?academy={w.offer.academy_id}",
            HUB,
            lambda w: {"kind": "coaching"},
        )
    ],
    "coaching/hub/runs/<int:pk>/": [get(lambda w: f"/coaching/hub/runs/{w.hub.draft.pk}/", HUB_RUN)],
    "coaching/hub/runs/<int:pk>/review/": [
        post(lambda w: f"/coaching/hub/runs/{w.hub.draft.pk}/review/", HUB_RUN)
    ],
    # Coaching and mentoring hub: API
    "api/v1/coaching/profiles/": [
        get(lambda w: "/api/v1/coaching/profiles/", LOGGED_IN),
        post(lambda w: "/api/v1/coaching/profiles/", NEW_PROFILE, new_profile),
    ],
    "api/v1/coaching/profiles/<pk>/": [
        get(lambda w: f"/api/v1/coaching/profiles/{w.hub.coach.pk}/", LOGGED_IN),
        patch(
            lambda w: f"/api/v1/coaching/profiles/{w.hub.coach.pk}/",
            expect(DENIED, practitioner=ALLOWED),
            lambda w: {"capacity": 4},
        ),
    ],
    "api/v1/coaching/profiles/<pk>/verify/": [
        post(lambda w: f"/api/v1/coaching/profiles/{w.hub.coach.pk}/verify/", HUB)
    ],
    "api/v1/coaching/requests/": [
        get(lambda w: "/api/v1/coaching/requests/", LOGGED_IN),
        post(lambda w: "/api/v1/coaching/requests/", NEW_REQUEST, new_request),
    ],
    "api/v1/coaching/requests/<pk>/": [
        get(lambda w: f"/api/v1/coaching/requests/{w.hub.mentoring.pk}/", REQUEST_VIEW)
    ],
    "api/v1/coaching/requests/<pk>/withdraw/": [
        post(lambda w: f"/api/v1/coaching/requests/{w.hub.mentoring.pk}/withdraw/", REQUEST_OWN)
    ],
    "api/v1/coaching/requests/<pk>/shortlist/": [
        get(lambda w: f"/api/v1/coaching/requests/{w.hub.mentoring.pk}/shortlist/", REQUEST_OWN)
    ],
    "api/v1/coaching/requests/<pk>/choose/": [
        post(
            lambda w: f"/api/v1/coaching/requests/{w.hub.mentoring.pk}/choose/",
            REQUEST_OWN,
            lambda w: {"entry": w.hub.entry.pk},
        )
    ],
    "api/v1/coaching/requests/<pk>/browse/": [
        get(lambda w: f"/api/v1/coaching/requests/{w.hub.mentoring.pk}/browse/", REQUEST_OWN)
    ],
    "api/v1/coaching/requests/<pk>/ask/": [
        post(
            lambda w: f"/api/v1/coaching/requests/{w.hub.mentoring.pk}/ask/",
            REQUEST_OWN,
            lambda w: {"practitioner": w.hub.other.pk},
        )
    ],
    "api/v1/coaching/relationships/": [get(lambda w: "/api/v1/coaching/relationships/", LOGGED_IN)],
    "api/v1/coaching/relationships/<pk>/": [
        get(lambda w: f"/api/v1/coaching/relationships/{w.hub.active.pk}/", RELATIONSHIP)
    ],
    "api/v1/coaching/relationships/<pk>/accept/": [
        post(lambda w: f"/api/v1/coaching/relationships/{w.hub.introduced.pk}/accept/", PRACTITIONER)
    ],
    "api/v1/coaching/relationships/<pk>/decline/": [
        post(
            lambda w: f"/api/v1/coaching/relationships/{w.hub.introduced.pk}/decline/",
            PRACTITIONER,
            lambda w: {"reason": "No places"},
        )
    ],
    "api/v1/coaching/relationships/<pk>/contract/": [
        post(
            lambda w: f"/api/v1/coaching/relationships/{w.hub.active.pk}/contract/",
            PAIR,
            lambda w: {"sessions_agreed": 6, "session_minutes": 90},
        )
    ],
    "api/v1/coaching/relationships/<pk>/sessions/": [
        get(lambda w: f"/api/v1/coaching/relationships/{w.hub.active.pk}/sessions/", RELATIONSHIP),
        post(
            lambda w: f"/api/v1/coaching/relationships/{w.hub.active.pk}/sessions/",
            PAIR,
            lambda w: {"held_on": timezone.localdate().isoformat(), "minutes": 60, "note": "Went well"},
        ),
    ],
    "api/v1/coaching/relationships/<pk>/notes/": [
        get(
            lambda w: f"/api/v1/coaching/relationships/{w.hub.active.pk}/notes/",
            PAIR,
            note="the hub administrator sees that sessions happened, never what was said",
        )
    ],
    "api/v1/coaching/relationships/<pk>/close/": [
        post(
            lambda w: f"/api/v1/coaching/relationships/{w.hub.active.pk}/close/",
            RELATIONSHIP,
            lambda w: {"reason": "completed"},
        )
    ],
    "api/v1/coaching/runs/": [
        get(lambda w: "/api/v1/coaching/runs/", LOGGED_IN),
        post(
            lambda w: "/api/v1/coaching/runs/",
            HUB,
            lambda w: {"academy": w.offer.academy_id, "kind": "coaching"},
        ),
    ],
    "api/v1/coaching/runs/<pk>/": [get(lambda w: f"/api/v1/coaching/runs/{w.hub.draft.pk}/", HUB_RUN)],
    "api/v1/coaching/runs/<pk>/review/": [
        post(lambda w: f"/api/v1/coaching/runs/{w.hub.draft.pk}/review/", HUB_RUN)
    ],
    "api/v1/coaching/runs/<pk>/publish/": [
        post(lambda w: f"/api/v1/coaching/runs/{w.hub.reviewed.pk}/publish/", HUB_RUN)
    ],
    "api/v1/coaching/hubs/<pk>/figures/": [
        get(lambda w: f"/api/v1/coaching/hubs/{w.offer.academy_id}/figures/?as_of=2023-03-31", HUB_RUN)
    ],
    "api/v1/coaching/hubs/<pk>/eligibility-rules/": [
        get(lambda w: f"/api/v1/coaching/hubs/{w.offer.academy_id}/eligibility-rules/", HUB_RUN),
        post(
            lambda w: f"/api/v1/coaching/hubs/{w.offer.academy_id}/eligibility-rules/",
            HUB_RUN,
            lambda w: {
                "kind": "mentoring",
                "description": "band 4 and above with the line manager's agreement",
                "minimum_role_level": "band_4",
                "needs_line_manager_agreement": True,
            },
        ),
    ],
    "api/v1/coaching/exclusions/": [
        post(
            lambda w: "/api/v1/coaching/exclusions/",
            expect(ALLOWED, anonymous=DENIED, practitioner_other=INVALID),
            lambda w: {"practitioner": w.hub.other.pk},
            note="excluding oneself is bad input",
        )
    ],
    "api/v1/coaching/hubs/<pk>/": [
        get(lambda w: f"/api/v1/coaching/hubs/{w.offer.academy_id}/", HUB_RUN),
        patch(lambda w: f"/api/v1/coaching/hubs/{w.offer.academy_id}/", HUB_RUN, lambda w: {"goals": 6}),
    ],
    "coaching/hub/runs/<int:pk>/publish/": [
        post(lambda w: f"/coaching/hub/runs/{w.hub.reviewed.pk}/publish/", HUB_RUN)
    ],
    # Learning sets (tests/learning_sets/world.py): the participant is a member of the community and of
    # a set that the facilitator's person facilitates; facilitator_other's person facilitates another set
    **LEARNING_SETS_API,
    **LEARNING_SETS_PAGES,
    # Validation (tests/validation/world.py)
    **VALIDATION_API,
    **VALIDATION_PAGES,
    **CREDENTIALS,
}


WRITE_METHODS = ("post", "put", "patch", "delete")

# Routes that need no write case here, each with why: they answer a write method as a read, or their
# write is tested elsewhere.
NO_WRITE_CASE: dict[str, str] = {
    "login/": "signing in: tests/security/test_login_and_sessions.py (lockout, wrong password, session cookie)",
    "": "the home page is a plain view that answers every method as a read",
    "admin/": "the admin index answers every method as a read; the admin's own forms are Django's",
    "me/": "one's own record answers every method as a read",
    "me/export/": "one's own export answers every method as a read",
}


def outcome(response: Any, method: str) -> str:
    status = response.status_code
    if status in (401, 403):
        return DENIED
    if status == 404:
        return NOT_FOUND
    if 300 <= status < 400 and "login" in response.get("Location", ""):
        return DENIED
    if status in (400, 409, 415, 422):
        return INVALID
    if status < 400:
        if method != "get" and b"nhsuk-error-summary" in response.content:
            return INVALID  # the form came back with its errors: nothing was written
        if method != "get" and any(m.level >= messages.ERROR for m in get_messages(response.wsgi_request)):
            return INVALID  # sent back with an error message: the service refused the input
        return ALLOWED
    return f"<{status}>"


def send(client: Client, case: Case, path: str, body: dict[str, Any]) -> Any:
    if case.method == "get":
        return client.get(path)
    if path.startswith("/api/") and not case.multipart:
        return getattr(client, case.method)(path, body, content_type="application/json")
    for value in body.values():
        if isinstance(value, SimpleUploadedFile):
            value.seek(0)  # the same upload for every role
    if case.method == "post":
        return client.post(path, body)
    return getattr(client, case.method)(path)


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[MatrixWorld]:
    """One world for the whole module, built in a transaction rolled back at the end; each test runs
    in its own savepoint inside it (pytest-django's), and each request in another, so nothing a test
    writes reaches the next."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_matrix_world()
        transaction.set_rollback(True)


def test_every_route_is_in_the_matrix() -> None:
    routes = {found.route: found.name for found in site_routes()}
    missing = [f"{route!r} ({name})" for route, name in routes.items() if route not in MATRIX]
    stale = [route for route in MATRIX if route not in routes]
    assert not missing, "Routes with no row in the permissions matrix (add one):\n  " + "\n  ".join(missing)
    assert not stale, "Matrix rows for routes that no longer exist (remove them):\n  " + "\n  ".join(stale)


@pytest.mark.django_db
def test_every_writing_route_has_a_write_case(world: MatrixWorld) -> None:
    """Tries every write method on every row's URL as the administrator; whatever is not refused with a
    405 accepts that method, and must have a case for it (or a reason in NO_WRITE_CASE)."""
    missing = []
    for route, cases in MATRIX.items():
        if isinstance(cases, str) or route in NO_WRITE_CASE:
            continue
        path = cases[0].path(world)
        covered = {case.method for case in cases}
        for method in WRITE_METHODS:
            client = Client()
            client.force_login(world.users["admin"])
            with transaction.atomic():
                response = getattr(client, method)(path, content_type="application/json")
                transaction.set_rollback(True)
            if response.status_code != 405 and method not in covered:
                missing.append(f"{method.upper()} {route} (answered {response.status_code})")
    stale = [route for route in NO_WRITE_CASE if route not in MATRIX]
    assert not missing, "Routes that accept a write with no write case in the matrix:\n  " + "\n  ".join(
        missing
    )
    assert not stale, "NO_WRITE_CASE names routes that are not in the matrix:\n  " + "\n  ".join(stale)


@pytest.mark.django_db
@pytest.mark.parametrize("route", [route for route, cases in MATRIX.items() if not isinstance(cases, str)])
def test_route_access_by_role(route: str, world: MatrixWorld) -> None:
    cases = MATRIX[route]
    assert not isinstance(cases, str)
    problems = []
    for case in cases:
        path = case.path(world)
        matched = normalise(resolve(path.partition("?")[0]).route)
        assert matched == route, f"{path} resolves to {matched!r}, not {route!r}"
        body = case.data(world)  # once: form_of reads a page for it
        wrong = []
        for role in ROLES:
            client = Client()
            user = world.users[role]
            if user is not None:
                client.force_login(user)
            # Each role's request is undone afterwards, so one role's write (a cancellation, a decision,
            # a new question) cannot change what the next role meets.
            with transaction.atomic():
                response = send(client, case, path, body)
                transaction.set_rollback(True)
            got, wanted = outcome(response, case.method), case.expect.of(role)
            if got != wanted:
                wrong.append(f"{role}: expected {wanted}, got {got} ({response.status_code})")
        if wrong:
            problems.append(f"{case.method.upper()} {path} {case.note}\n    " + "\n    ".join(wrong))
    assert not problems, f"Access for {route!r} differs from the matrix:\n  " + "\n  ".join(problems)
