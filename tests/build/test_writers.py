"""Issue 28, writers that follow links and caches that miss.

Every command that writes (publish, import, new, schema, build with its state and PDF cache,
the live preview's site writer) goes through the fence (scrutinypack/content/fence.py): a
committed link, hidden or not, on the way to a file it writes is refused with a message, and
nothing outside is written, read or quoted. A paper's PDF is laid out again when any file
it reads changes, an SVG's pictures included, and its cache key reads no device.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
from PIL import Image

from scrutinypack.build.builder import build
from scrutinypack.build.staging import InPlace
from scrutinypack.cli import main
from scrutinypack.content import fence
from scrutinypack.problems import OutputError

from ..support.content import COMMITTEE, PROPOSAL, ROOT, SITE
from ..support.spreadsheets import EXAMPLE, MAPPING

SECRET = "OUTSIDE-SECRET-5c1e"
DOTFILE = f"alias ll='ls -l'  # {SECRET}\n"


@pytest.fixture
def outside(tmp_path) -> Path:
    """A folder beside the content folder, as a clerk's home is: never to be written or read."""
    folder = tmp_path / "home"
    folder.mkdir()
    (folder / ".bashrc").write_text(DOTFILE, encoding="utf-8")
    return folder


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


# -- E02: publish ---------------------------------------------------------------------------


def test_publish_never_writes_through_a_hidden_part_file_linked_out(content, outside, capsys):
    root = content({})
    (root / "publications").mkdir()
    (root / "publications/.2019-01-15.json.part").symlink_to(outside / ".bashrc")
    code, out, err = run(capsys, "publish", "--content", str(root), "--date", "2019-01-15")
    assert code == 0, err
    assert (outside / ".bashrc").read_text(encoding="utf-8") == DOTFILE
    written = root / "publications/2019-01-15.json"
    assert written.is_file() and not written.is_symlink()
    assert list(json.loads(written.read_text(encoding="utf-8"))["proposals"]) == ["SC001"]
    assert sorted(p.name for p in (root / "publications").iterdir()) == [
        ".2019-01-15.json.part",
        "2019-01-15.json",
    ]  # no temporary file left behind


def test_publish_refuses_a_publications_folder_linked_out(content, outside, capsys):
    root = content({})
    (root / "publications").symlink_to(outside, target_is_directory=True)
    code, out, err = run(capsys, "publish", "--content", str(root), "--date", "2019-01-15")
    assert code == 2
    assert f"{root}/publications/2019-01-15.json leads through the link {root}/publications" in err
    assert "nothing was published" in err and "Traceback" not in err
    assert snapshot(outside) == {".bashrc": DOTFILE.encode()}


# -- E09: import ----------------------------------------------------------------------------


def test_import_writes_nothing_through_a_proposals_folder_linked_out(tmp_path, outside, capsys):
    site = Path(shutil.copytree(EXAMPLE / "content", tmp_path / "content"))
    shutil.rmtree(site / "proposals", ignore_errors=True)
    (site / "proposals").symlink_to(outside, target_is_directory=True)
    code, out, err = run(
        capsys,
        "import",
        str(EXAMPLE / "lancashire-savings.csv"),
        "--map",
        str(MAPPING),
        "--content",
        str(site),
    )
    assert code == 2
    assert err.startswith("error: ") and "leads through the link" in err and "Traceback" not in err
    assert snapshot(outside) == {".bashrc": DOTFILE.encode()}


# -- E10: schema and new --------------------------------------------------------------------


@pytest.fixture
def linked_schemas(content, outside) -> Path:
    """A content folder whose .schemas is a link to a folder outside holding a schema."""
    root = content({})
    (outside / "site.schema.json").write_text(SECRET, encoding="utf-8")
    (root / ".schemas").symlink_to(outside, target_is_directory=True)
    return root


def test_schema_writes_nothing_through_a_schemas_link(linked_schemas, outside, capsys):
    code, out, err = run(capsys, "schema", "--content", str(linked_schemas))
    assert code == 2
    assert f"leads through the link {linked_schemas}/.schemas" in err and "Traceback" not in err
    assert snapshot(outside) == {".bashrc": DOTFILE.encode(), "site.schema.json": SECRET.encode()}


def test_new_writes_no_schema_and_no_starter_through_a_schemas_link(linked_schemas, outside, capsys):
    code, out, err = run(capsys, "new", "proposal", "Close the depot", "--content", str(linked_schemas))
    assert code == 2
    assert f"leads through the link {linked_schemas}/.schemas" in err and "Traceback" not in err
    assert snapshot(outside) == {".bashrc": DOTFILE.encode(), "site.schema.json": SECRET.encode()}
    assert sorted(p.name for p in (linked_schemas / "proposals").iterdir()) == ["sc001.yaml"]


