"""CSV for spreadsheets: figures as exact decimals, every other cell inert text, so that a
cell a council's paper filled can never run as a formula. Shared by every CSV of the site."""

from __future__ import annotations

import re

# A formula starts with one of =, +, -, @, TAB or CR (OWASP, CSV injection), at the start of the
# text or after a separator (',' ';' TAB or a line break), spaces or quote marks allowed before it.
_FORMULA = re.compile(r'(^|[,;\t\r\n])([ "]*)(?=[=+\-@\t\r])')


def _inert(value: str) -> str:
    """Text a spreadsheet shows as text, whatever separator it splits on: an apostrophe before
    each formula start, quoted (a quote doubled) so no separator or line break in it splits it."""
    return '"' + _FORMULA.sub(r"\1\2'", value).replace('"', '""') + '"'


def csv_table(fields: list[str], rows: list[dict], figures: tuple[str, ...]) -> bytes:
    """A CSV of ``rows``: the columns whose names start with one of ``figures`` as they are
    (exact decimals, never quoted, so a spreadsheet reads numbers), every other cell as inert text."""

    def cell(name: str, value: str) -> str:
        return value if name.startswith(figures) else _inert(value)

    lines = [",".join(_inert(name) for name in fields)]
    lines += [",".join(cell(name, row[name]) for name in fields) for row in rows]
    return "".join(line + "\r\n" for line in lines).encode("utf-8")
