"""Word's XML as a reader of the printed page sees it: tracked changes accepted, content
controls and text boxes read once, footnote references noted.

Works on python-docx's elements (lxml) and on defusedxml's (the notes' part) alike, since it
uses only iteration, ``tag``, ``get``, ``find`` and ``text``. Its walks keep their own stack:
a crafted file may nest wrappers thousands deep.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"

#: Tracked deletions (text and table rows), and the place moved text was moved from.
DELETED = {"del", "moveFrom"}
#: Read as if they were not there: custom XML, smart tags, tracked insertions and moves.
WRAPPERS = {"customXml", "smartTag", "ins", "moveTo"}
#: Never text: the properties (of a paragraph, a run, a content control), a field's code.
NOT_TEXT = DELETED | {"pPr", "rPr", "sdtPr", "sdtEndPr", "instrText", "delText", "delInstrText"}
CHARACTERS = {"tab": "\t", "ptab": "\t", "br": "\n", "cr": "\n", "noBreakHyphen": "-"}
NOTES = {"footnoteReference": "Footnote", "endnoteReference": "Endnote"}


_LOCAL: dict = {}


def local(element) -> str:
    """The tag without its namespace (remembered: a document has a few dozen kinds of tag)."""
    tag = element.tag
    name = _LOCAL.get(tag)
    if name is None:
        name = tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""  # lxml gives a comment no text tag
        if len(_LOCAL) < 10_000:  # a crafted file may invent tags without end
            _LOCAL[tag] = name
    return name


def _child(element, *path: str):
    """The element down ``path`` (each step a tag of the main namespace), or None: lxml looks a
    single tag up far faster than a path."""
    for tag in path:
        element = element.find(W + tag)
        if element is None:
            return None
    return element


def children(element) -> Iterator:
    """The element's parts as Word shows them: a content control's content in its place
    (none while it shows its placeholder), one of alternatives, wrappers opened, tracked
    deletions left out."""
    stack = [iter(element)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            continue
        tag = local(child)
        if tag in DELETED:
            continue
        if tag in ("sdt", "AlternateContent"):
            content = shown(child) if tag == "sdt" else _one_of(child)
            if content is not None:
                stack.append(iter(content))
        elif tag in WRAPPERS:
            stack.append(iter(child))
        else:
            yield child


def shown(sdt):
    """A content control's content; None while it shows only its placeholder ('Click or
    tap here to enter text.'), or when it is a table of contents, which repeats the headings."""
    properties = _child(sdt, "sdtPr")
    if properties is not None:
        gallery = _child(properties, "docPartObj", "docPartGallery")
        if _child(properties, "showingPlcHdr") is not None or (
            gallery is not None and gallery.get(f"{W}val", "") == "Table of Contents"
        ):
            return None
    return _child(sdt, "sdtContent")


@dataclass
class Runs:
    """A paragraph's text, the text boxes anchored in it, and the notes it cites, in order."""

    text: str = ""
    boxes: list = field(default_factory=list)
    notes: list[tuple[str, str, bool]] = field(default_factory=list)  # kind, id, a mark of its own


def runs(paragraph) -> Runs:
    """Everything a paragraph prints, as python-docx's ``paragraph.text`` gives it (runs,
    hyperlinks, tabs and breaks), in one walk, with tracked changes accepted."""
    out, parts = Runs(), []
    stack = [iter(paragraph)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            continue
        tag = local(child)
        if tag in NOT_TEXT:
            continue
        if tag == "t":
            parts.append(child.text or "")
        elif tag in CHARACTERS:
            parts.append(CHARACTERS[tag])
        elif tag == "txbxContent":
            out.boxes.append(child)
        elif tag in NOTES:
            custom = child.get(f"{W}customMarkFollows", "") in ("1", "true", "on")
            out.notes.append((NOTES[tag], child.get(f"{W}id", ""), custom))
        else:
            inner = _one_of(child) if tag == "AlternateContent" else shown(child) if tag == "sdt" else child
            if inner is not None:
                stack.append(iter(inner))
    out.text = "".join(parts)
    return out


def _one_of(alternate):
    """Word writes a text box twice, as DrawingML and as a VML copy for older readers: the
    first choice is read, the fallback only when there is no choice."""
    choice = alternate.find(f"{MC}Choice")
    return choice if choice is not None else alternate.find(f"{MC}Fallback")


def mark_deleted(paragraph) -> bool:
    """Is the paragraph's own mark a tracked deletion (so its text runs on into the next)?"""
    return _child(paragraph, "pPr", "rPr", "del") is not None


def row_deleted(row) -> bool:
    return _child(row, "trPr", "del") is not None


def cell_continues(cell) -> bool:
    """A cell that continues the merged cell above it (its text is that one's), or a tracked
    deletion of a cell."""
    properties = _child(cell, "tcPr")
    if properties is None:
        return False
    merge = _child(properties, "vMerge")
    continues = merge is not None and merge.get(f"{W}val", "continue") != "restart"
    return continues or _child(properties, "cellDel") is not None


def of_kind(element, tag: str) -> Iterator:
    return (child for child in children(element) if local(child) == tag)


def notes_of(root) -> dict:
    """A footnotes or endnotes part: each note's id and its content (the separators Word
    keeps among them are left out)."""
    if root is None:
        return {}
    return {
        note.get(f"{W}id", ""): note
        for note in root
        if local(note) in ("footnote", "endnote") and note.get(f"{W}type", "normal") == "normal"
    }