# -- E11 and D18: a content file linked out is neither copied in nor quoted ------------------


def test_new_meeting_does_not_turn_a_committee_linked_out_into_a_copy(content, outside, capsys):
    root = content({"committees/budget.yaml": None})
    theirs = COMMITTEE.replace("Budget Scrutiny", SECRET)
    (outside / "budget.yaml").write_text(theirs, encoding="utf-8")
    (root / "committees").mkdir()
    (root / "committees/budget.yaml").symlink_to(outside / "budget.yaml")
    code, out, err = run(
        capsys, "new", "meeting", "--committee", "budget", "--date", "2019-03-01", "--content", str(root)
    )
    assert code == 2
    assert f"{root}/committees/budget.yaml is a link to somewhere outside {root}" in err
    assert SECRET not in out + err and "Traceback" not in err
    assert (root / "committees/budget.yaml").is_symlink()
    assert (outside / "budget.yaml").read_text(encoding="utf-8") == theirs


def test_check_does_not_read_a_proposal_linked_out_to_quote_its_ref(content, outside, capsys):
    root = content({})
    (outside / "stolen.yaml").write_text(f"ref: {SECRET}\ntitle: [unclosed\n", encoding="utf-8")
    (root / "proposals/sc009.yaml").symlink_to(outside / "stolen.yaml")
    code, out, err = run(capsys, "check", "--content", str(root))
    assert code == 2
    assert "proposals/sc009.yaml: error: this is a link to somewhere outside the content folder" in out
    assert SECRET not in out + err


# -- the build's own writes: its state, its PDF cache, the live preview's files -----------------


def test_a_cache_folder_linked_out_is_refused_and_nothing_is_written_there(
    content, outside, capsys, tmp_path
):
    root = content({})
    (tmp_path / ".site-cache").symlink_to(outside, target_is_directory=True)
    code, out, err = run(capsys, "build", "--content", str(root), "--out", str(tmp_path / "site"), "--no-pdf")
    assert code == 2
    assert f"leads through the link {tmp_path}/.site-cache" in err
    assert "the cache is always safe to delete" in err and "Traceback" not in err
    assert snapshot(outside) == {".bashrc": DOTFILE.encode()}
    assert not (tmp_path / "site").exists()  # refused before anything was built


def test_the_live_preview_never_writes_through_a_link_left_in_the_site(tmp_path, outside):
    site = tmp_path / "site"
    site.mkdir()
    (site / ".index.html.new").symlink_to(outside / ".bashrc")  # the old temporary name
    (site / "linked").symlink_to(outside, target_is_directory=True)
    written = InPlace(site, set())
    written.put("index.html", b"<!doctype html><title>Home</title>")
    assert snapshot(outside) == {".bashrc": DOTFILE.encode()}
    assert not (site / "index.html").is_symlink()
    assert (site / "index.html").read_bytes() == b"<!doctype html><title>Home</title>"
    with pytest.raises(OutputError, match="leads through the link"):
        written.put("linked/.bashrc", b"rm -rf ~")
    assert snapshot(outside) == {".bashrc": DOTFILE.encode()}


def test_without_o_nofollow_a_link_is_still_refused(tmp_path, outside, monkeypatch):
    """Windows has no O_NOFOLLOW: the walk that looks at every part of the path refuses alone."""
    monkeypatch.setattr(fence, "_NEW_FILE", os.O_WRONLY | os.O_CREAT | os.O_EXCL)
    (tmp_path / "profile").symlink_to(outside / ".bashrc")
    for write in (fence.create, fence.replace):
        with pytest.raises(fence.Refused, match="profile is a link"):
            write(tmp_path / "profile", b"echo owned", tmp_path)
    fence.replace(tmp_path / "new/file.txt", b"plain", tmp_path)
    assert (tmp_path / "new/file.txt").read_bytes() == b"plain"
    assert snapshot(outside) == {".bashrc": DOTFILE.encode()}


# -- D02: the PDF cache key reads no device -------------------------------------------------

