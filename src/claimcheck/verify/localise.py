"""Localisation: the claims most likely wrong across a whole file (Fellegi–Holt, exactly).

Per-rule suspects answer "whose change alone fixes this rule?". When one mistyped figure breaks
three rules, the question that matters is the one R's errorlocate answers: the smallest weighted
set of claims whose values, freed, let every rule hold at once. Rules are grouped by the claims
they share; in each group with failures (inconsistent checks or joint conflicts), candidate sets
are tried by increasing weight. A candidate must name a claim of every failing check (otherwise
that check fails unchanged); it is accepted only with an exact witness: one choice of values,
the set's claims free and every other claim within its interval, that satisfies every rule of
the group exactly. The search has a budget; when it runs out, the group is reported as not
settled, with the reason, never with an unproven set.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable

from ..exact.arith import Iv, Q, meet
from ..exact.contraction import Empty
from ..exact.decide import propagate
from ..exact.effort import Effort
from ..exact.expr import Box
from ..files.model import ClaimFile
from ..rules.compiler import CompiledCheck, CompiledFile, Link
from .bounds import admissible, bounds_of
from .conflicts import groups_sharing_claims
from .results import Conflict, Localisation, Verdict
from .verdicts import holds, witness_point

#: Largest set of claims tried.
MAX_SET_SIZE = 3
#: Candidate sets tried in one group before the search gives up.
MAX_CANDIDATES = 300
#: Work (units of :class:`~claimcheck.exact.effort.Effort`) for one candidate, and for one group.
CANDIDATE_EFFORT = 3_000
GROUP_EFFORT = 60_000
#: Groups with more checks than this are not searched (each candidate propagates over all of them).
MAX_GROUP_CHECKS = 400
#: Groups searched in one file; the rest are reported as not searched.
MAX_GROUPS = 50
#: Alternatives of the same weight listed.
MAX_ALTERNATIVES = 5
#: A freed claim is searched within this many times its magnitude of its written value.
WINDOW = 1000


def localise(
    compiled: CompiledFile, base: Box, verdicts: dict[str, Verdict], conflicts: Iterable[Conflict],
    implied: dict[str, dict[str, Iv | None]] | None = None, suspects: dict[str, int] | None = None,
) -> list[Localisation]:
    """One localisation per group of related rules that has failures. ``implied`` (each check's
    proven enclosures of its claims' feasible values) narrows what a set is shown to need;
    ``suspects`` (claim id -> its best rank among the failing checks' suspects) breaks ties
    between sets of the same weight."""
    checks = [c for rule in compiled.rules.values() if not rule.has_readings for c in rule.checks]
    failing = {c.key for c in checks if verdicts.get(c.key) == Verdict.INCONSISTENT}
    conflict_sets = [frozenset(c.rules) for c in conflicts if c.found]
    if not failing and not conflict_sets:
        return []
    groups = groups_sharing_claims(checks)
    out: list[Localisation] = []
    for group in groups:
        keys = {c.key for c in group}
        group_failing = [c for c in group if c.key in failing]
        group_conflicts = [s for s in conflict_sets if s <= keys]
        if not group_failing and not group_conflicts:
            continue
        names = [c.key for c in group_failing] + [" + ".join(sorted(s)) for s in group_conflicts]
        if len(out) >= MAX_GROUPS:
            out.append(Localisation(claims=[], failing=names, settled=False,
                                    message=f"not searched: more than {MAX_GROUPS} groups of rules have failures"))
            continue
        out.append(_localise_group(compiled, base, group, group_failing, group_conflicts, names,
                                   implied or {}, suspects or {}))
    return out


def _localise_group(
    compiled: CompiledFile, base: Box, group: list[CompiledCheck], failing: list[CompiledCheck],
    conflicts: list[frozenset[str]], names: list[str], implied: dict[str, dict[str, Iv | None]],
    suspects: dict[str, int],
) -> Localisation:
    cf = compiled.source
    if len(group) > MAX_GROUP_CHECKS:
        return Localisation(claims=[], failing=names, settled=False,
                            message=f"not searched: the group has {len(group)} rules (at most {MAX_GROUP_CHECKS})")
    by_rule = {c.key: c for c in group}
    # what each candidate set must touch: every failing check, and every conflict (one of its rules)
    must_touch = [set(c.claims) for c in failing] + [
        {cid for key in s for cid in by_rule[key].claims} for s in conflicts
    ]
    candidates = sorted({cid for touched in must_touch for cid in touched},
                        key=lambda cid: (_weight(cf, cid), -sum(cid in t for t in must_touch),
                                         suspects.get(cid, len(suspects) + 1), cid))
    links = [link for c in group for link in c.links]
    claims = list(dict.fromkeys(cid for c in group for cid in c.claims))
    tried = 0
    spent = 0
    ran_out = 0  # candidates whose own budget ran out before they were settled
    found: list[tuple[float, tuple[str, ...], Box, Box]] = []
    best_weight: float | None = None
    # every set of up to MAX_SET_SIZE candidates, lightest first (fewer claims first among equals)
    subsets = sorted(
        (s for size in range(1, MAX_SET_SIZE + 1) for s in _combinations(candidates, size)),
        key=lambda s: (sum(_weight(cf, cid) for cid in s), len(s)),
    )
    for subset in subsets:
        weight = sum(_weight(cf, cid) for cid in subset)
        if best_weight is not None and weight > best_weight:
            break
        if not all(t & set(subset) for t in must_touch):
            continue
        tried += 1
        if tried > MAX_CANDIDATES or spent > GROUP_EFFORT:
            return _result(compiled, found, must_touch, names, settled=False,
                           message=f"gave up after {tried - 1} candidate sets (the search's budget ran out)")
        witnessed = _witness(compiled, base, group, links, claims, subset)
        spent += CANDIDATE_EFFORT - min(Effort.left, CANDIDATE_EFFORT)
        ran_out += witnessed is None and Effort.spent()
        if witnessed is not None:
            narrowed, point = witnessed
            for cid in subset:  # what each failing check alone proves the claim needs, too
                for check in failing:
                    known = implied.get(check.key, {}).get(cid)
                    if cid in check.claims and known is not None:
                        narrowed[cid] = meet(narrowed[cid], known) or narrowed[cid]
            found.append((weight, subset, narrowed, point))
            best_weight = weight if best_weight is None else best_weight
            if len(found) > MAX_ALTERNATIVES:
                break
    if not found:
        why = (f"the search's budget ran out on {ran_out} of {tried} candidate sets" if ran_out else
               f"no set of at most {MAX_SET_SIZE} claims was shown to make every rule hold")
        return Localisation(claims=[], failing=names, settled=False, message=why)
    return _result(compiled, found, must_touch, names, settled=True, message="")


def _weight(cf: ClaimFile, cid: str) -> float:
    return cf.claims[cid].weight


def _combinations(candidates: list[str], size: int) -> Iterable[tuple[str, ...]]:
    """Sets of ``size`` candidates (pairs and triples among the first 60 only)."""
    return itertools.combinations(candidates if size == 1 else candidates[:60], size)


def _witness(
    compiled: CompiledFile, base: Box, group: list[CompiledCheck], links: list[Link], claims: list[str],
    subset: tuple[str, ...],
) -> tuple[Box, Box] | None:
    """(what propagation leaves the claims, a point where every check of the group holds) with
    ``subset`` freed, or ``None``."""
    Effort.allow(CANDIDATE_EFFORT)
    box = {c: base[c] for c in claims}
    for cid in subset:
        # freed within a window of a thousand times the figure's magnitude: wide enough for any
        # mistyped digit, narrow enough for propagation and the witness search to get a grip
        cv = compiled.claims[cid]
        reach = WINDOW * max(abs(cv.nominal), Q(1))
        free = admissible(cv, Iv(cv.nominal - reach, cv.nominal + reach))
        assert free is not None
        box[cid] = free
    for check in group:  # each check on its own first: cheap refutations
        if holds(check, {c: box[c] for c in check.claims}) is False:
            return None
    try:
        narrowed = propagate([(link.diff, link.op) for link in links], box)
    except Empty:
        return None
    # the claims kept are fixed first (their intervals are narrow), the freed ones last
    order = [c for c in claims if c not in subset] + list(subset)
    point = witness_point(links, claims, narrowed, order=order)
    return None if point is None else (narrowed, point)


def _result(
    compiled: CompiledFile, found: list[tuple[float, tuple[str, ...], Box, Box]], must_touch: list[set[str]],
    names: list[str], *, settled: bool, message: str,
) -> Localisation:
    if not found:
        return Localisation(claims=[], failing=names, settled=settled, message=message)
    weight, subset, needed, point = found[0]
    claims = compiled.claims
    alternatives = [list(s) for w, s, _, _ in found[1:] if w == weight]
    explains = sum(1 for touched in must_touch if touched & set(subset))  # failing checks and conflicts
    return Localisation(
        claims=list(subset),
        needed=[bounds_of(claims[cid], needed.get(cid)) for cid in subset],
        witness=[bounds_of(claims[cid], point[cid]) for cid in subset],
        explains=explains, failing=names, alternatives=alternatives, settled=settled, message=message,
    )


__all__ = ["localise"]
