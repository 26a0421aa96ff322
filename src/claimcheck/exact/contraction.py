"""Contraction (HC4): narrow a box of claim intervals by a constraint.

A forward pass encloses every sub-expression (:func:`~claimcheck.exact.evaluation.evaluate`); a
backward pass narrows each operand to the values that can give its parent's allowed range. Sound:
every point of the box that satisfies the constraint stays in the narrowed box; an empty result
is a proof (:class:`Empty`)."""

from __future__ import annotations

from . import arith
from .arith import INF, Iv, Q
from .evaluation import evaluate
from .expr import Abs, Box, Const, Div, Expr, MinMax, Mul, PowInt, RPow, Sum, Undefined, Var, finite_sum, others


class Empty(Exception):
    """Contraction proved that no point of the box satisfies the constraint."""


def contract(e: Expr, target: Iv, box: Box) -> Box:
    """Narrow ``box`` to values where ``e`` can lie in ``target``; raise :class:`Empty` if none.

    Sound: every point of the old box where ``e`` is in ``target`` stays in the new box.
    """
    values: dict[int, Iv] = {}
    try:
        evaluate(e, box, values=values)
    except Undefined:
        raise Empty from None
    new_box = dict(box)
    _narrow(e, target, values, new_box)
    return new_box


def _narrow(x: Expr, want: Iv, values: dict[int, Iv], new_box: Box) -> None:
    """Narrow ``x`` to ``want`` and pass what that implies down to its operands."""
    have = values[id(x)]
    got = arith.meet(have, want)
    if got is None:
        raise Empty
    if isinstance(x, Var):
        cur = arith.meet(new_box[x.name], got)
        if cur is None:
            raise Empty
        new_box[x.name] = cur
        return
    if isinstance(x, Const):
        return
    if isinstance(x, Sum):
        parts = [values[id(t)] for t in x.terms]
        signed = [p if s > 0 else arith.neg(p) for p, s in zip(parts, x.signs, strict=True)]
        lo_sum, lo_inf = finite_sum(p.lo for p in signed)
        hi_sum, hi_inf = finite_sum(p.hi for p in signed)
        for i, (t, s) in enumerate(zip(x.terms, x.signs, strict=True)):
            rest = Iv(others(lo_sum, lo_inf, signed[i].lo, -INF), others(hi_sum, hi_inf, signed[i].hi, INF))
            mine = arith.sub(got, rest)
            _narrow(t, mine if s > 0 else arith.neg(mine), values, new_box)
        return
    if isinstance(x, Mul):
        a, b = values[id(x.left)], values[id(x.right)]
        _narrow(x.left, _inverse_mul(got, b, a), values, new_box)
        _narrow(x.right, _inverse_mul(got, a, b), values, new_box)
        return
    if isinstance(x, Div):
        a, b = values[id(x.left)], values[id(x.right)]
        # a = got * b ; b = a / got
        _narrow(x.left, arith.mul(got, b), values, new_box)
        q = arith.div(a, got)
        if q is not None and not _contains_zero(got):
            _narrow(x.right, arith.outward(q), values, new_box)
        return
    if isinstance(x, PowInt):
        _narrow(x.base, _inverse_powint(got, x.n, values[id(x.base)]), values, new_box)
        return
    if isinstance(x, RPow):
        # base = got ** (q/p) on got >= 0
        g = arith.meet(got, Iv(Q(0), INF))
        if g is None:
            raise Empty
        inv = arith.rational_power(g, x.q, x.p) if x.p > 0 else None
        if inv is not None:
            _narrow(x.base, arith.outward(inv), values, new_box)
        return
    if isinstance(x, MinMax):
        for arg in x.args:
            # every argument of max is <= its result; of min, >= its result
            _narrow(arg, Iv(-INF, got.hi) if x.is_max else Iv(got.lo, INF), values, new_box)
        return
    if isinstance(x, Abs):
        hi = got.hi
        _narrow(x.arg, Iv(-hi, hi), values, new_box)
        return


def _contains_zero(v: Iv) -> bool:
    return v.lo <= 0 <= v.hi


def _inverse_mul(product: Iv, other: Iv, current: Iv) -> Iv:
    """Values of x with x * other in product (an enclosure), or the current range if unknown."""
    if _contains_zero(other):
        return current
    q = arith.div(product, other)
    return current if q is None else arith.outward(q)


def _inverse_powint(target: Iv, n: int, current: Iv) -> Iv:
    if n < 0:  # x ** -m in target: x ** m in 1 / target (never 0, so a target reaching 0 says little)
        recip = None if _contains_zero(target) else arith.div(Iv(Q(1), Q(1)), target)
        return current if recip is None else _inverse_powint(arith.outward(recip), -n, current)
    if n == 0:
        return current
    t = target
    if n % 2 == 1:
        lo = _odd_root(t.lo, n, down=True)
        hi = _odd_root(t.hi, n, down=False)
        return Iv(lo, hi)
    t2 = arith.meet(t, Iv(Q(0), INF))
    if t2 is None:
        raise Empty
    r = arith.root(t2, n)
    if r is None:  # pragma: no cover
        raise Empty
    if current.lo >= 0:
        return r
    if current.hi <= 0:
        return arith.neg(r)
    return Iv(-r.hi, r.hi)


def _odd_root(x: arith.Bound, n: int, *, down: bool) -> arith.Bound:
    if isinstance(x, float):
        return x
    lo, hi = arith.root_bounds(abs(x), n)
    if x >= 0:
        return lo if down else hi
    return -hi if down else -lo
