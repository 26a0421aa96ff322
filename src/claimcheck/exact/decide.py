"""Deciding one check exactly: is there a choice of true values inside the claims' intervals
that makes it hold?

Interval evaluation gives the exact range of an expression in which every claim occurs once.
Where a claim occurs more than once (``trade_2020`` in ``cagr(trade_2020 - trade_increase,
trade_2020, years=5)``), plain interval evaluation over-estimates the range (the dependency
problem); :func:`link_holds` then branches on the repeated claims only: each sub-box gives an
outer enclosure (to refute) and, with the repeated claims fixed at a point, an exact inner range
(to confirm), until the question is settled or :data:`BRANCH_BUDGET` sub-boxes are spent.
"""

from __future__ import annotations

import heapq
import itertools
from collections import deque
from collections.abc import Iterable
from typing import Any

from . import arith
from .arith import INF, Iv, Q
from .contraction import Empty, contract
from .effort import Effort
from .evaluation import evaluate, exact_bound
from .expr import Box, Expr, Sum, Undefined, linear_form, repeated_names, variables

#: Sub-boxes examined per question before giving up without a refutation (then: consistent).
BRANCH_BUDGET = 400
#: A claim's interval that shrinks by less than this share of its width does not trigger another
#: round of propagation (propagation stays a proof; it only stops earlier).
PROPAGATION_PRECISION = Q(1, 10**4)
#: Relative precision to which ranges of expressions with repeated claims are narrowed.
RANGE_PRECISION = Q(1, 10**9)

_counter = itertools.count()


def repeated(e: Expr, box: Box) -> list[str]:
    """Claims that occur more than once in ``e`` and are not already a single point."""
    return [v for v in repeated_names(e) if box[v].lo != box[v].hi]


def safe_eval(e: Expr, box: Box, flags: list[str] | None = None) -> Iv | None:
    Effort.charge(e)
    try:
        return evaluate(e, box, flags)
    except Undefined:
        return None


def _split(box: Box, names: list[str], widths: dict[str, Q | float]) -> tuple[Box, Box] | None:
    """Halve the box along the named claim that is widest relative to its starting width."""
    best, best_score = None, Q(-1)
    for v in names:
        iv = box[v]
        if iv.lo == iv.hi:
            continue
        w = iv.width()
        base = widths[v]
        score = Q(1) if isinstance(w, float) or isinstance(base, float) or base == 0 else w / base
        if score > best_score:
            best, best_score = v, score
    if best is None:
        return None
    iv = box[best]
    m = iv.mid()
    return {**box, best: Iv(iv.lo, m)}, {**box, best: Iv(m, iv.hi)}


def _inner_range(e: Expr, box: Box, rep: list[str]) -> Iv | None:
    """The exact range of ``e`` over the slice of ``box`` with the repeated claims at their
    midpoints; ``None`` where it is undefined or reaches a singularity (then an enclosure only)."""
    point = {**box, **{v: Iv.point(box[v].mid()) for v in rep}}
    flags: list[str] = []
    inner = safe_eval(e, point, flags)
    return None if inner is None or flags else inner


def _witness(e: Expr, box: Box, rep: list[str], *, strict: bool) -> bool:
    """Does the slice of ``box`` with the repeated claims at their midpoints hold a point with
    ``e <= 0``?"""
    inner = _inner_range(e, box, rep)
    if inner is None:
        return False
    return inner.lo < 0 if strict else inner.lo <= 0


def _branching(e: Expr, box: Box) -> tuple[list[str], list[str], dict[str, Q | float]]:
    """What a branch and bound over ``e`` splits: the repeated claims, every claim that is not yet a
    point (where a singularity is reached), and their starting widths."""
    every = sorted({v for v in variables(e) if box[v].lo != box[v].hi})
    return repeated(e, box), every, {v: box[v].width() for v in every}


