"""Read figures straight from the seed papers' text, to test transcriptions against them.

The seeds are text extractions whose tables lost their grid; these readers know the few
label lines that anchor each figure, and nothing else about the papers.
"""
from __future__ import annotations

import re

from .conftest import SHARED

SEEDS = SHARED / "seeds"


def lancashire_forms() -> dict[str, dict]:
    """SCnnn → {gross, income, net, change: [5 figures], fte: [5], investment: [5]} as printed."""
    text = (SEEDS / "001_6423a835a2d494d1.txt").read_text(encoding="utf-8")
    blocks = re.split(r"^\s*Reference\s*[–-]\s*", text, flags=re.MULTILINE)[1:]
    forms = {}
    for block in blocks:
        ref = block.split()[0]
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        form = {}
        for label, key in (("Gross budget", "gross"), ("Income", "income"), ("Net budget", "net")):
            index = next(i for i, line in enumerate(lines) if line.startswith(label))
            form[key] = lines[index + 1]
        for label, key in (("Budget Change and Profiling", "change"), ("FTE implications", "fte"),
                           ("Investment Required", "investment")):
            index = next(i for i, line in enumerate(lines) if line.startswith(label))
            figures = [line for line in lines[index + 1:] if re.fullmatch(r"-?[\d.,]+\*?", line)]
            form[key] = figures[:5]
        forms[ref] = form
    return forms
