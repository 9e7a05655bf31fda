"""A whole build: read and check the content, plan the outputs, render them, write the site."""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from .pipeline import Result, read_site
from .plan import Output, plan_site
from .problems import ContentError
from .render import data as data_render
from .render import feed
from .render.html import TEMPLATES, HtmlRenderer
from .render.search import search_index
from .write import OutputError, write_site


@dataclass
class BuildReport:
    result: Result
    outputs: int
    written: int
    unchanged: int
    seconds: float


def render_outputs(result: Result, outputs: list[Output]) -> dict[str, bytes]:
    html = HtmlRenderer(result.site)
    files = {}
    for output in outputs:
        if output.kind == "csv":
            files[output.path] = data_render.proposals_csv(result.site)
        elif output.kind == "json":
            files[output.path] = data_render.proposals_json(result.site)
        elif output.kind == "feed":
            files[output.path] = (feed.service_feed(result.site, output.key, html.histories)
                                  if output.key else feed.site_feed(result.site, html.histories))
        elif output.kind == "static":
            files[output.path] = (TEMPLATES / "static" / output.key).read_bytes()
        else:
            files[output.path] = html.render(output)
    return files


def build(content_dir: Path, out_dir: Path) -> BuildReport:
    """Build the site; raises ContentError (nothing written) when the content is not usable."""
    started = time.perf_counter()
    content_dir, out_dir = Path(content_dir).resolve(), Path(out_dir).resolve()
    if content_dir == out_dir or out_dir in content_dir.parents or content_dir in out_dir.parents:
        raise OutputError(f"the output folder {out_dir} and the content folder {content_dir} "
                          "must not contain each other: choose another --out")
    result = read_site(content_dir)
    if result.blocking:
        raise ContentError(result.blocking)
    outputs = plan_site(result.site)
    files = render_outputs(result, outputs)
    files.update(search_index(files))
    copies = {path.relative_to(result.content.root).as_posix(): path for path in result.content.assets}
    counts = write_site(out_dir, files, copies)
    return BuildReport(result, len(files) + len(copies), counts["written"], counts["unchanged"],
                       time.perf_counter() - started)


class Builder:
    """One content folder built into one output folder, again and again (live preview).

    Kept between builds so a rebuild can reuse what did not change.
    """

    def __init__(self, content_dir: Path, out_dir: Path):
        self.content_dir, self.out_dir = Path(content_dir), Path(out_dir)

    def build(self) -> BuildReport:
        """Build now; raises ContentError (nothing written) when the content is not usable."""
        return build(self.content_dir, self.out_dir)
