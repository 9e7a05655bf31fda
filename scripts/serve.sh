#!/bin/sh
# Build the bundled example site, serve it on http://127.0.0.1:8000/ and rebuild it (and
# refresh the browser) whenever content/ or a template changes. Installs what it needs;
# any options go to 'build.py serve', e.g. sh scripts/serve.sh --port 8001 --open
set -eu
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e .
exec .venv/bin/python build.py serve "$@"
