"""The benchmark's smoke test: generated content builds into a correct site.

Correctness only, never speed: a small seeded site is generated, built and checked, and
the site is held to what the generator wrote (every page there, every figure the same,
exactly the planted wrong totals found). Hugo and MkDocs are not needed.
"""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal

import pytest

from bench.generate import YEARS, generate
from bench.mirror import write_hugo, write_mkdocs
from scrutinypack.build.reading import read_site
from scrutinypack.money import format_amount, from_pounds

from ..support.content import ROOT

N = 30
MILLION = Decimal(1_000_000)


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(ROOT / "build.py"), *args], capture_output=True, text=True, check=False, cwd=ROOT
    )


@pytest.fixture(scope="module")
def bench_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("bench")
    made = generate(N, root / "content", seed=7)
    html_only = ["--no-pdf"] if "--no-pdf" in cli("build", "--help").stdout else []
    run = cli("build", "--content", str(root / "content"), "--out", str(root / "site"), *html_only)
    assert run.returncode == 0, run.stderr
    return made, root / "site"


def test_the_same_seed_writes_the_same_bytes(tmp_path):
    first, second = generate(12, tmp_path / "a", seed=3), generate(12, tmp_path / "b", seed=3)
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*") if p.is_file())
    assert all((tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in files)
    assert first.planted == second.planted and first.savings == second.savings
    other = generate(12, tmp_path / "c", seed=4)
    assert other.savings != first.savings


def test_records_grow_in_proportion(tmp_path):
    made = generate(N, tmp_path / "content", seed=7)
    assert len(made.refs) == N
    assert len(made.committees) >= 2 and len(made.meetings) >= 3 * len(made.committees)
    assert len(made.reports) >= 2
    assert len(list((tmp_path / "content" / "proposals").glob("*.yaml"))) == N


def test_every_record_has_its_page(bench_site):
    made, site = bench_site
    for ref in made.refs:
        page = site / "proposals" / made.slugs[ref] / "index.html"
        assert ref in page.read_text(encoding="utf-8")
    for slug in made.committees:
        assert (site / "committees" / slug / "index.html").is_file()
    for meeting in made.meetings:
        assert (site / "committees" / meeting / "index.html").is_file()
    for slug in made.reports:
        assert (site / "reports" / slug / "index.html").is_file()
    services = {made.services[ref] for ref in made.refs}
    rows = json.loads((site / "data" / "proposals.json").read_text(encoding="utf-8"))["proposals"]
    assert {row["service"] for row in rows} == services


def test_open_data_holds_the_generated_figures(bench_site):
    made, site = bench_site
    rows = json.loads((site / "data" / "proposals.json").read_text(encoding="utf-8"))["proposals"]
    assert [row["ref"] for row in rows] == made.refs
    for row in rows:
        for year in YEARS:
            assert Decimal(row[f"saving_{year}"]) == made.savings[row["ref"]][year] * MILLION
        assert Decimal(row["total_saving"]) == made.total_savings[row["ref"]] * MILLION


def test_summary_totals_are_the_sums_of_the_generated_figures(bench_site):
    made, site = bench_site
    result = read_site(made.root)
    tables = 0
    for meeting in result.site.meetings():
        for item in meeting.agenda:
            if item.table is None:
                continue
            tables += 1
            sign = -1 if item.table.convention == "budget_change" else 1
            refs = [p.ref for p in item.proposals]
            for year in YEARS:
                expected = sign * sum(made.savings[ref][year] for ref in refs)
                assert item.table.total[year].amount.value == expected
            expected_total = sign * sum(made.total_savings[ref] for ref in refs)
            assert item.table.total["total"].amount.value == expected_total
            page = site / "committees" / meeting.committee.slug / meeting.slug / "index.html"
            shown = format_amount(from_pounds(expected_total * MILLION, "m", 3), unit_shown=False)
            assert shown in page.read_text(encoding="utf-8")
    assert tables >= len(made.meetings)


def test_check_finds_exactly_the_planted_wrong_totals(bench_site):
    made, _site = bench_site
    run = cli("check", "--content", str(made.root), "--format", "json")
    assert run.returncode == 1, run.stderr
    findings = [json.loads(line) for line in run.stdout.splitlines()]
    assert {f["severity"] for f in findings} == {"error"}
    assert {(f["code"], f["file"], f["ref"]) for f in findings} == made.planted
    assert {"profile-total", "net-mismatch", "table-total", "summary-total"} <= {
        code for code, _, _ in made.planted
    }


def test_the_yardsticks_get_the_same_pages(bench_site, tmp_path):
    made, site = bench_site
    pages = sum(1 for _ in site.rglob("*.html"))
    assert write_mkdocs(made.root, tmp_path / "mkdocs") == pages
    assert write_hugo(made.root, tmp_path / "hugo") == pages
    assert len(list((tmp_path / "mkdocs" / "docs").rglob("*.md"))) == pages
    assert len(list((tmp_path / "hugo" / "content").rglob("*.md"))) == pages
