"""Synthetic staff: who works where, at what level, in which staff group, reporting to whom.

Each organisation's staff form a line-management tree: one person at the top, and each level's
people reporting to someone on the level above. The shape depends on the kind of organisation (a
care home has a nominated individual, a registered manager, deputies, senior carers and carers).
Everything is drawn from a seeded random generator, so the same seed always gives the same people.
"""

import random
from dataclasses import dataclass

from academy.people.models import EqualityRecord, OrganisationType, RoleLevel, StaffGroup

from .names import FAMILY_NAMES, GIVEN_NAMES

STAFF_EMAIL_DOMAIN = "staff.demo.academy.example"

# Children per person at each depth (the last figure repeats for deeper levels).
BRANCHING: dict[str, tuple[int, ...]] = {
    OrganisationType.CARE_HOME: (1, 2, 4, 8),
    OrganisationType.GP_PRACTICE: (4, 6, 8),
    OrganisationType.PCN: (4, 6, 8),
    OrganisationType.VCSE: (4, 6, 8),
}
DEFAULT_BRANCHING = (6, 5, 6, 8)

# Staff-group mix below the top two levels, by organisation type (weights).
GROUP_MIX: dict[str, tuple[tuple[str, int], ...]] = {
    "nhs_provider": (
        (StaffGroup.NURSING, 35),
        (StaffGroup.MEDICAL, 10),
        (StaffGroup.AHP, 8),
        (StaffGroup.SCIENTIFIC, 8),
        (StaffGroup.ADMIN, 25),
        (StaffGroup.ESTATES, 8),
        (StaffGroup.MANAGEMENT, 6),
    ),
    OrganisationType.AMBULANCE: (
        (StaffGroup.AMBULANCE, 60),
        (StaffGroup.ADMIN, 25),
        (StaffGroup.ESTATES, 10),
        (StaffGroup.MANAGEMENT, 5),
    ),
    OrganisationType.ICB: (
        (StaffGroup.ADMIN, 45),
        (StaffGroup.MANAGEMENT, 45),
        (StaffGroup.NURSING, 5),
        (StaffGroup.MEDICAL, 5),
    ),
    OrganisationType.OTHER: ((StaffGroup.ADMIN, 50), (StaffGroup.MANAGEMENT, 50)),
    OrganisationType.LOCAL_AUTHORITY: (
        (StaffGroup.SOCIAL_CARE, 60),
        (StaffGroup.ADMIN, 30),
        (StaffGroup.MANAGEMENT, 10),
    ),
    OrganisationType.CARE_HOME: (
        (StaffGroup.SOCIAL_CARE, 85),
        (StaffGroup.NURSING, 10),
        (StaffGroup.ADMIN, 5),
    ),
    OrganisationType.GP_PRACTICE: (
        (StaffGroup.MEDICAL, 25),
        (StaffGroup.NURSING, 20),
        (StaffGroup.AHP, 10),
        (StaffGroup.ADMIN, 45),
    ),
    OrganisationType.PCN: (
        (StaffGroup.AHP, 30),
        (StaffGroup.SCIENTIFIC, 20),
        (StaffGroup.ADMIN, 30),
        (StaffGroup.NURSING, 20),
    ),
    OrganisationType.VCSE: ((StaffGroup.VCSE, 80), (StaffGroup.ADMIN, 20)),
}

