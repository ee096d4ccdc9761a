from celery import shared_task

from .outbox import outbox_pending_ids, outbox_send_one


@shared_task(name="academy.core.tasks.outbox_deliver")
def outbox_deliver(message_ids: list[int] | None = None) -> int:
    """Send the given messages, or every pending one. Safe to run twice: a sent message is never resent."""
    ids = message_ids if message_ids is not None else outbox_pending_ids()
    return sum(1 for message_id in ids if outbox_send_one(message_id))


@shared_task(name="academy.core.tasks.retention_apply")
def retention_apply() -> dict[str, int]:
    """The nightly retention job (beat schedule): what passed its period goes; one audit entry per run."""
    from .retention import retention_apply as apply

    return apply(by=None).removed
