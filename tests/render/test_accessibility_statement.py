"""The accessibility statement at site/accessibility/: GOV.UK's model statement, made from
site.yaml's accessibility: block, made all the same without it (and 'check' then says what
to fill in), and linked from every page."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from scrutinypack.build.builder import build
from scrutinypack.build.reading import read_site
from scrutinypack.cli import main

from ..support.content import codes

BARE_SITE = """\
council: Test Council
title: Savings proposals
unit: m
years: [2019/20, 2020/21]
contact: democratic.services@example.org
"""

STATEMENT = """\
accessibility:
  contact: https://example.org/accessibility-help
  phone: 01234 567890
  prepared: 2018-09-20
  reviewed: 2019-01-10
  compliance: partially
  known_issues:
    - Some tables in the **2017** papers have no column headings.
    - The [summary](/proposals/sc001/) was scanned.
  disproportionate_burden:
    - Papers from before 2018 are scanned images.
"""

# GOV.UK's model accessibility statement, section by section
SECTIONS = [
    "Using this website",
    "How accessible this website is",
    "Feedback and contact information",
    "Reporting accessibility problems with this website",
    "Enforcement procedure",
    "Technical information about this website’s accessibility",
    "Compliance status",
    "Non-accessible content",
    "Non-compliance with the accessibility regulations",
    "Disproportionate burden",
    "What we are doing to improve accessibility",
    "Preparation of this accessibility statement",
]


class Text(HTMLParser):
    """A page's headings and its main text, as a reader meets them."""

    def __init__(self, html: str):
        super().__init__()
        self.headings, self.text, self._in, self._main = [], [], None, False
        self.feed(html)
        self.text = re.sub(r"\s+", " ", "".join(self.text))

    def handle_starttag(self, tag, attrs):
        self._main = self._main or tag == "main"
        if tag in ("h1", "h2", "h3"):
            self._in = []

    def handle_endtag(self, tag):
        if tag in ("h1", "h2", "h3") and self._in is not None:
            self.headings.append("".join(self._in).strip())
            self._in = None
        self._main = self._main and tag != "main"

    def handle_data(self, data):
        if self._in is not None:
            self._in.append(data)
        if self._main:
            self.text.append(data)


def statement(content, tmp_path, site: str) -> tuple[Text, str]:
    root = content({"site.yaml": site})
    build(root, tmp_path / "site")
    html = (tmp_path / "site/accessibility/index.html").read_text(encoding="utf-8")
    return Text(html), html


def test_the_statement_follows_the_model_from_site_yaml(content, tmp_path):
    page, html = statement(content, tmp_path, BARE_SITE + STATEMENT)
    assert page.headings[0] == "Accessibility statement for Savings proposals"
    assert [h for h in page.headings if h in SECTIONS] == SECTIONS
    assert "This website is run by Test Council" in page.text
    assert "prepared on 20 September 2018. It was last reviewed on 10 January 2019." in page.text
    assert (
        "This website is partially compliant with the Web Content Accessibility Guidelines version 2.2 AA"
        in page.text
    )
    assert "<li><p>Some tables in the <strong>2017</strong> papers have no column headings.</p></li>" in html
    assert '<a href="../proposals/sc001/" rel="noopener noreferrer">summary</a>' in html
    assert "The 2 problems listed under how accessible this website is fail the" in page.text
    assert "Papers from before 2018 are scanned images." in page.text
    assert html.count('<a href="https://example.org/accessibility-help">') == 2  # formats, problems
    assert html.count('<a href="tel:01234567890">01234 567890</a>') == 2
    assert "Equality and Human Rights Commission (EHRC)" in page.text
    assert "Equality Commission for Northern Ireland" in page.text
    # what the tool itself is tested against
    assert re.search(
        r"Web Content Accessibility Guidelines 2\.2 at level AA with axe-core, and for "
        r"valid HTML with the Nu HTML Checker, in the Chromium browser",
        page.text,
    )
    assert "tagged PDFs (PDF/UA-1)" in page.text


def test_a_council_may_write_its_own_enforcement_paragraph(content, tmp_path):
    page, _ = statement(
        content, tmp_path, BARE_SITE + STATEMENT + "  enforcement: Write to *the ombudsman*.\n"
    )
    assert "Write to the ombudsman." in page.text and "EHRC" not in page.text


@pytest.mark.parametrize(
    "compliance,words",
    [
        ("fully", "This website is fully compliant with"),
        ("not", "This website is not compliant with"),
    ],
)
def test_each_compliance_status_is_said_as_the_model_says_it(content, tmp_path, compliance, words):
    site = BARE_SITE + STATEMENT.replace("compliance: partially", f"compliance: {compliance}")
    page, _ = statement(content, tmp_path, site)
    assert words in page.text


