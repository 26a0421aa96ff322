"""The fast path for figures written as plain decimals (``715.1亿元``, ``约4.2%``) gives exactly what
the general reader gives, and leaves every other form to it.

``written.read_plain`` is compared with ``written._read_text`` (the general reader, which the fast
path never enters), and ``reported`` with ``PLAIN_FAST_PATH`` on and off: same results (compared
by ``==`` and by ``repr``, so a Fraction never turns into an int), same errors.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from fractions import Fraction as F
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from claimcheck import Policy, Qualifier
from claimcheck.errors import ClaimcheckError
from claimcheck.figures import written
from claimcheck.figures.policy import CHANGE_WORDS, PREFIX_WORDS, SUFFIX_WORDS
from claimcheck.figures.reported import reported
from claimcheck.figures.units import CURRENCY_SIGNS, UNIT_WORDS, UnitWord, lookup_unit_word, normalise


@contextmanager
def general_only() -> Iterator[None]:
    """Every figure read the general way inside the block."""
    written.PLAIN_FAST_PATH = False
    try:
        yield
    finally:
        written.PLAIN_FAST_PATH = True


def outcome(read: Any, *args: Any, **kwargs: Any) -> tuple[str, str]:
    """What a reader gives: its result's repr, or its error's type and message."""
    try:
        return "ok", repr(read(*args, **kwargs))
    except ClaimcheckError as exc:
        return type(exc).__name__, f"{exc.message} field={exc.field}"


def general_parse(text: str) -> tuple[str, str]:
    return outcome(written._read_text, text)


def same_parse(text: str) -> bool:
    """The fast path reads ``text`` as the general reader does, or leaves it to it."""
    plain = written.read_plain(text)
    if plain is None:
        return True
    assert ("ok", repr(plain)) == general_parse(text), text
    return False


def same_reading(text: str, **kwargs: Any) -> None:
    fast = outcome(reported, text, **kwargs)
    with general_only():
        general = outcome(reported, text, **kwargs)
    assert fast == general, (text, kwargs)


# ---------------------------------------------------------------- examples

YUAN, PERCENT = UnitWord("yuan"), UnitWord("percent")


@pytest.mark.parametrize(("text", "expected"), [
    ("715.1亿元", (F(71510000000), F(10**7), F(10**7), YUAN, None)),
    ("-2.7亿元", (F(-270000000), F(10**7), F(10**7), YUAN, None)),
    ("0.96%", (F(96, 100), F(1, 100), F(1, 100), PERCENT, None)),
    ("4.2%", (F(42, 10), F(1, 10), F(1, 10), PERCENT, None)),
    ("69649.3亿元", (F(6964930000000), F(10**7), F(10**7), YUAN, None)),
    ("1840亿元左右", (F(184000000000), F(10**8), F(10**9), YUAN, Qualifier.ABOUT)),
    ("约4.2%", (F(42, 10), F(1, 10), F(1, 10), PERCENT, Qualifier.ABOUT)),
    ("约6200万元左右", (F(62000000), F(10**4), F(10**6), YUAN, Qualifier.ABOUT)),
    ("6000余家", None),  # an infix qualifier: the general way
    ("12", (F(12), F(1), F(1), None, None)),
    ("+5.0%", (F(5), F(1, 10), F(1, 10), PERCENT, None)),
    ("-0.0%", (F(0), F(1, 10), F(1, 10), PERCENT, None)),
    ("超2万家", (F(20000), F(10**4), F(10**4), UnitWord("count", True), Qualifier.OVER)),
])
def test_plain_figures(text: str, expected: tuple[Any, ...] | None) -> None:
    assert written.read_plain(text) == expected
    if expected is not None:
        assert general_parse(text) == ("ok", repr(expected))
    assert written.parse_written(text) == written._read_text(text)


@pytest.mark.parametrize("text", [
    "1,234.5亿元", "1e8", "1E8元", "一千", "一千亿元", "1.2万亿元", "5千万元", " 12 ", "12 ", "5 亿元", "１２亿元",
    ".5%", "5.%", "1.2.3%", "\u22125%", "50多亿元", "3个多百分点", "5亿元左右左右", "约5亿元以上", "第5", "下降3.4%",
    "$5", "-$5m", "¥5", "5k", "5m", "5元/", "5/人", "5亿元\u200b", "5²", "3:2", "1 in 5", "5 dollars", "About5%",
    "(4.7)亿元", "5" * 81, "5%" + "左右" * 100, "",
])
def test_other_forms_go_the_general_way(text: str) -> None:
    assert written.read_plain(text) is None
    same_reading(text)


def test_a_plain_figure_reads_the_same_interval_both_ways() -> None:
    r = reported("715.1亿元")
    assert r.interval.low == F(71505000000) and r.interval.high == F(71515000000)
    with general_only():
        assert reported("715.1亿元") == r
    assert reported("-2.7亿元").interval.low == F(-275000000)


@pytest.mark.parametrize("kwargs", [
    {}, {"unit": "元"}, {"unit": "美元"}, {"qualifier": "about"}, {"qualifier": "exact"}, {"precision": "1亿元"},
    {"tolerance": "2%"}, {"default_tolerance": "1%"}, {"default_qualifier": "about"}, {"default_unit": "元"},
    {"default_scale": "亿元"}, {"scale": "亿元"}, {"policy": Policy(trailing_zeros="insignificant")},
    {"policy": Policy(about="1", about_relative="2%", over="1", under="1")},
])
@pytest.mark.parametrize("text", ["715.1亿元", "6200亿元", "12", "约3.5万吨", "超2万家", "3家以上", "4.2%左右",
                                  "-1.5年", "-0.0吨"])
def test_readings_are_the_same_whatever_else_is_given(text: str, kwargs: dict[str, Any]) -> None:
    same_reading(text, **kwargs)


def test_errors_are_the_same() -> None:
    for text in ("5亿元/人", "0.4家", "-3家", "5.5人左右", "约5亿元以上", "5亿元/", "5吨以下"):
        same_reading(text)
    same_reading("0.4家", policy=Policy(trailing_zeros="insignificant"))


# ---------------------------------------------------------------- what the fast path relies on

def test_the_words_the_fast_path_reads_around_digits_hold_none() -> None:
    """No qualifier, change or currency word starts with a digit, sign or point, and no suffix word
    holds one: the general reader then reads the digits of a plain decimal as the fast path does."""
    for word in [*PREFIX_WORDS, *CHANGE_WORDS, *CURRENCY_SIGNS]:
        assert word[:1] not in "0123456789+-.,", word
    for word in SUFFIX_WORDS:
        assert not any(ch in "0123456789.," for ch in word), word


def test_words_the_tables_may_gain_still_read_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    """Unit words that begin with an infix qualifier or end with a suffix one (none yet) would be
    read the general reader's way: 5多元 is some more than 5 yuan, 5元以上左右 has two qualifiers."""
    def caches() -> None:
        for cached in (written.read_plain, written._plain_words, written._read_text):
            cached.cache_clear()

    monkeypatch.setattr(written, "lookup_unit_word", lambda word: lookup_unit_word("元" if "元" in word else word))
    caches()
    try:
        for text in ("5多元", "5元以上左右", "5个多元"):
            same_parse(text)
            same_reading(text)
    finally:
        caches()


