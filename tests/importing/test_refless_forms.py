"""A forms map for a council that prints no refs: records numbered and kept stable on a
re-import, started at a heading or at the line before a label, fields found by their place,
service headings carried down over several forms, one small table feeding several fields,
units as councils print them, a status from a pattern (issue 25)."""

from __future__ import annotations

from pathlib import Path

import pytest

from scrutinypack.content.yamldoc import read_yaml
from scrutinypack.importing.mapfile import read_map

from ..support.content import ROOT
from ..support.wordforms import body, imported, small_site, word_document

pytest.importorskip("docx")

FIXED = "  fixed:\n    committees: [budget-scrutiny]\n"
FIELDS = """fields:
  - position: first
    into: title
  - label: Estimated savings
    into: savings
    as: years
    total: total
  - label: Impact on Service
    into: impact
    as: markdown
"""


def form(title: str, figures: list | None = None, impact: str = "None.", heading: str = "p") -> list:
    """One form: its title, a small table of savings, and its impact."""
    return [
        (heading, title),
        ("p", "Estimated savings"),
        ("table", figures or [["2020/21", "Total"], ["100", "100"]]),
        ("p", "Impact on Service"),
        ("p", impact),
    ]


def run(tmp_path: Path, capsys, blocks: list, records: str, fields: str = FIELDS, site=None):
    """Import a paper of ``blocks`` with a map of ``records`` and ``fields``; the exit code,
    the output and each file written, by name, without its header."""
    paper = word_document(blocks, tmp_path / "forms.docx")
    mapping = tmp_path / "forms.map.yaml"
    mapping.write_text(records + fields, encoding="utf-8")
    site = site or small_site(tmp_path / "site")
    code, out, err = imported(capsys, paper, mapping, site)
    files = {p.name: body(p) for p in sorted((site / "proposals").glob("*.yaml"))} if code == 0 else {}
    return code, out + err, files


def field_line(text: str, name: str) -> str:
    return next((line for line in text.splitlines() if line.startswith(name + ":")), "")


# -- records without refs ------------------------------------------------------------------


def test_records_without_refs_are_numbered_with_the_maps_prefix_from_its_start(tmp_path, capsys):
    records = "records:\n  start: {heading: 2}\n  ref: {prefix: AS, digits: 3, start: 7}\n" + FIXED
    blocks = form("Reduce agency staffing", heading="h2") + form("Close a day centre", heading="h2")
    code, out, files = run(tmp_path, capsys, blocks, records)
    assert code == 0, out
    assert list(files) == ["as007.yaml", "as008.yaml"]
    assert "ref: AS007\ntitle: Reduce agency staffing\n" in files["as007.yaml"]
    assert "title: Close a day centre\n" in files["as008.yaml"]


def test_a_reimport_keeps_each_titles_number_and_gives_a_new_form_the_next(tmp_path, capsys):
    records = "records:\n  start: {heading: 2}\n  ref: {prefix: NS-, digits: 2}\n" + FIXED
    site = small_site(tmp_path / "site")
    first = form("Reduce agency staffing", heading="h2") + form("Close a day centre", heading="h2")
    code, out, files = run(tmp_path, capsys, first, records, site=site)
    assert code == 0, out
    assert [field_line(files[n], "title") for n in files] == [
        "title: Reduce agency staffing",
        "title: Close a day centre",
    ]
    # the paper again, with a new form printed first and the day centre's figures changed
    again = (
        form("Merge two libraries", heading="h2")
        + form("Reduce agency staffing", heading="h2")
        + form("Close a day centre", [["2020/21", "Total"], ["250", "250"]], heading="h2")
    )
    code, out, files = run(tmp_path, capsys, again, records, site=site)
    assert code == 0, out
    titles = {name: field_line(text, "title") for name, text in files.items()}
    assert titles == {
        "ns-01.yaml": "title: Reduce agency staffing",
        "ns-02.yaml": "title: Close a day centre",
        "ns-03.yaml": "title: Merge two libraries",
    }
    assert "2020/21: 250" in files["ns-02.yaml"]


