"""Tests for ``claimcheck.figures.reported``: written figures -> exact intervals of true values.

Example tests cover every phrase family (digits, Chinese numerals, magnitude words, shares,
currencies, counts, physical units, qualifiers in Chinese and English, full-width input,
precision/tolerance, policy overrides); property tests check that a figure written the way a
writer would write it admits the true value, and that no text makes ``reported`` raise anything
but :class:`claimcheck.ClaimcheckError`.

Bugs found by these tests were fixed; each stays covered by the test that found it.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction as F

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from claimcheck import ClaimcheckError, Policy, Qualifier, Reported, reported
from claimcheck.errors import NumberError, UnitError
from claimcheck.figures.units import registry

INF = None  # an unbounded end


def ends(r: Reported) -> tuple[F | None, F | None, bool, bool]:
    """(low, high, low_open, high_open) of a reading."""
    iv = r.interval
    return iv.low, iv.high, iv.low_open, iv.high_open


def closed(low: F | int | str | None, high: F | int | str | None) -> tuple:
    lo = None if low is None else F(low)
    hi = None if high is None else F(high)
    return lo, hi, lo is None, hi is None


def opened(low: F | int | str | None, high: F | int | str | None) -> tuple:
    return (None if low is None else F(low)), (None if high is None else F(high)), True, True


# --------------------------------------------------------------------------------------------
# Example tests: (text, value, unit name, interval)
# --------------------------------------------------------------------------------------------

E8 = 10**8
E4 = 10**4

EXAMPLES = [
    # digits: separators, decimals, signs; trailing decimal zeros are significant
    ("1,586.9", F("1586.9"), "dimensionless", closed("1586.85", "1586.95")),
    ("2.4", F("2.4"), "dimensionless", closed("2.35", "2.45")),
    ("-3.4%", F("-3.4"), "percent", closed("-3.45", "-3.35")),
    ("\u22123.4%", F("-3.4"), "percent", closed("-3.45", "-3.35")),  # U+2212 minus sign
    ("+5%", F(5), "percent", closed("4.5", "5.5")),
    ("1586.90", F("1586.9"), "dimensionless", closed("1586.895", "1586.905")),
    ("12,345,678.9", F("12345678.9"), "dimensionless", closed("12345678.85", "12345678.95")),
    ("1,000", F(1000), "dimensionless", closed("999.5", "1000.5")),
    ("0.05", F("0.05"), "dimensionless", closed("0.045", "0.055")),
    ("1e8", F(E8), "dimensionless", closed(E8 // 2, 3 * E8 // 2)),
    # Chinese numerals
    ("两万", F(20000), "dimensionless", closed(15000, 25000)),
    ("一千八百四十亿", F(1840 * E8), "dimensionless", closed(18395 * E8 // 10, 18405 * E8 // 10)),  # like 1840亿
    ("一万零五", F(10005), "dimensionless", closed("10004.5", "10005.5")),
    ("三千五百万", F(35_000_000), "dimensionless", closed(34_995_000, 35_005_000)),  # like 3500万
    ("一千八", F(1800), "dimensionless", closed(1750, 1850)),  # colloquial 一千八 = 1800
    ("十五", F(15), "dimensionless", closed("14.5", "15.5")),
    ("一亿二千万", F(120_000_000), "dimensionless", closed(119_995_000, 120_005_000)),  # like 1亿2000万
    ("两千零二十", F(2020), "dimensionless", closed("2019.5", "2020.5")),  # like 2020
    ("五十亿", F(50 * E8), "dimensionless", closed(495 * E8 // 10, 505 * E8 // 10)),  # like 50亿
    # Chinese magnitude words after digits
    ("5百", F(500), "dimensionless", closed(450, 550)),
    ("3千", F(3000), "dimensionless", closed(2500, 3500)),
    ("2万", F(20000), "dimensionless", closed(15000, 25000)),
    ("6200亿", F(6200 * E8), "dimensionless", closed(6199.5 * E8, 6200.5 * E8)),
    ("1.2万亿", F(12 * 10**11), "dimensionless", closed(115 * 10**10, 125 * 10**10)),
    ("5千万", F(5 * 10**7), "dimensionless", closed(45 * 10**6, 55 * 10**6)),
    # English magnitude words
    ("5 thousand", F(5000), "dimensionless", closed(4500, 5500)),
    ("1.2 million", F(1_200_000), "dimensionless", closed(1_150_000, 1_250_000)),
    ("3 billion", F(3 * 10**9), "dimensionless", closed(25 * 10**8, 35 * 10**8)),
    ("2 trillion", F(2 * 10**12), "dimensionless", closed(15 * 10**11, 25 * 10**11)),
    ("5k", F(5000), "dimensionless", closed(4500, 5500)),
    ("3bn", F(3 * 10**9), "dimensionless", closed(25 * 10**8, 35 * 10**8)),
    ("5 Million", F(5_000_000), "dimensionless", closed(4_500_000, 5_500_000)),
    ("$5m", F(5_000_000), "USD", closed(4_500_000, 5_500_000)),
    ("€3bn", F(3 * 10**9), "EUR", closed(25 * 10**8, 35 * 10**8)),
    ("US$1.5 billion", F(15 * 10**8), "USD", closed(145 * 10**7, 155 * 10**7)),
    # shares and ratios
    ("5%", F(5), "percent", closed("4.5", "5.5")),
    ("5 percent", F(5), "percent", closed("4.5", "5.5")),
    ("2个百分点", F(2), "percentage_point", closed("1.5", "2.5")),
    ("0.5个百分点", F("0.5"), "percentage_point", closed("0.45", "0.55")),
    ("0.3 percentage points", F("0.3"), "percentage_point", closed("0.25", "0.35")),
    ("3成", F(3), "tenth", closed("2.5", "3.5")),
    ("三成", F(3), "tenth", closed("2.5", "3.5")),
    ("2.5倍", F("2.5"), "times", closed("2.45", "2.55")),
    ("两倍", F(2), "times", closed("1.5", "2.5")),
    ("5‰", F(5), "permille", closed("4.5", "5.5")),
    # currencies
    ("6200亿元", F(6200 * E8), "yuan", closed(619_950_000_000, 620_050_000_000)),
    ("100元", F(100), "yuan", closed("99.5", "100.5")),
    ("100人民币", F(100), "yuan", closed("99.5", "100.5")),
    ("100元人民币", F(100), "yuan", closed("99.5", "100.5")),
    ("RMB5bn", F(5 * 10**9), "yuan", closed(45 * 10**8, 55 * 10**8)),
    ("5 billion yuan", F(5 * 10**9), "yuan", closed(45 * 10**8, 55 * 10**8)),
    ("100美元", F(100), "USD", closed("99.5", "100.5")),
    ("1.2万亿美元", F(12 * 10**11), "USD", closed(115 * 10**10, 125 * 10**10)),
    ("$100", F(100), "USD", closed("99.5", "100.5")),
    ("5 million dollars", F(5_000_000), "USD", closed(4_500_000, 5_500_000)),
    ("£100", F(100), "GBP", closed("99.5", "100.5")),
    ("£5 million", F(5_000_000), "GBP", closed(4_500_000, 5_500_000)),
    ("€100", F(100), "EUR", closed("99.5", "100.5")),
    ("100欧元", F(100), "EUR", closed("99.5", "100.5")),
    ("100 JPY", F(100), "JPY", closed("99.5", "100.5")),
    ("JPY 100", F(100), "JPY", closed("99.5", "100.5")),
    ("100日元", F(100), "JPY", closed("99.5", "100.5")),
    ("HKD 100", F(100), "HKD", closed("99.5", "100.5")),
    ("100港元", F(100), "HKD", closed("99.5", "100.5")),
    ("HK$1.2bn", F(12 * 10**8), "HKD", closed(115 * 10**7, 125 * 10**7)),
    # counts are cut to whole numbers
    ("100个", F(100), "count", closed(100, 100)),
    ("2.5万人", F(25000), "count", closed(24500, 25500)),
    ("100 firms", F(100), "count", closed(100, 100)),
    ("5家左右", F(5), "count", closed(5, 5)),
    ("1.5万人次", F(15000), "person_time", closed(14500, 15500)),
    # physical units and time
    ("100标准箱", F(100), "TEU", closed("99.5", "100.5")),
    ("1.2万标准箱", F(12000), "TEU", closed(11500, 12500)),
    ("100平方米", F(100), "square_meter", closed("99.5", "100.5")),
    ("5亩", F(5), "mu", closed("4.5", "5.5")),
    ("3天", F(3), "day", closed("2.5", "3.5")),
    ("3 days", F(3), "day", closed("2.5", "3.5")),
    ("2小时", F(2), "hour", closed("1.5", "2.5")),
    ("两小时", F(2), "hour", closed("1.5", "2.5")),
    ("2 hours", F(2), "hour", closed("1.5", "2.5")),
    ("5年", F(5), "year", closed("4.5", "5.5")),
    ("3 years", F(3), "year", closed("2.5", "3.5")),
    ("3个月", F(3), "month", closed("2.5", "3.5")),
    ("5 km", F(5), "kilometer", closed("4.5", "5.5")),
    ("三千米", F(3), "kilometer", closed("2.5", "3.5")),  # 千米 is a unit, not 3000 meters
    ("5 kg", F(5), "kilogram", closed("4.5", "5.5")),
    # full-width input (NFKC)
    ("６２００亿元", F(6200 * E8), "yuan", closed(619_950_000_000, 620_050_000_000)),
    ("５％", F(5), "percent", closed("4.5", "5.5")),
    ("１，５８６．９", F("1586.9"), "dimensionless", closed("1586.85", "1586.95")),
    ("＄5", F(5), "USD", closed("4.5", "5.5")),
    ("￡5", F(5), "GBP", closed("4.5", "5.5")),
    ("  6200亿元  ", F(6200 * E8), "yuan", closed(619_950_000_000, 620_050_000_000)),
]


@pytest.mark.parametrize(("text", "value", "unit", "interval"), EXAMPLES, ids=[e[0] for e in EXAMPLES])
def test_written_figure(text: str, value: F, unit: str, interval: tuple) -> None:
    r = reported(text)
    assert isinstance(r.value, F)
    assert r.value == value
    assert r.unit_name == unit
    assert ends(r) == interval
    assert (r.low, r.high) == interval[:2]
    for end in (r.low, r.high):
        assert end is None or isinstance(end, F)


# qualifiers: (text, value, unit, qualifier kind, interval)
QUALIFIED = [
    # 左右 / about: v ± d/2, d the place value of the last non-zero digit
    ("1840亿元左右", F(1840 * E8), "yuan", Qualifier.ABOUT, closed(1835 * E8, 1845 * E8)),
    ("6200亿元左右", F(6200 * E8), "yuan", Qualifier.ABOUT, closed(6150 * E8, 6250 * E8)),
    ("约1840", F(1840), "dimensionless", Qualifier.ABOUT, closed(1835, 1845)),
    ("大约1840", F(1840), "dimensionless", Qualifier.ABOUT, closed(1835, 1845)),
    ("8%左右", F(8), "percent", Qualifier.ABOUT, closed("7.5", "8.5")),
    ("1.5倍左右", F("1.5"), "times", Qualifier.ABOUT, closed("1.45", "1.55")),
    ("3天左右", F(3), "day", Qualifier.ABOUT, closed("2.5", "3.5")),
    ("3个百分点左右", F(3), "percentage_point", Qualifier.ABOUT, closed("2.5", "3.5")),
    ("约五成", F(5), "tenth", Qualifier.ABOUT, closed("4.5", "5.5")),
    ("约2万家", F(20000), "count", Qualifier.ABOUT, closed(15000, 25000)),
    ("about 1840", F(1840), "dimensionless", Qualifier.ABOUT, closed(1835, 1845)),
    ("around $5bn", F(5 * 10**9), "USD", Qualifier.ABOUT, closed(45 * 10**8, 55 * 10**8)),
    ("approximately 5%", F(5), "percent", Qualifier.ABOUT, closed("4.5", "5.5")),
    ("roughly 1.2 billion yuan", F(12 * 10**8), "yuan", Qualifier.ABOUT, closed(115 * 10**7, 125 * 10**7)),
    ("About 300", F(300), "dimensionless", Qualifier.ABOUT, closed(250, 350)),
    # 余 / 多: open (v, v + d); counts cut to integers
    ("6000余家", F(6000), "count", Qualifier.SOME_MORE, closed(6001, 6999)),
    ("6000余", F(6000), "dimensionless", Qualifier.SOME_MORE, opened(6000, 7000)),
    ("170多条", F(170), "count", Qualifier.SOME_MORE, closed(171, 179)),
    ("170多", F(170), "dimensionless", Qualifier.SOME_MORE, opened(170, 180)),
    ("2万多", F(20000), "dimensionless", Qualifier.SOME_MORE, opened(20000, 30000)),
    ("2万余家", F(20000), "count", Qualifier.SOME_MORE, closed(20001, 29999)),
    ("1.2万余", F(12000), "dimensionless", Qualifier.SOME_MORE, opened(12000, 13000)),
    ("十余家", F(10), "count", Qualifier.SOME_MORE, closed(11, 19)),
    ("一百多家", F(100), "count", Qualifier.SOME_MORE, closed(101, 199)),
    ("5年多", F(5), "year", Qualifier.SOME_MORE, opened(5, 6)),
    ("两成多", F(2), "tenth", Qualifier.SOME_MORE, opened(2, 3)),
    # 超 / over / more than: (v, inf)
    ("超2万家", F(20000), "count", Qualifier.OVER, closed(20001, INF)),
    ("超过两万家", F(20000), "count", Qualifier.OVER, closed(20001, INF)),
    ("超过5%", F(5), "percent", Qualifier.OVER, opened(5, INF)),
    ("逾100", F(100), "dimensionless", Qualifier.OVER, opened(100, INF)),
    ("突破1亿", F(E8), "dimensionless", Qualifier.OVER, opened(E8, INF)),
    ("over 100", F(100), "dimensionless", Qualifier.OVER, opened(100, INF)),
    ("more than 100", F(100), "dimensionless", Qualifier.OVER, opened(100, INF)),
    ("more than 2 million people", F(2_000_000), "count", Qualifier.OVER, closed(2_000_001, INF)),
    ("over 20,000 companies", F(20000), "count", Qualifier.OVER, closed(20001, INF)),
    ("in excess of $5m", F(5_000_000), "USD", Qualifier.OVER, opened(5_000_000, INF)),
    ("above 5%", F(5), "percent", Qualifier.OVER, opened(5, INF)),
    # 近 / nearly: [v - d/2, v]
    ("近100", F(100), "dimensionless", Qualifier.NEARLY, closed(50, 100)),
    ("将近6000", F(6000), "dimensionless", Qualifier.NEARLY, closed(5500, 6000)),
    ("近1.5万", F(15000), "dimensionless", Qualifier.NEARLY, closed(14500, 15000)),
    ("近三成", F(3), "tenth", Qualifier.NEARLY, closed("2.5", 3)),
    ("近2000家", F(2000), "count", Qualifier.NEARLY, closed(1500, 2000)),
    ("nearly 100", F(100), "dimensionless", Qualifier.NEARLY, closed(50, 100)),
    ("almost 2 billion", F(2 * 10**9), "dimensionless", Qualifier.NEARLY, closed(15 * 10**8, 2 * 10**9)),
    ("close to 100", F(100), "dimensionless", Qualifier.NEARLY, closed(50, 100)),
    # 不到 / less than: (-inf, v)
    ("不到100", F(100), "dimensionless", Qualifier.UNDER, opened(INF, 100)),
    ("不足5%", F(5), "percent", Qualifier.UNDER, opened(INF, 5)),
    ("less than 100", F(100), "dimensionless", Qualifier.UNDER, opened(INF, 100)),
    ("under 5", F(5), "dimensionless", Qualifier.UNDER, opened(INF, 5)),
    ("below 5%", F(5), "percent", Qualifier.UNDER, opened(INF, 5)),
    ("fewer than 100 firms", F(100), "count", Qualifier.UNDER, (F(0), F(99), False, False)),
    # 以上 / at least: [v, inf)
    ("100以上", F(100), "dimensionless", Qualifier.AT_LEAST, closed(100, INF)),
    ("2万家以上", F(20000), "count", Qualifier.AT_LEAST, closed(20000, INF)),
    ("2万家及以上", F(20000), "count", Qualifier.AT_LEAST, closed(20000, INF)),
    ("3.4%以上", F("3.4"), "percent", Qualifier.AT_LEAST, closed("3.4", INF)),
    ("六成以上", F(6), "tenth", Qualifier.AT_LEAST, closed(6, INF)),
    ("不低于5%", F(5), "percent", Qualifier.AT_LEAST, closed(5, INF)),
    ("at least 100", F(100), "dimensionless", Qualifier.AT_LEAST, closed(100, INF)),
    ("5 or more", F(5), "dimensionless", Qualifier.AT_LEAST, closed(5, INF)),
    # 以内 / 以下 / at most / within: (-inf, v]
    ("100以内", F(100), "dimensionless", Qualifier.AT_MOST, closed(INF, 100)),
    ("1小时以内", F(1), "hour", Qualifier.AT_MOST, closed(0, 1)),  # a duration is never negative
    ("5%以下", F(5), "percent", Qualifier.AT_MOST, closed(INF, 5)),
    ("不超过5%", F(5), "percent", Qualifier.AT_MOST, closed(INF, 5)),
    ("at most 100", F(100), "dimensionless", Qualifier.AT_MOST, closed(INF, 100)),
    ("within 100", F(100), "dimensionless", Qualifier.AT_MOST, closed(INF, 100)),
    ("up to 5%", F(5), "percent", Qualifier.AT_MOST, closed(INF, 5)),
    ("no more than 5", F(5), "dimensionless", Qualifier.AT_MOST, closed(INF, 5)),
]


@pytest.mark.parametrize(
    ("text", "value", "unit", "kind", "interval"), QUALIFIED, ids=[q[0] for q in QUALIFIED]
)
def test_qualified_figure(text: str, value: F, unit: str, kind: Qualifier, interval: tuple) -> None:
    r = reported(text)
    assert r.value == value
    assert r.unit_name == unit
    assert r.qualifier == kind
    assert ends(r) == interval


def test_counts_flag_and_integer_ends() -> None:
    r = reported("6000余家")
    assert r.counts is True
    assert all(end.denominator == 1 for end in (r.low, r.high))
    assert reported("6000余").counts is False


def test_english_qualifier_does_not_eat_a_longer_word() -> None:
    # "over" must not be taken out of "overall"
    with pytest.raises(ClaimcheckError):
        reported("overall 5")


def test_qualifiers_written_twice_must_agree() -> None:
    assert reported("约5左右").qualifier == Qualifier.ABOUT
    for text in ("约2万多", "超过2万多", "5元左右以上"):
        with pytest.raises(NumberError):
            reported(text)


# --------------------------------------------------------------------------------------------
# Units
# --------------------------------------------------------------------------------------------


def test_unit_is_registry_yuan() -> None:
    unit = reported("6200亿元").unit
    assert str(unit) == "yuan"
    assert unit == registry().Unit("yuan")


@pytest.mark.parametrize(
    ("text", "name"), [("5%", "percent"), ("$5m", "USD"), ("5家", "count"), ("3天", "day"), ("2.4", "dimensionless")]
)
def test_unit_objects(text: str, name: str) -> None:
    unit = reported(text).unit
    assert unit == registry().Unit(name)


@pytest.mark.parametrize("text", ["¥100", "￥100", "¥5m", "约¥100"])
def test_yen_sign_is_ambiguous(text: str) -> None:
    with pytest.raises(UnitError, match="ambiguous"):
        reported(text)


def test_unit_argument() -> None:
    assert reported("2万", "元").unit_name == "yuan"
    assert reported("2万", "CNY").unit_name == "yuan"
    assert reported("2万元", "元").unit_name == "yuan"
    r = reported("2.5万", "家")
    assert r.unit_name == "count" and r.counts and ends(r) == closed(24500, 25500)
    with pytest.raises(UnitError):
        reported("2万元", "美元")  # two different units
    with pytest.raises(UnitError):
        reported("2万", "furlongs")


def test_5m_without_currency_is_not_five_million() -> None:
    try:
        r = reported("5m")
    except ClaimcheckError:
        return
    assert r.value == 5  # if ever read, "m" can only be metres


@pytest.mark.parametrize("text", ["5 furlongs", "5元元", "5%%", "3-5%", "5 5", "1.2.3"])
def test_unknown_or_extra_words_are_refused(text: str) -> None:
    with pytest.raises(ClaimcheckError):
        reported(text)


# --------------------------------------------------------------------------------------------
# precision= and tolerance=
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kwargs", "interval"),
    [
        ("6200亿元", {"precision": "100亿"}, closed(6150 * E8, 6250 * E8)),
        ("6200亿元", {"precision": "100亿元"}, closed(6150 * E8, 6250 * E8)),
        ("6200亿元", {"precision": "1万"}, closed(6200 * E8 - 5000, 6200 * E8 + 5000)),
        ("5.0%", {"precision": "0.5%"}, closed("4.75", "5.25")),
        ("6200亿元", {"tolerance": "10亿元"}, closed(6190 * E8, 6210 * E8)),
        ("6200亿元", {"tolerance": "0.5亿元"}, closed(6199.5 * E8, 6200.5 * E8)),
        ("6200亿元", {"tolerance": "2%"}, closed(6076 * E8, 6324 * E8)),
        ("5%", {"tolerance": "0.2pp"}, closed("4.8", "5.2")),
        ("5%", {"tolerance": "0.2个百分点"}, closed("4.8", "5.2")),
        ("5%", {"tolerance": "2%"}, closed("4.9", "5.1")),  # relative: 2% of 5
        ("-5%", {"tolerance": "2%"}, closed("-5.1", "-4.9")),
        ("6000家", {"tolerance": "2%"}, closed(5880, 6120)),
        ("8%左右", {"tolerance": "0.2pp"}, closed("7.8", "8.2")),
        ("1840亿元", {"tolerance": "0.5亿元", "qualifier": "exact"}, closed(1839.5 * E8, 1840.5 * E8)),
    ],
)
def test_precision_and_tolerance(text: str, kwargs: dict, interval: tuple) -> None:
    assert ends(reported(text, **kwargs)) == interval


@pytest.mark.parametrize(
    "kwargs",
    [
        {"tolerance": "0"},
        {"tolerance": "-1"},
        {"tolerance": "约1亿元"},
        {"tolerance": "1亿美元"},  # another currency
        {"tolerance": "abc"},
        {"precision": "0"},
        {"precision": "1亿美元"},
        {"precision": "nonsense"},
        {"tolerance": "0.5"},  # beside 6200亿元: half a yuan? refused, the unit must be written
        {"precision": "100"},
    ],
)
def test_bad_precision_or_tolerance(kwargs: dict) -> None:
    with pytest.raises(ClaimcheckError):
        reported("6200亿元", **kwargs)


@pytest.mark.parametrize("text", ["超2万家", "6000余家", "近100", "100以上", "不到100"])
def test_tolerance_needs_a_rounded_figure(text: str) -> None:
    with pytest.raises(NumberError):
        reported(text, tolerance="1")


# --------------------------------------------------------------------------------------------
# qualifier= overrides and policy
# --------------------------------------------------------------------------------------------


def test_qualifier_argument() -> None:
    assert ends(reported("2万", qualifier="about")) == closed(15000, 25000)
    assert ends(reported("6200亿元", qualifier="左右")) == closed(6150 * E8, 6250 * E8)
    assert ends(reported("6200亿元", qualifier=Qualifier.ABOUT)) == closed(6150 * E8, 6250 * E8)
    assert ends(reported("6200亿元", qualifier="exact")) == closed(6200 * E8, 6200 * E8)
    assert ends(reported("2万家", qualifier="超")) == closed(20001, INF)
    assert ends(reported("100", qualifier="at least")) == closed(100, INF)
    # the same qualifier as written is fine
    assert ends(reported("超2万家", qualifier="over")) == closed(20001, INF)
    with pytest.raises(NumberError):
        reported("超2万家", qualifier="以上")  # disagrees with the written 超
    with pytest.raises(NumberError):
        reported("2万", qualifier="bogus")


def test_exact_override_cannot_contradict_written_qualifier() -> None:
    # 超2万家 says "more than 20000"; an 'exact' override that yields exactly 20000 contradicts
    # the text. It should be refused like any other disagreeing qualifier.
    with pytest.raises(NumberError):
        reported("超2万家", qualifier="exact")


@pytest.mark.parametrize(
    ("text", "policy", "interval"),
    [
        ("6200亿元", Policy(trailing_zeros="insignificant"), closed(6150 * E8, 6250 * E8)),
        ("1,000", Policy(trailing_zeros="insignificant"), closed(500, 1500)),
        ("1586.90", Policy(trailing_zeros="insignificant"), closed("1586.895", "1586.905")),
        ("6200亿元", Policy(trailing_zeros="significant"), closed(6199.5 * E8, 6200.5 * E8)),
        ("6200亿元左右", Policy(about="1"), closed(6100 * E8, 6300 * E8)),
        ("6200亿元左右", Policy(about=F(1, 4)), closed(6175 * E8, 6225 * E8)),
        ("1840亿元左右", Policy(about_relative="2%"), closed(F("1803.2") * E8, F("1876.8") * E8)),
        ("6000余家", Policy(some_more="1/2"), closed(6001, 6499)),
        ("6000余", Policy(some_more="1/2"), opened(6000, 6500)),
        ("超2万家", Policy(over="1"), closed(20001, 29999)),
        ("over 100", Policy(over="1/2"), opened(100, 150)),
        ("不到100", Policy(under="1"), opened(0, 100)),
        ("近100", Policy(nearly="1"), closed(0, 100)),
        ("近100", Policy(nearly="1/10"), closed(90, 100)),
    ],
)
def test_policy_overrides(text: str, policy: Policy, interval: tuple) -> None:
    assert ends(reported(text, policy=policy)) == interval


def test_about_is_at_least_the_rounding() -> None:
    # 左右 widens a rounded figure, it never narrows it
    assert ends(reported("6200亿元左右", policy=Policy(about="0"))) == closed(6199.5 * E8, 6200.5 * E8)


@pytest.mark.parametrize("field", ["some_more", "nearly", "over", "under", "about", "about_relative"])
def test_policy_refuses_negative_widths(field: str) -> None:
    with pytest.raises(ValueError):
        Policy(**{field: "-1"})


@pytest.mark.parametrize(
    ("text", "field", "width"),
    [("6000余", "some_more", "-1"), ("6000余", "some_more", "0"), ("超6000", "over", "0"),
     ("不到6000", "under", "-1"), ("近6000", "nearly", "-1")],
)
def test_policy_never_gives_an_empty_interval(text: str, field: str, width: str) -> None:
    # Either the policy is refused, or the figure admits some value: an empty set of true values
    # would let any rule "prove" an inconsistency.
    try:
        policy = Policy(**{field: width})
    except ValueError:
        return
    try:
        r = reported(text, policy=policy)
    except ClaimcheckError:
        return
    assert not r.interval.is_empty, r.interval


# --------------------------------------------------------------------------------------------
# contains(): open and closed ends
# --------------------------------------------------------------------------------------------


def test_contains_honours_ends() -> None:
    over = reported("超2万家")
    assert not over.contains(20000)
    assert over.contains(20001)
    assert over.contains(10**12)
    some = reported("6000余")
    assert not some.contains(6000) and not some.contains(7000)
    assert some.contains(F(60001, 10)) and some.contains(Decimal("6999.99"))
    at_least = reported("2万家以上")
    assert at_least.contains(20000) and not at_least.contains(19999)
    under = reported("不到100")
    assert not under.contains(100) and under.contains(Decimal("99.999")) and under.contains(-(10**9))
    at_most = reported("100以内")
    assert at_most.contains(100) and not at_most.contains(F(1001, 10))
    rounded = reported("6200亿元")
    assert rounded.contains(619_950_000_000) and rounded.contains(620_050_000_000)
    assert not rounded.contains(619_949_999_999) and not rounded.contains(620_050_000_001)
    exact = reported("1586.90")
    assert exact.contains(Decimal("1586.905")) and not exact.contains(Decimal("1586.9051"))
    assert F(1586900, 1000) in exact
    nearly = reported("近100")
    assert nearly.contains(100) and nearly.contains(50) and not nearly.contains(F(1001, 10))


# --------------------------------------------------------------------------------------------
# errors
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["", "   ", "abc", "约", "左右", "元", "1e999", "9" * 300, "半万", "$", "--5", "5,00", "1,0000"],
)
def test_unreadable_text_raises_claimcheck_error(text: str) -> None:
    with pytest.raises(ClaimcheckError) as info:
        reported(text)
    err = info.value
    assert err.file is None and err.line is None
    assert str(err).startswith("<input>: ")


@pytest.mark.parametrize("value", [5, 1.5, None, b"5", ["5"]])
def test_non_text_raises_claimcheck_error(value: object) -> None:
    with pytest.raises(ClaimcheckError):
        reported(value)  # type: ignore[arg-type]


def test_error_hierarchy() -> None:
    assert issubclass(NumberError, ClaimcheckError) and issubclass(UnitError, ClaimcheckError)
    with pytest.raises(UnitError):
        reported("5 furlongs")
    with pytest.raises(NumberError):
        reported("abc")


# --------------------------------------------------------------------------------------------
# bugs found: common figures misread or refused
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [("三万五", 35000), ("一亿五", 150_000_000), ("两万三", 23000)],
)
def test_colloquial_numeral_after_wan_yi(text: str, value: int) -> None:
    # like 一千八 = 1800 (which the reader handles), 三万五 = 35000 and 一亿五 = 1.5亿
    assert reported(text).value == value


@pytest.mark.parametrize(("text", "value"), [("二〇二〇", 2020), ("五零", 50), ("一零", 10)])
def test_digit_by_digit_numerals_are_not_zero(text: str, value: int) -> None:
    # Either read the digits (2020) or refuse: never a silent 0.
    try:
        r = reported(text)
    except ClaimcheckError:
        return
    assert r.value == value


@pytest.mark.parametrize(
    ("text", "interval"),
    [
        ("50多亿元", opened(50 * E8, 60 * E8)),
        ("3000余万元", opened(3000 * E4, 4000 * E4)),
        ("1000多万人", closed(1000 * E4 + 1, 2000 * E4 - 1)),
        ("20多万", opened(20 * E4, 30 * E4)),
        ("五千多万元", opened(5000 * E4, 6000 * E4)),
        ("3个多百分点", opened(3, 4)),
    ],
)
def test_some_more_before_magnitude(text: str, interval: tuple) -> None:
    assert ends(reported(text)) == interval


@pytest.mark.parametrize(
    ("text", "value"),
    [("百分之五十", 50), ("3亿5000万元", 350_000_000), ("-$5m", -5_000_000)],
)
def test_common_forms_are_read(text: str, value: int) -> None:
    assert reported(text).value == value


@pytest.mark.parametrize(
    ("text", "interval"),
    [("1.20左右", closed("1.195", "1.205")), ("1.20余", opened("1.2", "1.21")), ("近1.50", closed("1.495", "1.5"))],
)
def test_qualifier_d_counts_written_decimal_zeros(text: str, interval: tuple) -> None:
    """Zeros written after the decimal point are significant (docs/semantics.md): d is 0.01 for 1.20."""
    assert ends(reported(text)) == interval


@pytest.mark.parametrize("text", ["不到100家", "100家以内", "fewer than 5 firms"])
def test_counts_are_never_negative(text: str) -> None:
    r = reported(text)
    assert r.contains(0)
    assert not r.contains(-1)


# --------------------------------------------------------------------------------------------
# property tests (a): a figure written the way a writer writes it admits the true value
# --------------------------------------------------------------------------------------------


def digits(q: F, places: int, sep: bool) -> str:
    """The decimal text of ``q`` (a multiple of 10**-places) with exactly ``places`` decimals."""
    n = q * 10**places
    assert n.denominator == 1
    n = int(n)
    sign = "-" if n < 0 else ""
    s = str(abs(n)).rjust(places + 1, "0")
    whole, frac = (s[:-places], s[-places:]) if places else (s, "")
    if sep:
        whole = f"{int(whole):,}"
    return sign + whole + ("." + frac if places else "")


def floor_to(x: F, d: F) -> F:
    return (x // d) * d


def ceil_to(x: F, d: F) -> F:
    return -((-x) // d) * d


true_values = st.one_of(
    st.fractions(min_value=0, max_value=10**13, max_denominator=10**6),
    st.decimals(min_value=0, max_value=10**13, places=5, allow_nan=False, allow_infinity=False),
    st.integers(0, 10**13),
)
signed_values = st.one_of(
    st.fractions(min_value=-(10**9), max_value=10**9, max_denominator=10**6),
    st.decimals(min_value=-(10**9), max_value=10**9, places=6, allow_nan=False, allow_infinity=False),
)

#: how a writer writes the magnitude: (template for the digits, factor)
MAGNITUDES = [
    ("{}", 1),
    ("{}元", 1),
    ("{}万", 10**4),
    ("{}万元", 10**4),
    ("{}亿", 10**8),
    ("{}亿元", 10**8),
    ("{}亿美元", 10**8),
    ("{}万亿", 10**12),
    ("{} thousand", 10**3),
    ("{}k", 10**3),
    ("{} million", 10**6),
    ("{}million", 10**6),
    ("${}m", 10**6),
    ("${} million", 10**6),
    ("{} billion", 10**9),
    ("{}bn", 10**9),
    ("€{}bn", 10**9),
    ("{} billion yuan", 10**9),
]


@given(x=true_values, places=st.integers(0, 4), mag=st.sampled_from(MAGNITUDES), sep=st.booleans())
def test_rounded_figure_contains_true_value(x, places: int, mag: tuple[str, int], sep: bool) -> None:
    template, factor = mag
    step = F(factor, 10**places)
    written = round(F(x) / step) * step  # round half to even, as writers and printf do
    text = template.format(digits(written / factor, places, sep))
    r = reported(text)
    assert r.value == written
    assert r.contains(x), (text, x, r.interval)


@given(x=signed_values, places=st.integers(0, 5), sep=st.booleans(), unit=st.sampled_from(["", "%", "个百分点", "倍"]))
def test_rounded_signed_decimal_contains_true_value(x, places: int, sep: bool, unit: str) -> None:
    step = F(1, 10**places)
    written = round(F(x) / step) * step
    text = digits(written, places, sep) + unit
    r = reported(text)
    assert r.value == written
    assert r.contains(x), (text, x, r.interval)


@given(
    m=st.integers(1, 10**5),
    t=st.fractions(min_value=F(-1, 2), max_value=F(1, 2), max_denominator=1000),
    k=st.integers(1, 4),
    mag=st.sampled_from([("{}", 1), ("{}亿元", 10**8), ("{}万", 10**4), ("{} million", 10**6)]),
    sep=st.booleans(),
)
def test_insignificant_trailing_zeros_contain_true_value(
    m: int, t: F, k: int, mag: tuple[str, int], sep: bool
) -> None:
    # A writer who rounds 6213 to hundreds writes 6200; under trailing_zeros="insignificant" the
    # figure admits the true value. (Written: m * 10**k units; truth within half a step of it.)
    template, factor = mag
    d = F(10**k * factor)
    written = m * d
    x = written + t * d
    r = reported(template.format(digits(written / factor, 0, sep)), policy=Policy(trailing_zeros="insignificant"))
    assert r.value == written
    assert r.contains(x), (written, x, r.interval)


# qualifier templates: "{n}" is the written number (digits + magnitude word), "{u}" the unit word
ZH_QUALIFIED = {
    "over": ["超{n}{u}", "超过{n}{u}", "逾{n}{u}"],
    "some_more": ["{n}余{u}", "{n}多{u}"],
    "nearly": ["近{n}{u}", "将近{n}{u}", "接近{n}{u}"],
    "about": ["{n}{u}左右", "约{n}{u}", "大约{n}{u}"],
    "at_least": ["{n}{u}以上", "不低于{n}{u}"],
    "at_most": ["{n}{u}以内", "{n}{u}以下", "不超过{n}{u}"],
    "under": ["不到{n}{u}", "不足{n}{u}"],
}
EN_QUALIFIED = {
    "over": ["over {n}{u}", "more than {n}{u}", "above {n}{u}"],
    "nearly": ["nearly {n}{u}", "almost {n}{u}"],
    "about": ["about {n}{u}", "around {n}{u}", "approximately {n}{u}"],
    "at_least": ["at least {n}{u}", "{n}{u} or more"],
    "at_most": ["at most {n}{u}", "up to {n}{u}", "within {n}{u}"],
    "under": ["less than {n}{u}", "under {n}{u}"],
}
ZH_MAGS = [("", 1), ("万", 10**4), ("亿", 10**8)]
EN_MAGS = [("", 1), (" thousand", 10**3), (" million", 10**6), (" billion", 10**9)]


@st.composite
def qualified_writing(draw):
    """(text, true value): a true value and the qualified figure a writer would write for it."""
    zh = draw(st.booleans())
    table = ZH_QUALIFIED if zh else EN_QUALIFIED
    kind = draw(st.sampled_from(sorted(table)))
    template = draw(st.sampled_from(table[kind]))
    magword, factor = draw(st.sampled_from(ZH_MAGS if zh else EN_MAGS))
    unit = draw(st.sampled_from(["", "元", "美元"] if zh else ["", " yuan", " dollars"]))
    places = draw(st.integers(0, 2))
    sep = draw(st.booleans())
    d = F(factor, 10**places)  # the writer's rounding digit
    n = draw(st.integers(1, 10**6))  # the written figure is n * d
    w = n * d
    t = draw(st.fractions(min_value=0, max_value=1, max_denominator=1000))
    if kind == "over":
        assume(t > 0)
        x = w + t * draw(st.integers(1, 10**3)) * d  # truly above the written figure
    elif kind == "some_more":
        assume(0 < t < 1)
        x = w + t * d  # above, but below the next value of the digit
    elif kind == "nearly":
        x = w - t * d / 2  # slightly below: rounds up to w
    elif kind == "about":
        x = w + (t - F(1, 2)) * d  # rounds to w
    elif kind == "at_least":
        x = w + t * d * draw(st.integers(0, 100))
    elif kind == "at_most":
        x = w - t * d * draw(st.integers(0, 100))
    else:  # under
        assume(t > 0)
        x = w - t * d * draw(st.integers(1, 100))
    number = digits(w / factor, places, sep) + magword
    return template.format(n=number, u=unit), x


def exact_decimal(x: F) -> Decimal | None:
    """``x`` as a Decimal if its decimal expansion terminates (else None)."""
    den = x.denominator
    for p in (2, 5):
        while den % p == 0:
            den //= p
    if den != 1:
        return None
    return Decimal(x.numerator) / Decimal(x.denominator)


@given(qualified_writing(), st.booleans())
def test_qualified_figure_contains_true_value(case: tuple[str, F], as_decimal: bool) -> None:
    text, x = case
    r = reported(text)
    assert r.contains(x), (text, x, r.interval)
    dec = exact_decimal(x)
    if as_decimal and dec is not None:
        assert r.contains(dec)


COUNT_TEMPLATES = {
    "over": "超{n}{u}",
    "some_more": "{n}余{u}",
    "nearly": "近{n}{u}",
    "about": "{n}{u}左右",
    "at_least": "{n}{u}以上",
    "at_most": "{n}{u}以内",
    "under": "不到{n}{u}",
}


@given(
    k=st.integers(1, 4),
    n=st.integers(1, 9999),
    j=st.integers(0, 10**4),
    kind=st.sampled_from(sorted(COUNT_TEMPLATES)),
    word=st.sampled_from(["家", "个", "人", "项"]),
    wan=st.booleans(),
)
def test_qualified_count_contains_true_count(k: int, n: int, j: int, kind: str, word: str, wan: bool) -> None:
    d = 10**k  # the writer's digit
    w = n * d  # the written count
    above = 1 + j % (d - 1)  # 1 <= above < d
    within_half = j % (d // 2 + 1)  # 0 <= within_half <= d/2
    x = {
        "over": w + above + j,
        "some_more": w + above,
        "nearly": w - within_half,
        "about": w - within_half if j % 2 else w + within_half,
        "at_least": w + j,
        "at_most": w - j % w if w else w,
        "under": w - above,
    }[kind]
    number = f"{w // 10**4}万" if wan and w % 10**4 == 0 else str(w)
    text = COUNT_TEMPLATES[kind].format(n=number, u=word)
    r = reported(text)
    assert r.counts
    assert r.contains(x), (text, x, r.interval)
    for end in (r.low, r.high):
        assert end is None or end.denominator == 1


# --------------------------------------------------------------------------------------------
# property tests (b): no text makes reported() raise anything but ClaimcheckError
# --------------------------------------------------------------------------------------------

FIGURE_PIECES = (
    list("0123456789,.-+eE%$£€¥ ＄％，．１２")
    + list("零〇一二两三四五六七八九十百千万亿半余多超近约左右以上内下")
    + list("不到足个家项人元美标准箱平方米亩天小时年成倍分点之")
    + ["million", "billion", "k", "bn", "m", "about", "over", "nearly", "more than", "less than", "at least",
       "at most", "within", "pp", "USD", "JPY", "HKD", "RMB", "US$", "HK$", "个百分点", "万亿", "\u2212", "~", "≈"]
)
figure_like = st.lists(st.sampled_from(FIGURE_PIECES), max_size=14).map("".join)
maybe_words = st.one_of(
    st.none(), st.sampled_from(["元", "家", "%", "count", "USD", "furlongs", ""]), st.text(max_size=5)
)
maybe_amounts = st.one_of(st.none(), st.sampled_from(["1万", "0.1", "2%", "0.2pp", "0", "-1", "约1"]), figure_like)
maybe_qualifiers = st.one_of(st.none(), st.sampled_from(["about", "exact", "超", "左右", "bogus"]))


def _only_claimcheck_errors(text: object, **kwargs: object) -> None:
    try:
        r = reported(text, **kwargs)  # type: ignore[arg-type]
    except ClaimcheckError as exc:
        assert isinstance(exc.message, str)
        str(exc)
        return
    assert isinstance(r.value, F)
    assert not r.interval.is_empty


@given(st.text())
def test_arbitrary_text_raises_only_claimcheck_error(text: str) -> None:
    _only_claimcheck_errors(text)


@given(figure_like)
def test_figure_like_text_raises_only_claimcheck_error(text: str) -> None:
    _only_claimcheck_errors(text)


@given(figure_like, maybe_words, maybe_amounts, maybe_amounts, maybe_qualifiers)
def test_arguments_raise_only_claimcheck_error(text, unit, precision, tolerance, qualifier) -> None:
    _only_claimcheck_errors(text, unit=unit, precision=precision, tolerance=tolerance, qualifier=qualifier)


def test_a_users_registry_can_be_used() -> None:
    from fractions import Fraction as Fr

    import pint

    from claimcheck.figures import units

    mine = pint.UnitRegistry(None, non_int_type=Fr, cache_folder=None)
    mine.define("widget = [widget]")
    try:
        reg = units.set_registry(mine)
        assert reg is mine and "yuan" in mine and "widget" in mine
        assert reported("6200亿元").unit == mine.Unit("yuan")
        assert units.conversion_factor("mu", "square_meter") == Fr(2000, 3)
    finally:
        units.set_registry(None)
    assert units.base_unit("mu") == (Fr(2000, 3), (("[length]", Fr(2)),))


def test_shipped_unit_table_is_what_pint_computes() -> None:
    # the table lets claimcheck start without importing pint; it must never drift from pint
    import json
    from importlib import resources

    from claimcheck.figures import units

    shipped = json.loads(resources.files("claimcheck.figures").joinpath(units.TABLE_FILE).read_text("utf-8"))
    assert shipped == units.unit_table()
    assert set(shipped) >= {"yuan", "USD", "percent", "count", "TEU", "year", "mu"}


def _decimal_reference(x: F, up: bool, digits: int) -> str:
    """The same rendering by Python's decimal module (the oracle for the integer version)."""
    from decimal import ROUND_CEILING, ROUND_FLOOR, localcontext

    from claimcheck.figures.intervals import fraction_to_decimal_string

    exact = fraction_to_decimal_string(x, max_digits=digits)
    if not exact.endswith("...") and len(exact.lstrip("-").replace(".", "").lstrip("0")) <= digits:
        return exact
    with localcontext() as ctx:
        ctx.prec = digits
        ctx.rounding = ROUND_CEILING if up else ROUND_FLOOR
        return format(Decimal(x.numerator) / Decimal(x.denominator), "f")


