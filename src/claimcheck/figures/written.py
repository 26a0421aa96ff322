"""Reading a written figure: digits, magnitude words, unit word, qualifier words and signs.

:func:`parse_written` turns ``超2万家`` into (20000, step 10000, unit ``count``, qualifier over)
without applying any policy; :mod:`~claimcheck.figures.reported` builds the interval from that.
Every form articles use is read here (signed changes, conversions, accounting negatives, ordinals,
Chinese decimals, English number words, rates), and what cannot be one figure (a ratio) is refused
with a message that says what to write instead. Plain decimals (``715.1亿元``, ``约4.2%``), most of
a statistical release, take a fast path (:func:`read_plain`) that gives the same result from integers.
"""

from __future__ import annotations

import functools
import re
from dataclasses import replace
from fractions import Fraction

from ..errors import NumberError, UnitError
from .numerals import MAX_NUMBER_CHARS, WrittenNumber, foreign_numeral, read_magnitudes, read_number
from .policy import CHANGE_WORDS, CONVERSION_WORDS, INFIX_WORDS, PREFIX_WORDS, SUFFIX_WORDS, Qualifier
from .units import AMBIGUOUS_SIGNS, CURRENCY_SIGNS, PER, UnitWord, lookup_unit_word, normalise
from .words import SHARE_STEP_PERCENT, read_count_word, read_share_word

#: Longest written value we read (a figure with its words is never this long).
MAX_TEXT_CHARS = 200

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
_RATIO = re.compile(r"[0-9]+(?:\.[0-9]+)?(?::[0-9]+(?:\.[0-9]+)?)+")
#: How a table's scale note is written around its unit: 单位：亿元, in billions of dollars.
_SCALE_NOTE = re.compile(r"^(?:单位[:：]\s*|\(?in\s+)", re.IGNORECASE)
_SCALE_PLURAL = re.compile(r"^(thousand|million|billion|trillion)s\s+of\s+(.+?)\)?$", re.IGNORECASE)

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


def _significant_step(value: Fraction) -> Fraction:
    """The place value of the last non-zero digit of a whole number written in words (twenty: 10,
    a hundred: 100, twelve: 1, a third: 1), as digits would have it."""
    if value.denominator != 1 or value == 0:
        return Fraction(1)
    digits = str(abs(value.numerator))
    zeros = len(digits) - len(digits.rstrip("0"))
    return Fraction(10 ** min(zeros, len(digits) - 1))


def parse_written(text: str) -> tuple[Fraction, Fraction, Fraction, UnitWord | None, Qualifier | None]:
    """Read ``text`` into (value, step, nonzero step, unit word, qualifier); no policy applied."""
    if not isinstance(text, str):
        raise NumberError(f"expected a written number as text, got {type(text).__name__}")
    if PLAIN_FAST_PATH:
        plain = read_plain(text)
        if plain is not None:
            return plain
    return _read_text(text)


@functools.lru_cache(maxsize=4096)
def _read_text(text: str) -> tuple[Fraction, Fraction, Fraction, UnitWord | None, Qualifier | None]:
    """The general reader behind :func:`parse_written`, remembering recent texts (all the parts are
    immutable): a yearbook writes the same rates and shares (``4.2%``) thousands of times."""
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
    share = read_share_word(text) if sign_unit is None else None
    if share is not None and not text[share[1]:].strip():  # a third, half, one in five: a percentage
        percent = lookup_unit_word("%")
        value = -share[0] if change < 0 else share[0]
        return value, SHARE_STEP_PERCENT, _significant_step(share[0]), percent, qualifier
    counted = read_count_word(text)
    if counted is not None:  # three, twenty-one, a dozen (and three million)
        # twenty is 20 and rounds like it: its last significant digit is the tens (about twenty: 15-25)
        whole = WrittenNumber(Fraction(counted[0]), Fraction(1), _significant_step(Fraction(counted[0])), counted[1])
        number = read_magnitudes(text, whole, money=sign_unit is not None)
    else:
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
            if _RATIO.fullmatch(text):
                raise NumberError(f"{original!r} is a ratio of {text.count(':') + 1} parts: write each part as "
                                  "a claim of its own (the parts are figures; the ratio is a rule between them)")
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
        if word is not None and word.unit.startswith(PER):
            word = UnitWord(sign_unit + word.unit)  # $12,000 per capita: dollars per person
        elif word is not None and word.unit != sign_unit:
            raise UnitError(f"{original!r} names two currencies ({sign_unit} and {word.unit})")
        else:
            word = UnitWord(sign_unit)
    if word is not None and word.unit.startswith(PER):
        raise UnitError(f"{original!r} says per what but not of what: write the unit before it "
                        f"($12,000 per capita, 1.2万元/人)")
    value = number.value
    if (negative or change < 0 or accounting) and value > 0:
        value = -value
    return value, number.step, number.nonzero_step, word, qualifier


# ---------------------------------------------------------------- the fast path for plain decimals

#: Whether figures written as plain decimals are read by :func:`read_plain` (``False``: every figure
#: the general way, to measure that way or to compare the two; results are the same).
PLAIN_FAST_PATH = True

#: What a parse gives: (value, step, nonzero step, unit word, qualifier).
Parsed = tuple[Fraction, Fraction, Fraction, UnitWord | None, Qualifier | None]