DEVICE_BUILD = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))   # /dev/zero read whole: MemoryError
from scrutinypack.cli import main
sys.exit(main(["build", "--content", sys.argv[1], "--out", sys.argv[2], "--jobs", "1"]))
"""


@pytest.mark.slow
@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_an_image_linked_to_dev_zero_is_refused_by_name_not_read(content, tmp_path):
    root = content({"proposals/sc001.yaml": PROPOSAL + "decisions: |\n  ![zeros](assets/.zero.png)\n"})
    (root / "assets").mkdir()
    (root / "assets/.zero.png").symlink_to("/dev/zero")  # hidden: the loader skips it
    run = subprocess.run(
        [sys.executable, "-c", DEVICE_BUILD, str(root), str(tmp_path / "site")],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT,
    )
    assert run.returncode == 2, run.stderr[-2000:]
    assert "refused assets/.zero.png: it is outside the content folder's assets/" in run.stderr
    assert "Traceback" not in run.stderr and not (tmp_path / "site").exists()


# -- E05: every file a paper's layout reads is in its cache key ------------------------------


def png(colour: str) -> bytes:
    data = io.BytesIO()
    Image.new("RGB", (8, 8), colour).save(data, "PNG")
    return data.getvalue()


def image_colours(pdf: Path) -> set[tuple[int, int, int]]:
    """The colour of every picture the PDF draws (in its pages and in the forms they use)."""
    found, seen = set(), set()

    def walk(resources) -> None:
        for picture in (resources.get("/XObject") or {}).values() if resources is not None else ():
            if picture.objgen in seen:
                continue
            seen.add(picture.objgen)
            if picture.Subtype == "/Image":
                found.add(pikepdf.PdfImage(picture).as_pil_image().convert("RGB").getpixel((0, 0)))
            elif picture.Subtype == "/Form":
                walk(picture.get("/Resources"))

    with pikepdf.open(pdf) as document:
        for page in document.pages:
            walk(page.Resources)
    return found


SVG_WITH_PICTURE = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8">'
    '<image href="pictures/inner.png" width="8" height="8"/></svg>'
)
LOGO = "brand: {logo: assets/logo.png, logo_alt: Test Council}\n"
#: kind → (extra site.yaml, the proposal's Markdown, the files in assets/, the one replaced)
KINDS = {
    "an image in Markdown": ("", "![chart](assets/chart.png)", {"chart.png": None}, "chart.png"),
    "the logo": (LOGO, "", {"logo.png": None}, "logo.png"),
    "a picture an SVG refers to": (
        "",
        "![drawing](assets/drawing.svg)",
        {"drawing.svg": SVG_WITH_PICTURE, "pictures/inner.png": None},
        "pictures/inner.png",
    ),
}


@pytest.mark.pdf
@pytest.mark.parametrize("kind", list(KINDS))
def test_replacing_any_file_a_paper_reads_makes_a_new_pdf(content, tmp_path, kind):
    extra, markdown, assets, replaced = KINDS[kind]
    root = content(
        {
            "site.yaml": SITE + extra,
            "proposals/sc001.yaml": PROPOSAL + f"decisions: |\n  {markdown or 'None.'}\n",
        }
    )
    for rel, text in assets.items():
        (root / "assets" / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / "assets" / rel).write_bytes(text.encode() if text else png("red"))
    pdf = tmp_path / "site/proposals/sc001/sc001.pdf"
    build(root, tmp_path / "site", pdf="default", jobs=1)
    before = pdf.read_bytes()
    assert (255, 0, 0) in image_colours(pdf)
    (root / "assets" / replaced).write_bytes(png("blue"))
    build(root, tmp_path / "site", pdf="default", jobs=1)
    assert pdf.read_bytes() != before
    colours = image_colours(pdf)
    assert (0, 0, 255) in colours and (255, 0, 0) not in colours


@pytest.mark.pdf
def test_a_paper_whose_files_are_unchanged_is_taken_from_the_cache(content, tmp_path):
    """The other side of the key: following an SVG's pictures costs no layout when nothing changed."""
    root = content({"proposals/sc001.yaml": PROPOSAL + "decisions: |\n  ![drawing](assets/drawing.svg)\n"})
    (root / "assets/pictures").mkdir(parents=True)
    (root / "assets/drawing.svg").write_text(SVG_WITH_PICTURE, encoding="utf-8")
    (root / "assets/pictures/inner.png").write_bytes(png("red"))
    build(root, tmp_path / "site", pdf="default", jobs=1)
    (tmp_path / ".site-cache/state.json").unlink()  # forget the build: only the paper cache is left
    report = build(root, tmp_path / "site", pdf="default", jobs=1)
    assert report.pdf.laid_out == [] and "proposal-sc001" in report.pdf.reused


def test_a_build_stopped_before_it_marked_its_new_folder_leaves_nothing_behind(content, tmp_path):
    """Killed between making ``.site.new-*`` and marking it as its own, a build leaves an empty
    folder that the next build removes (a folder with anything in it is not known to be ours)."""
    root = content({})
    build(root, tmp_path / "site")
    (tmp_path / ".site.new-stopped").mkdir()
    (tmp_path / ".site.new-theirs").mkdir()
    (tmp_path / ".site.new-theirs/notes.txt").write_text("mine", encoding="utf-8")
    (root / "proposals/sc001.yaml").write_text(
        PROPOSAL.replace("Reduce waste", "Cut waste"), encoding="utf-8"
    )  # so that a new site is made
    build(root, tmp_path / "site")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".site.new-")) == [
        ".site.new-theirs"
    ]
