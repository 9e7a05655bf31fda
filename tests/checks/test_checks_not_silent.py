"""Issue 28: checks that passed in silence, open data a spreadsheet ran, templates that ran
code, and figures or dates that crashed the build instead of being reported."""

from __future__ import annotations

import csv
import io
import json
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from scrutinypack.build.reading import read_site

from ..support.content import PROPOSAL, ROOT, codes


def _findings(content, files: dict[str, str]) -> list:
    result = read_site(content(files))
    assert [p for p in result.problems if p.severity == "error"] == []
    return result.site.findings


def _proposal(old: str, new: str, extra: str = "") -> dict[str, str]:
    assert old in PROPOSAL
    return {"proposals/sc001.yaml": PROPOSAL.replace(old, new) + extra}


# -- E04: a bare 0 or a whole number does not set the tolerance ---------------------------------

# Each case: a sum whose parts include a bare 0, printed £1.000m (or 1 FTE) away from the sum of
# its figures, and the code of the finding that must be made. With the 0 read as "rounded to the
# nearest £1m", each of them passed with no finding.
BARE_ZERO = {
    # -0.250 + 0 = -0.250, printed -1.250: £1.000m out
    "profile": (_proposal("2020/21: 0.000\ntotal: -0.250", "2020/21: 0\ntotal: -1.250"), "profile-total"),
    # 8.064 - 0 = 8.064, printed 9.064: £1.000m out
    "baseline": (_proposal("income: 0.600, net: 7.464", "income: 0, net: 9.064"), "net-mismatch"),
    # 1.5 + 0 = 1.5 FTE, printed 2.5
    "fte": (_proposal("", "", "fte: {2019/20: 1.5, 2020/21: 0}\nfte_total: 2.5\n"), "fte-total"),
    # 0.100 + 0 = 0.100, printed 1.100
    "investment": (
        _proposal("", "", "investment: {2019/20: 0.100, 2020/21: 0}\ninvestment_total: 1.100\n"),
        "investment-total",
    ),
    # a table in £m: 0.250 + 0 = 0.250, printed 1.250
    "table": (
        _proposal(
            "",
            "",
            """\
tables:
  - caption: Savings by part
    unit: m
    columns: [Part, "2019/20"]
    rows:
      - [Staff, "0.250"]
      - [Buildings, "0"]
    total: [Total, "1.250"]
""",
        ),
        "table-total",
    ),
    # a report's Markdown table in £m: 3.400 + 0 = 3.400, printed 4.400
    "report table": (
        {
            "reports/mtfs.md": """\
---
title: MTFS
committee: budget
date: 2018-01-15
---
Numbers:

|  | A £m |
|---|---:|
| 2014/15 | 3.400 |
| 2015/16 | 0 |
|  | **4.400** |
"""
        },
        "table-total",
    ),
}


@pytest.mark.parametrize("case", BARE_ZERO)
def test_a_bare_zero_does_not_make_a_whole_unit_the_tolerance(content, case):
    files, code = BARE_ZERO[case]
    assert code in codes(_findings(content, files))


@pytest.mark.parametrize("case", BARE_ZERO)
def test_the_same_sums_within_one_unit_of_their_places_still_agree(content, case):
    """The figures with places still set a tolerance of one unit in their last place."""
    files, _code = BARE_ZERO[case]
    within = {
        name: text.replace("-1.250", "-0.251")
        .replace("net: 9.064", "net: 8.065")
        .replace("fte_total: 2.5", "fte_total: 1.6")
        .replace("investment_total: 1.100", "investment_total: 0.101")
        .replace('"1.250"', '"0.251"')
        .replace("**4.400**", "**3.401**")
        for name, text in files.items()
    }
    assert within != files
    assert _findings(content, within) == []


def test_a_proposal_page_does_not_call_a_total_a_pound_million_out_rounding(content):
    """The page's note under the profile: -0.250 and 0 add up to -0.250, not the -1.250 printed."""
    from scrutinypack.summaries import profile_across

    files, _code = BARE_ZERO["profile"]
    result = read_site(content(files))
    assert profile_across(result.site.by_ref["SC001"]).reason == "mismatch"


