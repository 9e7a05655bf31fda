"""A contributed content tree is hostile (issue 19): what it can no longer do.

Each section is one class of attack: links out of the content folder at any level, assets that
run script, a build removing folders it did not make, refs that look alike, limits on what a
file may expand to, and the live preview answering a page on another site.
"""
from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from scrutinypack import state
from scrutinypack.builder import build
from scrutinypack.cli import main
from scrutinypack.pipeline import read_site
from scrutinypack.problems import ContentError

from .conftest import PROPOSAL

SECRET = "TOP-SECRET-7c41e0"
REPORT = "---\ntitle: Strategy\n---\nThe report.\n"


@pytest.fixture
def outside(tmp_path):
    """A folder beside the content folder, holding a secret in every kind of content file."""
    folder = tmp_path / "outside"
    (folder / "deeper").mkdir(parents=True)
    (folder / "secret.txt").write_text(SECRET, encoding="utf-8")
    (folder / "deeper/secret.txt").write_text(SECRET, encoding="utf-8")
    (folder / "sc009.yaml").write_text(PROPOSAL.replace("SC001", "SC009").replace(
        "Reduce waste", SECRET), encoding="utf-8")
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


@pytest.mark.parametrize("link", [_link_assets, _link_assets_subfolder, _link_deep_in_assets,
                                  _link_inside_a_linked_folder, _link_proposals, _link_reports,
                                  _link_site_yaml, _link_glossary], ids=lambda f: f.__name__[1:])
def test_a_link_out_of_the_content_at_any_level_is_refused_naming_it(content, outside, tmp_path,
                                                                      capsys, link):
    root = content({})
    refused = link(root, outside)
    result = read_site(root)
    assert refused in [p.file for p in result.blocking if p.code == "outside-content"]
    assert all(SECRET not in p.message for p in result.problems)
    assert main(["build", "--content", str(root), "--out", str(tmp_path / "site")]) == 2
    assert f"{refused}: error: this is a link to somewhere outside the content folder" in \
        capsys.readouterr().err
    assert not (tmp_path / "site").exists()


def test_a_link_to_a_folder_inside_the_content_is_followed(content, tmp_path):
    root = content({"images/plan.txt": "the plan"})
    (root / "assets").mkdir()
    (root / "assets/images").symlink_to(root / "images", target_is_directory=True)
    (root / "assets/again").symlink_to(root / "assets", target_is_directory=True)   # a loop
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
    """A pipe would block the build for ever; a link to /dev/zero would never end."""
    root = content({})
    (root / "assets").mkdir()
    os.mkfifo(root / "assets/pipe.txt")
    (root / "assets/zero.txt").symlink_to("/dev/zero")
    (root / "secret.txt").symlink_to(outside / "secret.txt")
    scanned = {}
    reader = threading.Thread(target=lambda: scanned.update(state.scan(root)), daemon=True)
    reader.start()
    reader.join(timeout=20)
    if reader.is_alive():   # let the stuck reader go before failing
        os.close(os.open(root / "assets/pipe.txt", os.O_WRONLY | os.O_NONBLOCK))
        pytest.fail("the scan of the content folder blocked on a pipe")
    assert scanned["assets/pipe.txt"] == scanned["assets/zero.txt"] == scanned["secret.txt"] == "refused"
    with pytest.raises(ContentError, match="assets/zero.txt: error: this is a link to somewhere outside"):
        build(root, tmp_path / "site")
    (root / "assets/zero.txt").unlink()
    build(root, tmp_path / "site")   # the pipe is not a file to publish
    assert not (tmp_path / "site/assets").exists()
