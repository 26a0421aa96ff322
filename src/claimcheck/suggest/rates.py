"""Rates between two levels: growth (and a fall written as a size), the compound average growth
rate with its years taken from the periods, a share of a whole, and multiples (倍), with the
增长N倍 ambiguity (N times as much, or N+1) given as two readings.

A level may also be derived: a level less the change written beside it is the level before
(6200亿元 after a net increase of 1840亿元: 4360亿元 at the start), which is how articles give the
base of an average growth rate.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import permutations

from .candidates import Candidate, interval, local_chance, meets, rate_chance
from .cues import CUE_WORDS, base_of, cues, follows, from_to, same_period, years_between
from .figures import Fig, Span

#: The spread over which random rates of change fall.
GROWTH_SPREAD = 1.0
#: Half-width of the neighbourhood of a stated rate in which the density of chance rates is measured.
RATE_WINDOW = 0.05
#: How near (in claims) a change must stand to the level it is subtracted from.
DERIVED_WINDOW = 8


@dataclass(frozen=True)
class Level:
    """A level: a claim, or a claim less a change (``expr`` is what the rule writes)."""

    expr: str
    figs: tuple[Fig, ...]
    low: float
    high: float
    period: Span | None
    order: int

    @property
    def width(self) -> float:
        return sum(f.width for f in self.figs)


def _levels(figs: list[Fig], widen: float) -> dict[tuple[object, ...], list[Level]]:
    by_dims: dict[tuple[object, ...], list[Level]] = defaultdict(list)
    plain = [f for f in figs if f.bounded and not f.rate and f.low > 0 and not f.ordinal and f.items is None]
    for f in plain:
        if not f.change:
            lo, hi = interval(f, widen)
            by_dims[f.dims].append(Level(f.id, (f,), lo, hi, f.period, f.order))
    for level in plain:
        for change in plain:
            if not change.change or level.change or change.dims != level.dims or \
                    abs(change.order - level.order) > DERIVED_WINDOW or change.period is None:
                continue
            pair = from_to(change.period)
            end = pair[1] if pair is not None else change.period
            ends_at_level = level.period is None or (
                level.period.last == end.last and level.period.yearly == end.yearly)
            if not ends_at_level or not (change.words & level.words or change.quote == level.quote):
                continue  # the change of another quantity, or of another time
            lo_l, hi_l = interval(level, widen)
            lo_c, hi_c = interval(change, widen)
            if change.fall:  # the level before a fall written as its size: level + fall
                low, high, expr = lo_l + lo_c, hi_l + hi_c, f"{level.id} + {change.id}"
            else:
                low, high, expr = lo_l - hi_c, hi_l - lo_c, f"{level.id} - {change.id}"
            if low <= 0:
                continue
            by_dims[level.dims].append(Level(expr, (level, change), low, high, base_of(change.period), level.order))
    return by_dims


def _rates(figs: list[Fig], widen: float) -> tuple[list[Fig], list[float], float]:
    rates = sorted((f for f in figs if f.rate and f.bounded), key=lambda f: (f.low + f.high) / 2)
    centres = [(f.low + f.high) / 2 for f in rates]
    reach = max(((interval(f, widen)[1] - interval(f, widen)[0]) / 2 for f in rates), default=0.0)
    return rates, centres, reach


def rate_candidates(figs: list[Fig], widen: float) -> Iterator[Candidate]:
    """Growth, reduction, cagr and share candidates over ``figs``."""
    rates, centres, reach = _rates(figs, widen)
    if not rates:
        return
    levels = _levels(figs, widen)
    pairs = [(old, new) for group in levels.values() for old, new in permutations(group, 2)
             if (not set(old.figs) & set(new.figs) or _derived_from(old, new) or _derived_from(new, old))
             and _same_thing(old, new)]
    density = _Density(pairs)
    density.rates = len(rates)
    for old, new in pairs:
        yield from _between(old, new, rates, centres, reach, widen, len(pairs) * len(rates), density)


def share_candidates(figs: list[Fig], widen: float) -> Iterator[Candidate]:
    """``share(part, whole) == r`` for a rate written beside its part (其中出口3500亿元，占56.5%)
    with a word of share, and any whole of the same kind that holds the part."""
    rates = [f for f in figs if f.rate and f.bounded and not f.change and CUE_WORDS["share"].search(f.quote)]
    levels = [f for f in figs if f.bounded and not f.rate and f.low > 0 and not f.ordinal and f.items is None]
    wholes_of: dict[tuple[object, ...], list[Fig]] = defaultdict(list)
    for f in levels:
        wholes_of[f.dims].append(f)
    ratios = sorted(p.value / w.value for ws in wholes_of.values() for p in ws for w in ws
                    if p is not w and w.value > 0)
    tried = len(rates) * len(ratios)
    for r in rates:
        for part in levels:
            if abs(part.order - r.order) > 1 and part.quote != r.quote:
                continue
            for whole in wholes_of[part.dims]:
                if whole is part or whole.value < part.value or whole.low <= 0:
                    continue
                if not (part.words & whole.words or abs(part.order - whole.order) <= 3 or part.quote == whole.quote):
                    continue  # a share of a whole of another kind, far away in the text
                lo_p, hi_p = interval(part, widen)
                lo_w, hi_w = interval(whole, widen)
                s = (lo_p / hi_w, hi_p / lo_w)
                if not meets(s, interval(r, widen)):
                    continue
                c = cues("share", [part, whole, r], same_period([part, whole, r]), r)
                if c is None:
                    continue
                near = widen != 1 and not meets((part.low / whole.high, part.high / whole.low), (r.low, r.high))
                chance = local_chance(ratios, (r.low + r.high) / 2, RATE_WINDOW, abs(s[1] - s[0]) + r.width)
                yield Candidate("share", (part.id, whole.id, r.id), f"share({part.id}, {whole.id}) == {r.id}", None,
                                "a share is the part over the whole", tried, chance, c, near)


def change_rate_candidates(figs: list[Fig], widen: float) -> Iterator[Candidate]:
    """A rate written beside a change, as the change over the level before it:
    ``share(deficit_increase, deficit_2015) == deficit_increase_pct`` (up $1.9 billion, or 0.4 percent)."""
    rates = [f for f in figs if f.rate and f.bounded]
    changes = [f for f in figs if f.change and f.bounded and not f.rate and f.low > 0]
    bases = [f for f in figs if not f.change and f.bounded and not f.rate and f.low > 0 and f.items is None]
    tried = len(rates) * sum(1 for c in changes for b in bases if b.dims == c.dims)
    for change in changes:
        for r in rates:
            if abs(r.order - change.order) > 1 and r.quote != change.quote:
                continue
            for base in bases:
                if base.dims != change.dims or base is change:
                    continue
                fit = None
                if base.period is not None and change.period is not None:
                    start = base_of(change.period)
                    fit = (start.first, start.last) == (base.period.first, base.period.last)
                lo_c, hi_c = interval(change, widen)
                lo_b, hi_b = interval(base, widen)
                s = (lo_c / hi_b, hi_c / lo_b)
                if not meets(s, interval(r, widen)):
                    continue
                c = cues("growth", [change, r, base], fit, r)
                if c is None:
                    continue
                near = widen != 1 and not meets((change.low / base.high, change.high / base.low), (r.low, r.high))
                chance = rate_chance(abs(s[1] - s[0]) + r.width, GROWTH_SPREAD)
                yield Candidate("share", (change.id, base.id, r.id), f"share({change.id}, {base.id}) == {r.id}", None,
                                "a rate is the change over the level before it", tried, chance, c, near)


def _derived_from(derived: Level, level: Level) -> bool:
    """Whether ``derived`` is ``level`` less (or plus) its change: the rate between them is the
    change's rate (down $51.7 billion, or 2.3 percent)."""
    return len(derived.figs) == 2 and len(level.figs) == 1 and derived.figs[0] is level.figs[0]


