"""Broken files give a clear message with file and line, never a traceback."""

import pytest

from scrutinypack.build.reading import read_site
from scrutinypack.content.load import MAX_FILE_BYTES

from ..support.content import PROPOSAL, codes


def problems_in(content, rel: str, data: bytes):
    root = content({})
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return [p for p in read_site(root).problems if p.file == rel]


def test_invalid_yaml_names_the_line(content):
    found = problems_in(content, "proposals/sc001.yaml", b"ref: SC001\ntitle: a: b\n")
    assert codes(found) == ["yaml-syntax"] and found[0].line == 2


def test_tabs_for_indentation(content):
    found = problems_in(content, "proposals/sc001.yaml", b"ref: SC001\nbaseline:\n\tgross: 1\n")
    assert codes(found) == ["yaml-syntax"] and "indent with spaces" in found[0].message


def test_duplicate_keys(content):
    found = problems_in(content, "proposals/sc001.yaml", b"ref: SC001\ntitle: a\ntitle: b\n")
    assert codes(found) == ["duplicate-key"] and found[0].line == 3 and "line 2" in found[0].message


@pytest.mark.slow
def test_alias_bomb_is_refused_quickly(content):
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    for n in range(1, 9):
        bomb += f"{chr(97 + n)}: &{chr(97 + n)} [" + ", ".join(f"*{chr(96 + n)}" for _ in range(10)) + "]\n"
    found = problems_in(content, "proposals/sc001.yaml", ("ref: SC001\ntitle: t\n" + bomb).encode())
    assert "yaml-too-large" in codes(found)


def test_a_huge_file_is_refused_without_reading_it(content):
    found = problems_in(content, "proposals/sc001.yaml", b"#" * (MAX_FILE_BYTES + 1))
    assert codes(found) == ["file-too-large"] and "MB" in found[0].message


def test_non_utf8_bytes_name_the_line(content):
    found = problems_in(content, "proposals/sc001.yaml", b"ref: SC001\ntitle: caf\xe9\n")
    assert codes(found) == ["not-utf8"] and found[0].line == 2 and "UTF-8" in found[0].message


@pytest.mark.parametrize(
    "data",
    [
        b"\xef\xbb\xbf" + PROPOSAL.encode(),  # a byte-order mark from Windows editors
        PROPOSAL.replace("\n", "\r\n").encode(),  # CRLF line endings
    ],
)
def test_bom_and_crlf_are_read_normally(content, data):
    assert problems_in(content, "proposals/sc001.yaml", data) == []


def test_empty_file(content):
    found = problems_in(content, "proposals/sc001.yaml", b"")
    assert codes(found) == ["empty-file"]


def test_a_list_where_a_record_should_be(content):
    found = problems_in(content, "proposals/sc001.yaml", b"- ref: SC001\n")
    assert codes(found) == ["wrong-type"]


def test_every_field_missing(content):
    found = problems_in(content, "proposals/sc001.yaml", b"{}\n")
    assert sorted(p.message for p in found) == ["a proposal needs 'ref'", "a proposal needs 'title'"]


def test_a_link_to_a_file_outside_the_content_folder(content, tmp_path):
    secret = tmp_path / "secret.yaml"
    secret.write_text("ref: X\ntitle: secret\n")
    root = content({})
    (root / "proposals/x.yaml").symlink_to(secret)
    found = [p for p in read_site(root).problems if p.file == "proposals/x.yaml"]
    assert codes(found) == ["outside-content"]
    assert "X" not in read_site(root).site.by_ref
