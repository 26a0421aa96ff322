"""Exact intervals written back as the claims' own figures: results for claims and bounds.

Values are shown in each claim's unit and scale, rounded outward (a shown interval always
contains the exact one); counts are whole numbers and never below 0."""

from __future__ import annotations

import math
from fractions import Fraction

from ..exact import arith
from ..exact.arith import INF, Iv, Q
from ..figures.intervals import PLAIN_EXPONENTS, decimal_exponent, fraction_to_decimal_string, outward_decimal_string
from ..figures.units import NONNEGATIVE_UNITS
from ..files.model import ClaimFile
from ..rules.compiler import ClaimVar
from .results import (
    Bounds,
    ClaimResult,
    trusted,
)


def claim_result(cf: ClaimFile, cv: ClaimVar) -> ClaimResult:
    r = cv.reported
    iv = r.interval
    where = cf.location("claims", cv.id)
    claim = cf.claims[cv.id]
    return trusted(
        ClaimResult,
        id=cv.id, value=r.text, unit=r.unit_name, qualifier=r.qualifier.value,
        low=None if iv.low is None else _end(iv.low, up=False),
        high=None if iv.high is None else _end(iv.high, up=True),
        low_open=iv.low_open, high_open=iv.high_open, line=where[0] if where else None, quote=claim.quote,
    )


def _end(x: Fraction, *, up: bool) -> str:
    """A claim's own bound: its exact decimal, or beyond 10**±40 outward with an exponent."""
    if x != 0 and abs(decimal_exponent(abs(x.numerator), x.denominator)) > PLAIN_EXPONENTS:
        return outward_decimal_string(x, up=up)
    return fraction_to_decimal_string(x)


def admissible(cv: ClaimVar, iv: Iv | None) -> Iv | None:
    """``iv`` without the values the claim's kind excludes: counts, durations and areas are never
    below 0 (``None``: nothing left)."""
    if iv is None or cv.reported.unit_name not in NONNEGATIVE_UNITS:
        return iv
    return arith.meet(iv, Iv(Q(0), INF))


def bounds_of(cv: ClaimVar, iv: Iv | None) -> Bounds:
    unit = cv.reported.unit_name
    iv = admissible(cv, iv)
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


def slack_text(k: Q | None) -> str:
    return "inf" if k is None else outward_decimal_string(k, up=True, digits=4)
