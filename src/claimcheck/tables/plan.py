"""The integer plan of a linear rule: what every engine computes, and how it decides.

On the rule's grid (``10^-E``, doubled when a median may fall between two values) each term has a
low and a high integer: a column's cell less and plus its half-width, or an aggregate of those over
its group (the aggregates used are monotone, so the aggregate of the lows is the low of the
aggregate). With integer coefficients (the rule multiplied by the common denominator of its
numbers), ``L = Σ Aᵢ·xᵢ + A₀`` ranges exactly over ``[Σ Aᵢ·(low or high) + A₀, ...]``, and the
rule can hold when that range meets what its comparison allows: ``== 0`` within the tolerance
(validate's ``lin.eq.eps``, on the grid), ``<= 0``, ``< 0`` and so on. No float decides a row.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

from .forms import Linear, Term


@dataclass(frozen=True)
class LinearPlan:
    form: Linear
    coefs: tuple[tuple[int, Term], ...]
    const: int
    exponent: int
    double: bool
    tol_num: int
    tol_den: int

    @property
    def factor(self) -> int:
        """How much a term's grid integer is multiplied by (2 with a median)."""
        return 2 if self.double else 1


def holds(op: str, lo: Fraction, hi: Fraction, tolerance: Fraction = Fraction(0)) -> bool:
    """Whether ``L`` in ``[lo, hi]`` can satisfy ``L op 0`` (equalities and non-strict comparisons
    within ``tolerance``)."""
    t = tolerance
    return {"==": lo <= t and hi >= -t, "<=": lo <= t, "<": lo < 0, ">=": hi >= -t, ">": hi > 0}[op]


def can_fail(op: str, lo: Fraction, hi: Fraction, tolerance: Fraction = Fraction(0)) -> bool:
    """Whether some ``L`` in ``[lo, hi]`` breaks ``L op 0`` (for the condition of an ``implies``)."""
    t = tolerance
    return {"==": lo < -t or hi > t, "<=": hi > t, "<": hi >= 0, ">=": lo < -t, ">": lo <= 0}[op]


def plan(form: Linear, decimals: dict[str, int], precisions: dict[str, Fraction | None], exact: bool,
         tolerance: Fraction) -> LinearPlan:
    """The integer plan of ``form``, for columns with at most ``decimals[c]`` decimals."""
    from .cells import grid

    exponent = max((grid(decimals.get(t.column, 0), precisions.get(t.column)) for _, t in form.terms), default=1)
    double = any(t.aggregate == "median" for _, t in form.terms)
    factor = 2 if double else 1
    scale = math.lcm(*(c.denominator for c, _ in form.terms), form.const.denominator)
    coefs = tuple((int(c * scale), t) for c, t in form.terms)
    const = form.const * scale * 10**exponent * factor
    assert const.denominator == 1
    tol = (tolerance if exact else Fraction(0)) * scale * 10**exponent * factor
    return LinearPlan(form, coefs, int(const), exponent, double, tol.numerator, tol.denominator)


#: A median is taken in floats on its way to twice its value: exact only below this.
FLOAT_EXACT = 2**53


def check_medians(p: LinearPlan, largest: dict[str, float], source: str) -> None:
    """Refuse a median of values too large to be exact as a float (say so, rather than round)."""
    from ..errors import ClaimcheckError

    for _, term in p.coefs:
        if term.aggregate == "median" and 2 * 10**p.exponent * (largest.get(term.column, 0) + 1) >= FLOAT_EXACT:
            raise ClaimcheckError(f"median({term.column}): values this large are not exact on this engine; "
                                  "use the python engine", file=source)


__all__ = ["FLOAT_EXACT", "LinearPlan", "can_fail", "check_medians", "holds", "plan"]
