"""Tables: the rules of a table check file over every row, on polars, DuckDB, Dask and the
reference engine, which must all agree; validate's published counts reproduced."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import claimcheck
from claimcheck.cli import main
from claimcheck.errors import ClaimcheckError
from claimcheck.tables.run import check_table

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data" / "validate"
ENGINES = ["polars", "duckdb", "dask", "python"]

needs_data = pytest.mark.skipif(not (SHARED / "SBS2000.csv").exists(), reason=f"validate's data not at {SHARED}")


def counts(report: claimcheck.TableReport) -> dict[str, tuple[int, int, int, int]]:
    return {r.rule: (r.items, r.passes, r.fails, r.na) for r in report.rules}


# ---------------------------------------------------------------- validate's figures

JSS = {"st": (60, 54, 0, 6), "to": (60, 56, 0, 4), "or": (60, 23, 1, 36), "st_cs": (60, 50, 0, 10),
       "bl": (60, 19, 4, 37), "mn": (1, 1, 0, 0)}
COOKBOOK = {"costs_balance": (60, 39, 14, 7), "revenue_balance": (60, 19, 4, 37), "profit_share": (60, 49, 6, 5),
            "staff_costs": (60, 50, 0, 10), "id_complete": (60, 60, 0, 0), "id_turnover_complete": (60, 56, 4, 0),
            "id_turnover_profit_complete": (60, 52, 8, 0), "turnover_outlier": (60, 53, 3, 4)}


@needs_data
@pytest.mark.parametrize("engine", ENGINES)
def test_validates_published_counts_are_reproduced(engine: str) -> None:
    examples = ROOT / "claims" / "examples"
    assert counts(check_table(examples / "validate_retailers.table.yaml", engine=engine)) == JSS
    assert counts(check_table(examples / "validate_sbs2000.table.yaml", engine=engine)) == COOKBOOK


@needs_data
def test_rounding_aware_counts_differ_where_rounding_explains_it() -> None:
    """Under rounding semantics, 5 rows whose costs are off by 1 thousand euros pass (three integer
    figures each ±0.5), and 5 rows with a staff of 1 (so maybe 0.5) and no staff costs pass the
    conditional; every other count is validate's."""
    found = counts(check_table(ROOT / "claims" / "examples" / "validate_sbs2000.table.yaml", semantics="rounding"))
    assert found["costs_balance"] == (60, 44, 9, 7) and found["staff_costs"] == (60, 55, 0, 5)
    assert {k: v for k, v in found.items() if k not in ("costs_balance", "staff_costs")} == {
        k: v for k, v in COOKBOOK.items() if k not in ("costs_balance", "staff_costs")}


# ---------------------------------------------------------------- engines agree, and are exact

def write(tmp: Path, frame: pl.DataFrame, rules: dict[str, str], semantics: str = "rounding",
          extra: str = "") -> Path:
    frame.write_csv(tmp / "t.csv", null_value="NA")
    rule_lines = "\n".join(f"  {rid}: {{check: {json.dumps(check)}}}" for rid, check in rules.items())
    path = tmp / "t.table.yaml"
    path.write_text(f"claimcheck: 1\ntable: {{path: t.csv, key: [id]}}\nsemantics: {semantics}\n{extra}"
                    f"rules:\n{rule_lines}\n", "utf-8")
    return path


RULES = {
    "balance": "a + b == c", "order": "a <= 2 * b", "strict": "c - a > 0.5", "cond": "a > 1 implies c >= b",
    "group": "a <= 3 * median(a) by g", "total": "a + b <= sum(c) by g", "whole": "mean(c) >= 0",
    "keys": "is_unique(id)", "full": "is_complete(a, c)", "minimum": "b >= min(b) by g",
    "ratio": "a / b <= 3", "product": "a * b >= c - 1",
}

cells = st.one_of(st.none(), st.decimals(-50, 50, places=2, allow_nan=False).map(str),
                  st.integers(-50, 50).map(str), st.decimals(-5, 5, places=1, allow_nan=False).map(str))


@st.composite
def tables(draw: st.DrawFn) -> pl.DataFrame:
    n = draw(st.integers(1, 12))
    return pl.DataFrame({
        "id": [f"r{draw(st.integers(0, 15))}" for _ in range(n)],
        "g": [draw(st.sampled_from(["x", "y"])) for _ in range(n)],
        "a": [draw(cells) for _ in range(n)], "b": [draw(cells) for _ in range(n)],
        "c": [draw(cells) for _ in range(n)],
    }, schema={"id": pl.String, "g": pl.String, "a": pl.String, "b": pl.String, "c": pl.String})


@given(tables(), st.sampled_from(["rounding", "validate"]))
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_every_engine_gives_the_reference_counts_and_rows(tmp_path: Path, frame: pl.DataFrame,
                                                          semantics: str) -> None:
    path = write(tmp_path, frame, RULES, semantics)
    reference = check_table(path, engine="python")
    for engine in ("polars", "duckdb"):
        assert check_table(path, engine=engine).rules == reference.rules, engine


