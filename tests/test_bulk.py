"""Checks settled in bulk (:mod:`claimcheck.verify.bulk`) give exactly what the per-rule way
gives: verdicts, implied intervals, slacks, suspects; and the slack's grid is canonical."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import claimcheck
from claimcheck.exact.arith import Q
from claimcheck.exact.effort import Effort
from claimcheck.figures.intervals import outward_decimal_string
from claimcheck.verify import bulk
from claimcheck.verify import slack as slacks
from claimcheck.verify.verdicts import holds
from claimcheck.verify.verifier import verify_compiled


def both_ways(text: str) -> tuple[dict[str, object], dict[str, object], int]:
    """The report verified in bulk and per rule, and how many checks the bulk path settled."""
    compiled = claimcheck.api.compiled(claimcheck.loads(text))
    checks = [c for rule in compiled.rules.values() for c in rule.checks]
    settled = len(bulk.settle(checks, compiled.claims))
    fast = verify_compiled(compiled, bulk=True).model_dump()
    slow = verify_compiled(compiled, bulk=False).model_dump()
    return fast, slow, settled


def test_a_yearbook_page_is_settled_in_bulk_as_per_rule() -> None:
    text = """claimcheck: 1
claims:
  old: {value: 4244.8亿元}
  new: {value: 4218.3亿元}
  inc: {value: -26.5亿元}
  rate: {value: -0.6%}
  total: {value: 69649.3亿元}
  part: {value: 6.06%}
  about: {value: 约4200亿元}
rules:
  identity: {check: old + inc == new}
  rate: {check: 'growth(new, old) == rate'}
  reversed: {check: 'rate == growth(new, old)'}
  part: {check: 'share(new, total) == part'}
  fall: {check: 'reduction(old, new) == -rate'}
  near: {check: about == new}
"""
    fast, slow, settled = both_ways(text)
    assert fast == slow
    assert settled == 6  # every one: sums, rates either way round, a reduction against -rate
    rules = {r["id"]: r for r in fast["rules"]}  # type: ignore[attr-defined]
    assert rules["identity"]["verdict"] == "consistent"
    assert rules["identity"]["slack"] == "0"  # 4244.8 - 26.5 == 4218.3 exactly
    # new / old - 1 over [4218.25, 4218.35] / [4244.75, 4244.85], outward, in percent
    assert rules["rate"]["implied"][2] == {"claim": "rate", "low": "-0.626641695231", "high": "-0.621944755285",
                                           "unit": "percent", "empty": False}


@pytest.mark.parametrize(("claims", "check"), [
    ("a: {value: '约100亿元'}\n  r: {value: '3%'}", "growth(a, a) == r"),
    ("a: {value: '24.9'}\n  b: {value: '5.0'}", "ratio(a, b) == 10 - b"),
    ("a: {value: '2.0'}\n  b: {value: '4.0'}", "ratio(a, b) == b - 3.5"),
    ("a: {value: '2.0'}\n  b: {value: '4.0'}", "ratio(a, b) == 10 - a"),
    ("n: {value: '800000余家'}\n  s: {value: '近1'}", "s == share(n, n)"),
])
def test_a_ratio_that_names_a_claim_twice_goes_the_per_rule_way(claims: str, check: str) -> None:
    """``growth(a, a)`` or a rate written with the ratio's own claim ties the ends together: the
    closed forms (each use its own figure) would call such a check consistent when it is not
    (found in review: ``growth(a, a) == 3%`` was settled with a slack of 0.03)."""
    fast, slow, settled = both_ways(f"claimcheck: 1\nclaims:\n  {claims}\nrules:\n  r: {{check: '{check}'}}\n")
    assert settled == 0 and fast == slow


def test_an_inconsistent_check_goes_the_per_rule_way_with_its_suspects() -> None:
    text = """claimcheck: 1
claims:
  old: {value: 100}
  new: {value: 120}
  rate: {value: 10%}
rules:
  r: {check: 'growth(new, old) == rate', expect: inconsistent}
