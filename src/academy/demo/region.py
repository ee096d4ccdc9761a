"""The East of England demo region: synthetic staff, the seeds' offers, three years of delivery, and
one login per role.

Deterministic: one seeded random generator drives every choice, so each build holds the same people,
bookings and attendance. Only the upcoming cohorts move with the calendar (they are always placed a few
weeks after today, so the catalogue always has something to book).

History (bookings and attendance from May 2020 to April 2023) is written with bulk_create because it
is tens of thousands of rows that happened in the past; the offers, the upcoming cohorts and the
bookings on them go through the offers services, as a programme manager would make them (except six
places on the next care home cohort, recorded as already approved by sponsors who have no login).
Evaluation evidence goes through the evaluation services (see academy.demo.evaluations).

Since the seeds (May 2023 to a week before today) the same offers keep running at a similar yearly
volume (academy.demo.recent), written the same way, with one evaluation per offer and year, goal
tracker goals, and themes found in the testimonies and named as a programme manager would (after the
rest is committed; see demo_build).

The three-year totals are the seed's headline exactly: the seeded offers are laid down first, then the
rest of the bitesize and network programme fills the remaining sessions and attendances.
"""

import datetime as dt
import random
import time
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.db import models, transaction
from django.utils import timezone
from django.utils.text import slugify

from academy.coaching.models import PractitionerProfile
from academy.coaching.models import Request as CoachingRequest
from academy.offers import services as offer_services
from academy.offers.models import Attendance, Booking, Cohort, Offer, Session
from academy.people.models import (
    Academy,
    DeliveryPartner,
    EqualityRecord,
    Organisation,
    OrganisationType,
    Person,
    Role,
    RoleAssignment,
    RoleLevel,
    User,
)
from academy.people.services import equality_profile_refresh

from . import catalogue, recent
from .catalogue import CohortSpec, OfferSpec, SessionSpec
from .coaching import build_coaching_hub, build_commissioned_and_team_coaching, coaching_wipe
from .evaluations import (
    Delivered,
    build_recent_evaluations,
    build_recent_goals,
    build_region_evaluations,
    build_region_themes,
)
from .feedback360 import build_feedback360, feedback360_wipe
from .interchange import build_interchange, interchange_wipe
from .learning_sets import build_learning_sets, learning_sets_wipe
from .maintenance import vacuum_analyse
from .national import ORG_PREFIX as NATIONAL_ORG_PREFIX
from .staff import (
    BRANCHING,
    DEFAULT_BRANCHING,
    ETHNIC_MINORITY_CATEGORIES,
    STAFF_EMAIL_DOMAIN,
    equality_answers,
    parents,
    profile_for,
    staff_count,
    staff_email,
    synthetic_name,
)
from .systems_plans import build_systems_plans, systems_plans_wipe
from .systems_programmes import build_systems_programmes, systems_programmes_wipe
from .validation import build_validation, validation_wipe

SEED = 20221121
LONDON = ZoneInfo("Europe/London")
LOGIN_DOMAIN = "demo.academy.example"
DEMO_PASSWORD = "academy-demo-password"  # noqa: S105 - published demo logins, synthetic data only
REGION_CODE = "Y61"
ACADEMY_SLUG = "east-of-england"
ONLINE_URL = "https://meet.example.org/eoe-leadership-academy"

SMALL_FILLER_SESSIONS = 20
SMALL_FILLER_PARTICIPANTS = 200
RECENT_CUT_OFF_DAYS = 7  # recent delivery runs up to a week before today
SMALL_SHRINK = 10  # in --small builds, big single-session cohorts are a tenth of their size
SMALL_FLOOR = 15  # ... but keep at least this many


@dataclass
class StaffMember:
    person: Person
    org: Organisation
    depth: int
    minority: bool


@dataclass(frozen=True)
class Login:
    role: str
    username: str
    who: str
    try_this: str


@dataclass
class DemoResult:
    built: bool
    logins: list[Login]
    counts: dict[str, int] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)


@dataclass
class PlannedBooking:
    person: Person
    status: str
    created_at: dt.datetime
    marks: list[str | None]  # one per session: an Attendance status, or None for no record
    sponsor: Person | None = None
    cancelled: bool = False
    completed: bool = False
    project: tuple[str, str] | None = None


def demo_offer_slugs() -> list[str]:
    return [slugify(spec.title) for spec in (*catalogue.SEEDED_OFFERS, *catalogue.FILLER_OFFERS)]


def demo_is_built() -> bool:
    return (
        User.objects.filter(username=f"admin@{LOGIN_DOMAIN}").exists()
        and Offer.objects.filter(academy__slug=ACADEMY_SLUG, slug__in=demo_offer_slugs()).exists()
    )


@transaction.atomic
def demo_wipe() -> None:
    """Remove every row the demo made: its offers (and their cohorts, sessions, bookings), staff and logins."""
    academy = Academy.objects.filter(slug=ACADEMY_SLUG).first()
    if academy is not None:
        learning_sets_wipe(academy)
        interchange_wipe(academy)
        feedback360_wipe(academy=academy, login_domain=LOGIN_DOMAIN)
    systems_programmes_wipe()
    systems_plans_wipe()
    validation_wipe()
    offers = Offer.objects.filter(academy__slug=ACADEMY_SLUG, slug__in=demo_offer_slugs())
    people = Person.objects.filter(email__endswith=LOGIN_DOMAIN)
    coaching_wipe(academy_slug=ACADEMY_SLUG, login_domain=LOGIN_DOMAIN)
    Booking.objects.filter(models.Q(cohort__offer__in=offers) | models.Q(person__in=people)).delete()
    offers.delete()
    people.update(line_manager=None)
    people.delete()
    User.objects.filter(email__endswith=f"@{LOGIN_DOMAIN}").delete()


@contextmanager
def historic_timestamps(*model_classes: type[models.Model]) -> Iterator[None]:
    """Let bulk_create keep the created_at/updated_at/recorded_at we give past rows.

    auto_now and auto_now_add would stamp three years of history with today's date. They are switched
    off only for the duration of the block, in this process, and always restored.
    """
    saved = []
    for model in model_classes:
        for fld in model._meta.concrete_fields:
            if isinstance(fld, models.DateTimeField) and (fld.auto_now or fld.auto_now_add):
                saved.append((fld, fld.auto_now, fld.auto_now_add))
                fld.auto_now = fld.auto_now_add = False
    try:
        yield
    finally:
        for fld, auto_now, auto_now_add in saved:
            fld.auto_now, fld.auto_now_add = auto_now, auto_now_add


