"""Addresses a browser reads differently from the text as written (issue 28: E01, E03, E06).

A browser strips control characters and spaces from the ends of an address, removes tabs and
newlines anywhere and reads '\\' as '/' (the WHATWG URL standard), so '/ javascript:…' is a
script and '/⏎/⏎/host/t.png' another server. scrutinypack/urls.py reads an address that way
before it allows it. Here Node.js's ``URL`` (the standard's own reading) is the judge of every
address the module allows, over a list of hostile addresses and a Hypothesis strategy; built
sites are read back for scripts and outside images; and a real Chromium clicks the links.
"""

from __future__ import annotations

import contextlib
import functools
import html
import http.server
import json
import shutil
import subprocess
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scrutinypack import paths, urls
from scrutinypack.build.builder import build
from scrutinypack.build.reading import read_site
from scrutinypack.problems import ContentError
from scrutinypack.render.pdf.papers import web_link

from ..support.browsers import chromium
from ..support.content import COMMITTEE, PROPOSAL, SITE
from ..support.hostile import audit, inside_site, scheme
from ..support.sitecheck import parse

NODE = shutil.which("node")
needs_node = pytest.mark.skipif(
    NODE is None,
    reason="Node.js is not installed: its URL class is the WHATWG URL standard these tests compare with",
)
SITE_ROOT = "https://site.example/council/savings/"  # a site in a sub-folder, as many are
BASE = "https://site.example/a/b/"
PAGES = ("", "proposals/sc001/", "committees/budget/2018-01-15/", "assets/")
PDFS = ("publication.pdf", "proposals/sc001/sc001.pdf", "committees/budget/2018-01-15/pack.pdf")
ALLOWED_PROTOCOLS = {"http:", "https:", "mailto:", "tel:"}
CONTROLS = "".join(map(chr, range(0x20)))

# Each string as a page would hold it, before the browser reads it.
HOSTILE = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "java\rscript:alert(1)",
    " javascript:alert(1)",
    "\x00javascript:alert(1)",
    "\x1fjavascript:x",
    "javascript:alert(1) ",
    "\x01\x02 \tjavascript:alert(1)\x7f",
    "&#106;avascript:alert(1)",
    "&#x6A;avascript:alert(1)",
    "java&#09;script:alert(1)",
    "jav&#x0A;ascript:alert(1)",
    "/javascript:alert(document.domain)",
    "./javascript:alert(document.domain)",
    "/ javascript:alert(1)",
    "/\njavascript:alert(1)",
    "/\tjavascript:alert(1)",
    "/\x00javascript:alert(1)",
    "/\x1bjavascript:x",
    "./ javascript:x",
    ".\\javascript:x",
    "\\javascript:x",
    "proposals/javascript:alert(1)",
    "a/b/javascript:alert(1)/c",
    "/proposals/ javascript:x/",
    "/javascript:alert(16)/x.y",
    "/x/../javascript:alert(1)",
    "%2e/javascript:x",
    "/\u00a0javascript:x",
    "\u00a0javascript:x",
    "\u2028javascript:x",
    "\ufeffjavascript:x",
    "\u3000javascript:x",
    "/\u200bjavascript:x",
    "data:text/html,<script>alert(1)</script>",
    "DATA:image/svg+xml,<svg onload=alert(1)>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "FILE://server/share",
    "C:\\Windows\\win.ini",
    "c:/windows",
    "blob:https://site.example/x",
    "about:blank",
    "ftp://example.org/",
    "//evil.example/x.png",
    "///evil.example/x.png",
    "////evil.example",
    "/\\evil.example/x",
    "\\\\evil.example\\x",
    "\\/evil.example",
    "/ /evil.example",
    "/\n/\n/evil.example/t.png",
    "/\t/evil.example",
    " //evil.example",
    "\x0c//evil.example",
    "/%2f/evil.example",
    "../../etc/passwd",
    "/../../etc/passwd",
    "..\\..\\etc\\passwd",
    "%2e%2e/%2e%2e/etc/passwd",
    "%2E%2e/x",
    ".%2e/x",
    "%2e./x",
    "assets/../../x",
    "/./../x",
    "a/%2e%2e/%2e%2e/x",
    "https:evil.example",
    "https:/evil.example",
    "https:\\\\evil.example\\x",
    "https:///evil.example",
    "http://",
    "https://",
    "https://?x",
    "https://#x",
    "https://a b.example/",
    "https://<x>/",
    "https://evil.example%2f@site.example/",
    "https://site.example@evil.example/",
    "http://127.0.0.1:8000/",
    "HTTPS://EXAMPLE.ORG/A?B\\C#D\\E",
    " https://example.org/ ",
    "ht\ttps://example.org/",
    "https://exa\nmple.org/",
    "mailto:clerk@example.org",
    "MAILTO:clerk@example.org?subject=x",
    "mailto:",
    "tel:+441234567890",
    "tel:",
    "#top",
    "#",
    "#\njavascript:x",
    "?x=1",
    "/proposals/sc001/",
    "proposals/sc001",
    "assets/plan.pdf",
    "/assets/plan.pdf#page=2",
    "./assets/my plan.pdf",
    "/proposals/sc001/index.html#decisions",
    "/a%2e%2e/b",
    "/..%2f..%2fetc/passwd",
    "/%2e%2e%2f",
    "/...",
    "/.../x",
    "",
    " ",
    "\t\n",
    "/",
    "./",
    ".",
    "..",
    "/..",
    "javascript",
    "javascript:",
    "mailto",
    ":x",
    "1:2",
    "/proposals/sc001/?q=<script>",
    '/x"onmouseover=alert(1)',
    "/x'><script>",
]


