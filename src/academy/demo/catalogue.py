"""The East of England offers the seed reports describe (seeds 000 and 002), as plain data.

Titles, objectives, audiences, delivery partners, formats, durations, dates and headline counts are
the seeds' own. Where a seed gives only a total (e.g. "129 participants" over two workshops) the split
between sessions is ours. The builder in academy.demo.region turns these into rows.
"""

import datetime as dt
from dataclasses import dataclass, field

from academy.offers.models import DeliveryFormat, Eligibility, OfferKind

# The three years the seed's headline covers: "696 sessions to 16,619 participants over the last 3 years".
HISTORY_START = dt.date(2020, 5, 1)
HISTORY_END = dt.date(2023, 4, 30)
HEADLINE_SESSIONS = 696
HEADLINE_PARTICIPANTS = 16_619


@dataclass(frozen=True)
class SessionSpec:
    title: str
    on: dt.date
    start: dt.time
    minutes: int


@dataclass(frozen=True)
class CohortSpec:
    name: str
    sessions: tuple[SessionSpec, ...]
    capacity: int
    # Single-session cohorts: exactly `present` attend out of `registered` bookings.
    # Multi-session cohorts: `registered` people take part and attendance follows `attendance_rate`.
    registered: int
    present: int | None = None
    attendance_rate: float = 0.9


@dataclass(frozen=True)
class OfferSpec:
    slug: str
    title: str
    kind: str
    summary: str
    delivery_format: str
    duration: str
    audience: str
    pool: str  # which staff the builder draws participants from (see academy.demo.region)
    objectives: tuple[str, ...] = ()
    description: str = ""
    partner: str | None = None
    eligibility: str = Eligibility.OPEN
    eligibility_text: str = ""
    requires_application: bool = False
    requires_sponsor: bool = False
    completion_attendance_percent: int = 100
    completion_requires_project: bool = False
    cohorts: tuple[CohortSpec, ...] = field(default=())


def _one(title: str, on: dt.date, start: tuple[int, int], minutes: int) -> tuple[SessionSpec, ...]:
    return (SessionSpec(title, on, dt.time(*start), minutes),)


def _d(year: int, month: int, day: int) -> dt.date:
    return dt.date(year, month, day)


OPEN_AUDIENCE = "Colleagues working in social care, health and the VCSE sector in the East of England"

COMMUNITY_OF_PRACTICE = OfferSpec(
    slug="systems-od-community-of-practice",
    title="Systems OD Community of Practice",
    kind=OfferKind.NETWORK,
    summary=(
        "A community for everyone leading change, transformation and culture in the six East of England "
        "integrated care systems, whether or not OD is in their job title."
    ),
    description=(
        "We re-established the Organisation Development Community of Practice in 2022 after a diagnostic "
        "review with volunteers from the six integrated care systems. Two half-day workshops in June and "
        "November 2022 covered building a culture of collaboration, the OD challenges facing local systems, "
        "an OD self-assessment tool, practice action learning sets, and masterclasses on culture in our "
        "systems (the Innovations Agency) and developing OD champions and ambassadors (Tricordant)."
    ),
    objectives=(
        "To develop a shared understanding of OD to all involved in change",
        "To support application of learning and consider tools to adopt",
        "Provide a forum for evolving practice and share learning",
        "To be a community for wider colleagues working in social care, health and the VCSE sector leading on "
        "change management, service development and workforce transformation",
    ),
    audience=OPEN_AUDIENCE + " who lead change, service development or workforce transformation",
    pool="open",
    delivery_format=DeliveryFormat.VIRTUAL,
    duration="Two half-day workshops a year",
    cohorts=(
        CohortSpec(
            "June 2022 workshop",
            _one("Building a culture of collaboration", _d(2022, 6, 21), (9, 30), 210),
            capacity=100,
            registered=84,
            present=70,
        ),
        CohortSpec(
            "November 2022 workshop",
            _one("Culture in our systems: where to begin", _d(2022, 11, 10), (9, 30), 210),
            capacity=100,
            registered=75,
            present=59,
        ),
    ),
)

