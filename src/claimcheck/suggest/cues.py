"""Text cues and periods: what makes a candidate relation more than a coincidence.

A cue divides the expected number of chance matches: the figures stand close together in the
file (or in one quote), a word that joins them is written there (其中, 共, 占, 比…增长; of which,
total, accounted for, up from), their periods fit the shape, and they share a unit. Periods that
contradict the shape (parts of another year than their total) rule a candidate out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .figures import Fig, Span

#: Words that join figures of each shape, in Chinese and English.
CUE_WORDS: dict[str, re.Pattern[str]] = {
    "sum": re.compile(r"共|合计|总计|总共|总额|累计|total|combined|together|in all", re.IGNORECASE),
    # written by a part rather than by the total: 其中出口3500亿元 is a part of the figure before
    "sum_part": re.compile(r"其中|分别|包括|of which|including|among them", re.IGNORECASE),
    "level": re.compile(r"净增|净减|增加|减少|比|较|达到|up|down|from|to|increased|decreased|rose|fell",
                        re.IGNORECASE),
    "growth": re.compile(r"增长|同比|下降|提高|降低|比|较|up|down|rose|fell|grew|growth|increase|decrease",
                         re.IGNORECASE),
    "cagr": re.compile(r"年均|每年|average annual|a year|per year|annually|annual average", re.IGNORECASE),
    "share": re.compile(r"占|比重|份额|比例|成|share|accounted for|of the|percent of|proportion", re.IGNORECASE),
    "multiple": re.compile(r"倍|翻番|times|fold|twice|double", re.IGNORECASE),
    "subset": re.compile(r"其中|包括|以内|之内|含|of which|including|among|within|out of", re.IGNORECASE),
    "rank": re.compile(r"第|位|名|rank|place", re.IGNORECASE),
    "cut": re.compile(r"压缩|缩短|缩减|降至|减至|降到|从.*(到|至)|由.*(到|至|为)|cut|reduced|from .* to",
                      re.IGNORECASE),
    "target": re.compile(r"超额完成|超过.*目标|目标|exceed|target|goal", re.IGNORECASE),
    "list": re.compile(r"", re.IGNORECASE),
}

#: How much each cue divides the expected number of chance matches.
ONE_QUOTE = 0.05
CONSECUTIVE = 0.2
NEARBY = 0.5
CUE_WORD = 0.2
SHARED_WORDS = 0.3
PERIODS_FIT = 0.7
SAME_UNIT = 0.8
#: A candidate that nothing in the text or the periods supports counts this many times more likely by chance.
NO_CUE = 10.0


@dataclass(frozen=True)
class Cues:
    """The cues a candidate has, and the factor they multiply its chance by."""

    factor: float
    said: tuple[str, ...]


def cues(kind: str, figs: list[Fig], periods_fit: bool | None, where: Fig | None = None) -> Cues | None:
    """The cues of a candidate of ``kind`` over ``figs``; ``None`` when its periods rule it out
    (``periods_fit`` is False). A joining word counts only in the quote of ``where`` when given
    (the total of a sum, the stated rate of a growth), else in any of their quotes."""
    if periods_fit is False:
        return None
    factor, said = 1.0, []
    quotes = {f.quote for f in figs if f.quote}
    if len(figs) > 1:
        span = max(f.order for f in figs) - min(f.order for f in figs)
        if len(quotes) == 1 and all(f.quote for f in figs):
            factor *= ONE_QUOTE
            said.append("one quote")
        elif span <= len(figs) - 1:
            factor *= CONSECUTIVE
            said.append("consecutive")
        elif span <= 2 * len(figs):
            factor *= NEARBY
            said.append("nearby")
    words = CUE_WORDS.get(kind)
    if words is not None and words.pattern:
        searched = sorted(quotes) if where is None else [where.quote]
        m = next((m for q in searched if (m := words.search(q))), None)
        if m is None and kind == "sum" and where is not None:  # 其中 by a part, not by the total
            part_quotes = sorted({f.quote for f in figs if f is not where and f.quote and f.quote != where.quote})
            m = next((m for q in part_quotes if (m := CUE_WORDS["sum_part"].search(q))), None)
        if m:
            factor *= CUE_WORD
            said.append(f"'{m.group(0)[:12]}'")
    if len(figs) > 1 and _tied_by_words(figs, where):
        factor *= SHARED_WORDS
        said.append("ids share words")
    if periods_fit:
        factor *= PERIODS_FIT
        said.append("periods fit")
    if len(figs) > 1 and len({f.unit_word for f in figs}) == 1:
        factor *= SAME_UNIT
        said.append("same unit word")
    if kind == "list":
        factor *= ONE_QUOTE
        said.append("items listed")
    if not said or set(said) <= {"same unit word", "periods fit"}:
        factor *= NO_CUE
    return Cues(factor, tuple(said))


def _tied_by_words(figs: list[Fig], where: Fig | None) -> bool:
    """Whether each figure's id shares a distinctive word with the one the candidate is about
    (exports_dec = goods_exports_dec + services_exports_dec), or all share one."""
    if where is not None and where.words:
        return all(f.words & where.words for f in figs if f is not where)
    common = set(figs[0].words)
    for f in figs[1:]:
        common &= f.words
    return bool(common)


def same_period(figs: list[Fig]) -> bool | None:
    """Whether the figures are of one period: False when two known periods differ, True when all
    are known and equal, ``None`` otherwise."""
    known = {(f.period.first, f.period.last) for f in figs if f.period is not None}
    if len(known) > 1:
        return False
    return True if known and all(f.period is not None for f in figs) else None


def follows(old: Span | None, new: Span | None) -> bool | None:
    """Whether ``new`` is the period after ``old`` of the same length (2019 then 2020, or the same
    months a year apart), ``None`` when one is unknown."""
    if old is None or new is None:
        return None
    if old.months != new.months:
        return False
    return new.first - old.first in (old.months, 12)


def from_to(change: Span) -> tuple[Span, Span] | None:
    """The two periods of a change written from one period to the next (``2016-11/2016-12``,
    ``2015/2016``: a span of exactly two periods of a month or a year), or ``None`` for a change
    over a span (``2016/2020``, the change during five years)."""
    size = 12 if change.yearly else 1
    if change.months != 2 * size:
        return None
    return (Span(change.first, change.first + size - 1, change.yearly),
            Span(change.first + size, change.last, change.yearly))


def base_of(change: Span) -> Span:
    """The period of the level a change starts from: the first of a from-to change, else the
    period before its span (比“十二五”末 for a change over 2016/2020: 2015)."""
    pair = from_to(change)
    if pair is not None:
        return pair[0]
    size = 12 if change.yearly else 1
    return Span(change.first - size, change.first - 1, change.yearly)


def change_fits(old: Span | None, change: Span | None, new: Span | None) -> bool | None:
    """Whether a change over ``change`` leads from a level at ``old`` to one at ``new``."""
    if old is None or change is None or new is None:
        return None
    pair = from_to(change)
    if pair is not None and (old.first, old.last) == (pair[0].first, pair[0].last):
        return (new.first, new.last) == (pair[1].first, pair[1].last)
    if change.first == change.last or change.months == new.months:  # a one-period change: from the period before
        return follows(old, new)
    return old.last < change.first <= old.last + 12 and change.last == new.last


def years_between(start: Span | None, end: Span | None) -> int | None:
    """Whole years between two yearly (or same-month) periods, or ``None``."""
    if start is None or end is None or start.months != end.months:
        return None
    gap = end.first - start.first
    return gap // 12 if gap > 0 and gap % 12 == 0 else None


__all__ = ["CUE_WORDS", "Cues", "base_of", "change_fits", "cues", "follows", "from_to", "same_period", "years_between"]
