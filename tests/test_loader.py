"""Tests for reading and writing claim files: ``claimcheck.loads``, ``load`` and ``dump``.

Every invalid input must give a :class:`claimcheck.ClaimcheckError` that names the line; hostile
input (alias bombs, deep nesting, huge files, wrong encodings) must be refused quickly.
Bugs found by these tests were fixed; each stays covered by the test that found it.
"""

from __future__ import annotations

import datetime
import time
import warnings
from fractions import Fraction as F
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import claimcheck
import claimcheck.files.loader
from claimcheck import Claim, ClaimcheckError, ClaimFile, Document, Policy, Reading, Rule, dump, load, loads
from claimcheck.api import compiled
from claimcheck.errors import ClaimFileError

EXAMPLE = """\
claimcheck: 1
document:                     # what the claims come from
  title: 青岛勇立开放潮头
  publisher: 人民日报
  published: 2020-12-23
  language: zh
claims:                       # mapping: claim id -> claim
  trade_2020:
    value: 6200亿元
    period: 2020
    quote: 预计2020年青岛进出口6200亿元、增长5%左右
  trade_increase:
    value: 1840亿元左右
    period: 2016/2020
    quote: 比“十二五”末净增1840亿元左右
  trade_growth_avg:
    value: 8%左右
    period: 2016/2020
    quote: 年均增长8%左右
  foreign_trade_firms:
    value: 超2万家
    quote: 累计培育有进出口实绩的外贸企业超2万家
  x:
    value: 1586.90
rules:
  trade_average_growth:
    check: cagr(trade_2020 - trade_increase, trade_2020, years=5) == trade_growth_avg
"""

E8 = 10**8


def error_of(text: str | bytes, **kwargs: object) -> ClaimcheckError:
    with pytest.raises(ClaimcheckError) as info:
        loads(text, **kwargs)  # type: ignore[arg-type]
    return info.value


def claim_file(*claim_lines: str, head: str = "claimcheck: 1\n") -> str:
    return head + "claims:\n" + "".join(line + "\n" for line in claim_lines)


# --------------------------------------------------------------------------------------------
# a valid file
# --------------------------------------------------------------------------------------------


def test_example_file_loads() -> None:
    cf = loads(EXAMPLE)
    assert cf.claimcheck == 1
    assert cf.document is not None and cf.document.published == datetime.date(2020, 12, 23)
    assert cf.document.title == "青岛勇立开放潮头"
    assert list(cf.claims) == ["trade_2020", "trade_increase", "trade_growth_avg", "foreign_trade_firms", "x"]
    assert cf.claims["trade_2020"].value == "6200亿元"
    assert cf.claims["trade_2020"].period == "2020"
    r = cf.interval("trade_2020")
    assert (r.low, r.high) == (F(619_950_000_000), F(620_050_000_000))
    assert str(r.unit) == "yuan"
    firms = cf.interval("foreign_trade_firms")
    assert (firms.low, firms.high, firms.interval.low_open) == (F(20001), None, False)
    assert cf.interval("trade_increase").interval.low == 1835 * E8
    assert cf.rules["trade_average_growth"].check.startswith("cagr(")
    assert cf.source == "<string>"
    assert cf.location("claims", "x", "value") == (24, 5)


def test_load_from_path(tmp_path: Path) -> None:
    path = tmp_path / "qingdao.yaml"
    path.write_text(EXAMPLE, encoding="utf-8")
    cf = load(path)
    assert cf == loads(EXAMPLE)
    assert cf.source == str(path)
    cf2 = load(str(path))
    assert cf2 == cf


def test_load_errors_name_the_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(claim_file("  a:", "    value: 5", "    qoute: x"), encoding="utf-8")
    with pytest.raises(ClaimFileError) as info:
        load(path)
    assert info.value.file == str(path)
    assert info.value.line == 5
    assert str(info.value).startswith(f"{path}:5:5: ")


def test_missing_file_is_a_claimcheck_error(tmp_path: Path) -> None:
    with pytest.raises(ClaimFileError) as info:
        load(tmp_path / "nope.yaml")
    assert info.value.file == str(tmp_path / "nope.yaml")
    with pytest.raises(ClaimFileError):
        load(tmp_path)  # a directory


def test_loads_name_is_used_in_errors() -> None:
    err = error_of(claim_file("  a:", "    value: 5", "  a:", "    value: 6"), name="q.yaml")
    assert err.file == "q.yaml"
    assert str(err).startswith("q.yaml:5:3: ")


# --------------------------------------------------------------------------------------------
# figures keep their written digits
# --------------------------------------------------------------------------------------------


