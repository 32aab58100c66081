"""The worker: claims queued jobs one at a time, runs them, records progress, result or error.

Claiming is atomic, so two workers never run the same job: on PostgreSQL the queued row is locked
with ``SELECT ... FOR UPDATE SKIP LOCKED``; on SQLite a conditional ``UPDATE ... WHERE
status='queued'`` changes one row for exactly one worker. A job computes outside any transaction
(so its progress is visible and pages stay writable, SQLite included) and its adapter stores the
result in one transaction: a failure at any point leaves nothing half-written, and the job is
recorded failed with its error. A job left running by a worker that died is marked failed when a
worker starts again (:func:`recover_stale_jobs`).
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections, connection, connections, transaction
from django.utils import timezone

from veturi.audit.log import request_context
from veturi.jobs.models import Job
from veturi.jobs.registry import Outcome, get_kind

logger = logging.getLogger(__name__)

#: Progress is written at most this often (the page polls every second).
PROGRESS_EVERY_S = 0.5


def enqueue(kind: str, parameters: dict | None = None, *, user=None) -> Job:
    """Queue a job of ``kind``; the worker picks it up. Raises ``JobInputError`` on an unknown kind."""
    get_kind(kind)
    return Job.objects.create(kind=kind, parameters=parameters or {}, created_by=user if getattr(user, "pk", None) else None)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, owned by another user
        return True
    return True


def recover_stale_jobs(*, stale_after_s: float | None = None) -> list[Job]:
    """Mark failed the running jobs whose worker died: on this host, its process is gone; on any
    host, no sign of life for ``stale_after_s`` seconds (default: the VETURI_JOB_STALE_AFTER_S
    setting). Returns the jobs marked failed."""
    if stale_after_s is None:
        stale_after_s = settings.VETURI_JOB_STALE_AFTER_S
    host = socket.gethostname()
    cutoff = timezone.now() - timedelta(seconds=stale_after_s)
    recovered = []
    for job in Job.objects.filter(status=Job.Status.RUNNING):
        job_host, _, rest = job.worker.partition(":")
        pid_text = rest.split("/", 1)[0]
        dead_here = job_host == host and pid_text.isdigit() and not _pid_alive(int(pid_text))
        silent = (job.heartbeat_at or job.started_at or job.created_at) < cutoff
        if not (dead_here or silent):
            continue
        reason = (f"The worker {job.worker} stopped while the job ran." if dead_here
                  else f"The worker {job.worker or '?'} gave no sign of life for {stale_after_s:.0f} s.")
        changed = Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING).update(
            status=Job.Status.FAILED, error=f"{reason} Nothing it computed was kept; launch it again.", finished_at=timezone.now())
        if changed:
            job.refresh_from_db()
            recovered.append(job)
            logger.warning("job %s marked failed: %s", job.pk, reason)
    return recovered


class ProgressReporter:
    """The ``progress(fraction, message)`` callback a job kind gets: stores it on the job, throttled."""

    def __init__(self, job: Job, *, every_s: float = PROGRESS_EVERY_S, listener=None):
        self.job, self.every_s, self.listener = job, every_s, listener
        self._last_write = float("-inf")
        self._last_message = job.message

    def __call__(self, fraction: float, message: str = "") -> None:
        fraction = min(max(float(fraction), 0.0), 1.0)
        now = time.monotonic()
        changed = message and message != self._last_message
        if not changed and fraction < 1.0 and now - self._last_write < self.every_s:
            return
        values = {"progress": fraction, "heartbeat_at": timezone.now()}
        if message:
            values["message"] = message[:300]
            self._last_message = message
        Job.objects.filter(pk=self.job.pk).update(**values)
        for field, value in values.items():
            setattr(self.job, field, value)
        self._last_write = now
        if self.listener is not None:
            self.listener(self.job)


class Worker:
    """Runs queued jobs. ``run_pending()`` drains the queue; ``run_until(stop)`` polls until stopped.

    >>> Worker(name="test").name
    'test'
    """

    def __init__(self, *, name: str | None = None, poll_interval_s: float = 1.0, progress_every_s: float = PROGRESS_EVERY_S,
                 on_progress=None, on_finished=None):
        if poll_interval_s <= 0:
            raise ValueError(f"poll_interval_s must be positive, got {poll_interval_s!r}")
        self.name = name or worker_name()
        self.poll_interval_s, self.progress_every_s = poll_interval_s, progress_every_s
        self.on_progress, self.on_finished = on_progress, on_finished  # called with the job (the CLI draws bars)

    def claim(self) -> Job | None:
        """The oldest queued job, now running under this worker; ``None`` when the queue is empty."""
        if connection.features.has_select_for_update_skip_locked:
            with transaction.atomic():
                job = (Job.objects.select_for_update(skip_locked=True).filter(status=Job.Status.QUEUED)
                       .order_by("created_at", "pk").first())
                if job is None or not self.take(job.pk):
                    return None
            job.refresh_from_db()
            return job
        # SQLite has no row locks: the conditional UPDATE changes the row for one worker only; the
        # loser of a race for that row tries the next queued job.
        while True:
            pk = Job.objects.filter(status=Job.Status.QUEUED).order_by("created_at", "pk").values_list("pk", flat=True).first()
            if pk is None:
                return None
            if self.take(pk):
                return Job.objects.get(pk=pk)

    def take(self, pk: int) -> bool:
        """Mark job ``pk`` running under this worker if it is still queued; whether this worker got it."""
        now = timezone.now()
        values = {"status": Job.Status.RUNNING, "worker": self.name, "started_at": now, "heartbeat_at": now}
        return Job.objects.filter(pk=pk, status=Job.Status.QUEUED).update(**values) == 1

    def run(self, job: Job) -> Job:
        """Run one claimed job to its end and record the outcome."""
        progress = ProgressReporter(job, every_s=self.progress_every_s, listener=self.on_progress)
        try:
            kind = get_kind(job.kind)
            progress(0.0, "Started")
            # The audit log names the job's launcher as the author of what the job writes.
            with request_context(user=job.created_by, path=f"job {job.pk}: {job.kind}", method="JOB"):
                outcome = kind.run(dict(job.parameters), progress, user=job.created_by)
            if not isinstance(outcome, Outcome):
                raise TypeError(f"job kind {job.kind!r} returned {type(outcome).__name__}, not an Outcome")
        except Exception as exc:  # a job's failure is recorded, never raised into the worker loop
            if isinstance(exc, ValueError):  # bad input or data, explained by its message
                logger.warning("job %s (%s) failed: %s", job.pk, job.kind, exc)
            else:
                logger.exception("job %s (%s) failed", job.pk, job.kind)
            Job.objects.filter(pk=job.pk).update(status=Job.Status.FAILED, error=_describe(exc), finished_at=timezone.now())
        except BaseException:  # Ctrl+C or exit while the job ran: say so, then stop
            Job.objects.filter(pk=job.pk).update(status=Job.Status.FAILED, finished_at=timezone.now(),
                                                 error=f"The worker {self.name} was stopped while the job ran; launch it again.")
            raise
        else:
            Job.objects.filter(pk=job.pk).update(
                status=Job.Status.SUCCEEDED, progress=1.0, result=outcome.summary, result_url=outcome.url, finished_at=timezone.now(),
                message=job.message if job.message != "Started" else "")
        job.refresh_from_db()
        if self.on_finished is not None:
            self.on_finished(job)
        return job

    def run_pending(self, *, limit: int | None = None) -> list[Job]:
        """Claim and run queued jobs until the queue is empty (or ``limit`` jobs ran); the jobs run."""
        done = []
        while limit is None or len(done) < limit:
            job = self.claim()
            if job is None:
                break
            done.append(self.run(job))
        return done

    def run_until(self, stop: threading.Event) -> None:
        """Poll the queue every ``poll_interval_s`` seconds until ``stop`` is set."""
        recover_stale_jobs()
        while not stop.is_set():
            close_old_connections()
            try:
                ran = self.run_pending(limit=1)
            except Exception:  # the database went away: wait and try again rather than die
                logger.exception("worker %s could not reach the queue", self.name)
                ran = []
            if not ran:
                stop.wait(self.poll_interval_s)


def _describe(exc: Exception) -> str:
    from django.core.exceptions import ValidationError

    from veturi.jobs.registry import JobInputError

    if isinstance(exc, ValidationError):
        return "; ".join(exc.messages)
    if isinstance(exc, (JobInputError, ValueError)):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


def run_pending(*, limit: int | None = None) -> list[Job]:
    """Run every queued job now, in this thread (tests and `veturi worker --once`)."""
    return Worker().run_pending(limit=limit)


class WorkerThread(threading.Thread):
    """An in-process worker for the embedded setup (`veturi serve`, `veturi demo`); stop() ends it.

    ``connections_override`` shares the caller's database connections (an in-memory SQLite test
    database is visible only through them), as Django's live test server does.
    """

    def __init__(self, *, poll_interval_s: float = 1.0, connections_override: dict | None = None):
        super().__init__(name="veturi-worker", daemon=True)
        self.worker = Worker(name=f"{worker_name()}/thread", poll_interval_s=poll_interval_s)
        self.stop_event = threading.Event()
        self.connections_override = connections_override or {}

    def run(self) -> None:
        for alias, conn in self.connections_override.items():
            connections[alias] = conn
        try:
            self.worker.run_until(self.stop_event)
        finally:
            if not self.connections_override:
                connections.close_all()

    def stop(self, timeout: float | None = 30) -> None:
        self.stop_event.set()
        self.join(timeout)
