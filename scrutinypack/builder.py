"""A whole build: read and check the content, plan the outputs, render them, write the site."""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from .pipeline import Result, read_site
from .plan import PDF_KINDS, PDF_MODES, Output, plan_site
from .problems import ContentError
from .render import data as data_render
from .render import feed
from .render.html import TEMPLATES, HtmlRenderer, make_environment
from .render.search import search_index
from .write import OutputError, write_site


@dataclass
class BuildReport:
    result: Result
    outputs: int
    written: int
    unchanged: int
    seconds: float
    pdf: object = None    # render.pdf.PdfRun when PDFs were asked for: which were rendered, which reused


def render_outputs(result: Result, outputs: list[Output]) -> dict[str, bytes]:
    env = make_environment()
    env.globals["pdfs"] = frozenset(o.path for o in outputs if o.kind in PDF_KINDS)   # pages link to these
    html = HtmlRenderer(result.site, env)
    files = {}
    for output in outputs:
        if output.kind in PDF_KINDS:
            continue   # all together, in parallel and cached: render.pdf.render_pdfs
        elif output.kind == "csv":
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


def build(content_dir: Path, out_dir: Path, pdf: str = "none", jobs: int | None = None,
          progress=None) -> BuildReport:
    """Build the site; raises ContentError (nothing written) when the content is not usable.

    ``pdf`` is one of PDF_MODES: none (the default here, for speed), ``default`` (a PDF per
    proposal and a pack per meeting) or ``all`` (and the whole publication); ``jobs`` and
    ``progress`` are render.pdf.render_pdfs's.
    """
    if pdf not in PDF_MODES:
        raise ValueError(f"pdf must be one of {PDF_MODES}, not {pdf!r}")
    started = time.perf_counter()
    content_dir, out_dir = Path(content_dir).resolve(), Path(out_dir).resolve()
    if content_dir == out_dir or out_dir in content_dir.parents or content_dir in out_dir.parents:
        raise OutputError(f"the output folder {out_dir} and the content folder {content_dir} "
                          "must not contain each other: choose another --out")
    result = read_site(content_dir)
    if result.blocking:
        raise ContentError(result.blocking)
    outputs = plan_site(result.site, pdf)
    files = render_outputs(result, outputs)
    files.update(search_index(files))
    pdfs = None
    if pdf != "none":
        from .render.pdf import render_pdfs   # WeasyPrint is loaded only when PDFs are made
        pdfs = render_pdfs(result, outputs, out_dir, jobs, progress)
        files.update(pdfs.files)
    copies = {path.relative_to(result.content.root).as_posix(): path for path in result.content.assets}
    counts = write_site(out_dir, files, copies)
    return BuildReport(result, len(files) + len(copies), counts["written"], counts["unchanged"],
                       time.perf_counter() - started, pdfs)


class Builder:
    """One content folder built into one output folder, again and again (live preview).

    Kept between builds so a rebuild can reuse what did not change.
    """

    def __init__(self, content_dir: Path, out_dir: Path):
        self.content_dir, self.out_dir = Path(content_dir), Path(out_dir)

    def build(self) -> BuildReport:
        """Build now; raises ContentError (nothing written) when the content is not usable."""
        return build(self.content_dir, self.out_dir)