@settings(max_examples=500)
@given(
    st.one_of(
        st.fractions(max_denominator=10**15),
        st.builds(lambda n, k: F(n, 10**k), st.integers(-(10**20), 10**20), st.integers(0, 25)),
        st.builds(lambda n, k: F(10**k - 1, 10**k) * n, st.integers(-3, 3), st.integers(1, 30)),
    ),
    st.booleans(),
    st.integers(1, 16),
)
def test_outward_decimal_string_agrees_with_decimal_rounding(x: F, up: bool, digits: int) -> None:
    from claimcheck.figures.intervals import outward_decimal_string

    text = outward_decimal_string(x, up=up, digits=digits)
    assert text == _decimal_reference(x, up, digits)
    assert (F(text) >= x) if up else (F(text) <= x)  # outward: the written bound never cuts the interval


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("62OO亿元", "the letter O where the digit 0 was meant?"),
        ("下降-3.4%", "gives the sign twice"),
        ("约超过5%", "two qualifiers that disagree (about and over)"),
        ("近约5%", "two qualifiers that disagree (nearly and about)"),
    ],
)
def test_messages_name_the_real_problem(text: str, message: str) -> None:
    with pytest.raises(ClaimcheckError) as info:
        reported(text)
    assert message in info.value.message


@pytest.mark.parametrize(("text", "value"), [("6200 亿元", 6200 * E8), ("5 万人", 50000), ("1.2 billion", 12 * 10**8)])
def test_a_space_before_a_magnitude_word(text: str, value: int) -> None:
    assert reported(text).value == value


