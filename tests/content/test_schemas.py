"""The editor schemas give the same answers as check: every content file of the bundled site,
the examples and the fixtures passes its schema, and every broken case of the tests that
check rejects for its shape, the schema rejects too. (Arithmetic is for check alone.)

The files are read as a YAML language server reads them, by YAML 1.2's core schema: a bare
``yes`` or ``10:00`` is text there, where PyYAML (YAML 1.1) makes them a bool and a number.
"""

from __future__ import annotations

import json
import re

import pytest

from ..support.brokencases import BAD, write_files

jsonschema = pytest.importorskip(
    "jsonschema", reason="jsonschema is a test dependency: pip install -e '.[test]'"
)

from scrutinypack import schemas  # noqa: E402
from scrutinypack.build.reading import read_site  # noqa: E402
from scrutinypack.content.load import _split_front_matter  # noqa: E402
from scrutinypack.content.yamldoc import Map, Scalar, Seq, read_yaml  # noqa: E402

from ..support.content import COMMITTEE, PROPOSAL, ROOT, SITE, write_content  # noqa: E402

# -- reading YAML as the language server does ---------------------------------------------

_INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT = re.compile(
    r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)"
)


def yaml12(value):
    """A document read by yamldoc, as JSON values under YAML 1.2's core schema."""
    if isinstance(value, Map):
        return {str(k): yaml12(v) for k, v in value.items()}
    if isinstance(value, Seq):
        return [yaml12(v) for v in value]
    if isinstance(value, Scalar) and value.kind != "str":  # plain: YAML 1.1 resolved it
        if value in ("true", "True", "TRUE", "false", "False", "FALSE"):
            return value.lower() == "true"
        if _INT.fullmatch(value):
            return int(value, 0) if value[:2] in ("0o", "0x") else int(value)
        if _FLOAT.fullmatch(value):
            return float(value)
    return None if value is None else str(value)


def kind_of(rel: str) -> str | None:
    """Which schema a content file answers to (None: no schema, e.g. glossary.yaml)."""
    parts = rel.split("/")
    if parts in (["site.yaml"], ["glossary.yaml"]):
        return parts[0].removesuffix(".yaml")
    if len(parts) == 2 and parts[1].endswith((".yaml", ".yml")):
        return {
            "proposals": "proposal",
            "committees": "committee",
            "monitoring": "monitoring",
            "recommendations": "recommendations",
        }.get(parts[0])
    if len(parts) == 2 and parts[0] == "reports" and parts[1].endswith(".md"):
        return "report"
    return None


def document(text: str, kind: str):
    if kind == "report":
        front, _, _ = _split_front_matter(text)
        text = front or ""
    data, problems = read_yaml(text, "f")
    assert not problems, problems
    return yaml12(data)


VALIDATORS = {
    kind: jsonschema.Draft7Validator(json.loads(schemas.schema_text(kind))) for kind in schemas.KINDS
}


def schema_errors(text: str, kind: str) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}"
        for e in VALIDATORS[kind].iter_errors(document(text, kind))
    ]


#: What check rejects a file for that its schema sees too: the shape of the file. The rest
#: are for check alone: YAML it cannot read, bytes that are not text, files too large, and
#: what needs the other files or the arithmetic (a duplicate ref, a committee that is not
#: there, a table's rows as wide as its columns, a total that does not add up).
SHAPE_CODES = {
    "wrong-type",
    "unknown-field",
    "missing-field",
    "invalid-year",
    "invalid-date",
    "invalid-amount",
    "invalid-value",
    "two-profiles",
}
CHECK_ALONE_CODES = {
    "yaml-syntax",
    "duplicate-key",
    "yaml-too-large",
    "yaml-recursive",
    "yaml-too-deep",
    "yaml-merge",
    "yaml-key",
    "empty-file",
    "no-site-yaml",
    "not-utf8",
    "file-too-large",
    "unknown-proposal",
}  # the little site's agenda names SC001, gone with its file


# -- every file that builds passes ---------------------------------------------------------

