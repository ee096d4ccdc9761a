"""Regions, ICSs, places, organisations, academies, staff records, reporting lines, roles, equality data."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q

from academy.core.models import TimeStampedModel


class User(AbstractUser):
    """A login. Staff details live on Person; a person may exist without a login (imported staff)."""

    email = models.EmailField(unique=True)

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Region(models.Model):
    code = models.CharField(max_length=20, unique=True)
    name = models.CharField(max_length=120, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ICS(models.Model):
    """An integrated care system (one of the 42 in England), identified by its ICB's ODS code."""

    code = models.CharField(max_length=10, unique=True)  # ICB ODS code, e.g. QHG
    name = models.CharField(max_length=160, unique=True)
    short_name = models.CharField(max_length=80, blank=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="systems")

    class Meta:
        ordering = ["name"]
        verbose_name = "integrated care system"
        verbose_name_plural = "integrated care systems"

    def __str__(self) -> str:
        return self.short_name or self.name


class Place(models.Model):
    name = models.CharField(max_length=120)
    ics = models.ForeignKey(ICS, on_delete=models.CASCADE, related_name="places")

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["ics", "name"], name="place_unique_per_ics")]

    def __str__(self) -> str:
        return self.name


class Sector(models.TextChoices):
    NHS = "nhs", "NHS"
    PRIMARY_CARE = "primary_care", "Primary care"
    SOCIAL_CARE = "social_care", "Social care"
    LOCAL_GOVERNMENT = "local_government", "Local government"
    VCSE = "vcse", "Voluntary, community and social enterprise (VCSE)"
    INDEPENDENT = "independent", "Independent sector"
    OTHER = "other", "Other"


class OrganisationType(models.TextChoices):
    ACUTE = "acute", "Acute trust"
    COMMUNITY = "community", "Community provider"
    MENTAL_HEALTH = "mental_health", "Mental health trust"
    AMBULANCE = "ambulance", "Ambulance trust"
    PCN = "pcn", "Primary care network"
    GP_PRACTICE = "gp_practice", "GP practice"
    CARE_HOME = "care_home", "Care home"
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    VCSE = "vcse", "VCSE organisation"
    ICB = "icb", "Integrated care board"
    OTHER = "other", "Other"


class Organisation(models.Model):
    ods_code = models.CharField("ODS code", max_length=12, unique=True)
    name = models.CharField(max_length=200)
    org_type = models.CharField("type", max_length=20, choices=OrganisationType.choices)
    sector = models.CharField(max_length=20, choices=Sector.choices)
    ics = models.ForeignKey(
        ICS, on_delete=models.PROTECT, related_name="organisations", null=True, blank=True
    )
    place = models.ForeignKey(Place, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    workforce_headcount = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["ics", "org_type"])]

    def __str__(self) -> str:
        return self.name


