"""A contributed content tree is hostile (issue 19): what it can no longer do.

Each section is one class of attack: links out of the content folder at any level, assets that
run script, a build removing folders it did not make, refs that look alike, limits on what a
file may expand to, and the live preview answering a page on another site.
"""

from __future__ import annotations

import html
import html.parser
import os
import re
import threading
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from scrutinypack.build import state
from scrutinypack.build.builder import build
from scrutinypack.build.reading import read_site
from scrutinypack.cli import main
from scrutinypack.problems import ContentError

from ..support.content import COMMITTEE, PROPOSAL, SITE
from ..support.preview import Preview

SECRET = "TOP-SECRET-7c41e0"
REPORT = "---\ntitle: Strategy\n---\nThe report.\n"


@pytest.fixture
def outside(tmp_path):
    """A folder beside the content folder, holding a secret in every kind of content file."""
    folder = tmp_path / "outside"
    (folder / "deeper").mkdir(parents=True)
    (folder / "secret.txt").write_text(SECRET, encoding="utf-8")
    (folder / "deeper/secret.txt").write_text(SECRET, encoding="utf-8")
    (folder / "sc009.yaml").write_text(
        PROPOSAL.replace("SC001", "SC009").replace("Reduce waste", SECRET), encoding="utf-8"
    )
    (folder / "leak.md").write_text(REPORT.replace("The report.", SECRET), encoding="utf-8")
    (folder / "site.yaml").write_text(f"council: {SECRET}\ntitle: T\nunit: m\n", encoding="utf-8")
    return folder


def _published(site: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()) if site.exists() else b""


# -- 1. links out of the content folder, at every level ---------------------------------------


def _link_assets(root, outside):
    (root / "assets").symlink_to(outside, target_is_directory=True)
    return "assets"


def _link_assets_subfolder(root, outside):
    (root / "assets").mkdir()
    (root / "assets/kept.txt").write_text("public", encoding="utf-8")
    (root / "assets/papers").symlink_to(outside, target_is_directory=True)
    return "assets/papers"


def _link_deep_in_assets(root, outside):
    (root / "assets/papers/2019").mkdir(parents=True)
    (root / "assets/papers/2019/leak.txt").symlink_to(outside / "secret.txt")
    return "assets/papers/2019/leak.txt"


def _link_inside_a_linked_folder(root, outside):
    """assets/shared is a link to a folder inside the content, which holds a link out."""
    (root / "shared").mkdir()
    (root / "shared/leak.txt").symlink_to(outside / "deeper/secret.txt")
    (root / "assets").mkdir()
    (root / "assets/shared").symlink_to(root / "shared", target_is_directory=True)
    return "assets/shared/leak.txt"


def _link_proposals(root, outside):
    os.rename(root / "proposals", root.parent / "proposals-real")
    (root / "proposals").symlink_to(outside, target_is_directory=True)
    return "proposals/sc009.yaml"


def _link_reports(root, outside):
    (root / "reports").symlink_to(outside, target_is_directory=True)
    return "reports/leak.md"


def _link_site_yaml(root, outside):
    (root / "site.yaml").unlink()
    (root / "site.yaml").symlink_to(outside / "site.yaml")
    return "site.yaml"


def _link_glossary(root, outside):
    (root / "glossary.yaml").symlink_to(outside / "secret.txt")
    return "glossary.yaml"


@pytest.mark.parametrize(
    "link",
    [
        _link_assets,
        _link_assets_subfolder,
        _link_deep_in_assets,
        _link_inside_a_linked_folder,
        _link_proposals,
        _link_reports,
        _link_site_yaml,
        _link_glossary,
    ],
    ids=lambda f: f.__name__[1:],
)
def test_a_link_out_of_the_content_at_any_level_is_refused_naming_it(
    content, outside, tmp_path, capsys, link
):
    root = content({})
    refused = link(root, outside)
    result = read_site(root)
    assert refused in [p.file for p in result.blocking if p.code == "outside-content"]
    assert all(SECRET not in p.message for p in result.problems)
    assert main(["build", "--content", str(root), "--out", str(tmp_path / "site")]) == 2
    assert (
        f"{refused}: error: this is a link to somewhere outside the content folder" in capsys.readouterr().err
    )
    assert not (tmp_path / "site").exists()


def test_a_link_to_a_folder_inside_the_content_is_followed(content, tmp_path):
    root = content({"images/plan.txt": "the plan"})
    (root / "assets").mkdir()
    (root / "assets/images").symlink_to(root / "images", target_is_directory=True)
    (root / "assets/again").symlink_to(root / "assets", target_is_directory=True)  # a loop
    build(root, tmp_path / "site")
    assert (tmp_path / "site/assets/images/plan.txt").read_text(encoding="utf-8") == "the plan"


