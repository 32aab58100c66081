"""`veturi worker`: run the queued jobs, printing one line per finished job."""

from __future__ import annotations

import signal
import threading


def run_worker(*, once: bool, poll_interval_s: float, console, err_console) -> int:
    from veturi.jobs.models import Job
    from veturi.jobs.worker import Worker, recover_stale_jobs

    def report(job: Job) -> None:
        seconds = f"{job.seconds:.1f} s" if job.seconds is not None else ""
        if job.status == Job.Status.SUCCEEDED:
            console.print(f"[green]✓[/] job {job.pk} {job.label}: {job.message or 'done'} ({seconds})")
        else:
            err_console.print(f"[bold red]✗[/] job {job.pk} {job.label} {job.status}: {job.error}")

    for job in recover_stale_jobs():
        err_console.print(f"[yellow]![/] job {job.pk} {job.label} marked failed: {job.error}")
    worker = Worker(poll_interval_s=poll_interval_s, on_finished=report)
    if once:
        done = worker.run_pending()
        console.print(f"{len(done)} job(s) run; the queue is empty.")
        return 1 if any(job.status == Job.Status.FAILED for job in done) else 0
    stop = threading.Event()
    # SIGTERM (systemd, docker stop) lets the running job finish; Ctrl+C stops at once and marks it failed.
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    console.print(f"Worker {worker.name} waiting for jobs (every {poll_interval_s:g} s); Ctrl+C stops.")
    try:
        worker.run_until(stop)
    except KeyboardInterrupt:
        console.print("Stopped.")
    return 0
