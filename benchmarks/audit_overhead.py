"""What the audit log costs a bulk import: the import_speed workload with the audit on and off, in one process.

Run from the repository root (a throwaway SQLite database, or the one DATABASE_URL names):

    .venv/bin/python benchmarks/audit_overhead.py [--streams 10000] [--rounds 3]

Each round imports N new streams and then re-imports them as updates, once with the audit log
(one entry per row created or changed, written in the import's transaction) and once without,
alternating so that a busy shared machine weighs on both alike. It prints the median wall and CPU
seconds of each and the ratio with/without, with the load average before and after.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


@contextlib.contextmanager
def _no_bulk_audit(*args, **kwargs):
    yield


def _import(data: bytes, *, audited: bool) -> dict:
    import veturi.transfer.importer as importer
    from veturi.audit import log

    original = importer.bulk_audit
    if not audited:
        importer.bulk_audit = _no_bulk_audit
        log._audited.clear()
        log.SKIPPED_MODELS.add("streams.resourcestream")  # also silences the signals, for a like-for-like run
    try:
        figures = {}
        for step in ("commit_new", "reimport_update"):
            started, cpu = time.perf_counter(), time.process_time()
            report = importer.Importer().run_file(data, "streams.csv", commit=True)
            if not report.ok:
                raise SystemExit(f"{step}: unexpected problems {report.problems[:3]}")
            figures[step] = (time.perf_counter() - started, time.process_time() - cpu)
        return figures
    finally:
        importer.bulk_audit = original
        log.SKIPPED_MODELS.discard("streams.resourcestream")
        log._audited.clear()


def _clear_streams() -> None:
    from veturi.streams.models import ResourceStream

    ResourceStream.objects.all()._raw_delete(ResourceStream.objects.db)  # no signals: cleaning up is not a change to log


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--streams", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    if args.streams < 1 or args.rounds < 1:
        parser.error("--streams and --rounds must be at least 1")
    with tempfile.TemporaryDirectory(prefix="veturi-audit-bench-") as folder:
        from import_speed import _park, _setup

        _setup(Path(folder))
        from veturi.audit.models import AuditEntry
        from veturi.transfer.samples import streams_csv

        data = streams_csv(args.streams, _park())
        load_before = os.getloadavg()
        runs = {True: [], False: []}
        for _round in range(args.rounds):
            for audited in (False, True):
                entries = AuditEntry.objects.count()
                runs[audited].append(_import(data, audited=audited))
                written = AuditEntry.objects.count() - entries
                if audited and written < args.streams:
                    raise SystemExit(f"expected at least {args.streams} audit entries, found {written}")
                _clear_streams()
        load_after = os.getloadavg()
    print(f"{args.streams} streams, {args.rounds} rounds; load average before {load_before}, after {load_after}")
    for step in ("commit_new", "reimport_update"):
        medians = {}
        for audited in (False, True):
            wall = statistics.median(run[step][0] for run in runs[audited])
            cpu = statistics.median(run[step][1] for run in runs[audited])
            medians[audited] = (wall, cpu)
            print(f"  {step:<16} audit {'on ' if audited else 'off'}  {wall:7.2f} s wall  {cpu:7.2f} s CPU")
        print(f"  {step:<16} ratio on/off  {medians[True][0] / medians[False][0]:.2f} wall  {medians[True][1] / medians[False][1]:.2f} CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main())
