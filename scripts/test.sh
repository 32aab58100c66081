#!/usr/bin/env bash
# Run every Veturi test. Creates .venv and installs the package with its test dependencies first.
#   scripts/test.sh                 # against the embedded SQLite database
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test scripts/test.sh   # against PostgreSQL
# Extra arguments go to pytest, e.g. scripts/test.sh -k organisation
# VETURI_SKIP_INSTALL=1 skips the pip step (CI's second pass: the first one just installed).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
if [ "${VETURI_SKIP_INSTALL:-}" != "1" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e ".[test]"
fi
exec .venv/bin/python -m pytest "$@"
