"""One-dimensional searches between a point where a test holds and one where it fails.

They serve the exact slack and the ends of implied intervals (bisection, with exact tests) and
the float guesses that those exact tests then prove (false position)."""

from __future__ import annotations

import math
from collections.abc import Callable

from ..exact.arith import Q
from ..exact.effort import Effort


def bisect(
    test: Callable[[Q], bool], good: Q, bad: Q, close: Callable[[Q, Q], bool], steps: int = 64,
) -> tuple[Q, Q]:
    """Halve the gap between a point where ``test`` holds (``good``) and one where it fails
    (``bad``) until ``close(good, bad)``, at most ``steps`` times; both ends. Serves the exact
    slack and the edges of implied intervals."""
    for _ in range(steps):
        if close(good, bad):
            break
        middle = (good + bad) / 2
        if test(middle):
            good = middle
        else:
            bad = middle
    return good, bad


def edge(test: Callable[[Q], bool], good: Q, bad: Q, precision: Q) -> Q:
    """Bisect between a point where ``test`` holds and one where it fails, until they are within
    ``precision`` (or the evaluation budget is spent); return the last point where it failed."""
    return bisect(test, good, bad, lambda g, b: abs(g - b) <= precision or Effort.spent())[1]


def false_position(
    f: Callable[[float], float], good: tuple[float, float], bad: tuple[float, float],
    close: Callable[[float, float], bool],
) -> float | None:
    """Where the continuous ``f`` crosses from positive (at ``bad``) to 0 or below (at ``good``),
    each given as (x, f(x)): an ``x`` where ``f(x) <= 0``, once ``close(x, last x where f > 0)``
    (``None`` if ``f`` is undefined on the way). False position, Illinois variant: the end that
    stays put twice has its value halved, so that both ends keep moving."""
    (good_x, good_v), (bad_x, bad_v) = good, bad
    if not (bad_v > 0 >= good_v):  # no crossing between the two (NaN included): nothing to find
        return None
    kept = 0  # 1: the good end stayed put last time; -1: the bad end did
    for _ in range(60):
        if close(good_x, bad_x):
            break
        x = (good_x + bad_x) / 2
        if math.isfinite(good_v) and math.isfinite(bad_v) and good_v < 0 < bad_v:
            secant = good_x - good_v * (good_x - bad_x) / (good_v - bad_v)
            if min(good_x, bad_x) < secant < max(good_x, bad_x):
                x = secant
        v = f(x)
        if math.isnan(v):
            return None
        if v > 0:
            bad_x, bad_v = x, v
            if kept == 1:
                good_v /= 2
            kept = 1
        else:
            good_x, good_v = x, v
            if kept == -1:
                bad_v /= 2
            kept = -1
    return good_x
