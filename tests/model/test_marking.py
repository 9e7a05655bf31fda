"""The glossary's marks on a page, as a reader meets them: the first use of a term in the
text of the page's main element, never inside a tag, a link, a table, a script or after a
tag left open (issue 29: one search of the page, not a walk from tag to tag)."""

from scrutinypack.glossary import Glossary, Marker, Term

BUDGET = Term("Budget gap", "The money still to be found.")
VIREMENT = Term("Virement", "Moving money between budgets.")
MARKER = Marker(Glossary([BUDGET, VIREMENT]))


def mark(main: str) -> str:
    page = f"<header>budget gap</header><main>{main}</main><footer>virement</footer>"
    return MARKER.mark(page, lambda terms: "|" + ",".join(t.slug for t in terms) + "|")


def linked(slug: str, text: str) -> str:
    return f'<a class="term" id="used-{slug}" href="#word-{slug}" title="{MARKER.titles[slug]}">{text}</a>'


def test_only_the_first_use_of_each_term_is_marked_and_the_words_follow():
    page = mark("<p>The Budget gap is large; the budget gap grows. A virement helps.</p>")
    assert page == (
        f"<header>budget gap</header><main><p>The {linked('budget-gap', 'Budget gap')} is large; "
        f"the budget gap grows. A {linked('virement', 'virement')} helps.</p>"
        "|budget-gap,virement|</main><footer>virement</footer>"
    )


def test_a_term_in_an_attribute_a_link_a_table_or_a_script_waits_for_the_text():
    main = (
        '<p title="budget gap">x</p><a href="#">budget gap</a>'
        "<table><tr><td>budget gap</td></tr></table>"
        "<script>if (a<b && c>d) { budget gap }</script>"
        '<img alt="virement"/><p>so the budget gap</p>'
    )
    page = mark(main)
    assert page.count('class="term"') == 1
    assert f"<p>so the {linked('budget-gap', 'budget gap')}</p>" in page


def test_elements_of_the_same_name_nested_are_skipped_whole():
    page = mark("<table><tr><td><table><tr><td>x</td></tr></table>budget gap</td></tr></table>virement")
    assert page.count('class="term"') == 1
    assert "budget gap</td>" in page and linked("virement", "virement") in page


def test_nothing_after_a_tag_left_open_is_marked():
    assert 'class="term"' not in mark("<p>fine</p><p class='budget gap and virement")


def test_a_page_without_its_terms_is_left_as_it_was():
    page = "<main><p>Nothing to explain here.</p></main>"
    assert MARKER.mark(page, lambda terms: "never") == page
