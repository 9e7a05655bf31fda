"""Control characters and oversized text from content (issue 28, D09-D15 and D19): each is a
message with file and line on the real command line, never a traceback, a broken feed or
calendar, or an escape sequence acting on the clerk's terminal."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET

import icalendar

from scrutinypack.build.reading import read_site
from scrutinypack.glossary import Glossary, Marker, Term
from scrutinypack.render.calendar import meetings_calendar
from scrutinypack.render.feed import Feeds

from ..support.content import COMMITTEE, PROPOSAL

ADVICE = "delete it (it usually comes from a copy and paste, or from an escape such as \\e or \\r in quotes)"


def _run(*args: str) -> subprocess.CompletedProcess:
    """The command line in a process of its own, as a clerk runs it (a hang fails, not waits)."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run(
        [sys.executable, "-m", "scrutinypack", *args], capture_output=True, timeout=120, env=env
    )
    assert b"Traceback" not in done.stderr + done.stdout
    return done


def _check(root) -> subprocess.CompletedProcess:
    return _run("check", "--content", str(root))


def _build(root, out) -> subprocess.CompletedProcess:
    return _run("build", "--content", str(root), "--out", str(out), "--no-pdf", "--jobs", "1")


def _refused(root, out, problems: str, count: str = "1 error, 0 warnings") -> None:
    """check lists ``problems`` and fails; build prints them, says so, and writes no site."""
    checked = _check(root)
    assert (checked.returncode, checked.stderr) == (2, b"")
    assert checked.stdout.decode() == f"{problems}1 proposals checked: {count}.\n"
    built = _build(root, out)
    assert (built.returncode, built.stdout) == (2, b"")
    assert built.stderr.decode() == (
        f"{problems}\nThe site was not built: {count} to fix in {root}/. The previous {out}/ is untouched.\n"
    )
    assert not out.exists()


def _site(content):
    result = read_site(content({}))
    assert not result.blocking
    return result.site


def test_d09_a_control_character_in_a_title_is_refused_with_file_and_line(content, tmp_path):
    root = content(
        {"proposals/sc001.yaml": PROPOSAL.replace("title: Reduce waste", 'title: "Reduce\\x01 waste"')}
    )
    _refused(
        root,
        tmp_path / "site",
        "proposals/sc001.yaml:2: error: 'title' holds a character that is not text, U+0001 "
        f"(a control character): {ADVICE} [SC001] (control-character)\n",
    )


def test_d09_the_feed_stays_xml_whatever_text_it_is_given(content):
    site = _site(content)
    proposal = site.proposals[0]
    proposal.title, proposal.service = "Reduce\x01\x1b waste\ufffe", "Wa\x0bste"
    root = ET.fromstring(Feeds(site, {}).site_feed())
    entry = root.find("{http://www.w3.org/2005/Atom}entry")
    assert (
        entry.find("{http://www.w3.org/2005/Atom}title").text
        == "SC001: Reduce\ufffd\ufffd waste\ufffd (proposed)"
    )
    assert entry.find("{http://www.w3.org/2005/Atom}category").get("label") == "Wa\ufffdste"


def test_d10_a_line_break_in_a_committee_name_is_read_as_a_space_not_a_traceback_at_build(content, tmp_path):
    """A name is one line: its line break (a spreadsheet cell's, say) reads as a space, as YAML
    reads the lines of a plain value, everywhere the name is printed."""
    root = content(
        {"committees/budget.yaml": COMMITTEE.replace("name: Budget Scrutiny", 'name: "Budget\\n Scrutiny"')}
    )
    checked = _check(root)
    assert (checked.returncode, checked.stdout.decode()) == (
        0,
        "1 proposals checked: 0 errors, 0 warnings.\n",
    )
    out = tmp_path / "site"
    assert _build(root, out).returncode == 0
    calendar = icalendar.Calendar.from_ical((out / "committees/budget/meetings.ics").read_bytes())
    assert str(calendar["x-wr-calname"]) == "Budget Scrutiny, Test Council"
    assert "</span> Budget Scrutiny</h1>" in (out / "committees/budget/index.html").read_text(
        encoding="utf-8"
    )


def test_d10_d11_the_calendar_writes_names_with_line_breaks_on_one_line(content):
    site = _site(content)
    committee = site.committees[0]
    committee.name = "Budget\r\nScrutiny\rPanel\nOne\x07"
    committee.meetings[0].title, committee.meetings[0].location = "Sav\rings", "Room\n1"
    ics = meetings_calendar(site, "budget")
    assert b"\r" not in ics.replace(b"\r\n", b"") and b"\x07" not in ics
    calendar = icalendar.Calendar.from_ical(ics)
    assert str(calendar["x-wr-calname"]) == "Budget Scrutiny Panel One, Test Council"
    event = calendar.walk("VEVENT")[0]
    assert (str(event["summary"]), str(event["location"])) == (
        "Budget Scrutiny Panel One: Sav ings",
        "Room 1",
    )


def test_d11_a_carriage_return_in_a_committee_name_is_refused_with_file_and_line(content, tmp_path):
    root = content(
        {"committees/budget.yaml": COMMITTEE.replace("name: Budget Scrutiny", 'name: "Budget\\rScrutiny"')}
    )
    _refused(
        root,
        tmp_path / "site",
        "committees/budget.yaml:1: error: 'name' holds a character that is not "
        f"text, U+000D (carriage return): {ADVICE} (control-character)\n",
    )


