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


def _programme_place(w: W) -> str:
    """The world's programme place's pages start here."""
    place = w.hub.programme.participants.order_by("pk").first()
    return f"/coaching/hub/programmes/{w.hub.programme.pk}/people/{place.pk}/"


def _programme_place_api(w: W) -> str:
    return _programme_place(w).replace("/coaching/hub/", "/api/v1/coaching/")


def _programme_goal(w: W) -> Any:
    """A goal on the world's programme place, rated before (made the first time it is asked for)."""
    from academy.coaching import services as coaching_services

    place = w.hub.programme.participants.order_by("pk").first()
    return coaching_services.programme_goals(place).first() or coaching_services.programme_goal_add(
        participant=place, by=None, theme=GOAL_THEMES[5], text="Lead the PCN", rating_before=4
    )


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


# Interchange (tests/interchange/world.py): the participant is the learner, the sponsor their line manager
# (asked to agree), the host hosts; participant2 is another learner with no arrangement
IX = "/api/v1/interchange"
IX_PARTY_VIEW = expect(
    NOT_FOUND, anonymous=DENIED, participant=ALLOWED, host=ALLOWED, sponsor=ALLOWED, pm=ALLOWED, admin=ALLOWED
)
IX_PARTY = IX_PARTY_VIEW.but(sponsor=DENIED, pm=DENIED, admin=DENIED)  # the learner and the host only
IX_MANAGER = IX_PARTY_VIEW.but(participant=DENIED, host=DENIED, pm=DENIED, admin=DENIED)  # the line manager
IX_CANCEL = IX_PARTY_VIEW.but(sponsor=DENIED)  # the pair and the academy's team
IX_EDIT = expect(DENIED, host=ALLOWED, pm=ALLOWED, admin=ALLOWED)  # the host and the academy's team
# Asking for a place: the learner may; everyone else in the world has no line manager, whom the scheme
# needs to agree (bad input), and the host may not take their own place (bad input)
IX_ASK = expect(INVALID, anonymous=DENIED, participant=ALLOWED)
IX_REQUEST = expect(NOT_FOUND, anonymous=DENIED, participant=ALLOWED, pm=ALLOWED, admin=ALLOWED)
IX_WITHDRAW = IX_REQUEST.but(pm=DENIED, admin=DENIED)
IX_NEW_REQUEST = expect(ALLOWED, anonymous=DENIED, participant=INVALID)  # the learner already has one


def ix_opportunity(w: W) -> dict[str, Any]:
    return {
        "academy": w.interchange.academy.pk,
        "kind": "shadowing",
        "title": "Shadow me",
        "duration": "a day",
        "capacity": 1,
    }


def ix_request(w: W) -> dict[str, Any]:
    return {
        "academy": w.interchange.academy.pk,
        "what": "How hospices plan discharge",
        "kinds": ["shadowing"],
    }


def ix_dates(w: W) -> dict[str, Any]:
    today = timezone.localdate()
    return {"starts_on": today.isoformat(), "ends_on": (today + dt.timedelta(days=1)).isoformat()}


def ixa(name: str, suffix: str = "") -> Callable[[W], str]:
    return lambda w: f"/interchange/arrangements/{getattr(w.interchange, name).pk}/{suffix}"


def ixapi(name: str, suffix: str = "") -> Callable[[W], str]:
    return lambda w: f"{IX}/arrangements/{getattr(w.interchange, name).pk}/{suffix}"


INTERCHANGE_PAGES: dict[str, list[Case] | str] = {
    "interchange/": [get(lambda w: "/interchange/", LOGGED_IN)],
    "interchange/opportunities/": [get(lambda w: "/interchange/opportunities/", LOGGED_IN)],
    "interchange/opportunities/new/": [
        get(lambda w: "/interchange/opportunities/new/", LOGGED_IN),
        post(
            lambda w: "/interchange/opportunities/new/",
            LOGGED_IN,
            lambda w: {**ix_opportunity(w), "kind": "shadowing", "capacity": "1"},
        ),
    ],
    "interchange/opportunities/<int:pk>/": [
        get(lambda w: f"/interchange/opportunities/{w.interchange.open.pk}/", LOGGED_IN)
    ],
    "interchange/opportunities/<int:pk>/edit/": [
        get(lambda w: f"/interchange/opportunities/{w.interchange.open.pk}/edit/", IX_EDIT),
        post(
            lambda w: f"/interchange/opportunities/{w.interchange.open.pk}/edit/",
            IX_EDIT,
            form_of(lambda w: f"/interchange/opportunities/{w.interchange.open.pk}/edit/", capacity="4"),
        ),
    ],
    "interchange/opportunities/<int:pk>/ask/": [
        post(lambda w: f"/interchange/opportunities/{w.interchange.open.pk}/ask/", IX_ASK)
    ],
    "interchange/requests/new/": [
        get(lambda w: "/interchange/requests/new/", LOGGED_IN),
        post(lambda w: "/interchange/requests/new/", IX_NEW_REQUEST, ix_request),
    ],
    "interchange/requests/<int:pk>/withdraw/": [
        post(lambda w: f"/interchange/requests/{w.interchange.request.pk}/withdraw/", IX_WITHDRAW)
    ],
    "interchange/arrangements/<int:pk>/": [
        get(ixa("waiting"), IX_PARTY_VIEW),
        post(ixa("waiting"), IX_PARTY, lambda w: {**day("starts_on", 3), **day("ends_on", 4)}),
    ],
    "interchange/arrangements/<int:pk>/manager/": [
        get(ixa("waiting", "manager/"), IX_MANAGER),
        post(ixa("waiting", "manager/"), IX_MANAGER, lambda w: {"decision": "agree", "comment": ""}),
    ],
    "interchange/arrangements/<int:pk>/complete/": [post(ixa("agreed", "complete/"), IX_PARTY)],
    "interchange/arrangements/<int:pk>/cancel/": [post(ixa("waiting", "cancel/"), IX_CANCEL)],
    "interchange/arrangements/<int:pk>/reflect/": [
        get(ixa("done", "reflect/"), IX_PARTY),
        post(ixa("done", "reflect/"), IX_PARTY, lambda w: {"usefulness": "4", "learned": "A lot"}),
    ],
    "interchange/manage/": [get(lambda w: "/interchange/manage/", PM_ONLY)],
    "interchange/manage/<int:academy_id>/": [
        get(lambda w: f"/interchange/manage/{w.interchange.academy.pk}/", ACADEMY_TEAM),
        post(lambda w: f"/interchange/manage/{w.interchange.academy.pk}/", ACADEMY_TEAM, lambda w: {}),
    ],
    "interchange/manage/<int:academy_id>/runs/": [
        post(lambda w: f"/interchange/manage/{w.interchange.academy.pk}/runs/", ACADEMY_TEAM)
    ],
    "interchange/manage/<int:academy_id>/figures/": [
        get(lambda w: f"/interchange/manage/{w.interchange.academy.pk}/figures/", ACADEMY_TEAM)
    ],
    "interchange/runs/<int:pk>/": [get(lambda w: f"/interchange/runs/{w.interchange.run.pk}/", ACADEMY_TEAM)],
    "interchange/runs/<int:pk>/publish/": [
        post(lambda w: f"/interchange/runs/{w.interchange.run.pk}/publish/", ACADEMY_TEAM)
    ],
}

