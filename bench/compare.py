"""Our cold HTML build against another checkout's, in one run, so a slowdown shows in review.

    python -m bench.compare /path/to/other/checkout --sizes 1000 --runs 5

On the same generated content it runs, ``--runs`` times and in turn (who goes first changes
from run to run, so both meet the same load): our cold build (``build --no-pdf``, the output
folder removed first), the other checkout's build.py the same way (with this Python and its
packages), and the yardstick, Hugo building the same pages (bench/mirror.py) and Pagefind
indexing them. It reports the medians of wall and CPU seconds, the peak memory of all the
processes of a build, the ratios (ours ÷ theirs, ours ÷ the yardstick), the load average
before each run, and whether the two builds wrote the same files with the same bytes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import filecmp
import json
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from .generate import generate
from .mirror import write_hugo
from .run import ROOT, machine, remove, run_measured, yardstick_command


def same_files(a: Path, b: Path) -> list[str]:
    """The files that are in one folder and not the other, or differ in their bytes."""
    found = []
    compared = filecmp.dircmp(a, b)
    stack = [(compared, "")]
    while stack:
        node, where = stack.pop()
        found += [f"{where}{name}" for name in node.left_only + node.right_only + node.funny_files]
        _match, mismatch, errors = filecmp.cmpfiles(node.left, node.right, node.common_files, shallow=False)
        found += [f"{where}{name}" for name in mismatch + errors]
        stack += [(sub, f"{where}{name}/") for name, sub in sorted(node.subdirs.items())]
    return sorted(found)


def compare(other: Path, n: int, runs: int, work: Path, seed: int, yardstick: bool = True) -> dict:
    """Time ours, the other checkout's and the yardstick, in turn, ``runs`` times."""
    print(f"{n} proposals: ours against {other}", file=sys.stderr)
    base = work / f"compare-{n}"
    content = base / "content"
    generate(n, content, seed=seed)
    commands = {}
    for name, build_py in (("ours", ROOT / "build.py"), ("compared", Path(other) / "build.py")):
        out = base / name / "site"
        command = [sys.executable, str(build_py), "build", "--content", str(content), "--out", str(out)]
        commands[name] = (command + ["--no-pdf"], out.parent)
    label = ""
    if yardstick:
        project = base / "hugo"
        write_hugo(content, project)
        made = yardstick_command(project, base / "hugo-out" / "site")
        if made:
            commands["yardstick"], label = (made[0], base / "hugo-out"), made[1]
    rows = {name: {"seconds": [], "cpu_seconds": [], "peak_rss_kib": [], "load": []} for name in commands}
    names = list(commands)
    for index in range(runs):
        turn = names[index % len(names) :] + names[: index % len(names)]
        for name in turn:
            command, folder = commands[name]
            remove(folder)
            folder.mkdir(parents=True)
            if name == "yardstick":
                remove(base / "hugo" / "resources", base / "hugo" / ".hugo_build.lock")
            load = os.getloadavg()[0]
            seconds, rss, cpu = run_measured(command)
            row = rows[name]
            row["seconds"].append(round(seconds, 3))
            row["cpu_seconds"].append(round(cpu, 3))
            row["peak_rss_kib"].append(rss)
            row["load"].append(round(load, 1))
            print(
                f"  {name}: {seconds:.2f} s, CPU {cpu:.2f} s, {rss / 1024:.0f} MiB, load {load:.1f}",
                file=sys.stderr,
            )
    for row in rows.values():
        row["median"] = statistics.median(row["seconds"])
        row["cpu_median"] = statistics.median(row["cpu_seconds"])
        row["peak_rss_mib"] = round(max(row["peak_rss_kib"]) / 1024, 1)
    report = {
        "proposals": n,
        "compared": str(other),
        "yardstick": label,
        "builds": rows,
        "different_files": same_files(base / "ours" / "site", base / "compared" / "site"),
    }
    for name in ("compared", "yardstick"):
        if name in rows:
            report[f"ratio_to_{name}"] = round(rows["ours"]["median"] / rows[name]["median"], 2)
            report[f"cpu_ratio_to_{name}"] = round(rows["ours"]["cpu_median"] / rows[name]["cpu_median"], 2)
    return report


def markdown(reports: list[dict]) -> str:
    lines = [
        "| proposals | build | median s | CPU s | peak RSS MiB | load | ours ÷ this (wall, CPU) |",
        "|---:|---|---:|---:|---:|---|---|",
    ]
    for report in reports:
        for name, row in report["builds"].items():
            what = report["yardstick"] if name == "yardstick" else name
            ratio = (
                f"{report[f'ratio_to_{name}']}, {report[f'cpu_ratio_to_{name}']}"
                if f"ratio_to_{name}" in report
                else "–"
            )
            lines.append(
                f"| {report['proposals']:,} | {what} | {row['median']:.2f} | {row['cpu_median']:.2f} "
                f"| {row['peak_rss_mib']:.0f} | {min(row['load'])}–{max(row['load'])} | {ratio} |"
            )
    different = [f"{r['proposals']:,}: {len(r['different_files'])}" for r in reports]
    lines += ["", "Files that differ between ours and the compared build: " + ", ".join(different) + "."]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.compare", description=__doc__.split("\n\n")[0])
    parser.add_argument("other", type=Path, help="another checkout of scrutinypack (its build.py is run)")
    parser.add_argument("--sizes", default="1000", help="proposal counts, comma-separated (default 1000)")
    parser.add_argument("--runs", type=int, default=5, help="runs of each build (default 5)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-yardstick", action="store_true", help="skip Hugo + Pagefind")
    parser.add_argument(
        "--work", type=Path, default=None, help="where content and sites go (default: temporary)"
    )
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "results-compare.json")
    args = parser.parse_args(argv)
    if not (args.other / "build.py").is_file():
        parser.error(f"{args.other} has no build.py: give the folder of another checkout of scrutinypack")
    work = args.work or Path(tempfile.mkdtemp(prefix="scrutinypack-compare-"))
    try:
        reports = [
            compare(args.other.resolve(), int(size), args.runs, work, args.seed, not args.no_yardstick)
            for size in args.sizes.replace("_", "").split(",")
            if size
        ]
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    table = markdown(reports)
    result = {
        "when": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "machine": machine(),
        "runs": args.runs,
        "seed": args.seed,
        "sizes": reports,
        "markdown": table,
    }
    args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
