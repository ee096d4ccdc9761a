"""Settings shared by every environment. Everything that varies comes from the environment."""

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parents[4]  # the repository root
SRC_DIR = BASE_DIR / "src"
VAR_DIR = Path(os.environ.get("ACADEMY_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "insecure-development-key-change-me")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "mozilla_django_oidc",
    "academy.core",
    "academy.reporting",
    "academy.people",
    "academy.offers",
    "academy.evaluation",
    "academy.coaching",
    "academy.learning_sets",
    "academy.validation",
    "academy.credentials",
    "academy.interchange",
    "academy.systems",
    "academy.feedback360",
    "academy.web",
    "academy.api",
    "academy.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "academy.core.middleware.MalformedSessionCookieMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "academy.core.pagecache.WholePageCacheMiddleware",
    "academy.core.middleware.SessionIdleTimeoutMiddleware",
    "axes.middleware.AxesMiddleware",
    "academy.core.middleware.BadInputMiddleware",
    "academy.core.db.ReportReplicaMiddleware",
]

ROOT_URLCONF = "academy.config.urls"
WSGI_APPLICATION = "academy.config.wsgi.application"
AUTH_USER_MODEL = "people.User"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "academy.web.context_processors.navigation",
            ],
            "builtins": ["academy.web.templatetags.nhsuk"],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'academy.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE takes the write lock when a transaction starts, so two bookings of the last place
    # are serialised rather than both reading "one left".
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 20}
    DATABASES["default"]["CONN_MAX_AGE"] = 0
# A read replica for reports and dashboards (core/db.py): their reads go there when this is set.
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"], conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60"))
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}  # tests read the replica's rows from default
DATABASE_ROUTERS = ["academy.core.db.ReportReplicaRouter"]
REPORT_READ_PATHS = ["/impact/", "/api/v1/reports/", "/api/v1/dashboards/"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:home"

# Lockout after repeated failures (django-axes), counted per username *and* address together: guessing
# one account's password from one address is stopped, but nobody can lock someone else out of their
# account from elsewhere (per username alone, anyone who knows an address could keep it locked). Locking
# by address alone would lock out a whole trust behind one proxy, so the address never locks on its own.
# Behind a reverse proxy, set AXES_IPWARE_PROXY_COUNT so the client's address is read, not the proxy's.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "web/locked_out.html"
AXES_USERNAME_FORM_FIELD = "username"
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("AXES_IPWARE_PROXY_COUNT", "0")) or None

