"""build.py publish freezes the proposals into the content folder, exactly as written, and
reads them back the way the content is read: a clear message, with file and line, for
anything wrong, and nothing written twice."""

import json

import pytest

from scrutinypack.build.builder import build
from scrutinypack.cli import main
from scrutinypack.content.publications import read_publication
from scrutinypack.problems import ContentError

from ..support.content import PROPOSAL


def publish(root, date) -> int:
    return main(["publish", "--content", str(root), "--date", date])


def test_a_publication_keeps_every_field_exactly_as_written(content):
    root = content(
        {"proposals/sc001.yaml": PROPOSAL + "impact: Fewer *visits* to the tip.\nfull_year: TBC\n"}
    )
    assert publish(root, "2019-01-15") == 0
    text = (root / "publications/2019-01-15.json").read_text(encoding="utf-8")
    document = json.loads(text)
    assert document["version"] == 1 and document["date"] == "2019-01-15"
    assert list(document) == sorted(document)  # keys sorted, so the file diffs well
    fields = document["proposals"]["SC001"]["fields"]
    assert fields["budget_change"] == {"2019/20": "-0.250", "2020/21": "0.000"}  # decimals kept
    assert fields["baseline"] == {"year": "2018/19", "gross": "8.064", "income": "0.600", "net": "7.464"}
    assert fields["impact"] == "Fewer *visits* to the tip." and fields["full_year"] == "TBC"
    assert document["proposals"]["SC001"]["file"] == "proposals/sc001.yaml"
    assert document["site"]["unit"] == "m"


def test_a_publication_reads_back_as_the_records_it_froze(content):
    root = content({})
    publish(root, "2019-01-15")
    publication, problems = read_publication(
        (root / "publications/2019-01-15.json").read_text(encoding="utf-8"), "publications/2019-01-15.json"
    )
    assert problems == []
    p = publication.by_ref["SC001"]
    assert str(p.total_saving().value) == "0.250" and p.total_saving().places == 3
    assert p.status == "proposed" and p.baseline.net.text == "7.464"


def test_publishing_the_same_content_twice_is_a_no_op(content, capsys):
    root = content({})
    assert publish(root, "2019-01-15") == 0
    first = (root / "publications/2019-01-15.json").stat()
    capsys.readouterr()
    assert publish(root, "2019-02-12") == 0
    assert "Nothing has changed since the publication of 15 January 2019" in capsys.readouterr().out
    assert sorted(p.name for p in (root / "publications").iterdir()) == ["2019-01-15.json"]
    assert (root / "publications/2019-01-15.json").stat().st_mtime_ns == first.st_mtime_ns


def test_a_date_earlier_than_the_last_publication_is_refused(content, capsys):
    root = content({})
    publish(root, "2019-02-12")
    (root / "proposals/sc001.yaml").write_text(PROPOSAL.replace("proposed", "approved"), encoding="utf-8")
    capsys.readouterr()
    assert publish(root, "2019-01-15") == 2
    error = capsys.readouterr().err
    assert "the last publication is dated 2019-02-12 (publications/2019-02-12.json)" in error
    assert "--date 2019-02-12 or later" in error
    assert not (root / "publications/2019-01-15.json").exists()


def test_publishing_again_on_the_same_day_replaces_that_days_publication(content, capsys):
    root = content({})
    publish(root, "2019-01-15")
    (root / "proposals/sc001.yaml").write_text(PROPOSAL.replace("proposed", "approved"), encoding="utf-8")
    capsys.readouterr()
    assert publish(root, "2019-01-15") == 0
    assert capsys.readouterr().out.startswith("Replaced 1 proposals as of 15 January 2019")
    document = json.loads((root / "publications/2019-01-15.json").read_text(encoding="utf-8"))
    assert document["proposals"]["SC001"]["fields"]["status"] == "approved"


def test_the_message_counts_what_changed_since_the_last_publication(content, capsys):
    root = content({})
    publish(root, "2019-01-15")
    (root / "proposals/sc002.yaml").write_text(PROPOSAL.replace("SC001", "SC002"), encoding="utf-8")
    capsys.readouterr()
    assert publish(root, "2019-02-12") == 0
    assert "(since 15 January 2019: 1 new, 0 changed, 0 withdrawn)" in capsys.readouterr().out


def test_content_with_errors_is_not_published(content, capsys):
    root = content({"proposals/sc001.yaml": PROPOSAL.replace("total: -0.250", "total: -0.2x0")})
    assert publish(root, "2019-01-15") == 2
    err = capsys.readouterr().err
    assert "proposals/sc001.yaml:11: error:" in err and "Nothing was published" in err
    assert not (root / "publications").exists()


def test_a_date_not_written_yyyy_mm_dd_is_refused(content, capsys):
    root = content({})
    with pytest.raises(SystemExit) as stop:
        publish(root, "15/01/2019")
    assert stop.value.code == 2
    assert "'15/01/2019' is not a date: write YYYY-MM-DD" in capsys.readouterr().err


def _published(content, edit) -> tuple[list[str], list]:
    """Publish, change the file with ``edit``; its lines, and what the build says about it."""
    root = content({})
    publish(root, "2019-01-15")
    path = root / "publications/2019-01-15.json"
    path.write_text(edit(path.read_text(encoding="utf-8")), encoding="utf-8")
    with pytest.raises(ContentError) as error:
        build(root, root.parent / "site")
    return path.read_text(encoding="utf-8").splitlines(), error.value.problems


def test_a_hand_edited_figure_is_named_with_its_file_and_line(content):
    text_lines, problems = _published(
        content, lambda text: text.replace('"total": "-0.250"', '"total": "-0.2x0"')
    )
    [problem] = problems
    assert problem.file == "publications/2019-01-15.json" and problem.ref == "SC001"
    assert '"-0.2x0"' in text_lines[problem.line - 1]
    assert "is not an amount" in problem.message


def test_broken_json_is_named_with_its_line(content):
    _, problems = _published(content, lambda text: text.replace('"ref": "SC001"', '"ref": "SC001",'))
    [problem] = problems
    assert problem.code == "publication-syntax" and problem.line > 1
    assert "not valid JSON" in problem.message and "publish again" in problem.message


def test_a_misspelt_field_in_a_publication_gets_a_suggestion(content):
    _, problems = _published(content, lambda text: text.replace('"status":', '"statsu":'))
    assert [p.code for p in problems] == ["unknown-field"]
    assert "did you mean 'status'?" in problems[0].message


def test_a_publication_named_for_another_date_is_refused(content):
    root = content({})
    publish(root, "2019-01-15")
    (root / "publications/2019-01-15.json").rename(root / "publications/2019-01-16.json")
    with pytest.raises(ContentError) as error:
        build(root, root.parent / "site")
    assert [p.code for p in error.value.problems] == ["publication-date"]
    assert "named 2019-01-16.json but its date is 2019-01-15" in error.value.problems[0].message
