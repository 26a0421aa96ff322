"""Exact interval evaluation and contraction of lowered rule expressions.

Rule functions are lowered (:mod:`claimcheck.functions`) into a handful of primitive operations
over claim variables in base units. :func:`evaluate` encloses the range of an expression over a
box of claim intervals; :func:`contract` narrows the box by a constraint (forward-backward
propagation, "HC4"), which the verifier uses for implied intervals and joint consistency.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from . import arith
from .arith import INF, Iv, Q

Box = dict[str, Iv]


class Undefined(Exception):
    """The expression is undefined for every value in the box (e.g. a zero denominator)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True, eq=False)
class Expr:
    """A lowered expression; ``what`` names the source construct for messages."""


@dataclass(frozen=True, slots=True, eq=False)
class Var(Expr):
    name: str


@dataclass(frozen=True, slots=True, eq=False)
class Const(Expr):
    value: Q


@dataclass(frozen=True, slots=True, eq=False)
class Sum(Expr):
    """``sum(sign_i * term_i)``: n-ary so that long totals stay flat."""

    terms: tuple[Expr, ...]
    signs: tuple[int, ...]
    #: the claims that occur more than once in it, once :func:`repeated_names` has counted them
    repeats: tuple[str, ...] | None = field(default=None, repr=False)


@dataclass(frozen=True, slots=True, eq=False)
class Mul(Expr):
    left: Expr
    right: Expr


@dataclass(frozen=True, slots=True, eq=False)
class Div(Expr):
    left: Expr
    right: Expr
    what: str = "a division"


@dataclass(frozen=True, slots=True, eq=False)
class PowInt(Expr):
    base: Expr
    n: int


@dataclass(frozen=True, slots=True, eq=False)
class RPow(Expr):
    """``base ** (p/q)`` on ``base >= 0`` (``> 0`` when p < 0); used by cagr."""

    base: Expr
    p: int
    q: int
    what: str = "a root"


@dataclass(frozen=True, slots=True, eq=False)
class MinMax(Expr):
    args: tuple[Expr, ...]
    is_max: bool


@dataclass(frozen=True, slots=True, eq=False)
class Abs(Expr):
    arg: Expr


def variables(e: Expr) -> list[str]:
    """Variable names in ``e`` with repetitions (a name used twice is listed twice)."""
    out: list[str] = []
    stack = [e]
    while stack:
        x = stack.pop()
        if isinstance(x, Var):
            out.append(x.name)
        else:
            stack.extend(operands(x))
    return out


def repeated_names(e: Expr) -> tuple[str, ...]:
    """The claims that occur more than once in ``e``, sorted (remembered by a :class:`Sum`, the
    root of every check: the verifier asks this of the same check many times)."""
    if isinstance(e, Sum) and e.repeats is not None:
        return e.repeats
    counts = Counter(variables(e))
    found = tuple(sorted(v for v, c in counts.items() if c > 1))
    if isinstance(e, Sum):
        object.__setattr__(e, "repeats", found)
    return found


def operands(e: Expr) -> list[Expr]:
    if isinstance(e, Sum):
        return list(e.terms)
    if isinstance(e, Mul | Div):
        return [e.left, e.right]
    if isinstance(e, PowInt | RPow):
        return [e.base]
    if isinstance(e, MinMax):
        return list(e.args)
    if isinstance(e, Abs):
        return [e.arg]
    return []


def linear_form(e: Expr) -> tuple[Q, dict[str, Q]] | None:
    """``e`` as ``const + sum(coeff * var)`` when it is linear in the claims, else ``None``."""
    const = Q(0)
    coeffs: dict[str, Q] = {}
    stack: list[tuple[Expr, Q]] = [(e, Q(1))]
    while stack:
        x, scale = stack.pop()
        if isinstance(x, Var):
            coeffs[x.name] = coeffs.get(x.name, Q(0)) + scale
        elif isinstance(x, Const):
            const += scale * x.value
        elif isinstance(x, Sum):
            stack.extend((t, scale * s) for t, s in zip(x.terms, x.signs, strict=True))
        elif isinstance(x, Mul) and isinstance(x.left, Const):
            stack.append((x.right, scale * x.left.value))
        elif isinstance(x, Mul) and isinstance(x.right, Const):
            stack.append((x.left, scale * x.right.value))
        elif isinstance(x, Div) and isinstance(x.right, Const) and x.right.value != 0:
            stack.append((x.left, scale / x.right.value))
        else:
            return None
    return const, {k: v for k, v in coeffs.items() if v != 0}


# ------------------------------------------------------------------ forward evaluation


def evaluate(e: Expr, box: Box, flags: list[str] | None = None, values: dict[int, Iv] | None = None) -> Iv:
    """An enclosure of the values of ``e`` over ``box``; raises :class:`Undefined`.

    When ``flags`` is given, a note is appended for every operation whose enclosure is not the
    exact range because the box reaches a singularity (a denominator or root base touching 0):
    an enclosure without flags, of an expression where each claim occurs once, is exact.
    When ``values`` is given, every sub-expression's enclosure is kept there by node id (the
    forward pass of :func:`contract`).
    """
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
        v = Iv(lo, hi)
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


# ------------------------------------------------------------------ contraction (HC4)


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


# The backward pass is a module function, not a closure: a recursive closure is a reference
# cycle, left for the garbage collector after every contraction.


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


def finite_sum(bounds: Iterable[arith.Bound]) -> tuple[Q, int]:
    """The sum of the finite bounds and how many are infinite (they are all of one sign)."""
    total = Q(0)
    infinite = 0
    for b in bounds:
        if isinstance(b, float):
            infinite += 1
        else:
            total += b
    return total, infinite


def others(total: Q, infinite: int, own: arith.Bound, inf: float) -> arith.Bound:
    """The sum of every bound but ``own``, from the totals of :func:`_finite_sum`, in O(1)."""
    if isinstance(own, float):
        return total if infinite == 1 else inf
    return total - own if infinite == 0 else inf


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