def test_the_ref_can_be_taken_from_another_piece_of_the_record(tmp_path, capsys):
    records = "records:\n  start: {heading: 2}\n" + FIXED
    fields = FIELDS.replace(
        "    into: title\n", "    into: title\n    value: '(?P<ref>AS\\d+):\\s*(?P<title>.+)'\n", 1
    )
    blocks = form("AS12: Reduce agency staffing", heading="h2")
    code, out, files = run(tmp_path, capsys, blocks, records, fields)
    assert code == 0, out
    assert "ref: AS12\ntitle: Reduce agency staffing\n" in files["as12.yaml"]


def test_a_records_map_with_no_way_to_a_ref_says_the_three_ways(tmp_path, capsys):
    code, out, _ = run(
        tmp_path, capsys, form("Reduce agency staffing"), "records:\n  start: 'Form$'\n" + FIXED
    )
    assert code != 0
    assert "(?P<ref>…)" in out and "into: ref" in out and "ref: {prefix:" in out
    assert "forms.map.yaml:2: error" in out


# -- positional rules ----------------------------------------------------------------------


def test_the_line_before_a_label_and_the_records_first_line_are_fields(tmp_path, capsys):
    records = "records:\n  start: 'Savings proposal$'\n  ref: {prefix: P}\n" + FIXED
    fields = """fields:
  - position: first
    into: service
  - before: Estimated savings
    into: title
  - label: Estimated savings
    into: savings
    as: years
"""
    blocks = [("p", "Savings proposal"), ("p", "Libraries"), ("p", "Merge two libraries")] + form("x")[1:3]
    code, out, files = run(tmp_path, capsys, blocks, records, fields)
    assert code == 0, out
    assert "ref: P1\ntitle: Merge two libraries\nservice: Libraries\n" in files["p1.yaml"]
    assert "did not place" not in out


def test_a_record_starts_at_the_line_before_a_label_and_keeps_nothing_of_the_next(tmp_path, capsys):
    records = "records:\n  start: {before: Estimated savings}\n  ref: {prefix: F}\n" + FIXED
    blocks = form("Reduce agency staffing", impact="Slower assessments.") + form("Close a day centre")
    code, out, files = run(tmp_path, capsys, blocks, records)
    assert code == 0, out
    assert field_line(files["f1.yaml"], "impact") == "impact: Slower assessments."
    assert field_line(files["f2.yaml"], "title") == "title: Close a day centre"


def test_a_positional_field_the_form_lacks_is_a_warning(tmp_path, capsys):
    records = "records:\n  start: {heading: 2}\n  ref: {prefix: F}\n" + FIXED
    fields = FIELDS + "  - before: Commentary\n    into: owner\n"
    code, out, files = run(tmp_path, capsys, form("Merge libraries", heading="h2"), records, fields)
    assert code == 0, out
    assert "the form has no piece before 'Commentary', so 'owner' is not imported" in out
    assert "owner" not in files["f1.yaml"]


# -- carried headings ----------------------------------------------------------------------


def test_a_service_heading_carries_down_to_its_forms_and_never_into_the_previous(tmp_path, capsys):
    records = (
        "records:\n  start: {before: Estimated savings}\n  ref: {prefix: F}\n"
        "  carry:\n    - {heading: 1, into: service}\n"
        "    - pattern: 'Directorate:\\s*(?P<directorate>.+)'\n" + FIXED
    )
    blocks = (
        [("p", "Directorate: People"), ("h1", "Adult Social Care")]
        + form("Reduce agency staffing", impact="Slower assessments.")
        + form("Close a day centre")
        + [("h1", "Children's Services")]
        + form("Review transport", impact="Longer journeys.")
        + [("p", "Directorate: Place"), ("h1", "Highways")]
        + form("Fewer gritting routes")
    )
    code, out, files = run(tmp_path, capsys, blocks, records)
    assert code == 0, out
    services = [(field_line(t, "service"), field_line(t, "directorate")) for t in files.values()]
    assert services == [
        ("service: Adult Social Care", "directorate: People"),
        ("service: Adult Social Care", "directorate: People"),
        ("service: Children's Services", "directorate: People"),
        ("service: Highways", "directorate: Place"),
    ]
    assert field_line(files["f2.yaml"], "impact") == "impact: None."
    assert field_line(files["f3.yaml"], "impact") == "impact: Longer journeys."
    assert "did not place" not in out