def test_the_pdf_fetcher_refuses_files_through_a_linked_assets_folder(tmp_path, outside):
    pdf = pytest.importorskip("scrutinypack.render.pdf", reason="WeasyPrint is not installed")
    (tmp_path / "content").mkdir()
    assets = tmp_path / "content/assets"
    assets.symlink_to(outside, target_is_directory=True)
    fetcher = pdf.RestrictedFetcher([assets])
    with pytest.raises(pdf.FetchRefused, match="outside the content folder's assets/"):
        fetcher.fetch((assets / "secret.txt").as_uri())
    real = tmp_path / "real/assets"
    real.mkdir(parents=True)
    (real / "ok.txt").write_text("allowed", encoding="utf-8")
    assert pdf.RestrictedFetcher([real]).fetch((real / "ok.txt").as_uri()).read() == b"allowed"


def test_a_pipe_or_a_link_out_is_never_read_by_the_build(content, outside, tmp_path):
    """A pipe would block the build for ever; a device may never end."""
    root = content({})
    (root / "assets").mkdir()
    os.mkfifo(root / "assets/pipe.txt")
    (root / "assets/null.txt").symlink_to("/dev/null")  # a device (/dev/zero would never end)
    (root / "secret.txt").symlink_to(outside / "secret.txt")
    scanned = {}
    reader = threading.Thread(target=lambda: scanned.update(state.scan(root)), daemon=True)
    reader.start()
    reader.join(timeout=20)
    if reader.is_alive():  # let the stuck reader go before failing
        os.close(os.open(root / "assets/pipe.txt", os.O_WRONLY | os.O_NONBLOCK))
        pytest.fail("the scan of the content folder blocked on a pipe")
    assert scanned["assets/pipe.txt"] == scanned["assets/null.txt"] == scanned["secret.txt"] == "refused"
    with pytest.raises(ContentError, match="assets/null.txt: error: this is a link to somewhere outside"):
        build(root, tmp_path / "site")
    (root / "assets/null.txt").unlink()
    build(root, tmp_path / "site")  # the pipe is not a file to publish
    assert not (tmp_path / "site/assets").exists()


# -- 2. assets: documents and images only; an SVG cannot run script ---------------------------


@pytest.mark.parametrize(
    "name",
    [
        "page.html",
        "page.HTM",
        "page.xhtml",
        "feed.xml",
        "app.js",
        "app.mjs",
        "style.css",
        "tool.exe",
        "README",
        "shell.php",
        "drawing.svgz",
    ],
)
def test_an_asset_that_is_not_a_document_or_an_image_is_refused_naming_it(content, tmp_path, capsys, name):
    root = content({f"assets/papers/{name}": "<script>alert(1)</script>"})
    assert main(["build", "--content", str(root), "--out", str(tmp_path / "site")]) == 2
    err = capsys.readouterr().err
    assert f"assets/papers/{name}: error: " in err
    assert "only documents (.pdf, .docx" in err and "Save it as PDF, or move it out" in err
    assert not (tmp_path / "site").exists()


def test_documents_and_images_are_published_as_they_are(content, tmp_path):
    files = {
        f"assets/file{suffix}": f"bytes of {suffix}"
        for suffix in (
            ".pdf",
            ".docx",
            ".xlsx",
            ".odt",
            ".ods",
            ".csv",
            ".txt",
            ".png",
            ".JPG",
            ".jpeg",
            ".gif",
            ".webp",
        )
    }
    build(content(files), tmp_path / "site")
    for rel, text in files.items():
        assert (tmp_path / "site" / rel).read_text(encoding="utf-8") == text


HOSTILE_SVG = """<?xml version="1.0"?>
<?xml-stylesheet href="https://evil.example/x.xsl" type="text/xsl"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     xmlns:h="http://www.w3.org/1999/xhtml" width="10" height="10" onload="alert(1)">
  <script>alert(2)</script>
  <script type="application/ecmascript" xlink:href="https://evil.example/x.js"/>
  <circle r="4" fill="red" onclick="alert(3)" OnMouseOver="alert(4)">
    <set attributeName="onclick" to="alert(5)"/>
    <animate attributeName="href" values="javascript:alert(6)"/>
  </circle>
  <a href="javascript:alert(7)"><text>one</text></a>
  <a xlink:href=" JaVa&#x09;script:alert(8)"><text>two</text></a>
  <a href="https://www.example.org/"><text>kept link</text></a>
  <animateMotion dur="1s"/><animateTransform attributeName="transform"/>
  <foreignObject width="10" height="10"><h:iframe src="javascript:alert(9)"/></foreignObject>
  <h:script>alert(10)</h:script>
  <image href="https://evil.example/beacon.png"/>
  <image xlink:href="data:text/html,&lt;script&gt;alert(11)&lt;/script&gt;"/>
  <image href="data:image/png;base64,iVBORw0KGgo="/>
  <use href="other.svg#x"/><use href="#shape"/>
  <style>@import url(https://evil.example/x.css); circle { fill: blue }</style>
  <style>@\\69mport "https://evil.example/y.css";</style>
  <rect id="shape" width="1" height="1" style="fill: url(https://evil.example/x)"/>
  <circle r="1" style="fill: url('#shape')"/><circle r="2" style="fill: url( &quot;#shape&quot; )"/>
</svg>
"""


