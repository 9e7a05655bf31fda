"""Hostile content: what a clerk's file holds is shown as text, never run, and never reaches
outside the content folder.

One site is written with a script payload in every field a page, a feed or a data file shows
(Markdown and plain text alike), built for real, and every page is read back as a browser would
read it: no script but the site's own, no event handler, no ``javascript:``/``data:`` address,
no style, no frame, no link that leads out of the site. The same pages are then opened in a real
headless Chromium (when installed), searched, and watched for any dialog a script would raise.
"""

from __future__ import annotations

import csv
import functools
import html
import http.server
import io
import json
import re
import shutil
import threading
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from scrutinypack.build.builder import build
from scrutinypack.build.reading import read_site
from scrutinypack.cli import main
from scrutinypack.problems import OutputError

from ..support.browsers import chromium
from ..support.content import PROPOSAL
from ..support.hostile import TEMPLATE_ADDRESSES, Audit, audit, inside_site, scheme
from ..support.sitecheck import broken_links, parse

# -- the payloads ---------------------------------------------------------------------------
# Markdown fields get all of these, each in its own paragraph; "quokka" is the word the browser
# test searches for, so Pagefind's excerpts hold the payloads around it.
MARKDOWN = [
    '<script>alert("quokka 1")</script>',
    "<img src=x onerror=alert(2)>quokka",
    "[click](javascript:alert(3))",
    "[click](JaVaScRiPt:alert(4))",
    "[click](java&#09;script:alert(5))",
    "[click](&#106;avascript:alert(6))",
    "[click](data:text/html,%3Cscript%3Ealert(7)%3C/script%3E)",
    "![pic](data:image/svg+xml,%3Csvg%20onload=alert(8)%3E)",
    "<svg onload=alert(9)><circle r=1 /></svg>",
    "<svg><script>alert(10)</script></svg>",
    "<style>body{background:url(\"javascript:alert('11')\")}</style>",
    "<div style=\"background:url(javascript:alert('12'))\">styled</div>",
    "<iframe src=\"javascript:alert('13')\"></iframe>",
    "<b onmouseover=alert(14)>bold</b>",
    "[reference][r15]\n\n[r15]: javascript:alert(15)",
    "[home page trick](/javascript:alert(16)/x.y)",
    "![far image](\\\\evil.example/17.png)",
    "<a href=\"javascript:alert('18')\">raw link</a>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(19)>",
    "[vb](vbscript:msgbox(20))",
    "<https://example.org/\"onmouseover=\"alert('21')>",
    '[titled](https://example.org "t\\" onmouseover=alert(\'22\')")',
    "<object data=\"javascript:alert('23')\"></object>",
    "<base href=\"javascript:alert('24')//\">",
    '<meta http-equiv="refresh" content="0;url=javascript:alert(\'25\')">',
    "<form action=\"javascript:alert('26')\"><button>go</button></form>",
    "<sup><img src=x onerror=alert(27)></sup>quokka",
    "<br onload=alert(28)>",
    "![local file](file:///etc/passwd)",
    "[dot trick](./javascript:alert(30)/x.y)",
    "<svg><a xlink:href=\"javascript:alert('31')\"><text>x</text></a></svg>",
    "<svg><use href=\"data:image/svg+xml,<svg id='x'><image href='1' onerror='alert(32)'/></svg>#x\"/></svg>",
    "<!--<img src=x onerror=alert(33)>-->",
    "<![CDATA[<script>alert(34)</script>]]>",
    "<noscript><p title=\"</noscript><img src=x onerror=alert('35')>\">",
    "&lt;script&gt;alert(36)&lt;/script&gt;",
    "[spaced](  javascript:alert(37))",
    "<a href=# onclick=alert('38')>x</a>",
    "<input autofocus onfocus=alert('39')>",
    "<details open ontoggle=alert('40')>quokka",
    "<b>x</b onclick=alert(41)>",
    "[encoded](%6A%61vascript:alert(42))",
    "[escape](..\\..\\..\\..\\etc\\passwd)",
    "![dots](%2e%2e/%2e%2e/%2e%2e/etc/passwd)",
    '<a href="vbscript:msgbox(45)">vb</a>',
    '[css](https://example.org/" style="position:fixed;top:0)',
]
MD = "\n\n".join(MARKDOWN)

