"""The wheel this scrutinypack was installed from, kept in a council's repository with its hash.

The starter workflows install exactly the version that made the site from that file, after
checking it against ``wheel.sha256``, so no package index is asked for scrutinypack (an index
may still serve its dependencies). The wheel is the one pip installed from where it is still
at hand; otherwise it is made again from the installed files that pip's RECORD lists, each
checked against the hash RECORD gives, with fixed dates and order: the same installation
makes the same bytes.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import zipfile
from importlib import metadata
from pathlib import Path
from urllib.parse import unquote, urlparse

from ..content import fence
from ..program import command

FOLDER = ".scrutinypack"  # beside the content folder, at the repository's root
HASHES = "wheel.sha256"  # in sha256sum's format: the workflows run 'sha256sum --check'
#: What pip adds to a dist-info folder on installing: not part of the wheel.
INSTALLER_FILES = {"INSTALLER", "REQUESTED", "direct_url.json", "RECORD"}
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


class WheelError(Exception):
    """No wheel can be put in the repository; the message says what to do."""


def installed_wheel() -> tuple[str, bytes]:
    """The file name and bytes of this scrutinypack's wheel."""
    try:
        dist = metadata.distribution("scrutinypack")
    except metadata.PackageNotFoundError:
        raise WheelError(_build_one("scrutinypack is not installed, it is run from its source")) from None
    origin = json.loads(dist.read_text("direct_url.json") or "{}")
    if (origin.get("dir_info") or {}).get("editable"):
        raise WheelError(_build_one("scrutinypack is installed from its source folder (editable)"))
    return _original(origin) or _rebuilt(dist)


def _build_one(why: str) -> str:
    return (
        f"{why}, so there is no wheel to put in the repository: in the source folder, run "
        f"'python -m build --wheel', then '{command('upgrade dist/scrutinypack-VERSION-py3-none-any.whl')}' "
        "in the site's folder"
    )


def _original(origin: dict) -> tuple[str, bytes] | None:
    """The wheel pip installed from, when it is still where it was and still the same file."""
    url = urlparse(str(origin.get("url", "")))
    path = Path(unquote(url.path))
    if url.scheme != "file" or path.suffix != ".whl" or not path.is_file():
        return None
    data = path.read_bytes()
    expected = ((origin.get("archive_info") or {}).get("hashes") or {}).get("sha256")
    if expected and hashlib.sha256(data).hexdigest() != expected:
        return None
    return path.name, data


def _rebuilt(dist: metadata.Distribution) -> tuple[str, bytes]:
    files = {}
    for entry in dist.files or []:
        name = entry.as_posix()
        if (
            name.startswith("../")
            or "__pycache__/" in name
            or (".dist-info/" in name and name.rsplit("/", 1)[1] in INSTALLER_FILES)
        ):
            continue  # scripts (made again from entry_points.txt), compiled files, pip's own
        data = entry.locate().read_bytes()
        if entry.hash and _record_hash(data) != f"{entry.hash.mode}={entry.hash.value}":
            raise WheelError(
                f"{entry.locate()} was changed after scrutinypack was installed: "
                "install it again from its wheel, then run this again"
            )
        files[name] = data
    info = next((name.split("/", 1)[0] for name in files if name.endswith(".dist-info/WHEEL")), None)
    if info is None or "scrutinypack/clerk/toolwheel.py" not in files:
        raise WheelError(_build_one("this scrutinypack is not run from an installed wheel"))
    tag = next(
        line.split(":", 1)[1].strip()
        for line in files[f"{info}/WHEEL"].decode().splitlines()
        if line.startswith("Tag:")
    )
    return f"{info.removesuffix('.dist-info')}-{tag}.whl", _zipped(files, f"{info}/RECORD")


def _record_hash(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def _zipped(files: dict[str, bytes], record: str) -> bytes:
    """A wheel of ``files`` and its RECORD, in name order, every entry dated alike."""
    lines = [f"{name},{_record_hash(data)},{len(data)}" for name, data in sorted(files.items())]
    files = {**files, record: ("\n".join([*lines, f"{record},,"]) + "\n").encode()}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in [*sorted(set(files) - {record}), record]:
            entry = zipfile.ZipInfo(name, ZIP_DATE)
            entry.external_attr = 0o644 << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(entry, files[name])
    return buffer.getvalue()


def put(root: Path, name: str, data: bytes) -> Path:
    """Put the wheel into ``root/.scrutinypack/`` with its hash, in place of any other;
    returns the wheel's path."""
    if not (name.startswith("scrutinypack-") and name.endswith(".whl")):
        raise WheelError(f"{name} is not a scrutinypack wheel (scrutinypack-VERSION-py3-none-any.whl)")
    folder = Path(root) / FOLDER
    fence.replace(folder / name, data, root)
    fence.replace(folder / HASHES, f"{hashlib.sha256(data).hexdigest()}  {name}\n".encode(), root)
    for old in folder.glob("scrutinypack-*.whl"):
        if old.name != name:
            old.unlink()
    return folder / name
