"""Settings for the outbox crash test's worker processes: a real Redis broker, a shared file database,
and an e-mail backend that writes every message to a file (slowly, so a kill lands mid-batch)."""

import os

from academy.config.settings.base import *  # noqa: F403

CELERY_BROKER_URL = os.environ["CELERY_BROKER_URL"]
CELERY_TASK_ALWAYS_EAGER = False
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
EMAIL_BACKEND = "tests.security.support.slow_mail.SlowFileBackend"
EMAIL_FILE_PATH = os.environ["OUTBOX_MAIL_DIR"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # noqa: S303 - tests only
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
