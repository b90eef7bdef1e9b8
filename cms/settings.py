"""Settings, read from the environment and nowhere else.

Unset variables give the embedded default: a SQLite file in the project, Celery tasks
run eagerly, a local-memory cache, DEBUG on. Production sets DEBUG=False, and then
every item of Django's deployment checklist is settled here rather than silenced.
"""

from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=True)

# A development key is only acceptable while DEBUG is on; production must bring its own.
_DEVELOPMENT_SECRET_KEY = "development-only-key-do-not-use-in-production"
SECRET_KEY = env.str("SECRET_KEY", default=_DEVELOPMENT_SECRET_KEY)
if not DEBUG and (SECRET_KEY == _DEVELOPMENT_SECRET_KEY or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured("Set SECRET_KEY to a random string of at least 50 characters when DEBUG=False.")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # django.contrib.admin, its site signing in with a second factor
    "cms.apps.EditorialAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "reversion",
    "axes",
    # the second factor: authenticator apps (TOTP) and printed backup codes (static)
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "reviews",
    "studies",
    "compounds",
    "articles",
    "policies",
    "people",
    "public",
    # the project itself: demo content and other commands that span the apps
    "cms",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Early, so that every response (pages, API, admin, static files) carries the policy.
    "csp.middleware.CSPMiddleware",
    # Checks the Host against ALLOWED_HOSTS (400 otherwise) before anything answers,
    # static files included.
    "django.middleware.common.CommonMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # which second factor, if any, verified this session's sign-in (request.user.is_verified())
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # last, so that it sees the outcome of authentication
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

# With no "loaders" option Django wraps the loaders in its cached loader: each template
# is read and compiled once per process (in development, again when a file changes).
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

AUTHENTICATION_BACKENDS = [
    # first, so a locked-out login is refused before the password is even checked
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Failed logins: five tries per username from one address, then a 15-minute pause.
# Locking by username *and* address stops guessing without letting a stranger lock a
# reviewer out of the admin from elsewhere.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "axes/lockout.html"
AXES_VERBOSE = False
# Behind a proxy the client address is in X-Forwarded-For; trust exactly that many hops.
AXES_IPWARE_PROXY_COUNT = env.int("PROXY_COUNT", default=0)
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

# The second factor (django-otp): medical reviewers and managing editors sign in, and
# sign approvals, confirmations and take-downs, with a code from an authenticator app
# or a printed backup code (reviews/signatures.py). A wrong code counts as a failed
# login for axes above, and each device also backs off by itself: 1, 2, 4 ... seconds
# times this factor after successive wrong codes (or wrong passwords when signing).
OTP_TOTP_ISSUER = "Compound reference"
OTP_TOTP_THROTTLE_FACTOR = env.int("OTP_THROTTLE_FACTOR", default=1)
OTP_STATIC_THROTTLE_FACTOR = OTP_TOTP_THROTTLE_FACTOR

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# The richest compound page (50 dosing rows, 40 side effects, 100 evidence links and
# every other section) posts roughly 2,500 fields in one admin form; Django's default
# of 1,000 would refuse the save. 10,000 leaves room while still bounding a request.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Redis: the broker and the cache live in separate databases of one server: the
# broker in the database REDIS_URL names (0 if none), the cache in the next one.
REDIS_URL = env.str("REDIS_URL", default="")
# Every Redis call, cache or broker, gives up after this long, once: a hung Redis must
# not hang a page or a review. A paused Redis still accepts connections (the kernel
# queues them) and never answers, so the read deadline matters as much as the connect one.
REDIS_TIMEOUTS = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}
if REDIS_URL:
    _redis_url = urlsplit(REDIS_URL)
    _broker_db = int(_redis_url.path.strip("/") or 0)
    _redis = _redis_url._replace(path="").geturl()
    CELERY_BROKER_URL = f"{_redis}/{_broker_db}"
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"{_redis}/{_broker_db + 1}",
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="cms"),
            "OPTIONS": {**REDIS_TIMEOUTS},
        }
    }
else:
    CELERY_BROKER_URL = "memory://"
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Without a broker there is nobody to run a queued task, so run it in-process.
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A reviewer's request sends its messages after commit; a broker that is down or hung
# costs it one deadline per message, not kombu's reconnection loop. What a lost message
# would have done, the sweeps do.
CELERY_BROKER_CONNECTION_TIMEOUT = REDIS_TIMEOUTS["socket_connect_timeout"]
CELERY_BROKER_TRANSPORT_OPTIONS = {
    **REDIS_TIMEOUTS,
    # one connection attempt when publishing (kombu would otherwise keep reconnecting
    # for CELERY_BROKER_CONNECTION_TIMEOUT); the worker's consumer reconnects by its own
    # broker_connection_retry rules
    "max_retries": 0,
    # Redis hands an unacknowledged task to another worker after this long, so a task
    # whose worker died is run again (tasks acknowledge late and are idempotent).
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
}
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = TIME_ZONE
# The sweeps: each idempotent, each catching up on whatever a lost message missed.
CELERY_BEAT_SCHEDULE = {
    "publish-scheduled-approvals": {"task": "reviews.tasks.publish_scheduled", "schedule": 60.0},
    "reconcile-review-stamps": {"task": "reviews.tasks.reconcile", "schedule": 600.0},
    "flag-pages-due-for-review": {"task": "reviews.tasks.flag_due_pages", "schedule": crontab(hour=5, minute=0)},
    "credential-expiry-notices": {
        "task": "reviews.tasks.send_credential_expiry_notices",
        "schedule": crontab(hour=5, minute=30),
    },
    "retry-failed-take-down-purges": {"task": "public.tasks.retry_failed_purges", "schedule": 30.0},
    # Mondays: what the sources say of the papers live pages cite (studies/recheck.py).
    "recheck-cited-studies": {
        "task": "studies.tasks.recheck_cited_studies",
        "schedule": crontab(day_of_week="mon", hour=4, minute=30),
    },
}

