"""Reliability findings of the second hostile-input campaign: each case fails on the code before
its fix. False verdicts, crashes, hangs (bounded by a timeout here), data safety and messages."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import claimcheck
from claimcheck import Claim, ClaimcheckError, Verdict
from claimcheck.cli import main
from claimcheck.exact import arith
from claimcheck.exact.arith import Iv, Q

#: Seconds a case that used to hang may take here (they take 1-4 s on this machine).
HANG_LIMIT = 60


def claim_file(claims: dict[str, str], rules: dict[str, str]) -> str:
    lines = ["claimcheck: 1", "claims:"]
    lines += [f"  {cid}: {{value: {json.dumps(v, ensure_ascii=False)}}}" for cid, v in claims.items()]
    lines += ["rules:"] + [f"  {rid}: {{check: {json.dumps(c, ensure_ascii=False)}}}" for rid, c in rules.items()]
    return "\n".join(lines) + "\n"


def verdicts(text: str) -> dict[str, Verdict]:
    report = claimcheck.verify(claimcheck.loads(text, name="t.yaml"))
    return {r.id: r.verdict for r in report.files[0].rules}


def run_cli(*args: str, cwd: Path | None = None, timeout: float = HANG_LIMIT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(Path(sys.executable).with_name("claimcheck")), *args],
                          capture_output=True, text=True, cwd=cwd, timeout=timeout, check=False)


# ------------------------------------------------------------------ wrong verdicts


@pytest.mark.parametrize("cid", ["_lit0_", "_lit1_", "__lit0_"])
def test_a_claim_id_never_collides_with_a_literal_placeholder(cid: str) -> None:
    text = claim_file({cid: "6亿元", "a": "5亿元"}, {"r": f"a + 1亿元 == {cid}"})
    assert verdicts(text) == {"r": Verdict.CONSISTENT}


@given(st.from_regex(r"_{0,3}lit[0-9]{1,2}_{0,2}", fullmatch=True))
@settings(max_examples=40, deadline=None)
def test_no_identifier_is_taken_for_a_placeholder(cid: str) -> None:
    from claimcheck.rules.expressions import parse
    from claimcheck.rules.nodes import BinOp, Literal, Name

    left = parse(f"{cid} + 1亿元 == 6亿元").operands[0]
    assert isinstance(left, BinOp)
    assert isinstance(left.left, Name) and left.left.id == cid
    assert isinstance(left.right, Literal)


@pytest.mark.parametrize("written", ["3²", "10²亿元", "2⁵%", "½亿元", "①", "Ⅻ", "٣", "6٢0০", "३०", "廿"])
def test_numerals_that_are_not_read_are_refused_not_misread(written: str) -> None:
    with pytest.raises(ClaimcheckError, match="does not read"):
        claimcheck.reported(written)


def test_a_superscript_claim_is_not_read_as_32() -> None:
    with pytest.raises(ClaimcheckError, match="superscript two"):
        claimcheck.loads(claim_file({"a": "3²"}, {"r": "a == 9"}))


@pytest.mark.parametrize(("written", "value"), [
    ("６２００亿元", 620_000_000_000), ("８％", Fraction(8)), ("6\u00a0200亿元", 620_000_000_000),
    ("6\u2009200\u2009000元", 6_200_000), ("6\u202f200万", 62_000_000), ("100万m²", 1_000_000), ("5km²", 5),
    ("￥5元", None),
])
def test_safe_normalisation_keeps_full_width_forms_and_grouping_spaces(written: str, value: object) -> None:
    if value is None:
        with pytest.raises(ClaimcheckError, match="ambiguous"):
            claimcheck.reported(written)
        return
    r = claimcheck.reported(written)
    assert r.value == value


def test_a_space_inside_a_number_is_named() -> None:
    with pytest.raises(ClaimcheckError, match="a space inside the number"):
        claimcheck.reported("6 200亿元")


@given(st.characters(categories=["Nd", "No", "Nl"]).filter(lambda c: not c.isascii()))
@settings(max_examples=200, deadline=None)
def test_no_numeral_outside_ascii_and_chinese_is_read_silently(ch: str) -> None:
    """Any character with a numeric value other than 0-9 (after full-width forms are made ASCII)
    and the Chinese numerals is refused, wherever it stands in the figure."""
    if "\uff10" <= ch <= "\uff19" or ch in "〇":
        return  # full-width digits are read as ASCII; 〇 is a Chinese zero
    for written in (f"{ch}", f"1{ch}", f"{ch}亿元", f"5{ch}0%"):
        with pytest.raises(ClaimcheckError):
            claimcheck.reported(written)


def test_the_api_verifies_a_changed_file_as_changed() -> None:
    cf = claimcheck.loads(claim_file({"a": "5亿元", "b": "6亿元"}, {"r": "a + 1亿元 == b"}))
    assert claimcheck.verify(cf).files[0].rules[0].verdict == Verdict.CONSISTENT
    with pytest.raises(Exception, match="frozen"):
        cf.claims["b"].value = "9亿元"  # type: ignore[misc]
    cf.claims["b"] = Claim(value="9亿元")
    assert claimcheck.verify(cf).files[0].rules[0].verdict == Verdict.INCONSISTENT
    copy = cf.model_copy(update={"claims": {**cf.claims, "b": Claim(value="6亿元")}})
    assert claimcheck.verify(copy).files[0].rules[0].verdict == Verdict.CONSISTENT
    assert claimcheck.verify(cf).files[0].rules[0].verdict == Verdict.INCONSISTENT
    from claimcheck.files.model import Rule

    cf.rules["r"] = Rule(check="a + 4亿元 == b")
    assert claimcheck.verify(cf).files[0].rules[0].verdict == Verdict.CONSISTENT


# ------------------------------------------------------------------ crashes and hangs


def test_bounds_beyond_4300_digits_are_rendered_with_an_exponent() -> None:
    text = claim_file({"a": "超过1", "b": "2", "c": "1"}, {"r": "cagr(a, b, years=5) > growth(a + b, c)"})
    report = claimcheck.verify(claimcheck.loads(text))
    rule = report.files[0].rules[0]
    assert rule.verdict == Verdict.INCONSISTENT
    json.loads(report.model_dump_json())
    assert all(len(b.low or "") < 40 and len(b.high or "") < 40 for b in rule.implied)


@given(st.integers(1, 10**6000), st.integers(1, 10**6000), st.booleans())
@settings(max_examples=100, deadline=None)
def test_outward_rendering_encloses_at_every_magnitude(a: int, d: int, up: bool) -> None:
    from decimal import Decimal, localcontext

    from claimcheck.figures.intervals import decimal_exponent, outward_decimal_string

    x = Fraction(a, d)
    e = decimal_exponent(a, d)
    assert Fraction(10) ** e <= x < Fraction(10) ** (e + 1)
    shown = outward_decimal_string(x, up=up, digits=12)
    assert len(shown) < 60
    with localcontext() as ctx:
        ctx.prec, ctx.Emax, ctx.Emin = 60, 10**7, -(10**7)
        value = Fraction(Decimal(shown))
    assert (value >= x) if up else (value <= x)


@pytest.mark.parametrize(("claims", "check"), [
    ({"l0": "超过87595亿元", "l1": "850761624亿元", "l2": "两亿元"},
     "cagr(l0, l1, years=5) > growth(max(l0, difference(l1, l1)) + sum(l1, l1, l2) - l2 + l0, l2)"),
    ({"l0": "百", "l1": "7862"}, "share(l0, l1 + l1) < cagr(l1, l0, years=10)"),
    ({"a": "1.5", "b": "3"}, "(" * 8 + "a" + ")**12" * 8 + " == b"),
    ({"a": "5", "b": "3", "c": "7"}, " * ".join(["(a - b)"] * 99) + " == c"),
])
def test_cases_that_hung_or_exhausted_memory_finish(claims: dict[str, str], check: str) -> None:
    path = Path(os.environ.get("TMPDIR", "/tmp")) / f"claimcheck-hang-{abs(hash(check))}.yaml"
    path.write_text(claim_file(claims, {"r": check}), "utf-8")
    try:
        result = run_cli("verify", "-q", "--format", "json", str(path))
    finally:
        path.unlink()
    assert result.returncode in (0, 1), result.stderr
    json.loads(result.stdout)


def test_the_size_budget_keeps_numbers_small_and_enclosing() -> None:
    huge = Q(3) ** 20000
    iv = arith.mul(Iv(huge, huge + 1), Iv(huge, huge))
    assert iv.lo <= huge * huge and (isinstance(iv.hi, float) or iv.hi >= (huge + 1) * huge)
    p = arith.power(Iv(Q(3, 2), Q(5, 2)), 12**6)
    # (3/2) ** 12**6 is far beyond 2**4096: the nearest ends that still enclose it
    assert p is not None and p.lo == Q(2) ** arith.MAX_MAGNITUDE_BITS and p.hi == arith.INF
    tiny = arith.power(Iv(Q(1, 10**3), Q(1, 10**2)), 5000)
    assert tiny is not None and tiny.lo == 0 and 0 < tiny.hi <= Q(1, 2**arith.MAX_MAGNITUDE_BITS)


@given(st.fractions(min_value=-10**6, max_value=10**6), st.fractions(min_value=Fraction(1, 10), max_value=10),
       st.integers(1, 400))
@settings(max_examples=60, deadline=None)
def test_powers_within_the_budget_enclose_the_exact_power(x: Fraction, w: Fraction, n: int) -> None:
    lo, hi = Q(x), Q(x + w)
    p = arith.power(Iv(lo, hi), n)
    assert p is not None
    for point in (lo, hi, (lo + hi) / 2):
        assert p.lo <= point**n <= p.hi


@pytest.mark.parametrize(("check", "message"), [
    ("a" + " * a" * 1000 + " == b", "a product of more than 100 factors"),
    ("a" + "*a" * 6000 + " == b", "a product of more than 100 factors"),
    ("a" + " + a" * 1500 + " == b", "a sum of more than 1000 terms"),
    ("a == " + "9" * 5000, "a number of 5000 digits is too long"),
])
def test_long_rules_are_refused_with_the_limit(check: str, message: str) -> None:
    with pytest.raises(ClaimcheckError, match=message):
        claimcheck.loads(claim_file({"a": "2", "b": "3"}, {"r": check}))


def test_an_alias_budget_counts_characters() -> None:
    note = "x" * 100_000
    lines = ["claimcheck: 1", "claims:", "  a: {value: '1'}", "rules:", f"  r0: {{check: 'a == 1', note: &n {note}}}"]
    lines += [f"  r{i}: {{check: 'a == 1', note: *n}}" for i in range(1, 3000)]
    with pytest.raises(ClaimcheckError, match="alias bomb"):
        claimcheck.loads("\n".join(lines) + "\n")


# ------------------------------------------------------------------ paths and data safety


@pytest.fixture
def example(tmp_path: Path) -> Path:
    path = tmp_path / "ok.yaml"
    path.write_text(claim_file({"a": "5亿元", "b": "6亿元"}, {"r": "a + 1亿元 == b"}), "utf-8")
    return path


def test_a_symlink_loop_a_fifo_and_a_directory_are_input_errors(tmp_path: Path) -> None:
    (tmp_path / "loop1").symlink_to(tmp_path / "loop2")
    (tmp_path / "loop2").symlink_to(tmp_path / "loop1")
    os.mkfifo(tmp_path / "fifo.yaml")
    for name, message in (("loop1", "symbolic links"), ("fifo.yaml", "it is a FIFO")):
        result = run_cli("verify", str(tmp_path / name), timeout=30)
        assert result.returncode == 2, result.stderr
        assert message in result.stderr and "internal error" not in result.stderr


def test_a_file_name_that_is_not_utf8_gives_a_json_report(example: Path) -> None:
    odd = os.fsencode(example.parent) + b"/bad\xff.yaml"
    os.link(example, odd)
    result = subprocess.run([str(Path(sys.executable).with_name("claimcheck")), "verify", "--format", "json", odd],
                            capture_output=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["files"][0]["path"].endswith("bad\ufffd.yaml")


def test_an_empty_path_is_an_error_not_the_current_directory(example: Path) -> None:
    result = CliRunner().invoke(main, ["verify", ""])
    assert result.exit_code == 2
    assert "an empty path" in result.output


def test_a_dangling_symlink_in_a_directory_is_reported(example: Path) -> None:
    (example.parent / "gone.yaml").symlink_to(example.parent / "nothing.yaml")
    result = CliRunner().invoke(main, ["verify", str(example.parent)])
    assert result.exit_code == 2
    assert "gone.yaml: a symbolic link to nothing" in result.output


def test_output_over_an_input_is_refused_and_the_input_kept(example: Path) -> None:
    before = example.read_bytes()
    result = CliRunner().invoke(main, ["verify", str(example), "-o", f"json:{example}"])
    assert result.exit_code == 2
    assert "would overwrite a claim file" in result.output
    assert example.read_bytes() == before


def test_output_is_written_whole_or_not_at_all(example: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = example.parent / "report.json"
    target.write_text("the previous report", "utf-8")
    import claimcheck.cli.app as cli

    def failing_replace(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(cli.os, "replace", failing_replace)
    result = CliRunner().invoke(main, ["verify", str(example), "-o", f"json:{target}"])
    assert result.exit_code == 2
    assert target.read_text("utf-8") == "the previous report"
    assert [p.name for p in example.parent.iterdir() if p.name.endswith(".tmp")] == []
    monkeypatch.undo()
    result = CliRunner().invoke(main, ["verify", str(example), "-o", f"json:{target}"])
    assert result.exit_code == 0
    assert json.loads(target.read_text("utf-8"))["ok"] is True


# ------------------------------------------------------------------ messages


@pytest.mark.parametrize(("text", "message", "where"), [
    ("claimcheck: 1\nclaims:\n  " + "a" * 100_000 + ": {value: '1'}\n", "a key of 100000 characters is too long",
     (3, 3)),
    ("claimcheck: 1\nclaims:\n  a: {value: '1\x01'}\n", "control characters", (3, 16)),
    ("claimcheck: 1\nclaims:\n  a: {value: '" + "9" * 1_000_000 + "'}\n", "a figure of 1000000 characters is too long",
     (3, 7)),
])
def test_messages_name_the_real_problem_and_its_column(text: str, message: str, where: tuple[int, int]) -> None:
    with pytest.raises(ClaimcheckError, match=message) as info:
        claimcheck.loads(text)
    assert (info.value.line, info.value.column) == where


def test_problems_of_meaning_are_reported_together() -> None:
    text = claim_file({"a": "5亿元", "b": "5亿美元", "c": "6亿啊", "d": "3²"}, {"r1": "a + b == 10亿元"})
    with pytest.raises(ClaimcheckError) as info:
        claimcheck.loads(text)
    assert info.value.problems is not None
    assert [p.line for p in info.value.problems] == [5, 6]
    text = claim_file({"a": "5亿元", "b": "5亿美元"}, {"r1": "a + b == 10亿元", "r2": "a + x == 1", "r3": "a + e == 1"})
    with pytest.raises(ClaimcheckError) as info:
        claimcheck.loads(text)
    messages = [p.message for p in info.value.problems or []]
    assert len(messages) == 3 and "units differ" in messages[0] and "'x'" in messages[1] and "'e'" in messages[2]


def test_the_fuzz_target_runs_and_reports(tmp_path: Path) -> None:
    """The CI fuzz target (scripts/fuzz.py) works: a short run feeds inputs through the whole
    pipeline and finds nothing."""
    script = Path(__file__).resolve().parents[1] / "scripts" / "fuzz.py"
    result = subprocess.run([sys.executable, str(script), "--seconds", "3", "--seed", "3", "--out", str(tmp_path)],
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    assert "0 findings" in result.stdout and " inputs in " in result.stdout


# ------------------------------------------------------------------ findings of the review of these fixes


ONE_PLUS = "1." + "0" * 76 + "1"


@pytest.mark.parametrize(("claims", "check"), [
    # the size budget rounds these products outward: the rounded range must not pass for the exact one
    ({"x": ONE_PLUS, "y": ONE_PLUS}, "(x * y) ** 12 == 1"),
    ({f"p{i}": ONE_PLUS for i in range(16)}, " * ".join(f"p{i}" for i in range(16)) + " == 1"),
    ({"x": "1e-60", "y": "1e-60"}, "x ** 12 * y ** 12 <= 0"),
])
def test_rounding_to_the_size_budget_never_proves_consistency(claims: dict[str, str], check: str) -> None:
    text = claim_file(claims, {"r": check})
    assert verdicts(text) == {"r": Verdict.INCONSISTENT}


def test_figures_beyond_binary_floats_get_a_verdict() -> None:
    text = claim_file({"x": "1" + "亿" * 40, "y": "2"}, {"r": "x * y == 5", "c": "cagr(x, y, years=12) > 0"})
    result = verdicts(text)
    assert result["r"] == Verdict.INCONSISTENT


def test_changes_inside_recorded_conflicts_and_the_header_are_seen() -> None:
    from claimcheck.files.model import Document

    text = ("claimcheck: 1\nclaims:\n  a: {value: '5'}\n  b: {value: '6'}\nrules:\n  lead1: {check: 'a > b'}\n"
            "  lead2: {check: 'a < b'}\nconflicts:\n  - rules: [lead1, lead2]\n")
    cf = claimcheck.loads(text)
    cf.conflicts[0].rules[1] = "nonexistent"
    with pytest.raises(ClaimcheckError, match="nonexistent"):
        claimcheck.verify(cf)
    cf2 = claimcheck.loads(text)
    titled = cf2.model_copy(update={"document": Document(title="New")})
    assert claimcheck.verify(titled).files[0].title == "New"
    cf2.claims["a"] = Claim(value="7")
    assert cf2.interval("a").value == 7


def test_output_to_a_pipe_or_a_device_is_written_through(example: Path) -> None:
    result = CliRunner().invoke(main, ["verify", str(example), "-q", "-o", "json:/dev/null"])
    assert result.exit_code == 0
    assert Path("/dev/null").exists() and not Path("/dev/null").is_file()
    link = example.parent / "out.json"
    target = example.parent / "real.json"
    target.write_text("old", "utf-8")
    link.symlink_to(target)
    assert CliRunner().invoke(main, ["verify", str(example), "-q", "-o", f"json:{link}"]).exit_code == 0
    assert link.is_symlink() and json.loads(target.read_text("utf-8"))["ok"] is True


@pytest.mark.parametrize(("written", "message"), [
    ("5萬元", "traditional, financial or old form"), ("6\u200b200", "invisible character"),
])
def test_messages_for_other_numerals_and_invisible_characters(written: str, message: str) -> None:
    with pytest.raises(ClaimcheckError, match=message):
        claimcheck.reported(written)


def test_spaces_between_decimal_groups_are_read() -> None:
    assert claimcheck.reported("3.141\u2009592").value == Fraction(3141592, 10**6)


@pytest.mark.parametrize(("check", "message"), [
    ("ᵃ == 25", "unexpected 'ᵃ'"), ("ｘ２ == 3", "unexpected 'ｘ'"), ("a ≤ 5", "write <="),
])
def test_rule_names_are_not_folded_by_python(check: str, message: str) -> None:
    with pytest.raises(ClaimcheckError, match=message):
        claimcheck.loads(claim_file({"a": "5", "x2": "3"}, {"r": check}))


def test_a_no_break_space_in_a_check_is_a_space() -> None:
    assert verdicts(claim_file({"a": "5"}, {"r": "a == 5\u00a0"})) == {"r": Verdict.CONSISTENT}


def test_claim_bounds_far_from_one_are_written_with_an_exponent() -> None:
    report = claimcheck.verify(claimcheck.loads(claim_file({"x": "1e-60"}, {"r": "x > 0"})))
    claim = report.files[0].claims[0]
    assert claim.low == "5e-61" and claim.high == "1.5e-60"