FOLDERS = [
    ROOT / "content",
    *sorted(p.parent for p in (ROOT / "examples").glob("*/site.yaml")),
    ROOT / "examples/import/content",
    *sorted(p.parent for p in (ROOT / "tests/fixtures").glob("*/site.yaml")),
]
CONTENT_FILES = [
    (folder, path)
    for folder in FOLDERS
    for path in sorted(folder.rglob("*"))
    if path.is_file() and kind_of(path.relative_to(folder).as_posix())
]
SHIPPED_GLOSSARY = ROOT / "scrutinypack/glossary.yaml"  # what a content folder's glossary.yaml extends


def test_the_schemas_are_valid_draft_7_and_share_their_definitions():
    shared: dict[str, dict] = {}
    for kind in schemas.KINDS:
        schema = json.loads(schemas.schema_text(kind))
        jsonschema.Draft7Validator.check_schema(schema)
        for name, definition in schema["definitions"].items():
            assert shared.setdefault(name, definition) == definition, f"{kind}: {name} differs"


def test_every_field_is_described_in_words():
    undescribed = []

    def walk(node, schema, where):
        if isinstance(node, list):
            for entry in node:
                walk(entry, schema, where)
        elif isinstance(node, dict):
            for name, field in node.get("properties", {}).items():
                target = schema["definitions"][field["$ref"].rsplit("/", 1)[1]] if "$ref" in field else {}
                if not (field.get("description") or target.get("description")):
                    undescribed.append(f"{where}: {name}")
            for key, value in node.items():
                if key not in ("allOf", "if", "then"):  # conditions between fields, not fields
                    walk(value, schema, where)

    for kind in schemas.KINDS:
        schema = json.loads(schemas.schema_text(kind))
        walk(schema, schema, kind)
    assert undescribed == []


def test_there_are_files_of_every_kind_to_validate():
    kinds = [kind_of(path.relative_to(folder).as_posix()) for folder, path in CONTENT_FILES]
    on_disk = {
        folder_name: sum(len(list((folder / folder_name).glob(pattern))) for folder in FOLDERS)
        for folder_name, pattern in (
            ("proposals", "*.yaml"),
            ("committees", "*.yaml"),
            ("reports", "*.md"),
            ("monitoring", "*.yaml"),
            ("recommendations", "*.yaml"),
        )
    }
    assert on_disk["proposals"] > 80 and on_disk["committees"] > 5 and on_disk["reports"] >= 2
    assert {kind: kinds.count(kind) for kind in schemas.KINDS} == {
        "site": len(FOLDERS),
        "proposal": on_disk["proposals"],
        "committee": on_disk["committees"],
        "report": on_disk["reports"],
        "glossary": 0,
        "monitoring": on_disk["monitoring"],
        "recommendations": on_disk["recommendations"],
    }


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda f: f.relative_to(ROOT).as_posix())
def test_every_file_that_check_reads_passes_its_schema(folder):
    assert [p for p in read_site(folder).blocking if p.code in SHAPE_CODES] == []  # the import
    # example's agenda names proposals still to be imported: the one kind of problem it has
    failures = {}
    for base, path in CONTENT_FILES:
        if base == folder:
            rel = path.relative_to(folder).as_posix()
            errors = schema_errors(path.read_text(encoding="utf-8"), kind_of(rel))
            if errors:
                failures[rel] = errors
    assert failures == {}


def test_the_shipped_glossary_passes_the_glossary_schema():
    assert schema_errors(SHIPPED_GLOSSARY.read_text(encoding="utf-8"), "glossary") == []
    assert schema_errors("- term: DSG\n  mark: some\n", "glossary")  # no definition; mark misspelt


def test_the_tests_own_little_site_passes():
    for text, kind in ((SITE, "site"), (PROPOSAL, "proposal"), (COMMITTEE, "committee")):
        assert schema_errors(text, kind) == []


# -- every broken case that check rejects for its shape, the schema rejects -----------------


def p(old: str, new: str) -> str:
    assert old in PROPOSAL
    return PROPOSAL.replace(old, new)


def meeting(line: str) -> str:
    return COMMITTEE.replace("    title: Savings\n", f"    title: Savings\n    {line}\n")