def _words(level: Level) -> set[str]:
    return {w for f in level.figs[:1] for w in re.split(r"[_\d]+", f.id) if len(w) >= 2}


def _same_thing(old: Level, new: Level) -> bool:
    """Whether two levels may be one quantity at two times (or a part and its whole): their
    periods follow one another, or their ids share a word (trade_2015, trade_2020)."""
    if len(old.figs) > 1 or len(new.figs) > 1:
        return bool(_words(old) & _words(new)) or old.figs[0] is new.figs[0]
    return follows(old.period, new.period) is True or bool(_words(old) & _words(new))


class _Density:
    """The rates the tried pairs of levels give (growth and share), sorted: how crowded the
    neighbourhood of a stated rate is."""

    def __init__(self, pairs: list[tuple[Level, Level]]) -> None:
        growth, share = [], []
        for old, new in pairs:
            o, n = (old.low + old.high) / 2, (new.low + new.high) / 2
            if o > 0:
                growth.append(n / o - 1)
                share.append(o / n if n > 0 else math.inf)
        self.growth = sorted(growth)
        self.share = sorted(x for x in share if math.isfinite(x))
        self.rates = 0

    def chance(self, values: list[float], centre: float, width: float, tried: int) -> float:
        """The chance per tried candidate, such that ``tried`` times it is the expected number of
        chance matches: every stated rate is tried against every pair, and a stated rate in a crowd
        of the rates the pairs give is easy to match by accident."""
        if not values or not tried:
            return 1.0
        per_rate = local_chance(values, centre, RATE_WINDOW, width) * len(values)
        return min(1.0, per_rate * self.rates / tried)


