"""Plain language: a glossary (the shipped default, a clerk's own over it), the first use of
each term on a page marked so a resident can read its meaning there, and a page on how
scrutiny works here, made from site.yaml and the committees."""

import re

import pytest

from scrutinypack.build.builder import build
from scrutinypack.content.terms import default_terms
from scrutinypack.problems import ContentError

from ..support.content import COMMITTEE, PROPOSAL
from ..support.sitecheck import broken_links, parse

MARKED = re.compile(r'<a class="term" id="used-([a-z0-9-]+)" href="#word-\1" title="([^"]*)">([^<]*)</a>')


def built(content, tmp_path, files=None):
    out = tmp_path / "site"
    build(content(files or {}), out)
    return out


def marks(page: str) -> list[tuple[str, str]]:
    """(term, text as printed) of every mark on a page."""
    return [(slug, text) for slug, _title, text in MARKED.findall(page)]


def test_the_default_glossary_explains_the_words_of_council_finance():
    terms = {t.term.lower(): t for t in default_terms()}
    for word in (
        "gross budget",
        "income",
        "net budget",
        "fte",
        "invest to save",
        "mtfs",
        "full year effect",
        "budget change profile",
        "equality analysis",
        "scrutiny",
        "cabinet",
    ):
        assert word in terms and len(terms[word].definition) > 40, word
    assert "full-time equivalent" in terms["fte"].aliases


def test_the_first_use_of_a_term_on_a_proposal_page_is_marked(content, tmp_path):
    decisions = "decisions: Agree the saving; the net budget falls, and the net budget is reported monthly.\n"
    site = built(content, tmp_path, {"proposals/sc001.yaml": PROPOSAL + decisions})
    page = (site / "proposals/sc001/index.html").read_text(encoding="utf-8")
    found = marks(page)
    assert ("net-budget", "Net budget") in found  # the baseline's label, before the decisions
    assert [slug for slug, _ in found].count("net-budget") == 1
    assert "the net budget falls, and the net budget is reported" in page  # later uses left alone
    title = dict((slug, title) for slug, title, _ in MARKED.findall(page))["net-budget"]
    assert title.startswith("What a service costs the council once its income is taken off")
    words = page[page.index('<section class="words"') : page.index("</main>")]
    assert '<dt id="word-net-budget">Net budget</dt>' in words
    assert 'href="#used-net-budget"' in words and 'href="../../glossary/"' in words
    assert words.index("word-gross-budget") < words.index("word-net-budget")  # in order of use
    assert broken_links(site) == []


def test_terms_are_not_marked_in_links_headings_code_or_tables(content, tmp_path):
    impact = """\
impact: |
  ## Income and the budget

  See [income](/checks/) and `income`.

  | Line | Income |
  |---|---|
  | Fees | 1 |

  After all that, income rises.
"""
    site = built(
        content,
        tmp_path,
        {
            "proposals/sc001.yaml": PROPOSAL.replace(
                "baseline: {year: 2018/19, gross: 8.064, income: 0.600, net: 7.464}\n", ""
            )
            + impact
        },
    )
    page = (site / "proposals/sc001/index.html").read_text(encoding="utf-8")
    assert marks(page) == [("income", "income")]
    assert 'After all that, <a class="term" id="used-income"' in page
    assert "<h2>Income and the budget</h2>" in page and "<code>income</code>" in page


def test_a_word_in_an_attribute_or_a_heading_is_left_alone(content, tmp_path):
    site = built(
        content,
        tmp_path,
        {"proposals/sc001.yaml": PROPOSAL.replace("title: Reduce waste", "title: Raise income from fees")},
    )
    page = (site / "proposals/sc001/index.html").read_text(encoding="utf-8")
    assert 'data-value="SC001: Raise income from fees"' in page
    assert "<title>SC001: Raise income from fees" in page
    assert [text for _, text in marks(page)].count("Income") == 1  # the baseline's label only


def test_everyday_words_are_marked_only_where_the_glossary_says(content, tmp_path):
    text = "decisions: This needs increased scrutiny of the sites; the scrutiny committee will ask.\n"
    site = built(content, tmp_path, {"proposals/sc001.yaml": PROPOSAL + text})
    page = (site / "proposals/sc001/index.html").read_text(encoding="utf-8")
    assert ("scrutiny", "scrutiny committee") in marks(page)
    assert "increased scrutiny of the sites" in page