#: The broken cases of tests/content/test_validate.py, test_loading.py and tests/site/test_hostile.py, and the
#: fields added in content format 1.1's time (BAD of tests/support/brokencases.py joins them below).
CASES = {
    "ref and title missing": {"proposals/sc001.yaml": "service: Waste\n"},
    "a year that is not the next": {"proposals/sc001.yaml": p("start_year: 2019/20", "start_year: 2019/21")},
    "site years written 2019-20": {"site.yaml": "title: t\nunit: m\nyears: [2019-20]\n"},
    "an amount in words": {"proposals/sc001.yaml": p("total: -0.250", "total: about a quarter")},
    "savings and budget_change": {"proposals/sc001.yaml": PROPOSAL + "savings: {2019/20: 0.250}\n"},
    "decisions a list": {"proposals/sc001.yaml": PROPOSAL + "decisions: [a, b]\n"},
    "status misspelt": {"proposals/sc001.yaml": p("status: proposed", "status: aproved")},
    "meeting date 15/01/2018": {"committees/budget.yaml": "name: B\nmeetings:\n  - date: 15/01/2018\n"},
    "a list for a proposal": {"proposals/sc001.yaml": "- ref: SC001\n"},
    **{
        f"base_url {url}": {"site.yaml": SITE + f"base_url: '{url}'\n"}
        for url in (
            "javascript:alert(1)//",
            "data:text/html,x",
            "//evil.example/",
            "ftp://example.org/",
            "example.org/savings/",
        )
    },
    "meeting time with a dot": {"committees/budget.yaml": meeting('time: "10.30"')},
    "meeting time past midnight": {"committees/budget.yaml": meeting('time: "24:00"')},
    "meeting time without minutes": {"committees/budget.yaml": meeting("time: 10am")},
    "fte_total with fte blocks": {
        "proposals/sc001.yaml": PROPOSAL + "fte:\n  - label: Recurrent\n"
        "    years: {2019/20: -1.0}\n    total: -1.0\nfte_total: -1.0\n"
    },
    "a baseline part without its amount": {
        "proposals/sc001.yaml": p("income: 0.600", "income: [{label: Fees}]")
    },
    "a row total without its column": {
        "proposals/sc001.yaml": PROPOSAL + "tables:\n  - columns: [A, B]\n    row_totals: [{sums: [A]}]\n"
    },
    "a profile_basis misspelt": {"site.yaml": SITE + "profile_basis: cumulitive\n"},
    "an item with the other convention": {
        "proposals/sc001.yaml": PROPOSAL + "items:\n  - number: '1'\n    savings: {2019/20: 0.250}\n"
    },
    "a summary grouped by a misspelt word": {
        "committees/budget.yaml": COMMITTEE.replace("{group_by: service}", "{group_by: servce}")
    },
    "a percentage without its whole": {
        "proposals/sc001.yaml": PROPOSAL + "percentages:\n  - {part: 1.0, stated: 10%}\n"
    },
    "a reported date in words": {
        "proposals/sc001.yaml": PROPOSAL + "reported:\n  - {body: Cabinet, date: September 2017}\n"
    },
    "a report's title missing": {"reports/paper.md": "---\ndate: 2018-01-15\n---\nBody\n"},
    "a report's date in words": {"reports/paper.md": "---\ntitle: Paper\ndate: 15 January\n---\nBody\n"},
}
ALL_CASES = {**CASES, **{f"broken input: {name}": bad.files for name, bad in BAD.items()}}


def rejected_by_check(tmp_path, files: dict) -> dict[str, set[str]]:
    """The codes of what check rejects in ``files``, by file, over the tests' little site."""
    root = write_content(
        tmp_path / "content",
        {"site.yaml": SITE, "proposals/sc001.yaml": PROPOSAL, "committees/budget.yaml": COMMITTEE},
    )
    write_files(root, files)
    found: dict[str, set[str]] = {}
    for problem in read_site(root).blocking:
        found.setdefault(problem.file, set()).add(problem.code)
    return found


