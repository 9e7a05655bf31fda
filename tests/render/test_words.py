"""The meanings of the words a page uses, at the end of its main element: made once for the
pages that share them (issue 29), and still right for each page: its links lead from where
the page is."""

from scrutinypack.build.builder import build

from ..support.content import PROPOSAL

GLOSSARY = """\
- term: Gully cleansing
  definition: Clearing road drains; see [how scrutiny works](/how-scrutiny-works/) and [SC001](/proposals/sc001/).
"""


def words(site, rel: str) -> str:
    page = (site / rel).read_text(encoding="utf-8")
    return page[page.index('<section class="words"') : page.index("</main>")]


def test_pages_with_the_same_words_share_them_with_links_from_each_page(content, tmp_path):
    files = {"glossary.yaml": GLOSSARY}
    for ref in ("SC001", "SC002", "SC003"):
        text = PROPOSAL.replace("SC001", ref) + "decisions: Reduce gully cleansing to once a year.\n"
        files[f"proposals/{ref.lower()}.yaml"] = text
    site = tmp_path / "site"
    build(content(files), site)
    first, second, third = (words(site, f"proposals/sc00{n}/index.html") for n in (1, 2, 3))
    assert second == third  # the same words, the same links from where they stand
    assert 'href="../../how-scrutiny-works/"' in second and 'href="../sc001/"' in second
    assert 'href="../../glossary/"' in second
    assert 'href="./"' in first and first.replace('href="./"', 'href="../sc001/"') == second
