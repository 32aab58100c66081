"""A `veturi` command starts without the heavy libraries it does not use.

pymcdm (which loads pandas and matplotlib, about 2.5 s) and pint (about 0.6 s) are imported by
the functions that rank or convert units, not when the CLI, the engine or Django start. Each
check runs in a fresh interpreter: this test process has long imported them all.
"""

import json
import os
import subprocess
import sys

HEAVY = ("matplotlib", "pymcdm", "pint")


def _loaded_after(code: str, **variables: str) -> dict[str, bool]:
    script = code + (
        "\nimport json, sys\n"
        f"print(json.dumps({{name: name in sys.modules for name in {HEAVY!r}}}))\n"
    )
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "veturi.web.test_settings", **variables}
    finished = subprocess.run([sys.executable, "-c", script], env=environment,
                              capture_output=True, text=True, check=True)
    return json.loads(finished.stdout.splitlines()[-1])


def test_the_cli_and_the_engine_import_without_pymcdm_matplotlib_or_pint():
    loaded = _loaded_after(
        "import veturi.cli, veturi.engine.units, veturi.engine.ranking, veturi.engine.matching"
    )
    assert loaded == dict.fromkeys(HEAVY, False)


def test_django_starts_without_pymcdm_matplotlib_or_pint():
    # Every database command of `veturi`, the server and the job worker start Django.
    assert _loaded_after("import django\ndjango.setup()") == dict.fromkeys(HEAVY, False)


def test_ranking_and_converting_load_them_when_used():
    loaded = _loaded_after(
        "from veturi.engine.ranking import topsis\n"
        "from veturi.engine.units import to_canonical\n"
        "assert topsis([[1, 2], [2, 1]], [0.5, 0.5], [1, 1]).shape == (2,)\n"
        "assert to_canonical(1, 'kg/d').value == 0.365\n"
    )
    assert loaded == {"matplotlib": True, "pymcdm": True, "pint": True}


def test_gunicorns_arbiter_loads_pymcdm_before_it_forks(tmp_path):
    # Every worker inherits it, as when it was imported at start, even on an empty database
    # (the warm-up then only logs that it could not read the ranking inputs).
    loaded = _loaded_after(
        "import django\ndjango.setup()\n"
        "from veturi.web.server import warm_shared_caches\nwarm_shared_caches()",
        VETURI_DATA_DIR=str(tmp_path),
    )
    assert loaded["pymcdm"] and loaded["matplotlib"]
