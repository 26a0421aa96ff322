"""How a writer reports a true value: a helper shared by the property tests."""

from __future__ import annotations

import math
from fractions import Fraction

from claimcheck.strategies import _digits as digits


def write(x: Fraction, places: int, qualifier: str = "") -> str:
    """Write the true value ``x`` at ``places`` decimals (negative: tens, hundreds) with a qualifier
    in '', '左右', '余', '超', '以上', '以内' the way a careful writer would."""
    scaled = x * Fraction(10) ** places
    if qualifier in ("", "左右"):
        n = math.floor(scaled + Fraction(1, 2))
        return digits(n, places) + qualifier
    if qualifier in ("余", "超", "以上"):
        n = math.floor(scaled)
        if qualifier != "以上" and n == scaled:
            n -= 1  # "more than" needs the truth strictly above the figure
        text = digits(n, places)
        return "超" + text if qualifier == "超" else text + qualifier
    if qualifier == "以内":
        return digits(math.ceil(scaled), places) + qualifier
    raise ValueError(qualifier)