class Academy(models.Model):
    """A regional or local leadership academy. It owns offers, staff and reports."""

    class Kind(models.TextChoices):
        REGIONAL = "regional", "Regional leadership academy"
        LOCAL = "local", "Local leadership academy"
        NATIONAL = "national", "National"

    name = models.CharField(max_length=160, unique=True)
    slug = models.SlugField(unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.REGIONAL)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="academies"
    )
    contact_email = models.EmailField(blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "academies"

    def __str__(self) -> str:
        return self.name


class RoleLevel(models.TextChoices):
    BAND_2 = "band_2", "Band 2"
    BAND_3 = "band_3", "Band 3"
    BAND_4 = "band_4", "Band 4"
    BAND_5 = "band_5", "Band 5"
    BAND_6 = "band_6", "Band 6"
    BAND_7 = "band_7", "Band 7"
    BAND_8A = "band_8a", "Band 8a"
    BAND_8B = "band_8b", "Band 8b"
    BAND_8C = "band_8c", "Band 8c"
    BAND_8D = "band_8d", "Band 8d"
    BAND_9 = "band_9", "Band 9"
    DIRECTOR = "director", "Director"
    CHIEF_EXECUTIVE = "chief_executive", "Chief executive"
    OTHER = "other", "Other or equivalent"


class StaffGroup(models.TextChoices):
    """NHS Digital workforce staff groups, with social care and VCSE for the wider workforce."""

    MEDICAL = "medical", "Medical and dental"
    NURSING = "nursing", "Nursing and midwifery"
    AHP = "ahp", "Allied health professionals"
    SCIENTIFIC = "scientific", "Scientific, therapeutic and technical"
    AMBULANCE = "ambulance", "Ambulance staff"
    ADMIN = "admin", "Administrative and clerical"
    ESTATES = "estates", "Estates and ancillary"
    MANAGEMENT = "management", "Managers and senior managers"
    SOCIAL_CARE = "social_care", "Social care"
    VCSE = "vcse", "Voluntary sector"
    OTHER = "other", "Other"


class Person(TimeStampedModel):
    """A staff record: anyone who may take part, sponsor, coach, facilitate or manage."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="person"
    )
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    email = models.EmailField(unique=True)
    job_title = models.CharField(max_length=200, blank=True)
    role_level = models.CharField(max_length=20, choices=RoleLevel.choices, blank=True)
    staff_group = models.CharField(max_length=20, choices=StaffGroup.choices, blank=True)
    profession = models.CharField(max_length=120, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="staff", null=True, blank=True
    )
    line_manager = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="direct_reports"
    )
    calendar_token = models.CharField(max_length=64, unique=True, null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["family_name", "given_name"]
        indexes = [
            models.Index(fields=["organisation", "role_level"]),
            # People lists are ordered by name and paged; without this a page sorts every staff record.
            models.Index(fields=["family_name", "given_name", "id"], name="person_name_order"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(line_manager=models.F("pk")), name="person_not_own_manager"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}".strip()


class Role(models.TextChoices):
    PROGRAMME_MANAGER = "programme_manager", "Programme manager"
    FACILITATOR = "facilitator", "Facilitator or delivery partner"
    COACH = "coach", "Coach or mentor"
    PANEL_MEMBER = "panel_member", "Validation panel member"
    ICS_OD_LEAD = "ics_od_lead", "ICS OD lead"
    HUB_ADMINISTRATOR = "hub_administrator", "Coaching and mentoring hub administrator"
    ADMINISTRATOR = "administrator", "Academy administrator"


class DeliveryPartner(models.Model):
    """A commissioned provider (e.g. Tricordant, CBS Learning, Management Futures).

    It lives here, not in offers, because a facilitator's role is scoped to one (RoleAssignment) and
    offers already builds on people. Its table keeps the name it was created with in offers.
    """

    name = models.CharField(max_length=160, unique=True)
    website = models.URLField(blank=True)

    class Meta:
        db_table = "offers_deliverypartner"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class RoleAssignment(models.Model):
    """A role held by a user, with its scope: the academy, ICS or delivery partner it applies to.

    Participant and sponsor are not assigned: everyone with a staff record is a participant, and a
    sponsor is whoever a participant names (usually their line manager).
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(max_length=30, choices=Role.choices)
    academy = models.ForeignKey(Academy, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    ics = models.ForeignKey(ICS, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    delivery_partner = models.ForeignKey(
        DeliveryPartner, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "academy", "ics", "delivery_partner"], name="role_assignment_unique"
            ),
            models.CheckConstraint(
                condition=~Q(role="programme_manager") | Q(academy__isnull=False),
                name="programme_manager_has_academy",
            ),
            models.CheckConstraint(
                condition=~Q(role="facilitator") | Q(delivery_partner__isnull=False),
                name="facilitator_has_delivery_partner",
            ),
            models.CheckConstraint(
                condition=~Q(role="ics_od_lead") | Q(ics__isnull=False), name="ics_lead_has_ics"
            ),
            models.CheckConstraint(
                condition=~Q(role="hub_administrator") | Q(academy__isnull=False),
                name="hub_administrator_has_academy",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}"


class EqualityRecord(TimeStampedModel):
    """Self-declared equality monitoring data (NHS Data Dictionary categories), held apart.

    Every field is optional and "prefer not to say" is always an answer. Read only with the
    people.view_equalityrecord permission (or by the person themself); every read is audited.
    """

    class EthnicCategory(models.TextChoices):
        A = "A", "White - British"
        B = "B", "White - Irish"
        C = "C", "White - Any other White background"
        D = "D", "Mixed - White and Black Caribbean"
        E = "E", "Mixed - White and Black African"
        F = "F", "Mixed - White and Asian"
        G = "G", "Mixed - Any other mixed background"
        H = "H", "Asian or Asian British - Indian"
        J = "J", "Asian or Asian British - Pakistani"
        K = "K", "Asian or Asian British - Bangladeshi"
        L = "L", "Asian or Asian British - Any other Asian background"
        M = "M", "Black or Black British - Caribbean"
        N = "N", "Black or Black British - African"
        P = "P", "Black or Black British - Any other Black background"
        R = "R", "Other Ethnic Groups - Chinese"
        S = "S", "Other Ethnic Groups - Any other ethnic group"
        Z = "Z", "Not stated"

    class Sex(models.TextChoices):
        FEMALE = "female", "Female"
        MALE = "male", "Male"
        INTERSEX = "intersex", "Intersex"
        NOT_STATED = "not_stated", "Prefer not to say"

    class GenderIdentitySame(models.TextChoices):
        YES = "yes", "Yes"
        NO = "no", "No"
        NOT_STATED = "not_stated", "Prefer not to say"

    class Disability(models.TextChoices):
        YES = "yes", "Yes"
        NO = "no", "No"
        NOT_STATED = "not_stated", "Prefer not to say"

    class SexualOrientation(models.TextChoices):
        HETEROSEXUAL = "heterosexual", "Heterosexual or straight"
        GAY_LESBIAN = "gay_lesbian", "Gay or lesbian"
        BISEXUAL = "bisexual", "Bisexual"
        OTHER = "other", "Other sexual orientation"
        NOT_STATED = "not_stated", "Prefer not to say"

    class Religion(models.TextChoices):
        NONE = "none", "No religion"
        CHRISTIAN = "christian", "Christian"
        BUDDHIST = "buddhist", "Buddhist"
        HINDU = "hindu", "Hindu"
        JEWISH = "jewish", "Jewish"
        MUSLIM = "muslim", "Muslim"
        SIKH = "sikh", "Sikh"
        OTHER = "other", "Any other religion"
        NOT_STATED = "not_stated", "Prefer not to say"

    class AgeBand(models.TextChoices):
        UNDER_25 = "16-24", "16 to 24"
        A25 = "25-34", "25 to 34"
        A35 = "35-44", "35 to 44"
        A45 = "45-54", "45 to 54"
        A55 = "55-64", "55 to 64"
        A65 = "65+", "65 and over"
        NOT_STATED = "not_stated", "Prefer not to say"

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="equality")
    ethnic_category = models.CharField(max_length=2, choices=EthnicCategory.choices, blank=True)
    sex = models.CharField(max_length=12, choices=Sex.choices, blank=True)
    gender_identity_same_as_birth = models.CharField(
        "gender identity the same as sex registered at birth",
        max_length=12,
        choices=GenderIdentitySame.choices,
        blank=True,
    )
    disability = models.CharField(max_length=12, choices=Disability.choices, blank=True)
    sexual_orientation = models.CharField(max_length=20, choices=SexualOrientation.choices, blank=True)
    religion = models.CharField(max_length=20, choices=Religion.choices, blank=True)
    age_band = models.CharField(max_length=12, choices=AgeBand.choices, blank=True)

    def __str__(self) -> str:
        return f"Equality record {self.pk}"

    @property
    def is_ethnic_minority(self) -> bool:
        """Every category except White British, White Irish, White other and not stated."""
        return bool(self.ethnic_category) and self.ethnic_category not in {"A", "B", "C", "Z"}


class OrganisationEqualityCount(models.Model):
    """How many of an organisation's staff gave each answer to each equality question: the workforce
    profile that equality reach is compared with. Counts only, never people; kept exact by
    services.equality_profile_refresh, which every write of equality records or of a person's
    organisation calls, so that a dashboard sums a few hundred rows instead of reading every record.
    """

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="equality_counts")
    characteristic = models.CharField(max_length=40)
    answer = models.CharField(max_length=20)
    people = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "characteristic", "answer"], name="one_equality_count_per_answer"
            )
        ]

    def __str__(self) -> str:
        return f"{self.characteristic}={self.answer}: {self.people}"