# Plain-text fields (titles, refs, names, captions, cells) get one of these each.
TEXT = [
    '<script>alert("t1")</script>',
    '"><img src=x onerror=alert("t2")>',
    "' onmouseover='alert(3)",
    "</title><script>alert(4)</script>",
    "</textarea><svg onload=alert(5)>",
    "javascript:alert(6)",
    "{{ 7*7 }} {% raw %}",
    ']]><x:script xmlns:x="http://www.w3.org/1999/xhtml">alert(8)</x:script>',
    "<style>*{display:none}</style>",
    '=HYPERLINK("http://evil.example","open")',
    "&amp; &lt;b&gt; &#60;i&#62;",
    '<a href="javascript:alert(12)">x</a>',
    '"\nInjected,Row\n',  # (a carriage return is refused: tests/content/test_hostile_text.py)
    '<iframe srcdoc="&lt;script&gt;alert(14)&lt;/script&gt;">',
]
HOSTILE_PAYLOADS = len(MARKDOWN) + len(TEXT)


class _Fields:
    """Hands out the plain payloads, one per field, remembering which field got which."""

    def __init__(self):
        self.given: dict[str, str] = {}

    def __call__(self, field: str) -> str:
        text = f"{TEXT[len(self.given) % len(TEXT)]} [{field}]"
        self.given[field] = text
        return text


def _table(t: _Fields, where: str) -> dict:
    return {
        "caption": t(f"{where} caption"),
        "unit": "pounds",
        "columns": [t(f"{where} column"), "2019/20", "Note"],
        "header_groups": [{"label": t(f"{where} group"), "span": 3}],
        "rows": [[t(f"{where} row label"), "100", t(f"{where} cell")], ["Other", "200", ""]],
        "total": ["Total", "300", ""],
        "note": MD,
    }


