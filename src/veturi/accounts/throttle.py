"""Login throttling: lock a username (and a noisy address) out after repeated failures.

Counters live in Django's cache, so they hold across processes when the cache is shared (Redis in
production; see docs/configuration.md).
"""

from django.core.cache import cache

FAILURES_PER_USERNAME = 5
FAILURES_PER_ADDRESS = 20
LOCKOUT_SECONDS = 15 * 60


def _keys(username: str, address: str) -> tuple[str, str]:
    return f"veturi:login-failures:user:{username.strip().lower()}", f"veturi:login-failures:ip:{address}"


def is_locked_out(username: str, address: str) -> bool:
    user_key, address_key = _keys(username, address)
    return cache.get(user_key, 0) >= FAILURES_PER_USERNAME or cache.get(address_key, 0) >= FAILURES_PER_ADDRESS


def record_failure(username: str, address: str) -> None:
    for key in _keys(username, address):
        # add() starts the lock-out window at the first failure; incr() keeps its expiry.
        if not cache.add(key, 1, LOCKOUT_SECONDS):
            try:
                cache.incr(key)
            except ValueError:
                cache.set(key, 1, LOCKOUT_SECONDS)


def record_success(username: str, address: str) -> None:
    cache.delete(_keys(username, address)[0])


def client_address(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"
