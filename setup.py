"""The packages of the wheel and sdist; everything else, their data included, is in
pyproject.toml (its package-data would replace any given here).

The repository's top-level ``templates/`` is the one source of the default templates. The
wheel ships it as ``scrutinypack/templates`` (a package directory mapped onto that folder,
so nothing is copied in the repository); ``scrutinypack.resources`` finds it either way.
Every folder of ``scrutinypack/`` is a package, with or without ``__init__.py``, so a new
one (or one holding only data) is shipped without being named here.
"""

from setuptools import find_namespace_packages, setup

OWN = find_namespace_packages(include=["scrutinypack", "scrutinypack.*"], exclude=["*.__pycache__"])
TEMPLATES = ["scrutinypack." + name for name in find_namespace_packages(include=["templates", "templates.*"])]

# The guides (docs/) and the example import maps (examples/import/) ship the same way, as
# scrutinypack/docs and scrutinypack/maps (scrutinypack.clerk.startpoints finds them either way).
SHIPPED = {
    "scrutinypack.templates": "templates",
    "scrutinypack.docs": "docs",
    "scrutinypack.maps": "examples/import",
}

setup(packages=OWN + TEMPLATES + ["scrutinypack.docs", "scrutinypack.maps"], package_dir=SHIPPED)