def node_read(pairs: list[tuple[str, str]]) -> list[dict | None]:
    """Each (address, base) as Node.js reads it: new URL(address, base); None if it throws."""
    script = (
        "const pairs = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
        "process.stdout.write(JSON.stringify(pairs.map(([value, base]) => {"
        "  try { const u = new URL(value, base);"
        "        return {href: u.href, protocol: u.protocol, origin: u.origin, pathname: u.pathname}; }"
        "  catch (e) { return null; } })));"
    )
    done = subprocess.run(
        [NODE, "-e", script], input=json.dumps(pairs), capture_output=True, text=True, timeout=60, check=True
    )
    return json.loads(done.stdout)


def printed(address: urls.Address, page: str) -> str:
    """What a page at ``page`` prints for an allowed address (site paths made relative)."""
    if address.kind != "site":
        return address.text
    fragment = address.text[len(address.path) :]
    return paths.relative(page, address.path) + fragment


def wrong_by_node(values: list[str]) -> list[str]:
    """Every way the browser's reading of an address the module allows is not safe, or is not
    the address the module checked."""
    allowed = [(value, urls.read(value)) for value in values]
    allowed = [(value, address) for value, address in allowed if address is not None]
    asks = []
    for value, address in allowed:
        asks.append((value, BASE))  # the text as written, as a page would hold it
        asks += [(printed(address, page), SITE_ROOT + page) for page in PAGES]
        asks.append((address.text, SITE_ROOT))  # what was checked, read from the site's root
    answers = iter(node_read(asks))
    wrong = []
    for value, address in allowed:
        raw, *on_pages, checked = (next(answers) for _ in range(len(PAGES) + 2))
        if raw is not None and raw["protocol"] not in ALLOWED_PROTOCOLS:
            wrong.append(f"{value!r} is read by the browser as a {raw['protocol']} address")
        if raw is not None and address.kind == "site" and raw["origin"] != "https://site.example":
            wrong.append(f"{value!r}, a site path, is read by the browser as {raw['href']}")
        if address.kind in ("web", "mailto", "tel") and raw != checked:
            wrong.append(f"{value!r} is read by the browser as {raw}, by the module as {checked}")
        for page, reading in zip(PAGES, on_pages):
            if address.kind == "fragment":  # a place on the page it is printed on
                if reading is None or reading["href"].partition("#")[0] != SITE_ROOT + page:
                    wrong.append(f"{value!r} on page {page!r} is read as {reading}, not a place on it")
            elif reading is None or reading["href"] != (checked or {}).get("href"):
                wrong.append(f"{value!r} on page {page!r} is read as {reading}, not {checked} as checked")
            elif address.kind == "site" and not reading["href"].startswith(SITE_ROOT):
                wrong.append(f"{value!r} on page {page!r} leads out of the site: {reading['href']}")
    return wrong


