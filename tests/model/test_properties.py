"""Properties over many generated cases (hypothesis), with modest example counts.

- Money: every printed form reads back exactly (value, decimal places, unit), and a figure
  printed in the site's own style is shown back exactly as printed.
- Checks: a record whose figures agree gives no finding; one figure moved by more than one
  unit of its last decimal place gives exactly the finding for that figure, and by one unit
  or less, none.
- Loading: any bytes at all, and any YAML values in any field, give problems, never a traceback.
- Brand: any colour is taken only where it reads (4.5:1), and the shade offered instead does.
"""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from scrutinypack import colour
from scrutinypack.build.builder import rendered
from scrutinypack.build.reading import read_site
from scrutinypack.checks import run_checks
from scrutinypack.content import validate
from scrutinypack.content.yamldoc import read_yaml
from scrutinypack.model import SiteConfig, build_site
from scrutinypack.money import SCALE, format_amount, parse_amount
from scrutinypack.plan import plan_site

from ..support.content import COMMITTEE, SITE

FEW = settings(max_examples=60, deadline=None, database=None)  # nothing written into the tree
SOME = settings(max_examples=150, deadline=None, database=None)

MINUSES = ("-", "\u2212", "\u2013")  # hyphen, minus sign, en dash: all printed for minus
MARKS = ("", "*", "**", "†", "‡")
UNITS = ("pounds", "k", "m")
SUFFIX = {"pounds": "", "k": "k", "m": "m"}


def grouped(digits: str) -> str:
    """1224000 → 1,224,000 (written out here, not with the formatter being tested)."""
    head = len(digits) % 3 or 3
    return ",".join([digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)])


@st.composite
def printed(draw, house_style: bool = False):
    """An amount as a paper might print it, with what it must read as.

    Returns (text, context unit, value, places, unit, brackets, mark, as shown by the site).
    """
    whole = draw(st.integers(0, 10 ** draw(st.integers(1, 9)) - 1))
    places = draw(st.integers(0, 4))
    frac = "".join(draw(st.sampled_from("0123456789")) for _ in range(places))
    negative = draw(st.booleans())
    brackets = negative and draw(st.booleans())
    context = draw(st.sampled_from(UNITS))
    pound = house_style or draw(st.booleans())
    suffixed = house_style or draw(st.booleans())
    unit = (
        draw(st.sampled_from(UNITS if pound else ("k", "m")))
        if suffixed
        else ("pounds" if pound else context)
    )
    commas = house_style or draw(st.booleans())
    mark = draw(st.sampled_from(MARKS))
    minus = "\u2212" if house_style else draw(st.sampled_from(MINUSES))
    digits = grouped(str(whole)) if commas else str(whole)
    number = digits + ("." + frac if places else "")
    body = ("£" if pound else "") + number + SUFFIX[unit] if suffixed or pound else number
    if negative and not brackets:
        body = minus + body if house_style or not pound or draw(st.booleans()) else "£" + minus + body[1:]
    text = f"({body}){mark}" if brackets else body + mark
    value = Decimal(("-" if negative else "") + str(whole) + ("." + frac if places else ""))
    shown = "£" + grouped(str(whole)) + ("." + frac if places else "") + SUFFIX[unit]
    if negative:
        shown = f"({shown})" if brackets else "\u2212" + shown
    return text, context, value, places, unit, brackets, mark, shown + mark


@SOME
@given(printed())
def test_every_printed_amount_reads_back_exactly(case):
    text, context, value, places, unit, brackets, mark, _ = case
    amount = parse_amount(text, context)
    assert (amount.value, amount.places, amount.unit, amount.brackets, amount.mark) == (
        value,
        places,
        unit,
        brackets,
        mark,
    )
    assert amount.value.as_tuple().exponent == -places  # no float ever came near it
    assert amount.pounds() == value * SCALE[unit]
    assert amount.tolerance() == Decimal(1).scaleb(-places) * SCALE[unit]


@SOME
@given(printed(house_style=True))
def test_a_figure_in_the_sites_style_is_shown_as_printed(case):
    text, context, *_, shown = case
    assert format_amount(parse_amount(text, context)) == shown == text


@FEW
@given(printed())
def test_what_the_site_shows_reads_back_as_the_same_figure(case):
    text, context, value, places, unit, brackets, mark, _ = case
    again = parse_amount(format_amount(parse_amount(text, context)), "pounds")
    assert (again.value, again.places, again.unit, again.brackets, again.mark) == (
        value,
        places,
        unit,
        brackets,
        mark,
    )


