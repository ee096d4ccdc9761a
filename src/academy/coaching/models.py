"""The coaching and mentoring hub: practitioner profiles, requests, matching runs, relationships.

Places are counted on the profile row (active_count) and changed only while that row is locked, as
cohort places are, so a coach's last place is never given twice; a check constraint backs this up.
"""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from academy.core.models import TimeStampedModel
from academy.offers.models import Offer
from academy.people.models import Academy, Person, Region, RoleLevel


class Kind(models.TextChoices):
    COACHING = "coaching", "Coaching"
    MENTORING = "mentoring", "Mentoring"


class PractitionerKind(models.TextChoices):
    COACH = "coach", "Coach"
    MENTOR = "mentor", "Mentor"
    BOTH = "both", "Coach and mentor"

    @staticmethod
    def offers(practitioner_kind: str, kind: str) -> bool:
        """Does a practitioner of this kind take requests of `kind` (coaching or mentoring)?"""
        if practitioner_kind == PractitionerKind.BOTH:
            return True
        return (practitioner_kind, kind) in {
            (PractitionerKind.COACH, Kind.COACHING),
            (PractitionerKind.MENTOR, Kind.MENTORING),
        }


class Format(models.TextChoices):
    VIRTUAL = "virtual", "Virtual (online)"
    IN_PERSON = "in_person", "In person"
    EITHER = "either", "Virtual or in person"


class LivedExperience(models.TextChoices):
    """Lived experience a requester may wish to share with their coach or mentor, and a practitioner may
    declare they will be matched on. Self-declared and optional, held like equality data."""

    ETHNIC_MINORITY = "ethnic_minority", "Being from an ethnic minority background"
    DISABILITY = "disability", "Disability or a long-term condition"
    NEURODIVERGENT = "neurodivergent", "Being neurodivergent"
    LGBTQ = "lgbtq", "Being lesbian, gay, bisexual, trans or queer"
    CARER = "carer", "Caring for someone"
    INTERNATIONAL = "international", "Trained or recruited overseas"
    FIRST_GENERATION = "first_generation", "First in the family to go to university"
    RETURNER = "returner", "Returning to work after a career break"


class HubSettings(TimeStampedModel):
    """An academy's hub: the matching weights its hub administrators see and change (0 to 10 each)."""

    academy = models.OneToOneField(Academy, on_delete=models.CASCADE, related_name="coaching_hub")
    weight_goals = models.PositiveSmallIntegerField(default=5)
    weight_sector = models.PositiveSmallIntegerField(default=2)
    weight_role_level = models.PositiveSmallIntegerField(default=2)
    weight_format = models.PositiveSmallIntegerField(default=1)
    weight_experience = models.PositiveSmallIntegerField(default=1)
    # Counts only for requests with a lived-experience wish (their other pairs are not marked down)
    weight_lived_experience = models.PositiveSmallIntegerField(default=3)

    WEIGHT_FIELDS = (
        "weight_goals",
        "weight_sector",
        "weight_role_level",
        "weight_format",
        "weight_experience",
        "weight_lived_experience",
    )

    class Meta:
        verbose_name_plural = "hub settings"
        constraints = [
            models.CheckConstraint(
                condition=Q(weight_goals__lte=10)
                & Q(weight_sector__lte=10)
                & Q(weight_role_level__lte=10)
                & Q(weight_format__lte=10)
                & Q(weight_experience__lte=10)
                & Q(weight_lived_experience__lte=10),
                name="coaching_hub_weights_range",
            )
        ]

    def __str__(self) -> str:
        return f"Hub of {self.academy}"

    def weights(self) -> dict[str, int]:
        return {name.removeprefix("weight_"): getattr(self, name) for name in self.WEIGHT_FIELDS}


class EligibilityRule(TimeStampedModel):
    """Who may ask the academy's hub for a coach or mentor. No rule for a kind means anyone may."""

    academy = models.ForeignKey(Academy, on_delete=models.CASCADE, related_name="coaching_rules")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    minimum_role_level = models.CharField(max_length=20, choices=RoleLevel.choices, blank=True)
    alumni_of = models.ForeignKey(
        Offer, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )  # completed this programme
    needs_line_manager_agreement = models.BooleanField(default=False)
    description = models.CharField(max_length=300)

    class Meta:
        ordering = ["academy", "kind", "id"]

    def __str__(self) -> str:
        return self.description


