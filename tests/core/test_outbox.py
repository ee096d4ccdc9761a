import contextlib

import pytest
from django.core import mail
from django.db import transaction
from django.test import override_settings

from academy.core.models import OutboxMessage
from academy.core.outbox import outbox_enqueue
from academy.core.tasks import outbox_deliver

pytestmark = pytest.mark.django_db


def test_message_is_sent_after_commit_with_its_attachment(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        outbox_enqueue(
            key="k1",
            to="a@example.org",
            subject="Hello",
            body="Body",
            attachments=[("x.ics", b"BEGIN", "text/calendar")],
        )

    assert [m.subject for m in mail.outbox] == ["Hello"]
    assert mail.outbox[0].attachments[0][0] == "x.ics"
    assert OutboxMessage.objects.get(key="k1").sent_at is not None


def test_nothing_is_sent_when_the_transaction_rolls_back(django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        contextlib.suppress(RuntimeError),
        transaction.atomic(),
    ):
        outbox_enqueue(key="k2", to="a@example.org", subject="Hello", body="Body")
        raise RuntimeError("the booking failed")

    assert mail.outbox == []
    assert not OutboxMessage.objects.exists()


def test_the_same_key_is_one_message_and_delivering_twice_sends_once():
    outbox_enqueue(key="same", to="a@example.org", subject="Once", body="B")
    outbox_enqueue(key="same", to="a@example.org", subject="Once", body="B")

    assert outbox_deliver() == 1
    assert outbox_deliver() == 0
    assert OutboxMessage.objects.count() == 1
    assert len(mail.outbox) == 1


@override_settings(
    EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend", EMAIL_HOST="127.0.0.1", EMAIL_PORT=1
)
def test_a_failed_send_is_kept_for_a_retry():
    outbox_enqueue(key="fails", to="a@example.org", subject="Retry me", body="B")

    assert outbox_deliver() == 0

    message = OutboxMessage.objects.get(key="fails")
    assert message.sent_at is None and message.claimed_at is None and message.attempts == 1
    assert message.last_error


def test_every_attempt_carries_the_same_message_id_so_repeats_can_be_dropped():
    outbox_enqueue(key="stable", to="a@example.org", subject="Once", body="B")
    outbox_deliver()
    OutboxMessage.objects.filter(key="stable").update(sent_at=None, claimed_at=None)

    outbox_deliver()

    ids = {m.extra_headers["Message-ID"] for m in mail.outbox}
    assert len(mail.outbox) == 2 and len(ids) == 1


def test_queueing_an_event_again_returns_the_message_already_queued():
    first = outbox_enqueue(key="offers.booking:1:confirmed:7", to="a@example.org", subject="First", body="B")

    again = outbox_enqueue(key="offers.booking:1:confirmed:7", to="a@example.org", subject="Second", body="B")

    assert again.pk == first.pk and again.subject == "First"
    assert OutboxMessage.objects.count() == 1