def _matching(rates: list[Fig], centres: list[float], reach: float, lo: float, hi: float,
              widen: float) -> Iterator[Fig]:
    if math.isnan(lo) or math.isnan(hi):
        return
    for r in rates[bisect.bisect_left(centres, lo - reach):bisect.bisect_right(centres, hi + reach)]:
        if meets((lo, hi), interval(r, widen)):
            yield r


def _between(old: Level, new: Level, rates: list[Fig], centres: list[float], reach: float, widen: float,
             tried: int, density: _Density) -> Iterator[Candidate]:
    exact_old, exact_new = _plain(old), _plain(new)
    if old.low <= 0 or exact_old[0] <= 0:
        return  # a rate from a base that may be 0 or below says nothing
    # growth(new, old) == r, and a fall written as its size: reduction(old, new) == r
    g = (new.low / old.high - 1, new.high / old.low - 1)
    g0 = (exact_new[0] / exact_old[1] - 1, exact_new[1] / exact_old[0] - 1)
    fit = follows(old.period, new.period)
    for sign, kind, check in ((1, "growth", f"growth({new.expr}, {old.expr})"),
                              (-1, "reduction", f"reduction({old.expr}, {new.expr})")):
        lo, hi = sorted((sign * g[0], sign * g[1]))
        for r in _matching(rates, centres, reach, lo, hi, widen):
            if r.id in {f.id for f in old.figs + new.figs} or (sign < 0 and r.value < 0):
                continue
            rate_fit = fit if r.period is None or new.period is None else fit is not False and _ends_at(r, new)
            if not rate_fit and not (_same_quote(r, new) and CUE_WORDS["growth"].search(r.quote)):
                continue  # without periods that fit, only a rate written with its level and a word of change
            if not rate_fit and not CUE_WORDS["growth"].search(r.quote):
                continue
            c = cues("growth", [*old.figs, *new.figs, r], rate_fit, r)
            if c is None:
                continue
            chance = density.chance(density.growth, sign * (r.low + r.high) / 2, abs(g[1] - g[0]) + r.width, tried)
            lo0, hi0 = sorted((sign * g0[0], sign * g0[1]))
            near = widen != 1 and not meets((lo0, hi0), (r.low, r.high))
            yield Candidate(kind, _ids(old, new, r), f"{check} == {r.id}", None,
                            "a rate of change between two levels", tried, chance, c, near)
    # cagr(start, end, years=N) == r, the years from the periods
    years = years_between(old.period, new.period)
    positive = min(old.low, new.low, exact_old[0], exact_new[0]) > 0  # a rate of positive levels only
    if years is not None and years >= 2 and positive:
        c_lo = (new.low / old.high) ** (1 / years) - 1
        c_hi = (new.high / old.low) ** (1 / years) - 1
        for r in _matching(rates, centres, reach, c_lo, c_hi, widen):
            if r.id in {f.id for f in old.figs + new.figs} or not _beside(r, old, new):
                continue
            fit_r = None if r.period is None or new.period is None else _ends_at(r, new)
            c = cues("cagr", [*old.figs, *new.figs, r], fit_r, r)
            if c is None:
                continue
            e_lo = (exact_new[0] / exact_old[1]) ** (1 / years) - 1
            e_hi = (exact_new[1] / exact_old[0]) ** (1 / years) - 1
            near = widen != 1 and not meets((e_lo, e_hi), (r.low, r.high))
            yield Candidate("cagr", _ids(old, new, r), f"cagr({old.expr}, {new.expr}, years={years}) == {r.id}", None,
                            f"an average annual growth rate over {years} years", tried,
                            density.chance(density.growth, (1 + (r.low + r.high) / 2) ** years - 1,
                                           years * (abs(c_hi - c_lo) + r.width), tried), c, near)