@pytest.mark.slow
@pytest.mark.parametrize("name", ALL_CASES)
def test_what_check_rejects_for_its_shape_the_schema_rejects(tmp_path, name):
    files = ALL_CASES[name]
    rejected = rejected_by_check(tmp_path, files)
    assert rejected, "check accepts it: not a broken case"
    shape = {rel for rel, found in rejected.items() if found & SHAPE_CODES}
    if not shape:  # unreadable YAML or bytes, or a file missing: no document for a schema
        assert set().union(*rejected.values()) <= CHECK_ALONE_CODES
    for rel in shape:
        data = files[rel]
        text = data.decode("utf-8") if isinstance(data, bytes) else data
        assert schema_errors(text, kind_of(rel)), f"{rel} passes its schema, but check says {rejected[rel]}"


def test_the_new_fields_of_format_1_1_pass():
    assert schema_errors(meeting('time: "14:30"'), "committee") == []
    assert (
        schema_errors(
            COMMITTEE.replace(
                "      - title: Option forms", "      - title: Option forms\n        number: 10a"
            ),
            "committee",
        )
        == []
    )
    plain = SITE.split("accessibility:")[0]  # the tests' site.yaml has a statement of its own
    assert (
        schema_errors(
            plain
            + """\
brand:
  colour: "#005ea5"
  logo: assets/logo.svg
  logo_alt: Test Council
  footer_links: [{label: Privacy, url: "https://example.org/privacy"}]
accessibility:
  contact: access@example.org
  prepared: 2019-01-15
  reviewed: 2019-06-01
  compliance: partially
  known_issues: [Some PDFs are not fully tagged.]
""",
            "site",
        )
        == []
    )
    assert schema_errors(plain + "brand: {colour: blue}\n", "site")
    assert schema_errors(plain + "accessibility: {compliance: mostly}\n", "site")
    assert schema_errors(plain + "brand: {logo: assets/logo.svg}\n", "site")  # no logo_alt
    assert schema_errors(plain + "brand: {logo: ../logo.svg, logo_alt: x}\n", "site")
    assert schema_errors(plain + "brand: {footer_links: [{label: x, url: 'javascript:alert(1)'}]}\n", "site")


# -- new and schema put the schemas where the files point -----------------------------------


def test_every_starter_points_at_its_schema_in_the_content_folder_and_passes_it(tmp_path, capsys):
    from scrutinypack.cli import main

    root = tmp_path / "my-council"
    for args in (
        ["site"],
        ["proposal", "Close the depot"],
        ["committee", "Budget Scrutiny"],
        ["report", "MTFS update", "--committee", "budget-scrutiny"],
    ):
        assert main(["new", *args, "--content", str(root)]) == 0
    for path in [root / "site.yaml", *root.glob("*/*.*")]:
        if path.parent.name == schemas.FOLDER:
            continue
        text = path.read_text(encoding="utf-8")
        line = text.split("\n", 2)[1 if path.suffix == ".md" else 0]  # a report's, in its front matter
        target = (path.parent / line.removeprefix("# yaml-language-server: $schema=")).resolve()
        assert line.startswith("# yaml-language-server: $schema=") and target.parent == root / ".schemas"
        kind = kind_of(path.relative_to(root).as_posix())
        assert target.read_text(encoding="utf-8") == schemas.schema_text(kind)
        assert schema_errors(text, kind) == []
    assert read_site(root).blocking == []


def test_schema_refreshes_what_is_out_of_date_and_leaves_the_rest(content, capsys):
    from scrutinypack.cli import main

    root = content()
    assert main(["schema", "--content", str(root)]) == 0
    assert f"Wrote {len(schemas.KINDS)} schemas in" in capsys.readouterr().out
    stale = root / ".schemas/proposal.schema.json"
    stale.write_text("{}", encoding="utf-8")
    assert main(["schema", "--content", str(root)]) == 0
    assert "Wrote 1 schema in" in capsys.readouterr().out
    assert stale.read_text(encoding="utf-8") == schemas.schema_text("proposal")
    assert main(["schema", "--content", str(tmp := root / "nowhere")]) == 2
    assert f"{tmp}/site.yaml does not exist" in capsys.readouterr().err


