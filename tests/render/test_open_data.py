"""Data users get described data: a Frictionless Data Package for proposals.csv that
`frictionless validate` accepts, with the types, unit, sign convention, licence and source;
each proposal's page links to its own row, and site/data/ explains the files."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from decimal import Decimal

import pytest

from scrutinypack.build.builder import build
from scrutinypack.format.proposal import STATUS

from ..support.content import COMMITTEE, PROPOSAL, SITE
from ..support.sitecheck import page_text, parse

pytest.importorskip("frictionless", reason="frictionless is a test dependency: pip install -e '.[test]'")

COST = (
    PROPOSAL.replace("ref: SC001", "ref: SC002")
    .replace("title: Reduce waste", "title: '=Extra staff'")
    .replace("2019/20: -0.250", "2019/20: 0.125")
    .replace("total: -0.250", "total: 0.125")
    .replace("start_year: 2019/20", "start_year: 2019/20\nunit: k")
    + "full_year: '£125,000'\n"
)


def frictionless(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "frictionless", *args], capture_output=True, text=True, timeout=300
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A site with a saving, a cost in another unit, a title a spreadsheet would run, a licence
    and an address."""
    from ..support.content import write_content

    root = tmp_path_factory.mktemp("open-data")
    content = write_content(
        root / "content",
        {
            "site.yaml": SITE
            + "licence: Open Government Licence v3.0\nbase_url: https://example.org/scrutiny/\n",
            "proposals/sc001.yaml": PROPOSAL,
            "proposals/sc002.yaml": COST,
            "committees/budget.yaml": COMMITTEE,
        },
    )
    build(content, root / "site")
    return root / "site"


@pytest.mark.slow
def test_frictionless_validates_the_data_package(site, tmp_path):
    run = frictionless("validate", "--json", str(site / "data/datapackage.json"))
    report = json.loads(run.stdout)
    assert run.returncode == 0 and report["valid"], run.stdout[-2000:]
    assert [task["place"] for task in report["tasks"]] == ["proposals.csv"]
    assert report["tasks"][0]["stats"]["rows"] == 2
    broken = tmp_path / "data"  # the validator is really reading the figures: a word is refused
    shutil.copytree(site / "data", broken)
    text = (broken / "proposals.csv").read_text(encoding="utf-8")
    (broken / "proposals.csv").write_text(text.replace(",250000,0,", ",a quarter,0,", 1), encoding="utf-8")
    failed = json.loads(frictionless("validate", "--json", str(broken / "datapackage.json")).stdout)
    assert not failed["valid"]
    assert {e["type"] for e in failed["tasks"][0]["errors"]} == {"type-error"}


def test_the_package_says_what_the_figures_mean_and_whose_they_are(site):
    package = json.loads((site / "data/datapackage.json").read_text(encoding="utf-8"))
    assert package["licenses"] == [
        {
            "name": "OGL-UK-3.0",
            "title": "Open Government Licence v3.0",
            "path": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
        }
    ]
    assert package["sources"] == [
        {"title": "Test Council: Savings proposals", "path": "https://example.org/scrutiny/"}
    ]
    assert "a saving is positive, a cost (a budget increase) negative" in package["description"]
    fields = {f["name"]: f for f in package["resources"][0]["schema"]["fields"]}
    assert [name for name in fields if name.startswith("saving_")] == ["saving_2019/20", "saving_2020/21"]
    assert fields["saving_2019/20"]["type"] == fields["total_saving"]["type"] == "number"
    assert "in pounds (GBP); a saving is positive" in fields["total_saving"]["description"]
    assert fields["findings"]["type"] == "integer" and fields["ref"]["constraints"]["unique"]
    header = next(csv.reader(io.StringIO((site / "data/proposals.csv").read_text(encoding="utf-8"))))
    assert list(fields) == header


def test_the_package_allows_each_status_the_content_format_declares_and_no_other(site):
    package = json.loads((site / "data/datapackage.json").read_text(encoding="utf-8"))
    status = next(f for f in package["resources"][0]["schema"]["fields"] if f["name"] == "status")
    assert (
        status["constraints"]["enum"]
        == list(STATUS.options)
        == [
            "proposed",
            "consultation",
            "approved",
            "rejected",
            "withdrawn",
            "delivered",
        ]
    )


def test_figures_read_back_exactly_and_a_cost_stays_a_number(site):
    from frictionless import Package

    rows = {
        row["ref"]: row
        for row in Package(str(site / "data/datapackage.json")).get_resource("proposals").read_rows()
    }
    assert rows["SC001"]["saving_2019/20"] == Decimal("250000")  # £0.250m saved: positive, in pounds
    assert rows["SC002"]["saving_2019/20"] == Decimal("-125")  # a cost of 0.125 in £000: negative
    assert rows["SC002"]["full_year_saving"] == Decimal("-125000")
    assert rows["SC002"]["title"] == "'=Extra staff"  # text a spreadsheet would run is kept inert
    record = json.loads((site / "data/proposals/sc002.json").read_text(encoding="utf-8"))
    assert record["proposal"]["title"] == "=Extra staff"  # the JSON has it as written
    assert record["data_package"] == "https://example.org/scrutiny/data/datapackage.json"


def test_each_proposal_page_links_to_its_own_row(site):
    everything = json.loads((site / "data/proposals.json").read_text(encoding="utf-8"))["proposals"]
    for row in everything:
        slug = row["ref"].lower()
        assert "../../data/proposals/" + slug + ".json" in parse(site / f"proposals/{slug}/index.html").links
        assert (
            json.loads((site / f"data/proposals/{slug}.json").read_text(encoding="utf-8"))["proposal"] == row
        )


def test_the_data_page_explains_every_file_and_column(site):
    page = parse(site / "data/index.html")
    for target in (
        "proposals.csv",
        "proposals.json",
        "datapackage.json",
        "../meetings.ics",
        "../committees/budget/meetings.ics",
        "../feed.xml",
    ):
        assert target in page.links, target
    text = page_text(site / "data/index.html")
    package = json.loads((site / "data/datapackage.json").read_text(encoding="utf-8"))
    for field in package["resources"][0]["schema"]["fields"]:
        assert f"{field['name']} {field['type']} {field['description']}" in text
    assert "A saving is a positive figure" in text and "Open Government Licence v3.0" in text
    assert "data/" in [link.rsplit("../", 1)[-1] for link in parse(site / "index.html").links]
