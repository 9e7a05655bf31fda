"""The page the live preview shows instead of the site while the content cannot be built.

It names each file and line with the lines around it, says what is wrong and what to do,
and is a complete, accessible page of its own (no stylesheet or script of the site needed,
since there may be no site yet). The preview reloads it by itself once the site builds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..program import command
from ..render.html import make_environment

PAGE = """\
<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ heading }} – preview</title>
<style>
:root { color-scheme: light dark; }
body { margin: 0; font: 1.125rem/1.5 system-ui, -apple-system, "Segoe UI", sans-serif;
       background: #fff; color: #0b0c0c; }
main { max-width: 48rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
.banner { border-left: 0.5rem solid #d4351c; padding: 0.1rem 0 0.1rem 1rem; margin-bottom: 1.5rem; }
h1 { font-size: 1.75rem; line-height: 1.25; margin: 0.5rem 0; }
h2 { font-size: 1.375rem; margin: 2rem 0 0.5rem; }
.problems { padding-left: 1.75rem; }
.problems > li { margin-bottom: 1.5rem; }
.where { font-weight: 700; margin: 0; overflow-wrap: anywhere; }
.message { margin: 0.25rem 0 0; }
code, pre { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 1rem; }
pre { overflow-x: auto; background: #f3f2f1; padding: 0.5rem 0.75rem; margin: 0.5rem 0 0;
      white-space: pre; }
mark { background: #fd0; color: #0b0c0c; }
@media (prefers-color-scheme: dark) {
  body { background: #0b0c0c; color: #f3f2f1; }
  pre { background: #2a2a2a; }
  .banner { border-color: #f47738; }
}
</style>
</head>
<body>
<main>
<div class="banner">
<h1>{{ heading }}</h1>
<p>{{ summary }}</p>
</div>
<ol class="problems">
{% for p in problems %}
<li>
<p class="where"><code>{{ p.path }}</code>{% if p.line %}, line {{ p.line }}{% endif %}</p>
<p class="message">{{ p.message }}</p>
{% if p.context %}
<pre>{% for number, text, here in p.context %}{% if here %}<mark>{% endif %}{{ "%5d"|format(number) }}  {{ text }}{% if here %}</mark>{% endif %}{{ "\\n" }}{% endfor %}</pre>
{% endif %}
</li>
{% endfor %}
</ol>
<h2>What to do</h2>
<ul>
{% for step in steps %}
<li>{{ step }}</li>
{% endfor %}
</ul>
<p>Nothing has been published: <code>{{ out }}</code> still holds the last site that built.</p>
</main>
</body>
</html>
"""

CONTENT_STEPS = (
    "Open the file in your text editor and go to the line given: the message says what is "
    "wrong and how to put it right.",
    "YAML is particular about layout: indent with spaces, never tabs, and put text containing "
    "': ' or starting with a quote mark in quotes.",
    "Save the file: this page reloads by itself, and shows the site again once it builds.",
    f"In a terminal, '{command('check')}' lists the same problems.",
)
TEMPLATE_STEPS = (
    "Open the template in your text editor and go to the line given: the message says what "
    "could not be done there.",
    "Save the template: this page reloads by itself, and shows the site again once it builds.",
)
FAULT_STEPS = (
    "This is a fault in scrutinypack, not necessarily in your content: please report it, with "
    "the message above and the file you changed last.",
    "The preview keeps running: save a file to try again.",
)


@dataclass
class Shown:
    """One problem as the page shows it."""

    path: str  # as the clerk would type it, e.g. content/proposals/sc002.yaml
    line: int  # 0: the whole file
    message: str
    context: list[tuple[int, str, bool]] = field(default_factory=list)  # (number, text, the line?)


def with_context(path: Path, line: int, around: int = 2) -> list[tuple[int, str, bool]]:
    """The lines around ``line`` of a text file, for the reader to find the place."""
    if line <= 0 or not path.is_file():
        return []
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    first, last = max(line - around, 1), min(line + around, len(lines))
    return [(n, lines[n - 1].replace("\t", "→   "), n == line) for n in range(first, last + 1)]


def error_page(problems: list[Shown], content: str, out: str, kind: str = "content") -> bytes:
    """``kind``: content (the clerk's files), template, or fault (an error of ours)."""
    count = len(problems)
    if kind == "fault":
        heading = "The preview could not rebuild the site"
        summary = "scrutinypack stopped with an error while rebuilding. The preview is still running."
    elif kind == "template":
        heading = "A template to fix before the site can be rebuilt"
        summary = (
            "A template cannot be used as it is written, so this page stands in for the site until it can."
        )
    else:
        heading = f"{count} problem{'s' * (count != 1)} to fix before the site can be rebuilt"
        summary = (
            f"The content in {content} cannot be built as it is written, so this page "
            "stands in for the site until it can."
        )
    steps = {"fault": FAULT_STEPS, "template": TEMPLATE_STEPS}.get(kind, CONTENT_STEPS)
    template = make_environment().from_string(PAGE)
    return template.render(heading=heading, summary=summary, problems=problems, out=out, steps=steps).encode(
        "utf-8"
    )