OD_BITESIZE_TITLES = (
    ("OD basics: helping change to go better", _d(2022, 5, 12)),
    ("OD at a systems level: thinking and behaviour", _d(2022, 7, 14)),
    ("Being an empowered and enterprising change agent", _d(2022, 9, 15)),
    ("Navigating tensions and competing goals", _d(2022, 10, 13)),
    ("Fostering collaborative working and relationships", _d(2022, 11, 17)),
    ("Belonging: creating a sense of identity in a system (inclusive OD)", _d(2022, 12, 8)),
    ("Using an evidence-based approach", _d(2023, 1, 12)),
)
OD_BITESIZE_PRESENT = (120, 105, 98, 92, 88, 82, 78)  # 663 in all

OD_BITESIZE = OfferSpec(
    slug="systems-od-bitesize-sessions",
    title="Systems OD bitesize sessions",
    kind=OfferKind.BITESIZE,
    summary="Seven one-hour virtual sessions on organisation development at a systems level, co-designed with Tricordant.",
    description=(
        "A series of one-hour virtual bitesize sessions in support of the Systems OD Community of Practice, "
        "from the why, what and how of OD to using data to drive improvement and evaluate impact."
    ),
    objectives=(
        "Explore the why, what and how of organisation development",
        "Explore the challenges and opportunities of OD work at a systems level",
        "Learn how to work with the tensions that arise in change and systems working",
        "Use data for OD to drive improvement and evaluate impact",
    ),
    audience=OPEN_AUDIENCE,
    pool="open",
    partner="Tricordant",
    delivery_format=DeliveryFormat.VIRTUAL,
    duration="One hour",
    cohorts=tuple(
        CohortSpec(
            f"Session {n}: {title}",
            _one(title, on, (12, 30), 60),
            capacity=150,
            registered=present + present // 4,
            present=present,
        )
        for n, ((title, on), present) in enumerate(
            zip(OD_BITESIZE_TITLES, OD_BITESIZE_PRESENT, strict=True), 1
        )
    ),
)

ACTION_LEARNING = OfferSpec(
    slug="od-action-learning-sets",
    title="Action learning sets for systems OD",
    kind=OfferKind.ACTION_LEARNING,
    summary=(
        "Small action learning sets that mix people from the integrated care systems. Tricordant facilitates "
        "the first meeting; after that each set facilitates itself."
    ),
    objectives=(
        "Create positive conversations with system partners",
        "Embed learning in real work, in real time",
    ),
    audience="Members of the Systems OD Community of Practice",
    pool="action_learning",
    partner="Tricordant",
    delivery_format=DeliveryFormat.VIRTUAL,
    duration="Five monthly meetings, September 2022 to January 2023",
    cohorts=tuple(
        CohortSpec(
            f"Action learning set {n}",
            tuple(
                SessionSpec(f"Set {n}, meeting {m}", on, dt.time(14, 0), 150)
                for m, on in enumerate(
                    (
                        _d(2022, 9, 5 + n),
                        _d(2022, 10, 3 + n),
                        _d(2022, 11, 7 + n),
                        _d(2022, 12, 5 + n),
                        _d(2023, 1, 9 + n),
                    ),
                    1,
                )
            ),
            capacity=8,
            registered=6,
            attendance_rate=0.85,
        )
        for n in range(1, 6)
    ),
)

LEADING_TRANSFORMATION_TOPICS = (
    "Who leads in a system?",
    "Improving the health of our local communities: it's everybody's business",
    "Leading alongside your local communities",
    "Rethinking recovery: a systems perspective",
    "Collaborating within your neighbourhood or place",
    "System workforce innovation",
    "Humanising the machine",
    "Collaboratives: developing new ways of working",
)
# Each topic ran twice between November 2022 and April 2023: 16 sessions, 4,112 registered, 2,056 joined.
LEADING_TRANSFORMATION_DATES = (
    _d(2022, 11, 8), _d(2022, 11, 22), _d(2022, 12, 6), _d(2022, 12, 13), _d(2023, 1, 10), _d(2023, 1, 24),
    _d(2023, 2, 7), _d(2023, 2, 21), _d(2023, 3, 7), _d(2023, 3, 14), _d(2023, 3, 21), _d(2023, 3, 28),
    _d(2023, 4, 4), _d(2023, 4, 11), _d(2023, 4, 18), _d(2023, 4, 25),
)  # fmt: skip

