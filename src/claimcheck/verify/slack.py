"""The slack of a check: how many times wider the claims' tolerances would have to be for it to hold.

A slack of at most 1 means consistent. Linear checks have a closed form; the others a float guess
(false position on :func:`~claimcheck.verify.guesses.float_violation`) proven by two exact tests, with
exact bisection as the fallback.

The slack reported is canonical: the smallest widening on a grid of four significant digits
(:func:`grid_up`, down to :data:`SLACK_FLOOR`) at which the check is shown to hold, so that
every way of finding it (these searches, or :mod:`.bulk` over many checks at once) prints the
same figure."""

from __future__ import annotations

import math
from collections.abc import Callable
from fractions import Fraction

from ..exact import arith
from ..exact.arith import INF, Iv, Q
from ..figures.intervals import decimal_exponent
from ..rules.compiler import ClaimVar, CompiledCheck
from .guesses import float_violation
from .searches import bisect, false_position
from .verdicts import holds, shown_to_hold

#: Interval evaluations allowed for a slack.
SLACK_EFFORT = 5_000
#: Largest widening factor tried before a slack is reported as infinite.
MAX_SLACK = Q(2) ** 40


#: Relative precision of the slack (it is rounded up, so a slack <= 1 is a proof of consistency).
SLACK_PRECISION = Q(1, 10**5)


#: Relative precision of a slack below 1 found by bisection (non-linear checks that hold): as
#: fine as above, so that the canonical grid point is at most one step away.
CONSISTENT_SLACK_PRECISION = SLACK_PRECISION

#: Significant digits of the slack's grid, and its smallest positive point: a check that holds
#: only with its claims widened by less than this is reported at this slack.
SLACK_DIGITS = 4
SLACK_FLOOR = Q(1, 10**6)