# -- the checks ------------------------------------------------------------------------------

YEARS = ["2019/20", "2020/21", "2021/22", "2022/23"]


@st.composite
def consistent(draw):
    """A proposal whose printed figures all agree, written with ``places`` decimals."""
    places = draw(st.integers(0, 3))
    unit = draw(st.sampled_from(UNITS))
    step = Decimal(1).scaleb(-places)
    units = st.integers(3 * 10**places // 10 + 1, 5 * 10**places)  # 0.3 to 5 of the unit
    years = YEARS[: draw(st.integers(1, 4))]
    change = {year: -draw(units) * step for year in years}  # savings: negative
    fte = {year: draw(st.integers(-50, 50)) * Decimal("0.01") for year in years}
    invest = {year: draw(st.integers(0, 500)) * step for year in years}
    saving = -sum(change.values())
    net = saving + draw(st.integers(0, 10 ** (places + 2))) * step  # the saving fits the budget
    income = draw(st.integers(0, 10 ** (places + 2))) * step
    figures = {
        "change": change,
        "total": sum(change.values()),
        "fte": fte,
        "fte_total": sum(fte.values()),
        "investment": invest,
        "investment_total": sum(invest.values()),
        "gross": net + income,
        "income": income,
        "net": net,
    }
    return figures, places, unit


def proposal_yaml(figures: dict, places: int, unit: str) -> str:
    def f(value: Decimal, dp: int = places) -> str:
        return f'"{value:.{dp}f}"'

    def profile(years: dict, dp: int = places) -> str:
        return "{" + ", ".join(f"{year}: {f(v, dp)}" for year, v in years.items()) + "}"

    return (
        f"ref: SC001\ntitle: Generated\nunit: {unit}\nstart_year: {next(iter(figures['change']))}\n"
        f"baseline: {{year: 2018/19, gross: {f(figures['gross'])}, income: {f(figures['income'])}, "
        f"net: {f(figures['net'])}}}\n"
        f"budget_change: {profile(figures['change'])}\ntotal: {f(figures['total'])}\n"
        f"fte: {profile(figures['fte'], 2)}\nfte_total: {f(figures['fte_total'], 2)}\n"
        f"investment: {profile(figures['investment'])}\n"
        f"investment_total: {f(figures['investment_total'])}\n"
    )


def findings(text: str) -> list[str]:
    data, problems = read_yaml(text, "proposals/sc001.yaml")
    proposal, more = validate.proposal_record(data, "proposals/sc001.yaml", "sc001", "m")
    assert problems + more == []
    site, joined = build_site(SiteConfig("site.yaml", 1, years=YEARS), [proposal], [], [])
    assert joined == []
    return [f.code for f in run_checks(site).findings]


@FEW
@given(consistent())
def test_a_record_that_adds_up_has_no_finding(case):
    assert findings(proposal_yaml(*case)) == []


MOVABLE = {
    "total": "profile-total",
    "net": "net-mismatch",
    "fte_total": "fte-total",
    "investment_total": "investment-total",
    "gross": "net-mismatch",
}


@FEW
@given(consistent(), st.sampled_from(sorted(MOVABLE)), st.integers(2, 40), st.sampled_from((-1, 1)))
def test_a_figure_moved_beyond_the_tolerance_gives_exactly_its_finding(case, figure, units, sign):
    figures, places, unit = case
    step = Decimal(1).scaleb(-(2 if figure == "fte_total" else places))
    figures[figure] += sign * units * step
    assume(figures["total"] < 0 <= figures["gross"] - figures["income"])  # still a saving
    assume(figures["net"] >= -figures["total"])  # no larger than the budget
    assert findings(proposal_yaml(figures, places, unit)) == [MOVABLE[figure]]


@FEW
@given(consistent(), st.sampled_from(sorted(MOVABLE)), st.sampled_from((-1, 0, 1)))
def test_a_figure_within_one_unit_of_its_last_place_gives_no_finding(case, figure, units):
    figures, places, unit = case
    step = Decimal(1).scaleb(-(2 if figure == "fte_total" else places))
    figures[figure] += units * step
    assume(figures["total"] < 0 and figures["net"] >= -figures["total"])
    assert findings(proposal_yaml(figures, places, unit)) == []


# -- the loader --------------------------------------------------------------------------------


def read_with(files: dict[str, bytes]):
    """The whole pipeline over a content folder holding ``files``, and its pages rendered."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for rel, data in {
            "site.yaml": SITE.encode(),
            "committees/budget.yaml": COMMITTEE.encode(),
            **files,
        }.items():
            (root / rel).parent.mkdir(parents=True, exist_ok=True)
            (root / rel).write_bytes(data)
        result = read_site(root)
        if not result.blocking:
            outputs = plan_site(result.site)
            list(rendered(result, outputs, outputs))
        return result


# Text made of YAML's own punctuation and words, to reach deeper into the parser than random bytes.
YAMLISH = st.lists(
    st.sampled_from(
        list(":- []{}&*!|>'\"#\n\t\r0123456789abcref.,£%/()<>?~@`\\")
        + [
            "ref: ",
            "title: ",
            "budget_change:\n  ",
            "2019/20: ",
            "total: ",
            "&a ",
            "*a",
            "<<: ",
            "\ufeff",
            "\x00",
            "\u2028",
            "\U0001f600",
            "\n  - ",
            "---\n",
            "!!python/object ",
            "? ",
        ]
    ),
    max_size=80,
).map("".join)


@SOME
@given(st.one_of(st.binary(max_size=400), YAMLISH.map(str.encode)))
def test_any_bytes_as_a_proposal_give_problems_never_a_traceback(data):
    result = read_with({"proposals/sc001.yaml": data})
    for problem in result.problems:
        assert problem.file and problem.message and problem.line >= 0


FIELDS = sorted(validate.PROPOSAL_FIELDS)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.sampled_from(
        [
            "0.250",
            "-1",
            "£8m",
            "(0.5)",
            "N/A",
            "TBC",
            "2019/20",
            "2019-20",
            "2018-01-15",
            "",
            "rows",
            "nothing",
            "this",
            "9.9%",
            "x" * 50,
        ]
    ),
    st.text(max_size=20),
)
KEYS = st.sampled_from(
    FIELDS
    + [
        "year",
        "gross",
        "income",
        "net",
        "label",
        "amount",
        "years",
        "caption",
        "columns",
        "rows",
        "row",
        "sums",
        "span",
        "heading",
        "body",
        "level",
        "risk",
        "mitigation",
        "required",
        "note",
        "part",
        "whole",
        "stated",
        "2019/20",
        "2020/21",
        "number",
    ]
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(KEYS, inner, max_size=4)),
    max_leaves=12,
)


@pytest.mark.slow
@settings(FEW, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(FIELDS), VALUES, min_size=1, max_size=8))
def test_any_values_in_any_fields_give_problems_never_a_traceback(fields):
    text = yaml.safe_dump({"ref": "SC001", "title": "Generated", **fields}, allow_unicode=True)
    result = read_with({"proposals/sc001.yaml": text.encode("utf-8")})
    assert all(problem.file and problem.message for problem in result.problems)


BRAND_KEYS = st.sampled_from(validate.BRAND_FIELDS + ("label", "url"))
STATEMENT_KEYS = st.sampled_from(validate.ACCESSIBILITY_FIELDS)
SITE_VALUES = st.recursive(
    SCALARS
    | st.sampled_from(
        ["#ffdd00", "#0b5d73", "assets/x.svg", "mailto:a@b.c", "https://example.org/", "/glossary/", "fully"]
    ),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(BRAND_KEYS, inner, max_size=3)),
    max_leaves=10,
)


@settings(FEW, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.dictionaries(BRAND_KEYS, SITE_VALUES, max_size=5),
    st.dictionaries(STATEMENT_KEYS, SITE_VALUES, max_size=6),
)
def test_any_brand_or_statement_gives_problems_never_a_traceback(brand, statement):
    site = yaml.safe_load(SITE) | {"brand": brand, "accessibility": statement}
    result = read_with({"site.yaml": yaml.safe_dump(site, allow_unicode=True).encode("utf-8")})
    assert all(problem.file and problem.message for problem in result.problems)


@pytest.mark.slow
@settings(FEW)
@given(st.integers(0, 0xFFFFFF))
def test_a_colour_is_taken_only_where_it_reads_and_the_shade_offered_does(value):
    shade = f"#{value:06x}"
    light = [bg for _, bg in colour.LIGHT_USES]
    short = colour.light_shortfall(shade)
    if short is None:
        assert min(colour.contrast(shade, bg) for bg in light) >= 4.5
        assert min(colour.contrast(colour.dark_link(shade), bg) for bg in colour.DARK_BACKGROUNDS) >= 4.5
    else:
        assert short.ratio < 4.5 and min(colour.contrast(short.nearest, bg) for bg in light) >= 4.5
