"""The packages of the wheel and sdist; everything else is in pyproject.toml.

The repository's top-level ``templates/`` is the one source of the default templates. The
wheel ships it as ``scrutinypack/templates`` (a package directory mapped onto that folder,
so nothing is copied in the repository); ``scrutinypack.resources`` finds it either way.
"""
from setuptools import find_namespace_packages, find_packages, setup

TEMPLATES = ["scrutinypack." + name for name in find_namespace_packages(include=["templates", "templates.*"])]

setup(
    packages=find_packages(include=["scrutinypack", "scrutinypack.*"]) + TEMPLATES,
    package_dir={"scrutinypack.templates": "templates"},
    package_data={"scrutinypack": ["glossary.yaml", "starter/*"], "scrutinypack.templates": ["**/*"]},
)