# -- one table, many fields ----------------------------------------------------------------

YEARS = """  - label: Estimated savings
    into: savings
    as: years
    total: total
    rows: {FTE: fte}
    columns: {Full-time equivalent: fte}
"""


@pytest.mark.parametrize(
    "table, lines",
    [
        (  # savings per year and FTE per year, each with its total
            [
                ["", "2020/21", "2021/22", "Total"],
                ["Savings", "100", "200", "300"],
                ["FTE", "1.0", "2.0", "3.0"],
            ],
            [
                "savings:",
                "  2020/21: 100",
                "  2021/22: 200",
                "total: 300",
                "fte:",
                "  2020/21: 1.0",
                "fte_total: 3.0",
            ],
        ),
        ([["2020/21"], ["75"]], ["savings:", "  2020/21: 75"]),  # a year alone
        (
            [["2021/22", "Total"], ["60", "60"]],
            ["savings:", "  2021/22: 60", "total: 60"],
        ),  # a year and a total
        (  # a year with full-time equivalent posts
            [["2020/21", "Full-time equivalent"], ["150", "3.0"]],
            ["savings:", "  2020/21: 150", "fte: 3.0"],
        ),
    ],
    ids=["savings-and-fte-per-year", "a-year-alone", "a-year-and-a-total", "a-year-and-fte"],
)
def test_one_small_table_feeds_each_field_it_prints(tmp_path, capsys, table, lines):
    records = "records:\n  start: {heading: 2}\n  ref: {prefix: F}\n" + FIXED
    fields = "fields:\n  - position: first\n    into: title\n" + YEARS
    code, out, files = run(
        tmp_path,
        capsys,
        [("h2", "Reduce agency staffing"), ("p", "Estimated savings"), ("table", table)],
        records,
        fields,
    )
    assert code == 0, out
    text = files["f1.yaml"].splitlines()
    assert [line for line in text if line in lines] == lines
    assert "did not place" not in out and ": warning" not in out


def test_a_lone_year_whose_other_column_the_map_does_not_name_is_a_warning(tmp_path, capsys):
    records = "records:\n  start: {heading: 2}\n  ref: {prefix: F}\n" + FIXED
    table = [["2020/21", "Full-time equivalent"], ["150", "3.0"]]
    blocks = [("h2", "Reduce agency staffing"), ("p", "Estimated savings"), ("table", table)]
    code, out, files = run(tmp_path, capsys, blocks, records, FIELDS)
    assert code == 0, out
    assert "'Estimated savings' has no figures the map can read" in out
    assert "'columns:'" in out
    assert "savings" not in files["f1.yaml"]


# -- units ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "printed, unit",
    [
        ("£", "pounds"),
        ("£000", "k"),
        ("£'000", "k"),
        ("£000's", "k"),
        ("(£000)", "k"),
        ("'000", "k"),
        ("£k", "k"),
        ("£m", None),  # the site's own unit: nothing to say
        ("£ million", None),
    ],
)
def test_a_unit_row_as_councils_print_it_is_passed_over_and_gives_the_records_unit(
    tmp_path, capsys, printed, unit
):
    records = "records:\n  start: {heading: 2}\n  ref: {prefix: F}\n" + FIXED
    table = [["2020/21", "2021/22", "Total"], [printed, "", ""], ["100", "200", "300"]]
    code, out, files = run(tmp_path, capsys, form("Reduce agency staffing", table, heading="h2"), records)
    assert code == 0, out
    assert field_line(files["f1.yaml"], "unit") == (f"unit: {unit}" if unit else "")
    assert "  2020/21: 100\n  2021/22: 200\ntotal: 300\n" in files["f1.yaml"]
    assert "did not place" not in out


def test_a_unit_printed_beside_the_year_beats_the_maps_and_the_sites(tmp_path, capsys):
    records = "records:\n  start: {heading: 2}\n  ref: {prefix: F}\n" + FIXED + "    unit: m\n"
    table = [["2020/21 £000's"], ["150"]]
    code, out, files = run(tmp_path, capsys, form("Reduce agency staffing", table, heading="h2"), records)
    assert code == 0, out
    assert field_line(files["f1.yaml"], "unit") == "unit: k"


