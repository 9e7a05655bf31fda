"""An import writes every file or none: an error in what it would leave (a committee the site
lacks, a ref another file has) stops it before anything is written, and says what to add;
--add-committees writes a stub committee for the clerk to complete."""

from __future__ import annotations

from pathlib import Path

import pytest

from scrutinypack.build.reading import read_site
from scrutinypack.cli import main

from ..support.content import ROOT

MAP = """\
records:
  start: 'Proposal reference:\\s*(?P<ref>\\S+)'
  fixed:
    committees: [{committees}]
    status: proposed
fields:
  - label: Title of proposal
    into: title
"""

PAPER = """\
Proposal reference: NS-014
Title of proposal: Close two day centres
Proposal reference: NS-015
Title of proposal: Shorter library hours
"""


@pytest.fixture
def paper(tmp_path) -> Path:
    path = tmp_path / "forms.txt"
    path.write_text(PAPER, encoding="utf-8")
    return path


def imported(capsys, paper: Path, site: Path, committees: str, *more: str):
    mapping = paper.with_name("forms.map.yaml")
    mapping.write_text(MAP.format(committees=committees), encoding="utf-8")
    code = main(["import", str(paper), "--map", str(mapping), "--content", str(site), *more])
    out = capsys.readouterr()
    return code, out.out, out.err


def files(site: Path) -> dict[str, bytes]:
    """Every file and folder of the content folder, hidden ones included, with its bytes."""
    return {p.relative_to(site).as_posix(): p.read_bytes() if p.is_file() else b"" for p in site.rglob("*")}


def test_a_committee_the_site_lacks_stops_the_import_and_says_what_to_add(content, paper, capsys):
    site = content()
    before = files(site)
    code, out, err = imported(capsys, paper, site, "budget, adults-scrutiny")
    assert code == 2
    assert files(site) == before  # nothing written, nothing left behind
    assert "Imported" not in out
    assert "proposals/ns-014.yaml:6: error: unknown committee 'adults-scrutiny'" in err
    assert "proposals/ns-015.yaml:6: error: unknown committee 'adults-scrutiny'" in err
    assert (
        "Nothing was imported: the site would not build with these files (2 errors above): they "
        "name 1 committee the site does not have: adults-scrutiny (named in proposals/ns-014.yaml). "
        f"Add a file for each in {site}/committees/, e.g. committees/adults-scrutiny.yaml:\n\n"
        "    name: Adults Scrutiny\n\n"
    ) in err
    assert "run the import again with --add-committees" in err


def test_add_committees_writes_a_stub_to_complete_and_the_site_then_builds(content, paper, capsys):
    site = content()
    code, out, err = imported(capsys, paper, site, "adults-scrutiny, budget", "--add-committees")
    assert code == 0, err
    stub = site / "committees/adults-scrutiny.yaml"
    assert f"Added {stub}: a stub committee for proposals/ns-014.yaml; complete its name" in out
    assert "Imported 2 proposals from forms.txt" in out
    text = stub.read_text(encoding="utf-8")
    assert text.startswith(
        "# A stub written by 'scrutinypack import --add-committees': proposals/ns-014.yaml names it.\n"
        "# TO COMPLETE: the committee's name as the council prints it"
    )
    assert text.endswith("name: Adults Scrutiny\n")
    assert (site / "committees/budget.yaml").read_text(encoding="utf-8").startswith("name: Budget Scrutiny")
    result = read_site(site)
    assert result.blocking == []
    assert sorted(p.ref for p in result.site.proposals) == ["NS-014", "NS-015", "SC001"]


def test_a_ref_another_file_already_has_stops_the_import(content, paper, capsys):
    site = content({"proposals/older.yaml": "ref: NS-015\ntitle: The same proposal, saved by hand\n"})
    before = files(site)
    code, out, err = imported(capsys, paper, site, "budget")
    assert code == 2
    assert files(site) == before
    assert "duplicate" in err.lower() and "NS-015" in err
    assert "Nothing was imported: the site would not build with these files" in err
    assert "--add-committees" not in err


def test_an_error_the_site_already_has_does_not_stop_an_import(content, paper, capsys):
    site = content(
        {
            "committees/other.yaml": "name: Other\nmeetings:\n  - date: 2019-01-01\n    title: x\n"
            "    agenda:\n      - title: y\n        proposals: [XX99]\n"
        }
    )
    assert any(p.code == "unknown-proposal" for p in read_site(site).blocking)
    code, out, err = imported(capsys, paper, site, "budget")
    assert code == 0, err
    assert (site / "proposals/ns-014.yaml").is_file() and (site / "proposals/ns-015.yaml").is_file()


def test_a_spreadsheet_naming_a_committee_the_site_lacks_writes_nothing_either(content, capsys):
    site = content()
    before = files(site)
    examples = ROOT / "examples" / "import"
    code = main(
        [
            "import",
            str(examples / "lancashire-savings.csv"),
            "--map",
            str(examples / "lancashire-savings.map.yaml"),
            "--content",
            str(site),
        ]
    )
    err = capsys.readouterr().err
    assert code == 2
    assert files(site) == before
    assert "committees/childrens-services-education-scrutiny.yaml" in err


def test_a_link_in_the_way_is_named_where_it_is_in_the_content_folder(content, paper, tmp_path, capsys):
    site = content()
    outside = tmp_path / "outside"
    outside.mkdir()
    (site / "proposals").rename(tmp_path / "kept")
    (site / "proposals").symlink_to(outside, target_is_directory=True)
    code, out, err = imported(capsys, paper, site, "budget")
    assert code == 2 and list(outside.iterdir()) == []
    assert err == (
        f"error: {site}/proposals/ns-014.yaml leads through the link {site}/proposals: scrutinypack never "
        f"writes through a link, which could lead outside {site}; replace the link with a real file or "
        "folder, or delete it\n"
    )
