"""Implied intervals: the values of a claim for which the other claims can satisfy a check.

Exact projections where the claim occurs once (linear forms in O(n), a single contraction
otherwise); for a claim that occurs more than once, a search by exact tests at points, proven
where the values beyond its ends are refuted."""

from __future__ import annotations

import math

from ..exact import arith
from ..exact import expr as ev
from ..exact.arith import INF, Iv, Q
from ..exact.contraction import Empty, contract
from ..exact.decide import free, propagate, target_of, tight_range
from ..exact.effort import Effort
from ..exact.expr import Box, Var, variables
from ..rules.compiler import CompiledCheck
from .guesses import float_violation
from .searches import edge, false_position
from .verdicts import holds

#: Interval evaluations allowed for each implied interval.
IMPLIED_EFFORT = 2_000
#: Relative precision of implied intervals found by bisection (claims that occur twice in a check).
RANGE_BISECTION_PRECISION = Q(1, 10**8)


def linear_implied(form: tuple[Q, dict[str, Q]], op: str, box: Box) -> dict[str, Iv]:
    """For ``const + sum(a_i x_i) op 0``: every claim's implied interval at once, exactly, from
    the totals of the others' contributions (O(n) for a sum of n claims)."""
    const, coeffs = form
    parts = {c: arith.mul(Iv(a, a), box[c]) for c, a in coeffs.items()}
    lo_sum, lo_inf = ev.finite_sum(p.lo for p in parts.values())
    hi_sum, hi_inf = ev.finite_sum(p.hi for p in parts.values())
    target = target_of(op)
    out = {}
    for c, a in coeffs.items():
        own = parts[c]
        rest_lo = ev.others(lo_sum, lo_inf, own.lo, -INF)
        rest_hi = ev.others(hi_sum, hi_inf, own.hi, INF)
        need = arith.sub(arith.sub(target, Iv(const, const)), Iv(rest_lo, rest_hi))  # a * x in need
        quotient = arith.div(need, Iv(a, a))
        out[c] = quotient if quotient is not None else Iv(-INF, INF)
    return out


def implied_interval(check: CompiledCheck, box: Box, cid: str) -> Iv | None:
    """The values of claim ``cid`` for which the other claims can satisfy ``check`` (``None``:
    proven to be none). Exact where the claim occurs once; see :func:`_refine_implied` otherwise."""
    return implied_and_proven(check, box, cid)[0]


def implied_and_proven(check: CompiledCheck, box: Box, cid: str) -> tuple[Iv | None, Iv | None]:
    """(the implied interval to show, a proven enclosure of the feasible values)."""
    if len(check.links) == 1:
        link = check.links[0]
        for mine, other, op in ((link.left, link.right, link.op), (link.right, link.left, _mirror(link.op))):
            if isinstance(mine, Var) and mine.name == cid and cid not in variables(other):
                rng = tight_range(other, box)
                if rng is not None and op in ("<", "<="):
                    rng = Iv(-INF, rng.hi)
                elif rng is not None and op in (">", ">="):
                    rng = Iv(rng.lo, INF)
                return rng, rng
    # one comparison in which every claim occurs once (or a repeated one is a single value, never
    # the claim set free): a single contraction is the exact projection
    single_use = len(check.links) == 1 and not any(
        v == cid or not box[v].is_point for v in ev.repeated_names(check.links[0].diff)
    )
    try:
        if single_use:
            link = check.links[0]
            out = contract(link.diff, target_of(link.op), free(box, [cid]))
        else:
            out = propagate([(link.diff, link.op) for link in check.links], free(box, [cid]))
    except Empty:
        return None, None
    found = out[cid]
    if single_use:
        return found, found
    # otherwise the enclosure can be loose, for this claim too when another one repeats
    return _refine_implied(check, box, cid, found)