def test_without_the_block_the_page_is_made_with_the_councils_contact_and_check_warns(
    content, tmp_path, capsys
):
    page, html = statement(content, tmp_path, BARE_SITE)
    assert [h for h in page.headings if h in SECTIONS] == [
        s
        for s in SECTIONS
        if s not in ("Non-compliance with the accessibility regulations", "Disproportionate burden")
    ]
    main_html = html[html.index("<main") : html.index("</main>")]
    assert main_html.count('<a href="mailto:democratic.services@example.org">') == 2  # formats, problems
    assert "Test Council has not yet stated how far this website complies" in page.text
    root = tmp_path / "content"
    assert main(["check", "--content", str(root), "--format", "json"]) == 0
    [warning] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert warning["severity"] == "warning" and warning["code"] == "accessibility-statement"
    assert warning["file"] == "site.yaml"
    assert "fill in accessibility: prepared, reviewed, compliance" in warning["message"]
    assert main(["check", "--content", str(root), "--strict"]) == 1


@pytest.mark.parametrize(
    "block,missing",
    [
        ("accessibility: {prepared: 2018-09-20, compliance: fully}", "reviewed"),
        (
            "accessibility: {prepared: 2018-09-20, reviewed: 2018-09-20, compliance: partially}",
            "known_issues",
        ),
    ],
)
def test_check_names_each_field_still_to_fill_in(content, block, missing):
    problems = read_site(content({"site.yaml": BARE_SITE + block + "\n"})).problems
    assert codes(problems) == ["accessibility-statement"]
    assert problems[0].line == BARE_SITE.count("\n") + 1
    assert problems[0].message.endswith(
        f"fill in accessibility: {missing} (docs/content-format.md shows how)"
    )


def test_with_no_contact_at_all_the_warning_asks_for_one(content):
    site = BARE_SITE.replace("contact: democratic.services@example.org\n", "")
    problems = read_site(content({"site.yaml": site})).problems
    assert "fill in accessibility: contact, prepared" in problems[0].message


@pytest.mark.parametrize(
    "line,code,words",
    [
        ("  compliance: mostly", "invalid-value", "'compliance' cannot be 'mostly'"),
        ("  prepared: 20/09/2018", "invalid-date", "YYYY-MM-DD"),
        ("  reviewed: 2017-01-01", "invalid-date", "before 'prepared'"),
        ("  contact: the clerk", "invalid-value", "email address or a web address"),
        ("  known_issues: [{a: b}]", "wrong-type", "must be text"),
        ("  complience: fully", "unknown-field", "did you mean 'compliance'?"),
    ],
)
def test_a_statement_field_written_wrong_is_an_error_at_its_line(content, line, code, words):
    name = line.split(":")[0].strip()
    kept = [
        text
        for text in STATEMENT.split("\n")
        if not text.startswith(f"  {name}:") and not (name == "known_issues" and text.startswith("    - "))
    ]
    site = BARE_SITE + "\n".join(kept[:1] + [line] + kept[1:])
    errors = [p for p in read_site(content({"site.yaml": site})).problems if p.severity == "error"]
    assert codes(errors) == [code] and words in errors[0].message
    assert errors[0].line == BARE_SITE.count("\n") + 2


def test_a_broken_link_in_a_known_issue_is_found_at_its_line(content):
    site = BARE_SITE + STATEMENT.replace("/proposals/sc001/", "/proposals/nowhere/")
    findings = read_site(content({"site.yaml": site})).site.findings
    assert [(f.code, f.file, f.line) for f in findings] == [
        ("broken-link", "site.yaml", BARE_SITE.count("\n") + 9)
    ]


def test_the_starters_brand_and_statement_build_clean_once_uncommented(tmp_path, capsys):
    """'new site' writes every brand and statement field, commented: uncommented as written
    (and with the logos it names put in assets/), the site checks clean."""
    root = tmp_path / "mine"
    assert main(["new", "site", "--content", str(root)]) == 0
    lines, block = [], False
    for line in (root / "site.yaml").read_text(encoding="utf-8").split("\n"):
        block = line in ("# brand:", "# accessibility:") or (block and line.startswith("#   "))
        lines.append(line[2:] if block else line)
    (root / "site.yaml").write_text("\n".join(lines), encoding="utf-8")
    (root / "assets").mkdir()
    for logo in ("logo.svg", "logo-dark.svg"):  # the logos it names: for the screen, for paper
        (root / "assets" / logo).write_text(
            '<svg xmlns="http://www.w3.org/2000/svg" width="9" height="9"/>\n', encoding="utf-8"
        )
    config = read_site(root)
    assert config.problems == [] and config.site.config.accessibility.compliance == "partially"
    assert config.site.config.brand.colour == "#1d70b8" and len(config.site.config.brand.footer_links) == 2
