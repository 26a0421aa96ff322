"""File-level localisation: the fewest claims whose change lets every rule hold at once."""

from __future__ import annotations

import json
from fractions import Fraction

from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import claimcheck
from claimcheck.cli import main
from claimcheck.verify.results import FileReport


def claim_file(claims: dict[str, str], rules: dict[str, str], weights: dict[str, float] | None = None) -> str:
    lines = ["claimcheck: 1", "claims:"]
    for cid, v in claims.items():
        weight = f", weight: {weights[cid]}" if weights and cid in weights else ""
        lines.append(f"  {cid}: {{value: {json.dumps(v, ensure_ascii=False)}{weight}}}")
    lines += ["rules:"] + [f"  {rid}: {{check: {json.dumps(c)}}}" for rid, c in rules.items()]
    return "\n".join(lines) + "\n"


def report_of(text: str) -> FileReport:
    return claimcheck.verify(claimcheck.loads(text, name="t.yaml")).files[0]


def _fmt(x: Fraction) -> str:
    return f"{float(x):.1f}"


def economy(primary: int, secondary: int, tertiary: int, last: int, moved: dict[str, str] | None = None) -> str:
    """Three parts of a total, the secondary's share and growth: the secondary occurs in three rules."""
    total = primary + secondary + tertiary
    claims = {
        "primary": f"{primary}.0亿元", "secondary": f"{secondary}.0亿元", "tertiary": f"{tertiary}.0亿元",
        "total": f"{total}.0亿元", "secondary_last": f"{last}.0亿元",
        "secondary_share": f"{_fmt(Fraction(secondary * 100, total))}%",
        "secondary_growth": f"{_fmt(Fraction(secondary - last, last) * 100)}%",
    }
    claims.update(moved or {})
    rules = {
        "parts": "primary + secondary + tertiary == total",
        "share": "share(secondary, total) == secondary_share",
        "growth": "growth(secondary, secondary_last) == secondary_growth",
    }
    return claim_file(claims, rules)


def test_one_mistyped_figure_that_breaks_three_rules_is_named() -> None:
    f = report_of(economy(120, 340, 530, 324, moved={"secondary": "350.0亿元"}))
    assert [r.verdict.value for r in f.rules] == ["inconsistent"] * 3
    [loc] = f.localisations
    assert loc.claims == ["secondary"] and loc.explains == 3 and loc.settled and loc.alternatives == []
    [needed] = loc.needed
    assert needed.low is not None and needed.high is not None
    assert Fraction(needed.low) <= 340 * 10**8 <= Fraction(needed.high)


