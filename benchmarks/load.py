"""Load test: 50 concurrent users browsing the pages and the API of a running Veturi for 2 minutes.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/veturi veturi demo --no-serve   # once
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/veturi python benchmarks/load.py --start-server

With --start-server it runs `veturi serve --server gunicorn` (the documented production server) on the
same database and stops it at the end; without, it loads --url. Each virtual user is a thread with its
own HTTP session (keep-alive): it signs in through the login form as one of the load users (made here,
one per virtual user, roles in turn, so per-user API rate limits apply as in real use), then browses:
a page or an API list it may see according to the authorisation matrix, an organisation's page, a
static file; with a think time of 0.5-2 s between clicks, as a person reading pages does.

Why threads and `requests`, not locust: the numbers we need (requests/s, p50/p95/p99, errors) are a few
lines over a list of timings; a thread per user keeps the client a plain script with no event loop or
extra dependency beyond `requests` (in the [bench] extras). The client shares the machine with the
server, so it competes for the cores: the figures are a floor.

Prints requests/s, latency percentiles, errors by kind and the load average; exits 1 when p95 is over
300 ms or any request failed.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import requests

P95_FLOOR_MS = 300.0
LOAD_PASSWORD = "load-test-password-veturi-7"
ROLES_IN_TURN = ["office", "expert", "company", "viewer"]
API_LISTS = ["/api/organisations/?limit=20", "/api/streams/?limit=50", "/api/sites/?limit=50", "/api/zones/", "/api/plots/?limit=50"]
STATIC = ["/static/veturi/veturi.css", "/static/veturi/vendor/htmx/htmx.min.js", "/static/veturi/favicon.svg"]


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veturi.web.settings")
    import django

    django.setup()


def make_load_users(count: int) -> list[dict]:
    """One user per virtual user (roles in turn; company users speak for a company of the park), with a token."""
    from rest_framework.authtoken.models import Token

    from veturi.accounts.models import User
    from veturi.organisations.models import Organisation

    company = Organisation.objects.filter(kind="company").order_by("pk").first()
    users = []
    for number in range(count):
        role = ROLES_IN_TURN[number % len(ROLES_IN_TURN)]
        user, _ = User.objects.get_or_create(username=f"load-{number:03d}")
        user.role = role
        user.organisation = company if role == "company" else None
        user.set_password(LOAD_PASSWORD)
        user.save()
        token, _ = Token.objects.get_or_create(user=user)
        users.append({"username": user.username, "role": role, "token": token.key})
    return users


def pages_by_role() -> dict[str, list[str]]:
    """Every argument-free page each role may open, from the authorisation matrix, plus organisation pages."""
    from django.urls import NoReverseMatch, reverse

    from veturi.accounts.authorisation import MATRIX
    from veturi.organisations.models import Organisation

    organisation_ids = list(Organisation.objects.values_list("pk", flat=True)[:200])
    pages = {role: [] for role in ROLES_IN_TURN}
    for name, row in MATRIX.items():
        if name.endswith(("-pdf", "-xlsx", "-download", "-csv", "-json")) or "export" in name or "report" in name:
            continue  # files, not pages a person browses
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        for role in ROLES_IN_TURN:
            if row[role] == 200:
                pages[role].append(url)
    for role in ROLES_IN_TURN:
        pages[role] += [reverse("organisation-detail", args=[pk]) for pk in random.Random(0).sample(organisation_ids, min(20, len(organisation_ids)))]
    return pages


class Recorder:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.timings: list[tuple[float, str, float]] = []  # (finished at, kind, milliseconds)
        self.by_path: dict[str, list[float]] = {}
        self.errors: Counter = Counter()

    def record(self, kind: str, milliseconds: float, error: str | None, path: str = "") -> None:
        with self.lock:
            self.timings.append((time.monotonic(), kind, milliseconds))
            self.by_path.setdefault(re.sub(r"/\d+/", "/N/", path.split("?")[0]), []).append(milliseconds)
            if error:
                self.errors[error] += 1


def virtual_user(base: str, session: requests.Session, user: dict, pages: list[str], organisation_pages: list[str], stop_at: float,
                 recorder: Recorder, seed: int, think: tuple[float, float]) -> None:
    rng = random.Random(seed)

    def get(kind: str, path: str, **extra) -> requests.Response | None:
        started = time.perf_counter()
        try:
            response = session.get(base + path, timeout=30, **extra)
        except requests.RequestException as exc:
            recorder.record(kind, (time.perf_counter() - started) * 1000, f"{kind} {type(exc).__name__}", path)
            return None
        milliseconds = (time.perf_counter() - started) * 1000
        recorder.record(kind, milliseconds, None if response.status_code == 200 else f"{kind} {response.status_code} {path.split('?')[0]}", path)
        return response

    api_headers = {"Authorization": f"Token {user['token']}"}
    while time.monotonic() < stop_at:
        roll = rng.random()
        if roll < 0.45:
            get("page", rng.choice(pages))
        elif roll < 0.6:
            get("page", rng.choice(organisation_pages))
        elif roll < 0.9:
            get("api", rng.choice(API_LISTS), headers=api_headers)
        else:
            get("static", rng.choice(STATIC))
        time.sleep(rng.uniform(*think))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def wait_for(base: str, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if requests.get(base + "/accounts/login/", timeout=5).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(1)
    raise SystemExit(f"no server answered at {base} within {seconds:.0f} s")


def sign_in(session: requests.Session, base: str, username: str) -> requests.Response:
    login = session.get(base + "/accounts/login/", timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.text).group(1)
    return session.post(base + "/accounts/login/", data={"username": username, "password": LOAD_PASSWORD, "csrfmiddlewaretoken": token},
                        headers={"Referer": base + "/accounts/login/"}, allow_redirects=False, timeout=30)


def warm_up(base: str, username: str, pages: list[str], rounds: int) -> None:
    """Every page a few times (each worker process compiles its templates, fills its caches) before the clock starts."""
    session = requests.Session()
    sign_in(session, base, username)
    for _ in range(rounds):
        for path in [*pages, *STATIC]:
            session.get(base + path, timeout=120)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000", help="A running Veturi (ignored with --start-server).")
    parser.add_argument("--start-server", action="store_true", help="Start `veturi serve --server gunicorn` on the same database.")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers with --start-server.")
    parser.add_argument("--threads", type=int, default=4, help="Threads per gunicorn worker with --start-server.")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--ramp", type=float, default=10, help="Seconds over which the users arrive.")
    parser.add_argument("--think", default="0.5-2", help="Think time between clicks, MIN-MAX seconds.")
    args = parser.parse_args()

    think = tuple(float(part) for part in args.think.split("-"))
    if "DATABASE_URL" not in os.environ:
        print("warning: DATABASE_URL is not set; using the embedded SQLite database", file=sys.stderr)
    setup_django()
    users = make_load_users(args.users)
    pages = pages_by_role()
    from django.urls import reverse

    organisation_pages = [url for url in pages["office"] if url.startswith(reverse("organisation-list")) and url != reverse("organisation-list")]

    server = None
    base = args.url.rstrip("/")
    if args.start_server:
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [sys.executable, "-m", "veturi.cli", "serve", "--server", "gunicorn", "--workers", str(args.workers), "--threads", str(args.threads), "--port", str(port)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
    try:
        wait_for(base)
        warm_up(base, users[0]["username"], pages[users[0]["role"]], rounds=max(1, args.workers))
        recorder = Recorder()
        # Everyone signs in through the login form first (the password hash costs ~0.3-1 s of CPU on
        # purpose); the clock for the browsing figures starts when all are in.
        sessions = [requests.Session() for _ in users]
        login_ms = []
        for session, user in zip(sessions, users):
            started = time.perf_counter()
            status = sign_in(session, base, user["username"]).status_code
            login_ms.append((time.perf_counter() - started) * 1000)
            if status != 302:
                recorder.errors[f"login {status}"] += 1
        load_before = os.getloadavg()
        started = time.monotonic()
        stop_at = started + args.seconds
        threads = []
        for number, user in enumerate(users):
            time.sleep(args.ramp / max(1, len(users)))
            thread = threading.Thread(
                target=virtual_user, args=(base, sessions[number], user, pages[user["role"]], organisation_pages, stop_at, recorder, number, think), daemon=True,
            )
            thread.start()
            threads.append(thread)
        for thread in threads:
            thread.join(timeout=args.seconds + 60)
        elapsed = time.monotonic() - started
        load_after = os.getloadavg()
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)

    timings = [milliseconds for _, _, milliseconds in recorder.timings]
    errors = sum(recorder.errors.values())
    print(f"server: {'gunicorn ' + str(args.workers) + ' workers x ' + str(args.threads) + ' threads (started here)' if args.start_server else base}")
    print(f"users: {len(users)}, think time {think[0]}-{think[1]} s, duration: {elapsed:.0f} s, requests: {len(timings)}, errors: {errors}")
    print(f"requests/s: {len(timings) / elapsed:.1f}")
    print(f"latency ms: p50 {percentile(timings, 0.50):.0f}  p95 {percentile(timings, 0.95):.0f}  p99 {percentile(timings, 0.99):.0f}  "
          f"max {max(timings):.0f}  mean {statistics.fmean(timings):.0f}")
    print(f"  login  n={len(login_ms):5}  p50 {percentile(login_ms, 0.5):6.0f}  max {max(login_ms):6.0f}  (one after another, before the clock)")
    for kind in ("page", "api", "static"):
        own = [milliseconds for _, k, milliseconds in recorder.timings if k == kind]
        if own:
            print(f"  {kind:6} n={len(own):5}  p50 {percentile(own, 0.5):6.0f}  p95 {percentile(own, 0.95):6.0f}  p99 {percentile(own, 0.99):6.0f}")
    slowest = sorted(((percentile(values, 0.95), path, len(values)) for path, values in recorder.by_path.items()), reverse=True)[:8]
    print("slowest paths (p95 ms, requests): " + "; ".join(f"{path} {p95:.0f} ({count})" for p95, path, count in slowest))
    for error, count in recorder.errors.most_common(10):
        print(f"  error: {error} x{count}")
    print(f"load average before: {' '.join(f'{v:.2f}' for v in load_before)}; after: {' '.join(f'{v:.2f}' for v in load_after)}; cores: {os.cpu_count()}")
    p95 = percentile(timings, 0.95)
    verdict = p95 < P95_FLOOR_MS and errors == 0
    print(f"floors (p95 < {P95_FLOOR_MS:.0f} ms, no error): {'met' if verdict else 'NOT met'}")
    return 0 if verdict else 1


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    raise SystemExit(main())