# -- a real YAML language server, as VS Code's YAML extension runs it ------------------------

NPM_DIR = ROOT / ".cache/npm"
SERVER = NPM_DIR / "node_modules/yaml-language-server/bin/yaml-language-server"
SERVER_VERSION = "1.19.2"  # the version scripts/test.sh installs


@pytest.fixture(scope="module")
def language_server():
    """The server's command; installed from npm into .cache/npm when missing, as test.sh does."""
    import shutil
    import subprocess

    if shutil.which("node") is None:
        pytest.skip("the YAML language server needs Node.js (Debian's nodejs / npm)")
    if not SERVER.is_file():
        if shutil.which("npm") is None:
            pytest.skip(
                "npm is not installed, so the YAML language server cannot be: sh scripts/test.sh "
                "installs Debian's npm when run as root"
            )
        run = subprocess.run(
            [
                "npm",
                "install",
                "--prefix",
                str(NPM_DIR),
                "--no-audit",
                "--no-fund",
                "--loglevel=error",
                f"yaml-language-server@{SERVER_VERSION}",
            ],
            capture_output=True,
            text=True,
            timeout=600,
        )
        if run.returncode != 0 or not SERVER.is_file():
            pytest.skip(f"npm could not install yaml-language-server: {run.stderr.strip()[-300:]}")
    return ["node", str(SERVER), "--stdio"]


class LanguageClient:
    """Just enough of an LSP client: messages framed with Content-Length, read on a thread."""

    def __init__(self, command: list[str], settings: dict):
        import queue
        import subprocess
        import threading

        self.settings, self.next_id = settings, 0
        self.published: dict[str, list] = {}  # diagnostics by document
        self.responses: dict[int, object] = {}
        self.process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
        )
        self.inbox: queue.Queue = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        stream = self.process.stdout
        while True:
            headers = {}
            while (line := stream.readline()) not in (b"\r\n", b""):
                name, _, value = line.decode("ascii").partition(":")
                headers[name.strip().lower()] = value.strip()
            if not headers:
                return
            self.inbox.put(json.loads(stream.read(int(headers["content-length"]))))

    def send(self, message: dict) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode("utf-8")
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def request(self, method: str, params: dict) -> int:
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params})
        return self.next_id

    def until(self, done, seconds: float = 90) -> None:
        """Read messages until ``done()``, answering the server's own requests (for the
        settings, for capabilities) and keeping its diagnostics and responses."""
        import queue
        import time

        deadline = time.monotonic() + seconds
        while not done():
            try:
                message = self.inbox.get(timeout=max(deadline - time.monotonic(), 0.01))
            except queue.Empty:
                return
            if message.get("method") == "workspace/configuration":
                self.send(
                    {
                        "id": message["id"],
                        "result": [
                            self.settings.get(item.get("section"), None)
                            for item in message["params"]["items"]
                        ],
                    }
                )
            elif "method" in message and "id" in message:
                self.send({"id": message["id"], "result": None})
            elif message.get("method") == "textDocument/publishDiagnostics":
                self.published[message["params"]["uri"]] = message["params"]["diagnostics"]
            elif "id" in message:
                self.responses[message["id"]] = message.get("result")

    def close(self):
        self.process.kill()
        self.process.wait()