def test_an_svg_asset_is_published_without_what_could_run_or_fetch(content, tmp_path, capsys):
    root = content({"assets/logo.svg": HOSTILE_SVG})
    assert main(["check", "--content", str(root)]) == 0
    said = capsys.readouterr()
    assert "assets/logo.svg: warning: this SVG held what could run or fetch something" in said.out + said.err
    build(root, tmp_path / "site")
    published = (tmp_path / "site/assets/logo.svg").read_text(encoding="utf-8")
    lowered = published.lower()
    for gone in (
        "alert",
        "javascript",
        "evil.example",
        "<script",
        "foreignobject",
        "<set",
        "<animate",
        "onload",
        "onclick",
        "onmouseover",
        "iframe",
        "xml-stylesheet",
        "data:text",
        "other.svg",
    ):
        assert gone not in lowered, gone
    for kept in (
        '<circle r="4" fill="red"',
        "https://www.example.org/",
        "data:image/png;base64",
        'href="#shape"',
        "kept link",
        "fill: url('#shape')",
        "fill: url( &quot;#shape&quot; )",
    ):
        assert kept in published, kept
    warnings = [p for p in read_site(root).problems if p.code == "svg-cleaned"]
    assert [(p.file, p.severity) for p in warnings] == [("assets/logo.svg", "warning")]
    assert "<script>" in warnings[0].message and "the event handler onload" in warnings[0].message


@pytest.mark.parametrize(
    "svg, why",
    [
        ('<!DOCTYPE svg [<!ENTITY x "boom">]><svg xmlns="http://www.w3.org/2000/svg">&x;</svg>', "DTD"),
        ('<!DOCTYPE svg SYSTEM "file:///etc/passwd"><svg xmlns="http://www.w3.org/2000/svg"/>', "DTD"),
        ('<svg xmlns="http://www.w3.org/2000/svg"><circle', "not well-formed XML"),
        ('<html xmlns="http://www.w3.org/1999/xhtml"><script>alert(1)</script></html>', "not an SVG"),
        ("<svg><script>alert(1)</script></svg>", "not an SVG"),
        ('<svg xmlns="http://www.w3.org/2000/svg">' + "<g>" * 500 + "</g>" * 500 + "</svg>", "100 deep"),
    ],
)
def test_an_svg_that_cannot_be_read_safely_is_refused(content, tmp_path, svg, why):
    root = content({"assets/logo.svg": svg})
    refused = [p for p in read_site(root).blocking if p.code == "svg-unsafe"]
    assert [p.file for p in refused] == ["assets/logo.svg"] and why in refused[0].message
    with pytest.raises(ContentError):
        build(root, tmp_path / "site")


# -- 3. a build removes only what it made ----------------------------------------------------


@pytest.mark.parametrize("site_there", [True, False], ids=["beside-a-site", "no-site-yet"])
def test_a_build_leaves_alone_folders_beside_the_output_that_it_did_not_make(content, tmp_path, site_there):
    root = content({})
    if site_there:
        build(root, tmp_path / "site")
    foreign = {
        ".site.old/thesis.docx": "years of work",
        ".site.new-mine/notes.txt": "mine",
        ".site.new-/x.txt": "also mine",
    }
    for rel, text in foreign.items():
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(text, encoding="utf-8")
    for title in ("Reduce waste again", "Reduce waste once more"):  # two builds that write
        (root / "proposals/sc001.yaml").write_text(PROPOSAL.replace("Reduce waste", title), encoding="utf-8")
        build(root, tmp_path / "site")
    for rel, text in foreign.items():
        assert (tmp_path / rel).read_text(encoding="utf-8") == text
    assert not (tmp_path / "site/thesis.docx").exists()
    assert (tmp_path / "site/proposals/sc001/index.html").is_file()


def test_a_folder_left_by_a_stopped_build_is_removed_by_the_next(content, tmp_path):
    from scrutinypack.build.staging import Stage

    root = content({})
    build(root, tmp_path / "site")
    stage = Stage(tmp_path / "site")  # a build that stops before its swap leaves this behind
    stage.put("half.html", b"half")
    (root / "proposals/sc001.yaml").write_text(PROPOSAL.replace("Reduce waste", "Less"), encoding="utf-8")
    build(root, tmp_path / "site")
    assert not stage.path.exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".site.")) == []


# -- 5 and 7. glossary marking: one pass, and case folded alike for all of Unicode -------------


def test_folding_keeps_every_letter_of_unicode_in_its_place():
    """Every code point folds to one character, and folding twice changes nothing: a page is
    matched folded and cut as written, and a matched phrase folds to its term's key."""
    from scrutinypack.glossary import fold

    letters = "".join(chr(code) for code in range(0x110000) if not 0xD800 <= code <= 0xDFFF)
    folded = fold(letters)
    assert len(folded) == len(letters)
    assert fold(folded) == folded
    assert fold("İſKßẞΣ") == "İskßßσ"  # Kelvin sign → k, long s → s; ß and İ keep one letter


