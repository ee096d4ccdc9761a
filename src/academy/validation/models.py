"""System OD practitioner validation (seed 001): competency frameworks, cohorts and each practitioner's
six-step route — expression of interest, self-reflection, the workshop (an offers cohort), the decision
with a readiness level, six months' support, the claim, the panel's blind reviews and moderation, the
interview and the decision."""

from django.db import models
from django.db.models import Q

from academy.core.models import TimeStampedModel
from academy.offers.models import Cohort as OfferCohort
from academy.people.models import Academy, Person


class Framework(TimeStampedModel):
    """One version of a competency framework. A new version is a new row with the same slug."""

    slug = models.SlugField(max_length=120)
    version = models.CharField(max_length=40)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name", "version"]
        constraints = [models.UniqueConstraint(fields=["slug", "version"], name="framework_version_once")]

    def __str__(self) -> str:
        return f"{self.name} (version {self.version})"


class Domain(models.Model):
    framework = models.ForeignKey(Framework, on_delete=models.CASCADE, related_name="domains")
    code = models.CharField(max_length=20)
    name = models.CharField(max_length=200)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["framework", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["framework", "code"], name="domain_code_once")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Element(models.Model):
    domain = models.ForeignKey(Domain, on_delete=models.CASCADE, related_name="elements")
    code = models.CharField(max_length=20)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    practitioner_descriptor = models.TextField("what a system OD practitioner shows", blank=True)
    leader_descriptor = models.TextField("what a system OD leader shows", blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["domain__framework", "domain__order", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["domain", "code"], name="element_code_once")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class ElementMapping(models.Model):
    """Where an element of one framework version went in another, so that a claim can move on."""

    source = models.ForeignKey(Element, on_delete=models.CASCADE, related_name="mapped_to")
    target = models.ForeignKey(Element, on_delete=models.CASCADE, related_name="mapped_from")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "target"], name="element_mapping_once"),
            models.CheckConstraint(condition=~Q(source=models.F("target")), name="element_mapping_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.source} → {self.target}"


class ValidationCohort(TimeStampedModel):
    """A cohort of practitioners on the route, run by one academy, against one or two frameworks."""

    academy = models.ForeignKey(Academy, on_delete=models.PROTECT, related_name="validation_cohorts")
    name = models.CharField(max_length=200)
    frameworks = models.ManyToManyField(Framework, related_name="cohorts")
    workshop = models.ForeignKey(
        OfferCohort, on_delete=models.SET_NULL, null=True, blank=True, related_name="validation_cohorts"
    )
    opens_on = models.DateField()

    class Meta:
        ordering = ["-opens_on", "name"]
        constraints = [
            models.UniqueConstraint(fields=["academy", "name"], name="validation_cohort_name_once")
        ]

    def __str__(self) -> str:
        return self.name


class Readiness(models.TextChoices):
    NOW = "now", "Ready to make a claim"
    LATER = "later", "Ready in 12–18 months"
    DEVELOP = "develop", "Considering further development"


class Outcome(models.TextChoices):
    LEADER = "leader", "System OD Leader"
    PRACTITIONER = "practitioner", "System OD Practitioner"
    DEVELOPMENTAL = "developmental", "Developmental feedback"


class Step(models.TextChoices):
    INTEREST = "interest", "Expression of interest"
    REFLECTION = "reflection", "Self-reflection"
    WORKSHOP = "workshop", "Workshop"
    DECISION = "decision", "Reflection and decision"
    SUPPORT = "support", "Support and claim"
    PANEL = "panel", "Panel review"
    INTERVIEW = "interview", "Validation interview"
    DONE = "done", "Decided"


class Route(TimeStampedModel):
    """One practitioner's route through one cohort. Each step's moment is kept, for time in each step."""

    cohort = models.ForeignKey(ValidationCohort, on_delete=models.PROTECT, related_name="routes")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="validation_routes")
    interest_statement = models.TextField(blank=True)
    expressed_at = models.DateTimeField()
    reflected_at = models.DateTimeField(null=True, blank=True)
    workshop_attended_at = models.DateTimeField(null=True, blank=True)
    readiness = models.CharField(max_length=10, choices=Readiness.choices, blank=True)
    decision_note = models.TextField(blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    supporter = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="validation_supported"
    )
    support_started_at = models.DateTimeField(null=True, blank=True)
    claim_submitted_at = models.DateTimeField(null=True, blank=True)
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderation_version = models.PositiveIntegerField(default=0)
    agreement_percent = models.DecimalField(max_digits=5, decimal_places=1, null=True, blank=True)
    agreement_kappa = models.DecimalField(max_digits=5, decimal_places=3, null=True, blank=True)
    agreement_base = models.CharField(max_length=200, blank=True)
    interview_at = models.DateTimeField(null=True, blank=True)
    interview_place = models.CharField(max_length=200, blank=True)
    interview_notes = models.TextField(blank=True)
    interview_recorded_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=15, choices=Outcome.choices, blank=True)
    outcome_feedback = models.TextField(blank=True)
    outcome_at = models.DateTimeField(null=True, blank=True)
    credential_id = models.UUIDField(null=True, blank=True)  # the credentials app's Credential, once issued

    class Meta:
        ordering = ["cohort", "person__family_name", "person__given_name"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "person"], name="route_once_per_cohort"),
            models.CheckConstraint(
                condition=~Q(supporter=models.F("person")), name="route_not_own_supporter"
            ),
            models.CheckConstraint(
                condition=Q(outcome="") | Q(outcome_at__isnull=False), name="route_outcome_has_moment"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.cohort}"

    @property
    def step(self) -> str:
        if self.outcome:
            return Step.DONE
        if self.moderated_at:
            return Step.INTERVIEW
        if self.claim_submitted_at:
            return Step.PANEL
        if self.decided_at:
            return Step.SUPPORT
        if self.workshop_attended_at:
            return Step.DECISION
        if self.reflected_at:
            return Step.WORKSHOP
        return Step.REFLECTION

    @property
    def step_label(self) -> str:
        return Step(self.step).label


