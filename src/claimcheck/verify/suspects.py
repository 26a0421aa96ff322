"""Suspects: the claims whose change alone would make a failing check hold (then pairs).

Each suspect is proven: the check is shown to hold with the claim set to the values it would need."""

from __future__ import annotations

from ..exact import arith
from ..exact.arith import INF, Iv, Q
from ..exact.decide import free
from ..exact.effort import Effort
from ..exact.expr import Box
from ..figures.intervals import outward_decimal_string
from ..rules.compiler import ClaimVar, CompiledCheck
from .bounds import admissible, bounds_of
from .implied import IMPLIED_EFFORT, implied_and_proven
from .results import (
    Suspect,
)
from .verdicts import shown_to_hold

#: Suspect pairs are searched only in checks with at most this many claims.
MAX_CLAIMS_FOR_PAIRS = 16


def find_suspects(
    check: CompiledCheck, box: Box, claims: dict[str, ClaimVar],
    shown: dict[str, Iv | None] | None = None, proven: dict[str, Iv | None] | None = None,
) -> list[Suspect]:
    """Claims whose change alone restores the check (then pairs, if no single claim does).

    ``shown`` and ``proven`` are the claims' implied intervals, as from :func:`implied_and_proven`."""
    found: list[tuple[Q | None, Suspect]] = []
    for cid in check.claims:
        Effort.allow(IMPLIED_EFFORT)
        if shown is not None and proven is not None and cid in proven:
            needed, enclosure = shown[cid], proven[cid]
        else:
            needed, enclosure = implied_and_proven(check, box, cid)
        # a count cannot be changed to -2
        needed, enclosure = admissible(claims[cid], needed), admissible(claims[cid], enclosure)
        # every feasible value of the claim lies in the proven enclosure: searching there is enough
        if needed is None or enclosure is None or not shown_to_hold(check, {**box, cid: enclosure}):
            continue
        distance = _distance(box[cid], needed)
        found.append((distance, Suspect(
            claims=[cid], needed=[bounds_of(claims[cid], needed)],
            distance=None if distance is None else outward_decimal_string(distance, up=True, digits=4),
        )))
    if not found and len(check.claims) <= MAX_CLAIMS_FOR_PAIRS:
        for i, a in enumerate(check.claims):
            for b in check.claims[i + 1:]:
                if not shown_to_hold(check, free(box, [a, b])):
                    continue
                found.append((None, Suspect(
                    claims=[a, b],
                    needed=[bounds_of(claims[a], Iv(-INF, INF)), bounds_of(claims[b], Iv(-INF, INF))],
                    distance=None,
                )))
    found.sort(key=lambda item: (len(item[1].claims), item[0] is None, item[0] or 0))
    return [s for _, s in found]


def _distance(have: Iv, needed: Iv | None) -> Q | None:
    if needed is None:
        return None
    gap = max(arith.badd(needed.lo, -have.hi), arith.badd(have.lo, -needed.hi), Q(0))
    width = have.width()
    if isinstance(width, float) or width == 0 or isinstance(gap, float):
        return None  # no finite half-width to measure by: an exact or a one-sided figure
    return 2 * gap / width
