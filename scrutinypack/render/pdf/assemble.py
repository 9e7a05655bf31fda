"""One PDF assembled from its laid-out papers with pikepdf: pages, tags, links, bookmarks.

Each paper is a tagged PDF of its own (PDF/UA-1, from WeasyPrint). A PDF members read has
one structure tree: the papers' trees go under one Document element, their ParentTree
numbers (and the pages' StructParents and annotations' StructParent that point into it)
shifted so that they do not meet. A record under an agenda item has its headings and
bookmarks one level down. Links that name a site path or an id in another paper
(printhtml.LINK, printhtml.WEB) become links inside the PDF or to the web page. The running
header and "Page X of Y" (stamp.py) are drawn over each page as marked artifacts, outside
the structure tree. Nothing here reads the clock: the same papers give the same bytes.
"""

from __future__ import annotations

import hashlib
import io
import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import pikepdf
from pikepdf import Array, Dictionary, Name, OutlineItem, String

from .papers import web_link
from .printhtml import LINK, WEB
from .stamp import Stamper

_HEADING = re.compile(r"/H([1-5])")


@dataclass(frozen=True)
class Piece:
    paper: str  # the paper's PDF file (in the cache)
    stamps: tuple[
        tuple[str, int, str], ...
    ] = ()  # each page's (stamp sheet, its page, page label); none on a cover
    nested: bool = False  # a record under an item: headings and bookmarks one level down


@dataclass(frozen=True)
class Assembly:
    """Everything one PDF needs, so that any process can put it together."""

    path: str  # where it goes in the site
    pieces: tuple[Piece, ...]
    title: str
    author: str
    subject: str
    keywords: tuple[str, ...]
    date: str  # YYYY-MM-DD from the content, or ""
    records: tuple[tuple[str, str], ...]  # (site path, id) of each record printed in it
    base_url: str
    producer: str
    label_sample: str  # the sample page label's PDF (stamp.py)


def assemble(job: Assembly) -> bytes:
    out = pikepdf.new()
    opened = []  # the papers must stay open until the PDF is written
    stamper = Stamper(out, job.label_sample)
    kids, nums, dests, marks = [], [], {}, []
    next_key = 0
    for piece in job.pieces:
        src = pikepdf.open(io.BytesIO(Path(piece.paper).read_bytes()))
        opened.append(src)
        first = len(out.pages)
        where = {page.objgen: first + i for i, page in enumerate(src.pages)}
        paper_kids, entries, used = _renumbered_tree(src, next_key, piece.nested)
        with warnings.catch_warnings():  # named destinations are carried over below
            warnings.simplefilter("ignore", pikepdf.PageCopyWarning)
            out.pages.extend(src.pages)
        kids += [out.copy_foreign(_indirect(src, kid)) for kid in paper_kids]
        nums += [(key, out.copy_foreign(_indirect(src, value))) for key, value in entries]
        next_key += used
        for name, dest in _tree(src.Root.get("/Names", {}).get("/Dests"), "/Names"):
            dests.setdefault(str(name), _moved(dest, where, out))
        marks.append((piece.nested, _outline(src, where, out)))
        for i, (sheet, index, label) in enumerate(piece.stamps):
            stamper.stamp(out.pages[first + i], sheet, index, label)
    _links(out, job, set(dests))
    _structure(out, kids, nums, next_key)
    out.Root.Names = Dictionary(
        Dests=Dictionary(
            Names=Array([item for name in sorted(dests) for item in (String(name), dests[name])])
        )
    )
    _bookmarks(out, marks)
    _metadata(out, job)
    data = _saved(out)
    for pdf in opened:
        pdf.close()
    stamper.close()
    return data


_STATIC_ID = b"<31415926535897932384626433832795>"  # what qpdf writes for static_id


def _saved(out: pikepdf.Pdf) -> bytes:
    """The PDF's bytes, with an ID made from them: what qpdf's deterministic_id gives, without
    writing the whole file twice (that took half the time of saving)."""
    options = {"min_version": "1.7", "object_stream_mode": pikepdf.ObjectStreamMode.generate}
    buffer = io.BytesIO()
    out.save(buffer, static_id=True, **options)
    data = buffer.getvalue()
    placeholder = b"/ID [" + _STATIC_ID * 2 + b"]"
    if data.count(placeholder) != 1:  # a qpdf that writes it otherwise
        buffer = io.BytesIO()
        out.save(buffer, deterministic_id=True, **options)
        return buffer.getvalue()
    digest = b"<" + hashlib.md5(data).hexdigest().encode() + b">"
    return data.replace(placeholder, b"/ID [" + digest * 2 + b"]")


