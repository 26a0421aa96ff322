"""Outward-rounded interval arithmetic on exact rationals.

A :class:`Box` bound is an exact rational :data:`Q` or ``±inf`` (a float used only as
the infinity sentinel, never for a finite value). Every operation returns an interval that
contains every value the operation can take on its arguments; sums, products and quotients are
exact, roots are rounded outward to :data:`ROOT_BITS` bits. An "inconsistent" verdict built on
these enclosures is therefore a proof.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    # gmpy2's mpq (GMP rationals, in C: about ten times faster than fractions.Fraction) implements
    # numbers.Rational as Fraction does; claimcheck uses only what the two share, so the type
    # checker reads Q as Fraction
    from fractions import Fraction as Q
else:
    from gmpy2 import mpq as Q

Bound = Q | float  # float only for +-inf
INF = math.inf

#: Significant bits kept when a root is rounded outward.
ROOT_BITS = 128
#: Denominators larger than this many bits are rounded outward to keep arithmetic fast.
MAX_DENOMINATOR_BITS = 256
#: The size budget of an exact number: a numerator or denominator longer than this many bits is
#: rounded outward to ROOT_BITS significant bits, and a magnitude beyond 2**±MAX_MAGNITUDE_BITS
#: is replaced by the nearest end that still encloses it (an infinite one, 2**±MAX_MAGNITUDE_BITS
#: or 0). Enclosures only widen, so no verdict becomes false: past the budget a question may be
#: left unsettled, never answered wrongly, and no number can grow until memory runs out.
MAX_EXACT_BITS = 4095
MAX_MAGNITUDE_BITS = 4096

#: How many times an end was rounded outward to stay within the size budget (or to keep a
#: denominator short). An enclosure computed while this grew is wider than the exact range, so
#: evaluation flags it ("rounded") and no decision takes it for the exact range.
ROUNDINGS = [0]


@dataclass(slots=True)
class Iv:
    """A closed interval ``[lo, hi]`` of reals; ``lo > hi`` never occurs (empty is ``None``).

    Treated as immutable (never assigned to after creation); not declared frozen because the
    verifier creates millions and a frozen dataclass is twice as slow to create."""

    lo: Bound
    hi: Bound

    @staticmethod
    def point(x: Q) -> Iv:
        return Iv(x, x)

    @property
    def is_point(self) -> bool:
        return self.lo == self.hi

    def contains(self, x: Bound) -> bool:
        return self.lo <= x <= self.hi

    def mid(self) -> Q:
        """A finite rational inside the interval (the midpoint where both ends are finite)."""
        lo, hi = self.lo, self.hi
        if not isinstance(lo, float) and not isinstance(hi, float):
            return (lo + hi) / 2
        if not isinstance(lo, float):
            return lo + max(abs(lo), Q(1))
        if not isinstance(hi, float):
            return hi - max(abs(hi), Q(1))
        return Q(0)

    def width(self) -> Bound:
        if isinstance(self.lo, float) or isinstance(self.hi, float):
            return INF
        return self.hi - self.lo

    def __str__(self) -> str:
        return f"[{self.lo}, {self.hi}]"


ALL = Iv(-INF, INF)


def meet(a: Iv, b: Iv) -> Iv | None:
    lo, hi = max(a.lo, b.lo), min(a.hi, b.hi)
    return None if lo > hi else Iv(lo, hi)


def bmul(x: Bound, y: Bound) -> Bound:
    if x == 0 or y == 0:
        return Q(0)  # 0 * inf = 0 for interval ends
    if isinstance(x, float) or isinstance(y, float):
        # never let a huge Q meet a float: Python would convert it and overflow
        return INF if (x > 0) == (y > 0) else -INF
    return x * y


def badd(x: Bound, y: Bound) -> Bound:
    """``x + y`` for ends (an infinite end wins; never converts a Q to float)."""
    if isinstance(x, float):
        return x
    if isinstance(y, float):
        return y
    return x + y


def add(a: Iv, b: Iv) -> Iv:
    return Iv(badd(a.lo, b.lo), badd(a.hi, b.hi))


def sub(a: Iv, b: Iv) -> Iv:
    return Iv(badd(a.lo, -b.hi), badd(a.hi, -b.lo))


def neg(a: Iv) -> Iv:
    return Iv(-a.hi, -a.lo)


def mul(a: Iv, b: Iv) -> Iv:
    al, ah, bl, bh = a.lo, a.hi, b.lo, b.hi
    if type(al) is not float and type(ah) is not float and type(bl) is not float and type(bh) is not float:
        # finite ends (the common case): no infinity to guard against
        if al >= 0 and bl >= 0:
            return bounded(Iv(al * bl, ah * bh))
        products = (al * bl, al * bh, ah * bl, ah * bh)
        return bounded(Iv(min(products), max(products)))
    products = (bmul(al, bl), bmul(al, bh), bmul(ah, bl), bmul(ah, bh))
    return bounded(Iv(min(products), max(products)))


def div(a: Iv, b: Iv) -> Iv | None:
    """``a / b`` over the points where ``b != 0``; ``None`` when ``b`` is exactly zero."""
    if b.lo == 0 and b.hi == 0:
        return None
    if b.lo > 0 or b.hi < 0:
        return mul(a, _reciprocal(b))
    # b straddles or touches zero: the quotient is unbounded on that side.
    if b.lo == 0:
        return mul(a, Iv(_recip_bound(b.hi), INF))
    if b.hi == 0:
        return mul(a, Iv(-INF, _recip_bound(b.lo)))
    return ALL


def _recip_bound(x: Bound) -> Bound:
    if x in (INF, -INF):
        return Q(0)
    assert not isinstance(x, float)
    return 1 / x


def _reciprocal(b: Iv) -> Iv:
    return Iv(_recip_bound(b.hi), _recip_bound(b.lo))


def power(a: Iv, n: int) -> Iv | None:
    """``a ** n`` for a whole ``n``; negative ``n`` divides, ``None`` if ``a`` is exactly 0."""
    if n == 0:
        return Iv(Q(1), Q(1))
    if n < 0:
        p = power(a, -n)
        return None if p is None else div(Iv(Q(1), Q(1)), p)
    if n > 1 and _too_big_for_power(a, n):
        # a wider base with short ends: its power encloses the power of ``a`` and stays small
        a = Iv(_shortened(a.lo, down=True, bits=64), _shortened(a.hi, down=False, bits=64))
    lo_p, hi_p = _pow_bound(a.lo, n), _pow_bound(a.hi, n)
    if n % 2 == 1 or a.lo >= 0:
        return bounded(Iv(lo_p, hi_p))
    if a.hi <= 0:
        return bounded(Iv(hi_p, lo_p))
    return bounded(Iv(Q(0), max(lo_p, hi_p)))


def _too_big_for_power(a: Iv, n: int) -> bool:
    """Whether ``a ** n`` would have ends longer than the size budget."""
    return any(
        not isinstance(x, float) and x != 0
        and n * max(abs(x.numerator).bit_length(), x.denominator.bit_length()) > MAX_EXACT_BITS
        for x in (a.lo, a.hi)
    )


def _pow_bound(x: Bound, n: int) -> Bound:
    """``x ** n``, or where its magnitude is surely beyond 2**±MAX_MAGNITUDE_BITS, a stand-in of
    the same sign beyond it that :func:`bounded` then replaces by an enclosing end."""
    if isinstance(x, float):
        return x if n % 2 == 1 else INF
    if x != 0:
        m = abs(x.numerator).bit_length() - x.denominator.bit_length()  # 2**(m-1) < |x| < 2**(m+1)
        negative = x < 0 and n % 2 == 1
        if n * (m - 1) > MAX_MAGNITUDE_BITS or n * (m + 1) < -MAX_MAGNITUDE_BITS:
            ROUNDINGS[0] += 1
        if n * (m - 1) > MAX_MAGNITUDE_BITS:
            beyond = Q(2) ** (MAX_MAGNITUDE_BITS + 8)
            return -beyond if negative else beyond
        if n * (m + 1) < -MAX_MAGNITUDE_BITS:
            beyond = Q(1) / Q(2) ** (MAX_MAGNITUDE_BITS + 8)
            return -beyond if negative else beyond
    return x**n


def iroot(n: int, k: int) -> int:
    """floor(n ** (1/k)) for n >= 0, exactly, by integer Newton iteration."""
    if n < 2:
        return n
    x = 1 << -(-n.bit_length() // k)  # an overestimate
    while True:
        y = ((k - 1) * x + n // x ** (k - 1)) // k
        if y >= x:
            return x
        x = y


def root_bounds(x: Q, k: int) -> tuple[Q, Q]:
    """Rationals ``lo <= x ** (1/k) <= hi`` for x >= 0, exact when the root is rational."""
    if x == 0:
        return Q(0), Q(0)
    p, q = x.numerator, x.denominator
    rp, rq = iroot(p, k), iroot(q, k)
    if rp**k == p and rq**k == q:
        r = Q(rp, rq)
        return r, r
    # x ** (1/k) = (p * q**(k-1)) ** (1/k) / q, scaled by 2**s for ROOT_BITS significant bits
    n = p * q ** (k - 1)
    s = max(0, ROOT_BITS - n.bit_length() // k)
    scaled = n << (s * k)
    root_int = iroot(scaled, k)
    denominator = q << s
    if root_int**k == scaled:
        return Q(root_int, denominator), Q(root_int, denominator)
    return Q(root_int, denominator), Q(root_int + 1, denominator)


def root(a: Iv, k: int) -> Iv | None:
    """The k-th root over the non-negative part of ``a``; ``None`` if ``a`` has none."""
    a = bounded(a)
    lo, hi = max(a.lo, Q(0)), a.hi
    if hi < 0:
        return None
    lo_r = root_bounds(Q(lo), k)[0] if not isinstance(lo, float) else Q(0)
    hi_r = root_bounds(hi, k)[1] if not isinstance(hi, float) else INF
    return Iv(lo_r, hi_r)


def rational_power(a: Iv, p: int, q: int) -> Iv | None:
    """``a ** (p/q)`` over the non-negative part of ``a`` (q > 0); outward rounded."""
    r = root(a, q)
    if r is None:
        return None
    return power(r, p)


def imin(*xs: Iv) -> Iv:
    return Iv(min(x.lo for x in xs), min(x.hi for x in xs))


def imax(*xs: Iv) -> Iv:
    return Iv(max(x.lo for x in xs), max(x.hi for x in xs))


def iabs(a: Iv) -> Iv:
    if a.lo >= 0:
        return a
    if a.hi <= 0:
        return neg(a)
    return Iv(Q(0), max(-a.lo, a.hi))


def outward(a: Iv) -> Iv:
    """Round ends with huge denominators outward to dyadic rationals (keeps Fractions small)."""
    return Iv(_round_bound(a.lo, down=True), _round_bound(a.hi, down=False))


def bounded(a: Iv) -> Iv:
    """``a`` within the size budget (:data:`MAX_EXACT_BITS`), rounded outward where it is not."""
    lo, hi = a.lo, a.hi
    if not isinstance(lo, float) and not isinstance(hi, float):
        # MAX_EXACT_BITS + 1 is a power of two: the OR of the lengths is below it when each is
        if (lo.numerator.bit_length() | lo.denominator.bit_length() | hi.numerator.bit_length()
                | hi.denominator.bit_length()) <= MAX_EXACT_BITS:
            return a
    elif all(isinstance(x, float) or max(x.numerator.bit_length(), x.denominator.bit_length()) <= MAX_EXACT_BITS
             for x in (lo, hi)):
        return a
    return Iv(_shortened(lo, down=True), _shortened(hi, down=False))


def _shortened(x: Bound, *, down: bool, bits: int = ROOT_BITS) -> Bound:
    """``x`` rounded down (or up) to ``bits`` significant bits, within 2**±MAX_MAGNITUDE_BITS."""
    if isinstance(x, float) or x == 0:
        return x
    magnitude = abs(x.numerator).bit_length() - x.denominator.bit_length()  # |x| ~ 2**magnitude
    if magnitude > MAX_MAGNITUDE_BITS:
        ROUNDINGS[0] += 1
        huge = Q(2) ** MAX_MAGNITUDE_BITS
        if x > 0:
            return huge if down else INF
        return -INF if down else -huge
    if magnitude < -MAX_MAGNITUDE_BITS:
        ROUNDINGS[0] += 1
        tiny = Q(1, 2**MAX_MAGNITUDE_BITS)
        if x > 0:
            return Q(0) if down else tiny
        return -tiny if down else Q(0)
    if abs(x.numerator).bit_length() <= bits + 2 and x.denominator.bit_length() <= bits + 2:
        return x
    shift = bits - magnitude
    scaled = x * (Q(2) ** shift)
    n = math.floor(scaled) if down else math.ceil(scaled)
    if n != scaled:
        ROUNDINGS[0] += 1
    return Q(n) / (Q(2) ** shift)


def _round_bound(x: Bound, *, down: bool) -> Bound:
    if isinstance(x, float):
        return x
    if x.denominator.bit_length() <= MAX_DENOMINATOR_BITS:
        if abs(x.numerator).bit_length() > MAX_EXACT_BITS:
            return _shortened(x, down=down)
        return x
    # keep ROOT_BITS significant bits, however small |x| is (an absolute step would turn 1e-120 into 0)
    shift = max(0, ROOT_BITS - (abs(x.numerator).bit_length() - x.denominator.bit_length()))
    scaled = x * (1 << shift)
    n = math.floor(scaled) if down else math.ceil(scaled)
    if n != scaled:
        ROUNDINGS[0] += 1
    return Q(n, 1 << shift)


__all__ = [
    "ALL",
    "INF",
    "MAX_DENOMINATOR_BITS",
    "MAX_EXACT_BITS",
    "MAX_MAGNITUDE_BITS",
    "ROOT_BITS",
    "Bound",
    "Iv",
    "Q",
    "add",
    "badd",
    "bmul",
    "bounded",
    "div",
    "iabs",
    "imax",
    "imin",
    "iroot",
    "meet",
    "mul",
    "neg",
    "outward",
    "power",
    "rational_power",
    "root",
    "root_bounds",
    "sub",
]
