"""Forward evaluation of lowered expressions: enclosures of their values and of their slopes.

:func:`evaluate` encloses the range of an expression over a box of claim intervals, rounding
outward, and flags where the enclosure is not the exact range (a singularity in the box).
:func:`slope` encloses derivatives, and :func:`exact_bound` uses them to fix claims that occur
more than once at the end where an extreme lies.
"""

from __future__ import annotations

from . import arith
from .arith import Iv, Q
from .expr import Abs, Box, Const, Div, Expr, MinMax, Mul, PowInt, RPow, Sum, Undefined, Var


def evaluate(e: Expr, box: Box, flags: list[str] | None = None, values: dict[int, Iv] | None = None) -> Iv:
    """An enclosure of the values of ``e`` over ``box``; raises :class:`Undefined`.

    When ``flags`` is given, a note is appended for every operation whose enclosure is not the
    exact range because the box reaches a singularity (a denominator or root base touching 0):
    an enclosure without flags, of an expression where each claim occurs once, is exact.
    When ``values`` is given, every sub-expression's enclosure is kept there by node id (the
    forward pass of :func:`contract`).
    """
    mark = arith.ROUNDINGS[0] if flags is not None else 0
    if isinstance(e, Var):
        v = box[e.name]
    elif isinstance(e, Const):
        v = Iv(e.value, e.value)
    elif isinstance(e, Sum):
        lo: arith.Bound = Q(0)
        hi: arith.Bound = Q(0)
        for term, sign in zip(e.terms, e.signs, strict=True):
            t = evaluate(term, box, flags, values)
            if sign > 0:
                lo, hi = arith.badd(lo, t.lo), arith.badd(hi, t.hi)
            else:
                lo, hi = arith.badd(lo, -t.hi), arith.badd(hi, -t.lo)
        v = arith.bounded(Iv(lo, hi))
    elif isinstance(e, Mul):
        v = arith.mul(evaluate(e.left, box, flags, values), evaluate(e.right, box, flags, values))
    elif isinstance(e, Div):
        d = evaluate(e.right, box, flags, values)
        if flags is not None and d.lo <= 0 <= d.hi:
            flags.append("division")
        q = arith.div(evaluate(e.left, box, flags, values), d)
        if q is None:
            raise Undefined(f"the denominator of {e.what} is 0 for every value the claims admit")
        v = arith.outward(q)
    elif isinstance(e, PowInt):
        base = evaluate(e.base, box, flags, values)
        if flags is not None and e.n < 0 and base.lo <= 0 <= base.hi:
            flags.append("division")
        p = arith.power(base, e.n)
        if p is None:
            raise Undefined("0 raised to a negative power")
        v = p
    elif isinstance(e, RPow):
        base = evaluate(e.base, box, flags, values)
        if flags is not None and (base.lo < 0 or (e.p < 0 and base.lo <= 0)):
            # undefined below 0 (the enclosure covers only the rest), or a pole at 0; a root
            # of a base that only touches 0 is continuous there, and its enclosure exact
            flags.append("root")
        if (e.p < 0 and base.hi <= 0) or base.hi < 0:
            raise Undefined(
                f"{e.what} needs a positive base, but the claims give {_show(base)}"
            )
        r = arith.rational_power(base, e.p, e.q)
        if r is None:  # pragma: no cover - excluded above
            raise Undefined(f"{e.what} is undefined")
        v = arith.outward(r)
    elif isinstance(e, MinMax):
        vals = [evaluate(a, box, flags, values) for a in e.args]
        v = arith.imax(*vals) if e.is_max else arith.imin(*vals)
    elif isinstance(e, Abs):
        v = arith.iabs(evaluate(e.arg, box, flags, values))
    else:  # pragma: no cover
        raise TypeError(e)
    if flags is not None and arith.ROUNDINGS[0] != mark and "rounded" not in flags:
        flags.append("rounded")  # rounded outward to stay within the size budget: not the exact range
    if values is not None:
        values[id(e)] = v
    return v


def _show(v: Iv) -> str:
    from ..figures.intervals import format_fraction

    def b(x: arith.Bound) -> str:
        return str(x) if isinstance(x, float) else format_fraction(x, 6)

    return f"[{b(v.lo)}, {b(v.hi)}]"


# ------------------------------------------------------------------ slopes (monotonicity)


def slope(e: Expr, box: Box, name: str) -> Iv | None:
    """An enclosure of the derivative of ``e`` with respect to claim ``name`` over ``box``
    (forward mode on intervals), or ``None`` where ``e`` may not be Lipschitz on the box (a
    denominator or root base that reaches 0).

    For min, max and abs the enclosure covers every one-sided derivative, so a sign-definite
    result still proves that ``e`` is monotone in ``name`` across the whole box."""
    try:
        result = _slope(e, box, name)
    except Undefined:
        return None
    return None if result is None else result[1]


_ZERO = Iv(Q(0), Q(0))


