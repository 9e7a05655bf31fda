"""The glossary: what the words of council finance mean, and where a page first uses them.

A default for English councils ships with scrutinypack (``glossary.yaml`` beside this
file); a clerk's ``content/glossary.yaml`` overrides its entries and adds to them (both read
by content/terms.py). On every
page the first use of each term in the body becomes a link to a "Words used on this page"
list at the end of the body, with the definition as the link's description: a resident sees
the meaning without leaving the page, with or without JavaScript, by mouse, keyboard or
screen reader, and on paper. Links, headings, code, tables, charts and form controls are
left alone.
"""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from markupsafe import escape

from .markup import render_markdown
from .model import slugify

FILE = "glossary.yaml"
DEFAULT = Path(__file__).resolve().with_name(FILE)
FIELDS = ("term", "aliases", "definition", "mark")
#: Which of an entry's phrases are marked on pages: a word with an everyday meaning too
#: ("increased scrutiny of the waste") may be marked only in its council phrases.
MARKS = ("all", "aliases", "none")
#: Elements whose text is never marked: the marks would be links inside links or headings,
#: or would break up figures, code and controls.
SKIPPED = (
    "a",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "code",
    "pre",
    "table",
    "svg",
    "figure",
    "button",
    "label",
    "select",
    "textarea",
    "script",
    "style",
    "nav",
    "abbr",
    "dfn",
    "summary",
)
#: A term is a word or a phrase; longer is a paragraph pasted in the wrong field.
MAX_PHRASE = 100
SEPARATOR = "\0"  # a space or hyphen inside a term: "full year effect" matches "full-year effect"


@dataclass(frozen=True)
class Term:
    term: str
    definition: str  # Markdown
    aliases: tuple[str, ...] = ()
    mark: str = "all"
    file: str = ""
    line: int = 0

    @cached_property
    def slug(self) -> str:
        return slugify(self.term)

    @property
    def phrases(self) -> tuple[str, ...]:
        return (self.term,) + self.aliases

    @property
    def marked(self) -> tuple[str, ...]:
        return {"all": self.phrases, "aliases": self.aliases, "none": ()}[self.mark]


@dataclass
class Glossary:
    terms: list[Term] = field(default_factory=list)  # in alphabetical order
    file: str = ""  # glossary.yaml when the content has one


def phrase_key(phrase: str) -> str:
    return SEPARATOR.join(part for part in re.split(r"[\s-]+", fold(phrase).replace("’", "'")) if part)