# -- The structure tree ---------------------------------------------------------------------


def _renumbered_tree(src: pikepdf.Pdf, offset: int, nested: bool) -> tuple[list, list, int]:
    """A paper's structure: the kids of its Document element (detached from it), its
    ParentTree entries with their keys moved on by ``offset``, and how many keys it used.
    Its pages and annotations are renumbered to match."""
    root = src.Root.get("/StructTreeRoot")
    if root is None:
        return [], [], 0
    entries = [(int(key) + offset, value) for key, value in _tree(root.get("/ParentTree"), "/Nums")]
    for page in src.pages:
        if "/StructParents" in page.obj:
            page.obj.StructParents = int(page.obj.StructParents) + offset
        for annotation in page.obj.get("/Annots", ()):
            if "/StructParent" in annotation:
                annotation.StructParent = int(annotation.StructParent) + offset
    document = root.K[0] if isinstance(root.K, Array) else root.K
    if document.get("/S") != Name.Document:
        kids = [document]
    else:
        kids = list(document.K) if isinstance(document.K, Array) else [document.K]
    for kid in kids:
        if isinstance(kid, Dictionary) and "/P" in kid:
            del kid["/P"]  # its new parent is set in the assembled PDF
    if nested:
        _shift_headings(kids)
    used = max((key for key, _ in entries), default=offset - 1) - offset + 1
    return kids, entries, used


_NO_HEADINGS = {
    Name(f"/{role}")
    for role in ("P", "Span", "Link", "Lbl", "Figure", "Caption", "Table", "H1", "H2", "H3", "H4", "H5", "H6")
}


def _shift_headings(elements) -> None:
    """H1 → H2 and so on: a record printed under an item (H6 stays H6). Paragraphs, tables
    and figures are not searched: a heading is never inside one."""
    stack = list(elements)
    while stack:
        element = stack.pop()
        if not isinstance(element, Dictionary):
            continue
        role = element.get("/S")
        if role is None:  # a marked-content or object reference
            continue
        match = _HEADING.fullmatch(str(role))
        if match:
            element.S = Name(f"/H{int(match[1]) + 1}")
        if role in _NO_HEADINGS:
            continue
        kids = element.get("/K")
        if isinstance(kids, Array):
            stack.extend(kids)
        elif isinstance(kids, Dictionary):
            stack.append(kids)


def _structure(out: pikepdf.Pdf, kids: list, nums: list, next_key: int) -> None:
    document = out.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document, K=Array(kids)))
    for kid in kids:
        if isinstance(kid, Dictionary):
            kid.P = document
    parent_tree = out.make_indirect(Dictionary(Nums=Array([item for pair in nums for item in pair])))
    root = out.make_indirect(
        Dictionary(
            Type=Name.StructTreeRoot, K=Array([document]), ParentTree=parent_tree, ParentTreeNextKey=next_key
        )
    )
    document.P = root
    out.Root.StructTreeRoot = root
    out.Root.MarkInfo = Dictionary(Marked=True)


def _indirect(pdf: pikepdf.Pdf, obj):
    return obj if obj.is_indirect else pdf.make_indirect(obj)


def _tree(node, leaves: str) -> list:
    """The (key, value) pairs of a number tree (``leaves`` "/Nums") or a name tree ("/Names")."""
    if node is None:
        return []
    values = list(node.get(leaves, ()))
    found = [(values[i], values[i + 1]) for i in range(0, len(values), 2)]
    for kid in node.get("/Kids", ()):
        found += _tree(kid, leaves)
    return found


# -- Destinations, bookmarks, links ---------------------------------------------------------


def _moved(dest, where: dict, out: pikepdf.Pdf):
    """A destination on a paper's page, on the same page of the assembled PDF."""
    if isinstance(dest, Dictionary):
        dest = dest.D
    return Array([out.pages[where[dest[0].objgen]].obj, *list(dest)[1:]])


