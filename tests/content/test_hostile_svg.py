"""SVG and pictures from a hostile contributor (issue 28): E07, D01, D04, D17, D29.

An SVG asset's attributes and CSS fetch nothing but its own parts, in the published text and
in a real headless Chromium; an SVG that would draw without end, or a tree too large to
clean, is refused with its file named; a picture written out in an SVG reaches the PDF; a
picture too large to decode is refused before anything decodes it, and a PDF worker that
runs out of its memory fails with a message.
"""

from __future__ import annotations

import base64
import errno
import io
import mmap
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pikepdf
import pytest
from PIL import Image

from scrutinypack.build.builder import build
from scrutinypack.build.reading import read_site
from scrutinypack.cli import main
from scrutinypack.render.pdf import Job, lay_out, layout

from ..support.browsers import serving
from ..support.content import COMMITTEE, PROPOSAL, SITE, write_content

OUTSIDE = "http://outside.example"
SVG_OPEN = '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="200">'
SHAPES = (
    '<defs><clipPath id="own"><rect width="9" height="9"/></clipPath></defs>'
    '<rect id="box" width="200" height="200" fill="url(#own)" />'
)

# -- E07: attributes and CSS that take a URL keep only #id ----------------------------------

ATTRIBUTES = [
    "fill",
    "stroke",
    "mask",
    "clip-path",
    "marker-start",
    "marker-mid",
    "marker-end",
    "filter",
    "cursor",
]
STYLESHEET = "a stylesheet that fetches"
CSS = {  # name → the SVG's content, fetching {url}, and what the warning says was taken out
    "image-set": ('<style>svg {{ background-image: image-set("{url}" 1x) }}</style>', STYLESHEET),
    "-webkit-image-set": (
        '<style>svg {{ background-image: -webkit-image-set("{url}" 1x) }}</style>',
        STYLESHEET,
    ),
    "cross-fade": (
        '<style>svg {{ background-image: cross-fade(image-set("{url}" 1x) 50%, '
        "linear-gradient(red, blue)) }}</style>",
        STYLESHEET,
    ),
    "image": ('<style>svg {{ background-image: image("{url}") }}</style>', STYLESHEET),
    "src": ('<style>svg {{ background-image: src("{url}") }}</style>', STYLESHEET),
    "font-face-string": (
        '<style>@font-face {{ font-family: F; src: "{url}" }} text {{ font-family: F }}'
        '</style><text y="20">Text</text>',
        STYLESHEET,
    ),
    "font-face-src": (
        '<style>@font-face {{ font-family: G; src: src("{url}") }} text {{ font-family: G }}'
        '</style><text y="20">Text</text>',
        STYLESHEET,
    ),
    "style-attribute-image-set": (
        '<g style="background-image: image-set(&quot;{url}&quot; 1x)"/>',
        "a style that fetches",
    ),
    "escaped-url-attribute": (
        '<rect width="50" height="50" fill="u\\72 l({url}#p)"/>',
        "the attribute fill that fetches",
    ),
    "commented-url-attribute": (
        '<rect width="50" height="50" filter="/**/url( {url}#f )"/>',
        "the attribute filter that fetches",
    ),
}


def _attribute_svg(name: str, url: str) -> str:
    path = '<path d="M10 10 L50 50 L90 10"'
    return (
        f'{SVG_OPEN}{SHAPES}<rect width="100" height="100" {name}="url({url}#x)"/>'
        f'{path} {name}="url({url}#y)"/></svg>'
    )


CASES = {
    f"attribute-{name}": (_attribute_svg(name, f"{OUTSIDE}/{name}.svg"), f"the attribute {name} that fetches")
    for name in ATTRIBUTES
}
CASES.update(
    {
        f"css-{name}": (f"{SVG_OPEN}{SHAPES}{text.format(url=f'{OUTSIDE}/{name}.png')}</svg>", what)
        for name, (text, what) in CSS.items()
    }
)
CASES["xml-base"] = (
    f'{SVG_OPEN}{SHAPES}<g xml:base="{OUTSIDE}/"><rect width="9" height="9" fill="url(#own)"/></g></svg>',
    "the attribute xml:base",
)


@pytest.fixture(scope="module")
def e07_site(tmp_path_factory):
    """Every E07 SVG as an asset of one site, checked and built once."""
    base = tmp_path_factory.mktemp("e07")
    root = write_content(
        base / "content",
        {"site.yaml": SITE, "proposals/sc001.yaml": PROPOSAL, "committees/budget.yaml": COMMITTEE},
    )
    (root / "assets").mkdir()
    for case, (svg, _what) in CASES.items():
        (root / f"assets/{case}.svg").write_text(svg, encoding="utf-8")
    problems = read_site(root).problems
    build(root, base / "site")
    return base / "site", problems