def exists_below(e: Expr, box: Box, *, strict: bool, budget: int = BRANCH_BUDGET) -> bool | None:
    """Is there a point of ``box`` where ``e <= 0`` (``< 0`` if strict)? ``None``: undecided.

    Branches on the claims that occur more than once; where the enclosure reaches a singularity
    it branches on every claim of the expression."""
    rep, every, widths = _branching(e, box)
    flags: list[str] = []
    first = safe_eval(e, box, flags)
    if first is None:
        return False
    heap: list[tuple[Q | float, int, Box, bool]] = [(first.lo, next(_counter), box, bool(flags))]
    steps = 0
    while heap:
        lo, _, b, singular = heapq.heappop(heap)
        if lo > 0 or (strict and lo >= 0):
            return False
        if not rep and not singular:
            return True  # each claim occurs once and nothing is singular: the enclosure is exact
        if not singular:
            least = exact_bound(e, b, lower=True, repeated=rep)
            if least is not None:
                Effort.charge(e)
                if least < 0 or (not strict and least <= 0):
                    return True
                continue  # this sub-box is settled: its minimum is known and positive
        if _witness(e, b, rep, strict=strict):
            return True
        steps += 1
        if steps > budget or Effort.spent():
            return None
        halves = _split(b, every if singular else rep, widths)
        if halves is None:
            return not singular
        for half in halves:
            hflags: list[str] = []
            o = safe_eval(e, half, hflags)
            if o is not None:
                heapq.heappush(heap, (o.lo, next(_counter), half, bool(hflags)))
    return False


def _negate(e: Expr) -> Expr:
    return Sum((e,), (-1,))


def _satisfies(rng: Iv, op: str) -> bool:
    """Whether the exact range ``rng`` of ``left - right`` meets what ``op`` asks of it."""
    if op == "<":
        return rng.lo < 0
    if op == "<=":
        return rng.lo <= 0
    if op == ">":
        return rng.hi > 0
    if op == ">=":
        return rng.hi >= 0
    return rng.lo <= 0 <= rng.hi


_UNKNOWN: Any = object()


def link_holds(diff: Expr, op: str, box: Box, linear: Any = _UNKNOWN) -> bool | None:
    """Can ``diff op 0`` hold for some point of ``box``? ``None`` when undecided.

    ``linear`` is ``diff``'s linear form when the caller already has it (``None``: not linear)."""
    form = linear_form(diff) if linear is _UNKNOWN else linear
    if form is not None:
        # linear: each claim counted once after collecting terms (t - t is 0), so the range is exact
        const, coeffs = form
        lo: Q | float = const
        hi: Q | float = const
        for name, a in coeffs.items():
            iv = box[name]
            lo = arith.badd(lo, arith.bmul(a, iv.lo if a > 0 else iv.hi))
            hi = arith.badd(hi, arith.bmul(a, iv.hi if a > 0 else iv.lo))
        return _satisfies(Iv(lo, hi), op)
    if Effort.spent():
        return None  # the question's budget is spent: undecided, never a verdict without a proof
    flags: list[str] = []
    rng = safe_eval(diff, box, flags)
    if rng is None:
        return False
    rep = repeated(diff, box)
    if not rep and not flags:
        # every claim occurs once and nothing is singular: one evaluation gives the exact range
        return _satisfies(rng, op)
    if not flags:
        # monotone in each repeated claim: the extremes sit at ends of their intervals (a slope
        # and an evaluation for each repeated claim, then one more, for each end)
        Effort.charge(diff, 2 * (2 * len(rep) + 1))
        least = exact_bound(diff, box, lower=True, repeated=rep) if op not in (">", ">=") else rng.lo
        most = exact_bound(diff, box, lower=False, repeated=rep) if op not in ("<", "<=") else rng.hi
        if least is not None and most is not None:
            return _satisfies(Iv(least, most), op)
    else:
        # a denominator or root base can reach 0: branching on sub-boxes cannot see across the
        # pole, but contraction can refute outright (growth(new, old) == g with old near 0:
        # new must lie in (1 + g) * old); and it only removes points that cannot satisfy the check
        try:
            box = contract(diff, target_of(op), box)
        except Empty:
            return False
    if op == "<":
        return exists_below(diff, box, strict=True)
    if op == "<=":
        return exists_below(diff, box, strict=False)
    if op == ">":
        return exists_below(_negate(diff), box, strict=True)
    if op == ">=":
        return exists_below(_negate(diff), box, strict=False)
    if not flags:
        # ==, continuous on the (connected) box: values <= 0 and >= 0 both occurring means a zero
        below = exists_below(diff, box, strict=False)
        if below is False:
            return False
        above = exists_below(_negate(diff), box, strict=False)
        if above is False:
            return False
        return None if below is None or above is None else True
    return exists_zero(diff, box)