# (senior, middle, junior) job titles per staff group.
TITLES: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    StaffGroup.NURSING: (
        ("Head of nursing", "Matron"),
        ("Ward manager", "Clinical nurse specialist", "Community nursing team leader"),
        ("Staff nurse", "Healthcare assistant", "Nursing associate"),
    ),
    StaffGroup.MEDICAL: (
        ("Consultant", "Clinical lead"),
        ("Specialty doctor", "Specialty registrar"),
        ("Foundation doctor",),
    ),
    StaffGroup.AHP: (
        ("Head of therapies",),
        ("Advanced practice physiotherapist", "Occupational therapist", "Paramedic practitioner"),
        ("Physiotherapist", "Therapy assistant", "Dietitian"),
    ),
    StaffGroup.SCIENTIFIC: (
        ("Consultant clinical scientist", "Chief pharmacist"),
        ("Pharmacist", "Biomedical scientist", "Clinical psychologist"),
        ("Pharmacy technician", "Healthcare science assistant"),
    ),
    StaffGroup.AMBULANCE: (
        ("Locality director", "Head of operations"),
        ("Clinical team leader", "Paramedic", "Emergency operations centre manager"),
        ("Emergency medical technician", "Emergency call handler", "Ambulance care assistant"),
    ),
    StaffGroup.ADMIN: (
        ("Head of business", "Head of people"),
        ("Project manager", "HR business partner", "Data analyst", "Organisation development practitioner"),
        ("Administrator", "Receptionist", "Medical secretary"),
    ),
    StaffGroup.ESTATES: (("Head of estates",), ("Facilities supervisor",), ("Porter", "Domestic assistant")),
    StaffGroup.MANAGEMENT: (
        ("Associate director", "Deputy director", "Head of organisation development"),
        ("Service manager", "Transformation lead", "Organisation development lead", "Programme manager"),
        ("Team leader", "Operational manager"),
    ),
    StaffGroup.SOCIAL_CARE: (
        ("Head of adult social care",),
        ("Team manager", "Social worker", "Occupational therapist"),
        ("Support worker", "Care assistant", "Reablement worker"),
    ),
    StaffGroup.VCSE: (
        ("Chief officer",),
        ("Project coordinator", "Service manager"),
        ("Community worker", "Volunteer coordinator"),
    ),
    StaffGroup.OTHER: (("Head of service",), ("Officer",), ("Assistant",)),
}

PROFESSIONS: dict[str, str] = {
    StaffGroup.NURSING: "Nursing",
    StaffGroup.MEDICAL: "Medicine",
    StaffGroup.AHP: "Allied health profession",
    StaffGroup.SCIENTIFIC: "Healthcare science",
    StaffGroup.AMBULANCE: "Paramedic science",
    StaffGroup.ADMIN: "Administration",
    StaffGroup.ESTATES: "Estates and facilities",
    StaffGroup.MANAGEMENT: "Management",
    StaffGroup.SOCIAL_CARE: "Social care",
    StaffGroup.VCSE: "Community development",
    StaffGroup.OTHER: "",
}

# Fixed titles for the top of small organisations: (title, level, staff group) per depth.
TOP_OF: dict[str, tuple[tuple[str, str, str], ...]] = {
    OrganisationType.CARE_HOME: (
        ("Nominated individual", RoleLevel.DIRECTOR, StaffGroup.MANAGEMENT),
        ("Registered manager", RoleLevel.BAND_7, StaffGroup.SOCIAL_CARE),
        ("Deputy manager", RoleLevel.BAND_6, StaffGroup.SOCIAL_CARE),
        ("Senior carer", RoleLevel.BAND_4, StaffGroup.SOCIAL_CARE),
    ),
    OrganisationType.GP_PRACTICE: (("Senior GP partner", RoleLevel.OTHER, StaffGroup.MEDICAL),),
    OrganisationType.PCN: (("Clinical director", RoleLevel.DIRECTOR, StaffGroup.MEDICAL),),
    OrganisationType.VCSE: (("Chief executive", RoleLevel.CHIEF_EXECUTIVE, StaffGroup.VCSE),),
}
SMALL_ORG_MIDDLE: dict[str, tuple[str, ...]] = {
    OrganisationType.GP_PRACTICE: (
        "Practice manager",
        "GP partner",
        "Salaried GP",
        "Advanced nurse practitioner",
    ),
    OrganisationType.PCN: (
        "PCN manager",
        "Clinical pharmacist",
        "Social prescribing link worker",
        "First contact physiotherapist",
    ),
}

