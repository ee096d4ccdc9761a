"""The national benchmark data set: the whole NHS in England at PRODUCT.md's scale.

    about 1.5 million staff, 200,000 participants, 1 million registrations (bookings) and 5 million
    evaluation answers, across all 42 integrated care systems and the 7 regional academies.

`--factor` builds a fraction of it (each figure multiplied and rounded). Rows are generated in
Python from a seeded random generator and streamed into PostgreSQL with COPY (psycopg 3), with ids
assigned here so that line managers, bookings, attendance, responses and answers can refer to each
other without reading anything back; sequences are moved past the new ids afterwards. On SQLite the
same rows go in with executemany, and only small factors are allowed.

The set is additive and has its own markers (organisation codes starting "XN", e-mail addresses at
national.academy.example, offer slugs starting "national-"); it refuses to build twice into the same
database. Build it into a database of its own (e.g. academy_bench).
"""

import datetime as dt
import json
import math
import random
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import cycle
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.utils import timezone

from academy.evaluation.models import Answer, Response, Survey
from academy.evaluation.services.instruments import instruments_load_standard
from academy.evaluation.services.responses import survey_tallies_refresh
from academy.offers.models import (
    Attendance,
    Booking,
    Cohort,
    DeliveryFormat,
    Offer,
    OfferKind,
    Session,
)
from academy.offers.services import academy_participants_refresh
from academy.people.models import (
    ICS,
    Academy,
    EqualityRecord,
    Organisation,
    OrganisationType,
    Person,
    RoleLevel,
    Sector,
    StaffGroup,
)
from academy.people.services import equality_profile_refresh

from .maintenance import vacuum_analyse
from .names import FAMILY_NAMES, GIVEN_NAMES
from .staff import (
    AGE_MIX,
    DISABILITY_MIX,
    EQUALITY_DECLARED,
    ETHNIC_MIX,
    GENDER_SAME_MIX,
    GROUP_MIX,
    JUNIOR_LEVELS,
    ORIENTATION_MIX,
    PROFESSIONS,
    RELIGION_MIX,
    SEX_MIX,
    TITLES,
)

FULL_SCALE = {"staff": 1_500_000, "participants": 200_000, "bookings": 1_000_000, "answers": 5_000_000}
SQLITE_MAX_FACTOR = 0.02
SEED = 20230401
LONDON = ZoneInfo("Europe/London")
EMAIL_DOMAIN = "national.academy.example"
ORG_PREFIX = "XN"
BOOKINGS_PER_COHORT = 50
MULTI_SESSION_SHARE = 0.3  # programmes of four sessions; the rest are single sessions
SESSIONS_PER_PROGRAMME = 4
OFFERS_PER_ACADEMY = 30
FIRST_DAY = dt.date(2020, 5, 1)
LAST_DAY = dt.date(2027, 6, 30)
PRESENT_RATE = 0.78
CANCELLED_RATE = 0.08
BRANCHING = 8

