"""Verifiable certificates: Open Badges 3.0 credentials signed as VC-JWT, the keys that sign them and the
Bitstring Status Lists that revoke and suspend them. The app knows nothing of what a credential is for:
any app registers a subject (`registry.credential_subject_register`) and issues through
`services.credential_issue`."""

import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

from academy.core.models import TimeStampedModel
from academy.people.models import Academy, Person

# The Bitstring Status List's minimum length (131,072 bits = 16 KB), which gives group privacy: one list
# per academy and purpose, indexes allocated at random.
STATUS_LIST_BITS = 131_072


class SigningKey(models.Model):
    """A public key the academy publishes. The private key is stored only for the development key
    generated on first use; keys from the environment (CREDENTIALS_SIGNING_KEYS) keep their private part
    there and are recorded here so that they stay published after they leave the environment."""

    class Source(models.TextChoices):
        ENVIRONMENT = "environment", "From the environment"
        DEVELOPMENT = "development", "Development key generated here"

    kid = models.CharField(max_length=64, unique=True)  # RFC 7638 JWK thumbprint
    public_jwk = models.JSONField()
    private_pem = models.TextField(blank=True)
    source = models.CharField(max_length=20, choices=Source.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    retired_at = models.DateTimeField(null=True, blank=True)  # no longer signs; still published

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(source="development") | Q(private_pem=""),
                name="signing_key_private_only_for_development",
            )
        ]

    def __str__(self) -> str:
        return self.kid


class StatusList(models.Model):
    """One Bitstring Status List per academy and purpose, published as a signed
    BitstringStatusListCredential at /credentials/status/<id>/."""

    class Purpose(models.TextChoices):
        REVOCATION = "revocation", "Revocation"
        SUSPENSION = "suspension", "Suspension"

    academy = models.ForeignKey(Academy, on_delete=models.PROTECT, related_name="+")
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    bits = models.BinaryField()  # STATUS_LIST_BITS / 8 bytes; bit 0 is the left-most bit of byte 0
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["academy", "purpose"]
        constraints = [
            models.UniqueConstraint(fields=["academy", "purpose"], name="status_list_one_per_academy_purpose")
        ]

    def __str__(self) -> str:
        return f"{self.academy} {self.purpose}"


class Credential(TimeStampedModel):
    """One issued OpenBadgeCredential. `token` is the VC-JWT exactly as issued."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Valid"
        SUSPENDED = "suspended", "Suspended"
        REVOKED = "revoked", "Revoked"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    academy = models.ForeignKey(Academy, on_delete=models.PROTECT, related_name="+")
    holder = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="credentials")
    holder_name = models.CharField(max_length=200, blank=True)  # cleared when the holder is anonymised
    subject_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    subject_id = models.CharField(max_length=64)
    achievement_name = models.CharField(max_length=200)
    achievement_type = models.CharField(max_length=60, default="Certificate")
    issued_at = models.DateTimeField()
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    kid = models.CharField(max_length=64)
    token = models.TextField(blank=True)  # blanked when the holder is anonymised (it names them)
    identity_salt = models.CharField(max_length=64)
    revocation_list = models.ForeignKey(StatusList, on_delete=models.PROTECT, related_name="+")
    revocation_index = models.PositiveIntegerField()
    suspension_list = models.ForeignKey(StatusList, on_delete=models.PROTECT, related_name="+")
    suspension_index = models.PositiveIntegerField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.ACTIVE)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    status_reason = models.TextField(blank=True)
    status_reason_public = models.BooleanField(default=False)

    class Meta:
        ordering = ["-issued_at", "id"]
        indexes = [models.Index(fields=["subject_type", "subject_id"])]
        constraints = [
            models.UniqueConstraint(
                fields=["revocation_list", "revocation_index"], name="credential_revocation_index_unique"
            ),
            models.UniqueConstraint(
                fields=["suspension_list", "suspension_index"], name="credential_suspension_index_unique"
            ),
            models.UniqueConstraint(
                fields=["subject_type", "subject_id"],
                condition=~Q(status="revoked"),
                name="credential_one_standing_per_subject",
            ),
            models.CheckConstraint(
                condition=Q(revocation_index__lt=STATUS_LIST_BITS) & Q(suspension_index__lt=STATUS_LIST_BITS),
                name="credential_status_index_in_list",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.achievement_name} ({self.id})"
