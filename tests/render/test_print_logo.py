"""A logo for print: a light logo reads on the coloured header and would vanish on white
paper, so ``brand.logo_print`` gives the PDFs one of their own."""

from __future__ import annotations

import io
import re

import pytest
from PIL import Image
from pypdf import PdfReader

from scrutinypack.build.builder import build
from scrutinypack.build.reading import read_site

from ..support.content import SITE

BRAND = """brand:
  colour: "#0b5d73"
  logo: assets/logo-white.png
  logo_print: assets/logo-dark.png
  logo_alt: Test Council
"""


def picture(width: int, height: int, colour: str) -> bytes:
    data = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(data, "PNG")
    return data.getvalue()


def sizes_drawn(holder) -> set[tuple[int, int]]:
    """The (width, height) of each picture a page paints, in the forms it draws too."""
    page = "/Type" in holder and holder["/Type"] == "/Page"
    painted = set(re.findall(rb"/(\w+) Do", (holder.get_contents() if page else holder).get_data()))
    found = set()
    for name, thing in (holder["/Resources"].get("/XObject", {}) or {}).items():
        thing = thing.get_object()
        if name[1:].encode() in painted:
            found |= (
                {(int(thing["/Width"]), int(thing["/Height"]))}
                if thing["/Subtype"] == "/Image"
                else sizes_drawn(thing)
            )
    return found


@pytest.mark.pdf
def test_the_pdfs_show_the_print_logo_and_the_pages_the_header_logo(content, tmp_path):
    root = content({"site.yaml": SITE + BRAND})
    (root / "assets").mkdir()
    (root / "assets/logo-white.png").write_bytes(picture(64, 16, "white"))
    (root / "assets/logo-dark.png").write_bytes(picture(48, 24, "#0b0c0c"))
    build(root, tmp_path / "site", pdf="default", jobs=1)
    for pdf in ("committees/budget/2018-01-15/pack.pdf", "proposals/sc001/sc001.pdf"):
        for number, page in enumerate(PdfReader(tmp_path / "site" / pdf).pages, 1):
            drawn = sizes_drawn(page)
            assert (48, 24) in drawn and (64, 16) not in drawn, f"{pdf} page {number}: {drawn}"
    home = (tmp_path / "site/index.html").read_text(encoding="utf-8")
    assert "logo-white.png" in home and "logo-dark.png" not in home


def test_a_print_logo_that_is_not_an_asset_is_an_error_with_its_line(content):
    root = content({"site.yaml": SITE + BRAND.replace("  logo: assets/logo-white.png\n", "")})
    problems = [p for p in read_site(root).problems if p.severity == "error"]
    assert [(p.file, p.line, p.code) for p in problems] == [("site.yaml", 8, "missing-file")]
    assert "logo-dark.png is not in the content folder" in problems[0].message
