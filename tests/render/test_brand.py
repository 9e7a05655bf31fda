"""A council's own look without forking: site.yaml's brand (a colour held to WCAG 2.2 AA
contrast, a logo on the pages and the PDFs, footer links) and templates of its own in
<content>/templates/ that replace the defaults of the same name."""

from __future__ import annotations

import colorsys
import re
import shutil
import struct
import zlib
from pathlib import Path

import pytest
from pypdf import PdfReader

from scrutinypack import colour, paths
from scrutinypack.build.builder import build
from scrutinypack.build.reading import read_site
from scrutinypack.cli import main
from scrutinypack.problems import ContentError
from scrutinypack.render.html import TEMPLATES

from ..support.content import BROWSE, SITE, codes

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="48" viewBox="0 0 120 48">'
    '<rect width="120" height="48" fill="#ffffff"/></svg>\n'
)


def png(width: int = 60, height: int = 24) -> bytes:
    """A small real PNG: white, with a dark square."""
    rows = b"".join(
        b"\0" + b"".join(b"\x0b\x5d\x73" if x < height else b"\xff\xff\xff" for x in range(width))
        for _ in range(height)
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def site_with(brand: str) -> str:
    return SITE + "brand:\n" + "".join(f"  {line}\n" for line in brand.strip("\n").split("\n"))


def problems_of(content, brand: str, files: dict | None = None):
    root = content({"site.yaml": site_with(brand), **(files or {})})
    return [p for p in read_site(root).problems if p.severity == "error"]


def pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "pagefind" not in p.parts)


# -- contrast, as WCAG 2.2 measures it -------------------------------------------------------


def test_contrast_is_wcag_relative_luminance():
    assert colour.contrast("#000000", "#ffffff") == pytest.approx(21)
    assert colour.contrast("#ffffff", "#ffffff") == pytest.approx(1)
    assert colour.contrast("#767676", "#ffffff") == pytest.approx(
        4.54, abs=0.005
    )  # the lightest grey that passes
    assert colour.contrast("#777777", "#ffffff") < 4.5
    assert colour.ratio_text(4.4999) == "4.49:1"  # never rounded up past the threshold


def test_the_backgrounds_checked_are_the_stylesheets():
    """The colour is checked against the backgrounds site.css really uses, light and dark."""
    css = (TEMPLATES / "static" / "site.css").read_text(encoding="utf-8")
    light, dark = css.split("@media (prefers-color-scheme: dark)", 1)

    def value(block: str, name: str) -> str:
        return re.search(rf"--{name}: (#[0-9a-f]{{6}})", block)[1]

    assert [bg for _, bg in colour.LIGHT_USES] == [
        value(light, n) for n in ("bg", "bg", "panel", "error-bg", "warn-bg")
    ]
    assert list(colour.DARK_BACKGROUNDS) == [value(dark, n) for n in ("bg", "panel", "error-bg", "warn-bg")]


def test_a_colour_too_light_is_refused_with_its_line_ratio_and_nearest_passing_shade(content):
    found = problems_of(content, 'colour: "#ffdd00"')
    assert codes(found) == ["brand-contrast"]
    problem = found[0]
    assert problem.file == "site.yaml" and problem.line == SITE.count("\n") + 2
    nearest = re.search(r"nearest shade that passes is (#[0-9a-f]{6})", problem.message)[1]
    worst = min(colour.contrast("#ffdd00", bg) for _, bg in colour.LIGHT_USES)
    assert colour.ratio_text(worst) in problem.message and "4.5:1" in problem.message
    # the shade passes everywhere the colour is used, keeps the hue, and is the nearest that does
    assert all(colour.contrast(nearest, bg) >= 4.5 for _, bg in colour.LIGHT_USES)
    hue, lightness, _ = colorsys.rgb_to_hls(*(int(nearest[i : i + 2], 16) / 255 for i in (1, 3, 5)))
    assert hue == pytest.approx(colorsys.rgb_to_hls(1, 0xDD / 255, 0)[0], abs=0.01)
    lighter = colour._hex(colorsys.hls_to_rgb(hue, lightness + 0.01, 1))
    assert not all(colour.contrast(lighter, bg) >= 4.5 for _, bg in colour.LIGHT_USES)


