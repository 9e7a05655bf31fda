"""A PDF read back as a member (or a screen reader) finds it: its contents page, its text,
its tags in reading order."""

from __future__ import annotations

import re
from pathlib import Path

import pikepdf
from pypdf import PdfReader


def contents(pdf: PdfReader) -> dict[str, int]:
    """The contents pages as printed: entry → the page number after its dotted leader."""
    entries, pending = {}, ""
    for page in pdf.pages[1:4]:
        for line in page.extract_text().splitlines():
            pending = f"{pending} {line}".strip()
            match = re.fullmatch(r"(.+?)\s*\.{3,}\s*(\d+)", pending)
            if match:
                entries[match[1]] = int(match[2])
                pending = ""
            elif line == "Contents" or " · " in line or re.search(r"Page \d+ of \d+", line):
                pending = ""  # a heading, a running header or footer: not an entry
    return entries


def text(pdf: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in pdf.pages)


def tagged_structure(pdf: Path) -> list[tuple[str, int]]:
    """The structure tree's elements in reading order, as (role, depth)."""
    found = []
    with pikepdf.open(pdf) as opened:
        stack = [(opened.Root.StructTreeRoot.K[0], 0)]
        while stack:
            element, depth = stack.pop()
            found.append((str(element.S), depth))
            kids = element.get("/K")
            kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
            stack += [
                (kid, depth + 1)
                for kid in reversed(kids)
                if isinstance(kid, pikepdf.Dictionary) and "/S" in kid
            ]
    return found
