"""Production settings: the base settings hardened, refusing to start when unsafe.

Use with DJANGO_SETTINGS_MODULE=veturi.web.production behind an HTTPS proxy; see
docs/configuration.md. `veturi manage check --deploy` is clean with these settings.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from veturi.web.env import env_bool, env_int, env_str
from veturi.web.settings import *  # noqa: F401,F403
from veturi.web.settings import DEBUG as _BASE_DEBUG

if _BASE_DEBUG:
    raise ImproperlyConfigured("VETURI_DEBUG is on: production settings refuse to start with DEBUG enabled.")

_configured_key = os.environ.get("VETURI_SECRET_KEY", "")
if len(_configured_key) < 50 or len(set(_configured_key)) < 5 or _configured_key.startswith("django-insecure"):
    raise ImproperlyConfigured(
        "Set VETURI_SECRET_KEY to a long random value (at least 50 characters), e.g. "
        "python -c 'import secrets; print(secrets.token_urlsafe(64))'."
    )
SECRET_KEY = _configured_key
DEBUG = False

SECURE_SSL_REDIRECT = env_bool("VETURI_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env_int("VETURI_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("VETURI_HSTS_PRELOAD", True)
if env_bool("VETURI_BEHIND_PROXY", True):
    # The HTTPS proxy in front tells us the original scheme.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_AGE = env_int("VETURI_SESSION_SECONDS", 8 * 60 * 60)

_redis = env_str("VETURI_REDIS_URL")
if _redis:
    # A shared cache, so login lock-outs and rate limits hold across server processes.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _redis}}