def _outline(src: pikepdf.Pdf, where: dict, out: pikepdf.Pdf) -> list:
    """A paper's bookmarks as (title, destination, children)."""

    def walk(item) -> list:
        found = []
        while item is not None:
            dest = item.get("/Dest")
            found.append(
                (
                    str(item.Title),
                    _moved(dest, where, out) if dest is not None else None,
                    walk(item.get("/First")),
                )
            )
            item = item.get("/Next")
        return found

    outlines = src.Root.get("/Outlines")
    return walk(outlines.get("/First")) if outlines is not None else []


def _bookmarks(out: pikepdf.Pdf, marks: list) -> None:
    """The papers' bookmarks in order; a nested paper's under the bookmark before it, folded."""

    def item(title, dest, children, closed=False) -> OutlineItem:
        made = OutlineItem(title, dest)
        made.children.extend(item(*child) for child in children)
        made.is_closed = closed
        return made

    with out.open_outline() as outline:
        for nested, entries in marks:
            for title, dest, children in entries:
                if nested and outline.root:
                    outline.root[-1].children.append(item(title, dest, children, closed=bool(children)))
                else:
                    outline.root.append(item(title, dest, children))
    out.Root.PageMode = Name.UseOutlines


def _links(out: pikepdf.Pdf, job: Assembly, names: set[str]) -> None:
    """Each link that names its target (printhtml.LINK, printhtml.WEB), made a link inside the
    PDF where the target is in it, else to the web page."""
    records = dict(job.records)
    for page in out.pages:
        for annotation in page.obj.get("/Annots", ()):
            action = annotation.get("/A")
            uri = str(action.get("/URI", "")) if action is not None else ""
            if uri.startswith(LINK):
                inside = _inside(uri[len(LINK) :], records, names)
                if inside:
                    del annotation["/A"]
                    annotation.Dest = String(inside)
                    annotation.Contents = String(inside)
                    continue
                uri = WEB + uri[len(LINK) :]
            if uri.startswith(WEB):
                action.URI = String(web_link(job.base_url, job.path, uri[len(WEB) :]))
                annotation.Contents = action.URI


def _inside(target: str, records: dict[str, str], names: set[str]) -> str | None:
    path, _, fragment = target.partition("#")
    if not path:
        return fragment if fragment in names else None
    anchor = records.get(path)
    if anchor is None or anchor not in names:
        return None
    scoped = f"{anchor}--{fragment}"
    return scoped if fragment and scoped in names else anchor


# -- What the PDF says about itself ------------------------------------------------------------


def _metadata(out: pikepdf.Pdf, job: Assembly) -> None:
    out.Root.Lang = String("en-GB")
    out.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
    info = {
        "/Title": job.title,
        "/Author": job.author,
        "/Subject": job.subject,
        "/Keywords": ", ".join(job.keywords),
        "/Creator": "scrutinypack",
        "/Producer": job.producer,
    }
    if job.date:
        info["/CreationDate"] = info["/ModDate"] = "D:" + job.date.replace("-", "") + "000000Z"
    out.trailer.Info = out.make_indirect(Dictionary({key: String(value) for key, value in info.items()}))
    when = f"{job.date}T00:00:00Z" if job.date else ""
    dates = f" xmp:CreateDate={quoteattr(when)} xmp:ModifyDate={quoteattr(when)}" if when else ""
    xmp = (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        '<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" pdfuaid:part="1"/>\n'
        '<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/" '
        'xmlns:xmp="http://ns.adobe.com/xap/1.0/"'
        f" pdf:Producer={quoteattr(job.producer)} pdf:Keywords={quoteattr(info['/Keywords'])}"
        f' xmp:CreatorTool="scrutinypack"{dates}/>\n'
        '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(job.title)}</rdf:li></rdf:Alt></dc:title>'
        f"<dc:creator><rdf:Seq><rdf:li>{escape(job.author)}</rdf:li></rdf:Seq></dc:creator>"
        f'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{escape(job.subject)}</rdf:li></rdf:Alt>'
        "</dc:description><dc:language><rdf:Bag><rdf:li>en-GB</rdf:li></rdf:Bag></dc:language>"
        '</rdf:Description>\n</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end="r"?>'
    )
    out.Root.Metadata = out.make_stream(xmp.encode("utf-8"), Type=Name.Metadata, Subtype=Name.XML)
