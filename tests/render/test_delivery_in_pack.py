"""A savings delivery report with a ``meeting`` joins that meeting's PDF pack (1.2): its own
contents entry and bookmark, its table and its findings, in a real WeasyPrint PDF read back
with pypdf, with a sound tag structure (pikepdf)."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from scrutinypack.build.builder import build

from ..support.monitoring import REPORT, SECOND
from ..support.pdfread import contents, text
from ..support.pdftags import outline, structure_problems

pytestmark = pytest.mark.pdf


def test_a_report_to_a_meeting_is_in_its_pack_with_a_contents_entry_and_bookmark(content, tmp_path):
    wrong = REPORT.replace("  delivered: 0.220", "  delivered: 0.230")
    folder = content({"proposals/sc002.yaml": SECOND, "monitoring/q2.yaml": wrong})
    out = tmp_path / "site"
    build(folder, out, pdf="default")
    path = out / "committees" / "budget" / "2018-01-15" / "pack.pdf"
    pdf = PdfReader(path)
    title = "Savings delivery: Savings delivery 2019/20, quarter 2"
    marks = {name: page for _depth, name, page in outline(pdf)}
    assert title in marks
    assert contents(pdf)[title] == marks[title]
    page = pdf.pages[marks[title] - 1].extract_text()
    assert "£0.180m" in page and "Amber" in page and "Total, as printed" in page
    # the appendix carries the report's finding: delivered 0.180 + 0.040 = 0.220, printed 0.230
    assert "the delivered column adds up to £0.220m" in text(pdf).replace("\n", " ")
    assert structure_problems(path) == []