LEADING_TRANSFORMATION = OfferSpec(
    slug="leading-transformation-for-integrated-care",
    title="Leading Transformation for Integrated Care",
    kind=OfferKind.BITESIZE,
    summary=(
        "90-minute virtual sessions on what partnership working looks like across teams and organisations, "
        "and what it means for leaders in integrated care systems."
    ),
    description=(
        "Developed with colleagues across the 7 regional academies and co-designed with health and care staff, "
        "this series explores leading transformation in integrated care. Recordings and supporting resources "
        "are in the Leadership Learning Zone."
    ),
    objectives=(
        'Understand and explore a "leading transformation" topic',
        "Increase confidence in application of practical transformation tools",
        "Learn, share, and grow with colleagues in similar situations",
    ),
    audience=OPEN_AUDIENCE,
    pool="open",
    partner="Tricordant",
    delivery_format=DeliveryFormat.VIRTUAL,
    duration="90 minutes",
    cohorts=tuple(
        CohortSpec(
            f"{LEADING_TRANSFORMATION_TOPICS[n % 8]} ({on:%B %Y})",
            _one(LEADING_TRANSFORMATION_TOPICS[n % 8], on, (12, 0), 90),
            capacity=300,
            registered=257,
            present=128 + (n % 2),
        )
        for n, on in enumerate(LEADING_TRANSFORMATION_DATES)
    ),
)

TEAMING_SKILLS = OfferSpec(
    slug="teaming-skills",
    title="Teaming Skills",
    kind=OfferKind.WORKSHOP,
    summary=(
        "Equipping us as leaders to build high-performing teamwork and increase psychological safety: a practical "
        "session with Management Futures."
    ),
    objectives=(
        "Raise awareness of how to show up in group interactions",
        "Practise and get feedback on speaking and listening skills",
        "Deepen understanding of psychological safety and how leaders can improve it",
        "Gain insights and techniques to improve the performance of any team or group at pace",
    ),
    audience="Leaders and managers of all levels across health and system partner organisations",
    pool="managers",
    partner="Management Futures",
    delivery_format=DeliveryFormat.VIRTUAL,
    duration="One virtual session",
    cohorts=tuple(
        CohortSpec(
            f"Teaming Skills, {on:%B %Y}", _one("Teaming Skills", on, (9, 30), 180), 40, present + 6, present
        )
        for on, present in zip(
            (
                _d(2022, 9, 20),
                _d(2022, 10, 18),
                _d(2022, 11, 15),
                _d(2023, 1, 17),
                _d(2023, 2, 14),
                _d(2023, 3, 14),
            ),
            (28, 27, 26, 27, 25, 26),  # 159 in all
            strict=True,
        )
    ),
)

CARE_HOME_MODULES = (
    "Module 1: Effective leadership in care",
    "Module 2: Leading your team through change",
    "Module 3: Listening, questioning and influencing",
    "Module 4: Getting the best from your staff",
    "Module 5: Your approach to leadership and your improvement project",
)
CARE_HOME_STARTS = (
    _d(2021, 10, 5), _d(2021, 12, 7), _d(2022, 2, 8), _d(2022, 4, 5),
    _d(2022, 6, 7), _d(2022, 9, 6), _d(2022, 11, 8), _d(2023, 1, 10),
)  # fmt: skip
CARE_HOME_SIZES = (8, 8, 8, 8, 8, 8, 8, 9)  # 65 started; 52 completed (80%)
CARE_HOME_COMPLETED = 52

