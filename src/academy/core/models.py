"""The few things every app needs: a timestamped base, the audit log and the e-mail outbox."""

from django.conf import settings
from django.db import models


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class AuditEntry(models.Model):
    """An append-only record of a sensitive read or change. No one edits it through the app."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=80, db_index=True)  # namespaced, e.g. "people.equality.read"
    object_type = models.CharField(max_length=80)
    object_id = models.CharField(max_length=64)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name_plural = "audit entries"
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.action} {self.object_type}:{self.object_id}"


class OutboxMessage(models.Model):
    """An e-mail written in the same transaction as the change it describes, sent after commit.

    A message is claimed by a worker (claimed_at) and marked sent (sent_at); a crash between the two
    leaves it claimed-but-unsent, and it is retried once the claim has gone stale. The key names the
    event the message reports, so the same event cannot be queued twice (see outbox_enqueue).
    """

    key = models.CharField(max_length=200, unique=True)
    to = models.EmailField()
    subject = models.CharField(max_length=200)
    body = models.TextField()
    attachments = models.JSONField(default=list, blank=True)  # [{"filename", "content", "mimetype"}]
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["sent_at", "claimed_at"])]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to}"


class RetentionPeriod(models.Model):
    """How long one kind of record is kept, as the administrator set it (core/retention.py lists the kinds).

    No row for a kind means the default its app registered; a row with no days keeps that kind for good.
    """

    kind = models.CharField(max_length=80, unique=True)
    days = models.PositiveIntegerField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["kind"]
        constraints = [
            models.CheckConstraint(condition=models.Q(days__gte=1), name="retention_period_at_least_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.days} days"


class RetentionRun(models.Model):
    """One run of the retention job: the day it judged by and how many records of each kind went."""

    at = models.DateTimeField(auto_now_add=True)
    today = models.DateField()
    removed = models.JSONField(default=dict)  # {kind: count}
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"Retention run {self.today:%Y-%m-%d}"