#: A plain decimal: words before it, an ASCII sign, digits with at most one point, words after it;
#: the words hold no digit, point, comma, sign or space.
_PLAIN = re.compile(r"([^\s0-9.,+\-]*)([-+]?)([0-9]+)(?:\.([0-9]+))?([^\s0-9.,+\-]*)")
#: Qualifier words that may stand before a plain decimal (read as the general reader reads them).
_PLAIN_PREFIXES = {w: q for w, q in PREFIX_WORDS.items() if normalise(w) == w and foreign_numeral(w) is None}
#: Magnitude words a plain decimal may carry (万亿 and 5千万 go the general way).
_PLAIN_MAGNITUDES = ("", "万", "亿")


@functools.lru_cache(maxsize=4096)
def read_plain(text: str) -> Parsed | None:
    """:func:`parse_written` for a plain decimal (``715.1亿元``, ``-2.7亿元``, ``约4.2%``,
    ``1840亿元左右``), from integers; ``None`` for any other text, which the general reader reads
    (or refuses, with its message). Most figures of a statistical release are written this way,
    and the general reader spent half the load of such a file on them.

    The result is the general reader's: the words around the digits are read by its own functions
    (:func:`_plain_words`), and the digits as :func:`~.numerals.read_number` reads them. This relies
    on no qualifier, change or currency word starting with a digit or sign, and no suffix word
    holding a digit (tests/test_figures_fast_path.py checks that, and compares the two readers)."""
    match = _PLAIN.fullmatch(text) if len(text) <= MAX_TEXT_CHARS else None
    if match is None:
        return None
    before, sign, whole, decimals, after = match.groups()
    decimals = decimals or ""
    if len(text) - len(before) - len(after) > MAX_NUMBER_CHARS:
        return None  # refused by the general reader
    prefix = _PLAIN_PREFIXES.get(before) if before else None
    words = _plain_words(after)
    if (before and prefix is None) or words is None:
        return None
    factor, word, suffix = words
    if prefix is not None and suffix is not None and prefix != suffix:
        return None  # two qualifiers that disagree: an error, with the general reader's message
    digits = int(whole + decimals)
    value = Fraction(-digits * factor if sign == "-" else digits * factor, 10 ** len(decimals))
    if decimals:  # the last written digit sets the resolution, zeros included
        step = nonzero_step = Fraction(factor, 10 ** len(decimals))
    else:  # an integer's last non-zero digit is its nonzero step (6200: 100)
        step = Fraction(factor)
        zeros = len(whole) - len(whole.rstrip("0"))
        nonzero_step = Fraction(10 ** min(zeros, len(whole) - 1) * factor) if digits else step
    return value, step, nonzero_step, word, prefix or suffix


@functools.lru_cache(maxsize=1024)
def _plain_words(after: str) -> tuple[int, UnitWord | None, Qualifier | None] | None:
    """The words after a plain decimal (``亿元左右``) as (magnitude factor, unit word, qualifier),
    read with the general reader's functions; ``None`` where it would read more into them (an
    infix 多, two suffixes, 万亿) or refuse them (an unknown word)."""
    if normalise(after) != after or foreign_numeral(after) is not None:
        return None
    # "0" stands for the digits: no suffix, magnitude or unit word holds a digit
    body, suffix = _strip_suffix("0" + after)
    if _strip_suffix(body)[1] is not None:
        return None  # a second suffix: the general reader peels it and checks that the two agree
    number = read_number(body)
    rest = body[number.end:]
    infix = rest[:1] in INFIX_WORDS or (rest[:1] == "个" and rest[1:2] in INFIX_WORDS)  # 50多亿元, 3个多百分点
    if infix or body[1:number.end] not in _PLAIN_MAGNITUDES:
        return None
    word = lookup_unit_word(rest) if rest else None
    if rest and (word is None or word.unit.startswith(PER)):
        return None
    return number.step.numerator, word, suffix


def read_scale(note: str) -> tuple[Fraction, UnitWord | None]:
    """A table's scale note as (factor, unit word): ``亿元`` is 10^8 yuan, ``billions of dollars``
    is 10^9 USD, ``万人`` is 10^4 people, ``%`` is percent."""
    if not isinstance(note, str):
        raise NumberError(f"scale must be written as text (亿元, billions of dollars), not {type(note).__name__}")
    text = _SCALE_NOTE.sub("", normalise(note).strip("()（） ")).rstrip(")） ")
    plural = _SCALE_PLURAL.match(text)
    if plural:
        text = f"1 {plural.group(1)} {plural.group(2)}"
    elif text[:1] in "$€£":
        text = text[:1] + "1 " + text[1:].strip()
    elif not text[:1].isdigit():
        text = ("1 " if text[:1].isascii() else "1") + text
    try:
        value, _, _, word, qualifier = parse_written(text)
    except (NumberError, UnitError) as exc:
        raise type(exc)(f"scale {note!r} is not a unit with its magnitude: {exc.message}") from None
    if qualifier is not None or value <= 0 or (word is None and value == 1):
        raise NumberError(f"scale {note!r} must be a unit with its magnitude (亿元, billions of dollars)")
    return value, word


__all__ = ["MAX_TEXT_CHARS", "PLAIN_FAST_PATH", "Parsed", "parse_written", "read_plain", "read_scale"]