NHS_LEVEL_BY_DEPTH = (
    (RoleLevel.CHIEF_EXECUTIVE,),
    (RoleLevel.DIRECTOR,),
    (RoleLevel.BAND_9, RoleLevel.BAND_8D),
    (RoleLevel.BAND_8A, RoleLevel.BAND_8B, RoleLevel.BAND_8C),
    (RoleLevel.BAND_7,),
)
JUNIOR_LEVELS = (
    (RoleLevel.BAND_2, 8),
    (RoleLevel.BAND_3, 14),
    (RoleLevel.BAND_4, 14),
    (RoleLevel.BAND_5, 28),
    (RoleLevel.BAND_6, 24),
    (RoleLevel.BAND_7, 12),
)
DIRECTOR_TITLES = (
    "Director of nursing",
    "Medical director",
    "Director of finance",
    "Director of people",
    "Director of strategy and transformation",
    "Chief operating officer",
)


@dataclass(frozen=True)
class Profile:
    job_title: str
    role_level: str
    staff_group: str
    profession: str


def staff_count(*, org_type: str, headcount: int | None, ods_code: str, small: bool) -> int:
    """How many synthetic staff the demo gives an organisation: all of a small one, a sample of a large one."""
    if ods_code == "X24":  # NHS England: only the regional academy's own team
        count = 30
    else:
        count = headcount or 50
        if count > 120:
            count //= 12
    return max(12, count // 8) if small else count


def parents(count: int, branching: tuple[int, ...]) -> list[tuple[int, int | None]]:
    """For people 0..count-1 in one organisation: (depth, index of their line manager)."""
    result: list[tuple[int, int | None]] = [(0, None)]
    level = [0]
    depth = 0
    while len(result) < count and level:
        fan = branching[min(depth, len(branching) - 1)]
        next_level = []
        for _ in range(fan):
            for manager in level:
                if len(result) >= count:
                    break
                result.append((depth + 1, manager))
                next_level.append(len(result) - 1)
        level = next_level
        depth += 1
    return result


def _weighted(rng: random.Random, options: tuple[tuple[str, int], ...]) -> str:
    values, weights = zip(*options, strict=True)
    return rng.choices(values, weights=weights)[0]


def profile_for(rng: random.Random, *, org_type: str, depth: int) -> Profile:
    top = TOP_OF.get(org_type, ())
    if depth < len(top):
        title, level, group = top[depth]
        return Profile(title, level, group, PROFESSIONS[group])
    if depth == 1 and org_type in SMALL_ORG_MIDDLE:
        title = rng.choice(SMALL_ORG_MIDDLE[org_type])
        group = (
            StaffGroup.MEDICAL
            if "GP" in title
            else StaffGroup.ADMIN
            if "manager" in title
            else StaffGroup.AHP
        )
        level = RoleLevel.OTHER if group == StaffGroup.MEDICAL else RoleLevel.BAND_7
        return Profile(title, level, group, PROFESSIONS[group])
    if org_type in (OrganisationType.CARE_HOME,):
        group = _weighted(rng, GROUP_MIX[OrganisationType.CARE_HOME])
        title = (
            "Registered nurse"
            if group == StaffGroup.NURSING
            else rng.choice(("Care assistant", "Senior care assistant", "Activities coordinator"))
        )
        return Profile(title, RoleLevel.BAND_3, group, PROFESSIONS[group])
    small_org = org_type in TOP_OF
    if depth == 0:
        return Profile(
            "Chief executive",
            RoleLevel.CHIEF_EXECUTIVE,
            StaffGroup.MANAGEMENT,
            PROFESSIONS[StaffGroup.MANAGEMENT],
        )
    if depth == 1 and not small_org:
        return Profile(
            rng.choice(DIRECTOR_TITLES),
            RoleLevel.DIRECTOR,
            StaffGroup.MANAGEMENT,
            PROFESSIONS[StaffGroup.MANAGEMENT],
        )
    group = _weighted(rng, GROUP_MIX.get(org_type, GROUP_MIX["nhs_provider"]))
    if small_org:
        level = _weighted(rng, JUNIOR_LEVELS)
    elif depth < len(NHS_LEVEL_BY_DEPTH):
        level = rng.choice(NHS_LEVEL_BY_DEPTH[depth])
    else:
        level = _weighted(rng, JUNIOR_LEVELS)
    senior, middle, junior = TITLES[group]
    if level in (
        RoleLevel.BAND_8A,
        RoleLevel.BAND_8B,
        RoleLevel.BAND_8C,
        RoleLevel.BAND_8D,
        RoleLevel.BAND_9,
    ):
        title = rng.choice(senior)
    elif level in (RoleLevel.BAND_6, RoleLevel.BAND_7):
        title = rng.choice(middle)
    else:
        title = rng.choice(junior)
    if group == StaffGroup.MEDICAL:
        level = RoleLevel.OTHER  # doctors are not on Agenda for Change bands
    return Profile(title, level, group, PROFESSIONS[group])


def synthetic_name(rng: random.Random) -> tuple[str, str]:
    return rng.choice(GIVEN_NAMES), rng.choice(FAMILY_NAMES)


def staff_email(given: str, family: str, number: int) -> str:
    clean = "".join(ch for ch in f"{given}.{family}".lower() if ch.isalpha() or ch == ".")
    return f"{clean}.{number}@{STAFF_EMAIL_DOMAIN}"


# Self-declared equality answers: weights roughly like the East of England health and care workforce.
ETHNIC_MIX = (
    ("A", 620), ("B", 10), ("C", 70), ("D", 8), ("E", 5), ("F", 6), ("G", 8), ("H", 60), ("J", 12),
    ("K", 6), ("L", 35), ("M", 12), ("N", 80), ("P", 6), ("R", 6), ("S", 20), ("Z", 36),
)  # fmt: skip
SEX_MIX = (("female", 760), ("male", 225), ("intersex", 1), ("not_stated", 14))
GENDER_SAME_MIX = (("yes", 960), ("no", 6), ("not_stated", 34))
DISABILITY_MIX = (("no", 820), ("yes", 60), ("not_stated", 120))
ORIENTATION_MIX = (
    ("heterosexual", 860),
    ("gay_lesbian", 22),
    ("bisexual", 18),
    ("other", 4),
    ("not_stated", 96),
)
RELIGION_MIX = (
    ("christian", 420), ("none", 330), ("muslim", 60), ("hindu", 40), ("sikh", 8), ("buddhist", 8),
    ("jewish", 4), ("other", 20), ("not_stated", 110),
)  # fmt: skip
AGE_MIX = (
    ("16-24", 70),
    ("25-34", 230),
    ("35-44", 240),
    ("45-54", 250),
    ("55-64", 180),
    ("65+", 25),
    ("not_stated", 5),
)
EQUALITY_DECLARED = 0.85  # share of staff who have filled in the form at all
FIELD_BLANK = 0.05  # share of answers left blank by those who did


def equality_answers(rng: random.Random) -> dict[str, str] | None:
    """One person's self-declared answers, or None for someone who has not filled in the form."""
    if rng.random() >= EQUALITY_DECLARED:
        return None
    answers = {}
    for field_name, mix in (
        ("ethnic_category", ETHNIC_MIX),
        ("sex", SEX_MIX),
        ("gender_identity_same_as_birth", GENDER_SAME_MIX),
        ("disability", DISABILITY_MIX),
        ("sexual_orientation", ORIENTATION_MIX),
        ("religion", RELIGION_MIX),
        ("age_band", AGE_MIX),
    ):
        answers[field_name] = "" if rng.random() < FIELD_BLANK else _weighted(rng, mix)
    return answers


ETHNIC_MINORITY_CATEGORIES = frozenset(
    code for code in EqualityRecord.EthnicCategory.values if code not in {"A", "B", "C", "Z"}
)