@given(tables())
@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_dask_gives_the_reference_counts_and_rows(tmp_path: Path, frame: pl.DataFrame) -> None:
    path = write(tmp_path, frame, RULES)
    assert check_table(path, engine="dask").rules == check_table(path, engine="python").rules


@given(st.lists(st.tuples(st.decimals(-1000, 1000, places=4, allow_nan=False),
                          st.decimals(-1000, 1000, places=4, allow_nan=False)), min_size=1, max_size=10),
       st.integers(0, 3))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_rounded_cells_of_true_values_never_fail(tmp_path: Path, pairs: list[tuple[Decimal, Decimal]],
                                                  places: int) -> None:
    """Soundness: when the true values satisfy a + b == c and a <= c - b + 0 and each cell is its
    true value rounded to `places` decimals, no row fails (no false alarm)."""
    q = Decimal(1).scaleb(-places)
    rows = [(str(a.quantize(q)), str(b.quantize(q)), str((a + b).quantize(q))) for a, b in pairs]
    frame = pl.DataFrame({"id": [f"r{i}" for i in range(len(rows))], "g": ["x"] * len(rows),
                          "a": [r[0] for r in rows], "b": [r[1] for r in rows], "c": [r[2] for r in rows]})
    path = write(tmp_path, frame, {"balance": "a + b == c", "order": "a + b <= c", "other": "c - b >= a"})
    for engine in ("polars", "duckdb", "python"):
        assert all(r.fails == 0 for r in check_table(path, engine=engine).rules), engine


def test_exact_decimals_hold_where_floats_would_not(tmp_path: Path) -> None:
    frame = pl.DataFrame({"id": ["r1"], "g": ["x"], "a": ["0.1"], "b": ["0.2"], "c": ["0.3"]})
    path = write(tmp_path, frame, {"sum": "a + b == c"}, "validate", 'tolerance: "0"\n')
    for engine in ENGINES:
        assert counts(check_table(path, engine=engine))["sum"] == (1, 1, 0, 0), engine


def test_products_and_quotients_are_decided_exactly_near_the_edge(tmp_path: Path) -> None:
    frame = pl.DataFrame({"id": ["r1", "r2", "r3", "r4"], "g": ["x"] * 4, "a": ["1", "1", "5", "2"],
                          "b": ["3", "0", "2", "4"], "c": ["0.3333333333", "1", "2.5", "0.5"]})
    path = write(tmp_path, frame, {"third": "a / b == c"}, "validate")
    for engine in ENGINES:
        report = check_table(path, engine=engine)
        # 1/3 is not 0.3333333333 (floats would call it equal); 1/0 has no value; 5/2 and 2/4 hold
        assert counts(report)["third"] == (4, 2, 1, 1), engine
        assert [f.row for f in report.rules[0].failing] == [1], engine
    path = write(tmp_path, frame, {"third": "a / b == c"})
    assert counts(check_table(path))["third"] == (4, 4, 0, 0)  # rounded: 1/3 within ±0.5 each; 1/(0±0.5) unbounded


def test_a_frame_can_be_given_instead_of_a_file(tmp_path: Path) -> None:
    frame = pl.DataFrame({"id": ["r1", "r2"], "g": ["x", "x"], "a": ["1", "5"], "b": ["2", "1"], "c": ["3", "9"]})
    path = write(tmp_path, frame, {"sum": "a + b == c"})
    for given_frame in (frame, frame.to_pandas()):
        report = claimcheck.check_table(path, frame=given_frame)
        assert counts(report)["sum"] == (2, 1, 1, 0)
        assert report.rules[0].failing[0].key == {"id": "r2"}


# ---------------------------------------------------------------- bad input

def test_bad_input_is_located_and_refused(tmp_path: Path) -> None:
    frame = pl.DataFrame({"id": ["r1", "r2"], "g": ["x", "x"], "a": ["1", "1,5"], "b": ["2", "1"],
                          "c": ["3", "7"]})
    path = write(tmp_path, frame, {"sum": "a + b == c"})
    with pytest.raises(ClaimcheckError, match=r"column 'a', row 2: '1,5' is not a number"):
        check_table(path)
    path = write(tmp_path, frame, {"sum": "a + bb == c", "curve": "a ** 2 == c"})
    with pytest.raises(ClaimcheckError) as error:
        check_table(path)
    text = "\n".join(str(p) for p in error.value.problems or [error.value])
    assert "unknown column 'bb' (did you mean 'b'?)" in text and "uses + - * / of columns" in text
    assert "t.table.yaml:5:" in text and "t.table.yaml:6:" in text
    result = CliRunner().invoke(main, ["table", str(path)])
    assert result.exit_code == 2 and "Traceback" not in result.output


# ---------------------------------------------------------------- the command, its formats, and diff