def hostile_content(root: Path) -> dict[str, str]:
    """Write the hostile site into ``root``; returns the plain payload of each field."""
    t = _Fields()
    ref = t("ref")
    proposal = {
        "ref": ref,
        "title": t("title"),
        "service": t("service"),
        "directorate": t("directorate"),
        "committees": ["scrutiny"],
        "status": "consultation",
        "start_year": "2019/20",
        "owner": t("owner"),
        "project_code": t("project code"),
        "baseline": {"year": "2018/19", "gross": "8.064", "income": "0.600", "net": "7.464", "note": MD},
        "budget_change": {"2019/20": "-0.250", "2020/21": "0.000"},
        "total": "-0.250",
        "profile_note": MD,
        "fte": {"2019/20": "1.00", "2020/21": "0.00"},
        "fte_total": "1.00",
        "fte_note": MD,
        "investment": {"2019/20": "0.100", "2020/21": "0.000"},
        "investment_total": "0.100",
        "investment_note": MD,
        "description": MD,
        "decisions": MD,
        "impact": MD,
        "actions": MD,
        "notes": MD,
        "consultation": {"required": "true", "note": MD},
        "equality": t("equality answer"),
        "risks": [{"risk": MD, "mitigation": MD}],
        "reported": [
            {
                "body": t("reported body"),
                "date": "2018-01-15",
                "item": t("item"),
                "appendix": t("appendix"),
                "printed": t("printed"),
            }
        ],
        "sections": [{"heading": t("section heading"), "body": MD, "tables": [_table(t, "section")]}],
        "tables": [_table(t, "proposal")],
        "facts": [{"label": t("fact label"), "value": t("fact value")}],
        "other_refs": [{"ref": t("other ref"), "title": t("other title")}],
        "items": [
            {
                "number": t("item number"),
                "title": t("item title"),
                "description": MD,
                "impact": MD,
                "budget_change": {"2019/20": "-0.250", "2020/21": "0.000"},
            }
        ],
        "percentages": [
            {"label": t("percentage label"), "part": "0.250", "whole": "8.064", "stated": "3.1%"}
        ],
    }
    second = {
        "ref": "SC002",
        "title": t("second title"),
        "service": proposal["service"],
        "committees": ["scrutiny"],
        "savings": {"2019/20": "0.100"},
        "total": "0.100",
        "description": MD,
    }
    committee = {
        "name": t("committee name"),
        "description": MD,
        "meetings": [
            {
                "date": "2018-01-15",
                "title": t("meeting title"),
                "location": t("location"),
                "time": "10:00",
                "note": MD,
                "agenda": [  # a time is HH:MM or an error: no room for a payload
                    {
                        "title": t("agenda title"),
                        "proposals": [ref, "SC002"],
                        "summary": {"group_by": "service"},
                        "note": MD,
                    },
                    {"title": t("agenda report title"), "report": "paper"},
                ],
            }
        ],
    }
    site = {
        "council": t("council"),
        "title": t("site title"),
        "unit": "m",
        "years": ["2019/20", "2020/21"],
        "licence": t("licence"),
        "contact": 'clerk@example.org" onmouseover="alert(1)',
        "description": MD,
        "brand": {
            "colour": "#0b5d73",
            "logo": "assets/logo.svg",
            "logo_alt": t("logo alt"),
            "footer_links": [{"label": t("footer link"), "url": "https://example.org/"}],
        },
        "accessibility": {
            "contact": "access@example.org",
            "phone": t("phone"),
            "prepared": "2018-01-01",
            "reviewed": "2018-01-02",
            "compliance": "partially",
            "known_issues": [MD],
            "disproportionate_burden": [MD],
            "enforcement": MD,
        },
    }
    front = {
        "title": t("report title"),
        "committee": "scrutiny",
        "date": "2018-01-15",
        "author": t("author"),
        "reference": t("reference"),
        "tables": [_table(t, "report")],
    }
    body = (
        MD + "\n\n| Item <script>alert('cell')</script> | £m |\n|---|---:|\n"
        "| <img src=x onerror=alert('cell')> | 1.0 |\n| Total | 1.0 |\n\n"
        "See [the plan](/assets/plan.pdf).\n"
    )
    files = {
        "site.yaml": site,
        "proposals/sc001.yaml": proposal,
        "proposals/sc002.yaml": second,
        "committees/scrutiny.yaml": committee,
    }
    for rel, data in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (root / "reports").mkdir()
    (root / "reports/paper.md").write_text(
        "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n" + body,
        encoding="utf-8",
    )
    (root / "assets").mkdir()
    (root / "assets/plan.pdf").write_bytes(b"%PDF-1.4\n% a plan\n")
    (root / "assets/logo.svg").write_text(  # shown as an image, so its script never runs
        '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20" onload="alert(\'logo\')">'
        '<script>alert(\'logo script\')</script><rect width="40" height="20"/></svg>\n',
        encoding="utf-8",
    )
    return t.given


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """(content folder, built site, plain payload per field)."""
    base = tmp_path_factory.mktemp("hostile")
    given = hostile_content(base / "content")
    result = read_site(base / "content")
    assert result.blocking == [], [p.as_text() for p in result.blocking]
    build(base / "content", base / "site")
    return base / "content", base / "site", given


# -- the site ---------------------------------------------------------------------------------


def test_the_audit_catches_what_it_looks_for():
    """The page reader itself: each kind of script it must find, it finds."""
    page = (
        '<p onclick="x">a</p><a href=" java\tscript:alert(1)">b</a><img src="//evil/x.png">'
        '<a href="../../../etc/passwd">c</a><script>alert(1)</script><iframe></iframe>'
        '<svg><foreignObject></foreignObject></svg><div style="color:red">d</div>'
        '<a href="%2e%2e/%2e%2e/x">e</a><script src="https://cdn.example/x.js"></script>'
    )
    found = Audit("proposals/x/index.html")
    found.feed(page)
    found.close()
    assert len(found.wrong) == 11, found.wrong
    safe = Audit("proposals/x/index.html")
    safe.feed(
        '<a href="../../checks/">a</a><a href="https://example.org/">b</a>'
        '<script src="../../static/tables.js"></script>'
        "<script>document.documentElement.className += ' js';</script>"
    )
    assert safe.wrong == []