# One integrated care system's organisations: (type, sector, how many, share of the system's staff).
ORG_TEMPLATE: tuple[tuple[str, str, int, float], ...] = (
    (OrganisationType.ICB, Sector.NHS, 1, 0.01),
    (OrganisationType.ACUTE, Sector.NHS, 3, 0.36),
    (OrganisationType.COMMUNITY, Sector.NHS, 1, 0.08),
    (OrganisationType.MENTAL_HEALTH, Sector.NHS, 1, 0.10),
    (OrganisationType.LOCAL_AUTHORITY, Sector.LOCAL_GOVERNMENT, 2, 0.12),
    (OrganisationType.CARE_HOME, Sector.SOCIAL_CARE, 20, 0.14),
    (OrganisationType.PCN, Sector.PRIMARY_CARE, 5, 0.03),
    (OrganisationType.GP_PRACTICE, Sector.PRIMARY_CARE, 15, 0.10),
    (OrganisationType.VCSE, Sector.VCSE, 4, 0.03),
    (OrganisationType.AMBULANCE, Sector.NHS, 1, 0.03),
)
TOPICS = (
    "Leading with compassion", "Inclusive leadership", "Systems leadership", "Leading change", "Coaching skills",
    "Quality improvement", "Career conversations", "Psychological safety", "Leading transformation",
    "Team development", "Collaborative leadership", "Resilience and wellbeing", "Population health",
    "Managing conflict", "Leading in primary care", "Action learning", "Mentoring", "Leadership essentials",
    "Senior leaders network", "Organisation development basics", "Leading through data", "Civility and respect",
    "Leading in social care", "Positive action", "Reciprocal mentoring", "Culture and engagement",
    "Place-based partnerships", "Board development", "First-line management", "Leading with kindness",
)  # fmt: skip
KINDS = (
    OfferKind.BITESIZE, OfferKind.WORKSHOP, OfferKind.PROGRAMME, OfferKind.NETWORK,
    OfferKind.ACTION_LEARNING, OfferKind.COACHING, OfferKind.MENTORING, OfferKind.ONLINE_MODULE,
)  # fmt: skip
TAKEAWAYS = (
    "refocusing our purpose", "leadership starts with self", "build on a shared purpose",
    "the importance of strengthening relationships", "listen more and challenge respectfully",
    "people are the assets", "be more curious with the community", "collaboration is key",
    "psychological safety matters", "lean into discomfort",
)  # fmt: skip
INFLUENCES = (
    "to tackle things as a wider system", "to go in with a more positive mind", "use a more place based approach",
    "make time for reflection with my team", "involve service users earlier", "share the tools with colleagues",
)  # fmt: skip
ONE_WORDS = (
    "compassion", "collaboration", "courage", "kindness", "authenticity", "listening", "integration",
    "transparency", "curiosity", "resilience", "diversity", "patience",
)  # fmt: skip
TESTIMONIES = (
    "Great session, great tools and great conversations.", "Thought provoking and very helpful.",
    "Brilliant and engaging.", "I would recommend this session to others.", "",
)  # fmt: skip
AGREEMENT = (("strongly_agree", 45), ("agree", 42), ("neither", 9), ("disagree", 3), ("strongly_disagree", 1))


class NationalScaleRefused(Exception):
    """The national set cannot be built here (wrong database, too big for SQLite, or already built)."""


@dataclass
class NationalResult:
    counts: dict[str, int] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)


def national_targets(factor: float) -> dict[str, int]:
    return {name: max(1, round(full * factor)) for name, full in FULL_SCALE.items()}


class RowWriter:
    """Writes rows (tuples in the order of `fields`) to a model's table: COPY on PostgreSQL, executemany elsewhere."""

    def __init__(self) -> None:
        self.postgres = connection.vendor == "postgresql"

    def next_id(self, model: type[models.Model]) -> int:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {model._meta.db_table}")  # noqa: S608 - table name from the model
            return int(cursor.fetchone()[0]) + 1

    def write(self, model: type[models.Model], fields: Sequence[str], rows: Iterable[tuple[Any, ...]]) -> int:
        table = model._meta.db_table
        model_fields = [model._meta.get_field(name) for name in fields]
        columns: list[str] = [f.column for f in model_fields]  # type: ignore[union-attr,misc]
        count = 0
        with connection.cursor() as cursor:
            if self.postgres:
                raw = cursor.cursor  # the psycopg cursor under Django's wrapper
                with raw.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                        count += 1
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"  # noqa: S608
                )
            else:
                adapters = [self._adapter(f) for f in model_fields]
                sql = (
                    f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"  # noqa: S608
                )
                batch: list[list[Any]] = []
                for row in rows:
                    batch.append([adapt(value) for adapt, value in zip(adapters, row, strict=True)])
                    if len(batch) >= 5000:
                        cursor.executemany(sql, batch)
                        count += len(batch)
                        batch = []
                if batch:
                    cursor.executemany(sql, batch)
                    count += len(batch)
        return count

    @staticmethod
    def _adapter(model_field: Any) -> Callable[[Any], Any]:
        if isinstance(model_field, models.DateTimeField):
            return lambda v: connection.ops.adapt_datetimefield_value(v) if v is not None else None
        if isinstance(model_field, models.JSONField):
            return lambda v: json.dumps(v) if v is not None else None
        return lambda v: v


def _cumulative(mix: Sequence[tuple[str, int]]) -> tuple[list[str], list[int]]:
    values = [v for v, _ in mix]
    total, cum = 0, []
    for _, weight in mix:
        total += weight
        cum.append(total)
    return values, cum


def _depth(index: int) -> int:
    """Depth of the index-th person in an organisation whose tree has BRANCHING reports per manager."""
    depth, first, width = 0, 0, 1
    while index > first + width - 1:
        first += width
        width *= BRANCHING
        depth += 1
    return depth


