"""Many checks of two common shapes decided at once, exactly, column by column.

A yearbook has tens of thousands of checks of a handful of shapes: sums and differences (linear
forms) and ratios held against a rate, a share or a growth (``growth(new, old) == rate`` says
``new / old = 1 + rate``). For these, the verdict, every claim's implied interval and the slack
have closed forms over the ends of the claims' intervals. Here they are computed for a whole
group of checks at a time, on numpy columns of exact scaled integers: each row's figures over one
common denominator, as Python integers (no rounding and no overflow; without the fractions'
reductions, an element operation costs a fifth of a GMP rational's, in C instead of many
interpreted calls).

Only checks found consistent are settled here, each with the same figures the per-rule way
(:mod:`.verdicts`, :mod:`.implied`, :mod:`.slack`) gives. An inconsistent check, and one outside
the shapes' safe domain (an infinite end, a ratio whose terms or rate reach 0, a reading of its
own, a long fraction), is left to the per-rule way, which also finds the suspects, grades and
fixes of an inconsistent one. A differential property test holds both ways to identical results.

The slack is the canonical one (:func:`~claimcheck.verify.slack.grid_up`): exact for linear
forms; for ratios, a float search over all the group's checks at once guesses it, and two exact
tests on the grid prove it (where they do not agree, the check goes the per-rule way).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from ..exact.arith import Iv, Q
from ..exact.expr import Const, Div, Expr, Sum, Var
from ..rules.compiler import ClaimVar, CompiledCheck
from .slack import SLACK_FLOOR, grid_above, grid_below, grid_up

#: A column of Python integers (or GMP rationals), one per check of a group.
Column = NDArray[np.object_]
Mask = NDArray[np.bool_]
#: A check's ``const + sum(coefficient * claim)``, as :func:`~claimcheck.exact.expr.linear_form` gives it.
LinearForm = tuple[Q, dict[str, Q]]

#: Claims whose interval ends have longer numerators or denominators (in bits) stay per rule:
#: the per-rule arithmetic rounds fractions beyond 256-bit denominators, this one never does.
MAX_NUMERATOR_BITS = 64
MAX_DENOMINATOR_BITS = 32

#: Float bisection steps of the ratio slacks' guess (from [0, 1] to 2**-60).
GUESS_STEPS = 60


@dataclass(frozen=True, slots=True)
class Settled:
    """A consistent check's figures: each claim's implied interval (in the order of the check's
    claims) and its canonical slack."""

    implied: list[Iv]
    slack: Q


def settle(checks: Sequence[CompiledCheck], claims: dict[str, ClaimVar]) -> dict[str, Settled]:
    """The checks of ``checks`` that are consistent and of a shape decided here, by key."""
    scaled: dict[str, _Scaled | None] = {}
    linear: dict[int, list[tuple[CompiledCheck, LinearForm]]] = {}
    ratios: list[tuple[CompiledCheck, tuple[str, str, str, Q, Q]]] = []
    for check in checks:  # a check's claims are named once each (in order of first use)
        if check.overrides or len(check.links) != 1 or check.links[0].op != "==":
            continue
        if not _all_scaled(check.claims, claims, scaled):
            continue
        link = check.links[0]
        if link.linear is not None:
            if set(link.linear[1]) == set(check.claims):
                linear.setdefault(len(check.claims), []).append((check, link.linear))
            continue
        shape = ratio_shape(link.diff)
        # three different claims: ``growth(a, a)`` or ``ratio(a, b) == 10 - b`` ties the ends of the
        # quotient and the rate together, which the closed forms (each use its own figure) do not
        if shape is not None and len(set(shape[:3])) == 3 and set(shape[:3]) == set(check.claims):
            ratios.append((check, shape))
    out: dict[str, Settled] = {}
    for group in linear.values():
        out.update(_linear(group, scaled))
    if ratios:
        out.update(_ratios(ratios, scaled))
    return out


@dataclass(frozen=True, slots=True)
class _Scaled:
    """A claim's ends and written value as integers over one denominator."""

    den: int
    lo: int
    hi: int
    nominal: int

    @staticmethod
    def of(cv: ClaimVar) -> _Scaled | None:
        """``None`` for an infinite end or a long fraction (left to the per-rule way)."""
        lo, hi, nominal = cv.box.lo, cv.box.hi, cv.nominal
        if isinstance(lo, float) or isinstance(hi, float):
            return None
        ends = (int(lo.numerator), int(hi.numerator), int(nominal.numerator))
        dens = (int(lo.denominator), int(hi.denominator), int(nominal.denominator))
        if max(abs(x) for x in ends).bit_length() > MAX_NUMERATOR_BITS or max(dens).bit_length() > \
                MAX_DENOMINATOR_BITS:
            return None
        den = math.lcm(*dens)
        return _Scaled(den, ends[0] * (den // dens[0]), ends[1] * (den // dens[1]), ends[2] * (den // dens[2]))


def _all_scaled(names: list[str], claims: dict[str, ClaimVar], scaled: dict[str, _Scaled | None]) -> bool:
    """Whether every claim of ``names`` can be carried as integers (each claim's answer remembered
    in ``scaled``, a refusal as ``None``)."""
    for cid in names:
        if cid not in scaled:
            scaled[cid] = _Scaled.of(claims[cid])
        if scaled[cid] is None:
            return False
    return True


def ratio_shape(diff: Expr) -> tuple[str, str, str, Q, Q] | None:
    """``(a, b, v, alpha, beta)`` when ``diff`` is a signed sum of one ``a / b``, one ``v`` and
    constants: the check ``diff == 0`` then says ``a / b = alpha + beta * v``."""
    const = Q(0)
    ratio: tuple[int, str, str] | None = None
    var: tuple[int, str] | None = None
    stack: list[tuple[Expr, int]] = [(diff, 1)]
    while stack:
        e, sign = stack.pop()
        if isinstance(e, Sum):
            stack.extend((t, sign * s) for t, s in zip(e.terms, e.signs, strict=True))
        elif isinstance(e, Const):
            const += sign * e.value
        elif isinstance(e, Div) and isinstance(e.left, Var) and isinstance(e.right, Var) and ratio is None:
            ratio = (sign, e.left.name, e.right.name)
        elif isinstance(e, Var) and var is None:
            var = (sign, e.name)
        else:
            return None
    if ratio is None or var is None:
        return None
    (sd, a, b), (sv, v) = ratio, var
    # sd * a/b + const + sv * v = 0  <=>  a/b = -sd * const - sd * sv * v
    return a, b, v, Q(-sd) * const, Q(-sd * sv)


@dataclass(slots=True)
class _Role:
    """One operand of a group of checks: the claims' ends and written values as integer columns
    over a denominator per row (``den``)."""

    den: Column
    lo: Column
    hi: Column
    nominal: Column

    @classmethod
    def of(cls, scaled: list[_Scaled]) -> _Role:
        return cls(*(_column([getattr(s, f) for s in scaled]) for f in ("den", "lo", "hi", "nominal")))

    def over(self, den: Column) -> _Role:
        """The same numbers over ``den``, a multiple of this role's denominators."""
        f = den // self.den
        return _Role(den, self.lo * f, self.hi * f, self.nominal * f)

    def take(self, rows: NDArray[np.intp]) -> _Role:
        return _Role(self.den[rows], self.lo[rows], self.hi[rows], self.nominal[rows])

    @property
    def below(self) -> Column:
        below: Column = self.nominal - self.lo
        return below

    @property
    def above(self) -> Column:
        above: Column = self.hi - self.nominal
        return above

    def widened(self, k_num: Column, k_den: Column) -> tuple[Column, Column]:
        """The ends with their distances from the written values multiplied by ``k_num / k_den``
        (per row), over ``den * k_den``."""
        return self.nominal * k_den - k_num * self.below, self.nominal * k_den + k_num * self.above

    def floats(self) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
        """The written values and reaches in binary floats (for guesses only)."""
        nominal, below, above = (np.asarray(x / self.den, dtype=np.float64)
                                 for x in (self.nominal, self.below, self.above))
        return nominal, below, above


def _true(x: object) -> Mask:
    return np.asarray(x, dtype=bool)


def _linear(group: list[tuple[CompiledCheck, LinearForm]], scaled: dict[str, _Scaled | None]) -> dict[str, Settled]:
    """Checks ``const + sum(a_i x_i) == 0`` with ``n`` claims each: consistent when 0 lies between
    the sums of the terms' lower and upper ends; a claim's implied interval is what the others'
    terms leave it; the slack is the quotient of the written values' gap by the reach towards 0.
    Each row is scaled by ``dx`` (claims and constant) times ``dc`` (coefficients)."""
    order = [list(coeffs) for _, (_, coeffs) in group]
    n = len(order[0])
    raw = [_Role.of([_scaled(scaled, names[j]) for names in order]) for j in range(n)]
    const_num, const_den = _fractions([const for _, (const, _) in group])
    coeff_fractions = [_fractions([coeffs[names[j]] for (_, (_, coeffs)), names in zip(group, order, strict=True)])
                       for j in range(n)]
    dx = np.lcm.reduce([r.den for r in raw] + [const_den], axis=0)
    dc = np.lcm.reduce([den for _, den in coeff_fractions], axis=0)
    roles = [r.over(dx) for r in raw]
    weights = [num * (dc // den) for num, den in coeff_fractions]
    offset = const_num * (dx // const_den) * dc
    low_terms, high_terms = [], []
    for w, r in zip(weights, roles, strict=True):
        positive = _true(w > 0)
        low_terms.append(np.where(positive, w * r.lo, w * r.hi))
        high_terms.append(np.where(positive, w * r.hi, w * r.lo))
    s_lo, s_hi = offset + sum(low_terms), offset + sum(high_terms)
    consistent = np.flatnonzero(_true(s_lo <= 0) & _true(s_hi >= 0))
    gap = offset + sum(w * r.nominal for w, r in zip(weights, roles, strict=True))
    down = sum(np.where(_true(w > 0), w * r.below, -w * r.above) for w, r in zip(weights, roles, strict=True))
    up = sum(np.where(_true(w > 0), w * r.above, -w * r.below) for w, r in zip(weights, roles, strict=True))
    out: dict[str, Settled] = {}
    for i in consistent:
        check, names = group[i][0], order[i]
        implied: dict[str, Iv] = {}
        for j, cid in enumerate(names):
            scale = dx[i] * weights[j][i]  # x_j = need / (dx * w_j): dc cancels
            need_lo, need_hi = Q(high_terms[j][i] - s_hi[i], scale), Q(low_terms[j][i] - s_lo[i], scale)
            implied[cid] = Iv(need_lo, need_hi) if scale > 0 else Iv(need_hi, need_lo)
        g = gap[i]
        least = Q(g, down[i]) if g > 0 else Q(-g, up[i]) if g < 0 else Q(0)
        out[check.key] = Settled([implied[cid] for cid in check.claims], grid_up(least))
    return out


@dataclass(slots=True)
class _Ratios:
    """A group of checks ``a / b = alpha + beta * v``, as integer columns: ``a`` and ``b`` over
    one denominator, ``v`` over its own, and the rate ``alpha + beta * v`` over ``rate_den`` as
    ``alpha_part + beta_part * v``."""

    a: _Role
    b: _Role
    v: _Role
    alpha: Column  # GMP rationals
    beta: Column
    alpha_part: Column
    beta_part: Column
    rate_den: Column

    @classmethod
    def of(cls, a: _Role, b: _Role, v: _Role, alpha: Column, beta: Column) -> _Ratios:
        common = np.lcm(a.den, b.den)
        alpha_num, alpha_den = _fractions(list(alpha))
        beta_num, beta_den = _fractions(list(beta))
        beta_den = beta_den * v.den
        rate_den = np.lcm(alpha_den, beta_den)
        alpha_part = alpha_num * (rate_den // alpha_den)
        beta_part = beta_num * (rate_den // beta_den)
        return cls(a.over(common), b.over(common), v, alpha, beta, alpha_part, beta_part, rate_den)

    def take(self, rows: NDArray[np.intp]) -> _Ratios:
        return _Ratios(self.a.take(rows), self.b.take(rows), self.v.take(rows), self.alpha[rows], self.beta[rows],
                       self.alpha_part[rows], self.beta_part[rows], self.rate_den[rows])

    def rate(self, v_lo: Column, v_hi: Column, scale: Column | int = 1) -> tuple[Column, Column]:
        """The range of the rate for ``v`` in ``[v_lo, v_hi]`` (over ``v.den * scale``), over
        ``rate_den * scale``."""
        lo, hi = self.alpha_part * scale + self.beta_part * v_lo, self.alpha_part * scale + self.beta_part * v_hi
        rising = _true(self.beta_part > 0)
        return np.where(rising, lo, hi), np.where(rising, hi, lo)

    def holds(self, k_num: Column, k_den: Column) -> Mask:
        """Whether the quotient's range meets the rate's, each claim widened by ``k_num / k_den``;
        valid where ``a``, ``b`` and the rate stay positive."""
        a_lo, a_hi = self.a.widened(k_num, k_den)
        b_lo, b_hi = self.b.widened(k_num, k_den)
        t_lo, t_hi = self.rate(*self.v.widened(k_num, k_den), scale=k_den)
        scale = self.rate_den * k_den
        return _true(a_lo * scale <= t_hi * b_hi) & _true(a_hi * scale >= t_lo * b_lo)

    def float_guess(self) -> NDArray[np.float64]:
        """The least widening in [0, 1] at which each check holds, by bisection in binary floats
        on all of them at once (only a guess: proven by :meth:`holds` afterwards)."""
        (na, da, ua), (nb, db, ub), (nv, dv, uv) = (r.floats() for r in (self.a, self.b, self.v))
        alpha, beta = (np.array([float(x) for x in col]) for col in (self.alpha, self.beta))
        lo_k, hi_k = np.zeros(len(na)), np.ones(len(na))
        for _ in range(GUESS_STEPS):
            k = (lo_k + hi_k) / 2
            t1, t2 = alpha + beta * (nv - k * dv), alpha + beta * (nv + k * uv)
            t_lo, t_hi = np.minimum(t1, t2), np.maximum(t1, t2)
            ok = (na - k * da <= t_hi * (nb + k * ub)) & (na + k * ua >= t_lo * (nb - k * db))
            hi_k, lo_k = np.where(ok, k, hi_k), np.where(ok, lo_k, k)
        return hi_k


def _ratios(rows: list[tuple[CompiledCheck, tuple[str, str, str, Q, Q]]],
            scaled: dict[str, _Scaled | None]) -> dict[str, Settled]:
    """Checks ``a / b = alpha + beta * v`` with ``a``, ``b`` and the rate ``alpha + beta * v``
    positive throughout: the quotient ranges over ``[a.lo / b.hi, a.hi / b.lo]``, consistent when
    that meets the rate's range. Implied: ``a`` in the rate times ``b``, ``b`` in ``a`` over the
    rate, ``v`` where the quotient puts it."""
    a = _Role.of([_scaled(scaled, shape[0]) for _, shape in rows])
    b = _Role.of([_scaled(scaled, shape[1]) for _, shape in rows])
    v = _Role.of([_scaled(scaled, shape[2]) for _, shape in rows])
    group = _Ratios.of(a, b, v, _column([shape[3] for _, shape in rows]), _column([shape[4] for _, shape in rows]))
    a, b = group.a, group.b
    t_lo, t_hi = group.rate(v.lo, v.hi)
    one = _column([1] * len(rows))
    consistent = _true(a.lo > 0) & _true(b.lo > 0) & _true(t_lo > 0) & group.holds(one, one)
    keep = np.flatnonzero(consistent)
    if len(keep) == 0:
        return {}
    slacks = _ratio_slacks(group.take(keep))
    out: dict[str, Settled] = {}
    for j, i in enumerate(keep):
        k = slacks[j]
        if k is None:
            continue  # the float guess and the exact tests disagree: the per-rule way settles it
        check, (na, nb, nv, al, be) = rows[i]
        q_lo, q_hi = Q(a.lo[i], b.hi[i]), Q(a.hi[i], b.lo[i])
        v_iv = Iv((q_lo - al) / be, (q_hi - al) / be) if be > 0 else Iv((q_hi - al) / be, (q_lo - al) / be)
        over = group.rate_den[i] * a.den[i]
        implied = {na: Iv(Q(t_lo[i] * b.lo[i], over), Q(t_hi[i] * b.hi[i], over)),
                   nb: Iv(Q(a.lo[i] * group.rate_den[i], a.den[i] * t_hi[i]),
                          Q(a.hi[i] * group.rate_den[i], a.den[i] * t_lo[i])),
                   nv: v_iv}
        out[check.key] = Settled([implied[cid] for cid in check.claims], k)
    return out


def _ratio_slacks(group: _Ratios) -> list[Q | None]:
    """The canonical slack of each check of ``group`` (consistent ones: at most 1), guessed by a
    float bisection on all of them at once and proven on the grid by exact tests: the check holds
    at the grid point and not one point below. ``None`` where the tests disagree with the guess."""
    n = len(group.alpha)
    guess_k = group.float_guess()
    out: list[Q | None] = [None] * n
    # where the guess is about 0: does it hold as written?
    near_zero = np.flatnonzero(guess_k <= float(SLACK_FLOOR))
    for i, ok in zip(near_zero, _holds_at(group, near_zero, [Q(0)] * len(near_zero)), strict=True):
        if ok:
            out[i] = Q(0)
    rest = np.array([i for i in range(n) if out[i] is None], dtype=np.intp)
    guess = [grid_up(min(Q(float(guess_k[i])), Q(1))) for i in rest]
    at_guess = _holds_at(group, rest, guess)
    # held at the guess: proven once it fails one grid point below
    held = rest[at_guess]
    held_guess = [g for g, ok in zip(guess, at_guess, strict=True) if ok]
    for i, g, fails_below in zip(held, held_guess, ~_holds_at(group, held, [grid_below(g) for g in held_guess]),
                                 strict=True):
        if fails_below:
            out[i] = g
    # failed at the guess (it fell a grid point short): proven if it holds one point above
    short = rest[~at_guess]
    above = [grid_above(g) for g, ok in zip(guess, at_guess, strict=True) if not ok]
    for i, g, ok in zip(short, above, _holds_at(group, short, above), strict=True):
        if ok and g <= 1:
            out[i] = g
    return out


def _holds_at(group: _Ratios, rows: NDArray[np.intp], k: list[Q]) -> Mask:
    """:meth:`_Ratios.holds` for some of the group's checks, each widened by its own ``k``."""
    if len(rows) == 0:
        return np.zeros(0, dtype=bool)
    return group.take(rows).holds(_column([int(x.numerator) for x in k]), _column([int(x.denominator) for x in k]))


def _scaled(scaled: dict[str, _Scaled | None], cid: str) -> _Scaled:
    """A claim that :func:`_all_scaled` accepted, as integers."""
    found = scaled[cid]
    assert found is not None  # the checks grouped here passed _all_scaled
    return found


def _fractions(values: Sequence[Q]) -> tuple[Column, Column]:
    """The numerators and the denominators of ``values``, as two integer columns."""
    return _column([int(x.numerator) for x in values]), _column([int(x.denominator) for x in values])


def _column(values: Sequence[object]) -> Column:
    """A numpy column of Python objects (integers or GMP rationals), one per check."""
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out
