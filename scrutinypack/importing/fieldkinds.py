"""The kinds of field a map's rule reads (text, amount, year, answer, markdown, years,
risks, reported, section): each takes the pieces after its label, puts what it reads into the
record's fields and returns the pieces it did not place."""

from __future__ import annotations

import re

from ..content import validate
from ..money import MoneyError, parse_amount
from .document import Piece, Source
from .mapshape import Rule, norm, put
from .narrative import BULLET, markdown, note, table_rows
from .yearstable import years_value

YEAR = re.compile(r"(\d{4})\s*/\s*(\d{2}|\d{4})")
_AMOUNT_FIRST = re.compile(r"(\S+)\s*(.*)", re.DOTALL)


def _values(span: list[Piece]) -> list[Piece]:
    return [p for p in span if p.text]


def text_value(rule: Rule, span: list[Piece], fields: dict, inline: str = "") -> list[Piece]:
    """The next cell or paragraph; or the text printed after the label in its own cell
    ('Service Name: Disability Service'), and then, for two fields, the next cell too."""
    values = _values(span)
    if inline and rule.split and values:
        put(fields, rule.into[0], inline)
        put(fields, rule.into[1], values[0].text)
        return note(rule, values[1:], fields)
    if inline:
        values = [Piece(inline, span[0].source if span else Source(""))] + values
    if not values:
        return []
    text = values[0].text
    value = rule.value.match(text) if rule.value is not None else None
    if value:  # a value printed in parts: each part its field
        for group, part in value.groupdict().items():
            if part is not None and part.strip():
                put(fields, rule.groups.get(group, group), part.strip())
        return note(rule, values[1:], fields)
    if rule.split:
        first, second = _split(text, rule.split)
        if first == second and len(values) > 1:  # no separator: the next line is the second
            second, values = values[1].text, values[1:]
        put(fields, rule.into[0], first)
        put(fields, rule.into[1], second)
    else:
        put(fields, rule.into[0], text)
    return note(rule, values[1:], fields)


def _split(text: str, separators: list[str]) -> tuple[str, str]:
    """'Waste – Reduce disposal' → ('Waste', 'Reduce disposal'), at the first separator with
    spaces round it and outside brackets; a text with none gives itself twice."""
    depth = 0
    for index, char in enumerate(text):
        depth += (char in "([") - (char in ")]")
        for separator in separators:
            if depth == 0 and text.startswith(f" {separator} ", index):
                return text[:index].strip(), text[index + len(separator) + 2 :].strip()
    return text, text


def _amount(rule: Rule, span: list[Piece], fields: dict) -> list[Piece]:
    """One figure, or a figure printed in labelled parts ('£2.622m  High Needs' on each line)."""
    figures, rest = [], []
    for piece in _values(span):
        for line in piece.text.split("\n"):
            head = _AMOUNT_FIRST.match(line.strip())
            if head and _is_amount(head[1]):
                figures.append((head[1], head[2].strip()))
            else:
                rest.append(Piece(line, piece.source, piece.row))
    if len(figures) == 1 and not figures[0][1]:
        put(fields, rule.into[0], figures[0][0])
    elif figures:
        put(fields, rule.into[0], [{"label": label, "amount": amount} for amount, label in figures])
    return note(rule, rest, fields)


def _is_amount(text: str) -> bool:
    try:
        parse_amount(text, "m")
    except MoneyError:
        return False
    return True


def _year(rule: Rule, span: list[Piece], fields: dict) -> list[Piece]:
    """A financial year, written YYYY/YY; '2020/2021' is read as 2020/21, and the record says
    how the form printed it."""
    values = _values(span)
    if not values:
        return []
    printed = values[0].text
    match = YEAR.fullmatch(printed)
    if match and len(match[2]) == 4 and int(match[2]) == int(match[1]) + 1:
        put(fields, rule.into[0], f"{match[1]}/{match[2][2:]}")
        what = rule.into[0].replace("_", " ").replace(".", " ")
        said = f'The form prints the {what} as "{printed}".'
        fields["notes"] = f"{fields['notes']}\n\n{said}" if fields.get("notes") else said
    else:
        put(fields, rule.into[0], printed)
    return values[1:]


def _answer(rule: Rule, span: list[Piece], fields: dict) -> list[Piece]:
    """A yes-or-no question's answer as printed, with what it means when its first word says
    (and null when it does not); the first piece that answers yes or no is the answer."""
    values = _values(span)
    if not values:
        return []
    answers = [p for p in values if _yes_no(p.text) is not None] or values
    put(fields, rule.into[0], {"required": _yes_no(answers[0].text), "note": answers[0].text})
    return [p for p in values if p is not answers[0]]


def _yes_no(text: str) -> bool | None:
    return {"yes": True, "no": False, "not": False}.get((norm(text).split() or [""])[0])


def _markdown(rule: Rule, span: list[Piece], fields: dict) -> list[Piece]:
    values = _values(span)
    if values:
        put(fields, rule.into[0], markdown(values))
    return []


