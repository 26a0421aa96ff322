"""The written forms of issue 16: per-mille points, English number words, rates, a table's scale
note and ratios. Each has example tests and a property test."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import claimcheck
from claimcheck import ClaimcheckError, loads, reported
from claimcheck.figures.units import conversion_factor

ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
        "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def spelled(n: int) -> str:
    """``n`` (0-99) in English words, written independently of the reader's tables."""
    if n < 20:
        return ONES[n]
    tens, ones = divmod(n, 10)
    return TENS[tens - 2] + ("" if ones == 0 else "-" + ONES[ones])


# ---------------------------------------------------------------- 千分点

def test_permille_points_are_a_tenth_of_a_percentage_point() -> None:
    r = reported("2个千分点")
    assert r.unit_name == "permille_point" and r.value == 2
    assert conversion_factor("permille_point", "percentage_point") == Fraction(1, 10)
    assert reported("0.3千分点").interval.low == Fraction(25, 100)


@given(st.integers(1, 999), st.integers(0, 2))
def test_permille_points_read_like_their_digits(units: int, places: int) -> None:
    digits = str(Decimal(units).scaleb(-places))
    assert reported(f"{digits}个千分点").interval == reported(digits).interval


# ---------------------------------------------------------------- English number words

@pytest.mark.parametrize(("text", "value"), [
    ("three", 3), ("Twenty-one", 21), ("a dozen", 12), ("ninety nine", 99), ("three million", 3_000_000),
])
def test_count_words_read_like_their_digits(text: str, value: int) -> None:
    assert reported(text).value == value


@given(st.integers(0, 99))
def test_every_count_word_is_its_number(n: int) -> None:
    assert reported(spelled(n)).interval == reported(str(n)).interval


@pytest.mark.parametrize(("text", "percent"), [
    ("half", 50), ("a third", Fraction(100, 3)), ("two thirds", Fraction(200, 3)), ("a quarter", 25),
    ("three quarters", 75), ("one in five", 20), ("one in 8", Fraction(25, 2)),
])
def test_share_words_are_percentages(text: str, percent: Fraction) -> None:
    r = reported(text)
    assert r.unit_name == "percent" and r.value == percent
    assert r.interval.low == percent - Fraction(1, 2) and r.interval.high == percent + Fraction(1, 2)


@given(st.integers(2, 10), st.data())
def test_a_share_word_holds_its_exact_fraction_at_one_point(denominator: int, data: st.DataObject) -> None:
    names = {2: "half", 3: "third", 4: "quarter", 5: "fifth", 6: "sixth", 7: "seventh", 8: "eighth", 9: "ninth",
             10: "tenth"}
    numerator = data.draw(st.integers(1, min(denominator - 1, 9)))
    word = names[denominator] + ("s" if numerator > 1 and denominator != 2 else "")
    if denominator == 2:
        text = "half"
    else:
        text = f"{'a' if numerator == 1 else ONES[numerator]} {word}"
    r = reported(text)
    exact = Fraction(100 * numerator, denominator)
    low, high = r.interval.low, r.interval.high
    assert exact in r.interval and low is not None and high is not None and high - low == 1
    assert reported(f"about {text}").interval.low <= r.interval.low


def test_share_words_keep_their_qualifiers_and_changes() -> None:
    assert reported("nearly half").interval.high == 50
    assert reported("fell by a third").value == Fraction(-100, 3)
    with pytest.raises(ClaimcheckError):
        reported("third")  # an ordinal, not a share


# ---------------------------------------------------------------- rates (compound units)

@pytest.mark.parametrize(("text", "unit", "value"), [
    ("1.2万元/人", "yuan_per_count", 12000), ("600公斤/亩", "kilogram_per_mu", 600),
    ("6.5元/美元", "yuan_per_USD", Fraction(13, 2)), ("$12,000 per capita", "USD_per_count", 12000),
    ("3 yuan per person", "yuan_per_count", 3),
])
def test_rates_are_compound_units(text: str, unit: str, value: Fraction) -> None:
    r = reported(text)
    assert (r.unit_name, r.value) == (unit, value)


def test_rates_convert_and_refuse_what_they_should() -> None:
    assert conversion_factor("kilogram_per_mu", "tonne_per_hectare") == Fraction(15, 1000)
    with pytest.raises(ClaimcheckError, match="per what but not of what"):
        reported("12,000 per capita")
    with pytest.raises(ClaimcheckError, match="cannot convert"):
        conversion_factor("yuan_per_count", "USD_per_count")
    claims = loads("claimcheck: 1\nclaims:\n  a: {value: '1.2万', unit: 元/人}\n"
                   "  b: {value: '12000', unit: yuan_per_count}\nrules:\n  same: {check: a == b}\n", "rates.yaml")
    assert claims.claims["a"].reading().unit_name == "yuan_per_count"
    assert claimcheck.verify(claims).ok


