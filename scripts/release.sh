#!/bin/sh
# Make a release's files: the wheel and sdist in dist/, checked as a package index would show
# them (twine check). Then upload them, or give councils the wheel: 'scrutinypack new site' and
# 'scrutinypack upgrade' put it into a council's repository with its hash.
#   sh scripts/release.sh            uses .venv (pip install -e '.[release]' there first)
# Before: set the version in pyproject.toml (scrutinypack --version reads it), and turn
# CHANGELOG.md's "Unreleased" into "## [VERSION] - YYYY-MM-DD" (see its top).
set -eu
cd "$(dirname "$0")/.."
python=${PYTHON:-$(pwd)/.venv/bin/python}
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' pyproject.toml)
grep -q "^## \[$version\] - " CHANGELOG.md || {
  echo "CHANGELOG.md has no section '## [$version] - YYYY-MM-DD': write it first" >&2
  exit 2
}
rm -rf dist
mkdir dist
(cd dist && "$python" -m build --outdir . ..)   # not from here, where 'build' is build.py
"$python" -m twine check --strict dist/*
ls dist
