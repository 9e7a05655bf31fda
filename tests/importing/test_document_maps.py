"""python build.py import with a document map: Lancashire's 45 option forms, as their text, as
a Word document and as a PDF, become the proposal files a clerk transcribed by hand, figure
for figure; a re-import keeps hand edits; nothing is written unless every record reads."""

from __future__ import annotations

import io
import re
import shutil
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from scrutinypack.cli import main

from ..support.content import ROOT, SEEDS
from ..support.imported import compare, fields
from ..support.papers import write_docx, write_pdf

FORMS = SEEDS / "001_6423a835a2d494d1.txt"
MAP = ROOT / "examples" / "import" / "lancashire-option-forms.map.yaml"
#: Where the hand transcription and the import may part: judgement about narrative (how a
#: form's risks divide into pairs, a transcriber's own notes), never a figure.
NARRATIVE = {"risks", "risk", "mitigation", "notes", "note", "investment_note", "profile_note", "fte_note"}


@pytest.fixture(scope="module")
def papers(tmp_path_factory) -> dict[str, Path]:
    """The forms as text, and as a Word document rebuilt from it (made once)."""
    folder = tmp_path_factory.mktemp("papers")
    text = shutil.copy(FORMS, folder / "forms.txt")
    return {"text": Path(text), "docx": write_docx(FORMS.read_text(encoding="utf-8"), folder / "forms.docx")}


def empty_site(tmp_path: Path) -> Path:
    """The bundled Lancashire site without its option forms, ready to import them."""
    site = Path(shutil.copytree(ROOT / "content", tmp_path / "content"))
    for path in site.glob("proposals/sc*.yaml"):
        path.unlink()
    return site


def run_import(capsys, paper: Path, site: Path, *more: str, mapping: Path = MAP):
    code = main(["import", str(paper), "--map", str(mapping), "--content", str(site), *more])
    out = capsys.readouterr()
    return code, out.out, out.err


def body(path: Path) -> str:
    """A file without its header comment (which names the paper it came from)."""
    return "".join(
        line for line in path.read_text(encoding="utf-8").splitlines(True) if not line.startswith("#")
    )


def agreement(site: Path) -> dict:
    return compare(site / "proposals", ROOT / "content" / "proposals", "sc*.yaml")


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["text", "docx"])
def test_the_45_option_forms_import_as_the_hand_transcription_figure_for_figure(
    kind, papers, tmp_path, capsys
):
    site = empty_site(tmp_path)
    code, out, err = run_import(capsys, papers[kind], site)
    assert code == 0, err
    refs = re.findall(r"^\s*Reference\s*[–-]\s*(\S+)", FORMS.read_text(encoding="utf-8"), re.M)
    assert len(refs) == 45
    assert sorted(p.stem for p in site.glob("proposals/sc*.yaml")) == sorted(r.lower() for r in refs)
    assert f"Imported 45 proposals from {papers[kind].name}" in out
    report = agreement(site)
    assert report["amounts_differ"] == []
    assert report["amounts_agree"] > 800  # every figure of every form's tables
    parted = sorted({d[1] for d in report["differ"] if not NARRATIVE & set(d[1].split("."))})
    # The only non-narrative fields that part: answers whose text the forms print beside a
    # question mark or link, kept as printed, where the transcriber left the extra words out.
    assert all(key.split(".")[0] in ("consultation", "equality", "actions", "impact") for key in parted), (
        parted
    )
    print(
        f"\n{kind}: {len(report['agree'])} fields agree, {len(report['differ'])} differ; "
        f"{report['amounts_agree']} amounts agree, {len(report['amounts_differ'])} differ"
    )


def test_the_text_and_the_word_document_give_identical_files(papers, tmp_path, capsys):
    made = {}
    for kind in ("text", "docx"):
        site = empty_site(tmp_path / kind)
        assert run_import(capsys, papers[kind], site)[0] == 0
        made[kind] = {p.name: body(p) for p in site.glob("proposals/sc*.yaml")}
    assert made["text"] == made["docx"] and len(made["text"]) == 45


def test_each_record_names_the_paper_and_the_place_it_came_from(papers, tmp_path, capsys):
    line = next(
        n
        for n, text in enumerate(FORMS.read_text(encoding="utf-8").split("\n"), 1)
        if "Reference – SC074" in text
    )
    for kind, place in (("text", f"forms.txt, line {line}"), ("docx", "forms.docx, paragraph ")):
        site = empty_site(tmp_path / kind)
        run_import(capsys, papers[kind], site)
        first = (site / "proposals/sc074.yaml").read_text(encoding="utf-8").split("\n")[0]
        assert first.startswith(f"# Imported from {place}")


