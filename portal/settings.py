"""Settings for the Một Cửa portal: one module, read from the environment.

The defaults serve the embedded mode of `make run` (SQLite, a filesystem Celery broker, e-mail
to the console). DATABASE_URL and REDIS_URL switch to PostgreSQL and Redis. Production
(DJANGO_DEBUG=false) refuses to start without a secret key and allowed hosts.
"""

import datetime
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("PORTAL_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()
env.read_env(BASE_DIR / ".env") if (BASE_DIR / ".env").exists() else None

DEBUG = env.bool("DJANGO_DEBUG", default=True)

_INSECURE_DEV_KEY = "django-insecure-dev-only-key-never-use-in-production"
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default=_INSECURE_DEV_KEY if DEBUG else "")
ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"] if DEBUG else []
)
if not DEBUG:
    if not SECRET_KEY or SECRET_KEY == _INSECURE_DEV_KEY or len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set to a random value of at least 50 characters "
            "when DJANGO_DEBUG is false."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must be set when DJANGO_DEBUG is false.")
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "axes",
    "portal",
    "procedures",
    "citizens",
    "notifications",
    "dossiers",
    "workspaces",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.site",
                "portal.context_processors.workspaces",
                "notifications.context_processors.inbox",
            ],
        },
    },
]

# --- Data stores ---------------------------------------------------------------------------
# An unset or empty DATABASE_URL means the embedded SQLite database in VAR_DIR.
_DATABASE_URL = env.str("DATABASE_URL", default="")
if not _DATABASE_URL:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": env.db_url_config(_DATABASE_URL or f"sqlite:///{VAR_DIR / 'portal.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update({"timeout": 20, "transaction_mode": "IMMEDIATE"})
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    # Rate limits and small caches: when Redis is down they answer from the process's memory
    # instead of failing the request (common/cache.py).
    CACHES = {"default": {"BACKEND": "common.cache.ResilientRedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# The public tracking view of a dossier is cached until its next event, in the shared cache
# only (each process's local memory could not hear of another's changes).
PORTAL_TRACK_CACHE_SECONDS = env.int("PORTAL_TRACK_CACHE_SECONDS", default=300 if REDIS_URL else 0)

# A published version's part of its public page is kept this long (it never changes; the
# agencies' names and addresses it shows may).
PORTAL_PROCEDURE_PAGE_SECONDS = env.int("PORTAL_PROCEDURE_PAGE_SECONDS", default=600)
# A search's ranking of the whole catalog is kept until the catalog changes (a generation
# bumped by every change), in the shared cache only.
PORTAL_SEARCH_CACHE_SECONDS = env.int(
    "PORTAL_SEARCH_CACHE_SECONDS", default=600 if REDIS_URL else 0
)

# --- Celery --------------------------------------------------------------------------------
# Embedded mode uses kombu's filesystem transport: the worker and beat really run, no server.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "filesystem://")
if CELERY_BROKER_URL == "filesystem://":
    _broker_dir = VAR_DIR / "celery-broker"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=REDIS_URL or None) or None
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
# The queue tasks go to and workers take from: one per deployment sharing a Redis.
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_TASK_DEFAULT_QUEUE", default="celery")
CELERY_TIMEZONE = "Asia/Ho_Chi_Minh"
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Results are never waited for: a request that enqueues a task must not touch the result
# backend (with Redis down it retried for about 19 s). Publishing does not retry either, and
# gives up after a second: what must not be lost is in an outbox table, and the beat's
# dispatch every minute sends it once the broker is back (common/enqueue.py).
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_TIMEOUT = env.float("CELERY_BROKER_CONNECTION_TIMEOUT", default=1.0)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# After a failed enqueue, this process does not try the broker again for so many seconds.
PORTAL_BROKER_RETRY_SECONDS = env.int("PORTAL_BROKER_RETRY_SECONDS", default=30)
CELERY_BEAT_SCHEDULE = {
    "refresh-current-procedure-versions": {
        "task": "procedures.tasks.refresh_current_versions",
        "schedule": 60 * 60,
    },
    # The outboxes: whatever a kick after commit did not send (broker down, worker killed).
    "dispatch-notifications": {"task": "notifications.dispatch", "schedule": 60},
    "run-event-effects": {"task": "dossiers.run_effects", "schedule": 60},
    # Deadline flags and the staff's due-soon, late and stuck notices.
    "sweep-deadlines": {"task": "dossiers.sweep_deadlines", "schedule": 5 * 60},
    # The leaders' morning digest (the task skips days that are not working days).
    "leaders-digest": {
        "task": "dossiers.leaders_digest",
        "schedule": crontab(hour=7, minute=0, day_of_week="mon-sat"),
    },
}

# --- Auth ----------------------------------------------------------------------------------
AUTH_USER_MODEL = "portal.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "citizens:login"
LOGIN_REDIRECT_URL = "home"
# Where officers land after logging in without a `next` (citizens knows nothing of dossiers).
PORTAL_STAFF_HOME = "workspaces:workspace"
LOGOUT_REDIRECT_URL = "home"
AUTHENTICATION_BACKENDS = [
    "citizens.backends.LockoutBackend",  # django-axes lock-out, first
    "django.contrib.auth.backends.ModelBackend",
]
# django-axes: 5 failures lock the username from that address for 15 minutes.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "citizens/locked_out.html"
AXES_IPWARE_PROXY_COUNT = env.int("AXES_PROXY_COUNT", default=0)

# --- Language and time ---------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

# --- Files ---------------------------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.str("DJANGO_STATIC_ROOT", default=str(VAR_DIR / "staticfiles"))
MEDIA_URL = "media/"
MEDIA_ROOT = env.str("DJANGO_MEDIA_ROOT", default=str(VAR_DIR / "media"))
# Uploaded files (dossier papers, results, form templates) go through Django's storage API:
# the file system by default; DJANGO_FILE_STORAGE=s3 for any S3-compatible object store
# (MinIO, a government cloud's object storage, AWS); or the dotted path of another backend.
_FILE_STORAGE = env.str("DJANGO_FILE_STORAGE", default="filesystem")
if _FILE_STORAGE == "filesystem":
    _DEFAULT_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
elif _FILE_STORAGE == "s3":
    _DEFAULT_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("S3_BUCKET"),
            "endpoint_url": env.str("S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("S3_REGION", default="") or None,
            "access_key": env.str("S3_ACCESS_KEY_ID"),
            "secret_key": env.str("S3_SECRET_ACCESS_KEY"),
            "location": env.str("S3_PREFIX", default=""),
            "default_acl": None,  # private: files are served by the portal after its checks
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
else:
    _DEFAULT_STORAGE = {"BACKEND": _FILE_STORAGE}
STORAGES = {
    "default": _DEFAULT_STORAGE,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# --- E-mail --------------------------------------------------------------------------------
EMAIL_BACKEND = env.str(
    "DJANGO_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="Một Cửa <no-reply@localhost>")
# With DJANGO_EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend: the mail server.
EMAIL_HOST = env.str("DJANGO_EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("DJANGO_EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("DJANGO_EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("DJANGO_EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("DJANGO_EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = env.int("DJANGO_EMAIL_TIMEOUT", default=30)  # seconds: a hung server is a retry

# --- Security (production) -----------------------------------------------------------------
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^health/$"]  # the load balancer's probe speaks plain HTTP
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# --- REST API ------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "common.api.PageNumberPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "common.api.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_THROTTLE_RATES": {"token": "10/minute"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Một Cửa API",
    "DESCRIPTION": "REST API of the one-stop-shop portal: procedure catalog, agencies, fields.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI and Redoc are served from our own static files: no CDN is reachable in prod.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# --- Portal --------------------------------------------------------------------------------
PORTAL_NAME = env.str("PORTAL_NAME", default="Cổng dịch vụ công Một Cửa")
PORTAL_PROVINCE_CODE = env.int("PORTAL_PROVINCE_CODE", default=92)  # Cần Thơ
DEMO_PASSWORD = env.str("DEMO_PASSWORD", default="demo-password")
# The portal's public address, printed on slips (the QR code of the tracking link) and e-mails.
PORTAL_SITE_URL = env.str("PORTAL_SITE_URL", default="http://127.0.0.1:8000")
# The largest file an applicant or an officer may upload (bytes).
PORTAL_MAX_UPLOAD_BYTES = env.int("PORTAL_MAX_UPLOAD_BYTES", default=20 * 1024 * 1024)
PORTAL_TRACK_RATE_PER_IP_MINUTE = env.int("PORTAL_TRACK_RATE_PER_IP_MINUTE", default=10)
PORTAL_TRACK_RATE_PER_CODE_HOUR = env.int("PORTAL_TRACK_RATE_PER_CODE_HOUR", default=20)

# SMS (one-time codes, notifications), pluggable like e-mail backends (notifications/sms.py):
# the console backend logs messages (development); "notifications.sms.HttpBackend" POSTs
# {"to", "text"} as JSON to PORTAL_SMS_URL with "Authorization: Bearer PORTAL_SMS_TOKEN",
# giving up after the timeout.
PORTAL_SMS_BACKEND = env.str("PORTAL_SMS_BACKEND", default="notifications.sms.ConsoleBackend")
PORTAL_SMS_URL = env.str("PORTAL_SMS_URL", default="")
PORTAL_SMS_TOKEN = env.str("PORTAL_SMS_TOKEN", default="")
PORTAL_SMS_TIMEOUT = env.float("PORTAL_SMS_TIMEOUT", default=10.0)  # seconds
# Gateways that carry only the GSM alphabet: messages go without diacritics (cheaper too).
PORTAL_SMS_ASCII = env.bool("PORTAL_SMS_ASCII", default=False)
# The longest notification SMS, in message parts (a part: 70 Vietnamese or 153 plain letters).
PORTAL_SMS_MAX_PARTS = env.int("PORTAL_SMS_MAX_PARTS", default=2)

# Notifications (notifications/): the outbox and its dispatcher.
# A claimed delivery not finished within the lease is taken again (its worker died).
PORTAL_OUTBOX_LEASE_SECONDS = env.int("PORTAL_OUTBOX_LEASE_SECONDS", default=120)
# Temporary failures are retried after base·2^(n-1) seconds (with jitter, capped) ...
PORTAL_OUTBOX_BACKOFF_SECONDS = env.int("PORTAL_OUTBOX_BACKOFF_SECONDS", default=60)
PORTAL_OUTBOX_BACKOFF_MAX_SECONDS = env.int("PORTAL_OUTBOX_BACKOFF_MAX_SECONDS", default=3600)
# ... up to this many attempts, then the delivery fails and falls back to the next channel.
PORTAL_OUTBOX_MAX_ATTEMPTS = env.int("PORTAL_OUTBOX_MAX_ATTEMPTS", default=8)
# Staff messages by e-mail or SMS go out at most once per person per interval, as a digest.
PORTAL_NOTIFICATION_DIGEST_MINUTES = env.int("PORTAL_NOTIFICATION_DIGEST_MINUTES", default=30)

# Deadline tracking (dossiers/sweep.py): "due soon" at these many working days before the
# due time (each threshold notified once), and "stuck" after so many working hours without
# an event (the default of agencies that set none).
PORTAL_DUE_SOON_WORKING_DAYS = [
    int(n) for n in env.list("PORTAL_DUE_SOON_WORKING_DAYS", default=["2", "1"])
]
PORTAL_STUCK_WORKING_HOURS = env.int("PORTAL_STUCK_WORKING_HOURS", default=8)

# Deadlines (dossiers/deadlines.py is the only place that computes a due time).
# Office hours of the working day, local time: 8 working hours.
PORTAL_WORKING_HOURS = env.list("PORTAL_WORKING_HOURS", default=["07:30-11:30", "13:00-17:00"])
# Same-day procedures received after this time are due the next working day.
PORTAL_SAME_DAY_CUTOFF = env.str("PORTAL_SAME_DAY_CUTOFF", default="15:00")
# "next_working_day": count whole working days from the day after reception (Civil Code
# art. 147), due at the close of the last one; "working_hours": count working hours from the
# reception time (1 working day = the working hours of a day).
PORTAL_DEADLINE_COUNTING = env.str("PORTAL_DEADLINE_COUNTING", default="next_working_day")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
    # Font subsetting (weasyprint, pyHanko's signature boxes) reports every glyph at INFO.
    "loggers": {"fontTools": {"level": "WARNING"}},
}

# Digitally signed results (dossiers/signing/, pyHanko, PAdES).
# The development PKI signs for real with certificates made on first use under
# SIGNING_PKI_DIR: on by default with DEBUG, never in production, where each agency's
# credential is configured in the admin and the trust roots are the national ones.
SIGNING_DEV_PKI = env.bool("PORTAL_SIGNING_DEV_PKI", default=DEBUG)
SIGNING_PKI_DIR = env.str("PORTAL_SIGNING_PKI_DIR", default=str(VAR_DIR / "pki"))
SIGNING_DEV_PASSPHRASE = env.str("PORTAL_SIGNING_DEV_PASSPHRASE", default="mot-cua-dev-pki")
# Where the development root publishes its CRL (<url>root.crl) and OCSP responder (<url>ocsp),
# written into the certificates it makes from then on; empty: no revocation data (the tests
# serve it on a local port, see dossiers/signing/pki.py).
SIGNING_DEV_PKI_REVOCATION_URL = env.str("PORTAL_SIGNING_DEV_PKI_REVOCATION_URL", default="")
# PEM files of the roots a signature must chain to (the national root CA, Ban Cơ yếu's
# official-duty CA); the development root is added while SIGNING_DEV_PKI is on.
SIGNING_TRUST_ROOTS = env.list("PORTAL_SIGNING_TRUST_ROOTS", default=[])
# An RFC 3161 timestamp authority: signatures become PAdES B-LT (B-B without one).
SIGNING_TSA_URL = env.str("PORTAL_SIGNING_TSA_URL", default="")
SIGNING_TSA_TIMEOUT = env.float("PORTAL_SIGNING_TSA_TIMEOUT", default=10.0)

# The first day dossiers are printed on Circular 03/2025/TT-VPCP's forms (before it, Circular
# 01/2018's). Not 1 July 2025 (Decree 118): the circular was signed on 15 September 2025 and
# takes effect 45 days after signing at the earliest [reasoned]; set the day it states
# (YYYY-MM-DD). See dossiers/slips/legal_forms.py.
PORTAL_SLIPS_TT03_2025_FROM = datetime.date.fromisoformat(
    env.str("PORTAL_SLIPS_TT03_2025_FROM", default="2025-10-30")
)
# With a timestamp authority, signatures embed their validation data (PAdES B-LT); revocation
# data is fetched from the CA (OCSP, CRL) when this is on.
SIGNING_FETCH_REVOCATION = env.bool("PORTAL_SIGNING_FETCH_REVOCATION", default=not DEBUG)