def wrong_by_invariants(value: str) -> list[str]:
    """The module's own promises, which need no Node: an allowed address reads again as itself,
    has no character a browser would drop, and a site path stays a path on every page and in
    every PDF (whose links to the web pages are relative where the site has no base_url)."""
    address = urls.read(value)
    if address is None:
        return []
    wrong = []
    again = urls.read("/" + address.text if address.kind == "site" else address.text)
    if again != address:
        wrong.append(f"{value!r} → {address} reads again as {again}")
    if urls.as_read(address.text) != address.text:
        wrong.append(f"{value!r} → {address.text!r} still has what a browser strips")
    if address.kind == "web" and not address.text.startswith(("http://", "https://")):
        wrong.append(f"{value!r} → {address.text!r} is not an http(s) address")
    for page in PAGES if address.kind == "site" else ():
        link = printed(address, page)
        if scheme(link) is not None or not inside_site(page + "index.html", link):
            wrong.append(f"{value!r} on page {page!r} prints {link!r}, which leaves the site")
    for pdf in PDFS if address.kind == "site" else ():
        link = web_link("", pdf, address.text)
        if scheme(link) is not None or not inside_site(pdf, link):
            wrong.append(f"{value!r} in the PDF {pdf!r} links to {link!r}, which leaves the site")
    return wrong


def test_every_hostile_address_reads_safely_by_the_modules_own_rules():
    values = HOSTILE + [html.unescape(value) for value in HOSTILE]
    assert [wrong for value in values for wrong in wrong_by_invariants(value)] == []


@needs_node
def test_every_address_allowed_is_safe_as_the_whatwg_url_standard_reads_it():
    values = HOSTILE + [html.unescape(value) for value in HOSTILE]
    assert wrong_by_node(values) == []


@needs_node
def test_node_reads_the_hostile_list_as_scripts_and_other_servers():
    """The list is worth testing with: read as written, many of its addresses are scripts or
    other servers; the module refuses every script, and allows another server only as what it
    is, a web address, never as a path in the site."""
    values = [html.unescape(value) for value in HOSTILE]
    readings = node_read([(value, BASE) for value in values])
    scripts = [v for v, r in zip(values, readings) if r and r["protocol"] == "javascript:"]
    elsewhere = [
        v
        for v, r in zip(values, readings)
        if r and r["protocol"] in ("http:", "https:") and r["origin"] != "https://site.example"
    ]
    assert len(scripts) >= 15 and len(elsewhere) >= 15
    assert [v for v in scripts if urls.read(v) is not None] == []
    assert [v for v in elsewhere if urls.read(v) is not None and urls.read(v).kind != "web"] == []


@pytest.mark.parametrize(
    "value, kind, text",
    [
        ("  https://example.org/x\t", "web", "https://example.org/x"),
        ("HTTPS:\\\\example.org\\a\\b?c\\d", "web", "https://example.org/a/b?c\\d"),
        ("ht\ntps://example.org/", "web", "https://example.org/"),
        ("MAILTO:clerk@example.org", "mailto", "mailto:clerk@example.org"),
        ("/proposals/sc001", "site", "proposals/sc001/"),
        ("./assets/plan.pdf#page=2", "site", "assets/plan.pdf#page=2"),
        ("%2e/proposals/x/%2E%2e/sc001/index.html", "site", "proposals/sc001/"),
        ("\\proposals\\sc001\\", "site", "proposals/sc001/"),
        ("assets/planindex.html", "site", "assets/planindex.html"),  # a file of its own, not a folder
        ("#top", "fragment", "#top"),
    ],
)
def test_an_allowed_address_is_printed_as_the_browser_reads_it(value, kind, text):
    assert urls.read(value) == urls.Address(kind, text)


@pytest.mark.parametrize(
    "value",
    [
        "/javascript:alert(document.domain)",
        "./javascript:alert(1)",
        "/ javascript:alert(1)",
        "/\njavascript:alert(1)",
        "/\n/\n/host.example/t.png",
        "/\\host.example",
        "//host.example",
        "../outside",
        "%2e%2e/x",
        "java\tscript:alert(1)",
        "data:text/html,x",
        "https:host.example",
        "https://",
        "proposals/vbscript:x/",
        "",
    ],
)
def test_an_address_that_is_a_script_another_server_or_above_the_site_is_refused(value):
    assert urls.read(value) is None


# -- Hypothesis: addresses made of the pieces browsers read differently -----------------------

