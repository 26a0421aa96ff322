"""A reported number: the figure as written, and the exact interval of true values it stands for.

``reported("6200亿元")`` reads the digits, the magnitude word, the unit word and any qualifier,
then builds the interval from the rounding of the written digits and the qualifier
:class:`~claimcheck.figures.policy.Policy`. Counts of whole things are cut to integers.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import TYPE_CHECKING

from ..errors import ClaimcheckError, NumberError, UnitError
from .intervals import Interval, Number
from .numerals import foreign_numeral, read_magnitudes, read_number
from .policy import (
    CHANGE_WORDS,
    CONVERSION_WORDS,
    DEFAULT_POLICY,
    INFIX_WORDS,
    PREFIX_WORDS,
    SUFFIX_WORDS,
    Policy,
    Qualifier,
)
from .units import (
    AMBIGUOUS_SIGNS,
    CURRENCY_SIGNS,
    NONNEGATIVE_UNITS,
    UnitWord,
    lookup_unit_word,
    normalise,
    unit_name,
)

if TYPE_CHECKING:
    import pint

#: Longest written value we read (a figure with its words is never this long).
MAX_TEXT_CHARS = 200

DIMENSIONLESS = UnitWord("dimensionless")



def _by_end(words: dict[str, Qualifier], end: int) -> dict[str, list[tuple[str, str]]]:
    """Qualifier words (with their case-folded form), longest first, filed under their first
    (``end=0``) or last (``end=-1``) folded character, so most figures are checked in O(1)."""
    table: dict[str, list[tuple[str, str]]] = {}
    for word in sorted(words, key=len, reverse=True):
        folded = word.casefold()
        table.setdefault(folded[end], []).append((word, folded))
    return table


_PREFIXES = _by_end(PREFIX_WORDS, 0)
_SUFFIXES = _by_end(SUFFIX_WORDS, -1)
_SIGNS = sorted(CURRENCY_SIGNS, key=len, reverse=True)


@dataclass(frozen=True, slots=True)
class Reported:
    """One written figure and the exact interval of true values it admits (in its own unit)."""

    text: str
    value: Fraction
    unit_name: str
    counts: bool
    qualifier: Qualifier
    step: Fraction
    interval: Interval

    @property
    def unit(self) -> pint.Unit:
        """The pint unit (magnitude words resolved: ``6200亿元`` is in yuan)."""
        from .units import get_unit

        return get_unit(self.unit_name)

    @property
    def low(self) -> Fraction | None:
        return self.interval.low

    @property
    def high(self) -> Fraction | None:
        return self.interval.high

    def contains(self, x: Number) -> bool:
        """Whether ``x`` (in :attr:`unit`) is a true value this figure admits, ends honoured."""
        return self.interval.contains(x)

    __contains__ = contains

    def __str__(self) -> str:
        unit = "" if self.unit_name == "dimensionless" else f" {self.unit_name}"
        return f"{self.text} -> {self.interval}{unit}"


_CHANGE_WORDS_LONGEST_FIRST = sorted(CHANGE_WORDS, key=len, reverse=True)


def _strip_prefix(text: str) -> tuple[str, Qualifier | None]:
    low = text.casefold()
    for word, folded in _PREFIXES.get(low[:1], ()):
        if low.startswith(folded):
            rest = text[len(word):]
            if word[-1].isalpha() and word.isascii() and rest[:1].isalpha() and rest[:1].isascii():
                continue  # "over" must not eat the start of "overall"
            return rest.lstrip(), PREFIX_WORDS[word]
    return text, None


def _strip_suffix(text: str) -> tuple[str, Qualifier | None]:
    low = text.casefold()
    for word, folded in _SUFFIXES.get(low[-1:], ()):
        if low.endswith(folded) and len(word) < len(text):
            return text[: len(text) - len(word)].rstrip(), SUFFIX_WORDS[word]
    return text, None


def _merge(found: Qualifier | None, new: Qualifier | None, text: str) -> Qualifier | None:
    if new is None or found is None or found == new:
        return found or new
    raise NumberError(f"{text!r} has two qualifiers that disagree ({found.value} and {new.value})")


def parse_written(text: str) -> tuple[Fraction, Fraction, Fraction, UnitWord | None, Qualifier | None]:
    """Read ``text`` into (value, step, nonzero step, unit word, qualifier); no policy applied."""
    if not isinstance(text, str):
        raise NumberError(f"expected a written number as text, got {type(text).__name__}")
    return _read_text(text)


@functools.lru_cache(maxsize=4096)
def _read_text(text: str) -> tuple[Fraction, Fraction, Fraction, UnitWord | None, Qualifier | None]:
    """:func:`parse_written`, remembering recent texts (all the parts are immutable): a yearbook
    writes the same rates and shares (``4.2%``) thousands of times."""
    original = text
    text = normalise(text)
    if not text:
        raise NumberError("empty value")
    foreign = foreign_numeral(text)
    if foreign is not None:
        raise foreign
    if text in ("负增长", "负增长了"):  # negative growth: below 0 %, how far is not said
        percent = lookup_unit_word("%")
        return Fraction(0), Fraction(1), Fraction(1), percent, Qualifier.UNDER
    if len(text) > MAX_TEXT_CHARS:
        raise NumberError(f"value of {len(text)} characters is too long (at most {MAX_TEXT_CHARS})")
    qualifier: Qualifier | None = None
    for _ in range(3):  # qualifier words and suffixes peel off from both ends
        text, before = _strip_prefix(text)
        qualifier = _merge(qualifier, before, original)
        text, after = _strip_suffix(text)
        qualifier = _merge(qualifier, after, original)
        if before is None and after is None:
            break
    change = 0
    for change_word in _CHANGE_WORDS_LONGEST_FIRST:
        rest = text[len(change_word):]
        if text.casefold().startswith(change_word) and (not change_word.isascii() or rest[:1] == " "):
            change, text = CHANGE_WORDS[change_word], rest.lstrip()  # 下降3.4%: a fall of 3.4 %, so -3.4 %
            break
    if text.startswith("合") and normalise(original).startswith("约合"):
        text = text[1:].lstrip()  # 约合: 约 was read as the qualifier already
    for conversion in ("约合", "折合", "相当于"):
        if text.startswith(conversion) and len(text) > len(conversion):
            qualifier = _merge(qualifier, CONVERSION_WORDS[conversion], original)
            text = text[len(conversion):].lstrip()
            break
    if change:
        text, after = _strip_prefix(text)  # 下降约3% as well as 约下降3%
        qualifier = _merge(qualifier, after, original)
        if text.startswith(("-", "\u2212", "+")):
            size = text.lstrip("+-\u2212")
            raise NumberError(f"{original!r} gives the sign twice: write {size!r} after the word")
    accounting = text.startswith("(") and text.endswith(")") and len(text) > 2
    if accounting:
        text = text[1:-1].strip()  # (4.7): an accounting negative
    ordinal = text.startswith("第") and len(text) > 1
    if ordinal:
        # an ordinal (第6位, 第七大港, 第二): the position itself, a whole number of places
        text = text[1:]
        qualifier = _merge(qualifier, Qualifier.EXACT, original)
    for prefix, sign in (("百分之", "%"), ("千分之", "‰")):
        if text.startswith(prefix):  # 百分之五十 is 50%
            text = text[len(prefix):] + sign
    sign_unit: str | None = None
    negative = text.startswith(("-", "\u2212"))
    if negative and text[1:].lstrip().startswith(tuple(_SIGNS)):
        text = text[1:].lstrip()  # -$5m: the sign before the currency sign
    for sign, ambiguity in AMBIGUOUS_SIGNS.items():
        if text.startswith(sign):
            raise UnitError(f"{sign!r} in {original!r} is ambiguous: it may be {ambiguity}; write the unit word")
    for sign in _SIGNS:
        if text.startswith(sign) and (not sign[-1].isalpha() or not text[len(sign):len(sign) + 1].isalpha()):
            sign_unit = CURRENCY_SIGNS[sign]
            text = text[len(sign):].lstrip()
            break
    negative = negative or text.startswith(("-", "\u2212"))
    number = read_number(text, 0, money=sign_unit is not None)
    rest = text[number.end:]
    if rest[:1] in INFIX_WORDS:
        qualifier = _merge(qualifier, INFIX_WORDS[rest[0]], original)
        # 50多亿元, 五千多万: the qualifier sits before the magnitude word
        number = read_magnitudes(text, replace(number, end=number.end + 1), money=sign_unit is not None)
        rest = text[number.end:]
    elif rest[:1] == "个" and rest[1:2] in INFIX_WORDS and lookup_unit_word("个" + rest[2:]) is not None:
        qualifier = _merge(qualifier, INFIX_WORDS[rest[1]], original)  # 3个多百分点
        rest = "个" + rest[2:]
    rest = rest.strip()
    word: UnitWord | None = None
    if rest:
        word = lookup_unit_word(rest)
        if word is None:
            if rest[:1] in "0123456789":
                raise NumberError(
                    f"a space inside the number in {original!r}: write it without the space, or with "
                    "a comma between groups of three digits (6,200)"
                )
            hint = " (the letter O where the digit 0 was meant?)" if rest[:1] in "Oo" else ""
            raise UnitError(f"unknown unit word {rest!r} in {original!r}{hint}")
    if ordinal and word is None:
        word = lookup_unit_word("位")
    if sign_unit is not None:
        if word is not None and word.unit != sign_unit:
            raise UnitError(f"{original!r} names two currencies ({sign_unit} and {word.unit})")
        word = UnitWord(sign_unit)
    value = number.value
    if (negative or change < 0 or accounting) and value > 0:
        value = -value
    return value, number.step, number.nonzero_step, word, qualifier


def _amount(
    text: str, what: str, unit: UnitWord, figure: str = "", figure_step: Fraction = Fraction(1)
) -> tuple[Fraction, bool]:
    """A precision or tolerance: (value in ``unit``, whether it is relative). A bare number (no
    unit word, no magnitude) is in ``unit``; beside a figure written with a magnitude word
    (``figure_step`` above 1) it is refused: ``0.5`` next to ``6200亿元`` would mean half a yuan."""
    value, step, _, word, qualifier = parse_written(text)
    if word is None and step <= 1 and figure_step > 1:
        raise NumberError(
            f"{what} {text!r} has no unit, but {figure!r} is written with a magnitude word: write it "
            "the way the figure is written (0.5亿元 beside 6200亿元), or with its unit word if units "
            "of one are meant (0.5元)"
        )
    if qualifier is not None:
        raise NumberError(f"{what} {text!r} cannot carry a qualifier")
    if value <= 0:
        raise NumberError(f"{what} {text!r} must be positive")
    if word is not None and word.unit == "percent" and unit.unit != "percent" and what == "tolerance":
        return value / 100, True
    if word is not None and word.unit == "percent" and what == "tolerance":
        return value / 100, True
    if word is None or word.unit == unit.unit:
        return value, False
    from .units import conversion_factor

    try:
        return value * conversion_factor(word.unit, unit.unit), False
    except UnitError as exc:
        raise UnitError(f"{what} {text!r} does not fit a figure in {unit.unit}: {exc.message}") from None


class _Field:
    """Attribute errors raised inside the block to a claim field (for the error's line)."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: object, exc: BaseException | None, tb: object) -> None:
        if isinstance(exc, ClaimcheckError) and exc.field is None:
            exc.field = self.name


def reported(
    text: str,
    unit: str | None = None,
    *,
    qualifier: str | Qualifier | None = None,
    precision: str | None = None,
    tolerance: str | None = None,
    policy: Policy | None = None,
    default_unit: str | None = None,
    default_qualifier: str | None = None,
    default_tolerance: str | None = None,
) -> Reported:
    """Read one written figure into its interval of true values.

    ``unit`` (a unit word or registry name) applies to figures written without one; it must agree
    with a unit word in the text. ``qualifier`` supplies the qualifier (it must agree with a
    written one); ``precision`` is the amount the figure was rounded to (``"1万"``);
    ``tolerance`` an explicit half-width, absolute (``"0.5亿元"``) or relative (``"2%"``).
    The ``default_*`` arguments (a file's ``defaults:``) apply only where they fit: a unit or
    qualifier where the text has none, a tolerance to rounded or approximate figures.
    Raises :class:`ClaimcheckError` (with ``field`` naming the argument at fault) on bad input.
    """
    policy = policy or DEFAULT_POLICY
    try:
        with _Field("value"):
            value, step, nonzero_step, word, written_q = parse_written(text)
        if unit is not None:
            with _Field("unit"):
                given = unit_name(unit)
                if word is not None and word.unit != given.unit:
                    raise UnitError(f"{text!r} is written in {word.unit} but the unit given is {given.unit}")
            word = given if word is None else word
        if word is None and default_unit is not None:
            with _Field("defaults.unit"):
                word = unit_name(default_unit)
        word = word or DIMENSIONLESS
        kind = written_q
        if qualifier is None and written_q is None:
            qualifier = default_qualifier
        if qualifier is not None:
            with _Field("qualifier"):
                kind = _qualifier(qualifier, written_q, text)
        kind = kind or Qualifier.ROUNDED
        digit = nonzero_step
        rounding = step if policy.trailing_zeros == "significant" else nonzero_step
        if precision is not None:
            with _Field("precision"):
                digit, relative = _amount(precision, "precision", word, text, step)
                if relative:
                    raise NumberError(f"precision {precision!r} must be an amount, not a percentage")
            rounding = digit
        accepts_tolerance = kind in (Qualifier.ROUNDED, Qualifier.ABOUT, Qualifier.EXACT)
        if tolerance is None and default_tolerance is not None and accepts_tolerance:
            tolerance = default_tolerance
        half: Fraction | None = None
        if tolerance is not None:
            with _Field("tolerance"):
                if not accepts_tolerance:
                    raise NumberError(
                        f"tolerance applies to rounded or approximate figures; {text!r} is {kind.value}"
                    )
                t, relative = _amount(tolerance, "tolerance", word, text, step)
            half = t * abs(value) if relative else t
            kind = Qualifier.ABOUT if kind == Qualifier.EXACT else kind
        interval = _interval(kind, value, rounding, digit, half, policy)
        if word.unit in NONNEGATIVE_UNITS:  # durations, areas, counts: never below 0
            interval = interval.intersect(Interval(Fraction(0), None))
        if word.counts:  # whole things: integers
            interval = interval.integers()
            if interval.is_empty:
                raise NumberError(f"no whole number fits {text!r}")
        if interval.is_empty:
            raise NumberError(f"{text!r} admits no value under this policy")
        return Reported(text, value, word.unit, word.counts, kind, rounding, interval)
    except ClaimcheckError:
        raise
    except (ValueError, ArithmeticError, OverflowError) as exc:  # defensive: never a bare traceback
        raise NumberError(f"cannot read {text!r}: {exc}") from None


def _qualifier(qualifier: str | Qualifier, written: Qualifier | None, text: str) -> Qualifier:
    from .policy import qualifier_from_name

    try:
        kind = qualifier if isinstance(qualifier, Qualifier) else qualifier_from_name(qualifier)
    except ValueError as exc:
        raise NumberError(str(exc)) from None
    if written is not None and kind != written:
        raise NumberError(f"{text!r} is written with qualifier {written.value} but {kind.value} is given")
    return kind


def _interval(
    kind: Qualifier, v: Fraction, rounding: Fraction, digit: Fraction, half: Fraction | None, policy: Policy
) -> Interval:
    if kind == Qualifier.EXACT:
        return Interval(v, v)
    if kind == Qualifier.ROUNDED:
        h = rounding / 2 if half is None else half
        return Interval(v - h, v + h)
    if kind == Qualifier.ABOUT:
        h = max(policy.about * digit, policy.about_relative * abs(v), rounding / 2) if half is None else half
        return Interval(v - h, v + h)
    if kind == Qualifier.SOME_MORE:
        return Interval(v, v + policy.some_more * digit, True, True)
    if kind == Qualifier.OVER:
        return Interval(v, None if policy.over is None else v + policy.over * digit, True, True)
    if kind == Qualifier.NEARLY:
        return Interval(v - policy.nearly * digit, v)
    if kind == Qualifier.UNDER:
        return Interval(None if policy.under is None else v - policy.under * digit, v, True, True)
    if kind == Qualifier.AT_LEAST:
        return Interval(v, None)
    if kind == Qualifier.AT_MOST:
        return Interval(None, v)
    raise AssertionError(kind)
