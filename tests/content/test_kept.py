"""Records kept in the build's cache come back as they were read, and a cache that holds
anything but records as this version writes them is refused, never trusted."""

from __future__ import annotations

import json
from decimal import Decimal
from hashlib import blake2b

import pytest

from scrutinypack.content.kept import Unkept, dumps, loads
from scrutinypack.content.load import load_content
from scrutinypack.content.stored import Stored
from scrutinypack.money import parse_amount

from ..support.content import BROWSE, ROOT

SITES = [BROWSE, *sorted(p for p in (ROOT / "examples").iterdir() if (p / "site.yaml").is_file())]


@pytest.mark.parametrize("site", SITES, ids=lambda p: p.name)
def test_every_record_comes_back_equal_to_the_one_read(site):
    content = load_content(site)
    records = content.proposals + content.committees + content.reports + content.problems
    assert records
    for record in records:
        back = loads(dumps(record))
        assert back == record and type(back) is type(record)


def test_money_comes_back_as_the_same_decimal_as_written():
    amount = parse_amount("(0.250)", "m")
    back = loads(dumps(amount))
    assert back.value == Decimal("-0.250") and str(back.value) == "-0.250" and back.text == "(0.250)"


@pytest.mark.parametrize(
    "text",
    [
        '{"c": ["Popen", ["rm -rf /"]]}',  # not a record class
        '{"c": ["Problem", {"file": "a", "line": 1, "code": "c", "message": "m"}]}',  # not as kept
        '{"c": ["Problem", ["a", 1, "c", "m"]]}',  # fields left out
        '{"c": ["Problem", ["a", true, "c", "m", "error", "", ""]]}',  # a bool for a line
        '{"A": ["1e999999", "m", 3, "1", false, "", false]}',  # a figure that is not one
        '{"D": 0.25}',  # a float where money's text should be
        '{"c": ["Baseline", [null, {"c": ["Risk", ["", ""]]}, null, null, "", {"d": []}]]}',  # wrong record
        '{"a": "not a date"}',
        '{"t": "ab"}',  # a tuple is kept as a list, never a string
        "[[[[" * 10,
    ],
)
def test_a_value_not_as_this_version_keeps_it_is_refused(text):
    with pytest.raises(Unkept):
        value = loads(text)
        if isinstance(value, dict):  # a bare object is a record's fields, never a record
            raise Unkept("not a record")


@pytest.mark.parametrize("field, value", [("title", 20), ("committees", "budget"), ("total", "0.25")])
def test_a_record_with_a_field_not_of_its_declared_type_is_refused(field, value):
    proposal = load_content(BROWSE).proposals[0]
    kept = json.loads(dumps(proposal))
    names = [f for f in proposal.__dataclass_fields__ if f not in ("proposals", "table", "committee")]
    kept["c"][1][names.index(field)] = value
    with pytest.raises(Unkept):
        loads(json.dumps(kept))


def test_a_cache_file_damaged_or_from_another_version_is_not_used():
    stored = Stored("env-1")
    stored.put("records", "proposals/a.yaml", "stamp", parse_amount("1.0", "m"))
    ((part, data),) = stored.changed_parts().items()
    assert Stored.from_parts({part: data}, "env-1")[1] == ""
    assert "another version" in Stored.from_parts({part: data}, "env-2")[1]
    assert "damaged" in Stored.from_parts({part: data.replace(b"1.0", b"2.0")}, "env-1")[1]
    assert Stored.from_parts({part: b"garbage"}, "env-1")[1]
    kept, why = Stored.from_parts({part: data}, "env-1")
    assert kept.get("records", "proposals/a.yaml", "another stamp") is None
    assert kept.get("records", "proposals/a.yaml", "stamp") == parse_amount("1.0", "m")
    assert kept.changed_parts() == {}  # nothing new: nothing to write again


def test_an_entry_that_is_not_a_stamp_and_text_makes_the_part_unused():
    body = json.dumps({"records": {"a": [1, 2]}}).encode()
    data = b"scrutinypack-stored 1 env " + blake2b(body, digest_size=16).hexdigest().encode() + b"\n" + body
    assert "not laid out" in Stored.from_parts({0: data}, "env")[1]
