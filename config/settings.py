"""One settings module for every environment, driven by environment variables.

Defaults give a working developer setup on SQLite; production sets DATABASE_URL, SECRET_KEY,
ALLOWED_HOSTS and EMAIL_URL. An unsafe production setting stops start-up instead of being
silently replaced by a default.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")  # optional; real environment variables win

DEBUG = env.bool("DEBUG", default=False)

# A placeholder key is accepted only while DEBUG is on: sessions and password-reset tokens
# signed with a published key could be forged by anyone who reads this file.
_INSECURE_KEY = "django-insecure-dev-only-key-do-not-use-in-production"
SECRET_KEY = env.str("SECRET_KEY", default=_INSECURE_KEY)
if not DEBUG and (SECRET_KEY == _INSECURE_KEY or len(SECRET_KEY) < 32):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 32 characters when DEBUG is off."
    )

_LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "testserver"}
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=sorted(_LOCAL_HOSTS) if DEBUG else [])
# DEBUG pages show settings and source code: never to hosts other than this machine.
if DEBUG and not set(ALLOWED_HOSTS) <= _LOCAL_HOSTS:
    raise ImproperlyConfigured("DEBUG must be off when ALLOWED_HOSTS names a public host.")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
    # The optional second factor at sign-in (units/two_factor.py).
    "django_otp",
    "django_otp.plugins.otp_totp",
    "units",
    "directives",
    "reports",
    # Registers the site's deploy checks (config/checks.py).
    "config.apps.SiteConfig",
    # The backup and restore commands (docs/backup.md); no models.
    # Always installed, so its queue table exists whichever TASKS_BACKEND a deployment picks.
    "django_tasks_db",
]
# Benchmark tooling (synthetic data, timings): installed only when asked, never in production.
if env.bool("BENCH_TOOLS", default=False):
    INSTALLED_APPS.append("bench")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.AppLanguageFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Before anything reads the body (CSRF reads the form): refuses it unread when too large.
    "config.uploads.refuse_oversized_bodies",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "config.middleware.TwoFactorMiddleware",
    "config.middleware.SessionIdleTimeoutMiddleware",
    "config.middleware.PrivateNoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

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
                "django.template.context_processors.i18n",
                "units.context_processors.user_units",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

# SQLite under var/ is the embedded default so the app runs with no server;
# production and CI point DATABASE_URL at PostgreSQL.
(BASE_DIR / "var").mkdir(exist_ok=True)
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}")
}
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite's default DEFERRED transactions take the write lock only at their first write, and
    # a second writer that started earlier then fails at once with "database is locked" (double
    # clicks on "Soạn dự thảo" did). IMMEDIATE takes the lock at BEGIN, so writers queue for up to
    # `timeout` seconds instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")
    DATABASES["default"]["OPTIONS"].setdefault("timeout", env.int("SQLITE_TIMEOUT", default=20))

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL compiles a query to machine code (JIT) once its estimated cost passes a
    # threshold the statuses' joins over every pair of 50 directives cross: 15-70 ms of
    # compiling for a query that runs in 20-80 ms (EXPLAIN ANALYZE, docs/benchmarks.md). These
    # pages are short queries; JIT pays off only on long analytical ones.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].setdefault("options", "-c jit=off")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sign-in throttling (django-axes), on our sign-in page and the admin's alike. A failure is
# counted against the account *and* the address together: a whole office reaches us from one
# gateway address, so locking an address would lock every colleague out with one guesser.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("LOGIN_COOLOFF_MINUTES", default=30))
AXES_RESET_ON_SUCCESS = True
# Every failure is kept (admin: "Access failures") and logged with its account and address:
# the administrator who unlocks an account needs to see who was trying, from where.
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_SENSITIVE_PARAMETERS = []
AXES_LOCKOUT_CALLABLE = "config.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "config.client_ip.client_ip"
# The header a trusted reverse proxy writes the client's address into (X-Forwarded-For,
# X-Real-IP), and how many trusted proxies append to it. Unset: the connection's own address,
# right when nothing stands in front of the app server.
CLIENT_IP_HEADER = env.str("CLIENT_IP_HEADER", default="")
CLIENT_IP_PROXY_COUNT = env.int("CLIENT_IP_PROXY_COUNT", default=1)

# How long a one-time link to choose a password (units.accounts) stays valid; it also dies
# once used, since it is signed with the password hash.
PASSWORD_RESET_TIMEOUT = env.int("ACCOUNT_LINK_HOURS", default=48) * 3600

# The second factor (TOTP, units/two_factor.py) is optional for everyone; OTP_REQUIRED_FOR
# makes it mandatory for "admins" (staff and superusers) and/or "reviewers" (the staff of a unit
# that monitors a directive): OTP_REQUIRED_FOR=admins,reviewers.
OTP_REQUIRED_FOR = env.list("OTP_REQUIRED_FOR", default=[])
OTP_TOTP_ISSUER = "Theo dõi văn bản chỉ đạo"
# Each wrong code doubles the wait before the next one is checked (django-otp's throttling).
OTP_TOTP_THROTTLE_FACTOR = 1

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
# locale/django/ holds our Vietnamese for the Django strings its own vi catalogue
# lacks; locale/ comes first so that makemessages writes there and our msgstrs win.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "django"]
# The VI / EN choice is remembered for a year.
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
# Dates are dd/mm/yyyy in both languages, typed and shown (config/dates.py, config/formats/).
FORMAT_MODULE_PATH = ["config.formats"]
DATE_INPUT_FORMATS = ["%d/%m/%Y"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "var" / "staticfiles")
STORAGES = {
    # Evidence files and generated reports are private: they are never served from MEDIA_URL,
    # only through views that check who may read them. Any Django storage backend works here
    # (a shared filesystem, or an S3-compatible store through django-storages).
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")

# EMAIL_URL (smtp+tls://user:password@host:587, consolemail://) becomes Django 6.1's MAILERS.
_email = env.email_url("EMAIL_URL", default="consolemail://")
_smtp_options = {
    "host": _email.get("EMAIL_HOST"),
    "port": _email.get("EMAIL_PORT"),
    "username": _email.get("EMAIL_HOST_USER"),
    "password": _email.get("EMAIL_HOST_PASSWORD"),
    "use_tls": _email.get("EMAIL_USE_TLS", False),
    "use_ssl": _email.get("EMAIL_USE_SSL", False),
    "timeout": 30,
}
MAILERS = {
    "default": {
        "BACKEND": _email["EMAIL_BACKEND"],
        "OPTIONS": _smtp_options if _email["EMAIL_BACKEND"].endswith("smtp.EmailBackend") else {},
    }
}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="theodoi@quangngai.dcs.vn")
# The address users open the app at, for links in notification emails.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

# Evidence uploads: PDF, Word, Excel and images, checked by content.
EVIDENCE_MAX_BYTES = env.int("EVIDENCE_MAX_BYTES", default=20 * 1024 * 1024)
# The form fields of one request, files excepted.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Uploads are cut off while they arrive (config/uploads.py): a file past UPLOAD_MAX_FILE_BYTES is
# dropped unstored, and a request declaring more than UPLOAD_MAX_REQUEST_BYTES is answered 413
# unread. Set the reverse proxy's body limit (nginx client_max_body_size) to the same figure.
UPLOAD_MAX_FILE_BYTES = env.int("UPLOAD_MAX_FILE_BYTES", default=EVIDENCE_MAX_BYTES)
UPLOAD_MAX_REQUEST_BYTES = env.int(
    "UPLOAD_MAX_REQUEST_BYTES", default=4 * UPLOAD_MAX_FILE_BYTES + DATA_UPLOAD_MAX_MEMORY_SIZE
)
FILE_UPLOAD_HANDLERS = [
    "config.uploads.SizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

# Background tasks (django.tasks): the PDF of an issued consolidated report. The default,
# Django's ImmediateBackend, makes it right after the issuing commit, inside that request (dev,
# demo, tests). Production sets TASKS_BACKEND=django_tasks_db.DatabaseBackend: the task is a row
# in the database and one or more `manage.py db_worker` processes run it, so a long PDF never
# holds a request.
TASKS = {
    "default": {
        "BACKEND": env.str(
            "TASKS_BACKEND", default="django.tasks.backends.immediate.ImmediateBackend"
        )
    }
}

# Seconds a worker may spend on one PDF (and its Word copy) before the task gives up and the
# report shows a failed generation to retry (docs/background-tasks.md). The 150-unit report takes
# about 2 s of CPU.
PDF_TASK_TIME_LIMIT = env.float("PDF_TASK_TIME_LIMIT", default=120)

# Automatic reminders (`manage.py send_reminders`, run daily): days before a unit's due date,
# and days after it while the report is still missing. REMINDER_DAYS_BEFORE=7,3,1
REMINDER_DAYS_BEFORE = env.list("REMINDER_DAYS_BEFORE", cast=int, default=[3, 1])
REMINDER_DAYS_AFTER = env.list("REMINDER_DAYS_AFTER", cast=int, default=[1, 7, 14])
# Tasks (not reports): an unfinished task is flagged "due soon" this many days before its
# deadline, and send_reminders tells its leading units on each of these days before it.
TASK_DUE_SOON_DAYS = env.int("TASK_DUE_SOON_DAYS", default=7)
DEADLINE_REMINDER_DAYS = env.list("DEADLINE_REMINDER_DAYS", cast=int, default=[7, 1])

# Secure by default: with DEBUG off the site is taken to be served over HTTPS (behind a proxy
# that terminates TLS), unless PLAIN_HTTP says otherwise (`make run`, the tests' live server).
PLAIN_HTTP = env.bool("PLAIN_HTTP", default=False)
_HTTPS = not DEBUG and not PLAIN_HTTP
SECURE_SSL_REDIRECT = _HTTPS
SESSION_COOKIE_SECURE = _HTTPS
CSRF_COOKIE_SECURE = _HTTPS
# A year, once the site is known to work over HTTPS; 0 turns HSTS off.
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=365 * 24 * 3600) if _HTTPS else 0
# Covers names *under* the app's own host (theodoi.example.vn), not its sibling sites.
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Inert on a host below a registrable domain (only quangngai.dcs.vn itself could be submitted
# to the browsers' preload list), and it keeps `check --deploy` free of W021.
SECURE_HSTS_PRELOAD = True
# The proxy tells Django the client used HTTPS with this header ("X-Forwarded-Proto: https");
# empty when no proxy stands in front. The proxy must overwrite any such header a client sends.
_proxy_ssl_header = env.str("SECURE_PROXY_SSL_HEADER", default="X-Forwarded-Proto")
if _HTTPS and _proxy_ssl_header:
    SECURE_PROXY_SSL_HEADER = (
        "HTTP_" + _proxy_ssl_header.strip().upper().replace("-", "_"),
        "https",
    )
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (Django's own middleware): scripts, styles, fonts and images from our
# origin only, nothing inline, no eval (htmx is configured for that in base.html). Bootstrap
# draws its small icons (the menu button, select arrows) as data: SVG images. Off in DEBUG for
# Django's debug pages, which are inline.
SECURE_CSP = (
    {}
    if DEBUG
    else {
        "default-src": [CSP.SELF],
        "script-src": [CSP.SELF],
        "style-src": [CSP.SELF],
        "img-src": [CSP.SELF, "data:"],
        "font-src": [CSP.SELF],
        "connect-src": [CSP.SELF],
        "object-src": [CSP.NONE],
        "base-uri": [CSP.NONE],
        "form-action": [CSP.SELF],
        "frame-ancestors": [CSP.NONE],
    }
)

# Sessions end after a working day without a request (SESSION_IDLE_HOURS). Django's own expiry
# does the work: the session row and cookie expire SESSION_COOKIE_AGE after the session was last
# saved, and config.middleware.SessionIdleTimeoutMiddleware saves it again at most every
# SESSION_REFRESH_SECONDS of activity, rather than on every request as
# SESSION_SAVE_EVERY_REQUEST would (a database write per page view for every user).
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_HOURS", default=8) * 3600
SESSION_REFRESH_SECONDS = 300

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Django's default configuration gives "django" a console handler of its own (with DEBUG
        # on) and lets it propagate to the root's: every request and background-task line would
        # be printed twice. The root handler alone prints them.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        # WeasyPrint logs every layout step of every page at INFO; its warnings still show.
        "weasyprint.progress": {"level": "WARNING"},
        # django-axes logs each failed sign-in (account, address) and each lockout.
        "axes": {"level": "INFO"},
    },
}
