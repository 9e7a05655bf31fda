"""Measure the PDFs as ratios taken in one run, so that a busy machine weighs on both sides.

    python -m bench.pdf --proposals 100 --jobs 1,2,4,8 --compare /path/to/other/checkout
    python -m bench.pdf --proposals 1000 --jobs 2 --no-edit

For generated content (bench/generate.py) it times, each as a separate process:

- the yardstick: one plain WeasyPrint process (its command line) laying out a plain
  document (a heading, paragraphs and a table a page, with the print stylesheet, untagged)
  of about as many pages as the build makes; its pages per second. It is timed after the
  first build and after the last, and the ratios use the mean of the two;
- a cold build with PDFs (``build --pdf default``: the output folder and its paper cache
  removed first) with each ``--jobs``: the pages of every PDF it wrote per second of the
  whole build, as a ratio to the yardstick's;
- one proposal's title edited, then ``build`` again with PDFs (the cache kept), as a ratio
  to the cold build with the same ``--jobs``;
- with ``--compare``, the same builds by another checkout's build.py (the code before a
  change, say), one after the other with ours, so that both meet the same load;
- the peak resident memory of each build, all its processes, and its CPU time
  (bench.run.run_measured), which the machine's load hardly changes.

The load average is printed beside each figure. Results go to stdout as Markdown and to
``--json``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

from .generate import generate
from .run import edit_proposal, run_measured

ROOT = Path(__file__).resolve().parent.parent
PLAIN_PARAGRAPH = (
    "The committee is asked to note the savings proposed for the years ahead, the "
    "risks the officers have set out and the consultation that has taken place. "
)


def plain_document(pages: int, folder: Path) -> Path:
    """An HTML document of about ``pages`` A4 pages: a heading, paragraphs and a small
    table each, set with the print stylesheet."""
    css = "".join(
        (ROOT / "templates" / "print" / name).read_text(encoding="utf-8")
        for name in ("page.css", "print.css")
    )
    rows = "".join(
        f"<tr><th scope=row>Year {n}</th><td class=num>£{n}.250m</td><td class=num>£{n}.500m</td></tr>"
        for n in range(1, 7)
    )
    body = "".join(
        f'<section style="break-before: page"><h1>Section {n}</h1>'
        + f"<p>{PLAIN_PARAGRAPH * 4}</p>" * 4
        + f"<table><caption>Figures</caption><tbody>{rows}</tbody></table></section>"
        for n in range(1, pages + 1)
    )
    path = folder / "plain.html"
    path.write_text(
        f'<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>Plain</title>'
        f"<style>{css}</style></head><body>{body}</body></html>",
        encoding="utf-8",
    )
    return path


def pdf_pages(where: Path) -> int:
    import pikepdf

    total = 0
    for path in [where] if where.suffix == ".pdf" else where.rglob("*.pdf"):
        with pikepdf.open(path) as pdf:
            total += len(pdf.pages)
    return total


def load() -> float:
    return round(os.getloadavg()[0], 1)


def yardstick(pages: int, folder: Path) -> dict:
    html = plain_document(pages, folder)
    out = folder / "plain.pdf"
    at = load()
    seconds, rss, cpu = run_measured([sys.executable, "-m", "weasyprint", str(html), str(out)])
    made = pdf_pages(out)
    out.unlink()
    return {
        "pages": made,
        "seconds": round(seconds, 2),
        "cpu_seconds": round(cpu, 2),
        "pages_per_second": round(made / seconds, 2),
        "pages_per_cpu_second": round(made / cpu, 2),
        "peak_rss_mib": round(rss / 1024),
        "load": at,
    }


def time_builds(name: str, build_py: Path, content: Path, work: Path, jobs: int, edit) -> dict:
    """A cold build with PDFs, then (``edit`` given) one title edited and built again."""
    out = work / name / "site"
    shutil.rmtree(out.parent, ignore_errors=True)
    build = [
        sys.executable,
        str(build_py),
        "build",
        "--content",
        str(content),
        "--out",
        str(out),
        "--pdf",
        "default",
        "--jobs",
        str(jobs),
    ]
    at = load()
    seconds, rss, cpu = run_measured(build)
    row = {
        "build": name,
        "jobs": jobs,
        "cold_seconds": round(seconds, 2),
        "cold_cpu_seconds": round(cpu, 2),
        "pages": pdf_pages(out),
        "peak_rss_mib": round(rss / 1024),
        "load": at,
    }
    if edit:
        change, restore = edit
        change(0)
        try:
            at = load()
            edited, _, edited_cpu = run_measured(build)
        finally:
            restore()
        row.update(
            edit_seconds=round(edited, 2),
            edit_cpu_seconds=round(edited_cpu, 2),
            edit_ratio=round(edited / seconds, 3),
            edit_cpu_ratio=round(edited_cpu / cpu, 3),
            edit_load=at,
        )
    print(f"  {name} --jobs {jobs}: {row}", file=sys.stderr)
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.pdf", description=__doc__.split("\n\n")[0])
    parser.add_argument("--proposals", type=int, default=100)
    parser.add_argument("--jobs", default="1,2,4,8", help="--jobs values for the cold builds")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--compare",
        type=Path,
        default=None,
        help="another checkout of scrutinypack whose build.py to time the same way",
    )
    parser.add_argument("--no-edit", action="store_true", help="skip the edited rebuild")
    parser.add_argument(
        "--no-yardstick",
        action="store_true",
        help="skip the plain WeasyPrint process (which takes minutes at 1,000 proposals)",
    )
    parser.add_argument("--work", type=Path, default=None)
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "results-pdf.json")
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="scrutinypack-bench-pdf-"))
    builds = [("ours", ROOT / "build.py")] + (
        [("compared", args.compare / "build.py")] if args.compare else []
    )
    report = {
        "proposals": args.proposals,
        "cpus": os.cpu_count(),
        "compared": str(args.compare or ""),
        "builds": [],
    }
    try:
        content = work / "content"
        made = generate(args.proposals, content, seed=args.seed)
        edit = (
            None
            if args.no_edit
            else edit_proposal(content / "proposals" / f"{made.slugs[made.refs[args.proposals // 2]]}.yaml")
        )
        for index, jobs in enumerate(int(j) for j in args.jobs.split(",")):
            for name, build_py in builds:
                report["builds"].append(time_builds(name, build_py, content, work, jobs, edit))
            if index == 0 and not args.no_yardstick:
                report["yardstick_before"] = yardstick(report["builds"][0]["pages"], work)
                print(f"  yardstick: {report['yardstick_before']}", file=sys.stderr)
        if not args.no_yardstick:
            report["yardstick_after"] = yardstick(report["builds"][0]["pages"], work)
            print(f"  yardstick: {report['yardstick_after']}", file=sys.stderr)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    report["markdown"] = markdown(report)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(report["markdown"])
    return 0


def markdown(report: dict) -> str:
    before, after = report.get("yardstick_before"), report.get("yardstick_after")
    plain = (before["pages_per_second"] + after["pages_per_second"]) / 2 if before else None
    lines = [
        f"{report['proposals']} proposals; {report['cpus']} cores. "
        + (
            f"Yardstick, one WeasyPrint process laying out a plain document of {before['pages']} pages: "
            f"{before['pages_per_second']} then {after['pages_per_second']} pages/s (load {before['load']}, "
            f"{after['load']}); {(before['pages_per_cpu_second'] + after['pages_per_cpu_second']) / 2:.2f} "
            "pages per CPU-second."
            if before
            else "No yardstick."
        ),
        "",
        "| build | --jobs | PDF pages | cold build with PDFs, s | pages/s ÷ yardstick | CPU s | peak RSS MiB "
        "| one title edited, s | edit ÷ cold (wall, CPU) | load (cold, edit) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for row in report["builds"]:
        row["ratio_to_yardstick"] = round(row["pages"] / row["cold_seconds"] / plain, 2) if plain else "–"
        edit = f"{row['edit_ratio']}, {row['edit_cpu_ratio']}" if "edit_ratio" in row else "–"
        lines.append(
            f"| {row['build']} | {row['jobs']} | {row['pages']} | {row['cold_seconds']} "
            f"| {row['ratio_to_yardstick']} | {row['cold_cpu_seconds']} | {row['peak_rss_mib']} "
            f"| {row.get('edit_seconds', '–')} | {edit} | {row['load']}, {row.get('edit_load', '–')} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