CARE_HOME_PROJECTS = (
    (
        "Diversity awareness",
        "A calendar of multi-cultural events, visible and celebrated in different ways within the care home, "
        "helping staff and residents of all ages embrace cultural differences.",
    ),
    (
        "Constipation care",
        "Developed staff knowledge and confidence in bowel management, reducing reliance upon laxatives and "
        "improving care.",
    ),
    (
        "Reduction in medication errors",
        "A medicines administration video, including accurate recording. Medication errors have reduced and the "
        "video is now part of the home's induction programme.",
    ),
    (
        "Call systems",
        "Call bells were not being answered in a timely manner and morale was low. All staff reviewed the issues "
        "and designed better ways of responding to residents' needs; with staff more visible to residents there "
        "was a 41% reduction in use of the call systems.",
    ),
    (
        "Increased engagement with activities in the home",
        "Staff worked together to design a different activity for each shift; residents are more engaged with "
        "and enjoying activities regularly.",
    ),
    ("Falls prevention", "A falls huddle at each handover and a review of night-time checks."),
    (
        "Hydration rounds",
        "Scheduled drinks rounds and a simple record, so every resident drinks enough each day.",
    ),
    ("Welcoming new staff", "A buddy system and a first-week checklist for new care staff."),
    ("Oral health", "Daily mouth-care checks and training for all care staff."),
    ("Family communication", "A monthly newsletter and named contacts for residents' families."),
    ("Night staff handover", "A shared handover sheet so night staff know each resident's day."),
    (
        "Dementia-friendly dining",
        "Coloured crockery and a calmer mealtime for residents living with dementia.",
    ),
    (
        "Staff wellbeing",
        "A wellbeing corner and monthly check-ins, with sickness absence down over six months.",
    ),
    (
        "Pressure care",
        "Daily skin checks and repositioning charts, with no new pressure ulcers in a quarter.",
    ),
    ("Supervision that works", "Regular, planned supervision for every carer, with notes they agree."),
    ("Resident meetings", "Monthly residents' meetings that choose menus and outings."),
    ("Infection prevention champions", "A champion on each shift and a simple audit of hand hygiene."),
    ("Digital care records", "Moving care plans to tablets, with carers trained to record at the bedside."),
    (
        "End of life wishes",
        "Conversations and care plans recording each resident's wishes for the end of life.",
    ),
    ("Reducing agency use", "A bank of the home's own staff to fill gaps, halving agency shifts."),
    ("Nutrition and weight", "Monthly weights and fortified snacks for residents at risk of malnutrition."),
    ("Recruitment and retention", "Exit interviews and a stay conversation for carers in their first year."),
    ("Sensory garden", "A garden designed with residents, used every day in good weather."),
    ("Medication reviews", "Six-monthly medication reviews with the GP and pharmacist for every resident."),
    ("Continence care", "Individual continence plans that cut the use of pads and improved dignity."),
    ("Music and memory", "Personal playlists for residents living with dementia, reducing distress."),
    (
        "Learning from incidents",
        "A monthly review of incidents with the whole team, and changes agreed together.",
    ),
    ("Carer career paths", "A development plan for each carer, with three moving into senior roles."),
    ("Hospital transfers", "A grab sheet for each resident so hospital staff know them on arrival."),
    ("Visiting that welcomes", "Open visiting with a welcome pack for families and friends."),
)

CARE_HOME = OfferSpec(
    slug="care-home-managers-leadership-programme",
    title="Care Home Managers Leadership Programme",
    kind=OfferKind.PROGRAMME,
    summary=(
        "A leadership skills programme for care home managers and deputies, with CBS Learning: five two-hour "
        "virtual modules, the Myers-Briggs Type Indicator and an improvement project in your own home."
    ),
    description=(
        "Developed with CBS Learning after the pandemic to support colleagues in social care. Places are by "
        "application, and each participant is nominated by a sponsor to ensure organisational commitment and "
        "support. Each participant develops an improvement project to implement in their care home."
    ),
    objectives=(
        "To develop understanding of how effective leadership in care looks and the behaviours involved",
        "To develop an increased level of confidence to make changes and improve delivery of care",
        "To have a set of tools to use to get the best from their staff",
        "To develop improved listening and questioning skills to increase the ability to communicate, engage "
        "and influence others",
        "To develop an effective way to support teams to embrace change",
        "To develop a greater awareness of an individual's personal approach to leadership",
        "To become part of a trusted support network of peers",
    ),
    audience="Care home managers and deputy managers in the East of England",
    pool="care_home_leaders",
    partner="CBS Learning",
    eligibility=Eligibility.CARE_HOME_MANAGERS,
    eligibility_text="For care home managers and deputy managers. A sponsor must nominate you.",
    requires_application=True,
    requires_sponsor=True,
    completion_attendance_percent=80,
    completion_requires_project=True,
    delivery_format=DeliveryFormat.VIRTUAL,
    duration="Five 2-hour virtual modules",
    cohorts=tuple(
        CohortSpec(
            f"Cohort {n}",
            tuple(
                SessionSpec(title, start + dt.timedelta(weeks=3 * m), dt.time(10, 0), 120)
                for m, title in enumerate(CARE_HOME_MODULES)
            ),
            capacity=10,
            registered=size,
        )
        for n, (start, size) in enumerate(zip(CARE_HOME_STARTS, CARE_HOME_SIZES, strict=True), 1)
    ),
)