def test_no_page_runs_or_loads_anything_from_the_content(hostile):
    _, site, _ = hostile
    pages = audit(site)
    kinds = {
        "index.html",
        "proposals/index.html",
        "proposals/sc001/index.html",
        "committees/scrutiny/index.html",
        "committees/scrutiny/2018-01-15/index.html",
        "reports/paper/index.html",
        "checks/index.html",
        "search/index.html",
        "services/index.html",
        "committees/index.html",
        "reports/index.html",
    }
    assert kinds <= set(pages)
    assert [wrong for page in pages.values() for wrong in page.wrong] == []


def test_hostile_text_is_shown_as_written(hostile):
    """Escaped, not dropped: the reader sees exactly what the clerk typed."""
    _, site, given = hostile
    text = " ".join(page.visible() for page in audit(site).values())
    hidden = [
        field
        for field, value in given.items()
        if " ".join(value.split()) not in text and field not in ("project code", "other ref", "logo alt")
    ]
    assert hidden == []
    logo = re.search(
        r'<img class="site-logo" src="assets/logo.svg" alt="([^"]*)">',
        (site / "index.html").read_text(encoding="utf-8"),
    )
    assert html.unescape(logo[1]) == given["logo alt"]  # an attribute, whole and escaped
    assert '<script>alert("quokka 1")</script>' in text  # Markdown's raw HTML is shown too
    assert "{{ 7*7 }}" in text and not re.search(r"(?<!:)\b49\b", text)  # never worked out (not a line)


def test_the_home_page_link_cannot_become_a_script(hostile):
    """A site path that begins 'javascript:' is left out: on the page at the site's root it would
    be one."""
    _, site, _ = hostile
    links = parse(site / "index.html").links
    assert not [link for link in links if "javascript:" in link]
    assert [
        link
        for link in links
        if scheme(link) not in (None, "http", "https", "mailto") and link not in TEMPLATE_ADDRESSES
    ] == []


def test_feeds_carry_hostile_text_as_plain_text(hostile):
    _, site, given = hostile
    atom = "{http://www.w3.org/2005/Atom}"
    feeds = sorted(site.rglob("feed.xml"))
    assert len(feeds) == 2  # the site's and the one service's
    for path in feeds:
        root = ET.parse(path).getroot()
        for element in root.iter():
            assert element.tag.startswith(atom), f"{path}: {element.tag} is not Atom"
            assert element.get("type") in (None, "text/html", "application/atom+xml")
            if element.tag == atom + "link":
                assert scheme(element.get("href")) is None
                assert inside_site(path.relative_to(site).as_posix(), element.get("href"))
        titles = [e.text for e in root.iter(atom + "title")]
        assert any(given["title"] in title for title in titles)
        assert root.find(atom + "title").text.startswith(given["council"])


def test_open_data_keeps_hostile_text_exactly_and_in_its_cell(hostile):
    _, site, given = hostile
    data = json.loads((site / "data/proposals.json").read_text(encoding="utf-8"))
    assert [row["title"] for row in data["proposals"]] == [given["title"], given["second title"]]
    assert data["proposals"][0]["ref"] == given["ref"]
    rows = list(
        csv.reader(io.StringIO((site / "data/proposals.csv").read_text(encoding="utf-8"), newline=""))
    )
    assert len(rows) == 3 and {len(row) for row in rows} == {len(rows[0])}
    assert [row[1] for row in rows[1:]] == [given["title"], given["second title"]]
    assert rows[1][rows[0].index("directorate")] == given["directorate"]


def test_every_link_of_the_hostile_site_stays_inside_it(hostile):
    _, site, _ = hostile
    outside = [line for line in broken_links(site) if "leads" in line or "outside" in line]
    assert outside == []


