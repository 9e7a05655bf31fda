"""A savings delivery table imports as monitoring/<slug>.yaml (1.2), exactly as
docs/importing.md shows, from a real Word document."""

from __future__ import annotations

import pytest

from scrutinypack.build.reading import read_site
from scrutinypack.cli import main

from ..support.content import ROOT

SC013 = "ref: SC013\ntitle: Bus shelter advertising\nservice: Highways\nbudget_change: {2019/20: -0.050}\n"
SC002 = "ref: SC002\ntitle: Reduce waste disposal\nservice: Waste\nbudget_change: {2019/20: -0.250}\n"


def docs_example() -> tuple[str, list[list[str]], str]:
    """The map, the printed table's rows and the file the docs say it becomes."""
    docs = (ROOT / "docs/importing.md").read_text(encoding="utf-8")
    section = docs.split("<!-- monitoring-example-map -->\n```yaml\n", 1)[1]
    mapping = section.split("```", 1)[0]
    table = [
        line
        for line in section.split("A table printed as\n\n", 1)[1].split("\n\n", 1)[0].splitlines()
        if not line.startswith("|---")
    ]
    rows = [[cell.strip() for cell in line.strip("|").split("|")] for line in table]
    expected = section.split("becomes `monitoring/2019-20-quarter-2.yaml`:\n\n```yaml\n", 1)[1].split(
        "```", 1
    )[0]
    return mapping, rows, expected


def test_the_delivery_table_in_the_docs_imports_as_the_docs_show(content, tmp_path, capsys):
    docx = pytest.importorskip("docx")
    mapping, rows, expected = docs_example()
    (tmp_path / "delivery.map.yaml").write_text(mapping, encoding="utf-8")
    word = docx.Document()
    word.add_paragraph("Savings delivery 2019/20: position at the end of quarter 2")
    table = word.add_table(rows=len(rows), cols=len(rows[0]))
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            table.cell(r, c).text = text
    word.save(tmp_path / "delivery.docx")
    site = content(
        {
            "proposals/sc002.yaml": SC002,
            "proposals/sc013.yaml": SC013,
            "committees/budget-scrutiny.yaml": "name: Budget Scrutiny\n",
        }
    )
    code = main(
        [
            "import",
            str(tmp_path / "delivery.docx"),
            "--map",
            str(tmp_path / "delivery.map.yaml"),
            "--content",
            str(site),
        ]
    )
    out = capsys.readouterr()
    assert code == 0, out.err
    assert f"Imported 1 delivery report from delivery.docx into {site}/monitoring/: 1 written." in out.out
    made = (site / "monitoring" / "2019-20-quarter-2.yaml").read_text(encoding="utf-8")
    assert "".join(line for line in made.splitlines(True) if not line.startswith("#")) == expected
    result = read_site(site)
    (report,) = result.site.monitoring
    found = sorted((f.code, f.ref) for f in result.site.findings if f.file == report.file)
    assert found == [("not-checked", ""), ("not-checked", "SC013")]


def test_a_table_without_the_maps_headings_imports_nothing(content, tmp_path, capsys):
    docx = pytest.importorskip("docx")
    mapping, rows, _ = docs_example()
    (tmp_path / "delivery.map.yaml").write_text(mapping.replace("Target £m", "Budget £m"), encoding="utf-8")
    word = docx.Document()
    table = word.add_table(rows=len(rows), cols=len(rows[0]))
    for r, cells in enumerate(rows):
        for c, text in enumerate(cells):
            table.cell(r, c).text = text
    word.save(tmp_path / "delivery.docx")
    site = content({"proposals/sc002.yaml": SC002, "proposals/sc013.yaml": SC013})
    code = main(
        [
            "import",
            str(tmp_path / "delivery.docx"),
            "--map",
            str(tmp_path / "delivery.map.yaml"),
            "--content",
            str(site),
        ]
    )
    assert code == 2
    assert "no table prints the map's headings" in capsys.readouterr().err
    assert not (site / "monitoring").exists()
