"""Where a cold build's PDF time goes: CPU seconds by kind of paper, and for assembly.

    python -m bench.pdf_parts --proposals 300

Generates content (bench/generate.py), then makes every PDF with ``--jobs 1`` (in this
process, so that each step can be timed) with an empty paper cache, and prints a line for
each kind of paper WeasyPrint laid out (records, agenda items with their summary tables,
contents, header sheets, ...) with its count, pages and CPU time, and one for assembly.
"""

from __future__ import annotations

import argparse
import collections
import shutil
import tempfile
import time
from pathlib import Path

import scrutinypack.render.pdf as pdf_package
from scrutinypack.build.reading import read_site
from scrutinypack.plan import PDF_KINDS, plan_site

from .generate import generate


def kind_of(name: str) -> str:
    """'proposal-sc001' → record; 'committees/…/pack.pdf#item-2' → item; '#label' → label."""
    if "#" not in name:
        return "record"
    return name.rsplit("#", 1)[1].split("-")[0] or "label"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.pdf_parts", description=__doc__.split("\n\n")[0])
    parser.add_argument("--proposals", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    spent: dict[str, list] = collections.defaultdict(lambda: [0, 0, 0.0])  # kind → papers, pages, CPU s
    lay_out, assemble = pdf_package.lay_out, pdf_package.assemble

    def timed_lay_out(job):
        started = time.process_time()
        outcome = lay_out(job)
        row = spent[kind_of(job.name)]
        row[0], row[1], row[2] = row[0] + 1, row[1] + outcome[1], row[2] + time.process_time() - started
        return outcome

    def timed_assemble(job):
        started = time.process_time()
        data = assemble(job)
        row = spent["(assembly)"]
        row[0], row[2] = row[0] + 1, row[2] + time.process_time() - started
        return data

    work = Path(tempfile.mkdtemp(prefix="scrutinypack-bench-parts-"))
    pdf_package.lay_out, pdf_package.assemble = timed_lay_out, timed_assemble
    try:
        generate(args.proposals, work / "content", seed=args.seed)
        result = read_site(work / "content")
        outputs = [o for o in plan_site(result.site, "default") if o.kind in PDF_KINDS]
        started, cpu = time.perf_counter(), time.process_time()
        pdf_package.render_pdfs(result, outputs, work / "site", jobs=1)
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    finally:
        pdf_package.lay_out, pdf_package.assemble = lay_out, assemble
        shutil.rmtree(work, ignore_errors=True)
    print(f"{args.proposals} proposals, {len(outputs)} PDFs: {wall:.1f} s, {cpu:.1f} CPU s in one process\n")
    print("| kind | papers | pages | CPU s | ms a paper | share |")
    print("|---|---:|---:|---:|---:|---:|")
    for kind, (papers, pages, seconds) in sorted(spent.items(), key=lambda item: -item[1][2]):
        print(
            f"| {kind} | {papers} | {pages or '–'} | {seconds:.1f} | {1000 * seconds / papers:.0f} "
            f"| {100 * seconds / cpu:.0f} % |"
        )
    rest = cpu - sum(seconds for _, _, seconds in spent.values())
    print(f"| (planning: the papers' HTML, keys, the cache) | | | {rest:.1f} | | {100 * rest / cpu:.0f} % |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
