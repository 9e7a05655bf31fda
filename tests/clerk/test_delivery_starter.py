"""Savings delivery reports have what every record has (1.2): a starter, the schema and the
field reference from the declaration, and live preview."""

from __future__ import annotations

import json

from scrutinypack.build.builder import Builder
from scrutinypack.build.reading import read_site
from scrutinypack.cli import main

from ..support.monitoring import REPORT, SECOND


def test_new_monitoring_writes_a_starter_that_checks_and_builds(content, capsys, tmp_path):
    root = content({"proposals/sc002.yaml": SECOND})
    assert (
        main(
            [
                "new",
                "monitoring",
                "Savings delivery, quarter 1",
                "--content",
                str(root),
                "--committee",
                "budget",
                "--date",
                "2019-06-30",
            ]
        )
        == 0
    )
    path = root / "monitoring" / "savings-delivery-quarter-1.yaml"
    assert (
        f"Wrote a new savings delivery report 'savings-delivery-quarter-1' in {path}"
        in capsys.readouterr().out
    )
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../.schemas/monitoring.schema.json\n")
    assert "year: 2019/20" in text and "as_at: 2019-06-30" in text
    result = read_site(root)
    assert [p for p in result.blocking if p.code != "accessibility-statement"] == []
    (report,) = result.site.monitoring
    assert [s.ref for s in report.savings] == ["SC001"]  # the first proposal, its figures TBC
    # the sum and the target against the proposal: both not checked, never passed
    assert [f.code for f in result.site.findings if f.file == report.file] == ["not-checked"] * 2
    assert (root / ".schemas" / "monitoring.schema.json").is_file()


def test_schema_describes_a_monitoring_file():
    from scrutinypack.schemas import schema_text

    schema = json.loads(schema_text("monitoring"))
    assert schema["required"] == ["as_at", "year"]
    saving = schema["definitions"]["monitoredSaving"]
    assert list(saving["properties"]) == ["target", "delivered", "forecast", "shortfall", "rag", "note"]
    assert saving["required"] == ["target"]
    assert saving["properties"]["rag"]["enum"][:4] == ["red", "amber", "green", "blue"]


def test_field_reference_lists_the_saving_fields(capsys):
    assert main(["help", "fields"]) == 0
    text = capsys.readouterr().out
    section = text[text.index("## monitoring/<slug>.yaml") :]
    assert "monitoring/<slug>.yaml → savings" in section
    assert "| `shortfall` | amount |" in section and "| 1.2 |" in section


def test_live_preview_rebuilds_on_an_edit_of_a_report(content, tmp_path):
    root = content({"proposals/sc002.yaml": SECOND, "monitoring/q2.yaml": REPORT})
    builder = Builder(root, tmp_path / "site", live=True)
    builder.build()
    page = tmp_path / "site" / "monitoring" / "q2" / "index.html"
    assert "£0.180m" in page.read_text(encoding="utf-8")
    (root / "monitoring" / "q2.yaml").write_text(
        REPORT.replace("delivered: 0.180", "delivered: 0.170"), encoding="utf-8"
    )
    builder.build()
    assert "£0.170m" in page.read_text(encoding="utf-8")
    proposal = (tmp_path / "site" / "proposals" / "sc001" / "index.html").read_text(encoding="utf-8")
    assert "£0.170m delivered" in proposal[proposal.index('id="delivery"') :]
