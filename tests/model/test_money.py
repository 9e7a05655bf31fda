from decimal import Decimal

import pytest

from scrutinypack.money import (
    MoneyError,
    agree,
    format_amount,
    parse_amount,
    parse_percent,
    plain_decimal,
    total_of,
)


@pytest.mark.parametrize(
    "text, unit, value, own_unit, places",
    [
        ("8.064", "m", "8.064", "m", 3),
        ("-0.250", "m", "-0.250", "m", 3),
        ("1,224,000", "pounds", "1224000", "pounds", 0),
        ("£8.064m", "pounds", "8.064", "m", 3),
        ("£250k", "m", "250", "k", 0),
        ("£766,400", "m", "766400", "pounds", 0),
        ("-£0.250m", "k", "-0.250", "m", 3),
        ("£-0.25m", "k", "-0.25", "m", 2),
        ("(0.250)", "m", "-0.250", "m", 3),
        ("−1.5", "m", "-1.5", "m", 1),
        ("£2M", "pounds", "2", "m", 0),
    ],
)
def test_every_printed_form_is_read_exactly(text, unit, value, own_unit, places):
    amount = parse_amount(text, unit)
    assert amount.value == Decimal(value)
    assert str(amount.value) == value  # exact digits, never through a float
    assert (amount.unit, amount.places, amount.text) == (own_unit, places, text)


@pytest.mark.parametrize("word", ["N/A", "n/a", "TBC", "NA"])
def test_words_in_place_of_figures_are_kept_never_zero(word):
    amount = parse_amount(word, "m")
    assert amount.value is None and not amount.is_figure
    assert format_amount(amount) == word
    assert total_of([parse_amount("1.000", "m"), amount], "m") is None


@pytest.mark.parametrize("word", ["nil", "Nil", "-", "–", "—"])
def test_nil_and_a_lone_dash_are_zero_in_sums_and_shown_as_printed(word):
    amount = parse_amount(word, "pounds")
    assert amount.is_figure and amount.value == 0
    assert format_amount(amount) == word and format_amount(amount, unit_shown=False) == word
    total = total_of(
        [parse_amount("(24,007)", "pounds"), amount, parse_amount("(48,015)", "pounds")], "pounds"
    )
    assert total.value == Decimal("-72022")
    assert amount.tolerance() == 0  # a dash has no decimal places to round: it is exact


def test_nil_does_not_set_the_decimal_places_of_a_sum():
    total = total_of([parse_amount("0.250", "m"), parse_amount("-", "m")], "m")
    assert format_amount(total) == "£0.250m"


def test_sums_of_bracketed_figures_are_shown_in_brackets_and_others_with_a_minus():
    bracketed = total_of(
        [parse_amount("(24,007)", "pounds"), parse_amount("(0)", "pounds"), parse_amount("-", "pounds")],
        "pounds",
    )
    assert format_amount(bracketed) == "(£24,007)"
    signed = total_of([parse_amount("-0.250", "m"), parse_amount("-0.500", "m")], "m")
    assert format_amount(signed) == "\u2212£0.750m"


def test_footnote_marks_are_kept():
    amount = parse_amount("0.000*", "m")
    assert amount.value == 0 and amount.mark == "*"
    assert format_amount(amount, unit_shown=False) == "0.000*"


def test_null_is_not_stated():
    amount = parse_amount(None, "m")
    assert amount.value is None and format_amount(amount) == "not stated"
    assert format_amount(parse_amount("TBC", "m")) == "TBC"  # a printed word is shown as printed


@pytest.mark.parametrize("text", ["abc", "1,22", "£", "--1", "1.2.3", "12 apples"])
def test_text_that_is_not_an_amount_is_refused_with_examples(text):
    with pytest.raises(MoneyError, match="write it as printed"):
        parse_amount(text, "m")


def test_tolerance_is_one_unit_in_the_last_place_written():
    assert parse_amount("0.250", "m").tolerance() == Decimal("1000")  # £0.001m
    assert parse_amount("2,991", "k").tolerance() == Decimal("1000")  # £1k
    assert parse_amount("766400", "pounds").tolerance() == Decimal("1")


def test_agree_within_rounding_and_not_beyond():
    assert agree(Decimal("1.000"), Decimal("1.001"), Decimal("0.001"))
    assert not agree(Decimal("1.000"), Decimal("1.002"), Decimal("0.001"))


def test_sums_across_units_are_exact():
    total = total_of([parse_amount("-0.250", "m"), parse_amount("£250k", "m")], "m")
    assert total.value == 0 and total.unit == "m"
    total = total_of([parse_amount("0.1", "m")] * 3, "m")
    assert total.value == Decimal("0.3")  # a float would give 0.30000000000000004


def test_formatting_keeps_decimals_sign_and_brackets():
    assert format_amount(parse_amount("-0.250", "m")) == "\u2212£0.250m"
    assert format_amount(parse_amount("(0.250)", "m")) == "(£0.250m)"
    assert format_amount(parse_amount("1224000", "pounds")) == "£1,224,000"
    assert format_amount(parse_amount("17,901", "k"), unit_shown=False) == "17,901"


def test_open_data_decimals_are_in_pounds_and_exact():
    assert plain_decimal(parse_amount("-0.250", "m")) == "-250000"
    assert plain_decimal(parse_amount("£0.0405m", "m")) == "40500"
    assert plain_decimal(parse_amount("TBC", "m")) == ""


def test_percentages():
    assert parse_percent("9.9%").value == Decimal("9.9")
    assert parse_percent("18.1%").tolerance() == Decimal("0.1")
    with pytest.raises(MoneyError):
        parse_percent("about ten")