"""
    fast, slow, settled = both_ways(text)
    assert settled == 0 and fast == slow
    assert fast["rules"][0]["suspects"]  # type: ignore[index]


#: Units and how their figures are written.
_UNITS = ["亿元", "万吨", "", "%", "个百分点"]


@st.composite
def claim_files(draw: st.DrawFn) -> str:
    """A file of levels, changes, rates and shares, mostly consistent, some not, some near 0."""
    n = draw(st.integers(2, 5))
    places = draw(st.integers(0, 2))
    quals = ["", "", "约", "近", "超", "左右"]
    levels = [draw(st.integers(-50, 10**6)) for _ in range(n)]
    lines = ["claimcheck: 1", "claims:"]

    def figure(value: Fraction, unit: str, p: int) -> str:
        q = draw(st.sampled_from(quals))
        text = f"{float(round(value, p)):.{p}f}"
        return f"{q}{text}{unit}" if q != "左右" else f"{text}{unit}左右"

    for i, level in enumerate(levels):
        lines.append(f"  l{i}: {{value: '{figure(Fraction(level), '亿元', places)}'}}")
    total = sum(levels) + draw(st.sampled_from([0, 0, 0, 1, -3, 10**4]))
    lines.append(f"  total: {{value: '{figure(Fraction(total), '亿元', places)}'}}")
    rules = [f"  sum: {{check: {' + '.join(f'l{i}' for i in range(n))} == total}}"]
    for i in range(1, n):
        old, new = levels[i - 1], levels[i]
        lines.append(f"  inc{i}: {{value: '{figure(Fraction(new - old), '亿元', places)}'}}")
        rules.append(f"  id{i}: {{check: l{i - 1} + inc{i} == l{i}}}")
        if old != 0:
            rate = Fraction(new - old, old) * 100 + draw(st.sampled_from([0, 0, 0, Fraction(1, 10), 5]))
            lines.append(f"  g{i}: {{value: '{figure(rate, '%', draw(st.integers(0, 2)))}'}}")
            form = draw(st.sampled_from([f"growth(l{i}, l{i - 1}) == g{i}", f"g{i} == growth(l{i}, l{i - 1})",
                                         f"reduction(l{i - 1}, l{i}) == 0 - g{i}", f"growth(l{i}, l{i}) == g{i}"]))
            rules.append(f"  gr{i}: {{check: '{form}'}}")
        if total != 0:
            share = Fraction(new, total) * 100 + draw(st.sampled_from([0, 0, Fraction(1, 100), 1]))
            lines.append(f"  s{i}: {{value: '{figure(share, '%', draw(st.integers(0, 3)))}'}}")
            form = draw(st.sampled_from([f"share(l{i}, total) == s{i}", f"s{i} == share(l{i}, total)",
                                         f"ratio(l{i}, total) * 100 == s{i} * 100"]))
            rules.append(f"  sh{i}: {{check: '{form}'}}")
    return "\n".join([*lines, "rules:", *rules, ""])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(claim_files())
def test_bulk_and_per_rule_give_identical_reports(text: str) -> None:
    """The differential property: verdicts, implied intervals, slacks, suspects and the joint
    check are the same whichever way a check is settled."""
    fast, slow, _ = both_ways(text)
    assert fast == slow


@given(st.fractions(min_value=0, max_value=2**40, max_denominator=10**15))
def test_the_slack_grid_is_four_significant_digits(k: Fraction) -> None:
    """``grid_up`` is the least grid point at or above ``k``, and the report prints it exactly."""
    g = slacks.grid_up(Q(k))
    assert g >= k
    if k == 0:
        assert g == 0
        return
    assert slacks.grid_below(g) < k
    assert Fraction(outward_decimal_string(g, up=True, digits=slacks.SLACK_DIGITS)) == g


@given(st.integers(1000, 9999), st.integers(-6, 12))
def test_grid_points_are_fixed_and_their_neighbours_adjacent(mantissa: int, exponent: int) -> None:
    g = Q(mantissa) * Q(10) ** (exponent - 3)
    assert slacks.grid_up(g) == g
    below = slacks.grid_below(g)
    assert below < g and slacks.grid_up(below) == below
    assert slacks.grid_up(below + (g - below) / 2) == g  # nothing on the grid in between


def test_the_canonical_slack_is_the_first_grid_point_where_the_check_holds() -> None:
    cf = claimcheck.loads("""claimcheck: 1
claims:
  a: {value: '100'}
  b: {value: '300'}
  s: {value: 33.5%}
rules:
  r: {check: 'share(a, b) == s'}
""")
    compiled = claimcheck.api.compiled(cf)
    check = compiled.rules["r"].checks[0]
    Effort.allow(slacks.SLACK_EFFORT)
    k = slacks.slack(check, compiled.claims)
    assert k is not None and 0 < k <= 1
    for at, expected in ((k, True), (slacks.grid_below(k), False)):
        box = {c: slacks.widened(compiled.claims[c], at) for c in check.claims}
        assert holds(check, box) is expected
    settled = bulk.settle([check], compiled.claims)
    assert settled["r"].slack == k


def test_a_page_is_verified_without_numpy() -> None:
    """numpy (about a tenth of a second to import) is loaded only for a file worth settling in
    bulk: a page starts as quickly as before."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    code = ("import sys, claimcheck; claimcheck.verify(claimcheck.load(sys.argv[1])); "
            "print('numpy' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code, str(root / "claims" / "qingdao.yaml")],
                         capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
