"""360 feedback against the Healthcare Leadership Model: the academy's behaviour statements, a
participant's 360 (their self-rating and the raters they invite by group), the report frozen when the
360 closes, and the participant's choice to share it with their coach. The rule that keeps every rater
anonymous is in `figures.py` and docs/feedback360.md."""

from django.db import models
from django.db.models import Q

from academy.core.models import TimeStampedModel
from academy.people.models import Academy, Person


class Dimension(models.TextChoices):
    """The nine dimensions of the Healthcare Leadership Model."""

    INSPIRING_SHARED_PURPOSE = "inspiring_shared_purpose", "Inspiring shared purpose"
    LEADING_WITH_CARE = "leading_with_care", "Leading with care"
    EVALUATING_INFORMATION = "evaluating_information", "Evaluating information"
    CONNECTING_OUR_SERVICE = "connecting_our_service", "Connecting our service"
    SHARING_THE_VISION = "sharing_the_vision", "Sharing the vision"
    ENGAGING_THE_TEAM = "engaging_the_team", "Engaging the team"
    HOLDING_TO_ACCOUNT = "holding_to_account", "Holding to account"
    DEVELOPING_CAPABILITY = "developing_capability", "Developing capability"
    INFLUENCING_FOR_RESULTS = "influencing_for_results", "Influencing for results"


class Level(models.IntegerChoices):
    """The model's four levels, scored 1 to 4 for the figures."""

    ESSENTIAL = 1, "Essential"
    PROFICIENT = 2, "Proficient"
    STRONG = 3, "Strong"
    EXEMPLARY = 4, "Exemplary"


class Group(models.TextChoices):
    SELF = "self", "Self"
    LINE_MANAGER = "line_manager", "Line manager"
    PEER = "peer", "Peers"
    DIRECT_REPORT = "direct_report", "Direct reports"
    OTHER = "other", "Others"


RATER_GROUPS = [g for g in Group if g != Group.SELF]


class Settings(models.Model):
    """An academy's 360 settings. Without a row, the defaults hold."""

    academy = models.OneToOneField(Academy, on_delete=models.CASCADE, related_name="feedback360_settings")
    min_raters = models.PositiveSmallIntegerField(
        "fewest raters a group needs for its results to show", default=3
    )

    class Meta:
        verbose_name = "360 feedback settings"
        verbose_name_plural = "360 feedback settings"
        constraints = [
            models.CheckConstraint(condition=Q(min_raters__gte=2), name="f360_min_raters_at_least_2")
        ]

    def __str__(self) -> str:
        return f"360 settings of {self.academy}"


class Statement(TimeStampedModel):
    """A behaviour statement the academy enters under one dimension. Retired, never deleted, once rated."""

    academy = models.ForeignKey(Academy, on_delete=models.PROTECT, related_name="feedback360_statements")
    dimension = models.CharField(max_length=40, choices=Dimension.choices)
    text = models.CharField(max_length=300)
    position = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["academy", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["academy", "dimension", "text"], name="f360_statement_once")
        ]

    def __str__(self) -> str:
        return self.text


class Assessment(TimeStampedModel):
    """One participant's 360. While open, raters answer and no figure is shown; closing freezes the
    report (`report`), which only ever loses figures afterwards (when a rater withdraws)."""

    class Status(models.TextChoices):
        OPEN = "open", "Collecting feedback"
        CLOSED = "closed", "Closed, report ready"

    academy = models.ForeignKey(Academy, on_delete=models.PROTECT, related_name="feedback360s")
    participant = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="feedback360s")
    title = models.CharField(max_length=200, default="My 360 feedback")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    closes_on = models.DateField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    min_raters = models.PositiveSmallIntegerField(default=3)  # the academy's setting when it closed
    statements = models.JSONField(default=list, blank=True)  # the statement ids rated, fixed at the start
    report = models.JSONField(default=dict, blank=True)  # the frozen report (figures.Report.plain())
    # Which invitations fed each shown column: kept apart from the report, never shown
    columns_of = models.JSONField(default=dict, blank=True)
    # The participant's share of the academy's figures, written once at closing (figures.py)
    aggregate_row = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open", closed_at__isnull=True)
                | Q(status="closed", closed_at__isnull=False),
                name="f360_closed_has_time",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.participant})"


class Invitation(TimeStampedModel):
    """A rater (or the participant's own self-rating, group "self") and their answers. Raters have no
    account: the link carries a token, of which only the hash is kept."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="invitations")
    group = models.CharField(max_length=16, choices=Group.choices)
    name = models.CharField(max_length=200, blank=True)
    email = models.EmailField()
    token_salt = models.CharField(max_length=64, blank=True)
    token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    consents_to_show = models.BooleanField(
        "line manager agrees their answers are shown as theirs", default=False
    )
    comments = models.JSONField(default=dict, blank=True)  # {dimension: text}

    class Meta:
        ordering = ["assessment", "group", "id"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "email"], name="f360_one_invitation_per_email"),
            models.UniqueConstraint(
                fields=["assessment"], condition=Q(group="self"), name="f360_one_self_rating"
            ),
            models.UniqueConstraint(
                fields=["assessment"], condition=Q(group="line_manager"), name="f360_one_line_manager"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_group_display()} of {self.assessment_id}"

    @property
    def counts(self) -> bool:
        return self.submitted_at is not None and self.withdrawn_at is None


class Rating(models.Model):
    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="ratings")
    statement = models.ForeignKey(Statement, on_delete=models.PROTECT, related_name="ratings")
    level = models.PositiveSmallIntegerField(choices=Level.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["invitation", "statement"], name="f360_rating_once"),
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=4), name="f360_rating_level"),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} for statement {self.statement_id}"


class Share(TimeStampedModel):
    """The participant lets their coach (a live relationship of the coaching hub) read the report."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="shares")
    relationship = models.ForeignKey(
        "coaching.Relationship", on_delete=models.CASCADE, related_name="feedback360_shares"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "relationship"],
                condition=Q(revoked_at__isnull=True),
                name="f360_one_live_share",
            )
        ]

    def __str__(self) -> str:
        return f"360 {self.assessment_id} shared in relationship {self.relationship_id}"
