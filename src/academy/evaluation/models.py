"""Instruments, surveys, invitations, responses, answers, goals and free-text themes.

Anonymity is a property of the schema, not of good manners: a response to an anonymous survey has
no person and no invitation (a check constraint forbids a person), and the invitation only records
*that* it was used, on a date, never *which* response it produced.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

from academy.core.models import TimeStampedModel
from academy.offers.models import Cohort, Offer, Session
from academy.people.models import ICS, Academy, Person


class QuestionType(models.TextChoices):
    AGREEMENT_5 = "agreement_5", "Five-point agreement scale"
    SCALE_0_10 = "scale_0_10", "Scale from 0 to 10"
    SCALE_1_10 = "scale_1_10", "Scale from 1 to 10"
    YES_NO = "yes_no", "Yes or no"
    WOULD_RECOMMEND = "would_recommend", "Would recommend"
    SINGLE_CHOICE = "single_choice", "Choose one"
    MULTIPLE_CHOICE = "multiple_choice", "Choose all that apply"
    ONE_WORD = "one_word", "One word"
    FREE_TEXT = "free_text", "Free text"
    GOAL_RATING = "goal_rating", "Goal rating (1 to 10)"


# Fixed answer options, in the order they are shown and counted. Codes are stored; labels are printed.
AGREEMENT_OPTIONS: list[tuple[str, str]] = [
    ("strongly_agree", "Strongly agree"),
    ("agree", "Agree"),
    ("neither", "Neither agree nor disagree"),
    ("disagree", "Disagree"),
    ("strongly_disagree", "Strongly disagree"),
]
YES_NO_OPTIONS: list[tuple[str, str]] = [("yes", "Yes"), ("no", "No")]
WOULD_RECOMMEND_OPTIONS: list[tuple[str, str]] = [("yes", "Yes"), ("no", "No"), ("not_sure", "Not sure")]

CHOICE_TYPES = {
    QuestionType.AGREEMENT_5,
    QuestionType.YES_NO,
    QuestionType.WOULD_RECOMMEND,
    QuestionType.SINGLE_CHOICE,
}
NUMERIC_TYPES = {QuestionType.SCALE_0_10, QuestionType.SCALE_1_10, QuestionType.GOAL_RATING}
TEXT_TYPES = {QuestionType.ONE_WORD, QuestionType.FREE_TEXT}
NUMERIC_RANGES = {
    QuestionType.SCALE_0_10: (0, 10),
    QuestionType.SCALE_1_10: (1, 10),
    QuestionType.GOAL_RATING: (1, 10),
}


class Instrument(TimeStampedModel):
    """A versioned question set. A published version never changes: editing makes a new version."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        RETIRED = "retired", "Retired"

    key = models.SlugField(
        max_length=80, help_text="Stable name shared by every version, e.g. session-evaluation"
    )
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=1)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    academy = models.ForeignKey(
        Academy,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="instruments",
        help_text="Empty for the standard instruments every academy may use.",
    )
    published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["key", "version"], name="instrument_key_version_unique"),
            models.CheckConstraint(condition=Q(version__gte=1), name="instrument_version_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.name} (version {self.version})"

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT


class Question(models.Model):
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField()
    code = models.SlugField(max_length=60, help_text="Stable across versions, so figures can be compared.")
    text = models.CharField(max_length=500)
    hint = models.CharField(max_length=300, blank=True)
    type = models.CharField(max_length=20, choices=QuestionType.choices)
    choices = models.JSONField(default=list, blank=True)  # single/multiple choice: list of option labels
    required = models.BooleanField(default=True)
    consent_to_quote = models.BooleanField(
        default=False, help_text="Ask the respondent whether this answer may be quoted (testimonies)."
    )

    class Meta:
        ordering = ["instrument", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "code"], name="question_code_unique_per_instrument"
            ),
            models.UniqueConstraint(
                fields=["instrument", "order"], name="question_order_unique_per_instrument"
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def options(self) -> list[tuple[str, str]]:
        """(code, label) pairs for closed questions, in display and counting order."""
        if self.type == QuestionType.AGREEMENT_5:
            return AGREEMENT_OPTIONS
        if self.type == QuestionType.YES_NO:
            return YES_NO_OPTIONS
        if self.type == QuestionType.WOULD_RECOMMEND:
            return WOULD_RECOMMEND_OPTIONS
        if self.type in (QuestionType.SINGLE_CHOICE, QuestionType.MULTIPLE_CHOICE):
            return [(str(label), str(label)) for label in self.choices]
        if self.type in NUMERIC_RANGES:
            low, high = NUMERIC_RANGES[QuestionType(self.type)]
            return [(str(n), str(n)) for n in range(low, high + 1)]
        return []


class Survey(TimeStampedModel):
    """An instrument put to the people of an offer, of one cohort or of one session, or of any subject an app
    registers (evaluation/subjects.py): a coaching relationship, a learning set, a validation route.

    `academy` is whose survey it is (all scoping goes by it); `subject` is what it is about: the session,
    cohort or offer for those (kept in `offer`, `cohort` and `session` as well, which figures group by), or
    the registered object.
    """

    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="surveys")
    title = models.CharField(max_length=200)
    academy = models.ForeignKey(Academy, on_delete=models.PROTECT, related_name="surveys")
    subject_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, null=True, blank=True, related_name="surveys")
    cohort = models.ForeignKey(
        Cohort, on_delete=models.CASCADE, null=True, blank=True, related_name="surveys"
    )
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, null=True, blank=True, related_name="surveys"
    )
    anonymous = models.BooleanField(default=True)
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    reminder_days = models.JSONField(
        default=list, blank=True, help_text="Days after the invitation on which non-responders are reminded."
    )
    invite_automatically = models.BooleanField(
        default=True,
        help_text=(
            "Send invitations by e-mail to the people marked present as soon as the session ends (for a "
            "cohort: its last session). Never for an evaluation of a whole offer, whose cohorts end at "
            "different times."
        ),
    )
    invitations_sent_at = models.DateTimeField(null=True, blank=True)
    imported_invited = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text=(
            "How many people the other survey tool invited, as stated when its responses were imported: the "
            "base of the imported responses' response rate. Empty when not stated (imported responses then "
            "count in no response rate)."
        ),
    )
    anonymity_locked_at = models.DateTimeField(
        null=True,
        blank=True,
        editable=False,
        help_text=(
            "When this evaluation's anonymity became fixed: its first invitation or response. From then on "
            "an anonymous evaluation stays anonymous (the database refuses anything else)."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-opens_at", "id"]
        indexes = [
            models.Index(fields=["offer", "opens_at"]),
            models.Index(fields=["cohort"]),
            models.Index(fields=["subject_type", "subject_id"]),
            models.Index(fields=["academy", "opens_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(offer__isnull=False) | Q(subject_type__isnull=False, subject_id__isnull=False),
                name="survey_has_a_subject",
            ),
            models.CheckConstraint(
                condition=Q(closes_at__gt=models.F("opens_at")), name="survey_closes_after_open"
            ),
            models.CheckConstraint(
                condition=Q(session__isnull=True) | Q(cohort__isnull=False), name="survey_session_has_cohort"
            ),
            # One-way anonymity: once locked, an anonymous survey cannot be made named again (unticking
            # it would let the invitation list say who answered).
            models.CheckConstraint(
                condition=Q(anonymity_locked_at__isnull=True) | Q(anonymous=True),
                name="survey_locked_anonymity_stays_anonymous",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def about(self) -> str:
        """What people are asked about, as invitations and pages name it: the offer, else the subject."""
        if self.offer_id:
            return self.offer.title  # type: ignore[union-attr]
        return str(self.subject) if self.subject is not None else self.title


class Invitation(models.Model):
    """One person's single-use link to a survey. The token itself is never stored, only its hash."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    token_salt = models.CharField(max_length=32)
    sent_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    # For anonymous surveys this is only a marker (the survey's opening time), never the real time,
    # so that it cannot be matched to a response.
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["survey", "responded_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "person"],
                condition=Q(person__isnull=False),
                name="invitation_one_per_person",
            )
        ]

    def __str__(self) -> str:
        return f"Invitation {self.pk}"


class Response(models.Model):
    class Source(models.TextChoices):
        WEB = "web", "Answered online"
        API = "api", "Entered through the API"
        IMPORT = "import", "Imported from another survey tool"

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    person = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    is_anonymous = models.BooleanField()
    submitted_at = models.DateTimeField()
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.WEB)
    # A snapshot for attributing quotes "by role and sector, never by name".
    respondent_role_level = models.CharField(max_length=20, blank=True)
    respondent_job_title = models.CharField(max_length=200, blank=True)
    respondent_sector = models.CharField(max_length=20, blank=True)
    respondent_org_type = models.CharField(max_length=20, blank=True)
    respondent_ics = models.ForeignKey(
        ICS, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["survey", "submitted_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_anonymous=False) | Q(person__isnull=True),
                name="response_anonymous_has_no_person",
            ),
            models.UniqueConstraint(
                fields=["survey", "person"], condition=Q(person__isnull=False), name="response_one_per_person"
            ),
        ]

    def __str__(self) -> str:
        return f"Response {self.pk}"


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    choice = models.CharField(max_length=200, blank=True)  # agreement, yes/no, recommend, single choice
    numeric = models.SmallIntegerField(null=True, blank=True)  # scales and goal ratings
    text = models.TextField(blank=True)  # one word, free text
    choices = models.JSONField(null=True, blank=True)  # multiple choice: list of labels
    consent_to_quote = models.BooleanField(default=False)
    # The day retention blanked this free-text answer (core/retention.py): it is still counted as written.
    text_removed_on = models.DateField(null=True, blank=True)
    # Sentence-embedding vector (float32 bytes) for free text, filled in the background on arrival.
    embedding = models.BinaryField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["question", "choice"]), models.Index(fields=["question", "numeric"])]
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="answer_one_per_question"),
        ]

    def __str__(self) -> str:
        return f"Answer {self.pk}"

    @property
    def display_value(self) -> str:
        if self.choices:
            return ", ".join(self.choices)
        if self.numeric is not None:
            return str(self.numeric)
        if self.choice:
            return dict(self.question.options).get(self.choice, self.choice)
        return self.text


class AnswerTally(models.Model):
    """How many answers one question of one survey received with each value: the counts that figures
    are summed from, so an offer with a million answers is a few thousand rows to add up. Counts only,
    never who answered. Rebuilt exactly by services.survey_tallies_refresh whenever answers are written.
    """

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="tallies")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    choice = models.CharField(max_length=200, blank=True)
    numeric = models.SmallIntegerField(null=True, blank=True)
    word = models.TextField(blank=True)  # a one-word answer's spelling; other text is only counted
    choices = models.JSONField(null=True, blank=True)  # a multiple-choice selection
    answers = models.PositiveIntegerField()
    written = models.PositiveIntegerField()  # of which had text

    class Meta:
        indexes = [models.Index(fields=["survey", "question"])]

    def __str__(self) -> str:
        return f"Tally {self.pk}"


class Goal(TimeStampedModel):
    """A personal goal with a theme, rated 1-10 before the first and after the last session; about a
    booking's cohort, or about any subject registered for surveys (evaluation/subjects.py)."""

    person = models.ForeignKey(Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="goals")
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, null=True, blank=True, related_name="goals")
    subject_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    survey = models.ForeignKey(Survey, on_delete=models.SET_NULL, null=True, blank=True, related_name="goals")
    theme = models.CharField(max_length=200)
    text = models.TextField()
    rating_before = models.PositiveSmallIntegerField(null=True, blank=True)
    rating_after = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["theme", "id"]
        indexes = [
            models.Index(fields=["cohort", "theme"]),
            models.Index(fields=["subject_type", "subject_id"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating_before__isnull=True) | Q(rating_before__gte=1, rating_before__lte=10),
                name="goal_rating_before_range",
            ),
            models.CheckConstraint(
                condition=Q(rating_after__isnull=True) | Q(rating_after__gte=1, rating_after__lte=10),
                name="goal_rating_after_range",
            ),
        ]

    def __str__(self) -> str:
        return self.theme


class ThemeSet(TimeStampedModel):
    """One theme run over a set of free-text answers, and people's edits to it."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to start"
        RUNNING = "running", "Finding themes"
        DONE = "done", "Ready"
        FAILED = "failed", "Failed"

    title = models.CharField(max_length=200)
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="theme_sets")
    survey = models.ForeignKey(
        Survey, on_delete=models.CASCADE, null=True, blank=True, related_name="theme_sets"
    )
    question_code = models.SlugField(max_length=60)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    progress = models.PositiveSmallIntegerField(default=0)  # percent
    method = models.CharField(max_length=40, blank=True)
    error = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="themeset_progress_percent"),
        ]

    def __str__(self) -> str:
        return self.title


class Theme(models.Model):
    theme_set = models.ForeignKey(ThemeSet, on_delete=models.CASCADE, related_name="themes")
    label = models.CharField(max_length=200)
    found_label = models.CharField(max_length=200, blank=True)  # as the engine named it, before edits
    keywords = models.JSONField(default=list, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    is_non_answer = models.BooleanField(default=False)  # "no comment" and the like, kept apart
    # The answers the engine found far from every theme: shown last, as such, never hidden. Renaming the
    # group, or merging it with a real theme, makes it a theme that people have named.
    is_unassigned = models.BooleanField(default=False)

    class Meta:
        ordering = ["theme_set", "is_non_answer", "is_unassigned", "order", "id"]

    def __str__(self) -> str:
        return self.label


class ThemeMembership(models.Model):
    """An answer's place in one theme of a set (at most one theme per set)."""

    theme_set = models.ForeignKey(ThemeSet, on_delete=models.CASCADE, related_name="memberships")
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="memberships")
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="theme_memberships")
    representative = models.BooleanField(default=False)

    class Meta:
        ordering = ["theme", "id"]
        constraints = [
            models.UniqueConstraint(fields=["theme_set", "answer"], name="theme_membership_one_per_set"),
        ]

    def __str__(self) -> str:
        return f"Answer {self.answer_id} in theme {self.theme_id}"
