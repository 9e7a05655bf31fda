"""python build.py new: starter files that take the next free ref, never overwrite, and build."""

from __future__ import annotations

import pytest

from scrutinypack.build.builder import build
from scrutinypack.build.reading import read_site
from scrutinypack.cli import main

from ..support.content import codes


def new(capsys, *args: str) -> tuple[int, str, str]:
    code = main(["new", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def refs_site(content, *refs: str):
    """The fixture site with a proposal file for each ref."""
    return content({f"proposals/{ref.lower()}.yaml": f"ref: {ref}\ntitle: Proposal {ref}\n" for ref in refs})


def test_a_new_proposal_takes_the_next_ref_after_the_highest(content, capsys):
    root = refs_site(content, "SC002", "SC811", "CYP13")  # and the fixture's SC001
    code, out, _ = new(capsys, "proposal", "Close the depot", "--content", str(root))
    assert code == 0
    path = root / "proposals/sc812.yaml"
    assert f"Wrote a new proposal SC812 in {path}" in out
    assert "ref: SC812\ntitle: Close the depot\n" in path.read_text(encoding="utf-8")


def test_the_ref_keeps_the_prefix_and_digits_the_clerk_chooses(content, capsys):
    root = refs_site(content, "CYP01", "CYP09")
    assert new(capsys, "proposal", "--prefix", "CYP", "--content", str(root))[0] == 0
    assert (root / "proposals/cyp10.yaml").read_text().count("ref: CYP10\n") == 1
    assert new(capsys, "proposal", "--ref", "X/7", "--content", str(root))[0] == 0
    assert "ref: X/7\n" in (root / "proposals/x-7.yaml").read_text()


def test_a_site_without_proposals_starts_at_p001(content, capsys):
    root = content({"proposals/sc001.yaml": None, "committees/budget.yaml": None})
    assert new(capsys, "proposal", "--content", str(root))[0] == 0
    assert "ref: P001\n" in (root / "proposals/p001.yaml").read_text()


def test_nothing_is_ever_overwritten(content, capsys):
    root = content()
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    code, _, err = new(capsys, "proposal", "--ref", "SC001", "--content", str(root))
    assert code == 2 and "SC001 is already used" in err
    code, _, err = new(capsys, "committee", "Budget", "--slug", "budget", "--content", str(root))
    assert code == 2 and "already exists and is never overwritten" in err
    code, _, err = new(capsys, "site", "--content", str(root))
    assert code == 2 and "site.yaml already exists" in err
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before
    assert "Traceback" not in err


def test_every_starter_builds_and_checks_clean(tmp_path, capsys):
    root = tmp_path / "my-council"
    for args in (
        ["site", "Savings 2025/26", "--council", "Testshire County Council"],
        ["proposal", "Close the depot"],
        ["proposal"],
        ["committee", "Budget Scrutiny Working Group"],
        ["meeting", "--committee", "budget-scrutiny-working-group", "--date", "2025-01-15"],
        ["meeting", "Second reading", "--committee", "budget-scrutiny-working-group", "--date", "2025-02-12"],
        ["report", "MTFS update", "--committee", "budget-scrutiny-working-group", "--date", "2025-01-10"],
    ):
        code, out, err = new(capsys, *args, "--content", str(root))
        assert code == 0, err
    result = read_site(root)
    # the one thing left to the clerk: the accessibility statement's facts (commented in site.yaml)
    assert codes(result.problems) == ["accessibility-statement"] and result.site.findings == []
    assert [p.ref for p in result.site.proposals] == ["P001", "P002", "P003", "P004"]  # 2 examples
    assert [m.title for m in result.site.meetings()][-2:] == ["Savings proposals", "Second reading"]
    assert main(["check", "--content", str(root)]) == 0
    assert "4 proposals checked: 0 errors, 1 warning." in capsys.readouterr().out
    build(root, tmp_path / "site")
    assert "Close the depot" in (tmp_path / "site/proposals/p003/index.html").read_text()
    assert (tmp_path / "site/reports/mtfs-update/index.html").is_file()


COMMENTED = """\
# Budget scrutiny: the clerk's notes stay where they are.
name: Budget Scrutiny
meetings:   # in date order
  - date: 2018-01-15
    title: Savings
    agenda:
      - title: Option forms
        proposals: [SC001]   # the waste proposal
        summary: {group_by: service}
  # next meeting to be confirmed by the chair
description: |
  Scrutinises the budget.
"""


def test_a_new_meeting_is_added_to_the_committee_and_keeps_its_comments(content, capsys):
    root = content({"committees/budget.yaml": COMMENTED})
    code, out, _ = new(
        capsys,
        "meeting",
        "Budget 2019/20",
        "--committee",
        "budget",
        "--date",
        "2019-01-14",
        "--content",
        str(root),
    )
    assert code == 0
    path = root / "committees/budget.yaml"
    assert (
        f"Wrote a new meeting on 2019-01-14, added at the end of the committee's meetings, in {path}" in out
    )
    text = path.read_text(encoding="utf-8")
    assert text.startswith(COMMENTED.split("description:")[0])  # all that was there, as it was
    assert text.endswith("description: |\n  Scrutinises the budget.\n")
    committee = read_site(root).site.committees[0]
    assert [(m.date.isoformat(), m.title) for m in committee.meetings] == [
        ("2018-01-15", "Savings"),
        ("2019-01-14", "Budget 2019/20"),
    ]
    assert committee.description == "Scrutinises the budget."


def test_a_second_meeting_on_the_same_day_is_refused(content, capsys):
    root = content()
    before = (root / "committees/budget.yaml").read_text()
    code, _, err = new(
        capsys, "meeting", "--committee", "budget", "--date", "2018-01-15", "--content", str(root)
    )
    assert code == 2 and "already has a meeting on 2018-01-15: give another --date" in err
    assert (root / "committees/budget.yaml").read_text() == before


def test_mistakes_in_the_command_say_what_to_do(content, capsys):
    root = content()
    code, _, err = new(capsys, "meeting", "--committee", "budgt", "--content", str(root))
    assert code == 2 and "there is no committee 'budgt'" in err and "this site has budget" in err
    code, _, err = new(capsys, "proposal", "--content", str(root.parent / "nowhere"))
    assert code == 2 and "new site --content" in err
    with pytest.raises(SystemExit) as exit_:
        main(["new", "meeting", "--date", "15/01/2019", "--content", str(root)])
    assert exit_.value.code == 2
    assert "'15/01/2019' is not a date: write YYYY-MM-DD, e.g. 2019-01-15" in capsys.readouterr().err


def test_new_help_shows_examples(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["new", "--help"])
    assert exit_.value.code == 0
    text = capsys.readouterr().out
    for words in (
        'new proposal "Reduce waste',
        "new meeting --committee",
        "--prefix",
        "Nothing is overwritten",
    ):
        assert words in text
