"""The content format is declared once (scrutinypack/format/): the validator, the editor
schemas, the field reference, the Markdown checks and the importer all read a field from its
one declaration, so a field added there is read, checked, offered and described everywhere."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal

import jsonschema
import pytest

from scrutinypack import schemas
from scrutinypack.build.reading import read_site
from scrutinypack.content.yamldoc import read_yaml
from scrutinypack.format import KINDS
from scrutinypack.format.committee import MEETING
from scrutinypack.format.editor_schemas import schema, text
from scrutinypack.format.fields import AMOUNT, DATE, MARKDOWN, TEXT, Choice, Field, ListOf
from scrutinypack.format.proposal import PROPOSAL as DECLARED
from scrutinypack.format.reference import reference
from scrutinypack.importing.mapfile import read_map

from .support.content import COMMITTEE, PROPOSAL, ROOT, codes

DECISION_DATE = Field(
    "decision_date", DATE, "The date the decision was taken.", example="2019-02-21", since="1.2"
)


def problems_for(content, proposal: str):
    result = read_site(content({"proposals/sc001.yaml": PROPOSAL + proposal}))
    return result, [p for p in result.problems if p.code != "accessibility-statement"]


@pytest.fixture
def declare(monkeypatch):
    """Add fields to the proposal's declaration, and to nothing else, for one test."""

    def add(*fields: Field) -> None:
        monkeypatch.setattr(DECLARED, "fields", DECLARED.fields + fields)

    return add


# -- the generated files are what the declarations make ------------------------------------


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_the_shipped_schema_is_the_one_the_declaration_makes(kind):
    assert schemas.schema_text(kind) == text(KINDS[kind]), (
        "a declaration changed: run python -m scrutinypack.format"
    )


def test_docs_fields_md_is_the_reference_the_declarations_make():
    assert (ROOT / "docs" / "fields.md").read_text(encoding="utf-8") == reference(KINDS), (
        "a declaration changed: run python -m scrutinypack.format"
    )


