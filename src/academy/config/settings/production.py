"""Production: HTTPS only, secure cookies, HSTS, JSON logs, compressed static files, private uploads.

SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL and CELERY_BROKER_URL come from the environment (docs/deploy.md
lists every variable). HTTPS=false is for trying the stack on one machine without a proxy: it turns off
the redirect to https and the secure-only cookies, nothing else.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from academy.core.logging import json_logging

from .base import *  # noqa: F403
from .base import CACHE_URL, CELERY_BROKER_URL, env_bool

DEBUG = False
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY or SECRET_KEY.startswith("insecure"):
    raise ImproperlyConfigured("Set SECRET_KEY in the environment for production.")
HTTPS = env_bool("HTTPS", True)
SECURE_SSL_REDIRECT = HTTPS
SECURE_REDIRECT_EXEMPT = [r"^health/$"]  # the load balancer's check may come over plain HTTP
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True

# Pages are cached (core/pagecache.py) and every write must empty the cache of every web process at once, so
# production always uses one shared Redis cache: CACHE_URL, or else the broker's Redis. A per-process cache
# would show a booked place late in the other processes.
if not CACHE_URL:
    if not CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
        raise ImproperlyConfigured(
            "Set CACHE_URL (redis://...) for production: web processes share one cache."
        )
    CACHE_URL = CELERY_BROKER_URL
CACHES = {
    "default": {
        "BACKEND": "academy.core.rediscache.RedisCache",
        "LOCATION": CACHE_URL,
        "KEY_PREFIX": "academy",
    }
}
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Static files: hashed names (CompressedManifestStaticFilesStorage), which WhiteNoise serves gzipped and
# with a year's cache lifetime ("immutable"); files without a hash in their name get WHITENOISE_MAX_AGE.
WHITENOISE_MAX_AGE = int(os.environ.get("WHITENOISE_MAX_AGE", "3600"))

# Uploads and evidence: local disk (MEDIA_ROOT) by default, any S3-compatible store when a bucket is named.
# Either way they are private: nothing under MEDIA_URL is routed, and pages hand files out only after the
# access check (S3 objects are private, with short-lived signed links).
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    DEFAULT_STORAGE: dict[str, object] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "access_key": os.environ.get("AWS_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("AWS_SECRET_ACCESS_KEY") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": int(os.environ.get("AWS_QUERYSTRING_EXPIRE", "300")),
            "file_overwrite": False,
            "location": os.environ.get("AWS_LOCATION", ""),
        },
    }
else:
    DEFAULT_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": DEFAULT_STORAGE,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

LOGGING = json_logging(os.environ.get("LOG_LEVEL", "INFO"))
# Celery logs through the same JSON handler rather than its own format.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_WORKER_REDIRECT_STDOUTS = False

# Certificates are signed with keys from CREDENTIALS_SIGNING_KEYS only (docs/credentials.md).
CREDENTIALS_GENERATED_KEY_ALLOWED = False
