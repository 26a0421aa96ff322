"""Each claim as the search for relations sees it: its interval in base units (floats widened
outward, for finding candidates only), its resolution, dimension, period, place and words."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from fractions import Fraction

from ..errors import ClaimcheckError
from ..figures.units import base_unit
from ..files.model import Claim, ClaimFile

#: Units of rates: a growth, a share or an average rate is written in one of them.
RATE_UNITS = frozenset({"percent", "permille"})
#: Words just before a figure that make it a change rather than a level.
_CHANGE_WORDS = re.compile(
    r"(净增|增加|增长|减少|下降|提高|降低|回落|上升|净减|多|少|increased?|decreased?|rose|fell|grew|up|down|"
    r"gained|lost|more than|less than)\s*(?:了|by)?\s*$", re.IGNORECASE)
_FALL_WORDS = re.compile(r"(减少|下降|回落|降低|净减|decreased?|fell|down|declined|dropped|lost|a decrease in[^$\d]*of)"
                         r"\s*(?:了|by)?\s*$", re.IGNORECASE)
#: What is left of a written figure without its digits and qualifier words: its unit word.
_UNIT_WORD = re.compile(r"[0-9.,:+\-]|左右|以上|以下|以内|余|多|超过?|近|约|about|over|nearly|more than|less than|"
                        r"[零〇一二两三四五六七八九十百千万亿]", re.IGNORECASE)
_RELATIVE = 1e-12  # outward widening of float bounds: the search never misses an exact match


@dataclass(frozen=True)
class Span:
    """A period as months since year 0: ``2020`` is (24240, 24251); ``2016/2020`` spans five years."""

    first: int
    last: int
    yearly: bool

    @property
    def months(self) -> int:
        return self.last - self.first + 1

    def within(self, other: Span) -> bool:
        return other.first <= self.first and self.last <= other.last and (self.first, self.last) != (
            other.first, other.last)


@dataclass(frozen=True)
class Fig:
    """One claim, for the search."""

    id: str
    order: int
    low: float
    high: float
    step: float
    dims: tuple[tuple[str, Fraction], ...]
    unit: str
    rate: bool
    whole: bool
    items: int | None
    value: float
    period: Span | None
    quote: str
    change: bool
    fall: bool
    exact_value: Fraction
    written: str
    unit_word: str
    words: frozenset[str] = frozenset()

    @property
    def ordinal(self) -> bool:
        """A rank (第二, 第6位), not a count."""
        return self.written.startswith("第")

    @property
    def width(self) -> float:
        """The width the chance model uses: the interval, or the resolution where it is a point."""
        if math.isinf(self.low) or math.isinf(self.high):
            return math.inf
        return max(self.high - self.low, self.step)

    @property
    def bounded(self) -> bool:
        return not (math.isinf(self.low) or math.isinf(self.high))


def parse_period(text: str | None) -> Span | None:
    """A claim's ``period`` as a :class:`Span`, or ``None``."""
    if not text:
        return None
    parts = str(text).split("/")
    try:
        spans = [_one(p) for p in parts]
    except ValueError:
        return None
    return Span(spans[0][0], spans[-1][1], all(s[2] for s in spans))


def _one(part: str) -> tuple[int, int, bool]:
    pieces = part.split("-")
    year = int(pieces[0])
    if len(pieces) == 1:
        return year * 12, year * 12 + 11, True
    month = year * 12 + int(pieces[1]) - 1
    return month, month, False


def _float_down(x: Fraction) -> float:
    f = float(x)
    return f - abs(f) * _RELATIVE - 1e-300


def _float_up(x: Fraction) -> float:
    f = float(x)
    return f + abs(f) * _RELATIVE + 1e-300


def figures_of(claim_file: ClaimFile) -> list[Fig]:
    """The claims of ``claim_file`` that have a readable, finite-valued figure, in file order."""
    out: list[Fig] = []
    for order, (cid, claim) in enumerate(claim_file.claims.items()):
        fig = _figure(cid, order, claim, claim_file)
        if fig is not None:
            out.append(fig)
    # the words of the ids that tell claims apart: not those most ids have (increase, 2016)
    seen: dict[str, int] = {}
    for f in out:
        for w in _id_words(f.id):
            seen[w] = seen.get(w, 0) + 1
    common = {w for w, n in seen.items() if len(out) >= 10 and n > DISTINCTIVE * len(out)}
    return [replace(f, words=frozenset(_id_words(f.id) - common)) for f in out]


#: A word of more than this share of the ids does not tell claims apart.
DISTINCTIVE = 1 / 3


def _id_words(cid: str) -> set[str]:
    return {w for w in re.split(r"[_\d]+", cid.lower()) if len(w) >= 2}


def _figure(cid: str, order: int, claim: Claim, claim_file: ClaimFile) -> Fig | None:
    try:
        r = claim.reading(claim_file.policy, claim_file.defaults)
        factor, dims = base_unit(r.unit_name)
    except ClaimcheckError:
        return None
    low = -math.inf if r.interval.low is None else _float_down(r.interval.low * factor)
    high = math.inf if r.interval.high is None else _float_up(r.interval.high * factor)
    quote = claim.quote or ""
    before = quote[:quote.find(claim.value)] if claim.value in quote else ""
    change = bool(_CHANGE_WORDS.search(before)) or bool(re.match(r"(?i)(down|fell|decreased|下降|减少)", claim.value))
    # a fall written as its size (Exports decreased $51.7 billion): the level before is above
    fall = r.value > 0 and bool(_FALL_WORDS.search(before))
    return Fig(
        id=cid, order=order, low=low, high=high, step=float(r.step * factor), dims=dims, unit=r.unit_name,
        rate=r.unit_name in RATE_UNITS, whole=r.counts, items=None if claim.items is None else len(claim.items),
        value=float(r.value * factor), period=parse_period(claim.period), quote=quote, change=change, fall=fall,
        exact_value=r.value * factor, written=claim.value, unit_word=_UNIT_WORD.sub("", claim.value),
    )


__all__ = ["RATE_UNITS", "Fig", "Span", "figures_of", "parse_period"]