def test_help_fields_prints_every_field_of_every_kind_of_file():
    run = subprocess.run(
        [sys.executable, "-m", "scrutinypack", "help", "fields"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT / "tests",
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout == reference(KINDS)
    for kind in KINDS.values():
        assert f"## {kind.path}" in run.stdout
        for inner in [kind, *kind.nested()]:
            assert all(f"| `{f.name}` |" in run.stdout for f in inner.fields), inner.name
    assert "| `title` | text | yes |" in run.stdout


# -- a field added by one declaration -----------------------------------------------------


def test_a_declared_field_is_read_and_kept_on_the_record(content, declare):
    declare(DECISION_DATE)
    result, found = problems_for(content, "decision_date: 2019-02-21\n")
    assert found == []
    assert result.site.proposals[0].extra == {"decision_date": "2019-02-21"}


def test_a_declared_field_is_checked_by_its_type_with_file_and_line(content, declare):
    declare(DECISION_DATE)
    _, found = problems_for(content, "decision_date: 21/02/2019\n")
    assert codes(found) == ["invalid-date"]
    assert (found[0].file, found[0].line, found[0].ref) == ("proposals/sc001.yaml", 12, "SC001")
    assert "'decision_date' '21/02/2019' is not a date: write YYYY-MM-DD" in found[0].message


def test_a_misspelt_declared_field_is_offered(content, declare):
    declare(DECISION_DATE)
    _, found = problems_for(content, "decision_dat: 2019-02-21\n")
    assert codes(found) == ["unknown-field"]
    assert "did you mean 'decision_date'?" in found[0].message
    assert found[0].line == 12


def test_a_declared_field_is_unknown_without_its_declaration(content):
    _, found = problems_for(content, "decision_date: 2019-02-21\n")
    assert codes(found) == ["unknown-field"]


def test_a_declared_required_field_must_be_given(content, declare):
    declare(Field("sponsor", TEXT, "The cabinet member who sponsors it.", required=True))
    _, found = problems_for(content, "")
    assert codes(found) == ["missing-field"]
    assert found[0].message == "a proposal needs 'sponsor'"
    assert "sponsor" in schema(DECLARED)["required"]


def test_a_declared_amount_is_read_exactly_in_the_record_unit(content, declare):
    declare(Field("one_off_cost", AMOUNT, "A one-off cost, as printed."))
    result, found = problems_for(content, 'one_off_cost: "(1.250)"\n')
    assert found == []
    cost = result.site.proposals[0].extra["one_off_cost"]
    assert (cost.value, cost.unit, cost.brackets) == (Decimal("-1.250"), "m", True)
    _, found = problems_for(content, "one_off_cost: lots\n")
    assert codes(found) == ["invalid-amount"] and found[0].line == 12


def test_a_declared_choice_suggests_the_nearest_option(content, declare):
    declare(Field("priority", Choice("choice", options=("high", "medium", "low")), "How urgent it is."))
    _, found = problems_for(content, "priority: hgh\n")
    assert codes(found) == ["invalid-value"]
    assert "did you mean 'high'?" in found[0].message


def test_a_declared_markdown_field_has_its_links_checked(content, declare):
    declare(Field("background", MARKDOWN, "Why the saving is proposed, in Markdown."))
    result, found = problems_for(content, "background: See [the plan](/proposals/nowhere/).\n")
    assert found == []
    assert [(f.code, f.file, f.line, f.ref) for f in result.site.findings] == [
        ("broken-link", "proposals/sc001.yaml", 12, "SC001")
    ]


def test_a_field_declared_on_a_nested_kind_is_read_there(content, monkeypatch):
    webcast = Field("webcast", TEXT, "Where the meeting is streamed.", example="https://example.org/live")
    monkeypatch.setattr(MEETING, "fields", MEETING.fields + (webcast,))
    committee = COMMITTEE.replace(
        "    title: Savings\n", "    title: Savings\n    webcast: https://example.org/live\n"
    )
    result = read_site(content({"committees/budget.yaml": committee}))
    assert [p for p in result.problems if p.code != "accessibility-statement"] == []
    assert result.site.committees[0].meetings[0].extra == {"webcast": "https://example.org/live"}
    assert "webcast" in schema(KINDS["committee"])["definitions"]["meeting"]["properties"]


def test_a_declared_field_is_in_the_schema_an_editor_reads(declare):
    declare(DECISION_DATE)
    made = schema(DECLARED)
    assert made["properties"]["decision_date"] == {
        "$ref": "#/definitions/date",
        "description": "The date the decision was taken.",
    }
    validator = jsonschema.Draft7Validator(made)
    assert not list(validator.iter_errors({"ref": "SC001", "title": "T", "decision_date": "2019-02-21"}))
    assert list(validator.iter_errors({"ref": "SC001", "title": "T", "decision_date": "21/02/2019"}))
    assert list(validator.iter_errors({"ref": "SC001", "title": "T", "decision_dat": "2019-02-21"}))


def test_a_declared_field_is_in_the_reference(declare):
    declare(DECISION_DATE)
    assert (
        "| `decision_date` | date |  | `2019-02-21` | The date the decision was taken. | 1.2 |"
        in reference(KINDS)
    )


def test_an_import_map_may_fill_a_declared_field(declare):
    map_text = (
        "records:\n  start: 'Ref (?P<ref>\\S+)'\nfields:\n  - label: Decision date\n    into: decision_date\n"
    )
    data, _ = read_yaml(map_text, "map.yaml")
    refused = read_map(data, "map.yaml")[1]
    assert "'decision_date' is not a field of a proposal" in refused[0].message
    declare(DECISION_DATE)
    doc_map, problems = read_map(data, "map.yaml")
    assert problems == [] and doc_map is not None


@pytest.mark.parametrize(
    "declared",
    [lambda: ListOf("list"), lambda: ListOf("list", kind=MEETING, of=TEXT)],
    ids=["neither kind nor of", "both"],
)
def test_a_list_is_declared_of_records_or_of_values_never_both_or_neither(declared):
    """Its schema and its reference are made from the one it names: a slip fails at import."""
    with pytest.raises(TypeError, match="declares either kind= or of="):
        declared()