def test_dotted_capital_i_and_long_s_in_one_field_are_marked_not_a_traceback(content, tmp_path):
    """The probe's case: İ makes lower() grow the page, ſ folds to s: a KeyError once."""
    root = content({"proposals/sc001.yaml": PROPOSAL + "description: İstanbul and the MTFſ, then the MTFS\n"})
    build(root, tmp_path / "site")
    page = (tmp_path / "site/proposals/sc001/index.html").read_text(encoding="utf-8")
    assert re.search(r'<a class="term" id="used-mtfs" href="#word-mtfs" title="[^"]*">MTFſ</a>', page)


def _marker(*terms: str):
    from scrutinypack.glossary import Glossary, Marker, Term

    return Marker(Glossary([Term(term, f"The meaning of {term}.") for term in terms]))


def _unmarked(html: str) -> str:
    return re.sub(r'<a class="term" id="used-[^"]*" href="#word-[^"]*" title="[^"]*">(.*?)</a>', r"\1", html)


TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=60)
PHRASE = st.text(st.characters(categories=("Lu", "Ll", "Lt", "Lo", "Nd")), min_size=1, max_size=8)


@settings(max_examples=300, deadline=None, database=None)
@given(
    before=TEXT,
    after=TEXT,
    term=PHRASE,
    other=PHRASE,
    case=st.sampled_from([str, str.upper, str.lower, str.title, str.casefold, str.swapcase]),
)
def test_any_text_is_marked_without_error_and_only_marks_are_added(before, after, term, other, case):
    from scrutinypack.glossary import fold

    marker = _marker(term, other + " " + term)
    written = case(term)
    body = f"<p>{html.escape(before)} {html.escape(written)} {html.escape(after)}</p><table><td>{term}</td></table>"
    page = f"<html><main>{body}</main></html>"
    marked = marker.mark(page, lambda terms: "<dl>" + "".join(t.term for t in terms) + "</dl>")
    words = re.search(r"<dl>.*</dl>", marked, re.DOTALL)
    assert _unmarked(marked.replace(words[0], "") if words else marked) == page
    if fold(written) == fold(term):  # the term, in whatever case, between spaces: it is found
        assert words and re.search(r'<a class="term"', marked.split("<table>")[0])
    assert "<table><td>" + term + "</td></table>" in marked  # never inside a table


@settings(max_examples=200, deadline=None, database=None)
@given(
    page=st.text(st.characters(exclude_categories=("Cs",)), max_size=200),
    terms=st.lists(PHRASE, min_size=1, max_size=4),
)
def test_any_page_at_all_is_marked_without_error(page, terms):
    """Not even HTML: unclosed tags, stray '<' and '>', entities cut short."""
    marker = _marker(*terms)
    marked = marker.mark(f"<main>{page}</main>", lambda used: "")
    assert _unmarked(marked) == f"<main>{page}</main>"


# -- 6 and 7. limits: text that aliases multiply, and nesting, give a message ------------------


def test_aliases_repeating_a_long_value_are_refused_by_the_text_they_expand_to(content, capsys):
    """One long scalar and a few dozen aliases: few values, but tens of megabytes of text."""
    value = "x" * 1_000_000
    aliases = "".join("  - *long\n" for _ in range(30))
    root = content({"proposals/sc001.yaml": PROPOSAL + f"notes: &long {value}\nfacts:\n{aliases}"})
    assert main(["check", "--content", str(root)]) == 2
    said = capsys.readouterr()
    err = said.out + said.err
    assert (
        "proposals/sc001.yaml:12: error: the document expands to more than 10,000,000 characters "
        "of text (an alias repeating a long value?)" in err
    )
    assert "Traceback" not in err


def test_a_publication_nested_thousands_deep_is_a_message_not_a_traceback(content, capsys):
    root = content({})
    assert main(["publish", "--content", str(root), "--date", "2019-04-01"]) == 0
    path = root / "publications/2019-04-01.json"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace('"title": "Reduce waste"', '"title": ' + "[" * 5000 + "]" * 5000, 1), encoding="utf-8"
    )
    capsys.readouterr()
    assert main(["check", "--content", str(root)]) == 2
    said = capsys.readouterr()
    err = said.out + said.err
    assert "Traceback" not in err and "RecursionError" not in err
    line = text[: text.index('"title": "Reduce waste"')].count("\n") + 1
    assert f"publications/2019-04-01.json:{line}: error: " in err and "nested more than 50 deep" in err


# -- 8. refs that look alike are one ref, or refused -------------------------------------------


