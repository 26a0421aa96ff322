"""Naive float measures of how far a check is from holding: for guesses only.

Nothing here decides a verdict. A guess made here (a slack, the end of an implied interval) is
reported only once two exact tests have bracketed it; otherwise the exact search runs."""

from __future__ import annotations

import itertools
import math

from ..exact import expr as ev
from ..exact.expr import Expr, Var
from ..rules.compiler import CompiledCheck


def float_violation(check: CompiledCheck, box: dict[str, tuple[float, float]]) -> float:
    """How far ``check`` is from holding on ``box``, in the units of its sides (naive floats):
    positive where a side's range misses what its relation needs, 0 or negative where it holds;
    continuous. A claim that occurs more than once (at most three such) is taken at each end of
    its interval in turn, which gives the range exactly where the check is monotone in it (plain
    interval evaluation would over-estimate it) and under-estimates it elsewhere: a guess either
    way, proven or refuted by exact tests."""
    worst = -math.inf
    for link in check.links:
        repeats = [c for c in ev.repeated_names(link.diff) if box[c][0] != box[c][1]]
        if 0 < len(repeats) <= 3:
            ranges = [float_range(link.diff, {**box, **{c: (x, x) for c, x in zip(repeats, corner, strict=True)}})
                      for corner in itertools.product(*(box[c] for c in repeats))]
            lo, hi = min(r[0] for r in ranges), max(r[1] for r in ranges)
        else:
            lo, hi = float_range(link.diff, box)
        if link.op == "==":
            worst = max(worst, lo, -hi)
        elif link.op in ("<", "<="):
            worst = max(worst, lo)
        else:
            worst = max(worst, -hi)
    return worst


def float_range(e: Expr, box: dict[str, tuple[float, float]]) -> tuple[float, float]:
    """Naive float interval evaluation (no outward rounding): for guessing only."""
    if isinstance(e, Var):
        return box[e.name]
    if isinstance(e, ev.Const):
        v = float(e.value)
        return v, v
    if isinstance(e, ev.Sum):
        lo = hi = 0.0
        for t, s in zip(e.terms, e.signs, strict=True):
            a, b = float_range(t, box)
            lo, hi = (lo + a, hi + b) if s > 0 else (lo - b, hi - a)
        return lo, hi
    if isinstance(e, ev.Mul | ev.Div):
        a, b = float_range(e.left, box)
        c, d = float_range(e.right, box)
        if isinstance(e, ev.Div):
            if c <= 0 <= d:
                return -math.inf, math.inf
            c, d = 1 / d, 1 / c
        products = [a * c, a * d, b * c, b * d]
        return min(products), max(products)
    if isinstance(e, ev.PowInt):
        a, b = float_range(e.base, box)
        values = [a**e.n, b**e.n] + ([0.0] if a < 0 < b and e.n % 2 == 0 else [])
        return min(values), max(values)
    if isinstance(e, ev.RPow):
        a, b = float_range(e.base, box)
        a = max(a, 0.0)
        if b < 0:
            raise ValueError("no real root")
        values = [a ** (e.p / e.q), b ** (e.p / e.q)]
        return min(values), max(values)
    if isinstance(e, ev.MinMax):
        ranges = [float_range(x, box) for x in e.args]
        pick = max if e.is_max else min
        return pick(r[0] for r in ranges), pick(r[1] for r in ranges)
    if isinstance(e, ev.Abs):
        a, b = float_range(e.arg, box)
        if a >= 0:
            return a, b
        if b <= 0:
            return -b, -a
        return 0.0, max(-a, b)
    raise TypeError(e)