@given(st.integers(1, 10**6), st.integers(0, 3), st.sampled_from(["元/人", "公斤/亩", "元/美元", "元/吨"]))
def test_a_rate_reads_its_number_like_the_plain_unit(units: int, places: int, rate: str) -> None:
    digits = str(Decimal(units).scaleb(-places))
    r = reported(digits + rate)
    plain = reported(digits + rate.split("/")[0])
    assert r.interval == plain.interval and r.unit_name.startswith(plain.unit_name + "_per_")


# ---------------------------------------------------------------- a table's scale note

@pytest.mark.parametrize(("cell", "scale", "same_as"), [
    ("617.50", "亿元", "617.50亿元"), ("617.50", "单位：亿元", "617.50亿元"),
    ("1.5", "in billions of dollars", "$1.5 billion"), ("1.5", "billions of dollars", "$1.5 billion"),
    ("35", "万人", "35万人"), ("4.2", "%", "4.2%"),
])
def test_a_scaled_cell_reads_like_the_figure_written_out(cell: str, scale: str, same_as: str) -> None:
    a, b = reported(cell, scale=scale), reported(same_as)
    assert (a.interval, a.unit_name) == (b.interval, b.unit_name)


def test_scale_in_defaults_applies_to_bare_cells_only() -> None:
    f = loads("claimcheck: 1\ndefaults: {scale: 亿元}\nclaims:\n  a: {value: '617.50'}\n  b: {value: '3%'}\n"
              "rules: {}\n", "table.yaml")
    assert f.claims["a"].reading(defaults=f.defaults).interval == reported("617.50亿元").interval
    assert f.claims["b"].reading(defaults=f.defaults).unit_name == "percent"
    with pytest.raises(ClaimcheckError, match="written with its unit"):
        reported("617.50亿元", scale="亿元")
    with pytest.raises(ClaimcheckError) as error:
        loads("claimcheck: 1\nclaims:\n  a: {value: '617.50', scale: 亿克}\nrules: {}\n", "bad.yaml")
    assert "scale" in str(error.value)


@given(st.integers(0, 10**7), st.integers(0, 3), st.sampled_from(["亿元", "万元", "万人", "万吨", "%"]))
@settings(max_examples=80)
def test_scaling_a_cell_is_writing_the_unit_after_it(units: int, places: int, scale: str) -> None:
    cell = str(Decimal(units).scaleb(-places))
    a, b = reported(cell, scale=scale), reported(cell + scale)
    assert (a.interval, a.unit_name) == (b.interval, b.unit_name)


# ---------------------------------------------------------------- ratios

@given(st.lists(st.decimals(0, 1000, places=2, allow_nan=False), min_size=2, max_size=4))
def test_a_ratio_is_refused_with_what_to_write(parts: list[object]) -> None:
    with pytest.raises(ClaimcheckError, match="ratio of"):
        reported(":".join(str(p) for p in parts))


# ---------------------------------------------------------------- found in review

@pytest.mark.parametrize(("words", "digits"), [
    ("about twenty", "about 20"), ("nearly a hundred", "nearly 100"), ("about half", "about 50%"),
    ("about twelve", "about 12"),
])
def test_words_round_like_their_digits_under_a_qualifier(words: str, digits: str) -> None:
    assert reported(words).interval == reported(digits).interval


def test_odd_scale_and_unit_input_is_refused_cleanly() -> None:
    for bad in (5, ""):
        with pytest.raises(ClaimcheckError, match="scale"):
            reported("617.50", scale=bad)  # type: ignore[arg-type]
    assert reported("617.50", scale="(单位：亿元)").interval == reported("617.50亿元").interval
    assert reported("1.5", scale="(billions of dollars)").interval == reported("$1.5 billion").interval
    with pytest.raises(ClaimcheckError, match="per what"):
        reported("12000", unit="per capita")
    with pytest.raises(ClaimcheckError) as error:
        loads("claimcheck: 1\nclaims:\n  a: {value: '12000', unit: per capita}\nrules: {}\n", "pc.yaml")
    assert "pc.yaml:3" in str(error.value)


def test_a_claim_with_its_own_unit_keeps_it_beside_a_default_scale() -> None:
    f = loads("claimcheck: 1\ndefaults: {scale: 亿元}\nclaims:\n  a: {value: '3', unit: 美元}\nrules: {}\n", "d.yaml")
    assert f.claims["a"].reading(defaults=f.defaults).value == 3


def test_a_fall_of_a_quantity_that_cannot_be_negative_is_a_change() -> None:
    assert reported("减少3万吨").value == -30000
    assert reported("2.62人").interval.low == Fraction(2615, 1000)  # an average of whole things