def test_the_text_report_leads_with_the_most_likely_wrong_claim(tmp_path: object) -> None:
    from pathlib import Path

    path = Path(str(tmp_path)) / "economy.yaml"
    path.write_text(economy(120, 340, 530, 324, moved={"secondary": "350.0亿元"}), "utf-8")
    out = CliRunner().invoke(main, ["verify", str(path)]).output.splitlines()
    assert out[1].startswith("  most likely wrong: secondary (explains 3 of 3 failing rules), would need secondary")
    sarif = json.loads(CliRunner().invoke(main, ["verify", str(path), "--format", "sarif"]).output)
    located = [r for r in sarif["runs"][0]["results"] if r["ruleId"] == "likely-wrong-claim"]
    assert len(located) == 1 and located[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 4


def test_weights_steer_the_choice_between_equal_explanations() -> None:
    text = claim_file({"a": "10", "b": "20", "t": "40"}, {"s": "a + b == t"})
    assert report_of(text).localisations[0].claims == ["a"]  # ties: the first candidate, others listed
    assert sorted(map(tuple, report_of(text).localisations[0].alternatives)) == [("b",), ("t",)]
    heavy = claim_file({"a": "10", "b": "20", "t": "40"}, {"s": "a + b == t"}, weights={"a": 3, "b": 3})
    assert report_of(heavy).localisations[0].claims == ["t"]


def test_a_consistent_file_has_no_localisation() -> None:
    assert report_of(economy(120, 340, 530, 324)).localisations == []


def test_the_search_says_when_it_gives_up() -> None:
    # four independent failing rules in one group cannot be explained by three claims
    claims = {f"x{i}": "10" for i in range(9)} | {"hub": "1"}
    rules = {f"r{i}": f"x{2 * i} + x{2 * i + 1} + hub * 0 == 100" for i in range(4)}
    [loc] = report_of(claim_file(claims, rules)).localisations
    assert not loc.settled and loc.claims == [] and "at most 3 claims" in loc.message


@given(
    st.integers(50, 500), st.integers(50, 500), st.integers(50, 500), st.integers(40, 49),
    st.sampled_from(["primary", "tertiary", "secondary_last", "secondary", "total"]),
    st.integers(15, 60), st.booleans(),
)
@settings(max_examples=25, deadline=None)
def test_planted_errors_are_found_and_every_named_set_makes_the_rules_hold(
    primary: int, secondary: int, tertiary: int, tenths: int, moved: str, shift: int, down: bool,
) -> None:
    last = secondary * tenths // 50  # the secondary grew by 0 %-25 %
    true = {"primary": primary, "secondary": secondary, "tertiary": tertiary, "secondary_last": last,
            "total": primary + secondary + tertiary}
    value = true[moved] + (-shift if down and true[moved] > shift else shift)
    text = economy(primary, secondary, tertiary, last, moved={moved: f"{value}.0亿元"})
    f = report_of(text)
    if all(r.verdict.value == "consistent" for r in f.rules):
        return
    [loc] = f.localisations
    assert loc.settled
    assert moved in [loc.claims[0], *(a[0] for a in loc.alternatives if len(a) == 1)] or len(loc.claims) == 1
    # soundness: give the named claims the values the localisation says they need, and every rule
    # holds at once (checked by the verifier, not by the localisation)
    cf = claimcheck.loads(text)
    data = json.loads(json.dumps(cf.model_dump(mode="json", exclude_defaults=True)))
    for b in loc.needed:
        assert b.low is not None and b.high is not None
        scale, unit, tolerance_unit = (10**8, "亿元", "亿元") if b.unit == "yuan" else (1, "%", "pp")
        lo, hi = Fraction(b.low) / scale, Fraction(b.high) / scale
        mid, half = (lo + hi) / 2, (hi - lo) / 2 + Fraction(2, 10**6)
        data["claims"][b.claim] = {"value": f"{float(mid):.6f}{unit}",
                                   "tolerance": f"{float(half):.6f}{tolerance_unit}"}
    fixed = claimcheck.verify(claimcheck.ClaimFile.model_validate(data)).files[0]
    assert all(r.verdict.value == "consistent" for r in fixed.rules), [r.id for r in fixed.rules]
    assert fixed.conflicts == []


def test_a_claim_in_two_rules_through_a_root_is_found_alone() -> None:
    # t = 6800亿 breaks the five-year cagr and the year's growth; 6200亿 satisfies both
    text = claim_file({"t": "6800亿元", "inc": "1840亿元左右", "avg": "7.3%", "t2019": "5905亿元", "g": "5%左右"},
                      {"r_cagr": "cagr(t - inc, t, years=5) == avg", "r_growth": "growth(t, t2019) == g"})
    [loc] = report_of(text).localisations
    assert loc.claims == ["t"] and loc.explains == 2 and loc.settled
    assert loc.needed[0].low is not None and Fraction(loc.needed[0].low) <= 6200 * 10**8


def test_weights_are_compared_across_set_sizes() -> None:
    claims = {"a": "10", "b": "20", "c": "30", "x": "99", "y": "109"}
    rules = {"r1": "a + b == x", "r2": "a + c == y"}
    text = claim_file(claims, rules, weights={"a": 5})
    for cid, v in (("x", "99"), ("y", "109")):
        text = text.replace(f'{cid}: {{value: "{v}"}}', f'{cid}: {{value: "{v}", qualifier: exact}}')
    [loc] = report_of(text).localisations
    assert loc.claims == ["b", "c"]  # weight 2, lighter than a's 5