@pytest.mark.parametrize(("unit", "hint"), [("亿元", "the magnitude '亿' belongs in each figure (6200亿)"),
                                            ("billion dollars", "the magnitude 'billion' belongs in each figure")])
def test_a_unit_with_a_magnitude_word_is_explained(unit: str, hint: str) -> None:
    with pytest.raises(ClaimcheckError) as info:
        reported("6200", unit=unit)
    assert hint in info.value.message


@pytest.mark.parametrize(("written", "low", "high"), [
    ("下降3.4%", F(-345, 100), F(-335, 100)),
    ("增长16.8%", F(1675, 100), F(1685, 100)),
    ("减少0.6%", F(-65, 100), F(-55, 100)),
    ("fell by 2.1%", F(-215, 100), F(-205, 100)),
    ("rose 5.9%", F(585, 100), F(595, 100)),
    ("(4.7)", F(-475, 100), F(-465, 100)),
    ("约合5亿美元", F(45 * 10**7), F(55 * 10**7)),
    ("折合5亿美元", F(45 * 10**7), F(55 * 10**7)),
])
def test_signed_changes_conversions_and_accounting_negatives(written: str, low: F, high: F) -> None:
    r = reported(written)
    assert (r.interval.low, r.interval.high) == (low, high)


CHANGE_WORDS_BY_SIGN = st.sampled_from([("下降", -1), ("减少", -1), ("回落", -1), ("增长", 1), ("提高", 1),
                                         ("上升", 1), ("fell ", -1), ("decreased by ", -1), ("rose ", 1), ("up ", 1)])