def grid_up(k: Q) -> Q:
    """The smallest point of the slack's grid (0, and every number of :data:`SLACK_DIGITS`
    significant digits from :data:`SLACK_FLOOR` up) at or above ``k >= 0``."""
    if k <= 0:
        return Q(0)
    if k <= SLACK_FLOOR:
        return SLACK_FLOOR
    n, d = int(k.numerator), int(k.denominator)
    places = SLACK_DIGITS - 1 - decimal_exponent(n, d)  # decimal places of a 4-digit mantissa
    q = -((-n * 10**places) // d) if places >= 0 else -((-n) // (d * 10**-places))
    if q == 10**SLACK_DIGITS:  # 9999.5 went up to 10000: one digit fewer
        q, places = q // 10, places - 1
    return Q(q, 10**places) if places >= 0 else Q(q * 10**-places)


def grid_below(g: Q) -> Q:
    """The point of the slack's grid just below the grid point ``g > 0`` (0 below the floor)."""
    if g <= SLACK_FLOOR:
        return Q(0)
    n, d = int(g.numerator), int(g.denominator)
    places = SLACK_DIGITS - 1 - decimal_exponent(n, d)
    q = n * 10**places // d if places >= 0 else n // (d * 10**-places)
    step = Q(1, 10**places) if places >= 0 else Q(10**-places)
    return g - step / 10 if q == 10 ** (SLACK_DIGITS - 1) else g - step


def grid_above(g: Q) -> Q:
    """The point of the slack's grid just above the grid point ``g`` (the floor above 0): a
    relative step of :data:`SLACK_PRECISION` is less than the grid's smallest, 1/9999."""
    return grid_up(g * (1 + SLACK_PRECISION)) if g > 0 else SLACK_FLOOR


def canonical(k: Q | None, ok: Callable[[Q], bool], refuted_at: Q | None = None) -> Q | None:
    """The grid point of a slack ``k`` (a widening at which the check is shown to hold): the
    first point of the grid at or above ``k``, lowered while the check still holds one point
    further down (``ok``). ``refuted_at`` is a widening known to fail, below which no test is
    needed."""
    if k is None:
        return None
    g = grid_up(k)
    for _ in range(8):  # from an upper bound within SLACK_PRECISION, one step at most
        below = grid_below(g) if g > 0 else None
        if below is None or (refuted_at is not None and below <= refuted_at) or not ok(below):
            break
        g = below
    return g


def widened(cv: ClaimVar, k: Q) -> Iv:
    """The claim's interval with its distances from the written value multiplied by ``k``."""
    v = cv.nominal
    below, above = cv.reach
    lo = below if isinstance(below, float) else v - k * below
    hi = above if isinstance(above, float) else v + k * above
    return Iv(lo, hi) if lo <= hi else Iv(hi, lo)


def slack(check: CompiledCheck, claims: dict[str, ClaimVar], consistent: bool | None = None) -> Q | None:
    """The canonical slack of ``check`` (see the module): :func:`search_slack`'s bound on the
    grid, lowered to the grid's first point at which the check is shown to hold."""
    if len(check.links) == 1:
        form = check.links[0].linear
        if form is not None:
            found = _linear_slack(form, check.links[0].op, claims)
            if found is None:
                return None
            least, strict = found
            g = grid_up(least)
            if strict and g == least:  # a strict comparison fails at the slack itself
                g = grid_above(g)
            return g
    k, ok, refuted_at = search_slack(check, claims, consistent)
    return canonical(k, ok, refuted_at)


def search_slack(
    check: CompiledCheck, claims: dict[str, ClaimVar], consistent: bool | None = None,
) -> tuple[Q | None, Callable[[Q], bool], Q | None]:
    """Smallest widening factor that makes ``check`` hold: an upper bound, proven (the check is
    shown to hold there), within SLACK_PRECISION where the search settles the widenings below it;
    ``None`` when no widening up to :data:`MAX_SLACK` can be shown to make it hold.

    ``consistent`` is the check's verdict when already known: the slack then agrees with it (at
    most 1 exactly when consistent). For a consistent verdict the search could not settle, the
    slack is where an inconsistency stops being provable, not a proof of anything."""

    def at(k: Q) -> bool | None:
        return holds(check, {c: widened(claims[c], k) for c in check.claims})

    def proven(k: Q) -> bool:
        return shown_to_hold(check, {c: widened(claims[c], k) for c in check.claims})

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
            return (min(hi, Q(1)) if at_one else hi), proven, lo

    precision = SLACK_PRECISION
    if at_one:
        # where the verdict is not settled, only where an inconsistency stops being provable
        ok = proven if proven(Q(1)) else not_refuted
        if ok(Q(0)):
            return Q(0), ok, None
        lo, hi = Q(0), Q(1)
        precision = CONSISTENT_SLACK_PRECISION  # below 1, how far below matters less
    else:
        ok = proven
        k = Q(2)
        while not not_refuted(k):
            k *= 2
            if k > MAX_SLACK:
                return None, ok, None
        lo, hi = k / 2, k
        if not proven(hi):
            # undecided beyond where the refutations end (a denominator reaching 0): the first
            # widening above that edge at which the check is shown to hold
            edge = bisect(not_refuted, hi, lo, lambda good, bad: good - bad <= precision * good)[0]
            lo = edge
            for step in _WIDER:
                hi = edge * step
                if hi > MAX_SLACK:
                    return None, ok, None
                if proven(hi):
                    break
                lo = hi
            else:  # pragma: no cover - _WIDER reaches past MAX_SLACK
                return None, ok, None
    # relative precision, and an absolute floor for slacks near 0
    good, bad = bisect(ok, hi, lo, lambda good, bad: good - bad <= precision * max(good, precision))
    return good, ok, bad


#: Factors above the edge of refutation at which a proof that the check holds is sought.
_WIDER = [1 + Q(1, 10**4), 1 + Q(1, 10**3), 1 + Q(1, 100), 1 + Q(1, 10), Q(3, 2), *(Q(2) ** i for i in range(1, 42))]


def float_slack(check: CompiledCheck, claims: dict[str, ClaimVar]) -> float | None:
    """A quick guess of the slack in binary floats (never reported unproven).

    How far the check is from holding with the claims widened by ``k`` (:func:`float_violation`) falls
    continuously as ``k`` grows; the slack is where it reaches 0. A false-position search on that
    measure (the Illinois variant, which keeps both ends of the bracket moving) needs a handful
    of evaluations where halving the bracket needs a dozen or more."""
    try:
        nominal = {c: float(claims[c].nominal) for c in check.claims}
        reach = {c: tuple(float(x) for x in claims[c].reach) for c in check.claims}
    except OverflowError:
        return None  # beyond binary floats (1.8e308): no guess, the exact search alone

    def violation(k: float) -> float:
        box = {c: (nominal[c] - k * reach[c][0], nominal[c] + k * reach[c][1]) for c in check.claims}
        try:
            return float_violation(check, box)
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
    return false_position(
        violation, (good_k, good_v), (bad_k, bad_v), lambda good, bad: good - bad <= precision * good
    )


def _linear_slack(
    form: tuple[Q, dict[str, Q]], op: str, claims: dict[str, ClaimVar],
) -> tuple[Q, bool] | None:
    """The exact least widening of ``const + sum(a_i x_i) op 0``, and whether the comparison
    needs more than it (strictly): widened by k, the left side ranges over ``d0 + k * [-down,
    up]``, so the least k is a quotient (``None``: no k is enough)."""
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
            return Q(0), False
        return None if down == 0 else (Q(d0) / down, op == "<")
    if need_up:
        if isinstance(up, float):
            return Q(0), False
        return None if up == 0 else (Q(-d0) / up, op == ">")
    return Q(0), False
