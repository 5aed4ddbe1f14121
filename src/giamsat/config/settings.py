"""Settings, read once from the environment.

Defaults suit a local demo (SQLite in the data directory, DEBUG on). Production is
described in docs/deploy.md: DEBUG=0, a real SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL to
PostgreSQL, and GIAMSAT_TLS=1 when served behind HTTPS.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from giamsat.config.env import env_bool, env_int, env_list
from giamsat.config.secret import data_dir_secret_key
from giamsat.core.dates import Holidays
from giamsat.core.storage import storage_settings

PACKAGE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("GIAMSAT_DATA_DIR", Path.cwd() / "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)  # the SQLite file and uploads live here

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    # A developer's machine keeps its fixed key; a server (DEBUG off) given none makes its own, once (ADR 0038).
    SECRET_KEY = "insecure-local-demo-key-do-not-use-in-production" if DEBUG else data_dir_secret_key(DATA_DIR)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "ninja",  # serves the API docs page's own assets: no CDN
    "giamsat.core",
    "giamsat.audit",
    "giamsat.organizations",
    "giamsat.accounts",
    "giamsat.documents",
    "giamsat.notify",
    "giamsat.tasks",
    "giamsat.indicators",
    "giamsat.reporting",
    "giamsat.feedback",
    "giamsat.outreach",
    "giamsat.metrics",
    "giamsat.imports",
    "giamsat.aggregate",
    "giamsat.exports",
    "giamsat.evaluation",
    "giamsat.dashboard",
    "giamsat.calendars",
    "giamsat.search",
    "giamsat.qa",
    "giamsat.api",
    "giamsat.web",
    "giamsat.demo",  # model-free apps listed for their console commands (giamsat demo, synth, serve …)
    "giamsat.synth",
    "giamsat.ops",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "giamsat.accounts.middleware.SlidingSessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "giamsat.accounts.middleware.SessionUserMiddleware",  # Django's, with the user loaded once (ADR 0055)
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "giamsat.audit.middleware.AuditActorMiddleware",
    "giamsat.accounts.middleware.MustChangePasswordMiddleware",
    "giamsat.core.middleware.SecurityHeadersMiddleware",
    # After the headers middleware (its answers carry the CSP too), before any view reads the body.
    "giamsat.core.middleware.RequestGuardMiddleware",
    "giamsat.core.middleware.ApplicationErrorMiddleware",
    "giamsat.accounts.routes.RouteRulesMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "giamsat.config.urls"
WSGI_APPLICATION = "giamsat.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "giamsat.core.context_processors.site",
                "giamsat.accounts.context_processors.can",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'giamsat.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets readers proceed while one writer commits; IMMEDIATE avoids lock upgrades mid-transaction.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
else:
    # Behind PgBouncer in transaction mode (GIAMSAT_PGBOUNCER=1): a server-side cursor (WITH HOLD) or a
    # session setting cannot outlive its transaction, so none is used (docs/deploy.md, ADR 0037).
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = env_bool("GIAMSAT_PGBOUNCER", False)
    # No JIT compilation of queries (GIAMSAT_PG_JIT=1 keeps the server's setting): the dashboards' aggregates
    # are costed high (a correlated EXISTS in the alert level) and compiled for ≈30 ms, more than they run at
    # province scale (ADR 0052). Sent when connecting; PgBouncer refuses startup options, so behind it set
    # `ALTER DATABASE … SET jit = off` instead (docs/deploy.md).
    if not env_bool("GIAMSAT_PG_JIT", False) and not env_bool("GIAMSAT_PGBOUNCER", False):
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
    # Django's own psycopg pool (GIAMSAT_DB_POOL=N connections at most per process); it replaces persistent
    # connections (CONN_MAX_AGE must then be 0). Size: threads × processes × nodes ≤ the server's limit.
    if env_int("GIAMSAT_DB_POOL", 0) > 0:
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": 1, "max_size": env_int("GIAMSAT_DB_POOL", 0), "timeout": 20}
        DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Caches. `snapshots` keeps the dashboard snapshots (giamsat.dashboard.snapshots, ADR 0011), shared by every
# server process and the command line: by default a directory under the data directory (one server);
# GIAMSAT_CACHE_URL=redis://host:6379/0 puts both aliases in Redis (several nodes: ADR 0011, docs/deploy.md).
# GIAMSAT_CACHE=locmem keeps them in each process (one process only); GIAMSAT_CACHE=dummy keeps none.
CACHE_URL = os.environ.get("GIAMSAT_CACHE_URL", "").strip()
_CACHE = os.environ.get("GIAMSAT_CACHE", "file").strip().lower()


def _cache(alias: str) -> dict:
    if CACHE_URL:
        # Keys live under giamsat:<alias>:, so the instance may share Redis with other programs.
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL,
                "KEY_PREFIX": f"giamsat:{alias}"}
    return {
        "file": {
            # Django's file cache, counting its directory every 30 s rather than on every write (ADR 0058).
            "BACKEND": "giamsat.core.filecache.FileCache",
            "LOCATION": str(DATA_DIR / "cache" / alias),
            "OPTIONS": {"MAX_ENTRIES": 20000},
        },
        "locmem": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": alias,
                   "OPTIONS": {"MAX_ENTRIES": 2000}},
        "dummy": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }[_CACHE]


CACHES = {"default": _cache("default"), "snapshots": _cache("snapshots")}
# Seconds a dashboard may show figures computed before the latest write (0: always recompute on change).
DASHBOARD_MAX_STALE = env_int("GIAMSAT_DASHBOARD_MAX_STALE", 60)
# Past that window a stale dashboard is still shown while a background thread computes it again.
DASHBOARD_REFRESH_IN_BACKGROUND = env_bool("GIAMSAT_DASHBOARD_REFRESH_IN_BACKGROUND", True)

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "giamsat.accounts.backends.AccountBackend",  # refuses demo accounts outside a demo (ADR 0015)
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
    {"NAME": "giamsat.accounts.signin.NotDemoPasswordValidator"},
]
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:login"

# Demo instance (ADR 0015): demo accounts (flagged by `giamsat demo` and `giamsat synth`) and accounts with a
# demo password sign in only when DEBUG is on or the operator runs a demo on purpose; every page then says so.
GIAMSAT_DEMO_MODE = env_bool("GIAMSAT_DEMO_MODE", False)
# The shared password `giamsat demo` gives the demo accounts (random when empty); refused outside a demo.
GIAMSAT_DEMO_PASSWORD = os.environ.get("GIAMSAT_DEMO_PASSWORD", "")

# Login throttling (django-axes, giamsat.accounts.throttle): 5 failures per user name and address, or 20 from
# one address across user names (password spraying), lock for 15 minutes.
GIAMSAT_LOGIN_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
GIAMSAT_LOGIN_ADDRESS_FAILURE_LIMIT = env_int("GIAMSAT_LOGIN_ADDRESS_FAILURE_LIMIT", 20)
AXES_FAILURE_LIMIT = "giamsat.accounts.throttle.failure_limit"
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "web/locked_out.html"
AXES_ENABLED = env_bool("AXES_ENABLED", True)
# Two-step sign-in: wrong codes in a row (any session) before the code step of the account is locked, and for
# how long; after the lock ends one more wrong code locks it again (until a right code or an administrator).
GIAMSAT_TOTP_FAILURE_LIMIT = env_int("GIAMSAT_TOTP_FAILURE_LIMIT", 5)
GIAMSAT_TOTP_LOCKOUT_MINUTES = env_int("GIAMSAT_TOTP_LOCKOUT_MINUTES", 15)

SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
# Sessions read from the cache, written through to the database (issue #25: no session query per page;
# a logout deletes both at once; a session the cache dropped is read from the database again).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# The session's user and organization kept in the same cache, renewed by every write of a user or an
# organization on every process sharing it (accounts.session_user, ADR 0055): seconds a kept row lives at
# most, the bound for a write made beside the ORM; 0 reads them from the database on every request.
GIAMSAT_FRAME_CACHE_SECONDS = env_int("GIAMSAT_FRAME_CACHE_SECONDS", 60)
SESSION_SAVE_EVERY_REQUEST = False  # giamsat.accounts.middleware.SlidingSessionMiddleware: once a minute
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if env_bool("GIAMSAT_TLS", False):
    # Behind an HTTPS reverse proxy (see docs/deploy.md): secure cookies, HSTS.
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["giamsat.config.formats"]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
# Uploaded files (giamsat.core.storage, ADR 0036): the data directory's media folder by default; with
# GIAMSAT_STORAGE_URL=s3://BUCKET?endpoint_url=http://… an S3-compatible object storage shared by every node
# (keys in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY).
GIAMSAT_STORAGE_URL = os.environ.get("GIAMSAT_STORAGE_URL", "").strip()
try:
    _default_storage = storage_settings(GIAMSAT_STORAGE_URL)
except ValueError as exc:
    raise ImproperlyConfigured(str(exc)) from exc
STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# Uploads: the importer and evidence files share one limit (bytes); requests larger are refused from their
# Content-Length before anything is read, by the application and by `giamsat serve` itself (ADR 0016).
GIAMSAT_MAX_UPLOAD_BYTES = env_int("GIAMSAT_MAX_UPLOAD_BYTES", 50 * 1024 * 1024)
# a scan uploaded for import is read (OCR) in a background thread, with progress on the import page (ADR 0034)
GIAMSAT_IMPORT_BACKGROUND = env_bool("GIAMSAT_IMPORT_BACKGROUND", True)
# An e-office import of more rows than this is committed in the background, with its progress on the import
# page (imports.committing, ADR 0049); smaller ones in the request. Only with GIAMSAT_IMPORT_BACKGROUND.
GIAMSAT_IMPORT_COMMIT_BACKGROUND_ROWS = env_int("GIAMSAT_IMPORT_COMMIT_BACKGROUND_ROWS", 50)
# The national "Hệ thống 57" (exports.push, ADR 0040): where the periodic report's row tree is pushed, with
# the operator's credentials (a bearer token, or a user name and password) and the report template ids.
GIAMSAT_SYSTEM57 = {
    "url": os.environ.get("GIAMSAT_SYSTEM57_URL", ""),
    "username": os.environ.get("GIAMSAT_SYSTEM57_USERNAME", ""),
    "password": os.environ.get("GIAMSAT_SYSTEM57_PASSWORD", ""),
    "token": os.environ.get("GIAMSAT_SYSTEM57_TOKEN", ""),
    "template_ids": {
        "month": os.environ.get("GIAMSAT_SYSTEM57_TEMPLATE_MONTH", ""),
        "quarter": os.environ.get("GIAMSAT_SYSTEM57_TEMPLATE_QUARTER", ""),
        "year": os.environ.get("GIAMSAT_SYSTEM57_TEMPLATE_YEAR", ""),
    },
    "timeout": env_int("GIAMSAT_SYSTEM57_TIMEOUT", 15),
}
GIAMSAT_MAX_EVIDENCE_BYTES = env_int("GIAMSAT_MAX_EVIDENCE_BYTES", 20 * 1024 * 1024)
# Bodies other than file uploads (JSON, forms) are read into memory: this much at most.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Uploaded files larger than this are streamed to a temporary file on disk, in chunks, never held whole.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# What one person can multiply in one write (ADR 0016): characters of one free-text field (a narrative,
# a report section, a note), links and files on one progress update.
GIAMSAT_MAX_TEXT_CHARS = env_int("GIAMSAT_MAX_TEXT_CHARS", 20000)
GIAMSAT_MAX_LINKS_PER_UPDATE = env_int("GIAMSAT_MAX_LINKS_PER_UPDATE", 20)
GIAMSAT_MAX_FILES_PER_UPDATE = env_int("GIAMSAT_MAX_FILES_PER_UPDATE", 10)

GIAMSAT_SITE_NAME = os.environ.get("GIAMSAT_SITE_NAME", "Hệ thống giám sát thực hiện Nghị quyết 57-NQ/TW")
GIAMSAT_PROVINCE = os.environ.get("GIAMSAT_PROVINCE", "Lai Châu")
GIAMSAT_WARNING_DAYS = env_int("GIAMSAT_WARNING_DAYS", 15)
# How many days back an agency may date a progress update (tasks.given_dates; ADR 0017).
GIAMSAT_BACKDATE_DAYS = env_int("GIAMSAT_BACKDATE_DAYS", 7)
# Data quality (giamsat.metrics.quality): this many updates by one account on a reporting deadline or the day
# before are listed as a burst.
GIAMSAT_BURST_UPDATES = env_int("GIAMSAT_BURST_UPDATES", 10)
# An indicator is "at risk" (not "off track") when behind its trajectory by less than this share of the gap.
GIAMSAT_INDICATOR_TOLERANCE = os.environ.get("GIAMSAT_INDICATOR_TOLERANCE", "0.10")
# The address of the site, for links in e-mails (e.g. https://giamsat.laichau.gov.vn).
GIAMSAT_BASE_URL = os.environ.get("GIAMSAT_BASE_URL", "")
# Questions and answers (giamsat.qa): an OpenAI-compatible chat completions URL on the operator's own network
# that may rephrase extractive answers (checked against their sources). Empty: no model is ever called.
GIAMSAT_QA_LLM_URL = os.environ.get("GIAMSAT_QA_LLM_URL", "").strip()
GIAMSAT_QA_LLM_MODEL = os.environ.get("GIAMSAT_QA_LLM_MODEL", "").strip()
# Reporting cycle (docs/dev/reporting.md): due date after the cut-off when a rule gives none, automatic closing,
# reminders before the due date, their repetition, escalation to the agency head.
GIAMSAT_REPORT_DUE_DAYS = env_int("GIAMSAT_REPORT_DUE_DAYS", 1)
GIAMSAT_REPORT_CLOSE_DAYS = env_int("GIAMSAT_REPORT_CLOSE_DAYS", 30)
GIAMSAT_REMIND_BEFORE_DAYS = env_int("GIAMSAT_REMIND_BEFORE_DAYS", 3)
GIAMSAT_REMIND_REPEAT_DAYS = env_int("GIAMSAT_REMIND_REPEAT_DAYS", 7)
GIAMSAT_REMIND_ESCALATE_DAYS = env_int("GIAMSAT_REMIND_ESCALATE_DAYS", 5)
# Feedback (feedback.conf): answer deadlines by kind in working days, urging, the public form's limits.
GIAMSAT_FEEDBACK_DAYS_COMPLAINT = env_int("GIAMSAT_FEEDBACK_DAYS_COMPLAINT", 10)
GIAMSAT_FEEDBACK_DAYS_PROPOSAL = env_int("GIAMSAT_FEEDBACK_DAYS_PROPOSAL", 15)
GIAMSAT_FEEDBACK_DAYS_INITIATIVE = env_int("GIAMSAT_FEEDBACK_DAYS_INITIATIVE", 20)
GIAMSAT_FEEDBACK_ESCALATE_DAYS = env_int("GIAMSAT_FEEDBACK_ESCALATE_DAYS", 3)
GIAMSAT_FEEDBACK_PER_HOUR = env_int("GIAMSAT_FEEDBACK_PER_HOUR", 5)
GIAMSAT_FEEDBACK_MAX_CHARS = env_int("GIAMSAT_FEEDBACK_MAX_CHARS", 5000)
GIAMSAT_FEEDBACK_MAX_FILES = env_int("GIAMSAT_FEEDBACK_MAX_FILES", 3)
# Days off that working-day deadlines skip besides weekends: "dd/mm" yearly, "dd/mm/yyyy" once (Tết: lunar).
GIAMSAT_HOLIDAYS = os.environ.get("GIAMSAT_HOLIDAYS", "01/01,30/04,01/05,02/09")
try:  # a mistyped list stops the start with its reason, not a deadline computation later
    Holidays(GIAMSAT_HOLIDAYS)
except ValueError as exc:
    raise ImproperlyConfigured(f"GIAMSAT_HOLIDAYS: {exc}") from exc

# Notification channels (giamsat.notify, ADR 0041): the Zalo Official Account's access token and message API,
# the Telegram bot's token and API base; empty token: the channel is not offered. Retries (minutes between
# attempts), the daily digest's hour, the chat APIs' timeout in seconds.
GIAMSAT_ZALO_OA_TOKEN = os.environ.get("GIAMSAT_ZALO_OA_TOKEN", "").strip()
GIAMSAT_ZALO_API_URL = os.environ.get("GIAMSAT_ZALO_API_URL", "https://openapi.zalo.me/v3.0/oa/message/cs").strip()
GIAMSAT_TELEGRAM_BOT_TOKEN = os.environ.get("GIAMSAT_TELEGRAM_BOT_TOKEN", "").strip()
GIAMSAT_TELEGRAM_API_URL = os.environ.get("GIAMSAT_TELEGRAM_API_URL", "https://api.telegram.org").strip()
GIAMSAT_NOTIFY_RETRY_MINUTES = os.environ.get("GIAMSAT_NOTIFY_RETRY_MINUTES", "5,30,120,720")
GIAMSAT_NOTIFY_DIGEST_HOUR = env_int("GIAMSAT_NOTIFY_DIGEST_HOUR", 7)
GIAMSAT_NOTIFY_TIMEOUT = env_int("GIAMSAT_NOTIFY_TIMEOUT", 10)

# Keys that are not in the database (ADR 0017): the audit chain's anchor file is signed with
# GIAMSAT_AUDIT_KEY and backup archives with GIAMSAT_BACKUP_KEY; each defaults to SECRET_KEY.
GIAMSAT_AUDIT_KEY = os.environ.get("GIAMSAT_AUDIT_KEY", "")
GIAMSAT_AUDIT_ANCHOR = Path(os.environ.get("GIAMSAT_AUDIT_ANCHOR") or DATA_DIR / "audit-anchor.json")
GIAMSAT_BACKUP_KEY = os.environ.get("GIAMSAT_BACKUP_KEY", "")

# Mail: console by default (the demo); SMTP in production with
# EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "giamsat@localhost")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
