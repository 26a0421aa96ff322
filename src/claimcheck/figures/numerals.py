"""Reading the digits of a written number: ``1,586.9``, ``6200亿``, ``一千八百四十亿``, ``1.2 billion``.

A number is read into its exact value and two resolutions: ``step``, the place value of the last
written digit, and ``nonzero_step``, the place value of the last significant digit: the last
non-zero digit of an integer (``6200亿`` has step 1亿 and nonzero step 100亿), the last written
digit of a decimal (zeros after the point are significant). Whether an integer's trailing zeros
count is decided by the qualifier policy, not here.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from fractions import Fraction

from ..errors import NumberError

#: Longest number text we read; anything longer is refused, not computed.
MAX_NUMBER_CHARS = 80
#: Largest power of ten a written exponent may give (``1e999999`` is refused).
MAX_EXPONENT = 60

CHINESE_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
                  "六": 6, "七": 7, "八": 8, "九": 9}
CHINESE_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
CHINESE_LARGE_UNITS = {"万": 10**4, "亿": 10**8}
CHINESE_MAGNITUDES = {**CHINESE_SMALL_UNITS, **CHINESE_LARGE_UNITS}
CHINESE_NUMERAL_CHARS = set(CHINESE_DIGITS) | set(CHINESE_MAGNITUDES)

#: English magnitude words, longest first; the short forms need a currency or a word boundary.
ENGLISH_MAGNITUDES: dict[str, int] = {
    "trillion": 10**12, "billion": 10**9, "million": 10**6, "thousand": 10**3,
    "tn": 10**12, "bn": 10**9, "mn": 10**6, "k": 10**3, "m": 10**6,
}
#: Short magnitude words that are read as magnitudes only after a currency sign ("$5m" but not "5m").
MONEY_ONLY_MAGNITUDES = {"m"}

#: Magnitude words as they may begin a unit name written with its magnitude (亿元, billion dollars):
#: the Chinese magnitude characters from 百 up (万亿 first; 十元 is ten yuan, not a magnitude) and
#: the English words in full, each before a space.
_LEADING_MAGNITUDES = (
    "万亿", *sorted((c for c, v in CHINESE_MAGNITUDES.items() if v >= 100), key=lambda c: -CHINESE_MAGNITUDES[c]),
    *(f"{word} " for word in ENGLISH_MAGNITUDES if len(word) > 2),
)


def leading_magnitude(text: str) -> str | None:
    """The magnitude word that ``text`` begins with and is followed by more text (亿 in 亿元,
    ``billion `` in ``billion dollars``), or ``None``."""
    lowered = text.lower()
    return next((m for m in _LEADING_MAGNITUDES if lowered.startswith(m) and len(text) > len(m)), None)


#: Unit words that begin with a magnitude character, checked before the character is read as one.
UNITS_STARTING_WITH_MAGNITUDE = ("百分点", "千分点", "千米", "千克", "千瓦", "万千瓦")

_ARABIC = re.compile(
    r"""(?P<sign>[-+\u2212]?)
        (?P<int>\d{1,3}(?:,\d{3})+|\d+)?
        (?:\.(?P<frac>\d+))?
        (?:[eE](?P<exp>[-+]?\d+))?""",
    re.VERBOSE | re.ASCII,  # digits of other scripts are not read as digits (foreign_numeral)
)
_ENGLISH_MAG = re.compile(
    r"\s*(" + "|".join(sorted(ENGLISH_MAGNITUDES, key=len, reverse=True)) + r")s?(?![A-Za-z])",
    re.IGNORECASE,
)


#: Invisible characters that can hide inside a figure copied from a web page.
_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")
#: Characters Unicode gives a numeric value that are read as part of a Chinese numeral.
_CHINESE_NUMERIC = CHINESE_NUMERAL_CHARS | {"半", "两"}


def foreign_numeral(text: str) -> NumberError | None:
    """The error for the first character of ``text`` that stands for a number but is not read as
    one: digits of other scripts (٣, ३, ৩), superscripts and subscripts (3² is not 32),
    fractions (½), circled and Roman numerals. ``None`` when there is none. claimcheck reads
    ASCII digits (full-width ones are made ASCII before) and Chinese numerals; a unit's exponent
    (m², km³) is part of its unit word."""
    for i, ch in enumerate(text):
        if ch in _INVISIBLE:
            return NumberError(
                f"an invisible character (U+{ord(ch):04X}, {unicodedata.name(ch, 'format character').lower()}) in "
                f"{text!r}: delete it"
            )
        if ch.isascii() or ch in _CHINESE_NUMERIC or unicodedata.numeric(ch, None) is None:
            continue
        if ch in "²³" and i > 0 and text[i - 1].isascii() and text[i - 1].isalpha():
            continue  # m², km³
        name = unicodedata.name(ch, "a numeral").lower()
        if unicodedata.decimal(ch, None) is not None:
            what = f"a digit of another script ({name})"
        elif name.startswith("cjk"):
            return NumberError(
                f"{ch!r} in {text!r} is a Chinese numeral claimcheck does not read (a traditional, financial "
                "or old form): write the figure with the digits 0-9 or with 一二三…十百千万亿"
            )
        else:
            what = name
        return NumberError(
            f"{ch!r} in {text!r} is {what}, which claimcheck does not read as a number: write the "
            "figure with the digits 0-9 or in Chinese numerals"
        )
    return None


@dataclass(frozen=True, slots=True)
class WrittenNumber:
    """The digits of a reported number: exact value and the resolution of its writing."""

    value: Fraction
    step: Fraction
    nonzero_step: Fraction
    end: int  # index in the text just after the number and its magnitude words

    def scaled(self, factor: int) -> WrittenNumber:
        return WrittenNumber(self.value * factor, self.step * factor, self.nonzero_step * factor, self.end)


def read_number(text: str, pos: int = 0, *, money: bool = False) -> WrittenNumber:
    """Read the number starting at ``text[pos]`` with its magnitude words (``万``, ``billion``)."""
    if pos < len(text) and (text[pos] in CHINESE_NUMERAL_CHARS or text[pos] == "半"):
        return _read_chinese(text, pos)
    match = _ARABIC.match(text, pos)
    if match is None or (match.group("int") is None and match.group("frac") is None):
        digit = next((i for i in range(pos, len(text)) if text[i].isdigit()), None)
        if digit is not None and digit > pos:
            raise NumberError(f"unexpected {text[pos:digit]!r} before the number in {text[pos:]!r}")
        raise NumberError(f"no number in {text[pos:]!r}")
    raw = match.group(0)
    if len(raw) > MAX_NUMBER_CHARS:
        raise NumberError(f"number {raw[:20]}... has more than {MAX_NUMBER_CHARS} characters")
    end = match.end()
    if end < len(text) and text[end] == "," and end + 1 < len(text) and text[end + 1].isdigit():
        raise NumberError(f"misplaced thousands separator in {text[pos:end + 4]!r}")
    int_part = (match.group("int") or "0").replace(",", "")
    frac_part = match.group("frac") or ""
    value = Fraction(int(int_part + frac_part), 10 ** len(frac_part))
    if frac_part:
        step = nonzero_step = Fraction(1, 10 ** len(frac_part))
    else:
        step = Fraction(1)
        zeros = len(int_part) - len(int_part.rstrip("0"))
        nonzero_step = Fraction(10 ** min(zeros, len(int_part) - 1)) if int(int_part) else Fraction(1)
    if match.group("exp") is not None:
        exp = int(match.group("exp"))
        if abs(exp) > MAX_EXPONENT:
            raise NumberError(f"exponent {exp} in {raw!r} is out of range (at most {MAX_EXPONENT})")
        factor = Fraction(10) ** exp
        value, step, nonzero_step = value * factor, step * factor, nonzero_step * factor
    if match.group("sign") in ("-", "\u2212"):
        value = -value
    number = WrittenNumber(value, step, nonzero_step, end)
    return read_magnitudes(text, number, money=money)


def read_magnitudes(text: str, number: WrittenNumber, *, money: bool) -> WrittenNumber:
    """Apply magnitude words after the digits: ``6200亿``, ``5千万``, ``1.2 billion``."""
    pos = number.end
    factor = 1
    gap = len(text) - len(text[pos:].lstrip(" "))
    if gap > pos and text[gap:gap + 1] in CHINESE_MAGNITUDES:
        pos = gap  # 6200 亿元: a space before the magnitude word
    while pos < len(text) and text[pos] in CHINESE_MAGNITUDES:
        if text.startswith(UNITS_STARTING_WITH_MAGNITUDE, pos):
            break
        factor *= CHINESE_MAGNITUDES[text[pos]]
        pos += 1
    if factor == 1:
        match = _ENGLISH_MAG.match(text, pos)
        if match is not None:
            word = match.group(1).lower()
            if word not in MONEY_ONLY_MAGNITUDES or money:
                factor = ENGLISH_MAGNITUDES[word]
                pos = match.end()
    scaled = number.scaled(factor)
    result = WrittenNumber(scaled.value, scaled.step, scaled.nonzero_step, pos)
    if factor >= 10**8 and pos < len(text) and text[pos].isdigit():
        # 3亿5000万: a smaller part written after the larger magnitude
        match = _ARABIC.match(text, pos)
        if match is not None and match.group("int") and not match.group("frac") and not match.group("exp"):
            tail = read_magnitudes(text, _integer(match.group("int"), match.end()), money=money)
            if 0 < tail.value < factor:
                return WrittenNumber(result.value + tail.value, tail.step, tail.nonzero_step, tail.end)
    return result


def _integer(digits: str, end: int) -> WrittenNumber:
    digits = digits.replace(",", "")
    zeros = len(digits) - len(digits.rstrip("0"))
    nonzero = Fraction(10 ** min(zeros, len(digits) - 1)) if int(digits) else Fraction(1)
    return WrittenNumber(Fraction(int(digits)), Fraction(1), nonzero, end)


def _read_chinese(text: str, pos: int) -> WrittenNumber:
    end = pos
    while end < len(text) and (text[end] in CHINESE_NUMERAL_CHARS or text[end] == "半"):
        if end > pos and text.startswith(UNITS_STARTING_WITH_MAGNITUDE, end):
            break
        end += 1
    numeral = text[pos:end]
    if len(numeral) > MAX_NUMBER_CHARS:
        raise NumberError(f"Chinese numeral of more than {MAX_NUMBER_CHARS} characters")
    if numeral == "半":
        return WrittenNumber(Fraction(1, 2), Fraction(1, 2), Fraction(1, 2), end)
    if "半" in numeral:
        raise NumberError(f"cannot read {numeral!r}")
    value, written, nonzero = chinese_numeral(numeral)
    decimals = _chinese_decimals(text, end)
    if decimals and written == 1:
        # 六点五: the digits after 点 are read one by one, and set the resolution
        places = len(decimals)
        fraction = Fraction(int("".join(str(CHINESE_DIGITS[ch]) for ch in decimals)), 10**places)
        step = Fraction(1, 10**places)
        stop = end + 1 + places
        for word, factor in (("万亿", 10**12), ("亿", 10**8), ("万", 10**4)):  # 一点五亿: 1.5 亿
            if text.startswith(word, stop):
                return WrittenNumber((Fraction(value) + fraction) * factor, step * factor, step * factor,
                                     stop + len(word))
        return WrittenNumber(Fraction(value) + fraction, step, step, stop)
    return WrittenNumber(Fraction(value), Fraction(written), Fraction(nonzero), end)


def _chinese_decimals(text: str, end: int) -> str:
    """The Chinese digits after a 点 at ``end`` (六点五 -> 五), or ``""``."""
    if not text.startswith("点", end):
        return ""
    stop = end + 1
    while stop < len(text) and text[stop] in CHINESE_DIGITS and text[stop] != "两":
        stop += 1
    return text[end + 1:stop]


def chinese_numeral(numeral: str) -> tuple[int, int, int]:
    """Value, written step and non-zero step of a numeral in Chinese characters.

    ``一千八百四十亿`` -> (184000000000, 10**8, 10**9): like ``1840亿``, its digits are significant
    down to the 亿 unit and its last non-zero digit is the 十亿. Also the colloquial ``三万五``
    (35000, rounded at the thousand) and digit-by-digit ``二〇二〇`` (2020)."""
    if len(numeral) > 1 and all(ch in CHINESE_DIGITS and ch != "两" for ch in numeral):
        digits = "".join(str(CHINESE_DIGITS[ch]) for ch in numeral)
        zeros = len(digits) - len(digits.rstrip("0"))
        return int(digits), 1, 10 ** min(zeros, len(digits) - 1) if int(digits) else 1
    for big in ("亿", "万"):
        idx = numeral.rfind(big)
        if idx >= 0:
            left, right = numeral[:idx], numeral[idx + 1 :]
            lv, lw, ln = chinese_numeral(left) if left else (1, 1, 1)
            unit = CHINESE_LARGE_UNITS[big]
            if not right:
                return lv * unit, lw * unit, ln * unit
            if len(right) == 1 and right in CHINESE_DIGITS and CHINESE_DIGITS[right]:
                step = unit // 10  # colloquial: 三万五 is 35000, 一亿五 is 150000000
                return lv * unit + CHINESE_DIGITS[right] * step, step, step
            rv, rw, rn = _chinese_section(right, allow_large=(big == "亿"))
            if rv >= unit:
                raise NumberError(f"cannot read Chinese numeral {numeral!r}")
            return lv * unit + rv, rw, rn
    return _chinese_section(numeral, allow_large=False)


def _chinese_section(numeral: str, *, allow_large: bool) -> tuple[int, int, int]:
    if allow_large and "万" in numeral:
        return chinese_numeral(numeral)
    total = 0
    digit: int | None = None
    last_unit: int | None = None
    zero_seen = False
    step = 1
    written = 1
    for ch in numeral:
        if ch in CHINESE_DIGITS:
            if digit is not None and CHINESE_DIGITS[ch] != 0 and digit != 0:
                raise NumberError(f"cannot read Chinese numeral {numeral!r}")
            digit = CHINESE_DIGITS[ch]
            if digit == 0:
                zero_seen = True
        elif ch in CHINESE_SMALL_UNITS:
            unit = CHINESE_SMALL_UNITS[ch]
            if last_unit is not None and unit >= last_unit:
                raise NumberError(f"cannot read Chinese numeral {numeral!r}")
            total += (1 if digit is None or (digit == 0 and not total) else digit) * unit
            last_unit, step, digit, zero_seen = unit, unit, None, False
        else:
            raise NumberError(f"cannot read Chinese numeral {numeral!r}")
    if digit is not None and digit != 0:
        if last_unit is not None and last_unit >= 100 and not zero_seen:
            unit = last_unit // 10  # colloquial 一千八 = 1800
            total += digit * unit
            step = written = unit
        else:
            total += digit
            step = 1
    if total == 0 and digit is None and last_unit is None:
        raise NumberError(f"cannot read Chinese numeral {numeral!r}")
    return total, written, step