@pytest.mark.parametrize(
    "hidden",
    ["\u200b", "\u202e", "\u2066", "\u200d", "\ufeff", "\u00ad", "\u2028", "\ufe0f", "\U000e0041", "\x7f"],
)
def test_a_ref_with_a_character_that_does_not_show_is_refused_with_file_and_line(content, hidden):
    code = ord(hidden)
    escaped = f"\\u{code:04X}" if code <= 0xFFFF else f"\\U{code:08X}"  # as YAML writes it in quotes
    committee = (
        "name: Budget Scrutiny\nmeetings:\n  - date: 2018-01-15\n    agenda:\n"
        f'      - title: Options\n        proposals: [SC001, "SC0{escaped}02"]\n'
        f'        report: "strat{escaped}egy"\n'
    )
    second = PROPOSAL.replace("ref: SC001", f'ref: "SC0{escaped}02"').replace(
        "committees: [budget]", f'committees: ["bud{escaped}get"]'
    )
    result = read_site(
        content(
            {
                "proposals/sc002.yaml": second,
                "committees/budget.yaml": committee,
                "reports/strategy.md": f'---\ntitle: S\ncommittee: "bud{escaped}get"\n---\nText\n',
            }
        )
    )
    refused = sorted(p.where() for p in result.blocking if p.code == "invisible-character")
    assert refused == [
        "committees/budget.yaml:6",
        "committees/budget.yaml:7",
        "proposals/sc002.yaml:1",
        "proposals/sc002.yaml:4",
        "reports/strategy.md:3",
    ]
    message = next(p.message for p in result.blocking if p.code == "invisible-character")
    assert f"U+{ord(hidden):04X}" in message and "delete it" in message


def test_refs_are_compared_in_their_compatibility_form(content):
    """A full-width or ligature ref is the same ref: two files with it are a duplicate."""
    second = PROPOSAL.replace("ref: SC001", "ref: ＳＣ００１")
    result = read_site(content({"proposals/sc002.yaml": second}))
    assert [p.where() for p in result.blocking] == ["proposals/sc002.yaml:1"]
    assert result.blocking[0].message.startswith("ref SC001 is already used by proposals/sc001.yaml:1")


# -- 9 and 7. the preview answers only this computer's names, and never with a traceback -------


def _ask(port: int, path: str, headers: dict[str, str]) -> tuple[int, bytes]:
    """A raw HTTP/1.1 request (http.client would check the path and add its own Host)."""
    import socket

    lines = [f"GET {path} HTTP/1.1"] + [f"{name}: {value}" for name, value in headers.items()]
    with socket.create_connection(("127.0.0.1", port), timeout=30) as connection:
        connection.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
        answer = b""
        while b"\r\n\r\n" not in answer:
            chunk = connection.recv(65536)
            if not chunk:
                break
            answer += chunk
    status = int(answer.split(b" ", 2)[1])
    return status, answer


def _websocket(origin: str | None, host: str) -> dict[str, str]:
    headers = {
        "Host": host,
        "Upgrade": "websocket",
        "Connection": "Upgrade",
        "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ==",
        "Sec-WebSocket-Version": "13",
    }
    return headers | ({"Origin": origin} if origin else {})


@pytest.fixture
def served(content, tmp_path):
    server = Preview(content(), tmp_path / "site", tmp_path / "serve.log")
    server.page("proposals/sc001/", 200, "Reduce waste")
    yield server
    server.stop()


def test_the_preview_answers_only_the_names_of_this_computer(served):
    port = served.port
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"LocalHost:{port}", f"[::1]:{port}"):
        assert _ask(port, "/", {"Host": host})[0] == 200, host
    for host in (
        "evil.example",
        f"evil.example:{port}",
        f"127.0.0.1.evil.example:{port}",
        f"localhost:{port + 1}",
        "127.0.0.1",
        f"192.168.1.9:{port}",
        "",
    ):
        status, answer = _ask(port, "/proposals/sc001/", {"Host": host})
        assert status in (400, 421) and b"Reduce waste" not in answer, host


def test_the_preview_refuses_a_live_reload_socket_from_another_site(served):
    port = served.port
    here = f"127.0.0.1:{port}"
    assert _ask(port, "/livereload", _websocket(f"http://{here}", here))[0] == 101
    assert _ask(port, "/livereload", _websocket(f"http://localhost:{port}", f"localhost:{port}"))[0] == 101
    for origin in (
        "http://evil.example",
        f"http://evil.example:{port}",
        "null",
        f"http://localhost:{port + 1}",
        f"https://{here}.evil.example",
    ):
        assert _ask(port, "/livereload", _websocket(origin, here))[0] in (400, 403, 421), origin
    assert _ask(port, "/livereload", _websocket(f"http://{here}", f"evil.example:{port}"))[0] in (400, 421)


def test_a_malformed_path_is_a_client_error_and_no_traceback(served):
    here = {"Host": f"127.0.0.1:{served.port}"}
    for path in (
        "/%00",
        "/a%00b.html",
        "/proposals/%00/",
        "/" + "a" * 5000,
        "/%ff",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/proposals/sc001/%00index.html",
    ):
        assert 400 <= _ask(served.port, path, here)[0] < 500, path
    assert _ask(served.port, "/", here)[0] == 200  # still serving
    assert "Traceback" not in served.output()


# -- fuzzing: any content tree at all, through check and build --------------------------------