def test_what_the_map_does_not_place_is_listed_and_a_missing_label_is_a_warning(papers, tmp_path, capsys):
    code, out, err = run_import(capsys, papers["text"], empty_site(tmp_path))
    assert code == 0
    stray = next(n for n, text in enumerate(FORMS.read_text(encoding="utf-8").split("\n"), 1) if text == ".")
    assert "Text the map did not place" in out
    assert f"forms.txt, line {stray} [SC074]: ." in out  # a stray full stop, kept in view
    assert (
        "warning: the form has no 'Which 'start year' does this option relate to', so "
        "'start_year' is not imported [SC312] (label-missing)"
    ) in err


def test_the_imported_forms_read_as_printed(papers, tmp_path, capsys):
    site = empty_site(tmp_path)
    run_import(capsys, papers["docx"], site)
    sc035, sc136, sc513 = (fields(site / f"proposals/{n}.yaml") for n in ("sc035", "sc136", "sc513"))
    assert sc035["budget_change.2019/20"] == "-1.500*"  # the footnote mark stays
    assert sc035["profile_note"].startswith("\\*Includes £1m")  # a footnote, not a bullet
    assert sc035["baseline.net"] == "-£0.570m"
    assert sc136["start_year"] == "2020/21"
    assert sc136["notes"] == 'The form prints the start year as "2020/2021".'
    assert sc136["baseline.income.0.label"] == "High Needs"
    assert sc136["fte.2020/21"] == "TBC" and sc136["fte_total"] == "TBC"
    assert (sc513["service"], sc513["fte.0.label"], sc513["fte.0.years.2020/21"]) == (
        "Disability Service",
        "Recurrent",
        "0.000",
    )


def test_a_reimport_keeps_a_clerks_edits_and_follows_the_paper_elsewhere(papers, tmp_path, capsys):
    site = empty_site(tmp_path)
    assert run_import(capsys, papers["text"], site)[0] == 0
    edited = site / "proposals/sc002.yaml"
    edited.write_text(
        edited.read_text(encoding="utf-8").replace("title: Reduce", "title: Cut"), encoding="utf-8"
    )
    paper = tmp_path / "forms.txt"
    paper.write_text(
        FORMS.read_text(encoding="utf-8").replace("\t-0.400\n", "\t-0.410\n", 1), encoding="utf-8"
    )
    code, out, err = run_import(capsys, paper, site)
    assert code == 1
    assert f"{edited}: kept as it is: it was edited since it was imported" in err
    assert "1 updated from the paper, 43 unchanged, 1 kept" in out
    assert "title: Cut" in edited.read_text(encoding="utf-8")
    assert "2020/21: -0.410" in (site / "proposals/sc012.yaml").read_text(encoding="utf-8")


def test_a_record_that_cannot_be_read_stops_the_import_and_nothing_is_written(tmp_path, capsys):
    site = empty_site(tmp_path)
    paper = tmp_path / "forms.txt"
    paper.write_text(
        FORMS.read_text(encoding="utf-8").replace("\t-0.400\n", "\t-0.4O0\n", 1), encoding="utf-8"
    )
    code, _, err = run_import(capsys, paper, site)
    assert code == 2
    assert "'-0.4O0' is not an amount" in err and "[SC012]" in err
    assert "Nothing was imported: 1 record could not be read" in err
    assert not list(site.glob("proposals/sc*.yaml"))
    assert not list(site.glob(".import-*"))


def test_a_map_with_a_mistake_is_reported_with_its_line(tmp_path, capsys):
    mapping = tmp_path / "map.yaml"
    mapping.write_text(
        MAP.read_text(encoding="utf-8").replace("into: decisions", "into: decision"), encoding="utf-8"
    )
    code, _, err = run_import(capsys, FORMS, empty_site(tmp_path), mapping=mapping)
    line = next(n for n, text in enumerate(mapping.read_text().split("\n"), 1) if "into: decision" in text)
    assert code == 2
    assert f"{mapping}:{line - 1}: error: 'decision' is not a field of a proposal" in err


# -- PDF -----------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def forms_pdf(tmp_path_factory) -> Path:
    """The forms as a PDF that WeasyPrint lays out from the same tables, made once for the
    tests that read it: laying out its 50 pages takes longer than importing them."""
    pytest.importorskip("weasyprint", reason="WeasyPrint makes the PDF of the forms")
    return write_pdf(FORMS.read_text(encoding="utf-8"), tmp_path_factory.mktemp("pdf") / "forms.pdf")


