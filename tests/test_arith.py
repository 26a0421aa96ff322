"""Interval arithmetic on exact rationals (claimcheck.exact.arith): each operation encloses every value
it can take, and where the ends are finite its result is exactly the range (attained at ends)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from claimcheck.exact import arith
from claimcheck.exact.arith import INF, Iv, Q

finite = st.fractions(min_value=-50, max_value=50, max_denominator=20)
ends = st.one_of(finite.map(Q), finite.map(Q), st.just(INF), st.just(-INF))


@st.composite
def intervals(draw: st.DrawFn) -> Iv:
    a, b = draw(ends), draw(ends)
    if a == b and isinstance(a, float):
        b = Q(draw(finite))
    return Iv(min(a, b), max(a, b))


@st.composite
def point_in(draw: st.DrawFn, iv: Iv) -> Q:
    lo = iv.lo if not isinstance(iv.lo, float) else (iv.hi if not isinstance(iv.hi, float) else Q(0)) - 1000
    hi = iv.hi if not isinstance(iv.hi, float) else lo + 2000
    return Q(lo) + (Q(hi) - Q(lo)) * Q(draw(st.fractions(min_value=0, max_value=1, max_denominator=16)))


def _finite(iv: Iv) -> bool:
    return not isinstance(iv.lo, float) and not isinstance(iv.hi, float)


@given(intervals(), intervals(), st.data())
def test_sum_difference_and_product_enclose_every_value(a: Iv, b: Iv, data: st.DataObject) -> None:
    x, y = data.draw(point_in(a)), data.draw(point_in(b))
    assert arith.add(a, b).contains(x + y)
    assert arith.sub(a, b).contains(x - y)
    assert arith.mul(a, b).contains(x * y)
    q = arith.div(a, b)
    if y != 0:
        assert q is not None and q.contains(x / y)


@given(intervals(), intervals())
def test_product_of_finite_intervals_is_exactly_their_range(a: Iv, b: Iv) -> None:
    if not (_finite(a) and _finite(b)):
        return
    corners = [Q(x) * Q(y) for x in (a.lo, a.hi) for y in (b.lo, b.hi)]
    product = arith.mul(a, b)
    assert (product.lo, product.hi) == (min(corners), max(corners))


def test_products_with_infinite_ends() -> None:
    assert arith.mul(Iv(Q(0), Q(0)), Iv(-INF, INF)) == Iv(Q(0), Q(0))
    assert arith.mul(Iv(Q(1), INF), Iv(Q(2), Q(3))) == Iv(Q(2), INF)
    assert arith.mul(Iv(Q(-1), Q(1)), Iv(Q(2), INF)) == Iv(-INF, INF)
    assert arith.div(Iv(Q(1), Q(2)), Iv(Q(0), Q(0))) is None
    assert arith.div(Iv(Q(1), Q(2)), Iv(Q(0), Q(4))) == Iv(Q(1, 4), INF)


@given(st.integers(1, 400), st.integers(1, 10**6), st.booleans())
def test_outward_rounding_keeps_significant_bits_at_every_magnitude(exponent: int, digits: int, down: bool) -> None:
    """A bound rounded to keep its denominator small stays within 2**-127 of itself, relatively,
    and on the right side, at every magnitude (it was an absolute step of 2**-128)."""
    for x in (Q(digits, 3 * 10**exponent), Q(digits * 10**exponent, 7)):
        r = arith.outward(Iv(x, x))
        end = r.lo if down else r.hi
        assert (end <= x) if down else (end >= x)
        assert abs(end - x) <= abs(x) / 2**127
