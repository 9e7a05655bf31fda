#!/bin/sh
# Run the whole test suite on a fresh machine: makes .venv, installs what it needs, runs ruff
# (lint and format, [tool.ruff]) and mypy (strict on the core, [tool.mypy]), checks the import
# contracts (lint-imports, pyproject.toml's [tool.importlinter]), then runs pytest.
#   sh scripts/test.sh --quick   everything but the pdf, browser and slow tests (before a commit)
# Any other arguments go to pytest.
# The browser and validator tests also need Chromium, Java and npm (Debian's packages,
# installed here when missing and we are root) and axe-core, the Nu HTML Checker and the
# YAML language server from npm (kept in .cache/npm). Whatever cannot be had, those tests
# skip, saying why.
set -eu
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e '.[test,release]'

missing=""
[ -x /usr/bin/chromium ] || command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
command -v java >/dev/null 2>&1 || missing="$missing default-jre-headless"
command -v npm >/dev/null 2>&1 || missing="$missing npm"
if [ -n "$missing" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing$missing with apt-get, for the browser and validator tests"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
      apt-get install -y -qq --no-install-recommends $missing >/dev/null; } ||
    echo "Could not install$missing: the tests that need them will be skipped"
fi
npm_dir=.cache/npm/node_modules
if command -v npm >/dev/null 2>&1 &&
   { [ ! -f $npm_dir/axe-core/axe.min.js ] || [ ! -f $npm_dir/vnu-jar/build/dist/vnu.jar ]; }; then
  npm install --prefix .cache/npm --no-audit --no-fund --loglevel=error \
      axe-core@4.14.1 vnu-jar@26.9.27 ||
    echo "Could not install axe-core and vnu-jar: the tests that need them will be skipped"
fi
if command -v npm >/dev/null 2>&1 && [ ! -f $npm_dir/yaml-language-server/bin/yaml-language-server ]; then
  npm install --prefix .cache/npm --no-audit --no-fund --loglevel=error yaml-language-server@1.19.2 ||
    echo "Could not install yaml-language-server: the test of the editor schemas in an editor will be skipped"
fi
.venv/bin/ruff check --quiet . && .venv/bin/ruff format --check --quiet . ||
  { echo "ruff found the above: '.venv/bin/ruff check --fix . && .venv/bin/ruff format .' mends most"; exit 1; }
.venv/bin/mypy ||
  { echo "mypy found the above: annotate the code it names; an ignore names its code and says why"; exit 1; }
.venv/bin/lint-imports --no-cache
if [ "${1:-}" = "--quick" ]; then
  shift
  exec .venv/bin/python -m pytest -n 2 -m "not pdf and not browser and not slow" "$@"
fi
exec .venv/bin/python -m pytest "$@"