def test_digits_kept_exactly() -> None:
    cf = loads(claim_file("  a:", "    value: 1586.90", "  b:", "    value: 1e8", "  c:", "    value: 0.10",
                          "  e:", "    value: 007"))
    assert cf.claims["a"].value == "1586.90"
    a = cf.interval("a")
    assert (a.low, a.high) == (F("1586.895"), F("1586.905"))
    assert cf.claims["b"].value == "1e8"
    b = cf.interval("b")
    assert b.value == E8 and b.contains(E8)
    assert (b.low, b.high) == (F(E8 // 2), F(3 * E8 // 2))
    assert cf.claims["c"].value == "0.10"
    assert (cf.interval("c").low, cf.interval("c").high) == (F("0.095"), F("0.105"))
    assert cf.claims["e"].value == "007"
    assert cf.interval("e").value == 7


def test_quoted_and_plain_figures_agree() -> None:
    plain = loads(claim_file("  a:", "    value: 1586.90"))
    quoted = loads(claim_file("  a:", "    value: '1586.90'"))
    assert plain == quoted


# --------------------------------------------------------------------------------------------
# invalid input: ClaimcheckError with the right line
# --------------------------------------------------------------------------------------------


def test_yaml_syntax_error() -> None:
    err = error_of("claimcheck: 1\nclaims:\n  a:\n    value: [1, 2\n  b: 3\n")
    assert isinstance(err, ClaimFileError)
    assert "YAML" in err.message
    assert err.line == 5
    err = error_of("claimcheck: 1\nclaims:\n\ta:\n    value: 5\n")  # a tab
    assert err.line == 3


def test_duplicate_claim_ids() -> None:
    err = error_of(claim_file("  a:", "    value: 5", "  a:", "    value: 6"))
    assert isinstance(err, ClaimFileError)
    assert "duplicate" in err.message and "'a'" in err.message and "line 3" in err.message
    assert (err.line, err.column) == (5, 3)


def test_duplicate_rule_ids() -> None:
    text = claim_file("  a:", "    value: 5") + "rules:\n  r:\n    check: a == a\n  r:\n    check: a > 1\n"
    err = error_of(text)
    assert "duplicate" in err.message and "'r'" in err.message
    assert err.line == 8


def test_duplicate_field_keys() -> None:
    err = error_of(claim_file("  a:", "    value: 5", "    quote: x", "    value: 6"))
    assert "duplicate" in err.message and "'value'" in err.message
    assert (err.line, err.column) == (6, 5)
    err = error_of("claimcheck: 1\nclaimcheck: 1\nclaims:\n  a:\n    value: 5\n")
    assert err.line == 2


def test_unknown_field_with_hint() -> None:
    err = error_of(claim_file("  a:", "    value: 5", "    qoute: hi"))
    assert isinstance(err, ClaimFileError)
    assert "qoute" in err.message and "did you mean 'quote'" in err.message
    assert (err.line, err.column) == (5, 5)


@pytest.mark.parametrize(
    ("text", "line", "hint"),
    [
        ("claimcheck: 1\ndefaults:\n  unti: 元\nclaims:\n  a:\n    value: 5\n", 3, "unit"),
        ("claimcheck: 1\npolicy:\n  sme_more: 1\nclaims:\n  a:\n    value: 5\n", 3, "some_more"),
        ("claimcheck: 1\ndocument:\n  tilte: x\nclaims:\n  a:\n    value: 5\n", 3, "title"),
        ("claimcheck: 1\nclaims:\n  a:\n    value: 5\nrules:\n  r:\n    chek: a == a\n", 7, "check"),
    ],
)
def test_unknown_fields_elsewhere(text: str, line: int, hint: str) -> None:
    err = error_of(text)
    assert err.line == line
    assert f"did you mean {hint!r}" in err.message


def test_unreadable_value() -> None:
    err = error_of(claim_file("  a:", "    value: 5", "  b:", "    quote: x", "    value: 五六七abc"))
    assert (err.line, err.column) == (7, 12)  # the figure itself, after "value: "
    assert err.file == "<string>"


def test_unknown_unit_word_in_value() -> None:
    err = error_of(claim_file("  a:", "    value: 5", "  b:", "    value: 5 furlongs"))
    assert "furlongs" in err.message
    assert err.line == 6


def test_unknown_unit_field_is_an_error() -> None:
    err = error_of(claim_file("  a:", "    value: 5", "    quote: x", "    unit: furlongs"))
    assert "furlongs" in err.message
    assert err.line is not None


@pytest.mark.parametrize(
    ("text", "line"),
    [
        (claim_file("  a:", "    value: 5", "    quote: x", "    unit: furlongs"), 6),
        (claim_file("  a:", "    value: 5", "    quote: x", "    precision: abc"), 6),
        (claim_file("  a:", "    value: 5", "    quote: x", "    tolerance: '-1'"), 6),
        (claim_file("  a:", "    value: 5元", "    quote: x", "    unit: 美元"), 6),
        ("claimcheck: 1\ndefaults:\n  unit: furlongs\nclaims:\n  a:\n    value: 5\n", 3),
    ],
)
def test_field_errors_point_at_the_field(text: str, line: int) -> None:
    assert error_of(text).line == line


def test_missing_value() -> None:
    err = error_of(claim_file("  a:", "    value: 5", "  b:", "    quote: x"))
    assert "missing" in err.message and "value" in err.message
    assert (err.line, err.column) == (5, 3)


@pytest.mark.parametrize(
    ("value", "line"),
    [("true", 4), ("", 4), ("[1]", 4), ("''", 4), ("'" + "1" * 300 + "'", 4)],
)
def test_value_that_is_not_a_figure(value: str, line: int) -> None:
    err = error_of(claim_file("  a:", f"    value: {value}"))
    assert err.line == line


def test_missing_version() -> None:
    err = error_of("claims:\n  a:\n    value: 5\n")
    assert "claimcheck: 1" in err.message
    assert (err.line, err.column) == (1, 1)


@pytest.mark.parametrize("version", ["2", "0", "one", "'2'", "[1]"])
def test_wrong_version(version: str) -> None:
    err = error_of(claim_file("  a:", "    value: 5", head=f"claimcheck: {version}\n"))
    assert err.line == 1


def test_boolean_version_is_refused() -> None:
    err = error_of(claim_file("  a:", "    value: 5", head="claimcheck: true\n"))
    assert err.line == 1


def test_not_a_mapping() -> None:
    for text in ("- 1\n", "hello\n", "[claimcheck, 1]\n"):
        err = error_of(text)
        assert err.line == 1


def test_claims_must_be_a_mapping_with_identifier_ids() -> None:
    assert error_of("claimcheck: 1\nclaims:\n  - a\n").line == 2
    assert error_of("claimcheck: 1\nclaims:\n").line == 2
    err = error_of(claim_file("  a:", "    value: 5", "  1a:", "    value: 5"))
    assert err.line == 5 and "1a" in err.message
    err = error_of(claim_file("  a:", "    value: 5", "  增长:", "    value: 5"))
    assert err.line == 5
    assert error_of("claimcheck: 1\n").line == 1  # no claims at all


def test_merge_keys_and_complex_keys_are_refused() -> None:
    err = error_of("claimcheck: 1\nd: &d {unit: 元}\nclaims:\n  a:\n    <<: *d\n    value: 5\n")
    assert err.line == 5
    err = error_of("claimcheck: 1\nclaims:\n  ? [a]\n  : {value: 5}\n")
    assert err.line == 3


def test_multiple_documents_are_refused() -> None:
    err = error_of(claim_file("  a:", "    value: 5") + "---\nfoo: 1\n")
    assert err.line == 1


# --------------------------------------------------------------------------------------------
# encodings and empty input
# --------------------------------------------------------------------------------------------


def test_non_utf8_bytes() -> None:
    err = error_of(b"claimcheck: 1\nclaims:\n  a:\n    value: \xff5\n")
    assert isinstance(err, ClaimFileError)
    assert "UTF-8" in err.message
    assert (err.line, err.column) == (4, 12)
    err = error_of("claimcheck: 1\nclaims:\n  a:\n    value: 5元\n".encode("gb18030"))
    assert err.line == 4


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_are_refused(encoding: str) -> None:
    data = claim_file("  a:", "    value: 5").encode(encoding)
    if encoding in ("utf-16-le", "utf-16-be"):
        data = ("\ufeff" + claim_file("  a:", "    value: 5")).encode(encoding)
    err = error_of(data)
    assert "UTF-" in err.message
    assert err.line == 1


def test_utf8_bom_is_accepted() -> None:
    text = claim_file("  a:", "    value: 5")
    assert loads(("\ufeff" + text).encode("utf-8")) == loads(text)
    assert loads("\ufeff" + text) == loads(text)


@pytest.mark.parametrize("text", ["", b"", "   \n\n", "\n", "# only a comment\n", b"\xef\xbb\xbf"])
def test_empty_file(text: str | bytes) -> None:
    err = error_of(text)
    assert isinstance(err, ClaimFileError)
    assert err.line == 1


# --------------------------------------------------------------------------------------------
# hostile input
# --------------------------------------------------------------------------------------------


def billion_laughs(levels: int = 9, width: int = 10) -> str:
    lines = ["claimcheck: 1", "l0: &l0 [" + ", ".join(["lol"] * width) + "]"]
    for i in range(1, levels):
        lines.append(f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * width) + "]")
    lines += ["claims:", "  a:", "    value: 5"]
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_refused_quickly() -> None:
    text = billion_laughs()
    start = time.perf_counter()
    err = error_of(text)
    elapsed = time.perf_counter() - start
    assert elapsed < 2.0
    assert isinstance(err, ClaimFileError)
    assert "alias" in err.message
    assert err.line is not None and 2 <= err.line <= 10


def test_alias_bomb_inside_claims_is_refused_quickly() -> None:
    text = (
        "claimcheck: 1\n"
        "claims:\n"
        "  a:\n"
        "    value: 5\n"
        "    tags: &t0 [x, x, x, x, x, x, x, x, x, x]\n"
        + "".join(f"  b{i}:\n    value: 5\n    tags: &t{i} [" + ", ".join([f"*t{i - 1}"] * 10) + "]\n"
                  for i in range(1, 9))
    )
    start = time.perf_counter()
    err = error_of(text)
    assert time.perf_counter() - start < 2.0
    assert err.line is not None


def test_modest_alias_use_is_fine() -> None:
    text = "claimcheck: 1\nclaims:\n  a:\n    value: 5\n    tags: &t [x, y]\n  b:\n    value: 6\n    tags: *t\n"
    cf = loads(text)
    assert cf.claims["b"].tags == ["x", "y"]


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("claimcheck: 1\nclaims: &a\n  c: *a\n", 2),
        ("claimcheck: 1\nx: &a [*a]\nclaims:\n  c:\n    value: 5\n", 2),
        ("claimcheck: 1\nx: &a {k: [1, {j: *a}]}\nclaims:\n  c:\n    value: 5\n", 2),
    ],
)
def test_recursive_alias(text: str, line: int) -> None:
    start = time.perf_counter()
    err = error_of(text)
    assert time.perf_counter() - start < 2.0
    assert err.line == line