def exists_zero(e: Expr, box: Box, *, budget: int = BRANCH_BUDGET) -> bool | None:
    """Is there a point of ``box`` where ``e == 0``, for an ``e`` that may be discontinuous?

    Only a single sub-box without singularities whose exact range (with repeated claims fixed)
    reaches both sides of 0 counts as a witness; sub-boxes whose enclosure misses 0 are refuted."""
    rep, every, widths = _branching(e, box)
    # two queues: sub-boxes clear of the singularities (only they can hold a witness), taken one
    # time in four, and those that reach one (only splitting them can refute); nearest to 0 first
    clear: list[tuple[Q | float, int, Box]] = [(Q(0), next(_counter), box)]
    singular: list[tuple[Q | float, int, Box]] = []
    steps = 0
    while clear or singular:
        queue = singular if singular and (steps % 4 or not clear) else clear
        _, _, b = heapq.heappop(queue)
        flags: list[str] = []
        outer = safe_eval(e, b, flags)
        if outer is None or outer.lo > 0 or outer.hi < 0:
            continue
        if not flags:
            least = exact_bound(e, b, lower=True, repeated=rep)
            most = exact_bound(e, b, lower=False, repeated=rep) if least is not None else None
            if least is not None and most is not None:
                Effort.charge(e, 2)
                if least <= 0 <= most:
                    return True  # continuous on this sub-box and reaching both signs
                continue
            inner = _inner_range(e, b, rep)
            if inner is not None and inner.lo <= 0 <= inner.hi:
                return True
        steps += 1
        if steps > budget or Effort.spent():
            return None
        halves = _split(b, every if flags else rep, widths)
        if halves is None:
            continue
        for half in halves:
            hflags: list[str] = []
            o = safe_eval(e, half, hflags)
            if o is not None and o.lo <= 0 <= o.hi:
                distance = Q(0)
                if not isinstance(o.lo, float) and not isinstance(o.hi, float) and not hflags:
                    distance = min(abs(o.lo), abs(o.hi))
                heapq.heappush(singular if hflags else clear, (distance, next(_counter), half))
    return False


def target_of(op: str) -> Iv:
    """The values of ``left - right`` that satisfy ``op`` (closed: contraction is an outer bound)."""
    zero = Q(0)
    if op == "==":
        return Iv(zero, zero)
    if op in ("<", "<="):
        return Iv(-INF, zero)
    return Iv(zero, INF)