def test_links_that_lead_nowhere_are_findings_with_file_and_line(hostile):
    content, _, _ = hostile
    result = read_site(content)
    broken = [f for f in result.site.findings if f.code == "broken-link"]
    targets = " ".join(f.message for f in broken)
    for target in ("/javascript:alert(", "./javascript:alert(", "%2e%2e/%2e%2e/%2e%2e/etc/passwd"):
        assert f"the link to '{target}" in targets
    assert all(f.file and f.line > 0 for f in broken)


# -- the same pages in a real browser ---------------------------------------------------------


BROWSER_AUDIT = """(trusted) => {
  const wrong = [];
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      if (a.name.toLowerCase().startsWith('on') || a.name === 'style')
        wrong.push(el.tagName + ' ' + a.name + '=' + a.value);
      if (['href', 'src', 'action', 'formaction', 'xlink:href', 'data'].includes(a.name)
          && !trusted.includes(a.value)) {
        const url = new URL(a.value, document.baseURI);
        if (!['http:', 'https:', 'mailto:', 'tel:'].includes(url.protocol))
          wrong.push(el.tagName + ' ' + a.name + '=' + a.value);
        if (el.tagName !== 'A' && url.origin !== location.origin)
          wrong.push(el.tagName + ' loads from ' + url.href);
      }
    }
    if (['IFRAME', 'OBJECT', 'EMBED', 'BASE', 'STYLE', 'FRAME', 'MATH'].includes(el.tagName))
      wrong.push(el.tagName);
  }
  for (const s of document.scripts)
    if (!s.src && s.text.trim() !== "document.documentElement.className += ' js';")
      wrong.push('inline script ' + s.text);
  return wrong;
}"""