def test_whole_numbers_alone_keep_a_tolerance_of_one_unit(content):
    """A paper in pounds, every figure whole: £1 is the rounding, a bare 0 included."""
    table = """\
tables:
  - caption: In pounds
    unit: pounds
    columns: [Part, "2019/20"]
    rows:
      - [Staff, "1,224,000"]
      - [Buildings, "0"]
    total: [Total, "{total}"]
"""
    assert _findings(content, _proposal("", "", table.format(total="1,224,001"))) == []
    assert codes(_findings(content, _proposal("", "", table.format(total="1,224,002")))) == ["table-total"]


# -- E08: open data that no spreadsheet runs, whatever separator it splits on -----------------

FORMULAS = {
    "title": "Reduce costs;=2+5;",
    "service": "Waste,+1+1",
    "directorate": "Place\t@SUM(1,2)",
    "second title": 'Cut "this"; -3+4\n=HYPERLINK("http://evil.example")',
}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture(scope="module")
def formula_site(tmp_path_factory):
    from scrutinypack.build.builder import build

    from ..support.content import COMMITTEE, SITE, write_content

    root = tmp_path_factory.mktemp("formulas")
    quoted = {name: json.dumps(text) for name, text in FORMULAS.items()}
    first = PROPOSAL.replace("title: Reduce waste", f"title: {quoted['title']}").replace(
        "service: Waste", f"service: {quoted['service']}\ndirectorate: {quoted['directorate']}"
    )
    second = PROPOSAL.replace("ref: SC001", "ref: SC002").replace(
        "title: Reduce waste", f"title: {quoted['second title']}"
    )
    content = write_content(
        root / "content",
        {
            "site.yaml": SITE,
            "committees/budget.yaml": COMMITTEE,
            "proposals/sc001.yaml": first,
            "proposals/sc002.yaml": second,
        },
    )
    build(content, root / "site")
    return root / "site" / "data"


@pytest.mark.parametrize("separator", [",", ";", "\t"])
@pytest.mark.parametrize("quoting", [csv.QUOTE_MINIMAL, csv.QUOTE_NONE], ids=["quotes", "no quotes"])
def test_no_cell_of_the_csv_starts_a_formula_whatever_the_separator(formula_site, separator, quoting):
    text = (formula_site / "proposals.csv").read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=separator, quoting=quoting))
    cells = [cell.lstrip(' "') for row in rows for cell in row]
    assert len(rows) >= 3 and any("SC002" in cell for cell in cells)
    assert [cell for cell in cells if cell.startswith(FORMULA_START)] == []


def test_the_csv_quotes_text_keeps_figures_as_numbers_and_the_json_keeps_text(formula_site):
    text = (formula_site / "proposals.csv").read_text(encoding="utf-8")
    header, first, second = list(csv.reader(io.StringIO(text, newline="")))
    row = dict(zip(header, first))
    assert row["title"] == "Reduce costs;'=2+5;" and row["service"] == "Waste,'+1+1"
    assert row["directorate"] == "Place\t'@SUM(1,2)" and row["total_saving"] == "250000"
    # A title is one line: its line break is read as a space (content/controls.py).
    assert dict(zip(header, second))["title"] == 'Cut "this"; \'-3+4 =HYPERLINK("http://evil.example")'
    assert text.splitlines()[1].startswith('"SC001","Reduce costs;')
    assert ",250000," in text and ',"250000",' not in text  # a figure is a number, never quoted
    data = json.loads((formula_site / "proposals.json").read_text(encoding="utf-8"))
    assert [(p["title"], p["service"]) for p in data["proposals"]] == [
        (FORMULAS["title"], FORMULAS["service"]),
        (FORMULAS["second title"].replace("\n", " "), "Waste"),
    ]


# -- D12, D16: figures and dates beyond what can be computed are messages, not tracebacks ---------