def test_the_command_writes_every_format_and_names_the_rows(tmp_path: Path) -> None:
    frame = pl.DataFrame({"id": ["r1", "r2"], "g": ["x", "x"], "a": ["1", "5"], "b": ["2", "1"], "c": ["3", "9"]})
    path = write(tmp_path, frame, {"sum": "a + b == c"})
    result = CliRunner().invoke(main, ["table", str(path), "-o", f"json:{tmp_path / 'r.json'}",
                                       "-o", f"junit:{tmp_path / 'r.xml'}", "-o", f"sarif:{tmp_path / 'r.sarif'}"])
    assert result.exit_code == 1 and "id=r2" in result.output
    data = json.loads((tmp_path / "r.json").read_text("utf-8"))
    assert data["rules"][0]["fails"] == 1 and data["rules"][0]["failing"][0]["key"] == {"id": "r2"}
    assert "id=r2" in (tmp_path / "r.xml").read_text("utf-8")
    assert "id=r2" in (tmp_path / "r.sarif").read_text("utf-8")
    failing = data["rules"][0]["failing"][0]
    assert failing["slack"] == "2" and failing["suspects"][0].startswith("a would need [7, 9]")
    github = CliRunner().invoke(main, ["table", str(path), "-f", "github"])
    assert github.output.startswith("::error file=") and "id=r2" in github.output


def test_two_versions_of_a_table_differ_by_the_rows_whose_verdict_changed(tmp_path: Path) -> None:
    old = pl.DataFrame({"id": ["r1", "r2", "r3"], "g": ["x"] * 3, "a": ["1", "5", "2"], "b": ["2", "1", "2"],
                        "c": ["3", "9", "4"]})
    path = write(tmp_path, old, {"sum": "a + b == c"})
    old.write_csv(tmp_path / "old.csv", null_value="NA")
    new = old.with_columns(pl.Series("c", ["6", "6", "4"]))
    new.write_csv(tmp_path / "t.csv", null_value="NA")
    result = CliRunner().invoke(main, ["table", str(path), "--compare", str(tmp_path / "old.csv")])
    assert result.exit_code == 1
    assert "sum [id=r1]: pass -> fail" in result.output and "sum [id=r2]: fail -> pass" in result.output
    assert "1 new failures" in result.output


def test_review_findings(tmp_path: Path) -> None:
    # a missing group value is a group of its own on every engine
    frame = pl.DataFrame({"id": ["1", "2", "3", "4", "5"], "g": ["x", None, None, "x", None],
                          "a": ["1", "2", "30", "4", "5"], "b": ["1"] * 5, "c": ["1"] * 5})
    path = write(tmp_path, frame, {"med": "a <= 3 * median(a) by g"}, "validate")
    found = {engine: counts(check_table(path, engine=engine))["med"] for engine in ENGINES}
    assert len(set(found.values())) == 1 and found["python"] == (5, 4, 1, 0)
    # no rows at all
    empty = frame.head(0)
    path = write(tmp_path, empty, {"sum": "a + b == c"})
    assert {engine: counts(check_table(path, engine=engine))["sum"] for engine in ENGINES} == dict.fromkeys(
        ENGINES, (0, 0, 0, 0))
    # too large for 64-bit integers: refused with a message (exit 2), exact on the python engine
    big = pl.DataFrame({"id": ["1"], "g": ["x"], "a": ["0.123456789012"], "b": ["1000000000000000"], "c": ["1"]})
    path = write(tmp_path, big, {"sum": "a + b >= c"}, "validate")
    result = CliRunner().invoke(main, ["table", str(path)])
    assert result.exit_code == 2 and "python engine" in result.output
    assert counts(check_table(path, engine="python"))["sum"] == (1, 1, 0, 0)
    # a bad tolerance and a chain are located errors
    path = write(tmp_path, frame, {"chain": "b <= c <= 10"}, "validate", "tolerance: abc\n")
    result = CliRunner().invoke(main, ["table", str(path)])
    assert result.exit_code == 2 and "tolerance" in result.output
    path = write(tmp_path, frame, {"chain": "b <= c <= 10"})
    result = CliRunner().invoke(main, ["table", str(path)])
    assert result.exit_code == 2 and "compares once" in result.output


def test_compare_refuses_repeated_keys_and_bad_cells(tmp_path: Path) -> None:
    frame = pl.DataFrame({"id": ["1", "2", "2"], "g": ["x"] * 3, "a": ["1", "2", "3"], "b": ["1"] * 3,
                          "c": ["2", "3", "4"]})
    path = write(tmp_path, frame, {"sum": "a + b == c"})
    frame.write_csv(tmp_path / "old.csv", null_value="NA")
    result = CliRunner().invoke(main, ["table", str(path), "--compare", str(tmp_path / "old.csv")])
    assert result.exit_code == 2 and "repeats" in result.output
    unique = frame.with_columns(pl.Series("id", ["1", "2", "3"]))
    path = write(tmp_path, unique, {"sum": "a + b == c"})
    unique.with_columns(pl.Series("a", ["x", "2", "3"])).write_csv(tmp_path / "old.csv", null_value="NA")
    result = CliRunner().invoke(main, ["table", str(path), "--compare", str(tmp_path / "old.csv")])
    assert result.exit_code == 2 and "'x' is not a number" in result.output