def test_the_contrast_error_stops_build_and_check_naming_site_yaml(content, tmp_path, capsys):
    root = content({"site.yaml": site_with('colour: "#ffdd00"')})
    assert main(["build", "--content", str(root), "--out", str(tmp_path / "site"), "--no-pdf"]) == 2
    err = capsys.readouterr().err
    assert re.search(
        r"site\.yaml:\d+: error: the brand colour #ffdd00 has a contrast of 1\.\d\d:1 .*"
        r"nearest shade that passes is #[0-9a-f]{6}",
        err,
    )
    assert "Traceback" not in err and not (tmp_path / "site").exists()
    assert main(["check", "--content", str(root)]) == 2


@pytest.mark.parametrize(
    "written,hint",
    [("colour: #1d70b8", "in quotes"), ('colour: "blue"', "not 'blue'"), ('colour: "#1d70b"', "#rrggbb")],
)
def test_a_colour_written_another_way_says_how_to_write_it(content, written, hint):
    found = problems_of(content, written)
    assert codes(found) == ["invalid-value"] and hint in found[0].message


def test_the_brand_colour_is_the_css_accent_and_dark_mode_links_read(content, tmp_path):
    build(content({"site.yaml": site_with('colour: "#0b5d73"')}), tmp_path / "site")
    css = (tmp_path / "site/static/site.css").read_text(encoding="utf-8")
    screen, dark = css.split("/* brand:", 1)[1].split("prefers-color-scheme: dark", 1)
    assert "--brand: #0b5d73;" in screen and "--link: #0b5d73;" in screen
    link = re.search(r"--link: (#[0-9a-f]{6})", dark)[1]
    assert all(colour.contrast(link, bg) >= 4.5 for bg in colour.DARK_BACKGROUNDS)
    build(content({"site.yaml": SITE}), tmp_path / "plain")  # no brand: the stylesheet as shipped
    assert (tmp_path / "plain/static/site.css").read_bytes() == (TEMPLATES / "static/site.css").read_bytes()


# -- the logo ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "logo,code,words",
    [
        ("../logo.svg", "invalid-value", "assets/"),
        ("site.yaml.svg", "invalid-value", "assets/"),
        ("assets/logo.gif", "invalid-value", "SVG or PNG"),
        ("assets/missing.svg", "missing-file", "assets/missing.svg"),
        ("assets/../site.svg", "invalid-value", "assets/"),
    ],
)
def test_a_logo_elsewhere_or_missing_is_an_error_at_its_line(content, logo, code, words):
    found = problems_of(content, f"logo: {logo}\nlogo_alt: Test Council", {"assets/logo.svg": SVG})
    assert codes(found) == [code] and words in found[0].message
    assert found[0].file == "site.yaml" and found[0].line == SITE.count("\n") + 2


def test_a_logo_needs_its_alt_text(content):
    found = problems_of(content, "logo: assets/logo.svg", {"assets/logo.svg": SVG})
    assert codes(found) == ["missing-field"] and "logo_alt" in found[0].message


def test_the_logo_and_footer_links_are_on_every_page(browse_site):
    for page in pages(browse_site):
        html = page.read_text(encoding="utf-8")
        depth = len(page.relative_to(browse_site).parts) - 1
        logo = re.search(r'<img class="site-logo" src="([^"]+)" alt="([^"]+)">', html)
        assert logo, page
        assert logo[1] == "../" * depth + "assets/logo.svg" and logo[2] == "Exampleshire County Council"
        footer = html[html.index("<footer") :]
        assert '<a href="https://example.org/privacy">Privacy notice</a>' in footer
        assert '<a href="mailto:scrutiny@example.org">Contact the scrutiny team</a>' in footer
        site_path = page.relative_to(browse_site).as_posix().removesuffix("index.html")
        assert (
            f'<a href="{paths.relative(site_path, "how-scrutiny-works/")}">How scrutiny works</a>' in footer
        )
        assert re.search(
            rf'<a href="{re.escape(paths.relative(site_path, "accessibility/"))}"[^>]*>'
            r"accessibility statement</a>",
            footer,
        ), page
    assert (browse_site / "assets/logo.svg").is_file()


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "tel:0123",
        "//evil.example/x",
        "../outside",
        "data:text/html,x",
        "ftp://example.org/",
    ],
)
def test_a_footer_link_must_be_web_mail_or_in_the_site(content, url):
    found = problems_of(content, f'footer_links:\n  - {{label: Odd, url: "{url}"}}')
    assert codes(found) == ["invalid-value"] and "footer link" in found[0].message


