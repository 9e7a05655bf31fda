"""Savings delivery as residents see it (1.2): the report's page with its findings, each
proposal's delivery over time, the latest position in words, monitoring.csv and its
description, through real builds."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys

import pytest

from scrutinypack.build.builder import build

from ..support.content import ROOT
from ..support.monitoring import REPORT, SECOND

Q1 = (
    REPORT.replace("quarter 2", "quarter 1")
    .replace("2019-09-30", "2019-06-30")
    .replace("delivered: 0.180", "delivered: 0.090")
    .replace("forecast: 0.050", "forecast: 0.140")
    .replace("  delivered: 0.220", "  delivered: 0.130")
    .replace("  forecast: 0.110", "  forecast: 0.200")
)


def words(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def built(content, tmp_path, files: dict) -> object:
    out = tmp_path / "site"
    build(content({"proposals/sc002.yaml": SECOND} | files), out)
    return out


@pytest.mark.pdf
def test_build_command_publishes_a_report_whose_sums_are_wrong_with_its_findings(content, tmp_path):
    wrong = REPORT.replace("  delivered: 0.220", "  delivered: 0.230").replace(
        "shortfall: 0.020\n    rag", "shortfall: 0.030\n    rag"
    )
    folder = content({"proposals/sc002.yaml": SECOND, "monitoring/q2.yaml": wrong})
    out = tmp_path / "site"
    run = subprocess.run(
        [sys.executable, "-m", "scrutinypack", "build", "--content", str(folder), "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    page = words((out / "monitoring" / "q2" / "index.html").read_text(encoding="utf-8"))
    # SC001: 0.180 + 0.050 + 0.030 = 0.260 against 0.250; delivered 0.180 + 0.040 = 0.220 against 0.230
    assert (
        "Does not add up The target of SC001 is printed as £0.250m but delivered + forecast + "
        "shortfall add up to £0.260m, a difference of £0.010m" in page
    )
    assert "The printed total delivered is £0.230m but the delivered column adds up to £0.220m" in page
    assert "Total (calculated by this site) £0.350m £0.220m £0.110m £0.030m" in page


def test_report_page_gives_ratings_in_words_and_marks_computed_totals(content, tmp_path):
    out = built(content, tmp_path, {"monitoring/q2.yaml": REPORT.replace("forecast: 0.060", "forecast: TBC")})
    html = (out / "monitoring" / "q2" / "index.html").read_text(encoding="utf-8")
    assert (
        '<span class="rag rag-amber">Amber</span>' in html
        and '<span class="rag rag-green">Green</span>' in html
    )
    text = words(html)
    assert "Total, as printed £0.350m £0.220m £0.110m £0.020m" in text
    # the forecast column has a TBC: no sum is shown for it, and the page says it was not checked
    assert (
        "Total (calculated by this site) £0.350m £0.220m not added up: a figure is not stated £0.020m" in text
    )
    assert "Not checked The printed total forecast, £0.110m, could not be checked" in text
    assert "Every sum of this report adds up" not in text


def test_proposal_page_shows_every_report_that_mentions_it_oldest_first(content, tmp_path):
    # the later report's file name sorts first: the order is the dates'
    out = built(content, tmp_path, {"monitoring/a-q2.yaml": REPORT, "monitoring/b-q1.yaml": Q1})
    html = (out / "proposals" / "sc001" / "index.html").read_text(encoding="utf-8")
    table = words(html[html.index('id="delivery"') : html.index('id="history"')])
    assert re.search(
        r"quarter 1 30 June 2019 £0\.250m £0\.090m £0\.140m £0\.020m Amber .*"
        r"quarter 2 30 September 2019 £0\.250m £0\.180m £0\.050m £0\.020m Amber",
        table,
    )
    assert (
        "30 June 2019, £0.090m delivered (£0.140m still expected); 30 September 2019, £0.180m "
        "delivered (£0.050m still expected)" in table
    )  # the chart's text alternative
    assert '<svg class="chart"' in html[html.index('id="delivery"') :]


def test_home_and_service_pages_give_the_latest_position_in_words(content, tmp_path):
    out = built(content, tmp_path, {"monitoring/a-q2.yaml": REPORT, "monitoring/b-q1.yaml": Q1})
    home = words((out / "index.html").read_text(encoding="utf-8"))
    # q2: target 0.250 + 0.100; delivered 0.180 + 0.040; forecast 0.050 + 0.060; shortfall 0.020 + 0.000
    assert "£0.220m of £0.350m delivered, £0.110m still expected, £0.020m not expected." in home
    service = words((out / "services" / "waste" / "index.html").read_text(encoding="utf-8"))
    assert "£0.220m of £0.350m delivered, £0.110m still expected, £0.020m not expected." in service


def test_latest_position_with_a_tbc_figure_says_which_saving_lacks_it(content, tmp_path):
    out = built(content, tmp_path, {"monitoring/q2.yaml": REPORT.replace("forecast: 0.060", "forecast: TBC")})
    home = words((out / "index.html").read_text(encoding="utf-8"))
    assert "£0.220m of £0.350m delivered, £0.020m not expected." in home
    assert "No forecast figure is stated for SC002, so the forecast is not added up." in home


def test_monitoring_csv_has_one_row_per_saving_per_report_in_pounds(content, tmp_path):
    out = built(
        content,
        tmp_path,
        {
            "monitoring/a-q2.yaml": REPORT.replace("forecast: 0.060", "forecast: TBC"),
            "monitoring/b-q1.yaml": Q1,
        },
    )
    rows = list(csv.DictReader(io.StringIO((out / "data" / "monitoring.csv").read_text(encoding="utf-8"))))
    assert [
        (
            r["report"],
            r["ref"],
            r["target"],
            r["delivered"],
            r["forecast"],
            r["shortfall"],
            r["not_stated"],
            r["rating"],
        )
        for r in rows
    ] == [
        ("b-q1", "SC001", "250000", "90000", "140000", "20000", "", "Amber"),
        ("b-q1", "SC002", "100000", "40000", "60000", "0", "", "Green"),
        ("a-q2", "SC001", "250000", "180000", "50000", "20000", "", "Amber"),
        ("a-q2", "SC002", "100000", "40000", "", "0", "forecast (TBC)", "Green"),
    ]


def test_monitoring_csv_text_cannot_run_as_a_formula(content, tmp_path):
    out = built(
        content,
        tmp_path,
        {
            "monitoring/q2.yaml": REPORT.replace(
                "title: Savings delivery 2019/20, quarter 2", 'title: "=HYPERLINK(1)"'
            )
        },
    )
    text = (out / "data" / "monitoring.csv").read_text(encoding="utf-8")
    assert '"\'=HYPERLINK(1)"' in text and ',"=HYPERLINK' not in text


def test_data_package_describes_monitoring_csv(content, tmp_path):
    out = built(content, tmp_path, {"monitoring/q2.yaml": REPORT})
    package = json.loads((out / "data" / "datapackage.json").read_text(encoding="utf-8"))
    (resource,) = [r for r in package["resources"] if r["path"] == "monitoring.csv"]
    header = (out / "data" / "monitoring.csv").read_text(encoding="utf-8").splitlines()[0]
    assert [f'"{f["name"]}"' for f in resource["schema"]["fields"]] == header.split(",")
    assert {f["name"]: f["type"] for f in resource["schema"]["fields"]}["delivered"] == "number"


def test_monitoring_csv_and_the_position_come_with_the_first_report(content, tmp_path):
    folder = content({"proposals/sc002.yaml": SECOND})
    build(folder, tmp_path / "site")
    assert not (tmp_path / "site" / "data" / "monitoring.csv").exists()
    assert "Savings delivered so far" not in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    (folder / "monitoring").mkdir()
    (folder / "monitoring" / "q2.yaml").write_text(REPORT, encoding="utf-8")
    build(folder, tmp_path / "site")
    assert (tmp_path / "site" / "data" / "monitoring.csv").exists()
    assert "Savings delivered so far" in (tmp_path / "site" / "index.html").read_text(encoding="utf-8")


def test_two_builds_give_the_same_bytes(content, tmp_path):
    folder = content({"proposals/sc002.yaml": SECOND, "monitoring/q2.yaml": REPORT})
    pages = []
    for name in ("one", "two"):
        build(folder, tmp_path / name)
        pages.append(
            [
                (tmp_path / name / rel).read_bytes()
                for rel in ("monitoring/q2/index.html", "data/monitoring.csv", "proposals/sc001/index.html")
            ]
        )
    assert pages[0] == pages[1]


def test_bundled_site_has_an_illustrative_report_with_its_findings():
    from scrutinypack.build.reading import read_site

    result = read_site(ROOT / "content")
    (report,) = result.site.monitoring
    assert "Illustrative, not Lancashire's" in report.note
    found = {f.code for f in result.site.findings if f.file == report.file}
    assert {"delivery-sum", "not-checked", "rating-contradicts"} <= found
    assert not [p for p in result.blocking if p.file == report.file]


def test_a_total_that_differs_only_by_rounding_is_explained_in_words(content, tmp_path):
    # targets 0.250 + 0.100 = 0.350; printed 0.351: within one unit of the third place
    out = built(
        content, tmp_path, {"monitoring/q2.yaml": REPORT.replace("  target: 0.350", "  target: 0.351")}
    )
    page = words((out / "monitoring" / "q2" / "index.html").read_text(encoding="utf-8"))
    assert (
        "The calculated target total, £0.350m, is not the printed £0.351m: the paper rounds each "
        "figure on its own" in page
    )
    assert "Every sum of this report adds up" in page


def test_search_indexes_the_report_page(content, tmp_path):
    out = built(content, tmp_path, {"monitoring/q2.yaml": REPORT})
    entry = json.loads((out / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    (language,) = entry["languages"].values()
    assert language["page_count"] == 2 + 1 + 1  # two proposals, a meeting, the report
