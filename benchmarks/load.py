"""Load test: 50 people browsing the pages and the API of a running Veturi for 2 minutes, driven by locust.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/veturi_load veturi demo --no-serve   # once
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/veturi_load python benchmarks/load.py --start-server

With --start-server it runs `veturi serve --server gunicorn` (the documented production server) on the
same database and stops it at the end; without, it loads --url (which must use the DATABASE_URL's
database: the load users are made there). locust (pip `veturi[bench]`) runs as a library, headless,
in this one process: an `Environment` with a `LocalRunner`, one `FastHttpUser` per virtual user.

What a virtual user does: it takes the next load user (made here, one per virtual user, roles in turn
office, expert, company, viewer, so that per-user API rate limits apply as in real use), signs in
through the login form, and when everyone is in (the clock and the figures start then; the password
hash costs ~0.3-1 s of CPU on purpose, and the sign-ins are reported apart), browses: a page its role
may open according to the authorisation matrix (45 %), an organisation's page (15 %), an API list
with its token (30 %), a static file (10 %).

Think time: between(1, 5) s between clicks (locust's common choice), for a person reading a page or
a list before the next click; a figure that people click faster than once a second would measure a
crawler, not 50 colleagues. `--think 0.5-2` gives a harsher load.

The client shares the machine (2 cores) with gunicorn and PostgreSQL and competes for them: its own
CPU seconds and the server's are printed beside the load average, so the figures are read as a floor.
Prints requests/s, p50/p95/p99 latency, errors by kind, the slowest paths and the load average; exits
1 when p95 is 300 ms or more or any request failed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
import socket
import subprocess
import sys
import time
from pathlib import Path

P95_FLOOR_MS = 300.0
LOAD_PASSWORD = "load-test-password-veturi-7"
ROLES_IN_TURN = ["office", "expert", "company", "viewer"]
API_LISTS = ["/api/organisations/?limit=20", "/api/streams/?limit=50", "/api/sites/?limit=50", "/api/zones/", "/api/plots/?limit=50"]
STATIC = ["/static/veturi/veturi.css", "/static/veturi/vendor/htmx/htmx.min.js", "/static/veturi/favicon.svg"]


# --- preparation (Django, in a child process: the load client itself runs under gevent) -------------


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


def prepare(count: int) -> dict:
    setup_django()
    from django.urls import reverse

    pages = pages_by_role()
    listing = reverse("organisation-list")
    return {"users": make_load_users(count), "pages": pages,
            "organisation_pages": [url for url in pages["office"] if url.startswith(listing) and url != listing]}


# --- the load (locust) ------------------------------------------------------------------------------


def csrf_token(html: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    return found.group(1) if found else ""


def browsing_user_class(plan: dict, think: tuple[float, float], everyone_in, sign_in_ms: list[float]):
    """The locust user: signs in as the next load user, waits for everyone, then browses as its role may."""
    from gevent.lock import Semaphore
    from locust import between, task
    from locust.contrib.fasthttp import FastHttpUser

    # Two sign-ins at a time: each password hash is ~0.3-1 s of CPU on purpose, and 50 at once on two
    # cores time out (a morning's logins are spread out too).
    sign_in_gate = Semaphore(2)

    users = iter(plan["users"])
    organisation_pages = plan["organisation_pages"]

    class Person(FastHttpUser):
        wait_time = between(*think)
        network_timeout = connection_timeout = 30.0

        def on_start(self):
            self.account = next(users)
            self.pages = plan["pages"][self.account["role"]]
            self.rng = random.Random(self.account["username"])
            self.api_headers = {"Authorization": f"Token {self.account['token']}"}
            sign_in_gate.acquire()
            started = time.perf_counter()
            try:
                with self.client.get("/accounts/login/", name="login form", catch_response=True) as form:
                    token = csrf_token(form.text or "") if form.status_code == 200 else ""
                with self.client.post("/accounts/login/", name="login", data={"username": self.account["username"], "password": LOAD_PASSWORD,
                                      "csrfmiddlewaretoken": token}, headers={"Referer": self.host + "/accounts/login/"},
                                      allow_redirects=False, catch_response=True) as answer:
                    if answer.status_code != 302:
                        answer.failure(f"login {answer.status_code}")
            finally:  # counted even when it failed: the clock waits for every user
                sign_in_ms.append((time.perf_counter() - started) * 1000)
                sign_in_gate.release()
            everyone_in.wait()

        def get(self, kind: str, path: str, headers=None):
            name = re.sub(r"/\d+/", "/N/", path.split("?")[0])
            with self.client.get(path, name=name, headers=headers, context={"kind": kind}, catch_response=True) as response:
                if response.status_code != 200:
                    response.failure(f"{kind} {response.status_code}")
                elif kind == "page" and "/accounts/login/" in (response.url or ""):
                    response.failure(f"{kind} signed out")

        @task(45)
        def page(self):
            self.get("page", self.rng.choice(self.pages))

        @task(15)
        def organisation(self):
            self.get("page", self.rng.choice(organisation_pages))

        @task(30)
        def api_list(self):
            self.get("api", self.rng.choice(API_LISTS), headers=self.api_headers)

        @task(10)
        def static(self):
            self.get("static", self.rng.choice(STATIC))

    return Person


def warm_up(base: str, account: dict, pages: list[str], rounds: int) -> None:
    """Every page a few times (each worker process compiles its templates, fills its caches) before the clock starts."""
    import requests

    session = requests.Session()
    form = session.get(base + "/accounts/login/", timeout=60)
    session.post(base + "/accounts/login/", data={"username": account["username"], "password": LOAD_PASSWORD, "csrfmiddlewaretoken": csrf_token(form.text)},
                 headers={"Referer": base + "/accounts/login/"}, allow_redirects=False, timeout=60)
    for _ in range(rounds):
        for path in [*pages, *STATIC, *API_LISTS]:
            # A new connection each time: a kept-alive one stays with one worker, and every worker must be warm.
            headers = {"Connection": "close", **({"Authorization": f"Token {account['token']}"} if path.startswith("/api/") else {})}
            session.get(base + path, timeout=120, headers=headers)


def wait_for(base: str, seconds: float = 120) -> None:
    import requests

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if requests.get(base + "/accounts/login/", timeout=5).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(1)
    raise SystemExit(f"no server answered at {base} within {seconds:.0f} s")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process and its children (the gunicorn arbiter and its workers)."""
    import psutil

    try:
        process = psutil.Process(pid)
        total = sum(process.cpu_times()[:2])
        for child in process.children(recursive=True):
            total += sum(child.cpu_times()[:2])
        return total
    except psutil.Error:
        return float("nan")