class SelfRating(models.Model):
    class Level(models.IntegerChoices):
        NOT_YET = 1, "Not yet"
        DEVELOPING = 2, "Developing"
        PRACTITIONER = 3, "At system practitioner level"
        LEADER = 4, "At system leader level"

    route = models.ForeignKey(Route, on_delete=models.CASCADE, related_name="self_ratings")
    element = models.ForeignKey(Element, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(choices=Level.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["route", "element"], name="self_rating_once"),
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=4), name="self_rating_range"),
        ]

    def __str__(self) -> str:
        return f"{self.element_id}: {self.level}"


class Milestone(TimeStampedModel):
    route = models.ForeignKey(Route, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=200)
    due_on = models.DateField()
    done_at = models.DateTimeField(null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["due_on", "pk"]


class Claim(TimeStampedModel):
    """The claim of practice: a narrative and evidence for each element. Submitting locks it and keeps a
    numbered copy; developmental feedback may reopen it as the next version."""

    route = models.OneToOneField(Route, on_delete=models.CASCADE, related_name="claim")
    frameworks = models.ManyToManyField(Framework, related_name="+")
    version = models.PositiveIntegerField(default=1)
    locked = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"Claim {self.pk} version {self.version}"


class ClaimEntry(TimeStampedModel):
    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="entries")
    element = models.ForeignKey(Element, on_delete=models.PROTECT, related_name="+")
    narrative = models.TextField(blank=True)

    class Meta:
        ordering = ["element__domain__order", "element__order"]
        constraints = [models.UniqueConstraint(fields=["claim", "element"], name="claim_entry_once")]


class Evidence(TimeStampedModel):
    entry = models.ForeignKey(ClaimEntry, on_delete=models.CASCADE, related_name="evidence")
    title = models.CharField(max_length=200)
    file = models.FileField(upload_to="validation-evidence/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()

    class Meta:
        ordering = ["created_at", "pk"]


class ClaimSubmission(models.Model):
    """A frozen copy of the claim as submitted."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="submissions")
    version = models.PositiveIntegerField()
    submitted_at = models.DateTimeField()
    snapshot = models.JSONField()

    class Meta:
        ordering = ["version"]
        constraints = [models.UniqueConstraint(fields=["claim", "version"], name="claim_submission_once")]

    def __str__(self) -> str:
        return f"Claim {self.claim_id} version {self.version}"


class PanelMember(TimeStampedModel):
    class Kind(models.TextChoices):
        PEER = "peer", "Peer"
        EXPERT = "expert", "Expert"

    route = models.ForeignKey(Route, on_delete=models.CASCADE, related_name="panel")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="validation_panels")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    conflict_declaration = models.TextField(
        help_text="Any working or personal relationship with the practitioner, or 'None'."
    )
    reviews_submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["route", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["route", "person"], name="panel_member_once"),
        ]

    def __str__(self) -> str:
        return f"{self.person} on {self.route}"


class Rating(models.IntegerChoices):
    NOT_EVIDENCED = 0, "Not evidenced"
    PRACTITIONER = 1, "Evidenced at system practitioner level"
    LEADER = 2, "Evidenced at system leader level"


class Review(TimeStampedModel):
    """One panel member's independent rating of one element."""

    member = models.ForeignKey(PanelMember, on_delete=models.CASCADE, related_name="reviews")
    element = models.ForeignKey(Element, on_delete=models.PROTECT, related_name="+")
    rating = models.PositiveSmallIntegerField(choices=Rating.choices)
    comment = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "element"], name="review_once"),
            models.CheckConstraint(condition=Q(rating__lte=2), name="review_rating_range"),
        ]

    def __str__(self) -> str:
        return f"{self.element_id}: {self.rating}"


class ModeratedRating(TimeStampedModel):
    """The panel's agreed rating of one element after moderation."""

    route = models.ForeignKey(Route, on_delete=models.CASCADE, related_name="moderated")
    element = models.ForeignKey(Element, on_delete=models.PROTECT, related_name="+")
    rating = models.PositiveSmallIntegerField(choices=Rating.choices)
    note = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["route", "element"], name="moderated_once"),
            models.CheckConstraint(condition=Q(rating__lte=2), name="moderated_rating_range"),
        ]