@pytest.fixture(scope="module")
def pdf_import(forms_pdf, tmp_path_factory) -> tuple[Path, str]:
    """The PDF imported once: the site it went into, and what the command printed."""
    site = empty_site(tmp_path_factory.mktemp("pdf-import"))
    printed, said = io.StringIO(), io.StringIO()
    with redirect_stdout(printed), redirect_stderr(said):
        code = main(["import", str(forms_pdf), "--map", str(MAP), "--content", str(site)])
    assert code == 0, said.getvalue()
    return site, printed.getvalue()


@pytest.mark.pdf
def test_a_pdf_of_the_forms_imports_to_the_same_figures(pdf_import):
    site, out = pdf_import
    assert "Imported 45 proposals from forms.pdf" in out
    report = agreement(site)
    assert report["amounts_differ"] == [] and report["amounts_agree"] > 800
    first = (site / "proposals/sc002.yaml").read_text(encoding="utf-8").split("\n")[0]
    assert first.startswith("# Imported from forms.pdf, page 1")
    print(
        f"\npdf: {len(report['agree'])} fields agree, {len(report['differ'])} differ; "
        f"{report['amounts_agree']} amounts agree, {len(report['amounts_differ'])} differ"
    )


@pytest.mark.pdf
@pytest.mark.parametrize("kind", ["text", "docx"])
def test_the_pdf_gives_every_figure_the_text_and_the_word_document_give(
    kind, pdf_import, papers, tmp_path, capsys
):
    site = empty_site(tmp_path)
    assert run_import(capsys, papers[kind], site)[0] == 0
    report = compare(pdf_import[0] / "proposals", site / "proposals", "sc*.yaml")
    assert report["amounts_differ"] == [] and report["amounts_agree"] > 800
    assert sorted(p.name for p in (pdf_import[0] / "proposals").glob("sc*.yaml")) == sorted(
        p.name for p in (site / "proposals").glob("sc*.yaml")
    )


# -- one record per row: Lancashire's summary table (seed 000) -----------------------------

SUMMARY = SEEDS / "000_289e315714b96ecf.txt"
SUMMARY_MAP = ROOT / "examples" / "import" / "lancashire-summary.map.yaml"


@pytest.mark.parametrize("kind", ["text", "docx"])
def test_the_summary_table_imports_a_record_a_row_as_the_hand_transcription(kind, tmp_path, capsys):
    site = Path(shutil.copytree(ROOT / "content", tmp_path / "content"))
    for path in site.glob("proposals/cyp*.yaml"):
        path.unlink()
    paper = (
        Path(shutil.copy(SUMMARY, tmp_path / "table.txt"))
        if kind == "text"
        else write_docx(SUMMARY.read_text(encoding="utf-8"), tmp_path / "table.docx")
    )
    code, out, err = run_import(capsys, paper, site, mapping=SUMMARY_MAP)
    assert code == 0, err
    assert f"Imported 13 proposals from {paper.name}" in out
    # the row prints 2018/19 and the total only: each total is reported as not checked
    assert "Checks on the imported proposals: 0 errors, 0 warnings, 13 sums not checked." in out
    assert "All figures taken from Money Matters" in out  # the note under the table
    report = compare(site / "proposals", ROOT / "content" / "proposals", "cyp*.yaml")
    assert report["amounts_differ"] == [] and report["amounts_agree"] == 52  # 13 rows × 4
    # Where the transcriber read more than the row prints: which row's "Children's
    # Services/Education" cell runs onto a second line. "(for consultation only)" is the
    # status, as the transcriber read it (the map's 'status').
    assert {(f, k) for f, k, *_ in report["differ"]} <= {("cyp02.yaml", "service"), ("cyp03.yaml", "service")}
    assert [fields(site / f"proposals/cyp0{n}.yaml")["status"] for n in range(4, 9)] == [
        "proposed",
        "consultation",
        "consultation",
        "consultation",
        "proposed",
    ]
    cyp03 = fields(site / "proposals/cyp03.yaml")
    assert (cyp03["savings.2018/19"], cyp03["total"]) == ("£0.906m", "£2.784m")
    assert (cyp03["reported.0.date"], cyp03["reported.0.printed"]) == ("2017-09", "Sept 17 Item 6 App D")
    print(
        f"\nsummary {kind}: {len(report['agree'])} fields agree, {len(report['differ'])} differ; "
        f"{report['amounts_agree']} amounts agree"
    )


# -- records over several rows: Hampshire's appendix (seed 004) ----------------------------

APPENDIX = SEEDS / "004_1358e2922cf4a267.txt"
APPENDIX_MAP = ROOT / "examples" / "import" / "hampshire-appendix.map.yaml"