def test_a_footer_link_into_the_site_must_lead_somewhere(content):
    root = content(
        {
            "site.yaml": site_with(
                "footer_links:\n  - {label: Privacy, url: /privacy/}\n  - {label: Glossary, url: glossary/}"
            )
        }
    )
    findings = read_site(root).site.findings
    assert [(f.code, f.file, f.line) for f in findings] == [
        ("broken-link", "site.yaml", SITE.count("\n") + 3)
    ]
    assert "'/privacy/'" not in findings[0].message and "privacy/" in findings[0].message


@pytest.mark.pdf
def test_the_logo_is_on_the_pdf_cover_and_in_the_running_header(content, tmp_path):
    """A PNG logo is an image XObject drawn on the pack's cover and on the pages after it."""
    root = content(
        {"site.yaml": site_with('colour: "#0b5d73"\nlogo: assets/logo.png\nlogo_alt: Test Council')}
    )
    (root / "assets").mkdir()
    (root / "assets/logo.png").write_bytes(png())
    build(root, tmp_path / "site", pdf="default", jobs=1)
    for pdf in ("committees/budget/2018-01-15/pack.pdf", "proposals/sc001/sc001.pdf"):
        reader = PdfReader(tmp_path / "site" / pdf)
        assert len(reader.pages) >= 2
        for number, page in enumerate(reader.pages):
            logos = [x for x in drawn_images(page) if x["/Width"] == 60 and x["/Height"] == 24]
            assert logos, f"{pdf} page {number + 1} does not show the logo"
    cover = PdfReader(tmp_path / "site/committees/budget/2018-01-15/pack.pdf").pages[0]
    assert "Test Council" in cover.extract_text()


def drawn_images(holder) -> list:
    """The images a page (or a form XObject it draws: the running header is stamped on as
    one) paints with Do."""
    names = set(
        re.findall(
            rb"/(\w+) Do",
            holder.get_contents().get_data()
            if "/Type" in holder and holder["/Type"] == "/Page"
            else holder.get_data(),
        )
    )
    found = []
    for name, xobject in (holder["/Resources"].get("/XObject", {}) or {}).items():
        xobject = xobject.get_object()
        if name[1:].encode() not in names:
            continue
        if xobject["/Subtype"] == "/Image":
            found.append(xobject)
        elif xobject["/Subtype"] == "/Form":
            found += drawn_images(xobject)
    return found


# -- templates of a council's own -------------------------------------------------------------


def override(root: Path, name: str, old: str, new: str) -> Path:
    """A clerk's copy of a default template, changed."""
    path = root / "templates" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    text = (TEMPLATES / name).read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


BANNER = '<a class="skip-link" href="#main">Skip to main content</a>'


def test_an_edited_copy_of_base_html_is_shown_on_every_page(tmp_path):
    root = tmp_path / "content"
    shutil.copytree(BROWSE, root)
    override(root, "base.html", BANNER, BANNER + '\n<p class="phase">Draft for the committee</p>')
    build(root, tmp_path / "site")
    for page in pages(tmp_path / "site"):
        assert '<p class="phase">Draft for the committee</p>' in page.read_text(encoding="utf-8"), page


