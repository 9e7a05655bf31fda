#!/bin/sh
# Build the bundled example site and serve it on http://127.0.0.1:8000/ (installs what it needs).
set -eu
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e .
.venv/bin/python build.py build "$@"
echo "Serving site/ on http://127.0.0.1:8000/ (Ctrl+C to stop)"
exec .venv/bin/python -m http.server --bind 127.0.0.1 --directory site 8000