WORDS = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)
LIKELY = st.sampled_from(
    [
        "SC001",
        "SC002",
        "budget",
        "2019/20",
        "2020/21",
        "-0.250",
        "£1.2m",
        "(0.3)",
        "2018-01-15",
        "true",
        "service",
        "m",
        "[link](../../x)",
        "<script>x</script>",
        "**bold** | a | b |\n|---|---|\n| 1 | 2 |",
        "&long",
        "İſ MTFS",
        "\u202e\u200b",
    ]
)
SCALARS = st.one_of(
    WORDS,
    LIKELY,
    st.integers(-(10**12), 10**12),
    st.booleans(),
    st.none(),
    st.decimals(allow_nan=False, allow_infinity=False, places=3).map(str),
)


def _values(keys):
    return st.recursive(
        SCALARS,
        lambda inner: (
            st.lists(inner, max_size=4) | st.dictionaries(st.one_of(keys, WORDS), inner, max_size=4)
        ),
        max_leaves=12,
    )


def _record(fields):
    keys = st.sampled_from(fields)
    return st.dictionaries(st.one_of(keys, WORDS), _values(keys), max_size=len(fields) // 2)


NAMES = st.one_of(
    st.sampled_from(["sc001", "sc002", "budget", "strategy"]),
    st.text(st.sampled_from("abcXYZ019 -_.éİ\u200b"), min_size=1, max_size=8),
)


@st.composite
def content_trees(draw):
    """Files (path → text) of a content folder: every field random, nested at random."""
    from scrutinypack.content import validate

    files = {
        "site.yaml": {**{"council": "Fuzz", "title": "T", "unit": "m"}, **draw(_record(validate.SITE_FIELDS))}
    }
    for folder, fields in (
        ("proposals", validate.PROPOSAL_FIELDS),
        ("committees", validate.COMMITTEE_FIELDS + validate.MEETING_FIELDS + validate.AGENDA_FIELDS),
    ):
        for name in draw(st.lists(NAMES, max_size=3, unique=True)):
            files[f"{folder}/{name}.yaml"] = draw(_record(fields))
    texts = {path: yaml.safe_dump(data, allow_unicode=True, sort_keys=False) for path, data in files.items()}
    for name in draw(st.lists(NAMES, max_size=2, unique=True)):
        front = yaml.safe_dump(draw(_record(validate.REPORT_FIELDS)), allow_unicode=True)
        texts[f"reports/{name}.md"] = f"---\n{front}---\n{draw(st.one_of(WORDS, LIKELY))}\n"
    if draw(st.booleans()):
        texts["glossary.yaml"] = yaml.safe_dump(
            draw(st.lists(_record(("term", "aliases", "definition", "mark")), max_size=3)), allow_unicode=True
        )
    for name in draw(st.lists(NAMES, max_size=2, unique=True)):
        suffix = draw(st.sampled_from([".pdf", ".svg", ".png", ".html", ".txt", ""]))
        texts[f"assets/{draw(NAMES)}/{name}{suffix}"] = draw(st.one_of(WORDS, st.just(HOSTILE_SVG)))
    return texts


#: Links a contributed tree may hold (content path → where it points), beside the neighbour folder.
LINKS = st.dictionaries(
    st.sampled_from(["assets/linked", "assets/keep.txt", "reports", "glossary.yaml", "proposals/sc009.yaml"]),
    st.sampled_from(
        ["../neighbour", "../../neighbour", "../neighbour/keep.txt", "../../neighbour/keep.txt", ".", ".."]
    ),
    max_size=3,
)


def _snapshot(folder: Path, leave_out: tuple[str, ...]) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in folder.rglob("*")
        if p.is_file() and not p.relative_to(folder).as_posix().startswith(leave_out)
    }


@pytest.mark.slow
@settings(max_examples=30, deadline=None, database=None)
@given(tree=content_trees(), links=LINKS)
def test_any_content_tree_is_checked_and_built_without_a_traceback_or_a_stray_file(tree, links):
    import contextlib
    import io
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        for rel, text in tree.items():
            (base / "content" / rel).parent.mkdir(parents=True, exist_ok=True)
            (base / "content" / rel).write_text(text, encoding="utf-8")
        (base / "neighbour").mkdir()
        (base / "neighbour/keep.txt").write_text("not the build's", encoding="utf-8")
        for rel, target in links.items():
            if not (base / "content" / rel).exists():
                (base / "content" / rel).parent.mkdir(parents=True, exist_ok=True)
                (base / "content" / rel).symlink_to(target)
        before = _snapshot(base, ("site/", ".site-cache/"))
        said = io.StringIO()
        with contextlib.redirect_stdout(said), contextlib.redirect_stderr(said):
            checked = main(["check", "--content", str(base / "content")])
            built = main(
                [
                    "build",
                    "--content",
                    str(base / "content"),
                    "--out",
                    str(base / "site"),
                    "--no-pdf",
                    "--jobs",
                    "1",
                ]
            )
        assert checked in (0, 1, 2) and built in (0, 1, 2)
        assert "Traceback" not in said.getvalue()
        assert all(b"not the build's" not in data for data in _snapshot(base / "site", ()).values())
        assert _snapshot(base, ("site/", ".site-cache/")) == before
        assert {p.name for p in base.iterdir()} <= {"content", "neighbour", "site", ".site-cache"}


