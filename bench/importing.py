"""Time importing Lancashire's 45 option forms (seed 001), as text, as Word and as PDF.

    python -m bench.importing --runs 3 [--pdf]

The .docx (and, with --pdf, a WeasyPrint PDF) is rebuilt from the seed text as the tests
build it. Each run imports into a fresh copy of the bundled site without its option forms.
Prints a JSON object: for each format, the best of ``--runs`` wall-clock seconds of the
whole command (``build.py import`` in a new Python, its checks included), the least CPU
time it used (its worker processes' included), and the import's own stages in this process
(read, map, files, write).
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from scrutinypack.importing.mapapply import apply_map
from scrutinypack.importing.mapfile import read_map
from scrutinypack.importing.place import write_files
from scrutinypack.importing.readers import read_document
from scrutinypack.importing.records import plan_records
from scrutinypack.importing.spreadsheet import read_map_file

ROOT = Path(__file__).resolve().parent.parent
FORMS = ROOT / "tests" / "fixtures" / "seeds" / "001_6423a835a2d494d1.txt"
MAP = ROOT / "examples" / "import" / "lancashire-option-forms.map.yaml"


def fresh_site(folder: Path) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    site = Path(shutil.copytree(ROOT / "content", folder))
    for path in site.glob("proposals/sc*.yaml"):
        path.unlink()
    return site


def stages(paper: Path, site: Path) -> dict[str, float]:
    data, _ = read_map_file(MAP)
    doc_map, _ = read_map(data, str(MAP))
    times = {}
    started = time.perf_counter()
    document = read_document(paper)
    times["read"] = time.perf_counter() - started
    result = apply_map(document, doc_map)
    times["map"] = time.perf_counter() - started - times["read"]
    planned = plan_records(result.records, "m")
    times["files"] = time.perf_counter() - started - times["read"] - times["map"]
    write_files(planned.files, site, force=False)
    times["total"] = time.perf_counter() - started
    times["write"] = times["total"] - times["read"] - times["map"] - times["files"]
    assert len(planned.files) == 45, len(planned.files)
    return {key: round(value, 3) for key, value in times.items()}


def command(paper: Path, site: Path) -> tuple[float, float]:
    """The command's wall-clock seconds, and the CPU seconds it and its workers used (which
    a machine busy with other work changes less)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    run = subprocess.run(
        [
            sys.executable,
            str(ROOT / "build.py"),
            "import",
            str(paper),
            "--map",
            str(MAP),
            "--content",
            str(site),
        ],
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    assert run.returncode == 0, run.stderr
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return round(elapsed, 3), round(cpu, 3)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.importing", description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--pdf", action="store_true", help="also a PDF (WeasyPrint takes a minute to make it)"
    )
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from tests.support.papers import write_docx, write_pdf

    results = {}
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        papers = {
            "text": Path(shutil.copy(FORMS, folder / "forms.txt")),
            "docx": write_docx(FORMS.read_text(encoding="utf-8"), folder / "forms.docx"),
        }
        if args.pdf:
            papers["pdf"] = write_pdf(FORMS.read_text(encoding="utf-8"), folder / "forms.pdf")
        for kind, paper in papers.items():
            runs = [command(paper, fresh_site(folder / "site")) for _ in range(args.runs)]
            inside = [stages(paper, fresh_site(folder / "site")) for _ in range(args.runs)]
            results[kind] = {
                "command": min(wall for wall, _ in runs),
                "command_cpu": min(cpu for _, cpu in runs),
                "stages": min(inside, key=lambda t: t["total"]),
            }
    print(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
