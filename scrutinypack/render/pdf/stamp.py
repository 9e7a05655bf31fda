"""Running headers and "Page X of Y", numbered through a whole PDF, as artifacts.

WeasyPrint numbers the pages of one document; it cannot number a paper's pages by where
they fall in each PDF it goes into (a record is laid out once for many). So papers are laid
out with empty margins, and each page gets two stamps, drawn over it inside an /Artifact
sequence: outside the structure tree, so the tags stay valid and a screen reader does not
read "Page 3 of 40" in the middle of a sentence.

- **The header**: the PDF's running header with the logo, the item's header, the council in
  the footer. Each PDF has stamp sheets that WeasyPrint lays out (print/stamp.html), with
  a page for each different header: all the pages of a record or an item share one. A
  sheet depends on its PDF alone, so a build that makes some PDFs again makes the same
  bytes as one that makes them all.
- **The label**, "Page 3 of 40": nearly every page of a pack has its own, so laying them out
  would cost more than all the headers. WeasyPrint sets a sample label once
  (:data:`SAMPLE`, in the label's place and style); each label is that drawing with its
  glyphs replaced, in the same font, moved so that its right edge stays where the sample's is.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

import pikepdf
from pikepdf import Array, Dictionary, Name, Operator, String

from .pdfplan import PdfPlan
from .runs import Starts, headers

SAMPLE = "Page 0123456789 of"  # every character a page label uses
SHEET = 8  # headers a stamp sheet holds, on average


@dataclass(frozen=True)
class Header:
    """What a page shows in its margins apart from its number."""

    doc: str  # the PDF's running header (top left, under the logo)
    running: str  # the item's (top right)


def page_numbers(plan: PdfPlan, counts: dict[str, int], where: dict[str, Starts]) -> dict[str, int]:
    """The page each slot of ``plan`` starts on, and each record of a run, by its id, given
    each paper's page count and where a run's records start in it (runs.starts)."""
    numbers, page = {}, 1
    for slot in plan.slots:
        numbers[slot.anchor] = page
        for record in slot.records:
            numbers[record.anchor] = page + where[slot.paper][record.anchor]
        page += counts[slot.paper]
    return numbers


def sheets(plan: PdfPlan) -> list[list[Header]]:
    """The PDF's different headers in order, in sheets. A sheet ends after a header whose hash
    says so (one in :data:`SHEET`), so that an edited title lays out again the sheet it is
    on, not every header of the pack, and the other sheets keep their place."""
    made, sheet = [], []
    runnings = (record.running for slot in plan.slots for record in (slot, *slot.records))
    for header in dict.fromkeys(Header(plan.doc.running, running) for running in runnings if running):
        sheet.append(header)
        digest = hashlib.sha256(f"{header.doc}\0{header.running}".encode()).digest()
        if digest[0] % SHEET == 0:
            made.append(sheet)
            sheet = []
    return made + [sheet] if sheet else made


def stamps(
    plan: PdfPlan, counts: dict[str, int], where: dict[str, Starts]
) -> dict[str, list[tuple[Header, str]]]:
    """The stamps of each page, (header, label), by the paper name of the slot it is in;
    a slot with no running header (a cover) has none. A page of a run is headed by the first
    record that begins on it, or the one it goes on with (runs.headers)."""
    total = sum(counts[slot.paper] for slot in plan.slots)
    made, number = {}, 1
    for slot in plan.slots:
        count = counts[slot.paper]
        if slot.running:
            heads = (
                headers(slot.running, [(r.anchor, r.running) for r in slot.records], count, where[slot.paper])
                if slot.records
                else [slot.running] * count
            )
            made[slot.paper] = [
                (Header(plan.doc.running, head), f"Page {n} of {total}")
                for n, head in enumerate(heads, number)
            ]
        number += count
    return made


class LabelError(Exception):
    """The sample label is not one run of glyphs in one font (a font without digits?)."""


class Labels:
    """Page labels drawn as the sample label is drawn (see the module's docstring)."""

    def __init__(self, sample: pikepdf.Page):
        self.box = [float(x) for x in sample.mediabox]
        self.operations = list(pikepdf.parse_content_stream(sample))
        shows = [i for i, (_, operator) in enumerate(self.operations) if str(operator) in ("TJ", "Tj")]
        fonts = [operands for operands, operator in self.operations if str(operator) == "Tf"]
        moves = [
            i
            for i, (_, operator) in enumerate(self.operations[: shows[0]] if shows else [])
            if str(operator) == "Tm"
        ]
        if len(shows) != 1 or len(fonts) != 1 or not moves:
            raise LabelError(
                f"the sample page label is drawn in {len(shows)} runs of text and {len(fonts)} fonts"
            )
        self.show, self.move = shows[0], moves[-1]
        font_name, self.size = fonts[0][0], float(fonts[0][1])
        font = sample.obj.Resources.Font[font_name]
        self.codes = _unicode_codes(font.ToUnicode.read_bytes())
        self.widths = _widths(font)
        glyphs, self.kerning = self._read(self.operations[self.show].operands[0])
        if "".join(glyphs) != SAMPLE:
            raise LabelError(f"the sample page label reads {''.join(glyphs)!r}, not {SAMPLE!r}")
        self.right = self._width(SAMPLE)

    def form(self, out: pikepdf.Pdf, resources: Dictionary, label: str) -> pikepdf.Stream:
        """A form XObject that draws ``label`` where the sample is, flush with its right edge."""
        operations = list(self.operations)
        shown = Array()
        before = ""
        for char in label:
            if char not in self.codes:
                raise LabelError(f"the page labels' font has no glyph for {char!r}")
            shift = self.kerning.get((before, char), 0)
            if shift:
                shown.append(shift)
            shown.append(String(self.codes[char]))
            before = char
        operations[self.show] = pikepdf.ContentStreamInstruction([shown], Operator("TJ"))
        a, b, c, d, e, f = (float(x) for x in operations[self.move].operands)
        e += a * (self.right - self._width(label)) * self.size / 1000
        operations[self.move] = pikepdf.ContentStreamInstruction([a, b, c, d, round(e, 4), f], Operator("Tm"))
        return out.make_stream(
            pikepdf.unparse_content_stream(operations),
            Type=Name.XObject,
            Subtype=Name.Form,
            BBox=Array(self.box),
            Resources=resources,
        )

    def _read(self, shown) -> tuple[list[str], dict[tuple[str, str], float]]:
        """The characters of a TJ (or Tj) operand, and the kerning between each pair."""
        chars = {code: char for char, code in self.codes.items()}
        glyphs, kerning, pending = [], {}, 0.0
        for item in shown if isinstance(shown, Array) else [shown]:
            if isinstance(item, String):
                data = bytes(item)
                for i in range(0, len(data), 2):
                    char = chars.get(data[i : i + 2], "\ufffd")
                    if pending:
                        kerning[(glyphs[-1] if glyphs else "", char)] = pending
                        pending = 0.0
                    glyphs.append(char)
            else:
                pending += float(item)
        return glyphs, kerning

    def _width(self, label: str) -> float:
        """In thousandths of the font size, kerning included."""
        width, before = 0.0, ""
        for char in label:
            width += self.widths.get(self.codes.get(char, b""), 1000) - self.kerning.get((before, char), 0)
            before = char
        return width


_HEX_PAIR = re.compile(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>")
_HEX_RANGE = re.compile(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>")


def _unicode_codes(cmap: bytes) -> dict[str, bytes]:
    """Character → its 2-byte code, from a ToUnicode CMap's bfchar and bfrange entries."""
    codes: dict[str, bytes] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
        for code, text in _HEX_PAIR.findall(block):
            codes.setdefault(bytes.fromhex(text.decode()).decode("utf-16-be"), bytes.fromhex(code.decode()))
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.S):
        for low, high, text in _HEX_RANGE.findall(block):
            first, start = int(low, 16), int(text, 16)
            for n in range(int(high, 16) - first + 1):
                codes.setdefault(chr(start + n), (first + n).to_bytes(2, "big"))
    return codes


def _widths(font: Dictionary) -> dict[bytes, float]:
    """Each code's advance, from a Type0 font's /W: ``c [w1 w2 …]`` or ``c_first c_last w``."""
    descendant = font.DescendantFonts[0]
    entries, widths, i = list(descendant.get("/W", ())), {}, 0
    while i < len(entries):
        if isinstance(entries[i + 1], Array):
            for n, width in enumerate(entries[i + 1]):
                widths[(int(entries[i]) + n).to_bytes(2, "big")] = float(width)
            i += 2
        else:
            for code in range(int(entries[i]), int(entries[i + 1]) + 1):
                widths[code.to_bytes(2, "big")] = float(entries[i + 2])
            i += 3
    return widths


def stamp_page(out: pikepdf.Pdf, page: pikepdf.Page, forms: list) -> None:
    """Draw ``forms`` (a header, a label) over ``page`` as a pagination artifact."""
    resources = Dictionary({key: value for key, value in page.obj.Resources.items()})
    xobjects = Dictionary({key: value for key, value in resources.get("/XObject", {}).items()})
    drawn = []
    for n, form in enumerate(forms):
        xobjects[f"/Stamp{n}"] = form
        drawn.append(f"q /Stamp{n} Do Q".encode())
    resources.XObject = xobjects
    page.obj.Resources = resources  # its own: papers' pages may share one resource dictionary
    page.contents_add(out.make_stream(b"q\n"), prepend=True)
    page.contents_add(
        out.make_stream(b"Q\n/Artifact <</Type /Pagination>> BDC\n" + b"\n".join(drawn) + b"\nEMC\n")
    )


class Stamper:
    """The stamps of one PDF being put together: each header's form copied in once, each
    label drawn from the sample."""

    def __init__(self, out: pikepdf.Pdf, sample: str):
        self.out = out
        self.labels, resources = _sample(sample)
        self.resources = out.copy_foreign(resources)
        self.opened: dict[str, pikepdf.Pdf] = {}
        self.headers: dict[tuple[str, int], pikepdf.Object] = {}

    def stamp(self, page: pikepdf.Page, sheet: str, index: int, label: str) -> None:
        """Draw page ``index`` of the stamp sheet ``sheet`` and ``label`` over ``page``."""
        if (sheet, index) not in self.headers:
            if sheet not in self.opened:
                self.opened[sheet] = pikepdf.open(sheet)
            form = self.opened[sheet].pages[index].as_form_xobject()
            self.headers[(sheet, index)] = self.out.copy_foreign(form)
        stamp_page(
            self.out, page, [self.headers[(sheet, index)], self.labels.form(self.out, self.resources, label)]
        )

    def close(self) -> None:
        for pdf in self.opened.values():
            pdf.close()


_SAMPLES: dict[str, tuple[pikepdf.Pdf, Labels, pikepdf.Object]] = {}  # by file: a process reads each once


def _sample(path: str) -> tuple[Labels, pikepdf.Object]:
    """The sample label's drawing, and its resources (the font) to copy into each PDF."""
    if path not in _SAMPLES:
        sample = pikepdf.open(path)  # kept open: each PDF copies the font from it
        _SAMPLES[path] = sample, Labels(sample.pages[0]), sample.make_indirect(sample.pages[0].obj.Resources)
    return _SAMPLES[path][1:]
