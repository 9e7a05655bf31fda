"""Scrutiny recommendations and the responses to them (content format 1.2): due dates, the
overdue and late states against the date the site speaks for, the errors a clerk is told
of, and every place a resident meets them (tracker, meeting and proposal pages, CSV, data
package, calendars, feed). Every date and count below is worked out by hand."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import subprocess
import sys
import xml.etree.ElementTree as ET

import icalendar
import pytest

from scrutinypack.build.builder import build
from scrutinypack.build.reading import read_site
from scrutinypack.cli import main
from scrutinypack.problems import ContentError
from scrutinypack.recommendations import two_months_after
from scrutinypack.render.html import long_date

from ..support.content import ROOT, SITE, codes
from ..support.sitecheck import digest, page_text, parse

ATOM = "{http://www.w3.org/2005/Atom}"
AS_OF = SITE + "as_of: 2018-11-30\n"
#: Sent 19 January 2018: due 19 March 2018. As of 30 November 2018 a missing response is
#: 12 (March) + 30 + 31 + 30 + 31 + 31 + 30 + 31 + 30 = 256 days overdue; a response of
#: 6 April is 12 + 6 = 18 days late.
RECS = """\
committee: budget
meeting: 2018-01-15
to: Cabinet
sent: 2018-01-19
recommendations:
  - number: "1"
    text: Publish the **waste** estimate.
    proposals: [SC001]
    response:
      date: 2018-03-12
      decision: accepted
      text: Agreed to publish it.
    updates:
      - date: 2018-06-29
        status: in progress
        text: Half done.
      - date: 2018-10-31
        status: implemented
        text: Published.
  - number: "2"
    text: Test the advertising income.
    response:
      date: 2018-04-06
      decision: partly accepted
  - number: "3"
    text: Report on flooding complaints.
    proposals: [SC001]