# -- status, quotes, errors ----------------------------------------------------------------


def test_a_status_comes_from_a_pattern_printed_in_the_form(tmp_path, capsys):
    records = (
        "records:\n  start: {heading: 2}\n  ref: {prefix: F}\n"
        "  status:\n    consultation: '\\(for consultation only\\)'\n" + FIXED + "    status: proposed\n"
    )
    blocks = form("Close a day centre (for consultation only)", heading="h2") + form(
        "Merge libraries", heading="h2"
    )
    code, out, files = run(tmp_path, capsys, blocks, records)
    assert code == 0, out
    assert field_line(files["f1.yaml"], "status") == "status: consultation"
    assert field_line(files["f2.yaml"], "status") == "status: proposed"


def test_text_that_looks_like_a_number_is_written_back_quoted(tmp_path, capsys):
    records = (
        "records:\n  start: {heading: 2}\n  ref: {prefix: F}\n"
        + FIXED
        + '    reported: [{body: Cabinet, item: "10"}]\n    project_code: "2020"\n'
    )
    code, out, files = run(tmp_path, capsys, form("Merge libraries", heading="h2"), records)
    assert code == 0, out
    assert '  item: "10"\n' in files["f1.yaml"]
    assert 'project_code: "2020"\n' in files["f1.yaml"]
    assert "  2020/21: 100\n" in files["f1.yaml"]  # a figure stays a plain figure


def test_a_rows_map_whose_headings_are_not_found_says_so_and_not_start(tmp_path, capsys):
    mapping = (
        "rows:\n  columns:\n    Proposal: title\n    Saving 2020/21: savings.2020/21\n  ref: {prefix: R}\n"
    )
    code, out, _ = run(tmp_path, capsys, form("Merge libraries"), mapping, fields="")
    assert code != 0
    assert "no row prints the rows map's headings (Proposal, Saving 2020/21)" in out
    assert "'start'" not in out


def test_a_number_the_map_quotes_stays_quoted_in_every_field_it_fixes(tmp_path, capsys):
    records = (
        "records:\n  start: {heading: 2}\n  ref: {prefix: F}\n"
        + FIXED
        + '    owner: "1200"\n    notes: "15"\n'
    )
    code, out, files = run(tmp_path, capsys, form("Merge libraries", heading="h2"), records)
    assert code == 0, out
    assert 'owner: "1200"\n' in files["f1.yaml"]
    assert 'notes: "15"\n' in files["f1.yaml"]


# -- the second worked example of docs/importing.md ----------------------------------------


def example_paper(text: str) -> list:
    """The paper as the docs print it: '[Heading 1]' marks a heading, '|' a table row."""
    blocks: list = []
    for line in text.strip().splitlines():
        if line.startswith("|"):
            row = [cell.strip() for cell in line.strip().strip("|").split("|")]
            if blocks and blocks[-1][0] == "table":
                blocks[-1][1].append(row)
            else:
                blocks.append(("table", [row]))
        elif line.endswith(" [Heading 1]"):
            blocks.append(("h1", line.removesuffix(" [Heading 1]")))
        else:
            blocks.append(("p", line))
    return blocks


def test_the_second_worked_example_in_the_docs_imports_as_the_docs_show(tmp_path, capsys):
    docs = (ROOT / "docs/importing.md").read_text(encoding="utf-8")
    paper = docs.split("<!-- refless-example-paper -->\n```text\n", 1)[1].split("```", 1)[0]
    mapping = docs.split("<!-- refless-example-map -->\n```yaml\n", 1)[1].split("```", 1)[0]
    expected = docs.split("the second reads:\n\n```yaml\n", 1)[1].split("```", 1)[0]
    records, fields = mapping.split("fields:\n", 1)
    code, out, files = run(tmp_path, capsys, example_paper(paper), records, "fields:\n" + fields)
    assert code == 0, out
    assert "Checks on the imported proposals: 0 errors, 0 warnings." in out
    assert "did not place" not in out and ": warning" not in out
    assert list(files) == ["wm-01.yaml", "wm-02.yaml", "wm-03.yaml"]
    assert files["wm-02.yaml"] == expected
    assert field_line(files["wm-01.yaml"], "service") == "service: Adult Social Care"
    assert field_line(files["wm-03.yaml"], "service") == "service: Highways"
    assert "2020/21: 45\nfte: -1.0\n" in files["wm-03.yaml"]


