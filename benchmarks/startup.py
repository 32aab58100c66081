"""CPU cost of starting `veturi`: this checkout against a baseline source tree.

Usage (from the repository root)::

    git archive COMMIT src | tar -x -C /tmp/base      # or copy src/ and revert some files
    .venv/bin/python benchmarks/startup.py --baseline /tmp/base/src [--repeat 5]

Each case runs in a fresh interpreter, alternately with the baseline's ``src`` first on
PYTHONPATH and with this checkout's, so that both see the same load. Prints, per case, the
median CPU seconds (user + system of the child) of each and the load average before and
after. CPU seconds, not wall time: the machine is shared.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "benchmarks" / "cases" / "kokkola.json"

CASES: dict[str, list[str]] = {
    "import veturi.cli": ["-c", "import veturi.cli"],
    "veturi --help": ["-c", "import sys; sys.argv = ['veturi', '--help']\n"
                            "from veturi.cli import app; app()"],
    "django.setup()": ["-c", "import django; django.setup()"],
    "veturi manage check": ["-c", "import sys; sys.argv = ['veturi', 'manage', 'check']\n"
                                  "from veturi.cli import app; app()"],
    "veturi match kokkola.json": ["-c", "import sys; sys.argv = ['veturi', 'match', "
                                        f"{str(PACKAGE)!r}, '--format', 'json']\n"
                                        "from veturi.cli import app; app()"],
}


def _cpu_seconds(arguments: list[str], source: Path, data_dir: str) -> float:
    environment = {**os.environ, "PYTHONPATH": str(source), "VETURI_DATA_DIR": data_dir,
                   "DJANGO_SETTINGS_MODULE": "veturi.web.settings", "PYTHONHASHSEED": "0"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([sys.executable, *arguments], env=environment, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", type=Path, required=True, help="the baseline's src folder")
    parser.add_argument("--repeat", type=int, default=5)
    options = parser.parse_args()
    trees = {"baseline": options.baseline.resolve(), "this": ROOT / "src"}
    with tempfile.TemporaryDirectory() as data_dir:
        # The database commands need a migrated database: make it once, outside the timing.
        subprocess.run([sys.executable, "-c", "import sys; sys.argv = ['veturi', 'migrate']\n"
                        "from veturi.cli import app; app()"], check=True,
                       env={**os.environ, "VETURI_DATA_DIR": data_dir}, stdout=subprocess.DEVNULL)
        print(f"load average before: {os.getloadavg()}")
        print(f"{'case':28} {'baseline s':>10} {'this s':>8} {'saved s':>8}")
        for case, arguments in CASES.items():
            seconds: dict[str, list[float]] = {name: [] for name in trees}
            for _ in range(options.repeat):
                for name, source in trees.items():
                    seconds[name].append(_cpu_seconds(arguments, source, data_dir))
            base, this = (statistics.median(seconds[name]) for name in trees)
            print(f"{case:28} {base:10.2f} {this:8.2f} {base - this:8.2f}", flush=True)
        print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
