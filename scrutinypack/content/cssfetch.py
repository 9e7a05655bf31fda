"""Whether CSS, as a browser reads it, could fetch something other than a part of its own image.

An SVG's ``<style>``, its ``style=`` attributes and its presentation attributes (``fill``,
``mask``, ``filter``, ``cursor``…) are all CSS, and CSS can fetch in many ways: ``url()``,
``image-set("…")``, ``cross-fade()``, ``@import "…"``, a font's ``src``. A pattern over the text
misses what escapes (``u\\72 l(``), comments and case hide, so the text is split into tokens by
tinycss2, which follows the CSS Syntax standard's tokenizer as browsers do, and the tokens are
judged instead: an address is allowed only when it is a part of the same image (``#id``),
any text in quotes inside a function is taken for an address, and ``@import`` and ``@font-face``
(an image needs neither) are taken for fetches.
"""

from __future__ import annotations

from collections.abc import Iterable

import tinycss2
from tinycss2.ast import (
    AtKeywordToken,
    CurlyBracketsBlock,
    FunctionBlock,
    Node,
    ParenthesesBlock,
    ParseError,
    SquareBracketsBlock,
    StringToken,
    URLToken,
)

#: Functions whose argument is one address
_ADDRESSES = {"url", "src"}
#: At-rules that fetch: a stylesheet, a font (an image needs neither)
_FETCHING_RULES = {"import", "font-face"}
_C0_AND_SPACE = "".join(map(chr, range(0x21)))


def fetches(css: str) -> bool:
    """True when ``css`` (a stylesheet, a ``style=`` or an attribute's value) could fetch
    something, or cannot be read for certain (a token a browser would also find broken)."""
    if "(" not in css and "@" not in css:  # a fetch needs a function, a url( or @import
        return False
    return _fetches(tinycss2.parse_component_value_list(css, skip_comments=True), False)


_BLOCKS = (ParenthesesBlock, SquareBracketsBlock, CurlyBracketsBlock)


def _fetches(tokens: Iterable[Node], in_function: bool) -> bool:
    for token in tokens:
        if (
            isinstance(token, ParseError)
            or (isinstance(token, URLToken) and not _own(token.value))
            or (isinstance(token, AtKeywordToken) and token.lower_value in _FETCHING_RULES)
            or (isinstance(token, StringToken) and in_function and not _own(token.value))
        ):
            return True
        if isinstance(token, FunctionBlock):
            if token.lower_name in _ADDRESSES:
                arguments = [a for a in token.arguments if a.type != "whitespace"]
                if (
                    len(arguments) != 1
                    or not isinstance(arguments[0], StringToken)
                    or not _own(arguments[0].value)
                ):
                    return True
            elif _fetches(token.arguments, True):
                return True
        elif isinstance(token, _BLOCKS) and _fetches(token.content, in_function):
            return True
    return False


def _own(address: str) -> bool:
    """A part of the same image (``#id``), which fetches nothing. A URL parser strips only C0
    controls and spaces from the ends (not, say, a no-break space, which makes a path)."""
    return address.lstrip(_C0_AND_SPACE).startswith("#")