def test_a_term_is_found_with_hyphens_or_spaces(content, tmp_path):
    site = built(content, tmp_path, {"proposals/sc001.yaml": PROPOSAL + "full_year: -0.300\n"})
    page = (site / "proposals/sc001/index.html").read_text(encoding="utf-8")
    assert ("full-year-effect", "Full-year effect") in marks(page)


def test_a_clerks_glossary_overrides_and_extends_the_default(content, tmp_path):
    glossary = """\
- term: Net budget
  definition: Our own words for **net budget**.
- term: DSG
  aliases: [Dedicated Schools Grant]
  definition: The grant for schools.
"""
    decisions = "decisions: Paid for from the Dedicated Schools Grant.\n"
    site = built(content, tmp_path, {"glossary.yaml": glossary, "proposals/sc001.yaml": PROPOSAL + decisions})
    page = (site / "proposals/sc001/index.html").read_text(encoding="utf-8")
    found = dict((slug, title) for slug, title, _ in MARKED.findall(page))
    assert found["net-budget"] == "Our own words for net budget."
    assert found["dsg"] == "The grant for schools."
    glossary_page = (site / "glossary/index.html").read_text(encoding="utf-8")
    assert "Our own words for <strong>net budget</strong>." in glossary_page
    assert "What a service costs the council" not in glossary_page
    assert "<dt><dfn>Gross budget</dfn></dt>" in glossary_page  # the default's other entries stay
    assert MARKED.search(glossary_page) is None  # the glossary itself is not marked


def test_a_mistake_in_the_glossary_names_its_file_and_line(content, tmp_path):
    glossary = """\
- term: DSG
  defintion: The grant for schools.
- term: dsg
  definition: Again.
"""
    with pytest.raises(ContentError) as error:
        build(content({"glossary.yaml": glossary}), tmp_path / "site")
    found = {(p.file, p.line, p.code) for p in error.value.problems}
    assert ("glossary.yaml", 2, "unknown-field") in found
    assert ("glossary.yaml", 3, "duplicate-term") not in found  # no second error from a refused entry
    assert any("did you mean 'definition'?" in p.message for p in error.value.problems)


def test_a_term_defined_twice_is_named(content, tmp_path):
    glossary = "- term: DSG\n  definition: One.\n- term: dsg\n  definition: Two.\n"
    with pytest.raises(ContentError) as error:
        build(content({"glossary.yaml": glossary}), tmp_path / "site")
    [problem] = error.value.problems
    assert (problem.file, problem.line, problem.code) == ("glossary.yaml", 3, "duplicate-term")
    assert "already in the glossary on line 1" in problem.message


def test_the_glossary_page_lists_every_term_with_its_meaning(content, tmp_path):
    site = built(content, tmp_path)
    page = (site / "glossary/index.html").read_text(encoding="utf-8")
    terms = re.findall(r"<dt><dfn>([^<]+)</dfn></dt>", page)
    assert terms == sorted(terms, key=str.lower) and len(terms) == len(default_terms())
    assert "term-mtfs" in parse(site / "glossary/index.html").ids
    assert 'href="glossary/"' in (site / "index.html").read_text(encoding="utf-8")  # footer link


def test_how_scrutiny_works_is_made_from_the_site_and_its_committees(content, tmp_path):
    committee = (
        COMMITTEE
        + """\
  - date: 2018-02-12
    title: Second look
  - date: 2018-03-12
    title: Third look
"""
    )
    site = built(content, tmp_path, {"committees/budget.yaml": committee})
    page = (site / "how-scrutiny-works/index.html").read_text(encoding="utf-8")
    text = " ".join(re.sub(r"<[^>]+>", "", page).split())
    assert "Test Council publishes its savings proposals here" in text
    assert "Budget Scrutiny" in text
    assert "3 meetings are listed, from January to March 2018, about every month." in text
    assert (
        "Proposed Put forward as an option by the council. Nothing has been decided yet. (1 proposal now)"
        in text
    )
    assert 'href="../committees/budget/"' in page and 'href="../feed.xml"' in page