"""


def site_with(content, recs: str = RECS, site: str = AS_OF):
    return content({"site.yaml": site, "recommendations/budget-2018.yaml": recs})


def rows(path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


# -- the due date ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sent,due",
    [
        (dt.date(2018, 1, 19), dt.date(2018, 3, 19)),
        (dt.date(2018, 12, 31), dt.date(2019, 2, 28)),  # February is shorter: its last day
        (dt.date(2019, 12, 31), dt.date(2020, 2, 29)),  # ... in a leap year, the 29th
        (dt.date(2018, 8, 31), dt.date(2018, 10, 31)),
        (dt.date(2020, 2, 29), dt.date(2020, 4, 29)),
        (dt.date(2018, 12, 30), dt.date(2019, 2, 28)),
        (dt.date(2018, 11, 15), dt.date(2019, 1, 15)),  # into the next year
        (dt.date(2018, 7, 31), dt.date(2018, 9, 30)),
    ],
)
def test_a_response_is_due_two_months_after_sent_or_the_last_day_of_a_shorter_month(sent, due):
    assert two_months_after(sent) == due


def test_the_due_date_from_31_december_is_published_as_the_last_day_of_february(content, tmp_path):
    root = site_with(content, RECS.replace("sent: 2018-01-19", "sent: 2017-12-31"))
    build(root, tmp_path / "site")
    assert {row["due"] for row in rows(tmp_path / "site/data/recommendations.csv")} == {"2018-02-28"}


def test_a_stated_due_date_is_used_instead(content, capsys):
    root = site_with(content, RECS.replace("sent: 2018-01-19\n", "sent: 2018-01-19\ndue: 2018-11-28\n"))
    assert main(["check", "--content", str(root), "--format", "json"]) == 0
    found = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.startswith("{")]
    overdue = [f for f in found if f["code"] == "response-overdue"]
    assert len(overdue) == 1 and "2 days overdue as of 2018-11-30" in overdue[0]["message"]


# -- overdue and late -----------------------------------------------------------------------


def test_an_unanswered_recommendation_past_its_due_date_is_a_warning_counting_the_days(content, capsys):
    root = site_with(content)
    assert main(["check", "--content", str(root), "--format", "json"]) == 0  # a warning
    found = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.startswith("{")]
    overdue = [f for f in found if f["code"] == "response-overdue"]
    assert overdue == [
        {
            "severity": "warning",
            "code": "response-overdue",
            "file": "recommendations/budget-2018.yaml",
            "line": 25,
            "ref": "budget-2018-3",
            "message": overdue[0]["message"],
        }
    ]
    assert (
        "recommendation 3" in overdue[0]["message"]
        and "256 days overdue as of 2018-11-30" in overdue[0]["message"]
    )
    assert main(["check", "--content", str(root), "--strict"]) != 0


def test_nothing_is_overdue_before_the_due_date(content, capsys):
    root = site_with(content, site=SITE + "as_of: 2018-03-19\n")  # the due date itself
    assert main(["check", "--content", str(root), "--format", "json"]) == 0
    assert "response-overdue" not in capsys.readouterr().out


def test_the_tracker_puts_the_overdue_first_and_says_overdue_and_late_in_words(content, tmp_path):
    build(site_with(content), tmp_path / "site")
    page = tmp_path / "site/recommendations/index.html"
    text = page_text(page)
    assert "This tracker speaks for 30 November 2018" in text
    assert "Overdue No response: due 19 March 2018, 256 days overdue on 30 November 2018" in text
    assert "Partly accepted on 6 April 2018: Late 18 days after it was due (19 March 2018)" in text
    assert "Accepted on 12 March 2018" in text and "Implemented" in text
    html = page.read_text(encoding="utf-8")
    order = [html.index(f'id="budget-2018-{n}"') for n in ("3", "1", "2")]
    assert order == sorted(order)  # the overdue one first, then by number
    assert {"budget-2018-1", "budget-2018-2", "budget-2018-3"} <= parse(page).ids
    assert "<strong>waste</strong>" in html  # the text is Markdown


def test_the_tracker_filters_by_committee_decision_and_progress_with_the_cells_words(content, tmp_path):
    two = RECS.replace("committee: budget", "committee: other")
    root = site_with(content)
    (root / "committees/other.yaml").write_text("name: Other Scrutiny\nmeetings:\n  - date: 2018-01-15\n")
    (root / "recommendations/other-2018.yaml").write_text(two)
    build(root, tmp_path / "site")
    html = (tmp_path / "site/recommendations/index.html").read_text(encoding="utf-8")
    assert (
        '<select data-column="1"><option value="">Any committee</option><option>Budget Scrutiny</option>'
        "<option>Other Scrutiny</option></select>" in html
    )
    assert (
        '<select data-column="3"><option value="">Any decision</option><option>Accepted</option>'
        "<option>Partly accepted</option><option>No response</option></select>" in html
    )
    assert (
        '<select data-column="5"><option value="">Any progress</option><option>Implemented</option>'
        "<option>No update yet</option></select>" in html
    )
    assert html.count("<td>No response</td>") == 2 and html.count("<td>Implemented</td>") == 2


def test_without_as_of_the_tracker_says_it_speaks_for_the_day_of_the_build(content, tmp_path):
    before = dt.date.today()
    build(site_with(content, site=SITE), tmp_path / "site")
    after = dt.date.today()
    text = page_text(tmp_path / "site/recommendations/index.html")
    assert any(
        f"This tracker speaks for {long_date(day)} (the day the site was built)" in text
        for day in {before, after}
    )
    days = {(day - dt.date(2018, 3, 19)).days for day in {before, after}}
    assert {row["days_overdue"] for row in rows(tmp_path / "site/data/recommendations.csv")} - {"0"} <= {
        str(d) for d in days
    }


def test_with_as_of_two_builds_give_the_same_bytes(content, tmp_path):
    root = site_with(content)
    build(root, tmp_path / "one")
    build(root, tmp_path / "two")
    assert digest(tmp_path / "one") == digest(tmp_path / "two")


# -- mistakes in the file -------------------------------------------------------------------


@pytest.mark.parametrize(
    "change,code,line",
    [
        (("date: 2018-03-12", "date: 2018-01-18"), "response-before-sent", 10),
        (("date: 2018-06-29", "date: 2018-03-01"), "update-before-response", 14),
        (("decision: accepted", "decision: agreed"), "invalid-value", 11),
        (("status: implemented", "status: done"), "invalid-value", 18),
        (("committee: budget", "committee: budgte"), "unknown-committee", 1),
        (("meeting: 2018-01-15", "meeting: 2018-01-16"), "unknown-meeting", 2),
        (("proposals: [SC001]\n    response", "proposals: [SC999]\n    response"), "unknown-proposal", 8),
        (('number: "2"', 'number: "1"'), "duplicate-number", 20),
    ],
)
def test_a_mistake_in_the_file_is_an_error_with_its_line(content, tmp_path, change, code, line):
    root = site_with(content, RECS.replace(*change))
    found = [p for p in read_site(root).blocking if p.file == "recommendations/budget-2018.yaml"]
    assert [(p.code, p.line) for p in found] == [(code, line)]
    with pytest.raises(ContentError):  # the build stops, and writes nothing
        build(root, tmp_path / "site")
    assert not (tmp_path / "site").exists()


def test_an_unknown_proposal_is_named_with_a_suggestion_and_the_recommendation(content):
    root = site_with(
        content, RECS.replace("proposals: [SC001]\n    response", "proposals: [SC01]\n    response")
    )
    problem = next(p for p in read_site(root).blocking if p.code == "unknown-proposal")
    assert (
        "unknown proposal 'SC01': did you mean 'SC001'?" in problem.message and problem.ref == "budget-2018-1"
    )


def test_a_misspelt_field_is_named(content, capsys):
    root = site_with(content, RECS.replace("to: Cabinet", "too: Cabinet"))
    assert main(["check", "--content", str(root)]) != 0
    out = capsys.readouterr()
    assert "recommendations/budget-2018.yaml:3: error: unknown field 'too'" in out.out + out.err
    assert "Traceback" not in out.out + out.err


# -- where residents meet them --------------------------------------------------------------


def test_the_meeting_and_the_proposal_list_their_recommendations(content, tmp_path):
    build(site_with(content), tmp_path / "site")
    meeting = page_text(tmp_path / "site/committees/budget/2018-01-15/index.html")
    assert "Recommendations agreed at this meeting" in meeting
    assert all(f"Recommendation {n} of Budget Scrutiny" in meeting for n in "123")
    proposal_page = tmp_path / "site/proposals/sc001/index.html"
    proposal = page_text(proposal_page)
    assert "Scrutiny recommendations about this proposal" in proposal
    assert "Recommendation 1 of" in proposal and "Recommendation 3 of" in proposal
    assert "Recommendation 2 of" not in proposal
    assert "../../recommendations/#budget-2018-3" in parse(proposal_page).links
    assert "Recommendations" in page_text(tmp_path / "site/index.html")  # the navigation


def test_a_site_without_recommendations_has_no_tracker_or_link(content, tmp_path):
    build(content(), tmp_path / "site")
    assert not (tmp_path / "site/recommendations").exists()
    assert "recommendations/" not in (tmp_path / "site/index.html").read_text(encoding="utf-8")


def test_the_csv_has_a_row_per_recommendation_and_is_described(content, tmp_path):
    build(site_with(content), tmp_path / "site")
    found = {row["id"]: row for row in rows(tmp_path / "site/data/recommendations.csv")}
    assert list(found) == ["budget-2018-3", "budget-2018-1", "budget-2018-2"]
    assert found["budget-2018-1"] | {"text": ""} == {
        "id": "budget-2018-1",
        "committee": "budget",
        "meeting": "2018-01-15",
        "to": "Cabinet",
        "sent": "2018-01-19",
        "due": "2018-03-19",
        "number": "1",
        "text": "",
        "proposals": "SC001",
        "response_date": "2018-03-12",
        "decision": "accepted",
        "days_late": "0",
        "days_overdue": "0",
        "as_of": "2018-11-30",
        "status": "implemented",
        "status_date": "2018-10-31",
        "page": "recommendations/#budget-2018-1",
    }
    assert (found["budget-2018-2"]["days_late"], found["budget-2018-3"]["days_overdue"]) == ("18", "256")
    package = json.loads((tmp_path / "site/data/datapackage.json").read_text(encoding="utf-8"))
    resource = next(r for r in package["resources"] if r["name"] == "recommendations")
    assert resource["path"] == "recommendations.csv"
    assert [f["name"] for f in resource["schema"]["fields"]] == list(found["budget-2018-1"])
    page = page_text(tmp_path / "site/data/index.html")
    assert "The columns of recommendations.csv" in page and "The columns of proposals.csv" in page
    for field in resource["schema"]["fields"]:  # each explained as the proposals' columns are
        assert f"{field['name']} {field['type']} {field['description']}" in page


def test_the_csv_keeps_a_formula_inert(content, tmp_path):
    build(site_with(content, RECS.replace("to: Cabinet", "to: =HYPERLINK(1)")), tmp_path / "site")
    assert ',"\'=HYPERLINK(1)",' in (tmp_path / "site/data/recommendations.csv").read_text(encoding="utf-8")


def test_the_response_due_date_is_an_event_in_the_committees_calendar(content, tmp_path):
    root = site_with(content)
    build(root, tmp_path / "one")
    (root / "site.yaml").write_text(AS_OF + "base_url: https://example.org/s/\n")
    build(root, tmp_path / "two")
    uids = []
    for out in ("one", "two"):
        for path in (f"{out}/committees/budget/meetings.ics", f"{out}/meetings.ics"):
            cal = icalendar.Calendar.from_ical((tmp_path / path).read_bytes())
            due = [e for e in cal.walk("VEVENT") if str(e["summary"]).startswith("Response due")]
            assert len(due) == 1
            assert due[0].decoded("dtstart") == dt.date(2018, 3, 19)
            assert due[0].decoded("dtstamp") == dt.datetime(2018, 1, 19, tzinfo=dt.timezone.utc)
            assert str(due[0]["summary"]) == "Response due from Cabinet: Budget Scrutiny's recommendations"
            uids.append(str(due[0]["uid"]))
    assert len(set(uids)) == 1  # the same event wherever the site is and whichever calendar


def test_the_feed_has_an_entry_when_a_response_or_update_arrives(content, tmp_path):
    build(site_with(content), tmp_path / "site")
    feed = ET.parse(tmp_path / "site/feed.xml").getroot()
    ours = [
        (e.find(f"{ATOM}updated").text, e.find(f"{ATOM}title").text)
        for e in feed.iter(f"{ATOM}entry")
        if e.find(f"{ATOM}link").get("href").startswith("recommendations/")
    ]
    assert ours == [
        ("2018-10-31T00:00:00Z", "Recommendation 1 of Budget Scrutiny (15 January 2018): implemented"),
        ("2018-06-29T00:00:00Z", "Recommendation 1 of Budget Scrutiny (15 January 2018): in progress"),
        (
            "2018-04-06T00:00:00Z",
            "Recommendation 2 of Budget Scrutiny (15 January 2018): partly accepted by Cabinet, 18 days late",
        ),
        (
            "2018-03-12T00:00:00Z",
            "Recommendation 1 of Budget Scrutiny (15 January 2018): accepted by Cabinet",
        ),
    ]
    assert feed.find(f"{ATOM}updated").text >= "2018-10-31T00:00:00Z"


def test_the_search_index_takes_the_tracker(content, tmp_path):
    build(site_with(content), tmp_path / "site")
    assert "data-pagefind-body" in (tmp_path / "site/recommendations/index.html").read_text(encoding="utf-8")


def test_the_starter_builds_as_written(content, tmp_path, capsys):
    root = content()
    assert main(["new", "recommendations", "--content", str(root), "--committee", "budget"]) == 0
    assert (root / "recommendations/budget-2018-01-15.yaml").is_file()
    assert read_site(root).blocking == []
    build(root, tmp_path / "site")
    assert "Write the recommendation as agreed" in page_text(tmp_path / "site/recommendations/index.html")
    assert (
        main(
            [
                "new",
                "recommendations",
                "--content",
                str(root),
                "--committee",
                "budget",
                "--date",
                "2019-01-01",
            ]
        )
        == 2
    )
    assert "budget has no meeting on 2019-01-01" in capsys.readouterr().err


def test_as_of_that_is_not_a_date_is_an_error(content):
    root = content({"site.yaml": SITE + "as_of: 30/11/2018\n"})
    assert [(p.code, p.line) for p in read_site(root).blocking] == [("invalid-date", 6)]


# -- the bundled site -------------------------------------------------------------------------


def test_the_bundled_recommendations_show_an_overdue_a_late_and_a_progressing_one(tmp_path):
    result = read_site(ROOT / "content")
    assert result.blocking == [] and result.site.as_of == dt.date(2018, 11, 30)
    recs = [r for g in result.site.recommendations for r in g.recommendations]
    assert [r.overdue_days(result.site.as_of) for r in recs if not r.response] == [256]
    assert [r.late_days for r in recs if r.late_days] == [18]
    assert any(len(r.updates) > 1 for r in recs)
    assert "illustrative" in result.site.recommendations[0].note
    assert codes(f for f in result.site.findings if f.file.startswith("recommendations/")) == [
        "response-overdue"
    ]


@pytest.mark.slow
def test_a_file_of_many_recommendations_each_with_mistakes_is_read_in_bounded_time(content):
    """Each problem is given its recommendation's ref as it is found: no search over the file
    per problem. The timeout only trips on a real hang."""
    many = (
        RECS.split("recommendations:\n")[0]
        + "recommendations:\n"
        + "".join(
            f'  - number: "{n}"\n    text: x\n    response: {{date: 2018-01-01, decision: agreed}}\n'
            for n in range(10_000)
        )
    )
    root = site_with(content, many)
    script = (
        "import sys; from scrutinypack.build.reading import read_site; "
        "found = read_site(sys.argv[1]).blocking; "
        "print(len(found), found[-1].ref, found[-1].code)"
    )
    run = subprocess.run(
        [sys.executable, "-c", script, str(root)], capture_output=True, text=True, timeout=60
    )
    assert run.stdout.split() == ["20000", "budget-2018-9999", "response-before-sent"]
