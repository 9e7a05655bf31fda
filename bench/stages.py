"""A cold HTML build's wall and CPU seconds by stage, without a profiler, for this checkout
or another (the code before a change, say).

    python -m bench.stages --proposals 1000 [--content FOLDER] [--checkout PATH] [--runs 3]

It builds the content cold with ``--no-pdf`` in this process (the checkout's scrutinypack
imported first) and times each stage by wrapping the functions that do it:

- start-up: importing the build;
- read: the content folder read, parsed and validated into the model;
- check: the summaries, the checks and the content's own templates compiled;
- render and write: the pages and other files made, and put into the new folder, in the forked
  render processes (their CPU added up; wall is the pool's, both together);
- index: the search index (Pagefind's own processes);
- rest: planning, the swap and the build state;
- and the CPU of the busiest render process, which the pool's wall time comes to when each
  process has a core to itself (on a busy machine the wall times say more of the machine).

Each figure is the median of ``--runs`` builds, each in a new process (so no cache of one
build's process helps the next). ``python -m bench.profile`` says which
functions the time goes to.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STAGES = ("start-up", "read", "check", "render", "write", "index", "rest")
#: The CPU of the render process that worked longest: what the pool's wall time comes to on
#: a machine with a core free for each process, however busy this one is.
BUSIEST = "render and write, the busiest process"


def cpu() -> float:
    """CPU seconds of this process and of the children it has waited for."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


class Clock:
    """Wall and CPU seconds by stage, added up over the calls of the wrapped functions."""

    def __init__(self):
        self.wall: dict[str, float] = dict.fromkeys(STAGES, 0.0)
        self.cpu: dict[str, float] = dict.fromkeys(STAGES, 0.0)
        self.originals: list[tuple] = []

    def replace(self, module, name: str, replacement) -> None:
        self.originals.append((module, name, getattr(module, name)))
        setattr(module, name, replacement)

    def restore(self) -> None:
        for module, name, original in reversed(self.originals):
            setattr(module, name, original)
        self.originals = []

    def wrap(self, module, name: str, stage: str) -> None:
        function = getattr(module, name)

        def timed(*args, **kwargs):
            wall, used = time.perf_counter(), cpu()
            try:
                return function(*args, **kwargs)
            finally:
                self.wall[stage] += time.perf_counter() - wall
                self.cpu[stage] += cpu() - used

        self.replace(module, name, timed)


def shares_timed(builder, folder: Path, clock: Clock) -> None:
    """Wrap the render processes' share function so each share writes the CPU it took, and
    the part of it spent writing files, to ``folder``. Forked workers see the wrapper; the
    pool sends it by name, so it takes the original's name."""
    original = builder._render_share

    def share(arguments):
        work = builder._WORK
        placed = [0.0]

        def place(*args, **kwargs):
            started = time.process_time()
            try:
                return work[-1](*args, **kwargs)
            finally:
                placed[0] += time.process_time() - started

        builder._WORK = (*work[:-1], place)
        started = time.process_time()
        try:
            return original(arguments)
        finally:
            builder._WORK = work
            used = time.process_time() - started
            with open(folder / f"share-{os.getpid()}-{arguments[0]}.json", "w", encoding="utf-8") as out:
                json.dump({"cpu": used, "write": placed[0]}, out)

    share.__module__, share.__qualname__ = original.__module__, original.__qualname__
    clock.replace(builder, "_render_share", share)