@pytest.mark.parametrize("kind", ["text", "docx"])
def test_the_hampshire_appendix_imports_its_proposals_and_numbered_parts(kind, tmp_path, capsys):
    site = Path(shutil.copytree(ROOT / "examples" / "hampshire", tmp_path / "content"))
    for path in site.glob("proposals/*.yaml"):
        path.unlink()
    paper = (
        Path(shutil.copy(APPENDIX, tmp_path / "appendix.txt"))
        if kind == "text"
        else write_docx(APPENDIX.read_text(encoding="utf-8"), tmp_path / "appendix.docx", columns=True)
    )
    code, out, err = run_import(capsys, paper, site, mapping=APPENDIX_MAP)
    assert code == 0, err
    assert f"Imported 7 proposals from {paper.name}" in out
    assert "Checks on the imported proposals: 0 errors, 0 warnings." in out
    assert "skipped: a total row ('Total 2,991 13,506 30,132')" in err
    report = compare(site / "proposals", ROOT / "examples" / "hampshire" / "proposals")
    assert report["amounts_differ"] == [] and report["amounts_agree"] == 30
    # Where the hand transcription parts from the paper's text: its own notes, a superscript
    # "th" the text prints as " th", and bullets whose glyphs the text lost.
    assert {(f, k) for f, k, *_ in report["differ"]} == {
        ("cs01.yaml", "notes"),
        ("cs04.yaml", "notes"),
        ("cso2.yaml", "notes"),
        ("cso5.yaml", "notes"),
        ("cso6.yaml", "notes"),
        ("cso7.yaml", "notes"),
        ("cs01.yaml", "items.0.impact"),
        ("cso5.yaml", "impact"),
    }
    cs01 = fields(site / "proposals/cs01.yaml")
    assert (cs01["items.2.number"], cs01["items.2.description"]) == (
        "3",
        "Review of current charges for Swanwick Lodge to maximise income alongside "
        "reducing management structure",
    )  # joined across a page break
    print(
        f"\nhampshire {kind}: {len(report['agree'])} fields agree, "
        f"{len(report['differ'])} differ; {report['amounts_agree']} amounts agree"
    )


# -- a whole paper as a report: Leicestershire (seed 003) ----------------------------------


def test_a_report_imports_whole_with_its_tables_as_printed(tmp_path, capsys):
    from scrutinypack.content.mdtables import markdown_tables

    site = Path(shutil.copytree(ROOT / "examples" / "leicestershire", tmp_path / "content"))
    hand = ROOT / "examples/leicestershire/reports/service-developments-mtfs-savings-2014.md"
    (site / "reports" / hand.name).unlink()
    code, out, err = run_import(
        capsys,
        SEEDS / "003_05ee796323778f96.txt",
        site,
        mapping=ROOT / "examples/import/leicestershire-report.map.yaml",
    )
    assert code == 0, err
    assert f"Imported 1 report from 003_05ee796323778f96.txt into {site}/reports/: 1 written." in out
    assert "**REPORT OF THE DIRECTOR OF CHILDREN AND FAMILY SERVICES**" in out  # the cover, listed
    # the paper prints 2015/16 twice in Table 1: the check finds it, as in the hand copy
    assert "2015/16 appears twice" in out
    made = (site / "reports" / hand.name).read_text(encoding="utf-8")
    assert made.startswith("---\n# Imported from 003_05ee796323778f96.txt")
    assert "\n## Purpose of Report\n" in made

    def cells(text):
        return [
            [c.text for c in row]
            for table in markdown_tables(text, 1, "x", "k")
            for row in table.rows + [total.cells for total in table.totals]
        ]

    ours, theirs = cells(made), cells(hand.read_text(encoding="utf-8"))
    assert len(ours) == len(theirs)
    figures = [
        (a, b)
        for row_a, row_b in zip(ours, theirs)
        for a, b in zip(row_a, row_b)
        if re.fullmatch(r"(\*\*)?[\d,.]+(\*\*)?", b)
    ]
    assert len(figures) >= 15 and all(a == b for a, b in figures)  # Table 1 and the totals
    # the hand copy links the refs (T3 → [T3](/proposals/t3/)); the paper prints them plain
    assert [(a, b) for row_a, row_b in zip(ours, theirs) for a, b in zip(row_a, row_b) if a != b] == [
        (r, f"[{r}](/proposals/{r.lower()}/)") for r in ("T3", "T8", "T16", "T20")
    ]


# -- business cases, a section a heading: Cambridgeshire (seed 002) ------------------------