# Improvement projects of the care home cohorts since the seeds.
CARE_HOME_RECENT_PROJECTS = (
    (
        "Call bell response times",
        "Named carers for each corridor at busy times, so call bells are answered sooner.",
    ),
    ("Hydration stations", "Drinks stations in every lounge and a hydration champion on each shift."),
    ("Falls huddles", "A five-minute falls huddle at every handover, with falls down by a third."),
    ("Induction buddies", "A buddy for every new carer in their first month, and fewer early leavers."),
    ("Oral care", "Mouth-care assessments on admission and daily oral care recorded for every resident."),
    (
        "Meaningful activity",
        "Activities chosen with residents each week, including those who stay in their rooms.",
    ),
    ("Safer medicines rounds", "Do not disturb tabards and a quieter medicines round, with fewer errors."),
    (
        "Dementia champions",
        "A dementia champion on each floor, supporting colleagues with distressed residents.",
    ),
    ("Staff recognition", "A monthly thank-you scheme nominated by residents and families."),
    ("Reducing hospital admissions", "Early warning scores recorded daily, and fewer avoidable admissions."),
    ("Family partnership", "A carers' and families' forum meeting every quarter."),
    (
        "Mealtime experience",
        "Protected mealtimes, a choice of plated meals and residents helping to set tables.",
    ),
    ("Skin integrity", "A skin bundle for residents at risk, with pressure damage reduced."),
    ("Night-time routines", "Personal bedtime routines agreed with each resident, and better sleep."),
    ("Wellbeing conversations", "Regular wellbeing conversations in supervision for every member of staff."),
    ("Digital skills for carers", "Training carers to use the digital care record with confidence."),
    ("Cultural celebrations", "A calendar of festivals that residents and staff celebrate together."),
    ("Infection control audits", "Monthly audits led by carers, with actions shared at team meetings."),
    ("End of life care", "Advance care plans in place for every resident who wishes to make one."),
    ("Continence promotion", "Toileting plans that helped residents stay continent for longer."),
)

POSITIVE_ACTION_TOPICS = (
    "Creating the career you want",
    "Overcoming imposter syndrome and leading with confidence",
    "Personal impact, influence and networking",
    "Developing a proactive mindset",
    "Intersectionality, identity and authenticity",
)
POSITIVE_ACTION_PEOPLE = 334  # "over 330 participants"
POSITIVE_ACTION_REPEATS = 68  # further sessions taken by people who came back: 402 attendances

POSITIVE_ACTION = OfferSpec(
    slug="positive-action-programme",
    title="Positive Action Programme",
    kind=OfferKind.WORKSHOP,
    summary=(
        "Workshops, action learning sets and coaching for staff from ethnic minority backgrounds at every stage "
        "of their career, from aspiring leaders to those moving into executive roles."
    ),
    description=(
        "Co-produced with regional alumni of the Ready Now and Stepping Up positive action programmes. Sessions "
        "can be taken one at a time or as a series. Part of the East of England anti-racism strategy."
    ),
    objectives=tuple(POSITIVE_ACTION_TOPICS),
    audience="Staff from ethnic minority backgrounds working in health and care systems across the East of England",
    pool="ethnic_minority",
    partner="Positive action coaching partner",
    eligibility=Eligibility.ETHNIC_MINORITY,
    eligibility_text="For staff from ethnic minority backgrounds.",
    delivery_format=DeliveryFormat.VIRTUAL,
    duration="Half-day workshops; take one or the series",
    cohorts=tuple(
        CohortSpec(
            f"{topic} ({on:%B %Y})",
            _one(topic, on, (9, 30), 180),
            capacity=40,
            registered=0,  # worked out by the builder from the people and repeats above
        )
        for topic, on in (
            (POSITIVE_ACTION_TOPICS[i % 5], run_start + dt.timedelta(weeks=3 * (i % 5)))
            for i, run_start in enumerate(
                start for start in (_d(2021, 6, 8), _d(2022, 6, 7), _d(2023, 1, 10)) for _ in range(5)
            )
        )
    ),
)