class _Folding(dict[int, str]):
    """Each character's folded form, worked out the first time it is met (see :func:`fold`)."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        folded = next((f for f in (char.casefold(), char.lower()) if len(f) == 1), char)
        self[code] = folded
        return folded


_FOLDING = _Folding()


def fold(text: str) -> str:
    """``text`` with case folded letter by letter, so that every position stays where it was
    (a page is matched folded and cut as written). A letter whose folded form is longer
    (ß → ss, İ → i̇) keeps a one-letter form (ß, İ): the same rule for every letter in Unicode,
    for the terms and the pages alike. ``str.casefold`` gives the same result, faster, when no
    letter of the text grows."""
    folded = text.casefold()
    return folded if len(folded) == len(text) else text.translate(_FOLDING)


class Marker:
    """Marks the first use of each term on a page, in one pass over the page.

    The page is walked from tag to tag; the text between two tags is searched with one
    regular expression over every term (compiled once per build: the pages are many, the
    terms few), folded as the terms are. An element whose text is never marked is jumped over
    whole, so tables, charts and links cost a string search rather than a scan.
    """

    def __init__(self, glossary: Glossary):
        self.by_key = {phrase_key(p): t for t in glossary.terms for p in t.marked}
        self.count = len({t.slug for t in self.by_key.values()})
        body = _trie({key for key in self.by_key if key})
        self.terms = re.compile(rf"(?<![\w-])(?:{body})(?![\w-])" if body else "(?!)")
        self.skipped = re.compile(rf"<({'|'.join(SKIPPED)})(?=[\s/>])")  # (the page is folded)
        self.tags = {name: re.compile(rf"<(/?){name}(?=[\s/>])") for name in SKIPPED}
        self.titles = {t.slug: str(escape(_plain_text(t.definition))) for t in glossary.terms}

    def mark(self, page_html: str, words: Callable[[list[Term]], str]) -> str:
        """``page_html`` with its terms marked, and ``words(terms used)`` (the list of their
        meanings, rendered by the caller's templates) at the end of its main element."""
        start, end = page_html.find("<main"), page_html.rfind("</main>")
        if start < 0 or end < start or not self.count:
            return page_html
        body = page_html[start:end]
        text = fold(body)
        used: dict[str, Term] = {}
        pieces, last = [], 0
        for match in self._in_text(text):
            term = self.by_key[phrase_key(html_lib.unescape(match[0]))]
            if term.slug in used:
                continue
            used[term.slug] = term
            pieces += [
                body[last : match.start()],
                f'<a class="term" id="used-{term.slug}" href="#word-{term.slug}" '
                f'title="{self.titles[term.slug]}">{body[match.start() : match.end()]}</a>',
            ]
            last = match.end()
            if len(used) == self.count:
                break
        if not used:
            return page_html
        pieces.append(body[last:])
        return page_html[:start] + "".join(pieces) + words(list(used.values())) + page_html[end:]

    def _in_text(self, text: str) -> Iterator[re.Match[str]]:
        """The terms found in the text of a (folded) page: searched between the skipped
        elements, each match kept only when it is outside a tag (a term holds no '<' or '>',
        so none spans a tag). Nothing after a '<' that no '>' follows is text."""
        limit = text.find("<", text.rfind(">") + 1)
        limit = len(text) if limit < 0 else limit
        position = 0
        for skip_from, skip_to in (*self._skipped(text), (limit, limit)):
            for match in self.terms.finditer(text, position, min(skip_from, limit)):
                at = match.start()
                closing, opening = text.find(">", at), text.find("<", at)
                if closing < 0 or 0 <= opening < closing:
                    yield match
            position = skip_to
            if position >= limit:
                return

    def _skipped(self, text: str) -> Iterator[tuple[int, int]]:
        """(start, end) of each skipped element of the page, outermost only, in order."""
        position = 0
        while (skipped := self.skipped.search(text, position)) is not None:
            closing = text.find(">", skipped.end())
            if closing < 0:
                return
            position = closing + 1
            if text[closing - 1] != "/":
                end = self._end_of(text, skipped[1].lower(), position)
                yield skipped.start(), end
                position = end

    def _end_of(self, text: str, name: str, position: int) -> int:
        """Where the element ``name`` opened just before ``position`` ends (nesting counted)."""
        depth = 1
        for tag in self.tags[name].finditer(text, position):
            depth += -1 if tag[1] else 1
            if not depth:
                return tag.end()
        return len(text)


#: Each next character and what may follow it; "" ends a phrase.
_Trie = dict[str, "_Trie"]


def _trie(keys: set[str]) -> str:
    """One alternation for many phrases, factored by their common beginnings, so the
    expression tries a letter once however many terms start with it."""
    root: _Trie = {}
    for key in keys:
        node = root
        for char in key:
            node = node.setdefault(char, {})
        node[""] = {}
    return _branches(root)


def _branches(root: _Trie) -> str:
    """The trie as an expression, children before their parent, from a list rather than by
    recursion: a phrase is as deep as it is long."""
    order, pending = [], [root]
    while pending:
        node = pending.pop()
        order.append(node)
        pending += [child for char, child in node.items() if char]
    made: dict[int, str] = {}
    for node in reversed(order):
        pieces = [_char(char) + made.pop(id(child)) for char, child in sorted(node.items()) if char]
        body = pieces[0] if len(pieces) == 1 else "(?:" + "|".join(pieces) + ")" if pieces else ""
        made[id(node)] = f"(?:{body})?" if body and "" in node else body
    return made[id(root)]


def _char(char: str) -> str:
    """A character of a term as it can appear in a page's HTML."""
    if char == SEPARATOR:
        return r"[\s-]+"
    if char == "'":  # (keys have ’ as ')
        return "(?:'|’|&#39;|&#x27;)"
    if char == "&":
        return "&amp;"
    return re.escape(char)


def _plain_text(markdown_text: str) -> str:
    """A definition without its markup, for the description a link carries."""
    text = re.sub(r"</(?:p|li|h\d|dd|dt|td|th)>|<br\s*/?>", " ", render_markdown(markdown_text))
    text = re.sub(r"<[^>]+>", "", text)
    return " ".join(html_lib.unescape(text).split())
