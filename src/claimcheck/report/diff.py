"""``claimcheck diff``: what a data update changes — figures, rules, verdicts.

The gate for updates of claim files: a change is refused (exit 1) when it makes a rule newly
unexpected or adds a joint conflict, and the report says which figure moved.
"""

from __future__ import annotations

from typing import Any

from ..files.model import ClaimFile
from ..verify.results import ReadingResult, Report, RuleResult
from .text import fix_text


def _checks(report: Report) -> dict[str, RuleResult | ReadingResult]:
    """Every check by key: ``rule`` for a plain rule, ``rule.reading`` for a reading."""
    out: dict[str, RuleResult | ReadingResult] = {}
    for f in report.files:
        for rule in f.rules:
            for c in rule.checks():
                key = rule.id if isinstance(c, RuleResult) or c.id is None else f"{rule.id}.{c.id}"
                out[key] = c
    return out


def diff_reports(old: ClaimFile, old_report: Report, new: ClaimFile, new_report: Report) -> dict[str, Any]:
    """The differences between two versions of a claim file and their verifications."""
    changed_claims = []
    for cid in sorted(set(old.claims) & set(new.claims)):
        a, b = old.claims[cid], new.claims[cid]
        fields = [k for k in ("value", "unit", "qualifier", "precision", "tolerance", "period")
                  if getattr(a, k) != getattr(b, k)]
        if fields:
            changed_claims.append({"id": cid, "fields": fields, "old": a.value, "new": b.value})
    old_checks, new_checks = _checks(old_report), _checks(new_report)
    verdicts = []
    newly_unexpected = []
    for key, r in new_checks.items():
        before = old_checks.get(key)
        if before is not None and (before.verdict != r.verdict or before.grade != r.grade):
            verdicts.append({"id": key, "old": _graded(before), "new": _graded(r)})
        if not r.ok and (before is None or before.ok):
            newly_unexpected.append({
                "id": key, "verdict": r.verdict.value, "grade": r.grade, "check": r.check,
                "claims_changed": [c["id"] for c in changed_claims if c["id"] in r.claims],
                "fix": None if r.fix is None else fix_text(r.fix),
            })
    old_conflicts = {tuple(sorted(c.rules)) for f in old_report.files for c in f.conflicts if not c.ok}
    new_conflicts = [c.model_dump() for f in new_report.files for c in f.conflicts
                     if not c.ok and tuple(sorted(c.rules)) not in old_conflicts]
    checks_changed = [rid for rid in sorted(set(old.rules) & set(new.rules))
                      if old.rules[rid].model_dump() != new.rules[rid].model_dump()]
    policy_changed = old.policy != new.policy or (old.defaults != new.defaults)
    return {
        "policy_changed": policy_changed,
        "claims_added": sorted(set(new.claims) - set(old.claims)),
        "claims_removed": sorted(set(old.claims) - set(new.claims)),
        "claims_changed": changed_claims,
        "rules_added": sorted(set(new.rules) - set(old.rules)),
        "rules_removed": sorted(set(old.rules) - set(new.rules)),
        "rules_changed": checks_changed,
        "verdicts_changed": verdicts,
        "newly_unexpected": newly_unexpected,
        "new_conflicts": new_conflicts,
    }


def _graded(r: RuleResult | ReadingResult) -> str:
    return r.verdict.value + (f" ({r.grade})" if r.grade else "")


def render_diff(d: dict[str, Any]) -> str:
    out = []
    if d["policy_changed"]:
        out.append("~ policy or defaults changed: every interval may have moved")
    for cid in d["claims_added"]:
        out.append(f"+ claim {cid}")
    for cid in d["claims_removed"]:
        out.append(f"- claim {cid}")
    for c in d["claims_changed"]:
        out.append(f"~ claim {c['id']}: {c['old']} -> {c['new']}" + (
            f" ({', '.join(f for f in c['fields'] if f != 'value')} changed)"
            if any(f != "value" for f in c["fields"]) else ""))
    for rid in d["rules_added"]:
        out.append(f"+ rule {rid}")
    for rid in d["rules_removed"]:
        out.append(f"- rule {rid}")
    for rid in d["rules_changed"]:
        out.append(f"~ rule {rid}: check, expectation or note changed")
    for v in d["verdicts_changed"]:
        out.append(f"! verdict of {v['id']}: {v['old']} -> {v['new']}")
    for u in d["newly_unexpected"]:
        moved = f" after changes to {', '.join(u['claims_changed'])}" if u["claims_changed"] else ""
        grade = f" ({u['grade']})" if u.get("grade") else ""
        out.append(f"✗ rule {u['id']} is now unexpectedly {u['verdict']}{grade}{moved}: {u['check']}")
        if u.get("fix"):
            out.append(f"    fix: {u['fix']}")
    for c in d["new_conflicts"]:
        out.append(f"✗ {'new joint conflict' if c['found'] else 'recorded conflict gone'}: {c['message']}")
    if not out:
        out.append("no changes")
    return "\n".join(out) + "\n"
