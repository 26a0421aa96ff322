"""Many checks of two common shapes decided at once, exactly, column by column.

A yearbook has tens of thousands of checks of a handful of shapes: sums and differences (linear
forms) and ratios held against a rate, a share or a growth (``growth(new, old) == rate`` says
``new / old = 1 + rate``). For these, the verdict, every claim's implied interval and the slack
have closed forms over the ends of the claims' intervals. Here they are computed for a whole
group of checks at a time, on numpy columns of exact rationals (GMP's, as the per-rule way uses:
no rounding and no overflow; the cost per check is a few element operations in C instead of many
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

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from ..exact.arith import Iv, Q
from ..exact.expr import Const, Div, Expr, Sum, Var
from ..rules.compiler import ClaimVar, CompiledCheck
from .slack import SLACK_FLOOR, SLACK_PRECISION, grid_below, grid_up

Column = NDArray[np.object_]
Mask = NDArray[np.bool_]

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
    plain = {cid for cid, cv in claims.items() if _plain(cv)}
    linear: dict[int, list[CompiledCheck]] = {}
    ratios: list[tuple[CompiledCheck, tuple[str, str, str, Q, Q]]] = []
    for check in checks:
        if check.overrides or len(check.links) != 1 or check.links[0].op != "==":
            continue
        if len(set(check.claims)) != len(check.claims) or not plain.issuperset(check.claims):
            continue
        link = check.links[0]
        if link.linear is not None:
            if set(link.linear[1]) == set(check.claims):
                linear.setdefault(len(check.claims), []).append(check)
            continue
        shape = ratio_shape(link.diff)
        if shape is not None and set(shape[:3]) == set(check.claims):
            ratios.append((check, shape))
    out: dict[str, Settled] = {}
    for group in linear.values():
        out.update(_linear(group, claims))
    if ratios:
        out.update(_ratios(ratios, claims))
    return out


def _plain(cv: ClaimVar) -> bool:
    """A claim with finite, short ends (and written value) that the columns can carry exactly."""
    lo, hi = cv.box.lo, cv.box.hi
    if isinstance(lo, float) or isinstance(hi, float):
        return False
    return all(int(x.numerator).bit_length() <= MAX_NUMERATOR_BITS
               and int(x.denominator).bit_length() <= MAX_DENOMINATOR_BITS for x in (lo, hi, cv.nominal))


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
    """One operand of a group of checks, as columns: the claims' ends, written values and reaches."""

    lo: Column
    hi: Column
    nominal: Column
    below: Column
    above: Column

    @classmethod
    def of(cls, cvs: list[ClaimVar]) -> _Role:
        nominal = _column([cv.nominal for cv in cvs])
        lo, hi = _column([cv.box.lo for cv in cvs]), _column([cv.box.hi for cv in cvs])
        return cls(lo, hi, nominal, nominal - lo, hi - nominal)

    def take(self, rows: NDArray[np.intp]) -> _Role:
        return _Role(self.lo[rows], self.hi[rows], self.nominal[rows], self.below[rows], self.above[rows])

    def widened(self, k: Column) -> tuple[Column, Column]:
        """The ends with the distances from the written values multiplied by ``k`` (per row)."""
        return self.nominal - k * self.below, self.nominal + k * self.above

    def floats(self) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
        """The written values and reaches in binary floats (for guesses only)."""
        return tuple(np.array([float(x) for x in col]) for col in (self.nominal, self.below, self.above))  # type: ignore[return-value]


def _true(x: object) -> Mask:
    return np.asarray(x, dtype=bool)


def _linear(group: list[CompiledCheck], claims: dict[str, ClaimVar]) -> dict[str, Settled]:
    """Checks ``const + sum(a_i x_i) == 0`` with ``n`` claims each: consistent when 0 lies between
    the sums of the terms' lower and upper ends; a claim's implied interval is what the others'
    terms leave it; the slack is the quotient of the written values' gap by the reach towards 0."""
    forms = [check.links[0].linear for check in group]
    order = [list(form[1]) for form in forms if form is not None]
    n = len(order[0])
    const = _column([form[0] for form in forms if form is not None])
    coeffs, roles = [], []
    for j in range(n):
        coeffs.append(_column([form[1][names[j]] for form, names in zip(forms, order, strict=True)
                               if form is not None]))
        roles.append(_Role.of([claims[names[j]] for names in order]))
    low_terms, high_terms = [], []
    for a, r in zip(coeffs, roles, strict=True):
        positive = _true(a > 0)
        low_terms.append(np.where(positive, a * r.lo, a * r.hi))
        high_terms.append(np.where(positive, a * r.hi, a * r.lo))
    s_lo, s_hi = const + sum(low_terms), const + sum(high_terms)
    consistent = _true(s_lo <= 0) & _true(s_hi >= 0)
    gap = const + sum(a * r.nominal for a, r in zip(coeffs, roles, strict=True))
    down = sum(np.where(_true(a > 0), a * r.below, -a * r.above) for a, r in zip(coeffs, roles, strict=True))
    up = sum(np.where(_true(a > 0), a * r.above, -a * r.below) for a, r in zip(coeffs, roles, strict=True))
    out: dict[str, Settled] = {}
    for i in np.flatnonzero(consistent):
        check, names = group[i], order[i]
        implied: dict[str, Iv] = {}
        for j, cid in enumerate(names):
            a = coeffs[j][i]
            need_lo, need_hi = high_terms[j][i] - s_hi[i], low_terms[j][i] - s_lo[i]
            implied[cid] = Iv(need_lo / a, need_hi / a) if a > 0 else Iv(need_hi / a, need_lo / a)
        g = gap[i]
        least = g / down[i] if g > 0 else -g / up[i] if g < 0 else Q(0)
        out[check.key] = Settled([implied[cid] for cid in check.claims], grid_up(least))
    return out


