"""``claimcheck explain``: the derivation of one rule's verdict, step by step."""

from __future__ import annotations

from fractions import Fraction

from ..exact.arith import Iv
from ..exact.decide import tight_range
from ..figures.intervals import format_fraction, outward_decimal_string
from ..rules.compiler import CompiledCheck, CompiledFile, lower_node
from ..rules.functions import DIMENSIONLESS
from ..rules.nodes import Compare, Literal, Name, Node, children, to_text
from ..verify.results import Bounds, FileReport, ReadingResult, RuleResult
from ..verify.verifier import verify_compiled
from .text import UNSETTLED, bounds_text, fix_text, interval_text


def _show(iv: Iv | None, percent: bool) -> str:
    if iv is None:
        return "undefined"

    def b(x: Fraction | float) -> str:
        if isinstance(x, float):
            return "∞" if x > 0 else "-∞"
        return format_fraction(x * 100 if percent else x, 7) + ("%" if percent else "")

    if iv.lo == iv.hi:
        return b(iv.lo)
    return f"[{b(iv.lo)}, {b(iv.hi)}]"


def _percent(compiled: CompiledFile, check: CompiledCheck) -> bool:
    """Show dimensionless results as percentages when the check is about rates."""
    return any(compiled.claims[c].reported.unit_name in ("percent", "percentage_point", "permille")
               for c in check.claims)


def _steps(compiled: CompiledFile, check: CompiledCheck, node: Node, out: list[str], box: dict[str, Iv]) -> None:
    for child in children(node):
        _steps(compiled, check, child, out, box)
    if isinstance(node, Name | Literal | Compare):
        return
    expr, dim = lower_node(compiled, node)
    rng = tight_range(expr, box)
    like = next((compiled.claims[c] for c in check.claims if compiled.claims[c].dim == dim), None)
    if rng is not None and like is not None and dim != DIMENSIONLESS:
        # in the unit and scale of a claim of the same kind: 4354.5亿 yuan, not 435450000000 CNY
        shown = bounds_text(_bounds_of(rng, like.factor, like.reported.unit_name), like.reported.text)
        out.append(f"    {to_text(node)}  ∈  {shown}")
        return
    unit = "" if dim == DIMENSIONLESS else f" ({dim}, base units)"
    out.append(f"    {to_text(node)}  ∈  {_show(rng, dim == DIMENSIONLESS and _percent(compiled, check))}{unit}")


def _bounds_of(iv: Iv, factor: Fraction, unit: str) -> Bounds:
    """An enclosure in base units as report bounds in a claim's unit (ends rounded outward)."""
    lo = None if isinstance(iv.lo, float) else outward_decimal_string(iv.lo / factor, up=False)
    hi = None if isinstance(iv.hi, float) else outward_decimal_string(iv.hi / factor, up=True)
    return Bounds(claim="", low=lo, high=hi, unit=unit)


def explain(compiled: CompiledFile, rule_id: str, report: FileReport | None = None) -> str:
    """A step-by-step account of a rule: claims, intermediate ranges, comparison, slack, suspects.

    ``rule_id`` may name one reading of a rule as ``rule.reading``. ``report`` is the file's
    verification when it is at hand (explaining every rule of a file then verifies it once)."""
    only: str | None = None
    if rule_id not in compiled.rules and "." in rule_id:
        rule_id, only = rule_id.split(".", 1)
    report = report if report is not None else verify_compiled(compiled)
    claims = {c.id: c for c in report.claims}
    result = next(r for r in report.rules if r.id == rule_id)
    rule = compiled.rules[rule_id]
    out = [f"rule {rule_id} ({compiled.source.source}:{rule.line})"]
    if rule.note:
        out.append(f"  {rule.note}")
    readings: list[tuple[CompiledCheck, RuleResult | ReadingResult]] = (
        list(zip(rule.checks, result.readings, strict=True)) if result.readings else [(rule.checks[0], result)]
    )
    for check, res in readings:
        if only is not None and check.reading_id != only:
            continue
        if check.reading_id is not None:
            out.append(f"  reading {check.reading_id}:" + (f" {check.note}" if check.note else ""))
        out.append(f"  check: {check.text}")
        out.append("  1. the claims, each an interval of true values:")
        read_as = {c.id: c for c in res.read_as} if isinstance(res, ReadingResult) else {}
        for cid in check.claims:
            c = read_as.get(cid) or claims[cid]  # as this reading reads it, where it has its own way
            out.append(f"    {cid} = {c.value} ({c.qualifier})  ->  {interval_text(c)}")
        box = {cid: (check.overrides[cid] if cid in check.overrides else compiled.claims[cid]).box
               for cid in check.claims}
        out.append("  2. what the expressions can be (exact ranges; narrowed where a claim occurs twice):")
        steps: list[str] = []
        for operand in check.tree.operands:
            _steps(compiled, check, operand, steps, box)
        out.extend(steps or ["    (no intermediate results)"])
        out.append("  3. the comparison:")
        for link in check.links:
            left = tight_range(link.left, box)
            right = tight_range(link.right, box)
            pct = _dimensionless(compiled, link.left_node) and _percent(compiled, check)
            out.append(f"    {to_text(link.left_node)} {link.op} {to_text(link.right_node)}:  "
                       f"{_show(left, pct)} {link.op} {_show(right, pct)}")
        verdict = res.verdict.value
        out.append(f"  4. verdict: {verdict}" + ("" if res.settled else f" ({UNSETTLED})")
                   + ("" if res.ok else f" (UNEXPECTED: recorded {res.expected})"))
        if res.slack is not None:
            out.append(f"     slack: {res.slack} (the factor by which every tolerance would have to be widened)")
        if res.grade == "major":
            out.append("     grade: major (inconsistent even when every approximate figure is read generously)")
        elif res.grade == "minor":
            out.append(f"     grade: minor ({res.holds_if or 'holds when the figures are read generously'})")
        if res.fix is not None:
            out.append(f"     closest fix: {fix_text(res.fix)}")
        if res.verdict.value == "inconsistent":
            out.append("  5. what the other claims imply, and the suspects:")
            for b in res.implied:
                out.append(f"    {b.claim}: reported {interval_text(claims[b.claim])}; "
                           f"the others imply {bounds_text(b, claims[b.claim].value)}")
            for s in res.suspects:
                needs = "; ".join(f"{b.claim} in {bounds_text(b, claims[b.claim].value)}" for b in s.needed)
                dist = "" if s.distance is None else f", {s.distance}× its half-width away"
                out.append(f"    suspect {' + '.join(s.claims)}: would need {needs}{dist}")
    return "\n".join(out) + "\n"


def _dimensionless(compiled: CompiledFile, node: Node) -> bool:
    return lower_node(compiled, node)[1] == DIMENSIONLESS
