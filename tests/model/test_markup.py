"""Clerks' Markdown on the page: plain lines take a short cut that must change nothing."""

import pytest

from scrutinypack import markup

LINES = [
    "No",
    "Not required",
    "Yes - completed",
    "A plain sentence, with commas.",
    "Tom & Jerry",
    "a <b>bold</b> word",
    "1. A list",
    "- an item",
    "# A heading",
    "Costs (2019/20) rise: 5% more",
    "'quoted' and \"double\"",
    "  spaced  out  ",
    "a *word*",
    "see [the plan](/assets/plan.pdf)",
    "<script>alert(1)</script>",
    "10 > 9",
]


@pytest.mark.parametrize("text", LINES)
def test_a_line_renders_as_python_markdown_renders_it(text):
    assert markup.render_markdown(text) == markup._markdown(text)


def test_a_plain_line_is_one_escaped_paragraph():
    assert markup.render_markdown("Fees & charges: 'nil'") == "<p>Fees &amp; charges: 'nil'</p>"
