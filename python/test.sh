#!/usr/bin/env bash
# The Python package's tests: builds the wheel with maturin (through pip),
# installs it with pandas and Dask in a fresh virtual environment, runs pytest.
# Needs python3 (3.9 or newer, with venv and pip) and the Rust toolchain.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python="${PYTHON:-python3}"
"$python" -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet --upgrade pip
"$work/venv/bin/python" -m pip install --quiet "$here[test]"
# Run from elsewhere, so that the installed package is imported, not the
# sources in python/sitrep (which lack the compiled module).
cd "$work"
"$work/venv/bin/python" -m pytest -p no:cacheprovider -q "$here/tests" "$@"
