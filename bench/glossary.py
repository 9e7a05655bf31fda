"""Time glossary marking on a page with a very long description (issue 19: it was quadratic).

    python -m bench.glossary OUT --sizes 200 400 800

For each size (KB), writes a content folder with one proposal whose page is that long (prose
full of glossary words, each used many times, in sections of 90 KB, since a field holds at most
100,000 characters), builds it (no PDFs) into OUT, and prints
a JSON object: {"<size> KB": {"mark": seconds marking its page, "build": seconds building}}.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path

from scrutinypack.build.builder import build
from scrutinypack.content.terms import combine
from scrutinypack.glossary import Marker

PROSE = (
    "The baseline gross budget falls as the saving takes full year effect; income and "
    "council tax meet the gap, and the equality analysis and consultation follow. "
)
SITE = "council: Bench\ntitle: Glossary\nunit: m\nyears: [2019/20]\n"
PROPOSAL = "ref: SC001\ntitle: A long page\nsections:\n"
SECTION = 90 * 1024


def description(kb: int) -> str:
    words = PROSE * (kb * 1024 // len(PROSE) + 1)
    return "\n".join(words[i : i + 1000] for i in range(0, kb * 1024, 1000))


def sections(text: str) -> str:
    """``text`` as sections of at most SECTION characters, cut at line ends."""
    parts, part = [], ""
    for line in text.split("\n"):
        if part and len(part) + len(line) > SECTION:
            parts.append(part)
            part = ""
        part += f"      {line}\n"
    return "".join(f"  - heading: Part {n}\n    body: |\n{body}" for n, body in enumerate(parts + [part], 1))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.glossary", description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--sizes", type=int, nargs="+", default=[200, 400, 800])
    args = parser.parse_args(argv)
    marker = Marker(combine([]))
    results = {}
    for kb in args.sizes:
        text = description(kb)
        page = f"<html><body><main><h1>Title</h1><p>{text}</p></main></body></html>"
        started = time.perf_counter()
        marker.mark(page, lambda terms: "")
        marked = time.perf_counter() - started
        content = args.out / f"content-{kb}"
        shutil.rmtree(content, ignore_errors=True)
        (content / "proposals").mkdir(parents=True)
        (content / "site.yaml").write_text(SITE, encoding="utf-8")
        (content / "proposals/sc001.yaml").write_text(PROPOSAL + sections(text), encoding="utf-8")
        started = time.perf_counter()
        build(content, args.out / f"site-{kb}", jobs=1)
        results[f"{kb} KB"] = {"mark": round(marked, 3), "build": round(time.perf_counter() - started, 2)}
        print(json.dumps(results), file=sys.stderr, flush=True)
    print(json.dumps(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
