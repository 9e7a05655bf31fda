"""Savings delivery reports (content format 1.2): read, checked with hand-computed figures,
and published: the report's page, each proposal's delivery, the latest position, the CSV."""

from __future__ import annotations

from scrutinypack.build.reading import read_site

from ..support.monitoring import REPORT, SECOND


def site_with(content, report: str = REPORT, **more):
    files = {"proposals/sc002.yaml": SECOND, "monitoring/q2.yaml": report} | more
    result = read_site(content(files))
    blocking = [p for p in result.blocking if p.code != "accessibility-statement"]
    return result, blocking


def found(content, report: str):
    result, blocking = site_with(content, report)
    assert blocking == [], blocking
    assert [r.file for r in result.site.monitoring] == ["monitoring/q2.yaml"]  # read, and checked
    return [f for f in result.site.findings if f.file == "monitoring/q2.yaml"]


def test_report_that_adds_up_has_no_finding(content):
    result, blocking = site_with(content)
    assert blocking == []
    (report,) = result.site.monitoring
    assert [s.ref for s in report.savings] == ["SC001", "SC002"]
    assert str(report.savings[0].figure("delivered").value) == "0.180"
    assert [f for f in result.site.findings if f.file == "monitoring/q2.yaml"] == []


def test_target_that_is_not_delivered_forecast_and_shortfall(content):
    # 0.180 + 0.050 + 0.030 = 0.260, 0.010 more than the target: beyond one unit in the third place
    (f,) = found(
        content,
        REPORT.replace("shortfall: 0.020\n    rag: amber", "shortfall: 0.030\n    rag: amber").replace(
            "shortfall: 0.020\n", "shortfall: 0.030\n"
        ),
    )
    assert (f.code, f.severity, f.line, f.ref) == ("delivery-sum", "error", 9, "SC001")
    assert "£0.260m" in f.message and "a difference of £0.010m" in f.message


def test_sum_within_rounding_is_not_flagged(content):
    # 0.180 + 0.050 + 0.021 = 0.251: one unit in the last place written, as rounding allows
    report = REPORT.replace("shortfall: 0.020\n    rag", "shortfall: 0.021\n    rag").replace(
        "  shortfall: 0.020\n", "  shortfall: 0.021\n"
    )
    assert found(content, report) == []


def test_sum_with_a_tbc_figure_is_not_checked(content):
    report = REPORT.replace("forecast: 0.050", "forecast: TBC")
    result, _ = site_with(content, report)
    mine = [f for f in result.site.findings if f.file == "monitoring/q2.yaml"]
    assert sorted((f.code, f.severity, f.line, f.ref) for f in mine) == [
        ("not-checked", "info", 9, "SC001"),
        ("not-checked", "info", 23, ""),
    ]
    assert "forecast (TBC)" in mine[0].message or "forecast (TBC)" in mine[1].message
    assert not any(f.code == "delivery-sum" for f in mine)


def test_printed_total_that_is_not_its_column(content):
    # delivered 0.180 + 0.040 = 0.220; printed 0.230
    (f,) = found(content, REPORT.replace("  delivered: 0.220", "  delivered: 0.230"))
    assert (f.code, f.severity, f.line) == ("delivery-total", "error", 22)
    assert "£0.230m" in f.message and "£0.220m" in f.message and "£0.010m" in f.message


def test_target_that_differs_from_the_proposal_is_a_warning_saying_by_how_much(content):
    # SC002's proposal saves 0.100 in 2019/20; the report's target is 0.120 (its parts match it)
    report = REPORT.replace(
        "target: 0.100\n    delivered: 0.040", "target: 0.120\n    delivered: 0.060"
    ).replace("  target: 0.350\n  delivered: 0.220", "  target: 0.370\n  delivered: 0.240")
    (f,) = found(content, report)
    assert (f.code, f.severity, f.line, f.ref) == ("target-moved", "warning", 15, "SC002")
    assert "£0.100m" in f.message and "the target is £0.020m more" in f.message


def test_saving_in_budget_change_convention_is_compared_as_a_positive_saving(content):
    assert not [f for f in found(content, REPORT) if f.code == "target-moved"]


def test_ratings_that_contradict_the_figures(content):
    report = REPORT.replace("rag: amber", "rag: green").replace("rag: green\n  SC002", "rag: green\n  SC002")
    report = report.replace("shortfall: 0.000\n    rag: green", "shortfall: 0.000\n    rag: red")
    by_ref = {f.ref: f for f in found(content, report)}
    assert by_ref["SC001"].code == "rating-contradicts" and "shortfall of £0.020m" in by_ref["SC001"].message
    assert by_ref["SC002"].code == "rating-contradicts" and "no shortfall" in by_ref["SC002"].message
    assert by_ref["SC001"].severity == "warning" and by_ref["SC001"].line == 13


def test_blue_with_a_forecast_still_to_come(content):
    report = REPORT.replace("shortfall: 0.000\n    rag: green", "shortfall: 0.000\n    rag: blue")
    (f,) = found(content, report)
    assert (f.code, f.ref) == ("rating-contradicts", "SC002")
    assert "£0.060m is still forecast" in f.message


def test_unknown_ref_stops_the_build_naming_file_and_line(content):
    _, blocking = site_with(content, REPORT.replace("  SC002:", "  SC009:"))
    (p,) = blocking
    assert (p.code, p.file, p.line, p.ref) == ("unknown-proposal", "monitoring/q2.yaml", 14, "SC009")


def test_as_at_outside_the_year_is_an_error(content):
    _, blocking = site_with(content, REPORT.replace("as_at: 2019-09-30", "as_at: 2020-04-01"))
    (p,) = blocking
    assert (p.code, p.line) == ("as-at-outside-year", 2)
    assert "2020-04-01" in p.message and "2019/20" in p.message


def test_meeting_the_committee_does_not_have_is_an_error(content):
    _, blocking = site_with(content, REPORT.replace("meeting: 2018-01-15", "meeting: 2019-11-12"))
    (p,) = blocking
    assert (p.code, p.line) == ("unknown-meeting", 5)


def test_misspelt_field_names_the_nearest(content):
    _, blocking = site_with(content, REPORT.replace("    delivered: 0.180", "    delivred: 0.180"))
    (p,) = blocking
    assert p.code == "unknown-field" and "did you mean 'delivered'" in p.message and p.ref == "SC001"


def test_target_not_stated_leaves_both_of_its_checks_not_checked(content):
    report = REPORT.replace("target: 0.250", "target: TBC")
    mine = [f for f in found(content, report) if f.ref == "SC001"]
    assert [(f.code, f.severity, f.line) for f in mine] == [("not-checked", "info", 9)] * 2
    assert "target (TBC)" in mine[0].message and "the report's target (TBC)" in mine[1].message
