#!/bin/sh
# Run the benchmark (bench/run.py) on a fresh machine: makes .venv, installs scrutinypack with
# Hugo and MkDocs as yardsticks, then measures. Options go to bench/run.py, e.g.
#   sh scripts/bench.sh --sizes 100,1000 --runs 3
#   sh scripts/bench.sh --sizes 10000 --runs 1 --no-pdf-runs --json bench/results-10000.json
set -eu
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[bench]'
exec .venv/bin/python -m bench.run "$@"