PIECES = [
    "javascript",
    "JaVaScRiPt",
    "java\tscript",
    "data",
    "vbscript",
    "file",
    "http",
    "https",
    "mailto",
    "tel",
    "blob",
    ":",
    "/",
    "\\",
    "//",
    "/\\",
    "./",
    "../",
    "%2e",
    "%2E%2e",
    ".",
    "..",
    "#",
    "?",
    " ",
    "\t",
    "\n",
    "\r",
    "\x00",
    "\x0b",
    "\x1f",
    "\x7f",
    "\u00a0",
    "\u2028",
    "\ufeff",
    "evil.example",
    "@",
    "site.example",
    "alert(1)",
    "assets",
    "proposals",
    "x.png",
    "index.html",
    "%2f",
    "&#106;",
    "&#x09;",
    "%0a",
]
ADDRESSES = st.lists(
    st.one_of(
        st.sampled_from(PIECES),
        st.text(max_size=3).filter(lambda t: not any(0xD800 <= ord(c) <= 0xDFFF for c in t)),
    ),
    max_size=10,
).map("".join)


@pytest.mark.slow
@given(st.lists(ADDRESSES, min_size=1, max_size=25))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_anything_allowed_is_safe_by_node_or_by_the_modules_own_rules(values):
    values = values + [html.unescape(value) for value in values]
    assert [wrong for value in values for wrong in wrong_by_invariants(value)] == []
    if NODE is not None:
        assert wrong_by_node(values) == []


# -- built sites --------------------------------------------------------------------------------


def _site_yaml(description: str = "", footer: list[str] = ()) -> str:
    text = SITE + f"description: {json.dumps(description)}\n" if description else SITE
    if footer:
        text += "brand:\n  footer_links:\n" + "".join(
            f"    - {{label: Link {n}, url: {json.dumps(url)}}}\n" for n, url in enumerate(footer)
        )
    return text


def _read_as_a_browser(site: Path) -> list[str]:
    """Every address of every page that a browser reads as a script or another scheme, or an
    image (or any address but a link) that loads from outside the site."""
    return [
        wrong
        for page in audit(site).values()
        for wrong in page.wrong
        if "scheme" in wrong or "leads out" in wrong or "another server" in wrong
    ]


@pytest.mark.parametrize(
    "url",
    [
        "/javascript:alert(document.domain)",
        "./javascript:alert(document.domain)",
        "/ javascript:alert(1)",
        "/\\evil.example/",
        "/x/../../javascript:alert(1)",
    ],
)
def test_a_footer_link_hiding_a_script_or_server_is_refused_with_its_line(content, tmp_path, url):
    """E01: a footer link written as a path in the site that a browser reads as a script."""
    root = content({"site.yaml": _site_yaml(footer=["/how-scrutiny-works/", url])})
    refused = [p.as_text() for p in read_site(root).blocking]
    assert len(refused) == 1 and refused[0].startswith("site.yaml:9: error: a footer link's 'url'")
    with pytest.raises(ContentError):
        build(root, tmp_path / "site")
    assert not (tmp_path / "site").exists()


def test_a_footer_link_is_printed_as_the_browser_reads_it(content, tmp_path):
    root = content(
        {"site.yaml": _site_yaml(footer=["HTTPS:\\\\example.org\\privacy", "/how-scrutiny-works"])}
    )
    build(root, tmp_path / "site")
    page = (tmp_path / "site/proposals/sc001/index.html").read_text(encoding="utf-8")
    assert '<a href="https://example.org/privacy">Link 0</a>' in page
    assert '<a href="../../how-scrutiny-works/">Link 1</a>' in page


@pytest.mark.parametrize(
    "link",
    [
        "/ javascript:alert(document.domain)",
        "/\njavascript:alert(1)",
        "/\tjavascript:alert(1)",
        "/ \n\t javascript:alert(1)",
    ],
)
def test_a_link_in_the_home_pages_description_cannot_become_a_script(content, tmp_path, link):
    """E03: '/ javascript:…' was printed on the home page as ' javascript:…', which a browser
    strips to a script; now it is left out, and check says where it was written."""
    root = content({"site.yaml": _site_yaml(f"Read [the plan]({link}) first.")})
    build(root, tmp_path / "site")
    assert _read_as_a_browser(tmp_path / "site") == []
    home = (tmp_path / "site/index.html").read_text(encoding="utf-8")
    assert '<a rel="noopener noreferrer">the plan</a>' in home  # the words kept, the address not
    found = [f.where() for f in read_site(root).site.findings if f.code == "broken-link"]
    assert found == ["site.yaml:6"]


