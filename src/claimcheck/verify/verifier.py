"""Verifying a compiled claim file: each rule's results, then the joint check.

For every check: the verdict (:mod:`.verdicts`), the implied intervals (:mod:`.implied`), the
suspects of a failing one (:mod:`.suspects`) and the slack (:mod:`.slack`), each within its
budget of interval evaluations; then the rules that hold one by one but not together
(:mod:`.conflicts`). A large file's rules are shared out among processes (:mod:`.sharing`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import ClaimcheckError
from ..exact import arith
from ..exact.arith import INF, Iv
from ..exact.decide import moved_enough
from ..exact.effort import Effort
from ..exact.expr import Box
from ..files.model import Expect
from ..rules.compiler import CompiledCheck, CompiledFile, CompiledRule
from .bounds import bounds_of, claim_result, slack_text
from .conflicts import against_the_record, conflicts_among, connected, joint_conflicts
from .grades import MAJOR, MINOR, GenerousReadings, closest_fix, grade
from .implied import IMPLIED_EFFORT, implied_and_proven, linear_implied
from .localise import localise
from .provenance import check_provenance
from .results import (
    ClaimResult,
    Conflict,
    FileReport,
    InputProblem,
    ReadingResult,
    Report,
    RuleResult,
    Summary,
    Verdict,
    trusted,
)
from .sharing import can_fork, share_out
from .slack import SLACK_EFFORT, slack
from .suspects import find_suspects
from .verdicts import VERDICT_EFFORT, check_defined, holds, witnessed

if TYPE_CHECKING:
    from .bulk import Settled


def make_report(files: list[FileReport], errors: list[InputProblem] | None = None) -> Report:
    rules = [r for f in files for r in f.rules]
    checks = [c for r in rules for c in r.checks()]
    summary = Summary(
        files=len(files),
        claims=sum(len(f.claims) for f in files),
        rules=len(rules),
        checks=len(checks),
        consistent=sum(1 for c in checks if c.verdict == Verdict.CONSISTENT),
        inconsistent=sum(1 for c in checks if c.verdict == Verdict.INCONSISTENT),
        major=sum(1 for c in checks if c.grade == MAJOR),
        minor=sum(1 for c in checks if c.grade == MINOR),
        unexpected=sum(1 for c in checks if not c.ok),
        conflicts=sum(1 for f in files for c in f.conflicts if c.found),
        unexpected_conflicts=sum(1 for f in files for c in f.conflicts if not c.ok),
        unsettled=sum(1 for c in checks if not c.settled),
        invalid=len({e.path for e in errors or []}),
        provenance=sum(len(f.provenance) for f in files),
    )
    return Report(ok=all(f.ok for f in files) and not errors, summary=summary, files=files, errors=errors or [])


#: A file with at least this many checks is verified by several processes when ``jobs`` allows.
PARALLEL_CHECKS = 2_000


#: A file with at least this many checks has its common ones settled in bulk (:mod:`.bulk`), unless
#: told otherwise; a page's few dozen gain nothing from it but the import of numpy.
BULK_CHECKS = 200


#: What verifying some of a file's rules gives: their results, each check's verdict, and the
#: implied intervals that narrow a claim (for the joint check).
Part = tuple[list[RuleResult], dict[str, Verdict], dict[str, dict[str, Iv | None]]]


def verify_compiled(
    compiled: CompiledFile, *, jobs: int = 1, fail_on: str | None = None, article: str | None = None,
    bulk: bool | None = None,
) -> FileReport:
    """Verify one compiled file; with ``jobs`` > 1, a large file's rules are shared out among
    that many processes (forked, where the platform allows), by groups of related rules.
    ``fail_on`` (``"minor"`` or ``"major"``; default: the file's ``policy.fail_on``) says which
    unexpected inconsistencies make a check not ok: with ``"major"``, minor ones are warnings.
    ``article`` (the source's text) has every quote and value checked against it. ``bulk``
    settles the consistent checks of common shapes column by column (:mod:`.bulk`); ``False``:
    every check goes the per-rule way (the same results, more slowly: for comparisons); ``None``:
    in bulk from :data:`BULK_CHECKS` checks (below, numpy is not even imported)."""
    cf = compiled.source
    base: Box = {cid: cv.box for cid, cv in compiled.claims.items()}
    rules = list(compiled.rules.values())
    claims: list[ClaimResult] = []
    checks = sum(len(r.checks) for r in rules)
    if bulk is None:
        bulk = checks >= BULK_CHECKS
    run = _Run(compiled, base, GenerousReadings(cf, compiled.claims), fail_on or cf.policy.fail_on, bulk)

    def claim_results() -> None:
        claims.extend(claim_result(cf, cv) for cv in compiled.claims.values())

    if jobs > 1 and checks >= PARALLEL_CHECKS and can_fork():
        rule_results, verdicts, implied, found = _in_processes(run, jobs, meanwhile=claim_results)
    else:
        rule_results, verdicts, implied = _verify_rules(run, rules)
        claim_results()
        found = joint_conflicts(compiled, base, verdicts, implied)
    conflicts = against_the_record(cf, compiled, base, verdicts, found)
    provenance = [] if article is None else check_provenance(cf, article)
    ok = all(r.ok for r in rule_results) and all(c.ok for c in conflicts) and not provenance
    title = cf.document.title if cf.document else None
    ranks: dict[str, int] = {}
    for r in rule_results:
        for i, s in enumerate(r.suspects):
            for cid in s.claims:
                ranks[cid] = min(ranks.get(cid, i), i)
    return FileReport(path=cf.source, title=title, ok=ok, claims=claims, rules=rule_results, conflicts=conflicts,
                      localisations=localise(compiled, base, verdicts, conflicts, implied, ranks),
                      provenance=provenance)


@dataclass(frozen=True)
class _Run:
    """What every check of one file's verification shares."""

    compiled: CompiledFile
    base: Box
    generous: GenerousReadings
    fail_on: str
    bulk: bool


def _verify_rules(run: _Run, rules: list[CompiledRule]) -> Part:
    base = run.base
    verdicts: dict[str, Verdict] = {}
    implied: dict[str, dict[str, Iv | None]] = {}
    rule_results = []
    in_bulk: dict[str, Settled] = {}
    if run.bulk:
        from .bulk import settle  # numpy: imported only for a file worth settling in bulk

        in_bulk = settle([c for rule in rules for c in rule.checks], run.compiled.claims)
    for rule in rules:
        readings = []
        for check in rule.checks:
            done = in_bulk.get(check.key)
            res, implied_iv = _check(run, check) if done is None else _settled(run, check, done)
            verdicts[check.key] = res.verdict
            # kept for the joint check: only what narrows a claim's interval matters there
            implied[check.key] = _narrowing(implied_iv, base)
            readings.append(res)
        if rule.has_readings:
            kinds = {r.verdict for r in readings}
            verdict = kinds.pop() if len(kinds) == 1 else Verdict.DEPENDS_ON_READING
            rule_results.append(trusted(
                RuleResult,
                id=rule.id, check=None, verdict=verdict, expected=None, ok=all(r.ok for r in readings),
                slack=None, claims=_union(r.claims for r in readings), implied=[], suspects=[], note=rule.note,
                line=rule.line, readings=readings, settled=all(r.settled for r in readings),
                grade=None, holds_if=None, fix=None,
            ))
        else:
            r = readings[0]
            rule_results.append(trusted(
                RuleResult,
                id=rule.id, check=r.check, verdict=r.verdict, expected=r.expected, ok=r.ok, slack=r.slack,
                claims=r.claims, implied=r.implied, suspects=r.suspects, note=rule.note, line=rule.line,
                readings=None, settled=r.settled, grade=r.grade, holds_if=r.holds_if, fix=r.fix,
            ))
    return rule_results, verdicts, implied


#: What verifying some groups of a file's rules in one process gives: the rules' indices in the
#: file, their :data:`Part`, and the joint conflicts among them (by the key of each group's first
#: check).
Share = tuple[list[int], Part, list[tuple[str, list[Conflict]]]]

#: A whole file's :data:`Part` and its joint conflicts.
Verified = tuple[list[RuleResult], dict[str, Verdict], dict[str, dict[str, Iv | None]], list[Conflict]]


@dataclass(frozen=True)
class _Failed:
    """A share that met an error: the index in the file of the rule that raised it, and the error."""

    rule: int
    error: ClaimcheckError


def _in_processes(run: _Run, jobs: int, meanwhile: Callable[[], None]) -> Verified:
    """The file's rules shared out among ``jobs`` processes (:mod:`.sharing`) by groups of rules
    that share claims, so that each process also makes the joint check of its groups; only
    the implied intervals of groups with a finding come back (localisation needs them). A file
    whose largest group outweighs a process's share is shared out by slices of rules instead,
    with the joint check here. An error in a rule is kept with its share, so that the one raised
    is the first in the file however the rules were shared."""
    rules = list(run.compiled.rules.values())
    groups = [[i for i, _ in group] for group in connected(list(enumerate(rules)), _claims_of_rule)]
    total = sum(len(r.checks) for r in rules)
    if max(sum(len(rules[i].checks) for i in g) for g in groups) * jobs > total:
        return _in_slices(run, rules, jobs, meanwhile)

    def verify_groups(start: int, stop: int) -> Share | _Failed:
        mine = sorted(i for group in groups[start:stop] for i in group)
        try:
            results, verdicts, implied = _verify_rules(run, [rules[i] for i in mine])
        except ClaimcheckError as exc:
            for i in mine:  # which rule it was: the first error in the file is the one raised
                try:
                    _verify_rules(run, [rules[i]])
                except ClaimcheckError:
                    return _Failed(i, exc)
            return _Failed(mine[0], exc)  # pragma: no cover - the error came from one of them
        consistent = [c for i in mine if not rules[i].has_readings for c in rules[i].checks
                      if verdicts[c.key] == Verdict.CONSISTENT]
        found = conflicts_among(consistent, run.base, implied)
        failing = found or any(v != Verdict.CONSISTENT for v in verdicts.values())
        return mine, (results, verdicts, implied if failing else {}), found

    ordered: list[RuleResult | None] = [None] * len(rules)
    verdicts: dict[str, Verdict] = {}
    implied: dict[str, dict[str, Iv | None]] = {}
    found: list[tuple[str, list[Conflict]]] = []
    shares: list[Share] = []
    failed: list[_Failed] = []
    for share in share_out(len(groups), jobs, verify_groups, meanwhile):
        if isinstance(share, _Failed):
            failed.append(share)
        else:
            shares.append(share)
    if failed:
        raise min(failed, key=lambda f: f.rule).error
    for mine, (results, part_verdicts, part_implied), part_found in shares:
        for i, result in zip(mine, results, strict=True):
            ordered[i] = result
        verdicts.update(part_verdicts)
        implied.update(part_implied)
        found.extend(part_found)
    position = {c.key: n for n, c in enumerate(c for rule in rules for c in rule.checks)}
    found.sort(key=lambda item: position[item[0]])
    rule_results = [r for r in ordered if r is not None]
    return rule_results, verdicts, implied, [c for _, group in found for c in group]


def _claims_of_rule(item: tuple[int, CompiledRule]) -> list[str]:
    return [cid for check in item[1].checks for cid in check.claims]


def _in_slices(run: _Run, rules: list[CompiledRule], jobs: int, meanwhile: Callable[[], None]) -> Verified:
    """The file's rules shared out by slices (one large group of related rules); the joint check
    in this process."""

    def verify_slice(start: int, stop: int) -> Part | ClaimcheckError:
        try:
            return _verify_rules(run, rules[start:stop])
        except ClaimcheckError as exc:
            return exc

    parts = []
    for part in share_out(len(rules), jobs, verify_slice, meanwhile):
        if isinstance(part, ClaimcheckError):
            raise part
        parts.append(part)
    rule_results = [r for part in parts for r in part[0]]
    verdicts = {key: v for part in parts for key, v in part[1].items()}
    implied = {key: iv for part in parts for key, iv in part[2].items()}
    return rule_results, verdicts, implied, joint_conflicts(run.compiled, run.base, verdicts, implied)


def _narrowing(implied: dict[str, Iv | None], base: Box) -> dict[str, Iv | None]:
    """The implied intervals that narrow their claim's interval by enough to propagate (as the
    intersection), and those that are empty."""
    out: dict[str, Iv | None] = {}
    for cid, iv in implied.items():
        narrowed = None if iv is None else arith.meet(base[cid], iv)
        if narrowed is None or moved_enough(base[cid], narrowed):
            out[cid] = narrowed
    return out


def _union(lists: Iterable[list[str]]) -> list[str]:
    seen: dict[str, None] = {}
    for lst in lists:
        for x in lst:
            seen.setdefault(x, None)
    return list(seen)


def _check(run: _Run, check: CompiledCheck) -> tuple[ReadingResult, dict[str, Iv | None]]:
    """The verdict, grade, slack, implied intervals, suspects and closest fix of one check; and a
    proven enclosure of each claim's implied values (``None``: proven empty), where the joint
    check's propagation over all rules starts."""
    compiled, base = run.compiled, run.base
    own = check.overrides  # claims this reading reads in its own way
    box = {c: own[c].box if c in own else base[c] for c in check.claims}
    Effort.allow(VERDICT_EFFORT)
    decided = holds(check, box)
    consistent = decided is not False
    settled = decided is False or (decided is True and witnessed(check, box))
    if not consistent:
        # a side undefined for every value the claims admit (a zero denominator) also fails the
        # check: that is an error in the rule, not a finding about the figures
        check_defined(compiled, check, base)
    verdict = Verdict.CONSISTENT if consistent else Verdict.INCONSISTENT
    claims = {**compiled.claims, **own} if own else compiled.claims
    implied = []
    shown: dict[str, Iv | None] = {}
    proven: dict[str, Iv | None] = {}  # what the joint check and the suspects may rely on
    form = check.links[0].linear if len(check.links) == 1 else None
    linear = linear_implied(form, check.links[0].op, box) if form is not None else {}
    for cid in check.claims:
        Effort.allow(IMPLIED_EFFORT)
        if form is not None:
            shown[cid] = proven[cid] = linear.get(cid, Iv(-INF, INF))
        else:
            shown[cid], proven[cid] = implied_and_proven(check, box, cid)
        implied.append(bounds_of(claims[cid], shown[cid]))
    suspects = [] if consistent else find_suspects(check, box, claims, shown, proven)
    grade_, holds_if = (None, None) if consistent else grade(check, box, run.generous)
    fix = None if consistent else closest_fix(claims, suspects, shown)
    Effort.allow(SLACK_EFFORT)
    return trusted(
        ReadingResult,
        id=check.reading_id, check=check.text, verdict=verdict, expected=check.expect,
        ok=as_recorded(verdict, grade_, check.expect, run.fail_on), slack=slack_text(slack(check, claims, consistent)),
        claims=list(check.claims),
        implied=implied, suspects=suspects, note=check.note, line=check.line, settled=settled,
        grade=grade_, holds_if=holds_if, fix=fix,
        read_as=[claim_result(compiled.source, cv) for cv in own.values()],
    ), proven


def _settled(run: _Run, check: CompiledCheck, done: Settled) -> tuple[ReadingResult, dict[str, Iv | None]]:
    """A consistent check's result from what :mod:`.bulk` found (no overrides, one comparison)."""
    claims = run.compiled.claims
    proven: dict[str, Iv | None] = dict(zip(check.claims, done.implied, strict=True))
    return trusted(
        ReadingResult,
        id=check.reading_id, check=check.text, verdict=Verdict.CONSISTENT, expected=check.expect,
        ok=as_recorded(Verdict.CONSISTENT, None, check.expect, run.fail_on), slack=slack_text(done.slack),
        claims=list(check.claims),
        implied=[bounds_of(claims[cid], iv) for cid, iv in zip(check.claims, done.implied, strict=True)],
        suspects=[], note=check.note, line=check.line, settled=True, grade=None, holds_if=None, fix=None,
        read_as=[],
    ), proven


def as_recorded(verdict: Verdict, grade_: str | None, expect: Expect, fail_on: str) -> bool:
    """Whether a check's verdict and grade are what the file records (``expect:``); with
    ``fail_on`` ``"major"``, a minor finding where consistency was recorded is tolerated."""
    if expect == Expect.CONSISTENT:
        return verdict == Verdict.CONSISTENT or (fail_on == MAJOR and grade_ == MINOR)
    if expect == Expect.INCONSISTENT:
        return verdict == Verdict.INCONSISTENT
    return verdict == Verdict.INCONSISTENT and grade_ == expect.value


__all__ = ["make_report", "verify_compiled"]
