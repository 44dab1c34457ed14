#!/usr/bin/env bash
# Install tipreport into .venv and build the sample submission into ./out/.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e .
.venv/bin/tipreport build --out out "$@"
