"""Transactional e-mail: enqueue inside the business transaction, deliver after commit."""

import base64
import hashlib
import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from .models import OutboxMessage

logger = logging.getLogger(__name__)
CLAIM_STALE_AFTER = timedelta(minutes=10)


def outbox_enqueue(
    *, key: str, to: str, subject: str, body: str, attachments: list[tuple[str, bytes, str]] | None = None
) -> OutboxMessage:
    """Queue an e-mail in the caller's transaction. The same key twice is one message: the first one
    queued, returned unchanged.

    The key names the event the message reports and its object (`offers.booking:12:cancelled:345`),
    never the time, so reporting one event twice queues one message; an event that can happen again
    needs something from the data that tells its occurrences apart (an audit entry id, a reminder number).
    """
    message, created = OutboxMessage.objects.get_or_create(
        key=key,
        defaults={
            "to": to,
            "subject": subject,
            "body": body,
            "attachments": [
                {"filename": name, "content": base64.b64encode(content).decode(), "mimetype": mimetype}
                for name, content, mimetype in (attachments or [])
            ],
        },
    )
    if created:
        from .tasks import outbox_deliver

        transaction.on_commit(lambda: outbox_deliver.delay(message_ids=[message.pk]))
    return message


def outbox_message_id(key: str) -> str:
    """The same Message-ID on every attempt, so a mail system drops a repeat.

    Delivery is at least once: a worker killed after the relay accepts a message but before sent_at is
    saved will send it again, and the stable Message-ID is what lets the receiving side de-duplicate.
    """
    return f"<{hashlib.sha256(key.encode()).hexdigest()[:40]}@academy.outbox>"


def _claim(message_id: int) -> OutboxMessage | None:
    stale = timezone.now() - CLAIM_STALE_AFTER
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update().filter(pk=message_id, sent_at__isnull=True).first()
        )
        if message is None or (message.claimed_at and message.claimed_at > stale):
            return None
        message.claimed_at = timezone.now()
        message.attempts += 1
        message.save(update_fields=["claimed_at", "attempts"])
        return message


def outbox_send_one(message_id: int) -> bool:
    message = _claim(message_id)
    if message is None:
        return False
    email = EmailMessage(
        subject=message.subject,
        body=message.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to],
        headers={"Message-ID": outbox_message_id(message.key)},
    )
    for item in message.attachments:
        email.attach(item["filename"], base64.b64decode(item["content"]), item["mimetype"])
    try:
        email.send()
    except Exception as error:  # noqa: BLE001 - any transport failure leaves the message for a retry
        OutboxMessage.objects.filter(pk=message.pk).update(claimed_at=None, last_error=str(error)[:300])
        logger.warning("outbox message %s not sent: %s", message.pk, type(error).__name__)
        return False
    OutboxMessage.objects.filter(pk=message.pk).update(sent_at=timezone.now())
    return True


def outbox_pending_ids(limit: int = 500) -> list[int]:
    stale = timezone.now() - CLAIM_STALE_AFTER
    pending = OutboxMessage.objects.filter(sent_at__isnull=True).exclude(claimed_at__gt=stale)
    return list(pending.values_list("pk", flat=True)[:limit])