@pytest.mark.parametrize("linked", ["templates/base.html", "templates"])
def test_a_template_of_the_content_linked_to_outside_is_refused(content, outside, tmp_path, linked):
    root = content({})
    (outside / "base.html").write_text(SECRET, encoding="utf-8")
    (root / "templates").mkdir()
    if linked == "templates":
        (root / "templates").rmdir()
    (root / linked).symlink_to(outside / ("base.html" if linked.endswith(".html") else ""))
    refused = [p for p in read_site(root).blocking if p.code == "template-error"]
    assert [p.file for p in refused] == ["templates/base.html"]
    assert "is a link to somewhere outside the content folder" in refused[0].message
    with pytest.raises(ContentError):
        build(root, tmp_path / "site")
    assert SECRET.encode() not in _published(tmp_path / "site")


# -- 10. control characters and text of any length in any text field (issue 28) ---------------
CONTROLS = st.lists(
    st.sampled_from(
        [
            "\x00",
            "\x01",
            "\x07",
            "\x08",
            "\t",
            "\x0b",
            "\x0c",
            "\r",
            "\n",
            "\r\n",
            "\x1b",
            "\x1b[2K\x1b[1A",
            "\x1b]0;x\x07",
            "\x7f",
            "\x85",
            "\x9b",
            "\u202e",
            "\u2066",
            "\u2028",
            "\ufffe",
        ]
    ),
    min_size=1,
    max_size=4,
).map("".join)
HOSTILE_TEXT = st.one_of(
    st.tuples(WORDS, CONTROLS, WORDS, CONTROLS).map("".join),
    st.integers(90, 6000).map(lambda n: "9" * n),
    st.tuples(st.sampled_from(["a", "budget ", "İſ", "\U00010a40", "1\x1b"]), st.integers(50, 3000)).map(
        lambda part: part[0] * part[1]
    ),
)
#: Text fields of the little content folder: (file, where in it).
TEXT_FIELDS = [
    ("site.yaml", ("council",)),
    ("site.yaml", ("title",)),
    ("site.yaml", ("description",)),
    ("proposals/sc001.yaml", ("ref",)),
    ("proposals/sc001.yaml", ("title",)),
    ("proposals/sc001.yaml", ("service",)),
    ("proposals/sc001.yaml", ("description",)),
    ("committees/budget.yaml", ("name",)),
    ("committees/budget.yaml", ("meetings", 0, "title")),
    ("committees/budget.yaml", ("meetings", 0, "location")),
    ("committees/budget.yaml", ("meetings", 0, "agenda", 0, "title")),
    ("glossary.yaml", (0, "term")),
    ("glossary.yaml", (0, "definition")),
    ("reports/strategy.md", ("title",)),
    ("reports/strategy.md", ("body",)),
]


def _hostile_tree(field: tuple, text: str) -> dict[str, str]:
    """The little content folder (conftest) with ``text`` in one field, written as YAML writes it."""
    from ..support.content import COMMITTEE, SITE

    data = {
        "site.yaml": yaml.safe_load(SITE),
        "proposals/sc001.yaml": yaml.safe_load(PROPOSAL),
        "committees/budget.yaml": yaml.safe_load(COMMITTEE),
        "glossary.yaml": [{"term": "Virement", "definition": "Moving money between budgets."}],
        "reports/strategy.md": {"title": "Strategy", "committee": "budget", "body": "The report."},
    }
    rel, where = field
    place = data[rel]
    for step in where[:-1]:
        place = place[step]
    place[where[-1]] = text
    texts = {path: yaml.safe_dump(value, allow_unicode=True, sort_keys=False) for path, value in data.items()}
    report = data["reports/strategy.md"]
    body = report.pop("body")
    texts["reports/strategy.md"] = f"---\n{yaml.safe_dump(report, allow_unicode=True)}---\n{body}\n"
    return texts


@pytest.mark.slow
@settings(max_examples=40, deadline=None, database=None)
@given(field=st.sampled_from(TEXT_FIELDS), text=HOSTILE_TEXT)
def test_control_characters_and_long_text_are_refused_or_written_as_their_format_allows(field, text):
    """check finds what a field cannot hold (never a traceback); a build that goes ahead writes
    feeds that are XML and calendars that are iCalendar; nothing printed acts on a terminal."""
    import contextlib
    import io
    import tempfile
    import xml.etree.ElementTree as ET

    import icalendar

    from scrutinypack.content import controls
    from scrutinypack.terminal import UNSAFE

    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        for rel, written in _hostile_tree(field, text).items():
            (base / "content" / rel).parent.mkdir(parents=True, exist_ok=True)
            (base / "content" / rel).write_text(written, encoding="utf-8")
        said = io.StringIO()
        with contextlib.redirect_stdout(said), contextlib.redirect_stderr(said):
            checked = main(["check", "--content", str(base / "content")])
            built = main(
                [
                    "build",
                    "--content",
                    str(base / "content"),
                    "--out",
                    str(base / "site"),
                    "--no-pdf",
                    "--jobs",
                    "1",
                ]
            )
        assert "Traceback" not in said.getvalue() and not UNSAFE.search(said.getvalue())
        key = field[1][-1]
        kept = text.strip("\n") if "\n" in text else text.strip()
        if key != "body" and controls.unsafe(kept):
            assert checked == built == 2
        if key in ("ref", "term") and len(kept) > 100:
            assert checked == built == 2
        if built == 0:
            for feed in (base / "site").rglob("*.xml"):
                ET.fromstring(feed.read_bytes())
            for ics in (base / "site").rglob("*.ics"):
                data = ics.read_bytes()
                assert not re.search(rb"[\x00-\x08\x0b-\x1f\x7f]", data.replace(b"\r\n", b""))
                icalendar.Calendar.from_ical(data)


