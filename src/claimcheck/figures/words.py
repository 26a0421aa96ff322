"""English numbers written as words: counts (``three``, ``twenty-one``, ``a dozen``) and shares
(``half``, ``a third``, ``two thirds``, ``one in five``).

A count word is a whole number, exact to one (``three ports`` is 3; ``about a dozen`` is a
dozen with the qualifier's width). A share word is a percentage written at the resolution of
one percentage point: ``a third`` is 33⅓ % ± 0.5 %, as if it were printed ``33 %`` around its
exact value; that is how loosely articles use such words, and no tighter than the digits would be.
"""

from __future__ import annotations

import re
from fractions import Fraction

_ONES = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
         "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen")
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_COUNT_WORDS: dict[str, int] = {w: i for i, w in enumerate(_ONES)} | {w: 20 + 10 * i for i, w in enumerate(_TENS)}
_COUNT_WORDS |= {f"{t}{sep}{o}": 20 + 10 * i + j for i, t in enumerate(_TENS) for j, o in enumerate(_ONES[1:10], 1)
                 for sep in ("-", " ")}
_COUNT_WORDS |= {"a dozen": 12, "one dozen": 12, "a hundred": 100, "one hundred": 100, "a thousand": 1000,
                 "one thousand": 1000}
_DENOMINATORS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fourth": 4,
                 "fourths": 4, "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6, "seventh": 7, "sevenths": 7,
                 "eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9, "tenth": 10, "tenths": 10}
_NUMERATORS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
               "eight": 8, "nine": 9}

_COUNT = re.compile("(" + "|".join(sorted(map(re.escape, _COUNT_WORDS), key=len, reverse=True)) + r")\b",
                    re.IGNORECASE)
_FRACTION = re.compile(
    r"(?:(" + "|".join(_NUMERATORS) + r")[\s-]+)?(" + "|".join(sorted(_DENOMINATORS, key=len, reverse=True))
    + r")\b", re.IGNORECASE)
_ONE_IN = re.compile(r"(one|1)\s+(?:in|out\s+of)\s+(" + "|".join(_ONES[2:] + _TENS) + r"|[0-9]{1,3})\b",
                     re.IGNORECASE)

#: The resolution of a share written in words: one percentage point, as ``33 %`` would be.
SHARE_STEP_PERCENT = Fraction(1)


def read_count_word(text: str) -> tuple[int, int] | None:
    """``(value, end)`` when ``text`` starts with a count in words (``three``, ``a dozen``)."""
    m = _COUNT.match(text)
    if m is None:
        return None
    return _COUNT_WORDS[" ".join(m.group(1).lower().split())], m.end()


def read_share_word(text: str) -> tuple[Fraction, int] | None:
    """``(percent, end)`` when ``text`` starts with a share in words: ``half`` (50), ``a third``
    (100/3), ``two thirds``, ``three quarters``, ``one in five`` (20)."""
    m = _ONE_IN.match(text)
    if m is not None:
        word = m.group(2).lower()
        whole = int(word) if word.isdigit() else _COUNT_WORDS[word]
        return (Fraction(100, whole), m.end()) if whole > 0 else None
    m = _FRACTION.match(text)
    if m is None:
        return None
    numerator = _NUMERATORS[m.group(1).lower()] if m.group(1) else 1
    denominator_word = m.group(2).lower()
    if m.group(1) is None and denominator_word not in ("half",):
        return None  # "third" alone is an ordinal, not a share
    if numerator > 1 and not denominator_word.endswith("s") and denominator_word != "half":
        return None  # "two third" is not English; "two thirds" is
    share = Fraction(100 * numerator, _DENOMINATORS[denominator_word])
    return (share, m.end()) if share <= 100 else None


__all__ = ["SHARE_STEP_PERCENT", "read_count_word", "read_share_word"]