def table_figures(path: Path) -> list[str]:
    """Every figure in a record's section tables, in printed order (rows, then totals)."""
    found = fields(path)

    def place(key):
        parts = key.split(".")
        rest = parts[4:]
        where = {
            "rows": (0, int(rest[1]), int(rest[-1])),
            "totals": (1, int(rest[1]), int(rest[-1])),
            "total": (2, 0, int(rest[-1])),
        }[rest[0]]
        return int(parts[1]), int(parts[3]), where

    keys = [
        k
        for k in found
        if re.fullmatch(r"sections\.\d+\.tables\.\d+\.(rows\.\d+|total|totals\.\d+\.row)\.\d+", k)
    ]
    return [found[k] for k in sorted(keys, key=place) if re.fullmatch(r"-?[\d,.]+", found[k])]


def test_business_cases_import_each_heading_as_a_section_with_its_tables(tmp_path, capsys):
    site = Path(shutil.copytree(ROOT / "examples" / "cambridgeshire", tmp_path / "content"))
    hand = {fields(p)["ref"]: p for p in site.glob("proposals/*.yaml")}
    for path in hand.values():
        path.rename(tmp_path / path.name)
    code, out, err = run_import(
        capsys,
        SEEDS / "002_61861d571f245c10.txt",
        site,
        mapping=ROOT / "examples/import/cambridgeshire-business-case.map.yaml",
    )
    assert code == 0, err
    assert "Imported 5 proposals" in out and "0 errors, 0 warnings" in out
    made = {fields(p)["ref"]: p for p in site.glob("proposals/*.yaml")}
    assert sorted(made) == sorted(hand)
    for ref, path in made.items():
        ours, theirs = fields(path), fields(tmp_path / hand[ref].name)
        assert all(ours[k] == theirs[k] for k in ("owner", "project_code", "description")), ref
        headings = [v for k, v in sorted(theirs.items()) if re.fullmatch(r"sections\.\d+\.heading", k)]
        assert sorted(v for k, v in ours.items() if re.fullmatch(r"sections\.\d+\.heading", k)) == sorted(
            headings
        )
        # every figure of every table, in printed order (A/R.6.255's Table 1 and scenarios)
        assert table_figures(path) == table_figures(tmp_path / hand[ref].name)
    assert len(table_figures(made["A/R.6.255"])) == 111


# -- the worked example of docs/importing.md -----------------------------------------------


def test_the_worked_example_in_the_docs_imports_as_the_docs_show(tmp_path, capsys):
    docx = pytest.importorskip("docx")
    docs = (ROOT / "docs/importing.md").read_text(encoding="utf-8")
    mapping_text = docs.split("<!-- worked-example-map -->\n```yaml\n", 1)[1].split("```", 1)[0]
    expected = docs.split("becomes `proposals/ns-014.yaml`:\n\n```yaml\n", 1)[1].split("```", 1)[0]
    mapping = tmp_path / "northshire.map.yaml"
    mapping.write_text(mapping_text, encoding="utf-8")
    word = docx.Document()
    word.add_paragraph("Proposal reference: NS-014")
    rows = [
        ("Title of proposal", "Close two day centres"),
        ("Directorate", "Adult Services"),
        ("Budget 2019/20", "£4.200m"),
        ("Savings (£000)",),
    ]
    table = word.add_table(rows=0, cols=2)
    for cells in rows:
        row = table.add_row()
        if len(cells) == 1:
            row.cells[0].merge(row.cells[1])
        for index, text in enumerate(cells):
            row.cells[index].text = text
    figures = word.add_table(rows=2, cols=3)
    for r, values in enumerate((("2020/21", "2021/22", "Total"), ("150", "250", "400"))):
        for c, text in enumerate(values):
            figures.cell(r, c).text = text
    last = word.add_table(rows=2, cols=2)
    for r, values in enumerate(
        (
            ("What will change?", "The centres at Ashby and Brook close; their users move to Carlton."),
            ("Equality impact assessment done?", "Yes - completed"),
        )
    ):
        for c, text in enumerate(values):
            last.cell(r, c).text = text
    word.save(tmp_path / "northshire.docx")
    site = tmp_path / "site"
    (site / "committees").mkdir(parents=True)
    (site / "site.yaml").write_text(
        "council: Northshire\ntitle: Savings\nunit: m\nyears: [2020/21, 2021/22]\n", encoding="utf-8"
    )
    (site / "committees/adults-scrutiny.yaml").write_text("name: Adults Scrutiny\n", encoding="utf-8")
    code, out, err = run_import(capsys, tmp_path / "northshire.docx", site, mapping=mapping)
    assert code == 0, err
    assert "Checks on the imported proposals: 0 errors, 0 warnings." in out
    assert body(site / "proposals/ns-014.yaml") == expected
