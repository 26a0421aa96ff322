"""A candidate relation: its rule text, why it was suggested, and its expected chance matches."""

from __future__ import annotations

import math
from dataclasses import dataclass

from .cues import Cues
from .figures import Fig

#: log(10^4): a figure's magnitude is taken as spread over four orders of ten, so the chance that a
#: random sum lands within ``w`` of a total ``T`` is about ``w / (T * LOG_SPREAD)``.
LOG_SPREAD = math.log(10.0**4)


@dataclass(frozen=True)
class Candidate:
    """A suggested rule over some claims.

    ``tried`` is how many candidates of this shape the search looked at, ``chance`` the
    probability that figures of these widths satisfy it by accident, and the cues divide their
    product: :attr:`expected` is the expected number of matches this good by chance."""

    kind: str
    claims: tuple[str, ...]
    check: str | None
    readings: tuple[tuple[str, str], ...] | None
    why: str
    tried: int
    chance: float
    cues: Cues
    near: bool = False

    @property
    def expected(self) -> float:
        return self.tried * self.chance * self.cues.factor

    @property
    def key(self) -> tuple[str, frozenset[str]]:
        return self.kind, frozenset(self.claims)


def interval(f: Fig, widen: float) -> tuple[float, float]:
    """``f``'s interval with its half-width multiplied by ``widen`` (unbounded ends stay)."""
    if not f.bounded or widen == 1:
        return f.low, f.high
    centre, half = (f.low + f.high) / 2, (f.high - f.low) / 2 * widen
    return centre - half, centre + half


def meets(a: tuple[float, float], b: tuple[float, float]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def local_chance(centres: list[float], centre: float, half_window: float, width: float) -> float:
    """The chance that one of the tried combinations matches a target at ``centre`` as closely as
    ``width``, from how densely the combinations' values (``centres``, sorted) fall around it: the
    share of them within ``half_window`` of the target, times the share of that window the match
    covers. A target in a crowd of near sums is easy to hit by accident; a lone one is not."""
    import bisect

    if not centres or half_window <= 0:
        return 1.0
    if not math.isinf(width):
        half_window = max(half_window, width)  # the neighbourhood is at least what the match can reach
    near = bisect.bisect_right(centres, centre + half_window) - bisect.bisect_left(centres, centre - half_window)
    cover = 1.0 if math.isinf(width) else min(1.0, width / (2 * half_window))
    return max(near, 1) * cover / len(centres)


def relative_chance(width: float, size: float) -> float:
    """The chance that a random figure of magnitude ``size`` lands within ``width``."""
    if math.isinf(width) or size == 0:
        return 1.0
    return min(1.0, width / (abs(size) * LOG_SPREAD))


def rate_chance(width: float, spread: float) -> float:
    """The chance that a random rate, spread over ``spread``, lands within ``width``."""
    return 1.0 if math.isinf(width) else min(1.0, width / spread)


__all__ = ["LOG_SPREAD", "Candidate", "interval", "local_chance", "meets", "rate_chance", "relative_chance"]