@pytest.mark.slow
def test_an_override_is_used_when_added_and_follows_each_edit_with_a_warm_cache(
    content, tmp_path, monkeypatch
):
    """Compiled templates are cached per computer; an override added, edited and removed is
    used each time all the same (in new processes as in one)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    root = content()
    out = tmp_path / "site"
    proposal = out / "proposals/sc001/index.html"
    build(root, out)
    assert "Reduce waste" in proposal.read_text(encoding="utf-8")
    assert any((tmp_path / "cache/scrutinypack/templates").iterdir())
    path = override(root, "proposal.html", "{% block main %}", "{% block main %}<p>Our version 1</p>")
    build(root, out)
    assert "Our version 1" in proposal.read_text(encoding="utf-8")
    path.write_text(path.read_text(encoding="utf-8").replace("version 1", "version 22"), encoding="utf-8")
    build(root, out)
    assert "Our version 22" in proposal.read_text(encoding="utf-8")
    path.unlink()
    build(root, out)
    assert "Our version" not in proposal.read_text(encoding="utf-8")


def test_an_override_is_autoescaped(content, tmp_path):
    root = content({"site.yaml": SITE.replace("Test Council", "<script>alert(1)</script> Council")})
    override(
        root, "home.html", "{% block main %}", "{% block main %}<p id='mine'>{{ site.config.council }}</p>"
    )
    build(root, tmp_path / "site")
    html = (tmp_path / "site/index.html").read_text(encoding="utf-8")
    assert "<p id='mine'>&lt;script&gt;alert(1)&lt;/script&gt; Council</p>" in html


@pytest.mark.parametrize(
    "broken,what",
    [
        ("{% if %}", "TemplateSyntaxError"),
        ("{{ council_nmae }}", "'council_nmae' is undefined (UndefinedError)"),
        ("{{ site.config.council|money }}", "(AttributeError)"),
    ],
)
def test_an_override_that_fails_names_its_file_and_line_and_nothing_is_written(
    content, tmp_path, capsys, broken, what
):
    root = content()
    out = tmp_path / "site"
    build(root, out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    path = override(root, "home.html", "{% block main %}", "{% block main %}" + broken)
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").split("\n"), 1) if broken in text)
    assert main(["build", "--content", str(root), "--out", str(out), "--no-pdf"]) == 2
    err = capsys.readouterr().err
    assert f"templates/home.html:{line}: error: this template cannot be used as written" in err
    assert what in err and "Traceback" not in err
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_check_reports_an_override_that_cannot_compile_and_one_that_replaces_nothing(content, capsys):
    root = content()
    override(root, "base.html", "{% block main %}{% endblock %}", "{% block main %}{% endblok %}")
    (root / "templates/hom.html").write_text("<p>mine</p>\n", encoding="utf-8")
    assert main(["check", "--content", str(root), "--format", "json"]) == 2
    out = capsys.readouterr().out
    assert '"code": "template-error", "file": "templates/base.html"' in out
    assert (
        '"code": "unknown-template", "file": "templates/hom.html"' in out and "did you mean home.html?" in out
    )


@pytest.mark.pdf
def test_an_override_of_a_print_template_changes_the_pdf(content, tmp_path):
    root = content()
    override(root, "print/record.html", "{{ record(part) }}", "<p>Our own PDF</p>\n{{ record(part) }}")
    build(root, tmp_path / "site", pdf="default", jobs=1)
    assert "Our own PDF" in PdfReader(tmp_path / "site/proposals/sc001/sc001.pdf").pages[0].extract_text()


@pytest.mark.pdf
def test_a_print_template_that_fails_stops_the_build_naming_it(content, tmp_path, capsys):
    root = content()
    out = tmp_path / "site"
    build(root, out, pdf="default", jobs=1)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    path = override(root, "print/pack.html", "{% block body %}", "{% block body %}{{ m.chair.name }}")
    line = next(
        n for n, text in enumerate(path.read_text(encoding="utf-8").split("\n"), 1) if "m.chair" in text
    )
    assert main(["build", "--content", str(root), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"templates/print/pack.html:{line}: error: this template cannot be used as written" in err
    assert "has no attribute 'chair'" in err and "Traceback" not in err
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_a_template_fault_of_scrutinypacks_own_is_not_blamed_on_the_content(content, tmp_path, monkeypatch):
    """With no override in the traceback, an error stays an error of the tool's (and a
    traceback for its bug report), never a problem of the clerk's."""
    from scrutinypack.render import html

    def broken(self, _key):
        raise KeyError("a fault of ours")

    monkeypatch.setattr(html.HtmlRenderer, "_checks", broken)
    root = content()
    override(root, "home.html", "{% block main %}", "{% block main %}<p>mine</p>")
    with pytest.raises(KeyError):
        build(root, tmp_path / "site")
    monkeypatch.undo()
    override(root, "home.html", "{% block main %}", "{% block main %}{{ nothing_here }}")
    with pytest.raises(ContentError) as raised:  # while a broken override is the clerk's
        build(root, tmp_path / "site")
    assert [p.file for p in raised.value.problems] == ["templates/home.html"]
