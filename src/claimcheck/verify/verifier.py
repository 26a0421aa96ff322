"""The verifier: a verdict, a slack, implied intervals and suspects for every rule, and the
conflicts between rules that hold one by one but not together.

``verify(load(path))`` compiles the file's rules (:mod:`claimcheck.rules`), decides each check
exactly (:mod:`claimcheck.decide`) and returns a :class:`~claimcheck.report.Report`.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterable
from fractions import Fraction

from ..errors import ClaimcheckError, RuleError
from ..exact import arith
from ..exact import evaluation as ev
from ..exact.arith import INF, Iv, Q
from ..exact.decide import Effort, free, link_holds, moved_enough, propagate, target_of, tight_range
from ..exact.evaluation import Box, Empty, Expr, Undefined, Var, contract, evaluate, variables
from ..figures.intervals import fraction_to_decimal_string, outward_decimal_string
from ..figures.units import NONNEGATIVE_UNITS
from ..files.model import ClaimFile, Expect
from ..rules.compiler import ClaimVar, CompiledCheck, CompiledFile, CompiledRule
from .results import (
    Bounds,
    ClaimResult,
    Conflict,
    FileReport,
    InputProblem,
    ReadingResult,
    Report,
    RuleResult,
    Summary,
    Suspect,
    Verdict,
    trusted,
)
from .sharing import can_fork, share_out

#: Largest widening factor tried before a slack is reported as infinite.
MAX_SLACK = Q(2) ** 40
#: Relative precision of the slack (it is rounded up, so a slack <= 1 is a proof of consistency).
SLACK_PRECISION = Q(1, 10**5)
#: Relative precision of a slack below 1 found by bisection (non-linear checks that hold).
CONSISTENT_SLACK_PRECISION = Q(1, 100)
#: Relative precision of implied intervals found by bisection (claims that occur twice in a check).
RANGE_BISECTION_PRECISION = Q(1, 10**8)
#: Interval evaluations allowed for a verdict, for a slack, and for each implied interval.
VERDICT_EFFORT = 10_000
SLACK_EFFORT = 5_000
IMPLIED_EFFORT = 2_000
#: Suspect pairs are searched only in checks with at most this many claims.
MAX_CLAIMS_FOR_PAIRS = 16


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
        unexpected=sum(1 for c in checks if not c.ok),
        conflicts=sum(1 for f in files for c in f.conflicts if c.found),
        unexpected_conflicts=sum(1 for f in files for c in f.conflicts if not c.ok),
        unsettled=sum(1 for c in checks if not c.settled),
        invalid=len({e.path for e in errors or []}),
    )
    return Report(ok=all(f.ok for f in files) and not errors, summary=summary, files=files, errors=errors or [])


#: A file with at least this many checks is verified by several processes when ``jobs`` allows.
PARALLEL_CHECKS = 2_000

#: What verifying some of a file's rules gives: their results, each check's verdict, and the
#: implied intervals that narrow a claim (for the joint check).
Part = tuple[list[RuleResult], dict[str, Verdict], dict[str, dict[str, Iv | None]]]


def verify_compiled(compiled: CompiledFile, *, jobs: int = 1) -> FileReport:
    """Verify one compiled file; with ``jobs`` > 1, a large file's rules are shared out among
    that many processes (forked, where the platform allows; the joint check stays in this one)."""
    cf = compiled.source
    base: Box = {cid: cv.box for cid, cv in compiled.claims.items()}
    rules = list(compiled.rules.values())
    claims: list[ClaimResult] = []

    def claim_results() -> None:
        claims.extend(claim_result(cf, cv) for cv in compiled.claims.values())

    if jobs > 1 and sum(len(r.checks) for r in rules) >= PARALLEL_CHECKS and can_fork():
        parts = _in_processes(compiled, base, jobs, meanwhile=claim_results)
    else:
        parts = [_verify_rules(compiled, base, rules)]
        claim_results()
    rule_results = [r for part in parts for r in part[0]]
    verdicts = {key: v for part in parts for key, v in part[1].items()}
    implied = {key: iv for part in parts for key, iv in part[2].items()}
    conflicts = _against_the_record(cf, compiled, base, verdicts, joint_conflicts(compiled, base, verdicts, implied))
    ok = all(r.ok for r in rule_results) and all(c.ok for c in conflicts)
    title = cf.document.title if cf.document else None
    return FileReport(path=cf.source, title=title, ok=ok, claims=claims, rules=rule_results, conflicts=conflicts)


def _verify_rules(compiled: CompiledFile, base: Box, rules: list[CompiledRule]) -> Part:
    verdicts: dict[str, Verdict] = {}
    implied: dict[str, dict[str, Iv | None]] = {}
    rule_results = []
    for rule in rules:
        readings = []
        for check in rule.checks:
            res, implied_iv = _check(compiled, check, base)
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
            ))
        else:
            r = readings[0]
            rule_results.append(trusted(
                RuleResult,
                id=rule.id, check=r.check, verdict=r.verdict, expected=r.expected, ok=r.ok, slack=r.slack,
                claims=r.claims, implied=r.implied, suspects=r.suspects, note=rule.note, line=rule.line,
                readings=None, settled=r.settled,
            ))
    return rule_results, verdicts, implied


def _in_processes(compiled: CompiledFile, base: Box, jobs: int, meanwhile: Callable[[], None]) -> list[Part]:
    """The file's rules shared out among ``jobs`` processes (:mod:`claimcheck.sharing`). An error
    in a rule is kept with its slice, so that the one raised is the first in the file however the
    rules were shared."""
    rules = list(compiled.rules.values())

    def verify_slice(start: int, stop: int) -> Part | ClaimcheckError:
        try:
            return _verify_rules(compiled, base, rules[start:stop])
        except ClaimcheckError as exc:
            return exc

    parts = []
    for part in share_out(len(rules), jobs, verify_slice, meanwhile):
        if isinstance(part, ClaimcheckError):
            raise part
        parts.append(part)
    return parts


def _against_the_record(
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
        if each and not _feasible(checks, base):
            out.append(joint_conflict(list(record.rules), checks, expected=True, note=record.note))
            continue
        why = "are no longer found in conflict" if each else "no longer hold one by one"
        out.append(Conflict(
            rules=list(record.rules), claims=[], found=False, expected=True, note=record.note,
            message=f"recorded as a joint conflict, but rules {', '.join(record.rules)} {why}",
        ))
    return out


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


# ------------------------------------------------------------------ one check


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


def _defined(compiled: CompiledFile, check: CompiledCheck, box: Box) -> None:
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


def _check(compiled: CompiledFile, check: CompiledCheck, base: Box) -> tuple[ReadingResult, dict[str, Iv | None]]:
    """The verdict, slack, implied intervals and suspects of one check; and a proven enclosure of
    each claim's implied values (``None``: proven empty), where the joint check's propagation
    over all rules starts."""
    box = {c: base[c] for c in check.claims}
    Effort.allow(VERDICT_EFFORT)
    decided = holds(check, box)
    consistent = decided is not False
    settled = decided is False or (decided is True and _witnessed(check, box))
    if not consistent:
        # a side undefined for every value the claims admit (a zero denominator) also fails the
        # check: that is an error in the rule, not a finding about the figures
        _defined(compiled, check, base)
    verdict = Verdict.CONSISTENT if consistent else Verdict.INCONSISTENT
    expected_verdict = Verdict.CONSISTENT if check.expect == Expect.CONSISTENT else Verdict.INCONSISTENT
    claims = compiled.claims
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
            shown[cid], proven[cid] = _implied(check, box, cid)
        implied.append(_bounds(claims[cid], shown[cid]))
    suspects = [] if consistent else find_suspects(check, box, claims, shown, proven)
    Effort.allow(SLACK_EFFORT)
    return trusted(
        ReadingResult,
        id=check.reading_id, check=check.text, verdict=verdict, expected=check.expect,
        ok=verdict == expected_verdict, slack=_slack_text(slack(check, claims, consistent)),
        claims=list(check.claims),
        implied=implied, suspects=suspects, note=check.note, line=check.line, settled=settled,
    ), proven


def _witnessed(check: CompiledCheck, box: Box) -> bool:
    """Whether a check found to hold comparison by comparison holds for one choice of values: a
    single comparison does (its decision is exact); for several, claims are fixed one after
    another at the centre of what propagating the comparisons leaves them, and the point reached
    must satisfy every comparison exactly (strict ones strictly)."""
    if len(check.links) == 1:
        return True
    constraints = [(link.diff, link.op) for link in check.links]
    try:
        point = propagate(constraints, {c: box[c] for c in check.claims})
    except Empty:
        return False
    for cid in check.claims:
        # the centre of what is left, else points nearer its ends (a thin feasible region)
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
            return False  # the choices made so far lead nowhere (not a proof that nothing does)
    return all(_strictly(link_holds(link.diff, link.op, point, link.linear), link.op, link.diff, point)
               for link in check.links)


def _strictly(found: bool | None, op: str, diff: Expr, point: Box) -> bool:
    """``found`` (a comparison's decision at a point) with strict comparisons taken strictly."""
    if found is not True or op not in ("<", ">"):
        return found is True
    try:
        value = evaluate(diff, point)
    except Undefined:  # pragma: no cover - link_holds found it defined there
        return False
    return bool(value.hi < 0) if op == "<" else bool(value.lo > 0)


def _proven(check: CompiledCheck, box: Box) -> bool:
    """Whether ``check`` is shown to hold for some point of ``box``."""
    return holds(check, box) is True and _witnessed(check, box)


def widened(cv: ClaimVar, k: Q) -> Iv:
    """The claim's interval with its distances from the written value multiplied by ``k``."""
    v = cv.nominal
    below, above = cv.reach
    lo = below if isinstance(below, float) else v - k * below
    hi = above if isinstance(above, float) else v + k * above
    return Iv(lo, hi) if lo <= hi else Iv(hi, lo)


def slack(check: CompiledCheck, claims: dict[str, ClaimVar], consistent: bool | None = None) -> Q | None:
    """Smallest widening factor that makes ``check`` hold: an upper bound, proven (the check is
    shown to hold there), within SLACK_PRECISION where the search settles the widenings below it;
    ``None`` when no widening up to :data:`MAX_SLACK` can be shown to make it hold.

    ``consistent`` is the check's verdict when already known: the slack then agrees with it (at
    most 1 exactly when consistent). For a consistent verdict the search could not settle, the
    slack is where an inconsistency stops being provable, not a proof of anything."""

    if len(check.links) == 1:
        form = check.links[0].linear
        if form is not None:
            return _linear_slack(form, check.links[0].op, claims)

    def at(k: Q) -> bool | None:
        return holds(check, {c: widened(claims[c], k) for c in check.claims})

    def proven(k: Q) -> bool:
        return _proven(check, {c: widened(claims[c], k) for c in check.claims})

    def not_refuted(k: Q) -> bool:
        return at(k) is not False

    at_one = not_refuted(Q(1)) if consistent is None else consistent
    guess = float_slack(check, claims)
    if guess is not None and guess > 0:
        # the guess is only a guess: the slack reported is proven by two exact tests
        precision = SLACK_PRECISION if guess > 1 else CONSISTENT_SLACK_PRECISION
        g = Q(Fraction(guess).limit_denominator(10**12))
        hi, lo = g * (1 + precision / 3), g * (1 - precision / 3)
        if (at_one or hi > 1) and proven(hi) and at(lo) is False:
            return min(hi, Q(1)) if at_one else hi

    precision = SLACK_PRECISION
    if at_one:
        # where the verdict is not settled, only where an inconsistency stops being provable
        ok = proven if proven(Q(1)) else not_refuted
        if ok(Q(0)):
            return Q(0)
        lo, hi = Q(0), Q(1)
        precision = CONSISTENT_SLACK_PRECISION  # below 1, how far below matters less
    else:
        ok = proven
        k = Q(2)
        while not not_refuted(k):
            k *= 2
            if k > MAX_SLACK:
                return None
        lo, hi = k / 2, k
        if not proven(hi):
            # undecided beyond where the refutations end (a denominator reaching 0): the first
            # widening above that edge at which the check is shown to hold
            edge = _bisect(not_refuted, hi, lo, lambda good, bad: good - bad <= precision * good)[0]
            lo = edge
            for step in _WIDER:
                hi = edge * step
                if hi > MAX_SLACK:
                    return None
                if proven(hi):
                    break
                lo = hi
            else:  # pragma: no cover - _WIDER reaches past MAX_SLACK
                return None
    # relative precision, and an absolute floor for slacks near 0
    return _bisect(ok, hi, lo, lambda good, bad: good - bad <= precision * max(good, precision))[0]


#: Factors above the edge of refutation at which a proof that the check holds is sought.
_WIDER = [1 + Q(1, 10**4), 1 + Q(1, 10**3), 1 + Q(1, 100), 1 + Q(1, 10), Q(3, 2), *(Q(2) ** i for i in range(1, 42))]


def float_slack(check: CompiledCheck, claims: dict[str, ClaimVar]) -> float | None:
    """A quick guess of the slack in binary floats (never reported unproven).

    How far the check is from holding with the claims widened by ``k`` (:func:`_violation`) falls
    continuously as ``k`` grows; the slack is where it reaches 0. A false-position search on that
    measure (the Illinois variant, which keeps both ends of the bracket moving) needs a handful
    of evaluations where halving the bracket needs a dozen or more."""
    nominal = {c: float(claims[c].nominal) for c in check.claims}
    reach = {c: tuple(float(x) for x in claims[c].reach) for c in check.claims}

    def violation(k: float) -> float:
        box = {c: (nominal[c] - k * reach[c][0], nominal[c] + k * reach[c][1]) for c in check.claims}
        try:
            return _violation(check, box)
        except (ArithmeticError, ValueError, OverflowError):
            return -math.inf  # undefined somewhere: leave it to the exact tests

    bad_k, bad_v = 0.0, violation(0.0)
    if not bad_v > 0:
        return 0.0
    good_k, good_v = 1.0, violation(1.0)
    while good_v > 0:
        bad_k, bad_v = good_k, good_v
        good_k *= 2
        if good_k > 2.0**40:
            return None
        good_v = violation(good_k)
    # close enough that the two exact tests around the guess can bracket the slack
    precision = float(SLACK_PRECISION if bad_k >= 1 else CONSISTENT_SLACK_PRECISION) / 8
    return _false_position(
        violation, (good_k, good_v), (bad_k, bad_v), lambda good, bad: good - bad <= precision * good
    )


def _false_position(
    f: Callable[[float], float], good: tuple[float, float], bad: tuple[float, float],
    close: Callable[[float, float], bool],
) -> float | None:
    """Where the continuous ``f`` crosses from positive (at ``bad``) to 0 or below (at ``good``),
    each given as (x, f(x)): an ``x`` where ``f(x) <= 0``, once ``close(x, last x where f > 0)``
    (``None`` if ``f`` is undefined on the way). False position, Illinois variant: the end that
    stays put twice has its value halved, so that both ends keep moving."""
    (good_x, good_v), (bad_x, bad_v) = good, bad
    if not (bad_v > 0 >= good_v):  # no crossing between the two (NaN included): nothing to find
        return None
    kept = 0  # 1: the good end stayed put last time; -1: the bad end did
    for _ in range(60):
        if close(good_x, bad_x):
            break
        x = (good_x + bad_x) / 2
        if math.isfinite(good_v) and math.isfinite(bad_v) and good_v < 0 < bad_v:
            secant = good_x - good_v * (good_x - bad_x) / (good_v - bad_v)
            if min(good_x, bad_x) < secant < max(good_x, bad_x):
                x = secant
        v = f(x)
        if math.isnan(v):
            return None
        if v > 0:
            bad_x, bad_v = x, v
            if kept == 1:
                good_v /= 2
            kept = 1
        else:
            good_x, good_v = x, v
            if kept == -1:
                bad_v /= 2
            kept = -1
    return good_x


def _violation(check: CompiledCheck, box: dict[str, tuple[float, float]]) -> float:
    """How far ``check`` is from holding on ``box``, in the units of its sides (naive floats):
    positive where a side's range misses what its relation needs, 0 or negative where it holds;
    continuous. A claim that occurs more than once (at most three such) is taken at each end of
    its interval in turn, which gives the range exactly where the check is monotone in it (plain
    interval evaluation would over-estimate it) and under-estimates it elsewhere: a guess either
    way, proven or refuted by exact tests."""
    worst = -math.inf
    for link in check.links:
        repeats = [c for c in ev.repeated_names(link.diff) if box[c][0] != box[c][1]]
        if 0 < len(repeats) <= 3:
            ranges = [_float_range(link.diff, {**box, **{c: (x, x) for c, x in zip(repeats, corner, strict=True)}})
                      for corner in itertools.product(*(box[c] for c in repeats))]
            lo, hi = min(r[0] for r in ranges), max(r[1] for r in ranges)
        else:
            lo, hi = _float_range(link.diff, box)
        if link.op == "==":
            worst = max(worst, lo, -hi)
        elif link.op in ("<", "<="):
            worst = max(worst, lo)
        else:
            worst = max(worst, -hi)
    return worst


def _float_range(e: Expr, box: dict[str, tuple[float, float]]) -> tuple[float, float]:
    """Naive float interval evaluation (no outward rounding): for guessing only."""
    if isinstance(e, Var):
        return box[e.name]
    if isinstance(e, ev.Const):
        v = float(e.value)
        return v, v
    if isinstance(e, ev.Sum):
        lo = hi = 0.0
        for t, s in zip(e.terms, e.signs, strict=True):
            a, b = _float_range(t, box)
            lo, hi = (lo + a, hi + b) if s > 0 else (lo - b, hi - a)
        return lo, hi
    if isinstance(e, ev.Mul | ev.Div):
        a, b = _float_range(e.left, box)
        c, d = _float_range(e.right, box)
        if isinstance(e, ev.Div):
            if c <= 0 <= d:
                return -math.inf, math.inf
            c, d = 1 / d, 1 / c
        products = [a * c, a * d, b * c, b * d]
        return min(products), max(products)
    if isinstance(e, ev.PowInt):
        a, b = _float_range(e.base, box)
        values = [a**e.n, b**e.n] + ([0.0] if a < 0 < b and e.n % 2 == 0 else [])
        return min(values), max(values)
    if isinstance(e, ev.RPow):
        a, b = _float_range(e.base, box)
        a = max(a, 0.0)
        if b < 0:
            raise ValueError("no real root")
        values = [a ** (e.p / e.q), b ** (e.p / e.q)]
        return min(values), max(values)
    if isinstance(e, ev.MinMax):
        ranges = [_float_range(x, box) for x in e.args]
        pick = max if e.is_max else min
        return pick(r[0] for r in ranges), pick(r[1] for r in ranges)
    if isinstance(e, ev.Abs):
        a, b = _float_range(e.arg, box)
        if a >= 0:
            return a, b
        if b <= 0:
            return -b, -a
        return 0.0, max(-a, b)
    raise TypeError(e)


def _linear_slack(form: tuple[Q, dict[str, Q]], op: str, claims: dict[str, ClaimVar]) -> Q | None:
    """The exact slack of ``const + sum(a_i x_i) op 0``: widened by k, the left side ranges over
    ``d0 + k * [-down, up]``, so the smallest k is a quotient (``None``: no k is enough)."""
    const, coeffs = form
    d0 = const
    down: Q | float = Q(0)
    up: Q | float = Q(0)
    for cid, a in coeffs.items():
        cv = claims[cid]
        d0 += a * cv.nominal
        # how far the interval reaches below and above the written value; an unbounded side is
        # the float inf, never mixed into exact arithmetic
        below, above = (INF if isinstance(x, float) else x for x in cv.reach)
        if a > 0:
            down, up = arith.badd(down, arith.bmul(a, below)), arith.badd(up, arith.bmul(a, above))
        else:
            down, up = arith.badd(down, arith.bmul(-a, above)), arith.badd(up, arith.bmul(-a, below))
    need_down = d0 > 0 or (d0 == 0 and op == "<")
    need_up = d0 < 0 or (d0 == 0 and op == ">")
    if op in ("<", "<="):
        need_up = False
    if op in (">", ">="):
        need_down = False
    if need_down:
        if isinstance(down, float):
            return Q(0)
        return None if down == 0 else Q(d0) / down
    if need_up:
        if isinstance(up, float):
            return Q(0)
        return None if up == 0 else Q(-d0) / up
    return Q(0)


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
    return _implied(check, box, cid)[0]


def _implied(check: CompiledCheck, box: Box, cid: str) -> tuple[Iv | None, Iv | None]:
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
    lower = _edge(lambda m: possible(lo, m), hi, lo, precision)  # nothing feasible in [lo, lower]
    upper = _edge(lambda m: possible(m, hi), lower, hi, precision)  # nor in [upper, hi]
    # the window's ends only narrow ``outer`` where nothing beyond them is feasible either
    below = lower if lower > lo and refuted(outer.lo, lo) else outer.lo
    above = upper if upper < hi and refuted(hi, outer.hi) else outer.hi
    narrowed = Iv(below, above)
    return narrowed, narrowed


def _edge(test: Callable[[Q], bool], good: Q, bad: Q, precision: Q) -> Q:
    """Bisect between a point where ``test`` holds and one where it fails, until they are within
    ``precision`` (or the evaluation budget is spent); return the last point where it failed."""
    return _bisect(test, good, bad, lambda g, b: abs(g - b) <= precision or Effort.spent())[1]


def _bisect(
    test: Callable[[Q], bool], good: Q, bad: Q, close: Callable[[Q, Q], bool], steps: int = 64,
) -> tuple[Q, Q]:
    """Halve the gap between a point where ``test`` holds (``good``) and one where it fails
    (``bad``) until ``close(good, bad)``, at most ``steps`` times; both ends. Serves the exact
    slack and the edges of implied intervals."""
    for _ in range(steps):
        if close(good, bad):
            break
        middle = (good + bad) / 2
        if test(middle):
            good = middle
        else:
            bad = middle
    return good, bad


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
        ends.append(_edge(feasible, seed, limit, precision))
    return Iv(ends[0], ends[1])


def _float_end(check: CompiledCheck, box: Box, cid: str, inside: Q, outside: Q, precision: Q) -> Q | None:
    """A guess, in binary floats, of where the values of claim ``cid`` for which ``check`` can hold
    end, between a feasible value ``inside`` and an infeasible one ``outside`` (never used unproven).
    """
    fbox = {c: (float(box[c].lo), float(box[c].hi)) for c in check.claims}

    def violation(x: float) -> float:
        fbox[cid] = (x, x)
        try:
            return _violation(check, fbox)
        except (ArithmeticError, ValueError, OverflowError):
            return math.nan

    a, b = float(inside), float(outside)
    tolerance = float(precision) / 4
    guess = _false_position(violation, (a, violation(a)), (b, violation(b)), lambda g, x: abs(g - x) <= tolerance)
    return None if guess is None else Q(guess)


def _mirror(op: str) -> str:
    return {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "=="}[op]


def find_suspects(
    check: CompiledCheck, box: Box, claims: dict[str, ClaimVar],
    shown: dict[str, Iv | None] | None = None, proven: dict[str, Iv | None] | None = None,
) -> list[Suspect]:
    """Claims whose change alone restores the check (then pairs, if no single claim does).

    ``shown`` and ``proven`` are the claims' implied intervals, as from :func:`_implied`."""
    found: list[tuple[Q | None, Suspect]] = []
    for cid in check.claims:
        Effort.allow(IMPLIED_EFFORT)
        if shown is not None and proven is not None and cid in proven:
            needed, enclosure = shown[cid], proven[cid]
        else:
            needed, enclosure = _implied(check, box, cid)
        # a count cannot be changed to -2
        needed, enclosure = _admissible(claims[cid], needed), _admissible(claims[cid], enclosure)
        # every feasible value of the claim lies in the proven enclosure: searching there is enough
        if needed is None or enclosure is None or not _proven(check, {**box, cid: enclosure}):
            continue
        distance = _distance(box[cid], needed)
        found.append((distance, Suspect(
            claims=[cid], needed=[_bounds(claims[cid], needed)],
            distance=None if distance is None else outward_decimal_string(distance, up=True, digits=4),
        )))
    if not found and len(check.claims) <= MAX_CLAIMS_FOR_PAIRS:
        for i, a in enumerate(check.claims):
            for b in check.claims[i + 1:]:
                if not _proven(check, free(box, [a, b])):
                    continue
                found.append((None, Suspect(
                    claims=[a, b],
                    needed=[_bounds(claims[a], Iv(-INF, INF)), _bounds(claims[b], Iv(-INF, INF))],
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


# ------------------------------------------------------------------ joint consistency


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
    parent = list(range(len(checks)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[str, int] = {}
    for i, c in enumerate(checks):
        for cid in c.claims:
            if cid in owner:
                parent[find(i)] = find(owner[cid])
            else:
                owner[cid] = i
    groups: dict[int, list[CompiledCheck]] = {}
    for i, c in enumerate(checks):
        groups.setdefault(find(i), []).append(c)
    conflicts = []
    for group in groups.values():
        if len(group) < 2 or _feasible(group, base, implied):
            continue
        # one minimal conflict at a time; a rule of each found is set aside and the rest searched
        # again, so that a conflict recorded in the file does not hide another in the same group
        rest = list(group)
        for _ in range(MAX_CONFLICTS_PER_GROUP):
            core = _minimal_core(rest, base)
            conflicts.append(joint_conflict([c.key for c in core], core))
            rest = [c for c in rest if c is not core[-1]]
            if len(rest) < 2 or _feasible(rest, base):
                break
    return conflicts


def joint_conflict(
    rules: list[str], checks: list[CompiledCheck], *, expected: bool = False, note: str | None = None
) -> Conflict:
    """The conflict of ``checks`` (the checks of ``rules``), which hold one by one but not
    together; ``expected`` and ``note`` when the file records it."""
    shared = _union(c.claims for c in checks)
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
        if len(trial) >= 2 and not _feasible(trial, base):
            core = trial
        else:
            i += 1
    return core


def _feasible(
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


# ------------------------------------------------------------------ rendering numbers


def claim_result(cf: ClaimFile, cv: ClaimVar) -> ClaimResult:
    r = cv.reported
    iv = r.interval
    where = cf.location("claims", cv.id)
    claim = cf.claims[cv.id]
    return trusted(
        ClaimResult,
        id=cv.id, value=r.text, unit=r.unit_name, qualifier=r.qualifier.value,
        low=None if iv.low is None else fraction_to_decimal_string(iv.low),
        high=None if iv.high is None else fraction_to_decimal_string(iv.high),
        low_open=iv.low_open, high_open=iv.high_open, line=where[0] if where else None, quote=claim.quote,
    )


def _admissible(cv: ClaimVar, iv: Iv | None) -> Iv | None:
    """``iv`` without the values the claim's kind excludes: counts, durations and areas are never
    below 0 (``None``: nothing left)."""
    if iv is None or cv.reported.unit_name not in NONNEGATIVE_UNITS:
        return iv
    return arith.meet(iv, Iv(Q(0), INF))


def _bounds(cv: ClaimVar, iv: Iv | None) -> Bounds:
    unit = cv.reported.unit_name
    iv = _admissible(cv, iv)
    if iv is None:
        return trusted(Bounds, claim=cv.id, low=None, high=None, unit=unit, empty=True)
    lo_value = None if isinstance(iv.lo, float) else iv.lo / cv.factor
    hi_value = None if isinstance(iv.hi, float) else iv.hi / cv.factor
    if cv.reported.counts:  # counted things are whole numbers
        lo_value = None if lo_value is None else Q(math.ceil(lo_value))
        hi_value = None if hi_value is None else Q(math.floor(hi_value))
        if lo_value is not None and hi_value is not None and lo_value > hi_value:
            return trusted(Bounds, claim=cv.id, low=None, high=None, unit=unit, empty=True)  # no whole number
    lo = None if lo_value is None else outward_decimal_string(lo_value, up=False)
    hi = None if hi_value is None else outward_decimal_string(hi_value, up=True)
    return trusted(Bounds, claim=cv.id, low=lo, high=hi, unit=unit, empty=False)


def _slack_text(k: Q | None) -> str:
    return "inf" if k is None else outward_decimal_string(k, up=True, digits=4)


__all__ = ["holds", "implied_interval", "make_report", "slack", "verify_compiled", "widened"]