def _at(day: dt.date, when: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, when, tzinfo=LONDON)


def _weekday_on_or_after(day: dt.date, weekday: int = 1) -> dt.date:
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7)


def _split(total: int, parts: int, rng: random.Random) -> list[int]:
    """Split a total into `parts` uneven whole numbers that add up exactly (largest remainder)."""
    weights = [rng.uniform(0.6, 1.4) for _ in range(parts)]
    scale = total / sum(weights)
    raw = [w * scale for w in weights]
    result = [int(r) for r in raw]
    order = sorted(range(parts), key=lambda i: raw[i] - result[i], reverse=True)
    for i in order[: total - sum(result)]:
        result[i] += 1
    return result


class RegionBuilder:
    def __init__(self, *, small: bool, log: Callable[[str], None]) -> None:
        self.small = small
        self.log = log
        self.rng = random.Random(SEED)
        self.today = timezone.localdate()
        self.staff: list[StaffMember] = []
        self.reports: dict[int, list[StaffMember]] = defaultdict(list)
        self.reserved: set[int] = set()
        self.partners = {p.name: p for p in DeliveryPartner.objects.all()}
        self.academy = Academy.objects.get(slug=ACADEMY_SLUG)
        self.users: dict[str, User] = {}
        self.people: dict[str, Person] = {}
        self.sessions_in_window = 0
        self.present_in_window = 0
        self.sessions_recent = 0
        self.present_recent = 0
        self.timings: dict[str, float] = {}
        self.recent: list[tuple[recent.RecentCohort, list[PlannedBooking]]] = []

    # --- staff -----------------------------------------------------------------------------------

    def build_staff(self) -> None:
        orgs = list(
            Organisation.objects.filter(models.Q(ics__region__code=REGION_CODE) | models.Q(ods_code="X24"))
            .exclude(ods_code__startswith=NATIONAL_ORG_PREFIX)  # the national benchmark set's own
            .select_related("ics")
            .order_by("ods_code")
        )
        planned: list[tuple[Person, Organisation, int, int | None]] = []
        number = 0
        for org in orgs:
            count = staff_count(
                org_type=org.org_type,
                headcount=org.workforce_headcount,
                ods_code=org.ods_code,
                small=self.small,
            )
            tree = parents(count, BRANCHING.get(org.org_type, DEFAULT_BRANCHING))
            first = len(planned)
            for depth, manager in tree:
                number += 1
                given, family = synthetic_name(self.rng)
                profile = profile_for(self.rng, org_type=org.org_type, depth=depth)
                person = Person(
                    given_name=given,
                    family_name=family,
                    email=staff_email(given, family, number),
                    job_title=profile.job_title,
                    role_level=profile.role_level,
                    staff_group=profile.staff_group,
                    profession=profile.profession,
                    organisation=org,
                )
                planned.append((person, org, depth, None if manager is None else first + manager))
        # Insert a level at a time, so that each person's line manager already has an id.
        by_depth: dict[int, list[Person]] = defaultdict(list)
        for person, _org, depth, manager_index in planned:
            if manager_index is not None:
                person.line_manager = planned[manager_index][0]
            by_depth[depth].append(person)
        for depth in sorted(by_depth):
            for person in by_depth[depth]:
                if person.line_manager is not None:
                    person.line_manager_id = person.line_manager.pk
            Person.objects.bulk_create(by_depth[depth], batch_size=2000)
        records = []
        for person, org, depth, _ in planned:
            answers = equality_answers(self.rng)
            minority = answers is not None and answers["ethnic_category"] in ETHNIC_MINORITY_CATEGORIES
            member = StaffMember(person, org, depth, minority)
            self.staff.append(member)
            if person.line_manager_id:
                self.reports[person.line_manager_id].append(member)
            if answers:
                records.append(EqualityRecord(person=person, **answers))
        EqualityRecord.objects.bulk_create(records, batch_size=2000)
        equality_profile_refresh(organisation_ids=[org.pk for org in orgs])
        self.log(
            f"  staff: {len(self.staff):,} people in {len(orgs)} organisations, {len(records):,} equality records"
        )

    # --- logins ----------------------------------------------------------------------------------

    def _pick(self, ods_code: str, depth: int) -> StaffMember:
        for member in self.staff:
            if (
                member.org.ods_code == ods_code
                and member.depth == depth
                and member.person.pk not in self.reserved
            ):
                return member
        raise LookupError(f"No demo staff member at depth {depth} in {ods_code}")

    def _login(
        self, key: str, person: Person | None, *, job_title: str = "", superuser: bool = False
    ) -> User:
        email = f"{key}@{LOGIN_DOMAIN}"
        if person is None:
            given, family = synthetic_name(self.rng)
            person = Person.objects.create(given_name=given, family_name=family, email=email)
        user = User(
            username=email,
            email=email,
            first_name=person.given_name,
            last_name=person.family_name,
            is_staff=superuser,
            is_superuser=superuser,
        )
        user.set_password(DEMO_PASSWORD)
        user.save()
        person.user = user
        person.email = email
        if job_title:
            person.job_title = job_title
        person.save(update_fields=["user", "email", "job_title", "updated_at"])
        self.reserved.add(person.pk)
        self.users[key] = user
        self.people[key] = person
        return user

    def build_logins(self) -> None:
        care_home = (
            Organisation.objects.filter(ics__code="QMM", org_type=OrganisationType.CARE_HOME)
            .order_by("ods_code")
            .first()
        )
        assert care_home is not None
        manager = self._pick(care_home.ods_code, 1)  # the registered manager
        deputy = next(m for m in self.reports[manager.person.pk] if m.depth == 2)
        self._login("sponsor", manager.person)
        self._login("participant", deputy.person)
        pm = self._login(
            "programme.manager",
            self._pick("X24", 1).person,
            job_title="Programme manager, East of England Leadership Academy",
        )
        RoleAssignment.objects.create(user=pm, role=Role.PROGRAMME_MANAGER, academy=self.academy)
        facilitator = self._login("facilitator", None, job_title="Associate consultant, Tricordant")
        RoleAssignment.objects.create(
            user=facilitator, role=Role.FACILITATOR, delivery_partner=self.partners["Tricordant"]
        )
        coach = self._login("coach", self._pick("RGT", 3).person)
        RoleAssignment.objects.create(user=coach, role=Role.COACH)
        panel = self._login("panel.member", self._pick("RWR", 2).person)
        RoleAssignment.objects.create(user=panel, role=Role.PANEL_MEMBER)
        od_lead = self._login(
            "ics.od.lead", self._pick("QMM", 2).person, job_title="Head of organisation development"
        )
        RoleAssignment.objects.create(user=od_lead, role=Role.ICS_OD_LEAD, ics=care_home.ics)
        hub = self._login("hub.administrator", None, job_title="Coaching and mentoring hub administrator")
        RoleAssignment.objects.create(user=hub, role=Role.HUB_ADMINISTRATOR, academy=self.academy)
        admin = self._login("admin", self._pick("X24", 2).person, superuser=True)
        RoleAssignment.objects.create(user=admin, role=Role.ADMINISTRATOR)

    # --- pools of people to draw participants from -----------------------------------------------

    def pools(self) -> dict[str, list[StaffMember]]:
        free = [m for m in self.staff if m.person.pk not in self.reserved]
        senior_levels = {
            RoleLevel.BAND_8C,
            RoleLevel.BAND_8D,
            RoleLevel.BAND_9,
            RoleLevel.DIRECTOR,
            RoleLevel.CHIEF_EXECUTIVE,
        }
        manager_levels = senior_levels | {
            RoleLevel.BAND_6,
            RoleLevel.BAND_7,
            RoleLevel.BAND_8A,
            RoleLevel.BAND_8B,
        }
        system_orgs = {
            OrganisationType.ICB,
            OrganisationType.ACUTE,
            OrganisationType.COMMUNITY,
            OrganisationType.MENTAL_HEALTH,
            OrganisationType.LOCAL_AUTHORITY,
            OrganisationType.AMBULANCE,
        }
        primary = {OrganisationType.GP_PRACTICE, OrganisationType.PCN}
        return {
            "open": free,
            "managers": [m for m in free if m.person.role_level in manager_levels or m.depth <= 3],
            "senior": [m for m in free if m.person.role_level in senior_levels or m.depth <= 2],
            "action_learning": [
                m
                for m in free
                if m.org.org_type in system_orgs
                and m.person.staff_group in ("management", "admin")
                and 2 <= m.depth <= 4
            ],
            "care_home_leaders": [
                m for m in free if m.org.org_type == OrganisationType.CARE_HOME and m.depth in (1, 2)
            ],
            "ethnic_minority": [m for m in free if m.minority],
            "primary_care": [m for m in free if m.org.org_type in primary and m.depth <= 2],
            "pcn_clinical_directors": [
                m for m in free if m.org.org_type == OrganisationType.PCN and m.depth == 0
            ],
        }

    # --- offers and history ----------------------------------------------------------------------

    def create_offer(self, spec: OfferSpec) -> Offer:
        return offer_services.offer_create(
            academy=self.academy,
            by=self.users["programme.manager"],
            title=spec.title,
            kind=spec.kind,
            summary=spec.summary,
            delivery_format=spec.delivery_format,
            objectives=list(spec.objectives),
            status=Offer.Status.PUBLISHED,
            description=spec.description,
            audience=spec.audience,
            eligibility=spec.eligibility,
            eligibility_text=spec.eligibility_text,
            delivery_partner=self.partners.get(spec.partner) if spec.partner else None,
            duration=spec.duration,
            requires_application=spec.requires_application,
            requires_sponsor=spec.requires_sponsor,
            completion_attendance_percent=spec.completion_attendance_percent,
            completion_requires_project=spec.completion_requires_project,
        )

    def _booked_at(self, first: dt.datetime) -> dt.datetime:
        return first - dt.timedelta(days=self.rng.randint(5, 45), minutes=self.rng.randint(0, 600))

    def plan_single(
        self, pool: Sequence[StaffMember], spec: CohortSpec, first: dt.datetime
    ) -> list[PlannedBooking]:
        registered, present = spec.registered, spec.present or 0
        if self.small and registered > 60:
            # Never below SMALL_FLOOR, so a shrunk cohort can still hold the evaluation its seed reports
            # (seed 000's November workshop: 13 answers from the people who came).
            registered = max(min(registered, SMALL_FLOOR), registered // SMALL_SHRINK)
            present = max(min(present, SMALL_FLOOR), present // SMALL_SHRINK)
        chosen = self.rng.sample(pool, registered)
        plans = []
        for i, member in enumerate(chosen):
            if i < present:
                plans.append(
                    PlannedBooking(
                        member.person,
                        Booking.Status.CONFIRMED,
                        self._booked_at(first),
                        ["present"],
                        completed=True,
                    )
                )
            elif i % 3 == 0:
                plans.append(
                    PlannedBooking(
                        member.person,
                        Booking.Status.CANCELLED,
                        self._booked_at(first),
                        [None],
                        cancelled=True,
                    )
                )
            else:
                mark = "apologies" if i % 3 == 1 else "absent"
                plans.append(
                    PlannedBooking(member.person, Booking.Status.CONFIRMED, self._booked_at(first), [mark])
                )
        return plans

    def plan_multi(
        self, people: Sequence[StaffMember], spec: CohortSpec, first: dt.datetime, percent: int
    ) -> list[PlannedBooking]:
        plans = []
        sessions = len(spec.sessions)
        for member in people:
            marks: list[str | None] = [
                "present"
                if self.rng.random() < spec.attendance_rate
                else self.rng.choice(("absent", "apologies"))
                for _ in range(sessions)
            ]
            attended = marks.count("present")
            plans.append(
                PlannedBooking(
                    member.person,
                    Booking.Status.CONFIRMED,
                    self._booked_at(first),
                    marks,
                    completed=attended * 100 >= percent * sessions,
                )
            )
        return plans

    def plan_care_home(
        self, pool: Sequence[StaffMember], cohorts: Sequence[CohortSpec]
    ) -> list[list[PlannedBooking]]:
        """65 managers and deputies in eight cohorts; exactly 52 (80%) complete every element."""
        total = sum(c.registered for c in cohorts)
        chosen = self.rng.sample(pool, total)
        completers = set(self.rng.sample(range(total), catalogue.CARE_HOME_COMPLETED))
        projects = list(catalogue.CARE_HOME_PROJECTS)
        result, i, project_i = [], 0, 0
        for spec in cohorts:
            first = _at(spec.sessions[0].on, spec.sessions[0].start)
            plans = []
            for _ in range(spec.registered):
                member = chosen[i]
                marks: list[str | None] = ["present"] * 5
                project = None
                if i in completers:
                    if self.rng.random() < 0.4:
                        marks[self.rng.randrange(5)] = "apologies"  # 4 of 5 still meets 80%
                    project = projects[project_i % len(projects)]
                    project_i += 1
                elif i % 2:
                    for k in self.rng.sample(range(5), 3):
                        marks[k] = "absent"  # attended 2 of 5
                else:
                    marks[self.rng.randrange(5)] = "apologies"  # attended 4 of 5 but no project
                sponsor = member.person.line_manager
                plans.append(
                    PlannedBooking(
                        member.person,
                        Booking.Status.CONFIRMED,
                        self._booked_at(first),
                        marks,
                        sponsor=sponsor,
                        completed=i in completers,
                        project=project,
                    )
                )
                i += 1
            result.append(plans)
        return result

    def plan_positive_action(
        self, pool: Sequence[StaffMember], cohorts: Sequence[CohortSpec]
    ) -> list[list[PlannedBooking]]:
        """334 different people, each at one or more of the 15 workshops (402 attendances)."""
        people = self.rng.sample(pool, catalogue.POSITIVE_ACTION_PEOPLE)
        seats: list[list[StaffMember]] = [[] for _ in cohorts]
        for n, member in enumerate(people):
            seats[n % len(cohorts)].append(member)
        repeats = 0
        while repeats < catalogue.POSITIVE_ACTION_REPEATS:
            member, k = self.rng.choice(people), self.rng.randrange(len(cohorts))
            if member not in seats[k]:
                seats[k].append(member)
                repeats += 1
        result = []
        for spec, attendees in zip(cohorts, seats, strict=True):
            first = _at(spec.sessions[0].on, spec.sessions[0].start)
            plans = [
                PlannedBooking(
                    m.person, Booking.Status.CONFIRMED, self._booked_at(first), ["present"], completed=True
                )
                for m in attendees
            ]
            taken = {m.person.pk for m in attendees}
            no_shows = [m for m in self.rng.sample(pool, 12) if m.person.pk not in taken][:4]
            plans += [
                PlannedBooking(m.person, Booking.Status.CONFIRMED, self._booked_at(first), ["absent"])
                for m in no_shows
            ]
            result.append(plans)
        return result

    def action_learning_sets(
        self, pool: Sequence[StaffMember], sets: int, size: int
    ) -> list[list[StaffMember]]:
        """Sets mixing systems and organisations: no two members share an organisation, so no set holds a
        line-management chain."""
        shuffled = list(pool)
        self.rng.shuffle(shuffled)
        groups: list[list[StaffMember]] = [[] for _ in range(sets)]
        used: set[int] = set()
        for member in shuffled:
            for group in groups:
                if (
                    len(group) < size
                    and all(m.org.pk != member.org.pk for m in group)
                    and member.person.pk not in used
                ):
                    group.append(member)
                    used.add(member.person.pk)
                    break
            if all(len(g) == size for g in groups):
                break
        return groups

    def teams(self, count: int, size: int) -> list[list[StaffMember]]:
        """Teams for team coaching: a manager and their direct reports, in ICBs and trusts."""
        leaders = [
            m
            for m in self.staff
            if m.depth == 2
            and m.org.org_type in (OrganisationType.ICB, OrganisationType.ACUTE, OrganisationType.COMMUNITY)
            and len(self.reports[m.person.pk]) >= 3
            and m.person.pk not in self.reserved
        ]
        result = []
        for leader in self.rng.sample(leaders, count):
            members = [r for r in self.reports[leader.person.pk] if r.person.pk not in self.reserved][
                : size - 1
            ]
            result.append([leader, *members])
        return result

    def filler_cohorts(self, sessions: int, participants: int) -> list[tuple[OfferSpec, CohortSpec]]:
        """The rest of the bitesize and network programme, evenly over the three years."""
        topics = catalogue.FILLER_TOPICS
        presents = _split(participants, sessions, self.rng)
        span = (catalogue.HISTORY_END - catalogue.HISTORY_START).days - 7
        result = []
        for i in range(sessions):
            spec = catalogue.FILLER_OFFERS[i % len(catalogue.FILLER_OFFERS)]
            subjects = topics[spec.slug]
            title = subjects[(i // len(catalogue.FILLER_OFFERS)) % len(subjects)]
            on = _weekday_on_or_after(
                catalogue.HISTORY_START + dt.timedelta(days=i * span // sessions), 1 + i % 3
            )
            present = presents[i]
            registered = present + round(present * 0.3)
            minutes = 120 if spec.kind == "network" else 60
            result.append(
                (
                    spec,
                    CohortSpec(
                        f"{title} ({on.day} {on:%B %Y})",
                        (SessionSpec(title, on, dt.time(12, 30), minutes),),
                        capacity=max(registered, 40),
                        registered=registered,
                        present=present,
                    ),
                )
            )
        return result

    def write_history(self, planned: list[tuple[Offer, CohortSpec, list[PlannedBooking]]]) -> None:
        """Write past cohorts, sessions, bookings and attendance in a few bulk inserts."""
        cohorts, sessions, bookings, attendance = [], [], [], []
        for offer, spec, plans in planned:
            first, last = spec.sessions[0], spec.sessions[-1]
            confirmed = sum(1 for p in plans if p.status == Booking.Status.CONFIRMED)
            cohort = Cohort(
                offer=offer,
                name=spec.name,
                capacity=max(spec.capacity, confirmed),
                starts_on=first.on,
                ends_on=last.on,
                booking_closes_on=first.on - dt.timedelta(days=2),
                delivery_partner=offer.delivery_partner,
                confirmed_count=confirmed,
            )
            cohorts.append(cohort)
            cohort_sessions = []
            for sequence, s in enumerate(spec.sessions, 1):
                start = _at(s.on, s.start)
                session = Session(
                    cohort=cohort,
                    title=s.title,
                    sequence=sequence,
                    starts_at=start,
                    ends_at=start + dt.timedelta(minutes=s.minutes),
                    online_url=ONLINE_URL,
                )
                cohort_sessions.append(session)
            sessions += cohort_sessions
            in_window = catalogue.HISTORY_START <= first.on <= catalogue.HISTORY_END
            end = cohort_sessions[-1].ends_at
            for plan in plans:
                booking = Booking(
                    cohort=cohort,
                    person=plan.person,
                    status=plan.status,
                    created_at=plan.created_at,
                    updated_at=end if not plan.cancelled else plan.created_at + dt.timedelta(days=2),
                    cancelled_at=plan.created_at + dt.timedelta(days=2) if plan.cancelled else None,
                    sponsor=plan.sponsor,
                    sponsor_decided_at=plan.created_at + dt.timedelta(days=3) if plan.sponsor else None,
                    application_statement="I would like to develop my leadership skills."
                    if offer.requires_application
                    else "",
                    completed_at=end + dt.timedelta(days=1) if plan.completed else None,
                )
                if plan.project:
                    booking.project_title, booking.project_summary = plan.project
                    booking.project_submitted_at = end - dt.timedelta(days=1)
                bookings.append(booking)
                for session, mark in zip(cohort_sessions, plan.marks, strict=True):
                    if mark is None:
                        continue
                    attendance.append(
                        Attendance(
                            session=session,
                            booking=booking,
                            status=mark,
                            recorded_at=session.ends_at + dt.timedelta(hours=1),
                            person=plan.person,
                            organisation_id=plan.person.organisation_id,
                            role_level=plan.person.role_level,
                        )
                    )
                    if in_window and mark == "present":
                        self.present_in_window += 1
                    elif first.on >= recent.RECENT_START and mark == "present":
                        self.present_recent += 1
            if in_window:
                self.sessions_in_window += len(cohort_sessions)
            elif first.on >= recent.RECENT_START:
                self.sessions_recent += len(cohort_sessions)
        with historic_timestamps(Booking, Attendance):
            Cohort.objects.bulk_create(cohorts, batch_size=1000)
            Session.objects.bulk_create(sessions, batch_size=1000)
            Booking.objects.bulk_create(bookings, batch_size=2000)
            Attendance.objects.bulk_create(attendance, batch_size=2000)
        # Certificate numbers from the offers services' own function.
        completed = [b for b in bookings if b.completed_at]
        for booking in completed:
            booking.certificate_number = offer_services.certificate_number_for(booking)
        Booking.objects.bulk_update(completed, ["certificate_number"], batch_size=1000)
        self.counts_history = (len(cohorts), len(sessions), len(bookings), len(attendance))

    def build_history(self) -> dict[str, Offer]:
        pools = self.pools()
        offers = {
            spec.slug: self.create_offer(spec)
            for spec in (*catalogue.SEEDED_OFFERS, *catalogue.FILLER_OFFERS)
        }
        planned: list[tuple[Offer, CohortSpec, list[PlannedBooking]]] = []

        def first_of(spec: CohortSpec) -> dt.datetime:
            return _at(spec.sessions[0].on, spec.sessions[0].start)

        for spec in catalogue.SEEDED_OFFERS:
            offer = offers[spec.slug]
            if spec is catalogue.CARE_HOME:
                for cspec, plans in zip(
                    spec.cohorts, self.plan_care_home(pools[spec.pool], spec.cohorts), strict=True
                ):
                    planned.append((offer, cspec, plans))
            elif spec is catalogue.POSITIVE_ACTION:
                for cspec, plans in zip(
                    spec.cohorts, self.plan_positive_action(pools[spec.pool], spec.cohorts), strict=True
                ):
                    planned.append((offer, cspec, plans))
            elif spec is catalogue.ACTION_LEARNING:
                groups = self.action_learning_sets(
                    pools[spec.pool], len(spec.cohorts), spec.cohorts[0].registered
                )
                for cspec, group in zip(spec.cohorts, groups, strict=True):
                    planned.append(
                        (
                            offer,
                            cspec,
                            self.plan_multi(
                                group, cspec, first_of(cspec), spec.completion_attendance_percent
                            ),
                        )
                    )
            elif spec is catalogue.TEAM_COACHING:
                teams = self.teams(len(spec.cohorts), spec.cohorts[0].registered)
                for cspec, team in zip(spec.cohorts, teams, strict=True):
                    planned.append(
                        (
                            offer,
                            cspec,
                            self.plan_multi(team, cspec, first_of(cspec), spec.completion_attendance_percent),
                        )
                    )
            elif len(spec.cohorts[0].sessions) > 1:
                for cspec in spec.cohorts:
                    people = self.rng.sample(pools[spec.pool], cspec.registered)
                    planned.append(
                        (
                            offer,
                            cspec,
                            self.plan_multi(
                                people, cspec, first_of(cspec), spec.completion_attendance_percent
                            ),
                        )
                    )
            else:
                for cspec in spec.cohorts:
                    planned.append((offer, cspec, self.plan_single(pools[spec.pool], cspec, first_of(cspec))))
        self._add_participant_history(planned, offers)

        # What is left of the seed's headline ("696 sessions to 16,619 participants over the last 3 years").
        seeded_sessions = sum(
            len(c.sessions)
            for _, c, _ in planned
            if catalogue.HISTORY_START <= c.sessions[0].on <= catalogue.HISTORY_END
        )
        seeded_present = sum(
            sum(1 for m in p.marks if m == "present")
            for _, c, plans in planned
            if catalogue.HISTORY_START <= c.sessions[0].on <= catalogue.HISTORY_END
            for p in plans
        )
        if self.small:
            filler_sessions, filler_present = SMALL_FILLER_SESSIONS, SMALL_FILLER_PARTICIPANTS
        else:
            filler_sessions = catalogue.HEADLINE_SESSIONS - seeded_sessions
            filler_present = catalogue.HEADLINE_PARTICIPANTS - seeded_present
        for fspec, cspec in self.filler_cohorts(filler_sessions, filler_present):
            planned.append(
                (offers[fspec.slug], cspec, self.plan_single(pools[fspec.pool], cspec, first_of(cspec)))
            )
        planned += self.plan_recent(offers, pools)
        self.write_history(planned)
        return offers

    def _add_participant_history(
        self, planned: list[tuple[Offer, CohortSpec, list[PlannedBooking]]], offers: dict[str, Offer]
    ) -> None:
        """The demo participant attended a Systems OD bitesize session and a Teaming Skills workshop.

        They take the place of one of the attendees already planned, so the seeds' figures stay exact.
        """
        person = self.people["participant"]
        wanted = {
            (catalogue.OD_BITESIZE.slug, catalogue.OD_BITESIZE.cohorts[0].name),
            (catalogue.TEAMING_SKILLS.slug, catalogue.TEAMING_SKILLS.cohorts[3].name),
        }
        for offer, cspec, plans in planned:
            if (offer.slug, cspec.name) in wanted:
                attended = next(p for p in plans if p.marks == ["present"])
                attended.person = person

    def plan_recent(
        self, offers: dict[str, Offer], pools: dict[str, list[StaffMember]]
    ) -> list[tuple[Offer, CohortSpec, list[PlannedBooking]]]:
        """Cohorts since May 2023 (academy.demo.recent), each drawn with its own seeded generator, so a
        cohort holds the same people whatever else the calendar holds. Sessions after the cut-off (a
        week ago) have no attendance yet, and nobody has completed a cohort that is still running."""
        until = self.today - dt.timedelta(days=RECENT_CUT_OFF_DAYS)
        specs = {spec.slug: spec for spec in (*catalogue.SEEDED_OFFERS, *catalogue.FILLER_OFFERS)}
        saved, planned = self.rng, []
        self.recent = []
        try:
            for item in recent.recent_calendar(until=until, small=self.small):
                self.rng = random.Random(f"{SEED}:{item.slug}:{item.spec.name}")
                spec, cspec = specs[item.slug], item.spec
                first = _at(cspec.sessions[0].on, cspec.sessions[0].start)
                pool = pools.get(spec.pool, [])
                if item.plan == "care_home":
                    plans = self.plan_recent_care_home(pool, cspec, first)
                elif item.plan == "team":
                    team = self.teams(1, cspec.registered)[0]
                    plans = self.plan_multi(team, cspec, first, spec.completion_attendance_percent)
                elif item.plan == "multi":
                    people = self.rng.sample(pool, min(cspec.registered, len(pool)))
                    plans = self.plan_multi(people, cspec, first, spec.completion_attendance_percent)
                else:
                    plans = self.plan_single(pool, cspec, first)
                running = [s.on > until for s in cspec.sessions]
                if any(running):
                    for plan in plans:
                        plan.marks = [
                            None if later else m for m, later in zip(plan.marks, running, strict=True)
                        ]
                        plan.completed, plan.project = False, None
                planned.append((offers[item.slug], cspec, plans))
                self.recent.append((item, plans))
        finally:
            self.rng = saved
        return planned

    def plan_recent_care_home(
        self, pool: Sequence[StaffMember], spec: CohortSpec, first: dt.datetime
    ) -> list[PlannedBooking]:
        """A care home cohort since the seeds: most complete (80% of modules and a project)."""
        chosen = self.rng.sample(pool, spec.registered)
        completing = spec.registered - self.rng.choice((1, 1, 2, 2, 3))
        number = int(spec.name.split()[-1])
        plans = []
        for i, member in enumerate(chosen):
            marks: list[str | None] = ["present"] * 5
            project = None
            if i < completing:
                if self.rng.random() < 0.4:
                    marks[self.rng.randrange(5)] = "apologies"
                project = catalogue.CARE_HOME_RECENT_PROJECTS[
                    (number * 8 + i) % len(catalogue.CARE_HOME_RECENT_PROJECTS)
                ]
            else:
                for k in self.rng.sample(range(5), 3):
                    marks[k] = self.rng.choice(("absent", "apologies"))
            plans.append(
                PlannedBooking(
                    member.person,
                    Booking.Status.CONFIRMED,
                    self._booked_at(first),
                    marks,
                    sponsor=member.person.line_manager,
                    completed=i < completing,
                    project=project,
                )
            )
        return plans

    # --- upcoming cohorts, through the services ----------------------------------------------------

    def _upcoming_cohort(
        self, offer: Offer, name: str, sessions: Sequence[tuple[str, dt.date, dt.time, int]], capacity: int
    ) -> Cohort:
        pm = self.users["programme.manager"]
        cohort = offer_services.cohort_create(
            offer=offer,
            by=pm,
            name=name,
            capacity=capacity,
            starts_on=sessions[0][1],
            ends_on=sessions[-1][1],
            booking_closes_on=sessions[0][1] - dt.timedelta(days=7),
            delivery_partner=offer.delivery_partner,
        )
        for title, on, start, minutes in sessions:
            begins = _at(on, start)
            offer_services.session_create(
                cohort=cohort,
                by=pm,
                title=title,
                starts_at=begins,
                ends_at=begins + dt.timedelta(minutes=minutes),
                online_url=ONLINE_URL,
            )
        return cohort

    def _book(self, cohort: Cohort, members: Sequence[StaffMember | Person], **extra: Any) -> None:
        pm = self.users["programme.manager"]
        for member in members:
            person = member if isinstance(member, Person) else member.person
            offer_services.booking_create(
                cohort=cohort, person=person, by=pm, eligibility_confirmed=True, **extra
            )

    def _next_number(self, slug: str) -> int:
        """The number after the last numbered cohort ("Cohort 12") of an offer."""
        names = Cohort.objects.filter(offer__slug=slug, offer__academy=self.academy).values_list(
            "name", flat=True
        )
        numbers = [
            int(name.split()[-1])
            for name in names
            if name.startswith("Cohort ") and name.split()[-1].isdigit()
        ]
        return max(numbers, default=0) + 1

    def build_upcoming(self, offers: dict[str, Offer]) -> None:
        pools = self.pools()
        rng = self.rng
        base = _weekday_on_or_after(self.today + dt.timedelta(days=28), 1)  # a Tuesday about four weeks ahead
        participant = self.people["participant"]
        shrink = SMALL_SHRINK if self.small else 1

        # Leading Transformation: three more sessions with places; the participant has booked the first.
        lt = offers[catalogue.LEADING_TRANSFORMATION.slug]
        for n, topic in enumerate(catalogue.LEADING_TRANSFORMATION_TOPICS[:3]):
            on = base + dt.timedelta(weeks=4 * n)
            cohort = self._upcoming_cohort(
                lt, f"{topic} ({on:%B %Y})", [(topic, on, dt.time(12, 0), 90)], 300
            )
            if n == 0:
                self._book(cohort, [participant])
            self._book(cohort, rng.sample(pools["open"], (60 + 20 * n) // shrink))

        # Teaming Skills: one cohort full with a waiting list, one with places left.
        teaming = offers[catalogue.TEAMING_SKILLS.slug]
        full = self._upcoming_cohort(
            teaming, f"Teaming Skills, {base:%B %Y}", [("Teaming Skills", base, dt.time(9, 30), 180)], 20
        )
        self._book(full, rng.sample(pools["managers"], 24))  # the last four join the waiting list
        later = base + dt.timedelta(weeks=8)
        open_cohort = self._upcoming_cohort(
            teaming, f"Teaming Skills, {later:%B %Y}", [("Teaming Skills", later, dt.time(9, 30), 180)], 30
        )
        self._book(open_cohort, rng.sample(pools["managers"], 9))

        # Systems OD bitesize: the first two sessions again.
        od = offers[catalogue.OD_BITESIZE.slug]
        for n, (title, _) in enumerate(catalogue.OD_BITESIZE_TITLES[:2]):
            on = base + dt.timedelta(weeks=2 + 4 * n, days=2)
            cohort = self._upcoming_cohort(
                od, f"Session {n + 1}: {title} ({on:%B %Y})", [(title, on, dt.time(12, 30), 60)], 150
            )
            self._book(cohort, rng.sample(pools["open"], 30 // shrink or 3))

        # Positive Action Programme: a workshop with places.
        pa = offers[catalogue.POSITIVE_ACTION.slug]
        topic = catalogue.POSITIVE_ACTION_TOPICS[0]
        on = base + dt.timedelta(weeks=3)
        cohort = self._upcoming_cohort(pa, f"{topic} ({on:%B %Y})", [(topic, on, dt.time(9, 30), 180)], 40)
        self._book(cohort, rng.sample(pools["ethnic_minority"], 12))

        # Community of practice: the next half-day workshop.
        cop = offers[catalogue.COMMUNITY_OF_PRACTICE.slug]
        on = base + dt.timedelta(weeks=12)
        cohort = self._upcoming_cohort(
            cop, f"{on:%B %Y} workshop", [("Community of practice workshop", on, dt.time(9, 30), 210)], 100
        )
        self._book(cohort, rng.sample(pools["open"], 20 // shrink or 2))

        # Primary care programme, cohort 4: applications waiting for the programme team.
        pc = offers[catalogue.PRIMARY_CARE.slug]
        start = base + dt.timedelta(weeks=10)
        cohort = self._upcoming_cohort(
            pc,
            f"Cohort {self._next_number(catalogue.PRIMARY_CARE.slug)}",
            [
                (t, start + dt.timedelta(weeks=4 * m), dt.time(13, 30), 180)
                for m, t in enumerate(catalogue.PRIMARY_CARE_TOPICS)
            ],
            32,
        )
        self._book(
            cohort,
            rng.sample(pools["primary_care"], 8),
            application_statement="I lead a team in general practice and want to develop my leadership of change.",
        )

        # Care home programme, cohort 9: six places already approved, and the participant's application
        # waiting for their sponsor (their line manager, the sponsor login).
        ch = offers[catalogue.CARE_HOME.slug]
        start = base + dt.timedelta(weeks=6)
        cohort = self._upcoming_cohort(
            ch,
            f"Cohort {self._next_number(catalogue.CARE_HOME.slug)}",
            [
                (t, start + dt.timedelta(weeks=3 * m), dt.time(10, 0), 120)
                for m, t in enumerate(catalogue.CARE_HOME_MODULES)
            ],
            10,
        )
        approved = rng.sample(pools["care_home_leaders"], 6)
        for member in approved:
            Booking.objects.create(
                cohort=cohort,
                person=member.person,
                status=Booking.Status.CONFIRMED,
                sponsor=member.person.line_manager,
                sponsor_decided_at=timezone.now(),
                application_statement="I want to lead my team through change with more confidence.",
            )
        Cohort.objects.filter(pk=cohort.pk).update(confirmed_count=len(approved))
        offer_services.booking_create(
            cohort=cohort,
            person=participant,
            by=self.users["participant"],
            application_statement=(
                "As deputy manager I want to develop my leadership skills and lead an improvement project on "
                "how we respond to call bells."
            ),
            sponsor=self.people["sponsor"],
            eligibility_confirmed=True,
        )

    # --- the whole thing ----------------------------------------------------------------------------

    def build(self) -> dict[str, int]:
        steps: list[tuple[str, Callable[[], Any]]] = [
            ("staff", self.build_staff),
            ("logins", self.build_logins),
        ]
        for name, step in steps:
            started = time.perf_counter()
            step()
            self.timings[name] = time.perf_counter() - started
        started = time.perf_counter()
        offers = self.build_history()
        self.timings["history"] = time.perf_counter() - started
        started = time.perf_counter()
        self.build_upcoming(offers)
        self.timings["upcoming"] = time.perf_counter() - started
        started = time.perf_counter()
        evaluations = build_region_evaluations(
            offers=offers, by=self.users["programme.manager"], rng=self.rng
        )
        started = time.perf_counter()
        recent_responses = build_recent_evaluations(
            delivered=self.recent_delivered(),
            offers=offers,
            by=self.users["programme.manager"],
            small=self.small,
        )
        recent_goals = build_recent_goals(
            cohorts=list(
                Cohort.objects.filter(
                    offer=offers[catalogue.PCN_COACHING.slug], starts_on__gte=recent.RECENT_START
                ).order_by("starts_on")
            ),
            by=self.users["programme.manager"],
        )
        self.timings["evaluations"] = time.perf_counter() - started
        started = time.perf_counter()
        hub = build_coaching_hub(
            academy=self.academy,
            pool=[m.person for m in self.staff if m.person.pk not in self.reserved],
            coach=self.people["coach"],
            participant=self.people["participant"],
            hub_administrator=self.users["hub.administrator"],
            rng=self.rng,
            today=self.today,
        )
        taken = self.reserved | set(PractitionerProfile.objects.values_list("person_id", flat=True))
        taken |= set(CoachingRequest.objects.values_list("person_id", flat=True))
        hub |= build_commissioned_and_team_coaching(
            academy=self.academy,
            pool=[m.person for m in self.staff if m.person.pk not in taken],
            rng=self.rng,
        )
        self.timings["coaching hub"] = time.perf_counter() - started
        started = time.perf_counter()
        learning_sets = build_learning_sets(academy=self.academy, facilitator=self.people["facilitator"])
        self.timings["learning sets"] = time.perf_counter() - started
        started = time.perf_counter()
        interchange = build_interchange(
            academy=self.academy,
            pool=[m.person for m in self.staff if m.person.pk not in self.reserved],
            participant=self.people["participant"],
            rng=self.rng,
            today=self.today,
        )
        self.timings["interchange"] = time.perf_counter() - started
        started = time.perf_counter()
        systems_plans = build_systems_plans(academy_id=self.academy.pk, reserved=frozenset(self.reserved))
        self.timings["ICS plans"] = time.perf_counter() - started
        systems_od = build_systems_programmes()  # after the plans: its measures belong to one
        started = time.perf_counter()
        feedback360 = build_feedback360(
            academy=self.academy,
            participant=self.people["participant"],
            pool=[m.person for m in self.staff if m.person.pk not in self.reserved],
            rng=self.rng,
            now=timezone.now(),
        )
        self.timings["360 feedback"] = time.perf_counter() - started
        started = time.perf_counter()
        validation = build_validation(
            academy=self.academy,
            pool=[m.person for m in reversed(self.staff) if m.person.pk not in self.reserved],
            panel_member=self.people["panel.member"],
        )
        self.timings["validation"] = time.perf_counter() - started
        offer_services.academy_participants_refresh()  # the history's bookings were bulk-created
        cohorts, sessions, bookings, attendance = self.counts_history
        return {
            "staff": len(self.staff),
            "offers": len(offers),
            "past cohorts": cohorts,
            "past sessions": sessions,
            "past bookings": bookings,
            "past attendance records": attendance,
            "sessions May 2020 to April 2023": self.sessions_in_window,
            "participants May 2020 to April 2023": self.present_in_window,
            "evaluation responses": sum(n for name, n in evaluations.items() if name != "goals"),
            "goal tracker goals": evaluations["goals"],
            "sessions since May 2023": self.sessions_recent,
            "participants since May 2023": self.present_recent,
            "evaluation responses since May 2023": sum(recent_responses.values()),
            "goal tracker goals since May 2023": recent_goals,
            **{f"hub {name}": n for name, n in hub.items()},
            **learning_sets,
            **interchange,
            **systems_od,
            **feedback360,
            **systems_plans,
            **validation,
        }

    def recent_delivered(self) -> dict[tuple[str, int], Delivered]:
        """Attendances, the people who came and the last delivered session, per offer and programme year,
        since the seeds."""
        delivered: dict[tuple[str, int], Delivered] = {}
        for item, plans in self.recent:
            present = sum(1 for p in plans for m in p.marks if m == "present")
            held = [s.on for k, s in enumerate(item.spec.sessions) if any(p.marks[k] for p in plans)]
            if not held:
                continue
            key = (item.slug, item.year)
            so_far = delivered.get(key, Delivered(attendances=0, people=set(), last=held[-1]))
            delivered[key] = Delivered(
                attendances=so_far.attendances + present,
                people=so_far.people | {p.person.pk for p in plans if "present" in p.marks},
                last=max(so_far.last, held[-1]),
            )
        return delivered


DEMO_LOGINS = (
    ("participant", "participant", "Deputy manager at a Norfolk and Waveney care home", "My learning; the care home application waiting for the sponsor; a coaching shortlist to choose from"),
    ("sponsor", "sponsor", "Registered manager, the participant's line manager", "Sponsor approvals: approve the care home application"),
    ("programme manager", "programme.manager", "East of England Leadership Academy", "Offers, cohorts, waiting lists, attendance"),
    ("facilitator", "facilitator", "Tricordant (delivery partner)", "Tricordant's cohorts and attendance registers"),
    ("coach", "coach", "Coach in the coaching and mentoring hub", "Coaching and mentoring: an introduction to accept, sessions to log"),
    ("hub administrator", "hub.administrator", "East of England coaching and mentoring hub", "Coaching hub: verify accreditation, weights, run and publish matching"),
    ("panel member", "panel.member", "System OD practitioner validation panel", "Claims to review"),
    ("ICS OD lead", "ics.od.lead", "Norfolk and Waveney Integrated Care System", "The system's figures; its leadership and OD plan and charter (/systems/), and BLMK's plan reviewed once"),
    ("administrator", "admin", "Academy administrator (superuser)", "Django admin, reference data, roles"),
)  # fmt: skip


def demo_logins() -> list[Login]:
    return [Login(role, f"{key}@{LOGIN_DOMAIN}", who, try_this) for role, key, who, try_this in DEMO_LOGINS]


def demo_build(
    *, small: bool = False, rebuild: bool = False, log: Callable[[str], None] = print
) -> DemoResult:
    """Build the East of England demo region, unless it is already there (then use rebuild=True)."""
    if demo_is_built() and not rebuild:
        return DemoResult(built=False, logins=demo_logins())
    started = time.perf_counter()
    timings: dict[str, float] = {}
    with transaction.atomic():
        if rebuild:
            demo_wipe()
            timings["wipe"] = time.perf_counter() - started
        builder = RegionBuilder(small=small, log=log)
        counts = builder.build()
    # Themes after the rest is committed: creating a theme set starts its run once the creation commits
    # (in-process without a broker), and the programme manager's names are given to what that run found.
    themes_started = time.perf_counter()
    offers = {
        o.slug: o for o in Offer.objects.filter(academy__slug=ACADEMY_SLUG, slug__in=demo_offer_slugs())
    }
    themes = build_region_themes(offers=offers, by=builder.users["programme.manager"])
    counts["themes"] = sum(themes.values())
    timings.update(builder.timings)
    timings["themes"] = time.perf_counter() - themes_started
    vacuumed = vacuum_analyse()
    if vacuumed is not None:
        timings["vacuum"] = vacuumed
    timings["total"] = time.perf_counter() - started
    assert STAFF_EMAIL_DOMAIN.endswith(LOGIN_DOMAIN)  # demo_wipe finds staff and logins by this domain
    return DemoResult(built=True, logins=demo_logins(), counts=counts, timings=timings)