def test_d13_a_ref_of_5000_digits_is_refused_with_file_and_line(content, tmp_path):
    digits = "1" * 5000
    root = content(
        {
            "proposals/sc001.yaml": PROPOSAL.replace("ref: SC001", f"ref: '{digits}'"),
            "committees/budget.yaml": COMMITTEE.replace("[SC001]", f"['{digits}']"),
        }
    )
    _refused(
        root,
        tmp_path / "site",
        "committees/budget.yaml:7: error: 'proposals' is 5,000 characters long: a ref or a name of a "
        "file is at most 100; shorten it (invalid-value)\n"
        "proposals/sc001.yaml:1: error: 'ref' is 5,000 characters long: a ref or a name of a file is "
        f"at most 100; shorten it [{digits[:100]}] (invalid-value)\n",
        "2 errors, 0 warnings",
    )


def test_a_service_named_at_a_greater_length_than_a_folder_can_be_is_refused_with_its_line(content, tmp_path):
    # The fuzzing test found it: a service's name is the folder of its page, services/<name>/.
    root = content({"proposals/sc001.yaml": PROPOSAL.replace("service: Waste", "service: " + "9" * 256)})
    _refused(
        root,
        tmp_path / "site",
        "proposals/sc001.yaml:3: error: 'service' is 256 characters long: a name of a service or "
        "directorate is at most 150; shorten it [SC001] (invalid-value)\n",
    )


def test_d14_a_ref_with_a_kharoshthi_digit_is_sorted_and_built(content, tmp_path):
    """U+10A40 is a digit to str.isdigit but not to int(): the sort of refs took it for a number."""
    ref = "SC1\U00010a40"
    root = content(
        {
            "proposals/sc002.yaml": PROPOSAL.replace("ref: SC001", f"ref: {ref}"),
            "committees/budget.yaml": COMMITTEE.replace("[SC001]", f"[SC001, {ref}]"),
        }
    )
    checked = _check(root)
    assert (checked.returncode, checked.stdout.decode()) == (
        0,
        "2 proposals checked: 0 errors, 0 warnings.\n",
    )
    out = tmp_path / "site"
    assert _build(root, out).returncode == 0
    assert ref in (out / "proposals/sc002/index.html").read_text(encoding="utf-8")


def test_d15_a_3000_character_glossary_term_is_refused_with_file_and_line(content, tmp_path):
    term = "a" * 3000
    root = content({"glossary.yaml": f"- term: {term}\n  definition: Too long.\n"})
    _refused(
        root,
        tmp_path / "site",
        f"glossary.yaml:1: error: '{term[:40]}…' is 3,000 characters long: a term or alias is a word or "
        "a phrase of at most 100; put the rest in 'definition' (invalid-value)\n",
    )


def test_d15_a_term_however_long_is_marked_without_recursion():
    term = "budget " * 1000 + "gap"
    marker = Marker(Glossary([Term(term, "Money short.")]))
    page = f"<main><p>The {term}.</p></main>"
    marked = marker.mark(page, lambda used: f"<ul>{len(used)}</ul>")
    slug = "budget-" * 1000 + "gap"
    assert marked == (
        f'<main><p>The <a class="term" id="used-{slug}" href="#word-{slug}" '
        f'title="Money short.">{term}</a>.</p><ul>1</ul></main>'
    )


def test_d19_escape_sequences_from_content_are_shown_on_the_terminal_not_obeyed(content, tmp_path):
    hostile = "\x1b[2K\x1b[1A\rfake: 0 errors\x07\x9b31m\u202e"
    root = content(
        {"proposals/sc001.yaml": PROPOSAL + '"\\e[2K\\e[1A\\rfake: 0 errors\\a\\x9b31m\\u202E": x\n'}
    )
    shown = "\\u001b[2K\\u001b[1A\\u000dfake: 0 errors\\u0007\\u009b31m\\u202e"
    problem = (
        f"proposals/sc001.yaml:12: error: unknown field '{shown}' in a proposal: the fields of a "
        "proposal are: ref, title, service, directorate, committees, status, start_year, owner, "
        "project_code, unit, baseline, budget_change, savings, profile_basis, profile_note, total, "
        "full_year, fte, fte_total, fte_note, investment, investment_total, investment_note, "
        "description, decisions, impact, actions, consultation, risks, equality, reported, sections, "
        "tables, notes, facts, other_refs, items, percentages [SC001] (unknown-field)\n"
    )
    _refused(root, tmp_path / "site", problem)
    as_json = _run("check", "--content", str(root), "--format", "json")
    assert as_json.returncode == 2 and not any(byte in as_json.stdout for byte in (0x1B, 0x0D, 0x07))
    assert json.loads(as_json.stdout)["message"].startswith(f"unknown field '{hostile}' in a proposal")


def test_a_control_character_in_a_report_is_refused_on_its_own_line(content, tmp_path):
    root = content({"reports/strategy.md": "---\ntitle: Strategy\n---\nFirst line.\n\nThe \x1b[8m hidden.\n"})
    _refused(
        root,
        tmp_path / "site",
        "reports/strategy.md:6: error: 'the report's text' holds a character "
        f"that is not text, U+001B (escape): {ADVICE} (control-character)\n",
    )