def _split_even(total: int, parts: int) -> list[int]:
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]


class NationalBuilder:
    def __init__(self, *, factor: float, log: Callable[[str], None]) -> None:
        self.factor = factor
        self.log = log
        self.targets = national_targets(factor)
        self.rng = random.Random(SEED)
        self.writer = RowWriter()
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.timings: dict[str, float] = {}
        self.counts: dict[str, int] = {}

    def _timed(self, name: str, step: Callable[[], None]) -> None:
        started = time.perf_counter()
        step()
        self.timings[name] = time.perf_counter() - started
        self.log(f"  {name}: {self.timings[name]:.1f} s")

    # --- organisations and staff ------------------------------------------------------------------

    def build_organisations(self) -> None:
        systems = list(ICS.objects.select_related("region").order_by("code"))
        if len(systems) != 42:
            raise NationalScaleRefused(
                "Load the reference data first (42 integrated care systems are needed)."
            )
        weights = [self.rng.uniform(0.6, 1.4) for _ in systems]
        staff_per_system = _split_weighted(self.targets["staff"], weights)
        orgs, staff_counts = [], []
        for ics, ics_staff in zip(systems, staff_per_system, strict=True):
            shares = [share for *_, share in ORG_TEMPLATE]
            per_type = _split_weighted(ics_staff, shares)
            for (org_type, sector, how_many, _), type_staff in zip(ORG_TEMPLATE, per_type, strict=True):
                for n, org_staff in enumerate(_split_even(type_staff, how_many), 1):
                    label = OrganisationType(org_type).label
                    orgs.append(
                        Organisation(
                            ods_code=f"{ORG_PREFIX}{ics.code}{org_type[:3].upper()}{n:02d}",
                            name=f"{ics.short_name or ics.name} {label.lower()} {n} (national benchmark)",
                            org_type=org_type,
                            sector=sector,
                            ics=ics,
                            workforce_headcount=max(org_staff, 1),
                        )
                    )
                    staff_counts.append(org_staff)
        Organisation.objects.bulk_create(orgs, batch_size=1000)
        self.orgs = orgs
        self.org_staff = staff_counts
        self.counts["organisations"] = len(orgs)

    def build_staff(self) -> None:
        rng = self.rng
        first_id = self.writer.next_id(Person)
        self.person_first_id = first_id
        # Per person (by index): organisation index, role level, for reaching them later.
        self.person_org: list[int] = []
        self.person_level: list[str] = []
        levels_by_depth = (
            (RoleLevel.CHIEF_EXECUTIVE,),
            (RoleLevel.DIRECTOR,),
            (RoleLevel.BAND_9, RoleLevel.BAND_8D),
            (RoleLevel.BAND_8A, RoleLevel.BAND_8B, RoleLevel.BAND_8C),
            (RoleLevel.BAND_7,),
        )
        junior_values, junior_cum = _cumulative(JUNIOR_LEVELS)
        now = self.now

        def rows() -> Iterable[tuple[Any, ...]]:
            pid = first_id
            for org_index, (org, count) in enumerate(zip(self.orgs, self.org_staff, strict=True)):
                if count == 0:
                    continue
                mix = GROUP_MIX.get(org.org_type, GROUP_MIX["nhs_provider"])
                group_values, group_cum = _cumulative(mix)
                groups = rng.choices(group_values, cum_weights=group_cum, k=count)
                juniors = rng.choices(junior_values, cum_weights=junior_cum, k=count)
                given = rng.choices(GIVEN_NAMES, k=count)
                family = rng.choices(FAMILY_NAMES, k=count)
                base = pid
                for k in range(count):
                    depth = _depth(k)
                    level: str
                    if depth < len(levels_by_depth):
                        options = levels_by_depth[depth]
                        level = options[k % len(options)]
                    else:
                        level = juniors[k]
                    group = StaffGroup.MANAGEMENT if depth <= 1 else groups[k]
                    senior, middle, junior = TITLES[group]
                    if depth == 0:
                        title = "Chief executive"
                    elif depth == 1:
                        title = "Director"
                    else:
                        tier = senior if depth <= 3 else middle if level in ("band_6", "band_7") else junior
                        title = tier[k % len(tier)]
                    manager = None if k == 0 else base + (k - 1) // BRANCHING
                    self.person_org.append(org_index)
                    self.person_level.append(level)
                    yield (
                        pid, now, now, given[k], family[k], f"p{pid}@{EMAIL_DOMAIN}", title, level, group,
                        PROFESSIONS[group], org.pk, manager,
                    )  # fmt: skip
                    pid += 1

        fields = (
            "id", "created_at", "updated_at", "given_name", "family_name", "email", "job_title", "role_level",
            "staff_group", "profession", "organisation", "line_manager",
        )  # fmt: skip
        self.counts["staff"] = self.writer.write(Person, fields, rows())
        self.staff_total = self.counts["staff"]

    def build_answer_tallies(self) -> None:
        self.counts["answer tally rows"] = survey_tallies_refresh()

    def build_equality_profile(self) -> None:
        self.counts["workforce equality profile rows"] = equality_profile_refresh()

    def build_academy_participants(self) -> None:
        self.counts["academy participant rows"] = academy_participants_refresh()

    def build_equality(self) -> None:
        rng = self.rng
        total = self.staff_total
        declared = [i for i in range(total) if rng.random() < EQUALITY_DECLARED]
        n = len(declared)
        columns = []
        for mix in (
            ETHNIC_MIX,
            SEX_MIX,
            GENDER_SAME_MIX,
            DISABILITY_MIX,
            ORIENTATION_MIX,
            RELIGION_MIX,
            AGE_MIX,
        ):
            values, cum = _cumulative(mix)
            columns.append(rng.choices(values, cum_weights=cum, k=n))
        first_id = self.writer.next_id(EqualityRecord)
        now = self.now

        def rows() -> Iterable[tuple[Any, ...]]:
            for j, i in enumerate(declared):
                yield (first_id + j, now, now, self.person_first_id + i, *(col[j] for col in columns))

        fields = (
            "id", "created_at", "updated_at", "person", "ethnic_category", "sex", "gender_identity_same_as_birth",
            "disability", "sexual_orientation", "religion", "age_band",
        )  # fmt: skip
        self.counts["equality records"] = self.writer.write(EqualityRecord, fields, rows())

    # --- offers, cohorts, sessions ----------------------------------------------------------------

    def build_offers(self) -> None:
        rng = self.rng
        academies = list(
            Academy.objects.filter(kind=Academy.Kind.REGIONAL).select_related("region").order_by("slug")
        )
        if len(academies) != 7:
            raise NationalScaleRefused("Load the reference data first (7 regional academies are needed).")
        region_of_org: list[int] = [org.ics.region_id for org in self.orgs]  # type: ignore[union-attr]
        # Participants: a random sample of all staff, grouped by the region they work in.
        chosen = rng.sample(range(self.staff_total), self.targets["participants"])
        regions: list[int] = [a.region_id for a in academies if a.region_id is not None]
        by_region: dict[int, list[int]] = {region: [] for region in regions}
        for i in chosen:
            by_region[region_of_org[self.person_org[i]]].append(i)
        participants = [len(by_region[r]) for r in regions]
        bookings_per_region = _split_weighted(self.targets["bookings"], [max(p, 1) for p in participants])

        offers, cohorts, cohort_people, cohort_region = [], [], [], []
        self.cohort_sessions: list[int] = []
        span = (LAST_DAY - FIRST_DAY).days
        for academy, region, pool_size, region_bookings in zip(
            academies, regions, participants, bookings_per_region, strict=True
        ):
            pool = by_region[region]
            if not pool:
                continue
            count = max(
                1,
                round(region_bookings / BOOKINGS_PER_COHORT),
                math.ceil(region_bookings / max(1, int(pool_size * 0.9))),
            )
            academy_offers = []
            for n in range(min(OFFERS_PER_ACADEMY, count)):
                kind = KINDS[n % len(KINDS)]
                topic = TOPICS[n % len(TOPICS)]
                offer = Offer(
                    academy=academy,
                    title=f"{topic} ({academy.region.name})",  # type: ignore[union-attr]
                    slug=f"national-{academy.slug}-{n + 1}",
                    kind=kind,
                    status=Offer.Status.PUBLISHED,
                    summary=f"{topic}: part of the national benchmark data set.",
                    delivery_format=DeliveryFormat.VIRTUAL,
                    requires_application=kind == OfferKind.PROGRAMME,
                    completion_attendance_percent=75 if kind == OfferKind.PROGRAMME else 100,
                )
                academy_offers.append(offer)
            offers += academy_offers
            sizes = _split_even(region_bookings, count)
            order = cycle(rng.sample(pool, len(pool)))
            for c, size in enumerate(sizes):
                offer = academy_offers[c % len(academy_offers)]
                multi = offer.kind == OfferKind.PROGRAMME or rng.random() < MULTI_SESSION_SHARE / 2
                start = FIRST_DAY + dt.timedelta(days=rng.randrange(span))
                sessions = SESSIONS_PER_PROGRAMME if multi else 1
                end = start + dt.timedelta(weeks=3 * (sessions - 1))
                cohorts.append(
                    Cohort(
                        offer=offer,
                        name=f"Cohort {c + 1}",
                        capacity=size + 10,
                        starts_on=start,
                        ends_on=end,
                        booking_closes_on=start - dt.timedelta(days=3),
                        delivery_partner=None,
                        confirmed_count=0,
                    )
                )
                members: list[int] = []
                seen: set[int] = set()
                while len(members) < size:
                    person = next(order)
                    if person not in seen:
                        seen.add(person)
                        members.append(person)
                cohort_people.append(members)
                cohort_region.append(region)
                self.cohort_sessions.append(sessions)
        Offer.objects.bulk_create(offers, batch_size=1000)
        self.cohort_percent = [cohort.offer.completion_attendance_percent for cohort in cohorts]
        for cohort in cohorts:
            cohort.offer = cohort.offer  # picks up the offer's new id (and keeps it cached)
        Cohort.objects.bulk_create(cohorts, batch_size=2000)
        session_objects = []
        for cohort, sessions in zip(cohorts, self.cohort_sessions, strict=True):
            for s in range(sessions):
                day = cohort.starts_on + dt.timedelta(weeks=3 * s)
                begins = dt.datetime.combine(day, dt.time(10, 0), tzinfo=LONDON)
                session_objects.append(
                    Session(
                        cohort=cohort,
                        title=f"Session {s + 1}",
                        sequence=s + 1,
                        starts_at=begins,
                        ends_at=begins + dt.timedelta(hours=2 if sessions > 1 else 1),
                        online_url="https://meet.example.org/national",
                    )
                )
        Session.objects.bulk_create(session_objects, batch_size=5000)
        self.cohorts = cohorts
        self.cohort_people = cohort_people
        self.sessions_by_cohort: list[list[Session]] = []
        i = 0
        for sessions in self.cohort_sessions:
            self.sessions_by_cohort.append(session_objects[i : i + sessions])
            i += sessions
        self.counts["offers"] = len(offers)
        self.counts["cohorts"] = len(cohorts)
        self.counts["sessions"] = len(session_objects)
        self.counts["participants"] = len({p for people in cohort_people for p in people})

    # --- bookings and attendance --------------------------------------------------------------------

    def build_bookings(self) -> None:
        rng = self.rng
        booking_id = self.writer.next_id(Booking)
        attendance_id = self.writer.next_id(Attendance)
        attendance_rows: list[tuple[Any, ...]] = []
        # Per past session: the person indexes present (evaluations are answered by them).
        self.present_by_session: list[tuple[Session, list[int]]] = []
        confirmed_counts: list[int] = []
        persons = self.person_first_id
        org_ids = [org.pk for org in self.orgs]

        def rows() -> Iterable[tuple[Any, ...]]:
            nonlocal booking_id, attendance_id
            # No queries in here: the connection is busy with COPY.
            for cohort, people, sessions, percent in zip(
                self.cohorts, self.cohort_people, self.sessions_by_cohort, self.cohort_percent, strict=True
            ):
                past = sessions[-1].ends_at < self.now
                first = sessions[0].starts_at
                confirmed = 0
                present_lists: list[list[int]] = [[] for _ in sessions]
                for person in people:
                    created = first - dt.timedelta(days=rng.randint(3, 60))
                    cancelled = past and rng.random() < CANCELLED_RATE
                    completed_at = None
                    certificate = None
                    if not cancelled:
                        confirmed += 1
                    if past and not cancelled:
                        attended = 0
                        for s, session in enumerate(sessions):
                            present = rng.random() < PRESENT_RATE
                            attended += present
                            attendance_rows.append(
                                (
                                    attendance_id,
                                    session.pk,
                                    booking_id,
                                    "present" if present else "absent",
                                    session.ends_at,
                                    persons + person,
                                    org_ids[self.person_org[person]],
                                    self.person_level[person],
                                )
                            )
                            attendance_id += 1
                            if present:
                                present_lists[s].append(person)
                        if attended * 100 >= percent * len(sessions):
                            completed_at = sessions[-1].ends_at + dt.timedelta(days=1)
                            certificate = f"AC-{cohort.pk:05d}-{booking_id:07d}"
                    yield (
                        booking_id, created, completed_at or created, cohort.pk, persons + person,
                        "cancelled" if cancelled else "confirmed", "", "", "", "", completed_at, certificate,
                        created + dt.timedelta(days=2) if cancelled else None,
                    )  # fmt: skip
                    booking_id += 1
                confirmed_counts.append(confirmed)
                if past:
                    self.present_by_session += list(zip(sessions, present_lists, strict=True))

        fields = (
            "id", "created_at", "updated_at", "cohort", "person", "status", "application_statement",
            "sponsor_comment", "project_title", "project_summary", "completed_at", "certificate_number",
            "cancelled_at",
        )  # fmt: skip
        self.counts["bookings"] = self.writer.write(Booking, fields, rows())
        self.counts["attendance records"] = self.writer.write(
            Attendance,
            ("id", "session", "booking", "status", "recorded_at", "person", "organisation", "role_level"),
            attendance_rows,
        )
        for cohort, confirmed in zip(self.cohorts, confirmed_counts, strict=True):
            cohort.confirmed_count = confirmed
            cohort.capacity = max(cohort.capacity, confirmed)
        Cohort.objects.bulk_update(self.cohorts, ["confirmed_count", "capacity"], batch_size=2000)

    # --- evaluation -----------------------------------------------------------------------------------

    def build_evaluations(self) -> None:
        """One anonymous session evaluation per past session, answered by some of those present."""
        rng = self.rng
        instrument = next(i for i in instruments_load_standard() if i.key == "session-evaluation")
        questions = {q.code: q.pk for q in instrument.questions.all()}
        total_present = sum(len(p) for _, p in self.present_by_session)
        answers = self.targets["answers"]
        per_response = len(questions)
        responses = math.ceil(answers / per_response)
        short = responses * per_response - answers  # this many responses skip the testimony question
        if responses > total_present:
            raise NationalScaleRefused(
                f"{answers:,} answers need {responses:,} responses but only {total_present:,} people attended."
            )
        surveys = []
        academy_of_offer = dict(Offer.objects.values_list("pk", "academy_id"))
        session_type = ContentType.objects.get_for_model(Session)
        for session, _ in self.present_by_session:
            surveys.append(
                Survey(
                    instrument=instrument,
                    title=f"Session evaluation: {session.title}",
                    academy_id=academy_of_offer[session.cohort.offer_id],
                    subject_type=session_type,
                    subject_id=session.pk,
                    offer_id=session.cohort.offer_id,
                    cohort_id=session.cohort_id,
                    session=session,
                    anonymous=True,
                    opens_at=session.ends_at,
                    closes_at=session.ends_at + dt.timedelta(days=14),
                    # No invitation rows are laid down, so an open survey would otherwise look due.
                    invite_automatically=False,
                    invitations_sent_at=session.ends_at,
                )
            )
        Survey.objects.bulk_create(surveys, batch_size=5000)
        # Responses per survey: the same share of those present everywhere, never more than were there.
        rate = responses / total_present
        quotas = [int(len(p) * rate) for _, p in self.present_by_session]
        left = responses - sum(quotas)
        for i, (_, present) in enumerate(self.present_by_session):
            if left == 0:
                break
            if quotas[i] < len(present):
                quotas[i] += 1
                left -= 1
        org_attrs = [(o.sector, o.org_type, o.ics_id) for o in self.orgs]
        agree_values, agree_cum = _cumulative(AGREEMENT)
        response_id = self.writer.next_id(Response)
        answer_id = self.writer.next_id(Answer)
        answer_rows: list[tuple[Any, ...]] = []
        codes = ("apply_learning", "development_objectives", "lead_and_influence")
        text_questions = (
            ("key_takeaway", TAKEAWAYS),
            ("influence", INFLUENCES),
            ("leadership_quality", ONE_WORDS),
        )
        written = 0

        def rows() -> Iterable[tuple[Any, ...]]:
            nonlocal response_id, answer_id, written
            for survey, (session, present), quota in zip(
                surveys, self.present_by_session, quotas, strict=True
            ):
                when = session.ends_at + dt.timedelta(hours=2)
                for person in rng.sample(present, quota):
                    sector, org_type, ics_id = org_attrs[self.person_org[person]]
                    yield (
                        response_id, survey.pk, True, when, "web", self.person_level[person], "", sector, org_type,
                        ics_id,
                    )  # fmt: skip
                    choices = rng.choices(agree_values, cum_weights=agree_cum, k=3)
                    for code, choice in zip(codes, choices, strict=True):
                        answer_rows.append((answer_id, response_id, questions[code], choice, "", False))
                        answer_id += 1
                    for code, options in text_questions:
                        answer_rows.append(
                            (answer_id, response_id, questions[code], "", rng.choice(options), False)
                        )
                        answer_id += 1
                    if written >= short:
                        text = rng.choice(TESTIMONIES)
                        answer_rows.append(
                            (answer_id, response_id, questions["testimony"], "", text, bool(text))
                        )
                        answer_id += 1
                    written += 1
                    response_id += 1

        fields = (
            "id", "survey", "is_anonymous", "submitted_at", "source", "respondent_role_level",
            "respondent_job_title", "respondent_sector", "respondent_org_type", "respondent_ics",
        )  # fmt: skip
        self.counts["surveys"] = len(surveys)
        self.counts["responses"] = self.writer.write(Response, fields, rows())
        self.counts["answers"] = self.writer.write(
            Answer, ("id", "response", "question", "choice", "text", "consent_to_quote"), answer_rows
        )

    def build(self) -> NationalResult:
        if Organisation.objects.filter(ods_code__startswith=ORG_PREFIX).exists():
            raise NationalScaleRefused(
                "The national data set is already in this database. Build it into a fresh database "
                "(createdb, then migrate) to build it again."
            )
        started = time.perf_counter()
        self._timed("organisations", self.build_organisations)
        self._timed("staff", self.build_staff)
        self._timed("equality records", self.build_equality)
        self._timed("workforce equality profile", self.build_equality_profile)
        self._timed("offers, cohorts and sessions", self.build_offers)
        self._timed("bookings and attendance", self.build_bookings)
        self._timed("academy participants", self.build_academy_participants)
        self._timed("evaluations", self.build_evaluations)
        self._timed("answer tallies", self.build_answer_tallies)
        self.timings["total"] = time.perf_counter() - started
        return NationalResult(counts=self.counts, timings=self.timings)


