"""Server time and database queries of every page and API list the load test visits, per demo role.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/veturi_load python benchmarks/page_costs.py [--repeat 3] [--top 30]

Runs in-process with Django's test client (no HTTP, no other users), so the figures are the cost of the
view itself: the median wall time and the median CPU time of this process (which other work on a
shared machine does not inflate as much; PostgreSQL's own time is not in it) of --repeat requests
after one warm-up, and the query count. Prints the costliest CPU first, so the pages that set the load
test's p95 are at the top.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--organisations", type=int, default=5, help="Organisation pages measured per role.")
    args = parser.parse_args()

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veturi.web.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from rest_framework.authtoken.models import Token

    import load
    from veturi.accounts.models import User

    if "testserver" not in settings.ALLOWED_HOSTS and "*" not in settings.ALLOWED_HOSTS:
        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    pages = load.pages_by_role()
    rows = []
    for role in load.ROLES_IN_TURN:
        user = User.objects.get(username=role)
        client = Client()
        client.force_login(user)
        token, _ = Token.objects.get_or_create(user=user)
        role_pages = [p for p in pages[role] if not p.startswith("/organisations/") or p == "/organisations/"]
        role_pages += [p for p in pages[role] if p.startswith("/organisations/") and p != "/organisations/"][: args.organisations]
        targets = [(path, {}) for path in role_pages] + [(path, {"HTTP_AUTHORIZATION": f"Token {token.key}"}) for path in load.API_LISTS]
        for path, headers in targets:
            client.get(path, **headers)  # warm-up: templates compiled, caches filled
            times, cpu = [], []
            for _ in range(args.repeat):
                with CaptureQueriesContext(connection) as queries:
                    started, cpu_started = time.perf_counter(), time.process_time()
                    response = client.get(path, **headers)
                    times.append((time.perf_counter() - started) * 1000)
                    cpu.append((time.process_time() - cpu_started) * 1000)
            rows.append((statistics.median(cpu), statistics.median(times), len(queries), response.status_code, role, path))
    rows.sort(reverse=True)
    print(f"{'cpu ms':>7} {'wall ms':>7} {'queries':>7} status role     path")
    for cpu_ms, milliseconds, query_count, status, role, path in rows[: args.top]:
        print(f"{cpu_ms:7.0f} {milliseconds:7.0f} {query_count:7} {status:6} {role:8} {path}")
    heavy = [row for row in rows if row[0] > 80 or row[2] > 30]
    print(f"{len(rows)} measured; {len(heavy)} over 80 ms of CPU or 30 queries; total CPU {sum(row[0] for row in rows) / 1000:.1f} s; "
          f"load average {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    raise SystemExit(main())
