"""Suggesting rules for a claim file: generate candidates of every shape, rank them by the
expected number of matches by chance, confirm the best with the exact verifier, and set apart
the near misses (candidates that fail by a small slack: possible findings)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from ..errors import ClaimcheckError
from ..files.model import ClaimFile, Reading, Rule
from ..rules.compiler import CompiledFile, compile_file, compile_rule
from ..verify.results import RuleResult
from ..verify.verifier import verify_compiled
from .candidates import Candidate
from .figures import figures_of
from .orders import list_candidates, order_candidates
from .rates import change_rate_candidates, multiple_candidates, rate_candidates, share_candidates
from .results import Suggestion, Suggestions
from .sums import sum_candidates

#: Near misses are candidates that would hold with at most this slack (tolerance this many times wider).
NEAR_SLACK = 3.0
#: How many candidates beyond ``top`` are confirmed, in case some fail the exact check.
_SPARE = 3


def suggest(claim_file: ClaimFile, *, top: int = 20, near_slack: float = NEAR_SLACK) -> Suggestions:
    """The ``top`` candidate rules over the claims of ``claim_file`` that hold, best first, and the
    near misses (slack above 1, at most ``near_slack``)."""
    if top < 1 or not near_slack > 1:
        raise ValueError("suggest() needs top >= 1 and near_slack > 1")
    figs = figures_of(claim_file)
    found: dict[tuple[str, frozenset[str]], Candidate] = {}
    tried: Counter[str] = Counter()
    per_target: dict[tuple[str, str, int], list[tuple[bool, float, tuple[str, frozenset[str]]]]] = {}
    for c in _all(figs, near_slack):
        tried[c.kind] = max(tried[c.kind], c.tried)
        key = (c.kind if c.kind not in ("growth", "reduction") else "rate", frozenset(c.claims))
        old = found.get(key)
        if old is not None and (old.near, old.expected) <= (c.near, c.expected):
            continue
        # of the many combinations that reach one claim, only the best few are kept (memory stays linear)
        target = (c.kind, c.claims[-1], len(c.claims))
        kept_here = per_target.setdefault(target, [])
        if len(kept_here) >= KEPT_PER_TARGET and c.kind in _EQUALITIES:
            worst = max(kept_here)
            if (c.near, c.expected) >= worst[:2]:
                continue
            kept_here.remove(worst)
            found.pop(worst[2], None)
        kept_here.append((c.near, c.expected, key))
        found[key] = c
    compiled = compile_file(claim_file.model_copy(update={"rules": {}, "conflicts": []}))
    covered = _claims_of_rules(claim_file, compiled)
    kept = [c for c in found.values() if not any(set(c.claims) <= s for s in covered)]
    skipped = len(found) - len(kept)
    kept.sort(key=lambda c: (c.expected, len(c.claims)))
    holding = [c for c in kept if not c.near][: top + _SPARE * top]
    near = [c for c in kept if c.near][: top + _SPARE * top]
    results = _confirm(compiled, claim_file, holding + near)
    rules: list[Suggestion] = []
    misses: list[Suggestion] = []
    for s in results:
        slack = _slack(s.slack)
        if s.verdict == "consistent":
            rules.append(s)
        elif slack is not None and 1 < slack <= near_slack:
            misses.append(s)
    rules = _varied(sorted(rules, key=lambda s: s.expected))
    misses = _varied(sorted(misses, key=lambda s: (s.expected, _slack(s.slack) or 0)))
    return Suggestions(claim_file.source, rules[:top], misses[:top], dict(tried), skipped)


#: How many candidates of one shape ending at one claim are kept while searching.
KEPT_PER_TARGET = 4
_EQUALITIES = frozenset({"sum", "level", "difference", "growth", "reduction", "share", "cagr", "multiple"})


def _varied(found: list[Suggestion]) -> list[Suggestion]:
    """The best suggestion of each shape that ends at a claim (the total of a sum, the rate of a
    growth), with the number of others that reach it too: of several sums that reach one total,
    at most one is likely true, and a person wants the best and to know the others exist."""
    best: dict[tuple[str, str, int], int] = {}
    out: list[Suggestion] = []
    for s in found:
        key = (s.candidate.kind, s.candidate.claims[-1], len(s.candidate.claims))
        if key in best and s.candidate.kind in _EQUALITIES:
            first = out[best[key]]
            out[best[key]] = replace(first, rivals=first.rivals + 1)
            continue
        best[key] = len(out)
        out.append(s)
    return out


def _all(figs: list, near_slack: float):  # type: ignore[no-untyped-def, type-arg]
    yield from sum_candidates(figs, near_slack)
    yield from rate_candidates(figs, near_slack)
    yield from multiple_candidates(figs, near_slack)
    yield from change_rate_candidates(figs, near_slack)
    yield from share_candidates(figs, near_slack)
    yield from order_candidates(figs)
    yield from list_candidates(figs)


def _claims_of_rules(claim_file: ClaimFile, compiled: CompiledFile) -> list[set[str]]:
    """The claims each of the file's own rules names (a candidate over them is not repeated)."""
    out = []
    for rid, rule in claim_file.rules.items():
        try:
            done = compile_rule(compiled, rid, rule)
        except ClaimcheckError:
            continue
        out.append({cid for check in done.checks for cid in check.claims})
    return out


def _rule_id(c: Candidate, taken: set[str]) -> str:
    base = re.sub(r"[^A-Za-z0-9_]", "_", f"{c.kind}_{c.claims[-1]}")[:60]
    rid, n = base, 2
    while rid in taken:
        rid, n = f"{base}_{n}", n + 1
    taken.add(rid)
    return rid


def _as_rule(c: Candidate) -> Rule:
    if c.readings is not None:
        return Rule(readings={rid: Reading(check=check) for rid, check in c.readings})
    return Rule(check=c.check)


def _confirm(compiled: CompiledFile, claim_file: ClaimFile, candidates: list[Candidate]) -> list[Suggestion]:
    """Each candidate's exact verdict, slack and suspects."""
    taken: set[str] = set(claim_file.rules)
    rules: dict[str, Rule] = {}
    by_id: dict[str, Candidate] = {}
    for c in candidates:
        rid = _rule_id(c, taken)
        rule = _as_rule(c)
        try:
            compiled.rules[rid] = compile_rule(compiled, rid, rule)
        except ClaimcheckError:
            continue  # a shape the rule language refuses for these claims (units, zero bases)
        rules[rid] = rule
        by_id[rid] = c
    compiled.source = claim_file.model_copy(update={"rules": rules, "conflicts": []})
    report = verify_compiled(compiled)
    return [_suggestion(r, by_id[r.id]) for r in report.rules if r.id in by_id]


def _suggestion(result: RuleResult, c: Candidate) -> Suggestion:
    if result.readings:
        best = min(result.readings, key=lambda r: (r.verdict != "consistent", _slack(r.slack) or float("inf")))
        verdict, slack, suspects = best.verdict, best.slack, best.suspects
    else:
        verdict, slack, suspects = result.verdict, result.slack, result.suspects
    names = tuple(dict.fromkeys(cid for s in suspects for cid in s.claims))
    readings = tuple((str(r.id), r.verdict.value) for r in result.readings or ())
    return Suggestion(result.id, c, str(verdict), slack, names, readings=readings)


def _slack(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        return float(text.replace("×", "").split()[0])
    except (ValueError, IndexError):
        return None


__all__ = ["NEAR_SLACK", "Suggestion", "Suggestions", "suggest"]
