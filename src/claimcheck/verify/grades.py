"""Grades: how serious an inconsistency is, and the closest single-claim fix.

A check found inconsistent at the file's own reading of its figures is decided again at a
*generous* reading (:func:`generous_policy`): trailing zeros of integers do not count, 约/左右/about
figures may be off by a relative margin (1 % by default), 余/多 and 近 take their widest documented
reading, 超 and 不到 have no limit. A check that still cannot hold is **major**: a finding under
any reasonable reading. One that is shown to hold there (a witness, not merely "not refuted") is
**minor**: the writer may only have rounded more loosely than the strict reading assumes. The
grade is decided exactly, like the verdict; an undecided generous check stays major, so a minor
grade never hides a finding.
"""

from __future__ import annotations

from fractions import Fraction

from ..exact.arith import Iv, Q
from ..exact.effort import Effort
from ..exact.expr import Box
from ..figures.intervals import format_fraction, outward_decimal_string
from ..figures.policy import Policy, Qualifier
from ..files.model import ClaimFile
from ..rules.compiler import ClaimVar, CompiledCheck, claim_var
from .bounds import admissible
from .results import Fix, Suspect
from .verdicts import VERDICT_EFFORT, shown_to_hold

MAJOR = "major"
MINOR = "minor"


def generous_policy(policy: Policy) -> Policy:
    """The widest reasonable reading of the file's policy (never narrower than the file's own)."""
    return policy.model_copy(update={
        "trailing_zeros": "insignificant",
        "about": max(policy.about, Fraction(1, 2)),
        "about_relative": max(policy.about_relative, policy.generous_about),
        "some_more": max(policy.some_more, Fraction(1)),
        "nearly": max(policy.nearly, Fraction(1)),
        "over": None,
        "under": None,
    })


class GenerousReadings:
    """The claims' intervals at the generous reading, read when first needed (only the claims of
    inconsistent checks are read twice)."""

    def __init__(self, claim_file: ClaimFile, claims: dict[str, ClaimVar]) -> None:
        self.file = claim_file
        self.claims = claims
        self.policy = generous_policy(claim_file.policy)
        self.boxes: dict[str, Iv] = {}

    def box(self, cid: str, check: CompiledCheck | None = None) -> Iv:
        """The claim's generous interval (as ``check``'s reading reads it, where it has its own)."""
        if check is not None and cid in check.overrides:
            how = self.file.rules[check.rule_id].readings[check.reading_id].claims[cid]  # type: ignore[index]
            claim = self.file.claims[cid].model_copy(update=how.model_dump(exclude_none=True))
            return _hull(check.overrides[cid].box,
                         claim_var(cid, claim.reading(self.policy, self.file.defaults)).box)
        found = self.boxes.get(cid)
        if found is None:
            strict = self.claims[cid].box
            generous = claim_var(cid, self.file.claims[cid].reading(self.policy, self.file.defaults)).box
            # the hull: a generous reading only ever widens
            found = self.boxes[cid] = _hull(strict, generous)
        return found

    def reason(self, cid: str) -> str:
        """How the generous reading reads the claim, in words: "约560倍 allows ±1%"."""
        cv = self.claims[cid]
        written = cv.reported.text
        kind = cv.reported.qualifier
        if kind == Qualifier.ABOUT:
            return f"{written} allows ±{_percent(self.policy.about_relative)}"
        if kind == Qualifier.ROUNDED:
            return f"{written} is rounded at its last non-zero digit"
        if kind in (Qualifier.OVER, Qualifier.UNDER):
            return f"{written} sets no limit on the other side"
        return f"{written} is read widely"


def grade(check: CompiledCheck, base: Box, readings: GenerousReadings) -> tuple[str, str | None]:
    """(grade, which generous reading makes it hold) of a check that is inconsistent at ``base``."""
    Effort.allow(VERDICT_EFFORT)
    # never narrower than the check's own reading (a reading may read a claim its own way)
    generous = {c: _hull(readings.box(c, check), base[c]) for c in check.claims}
    if not shown_to_hold(check, generous):
        return MAJOR, None
    widened = [c for c in check.claims if generous[c] != base[c]]
    # the fewest claims read generously that make it hold: one, if one is enough
    for cid in widened:
        Effort.allow(VERDICT_EFFORT)
        if shown_to_hold(check, {**{c: base[c] for c in check.claims}, cid: generous[cid]}):
            return MINOR, f"holds if {readings.reason(cid)}"
    return MINOR, "holds if " + " and ".join(readings.reason(c) for c in widened)


def _hull(a: Iv, b: Iv) -> Iv:
    return Iv(min(a.lo, b.lo), max(a.hi, b.hi))


def closest_fix(claims: dict[str, ClaimVar], suspects: list[Suspect], needed: dict[str, Iv | None]) -> Fix | None:
    """The fix of the most likely wrong claim (the first single suspect, nearest in units of its
    own tolerance): the point of its needed interval nearest to the written value."""
    for suspect in suspects:
        if len(suspect.claims) != 1:
            continue
        cid = suspect.claims[0]
        cv = claims[cid]
        iv = admissible(cv, needed.get(cid))
        if iv is None:
            continue
        v = cv.nominal
        point = min(max(v, iv.lo), iv.hi)
        if isinstance(point, float):
            continue
        change = None if v == 0 else (point - v) / abs(v)
        return Fix(
            claim=cid, written=cv.reported.text, value=_inside(point, iv, cv.factor),
            unit=cv.reported.unit_name, change=None if change is None else _shown(change * 100, digits=3),
        )
    return None


def _inside(point: Q, needed: Iv, factor: Q) -> str:
    """``point`` (in base units) in the claim's unit, with the fewest significant digits (4 at
    least) that keep the value shown inside what is needed."""
    for digits in range(4, 16):
        toward = needed.lo if point == needed.hi else needed.hi  # round toward the inside
        text = outward_decimal_string(point / factor, up=bool(toward > point), digits=digits)
        if needed.lo <= Q(Fraction(text)) * factor <= needed.hi:
            return _trimmed(text)
    return outward_decimal_string(point / factor, up=True, digits=40)


def _shown(x: Q, *, toward: Q | int = 0, digits: int = 4) -> str:
    """``x`` with ``digits`` significant digits, rounded away from ``toward``: a needed value is
    shown inside what is needed, a change is never shown smaller than it is."""
    text = outward_decimal_string(x, up=x > toward, digits=digits)
    return _trimmed(text)


def _trimmed(text: str) -> str:
    """A decimal without the zeros after its last significant digit (``7.320`` -> ``7.32``)."""
    return text.rstrip("0").rstrip(".") if "." in text and "e" not in text else text


def _percent(x: Fraction) -> str:
    return f"{format_fraction(x * 100, 4)}%"


__all__ = ["MAJOR", "MINOR", "GenerousReadings", "closest_fix", "generous_policy", "grade"]
