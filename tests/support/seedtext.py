"""Read figures straight from the seed papers' text, to test transcriptions against them.

The seeds are text extractions whose tables lost their grid; these readers know the few
label lines that anchor each figure, and nothing else about the papers.
"""

from __future__ import annotations

import re

from .content import SEEDS

FIGURE = re.compile(r"-?(?=[\d.,]*\d)[\d.,]+\*?|TBC|N/A")
LABELS = (
    "Gross budget",
    "Income",
    "Net budget",
    "Budget Change and Profiling",
    "FTE implications",
    "Investment Required",
    "Decisions needed",
)


def lancashire_forms() -> dict[str, dict]:
    """SCnnn → {gross, income, net: [printed amounts], change, fte, investment: [[5 figures], …]}.

    A baseline figure may be printed in parts (two lines of income); FTE and investment may be
    printed as several labelled rows of five figures (four years and the total).
    """
    text = (SEEDS / "001_6423a835a2d494d1.txt").read_text(encoding="utf-8")
    blocks = re.split(r"^\s*Reference\s*[–-]\s*", text, flags=re.MULTILINE)[1:]
    forms = {}
    for block in blocks:
        ref = block.split()[0]
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        starts = {
            label: next(i for i, line in enumerate(lines) if line.startswith(label)) for label in LABELS
        }
        ends = dict(zip(LABELS, list(starts.values())[1:]))
        form = {}
        for label, key in (("Gross budget", "gross"), ("Income", "income"), ("Net budget", "net")):
            span = lines[starts[label] + 1 : ends[label]]
            form[key] = [
                re.match(r"-?£[\d.,]+m|N/A|n/a", line)[0]
                for line in span
                if re.match(r"-?£[\d.,]+m|N/A|n/a", line)
            ]
        for label, key in (
            ("Budget Change and Profiling", "change"),
            ("FTE implications", "fte"),
            ("Investment Required", "investment"),
        ):
            figures = [
                line
                for line in lines[starts[label] + 1 : ends[label]]
                if FIGURE.fullmatch(line) and not re.fullmatch(r"\d{4}/\d{2}", line)
            ]
            form[key] = [figures[i : i + 5] for i in range(0, len(figures) - len(figures) % 5, 5)]
        forms[ref] = form
    return forms