def _split_weighted(total: int, weights: Sequence[float]) -> list[int]:
    """Whole numbers in proportion to the weights, adding up exactly to total (largest remainder)."""
    scale = total / sum(weights)
    raw = [w * scale for w in weights]
    result = [int(r) for r in raw]
    for i in sorted(range(len(raw)), key=lambda i: raw[i] - result[i], reverse=True)[: total - sum(result)]:
        result[i] += 1
    return result


def national_build(*, factor: float = 1.0, log: Callable[[str], None] = print) -> NationalResult:
    if connection.vendor != "postgresql" and factor > SQLITE_MAX_FACTOR:
        raise NationalScaleRefused(
            f"The national data set needs PostgreSQL (set DATABASE_URL). On {connection.vendor} only "
            f"--factor {SQLITE_MAX_FACTOR} or less is allowed."
        )
    targets = national_targets(factor)
    log("Building the national benchmark set: " + ", ".join(f"{v:,} {k}" for k, v in targets.items()))
    builder = NationalBuilder(factor=factor, log=log)
    with transaction.atomic():  # all or nothing: a failure part-way leaves no half-built set behind
        result = builder.build()
        committing = time.perf_counter()
    # PostgreSQL checks the (deferred) foreign keys of every new row at commit.
    total = result.timings.pop("total")
    result.timings["commit"] = time.perf_counter() - committing
    vacuumed = vacuum_analyse()
    if vacuumed is not None:
        result.timings["vacuum"] = vacuumed
    result.timings["total"] = total + sum(
        result.timings[k] for k in ("commit", "vacuum") if k in result.timings
    )
    return result