DEEP = "claimcheck: 1\nx: " + "[" * 10000 + "]" * 10000 + "\nclaims:\n  c:\n    value: 5\n"


@pytest.fixture(scope="module")
def deep_error() -> tuple[ClaimcheckError, float]:
    start = time.perf_counter()
    with pytest.raises(ClaimcheckError) as info:
        loads(DEEP)
    return info.value, time.perf_counter() - start


def test_deep_nesting_is_refused(deep_error: tuple[ClaimcheckError, float]) -> None:
    err, elapsed = deep_error
    assert isinstance(err, ClaimFileError)
    assert "deep" in err.message
    assert elapsed < 10.0


def test_deep_nesting_error_has_a_line(deep_error: tuple[ClaimcheckError, float]) -> None:
    err, _ = deep_error
    assert err.line == 2


@pytest.mark.parametrize("depth", [65, 100, 300])
def test_moderately_deep_nesting_has_a_line(depth: int) -> None:
    err = error_of("claimcheck: 1\nx: " + "[" * depth + "]" * depth + "\nclaims:\n  c:\n    value: 5\n")
    assert "deep" in err.message
    assert err.line == 2
    err = error_of("claimcheck: 1\nx: " + "{a: " * depth + "1" + "}" * depth + "\nclaims:\n  c:\n    value: 5\n")
    assert err.line == 2


