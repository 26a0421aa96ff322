"""The same decisions in DuckDB SQL: cells cast to exact DECIMAL and then to 128-bit integers on
each rule's grid, group aggregates as window functions, SQL's three-valued logic for missing cells."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from ..errors import ClaimcheckError, NumberError
from .forms import Complete, Conditional, Form, Linear, Term, Unique
from .plan import LinearPlan, check_medians, holds, plan
from .polars_engine import Outcome, delegated_nonlinear, numeric_columns
from .results import MAX_LISTED
from .spec import TableChecks

_NUMBER = r"^\s*[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)\s*$"


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _s(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


class DuckDBEngine:
    name = "duckdb"

    def __init__(self, checks: TableChecks, frame: Any = None) -> None:
        import duckdb

        self.checks = checks
        self.frame = frame
        self.con = duckdb.connect()
        spec = checks.spec.table
        if frame is not None:
            self.con.register("given", frame)
            cols = ", ".join(f"CAST({_q(str(c))} AS VARCHAR) AS {_q(str(c))}" for c in frame.columns)
            source = f"(SELECT {cols} FROM given)"
        elif checks.data_path.suffix.lower() == ".parquet":
            source = f"(SELECT COLUMNS(*)::VARCHAR FROM read_parquet({_s(str(checks.data_path))}))"
        else:
            nulls = "[" + ", ".join(_s(m) for m in spec.missing) + "]"
            source = (f"read_csv({_s(str(checks.data_path))}, delim={_s(spec.separator)}, header=true, "
                      f"all_varchar=true, nullstr={nulls})")
        self.con.execute(f"CREATE TEMP TABLE t AS SELECT *, row_number() OVER () AS __row FROM {source}")
        self.exact = checks.spec.semantics == "validate"
        self.tolerance = Fraction(checks.spec.tolerance)
        self.numeric = numeric_columns(checks.forms)
        self.largest: dict[str, float] = {}
        self.decimals = self._survey()
        self._prepare()

    def _one(self, sql: str) -> tuple[Any, ...]:
        row = self.con.execute(sql).fetchone()
        assert row is not None  # an aggregate query always returns a row
        return tuple(row)

    def _survey(self) -> dict[str, int]:
        out = {}
        for c in sorted(self.numeric):
            col = f"trim({_q(c)})"
            bad, dec = self._one(
                f"SELECT count(*) FILTER (WHERE {col} IS NOT NULL AND NOT regexp_matches({col}, {_s(_NUMBER)})), "
                f"max(CASE WHEN {col} LIKE '%.%' THEN length(split_part({col}, '.', 2)) ELSE 0 END) FROM t")
            if bad:
                row = self._one(f"SELECT __row, {_q(c)} FROM t WHERE {col} IS NOT NULL AND NOT "
                                f"regexp_matches({col}, {_s(_NUMBER)}) ORDER BY __row LIMIT 1")
                raise NumberError(f"{self.checks.data_path}: column {c!r}, row {row[0]}: {row[1]!r} is not a number "
                                  f"({bad} such cells)", file=self.checks.source)
            out[c] = int(dec or 0)
            self.largest[c] = float(self._one(f"SELECT max(abs(TRY_CAST({col} AS DOUBLE))) FROM t")[0] or 0)
        return out

    def _prepare(self) -> None:
        """Each numeric column once as 128-bit integers on its own grid, with each cell's half-width."""
        from .cells import grid

        columns = []
        self.grids: dict[str, int] = {}
        for c in sorted(self.numeric):
            d = self.decimals[c]
            precision = self.checks.precision(c)
            e = grid(d, precision)
            self.grids[c] = e
            col = f"trim({_q(c)})"
            columns.append(f"CAST(CAST({col} AS DECIMAL(38, {d})) * {10**e} AS HUGEINT) AS {_q('__x:' + c)}")
            if self.exact:
                half = "CAST(0 AS HUGEINT)"
            elif precision is not None:
                half = f"CAST({int(precision / 2 * 10**e)} AS HUGEINT)"
            else:
                written = f"(CASE WHEN {col} LIKE '%.%' THEN length(split_part({col}, '.', 2)) ELSE 0 END)"
                cases = " ".join(f"WHEN {written} = {k} THEN {5 * 10 ** (e - 1 - k)}" for k in range(d + 1))
                half = f"CAST(CASE {cases} END AS HUGEINT)"
            columns.append(f"{half} AS {_q('__h:' + c)}")
        if columns:
            self.con.execute(f"CREATE TEMP TABLE p AS SELECT *, {', '.join(columns)} FROM t")
            self.con.execute("DROP TABLE t")
            self.con.execute("ALTER TABLE p RENAME TO t")

    def _scaled(self, c: str, exponent: int) -> tuple[str, str]:
        k = 10 ** (exponent - self.grids[c])
        return f"({_q('__x:' + c)} * {k})", f"({_q('__h:' + c)} * {k})"

    def _term(self, term: Term, p: LinearPlan) -> tuple[str, str]:
        cell, half = self._scaled(term.column, p.exponent)
        low, high = f"({cell} - {half})", f"({cell} + {half})"
        if term.aggregate is None:
            return f"({low} * {p.factor})", f"({high} * {p.factor})"
        if term.aggregate == "mean":
            raise ClaimcheckError("mean() of a group: use sum(...) by ..., or a whole-table rule",
                                  file=self.checks.source)
        over = "OVER (" + (("PARTITION BY " + ", ".join(_q(b) for b in term.by)) if term.by else "") + ")"
        if term.aggregate == "median":
            return (f"CAST(round(2 * median({low}) {over}) AS HUGEINT)",
                    f"CAST(round(2 * median({high}) {over}) AS HUGEINT)")
        agg = term.aggregate
        return f"({agg}({low}) {over} * {p.factor})", f"({agg}({high}) {over} * {p.factor})"

    def _range(self, form: Linear) -> tuple[LinearPlan, str, str, str]:
        p = plan(form, self.decimals, {c: self.checks.precision(c) for c in form.columns}, self.exact,
                 self.tolerance)
        check_medians(p, self.largest, self.checks.source)
        lo, hi, missing = [str(p.const)], [str(p.const)], []
        for coef, term in p.coefs:
            t_lo, t_hi = self._term(term, p)
            lo.append(f"{coef} * {t_lo if coef > 0 else t_hi}")
            hi.append(f"{coef} * {t_hi if coef > 0 else t_lo}")
            missing.append(f"{_q(term.column)} IS NULL" if term.aggregate is None else f"{t_lo} IS NULL")
        return p, "(" + " + ".join(lo) + ")", "(" + " + ".join(hi) + ")", "(" + " OR ".join(missing or ["false"]) + ")"

    def _test(self, form: Linear, fail: bool) -> str:
        p, lo, hi, missing = self._range(form)
        t, d = p.tol_num, p.tol_den
        if fail:
            test = {"==": f"({lo} * {d} < {-t} OR {hi} * {d} > {t})", "<=": f"{hi} * {d} > {t}", "<": f"{hi} >= 0",
                    ">=": f"{lo} * {d} < {-t}", ">": f"{lo} <= 0"}[form.op]
        else:
            test = {"==": f"({lo} * {d} <= {t} AND {hi} * {d} >= {-t})", "<=": f"{lo} * {d} <= {t}",
                    "<": f"{lo} < 0", ">=": f"{hi} * {d} >= {-t}", ">": f"{hi} > 0"}[form.op]
        return f"(CASE WHEN {missing} THEN NULL ELSE {test} END)"

    def verdict(self, form: Form) -> str:
        if isinstance(form, Linear):
            return self._test(form, fail=False)
        if isinstance(form, Conditional):
            can_fail = " OR ".join(self._test(f, fail=True) for f in form.when)
            holds = " AND ".join(self._test(f, fail=False) for f in form.then)
            return f"(({can_fail}) OR ({holds}))"
        if isinstance(form, Unique):
            keys = ", ".join(_q(k) for k in form.keys)
            nulls = " OR ".join(f"{_q(k)} IS NULL" for k in form.keys)
            return f"(CASE WHEN {nulls} THEN NULL ELSE count(*) OVER (PARTITION BY {keys}) = 1 END)"
        assert isinstance(form, Complete)
        return "(" + " AND ".join(f"{_q(c)} IS NOT NULL" for c in form.names) + ")"

    def whole_table(self, form: Linear) -> bool | None:
        p = plan(form, self.decimals, {c: self.checks.precision(c) for c in form.columns}, self.exact,
                 self.tolerance)
        check_medians(p, self.largest, self.checks.source)
        lo = hi = Fraction(p.const, p.factor)
        for coef, term in p.coefs:
            cell, half = self._scaled(term.column, p.exponent)
            values = []
            for side in (f"({cell} - {half})", f"({cell} + {half})"):
                agg = term.aggregate or "sum"
                if agg == "mean":
                    s, n = self._one(f"SELECT sum({side}), count({side}) FROM t")
                    values.append(None if not n else Fraction(int(s), int(n)))
                elif agg == "median":
                    v = self._one(f"SELECT 2 * median({side}) FROM t")[0]
                    values.append(None if v is None else Fraction(round(v), 2))
                else:
                    v = self._one(f"SELECT {agg}({side}) FROM t")[0]
                    values.append(None if v is None else Fraction(int(v)))
            if values[0] is None or values[1] is None:
                return None
            a, b = (values[0], values[1]) if coef > 0 else (values[1], values[0])
            lo, hi = lo + coef * a, hi + coef * b
        return holds(form.op, lo, hi, Fraction(p.tol_num, p.tol_den) / p.factor)

    def run(self) -> Outcome:
        keys = self.checks.spec.table.key
        rows = int(self._one("SELECT count(*) FROM t")[0])
        whole = {rid: self.whole_table(f) for rid, f in self.checks.forms.items()
                 if isinstance(f, Linear) and f.whole_table}
        others = delegated_nonlinear(self.checks, self.frame)
        row_rules = {rid: f for rid, f in self.checks.forms.items() if rid not in whole and rid not in others.counts}
        counts: dict[str, tuple[int, int, int]] = {}
        failing: dict[str, list[tuple[int, tuple[str | None, ...]]]] = {}
        if row_rules:
            cols = ", ".join(f"{self.verdict(f)} AS {_q('v:' + rid)}" for rid, f in row_rules.items())
            key_cols = "".join(f", {_q(k)}" for k in keys)
            self.con.execute(f"CREATE TEMP TABLE v AS SELECT __row{key_cols}, {cols} FROM t")
            for rid in row_rules:
                v = _q("v:" + rid)
                p, f, n = self._one(f"SELECT count(*) FILTER (WHERE {v}), count(*) FILTER (WHERE NOT {v}), "
                                    f"count(*) FILTER (WHERE {v} IS NULL) FROM v")
                counts[rid] = (int(p), int(f), int(n))
                found = self.con.execute(f"SELECT __row{key_cols} FROM v WHERE NOT {v} ORDER BY __row "
                                         f"LIMIT {MAX_LISTED}").fetchall()
                failing[rid] = [(int(r[0]), tuple(r[1:])) for r in found]
        for rid, result in whole.items():
            counts[rid] = (int(result is True), int(result is False), int(result is None))
            failing[rid] = []
        counts.update(others.counts)
        failing.update(others.failing)
        return Outcome(rows, {rid: counts[rid] for rid in self.checks.forms},
                       {rid: failing[rid] for rid in self.checks.forms})


__all__ = ["DuckDBEngine"]
