"""Django settings for Veturi.

Everything a deployment changes comes from the environment (see docs/configuration.md):
DATABASE_URL, VETURI_DATA_DIR, VETURI_SECRET_KEY, VETURI_ALLOWED_HOSTS, VETURI_DEBUG, the mail server, ...
"""

import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from veturi.paths import data_dir, default_database_url
from veturi.web.env import env_bool, env_int, env_list, env_str

PACKAGE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = data_dir()


def _secret_key() -> str:
    configured = env_str("VETURI_SECRET_KEY")
    if configured:
        return configured
    # A single-user install keeps a generated key beside its database, never in the repository.
    key_file = DATA_DIR / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    key_file.write_text(key)
    key_file.chmod(0o600)
    return key


SECRET_KEY = _secret_key()
DEBUG = env_bool("VETURI_DEBUG", False)
ALLOWED_HOSTS = env_list("VETURI_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("VETURI_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "veturi.accounts",
    "veturi.organisations",
    "veturi.streams",
    "veturi.plots",
    "veturi.engagement",
    "veturi.office",
    "veturi.transfer",
    "veturi.synergies",
    "veturi.plugplay",
    "veturi.valuenets",
    "veturi.roadmap",
    "veturi.pilots",
    "veturi.scenarios",
    "veturi.jobs",
    "veturi.front",
    "veturi.api",
    "veturi.audit",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "veturi.web.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "veturi.audit.middleware.AuditMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "veturi.web.urls"
WSGI_APPLICATION = "veturi.web.wsgi.application"

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
                "django.template.context_processors.i18n",
            ],
        },
    },
]

DATABASES = {"default": dj_database_url.parse(env_str("DATABASE_URL") or default_database_url(), conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent page loads and a background analysis must not fail on a locked file.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("fi", _("Finnish"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Europe/Helsinki"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise expects it, even when serving from the package
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Assets are served straight from the package: no collectstatic step for a local install.
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "media/"

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "veturi.api.pagination.BoundedLimitOffsetPagination",
    "PAGE_SIZE": 100,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {"anon": "60/minute", "user": "1200/minute"},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Veturi API",
    "DESCRIPTION": "The project office's data: organisations, sites, resource streams, zones, plots and more. "
    "Token authentication (`Authorization: Token <key>`; `veturi token USERNAME` prints one). "
    "The same permissions as the pages.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Several models have a "status"; name each choice set after its own class.
    "ENUM_NAME_OVERRIDES": {
        "EngagementStageEnum": "veturi.organisations.models.EngagementStage",
        "PlotStatusEnum": "veturi.plots.models.PlotStatus",
        "ExistingOrPlannedEnum": "veturi.streams.models.SiteStatus",
        "RunStatusEnum": "veturi.synergies.models.RunStatus",
        "ProposalStatusEnum": "veturi.synergies.models.ProposalStatus",
        "ActionStatusEnum": "veturi.office.models.ActionStatus",
        "PlanStatusEnum": "veturi.office.models.PlanStatus",
        "NetworkMethodEnum": "veturi.valuenets.models.NetworkMethod",
        "RankingMethodEnum": "veturi.valuenets.models.RankingMethod",
        "HypothesisStatusEnum": "veturi.valuenets.models.HypothesisStatus",
        "ConfidentialityEnum": "veturi.streams.models.Confidentiality",
        "StreamKindEnum": "veturi.streams.models.StreamKind",
        "InfrastructureKindEnum": "veturi.plots.models.InfrastructureKind",
        "RoadmapObjectiveEnum": "veturi.roadmap.models.Objective",
        "ActivityKindEnum": "veturi.roadmap.models.ActivityKind",
        "PilotKindEnum": "veturi.pilots.models.PilotKind",
        "ConsentAnswerEnum": "veturi.synergies.models.ConsentAnswer",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# Basemap tiles for the Leaflet map; empty for none (an offline install still shows every layer).
MAP_TILES_URL = env_str("VETURI_MAP_TILES", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILES_ATTRIBUTION = env_str("VETURI_MAP_TILES_ATTRIBUTION", "© OpenStreetMap contributors")

# The office's shared mailbox: told, besides every active office user with an e-mail address, when both
# sides of a proposal said yes or one withdrew (veturi.synergies.consent.office_recipients).
VETURI_OFFICE_EMAIL = env_str("VETURI_OFFICE_EMAIL", "").strip()

# Outgoing mail (consent notifications). Django's defaults (SMTP on localhost:25) unless the deployment names its server.
EMAIL_HOST = env_str("VETURI_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("VETURI_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("VETURI_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env_str("VETURI_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("VETURI_EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("VETURI_EMAIL_USE_SSL", False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("VETURI_EMAIL_USE_TLS and VETURI_EMAIL_USE_SSL exclude each other; set one")
EMAIL_TIMEOUT = 10  # a slow mail server must not hold a request for long
DEFAULT_FROM_EMAIL = env_str("VETURI_FROM_EMAIL", "veturi@localhost")

# A running job whose worker gave no sign of life for this long is marked failed when a worker starts (any host).
VETURI_JOB_STALE_AFTER_S = env_int("VETURI_JOB_STALE_AFTER_S", 3600)