@dataclass(slots=True)
class _Ratios:
    """A group of checks ``a / b = alpha + beta * v``, as columns."""

    a: _Role
    b: _Role
    v: _Role
    alpha: Column
    beta: Column

    def take(self, rows: NDArray[np.intp]) -> _Ratios:
        return _Ratios(self.a.take(rows), self.b.take(rows), self.v.take(rows), self.alpha[rows], self.beta[rows])

    def rate(self, v_lo: Column, v_hi: Column) -> tuple[Column, Column]:
        """The range of ``alpha + beta * v`` for ``v`` in ``[v_lo, v_hi]``."""
        lo, hi = self.alpha + self.beta * v_lo, self.alpha + self.beta * v_hi
        rising = _true(self.beta > 0)
        return np.where(rising, lo, hi), np.where(rising, hi, lo)

    def holds(self, k: Column | None = None) -> Mask:
        """Whether the quotient's range meets the rate's, each claim widened by ``k`` (``None``:
        as written); valid where ``a``, ``b`` and the rate stay positive."""
        (a_lo, a_hi), (b_lo, b_hi), v_ends = (
            ((r.lo, r.hi) if k is None else r.widened(k)) for r in (self.a, self.b, self.v))
        t_lo, t_hi = self.rate(*v_ends)
        return _true(a_lo <= t_hi * b_hi) & _true(a_hi >= t_lo * b_lo)

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
            claims: dict[str, ClaimVar]) -> dict[str, Settled]:
    """Checks ``a / b = alpha + beta * v`` with ``a``, ``b`` and the rate ``alpha + beta * v``
    positive throughout: the quotient ranges over ``[a.lo / b.hi, a.hi / b.lo]``, consistent when
    that meets the rate's range. Implied: ``a`` in the rate times ``b``, ``b`` in ``a`` over the
    rate, ``v`` where the quotient puts it."""
    a = _Role.of([claims[shape[0]] for _, shape in rows])
    b = _Role.of([claims[shape[1]] for _, shape in rows])
    v = _Role.of([claims[shape[2]] for _, shape in rows])
    group = _Ratios(a, b, v, _column([shape[3] for _, shape in rows]), _column([shape[4] for _, shape in rows]))
    t_lo, t_hi = group.rate(v.lo, v.hi)
    consistent = _true(a.lo > 0) & _true(b.lo > 0) & _true(t_lo > 0) & group.holds()
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
        q_lo, q_hi = a.lo[i] / b.hi[i], a.hi[i] / b.lo[i]
        v_iv = Iv((q_lo - al) / be, (q_hi - al) / be) if be > 0 else Iv((q_hi - al) / be, (q_lo - al) / be)
        implied = {na: Iv(t_lo[i] * b.lo[i], t_hi[i] * b.hi[i]), nb: Iv(a.lo[i] / t_hi[i], a.hi[i] / t_lo[i]),
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
    above = [grid_up(g * (1 + SLACK_PRECISION)) for g, ok in zip(guess, at_guess, strict=True) if not ok]
    for i, g, ok in zip(short, above, _holds_at(group, short, above), strict=True):
        if ok and g <= 1:
            out[i] = g
    return out


def _holds_at(group: _Ratios, rows: NDArray[np.intp], k: list[Q]) -> Mask:
    """:meth:`_Ratios.holds` for some of the group's checks, each widened by its own ``k``."""
    if len(rows) == 0:
        return np.zeros(0, dtype=bool)
    return group.take(rows).holds(_column(k))


def _column(values: Sequence[object]) -> Column:
    """A numpy column of Python objects (GMP rationals), one per check."""
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out
