"""Joint conflicts: rules that hold one by one but cannot hold together.

Checks that share claims are grouped; a group whose propagation leaves some claim no value is
in conflict, and minimal cores are reported one at a time. Conflicts recorded in the file's
``conflicts:`` are matched here, and checked directly when the search did not name them."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

from ..exact import arith
from ..exact.arith import Iv
from ..exact.contraction import Empty
from ..exact.decide import moved_enough, propagate
from ..exact.expr import Box
from ..files.model import ClaimFile
from ..rules.compiler import CompiledCheck, CompiledFile
from .results import (
    Conflict,
    Verdict,
)

T = TypeVar("T")


def joint_conflicts(
    compiled: CompiledFile, base: Box, verdicts: dict[str, Verdict],
    implied: dict[str, dict[str, Iv | None]] | None = None,
) -> list[Conflict]:
    """Groups of checks that pass one by one but cannot hold together (readings left out).

    ``implied`` (each check's implied intervals, outer bounds of its feasible values) gives
    propagation its first round for free: only rules over claims that these intervals narrowed
    are contracted again."""
    checks = [
        c for rule in compiled.rules.values() if not rule.has_readings for c in rule.checks
        if verdicts[c.key] == Verdict.CONSISTENT
    ]
    return [c for _, found in conflicts_among(checks, base, implied) for c in found]


def conflicts_among(
    checks: list[CompiledCheck], base: Box, implied: dict[str, dict[str, Iv | None]] | None = None,
) -> list[tuple[str, list[Conflict]]]:
    """The joint conflicts among ``checks`` (consistent ones, in file order), group by group: for
    each group with conflicts, the key of its first check (groups are reported in the order of
    their first checks in the file) and its conflicts."""
    out = []
    for group in groups_sharing_claims(checks):
        if len(group) < 2 or feasible(group, base, implied):
            continue
        conflicts = []
        # one minimal conflict at a time; a rule of each found is set aside and the rest searched
        # again, so that a conflict recorded in the file does not hide another in the same group
        rest = list(group)
        for _ in range(MAX_CONFLICTS_PER_GROUP):
            core = _minimal_core(rest, base)
            conflicts.append(joint_conflict([c.key for c in core], core))
            rest = [c for c in rest if c is not core[-1]]
            if len(rest) < 2 or feasible(rest, base):
                break
        out.append((group[0].key, conflicts))
    return out


def groups_sharing_claims(checks: list[CompiledCheck]) -> list[list[CompiledCheck]]:
    """Checks grouped by the claims they share (transitively: union-find), in file order."""
    return connected(checks, lambda c: c.claims)


def connected(items: Sequence[T], claims_of: Callable[[T], Iterable[str]]) -> list[list[T]]:
    """``items`` grouped by the claims they share, transitively (union-find); each group in the
    items' order, the groups in the order of their first items."""
    parent = list(range(len(items)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[str, int] = {}
    for i, item in enumerate(items):
        for cid in claims_of(item):
            if cid in owner:
                parent[find(i)] = find(owner[cid])
            else:
                owner[cid] = i
    groups: dict[int, list[T]] = {}
    for i, item in enumerate(items):
        groups.setdefault(find(i), []).append(item)
    return list(groups.values())


def joint_conflict(
    rules: list[str], checks: list[CompiledCheck], *, expected: bool = False, note: str | None = None
) -> Conflict:
    """The conflict of ``checks`` (the checks of ``rules``), which hold one by one but not
    together; ``expected`` and ``note`` when the file records it."""
    shared = list(dict.fromkeys(cid for c in checks for cid in c.claims))
    return Conflict(
        rules=rules, claims=shared, expected=expected, note=note,
        message=f"rules {', '.join(rules)} hold one by one but not together: no values of "
        f"{', '.join(shared)} within their intervals satisfy all of them",
    )


#: Conflicts reported at most in one group of rules that share claims.
MAX_CONFLICTS_PER_GROUP = 20


def _minimal_core(checks: list[CompiledCheck], base: Box) -> list[CompiledCheck]:
    """A minimal infeasible subset of ``checks`` (infeasible together), by deleting checks one at
    a time while the rest stay infeasible."""
    core = list(checks)
    i = 0
    while i < len(core):
        trial = core[:i] + core[i + 1:]
        if len(trial) >= 2 and not feasible(trial, base):
            core = trial
        else:
            i += 1
    return core


def feasible(
    checks: list[CompiledCheck], base: Box, implied: dict[str, dict[str, Iv | None]] | None = None
) -> bool:
    """Whether propagation over ``checks`` together leaves every claim some value."""
    constraints = [(link.diff, link.op) for c in checks for link in c.links]
    box = {cid: base[cid] for c in checks for cid in c.claims}
    start: list[int] | None = None
    if implied is not None:
        # a claim narrowed only by the check whose projection it is needs no second look there
        narrowed_by: dict[str, set[str]] = {}
        for c in checks:
            for cid, iv in implied[c.key].items():
                narrowed = None if iv is None else arith.meet(box[cid], iv)
                if narrowed is None:
                    return False
                if moved_enough(box[cid], narrowed):
                    narrowed_by.setdefault(cid, set()).add(c.key)
                box[cid] = narrowed
        owners = [(c, link) for c in checks for link in c.links]
        start = [
            i for i, (c, link) in enumerate(owners)
            if any(narrowed_by.get(cid, {c.key}) != {c.key} or len(c.links) > 1 for cid in link.claims)
        ]
    try:
        propagate(constraints, box, start=start)
    except Empty:
        return False
    return True


def against_the_record(
    cf: ClaimFile, compiled: CompiledFile, base: Box, verdicts: dict[str, Verdict], found: list[Conflict]
) -> list[Conflict]:
    """The conflicts found, each marked as recorded in the file's ``conflicts:`` or not, and each
    recorded one the search did not name: checked directly, it is found (as recorded) when its
    rules cannot hold together, and reported as gone when they can."""
    recorded = {frozenset(r.rules): r for r in cf.conflicts}
    out = []
    for c in found:
        record = recorded.pop(frozenset(c.rules), None)
        out.append(c.model_copy(update={"expected": True, "note": record.note}) if record else c)
    for record in recorded.values():
        checks = [check for rid in record.rules for check in compiled.rules[rid].checks]
        each = all(verdicts[c.key] == Verdict.CONSISTENT for c in checks)
        if each and not feasible(checks, base):
            out.append(joint_conflict(list(record.rules), checks, expected=True, note=record.note))
            continue
        why = "are no longer found in conflict" if each else "no longer hold one by one"
        out.append(Conflict(
            rules=list(record.rules), claims=[], found=False, expected=True, note=record.note,
            message=f"recorded as a joint conflict, but rules {', '.join(record.rules)} {why}",
        ))
    return out