# Sessions: essential cookie only, expires when idle.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 3600)))
SESSION_IDLE_TIMEOUT = int(os.environ.get("SESSION_IDLE_TIMEOUT", str(30 * 60)))
SESSION_SEEN_EVERY = 60  # seconds: how often the time of a person's last request is written
SESSION_COOKIE_HTTPONLY = True
# Flash messages ride in the session so the only cookies are sessionid and csrftoken (both essential).
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
    }
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, g:ia"
SHORT_DATE_FORMAT = "j M Y"

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [
    ("nhsuk", BASE_DIR / "node_modules" / "nhsuk-frontend" / "dist"),
    ("htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# E-mail: console in development; SMTP when EMAIL_HOST is set. Every message goes through the outbox.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Academy <no-reply@academy.example.nhs.uk>")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
# Verifiable certificates: RSA private key(s) in PEM, or the path of a file holding them; the last one signs
# (docs/credentials.md). Empty: a development key is generated on first use and kept in the database.
CREDENTIALS_SIGNING_KEYS = os.environ.get("CREDENTIALS_SIGNING_KEYS", "")
# Without CREDENTIALS_SIGNING_KEYS a development key is generated and kept in the database; production
# refuses that (a database backup would then hold the private key) and `make serve` keeps a key file in var/.
CREDENTIALS_GENERATED_KEY_ALLOWED = True

# Celery: with no broker configured, tasks run in-process so the embedded default needs no server.
# Rendered page bodies are cached (core/pagecache.py) and thrown away on any write. With more than one
# server process the cache must be shared, or a write in one process would leave pages cached in another:
# CACHE_URL=redis://host:6379/1. Without it, each process keeps its own (development, tests).
CACHE_URL = os.environ.get("CACHE_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "academy.core.rediscache.RedisCache", "LOCATION": CACHE_URL}
        if CACHE_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
if CACHE_URL:  # sessions read from the shared cache, written through to the database
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", os.environ.get("REDIS_URL", ""))
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
if not CELERY_BROKER_URL:
    CELERY_BROKER_URL = "memory://"  # never contacted: tasks run eagerly in-process
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_CONCURRENCY = int(os.environ.get("CELERY_WORKER_CONCURRENCY", "2"))
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
CELERY_BEAT_SCHEDULE = {
    "deliver-outbox": {"task": "academy.core.tasks.outbox_deliver", "schedule": 60.0},
    "evaluation-invitations": {"task": "academy.evaluation.tasks.send_due_invitations", "schedule": 900.0},
    "evaluation-reminders": {"task": "academy.evaluation.tasks.send_due_reminders", "schedule": 3600.0},
    "validation-milestones": {"task": "academy.validation.tasks.milestone_reminders", "schedule": 86400.0},
    "retention": {"task": "academy.core.tasks.retention_apply", "schedule": crontab(hour=2, minute=30)},
    "feedback360-close-due": {
        "task": "academy.feedback360.tasks.close_due",
        "schedule": crontab(hour=1, minute=15),
    },
    "charter-reviews": {
        "task": "academy.systems.tasks.charter_reviews_due",
        "schedule": crontab(hour=7, minute=0),
    },
}

# API tokens stop working this many hours after they are issued (they can be revoked sooner).
API_TOKEN_LIFETIME_HOURS = int(os.environ.get("API_TOKEN_LIFETIME_HOURS", str(30 * 24)))

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "academy.api.authentication.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "academy.api.schema.AcademyAutoSchema",
    "DEFAULT_PAGINATION_CLASS": "academy.api.pagination.BoundedLimitOffsetPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "academy.api.exceptions.exception_handler",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Academy API",
    "DESCRIPTION": "Leadership and organisation development platform: people, offers, delivery and impact.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Swagger UI served from our own static files (nothing from other sites, and the CSP allows none).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "BookingStatusEnum": "academy.offers.models.Booking.Status",
        "OfferStatusEnum": "academy.offers.models.Offer.Status",
        "YesNoNotStatedEnum": "academy.people.models.EqualityRecord.Disability",
        "OfferKindEnum": "academy.offers.models.OfferKind",
        "DeliveryFormatEnum": "academy.offers.models.DeliveryFormat",
        "AcademyKindEnum": "academy.people.models.Academy.Kind",
        "RoleLevelEnum": "academy.people.models.RoleLevel",
        "SectorEnum": "academy.people.models.Sector",
        "GoalThemeEnum": "academy.evaluation.standard.GOAL_THEMES",
        "CoachingKindEnum": "academy.coaching.models.Kind",
        "LivedExperienceEnum": "academy.coaching.models.LivedExperience",
        "PractitionerKindEnum": "academy.coaching.models.PractitionerKind",
        "CoachingFormatEnum": "academy.coaching.models.Format",
        "CoachingRequestStatusEnum": "academy.coaching.models.Request.Status",
        "MatchingRunStatusEnum": "academy.coaching.models.MatchingRun.Status",
        "RelationshipStatusEnum": "academy.coaching.models.Relationship.Status",
        "CloseReasonEnum": "academy.coaching.models.Relationship.CloseReason",
        "TeamJourneyMemberRoleEnum": "academy.coaching.models.TeamJourneyMember.Role",
        "FormationRunStatusEnum": "academy.learning_sets.models.FormationRun.Status",
        "InterchangeKindEnum": "academy.interchange.models.Kind",
        "InterchangeOpportunityStatusEnum": "academy.interchange.models.Opportunity.Status",
        "InterchangeRequestStatusEnum": "academy.interchange.models.LearningRequest.Status",
        "InterchangeRunStatusEnum": "academy.interchange.models.MatchingRun.Status",
        "InterchangeArrangementStatusEnum": "academy.interchange.models.Arrangement.Status",
        "InterchangeArrangementSourceEnum": "academy.interchange.models.Arrangement.Source",
        "Feedback360GroupEnum": "academy.feedback360.models.Group",
        "Feedback360StatusEnum": "academy.feedback360.models.Assessment.Status",
        "Feedback360DimensionEnum": "academy.feedback360.models.Dimension",
        "PlanVersionStatusEnum": "academy.systems.models.plans.PlanVersion.Status",
        "PlanActivityStatusEnum": "academy.systems.models.plans.Activity.Status",
        "TimelineMarkEnum": "academy.systems.models.plans.Activity.Mark",
        "CharterStatusEnum": "academy.systems.models.charters.Charter.Status",
        "ValidationReadinessEnum": "academy.validation.models.Readiness",
        "ValidationOutcomeEnum": "academy.validation.models.Outcome",
        "PanelMemberKindEnum": "academy.validation.models.PanelMember.Kind",
    },
}

# Single sign-on through OpenID Connect (Microsoft Entra ID for NHSmail). Off unless configured.
OIDC_ENABLED = env_bool("OIDC_ENABLED", False)
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_RP_SCOPES = "openid email profile"
OIDC_CREATE_USER = False  # only staff already known to Academy may sign in
LOGIN_REDIRECT_URL_FAILURE = "/login/"
if OIDC_ENABLED:
    AUTHENTICATION_BACKENDS.append("academy.people.oidc.AcademyOIDCBackend")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Small-number suppression for equality figures (counts 1..7 hidden, others rounded to 5).
EQUALITY_SUPPRESSION_MAX = 7
EQUALITY_ROUND_TO = 5

# None (the default): on stored sentence vectors the number of themes comes from the answers and answers far
# from every theme are an unassigned group, shown last as such (docs/themes.md, bench/README.md "Themes
# against hand labels"). A number instead chooses between 2 and that many themes by k-means silhouette.
THEMES_MAX_THEMES: int | None = None