@pytest.mark.parametrize(
    "image",
    [
        "/\n/\n/evil.example/t.png",
        "/\\evil.example/t.png",
        "/ //evil.example/t.png",
        "\\\\\\\\evil.example\\\\t.png",
    ],
)
def test_an_image_in_the_home_pages_description_cannot_load_from_another_server(content, tmp_path, image):
    """E06: '![](/⏎/⏎/host/t.png)' was printed as an address a browser reads as //host/t.png."""
    root = content({"site.yaml": _site_yaml(f"A picture: ![plan]({image})")})
    build(root, tmp_path / "site")
    assert _read_as_a_browser(tmp_path / "site") == []
    assert [link for link in parse(tmp_path / "site/index.html").links if "evil.example" in link] == []
    found = [f.where() for f in read_site(root).site.findings if f.code == "broken-link"]
    assert found == ["site.yaml:6"]


def test_every_markdown_field_has_one_reading_the_home_page_included(content, tmp_path):
    """The same hostile Markdown in the site's description, a proposal and a committee: no page
    prints a script or an outside image for any of them (main printed them on the home page)."""
    text = "[a](/ javascript:alert(1)) [b](./javascript:alert(2)) ![c](/\n/\n/evil.example/c.png)"
    root = content(
        {
            "site.yaml": _site_yaml(text),
            "proposals/sc001.yaml": PROPOSAL + f"description: {json.dumps(text)}\n",
            "committees/budget.yaml": COMMITTEE + f"description: {json.dumps(text)}\n",
        }
    )
    build(root, tmp_path / "site")
    assert _read_as_a_browser(tmp_path / "site") == []
    for page in ("index.html", "proposals/sc001/index.html", "committees/budget/index.html"):
        links = parse(tmp_path / "site" / page).links
        assert [link for link in links if "evil.example" in link or "javascript" in link] == []


# -- a real browser clicks the links --------------------------------------------------------

E01 = ["/javascript:alert(document.domain)", "./javascript:alert(document.domain)"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def _serving(site: Path):
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


def _built_with_what_check_allows(root: Path, out: Path) -> list[str]:
    """Build the site with every footer link check allows of E01's; the ones it refused."""
    refused = [p.line for p in read_site(root).blocking if "footer link" in p.message]
    kept = [url for index, url in enumerate(E01) if 9 + index not in refused]
    (root / "site.yaml").write_text(_site_yaml(DESCRIPTION, kept), encoding="utf-8")
    build(root, out)
    return [url for url in E01 if url not in kept]


DESCRIPTION = (
    "[E03](/ javascript:alert(document.domain)) [E03 too](/\njavascript:alert(2)) "
    "[E01 here](/javascript:alert(3)) ![E06](/\n/\n/evil.example/t.png)"
)


@pytest.mark.browser
def test_clicking_the_footer_and_description_links_runs_nothing_and_asks_no_other_server(content, tmp_path):
    root = content({"site.yaml": _site_yaml(DESCRIPTION, E01)})
    refused = _built_with_what_check_allows(root, tmp_path / "site")
    dialogs, outside = [], []
    with _serving(tmp_path / "site") as url, chromium() as browser:
        page = browser.new_page()
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.on("request", lambda request: request.url.startswith(url) or outside.append(request.url))
        page.route(
            "**/*", lambda route: route.continue_() if route.request.url.startswith(url) else route.abort()
        )
        page.goto(url)
        links = page.locator(".lede a, .footer-links a")
        clicked = links.count()
        for index in range(clicked):
            page.goto(url)
            page.locator(".lede a, .footer-links a").nth(index).click()
            page.wait_for_load_state()
    assert dialogs == [] and outside == []
    assert refused == E01 and clicked == 3  # check refused E01; the lede's links kept their words


def test_base_url_and_the_accessibility_contact_are_printed_as_the_browser_reads_them(content, tmp_path):
    """A tab in base_url is dropped by a browser, not by a feed reader: every copy is the
    address as read."""
    site = SITE.replace(
        "accessibility: {contact: access@example.org,",
        'accessibility: {contact: "HTTPS:\\\\\\\\example.org\\\\contact",',
    )
    root = content({"site.yaml": site + 'base_url: "https://example.org/scr\\tutiny/"\n'})
    build(root, tmp_path / "site")
    feed = (tmp_path / "site/feed.xml").read_text(encoding="utf-8")
    statement = (tmp_path / "site/accessibility/index.html").read_text(encoding="utf-8")
    assert "https://example.org/scrutiny/proposals/sc001/" in feed and "\t" not in feed
    assert '<a href="https://example.org/scrutiny/">' in statement
    assert '<a href="https://example.org/contact">' in statement