def test_every_map_and_map_entry_on_the_importing_page_reads_without_a_problem():
    docs = (ROOT / "docs/importing.md").read_text(encoding="utf-8")
    blocks = [part.split("```", 1)[0] for part in docs.split("```yaml\n")[1:]]
    maps = [b for b in blocks if b.split(":", 1)[0] in ("records", "rows", "report", "monitoring")]
    entries = [b for b in blocks if b.startswith("  - ")]
    assert len(maps) == 7 and len(entries) == 3
    for text in maps + ["records:\n  start: '(?P<ref>\\S+)'\nfields:\n" + e for e in entries]:
        data, problems = read_yaml(text, "docs")
        assert not problems, text
        doc_map, problems = read_map(data, "docs")
        assert doc_map is not None and not problems, (text, problems)


def test_a_rows_map_keeps_each_rows_number_on_a_reimport(tmp_path, capsys):
    mapping = (
        "rows:\n  columns:\n    Proposal: title\n    Saving 2020/21: savings.2020/21\n"
        "  ref: {prefix: R}\n  fixed:\n    committees: [budget-scrutiny]\n"
    )
    site = small_site(tmp_path / "site")
    head = [["Proposal", "Saving 2020/21"]]
    rows = [["Merge libraries", "10"], ["Close a depot", "20"]]
    code, out, files = run(tmp_path, capsys, [("table", head + rows)], mapping, "", site=site)
    assert code == 0, out
    code, out, files = run(
        tmp_path, capsys, [("table", head + [["New fees", "5"]] + rows)], mapping, "", site=site
    )
    assert code == 0, out
    assert {name: field_line(text, "title") for name, text in files.items()} == {
        "r1.yaml": "title: Merge libraries",
        "r2.yaml": "title: Close a depot",
        "r3.yaml": "title: New fees",
    }


def test_a_map_that_starts_and_carries_at_the_same_heading_level_says_so(tmp_path, capsys):
    records = (
        "records:\n  start: {heading: 2}\n  ref: {prefix: F}\n  carry:\n    - {heading: 2, into: service}\n"
    )
    code, out, _ = run(tmp_path, capsys, form("Merge libraries", heading="h2"), records + FIXED)
    assert code != 0
    assert "'carry' takes the same headings" in out


@pytest.mark.parametrize(
    "start, said",
    [
        ("{heading: 2}", "the records map starts at a Heading 2, and it has none"),
        ("{before: Estimated costs}", "the records map's 'start: before' label is printed nowhere"),
        ("'Proposal form$'", "the records map's 'start' matches no paragraph or cell"),
    ],
)
def test_a_records_map_that_finds_no_record_says_why_in_its_own_terms(tmp_path, capsys, start, said):
    records = f"records:\n  start: {start}\n  ref: {{prefix: F}}\n" + FIXED
    code, out, _ = run(tmp_path, capsys, form("Merge libraries"), records)
    assert code != 0
    assert said in out


def test_a_unit_printed_in_the_label_of_a_table_is_the_records_unit(tmp_path, capsys):
    records = "records:\n  start: {heading: 2}\n  ref: {prefix: F}\n" + FIXED
    fields = FIELDS.replace("label: Estimated savings", "label: Savings")
    blocks = [
        ("h2", "Merge libraries"),
        ("p", "Savings (£000)"),
        ("table", [["2020/21", "Total"], ["10", "10"]]),
    ]
    code, out, files = run(tmp_path, capsys, blocks, records, fields)
    assert code == 0, out
    assert field_line(files["f1.yaml"], "unit") == "unit: k"
    assert "  2020/21: 10\ntotal: 10\n" in files["f1.yaml"]
