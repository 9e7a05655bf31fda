"""How big a picture is once decoded, read from its header before anything decodes it.

A PNG of a few hundred kilobytes can say it is 100,000 pixels square: decoding it would take
gigabytes. Every picture a page or a PDF uses (an asset, a picture written out in an SVG as
a ``data:`` address) is measured here first, from the few bytes of its header, and refused
over :data:`MAX_PIXELS`. Only the four kinds a web page may show are read: PNG, JPEG, GIF
and WebP.
"""

from __future__ import annotations

import base64
import binascii
import re
import struct
from urllib.parse import unquote_to_bytes

MAX_PIXELS = 50_000_000  # 10,000 × 5,000: more than a 48-megapixel camera's photo
MAX_EMBEDDED_BYTES = 5 * 1024 * 1024  # a picture written out in an SVG, once decoded
HEADER_BYTES = 1024 * 1024  # enough to hold a JPEG's size, which follows its metadata (64 KB a segment)
KINDS = {"png": "image/png", "jpeg": "image/jpeg", "gif": "image/gif", "webp": "image/webp"}
DATA_PICTURE = re.compile(r"data:image/(png|jpeg|gif|webp)(;base64)?,", re.IGNORECASE)
#: JPEG's start-of-frame markers, whose segment holds the picture's height and width
_FRAMES = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}


class PictureError(ValueError):
    """A picture that cannot be used; the message says why and what to do."""


class TooLarge(PictureError):
    """A picture too large to decode: more bytes or pixels than the limits."""


def size(data: bytes) -> tuple[str, int, int] | None:
    """The kind, width and height a PNG, JPEG, GIF or WebP says it has; None for anything else
    (or a header too short to say)."""
    try:
        if data.startswith(b"\x89PNG\r\n\x1a\n") and data[12:16] == b"IHDR":
            return ("png",) + struct.unpack(">II", data[16:24])
        if data[:6] in (b"GIF87a", b"GIF89a"):
            return ("gif",) + struct.unpack("<HH", data[6:10])
        if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
            return _webp(data)
        if data.startswith(b"\xff\xd8"):
            return _jpeg(data)
    except struct.error:
        return None
    return None


def check(data: bytes, name: str) -> None:
    """Raises :class:`TooLarge` when the picture ``name`` would decode to more than
    :data:`MAX_PIXELS`."""
    found = size(data)
    if found and found[1] * found[2] > MAX_PIXELS:
        _, width, height = found
        raise TooLarge(
            f"{name} is {width:,} × {height:,} pixels ({width * height:,}); a picture may have "
            f"{MAX_PIXELS:,}: save it smaller (a page or a PDF needs a few thousand pixels across)"
        )


def embedded(url: str) -> tuple[str, bytes]:
    """The media type and bytes of a picture written out as a ``data:`` address, checked: only
    PNG, JPEG, GIF or WebP (as its own header says, too), at most :data:`MAX_EMBEDDED_BYTES`
    and :data:`MAX_PIXELS`. Raises :class:`PictureError`."""
    form = DATA_PICTURE.match(url)
    if form is None:
        raise PictureError("a data: address may only hold a PNG, JPEG, GIF or WebP picture")
    payload = url[form.end() :]
    if len(payload) > MAX_EMBEDDED_BYTES * 3:  # over the limit however written (%XX: 3 characters a byte)
        raise _too_big()
    try:
        data = base64.b64decode(unquote_to_bytes(payload)) if form[2] else unquote_to_bytes(payload)
    except (binascii.Error, ValueError) as error:
        raise PictureError(f"a picture written out in the file cannot be read ({error})") from None
    if len(data) > MAX_EMBEDDED_BYTES:
        raise _too_big()
    check(data, "a picture written out in the file")  # whatever it says it is: a browser sniffs
    found = size(data)
    if found is None or found[0] != form[1].lower():
        raise PictureError(f"a picture written out in the file is not the {form[1].upper()} it says it is")
    return KINDS[found[0]], data


def _too_big() -> TooLarge:
    return TooLarge(
        f"a picture written out in the file may be {MAX_EMBEDDED_BYTES // 1048576} MB: "
        "save it smaller, or as a file of its own in assets/"
    )


def _webp(data: bytes) -> tuple[str, int, int] | None:
    chunk = data[12:16]
    if chunk == b"VP8 ":  # lossy: 14 bits each, after a 3-byte frame tag and a start code
        width, height = struct.unpack("<HH", data[26:30])
        return "webp", width & 0x3FFF, height & 0x3FFF
    if chunk == b"VP8L":  # lossless: 14 bits each, less one, after a signature byte
        bits = int.from_bytes(data[21:25], "little")
        return "webp", (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if chunk == b"VP8X":  # extended: 24 bits each, less one
        return "webp", int.from_bytes(data[24:27], "little") + 1, int.from_bytes(data[27:30], "little") + 1
    return None


def _jpeg(data: bytes) -> tuple[str, int, int] | None:
    """The first frame's size, found by walking the segments (each says its own length)."""
    at = 2
    while at + 9 <= len(data):
        if data[at] != 0xFF:
            return None
        marker = data[at + 1]
        if marker == 0xFF:  # a fill byte
            at += 1
        elif marker in _FRAMES:
            height, width = struct.unpack(">HH", data[at + 5 : at + 9])
            return "jpeg", width, height
        elif 0xD0 <= marker <= 0xD7 or marker == 0x01:  # markers without a segment
            at += 2
        else:
            at += 2 + struct.unpack(">H", data[at + 2 : at + 4])[0]
    return None