def one_build(content: Path, work: Path, started: tuple[float, float]) -> dict[str, tuple[float, float]]:
    """Build once, cold; (wall, CPU) of each stage. ``started`` is (wall, CPU) at start-up."""
    from scrutinypack import pipeline
    from scrutinypack.build import builder

    clock = Clock()
    clock.wall["start-up"], clock.cpu["start-up"] = time.perf_counter() - started[0], cpu() - started[1]
    clock.wrap(pipeline, "load_content", "read")
    clock.wrap(pipeline, "build_site", "read")
    clock.wrap(builder, "read_site", "check")  # less the reading, below
    clock.wrap(builder, "render_into", "render")  # less the writing, below
    clock.wrap(builder, "index_folder", "index")
    shares = work / "shares"
    shutil.rmtree(shares, ignore_errors=True)
    shares.mkdir(parents=True)
    shares_timed(builder, shares, clock)
    out = work / "out" / "site"
    shutil.rmtree(out.parent, ignore_errors=True)
    wall, used = time.perf_counter(), cpu()
    try:
        builder.build(content, out, "none")
    finally:
        clock.restore()
    total_wall, total_cpu = time.perf_counter() - wall, cpu() - used
    written = {path.name: json.loads(path.read_text(encoding="utf-8")) for path in shares.glob("*.json")}
    write_cpu = sum(share["write"] for share in written.values())
    by_process: dict[str, float] = {}
    for name, share in written.items():
        pid = name.split("-")[1]
        by_process[pid] = by_process.get(pid, 0.0) + share["cpu"]
    clock.cpu["write"], clock.cpu["render"] = write_cpu, clock.cpu["render"] - write_cpu
    clock.wall["check"] -= clock.wall["read"]
    clock.cpu["check"] -= clock.cpu["read"]
    measured = [stage for stage in STAGES if stage not in ("start-up", "rest")]
    clock.wall["rest"] = total_wall - sum(clock.wall[s] for s in measured)
    clock.cpu["rest"] = total_cpu - sum(clock.cpu[s] for s in measured)
    made = {stage: (clock.wall[stage], clock.cpu[stage]) for stage in STAGES}
    made[BUSIEST] = (0.0, max(by_process.values(), default=0.0))
    return made


def main(argv: list[str] | None = None) -> int:
    started = (time.perf_counter(), cpu())
    parser = argparse.ArgumentParser(prog="python -m bench.stages", description=__doc__.split("\n\n")[0])
    parser.add_argument("--proposals", type=int, default=1000)
    parser.add_argument("--content", type=Path, default=None, help="a content folder (default: generated)")
    parser.add_argument("--checkout", type=Path, default=None, help="another checkout's scrutinypack to time")
    parser.add_argument("--runs", type=int, default=3, help="builds, each in a new process (default 3)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)  # a run: JSON on stdout
    args = parser.parse_args(argv)
    if args.one:
        return one_run(args.checkout, args.content, started)
    work = Path(tempfile.mkdtemp(prefix="scrutinypack-stages-"))
    try:
        content = args.content
        if content is None:
            from .generate import generate

            content = work / "content"
            generate(args.proposals, content, seed=args.seed)
        command = [sys.executable, "-m", "bench.stages", "--one", "--content", str(content)]
        command += ["--checkout", str(args.checkout.resolve())] if args.checkout else []
        runs = [
            json.loads(subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT).stdout)
            for _ in range(args.runs)
        ]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(
        f"{runs[0]['code']}; {args.runs} cold builds, each in a new process, median; load {os.getloadavg()[0]:.1f}"
    )
    print("| stage | wall s | CPU s |\n|---|---:|---:|")
    for stage in (*STAGES, "all", BUSIEST):
        wall = statistics.median(run["stages"][stage][0] for run in runs)
        used = statistics.median(run["stages"][stage][1] for run in runs)
        print(f"| {stage} | {'–' if stage == BUSIEST else f'{wall:.2f}'} | {used:.2f} |")
    return 0


def one_run(checkout: Path | None, content: Path, started: tuple[float, float]) -> int:
    """One cold build in this process, its stages as JSON on stdout."""
    if checkout:
        sys.path.insert(0, str(checkout))
    import scrutinypack.build.builder  # noqa: F401  (start-up: what a build imports)

    work = Path(tempfile.mkdtemp(prefix="scrutinypack-stages-"))
    try:
        stages = one_build(content, work, started)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    stages["all"] = (sum(stages[s][0] for s in STAGES), sum(stages[s][1] for s in STAGES))
    print(json.dumps({"code": str(Path(scrutinypack.__file__).parent), "stages": stages}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
