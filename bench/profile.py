"""Where a cold HTML build's time goes: cProfile in the main process and in every render
worker, merged, with the time by stage.

    python -m bench.profile --proposals 1000 [--content FOLDER] [--top 25]

It builds generated content (bench/generate.py) cold with ``--no-pdf``, in this process,
with a profiler running here and one in each forked render worker (their statistics are
written to files and merged). It prints the seconds of each stage, as the profiler counts
them (so a little over their time without it):

- read: the content folder read, parsed and validated into the model;
- check: the checks, the summaries and the content's own templates compiled;
- render: the pages and other files made, in the workers (their CPU time added up);
- write: those files put into the new folder, in the workers;
- index: the search index (Pagefind, its own processes: wall time);
- the rest of the main process (planning, the swap, the state).

Then the functions that took most time in the workers, and in the main process.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import shutil
import sys
import tempfile
import time
from pathlib import Path

from .generate import generate

#: (stage, process, the functions whose cumulative time is the stage's: file part, name).
STAGES = (
    ("read", "main", (("content/load.py", "load_content"), ("model.py", "build_site"))),
    (
        "check",
        "main",
        (
            ("pipeline.py", "_summarise"),
            ("checks.py", "run_checks"),
            ("checks_monitoring.py", "check_reports"),
            ("render/html.py", "override_problems"),
        ),
    ),
    ("render", "workers", (("build/builder.py", "_made"),)),
    ("write", "workers", (("build/staging.py", "_place"), ("build/staging.py", "_replace"))),
    ("index", "main", (("render/search.py", "index_folder"),)),
)


def cumulative(stats: pstats.Stats, wanted) -> float:
    """The cumulative seconds of the functions named in ``wanted`` (not counting one inside
    another twice: they are never nested in a build)."""
    total = 0.0
    for (filename, _line, name), (_cc, _nc, _tt, ct, _callers) in stats.stats.items():
        if any(filename.endswith(part) and name == function for part, function in wanted):
            total += ct
    return total


def profiled_build(content: Path, out: Path, folder: Path) -> tuple[pstats.Stats, pstats.Stats, float]:
    """Build ``content`` into ``out`` cold; (main's statistics, the workers' merged, wall s)."""
    from scrutinypack.build import builder

    original = builder._render_share

    def profiled_share(share):
        profile = cProfile.Profile()
        try:
            return profile.runcall(original, share)
        finally:
            profile.dump_stats(folder / f"worker-{os.getpid()}-{share[0]}.prof")

    profiled_share.__module__, profiled_share.__qualname__ = original.__module__, original.__qualname__
    builder._render_share = profiled_share  # the pool pickles it by name; forked workers see this one
    profile = cProfile.Profile()
    started = time.perf_counter()
    try:
        profile.runcall(builder.build, content, out, "none")
    finally:
        builder._render_share = original
    wall = time.perf_counter() - started
    workers = sorted(folder.glob("worker-*.prof"))
    merged = pstats.Stats(str(workers[0])) if workers else pstats.Stats(profile)
    for path in workers[1:]:
        merged.add(str(path))
    return pstats.Stats(profile), merged, wall


def breakdown(main: pstats.Stats, workers: pstats.Stats) -> list[tuple[str, float]]:
    rows = []
    for stage, where, wanted in STAGES:
        stats = main if where == "main" else workers
        rows.append((stage, cumulative(stats, wanted)))
    main_total = cumulative(main, (("build/builder.py", "_build"),))
    in_main = sum(seconds for (stage, seconds), (_s, where, _w) in zip(rows, STAGES) if where == "main")
    rows.append(("rest of the main process", main_total - in_main - cumulative(main, _POOL)))
    return rows


_POOL = (("build/builder.py", "render_into"),)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.profile", description=__doc__.split("\n\n")[0])
    parser.add_argument("--proposals", type=int, default=1000)
    parser.add_argument("--content", type=Path, default=None, help="a content folder (default: generated)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--top", type=int, default=25, help="functions listed (default 25)")
    parser.add_argument("--keep", type=Path, default=None, help="a folder to keep the statistics in")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="scrutinypack-profile-"))
    try:
        content = args.content
        if content is None:
            content = work / "content"
            generate(args.proposals, content, seed=args.seed)
        main_stats, worker_stats, wall = profiled_build(content, work / "out" / "site", work)
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            main_stats.dump_stats(args.keep / "main.prof")
            worker_stats.dump_stats(args.keep / "workers.prof")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"cold build, profiled: {wall:.2f} s wall; load {os.getloadavg()[0]:.1f}")
    print("| stage | seconds (profiled) |\n|---|---:|")
    for stage, seconds in breakdown(main_stats, worker_stats):
        print(f"| {stage} | {seconds:.2f} |")
    print(f"| main process waiting for the render pool | {cumulative(main_stats, _POOL):.2f} |")
    for title, stats in (("render workers, merged", worker_stats), ("main process", main_stats)):
        print(f"\n## {title}: by own time", flush=True)
        stats.stream = sys.stdout
        stats.sort_stats("tottime").print_stats(args.top)
        print(f"\n## {title}: by cumulative time", flush=True)
        stats.sort_stats("cumulative").print_stats(args.top)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