def _refused_by_check_and_build(root, tmp_path, capsys, where: str, what: str) -> None:
    from scrutinypack.cli import main

    for command in (["check"], ["build", "--out", str(tmp_path / "site")]):
        assert main([*command, "--content", str(root)]) == 2
        said = "".join(capsys.readouterr())
        assert f"{where}: error: " in said and what in said and "Traceback" not in said
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize(
    "year, total",
    [
        ("-12345678901234567890123456789", "-0.250"),
        ("-0.250", "-12345678901234567890123456789.250"),
        ("-0.2500000000000000000000000001", "-0.250"),
    ],
)
def test_a_figure_of_29_digits_is_reported_with_its_line(content, tmp_path, capsys, year, total):
    text = PROPOSAL.replace("2019/20: -0.250", f"2019/20: {year}").replace("total: -0.250", f"total: {total}")
    line = 9 if year != "-0.250" else 11
    _refused_by_check_and_build(
        content({"proposals/sc001.yaml": text}),
        tmp_path,
        capsys,
        f"proposals/sc001.yaml:{line}",
        "has more digits than a figure can have",
    )


def test_a_meeting_in_the_year_9999_is_reported_with_its_line(content, tmp_path, capsys):
    from ..support.content import COMMITTEE

    committee = COMMITTEE.replace("date: 2018-01-15", "date: 9999-12-31")
    _refused_by_check_and_build(
        content({"committees/budget.yaml": committee}),
        tmp_path,
        capsys,
        "committees/budget.yaml:3",
        "meeting date '9999-12-31' is not a date",
    )


# -- E12: the content folder's templates run sandboxed ------------------------------------------

MARKER = "PWNED"  # a file each escape would create in the content folder's parent

ESCAPES = {
    "mro": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "cycler globals": "{{ cycler.__init__.__globals__.os.system('touch ../PWNED') }}",
    "template reference": "{{ self._TemplateReference__context.cycler.__init__.__globals__.os"
    ".popen('touch ../PWNED').read() }}",
    "lipsum": "{{ lipsum.__globals__['os'].popen('touch ../PWNED').read() }}",
    "namespace globals": "{{ namespace.__init__.__globals__.os.system('touch ../PWNED') }}",
    "module of a global": "{{ paths.posixpath.os.system('touch ../PWNED') }}",
    "format string": "{{ '{0.__class__.__init__.__globals__}'.format(site) }}",
    "changing the data": "{{ site.proposals.clear() }}",
}


def _override_home(root: Path, payload: str) -> int:
    """Put ``payload`` at the start of the home page's main block; returns its line."""
    text = (ROOT / "templates/home.html").read_text(encoding="utf-8")
    assert "{% block main %}" in text
    text = text.replace("{% block main %}", "{% block main %}\n" + payload + "\n", 1)
    (root / "templates").mkdir(exist_ok=True)
    (root / "templates/home.html").write_text(text, encoding="utf-8")
    return text.split("\n").index(payload) + 1


@pytest.mark.parametrize("payload", ESCAPES.values(), ids=list(ESCAPES))
def test_a_sandbox_escape_in_an_override_stops_the_build_naming_its_file_and_line(
    content, tmp_path, capsys, payload, monkeypatch
):
    from scrutinypack.cli import main

    root = content()
    monkeypatch.chdir(root)  # where a payload's relative "touch ../PWNED" would land
    line = _override_home(root, payload)
    assert main(["build", "--content", str(root), "--out", str(tmp_path / "site"), "--no-pdf"]) == 2
    err = capsys.readouterr().err
    assert f"templates/home.html:{line}: error: this template cannot be used as written" in err
    assert "Traceback" not in err and not (tmp_path / "site").exists()
    assert not (root.parent / MARKER).exists()


WIDE = "{% set s = site.config.council * 100 %}"  # 1,200 characters to loop over
HANGS = {
    "a loop in a loop": WIDE + "{% for a in s %}{% for b in s %}{% for c in s %}{% for d in s %}x"
    "{% endfor %}{% endfor %}{% endfor %}{% endfor %}",
    "a macro that calls itself": "{% macro f(n) %}{% if n < 60 %}{{ f(n + 1) }}{{ f(n + 1) }}{% endif %}"
    "{% endmacro %}{{ f(0) }}",
    "a recursive loop": WIDE + "{% for x in s recursive %}{% if loop.depth < 60 %}{{ loop(s) }}{% endif %}"
    "{% endfor %}",
    "text that doubles": WIDE + "{% set ns = namespace(s='x') %}{% for a in s %}{% set ns.s = ns.s ~ ns.s %}"
    "{% endfor %}",
    "a big range": "{{ range(10**9)|list|length }}",
    "a big power": "{{ 7 ** (10**9) }}",
    "a long text": "{{ 'x' * 10**10 }}",
    "a wide format": "{{ '%*d' % (10**9, 1) }}",
    "a wide centre": "{{ site.config.council.center(10**10) }}",
    "a big replace": WIDE + "{{ s|replace('T', s * 10**4) }}",
}