@pytest.fixture(scope="module")
def served(hostile):
    _, site, _ = hostile
    handler = functools.partial(_Quiet, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.mark.browser
def test_no_script_runs_in_a_real_browser(hostile, served):
    _, site, _ = hostile
    dialogs, errors, wrong = [], [], {}
    with chromium() as browser:
        page = browser.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.on("pageerror", lambda error: errors.append(str(error)))
        pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
        for rel in pages:
            page.goto(served + rel)
            found = page.evaluate(BROWSER_AUDIT, TEMPLATE_ADDRESSES)
            if found:
                wrong[rel] = found
        page.goto(served + "search/index.html?q=quokka")
        page.locator("#results li").first.wait_for()
        results = page.locator("#results")
        excerpt_tags = page.evaluate(
            "() => Array.from(document.querySelectorAll('#results li p *'), e => e.tagName)"
        )
        shown = results.inner_text()
    assert len(pages) >= 15
    assert dialogs == [] and errors == [] and wrong == {}
    assert set(excerpt_tags) <= {"MARK"}  # Pagefind's excerpts: the text, with matches marked
    assert "quokka" in shown


# -- content paths cannot reach outside the content folder -----------------------------------

SECRET = "TOP-SECRET-3f9a2c"


@pytest.fixture
def outside(tmp_path):
    """A folder beside the content folder, holding a secret the site must never publish."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "secret.txt").write_text(SECRET, encoding="utf-8")
    (folder / "stolen.yaml").write_text(
        PROPOSAL.replace("SC001", "SC009").replace("Reduce waste", SECRET), encoding="utf-8"
    )
    return folder


def _published(site: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file())


def test_a_content_file_linked_to_outside_is_refused(content, outside, tmp_path, capsys):
    root = content({})
    (root / "proposals/sc009.yaml").symlink_to(outside / "stolen.yaml")
    (root / "committees").rename(tmp_path / "committees-real")
    (root / "committees").symlink_to(outside, target_is_directory=True)
    result = read_site(root)
    refused = sorted(p.file for p in result.problems if p.code == "outside-content")
    assert refused == ["committees/stolen.yaml", "proposals/sc009.yaml"]
    assert SECRET not in json.dumps([p.title for p in result.site.proposals])
    assert main(["build", "--content", str(root), "--out", str(tmp_path / "site")]) == 2
    err = capsys.readouterr().err
    assert "proposals/sc009.yaml: error: this is a link to somewhere outside the content folder" in err
    assert not (tmp_path / "site").exists()


def test_an_asset_linked_to_an_outside_file_or_folder_is_not_published(content, outside, tmp_path):
    root = content({})
    (root / "assets").mkdir()
    (root / "assets/leak.txt").symlink_to(outside / "secret.txt")
    (root / "assets/leaks").symlink_to(outside, target_is_directory=True)
    (root / "assets/system").symlink_to("/etc", target_is_directory=True)
    (root / "assets/kept.txt").write_text("a public attachment", encoding="utf-8")
    result = read_site(root)
    assert sorted(p.file for p in result.blocking if p.code == "outside-content") == [
        "assets/leak.txt",
        "assets/leaks",
        "assets/system",
    ]
    assert [p.relative_to(root).as_posix() for p in result.content.assets] == ["assets/kept.txt"]


def test_hidden_files_in_assets_are_not_published(content, tmp_path):
    root = content({})
    for rel in ("assets/.env", "assets/.git/config", "assets/papers/.DS_Store", "assets/papers/plan.pdf"):
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text("x", encoding="utf-8")
    build(root, tmp_path / "site")
    published = sorted(
        p.relative_to(tmp_path / "site").as_posix()
        for p in (tmp_path / "site/assets").rglob("*")
        if p.is_file()
    )
    assert published == ["assets/papers/plan.pdf"]


@pytest.mark.parametrize(
    "target",
    [
        "../../outside/secret.txt",
        "/../../outside/secret.txt",
        "assets/../../outside/secret.txt",
        "%2e%2e/%2e%2e/outside/secret.txt",
        "..\\..\\outside\\secret.txt",
        "/etc/passwd",
        "file:///etc/passwd",
        "C:\\Windows\\win.ini",
    ],
)
def test_a_link_or_image_cannot_reach_outside_the_site(content, outside, tmp_path, target):
    """A site path is kept inside the site (a broken-link finding says where it was written);
    an address with a scheme other than http(s), mailto or tel is dropped."""
    text = f"See [the file]({target}) and ![the picture]({target})."
    root = content({"proposals/sc001.yaml": PROPOSAL + f"decisions: '{text}'\n"})
    build(root, tmp_path / "site")
    site = tmp_path / "site"
    assert SECRET.encode() not in _published(site)
    page = audit(site)["proposals/sc001/index.html"]
    assert page.wrong == []
    findings = [f.where() for f in read_site(root).site.findings if f.code == "broken-link"]
    if scheme(target):
        assert "the file" in page.visible() and "<a " not in _page_links(site, target)
    else:
        assert findings == ["proposals/sc001.yaml:12"]


def _page_links(site: Path, target: str) -> str:
    """The anchors of the proposal page that mention ``target``."""
    page = (site / "proposals/sc001/index.html").read_text(encoding="utf-8")
    return " ".join(a for a in re.findall(r"<a [^>]*>", page) if target in html.unescape(a))


def test_an_agenda_cannot_name_a_report_outside_the_content(content):
    committee = (
        "name: Budget Scrutiny\nmeetings:\n  - date: 2018-01-15\n    agenda:\n"
        "      - title: Strategy\n        report: ../../outside/secret\n"
    )
    result = read_site(content({"committees/budget.yaml": committee}))
    unknown = [p for p in result.blocking if p.code == "unknown-report"]
    assert unknown and unknown[0].as_text().startswith("committees/budget.yaml:6: error: unknown report")


@pytest.mark.parametrize("name", ["SC 002.yaml", "sc.002.yaml", "<script>.yaml", "sc_002.yaml"])
def test_a_file_name_that_is_not_a_web_address_is_refused(content, name):
    root = content({})
    (root / "proposals" / name).write_text(PROPOSAL.replace("SC001", "SC002"), encoding="utf-8")
    refused = [p for p in read_site(root).blocking if p.code == "invalid-slug"]
    assert [p.file for p in refused] == [f"proposals/{name}"]
    assert "may hold only a-z, 0-9 and '-'" in refused[0].message


def test_the_output_folder_may_not_hold_or_be_held_by_the_content(content, tmp_path):
    root = content({})
    for out in (root / "site", root, tmp_path):
        with pytest.raises(OutputError, match="must not contain each other"):
            build(root, out)
    assert not (root / "site").exists()


@pytest.mark.parametrize(
    "base_url",
    [
        "javascript:alert(1)//",
        "data:text/html,x",
        "//evil.example/",
        "ftp://example.org/",
        "example.org/savings/",
    ],
)
def test_base_url_must_be_a_web_address(content, base_url):
    root = content(
        {
            "site.yaml": "council: Test\ntitle: T\nunit: m\nyears: [2019/20, 2020/21]\n"
            f"base_url: '{base_url}'\n"
        }
    )
    problems = [p for p in read_site(root).blocking if p.code == "invalid-value"]
    assert [p.where() for p in problems] == ["site.yaml:5"]
    assert "must be the web address the site is published at" in problems[0].message


def test_yaml_tags_never_run_code(content, tmp_path):
    flag = tmp_path / "ran"
    root = content(
        {
            "proposals/sc001.yaml": PROPOSAL.replace(
                "title: Reduce waste", f"title: !!python/object/apply:os.system ['touch {flag}']"
            )
        }
    )
    problems = [p for p in read_site(root).problems if p.file.startswith("proposals/")]
    assert not flag.exists()
    assert [p.as_text() for p in problems] == [
        "proposals/sc001.yaml:2: error: 'title' must be text, not a list [SC001] (wrong-type)"
    ]


# -- PDFs: the same content set on paper, fetching nothing --------------------------------------


class _Beacon(http.server.BaseHTTPRequestHandler):
    """A web server on this computer that records every request a PDF renderer makes of it."""

    asked: list[str] = []

    def do_GET(self):
        _Beacon.asked.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()
        self.wfile.write(PNG)

    def log_message(self, *args):
        pass


# The smallest PNG: one transparent pixel.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63000100000500010d0a2db40000000049454e44ae426082"
)


@pytest.fixture
def beacon():
    _Beacon.asked = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Beacon)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", _Beacon.asked
    httpd.shutdown()
    httpd.server_close()


def test_a_pdf_fetches_nothing_from_the_network_or_outside_its_folders(tmp_path, beacon):
    """Every way HTML and CSS can ask for a file, against real WeasyPrint and the build's fetcher."""
    pdf = pytest.importorskip("scrutinypack.render.pdf", reason="PDF rendering is not there yet")
    pypdf = pytest.importorskip("pypdf")
    url, asked = beacon
    assets = tmp_path / "content/assets"
    assets.mkdir(parents=True)
    (assets / "ok.png").write_bytes(PNG)
    (tmp_path / "secret.png").write_bytes(PNG)
    (assets / "link-out.png").symlink_to(tmp_path / "secret.png")
    secret = (tmp_path / "secret.png").as_uri()
    html = f"""<html><head>
      <link rel="stylesheet" href="{url}/linked.css">
      <style>@import url("{url}/imported.css");
        @font-face {{ font-family: F; src: url("{url}/font.woff") }}
        body {{ background: url("{secret}"); font-family: F }}
        p {{ background-image: url("{url}/background.png") }}
        h1 {{ list-style-image: url("file:///etc/passwd") }}</style></head><body>
      <h1>Report</h1><p>Text</p>
      <img src="{url}/beacon.png" alt=""><img src="https://example.invalid/x.png" alt="">
      <img src="{secret}" alt=""><img src="{(assets / "link-out.png").as_uri()}" alt="">
      <img src="{assets.as_uri()}/../../secret.png" alt=""><img src="file:///etc/passwd" alt="">
      <img src="file://localhost{tmp_path / "secret.png"}" alt="">
      <object data="{url}/object.png" type="image/png"></object><embed src="{url}/embed.png">
      <svg width="10" height="10"><image href="{url}/svg.png" width="10" height="10"/></svg>
      <iframe src="{url}/frame.html"></iframe>
      <img src="{(assets / "ok.png").as_uri()}" alt="allowed"></body></html>"""
    job = pdf.Job("proposals/x/x.pdf", html, (str(assets),))
    data, _pages, problems = pdf.lay_out(job)
    assert asked == []  # not one request reached the server
    refused = {problem_url for problem_url, _ in problems}
    for wanted in (
        f"{url}/beacon.png",
        f"{url}/linked.css",
        secret,
        (assets / "link-out.png").as_uri(),
        "file:///etc/passwd",
        "https://example.invalid/x.png",
    ):
        assert wanted in refused
    assert data is None  # a PDF that could not have what it asked for is not made
    fetcher = pdf.RestrictedFetcher([assets])
    allowed = weasyprint_pdf(html.replace(url, "https://example.invalid"), fetcher)
    assert len(pypdf.PdfReader(io.BytesIO(allowed)).pages[0].images) == 1  # only assets/ok.png


def weasyprint_pdf(html: str, fetcher) -> bytes:
    """Render with WeasyPrint despite refusals, to see what went in: only what was allowed."""
    weasyprint = pytest.importorskip("weasyprint")
    return weasyprint.HTML(string=html, url_fetcher=fetcher).write_pdf()


@pytest.fixture(scope="module")
def hostile_pdfs(tmp_path_factory):
    """The hostile site without its image payloads (which stop a PDF: see below), with PDFs."""
    pytest.importorskip("scrutinypack.render.pdf", reason="PDF rendering is not there yet")
    base = tmp_path_factory.mktemp("hostile-pdf")
    given = hostile_content(base / "content")
    for path in (base / "content").rglob("*.*"):
        if path.suffix in (".yaml", ".md"):
            text = path.read_text(encoding="utf-8")
            for payload in MARKDOWN:
                if payload.startswith("!["):
                    text = text.replace(payload, "no picture")
            path.write_text(text, encoding="utf-8")
    build(base / "content", base / "site", pdf="default", jobs=1)
    return base / "site", given


@pytest.mark.pdf
def test_hostile_text_in_a_pdf_is_printed_as_text_and_runs_nothing(hostile_pdfs):
    pypdf = pytest.importorskip("pypdf")
    site, given = hostile_pdfs
    pdfs = sorted(p for p in site.rglob("*.pdf") if not p.is_relative_to(site / "assets"))
    assert len(pdfs) >= 3  # two proposals and the meeting's pack
    for path in pdfs:
        reader = pypdf.PdfReader(path)
        root = reader.trailer["/Root"]
        assert "/OpenAction" not in root and "/AA" not in root
        assert "/JavaScript" not in root.get("/Names", {})
        text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
        assert 'alert("quokka 1")' in text and given["title"].split(" [")[0][:12] in text
        for page in reader.pages:
            for annotation in page.get("/Annots", []):
                action = annotation.get_object().get("/A", {})
                assert action.get("/S") in (None, "/URI", "/GoTo")
                uri = action.get("/URI")
                if uri is not None:
                    assert scheme(str(uri)) in (None, "http", "https", "mailto", "tel"), uri


@pytest.mark.pdf
def test_an_image_a_pdf_may_not_fetch_stops_the_build_and_the_old_site_stays(hostile, tmp_path, beacon):
    pytest.importorskip("scrutinypack.render.pdf", reason="PDF rendering is not there yet")
    from scrutinypack.render.pdf import PdfError

    content, _, _ = hostile
    url, asked = beacon
    root = tmp_path / "content"
    shutil.copytree(content, root)
    out = tmp_path / "site"
    build(root, out)
    before = _published(out)
    notes = "![beacon](/../../etc/passwd)\n\n![web](" + url + "/beacon.png)\n"
    proposal = root / "proposals/sc002.yaml"
    proposal.write_text(
        proposal.read_text(encoding="utf-8").replace(
            "description: ", "notes: " + json.dumps(notes) + "\ndescription: ", 1
        ),
        encoding="utf-8",
    )
    with pytest.raises(PdfError) as error:
        build(root, out, pdf="default", jobs=1)
    assert "could not be made" in str(error.value) and "refused" in str(error.value)
    assert asked == [] and _published(out) == before