class PractitionerProfile(TimeStampedModel):
    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="practitioner_profile")
    academy = models.ForeignKey(Academy, on_delete=models.PROTECT, related_name="practitioners")
    kind = models.CharField(max_length=8, choices=PractitionerKind.choices)
    accreditation_body = models.CharField(max_length=160, blank=True)
    accreditation_level = models.CharField(max_length=120, blank=True)
    accreditation_evidence = models.FileField(upload_to="coaching/accreditation/", blank=True)
    accreditation_expires_on = models.DateField(null=True, blank=True)
    accreditation_verified_at = models.DateTimeField(null=True, blank=True)
    accreditation_verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    supervision = models.CharField("supervision arrangement", max_length=300, blank=True)
    specialisms = models.JSONField(default=list, blank=True)  # goal themes (evaluation.standard.GOAL_THEMES)
    sectors = models.JSONField(default=list, blank=True)  # people.Sector values worked with
    role_levels = models.JSONField(default=list, blank=True)  # people.RoleLevel values worked with
    delivery_format = models.CharField("format", max_length=12, choices=Format.choices, default=Format.EITHER)
    region = models.ForeignKey(Region, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    years_experience = models.PositiveSmallIntegerField(default=0)
    capacity = models.PositiveSmallIntegerField(default=1)  # active relationships at once
    active_count = models.PositiveSmallIntegerField(default=0)  # kept under the profile row lock
    availability = models.CharField(max_length=300, blank=True)
    paused_until = models.DateField(null=True, blank=True)
    published = models.BooleanField(default=False)
    allows_own_organisation = models.BooleanField(default=False)
    about = models.TextField(blank=True)
    # LivedExperience values the practitioner agrees to be matched on (never shown on the profile)
    lived_experience = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["person__family_name", "person__given_name", "id"]
        indexes = [models.Index(fields=["academy", "published", "kind"])]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="coaching_capacity_positive"),
            models.CheckConstraint(
                condition=Q(active_count__lte=F("capacity")), name="coaching_profile_not_over_capacity"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_kind_display()})"

    @property
    def places_left(self) -> int:
        return max(self.capacity - self.active_count, 0)

    @property
    def accreditation_verified(self) -> bool:
        return self.accreditation_verified_at is not None

    def accreditation_problem(self, today: Any) -> str:
        """Why this practitioner may not be offered on `today`, or "" when their accreditation is verified
        and in date."""
        if self.accreditation_verified_at is None:
            return "accreditation not verified by the hub"
        if self.accreditation_expires_on is not None and self.accreditation_expires_on < today:
            return f"accreditation expired on {self.accreditation_expires_on.day} {self.accreditation_expires_on:%B %Y}"
        return ""


class Exclusion(TimeStampedModel):
    """Someone a person does not want to be matched with, whichever side they are on."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="coaching_exclusions")
    excluded = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "excluded"], name="coaching_exclusion_unique"),
            models.CheckConstraint(condition=~Q(person=F("excluded")), name="coaching_exclusion_not_self"),
        ]

    def __str__(self) -> str:
        return f"Exclusion {self.pk}"


class Request(TimeStampedModel):
    class Status(models.TextChoices):
        OPEN = "open", "Waiting for a match"
        SHORTLISTED = "shortlisted", "Shortlist ready"
        INTRODUCED = "introduced", "Introduced"
        MATCHED = "matched", "Matched"
        CLOSED = "closed", "Closed"
        WITHDRAWN = "withdrawn", "Withdrawn"

    ACTIVE_STATUSES = (Status.OPEN, Status.SHORTLISTED, Status.INTRODUCED, Status.MATCHED)
    POOL_STATUSES = (Status.OPEN, Status.SHORTLISTED)  # what a matching run matches

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="coaching_requests")
    academy = models.ForeignKey(Academy, on_delete=models.PROTECT, related_name="coaching_requests")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    preferred_sectors = models.JSONField(default=list, blank=True)
    preferred_format = models.CharField(max_length=12, choices=Format.choices, default=Format.EITHER)
    preferred_region = models.ForeignKey(
        Region, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    minimum_experience_years = models.PositiveSmallIntegerField(default=0)
    allows_own_organisation = models.BooleanField(default=False)
    line_manager_agreed = models.BooleanField(default=False)
    matched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["academy", "kind", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "kind"],
                condition=Q(status__in=["open", "shortlisted", "introduced", "matched"]),
                name="coaching_one_open_request_per_kind",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} request {self.pk}"

    @property
    def themes(self) -> list[str]:
        return [goal.theme for goal in self.goals.all()]


class RequestGoal(models.Model):
    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="goals")
    theme = models.CharField(max_length=200)
    text = models.CharField(max_length=500)

    class Meta:
        ordering = ["request", "id"]

    def __str__(self) -> str:
        return self.theme


class LivedExperienceWish(TimeStampedModel):
    """An optional, self-declared wish for a practitioner with similar lived experience. Held apart,
    like equality data: the requester and their hub's administrators read it, every read audited."""

    request = models.OneToOneField(Request, on_delete=models.CASCADE, related_name="lived_experience")
    wish = models.CharField(max_length=500, blank=True)
    themes = models.JSONField(default=list, blank=True)  # LivedExperience values, matched in scoring

    def __str__(self) -> str:
        return f"Lived experience wish {self.pk}"