def test_a_yaml_language_server_underlines_a_misspelt_field_and_explains_the_rest(language_server, content):
    root = content({})
    schemas.write(root)
    modeline = schemas.modeline("proposal")
    wrong = (
        modeline
        + PROPOSAL.replace("status: proposed", "status: aproved").replace(
            "start_year: 2019/20", "start_year: 2019-20"
        )
        + "totl: -0.250\n"
    )
    right = modeline + PROPOSAL
    files = {root / "proposals/sc001.yaml": right, root / "proposals/sc009.yaml": wrong}
    settings = {
        "yaml": {
            "validate": True,
            "hover": True,
            "completion": True,
            "schemaStore": {"enable": False},
            "yamlVersion": "1.2",
        }
    }
    client = LanguageClient(language_server, settings)
    try:
        client.request(
            "initialize",
            {
                "processId": None,
                "rootUri": root.as_uri(),
                "capabilities": {
                    "workspace": {"configuration": True},
                    "textDocument": {"publishDiagnostics": {}},
                },
            },
        )
        client.send({"method": "initialized", "params": {}})
        client.send({"method": "workspace/didChangeConfiguration", "params": {"settings": settings}})
        for path, text in files.items():
            path.write_text(text, encoding="utf-8")
            client.send(
                {
                    "method": "textDocument/didOpen",
                    "params": {
                        "textDocument": {
                            "uri": path.as_uri(),
                            "languageId": "yaml",
                            "version": 1,
                            "text": text,
                        }
                    },
                }
            )
        client.until(lambda: set(client.published) == {path.as_uri() for path in files})
        hover = client.request(
            "textDocument/hover",
            {
                "textDocument": {"uri": (root / "proposals/sc001.yaml").as_uri()},
                "position": {"line": 11, "character": 2},
            },
        )  # total:
        complete = client.request(
            "textDocument/completion",
            {
                "textDocument": {"uri": (root / "proposals/sc001.yaml").as_uri()},
                "position": {"line": len(right.split("\n")) - 1, "character": 0},
            },
        )  # a new line at the end
        client.until(lambda: hover in client.responses and complete in client.responses)
    finally:
        client.close()
    found = client.published
    assert "The total of the profile as printed." in json.dumps(client.responses[hover])
    offered = {item["label"] for item in client.responses[complete]["items"]}
    assert {
        "fte_note",
        "profile_basis",
        "percentages",
    } <= offered and "status" not in offered  # given already
    assert found[(root / "proposals/sc001.yaml").as_uri()] == []  # the right file: nothing to say
    said = sorted(
        (d["range"]["start"]["line"], d["message"]) for d in found[(root / "proposals/sc009.yaml").as_uri()]
    )
    lines = wrong.split("\n")
    assert [(line, lines[line].split(":")[0]) for line, _ in said] == [
        (5, "status"),
        (6, "start_year"),
        (12, "totl"),
    ]
    assert 'Valid values: "proposed", "consultation", "approved"' in said[0][1]
    assert (
        said[1][1]
        == "Write a financial year as YYYY/YY, the second part the year after the first, e.g. 2019/20."
    )
    assert "Property totl is not allowed." in said[2][1]


#: Fields agreed between the engineers of content format 1.1 that check may not read yet on
#: this branch (site.yaml's brand and accessibility, an agenda item's number): the schema
#: describes them already, so an editor does not underline what the next release accepts.
AGREED = {"brand", "accessibility", "number"}


def test_the_schemas_name_every_field_check_accepts_and_no_other():
    from scrutinypack import glossary
    from scrutinypack.content import validate

    def fields(kind: str, *where: str) -> set[str]:
        node = json.loads(schemas.schema_text(kind))
        for step in where:
            node = node[step]
        return set(node["properties"])

    for described, accepted in (
        (fields("site"), validate.SITE_FIELDS),
        (fields("proposal"), validate.PROPOSAL_FIELDS),
        (fields("proposal", "definitions", "item"), validate.ITEM_FIELDS),
        (fields("proposal", "definitions", "baseline"), validate.BASELINE_FIELDS),
        (fields("proposal", "definitions", "blocks", "items"), validate.BLOCK_FIELDS),
        (fields("proposal", "definitions", "table"), validate.TABLE_FIELDS),
        (fields("committee"), validate.COMMITTEE_FIELDS),
        (fields("committee", "definitions", "meeting"), validate.MEETING_FIELDS),
        (fields("committee", "definitions", "agendaItem"), validate.AGENDA_FIELDS),
        (fields("committee", "definitions", "summary"), validate.SUMMARY_FIELDS),
        (fields("report"), validate.REPORT_FIELDS),
        (fields("glossary", "items"), glossary.FIELDS),
    ):
        assert set(accepted) <= described and described - set(accepted) <= AGREED, accepted