# Public responses tell browsers to keep them PUBLIC_BROWSER_MAX_AGE seconds and shared
# caches (Varnish, a CDN) PUBLIC_SHARED_MAX_AGE, tagged so that every publication,
# stamp and take-down purges them (public/http.py). A CDN whose purge fails may serve a
# taken-down page for up to PUBLIC_SHARED_MAX_AGE; our own Varnish keeps a page 1 s.
PUBLIC_BROWSER_MAX_AGE = env.int("PUBLIC_BROWSER_MAX_AGE", default=10)
PUBLIC_SHARED_MAX_AGE = env.int("PUBLIC_SHARED_MAX_AGE", default=60)

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    # Read-only and public: no sessions, so no cookie can make a request authenticated.
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Compound Reference API",
    "DESCRIPTION": "Read-only JSON of published, medically reviewed pages. Drafts are never served.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
}

# How long a review stays valid, by kind of content; then the page is due again.
REVIEW_CADENCE_MONTHS = {"compound": 12, "article": 12, "study": 24, "policy": 12, "person": 12}
# Pages fall due up to this many days early, spread by id, so that a bulk import or a
# day of many first publications does not bring them all back on one day.
REVIEW_SPREAD_DAYS = 28
# Rows the sweeps handle per query batch: bounds memory and lock time per batch.
REVIEW_SWEEP_BATCH_SIZE = env.int("REVIEW_SWEEP_BATCH_SIZE", default=500)
# Days a submission may wait for its review, by risk class: a change to what can hurt a
# reader (doses, side effects, interactions, the evidence score) is reviewed sooner.
REVIEW_DUE_DAYS = {"safety_critical": 2, "routine": 7}
# Different medical reviewers who must approve a change before it is published, by
# risk class: a second pair of eyes on what can hurt a reader. None of them may have
# written the change.
REVIEW_APPROVALS_REQUIRED = {"safety_critical": 2, "routine": 1}

# Shared HTTP caches in front of the app, purged by cache tag after every publication,
# confirmation, stamp and take-down (public/purge.py). Empty: nothing to purge, as in
# the embedded default. Varnish: its address(es), e.g. http://127.0.0.1:6081/ (the VCL
# must let this machine purge). A CDN: dotted paths of purge backends.
FRONTEND_CACHE_PURGE_URLS = env.list("FRONTEND_CACHE_PURGE_URLS", default=[])
FRONTEND_CACHE_BACKENDS = env.list("FRONTEND_CACHE_BACKENDS", default=[])
# (connect, read) seconds per purge request, from a task that retries ...
FRONTEND_CACHE_PURGE_TIMEOUT = (
    env.float("FRONTEND_CACHE_CONNECT_TIMEOUT", default=1.0),
    env.float("FRONTEND_CACHE_READ_TIMEOUT", default=5.0),
)
# ... and for the purge a take-down makes at once, in the reviewer's request: at most
# about 0.75 s per cache, then the take-down is recorded and retried in the background.
FRONTEND_CACHE_TAKE_DOWN_TIMEOUT = (0.25, 0.5)

# NCBI E-utilities, where `import_pubmed --pmid` fetches PubMed records (tests point it at
# a local server). With an API key NCBI allows 10 requests a second instead of 3.
PUBMED_EUTILS_URL = env.str("PUBMED_EUTILS_URL", default="https://eutils.ncbi.nlm.nih.gov/entrez/eutils/")
PUBMED_API_KEY = env.str("PUBMED_API_KEY", default="")
# The weekly re-check of cited studies reads these sources (studies/recheck.py): a
# directory of Retraction Watch CSVs and PubMed XML files, and/or E-utilities.
STUDY_RECHECK_DIRECTORY = env.str("STUDY_RECHECK_DIRECTORY", default="")
STUDY_RECHECK_EUTILS = env.bool("STUDY_RECHECK_EUTILS", default=False)

EMAIL_BACKEND = env.str(
    "EMAIL_BACKEND",
    default="django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="reviews@localhost")
# Where the site lives: every absolute address on public pages, feeds, the sitemap and
# the API, and links in emails sent by jobs, come from it, never from a request's Host.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
# A page's description where it has none of its own (listings, policy pages).
SITE_DESCRIPTION = "Medically reviewed, evidence-graded summaries of peptides, supplements and prescription drugs."

# Production: HTTPS everywhere. The proxy in front terminates TLS and says so in
# X-Forwarded-Proto; without that header Django would redirect forever.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
if env.bool("BEHIND_TLS_PROXY", default=not DEBUG):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 0 if DEBUG else env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy on every response, public site, API and admin alike: scripts
# and styles only from our own files, never inline, so injected markup can neither run
# nor restyle anything. No nonces: a cache keeps whole responses, so a nonce would be
# frozen into every copy it serves. JSON-LD (<script type="application/ld+json">) is a
# data block, never executed, so script-src does not apply to it. Django 5.2's admin
# hands its data to scripts in data- attributes and JSON blocks, and our admin templates
# link their CSS, so the admin needs no exception either. The browser tests
# (tests/browser/test_content_security_policy.py) load every page a reader, an editor
# and a reviewer use in Chromium and fail on any violation.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # axes logs every successful login at INFO; failures and lockouts stay visible
        "axes": {"level": "WARNING"},
        # tasks run in the web process when there is no broker; a line per task is noise there
        "celery.app.trace": {"level": "INFO" if REDIS_URL else "WARNING"},
    },
}
