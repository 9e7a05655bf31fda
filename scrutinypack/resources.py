"""Where the default templates are, in a wheel or in the repository.

The repository's top-level ``templates/`` is their one source (with ``static/`` and
``print/``). An installed wheel holds that folder as ``scrutinypack/templates`` (setup.py maps
it there); run from the repository or an editable install, the package has no such folder
and the top-level one beside it is used.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def default_templates() -> Path:
    shipped = Path(str(resources.files("scrutinypack") / "templates"))
    return shipped if shipped.is_dir() else Path(__file__).resolve().parent.parent / "templates"


TEMPLATES = default_templates()