# -- 11. any address in any place content may put one (issue 28) ---------------------------------
ADDRESS_PARTS = st.sampled_from(
    [
        "javascript:",
        "JaVa\tScRiPt:",
        "java\nscript:",
        "data:",
        "vbscript:",
        "file:",
        "http://",
        "https:",
        "mailto:",
        "tel:",
        "//",
        "/\\",
        "\\\\",
        "\\",
        "/",
        "./",
        "../",
        "%2e%2e/",
        ".%2e/",
        " ",
        "\n",
        "\t",
        "\x01",
        "\u3000",
        "evil.example",
        "alert(1)",
        "x",
        "proposals",
        "#top",
        "?q",
        ":",
        "@",
        "&#106;",
    ]
)
ADDRESSES = st.lists(ADDRESS_PARTS, min_size=1, max_size=6).map("".join)
SITE_ROOT = "https://site.example/pub/"


class _Addresses(html.parser.HTMLParser):
    """Every address a page gives a browser to follow or load: (tag, attribute value)."""

    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        self.found += [(tag, value or "") for name, value in attrs if name in ("href", "src")]


def _as_a_browser_reads(address: str, page_url: str):
    """The WHATWG URL parser's reading, as far as it decides where an address goes: C0 controls
    and spaces off both ends, tabs and newlines out, '\\' as '/' (not in a query or fragment)."""
    from urllib.parse import urljoin, urlsplit

    address = (
        address.strip("".join(map(chr, range(0x21)))).replace("\t", "").replace("\n", "").replace("\r", "")
    )
    cut = min([i for i in (address.find("?"), address.find("#")) if i >= 0], default=len(address))
    scheme = re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", address)
    if not scheme or scheme.group().lower() in ("http:", "https:"):
        address = address[:cut].replace("\\", "/") + address[cut:]
    return urlsplit(urljoin(page_url, address))


@pytest.mark.slow
@settings(max_examples=40, deadline=None, database=None)
@given(address=ADDRESSES, place=st.sampled_from(["footer", "site description", "proposal description"]))
def test_any_address_in_content_is_printed_only_where_a_browser_reads_it_as_allowed(address, place):
    """Whatever address content gives, every link a built page prints leads to a web, mailto:
    or tel: address or stays in the site, and every picture comes from the site itself, as the
    browser reads them; check says why a refused one is left out, and nothing is a traceback."""
    import contextlib
    import io
    import tempfile

    site = yaml.safe_load(SITE)
    proposal = yaml.safe_load(PROPOSAL)
    markdown = f"[a link]({address}) and ![a picture]({address})"
    if place == "footer":
        site["brand"] = {"footer_links": [{"label": "Odd", "url": address}]}
    elif place == "site description":
        site["description"] = markdown
    else:
        proposal["description"] = markdown
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        for rel, data in {
            "site.yaml": site,
            "proposals/sc001.yaml": proposal,
            "committees/budget.yaml": yaml.safe_load(COMMITTEE),
        }.items():
            (base / "content" / rel).parent.mkdir(parents=True, exist_ok=True)
            (base / "content" / rel).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        said = io.StringIO()
        with contextlib.redirect_stdout(said), contextlib.redirect_stderr(said):
            built = main(
                [
                    "build",
                    "--content",
                    str(base / "content"),
                    "--out",
                    str(base / "site"),
                    "--no-pdf",
                    "--jobs",
                    "1",
                ]
            )
        assert built in (0, 1, 2) and "Traceback" not in said.getvalue()
        for page in (base / "site").rglob("*.html"):
            parser = _Addresses()
            parser.feed(page.read_text(encoding="utf-8"))
            page_url = SITE_ROOT + page.relative_to(base / "site").as_posix()
            for tag, value in parser.found:
                if (tag, value) == ("link", "data:,"):  # the templates' own empty icon: no request
                    continue
                read = _as_a_browser_reads(html.unescape(value), page_url)
                on_site = (
                    read.scheme == "https" and read.netloc == "site.example" and read.path.startswith("/pub/")
                )
                if tag == "a":
                    assert on_site or read.scheme in ("http", "https", "mailto", "tel"), (page, value)
                else:
                    assert on_site, (page, tag, value)
