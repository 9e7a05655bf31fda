#!/bin/sh
# The steps of the Dockerfile, kept here so they can be run and tested without a container
# engine (tests/site/test_package.py runs the second one into a temporary folder).
#   sh scripts/docker-install.sh system                 Debian's Python, Pango and fonts (as root)
#   sh scripts/docker-install.sh tool SOURCE [FOLDER]    scrutinypack from SOURCE (a folder, a
#                                                        wheel or a pip requirement) into a
#                                                        virtual environment in FOLDER
set -eu
# Pango for WeasyPrint, HarfBuzz's subsetter for its fonts (WeasyPrint warns without it),
# and the fonts the print stylesheet falls back to
DEBIAN_PACKAGES="python3 python3-venv libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core"

case "${1:-}" in
  system)
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $DEBIAN_PACKAGES
    rm -rf /var/lib/apt/lists/*
    ;;
  packages)   # the Debian packages that 'system' installs, one a line
    printf '%s\n' $DEBIAN_PACKAGES
    ;;
  tool)
    source=${2:?say what to install: a folder, a wheel or a pip requirement}
    folder=${3:-/opt/scrutinypack}
    python3 -m venv "$folder"
    "$folder/bin/python" -m pip install --quiet --disable-pip-version-check "$source"
    "$folder/bin/scrutinypack" --version
    ;;
  *)
    echo "usage: sh $0 system | packages | tool SOURCE [FOLDER]" >&2
    exit 2
    ;;
esac