@given(CHANGE_WORDS_BY_SIGN, st.integers(1, 10**6), st.integers(0, 3), st.sampled_from(["", "约"]))
def test_a_change_word_gives_the_sign_and_nothing_else(word_sign: tuple[str, int], n: int, places: int,
                                                       about: str) -> None:
    word, sign = word_sign
    size = f"{n // 10**places}.{n % 10**places:0{places}d}" if places else str(n)
    bare = reported(f"{about}{size}%").interval
    changed = reported(f"{about}{word}{size}%").interval
    assert bare.low is not None and bare.high is not None
    if sign > 0:
        assert (changed.low, changed.high) == (bare.low, bare.high)
    else:
        assert (changed.low, changed.high) == (-bare.high, -bare.low)


@given(st.integers(1, 10**6), st.integers(0, 3))
def test_parentheses_negate_like_a_minus_sign(n: int, places: int) -> None:
    size = f"{n // 10**places}.{n % 10**places:0{places}d}" if places else str(n)
    assert reported(f"({size})").interval == reported(f"-{size}").interval


@pytest.mark.parametrize(("written", "low", "high"), [
    ("百分之六点五", F(645, 100), F(655, 100)),
    ("三点一四", F(3135, 1000), F(3145, 1000)),
    ("一点五亿元", F(145 * 10**6), F(155 * 10**6)),
    ("一百点零五亿元", F(100045 * 10**5), F(100055 * 10**5)),
])
def test_chinese_decimals(written: str, low: F, high: F) -> None:
    r = reported(written)
    assert (r.interval.low, r.interval.high) == (low, high)


CN_DIGITS = "零一二三四五六七八九"


@given(st.integers(1, 99), st.integers(0, 10**4 - 1), st.integers(1, 4))
def test_chinese_decimals_read_like_arabic_ones(whole: int, fraction: int, places: int) -> None:
    fraction %= 10**places
    digits = f"{fraction:0{places}d}"
    arabic = f"{whole}.{digits}"
    tens, ones = divmod(whole, 10)
    chinese_whole = ("" if tens <= 1 else CN_DIGITS[tens]) + ("十" if tens else "") + (CN_DIGITS[ones] if ones else "")
    chinese = chinese_whole + "点" + "".join(CN_DIGITS[int(d)] for d in digits)
    assert reported(chinese).interval == reported(arabic).interval


def test_negative_growth_is_below_zero_percent() -> None:
    r = reported("负增长")
    assert r.unit_name == "percent" and r.interval.low is None and r.interval.high == 0 and r.interval.high_open
