"""Word documents built in a test, a block at a time, and a small site to import them into."""

from __future__ import annotations

from pathlib import Path

from scrutinypack.cli import main


def word_document(blocks: list, path: Path) -> Path:
    """A .docx of ``blocks``: ('h1', text) and ('h2', text) headings, ('p', text)
    paragraphs, and ('table', [[cell, …], …]) tables."""
    import docx

    document = docx.Document()
    for kind, content in blocks:
        if kind == "table":
            table = document.add_table(rows=len(content), cols=max(len(row) for row in content))
            for r, row in enumerate(content):
                for c, text in enumerate(row):
                    table.cell(r, c).text = text
        elif kind.startswith("h"):
            document.add_heading(content, level=int(kind[1:]))
        else:
            document.add_paragraph(content)
    document.save(path)
    return path


def small_site(folder: Path) -> Path:
    """A site in £m with one committee, budget-scrutiny, and no proposals."""
    (folder / "committees").mkdir(parents=True)
    (folder / "site.yaml").write_text(
        "council: Northshire\ntitle: Savings\nunit: m\nyears: [2020/21, 2021/22]\n", encoding="utf-8"
    )
    (folder / "committees/budget-scrutiny.yaml").write_text("name: Budget Scrutiny\n", encoding="utf-8")
    return folder


def imported(capsys, paper: Path, mapping: Path, site: Path) -> tuple[int, str, str]:
    """Run 'import'; its exit code, output and errors."""
    code = main(["import", str(paper), "--map", str(mapping), "--content", str(site)])
    out = capsys.readouterr()
    return code, out.out, out.err


def body(path: Path) -> str:
    """A file without its header comment (which names the paper it came from)."""
    return "".join(
        line for line in path.read_text(encoding="utf-8").splitlines(True) if not line.startswith("#")
    )