def propagate(
    constraints: list[tuple[Expr, str]], box: Box, *, rounds: int = 4, start: Iterable[int] | None = None
) -> Box:
    """Narrow ``box`` by all constraints together until nothing moves; :class:`Empty` if none fit.

    Each revision touches only the claims of its constraint, so a pass costs the total size of
    the constraints, not their number times the number of claims. ``start`` lists the
    constraints to revise first (default: all); others are revised once a claim of theirs moves."""
    occurrences = [variables(e) for e, _ in constraints]
    names = [sorted(set(vs)) for vs in occurrences]
    # a constraint where each claim occurs once is contracted to its exact projection: revising
    # it again right away changes nothing, so its own moves do not requeue it
    exact = [len(vs) == len(ns) for vs, ns in zip(occurrences, names, strict=True)]
    by_var: dict[str, list[int]] = {}
    for i, vs in enumerate(names):
        for v in vs:
            by_var.setdefault(v, []).append(i)
    box = dict(box)
    queue = deque(range(len(constraints)) if start is None else start)
    queued = set(queue)
    limit = rounds * max(len(constraints), 1) + 12
    revisions = 0
    while queue and revisions < limit:
        i = queue.popleft()
        queued.discard(i)
        revisions += 1
        e, op = constraints[i]
        new = contract(e, target_of(op), {v: box[v] for v in names[i]})
        for v in names[i]:
            iv = new[v]
            if moved_enough(box[v], iv):
                for j in by_var[v]:
                    if j not in queued and not (j == i and exact[i]):
                        queue.append(j)
                        queued.add(j)
            box[v] = iv
    return box


def moved_enough(old: Iv, new: Iv) -> bool:
    """Whether ``new`` is narrower than ``old`` by enough to be worth propagating."""
    if old == new:
        return False
    w = old.width()
    if isinstance(w, float) or isinstance(new.lo, float) or isinstance(new.hi, float):
        return True
    tol = w * PROPAGATION_PRECISION
    return bool(new.lo - old.lo > tol or old.hi - new.hi > tol)


def tight_range(e: Expr, box: Box, *, budget: int = BRANCH_BUDGET) -> Iv | None:
    """An enclosure of the range of ``e`` over ``box``, narrowed where claims repeat."""
    rep = repeated(e, box)
    flags: list[str] = []
    outer = safe_eval(e, box, flags)
    if outer is None or not rep:
        return outer
    if not flags:
        lo, hi = exact_bound(e, box, lower=True, repeated=rep), exact_bound(e, box, lower=False, repeated=rep)
        if lo is not None and hi is not None:
            return Iv(lo, hi)
    return Iv(_bound(e, box, rep, budget, lower=True), _bound(e, box, rep, budget, lower=False))


def _bound(e: Expr, box: Box, rep: list[str], budget: int, *, lower: bool) -> Q | float:
    """A rigorous lower (or upper) bound of e over box, tightened by branching on rep."""
    sign = 1 if lower else -1
    f = e if lower else _negate(e)
    widths = {v: box[v].width() for v in rep}
    first = safe_eval(f, box)
    if first is None:
        return INF * sign
    heap: list[tuple[Q | float, int, Box]] = [(first.lo, next(_counter), box)]
    best_inner: Q | float = INF
    steps = 0
    while heap and steps < budget:
        lo, _, b = heapq.heappop(heap)
        point = {**b, **{v: Iv.point(b[v].mid()) for v in rep}}
        inner = safe_eval(f, point)
        if inner is not None:
            best_inner = min(best_inner, inner.lo)
        if not isinstance(best_inner, float) and not isinstance(lo, float):
            gap = best_inner - lo
            scale = max(abs(lo), abs(best_inner), Q(1))
            close = gap <= RANGE_PRECISION * scale
        else:
            close = False
        if close:
            heapq.heappush(heap, (lo, next(_counter), b))
            break
        steps += 1
        halves = _split(b, rep, widths)
        if halves is None:
            heapq.heappush(heap, (lo, next(_counter), b))
            break
        for half in halves:
            o = safe_eval(f, half)
            if o is not None:
                heapq.heappush(heap, (o.lo, next(_counter), half))
    if not heap:
        return INF * sign
    bound = min(item[0] for item in heap)
    return bound * sign


def free(box: Box, names: Iterable[str]) -> Box:
    """The box with the named claims unconstrained."""
    out = dict(box)
    for n in names:
        out[n] = Iv(-INF, INF)
    return out


__all__ = ["Empty", "exists_below", "free", "link_holds", "propagate", "target_of", "tight_range"]