def _ends_at(r: Fig, new: Level) -> bool:
    """Whether a rate's period ends with the new level's period, at the same step (a rate from
    2015 to 2016 is not a rate of a December level)."""
    assert r.period is not None and new.period is not None
    pair = from_to(r.period)
    end = pair[1] if pair is not None else r.period
    if end.yearly != new.period.yearly:
        return False
    return end.last == new.period.last and (pair is not None or end.first <= new.period.first)


def _same_quote(r: Fig, level: Level) -> bool:
    return bool(r.quote) and any(r.quote == f.quote for f in level.figs)


def _beside(r: Fig, old: Level, new: Level) -> bool:
    """Whether a stated rate stands next to one of its levels (in its quote, or within a few claims):
    articles write a rate beside the figure it is a rate of."""
    return any(abs(r.order - f.order) <= DERIVED_WINDOW or (r.quote and r.quote == f.quote)
               for f in (*old.figs, *new.figs))


def _plain(level: Level) -> tuple[float, float]:
    """The level's bounds without the near-miss widening (a level before a fall is level + fall)."""
    if len(level.figs) == 1:
        f = level.figs[0]
        return f.low, f.high
    a, b = level.figs
    if level.expr.endswith(f" + {b.id}"):
        return a.low + b.low, a.high + b.high
    return a.low - b.high, a.high - b.low


def _ids(old: Level, new: Level, r: Fig) -> tuple[str, ...]:
    return tuple(dict.fromkeys(f.id for f in (*old.figs, *new.figs, r)))


def multiple_candidates(figs: list[Fig], widen: float) -> Iterator[Candidate]:
    """``a`` is ``k`` times ``b`` for a figure ``k`` written in 倍 (times); when the text says
    增长k倍 (grew k-fold), the two readings k and k+1."""
    multiples = [f for f in figs if f.unit == "times" and f.bounded and f.value > 0]
    if not multiples:
        return
    by_dims: dict[tuple[object, ...], list[Fig]] = defaultdict(list)
    for f in figs:
        if f.bounded and not f.rate and f.low > 0 and f.unit != "times":
            by_dims[f.dims].append(f)
    tried = sum(len(g) * (len(g) - 1) for g in by_dims.values()) * len(multiples)
    for group in by_dims.values():
        for base, big in permutations(group, 2):
            b_lo, b_hi = interval(base, widen)
            g_lo, g_hi = interval(big, widen)
            ratio = (g_lo / b_hi, g_hi / b_lo)
            for k in multiples:
                k_iv = interval(k, widen)
                grew = any(w in k.quote for w in ("增长", "增加", "提高", "grew", "increased"))
                plus_one = (k_iv[0] + 1, k_iv[1] + 1)
                if not (meets(ratio, k_iv) or (grew and meets(ratio, plus_one))):
                    continue
                c = cues("multiple", [base, big, k], None, k)
                if c is None:
                    continue
                chance = rate_chance((ratio[1] - ratio[0]) + k.width, max(k.value, 1.0) * 4)
                exact = (big.low / base.high, big.high / base.low)
                near = widen != 1 and not (meets(exact, (k.low, k.high)) or
                                           (grew and meets(exact, (k.low + 1, k.high + 1))))
                ids = (base.id, big.id, k.id)
                if grew:
                    readings = (("k_times_as_much", f"ratio({big.id}, {base.id}) == {k.id}"),
                                ("k_times_more", f"ratio({big.id}, {base.id}) == {k.id} + 1"))
                    yield Candidate("multiple", ids, None, readings,
                                    "增长N倍: N times as much, or N times more (N+1 times as much)", tried, chance, c,
                                    near)
                else:
                    yield Candidate("multiple", ids, f"ratio({big.id}, {base.id}) == {k.id}", None,
                                    "a multiple of another figure", tried, chance, c, near)


__all__ = ["change_rate_candidates", "multiple_candidates", "rate_candidates", "share_candidates"]