def test_deep_nesting_is_refused_before_parsing_everything() -> None:
    # 20 lines of 450-deep flow sequences: 18 kB, refused at line 2, but every line is parsed first
    text = "claimcheck: 1\n" + "".join(f"x{i}: " + "[" * 450 + "]" * 450 + "\n" for i in range(20))
    text += "claims:\n  c:\n    value: 5\n"
    start = time.perf_counter()
    err = error_of(text)
    elapsed = time.perf_counter() - start
    assert err.line == 2
    assert elapsed < 0.5, f"{elapsed:.2f} s for {len(text)} bytes"


def test_file_over_size_limit(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    text = claim_file("  a:", "    value: 5", "    quote: " + "x" * 200)
    monkeypatch.setattr(claimcheck.files.loader, "MAX_FILE_BYTES", 100)
    for given_text in (text, text.encode("utf-8")):
        err = error_of(given_text)
        assert isinstance(err, ClaimFileError) and "limit" in err.message
    path = tmp_path / "big.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ClaimFileError, match="limit") as info:
        load(path)
    assert info.value.file == str(path)
    # a file under the limit still loads
    monkeypatch.setattr(claimcheck.files.loader, "MAX_FILE_BYTES", 10_000)
    assert load(path).claims["a"].quote == "x" * 200


def test_size_limit_counts_bytes_for_text(monkeypatch: pytest.MonkeyPatch) -> None:
    text = claim_file("  a:", "    value: 5", "    quote: " + "青" * 40)  # 71 chars, 151 bytes
    assert len(text) <= 100 < len(text.encode("utf-8"))
    monkeypatch.setattr(claimcheck.files.loader, "MAX_FILE_BYTES", 100)
    with pytest.raises(ClaimFileError, match="limit"):
        loads(text.encode("utf-8"))  # refused as bytes ...
    with pytest.raises(ClaimFileError, match="limit"):
        loads(text)  # ... and must be refused as text too


def test_duplicate_anchor_is_an_error_not_a_warning() -> None:
    text = "claimcheck: 1\nx: &a 1\ny: &a 2\nclaims:\n  c:\n    value: 5\n"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        err = error_of(text)  # a warning escaping as an exception fails here
    assert err.line == 3


# --------------------------------------------------------------------------------------------
# defaults, policy and period
# --------------------------------------------------------------------------------------------


def test_defaults_applied() -> None:
    text = (
        "claimcheck: 1\n"
        "defaults:\n  unit: 元\n  qualifier: about\n  period: 2020\n  entity: Qingdao\n  tags: [trade]\n"
        "claims:\n"
        "  a:\n    value: '6200'\n"
        "  b:\n    value: 5美元\n    period: 2019\n"
        "  c:\n    value: 超5\n"
        "  d:\n    value: '6200'\n    unit: 美元\n    qualifier: exact\n    entity: Weihai\n    tags: []\n"
    )
    cf = loads(text)
    a, b, d = (cf.claims[k] for k in "abd")
    assert (a.period, a.entity, a.tags) == ("2020", "Qingdao", ["trade"])
    assert b.period == "2019"
    assert (d.entity, d.tags) == ("Weihai", [])
    ra = cf.interval("a")
    assert ra.unit_name == "yuan" and (ra.low, ra.high) == (F(6150), F(6250))  # default unit + 左右
    rb = cf.interval("b")
    assert rb.unit_name == "USD" and (rb.low, rb.high) == (F("4.5"), F("5.5"))  # written unit wins
    rc = cf.interval("c")
    assert rc.unit_name == "yuan" and (rc.low, rc.high, rc.interval.low_open) == (F(5), None, True)  # written 超 wins
    rd = cf.interval("d")
    assert rd.unit_name == "USD" and (rd.low, rd.high) == (F(6200), F(6200))


def test_default_tolerance_only_where_it_applies() -> None:
    text = "claimcheck: 1\ndefaults:\n  tolerance: 2%\nclaims:\n  a:\n    value: 6200亿元\n  b:\n    value: 超2万家\n"
    cf = loads(text)
    assert (cf.interval("a").low, cf.interval("a").high) == (F(6076 * E8), F(6324 * E8))
    assert cf.interval("b").low == 20001


def test_policy_in_file() -> None:
    text = (
        "claimcheck: 1\npolicy:\n  trailing_zeros: insignificant\n  about: 1\n  over: '1'\n  about_relative: 2%\n"
        "claims:\n  a:\n    value: 6200亿元\n  b:\n    value: 超2万家\n  c:\n    value: 1840亿元左右\n"
    )
    cf = loads(text)
    assert cf.policy == Policy(trailing_zeros="insignificant", about=1, over=1, about_relative=F(1, 50))
    assert (cf.interval("a").low, cf.interval("a").high) == (F(6150 * E8), F(6250 * E8))
    assert (cf.interval("b").low, cf.interval("b").high) == (F(20001), F(29999))
    # max(1 * 10亿, 2% of 1840亿 = 36.8亿)
    assert (cf.interval("c").low, cf.interval("c").high) == (F("1803.2") * E8, F("1876.8") * E8)


@pytest.mark.parametrize(
    ("policy", "line"),
    [("  about: abc\n", 3), ("  trailing_zeros: maybe\n", 3), ("  nearly: 1/0\n", 3), ("  about: 0.5\n  over: x\n", 4)],
)
def test_bad_policy(policy: str, line: int) -> None:
    err = error_of("claimcheck: 1\npolicy:\n" + policy + "claims:\n  a:\n    value: 5\n")
    assert err.line == line


def test_negative_policy_width_in_file() -> None:
    err = error_of("claimcheck: 1\npolicy:\n  some_more: -1\nclaims:\n  a:\n    value: 6000余\n")
    assert err.line == 3


@pytest.mark.parametrize("period", ["2020", "2020-11", "2020-12-22", "2016/2020", "2020-01/2020-06", "2020-02-29",
                                    "2020/2020", "2019-12-31/2020-01-01"])
def test_valid_periods(period: str) -> None:
    cf = loads(claim_file("  a:", "    value: 5", f"    period: {period}"))
    assert cf.claims["a"].period == period


@pytest.mark.parametrize(
    "period",
    ["2020-13", "2020-00", "2020-1", "20", "20201", "2020-12-32", "2020/2016", "2020-06/2020-01", "2020/",
     "/2020", "2020-11-5", "2020 to 2021", "2020/2021/2022", "[2020]", "true"],
)
def test_invalid_periods(period: str) -> None:
    err = error_of(claim_file("  a:", "    value: 5", "    quote: x", f"    period: {period}"))
    assert isinstance(err, ClaimFileError)
    assert err.line == 6


@pytest.mark.parametrize("period", ["2020-02-30", "2021-02-29", "2020-04-31", "2020-01-01/2020-02-30"])
def test_impossible_dates_in_period(period: str) -> None:
    err = error_of(claim_file("  a:", "    value: 5", f"    period: {period}"))
    assert err.line == 5


def test_period_of_mixed_precision() -> None:
    cf = loads(claim_file("  a:", "    value: 5", "    period: 2020-05/2020"))
    assert cf.claims["a"].period == "2020-05/2020"


# --------------------------------------------------------------------------------------------
# equality and dump
# --------------------------------------------------------------------------------------------


def test_equality_compares_data() -> None:
    a = loads(EXAMPLE, name="one.yaml")
    b = loads(EXAMPLE.replace("# what the claims come from", ""), name="two.yaml")
    assert a == b
    c = loads(EXAMPLE.replace("1586.90", "1586.9"))
    assert a != c
    assert a != "not a claim file"
    with pytest.raises(TypeError):
        hash(a)


def test_dump_round_trip_of_example() -> None:
    cf = loads(EXAMPLE)
    text = dump(cf)
    assert text.startswith("claimcheck: 1\n")
    back = loads(text)
    assert back == cf
    assert back.claims["x"].value == "1586.90"
    assert dump(back) == text


def test_dump_of_python_built_file() -> None:
    cf = ClaimFile(
        claimcheck=1,
        document=Document(title="t", published=datetime.date(2020, 1, 2)),
        claims={"a": Claim(value="1586.90", quote="null"), "b": Claim(value=5, period=2020, tags=["yes", "1e8"])},
        rules={
            "r": Rule(check="a > b"),
            "s": Rule(readings={"x": Reading(check="a == b"), "y": Reading(check="a < b")}),
        },
    )
    back = loads(dump(cf))
    assert back == cf
    assert back.claims["a"].quote == "null"
    assert back.claims["b"].value == "5" and back.claims["b"].tags == ["yes", "1e8"]


def test_dump_round_trip_keeps_next_line_character() -> None:
    cf = ClaimFile(claimcheck=1, claims={"a": Claim(value="5", quote="增长\x85左右")})
    assert loads(dump(cf)) == cf


# --------------------------------------------------------------------------------------------
# property tests (c): loads(dump(x)) == x
# --------------------------------------------------------------------------------------------

ids = st.from_regex(r"\A[A-Za-z_][A-Za-z0-9_]{0,15}\Z")
# U+0085 is left out here: it is the known round-trip bug above
texts = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x85"), max_size=30)


@st.composite
def written_figures(draw) -> tuple[str, bool, bool]:
    """(figure as written, whether it has a unit word, whether it has a qualifier)."""
    whole = draw(st.integers(0, 10**7))
    places = draw(st.integers(0, 3))
    frac = draw(st.integers(0, 10**places - 1)) if places else 0
    number = f"{whole:,}" if draw(st.booleans()) else str(whole)
    if places:
        number += "." + str(frac).rjust(places, "0")
    if draw(st.booleans()):
        number = "-" + number
    magnitude = draw(st.sampled_from(["", "", "万", "亿", " million", "bn", "万亿"]))
    unit = draw(st.sampled_from(["", "", "元", "美元", "%", "个百分点", "家", "人", "标准箱", "平方米", "天", " yuan"]))
    template = draw(st.sampled_from(["{}", "{}", "超{}", "{}左右", "约{}", "近{}", "{}以上", "{}以内", "不到{}",
                                     "about {}", "over {}", "nearly {}", "at least {}"]))
    return template.format(number + magnitude + unit), unit != "", template != "{}"


figure_list = ["6200亿元", "1586.90", "超2万家", "8%左右", "$5m", "1e8", "6000余家", "-3.4%", "两万", "近100",
               "一千八百四十亿", "５％", "170多条", "2万多", "€3bn", "0.5个百分点"]
figures = st.one_of(written_figures(), st.sampled_from(figure_list).map(lambda f: (f, True, True)))


def periods() -> st.SearchStrategy[str]:
    one = st.builds(
        lambda y, m, d: f"{y:04d}" + (f"-{m:02d}" if m else "") + (f"-{d:02d}" if m and d else ""),
        st.integers(1900, 2100), st.none() | st.integers(1, 12), st.none() | st.integers(1, 28),
    )
    span = st.tuples(st.integers(1900, 2050), st.integers(0, 50)).map(lambda t: f"{t[0]}/{t[0] + t[1]}")
    return one | span


@st.composite
def claims(draw) -> Claim:
    figure, has_unit, has_qualifier = draw(figures)
    fields: dict = {"value": figure}
    if not has_unit and draw(st.booleans()):
        fields["unit"] = draw(st.sampled_from(["元", "CNY", "USD", "%", "percent", "count", "家"]))
    for name in ("quote", "note", "entity", "metric"):
        if draw(st.booleans()):
            fields[name] = draw(texts)
    if draw(st.booleans()):
        fields["period"] = draw(periods())
    if draw(st.booleans()):
        fields["tags"] = draw(st.lists(texts, max_size=3))
    if draw(st.booleans()):
        fields["items"] = draw(st.lists(texts, max_size=3))
    if not has_qualifier and draw(st.booleans()):
        fields["qualifier"] = draw(st.sampled_from(["about", "左右", "exact", "over", "以上"]))
    return Claim(**fields)


COMPARISONS = ["==", "<=", ">=", "<", ">"]


def rules(claim_ids: list[str]) -> st.SearchStrategy[Rule]:
    """Rules whose checks compile: each compares a claim with itself (units always agree)."""
    check = st.builds(lambda a, op: f"{a} {op} {a}", st.sampled_from(claim_ids), st.sampled_from(COMPARISONS))
    plain = st.builds(lambda c, e, n: Rule(check=c, expect=e, note=n), check,
                      st.sampled_from(["consistent", "inconsistent"]), st.none() | texts)
    alternatives = st.builds(
        lambda names, checks: Rule(readings={k: Reading(check=c) for k, c in zip(names, checks, strict=False)}),
        st.lists(ids, min_size=2, max_size=3, unique=True), st.lists(check, min_size=3, max_size=3),
    )
    return plain | alternatives


documents = st.none() | st.builds(
    Document, title=st.none() | texts, publisher=st.none() | texts, language=st.sampled_from([None, "zh", "en"]),
    published=st.none() | st.dates(datetime.date(1900, 1, 1), datetime.date(2100, 12, 31)), url=st.none() | texts,
)
widths = st.sampled_from([F(1, 2), F(1), F(3, 4), F(2)])
policies = st.builds(
    Policy, trailing_zeros=st.sampled_from(["significant", "insignificant"]), about=widths,
    about_relative=st.sampled_from([F(0), F(1, 50)]), some_more=widths, nearly=widths,
    over=st.none() | widths, under=st.none() | widths,
)


@st.composite
def claim_files(draw) -> ClaimFile:
    the_claims = draw(st.dictionaries(ids, claims(), min_size=1, max_size=5))
    return ClaimFile(
        claimcheck=1,
        document=draw(documents),
        policy=draw(policies),
        claims=the_claims,
        rules=draw(st.dictionaries(ids, rules(sorted(the_claims)), max_size=3)),
    )


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(claim_files())
def test_dump_loads_round_trip(cf: ClaimFile) -> None:
    try:
        compiled(cf)  # a valid file: every figure readable under its policy, every rule compiles
    except ClaimcheckError:
        assume(False)
    text = dump(cf)
    back = loads(text)
    assert back == cf
    assert dump(back) == text
    for cid in cf.claims:
        assert back.interval(cid) == cf.interval(cid)


# --------------------------------------------------------------------------------------------
# property tests (d): loads of arbitrary input raises only ClaimcheckError
# --------------------------------------------------------------------------------------------

YAML_PIECES = [
    "claimcheck: 1\n", "claims:\n", "  a:\n", "    value: ", "5", "6200亿元", "\n", " ", "&x ", "*x", "[", "]",
    "{", "}", ",", ":", "- ", "!!str ", "!!int ", "!!float ", "!!binary ", "!!set ", "!!omap ", "!tag ", "? ",
    "<<: ", "'", '"', "#", "---\n", "...\n", "%YAML 1.1\n", "%TAG ! tag:x,2000:\n", "|\n", ">\n", "\t", "\ufeff",
    "\x00", "\x85", "\u2028", "    period: ", "2020", "2020/2016", "policy:\n  ", "about: ", "1/0", "nan",
    "rules:\n", "  r:\n", "    check: ", "readings:\n", "document:\n", "  published: ", "2020-02-30", "defaults:\n  ",
    "unit: ", "qualifier: ", "tolerance: ", "precision: ", "yes", "true", "null", "~", "1e999", "0x10", "-.inf",
]
yaml_like = st.lists(st.sampled_from(YAML_PIECES), max_size=30).map("".join)


def _loads_only_claimcheck_errors(data: str | bytes) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a reused anchor is refused (tested above)
        try:
            cf = loads(data)
        except ClaimcheckError as exc:
            assert isinstance(exc.message, str)
            str(exc)
            return
    assert isinstance(cf, ClaimFile)


@given(st.text())
def test_loads_arbitrary_text(text: str) -> None:
    _loads_only_claimcheck_errors(text)


@given(st.binary())
def test_loads_arbitrary_bytes(data: bytes) -> None:
    _loads_only_claimcheck_errors(data)


@given(yaml_like)
def test_loads_yaml_like_text(text: str) -> None:
    _loads_only_claimcheck_errors(text)
    _loads_only_claimcheck_errors(text.encode("utf-8", "surrogatepass"))


@given(st.from_regex(r"\Aclaimcheck: 1\nclaims:\n  [a-z]{1,3}:\n    value: [^\n]{0,30}\n\Z"))
def test_loads_one_claim_with_arbitrary_value(text: str) -> None:
    _loads_only_claimcheck_errors(text)


@settings(max_examples=60, deadline=None)
@given(
    st.integers(2, 12), st.data(),
    st.sampled_from([">-", ">", "|", "plain", "'", '"']),
)
def test_errors_in_a_check_written_over_several_lines_point_at_the_right_line(
    terms: int, data: st.DataObject, style: str
) -> None:
    """A long sum folded over lines: the unknown name is located where it is written."""
    names = [f"c{i}" for i in range(terms)]
    bad = data.draw(st.integers(0, terms - 1))
    names[bad] = "zz"
    words = " + ".join(names).split(" ")
    breaks = data.draw(st.lists(st.booleans(), min_size=len(words) - 1, max_size=len(words) - 1))
    lines, current = [], [words[0]]
    for word, brk in zip(words[1:], breaks, strict=True):
        if brk:
            lines.append(" ".join(current))
            current = [word]
        else:
            current.append(word)
    lines.append(" ".join(current))
    rest = lines[1:]
    if style in (">-", ">", "|"):
        check = f"    check: {style}\n" + "".join(f"      {x}\n" for x in [lines[0], *rest]) + "      == total\n"
    else:
        q = "" if style == "plain" else style
        parts = [*lines, "== total"]
        check = f"    check: {q}{parts[0]}\n" + "".join(f"      {x}\n" for x in parts[1:-1]) + f"      {parts[-1]}{q}\n"
    claims = "".join(f"  c{i}: {{value: '1'}}\n" for i in range(terms))
    text = f"claimcheck: 1\nclaims:\n{claims}  total: {{value: '{terms}'}}\nrules:\n  r:\n{check}"
    with pytest.raises(ClaimcheckError) as info:
        compiled(loads(text, name="f.yaml"))
    assert "unknown claim 'zz'" in info.value.message
    line, column = info.value.line, info.value.column
    assert line is not None and column is not None
    written = text.splitlines()[line - 1]
    assert written[column - 1:column + 1] == "zz", (text, line, column)


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("claimcheck: 1\nclaims:\n  a: {value: ''}\n", 3, "claims.a.value: empty; write the figure here"),
        ("claimcheck: 1\nclaims:\n  a: {value: }\n", 3, "claims.a.value: empty; write the figure here"),
        ("claimcheck: 1\nclaims:\n  a: {value: '5'}\nrules:\n  r: {check: ''}\n", 5,
         "rules.r.check: empty; write the check here"),
        ("claimcheck: 1\nclaims:\n  a: {value: [1]}\n", 3, "claims.a.value: expected text, got list"),
        ("claimcheck: 1\nclaims:\n\ta: {value: 5}\n", 3, "a tab: YAML is indented with spaces only"),
    ],
)
def test_messages_for_empty_values_wrong_types_and_tabs(text: str, line: int, message: str) -> None:
    with pytest.raises(ClaimcheckError) as info:
        loads(text, name="f.yaml")
    assert message in info.value.message and info.value.line == line
