"""The promises users lean on, as properties over generated claim files (claimcheck.strategies)."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import claimcheck
from claimcheck import Verdict, strategies
from claimcheck.files.model import Claim, ClaimFile, Policy


@settings(max_examples=40)
@given(strategies.consistent_claim_files())
def test_no_false_alarm(generated: strategies.Generated) -> None:
    report = claimcheck.verify(generated.claim_file)
    f = report.files[0]
    assert all(r.verdict == Verdict.CONSISTENT for r in f.rules), report.model_dump_json(indent=1)
    assert not f.conflicts
    assert report.ok


@settings(max_examples=40)
@given(strategies.inconsistent_claim_files())
def test_detection_and_localization(generated: strategies.Generated) -> None:
    report = claimcheck.verify(generated.claim_file)
    rule = next(r for r in report.files[0].rules if r.id == generated.rule)
    assert rule.verdict == Verdict.INCONSISTENT
    assert any(generated.suspect in s.claims for s in rule.suspects)
    assert report.ok  # the finding was recorded with expect: inconsistent


def _widened(cf: ClaimFile, factor: int) -> ClaimFile:
    policy = Policy(
        about=cf.policy.about * factor, nearly=cf.policy.nearly * factor, some_more=cf.policy.some_more * factor
    )
    return cf.model_copy(update={"policy": policy})


@settings(max_examples=25)
@given(strategies.consistent_claim_files(), st.integers(2, 5))
def test_widening_tolerances_never_breaks_a_consistent_rule(generated: strategies.Generated, factor: int) -> None:
    wide = claimcheck.verify(_widened(generated.claim_file, factor))
    assert all(r.verdict == Verdict.CONSISTENT for r in wide.files[0].rules)


@settings(max_examples=25)
@given(st.lists(st.integers(1, 10**6), min_size=2, max_size=5), st.integers(1, 3), st.integers(2, 10), st.data())
def test_slack_scales_inversely_with_tolerance(parts: list[int], places: int, factor: int, data: st.DataObject) -> None:
    """Give every claim an explicit tolerance c times as wide: the slack divides by c."""
    total = sum(parts) + data.draw(st.integers(-50, 50))
    values = [*parts, total]
    names = [f"p{i}" for i in range(len(parts))] + ["total"]

    def file(tolerance: Fraction) -> ClaimFile:
        return ClaimFile(
            claimcheck=1,
            claims={
                n: Claim(value=f"{v}", tolerance=strategies._digits(int(tolerance * 10**places), places))
                for n, v in zip(names, values, strict=True)
            },
            rules={"r": claimcheck.Rule(check=" + ".join(names[:-1]) + " == total")},
        )

    base = Fraction(1, 10**places)
    s1 = claimcheck.verify(file(base)).files[0].rules[0].slack
    s2 = claimcheck.verify(file(base * factor)).files[0].rules[0].slack
    assert s1 is not None and s2 is not None and s1 != "inf"
    k1, k2 = Fraction(s1), Fraction(s2)
    # each is rounded up to 4 significant digits
    assert abs(k1 / factor - k2) <= k2 * Fraction(2, 1000) + Fraction(1, 10**6)


@settings(max_examples=200)
@given(strategies.written_figures())
def test_written_figure_contains_its_truth(fig: strategies.WrittenFigure) -> None:
    assert claimcheck.reported(fig.text).contains(fig.truth)


@settings(max_examples=200)
@given(
    st.integers(1, 10**9), st.integers(0, 4), st.sampled_from(["", "万", "亿"]), st.sampled_from(["", "元", "%", "家"])
)
def test_written_number_interval_written_number(n: int, places: int, magnitude: str, unit: str) -> None:
    """Written figure -> interval -> the same written figure (centre and resolution written back)."""
    if unit == "家":
        places = 0
    text = strategies._digits(n, places) + magnitude + unit
    r = claimcheck.reported(text)
    assert r.low is not None and r.high is not None
    centre = (r.low + r.high) / 2 if unit != "家" or not magnitude else r.value
    scale = Fraction(10) ** {"": 0, "万": 4, "亿": 8}[magnitude]
    back = strategies._digits(int(centre / scale * 10**places), places) + magnitude + unit
    assert back == text


@settings(max_examples=50)
@given(strategies.claim_files())
def test_generated_files_load_and_round_trip(cf: ClaimFile) -> None:
    text = claimcheck.dump(cf)
    again = claimcheck.loads(text)
    assert again == cf
    assert claimcheck.dump(again) == text


@settings(max_examples=300)
@given(strategies.claim_ids())
def test_generated_ids_are_valid_ids(cid: str) -> None:
    # every id the strategy offers is accepted by the claim file format (keywords are refused there)
    claimcheck.loads(f"claimcheck: 1\nclaims:\n  {cid}: {{value: '1'}}\n", name="t.yaml")


def test_keyword_ids_are_never_generated() -> None:
    import keyword

    from hypothesis import find
    from hypothesis.errors import NoSuchExample

    with pytest.raises(NoSuchExample):
        find(strategies.claim_ids(), keyword.iskeyword, settings=settings(max_examples=2000, database=None))


@settings(max_examples=30)
@given(st.one_of(strategies.consistent_claim_files(), strategies.inconsistent_claim_files()))
def test_slack_is_at_most_one_exactly_when_a_check_is_consistent(generated: strategies.Generated) -> None:
    for rule in claimcheck.verify(generated.claim_file).files[0].rules:
        for check in rule.checks():
            assert check.slack is not None
            within = check.slack != "inf" and Fraction(check.slack) <= 1
            assert within == (check.verdict == Verdict.CONSISTENT), (check.check, check.slack)
