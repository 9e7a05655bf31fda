"""Read a site for a build, a check, an import or a publication: the core's data path
(pipeline.py) and the content's own templates, which are content too but can only be
compiled by the renderer."""

from __future__ import annotations

from pathlib import Path

from ..content.load import Remembered
from ..content.stored import Stored
from ..pipeline import Result, read_content
from ..render.html import override_problems


def read_site(
    content_dir: Path, remembered: Remembered | None = None, stored: Stored | None = None
) -> Result:
    """Read and check a content folder; nothing is raised, everything is reported.

    ``remembered`` keeps what was read for the next call: a file whose text is the same is
    not parsed or validated again (a live preview reads the folder after every edit);
    ``stored`` does the same for a build in a new process (build/readcache.py)."""
    result = read_content(content_dir, remembered, stored)
    result.problems = sorted(result.problems + override_problems(result.content.root))
    return result
