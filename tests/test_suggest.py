"""`claimcheck suggest`: candidate rules ranked by their expected chance matches, each confirmed
exactly; near misses apart."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import yaml
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import claimcheck
from claimcheck.cli import main
from claimcheck.suggest.cues import base_of, change_fits, from_to
from claimcheck.suggest.figures import parse_period
from claimcheck.suggest.suggester import suggest

ROOT = Path(__file__).resolve().parents[1]


def checks(found: claimcheck.Suggestions) -> list[str]:
    return [s.candidate.check or "" for s in found.rules]


def bare(text: str) -> claimcheck.ClaimFile:
    return claimcheck.loads(text, "suggest.yaml")


def test_a_sum_a_level_a_growth_and_a_share_are_found() -> None:
    f = bare("""claimcheck: 1
claims:
  trade_2019: {value: 5800亿元, period: 2019, quote: 2019年进出口5800亿元}
  trade_2020: {value: 6200亿元, period: 2020, quote: 2020年进出口6200亿元，增长6.9%，比上年增加400亿元}
  trade_growth: {value: 6.9%, period: 2020, quote: 2020年进出口6200亿元，增长6.9%，比上年增加400亿元}
  trade_increase: {value: 400亿元, period: 2019/2020, quote: 2020年进出口6200亿元，增长6.9%，比上年增加400亿元}
  exports_2020: {value: 3500亿元, period: 2020, quote: 其中出口3500亿元，占56.5%}
  exports_share: {value: 56.5%, period: 2020, quote: 其中出口3500亿元，占56.5%}
  imports_2020: {value: 2700亿元, period: 2020, quote: 进口2700亿元}
rules: {}
""")
    found = checks(suggest(f, top=30))
    assert "exports_2020 + imports_2020 == trade_2020" in found
    assert "trade_2019 + trade_increase == trade_2020" in found
    assert {"growth(trade_2020, trade_2019) == trade_growth",
            "growth(trade_2020, trade_2020 - trade_increase) == trade_growth"} & set(found)
    assert "share(exports_2020, trade_2020) == exports_share" in found


def test_every_suggestion_holds_and_every_near_miss_fails_by_a_small_slack() -> None:
    f = claimcheck.load(ROOT / "claims" / "qingdao.yaml")
    found = suggest(f.model_copy(update={"rules": {}, "conflicts": []}), top=30)
    rules = {s.id: {"check": s.candidate.check} if s.candidate.check else
             {"readings": {r: {"check": c} for r, c in s.candidate.readings or ()}} for s in found.rules}
    data = yaml.safe_load((ROOT / "claims" / "qingdao.yaml").read_text("utf-8"))
    data["rules"], data.pop("conflicts", None)
    data["rules"] = rules
    report = claimcheck.verify(claimcheck.loads(yaml.safe_dump(data, allow_unicode=True), "q.yaml"))
    assert all(r.verdict == "consistent" for r in report.files[0].rules)
    assert found.near_misses and all(1 < float(s.slack or 0) <= 3 for s in found.near_misses)


def test_the_qingdao_finding_is_a_near_miss_and_its_hand_rules_rank_high() -> None:
    """The figures of benchmarks/suggest_recall.py, as a floor: 17 of the 28 hand-written rules in
    the top 50, the 9 list counts and the 5-part sum in the top 10, and the average growth rate that
    the page gets wrong (8%左右 for 7.3%) among the near misses."""
    f = claimcheck.load(ROOT / "claims" / "qingdao.yaml")
    found = suggest(f.model_copy(update={"rules": {}, "conflicts": []}), top=50)
    top10 = checks(found)[:10]
    assert sum(c.startswith("count(") for c in top10) == 9
    assert "sci_top_award + sci_natural + sci_invention + sci_progress + sci_intl == sci_awards_total" in top10
    near = [s.candidate.check for s in found.near_misses]
    assert "cagr(trade_2020 - trade_increase, trade_2020, years=5) == trade_growth_avg" in near


def test_rules_of_the_file_are_not_suggested_again() -> None:
    f = claimcheck.load(ROOT / "claims" / "qingdao.yaml")
    found = suggest(f, top=50)
    assert found.skipped_as_implied > 0
    assert not any(c.startswith("count(") for c in checks(found))


def test_a_multiple_written_as_growth_gets_two_readings() -> None:
    f = bare("""claimcheck: 1