def run_load(plan: dict, base: str, args, think: tuple[float, float], server_pid: int | None) -> int:
    import gevent
    from gevent.event import Event
    from locust.env import Environment
    from locust.stats import StatsEntry

    everyone_in, sign_in_ms = Event(), []
    users = plan["users"]
    environment = Environment(user_classes=[browsing_user_class(plan, think, everyone_in, sign_in_ms)], host=base)
    runner = environment.create_local_runner()
    runner.start(len(users), spawn_rate=len(users) / max(args.ramp, 0.1))
    while len(sign_in_ms) < len(users):
        gevent.sleep(0.1)
    sign_in_errors = dict(environment.stats.errors)
    environment.stats.reset_all()  # the clock starts when everyone is signed in
    load_before, started, client_before = os.getloadavg(), time.monotonic(), sum(resource.getrusage(resource.RUSAGE_SELF)[:2])
    server_before = cpu_seconds(server_pid) if server_pid else None
    everyone_in.set()
    gevent.sleep(args.seconds)
    runner.quit()
    elapsed = time.monotonic() - started
    load_after, client_cpu = os.getloadavg(), sum(resource.getrusage(resource.RUSAGE_SELF)[:2]) - client_before
    server_cpu = cpu_seconds(server_pid) - server_before if server_pid else None

    stats = environment.stats
    by_kind: dict[str, StatsEntry] = {}
    for (name, method), entry in stats.entries.items():
        kind = "static" if name.startswith("/static/") else "api" if name.startswith("/api/") else "page"
        by_kind.setdefault(kind, StatsEntry(stats, kind, "", use_response_times_cache=False)).extend(entry)
    total = stats.total
    requests_count, failures = total.num_requests, total.num_failures + sum(error.occurrences for error in sign_in_errors.values())
    p95 = total.get_response_time_percentile(0.95) if requests_count else float("inf")
    server = f"gunicorn {args.workers} workers x {args.threads} threads (started here)" if server_pid else base
    print(f"server: {server}; client: locust {__import__('locust').__version__}, FastHttpUser, one process")
    print(f"users: {len(users)}, think time {think[0]:g}-{think[1]:g} s, duration: {elapsed:.0f} s, requests: {requests_count}, errors: {failures}")
    print(f"requests/s: {requests_count / elapsed:.1f}")
    if requests_count:
        print(f"latency ms: p50 {total.get_response_time_percentile(0.5):.0f}  p95 {p95:.0f}  p99 {total.get_response_time_percentile(0.99):.0f}  "
              f"max {total.max_response_time:.0f}  mean {total.avg_response_time:.0f}")
    ordered = sorted(sign_in_ms)
    print(f"  sign-in n={len(ordered):4}  p50 {ordered[len(ordered) // 2]:6.0f}  max {ordered[-1]:6.0f}  (form + POST, two at a time, before the clock)")
    for kind in ("page", "api", "static"):
        if kind in by_kind and by_kind[kind].num_requests:
            entry = by_kind[kind]
            print(f"  {kind:7} n={entry.num_requests:4}  p50 {entry.get_response_time_percentile(0.5):6.0f}  p95 {entry.get_response_time_percentile(0.95):6.0f}"
                  f"  p99 {entry.get_response_time_percentile(0.99):6.0f}")
    slowest = sorted(((entry.get_response_time_percentile(0.95), name, entry.num_requests) for (name, _), entry in stats.entries.items()
                      if entry.num_requests), reverse=True)[:8]
    print("slowest paths (p95 ms, requests): " + "; ".join(f"{name} {value:.0f} ({count})" for value, name, count in slowest))
    for error in sorted([*sign_in_errors.values(), *stats.errors.values()], key=lambda e: -e.occurrences)[:10]:
        print(f"  error: {error.method} {error.name}: {error.error} x{error.occurrences}")
    print(f"CPU seconds during the clock: client {client_cpu:.1f}" + (f", server {server_cpu:.1f}" if server_cpu is not None else "")
          + f" (of {elapsed * os.cpu_count():.0f} available)")
    print(f"load average before: {' '.join(f'{v:.2f}' for v in load_before)}; after: {' '.join(f'{v:.2f}' for v in load_after)}; cores: {os.cpu_count()}")
    verdict = p95 < P95_FLOOR_MS and failures == 0
    print(f"floors (p95 < {P95_FLOOR_MS:.0f} ms, no error): {'met' if verdict else 'NOT met'}")
    return 0 if verdict else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", default="http://127.0.0.1:8000", help="A running Veturi (ignored with --start-server).")
    parser.add_argument("--start-server", action="store_true", help="Start `veturi serve --server gunicorn` on the same database.")
    # The defaults are `veturi serve --server gunicorn`'s own, so the figure is that of the documented setup.
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1, help="gunicorn workers with --start-server (default: veturi serve's, 2 x cores + 1).")
    parser.add_argument("--threads", type=int, default=8, help="Threads per gunicorn worker with --start-server (default: veturi serve's).")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--ramp", type=float, default=10, help="Seconds over which the users arrive and sign in.")
    parser.add_argument("--think", default="1-5", help="Think time between clicks, MIN-MAX seconds.")
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)  # the child that makes the users
    args = parser.parse_args()

    if args.prepare:
        print(json.dumps(prepare(args.users)))
        return 0
    import locust  # noqa: F401  first: it patches the standard library for gevent before ssl is imported
    think = tuple(float(part) for part in args.think.split("-"))
    if "DATABASE_URL" not in os.environ:
        print("warning: DATABASE_URL is not set; using the embedded SQLite database", file=sys.stderr)
    made = subprocess.run([sys.executable, __file__, "--prepare", "--users", str(args.users)], capture_output=True, text=True)
    if made.returncode:
        raise SystemExit(f"could not make the load users:\n{made.stderr}")
    plan = json.loads(made.stdout.strip().splitlines()[-1])

    server, base = None, args.url.rstrip("/")
    if args.start_server:
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [sys.executable, "-m", "veturi.cli", "serve", "--server", "gunicorn", "--workers", str(args.workers), "--threads", str(args.threads), "--port", str(port)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
    try:
        wait_for(base)
        first = plan["users"][0]
        warm_up(base, first, plan["pages"][first["role"]] + plan["organisation_pages"][:3], rounds=2 * max(1, args.workers))
        return run_load(plan, base, args, think, server.pid if server else None)
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    raise SystemExit(main())
