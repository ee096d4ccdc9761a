import os
import time
from pathlib import Path

from django.core.mail.backends.filebased import EmailBackend


class SlowFileBackend(EmailBackend):
    """The file backend, taking a little time per message as a real SMTP server would.

    When OUTBOX_HANG_ON names a subject and the file OUTBOX_HANG_FLAG exists, sending that message
    hangs (after the outbox has claimed it, before anything is written) and says so by creating
    OUTBOX_HANG_FLAG + ".reached": the test then kills the worker at exactly that point.
    """

    def send_messages(self, email_messages):
        hang_on, flag = os.environ.get("OUTBOX_HANG_ON", ""), os.environ.get("OUTBOX_HANG_FLAG", "")
        for message in email_messages:
            if hang_on and message.subject == hang_on and flag and Path(flag).exists():
                Path(flag + ".reached").touch()
                while True:
                    time.sleep(1)
        time.sleep(0.01)
        return super().send_messages(email_messages)