claims:
  output_2015: {value: 120亿元, period: 2015, quote: 2015年产值120亿元}
  output_2020: {value: 360亿元, period: 2020, quote: 2020年产值360亿元，增长2倍}
  fold: {value: 2倍, quote: 2020年产值360亿元，增长2倍}
rules: {}
""")
    (multiple,) = [s for s in suggest(f).rules if s.candidate.kind == "multiple"]
    assert dict(multiple.candidate.readings or ()) == {
        "k_times_as_much": "ratio(output_2020, output_2015) == fold",
        "k_times_more": "ratio(output_2020, output_2015) == fold + 1"}


def test_periods_written_from_one_to_the_next_or_over_a_span() -> None:
    five_years, year_on_year = parse_period("2016/2020"), parse_period("2015/2016")
    assert five_years is not None and year_on_year is not None
    assert from_to(five_years) is None and from_to(year_on_year) is not None
    assert base_of(five_years) == parse_period("2015") == base_of(year_on_year)
    assert change_fits(parse_period("2016-11"), parse_period("2016-11/2016-12"), parse_period("2016-12"))
    assert change_fits(parse_period("2015"), five_years, parse_period("2020"))
    assert change_fits(parse_period("2018"), five_years, parse_period("2020")) is False


parts = st.lists(st.decimals(1, 999, places=1, allow_nan=False, allow_infinity=False), min_size=2, max_size=4,
                 unique=True)


@given(parts, st.integers(0, 3))
@settings(max_examples=25, deadline=None)
def test_a_total_written_as_the_sum_of_its_parts_is_suggested(values: list[Decimal], noise: int) -> None:
    """Parts listed after their total with 其中, and unrelated figures around them: the sum is
    suggested, and it holds exactly."""
    total = sum(values, Decimal(0))
    lines = [f"  total: {{value: '{total}亿元', period: 2020, quote: 全年共{total}亿元}}"]
    lines += [f"  part_{i}: {{value: '{v}亿元', period: 2020, quote: 其中第{i}项{v}亿元}}"
              for i, v in enumerate(values)]
    lines += [f"  other_{i}: {{value: '{7919 + 131 * i}.3亿元', period: 2019}}" for i in range(noise)]
    f = bare("claimcheck: 1\nclaims:\n" + "\n".join(lines) + "\nrules: {}\n")
    found = suggest(f, top=10)
    wanted = " + ".join(f"part_{i}" for i in range(len(values))) + " == total"
    assert wanted in checks(found)
    assert all(s.verdict == "consistent" for s in found.rules)


@given(st.lists(st.decimals(1, 9999, places=1, allow_nan=False, allow_infinity=False), min_size=3, max_size=12))
@settings(max_examples=25, deadline=None)
def test_whatever_the_figures_every_suggestion_is_proven(values: list[Decimal]) -> None:
    lines = [f"  f{i}: {{value: '{v}亿元'}}" for i, v in enumerate(values)]
    f = bare("claimcheck: 1\nclaims:\n" + "\n".join(lines) + "\nrules: {}\n")
    found = suggest(f, top=10)
    for s in found.rules:
        assert s.verdict == "consistent"
    for s in found.near_misses:
        assert s.verdict == "inconsistent" and 1 < float(s.slack or 0) <= 3


def test_the_command_prints_rules_ready_to_paste(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["suggest", str(ROOT / "claims" / "examples" / "us_trade_2016_12.yaml"),
                                       "--top", "5"])
    assert result.exit_code == 0, result.output
    rules = yaml.safe_load(result.output)["rules"]
    assert len(rules) == 5 and all("check" in r or "readings" in r for r in rules.values())
    bad = tmp_path / "bad.yaml"
    bad.write_text("claimcheck: 1\nclaims: {a: {value: 1}}\nrules: {}\nextra: 1\n", "utf-8")
    assert CliRunner().invoke(main, ["suggest", str(bad)]).exit_code == 2


def test_extract_with_suggest_drafts_a_whole_document(tmp_path: Path) -> None:
    article = ROOT / "claims" / "examples" / "us_trade_2016_12.txt"
    out = tmp_path / "draft.yaml"
    result = CliRunner().invoke(main, ["extract", str(article), "--suggest", "--top", "8", "-o", str(out)])
    assert result.exit_code == 0, result.output
    draft = claimcheck.load(out)
    assert len(draft.claims) == 38 and len(draft.rules) == 8
    report = claimcheck.verify(draft, article=article)
    assert report.ok


# ---------------------------------------------------------------- found in review

def run_cli(tmp_path: Path, text: str) -> tuple[int, str]:
    path = tmp_path / "f.yaml"
    path.write_text(text, "utf-8")
    result = CliRunner().invoke(main, ["suggest", str(path)])
    return result.exit_code, result.output


def test_zero_and_falling_bases_do_not_crash(tmp_path: Path) -> None:
    code, _ = run_cli(tmp_path, "claimcheck: 1\nclaims:\n  a: {value: 0万余人}\n  b: {value: 5万人}\nrules: {}\n")
    assert code == 0
    code, _ = run_cli(tmp_path, "claimcheck: 1\nclaims:\n  sales_2015: {value: 1亿元, period: 2015}\n"
                      "  sales_2020: {value: 5亿元, period: 2020}\n"
                      "  sales_growth: {value: 38%, period: 2016/2020, quote: 年均增长38%}\nrules: {}\n")
    assert code == 0
    code, _ = run_cli(tmp_path, "claimcheck: 1\nclaims:\n"
                      "  grain_2020: {value: 305万吨, period: 2020, quote: 2020年粮食产量305万吨}\n"
                      "  grain_change: {value: 559万吨, period: 2017/2020, quote: 比2016年减少559万吨}\n"
                      "  yearly_rate: {value: 下降22.9%, period: 2017/2020, quote: 年均下降22.9%}\nrules: {}\n")
    assert code == 0


def test_a_rule_with_readings_verifies_as_pasted(tmp_path: Path) -> None:
    base = ("claimcheck: 1\nclaims:\n  exports_2015: {value: 100亿元, period: 2015, quote: 2015年出口100亿元}\n"
            "  exports_2020: {value: 330亿元, period: 2020, quote: 出口330亿元，增长2倍}\n"
            "  exports_multiple: {value: 2倍, quote: 出口330亿元，增长2倍}\n")
    code, out = run_cli(tmp_path, base + "rules: {}\n")
    assert code == 0
    pasted = tmp_path / "pasted.yaml"
    pasted.write_text(base + out[out.index("\nrules:") + 1:], "utf-8")
    assert claimcheck.verify(claimcheck.load(pasted)).ok


def test_many_figures_of_one_unit_stay_fast() -> None:
    import time

    for values in ([f"{1000 + 37 * i}.5亿元" for i in range(1000)], [f"{1 + i % 20}个" for i in range(600)]):
        text = "claimcheck: 1\nclaims:\n" + "".join(f"  c{i}: {{value: '{v}'}}\n" for i, v in enumerate(values))
        started = time.perf_counter()
        suggest(bare(text + "rules: {}\n"), top=20)
        assert time.perf_counter() - started < 30


def test_a_small_file_keeps_the_words_of_its_ids() -> None:
    found = suggest(claimcheck.load(ROOT / "claims" / "example.yaml").model_copy(update={"rules": {}}))
    near = [s.candidate.check for s in found.near_misses]
    assert "cagr(trade_2020 - trade_increase, trade_2020, years=5) == trade_growth_avg" in near


def test_of_which_is_a_cue_of_the_part_not_of_the_total() -> None:
    f = bare("""claimcheck: 1
claims:
  trade_total: {value: 6200亿元, period: 2020, quote: 全年进出口总额6200亿元}
  exports: {value: 3500亿元, period: 2020, quote: 其中出口3500亿元}
  imports: {value: 2700亿元, period: 2020, quote: 进口2700亿元}
  gdp_services: {value: 800亿元, period: 2020, quote: 服务业增加值800亿元}
  other_a: {value: 4100亿元, period: 2020}
  other_b: {value: 1530亿元, period: 2020}
rules: {}
""")
    assert checks(suggest(f))[0] == "exports + imports == trade_total"