@pytest.mark.slow
@pytest.mark.parametrize("payload", HANGS.values(), ids=list(HANGS))
def test_an_override_that_would_hang_or_fill_the_memory_stops_with_a_message(content, tmp_path, payload):
    """Through the real command, in a process of its own held to 2 GB of memory and, against a
    real hang only, 60 s."""
    root = content()
    line = _override_home(root, payload)
    run = subprocess.run(
        [
            sys.executable,
            str(ROOT / "build.py"),
            "build",
            "--content",
            str(root),
            "--out",
            str(tmp_path / "site"),
            "--no-pdf",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        preexec_fn=_two_gigabytes,
    )
    assert run.returncode == 2, run.stderr[-2000:]
    assert f"templates/home.html:{line}: error: this template cannot be used as written" in run.stderr
    refused = (
        "'range' is undefined"
        if "range(" in payload
        else "(SecurityError) (the content folder's templates run sandboxed"
    )  # stopped before it ran out of memory, not by it
    assert refused in run.stderr and "MemoryError" not in run.stderr
    assert "Traceback" not in run.stderr and not (tmp_path / "site").exists()


def _two_gigabytes() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))


def test_an_override_renders_the_defaults_byte_for_byte_and_check_says_it_is_sandboxed(
    content, tmp_path, capsys
):
    from scrutinypack.build.builder import build
    from scrutinypack.cli import main

    root = content()
    build(root, tmp_path / "plain")
    (root / "templates").mkdir()
    (root / "templates/base.html").write_bytes((ROOT / "templates/base.html").read_bytes())
    build(root, tmp_path / "sandboxed")
    pages = sorted(p.relative_to(tmp_path / "plain") for p in (tmp_path / "plain").rglob("*") if p.is_file())
    assert pages == sorted(
        p.relative_to(tmp_path / "sandboxed") for p in (tmp_path / "sandboxed").rglob("*") if p.is_file()
    )
    assert [
        p for p in pages if (tmp_path / "plain" / p).read_bytes() != (tmp_path / "sandboxed" / p).read_bytes()
    ] == []
    assert main(["check", "--content", str(root)]) == 0
    out = capsys.readouterr().out
    assert "templates/: info: this site has 1 template of its own; they run sandboxed" in out
    assert out.strip().endswith("1 proposals checked: 0 errors, 0 warnings.")


def test_an_override_compiled_before_without_the_sandbox_is_not_run_from_the_cache(
    content, tmp_path, capsys, monkeypatch
):
    """Jinja's bytecode cache knows a template by its name and file, not by how it was compiled:
    code compiled without the sandbox (as scrutinypack did before) must not be run in it (it
    would make its calls without the sandbox's checks)."""
    from jinja2 import FileSystemBytecodeCache, FileSystemLoader

    from scrutinypack.cli import main
    from scrutinypack.render.html import make_environment

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    root = content()
    line = _override_home(root, "{{ site.config.council.center(50) }}")  # a call: compiled differently
    folder = tmp_path / "cache/scrutinypack/templates"
    folder.mkdir(parents=True)
    plain = make_environment().overlay(
        loader=FileSystemLoader(str(root / "templates")), bytecode_cache=FileSystemBytecodeCache(str(folder))
    )
    plain.get_template("home.html")
    assert list(folder.iterdir())
    assert main(["build", "--content", str(root), "--out", str(tmp_path / "site"), "--no-pdf"]) == 2
    assert f"templates/home.html:{line}: error: " in capsys.readouterr().err