_ONE = Iv(Q(1), Q(1))


def _slope(e: Expr, box: Box, name: str) -> tuple[Iv, Iv] | None:
    """``(value, derivative)`` enclosures of ``e`` over ``box``."""
    if isinstance(e, Var):
        return box[e.name], (_ONE if e.name == name else _ZERO)
    if isinstance(e, Const):
        return Iv(e.value, e.value), _ZERO
    if isinstance(e, Sum):
        value, deriv = _ZERO, _ZERO
        for term, sign in zip(e.terms, e.signs, strict=True):
            part = _slope(term, box, name)
            if part is None:
                return None
            v, d = part
            if sign > 0:
                value, deriv = arith.add(value, v), arith.add(deriv, d)
            else:
                value, deriv = arith.sub(value, v), arith.sub(deriv, d)
        return value, deriv
    if isinstance(e, Mul):
        left, right = _slope(e.left, box, name), _slope(e.right, box, name)
        if left is None or right is None:
            return None
        (a, da), (b, db) = left, right
        return arith.mul(a, b), arith.add(arith.mul(da, b), arith.mul(a, db))
    if isinstance(e, Div):
        left, right = _slope(e.left, box, name), _slope(e.right, box, name)
        if left is None or right is None:
            return None
        (a, da), (b, db) = left, right
        if b.lo <= 0 <= b.hi:
            return None
        q = arith.div(a, b)
        if q is None:  # pragma: no cover - b excludes 0
            return None
        q = arith.outward(q)
        dq = arith.div(arith.sub(da, arith.mul(q, db)), b)  # (a/b)' = (a' - (a/b) b') / b
        return q, arith.outward(dq) if dq is not None else arith.ALL
    if isinstance(e, PowInt):
        inner = _slope(e.base, box, name)
        if inner is None:
            return None
        a, da = inner
        if e.n < 0 and a.lo <= 0 <= a.hi:
            return None
        p, p1 = arith.power(a, e.n), arith.power(a, e.n - 1)
        if p is None or p1 is None:
            return None
        n = Iv(Q(e.n), Q(e.n))
        return p, arith.outward(arith.mul(arith.mul(n, p1), da))
    if isinstance(e, RPow):
        inner = _slope(e.base, box, name)
        if inner is None:
            return None
        a, da = inner
        if not a.lo > 0:
            return None  # the root's slope is unbounded at 0
        r = arith.rational_power(a, e.p, e.q)
        if r is None:  # pragma: no cover - a > 0
            return None
        r = arith.outward(r)
        per_base = arith.div(r, a)  # a ** (p/q - 1)
        if per_base is None:  # pragma: no cover - a > 0
            return None
        k = Iv(Q(e.p, e.q), Q(e.p, e.q))
        return r, arith.outward(arith.mul(arith.mul(k, arith.outward(per_base)), da))
    if isinstance(e, MinMax):
        parts = [_slope(x, box, name) for x in e.args]
        if any(p is None for p in parts):
            return None
        values = [p[0] for p in parts if p is not None]
        derivs = [p[1] for p in parts if p is not None]
        value = arith.imax(*values) if e.is_max else arith.imin(*values)
        return value, Iv(min(d.lo for d in derivs), max(d.hi for d in derivs))
    if isinstance(e, Abs):
        inner = _slope(e.arg, box, name)
        if inner is None:
            return None
        a, da = inner
        if a.lo >= 0:
            return a, da
        if a.hi <= 0:
            return arith.neg(a), arith.neg(da)
        reach = max(-da.lo, da.hi)
        return arith.iabs(a), Iv(-reach, reach)
    raise TypeError(e)  # pragma: no cover


def exact_bound(e: Expr, box: Box, *, lower: bool, repeated: list[str]) -> arith.Bound | None:
    """The exact minimum (``lower``) or maximum of ``e`` over ``box``, or ``None`` if it cannot
    be had this way.

    A claim that occurs more than once spoils plain interval evaluation. Where ``e`` is
    monotone in such a claim across the whole box (its slope does not change sign), the extreme
    lies at one end of the claim's interval, so the claim can be fixed there; once every repeated
    claim is fixed and no singularity is reached, one evaluation gives the exact extreme."""
    fixed = dict(box)
    for name in repeated:
        iv = fixed[name]
        if iv.lo == iv.hi:
            continue
        d = slope(e, fixed, name)
        if d is None:
            return None
        if d.lo >= 0:
            end = iv.lo if lower else iv.hi
        elif d.hi <= 0:
            end = iv.hi if lower else iv.lo
        else:
            return None
        if isinstance(end, float):
            return None  # the extreme is a limit at infinity, not a point of the box
        fixed[name] = Iv(end, end)
    flags: list[str] = []
    try:
        rng = evaluate(e, fixed, flags)
    except Undefined:
        return None
    if flags:
        return None
    return rng.lo if lower else rng.hi
