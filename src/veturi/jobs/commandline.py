"""`veturi worker`: run the queued jobs with a progress bar each, one line per finished job."""

from __future__ import annotations

import signal
import threading


def run_worker(*, once: bool, poll_interval_s: float, console, err_console) -> int:
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from veturi.jobs.models import Job
    from veturi.jobs.worker import Worker, recover_stale_jobs

    bars = Progress(TextColumn("job {task.fields[pk]} {task.description}"), BarColumn(), TextColumn("{task.percentage:>3.0f} %"),
                    TimeElapsedColumn(), TextColumn("{task.fields[message]}"), console=console, transient=True)
    tasks: dict[int, int] = {}

    def moved(job: Job) -> None:
        if job.pk not in tasks:
            tasks[job.pk] = bars.add_task(job.label, total=1.0, pk=job.pk, message="")
        bars.update(tasks[job.pk], completed=job.progress, message=job.message)

    def finished(job: Job) -> None:
        if job.pk in tasks:
            bars.remove_task(tasks.pop(job.pk))
        seconds = f" ({job.seconds:.1f} s)" if job.seconds is not None else ""
        if job.status == Job.Status.SUCCEEDED:
            console.print(f"[green]✓[/] job {job.pk} {job.label}: {job.message or 'done'}{seconds}")
        else:
            err_console.print(f"[bold red]✗[/] job {job.pk} {job.label} {job.status}: {job.error}")

    for job in recover_stale_jobs():
        err_console.print(f"[yellow]![/] job {job.pk} {job.label} marked failed: {job.error}")
    worker = Worker(poll_interval_s=poll_interval_s, on_progress=moved, on_finished=finished)
    with bars:
        if once:
            done = worker.run_pending()
        else:
            stop = threading.Event()
            # SIGTERM (systemd, docker stop) lets the running job finish; Ctrl+C stops at once and marks it failed.
            signal.signal(signal.SIGTERM, lambda *_: stop.set())
            console.print(f"Worker {worker.name} waiting for jobs (every {poll_interval_s:g} s); Ctrl+C stops.")
            try:
                worker.run_until(stop)
            except KeyboardInterrupt:
                console.print("Stopped.")
            return 0
    console.print(f"{len(done)} job(s) run; the queue is empty.")
    return 1 if any(job.status == Job.Status.FAILED for job in done) else 0
