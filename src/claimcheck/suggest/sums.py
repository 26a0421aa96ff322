"""Sums of two to six parts equal to a total, levels (previous level plus the change) and
differences. Pairs are searched all against all, by sorting the totals; longer sums only among
the figures near their total in the file (a list is written together)."""

from __future__ import annotations

import bisect
import math
import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import replace
from itertools import combinations
from math import comb

from .candidates import Candidate, interval, local_chance, meets, relative_chance
from .cues import change_fits, cues, same_period
from .figures import Fig

#: How far (in claims, in file order) the parts of a sum of three or more may stand from their total.
WINDOW = 5
MAX_PARTS = 6
#: Candidates expected to match by chance more often than this, even with every cue, are not kept.
E_MAX = 1000.0
#: The factor of the strongest cues together (one quote, a joining word, shared words, periods, unit).
STRONGEST_CUES = 0.05 * 0.2 * 0.3 * 0.7 * 0.8
#: Half-width of the neighbourhood of a total, relative to it, in which the density of chance sums is measured.
DENSITY_WINDOW = 0.1
#: Words of a balance (a difference of two flows): a deficit is imports minus exports.
_BALANCE = re.compile(r"差|逆差|顺差|净|deficit|surplus|balance|gap|net", re.IGNORECASE)


def _groups(figs: list[Fig]) -> list[list[Fig]]:
    by_dims: dict[tuple[object, ...], list[Fig]] = defaultdict(list)
    for f in figs:
        if f.bounded and not f.rate and not f.ordinal and f.items is None:
            by_dims[f.dims].append(f)
    return [g for g in by_dims.values() if len(g) >= 3]


def sum_candidates(figs: list[Fig], widen: float) -> Iterator[Candidate]:
    """Every sum, level and difference over ``figs`` that holds with intervals widened ``widen``
    times (``near`` when it needs the widening)."""
    for group in _groups(figs):
        yield from _pairs(group, widen)
        yield from _longer(group, widen)


def _pairs(group: list[Fig], widen: float) -> Iterator[Candidate]:
    n = len(group)
    pairs = comb(n, 2)
    tried = pairs * (n - 2)
    totals = sorted(group, key=_centre)
    centres = [_centre(f) for f in totals]
    sums = sorted(_centre(a) + _centre(b) for a, b in combinations(group, 2))
    reach = max((interval(f, widen)[1] - interval(f, widen)[0]) / 2 for f in group)
    for a, b in combinations(group, 2):
        lo_a, hi_a = interval(a, widen)
        lo_b, hi_b = interval(b, widen)
        s = (lo_a + lo_b, hi_a + hi_b)
        start = bisect.bisect_left(centres, s[0] - reach)
        stop = bisect.bisect_right(centres, s[1] + reach)
        for total in totals[start:stop]:
            if total is a or total is b or not meets(s, interval(total, widen)):
                continue
            width = a.width + b.width + total.width
            chance = max(local_chance(sums, _centre(total), DENSITY_WINDOW * abs(_centre(total)), width),
                         relative_chance(width, total.value))
            if tried * chance * STRONGEST_CUES > E_MAX:
                continue  # a crowd of chance sums: not worth a person's time whatever the text says
            candidate = _two(a, b, total, tried, chance)
            if candidate is not None:
                near = widen != 1 and not meets((a.low + b.low, a.high + b.high), (total.low, total.high))
                yield replace(candidate, near=near)


def _centre(f: Fig) -> float:
    return (f.low + f.high) / 2


def _two(a: Fig, b: Fig, total: Fig, tried: int, chance: float) -> Candidate | None:
    changes = [f for f in (a, b) if f.change]
    if len(changes) == 1 and not total.change:
        change = changes[0]
        level = b if change is a else a
        forward = change_fits(level.period, change.period, total.period)
        backward = change_fits(total.period, change.period, level.period)
        if forward is False and backward:  # a fall written as a size: old - fall == new
            c = cues("level", [total, change, level], True, change)
            if c is None:
                return None
            return Candidate("level", (total.id, change.id, level.id), f"{total.id} - {change.id} == {level.id}",
                             None, "a level is the previous level less the fall", tried, chance, c)
        c = cues("level", [level, change, total], forward, change)
        if c is None:
            return None
        return Candidate("level", (level.id, change.id, total.id), f"{level.id} + {change.id} == {total.id}", None,
                         "a level is the previous level plus the change", tried, chance, c)
    c = cues("sum", [a, b, total], same_period([a, b, total]), total)
    if c is None:
        return None
    balance = next((p for p in (a, b) if _BALANCE.search(p.id + " " + p.quote)), None)
    if balance is not None and not _BALANCE.search(total.id):
        other = b if balance is a else a
        return Candidate("difference", (total.id, other.id, balance.id), f"{total.id} - {other.id} == {balance.id}",
                         None, "a balance is the difference of two flows", tried, chance, c)
    return Candidate("sum", (a.id, b.id, total.id), f"{a.id} + {b.id} == {total.id}", None,
                     "two parts add up to a total", tried, chance, c)


def _longer(group: list[Fig], widen: float) -> Iterator[Candidate]:
    ordered = sorted(group, key=lambda f: f.order)
    near_parts = {t.id: [f for f in ordered if f is not t and abs(f.order - t.order) <= WINDOW] for t in ordered}
    tried = {k: sum(comb(len(p), k) for p in near_parts.values()) for k in range(3, MAX_PARTS + 1)}
    for total in ordered:
        parts = near_parts[total.id]
        t_iv = interval(total, widen)
        window = DENSITY_WINDOW * abs(_centre(total))
        for k in range(3, min(MAX_PARTS, len(parts)) + 1):
            combos = list(combinations(parts, k))
            sums = sorted(math.fsum(_centre(f) for f in chosen) for chosen in combos)
            for chosen in combos:
                lo = hi = 0.0
                for f in chosen:
                    f_lo, f_hi = interval(f, widen)
                    lo, hi = lo + f_lo, hi + f_hi
                if not meets((lo, hi), t_iv):
                    continue
                figs = [*chosen, total]
                c = cues("sum", figs, same_period(figs), total)
                if c is None:
                    continue
                exact_meet = meets((math.fsum(f.low for f in chosen), math.fsum(f.high for f in chosen)),
                                   (total.low, total.high))
                # every total is tried: the chance is per total, times the totals
                share = len(ordered) * len(combos) / tried[k]
                width = sum(f.width for f in figs)
                chance = share * max(local_chance(sums, _centre(total), window, width),
                                     relative_chance(width, total.value))
                if tried[k] * chance * STRONGEST_CUES > E_MAX:
                    continue
                check = " + ".join(f.id for f in chosen) + f" == {total.id}"
                yield Candidate("sum", tuple(f.id for f in figs), check, None, f"{k} parts add up to a total",
                                tried[k], chance, c, near=widen != 1 and not exact_meet)


__all__ = ["MAX_PARTS", "WINDOW", "sum_candidates"]