MAGNITUDES = ("", "万", "亿", "万亿", "千", "百")
NUMBERS = ("715.1", "-2", "1200", "+0.50", "007")


@pytest.mark.parametrize("unit", sorted(UNIT_WORDS))
def test_every_unit_word_with_every_suffix(unit: str) -> None:
    taken = 0
    for number in NUMBERS:
        for magnitude in MAGNITUDES:
            for suffix in ("", *SUFFIX_WORDS):
                taken += not same_parse(f"{number}{magnitude}{unit}{suffix}")
    # what the general reader would first rewrite (space, full-width brackets) or read as a number
    plain = normalise(unit) == unit and not any(ch in unit for ch in " -0123456789")
    assert bool(taken) == plain


@pytest.mark.parametrize("prefix", sorted(PREFIX_WORDS))
def test_every_prefix_word(prefix: str) -> None:
    for number in NUMBERS:
        for tail in ("亿元", "%", "家", "", "亿元左右", "%以上", "人次"):
            same_parse(f"{prefix}{number}{tail}")
            same_parse(f"{prefix} {number}{tail}")


def test_the_common_forms_take_the_fast_path() -> None:
    for text in ("715.1亿元", "-2.7亿元", "0.96%", "约4.2%", "1840亿元左右", "3.5个百分点", "12.5万吨", "5家", "2.1倍"):
        assert written.read_plain(text) is not None, text


# ---------------------------------------------------------------- properties

PLAIN_UNITS = ("元", "亿元", "美元", "%", "‰", "个百分点", "百分点", "家", "个", "人", "人次", "吨", "标准箱",
               "年", "倍", "平方米", "千米")
WORDS_AROUND = {
    "before": ("", "", "约", "大约", "超", "近", "不到", "至少", "≥", "~", "约为", "下降", "第", "$", "约合"),
    "magnitude": ("", "", "万", "亿", "万亿", "千", "多", "余"),
    "unit": ("", *PLAIN_UNITS, *sorted(UNIT_WORDS)),
    "after": ("", "", "左右", "以上", "以内", "多", "余", "+", " ", "左右左右"),
}


@st.composite
def figures(draw: st.DrawFn) -> str:
    """A decimal as a release writes it, and now and then a little more or less."""
    sign = draw(st.sampled_from(("", "", "-", "+")))
    whole = draw(st.from_regex(r"[0-9]{1,25}", fullmatch=True))
    decimals = draw(st.one_of(st.just(""), st.from_regex(r"\.[0-9]{1,12}", fullmatch=True)))
    words = {part: draw(st.sampled_from(choices)) for part, choices in WORDS_AROUND.items()}
    return f"{words['before']}{sign}{whole}{decimals}{words['magnitude']}{words['unit']}{words['after']}"


@given(figures())
def test_plain_decimals_read_as_the_general_reader_reads_them(text: str) -> None:
    same_parse(text)
    same_reading(text)


@given(
    sign=st.sampled_from(("", "-")),
    whole=st.integers(0, 10**12),
    decimals=st.integers(0, 6),
    magnitude=st.sampled_from(("", "万", "亿")),
    unit=st.sampled_from(PLAIN_UNITS),
    qualifier=st.sampled_from(("", "约", "左右")),
)
def test_plain_decimals_take_the_fast_path(
    sign: str, whole: int, decimals: int, magnitude: str, unit: str, qualifier: str
) -> None:
    number = f"{sign}{whole}" + (f".{whole % 10**decimals:0{decimals}d}" if decimals else "")
    text = f"{qualifier}{number}{magnitude}{unit}" if qualifier == "约" else f"{number}{magnitude}{unit}{qualifier}"
    if unit == "亿元" and magnitude:
        return  # 5万亿元 is left to the general reader
    assert not same_parse(text), text
    same_reading(text)
    same_reading(text, policy=Policy(trailing_zeros="insignificant"))


@given(st.text(alphabet="0123456789.,+-约亿万元%左右多家 e", max_size=12))
def test_any_text_reads_the_same_both_ways(text: str) -> None:
    same_parse(text)
    same_reading(text)
