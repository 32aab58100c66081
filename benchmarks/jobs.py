"""Long work through the job queue on the demo park: what the launch costs the web request, how long
each job runs in the worker, and how many progress writes it makes. Prints figures.

    veturi demo --no-serve --data-dir DIR
    VETURI_DATA_DIR=DIR python benchmarks/jobs.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import time


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="launches per job kind")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veturi.web.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse

    from veturi.accounts.models import User
    from veturi.jobs.models import Job
    from veturi.jobs.worker import Worker
    from veturi.roadmap.models import Roadmap
    from veturi.scenarios.models import Scenario

    settings.ALLOWED_HOSTS = ["*"]
    office = User.objects.filter(role="office").first()
    client = Client()
    client.force_login(office)
    roadmap, scenario = Roadmap.objects.first(), Scenario.objects.first()
    launches = {
        "matching": (reverse("synergy-run-now"), {"top_k": 10}),
        "value_networks": (reverse("valuenet-recompute"), {}),
        "allocation": (reverse("allocation-run"), {"time_limit_s": 2, "seed": 0}),
        "roadmap_solve": (reverse("roadmap-solve", args=[roadmap.pk]), {}),
        "scenario_simulate": (reverse("scenario-simulate", args=[scenario.pk]), {}),
    }
    writes = {}
    worker = Worker(on_progress=lambda job: writes.__setitem__(job.pk, writes.get(job.pk, 0) + 1))
    print(f"database: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}; load average {os.getloadavg()[0]:.2f}")
    print(f"{'job kind':<18} {'launch ms':>10} {'run s':>8} {'cpu s':>7} {'progress writes':>16}  status")
    for kind, (url, data) in launches.items():
        launch_ms, run_s, cpu_s, counts, statuses = [], [], [], [], set()
        for _ in range(args.repeat):
            started = time.perf_counter()
            response = client.post(url, data)
            launch_ms.append(1000 * (time.perf_counter() - started))
            assert response.status_code == 302, (kind, response.status_code)
            cpu = resource.getrusage(resource.RUSAGE_SELF)
            started = time.perf_counter()
            (job,) = worker.run_pending()
            run_s.append(time.perf_counter() - started)
            after = resource.getrusage(resource.RUSAGE_SELF)
            cpu_s.append(after.ru_utime + after.ru_stime - cpu.ru_utime - cpu.ru_stime)
            counts.append(writes.get(job.pk, 0))
            statuses.add(job.status if job.status == "succeeded" else f"{job.status}: {job.error}")
        print(f"{kind:<18} {statistics.median(launch_ms):>10.1f} {statistics.median(run_s):>8.2f} {statistics.median(cpu_s):>7.2f}"
              f" {statistics.median(counts):>16.0f}  {', '.join(sorted(statuses))}")
    print(f"jobs stored: {Job.objects.count()}; load average after {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