PRIMARY_CARE_TOPICS = (
    "Understanding yourself and your impact",
    "The changing context of care",
    "Understanding the changes that need to be made",
    "Skills for change",
    "Collaborative leadership and engaging your practice and the wider system",
)

PRIMARY_CARE = OfferSpec(
    slug="primary-care-leadership-development-programme",
    title="Primary Care Leadership Development Programme",
    kind=OfferKind.PROGRAMME,
    summary=(
        "Co-created with Altogether Better to help primary care staff understand organisational change and "
        "develop their leadership skills."
    ),
    objectives=(
        "Develop and enhance leadership skills and strategic thinking",
        "Extend participants' understanding of how to engage others to deliver change",
        "Understand the principles of systems change and how to apply these to local challenges",
        "Enhance and develop participants' personal network of healthcare leaders and decision makers in primary care",
    ),
    audience="Staff in GP practices and primary care networks",
    pool="primary_care",
    partner="Altogether Better",
    eligibility=Eligibility.PRIMARY_CARE,
    eligibility_text="For staff working in primary care.",
    requires_application=True,
    completion_attendance_percent=80,
    delivery_format=DeliveryFormat.VIRTUAL,
    duration="Five modules over five months",
    cohorts=tuple(
        CohortSpec(
            f"Cohort {n}",
            tuple(
                SessionSpec(topic, start + dt.timedelta(weeks=4 * m), dt.time(13, 30), 180)
                for m, topic in enumerate(PRIMARY_CARE_TOPICS)
            ),
            capacity=32,
            registered=size,
            attendance_rate=0.88,
        )
        for n, (start, size) in enumerate(
            zip((_d(2021, 9, 7), _d(2022, 4, 5), _d(2022, 10, 4)), (30, 31, 30), strict=True), 1
        )
    ),
)

PCN_COACHING = OfferSpec(
    slug="pcn-clinical-directors-coaching",
    title="Coaching for Primary Care Network Clinical Directors",
    kind=OfferKind.COACHING,
    summary=(
        "Four 60-minute confidential one-to-one coaching sessions for PCN clinical directors, with We are Beyond "
        "and a goal tracker."
    ),
    description=(
        "Highly impactful, forward-focused, action-orientated and personalised support, supporting the People "
        "Plan and the People Promise. Each clinical director sets personal goals and rates themselves from 1 to "
        "10 before the first session and after the fourth."
    ),
    objectives=(
        "Managing myself more effectively and with confidence",
        "How I communicate and influence others",
        "Improving resilience",
        "Achieving a better work life balance",
        "Managing relationships within the practice effectively and with confidence",
        "Leading and managing change",
    ),
    audience="Primary care network clinical directors",
    pool="pcn_clinical_directors",
    partner="We are Beyond",
    eligibility=Eligibility.PRIMARY_CARE,
    eligibility_text="For primary care network clinical directors.",
    requires_application=True,
    delivery_format=DeliveryFormat.VIRTUAL,
    duration="Four 60-minute coaching sessions",
    cohorts=(
        CohortSpec(
            "December 2021 to October 2022",
            tuple(
                SessionSpec(f"Coaching session {m}", on, dt.time(8, 0), 60)
                for m, on in enumerate((_d(2021, 12, 9), _d(2022, 3, 10), _d(2022, 6, 9), _d(2022, 10, 6)), 1)
            ),
            capacity=20,
            registered=19,
            attendance_rate=0.97,
        ),
    ),
)

TEAM_COACHING = OfferSpec(
    slug="team-coaching",
    title="Team coaching",
    kind=OfferKind.TEAM_COACHING,
    summary=(
        "A team coaching journey of 6 to 12 months for teams in integrated care systems: engagement, discovery, "
        "a diagnostic and team coaching sessions."
    ),
    objectives=(
        "Defining team purpose",
        "Enhanced quality of conversations within the team and with other teams",
        "Building positive relationships and trust",
        "Improved communication, collaboration and agility",
        "Bringing in the voice of multiple stakeholders",
    ),
    audience="Teams working across organisations in the East of England's integrated care systems",
    pool="teams",
    requires_application=True,
    delivery_format=DeliveryFormat.BLENDED,
    duration="6 to 12 months",
    cohorts=tuple(
        CohortSpec(
            f"Team coaching journey {n}",
            tuple(
                SessionSpec(title, start + dt.timedelta(weeks=5 * m), dt.time(10, 0), 180)
                for m, title in enumerate(
                    (
                        "Engagement",
                        "Discovery",
                        "Diagnostic",
                        "Team coaching 1",
                        "Team coaching 2",
                        "Team coaching 3",
                    )
                )
            ),
            capacity=10,
            registered=8,
            attendance_rate=0.9,
        )
        for n, start in enumerate((_d(2022, 2, 1), _d(2022, 5, 10), _d(2022, 9, 6), _d(2022, 10, 11)), 1)
    ),
)

