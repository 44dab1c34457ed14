#!/usr/bin/env bash
# Install tipreport with its test dependencies and the database extra into .venv, lint, then run
# the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e ".[test,sql]"
.venv/bin/python -m ruff check --quiet .
.venv/bin/python -m pytest "$@"