@pytest.mark.parametrize("case", sorted(CASES))
def test_an_svg_attribute_or_css_that_fetches_is_taken_out_with_a_warning(e07_site, case):
    site, problems = e07_site
    published = (site / f"assets/{case}.svg").read_text(encoding="utf-8")
    assert "outside.example" not in published
    assert 'fill="url(#own)"' in published  # a part of the image itself is kept
    warned = [p for p in problems if p.file == f"assets/{case}.svg"]
    assert [(p.code, p.severity) for p in warned] == [("svg-cleaned", "warning")]
    assert f"could run or fetch something ({CASES[case][1]})" in warned[0].message


def test_an_svg_s_own_references_and_text_are_kept_without_a_warning(content, tmp_path):
    svg = (
        f'{SVG_OPEN}{SHAPES}<g transform="translate(1 2)" aria-label="O\'Brien (north) @ 2"'
        ' style="fill: url( \'#own\' ); stroke: rgb(1, 2, 3)"><circle r="4" mask="url(#own)"/></g></svg>'
    )
    root = content({"assets/own.svg": svg})
    assert [p for p in read_site(root).problems if p.file == "assets/own.svg"] == []
    build(root, tmp_path / "site")
    published = (tmp_path / "site/assets/own.svg").read_text(encoding="utf-8")
    for kept in ('transform="translate(1 2)"', "aria-label=", "fill: url( '#own' )", 'mask="url(#own)"'):
        assert kept in published, kept


LINKS = (  # (the link as written in the SVG, what is published: the address as read, or nothing)
    ("https:evil.example/x", None),  # no server: a browser reads it against the page's own address
    ("http://bad host.example/", None),  # a space is in no host a browser goes to
    (" javascript:alert(1)", None),
    ("/proposals/sc001/", None),  # a page of the site is no part of the image
    (" HTTPS:\\\\www.example.org\\plan", "https://www.example.org/plan"),  # '\\' read as '/'
    ("mailto:clerk@example.org", "mailto:clerk@example.org"),
    ("\t#shape ", "#shape"),
)


@pytest.mark.parametrize("written, published", LINKS, ids=[written for written, _ in LINKS])
def test_an_svg_link_is_judged_and_published_as_a_browser_reads_it(content, tmp_path, written, published):
    svg = f'{SVG_OPEN}<rect id="shape" width="9" height="9"/><a href="{written}"><text>link</text></a></svg>'
    root = content({"assets/link.svg": svg})
    warned = [p.message for p in read_site(root).problems if p.file == "assets/link.svg"]
    build(root, tmp_path / "site")
    text = (tmp_path / "site/assets/link.svg").read_text(encoding="utf-8")
    if published is None:
        assert "href" not in text and "the link href" in warned[0]
    else:
        assert f'<a href="{published}">' in text and warned == []


@pytest.mark.browser
@pytest.mark.parametrize("case", sorted(CASES))
def test_a_published_svg_opened_in_chromium_asks_for_nothing_outside(e07_site, browser, case):
    site, _ = e07_site
    outside: list[str] = []
    with serving(site, site.parent / f"www-{case}") as address:
        context = browser.new_context()
        page = context.new_page()

        def route(request_route):
            url = request_route.request.url
            if url.startswith(address):
                request_route.continue_()
            else:
                outside.append(url)
                request_route.abort()

        page.route("**/*", route)
        page.goto(f"{address}assets/{case}.svg", wait_until="load")
        page.mouse.move(30, 30)  # over the shapes: a cursor is asked for when it is shown
        page.wait_for_load_state("networkidle")
        context.close()
    assert outside == []


# -- D01: <use> copying itself without end ----------------------------------------------------


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """The command line in another process, stopped after 60 s: only a real hang takes that."""
    return subprocess.run(
        [sys.executable, "-m", "scrutinypack", *args], cwd=cwd, capture_output=True, text=True, timeout=60
    )


def test_an_svg_of_use_copying_use_is_refused_naming_it(content, tmp_path):
    levels = '<g id="a0"><circle r="1"/></g>' + "".join(
        f'<g id="a{i}">' + f'<use href="#a{i - 1}"/>' * 10 + "</g>" for i in range(1, 11)
    )
    svg = f'{SVG_OPEN}<defs>{levels}</defs><use href="#a10"/></svg>'
    assert len(svg) < 2500  # ten billion circles, from about 2 KB
    root = content({"site.yaml": SITE + "brand: {logo: assets/logo.svg, logo_alt: Test Council}\n"})
    (root / "assets").mkdir()
    (root / "assets/logo.svg").write_text(svg, encoding="utf-8")
    done = _run(["build", "--content", str(root), "--out", str(tmp_path / "site"), "--jobs", "1"], tmp_path)
    assert done.returncode == 2
    assert "assets/logo.svg: error: this SVG draws more than 100,000 elements once each <use>" in done.stderr
    assert not (tmp_path / "site").exists()


# -- D04: a tree of many elements ------------------------------------------------------------