SEEDED_OFFERS = (
    COMMUNITY_OF_PRACTICE,
    OD_BITESIZE,
    ACTION_LEARNING,
    LEADING_TRANSFORMATION,
    TEAMING_SKILLS,
    CARE_HOME,
    POSITIVE_ACTION,
    PRIMARY_CARE,
    PCN_COACHING,
    TEAM_COACHING,
)

# The rest of the academy's bitesize and network programme ("compassionate, inclusive leadership, career
# management, leading and transformation in integrated care systems and primary care networks"). Their
# sessions and attendance make the three-year totals come out at the seed's headline figures.
FILLER_OFFERS = (
    OfferSpec(
        slug="compassionate-inclusive-leadership-bitesize",
        title="Compassionate and inclusive leadership bitesize",
        kind=OfferKind.BITESIZE,
        summary="One-hour virtual sessions on compassionate and inclusive leadership.",
        audience=OPEN_AUDIENCE,
        pool="open",
        delivery_format=DeliveryFormat.VIRTUAL,
        duration="One hour",
    ),
    OfferSpec(
        slug="career-management-bitesize",
        title="Career management bitesize",
        kind=OfferKind.BITESIZE,
        summary="One-hour virtual sessions on planning your career, applications and interviews.",
        audience=OPEN_AUDIENCE,
        pool="open",
        delivery_format=DeliveryFormat.VIRTUAL,
        duration="One hour",
    ),
    OfferSpec(
        slug="quality-improvement-bitesize",
        title="Quality improvement bitesize virtual learning",
        kind=OfferKind.BITESIZE,
        summary="Knowledge and skills to apply quality improvement principles in practice, with a range of QI tools.",
        audience=OPEN_AUDIENCE,
        pool="open",
        delivery_format=DeliveryFormat.VIRTUAL,
        duration="90 minutes",
    ),
    OfferSpec(
        slug="leading-in-primary-care-networks-bitesize",
        title="Leading in primary care networks bitesize",
        kind=OfferKind.BITESIZE,
        summary="Virtual sessions for leaders in primary care networks and GP practices.",
        audience="Staff in GP practices and primary care networks",
        pool="open",
        delivery_format=DeliveryFormat.VIRTUAL,
        duration="One hour",
    ),
    OfferSpec(
        slug="senior-leaders-system-learning-network",
        title="Senior Leaders System Learning Network",
        kind=OfferKind.NETWORK,
        summary="An interactive platform for senior leaders across the NHS, social care, VCSE and primary care to explore systems leadership.",
        audience="Senior leaders in health and care organisations in the East of England",
        pool="senior",
        delivery_format=DeliveryFormat.VIRTUAL,
        duration="Two hours",
    ),
)

# What the filler offers' sessions were about, by offer.
FILLER_TOPICS = {
    "compassionate-inclusive-leadership-bitesize": ("Compassionate leadership", "Inclusive leadership", "Civility and respect", "Leading with kindness"),
    "career-management-bitesize": ("Career conversations", "Writing a strong application", "Preparing for interview", "Networking and your personal brand"),
    "quality-improvement-bitesize": ("Introduction to quality improvement", "Process mapping", "Plan, do, study, act", "Measurement for improvement", "Driver diagrams"),
    "leading-in-primary-care-networks-bitesize": ("Leading a multi-professional team", "Population health in primary care", "Working across a PCN", "Managing change in general practice"),
    "senior-leaders-system-learning-network": ("Leading across boundaries", "Holding polarised agendas", "Leading for population health", "Collective leadership in systems"),
}  # fmt: skip