INTERCHANGE_API: dict[str, list[Case] | str] = {
    "api/v1/interchange/opportunities/": [
        get(lambda w: f"{IX}/opportunities/", LOGGED_IN),
        post(lambda w: f"{IX}/opportunities/", LOGGED_IN, ix_opportunity),
    ],
    "api/v1/interchange/opportunities/<pk>/": [
        get(lambda w: f"{IX}/opportunities/{w.interchange.open.pk}/", LOGGED_IN),
        patch(lambda w: f"{IX}/opportunities/{w.interchange.open.pk}/", IX_EDIT, lambda w: {"capacity": 4}),
    ],
    "api/v1/interchange/opportunities/<pk>/ask/": [
        post(lambda w: f"{IX}/opportunities/{w.interchange.open.pk}/ask/", IX_ASK)
    ],
    "api/v1/interchange/requests/": [
        get(lambda w: f"{IX}/requests/", LOGGED_IN),
        post(lambda w: f"{IX}/requests/", IX_NEW_REQUEST, ix_request),
    ],
    "api/v1/interchange/requests/<pk>/": [
        get(lambda w: f"{IX}/requests/{w.interchange.request.pk}/", IX_REQUEST)
    ],
    "api/v1/interchange/requests/<pk>/withdraw/": [
        post(lambda w: f"{IX}/requests/{w.interchange.request.pk}/withdraw/", IX_WITHDRAW)
    ],
    "api/v1/interchange/arrangements/": [get(lambda w: f"{IX}/arrangements/", LOGGED_IN)],
    "api/v1/interchange/arrangements/<pk>/": [get(ixapi("waiting"), IX_PARTY_VIEW)],
    "api/v1/interchange/arrangements/<pk>/decide/": [
        post(ixapi("waiting", "decide/"), IX_MANAGER, lambda w: {"agree": True})
    ],
    "api/v1/interchange/arrangements/<pk>/schedule/": [
        post(ixapi("waiting", "schedule/"), IX_PARTY, ix_dates)
    ],
    "api/v1/interchange/arrangements/<pk>/complete/": [post(ixapi("agreed", "complete/"), IX_PARTY)],
    "api/v1/interchange/arrangements/<pk>/cancel/": [post(ixapi("waiting", "cancel/"), IX_CANCEL)],
    "api/v1/interchange/arrangements/<pk>/reflect/": [
        post(ixapi("done", "reflect/"), IX_PARTY, lambda w: {"usefulness": 4, "learned": "A lot"})
    ],
    "api/v1/interchange/runs/": [
        get(lambda w: f"{IX}/runs/", PM_ONLY),
        post(lambda w: f"{IX}/runs/", ACADEMY_WRITE, lambda w: {"academy": w.interchange.academy.pk}),
    ],
    "api/v1/interchange/runs/<pk>/": [get(lambda w: f"{IX}/runs/{w.interchange.run.pk}/", ACADEMY_TEAM)],
    "api/v1/interchange/runs/<pk>/publish/": [
        post(lambda w: f"{IX}/runs/{w.interchange.run.pk}/publish/", ACADEMY_TEAM)
    ],
    "api/v1/interchange/schemes/<pk>/": [
        get(lambda w: f"{IX}/schemes/{w.interchange.academy.pk}/", ACADEMY_TEAM),
        patch(
            lambda w: f"{IX}/schemes/{w.interchange.academy.pk}/",
            ACADEMY_TEAM,
            lambda w: {"needs_manager_agreement": False},
        ),
    ],
    "api/v1/interchange/schemes/<pk>/figures/": [
        get(lambda w: f"{IX}/schemes/{w.interchange.academy.pk}/figures/", ACADEMY_TEAM)
    ],
}

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
    "communities/<slug:slug>/report/": [
        get(lambda w: f"/communities/{w.sets.community.slug}/report/", COMMUNITY_TEAM)
    ],
    "communities/<slug:slug>/report.pdf": [
        get(lambda w: f"/communities/{w.sets.community.slug}/report.pdf", COMMUNITY_TEAM)
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
    "validation/manage/cohorts/<int:pk>/workshop/": [
        post(  # the matrix cohort has no workshop offer: the programme team is told so
            lambda w: f"/validation/manage/cohorts/{w.validation.cohort.pk}/workshop/",
            ACADEMY_WRITE.but(pm=INVALID, admin=INVALID),
        )
    ],
    "validation/manage/routes/<int:pk>/workshop/": [
        post(
            lambda w: f"/validation/manage/routes/{w.validation.draft.pk}/workshop/",
            DRAFT_TEAM,
            lambda w: {"attended": "yes"},
        )
    ],
    "validation/manage/routes/<int:pk>/claim-version/": [
        get(lambda w: f"/validation/manage/routes/{w.validation.draft.pk}/claim-version/", DRAFT_TEAM),
        post(  # the matrix framework has one version only: there is nothing to move to
            lambda w: f"/validation/manage/routes/{w.validation.draft.pk}/claim-version/",
            DRAFT_TEAM.but(pm=INVALID, admin=INVALID),
            lambda w: {"source": str(w.validation.framework.pk), "target": str(w.validation.framework.pk)},
        ),
    ],
    "validation/frameworks/<int:pk>/mapping/": [
        get(lambda w: f"/validation/frameworks/{w.validation.framework.pk}/mapping/", PM_ONLY),
        post(  # the matrix world has one framework version: nothing to map to
            lambda w: f"/validation/frameworks/{w.validation.framework.pk}/mapping/",
            PM_ONLY.but(pm=INVALID, pm_other=INVALID, admin=INVALID),
            lambda w: {"target": str(w.validation.framework.pk), "pairs": "A1 = A1"},
        ),
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


# Systems OD programmes, measures and RACI (tests/systems/programmes_world.py): the ics_lead's own draft
# programme has the participant in it; a published programme belongs to another ICS
SY = "/api/v1/systems"
SYS_LEAD = expect(DENIED, ics_lead=ALLOWED, admin=ALLOWED)  # an ICS OD lead (for their own ICS), admin
SYS_OWN = expect(NOT_FOUND, anonymous=DENIED, participant=ALLOWED, ics_lead=ALLOWED, admin=ALLOWED)
SYS_EDIT = SYS_OWN.but(participant=DENIED)  # the participant sees the programme but may not change it
SYS_PUBLISHED = expect(
    NOT_FOUND, anonymous=DENIED, ics_lead=ALLOWED, pm=ALLOWED, pm_other=ALLOWED, admin=ALLOWED
)  # another ICS's published programme: readers of published records
SYS_OTHER_EDIT = SYS_PUBLISHED.but(ics_lead=DENIED, pm=DENIED, pm_other=DENIED)  # only its own lead
SYS_RACI = expect(NOT_FOUND, anonymous=DENIED, ics_lead=ALLOWED, admin=ALLOWED)  # a draft, no programme
SCORES = {"competing": 6, "collaborating": 6, "compromising": 6, "avoiding": 6, "accommodating": 6}


def _pg(w: W, tail: str = "") -> str:
    return f"/systems/programmes/{w.sysod.programme.pk}/{tail}"


def _icb(w: W) -> int:
    return int(w.sysod.raci.parties.get(name="ICB").pk)


SYSTEMS_PAGES: dict[str, list[Case] | str] = {
    "systems/programmes/": [get(lambda w: "/systems/programmes/", LOGGED_IN)],
    "systems/programmes/new/": [
        get(lambda w: "/systems/programmes/new/", SYS_LEAD),
        post(
            lambda w: "/systems/programmes/new/",
            SYS_LEAD,
            lambda w: {"ics": w.sysod.ics.pk, "title": "Board development", **day("started_on", -30)},
        ),
    ],
    "systems/programmes/<int:pk>/": [
        get(lambda w: _pg(w), SYS_OWN),
        get(
            lambda w: f"/systems/programmes/{w.sysod.published.pk}/",
            SYS_PUBLISHED,
            "another ICS's, published",
        ),
    ],
    "systems/programmes/<int:pk>/edit/": [
        get(lambda w: _pg(w, "edit/"), SYS_EDIT),
        get(lambda w: f"/systems/programmes/{w.sysod.published.pk}/edit/", SYS_OTHER_EDIT, "another ICS's"),
        post(
            lambda w: _pg(w, "edit/"),
            SYS_EDIT,
            form_of(lambda w: _pg(w, "edit/"), "ics_lead", title="Renamed"),
        ),
    ],
    "systems/programmes/<int:pk>/print/": [
        get(lambda w: _pg(w, "print/"), SYS_OWN),
        get(lambda w: f"/systems/programmes/{w.sysod.published.pk}/print/", SYS_PUBLISHED, "another ICS's"),
    ],
    "systems/programmes/<int:pk>/publish/": [post(lambda w: _pg(w, "publish/"), SYS_EDIT)],
    "systems/programmes/<int:pk>/participants/new/": [
        get(lambda w: _pg(w, "participants/new/"), SYS_EDIT),
        post(lambda w: _pg(w, "participants/new/"), SYS_EDIT, lambda w: {"role": "Director of Nursing"}),
    ],
    "systems/programmes/<int:pk>/diagnostics/new/": [
        get(lambda w: _pg(w, "diagnostics/new/"), SYS_EDIT),
        post(
            lambda w: _pg(w, "diagnostics/new/"),
            SYS_EDIT,
            lambda w: {**day("held_on", -1), "consent": "on", "summary": "Clearer purpose."},
        ),
    ],
    "systems/programmes/<int:pk>/profiles/new/": [
        get(lambda w: _pg(w, "profiles/new/"), SYS_EDIT),
        post(
            lambda w: _pg(w, "profiles/new/"), SYS_EDIT, lambda w: {"participant": w.sysod.first.pk, **SCORES}
        ),
    ],
    "systems/programmes/<int:pk>/workshops/new/": [
        get(lambda w: _pg(w, "workshops/new/"), SYS_EDIT),
        post(
            lambda w: _pg(w, "workshops/new/"),
            SYS_EDIT,
            lambda w: {"title": "Workshop 2", **day("held_on", -1), "attended": "12"},
        ),
    ],
    "systems/measures/": [get(lambda w: "/systems/measures/", LOGGED_IN)],
    "systems/measures/new/": [
        get(lambda w: "/systems/measures/new/", SYS_LEAD),
        post(
            lambda w: "/systems/measures/new/",
            SYS_LEAD,
            lambda w: {
                "ics": w.sysod.ics.pk,
                "title": "Delayed discharges",
                "population": "Adults in hospital",
                **day("baseline_on", -100),
                "baseline_value": "120",
                "target_value": "80",
            },
        ),
    ],
    "systems/measures/<int:pk>/": [get(lambda w: f"/systems/measures/{w.sysod.measure.pk}/", SYS_OWN)],
    "systems/measures/<int:pk>/points/new/": [
        get(lambda w: f"/systems/measures/{w.sysod.measure.pk}/points/new/", SYS_EDIT),
        post(
            lambda w: f"/systems/measures/{w.sysod.measure.pk}/points/new/",
            SYS_EDIT,
            lambda w: {**day("on", 0), "value": "2200"},
        ),
    ],
    "systems/measures/<int:pk>/publish/": [
        post(lambda w: f"/systems/measures/{w.sysod.measure.pk}/publish/", SYS_EDIT)
    ],
    "systems/raci/": [get(lambda w: "/systems/raci/", LOGGED_IN)],
    "systems/raci/new/": [
        get(lambda w: "/systems/raci/new/", SYS_LEAD),
        post(
            lambda w: "/systems/raci/new/",
            SYS_LEAD,
            lambda w: {"ics": w.sysod.ics.pk, "title": "Place delivery", "parties": "ICB\nPlace partnership"},
        ),
    ],
    "systems/raci/<int:pk>/": [
        get(lambda w: f"/systems/raci/{w.sysod.raci.pk}/", SYS_RACI),
        get(lambda w: f"/systems/raci/{w.sysod.raci.pk}/?format=xlsx", SYS_RACI),
    ],
    "systems/raci/<int:pk>/print/": [get(lambda w: f"/systems/raci/{w.sysod.raci.pk}/print/", SYS_RACI)],
    "systems/raci/<int:pk>/activities/new/": [
        get(lambda w: f"/systems/raci/{w.sysod.raci.pk}/activities/new/", SYS_RACI),
        post(
            lambda w: f"/systems/raci/{w.sysod.raci.pk}/activities/new/",
            SYS_RACI,
            lambda w: {"name": "Operational plan", f"party_{_icb(w)}": "A"},
        ),
    ],
    "systems/raci/<int:pk>/publish/": [post(lambda w: f"/systems/raci/{w.sysod.raci.pk}/publish/", SYS_RACI)],
}

SYSTEMS_API: dict[str, list[Case] | str] = {
    "api/v1/systems/programmes/": [
        get(lambda w: f"{SY}/programmes/", LOGGED_IN),
        post(
            lambda w: f"{SY}/programmes/",
            SYS_LEAD,
            lambda w: {"ics": w.sysod.ics.pk, "title": "Board development", "started_on": "2022-06-01"},
        ),
    ],
    "api/v1/systems/programmes/<pk>/": [
        get(lambda w: f"{SY}/programmes/{w.sysod.programme.pk}/", SYS_OWN),
        get(lambda w: f"{SY}/programmes/{w.sysod.published.pk}/", SYS_PUBLISHED, "another ICS's, published"),
        patch(
            lambda w: f"{SY}/programmes/{w.sysod.programme.pk}/",
            SYS_EDIT,
            lambda w: {"version": w.sysod.programme.version, "learning": "Trust takes time."},
        ),
    ],
    "api/v1/systems/programmes/<pk>/publish/": [
        post(lambda w: f"{SY}/programmes/{w.sysod.programme.pk}/publish/", SYS_EDIT)
    ],
    "api/v1/systems/programmes/<pk>/participants/": [
        post(
            lambda w: f"{SY}/programmes/{w.sysod.programme.pk}/participants/",
            SYS_EDIT,
            lambda w: {"role": "CEO"},
        )
    ],
    "api/v1/systems/programmes/<pk>/profiles/": [
        post(
            lambda w: f"{SY}/programmes/{w.sysod.programme.pk}/profiles/",
            SYS_EDIT,
            lambda w: {"participant": w.sysod.first.pk, **SCORES},
        )
    ],
    "api/v1/systems/programmes/<pk>/diagnostics/": [
        post(
            lambda w: f"{SY}/programmes/{w.sysod.programme.pk}/diagnostics/",
            SYS_EDIT,
            lambda w: {"held_on": "2021-10-01", "consent": True, "summary": "Clearer purpose."},
        )
    ],
    "api/v1/systems/programmes/<pk>/workshops/": [
        post(
            lambda w: f"{SY}/programmes/{w.sysod.programme.pk}/workshops/",
            SYS_EDIT,
            lambda w: {"title": "Workshop 2", "held_on": "2022-01-12", "attended": 15},
        )
    ],
    "api/v1/systems/measures/": [
        get(lambda w: f"{SY}/measures/", LOGGED_IN),
        post(
            lambda w: f"{SY}/measures/",
            SYS_LEAD,
            lambda w: {
                "ics": w.sysod.ics.pk,
                "title": "Delayed discharges",
                "population": "Adults in hospital",
                "baseline_on": "2022-04-01",
                "baseline_value": "120",
                "target_value": "80",
            },
        ),
    ],
    "api/v1/systems/measures/<pk>/": [get(lambda w: f"{SY}/measures/{w.sysod.measure.pk}/", SYS_OWN)],
    "api/v1/systems/measures/<pk>/points/": [
        post(
            lambda w: f"{SY}/measures/{w.sysod.measure.pk}/points/",
            SYS_EDIT,
            lambda w: {"on": "2024-04-01", "value": "2200"},
        )
    ],
    "api/v1/systems/measures/<pk>/publish/": [
        post(lambda w: f"{SY}/measures/{w.sysod.measure.pk}/publish/", SYS_EDIT)
    ],
    "api/v1/systems/raci/": [
        get(lambda w: f"{SY}/raci/", LOGGED_IN),
        post(
            lambda w: f"{SY}/raci/",
            SYS_LEAD,
            lambda w: {"ics": w.sysod.ics.pk, "title": "Place delivery", "parties": ["ICB", "Place"]},
        ),
    ],
    "api/v1/systems/raci/<pk>/": [get(lambda w: f"{SY}/raci/{w.sysod.raci.pk}/", SYS_RACI)],
    "api/v1/systems/raci/<pk>/activities/": [
        post(
            lambda w: f"{SY}/raci/{w.sysod.raci.pk}/activities/",
            SYS_RACI,
            lambda w: {"name": "Operational plan", "letters": {"ICB": "A", "North Partnership": "C"}},
        )
    ],
    "api/v1/systems/raci/<pk>/publish/": [post(lambda w: f"{SY}/raci/{w.sysod.raci.pk}/publish/", SYS_RACI)],
}

# 360 feedback (tests/feedback360/world.py): the coachee's own 360s; their coach reads only the shared
# report; a rater's link is the credential (anyone holding it, no login)
F360 = "/api/v1/feedback360"
F360_OWNER = expect(NOT_FOUND, anonymous=DENIED, coachee=ALLOWED)
F360_SHARED = F360_OWNER.but(practitioner=ALLOWED)
F360_ROUTES: dict[str, list[Case] | str] = {
    "360/": [get(lambda w: "/360/", LOGGED_IN)],
    "360/new/": [
        get(lambda w: "/360/new/", LOGGED_IN),
        post(lambda w: "/360/new/", LOGGED_IN, lambda w: {"academy": w.f360.academy.pk, "title": "Mine"}),
    ],
    "360/<int:pk>/": [get(lambda w: f"/360/{w.f360.open.pk}/", F360_OWNER)],
    "360/<int:pk>/self/": [
        get(lambda w: f"/360/{w.f360.open.pk}/self/", F360_OWNER),
        post(lambda w: f"/360/{w.f360.open.pk}/self/", F360_OWNER, lambda w: w.f360.page_ratings),
    ],
    "360/<int:pk>/raters/new/": [
        get(lambda w: f"/360/{w.f360.open.pk}/raters/new/", F360_OWNER),
        post(
            lambda w: f"/360/{w.f360.open.pk}/raters/new/",
            F360_OWNER,
            lambda w: {"group": "peer", "email": "matrix.peer@example.org"},
        ),
    ],
    "360/<int:pk>/close/": [post(lambda w: f"/360/{w.f360.open.pk}/close/", F360_OWNER)],
    "360/<int:pk>/report/": [
        get(lambda w: f"/360/{w.f360.shared.pk}/report/", F360_SHARED, note="shared with the coach"),
        get(lambda w: f"/360/{w.f360.private.pk}/report/", F360_OWNER, note="the coach without sharing"),
    ],
    "360/<int:pk>/report.pdf": [
        get(lambda w: f"/360/{w.f360.shared.pk}/report.pdf", F360_SHARED),
        get(lambda w: f"/360/{w.f360.private.pk}/report.pdf", F360_OWNER),
    ],
    "360/<int:pk>/report.csv": [
        get(lambda w: f"/360/{w.f360.shared.pk}/report.csv", F360_SHARED),
        get(lambda w: f"/360/{w.f360.private.pk}/report.csv", F360_OWNER),
    ],
    "360/<int:pk>/share/": [
        get(lambda w: f"/360/{w.f360.private.pk}/share/", F360_OWNER),
        post(
            lambda w: f"/360/{w.f360.private.pk}/share/",
            F360_OWNER,
            lambda w: {"relationship": w.hub.active.pk},
        ),
    ],
    "360/shares/<int:pk>/revoke/": [post(lambda w: f"/360/shares/{w.f360.share.pk}/revoke/", F360_OWNER)],
    "360/rate/<str:token>/": [
        get(lambda w: f"/360/rate/{w.f360.token}/", PUBLIC),
        get(lambda w: "/360/rate/made-up-token/", NOBODY),
        post(lambda w: f"/360/rate/{w.f360.token}/", PUBLIC, lambda w: w.f360.page_ratings),
        post(
            lambda w: f"/360/rate/{w.f360.used}/",
            expect(INVALID),
            lambda w: w.f360.page_ratings,
            note="a link used twice",
        ),
    ],
    "360/rate/<str:token>/withdraw/": [
        get(lambda w: f"/360/rate/{w.f360.token}/withdraw/", PUBLIC),
        post(lambda w: f"/360/rate/{w.f360.used}/withdraw/", PUBLIC),
    ],
    "manage/360/": [get(lambda w: "/manage/360/", PM_ONLY)],
    "manage/360/<int:pk>/": [get(lambda w: f"/manage/360/{w.f360.academy.pk}/", ACADEMY_TEAM)],
    "manage/360/<int:pk>/settings/": [
        get(lambda w: f"/manage/360/{w.f360.academy.pk}/settings/", ACADEMY_TEAM),
        post(
            lambda w: f"/manage/360/{w.f360.academy.pk}/settings/",
            ACADEMY_TEAM,
            lambda w: {"min_raters": "3"},
        ),
    ],
    "manage/360/<int:pk>/statements/new/": [
        get(lambda w: f"/manage/360/{w.f360.academy.pk}/statements/new/", ACADEMY_TEAM),
        post(
            lambda w: f"/manage/360/{w.f360.academy.pk}/statements/new/",
            ACADEMY_TEAM,
            lambda w: {"dimension": "leading_with_care", "text": "Asks how people are, and listens."},
        ),
    ],
    "api/v1/feedback360/assessments/": [
        get(lambda w: f"{F360}/assessments/", LOGGED_IN),
        post(lambda w: f"{F360}/assessments/", LOGGED_IN, lambda w: {"academy": w.f360.academy.pk}),
    ],
    "api/v1/feedback360/assessments/<pk>/": [
        get(lambda w: f"{F360}/assessments/{w.f360.open.pk}/", F360_OWNER)
    ],
    "api/v1/feedback360/assessments/<pk>/self-rating/": [
        post(
            lambda w: f"{F360}/assessments/{w.f360.open.pk}/self-rating/",
            F360_OWNER,
            lambda w: w.f360.api_ratings,
        )
    ],
    "api/v1/feedback360/assessments/<pk>/raters/": [
        get(lambda w: f"{F360}/assessments/{w.f360.open.pk}/raters/", F360_OWNER),
        post(
            lambda w: f"{F360}/assessments/{w.f360.open.pk}/raters/",
            F360_OWNER,
            lambda w: {"group": "other", "email": "matrix.other@example.org"},
        ),
    ],
    "api/v1/feedback360/assessments/<pk>/close/": [
        post(lambda w: f"{F360}/assessments/{w.f360.open.pk}/close/", F360_OWNER)
    ],
    "api/v1/feedback360/assessments/<pk>/shares/": [
        get(lambda w: f"{F360}/assessments/{w.f360.private.pk}/shares/", F360_OWNER),
        post(
            lambda w: f"{F360}/assessments/{w.f360.private.pk}/shares/",
            F360_OWNER,
            lambda w: {"relationship": w.hub.active.pk},
        ),
    ],
    "api/v1/feedback360/reports/": [get(lambda w: f"{F360}/reports/", LOGGED_IN)],
    "api/v1/feedback360/reports/<pk>/": [
        get(lambda w: f"{F360}/reports/{w.f360.shared.pk}/", F360_SHARED, note="shared with the coach"),
        get(lambda w: f"{F360}/reports/{w.f360.private.pk}/", F360_OWNER, note="the coach without sharing"),
    ],
    "api/v1/feedback360/shares/<pk>/revoke/": [
        post(lambda w: f"{F360}/shares/{w.f360.share.pk}/revoke/", F360_OWNER)
    ],
    "api/v1/feedback360/raters/<token>/": [
        get(lambda w: f"{F360}/raters/{w.f360.token}/", PUBLIC),
        get(lambda w: f"{F360}/raters/made-up-token/", NOBODY),
    ],
    "api/v1/feedback360/raters/<token>/answers/": [
        post(lambda w: f"{F360}/raters/{w.f360.token}/answers/", PUBLIC, lambda w: w.f360.api_ratings),
        post(
            lambda w: f"{F360}/raters/{w.f360.used}/answers/",
            expect(INVALID),
            lambda w: w.f360.api_ratings,
            note="a link used twice",
        ),
    ],
    "api/v1/feedback360/raters/<token>/withdraw/": [
        post(lambda w: f"{F360}/raters/{w.f360.used}/withdraw/", PUBLIC)
    ],
    "api/v1/feedback360/statements/": [
        get(lambda w: f"{F360}/statements/", LOGGED_IN),
        post(
            lambda w: f"{F360}/statements/",
            ACADEMY_WRITE,
            lambda w: {
                "academy": w.f360.academy.pk,
                "dimension": "engaging_the_team",
                "text": "Thanks people.",
            },
        ),
    ],
    "api/v1/feedback360/academies/<pk>/": [
        get(lambda w: f"{F360}/academies/{w.f360.academy.pk}/", ACADEMY_TEAM),
        patch(lambda w: f"{F360}/academies/{w.f360.academy.pk}/", ACADEMY_TEAM, lambda w: {"min_raters": 4}),
    ],
}

# --- Plans and charters (tests/systems/world.py) ----------------------------------------------------------
SY = "/api/v1/systems"
# A published plan: every ICS's OD lead, the programme teams, administrators
PLAN_READ = expect(NOT_FOUND, anonymous=DENIED, pm=ALLOWED, pm_other=ALLOWED, ics_lead=ALLOWED, admin=ALLOWED)
# A draft: only the system's own OD lead (and administrators); everyone else finds nothing
PLAN_DRAFT = expect(NOT_FOUND, anonymous=DENIED, ics_lead=ALLOWED, admin=ALLOWED)
PLAN_EDIT = PLAN_DRAFT.but(pm=DENIED, pm_other=DENIED)  # readers of the plan who may not change it: 403
LEAD_ONLY = expect(DENIED, ics_lead=ALLOWED, admin=ALLOWED)  # starting a plan or a charter
LEAD_FIELD = expect(INVALID, anonymous=DENIED, ics_lead=ALLOWED, admin=ALLOWED)  # "ics": one you lead
SIGN = LOGGED_IN.but(participant2=INVALID)  # anyone signs once; participant2 already has


def _own(w: W) -> str:
    return f"/systems/plans/{w.plans.own.plan.pk}"


def _draft_rev(w: W) -> int:
    return w.plans.own.draft.revision


SYSTEMS_PLANS_API: dict[str, list[Case] | str] = {
    "api/v1/systems/plans/": [
        get(lambda w: f"{SY}/plans/", LOGGED_IN),
        post(
            lambda w: f"{SY}/plans/",
            LEAD_FIELD,
            lambda w: {"ics": w.plans.ics.pk, "title": "Plan", "start_year": 2024, "end_year": 2027},
        ),
    ],
    "api/v1/systems/plans/<pk>/": [
        get(lambda w: f"{SY}/plans/{w.plans.own.plan.pk}/", PLAN_READ),
        get(lambda w: f"{SY}/plans/{w.plans.other.plan.pk}/", PLAN_READ, "another system's published plan"),
    ],
    "api/v1/systems/plans/<pk>/review/": [
        post(
            lambda w: f"{SY}/plans/{w.plans.done.plan.pk}/review/",
            PLAN_EDIT,
            lambda w: {"review_note": "2025"},
        )
    ],
    "api/v1/systems/plan-versions/": [get(lambda w: f"{SY}/plan-versions/", LOGGED_IN)],
    "api/v1/systems/plan-versions/<pk>/": [
        get(lambda w: f"{SY}/plan-versions/{w.plans.own.first.pk}/", PLAN_READ),
        get(lambda w: f"{SY}/plan-versions/{w.plans.own.draft.pk}/", PLAN_DRAFT),
        get(
            lambda w: f"{SY}/plan-versions/{w.plans.other.draft.pk}/",
            expect(NOT_FOUND, anonymous=DENIED, admin=ALLOWED),
            "another system's draft",
        ),
        patch(
            lambda w: f"{SY}/plan-versions/{w.plans.own.draft.pk}/",
            PLAN_DRAFT,
            lambda w: {"revision": _draft_rev(w), "conclusion": "Reviewed"},
        ),
    ],
    "api/v1/systems/plan-versions/<pk>/pillars/": [
        post(
            lambda w: f"{SY}/plan-versions/{w.plans.own.draft.pk}/pillars/",
            PLAN_DRAFT,
            lambda w: {"revision": _draft_rev(w), "title": "Engagement", "commitments": ["Shared narrative"]},
        )
    ],
    "api/v1/systems/plan-versions/<pk>/workstreams/": [
        post(
            lambda w: f"{SY}/plan-versions/{w.plans.own.draft.pk}/workstreams/",
            PLAN_DRAFT,
            lambda w: {"revision": _draft_rev(w), "title": "System Change"},
        )
    ],
    "api/v1/systems/plan-versions/<pk>/activities/": [
        post(
            lambda w: f"{SY}/plan-versions/{w.plans.own.draft.pk}/activities/",
            PLAN_DRAFT,
            lambda w: {
                "revision": _draft_rev(w),
                "workstream": w.plans.own.workstream.pk,
                "title": "Leadership Network",
                "timeline": {"2017": "milestone", "2018": "continuing"},
            },
        )
    ],
    "api/v1/systems/plan-versions/<pk>/publish/": [
        post(
            lambda w: f"{SY}/plan-versions/{w.plans.own.draft.pk}/publish/",
            PLAN_DRAFT,
            lambda w: {"revision": _draft_rev(w)},
        )
    ],
    "api/v1/systems/plan-versions/<pk>/changes/": [
        get(lambda w: f"{SY}/plan-versions/{w.plans.own.draft.pk}/changes/", PLAN_DRAFT)
    ],
    "api/v1/systems/plan-activities/<pk>/": [
        get(lambda w: f"{SY}/plan-activities/{w.plans.own.activity.pk}/", PLAN_DRAFT),
        patch(
            lambda w: f"{SY}/plan-activities/{w.plans.own.activity.pk}/",
            PLAN_DRAFT,
            lambda w: {"revision": _draft_rev(w), "status": "in_progress"},
        ),
    ],
    "api/v1/systems/charters/": [
        get(lambda w: f"{SY}/charters/", LOGGED_IN),
        post(
            lambda w: f"{SY}/charters/",
            LEAD_FIELD,
            lambda w: {"ics": w.plans.ics.pk, "title": "Charter", "leader_commitments": ["Listen"]},
        ),
    ],
    "api/v1/systems/charters/<pk>/": [
        get(lambda w: f"{SY}/charters/{w.plans.charter.pk}/", LOGGED_IN),
        get(lambda w: f"{SY}/charters/{w.plans.draft_charter.pk}/", PLAN_DRAFT, "a draft charter"),
    ],
    "api/v1/systems/charters/<pk>/publish/": [
        post(lambda w: f"{SY}/charters/{w.plans.draft_charter.pk}/publish/", PLAN_DRAFT)
    ],
    "api/v1/systems/charters/<pk>/sign/": [post(lambda w: f"{SY}/charters/{w.plans.charter.pk}/sign/", SIGN)],
    "api/v1/systems/charters/<pk>/review/": [
        post(lambda w: f"{SY}/charters/{w.plans.charter.pk}/review/", LEAD_ONLY, lambda w: {})
    ],
    "api/v1/systems/charters/<pk>/signatures/": [
        get(lambda w: f"{SY}/charters/{w.plans.charter.pk}/signatures/", LOGGED_IN)
    ],
    "api/v1/systems/signatures/": [get(lambda w: f"{SY}/signatures/", LOGGED_IN)],
    "api/v1/systems/signatures/<pk>/": [
        get(
            lambda w: f"{SY}/signatures/{w.plans.signature.pk}/",
            expect(NOT_FOUND, anonymous=DENIED, participant2=ALLOWED),
        )
    ],
}

SYSTEMS_PLANS_PAGES: dict[str, list[Case] | str] = {
    "systems/": [get(lambda w: "/systems/", LOGGED_IN)],
    "systems/plans/new/": [
        get(lambda w: "/systems/plans/new/", LEAD_ONLY),
        post(
            lambda w: "/systems/plans/new/",
            LEAD_ONLY,
            lambda w: {"ics": w.plans.ics.pk, "title": "Plan", "start_year": 2024, "end_year": 2027},
        ),
    ],
    "systems/plans/<int:pk>/": [
        get(lambda w: f"{_own(w)}/", PLAN_READ),
        get(
            lambda w: f"/systems/plans/{w.plans.other.plan.pk}/", PLAN_READ, "another system's published plan"
        ),
    ],
    "systems/plans/<int:pk>/edit/": [
        get(lambda w: f"{_own(w)}/edit/", PLAN_EDIT),
        post(
            lambda w: f"{_own(w)}/edit/",
            PLAN_EDIT,
            lambda w: {"revision": _draft_rev(w), "start_year": 2017, "end_year": 2020, "conclusion": "Done"},
        ),
    ],
    "systems/plans/<int:pk>/pillars/new/": [
        get(lambda w: f"{_own(w)}/pillars/new/", PLAN_EDIT),
        post(
            lambda w: f"{_own(w)}/pillars/new/",
            PLAN_EDIT,
            lambda w: {"revision": _draft_rev(w), "title": "Engagement", "commitments": "Shared narrative"},
        ),
    ],
    "systems/plans/<int:pk>/workstreams/new/": [
        get(lambda w: f"{_own(w)}/workstreams/new/", PLAN_EDIT),
        post(
            lambda w: f"{_own(w)}/workstreams/new/",
            PLAN_EDIT,
            lambda w: {"revision": _draft_rev(w), "title": "System Change"},
        ),
    ],
    "systems/plans/<int:pk>/activities/new/": [
        get(lambda w: f"{_own(w)}/activities/new/", PLAN_EDIT),
        post(
            lambda w: f"{_own(w)}/activities/new/",
            PLAN_EDIT,
            lambda w: {
                "revision": _draft_rev(w),
                "workstream": w.plans.own.workstream.pk,
                "title": "Leadership Network",
                "status": "planned",
                "year_2017": "milestone",
                "year_2018": "continuing",
            },
        ),
    ],
    "systems/plans/<int:pk>/activities/<int:activity_pk>/": [
        get(lambda w: f"{_own(w)}/activities/{w.plans.own.activity.pk}/", PLAN_EDIT),
        post(
            lambda w: f"{_own(w)}/activities/{w.plans.own.activity.pk}/",
            PLAN_EDIT,
            lambda w: {
                "revision": _draft_rev(w),
                "title": "CEO Development",
                "status": "done",
                "year_2019": "milestone",
            },
        ),
    ],
    "systems/plans/<int:pk>/publish/": [
        get(lambda w: f"{_own(w)}/publish/", PLAN_EDIT),
        post(lambda w: f"{_own(w)}/publish/", PLAN_EDIT, lambda w: {"revision": _draft_rev(w)}),
    ],
    "systems/plans/<int:pk>/review/": [
        get(lambda w: f"/systems/plans/{w.plans.done.plan.pk}/review/", PLAN_EDIT),
        post(
            lambda w: f"/systems/plans/{w.plans.done.plan.pk}/review/",
            PLAN_EDIT,
            lambda w: {"review_note": "2025"},
        ),
    ],
    "systems/plans/<int:pk>/versions/<int:number>/": [
        get(lambda w: f"{_own(w)}/versions/1/", PLAN_READ),
        get(lambda w: f"{_own(w)}/versions/2/", PLAN_DRAFT),
        get(
            lambda w: f"/systems/plans/{w.plans.other.plan.pk}/versions/2/",
            expect(NOT_FOUND, anonymous=DENIED, admin=ALLOWED),
            "another system's draft",
        ),
    ],
    "systems/plans/<int:pk>/versions/<int:number>/changes/": [
        get(lambda w: f"{_own(w)}/versions/2/changes/", PLAN_DRAFT)
    ],
    "systems/plans/<int:pk>/versions/<int:number>/<slug:kind>/": [
        get(lambda w: f"{_own(w)}/versions/1/plan-on-a-page/", PLAN_READ),
        get(lambda w: f"{_own(w)}/versions/2/document/", PLAN_DRAFT),
    ],
    "systems/plans/<int:pk>/versions/<int:number>/<slug:kind>.pdf": [
        get(lambda w: f"{_own(w)}/versions/1/plan-on-a-page.pdf", PLAN_READ)
    ],
    "systems/charters/new/": [
        get(lambda w: "/systems/charters/new/", LEAD_ONLY),
        post(
            lambda w: "/systems/charters/new/",
            LEAD_ONLY,
            lambda w: {"ics": w.plans.ics.pk, "title": "Charter", "leader_commitments": "Listen"},
        ),
    ],
    "systems/charters/<int:pk>/": [
        get(lambda w: f"/systems/charters/{w.plans.charter.pk}/", LOGGED_IN),
        get(lambda w: f"/systems/charters/{w.plans.draft_charter.pk}/", PLAN_DRAFT, "a draft charter"),
    ],
    "systems/charters/<int:pk>/edit/": [
        get(lambda w: f"/systems/charters/{w.plans.charter.pk}/edit/", LEAD_ONLY),
        post(
            lambda w: f"/systems/charters/{w.plans.charter.pk}/edit/",
            LEAD_ONLY,
            lambda w: {
                "revision": w.plans.charter.revision,
                "title": "Leadership Charter",
                "values": "Trust",
            },
        ),
    ],
    "systems/charters/<int:pk>/publish/": [
        get(lambda w: f"/systems/charters/{w.plans.draft_charter.pk}/publish/", PLAN_DRAFT),
        post(
            lambda w: f"/systems/charters/{w.plans.draft_charter.pk}/publish/",
            PLAN_DRAFT,
            lambda w: {"revision": w.plans.draft_charter.revision},
        ),
    ],
    "systems/charters/<int:pk>/sign/": [
        get(lambda w: f"/systems/charters/{w.plans.charter.pk}/sign/", LOGGED_IN),
        post(lambda w: f"/systems/charters/{w.plans.charter.pk}/sign/", SIGN, lambda w: {"confirm": "on"}),
    ],
    "systems/charters/<int:pk>/review/": [
        get(lambda w: f"/systems/charters/{w.plans.charter.pk}/review/", LEAD_ONLY),
        post(lambda w: f"/systems/charters/{w.plans.charter.pk}/review/", LEAD_ONLY, lambda w: {}),
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
    "api/v1/validation/cohorts/<pk>/workshop-sync/": [
        post(
            lambda w: f"{V}/cohorts/{w.validation.cohort.pk}/workshop-sync/",
            ACADEMY_WRITE.but(pm=INVALID, admin=INVALID),
        )
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
    "coaching/exclusions/": [
        get(lambda w: "/coaching/exclusions/", LOGGED_IN),
        post(
            lambda w: "/coaching/exclusions/",
            expect(ALLOWED, anonymous=DENIED, practitioner_other=INVALID),
            lambda w: {"email": w.hub.other.person.email},
            note="excluding oneself is bad input",
        ),
    ],
    "coaching/exclusions/<int:pk>/remove/": [
        post(lambda w: f"/coaching/exclusions/{w.hub.exclusion.pk}/remove/", COACHEE)
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
            lambda w: {
                "goals": "6",
                "sector": "2",
                "role_level": "2",
                "format": "1",
                "experience": "1",
                "lived_experience": "3",
            },
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
    "coaching/hub/programmes/<int:pk>/": [
        get(lambda w: f"/coaching/hub/programmes/{w.hub.programme.pk}/", HUB_RUN)
    ],
    "coaching/hub/team-journeys/<int:pk>/": [  # the hub's administrators and the team's leader
        get(lambda w: f"/coaching/hub/team-journeys/{w.hub.journey.pk}/", HUB_RUN.but(coachee=ALLOWED))
    ],
    # The hub's administrators set up programmes and team journeys (the team's leader sees, never changes)
    "coaching/hub/programmes/new/": [
        get(lambda w: f"/coaching/hub/programmes/new/?academy={w.offer.academy_id}", HUB),
        post(
            lambda w: f"/coaching/hub/programmes/new/?academy={w.offer.academy_id}",
            HUB,
            lambda w: {
                "title": "PCN clinical directors",
                "provider": "A provider",
                "starts_on": "2021-12-01",
                "ends_on": "2022-10-31",
                "sessions_each": "4",
                "session_minutes": "60",
            },
        ),
    ],
    "coaching/hub/programmes/<int:pk>/people/new/": [
        get(lambda w: f"/coaching/hub/programmes/{w.hub.programme.pk}/people/new/", HUB_RUN),
        post(
            lambda w: f"/coaching/hub/programmes/{w.hub.programme.pk}/people/new/",
            HUB_RUN,
            lambda w: {"email": w.users["coachee"].email, "coach_name": "A coach"},
        ),
    ],
    "coaching/hub/programmes/<int:pk>/people/<int:place_pk>/sessions/new/": [
        get(lambda w: f"{_programme_place(w)}sessions/new/", HUB_RUN),
        post(lambda w: f"{_programme_place(w)}sessions/new/", HUB_RUN, lambda w: {"held_on": "2022-01-10"}),
    ],
    "coaching/hub/programmes/<int:pk>/people/<int:place_pk>/goals/new/": [
        get(lambda w: f"{_programme_place(w)}goals/new/", HUB_RUN),
        post(
            lambda w: f"{_programme_place(w)}goals/new/",
            HUB_RUN,
            lambda w: {"theme": GOAL_THEMES[5], "text": "Lead the PCN", "rating_before": "4"},
        ),
    ],
    "coaching/hub/programmes/<int:pk>/people/<int:place_pk>/goals/<int:goal_pk>/rate/": [
        get(lambda w: f"{_programme_place(w)}goals/{_programme_goal(w).pk}/rate/", HUB_RUN),
        post(
            lambda w: f"{_programme_place(w)}goals/{_programme_goal(w).pk}/rate/",
            HUB_RUN,
            lambda w: {"rating_after": "7"},
        ),
    ],
    "coaching/hub/team-journeys/new/": [
        get(lambda w: f"/coaching/hub/team-journeys/new/?academy={w.offer.academy_id}", HUB),
        post(
            lambda w: f"/coaching/hub/team-journeys/new/?academy={w.offer.academy_id}",
            HUB,
            lambda w: {
                "team_name": "A team",
                "leader_email": w.users["coachee"].email,
                "engagement_on": "2022-01-05",
                "planned_months": "9",
            },
        ),
    ],
    "coaching/hub/team-journeys/<int:pk>/people/new/": [
        get(
            lambda w: f"/coaching/hub/team-journeys/{w.hub.journey.pk}/people/new/",
            HUB_RUN.but(coachee=DENIED),
        ),
        post(
            lambda w: f"/coaching/hub/team-journeys/{w.hub.journey.pk}/people/new/",
            HUB_RUN.but(coachee=DENIED),
            lambda w: {"email": w.users["practitioner"].email, "role": "member"},
        ),
    ],
    "coaching/hub/team-journeys/<int:pk>/phase/": [
        get(lambda w: f"/coaching/hub/team-journeys/{w.hub.journey.pk}/phase/", HUB_RUN.but(coachee=DENIED)),
        post(
            lambda w: f"/coaching/hub/team-journeys/{w.hub.journey.pk}/phase/",
            HUB_RUN.but(coachee=DENIED),
            lambda w: {"on": "2022-02-01"},
        ),
    ],
    "coaching/hub/team-journeys/<int:pk>/sessions/": [  # the world's journey has not reached its sessions
        get(
            lambda w: f"/coaching/hub/team-journeys/{w.hub.journey.pk}/sessions/", HUB_RUN.but(coachee=DENIED)
        ),
        post(
            lambda w: f"/coaching/hub/team-journeys/{w.hub.journey.pk}/sessions/",
            HUB_RUN.but(coachee=DENIED, hub_admin=INVALID, admin=INVALID),
            lambda w: {"sessions_held": "2"},
        ),
    ],
    "coaching/hub/team-journeys/<int:pk>/feedback/": [  # asked once its sessions begin
        post(
            lambda w: f"/coaching/hub/team-journeys/{w.hub.journey.pk}/feedback/",
            HUB_RUN.but(coachee=DENIED, hub_admin=INVALID, admin=INVALID),
        )
    ],
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
    "api/v1/coaching/relationships/<pk>/goals/": [
        get(lambda w: f"/api/v1/coaching/relationships/{w.hub.active.pk}/goals/", PAIR),
        post(
            lambda w: f"/api/v1/coaching/relationships/{w.hub.active.pk}/goals/",
            GOAL_TRACKER.but(coachee=INVALID),
            lambda w: {"theme": GOAL_THEMES[5], "text": "Lead the merger", "rating_before": 4},
            note="the coachee's own; a session is logged, so goals can no longer be added",
        ),
    ],
    "api/v1/coaching/relationships/<pk>/goals/<goal_pk>/rate/": [
        post(
            lambda w: f"/api/v1/coaching/relationships/{w.hub.active.pk}/goals/{w.hub.goal.pk}/rate/",
            GOAL_TRACKER.but(coachee=INVALID),
            lambda w: {"rating": 7},
            note="the coachee's own; between the first and last session there is nothing to rate",
        )
    ],
    "api/v1/coaching/relationships/<pk>/close/": [
        post(
            lambda w: f"/api/v1/coaching/relationships/{w.hub.active.pk}/close/",
            RELATIONSHIP,
            lambda w: {"reason": "completed"},
        )
    ],
    # Commissioned programmes and team coaching journeys (the team's leader reads their own journey)
    "api/v1/coaching/programmes/": [
        get(lambda w: "/api/v1/coaching/programmes/", LOGGED_IN),
        post(
            lambda w: "/api/v1/coaching/programmes/",
            HUB,
            lambda w: {
                "academy": w.offer.academy_id,
                "title": "PCN clinical directors",
                "provider": "A provider",
                "starts_on": "2021-12-01",
                "ends_on": "2022-10-31",
            },
        ),
    ],
    "api/v1/coaching/programmes/<pk>/": [
        get(lambda w: f"/api/v1/coaching/programmes/{w.hub.programme.pk}/", HUB_RUN)
    ],
    "api/v1/coaching/programmes/<pk>/people/": [
        get(lambda w: f"/api/v1/coaching/programmes/{w.hub.programme.pk}/people/", HUB_RUN),
        post(
            lambda w: f"/api/v1/coaching/programmes/{w.hub.programme.pk}/people/",
            HUB_RUN,
            lambda w: {"email": w.users["coachee"].email, "coach_name": "A coach"},
        ),
    ],
    "api/v1/coaching/programmes/<pk>/people/<place_pk>/sessions/": [
        post(
            lambda w: f"{_programme_place_api(w)}sessions/",
            HUB_RUN,
            lambda w: {"held_on": "2022-01-10"},
        )
    ],
    "api/v1/coaching/programmes/<pk>/people/<place_pk>/goals/": [
        get(lambda w: f"{_programme_place_api(w)}goals/", HUB_RUN),
        post(
            lambda w: f"{_programme_place_api(w)}goals/",
            HUB_RUN,
            lambda w: {"theme": GOAL_THEMES[5], "text": "Lead the PCN", "rating_before": 4},
        ),
    ],
    "api/v1/coaching/programmes/<pk>/people/<place_pk>/goals/<goal_pk>/rate/": [
        post(
            lambda w: f"{_programme_place_api(w)}goals/{_programme_goal(w).pk}/rate/",
            HUB_RUN,
            lambda w: {"rating_after": 7},
        )
    ],
    "api/v1/coaching/team-journeys/": [
        get(lambda w: "/api/v1/coaching/team-journeys/", LOGGED_IN),
        post(
            lambda w: "/api/v1/coaching/team-journeys/",
            HUB,
            lambda w: {
                "academy": w.offer.academy_id,
                "team_name": "A team",
                "leader_email": w.users["coachee"].email,
                "engagement_on": "2022-01-05",
            },
        ),
    ],
    "api/v1/coaching/team-journeys/<pk>/": [
        get(lambda w: f"/api/v1/coaching/team-journeys/{w.hub.journey.pk}/", HUB_RUN.but(coachee=ALLOWED))
    ],
    "api/v1/coaching/team-journeys/<pk>/members/": [
        get(
            lambda w: f"/api/v1/coaching/team-journeys/{w.hub.journey.pk}/members/",
            HUB_RUN.but(coachee=ALLOWED),
        ),
        post(
            lambda w: f"/api/v1/coaching/team-journeys/{w.hub.journey.pk}/members/",
            HUB_RUN.but(coachee=DENIED),
            lambda w: {"email": w.users["practitioner"].email, "role": "stakeholder"},
        ),
    ],
    "api/v1/coaching/team-journeys/<pk>/phase/": [
        post(
            lambda w: f"/api/v1/coaching/team-journeys/{w.hub.journey.pk}/phase/",
            HUB_RUN.but(coachee=DENIED),
            lambda w: {"on": "2022-02-01"},
        )
    ],
    "api/v1/coaching/team-journeys/<pk>/sessions/": [  # the world's journey has not reached its sessions
        post(
            lambda w: f"/api/v1/coaching/team-journeys/{w.hub.journey.pk}/sessions/",
            HUB_RUN.but(coachee=DENIED, hub_admin=INVALID, admin=INVALID),
            lambda w: {"sessions_held": 2},
        )
    ],
    "api/v1/coaching/team-journeys/<pk>/feedback/": [  # asked once its sessions begin
        post(
            lambda w: f"/api/v1/coaching/team-journeys/{w.hub.journey.pk}/feedback/",
            HUB_RUN.but(coachee=DENIED, hub_admin=INVALID, admin=INVALID),
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
    # Interchange: see INTERCHANGE_PAGES above
    **INTERCHANGE_PAGES,
    **INTERCHANGE_API,
    # Systems OD programmes, measures and RACI (sysod)
    **SYSTEMS_PAGES,
    **SYSTEMS_API,
    **F360_ROUTES,
    **SYSTEMS_PLANS_API,
    **SYSTEMS_PLANS_PAGES,
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