class MatchingRun(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        RUNNING = "running", "Matching"
        REVIEWED = "reviewed", "Reviewed"
        PUBLISHED = "published", "Published"
        FAILED = "failed", "Failed"

    academy = models.ForeignKey(Academy, on_delete=models.CASCADE, related_name="matching_runs")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    weights = models.JSONField(default=dict)
    progress = models.PositiveSmallIntegerField(default=0)  # percent
    figures = models.JSONField(default=dict, blank=True)  # requests, matched, unmatched, objective, ...
    error = models.CharField(max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="coaching_run_progress_percent"),
            models.CheckConstraint(
                condition=Q(status="published", published_at__isnull=False)
                | (~Q(status="published") & Q(published_at__isnull=True)),
                name="coaching_run_published_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} matching run {self.pk}"


class MatchResult(models.Model):
    """One request's outcome in a run: its match (or why none), factors, and shortlist (profile ids,
    the match first)."""

    run = models.ForeignKey(MatchingRun, on_delete=models.CASCADE, related_name="results")
    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="match_results")
    practitioner = models.ForeignKey(
        PractitionerProfile, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    score = models.FloatField(null=True, blank=True)
    factors = models.JSONField(default=dict, blank=True)
    shortlist = models.JSONField(default=list, blank=True)
    unmatched_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["run", "id"]
        constraints = [
            models.UniqueConstraint(fields=["run", "request"], name="coaching_result_one_per_request")
        ]

    def __str__(self) -> str:
        return f"Result {self.pk}"


class ShortlistEntry(models.Model):
    """A practitioner offered to a requester by a published run (or chosen by browsing)."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="shortlist")
    run = models.ForeignKey(MatchingRun, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    practitioner = models.ForeignKey(PractitionerProfile, on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField()
    score = models.FloatField(default=0)
    factors = models.JSONField(default=dict, blank=True)
    withdrawn = models.BooleanField(default=False)  # the practitioner declined or the run was replaced

    class Meta:
        ordering = ["request", "rank", "id"]
        constraints = [
            # One run's publication writes each request's shortlist once: a second publication of the
            # same run collides here even if it got past the run's row lock.
            models.UniqueConstraint(
                fields=["run", "request", "rank"], name="coaching_shortlist_once_per_run"
            ),
        ]

    def __str__(self) -> str:
        return f"Shortlist entry {self.pk}"


class Relationship(TimeStampedModel):
    class Status(models.TextChoices):
        INTRODUCED = "introduced", "Introduced, waiting for the practitioner"
        DECLINED = "declined", "Declined"
        CONTRACTING = "contracting", "Accepted, contracting"
        ACTIVE = "active", "Sessions under way"
        CLOSED = "closed", "Closed"

    HOLDS_PLACE = (Status.CONTRACTING, Status.ACTIVE)
    LIVE = (Status.INTRODUCED, Status.CONTRACTING, Status.ACTIVE)

    class CloseReason(models.TextChoices):
        COMPLETED = "completed", "Sessions completed"
        GOALS_MET = "goals_met", "Goals met early"
        REQUESTER_ENDED = "requester_ended", "Ended by the coachee or mentee"
        PRACTITIONER_ENDED = "practitioner_ended", "Ended by the coach or mentor"
        NO_CONTACT = "no_contact", "No contact"
        OTHER = "other", "Other"

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="relationships")
    practitioner = models.ForeignKey(
        PractitionerProfile, on_delete=models.PROTECT, related_name="relationships"
    )
    requester = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="coaching_relationships")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.INTRODUCED)
    introduced_at = models.DateTimeField()
    responded_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.CharField(max_length=300, blank=True)
    sessions_agreed = models.PositiveSmallIntegerField(null=True, blank=True)
    session_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    contracted_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    close_reason = models.CharField(max_length=20, choices=CloseReason.choices, blank=True)

    class Meta:
        ordering = ["-introduced_at", "-id"]
        indexes = [
            models.Index(fields=["practitioner", "status"]),
            models.Index(fields=["requester", "status"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["request"],
                condition=Q(status__in=["introduced", "contracting", "active"]),
                name="coaching_one_live_relationship_per_request",
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | (Q(closed_at__isnull=False) & ~Q(close_reason="")),
                name="coaching_closed_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(sessions_agreed__isnull=True)
                | Q(sessions_agreed__gte=1, sessions_agreed__lte=52),
                name="coaching_sessions_agreed_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} relationship {self.pk}"


class CoachingSession(TimeStampedModel):
    """That a session happened: its date and length. What was said is in SessionNote, for the pair."""

    relationship = models.ForeignKey(Relationship, on_delete=models.CASCADE, related_name="sessions")
    number = models.PositiveSmallIntegerField()
    held_on = models.DateField()
    minutes = models.PositiveSmallIntegerField()
    logged_by = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        ordering = ["relationship", "number"]
        constraints = [
            models.UniqueConstraint(fields=["relationship", "number"], name="coaching_session_number_unique"),
            models.CheckConstraint(
                condition=Q(minutes__gte=1) & Q(minutes__lte=600), name="coaching_session_minutes_range"
            ),
        ]

    def __str__(self) -> str:
        return f"Session {self.number}"


class SessionNote(TimeStampedModel):
    """What one of the pair wrote about a session: read by the pair only, every read audited."""

    session = models.ForeignKey(CoachingSession, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="coaching_session_notes")
    text = models.TextField()

    class Meta:
        ordering = ["session", "id"]

    def __str__(self) -> str:
        return f"Session note {self.pk}"


class CoachingProgramme(TimeStampedModel):
    """Coaching commissioned for a cohort from a provider (seed 002: the 19 PCN clinical directors, "four,
    60-minute confidential coaching sessions" each from We are Beyond), run by the hub's administrators."""

    academy = models.ForeignKey(Academy, on_delete=models.PROTECT, related_name="coaching_programmes")
    title = models.CharField(max_length=200)  # "PCN clinical directors"
    provider = models.CharField(max_length=200)  # the commissioned provider, whose coaches deliver it
    purpose = models.TextField(blank=True)
    starts_on = models.DateField()
    ends_on = models.DateField()
    sessions_each = models.PositiveSmallIntegerField(default=4)
    session_minutes = models.PositiveSmallIntegerField(default=60)
    # The catalogue offer its people booked through, if any: the programme's suite page then prints that
    # offer's testimonies and themes and stands in for the offer's own report (never both).
    offer = models.ForeignKey(
        "offers.Offer", on_delete=models.SET_NULL, null=True, blank=True, related_name="coaching_programmes"
    )

    class Meta:
        ordering = ["-starts_on", "title", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="coaching_programme_dates"),
            models.CheckConstraint(
                condition=Q(sessions_each__gte=1, sessions_each__lte=52), name="coaching_programme_sessions"
            ),
            models.CheckConstraint(
                condition=Q(session_minutes__gte=1, session_minutes__lte=600),
                name="coaching_programme_minutes",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ProgrammeParticipant(TimeStampedModel):
    """One person coached on a commissioned programme, by one of the provider's coaches (named, since the
    provider's coaches are not the hub's practitioners). Their goals are evaluation Goals about this row."""

    programme = models.ForeignKey(CoachingProgramme, on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="coaching_programme_places")
    coach_name = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["programme", "person__family_name", "person__given_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "person"], name="coaching_programme_person_once")
        ]

    def __str__(self) -> str:
        return f"Programme place {self.pk}"


class ProgrammeSession(TimeStampedModel):
    """That a participant's session was held (confidential: no notes are kept)."""

    participant = models.ForeignKey(ProgrammeParticipant, on_delete=models.CASCADE, related_name="sessions")
    number = models.PositiveSmallIntegerField()
    held_on = models.DateField()
    minutes = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["participant", "number"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "number"], name="coaching_programme_session_once"),
            models.CheckConstraint(
                condition=Q(minutes__gte=1, minutes__lte=600), name="coaching_programme_session_minutes"
            ),
        ]

    def __str__(self) -> str:
        return f"Programme session {self.number}"


class TeamJourney(TimeStampedModel):
    """A team coaching journey (seed 002): an initial engagement, a discovery discussion with
    stakeholders, the team leader and the team, a diagnostic, then coaching sessions with the team, over
    6 to 12 months. Each phase's start date is recorded as it is reached; the current phase is the last
    one started."""

    class Phase(models.TextChoices):
        ENGAGEMENT = "engagement", "Engagement"
        DISCOVERY = "discovery", "Discovery"
        DIAGNOSTIC = "diagnostic", "Diagnostic"
        SESSIONS = "sessions", "Team coaching sessions"
        ENDED = "ended", "Ended"

    PHASE_FIELDS = (
        (Phase.ENGAGEMENT, "engagement_on"),
        (Phase.DISCOVERY, "discovery_on"),
        (Phase.DIAGNOSTIC, "diagnostic_on"),
        (Phase.SESSIONS, "sessions_on"),
        (Phase.ENDED, "ended_on"),
    )

    academy = models.ForeignKey(Academy, on_delete=models.PROTECT, related_name="team_journeys")
    team_name = models.CharField(max_length=200)
    organisation = models.CharField(max_length=200, blank=True)  # or the system the team works across
    team_leader = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="team_journeys_led")
    coaches = models.CharField("team coaches", max_length=300, blank=True)
    planned_months = models.PositiveSmallIntegerField(default=9)
    engagement_on = models.DateField()
    discovery_on = models.DateField(null=True, blank=True)
    diagnostic_on = models.DateField(null=True, blank=True)
    sessions_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    sessions_held = models.PositiveSmallIntegerField(default=0)

    # The catalogue offer the team booked through, if any (the team coaching suite page stands in for its
    # report).
    offer = models.ForeignKey(
        "offers.Offer", on_delete=models.SET_NULL, null=True, blank=True, related_name="team_journeys"
    )

    class Meta:
        ordering = ["-engagement_on", "team_name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_months__gte=6, planned_months__lte=12), name="coaching_team_months"
            ),
            models.CheckConstraint(
                condition=(Q(discovery_on__isnull=True) | Q(discovery_on__gte=F("engagement_on")))
                & (
                    Q(diagnostic_on__isnull=True)
                    | Q(discovery_on__isnull=False, diagnostic_on__gte=F("discovery_on"))
                )
                & (
                    Q(sessions_on__isnull=True)
                    | Q(diagnostic_on__isnull=False, sessions_on__gte=F("diagnostic_on"))
                )
                & (Q(ended_on__isnull=True) | Q(sessions_on__isnull=False, ended_on__gte=F("sessions_on"))),
                name="coaching_team_phases_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.team_name

    def phase_on(self, day: Any) -> str:
        """The phase the journey was in on `day` ("" before its engagement began)."""
        current = ""
        for phase, name in self.PHASE_FIELDS:
            started = getattr(self, name)
            if started is not None and started <= day:
                current = phase
        return current

    def get_phase_display_on(self, day: Any) -> str:
        phase = self.phase_on(day)
        return str(self.Phase(phase).label) if phase else "Not begun"

    def phases(self) -> list[tuple[str, Any]]:
        """(phase label, the date it started or None), in order."""
        return [(str(self.Phase(phase).label), getattr(self, name)) for phase, name in self.PHASE_FIELDS]


class TeamJourneyMember(TimeStampedModel):
    """A member of the team, or a stakeholder taking part in discovery. The team leader is on the journey."""

    class Role(models.TextChoices):
        MEMBER = "member", "Team member"
        STAKEHOLDER = "stakeholder", "Stakeholder"

    journey = models.ForeignKey(TeamJourney, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="team_journey_places")
    role = models.CharField(max_length=12, choices=Role.choices, default=Role.MEMBER)

    class Meta:
        ordering = ["journey", "role", "person__family_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["journey", "person"], name="coaching_team_member_once")
        ]

    def __str__(self) -> str:
        return f"Team journey place {self.pk}"


class FeedbackRound(TimeStampedModel):
    """One coaching or mentoring feedback survey per hub and calendar quarter: everyone whose relationship
    closes in the quarter is invited to the same anonymous survey, so no survey is ever one person's and a
    report's figures move a round at a time (evaluation's small-number rule applies to each round)."""

    academy = models.ForeignKey(Academy, on_delete=models.CASCADE, related_name="coaching_feedback_rounds")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    starts_on = models.DateField()  # the quarter's first day
    ends_on = models.DateField()  # its last day

    class Meta:
        ordering = ["academy", "kind", "starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["academy", "kind", "starts_on"], name="coaching_feedback_round_once"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gt=F("starts_on")), name="coaching_feedback_round_dates"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} feedback, {self.starts_on:%B} to {self.ends_on:%B %Y}"
