"""Time rebuilds as the live preview makes them: one Builder kept between builds.

    python -m bench.live CONTENT OUT --runs 5

Builds once, then ``--runs`` times changes one proposal's title and builds again with the
site-wide pages and the search index left for later (as ``serve`` does while edits come
in), then once more with everything brought up to date. Prints a JSON object of
seconds: {"first": s, "edits": [s, …], "search": s}.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from scrutinypack.build.builder import Builder

from .run import edit_proposal


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.live", description=__doc__.split("\n\n")[0])
    parser.add_argument("content", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    proposals = sorted((args.content / "proposals").glob("*.yaml"))
    builder = Builder(args.content, args.out, jobs=1)  # as clerk/preview.py makes it
    started = time.perf_counter()
    builder.build()
    times = {"first": time.perf_counter() - started, "edits": []}
    edit, restore = edit_proposal(proposals[len(proposals) // 2])
    try:
        for index in range(args.runs):
            edit(index)
            started = time.perf_counter()
            report = builder.build(complete=False)
            times["edits"].append(time.perf_counter() - started)
            assert 0 < report.rendered < len(proposals), report.rendered
        started = time.perf_counter()
        builder.build()
        times["search"] = time.perf_counter() - started
    finally:
        restore()
    json.dump(times, sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
