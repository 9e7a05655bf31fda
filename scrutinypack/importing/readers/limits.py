"""What every reader refuses, and how: one line saying what is wrong and what to do.

Papers come from outside: a file may be damaged, mislabelled, enormous, or made to attack the
reader (a zip that unpacks to gigabytes, XML that expands entities). Each of these is a
ReadError with one line of explanation, never a traceback and never an exhausted computer.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path
from xml.parsers import expat

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring

#: A paper (or one part of a workbook or Word file) bigger than this is a mistake, or an attack.
MAX_BYTES = 50 * 1024 * 1024
#: All the parts of one .xlsx or .docx together, unpacked.
MAX_UNPACKED = 200 * 1024 * 1024


class ReadError(Exception):
    """The file cannot be read; the message says which file, why, and what to do."""


def check_file(path: Path, example: str) -> None:
    if not path.is_file():
        raise ReadError(f"{path} does not exist: give the paper's path, e.g. {example}")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise ReadError(
            f"{path.name} is {size / 1048576:.0f} MB, larger than the "
            f"{MAX_BYTES // 1048576} MB a paper can be: import the part that holds "
            "the proposals (save those pages or that sheet on their own)"
        )


def open_zip(path: Path, kind: str, fix: str) -> zipfile.ZipFile:
    """An .xlsx or .docx archive whose parts, together, unpack to a sane size."""
    try:
        archive = zipfile.ZipFile(path)
        infos = archive.infolist()
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError):
        raise ReadError(
            f"{path.name} is not {kind} (it is not a zip archive, so it is damaged "
            f"or another kind of file renamed): {fix}"
        ) from None
    if sum(info.file_size for info in infos) > MAX_UNPACKED:
        archive.close()
        raise ReadError(
            f"{path.name} unpacks to more than {MAX_UNPACKED // 1048576} MB (a zip "
            f"bomb, or far more than a paper holds): {fix}"
        )
    return archive


def read_part(archive: zipfile.ZipFile, name: str, file: str, fix: str) -> bytes:
    """One part, unpacked with a bound that does not trust the size the archive declares."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        raise ReadError(f"{file} is damaged: it has no {name}; {fix}") from None
    try:
        with archive.open(info) as stream:
            data = stream.read(MAX_BYTES + 1)
    except (
        zipfile.BadZipFile,
        zlib.error,
        EOFError,
        OSError,
        ValueError,
        NotImplementedError,
        RuntimeError,
    ) as exc:
        raise ReadError(
            f"{file} is damaged ({name} cannot be unpacked: {str(exc) or type(exc).__name__}): {fix}"
        ) from None
    if len(data) > MAX_BYTES:
        raise ReadError(f"{file}: {name} unpacks to more than {MAX_BYTES // 1048576} MB: {fix}")
    return data


def parse_xml(data: bytes, file: str, part: str, fix: str):
    """XML with no DOCTYPE and no entities, whatever its encoding (defusedxml checks after
    decoding, so a UTF-16 part cannot hide one)."""
    try:
        return fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise ReadError(
            f"{file}: {part} declares a DOCTYPE or XML entities, which an office file never does: {fix}"
        ) from None
    except (ParseError, ValueError) as exc:
        raise ReadError(f"{file} is damaged ({part}: {exc}): {fix}") from None


def refuse_doctype(data: bytes, file: str, part: str, fix: str) -> int:
    """The check of parse_xml without building a tree, for parts another library will parse:
    expat decodes the part (UTF-16 included) and stops at the first DOCTYPE or entity. The
    part's count of elements is returned, so that the tree another library builds can be
    bounded before it is built."""

    def refuse(*_):
        raise ReadError(
            f"{file}: {part} declares a DOCTYPE or XML entities, which an office file never does: {fix}"
        )

    elements = 0

    def count(*_):
        nonlocal elements
        elements += 1

    parser = expat.ParserCreate()
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.StartElementHandler = count
    try:
        parser.Parse(data, True)
    except expat.ExpatError as exc:
        raise ReadError(f"{file} is damaged ({part}: {exc}): {fix}") from None
    return elements
