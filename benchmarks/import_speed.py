"""Speed of the bulk import: a generated, valid file of N streams, checked and committed.

Run from the repository root (it uses a throwaway SQLite database, or the database that
DATABASE_URL names if given, which it must be allowed to fill):

    .venv/bin/python benchmarks/import_speed.py [--streams 10000] [--format csv|xlsx] [--json]

It prints, for the dry run, the commit of new rows and the re-import that updates every row,
the seconds taken (wall clock, and CPU time of this process, which a busy shared machine does
not inflate; database server time on PostgreSQL is not in it) and rows per second. The floor is
30 s for 10 000 new streams.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import tempfile
import time
from pathlib import Path


def _setup(data_dir: Path) -> None:
    os.environ.setdefault("VETURI_DATA_DIR", str(data_dir))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veturi.web.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)


def _park() -> list[str]:
    """Ten organisations with one site each; returns their business IDs."""
    from veturi.engine.identifiers import business_id_check_digit
    from veturi.organisations.models import Organisation
    from veturi.streams.models import Site

    keys = []
    number = 1_000_000
    while len(keys) < 10:
        number += 1
        digits = f"{number:07d}"
        check = business_id_check_digit(digits)
        if check is None:
            continue
        business_id = f"{digits}-{check}"
        organisation, _ = Organisation.objects.get_or_create(business_id=business_id, defaults={"name": f"Benchmark {len(keys)} Oy"})
        Site.objects.get_or_create(organisation=organisation, name="Plant", defaults={"latitude": 61.5, "longitude": 23.7})
        keys.append(business_id)
    return keys


def _as_xlsx(csv_bytes: bytes) -> bytes:
    import csv

    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("streams")
    for row in csv.reader(io.StringIO(csv_bytes.decode())):
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--streams", type=int, default=10_000, help="rows in the generated file (default 10000)")
    parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    args = parser.parse_args(argv)
    if args.streams < 1:
        parser.error("--streams must be at least 1")

    with tempfile.TemporaryDirectory(prefix="veturi-import-bench-") as folder:
        _setup(Path(folder))
        from veturi.streams.models import ResourceStream
        from veturi.transfer.importer import Importer
        from veturi.transfer.samples import streams_csv

        data = streams_csv(args.streams, _park())
        if args.format == "xlsx":
            data = _as_xlsx(data)
        name = f"streams.{args.format}"
        before = ResourceStream.objects.count()
        figures = {"streams": args.streams, "format": args.format, "bytes": len(data)}
        for step, commit in (("dry_run", False), ("commit_new", True), ("reimport_update", True)):
            started, cpu_started = time.perf_counter(), time.process_time()
            report = Importer().run_file(data, name, commit=commit)
            seconds = time.perf_counter() - started
            figures[f"{step}_cpu_seconds"] = round(time.process_time() - cpu_started, 2)
            if not report.ok:
                print(f"{step}: unexpected problems: {report.problems[:3]}", file=sys.stderr)
                return 1
            figures[f"{step}_seconds"] = round(seconds, 2)
            figures[f"{step}_rows_per_second"] = round(args.streams / seconds)
        figures["stored"] = ResourceStream.objects.count() - before
        if figures["stored"] != args.streams:
            print(f"expected {args.streams} new streams, found {figures['stored']}", file=sys.stderr)
            return 1
    if args.json:
        print(json.dumps(figures))
    else:
        print(f"{args.streams} streams ({args.format}, {figures['bytes']:,} bytes)")
        for step in ("dry_run", "commit_new", "reimport_update"):
            print(
                f"  {step:<16} {figures[f'{step}_seconds']:>7.2f} s  {figures[f'{step}_rows_per_second']:>7,} rows/s"
                f"  (CPU {figures[f'{step}_cpu_seconds']:.2f} s of this process)"
            )
        floor = "within" if figures["commit_new_seconds"] < 30 else "OVER"
        print(f"  commit of new rows {floor} the 30 s floor")
    return 0


if __name__ == "__main__":
    sys.exit(main())