def _refine_implied(check: CompiledCheck, box: Box, cid: str, outer: Iv) -> tuple[Iv, Iv]:
    """Narrow ``outer``, a proven enclosure of the values of a claim that occurs more than once in
    the check: (the interval to show, a proven enclosure). The search by points (exact tests at
    points, assuming the feasible values form one interval) gives the interval shown; it is also
    proven when the values beyond its ends are refuted. Without a feasible point, bisection on
    refutations narrows the ends within a window of a thousand times the claim's scale around its
    written value, as far as the evaluation budget allows."""
    own = box[cid]
    centre = own.mid()
    scale = max(abs(centre), Q(1))
    width = own.width()
    if not isinstance(width, float):
        scale = max(scale, width)
    lo = outer.lo if not isinstance(outer.lo, float) else centre - 1000 * scale
    hi = outer.hi if not isinstance(outer.hi, float) else centre + 1000 * scale
    lo, hi = max(lo, centre - 1000 * scale), min(hi, centre + 1000 * scale)
    if lo > hi:
        return outer, outer  # the window misses the enclosure: nothing to narrow it with

    def refuted(a: Q | float, b: Q | float) -> bool:
        """No value in [a, b] (nothing to refute when it is empty or a single end)."""
        return a >= b or holds(check, {**box, cid: Iv(a, b)}) is False

    by_points = _tighten_by_points(check, box, cid, outer, lo, hi)
    if by_points is not None:
        proven = refuted(outer.lo, by_points.lo) and refuted(by_points.hi, outer.hi)
        return by_points, by_points if proven else outer

    def possible(a: Q, b: Q) -> bool:
        return not refuted(a, b)

    if not possible(lo, hi):
        return outer, outer  # any feasible values lie outside the window
    precision = RANGE_BISECTION_PRECISION * scale
    lower = edge(lambda m: possible(lo, m), hi, lo, precision)  # nothing feasible in [lo, lower]
    upper = edge(lambda m: possible(m, hi), lower, hi, precision)  # nor in [upper, hi]
    # the window's ends only narrow ``outer`` where nothing beyond them is feasible either
    below = lower if lower > lo and refuted(outer.lo, lo) else outer.lo
    above = upper if upper < hi and refuted(hi, outer.hi) else outer.hi
    narrowed = Iv(below, above)
    return narrowed, narrowed


def _tighten_by_points(
    check: CompiledCheck, box: Box, cid: str, outer: Iv, lo: Q, hi: Q
) -> Iv | None:
    """With the claim fixed at a point every test is exact: find a feasible value (outward from the
    written value, then on ever finer grids of the outer bound) and bisect to where feasibility
    ends, assuming the feasible values form one interval."""
    own = box[cid]
    centre = min(max(own.mid(), lo), hi)
    step = max(Q(own.width()) / 2 if isinstance(own.width(), Q) else Q(0),
               abs(centre) / 10**6, Q(1, 10**12))

    def feasible(x: Q) -> bool:
        # exact for one comparison; for several, each holds and propagation finds no conflict
        return lo <= x <= hi and holds(check, {**box, cid: Iv(x, x)}) is True

    candidates: list[Q] = [centre]
    for j in range(0, 8 * 44):  # from a sixteenth of the claim's half-width outward
        distance = step * Q(2) ** (j // 8 - 4) * (8 + j % 8) / 8
        if distance > hi - lo:
            break
        candidates += [centre - distance, centre + distance]
    for level in range(1, 9):
        n = 2**level
        candidates += [lo + (hi - lo) * k / n for k in range(1, n, 2)]
    seed = next((x for x in candidates if not Effort.spent() and feasible(x)), None)
    if seed is None:
        return None
    precision = RANGE_BISECTION_PRECISION * max(abs(seed), step)
    ends: list[Q | float] = []
    for limit, beyond in ((lo, outer.lo), (hi, outer.hi)):
        if feasible(limit):
            ends.append(beyond)  # feasible at the edge of the search window: no bound found
            continue
        guess = _float_end(check, box, cid, seed, limit, precision)
        if guess is not None:
            # two exact tests bracket the end between a feasible point and one that is not
            inside, beyond_end = (guess - precision / 2, guess + precision / 2) if limit > seed else (
                guess + precision / 2, guess - precision / 2)
            if feasible(inside) and not feasible(beyond_end):
                ends.append(beyond_end)
                continue
        ends.append(edge(feasible, seed, limit, precision))
    return Iv(ends[0], ends[1])


def _float_end(check: CompiledCheck, box: Box, cid: str, inside: Q, outside: Q, precision: Q) -> Q | None:
    """A guess, in binary floats, of where the values of claim ``cid`` for which ``check`` can hold
    end, between a feasible value ``inside`` and an infeasible one ``outside`` (never used unproven).
    """
    try:
        fbox = {c: (float(box[c].lo), float(box[c].hi)) for c in check.claims}
        a, b = float(inside), float(outside)
    except OverflowError:
        return None  # beyond binary floats: no guess, the exact bisection alone

    def violation(x: float) -> float:
        fbox[cid] = (x, x)
        try:
            return float_violation(check, fbox)
        except (ArithmeticError, ValueError, OverflowError):
            return math.nan

    tolerance = float(precision) / 4
    guess = false_position(violation, (a, violation(a)), (b, violation(b)), lambda g, x: abs(g - x) <= tolerance)
    return None if guess is None else Q(guess)


def _mirror(op: str) -> str:
    return {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "=="}[op]