def test_an_svg_of_400000_set_elements_is_refused_and_one_under_the_cap_is_cleaned(content, tmp_path):
    root = content({})
    (root / "assets").mkdir()
    (root / "assets/many.svg").write_text(SVG_OPEN + "<set/>" * 400_000 + "</svg>", encoding="utf-8")
    (root / "assets/fewer.svg").write_text(
        SVG_OPEN + "<set/>" * 99_000 + "<circle r='1'/></svg>", encoding="utf-8"
    )
    done = _run(["check", "--content", str(root)], tmp_path)
    said = done.stdout + done.stderr
    assert done.returncode == 2
    assert "assets/many.svg: error: this SVG has more than 100,000 elements" in said
    assert "assets/fewer.svg: warning: this SVG held what could run or fetch something (<set>)" in said


# -- D29: a picture written out in an SVG reaches the PDF -----------------------------------

REPORT = """\
---
title: Waste strategy
committee: budget
date: 2018-01-15
---
The plan, drawn:

![The plan](/assets/plan.svg)
"""


def _png(width: int, height: int) -> bytes:
    picture = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(picture, "PNG")
    return picture.getvalue()


@pytest.mark.pdf
def test_an_svg_with_a_picture_written_out_in_it_is_laid_out_in_the_pdf(content, tmp_path):
    uri = "data:image/png;base64," + base64.b64encode(_png(37, 23)).decode()
    committee = COMMITTEE + "      - title: Waste strategy\n        report: waste\n"
    root = content({"committees/budget.yaml": committee, "reports/waste.md": REPORT})
    (root / "assets").mkdir()
    (root / "assets/plan.svg").write_text(
        f'{SVG_OPEN}<image href="{uri}" width="37" height="23"/></svg>', encoding="utf-8"
    )
    build(root, tmp_path / "site", pdf="default", jobs=1)
    pack = pikepdf.open(tmp_path / "site/committees/budget/2018-01-15/pack.pdf")
    sizes = [
        (int(o.Width), int(o.Height))
        for o in pack.objects
        if isinstance(o, pikepdf.Stream) and o.get("/Subtype") == "/Image"
    ]
    assert (37, 23) in sizes


def test_a_data_address_other_than_a_picture_is_still_refused_in_a_pdf(tmp_path):
    html = (
        '<html lang="en"><head><title>t</title></head><body>'
        '<img src="data:image/svg+xml,%3Csvg%20xmlns%3D%22http%3A//www.w3.org/2000/svg%22/%3E" alt="">'
        "</body></html>"
    )
    data, _pages, problems = lay_out(Job("x.pdf", html, (str(tmp_path),)))
    assert data is None and "may only hold a PNG, JPEG, GIF or WebP picture" in problems[0][1]


# -- D17: a picture of huge dimensions in a tiny file ----------------------------------------


def _huge_png(width: int, height: int) -> bytes:
    """A grey PNG of ``width`` × ``height`` written by hand: its zero rows compress to almost nothing."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    packer = zlib.compressobj(9)
    row = b"\0" * (width + 1)
    rows = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")


def test_a_picture_of_huge_dimensions_is_refused_naming_its_size_and_the_limit(content, tmp_path, capsys):
    picture = _huge_png(12_000, 12_000)
    assert len(picture) < 400_000  # 144 million pixels in a few hundred kilobytes
    root = content({})
    (root / "assets").mkdir()
    (root / "assets/huge.png").write_bytes(picture)
    assert main(["check", "--content", str(root)]) == 2
    said = capsys.readouterr()
    assert (
        "assets/huge.png: error: this picture is 12,000 × 12,000 pixels (144,000,000); a picture may "
        "have 50,000,000"
    ) in said.out + said.err
    html = (
        f'<html lang="en"><head><title>t</title></head><body><img src="{(root / "assets/huge.png").as_uri()}"'
        ' alt=""></body></html>'
    )
    data, _pages, problems = lay_out(Job("x.pdf", html, (str(root / "assets"),)))
    assert data is None and "12,000 × 12,000 pixels" in problems[0][1]


def test_an_svg_holding_a_picture_of_huge_dimensions_is_refused(content):
    uri = "data:image/png;base64," + base64.b64encode(_huge_png(12_000, 12_000)).decode()
    root = content({"assets/map.svg": f'{SVG_OPEN}<image href="{uri}" width="9" height="9"/></svg>'})
    refused = [p for p in read_site(root).blocking if p.file == "assets/map.svg"]
    assert [p.code for p in refused] == ["svg-unsafe"]
    assert (
        "a picture too large to draw: a picture written out in the file is 12,000 × 12,000"
        in refused[0].message
    )


def _reserve(size: int) -> str:
    """Ask for ``size`` bytes of private memory (mapped, not touched: were there no cap, the
    machine would give none of it until written to)."""
    try:
        mmap.mmap(-1, size, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS).close()
    except OSError as error:
        return errno.errorcode[error.errno]
    return "reserved"


def test_a_pdf_worker_that_takes_more_than_its_memory_fails_with_an_error():
    pytest.importorskip("resource", reason="the system has no memory limits for a process (Windows)")
    with layout.workers(2) as pool:
        assert pool.submit(_reserve, 64 * 1024**2).result() == "reserved"
        assert pool.submit(_reserve, layout.WORKER_MEMORY + 1024**3).result() == "ENOMEM"