def _risks(rule: Rule, span: list[Piece], fields: dict) -> list[Piece]:
    """Risks with their mitigations, as pairs, when the form marks them ('RISK:' and
    'Mitigation:' lines, or a table headed Risk | Mitigation); otherwise Markdown."""
    rows = table_rows(_values(span))
    head = next(
        (
            i
            for i, row in enumerate(rows)
            if len(row) == 2 and [norm(p.text) for p in row] == [norm(rule.risk[0]), norm(rule.mitigation[0])]
        ),
        None,
    )
    if head is not None:
        pairs = [
            {"risk": markdown([a]), "mitigation": markdown([b])}
            for a, b in (row for row in rows[head + 1 :] if len(row) == 2)
        ]
        put(fields, rule.into[0], pairs)
        return [p for row in rows[:head] + [r for r in rows[head + 1 :] if len(r) != 2] for p in row]
    lines = [
        Piece(line.strip(), p.source, p.row)
        for p in _values(span)
        for line in p.text.split("\n")
        if line.strip()
    ]
    marks = {"risk": [norm(m) for m in rule.risk], "mitigation": [norm(m) for m in rule.mitigation]}

    def marked(text: str, kind: str) -> str | None:
        words = norm(text)
        for mark in marks[kind]:
            if words == mark or words.startswith(mark + " "):
                return re.sub(r"^\W*\w+\s*[:–-]?\s*", "", text, count=1) if words != mark else ""
        return None

    if not any(marked(p.text, "mitigation") is not None for p in lines):
        put(fields, rule.into[0], markdown(lines))
        return []
    pairs: list[dict] = []
    risk: list[Piece] = []
    waiting = False  # a 'Mitigation' standing alone: the next line is the mitigation
    following: list[Piece] = []  # the lines of a mitigation that stood alone: its bullets
    for piece in lines:
        mitigation = marked(piece.text, "mitigation")
        if waiting or (following and mitigation is None and BULLET.match(piece.text)):
            following.append(piece)
            pairs[-1]["mitigation"] = markdown(following)
            waiting = False
        elif mitigation is not None:
            pairs.append({"risk": markdown(risk), "mitigation": mitigation})
            risk, following = [], []
            waiting = not mitigation
        else:
            following = []
            text = marked(piece.text, "risk")
            risk.append(Piece(text if text else piece.text, piece.source, piece.row))
    if risk:
        pairs.append({"risk": markdown(risk), "mitigation": ""})
    put(fields, rule.into[0], pairs)
    return []


MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_REPORTED = re.compile(
    r"(?P<month>[A-Za-z]{3,9})\.?\s+(?:20)?(?P<year>\d{2})\s+Item\s+(?P<item>\S+)"
    r"(?:\s+App(?:endix)?\s+(?P<appendix>\S+))?",
    re.IGNORECASE,
)


def _reported(rule: Rule, span: list[Piece], fields: dict) -> list[Piece]:
    """Where a proposal was reported, as printed ('Sept 17 Item 6 App D'), with its month,
    item and appendix when the text says them that way."""
    values = _values(span)
    if not values:
        return []
    printed = " ".join(p.text for p in values)
    entry: dict = {"body": rule.body or "Cabinet"}
    match = _REPORTED.fullmatch(printed)
    month = MONTHS.get(match["month"][:3].lower()) if match else None
    if match and month:
        entry.update({"date": f"20{match['year']}-{month:02d}", "item": match["item"]})
        if match["appendix"]:
            entry["appendix"] = match["appendix"]
    entry["printed"] = printed
    put(fields, rule.into[0], [entry])
    return []


def section_value(rule: Rule, span: list[Piece], fields: dict, heading: str) -> list[Piece]:
    """A heading and what follows it up to the next label: its paragraphs as Markdown, and
    each table in it (a first row of headings; a last row starting 'Total' its total) as a
    money table, captioned by a paragraph just before it that begins 'Table'."""
    section: dict = {"heading": heading.strip()}
    if rule.level:
        section["level"] = rule.level
    text: list[Piece] = []
    tables: list[dict] = []
    rows = [row for row in table_rows(span) if any(p.text for p in row)]
    index = 0
    while index < len(rows):
        if len(rows[index]) < 2:
            text += rows[index]
            index += 1
            continue
        start = index  # a table: the rows as wide as its first
        while index < len(rows) and len(rows[index]) == len(rows[start]):
            index += 1
        table: dict = {}
        if text and text[-1].text.lower().startswith("table"):
            table["caption"] = text.pop().text
        cells = [[p.text for p in row] for row in rows[start:index]]
        table["columns"] = cells[0]
        body = cells[1:]
        if body and norm(body[-1][0]).startswith("total"):
            table["total"] = body.pop()
        table["rows"] = body
        tables.append(dict(sorted(table.items(), key=lambda kv: validate.TABLE_FIELDS.index(kv[0]))))
    if text:
        section["body"] = markdown(text)
    if tables:
        section["tables"] = tables
    fields.setdefault(rule.into[0], []).append(section)
    return []


FIELD_KINDS = {
    "text": text_value,
    "amount": _amount,
    "year": _year,
    "answer": _answer,
    "markdown": _markdown,
    "years": years_value,
    "risks": _risks,
    "reported": _reported,
}
