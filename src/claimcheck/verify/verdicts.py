"""Verdicts: whether a check can hold for some values within the claims' intervals.

``holds`` is exact comparison by comparison (a ``False`` is a refutation); a check of several
comparisons is settled only by a witness, a point that satisfies all of them (``witnessed``)."""

from __future__ import annotations

from collections.abc import Sequence

from ..errors import RuleError
from ..exact.arith import Iv
from ..exact.contraction import Empty
from ..exact.decide import link_holds, propagate
from ..exact.evaluation import evaluate
from ..exact.expr import Box, Expr, Undefined
from ..rules.compiler import CompiledCheck, CompiledFile, Link

#: Interval evaluations allowed for deciding a check.
VERDICT_EFFORT = 10_000


def holds(check: CompiledCheck, box: Box) -> bool | None:
    """Whether some point of ``box`` satisfies every link of ``check``; ``None`` if undecided."""
    undecided = False
    for link in check.links:
        r = link_holds(link.diff, link.op, box, link.linear)
        if r is False:
            return False
        undecided = undecided or r is None
    if len(check.links) > 1:
        try:
            propagate([(link.diff, link.op) for link in check.links], box)
        except Empty:
            return False
    return None if undecided else True


def check_defined(compiled: CompiledFile, check: CompiledCheck, box: Box) -> None:
    for link in check.links:
        for side in (link.left, link.right):
            try:
                evaluate(side, box)
            except Undefined as exc:
                raise compiled.source.error(
                    f"rule {check.key}: {exc.message}",
                    *(("rules", check.rule_id, "check") if check.reading_id is None
                      else ("rules", check.rule_id, "readings", check.reading_id, "check")),
                    kind=RuleError,
                ) from None


def witnessed(check: CompiledCheck, box: Box) -> bool:
    """Whether a check found to hold comparison by comparison holds for one choice of values: a
    single comparison does (its decision is exact); for several, :func:`witness_point` must find
    one."""
    if len(check.links) == 1:
        return True
    return witness_point(check.links, check.claims, box) is not None


def witness_point(
    links: Sequence[Link], names: Sequence[str], box: Box, order: Sequence[str] | None = None
) -> Box | None:
    """A choice of values satisfying every comparison of ``links`` exactly (strict ones strictly),
    or ``None`` when none was found (not a proof that none exists).

    Claims named in a single comparison, at most one per comparison, may stay intervals: with
    every other claim of that comparison fixed, it is decided exactly for them (an equality
    through a root has an irrational solution that no point hits). The other claims are fixed
    one after another (in ``order``, else as named) at the centre of what propagating the
    comparisons leaves them, else at points nearer its ends (a thin feasible region)."""
    constraints = [(link.diff, link.op) for link in links]
    try:
        point = propagate(constraints, {c: box[c] for c in names})
    except Empty:
        return None
    order = list(order or names)
    uses: dict[str, int] = {}
    for link in links:
        for cid in link.claims:
            uses[cid] = uses.get(cid, 0) + 1
    left_open: dict[int, str] = {}  # comparison -> the claim it leaves an interval
    for cid in reversed(order):  # the claims fixed last are the best to leave open
        if uses.get(cid) == 1:
            i = next(i for i, link in enumerate(links) if cid in link.claims)
            left_open.setdefault(i, cid)
    open_claims = set(left_open.values())
    for cid in order:
        if cid in open_claims:
            continue
        iv = point[cid]
        here = iv.mid()
        candidates = [here]
        if not isinstance(iv.lo, float) and not isinstance(iv.hi, float) and iv.lo < iv.hi:
            w = iv.hi - iv.lo
            candidates += [iv.lo + w / 8, iv.hi - w / 8, iv.lo + w / 64, iv.hi - w / 64]
        for x in candidates:
            try:
                trial = propagate(constraints, {**point, cid: Iv(x, x)})
            except Empty:
                continue
            point = trial
            break
        else:
            return None  # the choices made so far lead nowhere (not a proof that nothing does)
    for i, link in enumerate(links):
        found = link_holds(link.diff, link.op, point, link.linear)
        # a comparison with a claim left open is decided exactly, strictness included; the others
        # are at a point, where a strict comparison must hold strictly
        if not (found is True if i in left_open else _strictly(found, link.op, link.diff, point)):
            return None
    return point


def _strictly(found: bool | None, op: str, diff: Expr, point: Box) -> bool:
    """``found`` (a comparison's decision at a point) with strict comparisons taken strictly."""
    if found is not True or op not in ("<", ">"):
        return found is True
    try:
        value = evaluate(diff, point)
    except Undefined:  # pragma: no cover - link_holds found it defined there
        return False
    return bool(value.hi < 0) if op == "<" else bool(value.lo > 0)


def shown_to_hold(check: CompiledCheck, box: Box) -> bool:
    """Whether ``check`` is shown to hold for some point of ``box``."""
    return holds(check, box) is True and witnessed(check, box)
