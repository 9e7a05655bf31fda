"""Compare imported records with the hand-made ones, field by field, to say where they differ."""

from __future__ import annotations

import re
from pathlib import Path

from scrutinypack.content.yamldoc import Map, Seq, read_yaml
from scrutinypack.money import MoneyError, parse_amount

AMOUNT_KEYS = re.compile(
    r"(^|\.)(gross|income|net|total|fte_total|investment_total|full_year|amount)$"
    r"|(^|\.)(budget_change|savings|fte|investment|years)\.\d{4}/\d{2}$"
    r"|tables\.\d+\.(rows\.\d+|total|totals\.\d+\.row)\.\d+$"
)


def fields(path: Path) -> dict[str, str]:
    """Every scalar of a YAML file by its path (``baseline.gross``, ``risks.2.mitigation``)."""
    data, problems = read_yaml(path.read_text(encoding="utf-8"), str(path))
    assert not problems, problems
    out: dict[str, str] = {}

    def walk(node, prefix):
        if isinstance(node, Map):
            for key, value in node.items():
                walk(value, f"{prefix}.{key}" if prefix else str(key))
        elif isinstance(node, Seq):
            for index, value in enumerate(node):
                walk(value, f"{prefix}.{index}")
        else:
            out[prefix] = "null" if node is None else str(node).strip()

    walk(data, "")
    return out


def is_amount(key: str, value: str) -> bool:
    if not AMOUNT_KEYS.search(key):
        return False
    try:
        parse_amount(value, "m")
    except MoneyError:
        return False
    return True


def compare(imported: Path, hand: Path, pattern: str = "*.yaml") -> dict:
    """{'agree': [...], 'differ': [(file, key, imported, hand)], 'amounts_agree': n,
    'amounts_differ': [...]}, over every field either side has, in the hand-made files
    matching ``pattern``."""
    report = {"agree": [], "differ": [], "amounts_agree": 0, "amounts_differ": []}
    by_ref = {fields(p).get("ref"): p for p in imported.glob("*.yaml")}  # files pair by ref
    for path in sorted(hand.glob(pattern)):
        theirs = fields(path)
        ours = by_ref.get(theirs.get("ref"))
        mine = fields(ours) if ours is not None else {}
        for key in sorted(set(theirs) | set(mine), key=lambda k: (k not in theirs, k)):
            a, b = mine.get(key), theirs.get(key)
            amount = is_amount(key, a or b or "")
            if a == b:
                report["agree"].append((path.name, key))
                report["amounts_agree"] += amount
            else:
                report["differ"].append((path.name, key, a, b))
                if amount:
                    report["amounts_differ"].append((path.name, key, a, b))
    return report
