"""The same decisions on Dask: the table in partitions (read lazily, in blocks), each row decided with
pandas' nullable 64-bit integers and three-valued booleans, group aggregates by a shuffle. Dask
runs the partitions on a machine's cores here, and on a cluster through a distributed scheduler."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from ..errors import ClaimcheckError, NumberError
from .forms import Complete, Conditional, Form, Linear, Term, Unique
from .plan import LinearPlan, check_medians, plan
from .polars_engine import Outcome, delegated_nonlinear, grid_columns, numeric_columns
from .reading import ROW
from .results import MAX_LISTED
from .spec import TableChecks

_NUMBER = r"^\s*[+-]?(\d+\.?\d*|\.\d+)\s*$"
_PARTS = r"^\s*(?P<sign>[+-]?)(?P<whole>\d*)\.?(?P<frac>\d*)\s*$"


def _name(side: str, term: Term) -> str:
    return f"__{side}:{term.aggregate}:{term.column}:{','.join(term.by)}"


class DaskEngine:
    name = "dask"

    def __init__(self, checks: TableChecks, frame: Any = None, blocksize: str = "64MB") -> None:
        import dask.dataframe as dd
        import pandas as pd

        self.pd = pd
        self.checks = checks
        self.frame = frame
        spec = checks.spec.table
        if frame is not None:
            pdf = frame.to_pandas() if hasattr(frame, "to_pandas") else frame
            pdf = pdf.astype("string")
            ddf = dd.from_pandas(pdf, npartitions=max(1, len(pdf) // 1_000_000 + 1))
        elif checks.data_path.suffix.lower() == ".parquet":
            ddf = dd.read_parquet(str(checks.data_path)).astype("string")
        else:
            ddf = dd.read_csv(str(checks.data_path), sep=spec.separator, dtype="string", na_values=spec.missing,
                              keep_default_na=False, blocksize=blocksize)
        ddf = ddf.assign(**{ROW: 1}).astype({ROW: "int64"})
        ddf[ROW] = ddf[ROW].cumsum()
        self.ddf = ddf
        self.exact = checks.spec.semantics == "validate"
        self.tolerance = Fraction(checks.spec.tolerance)
        self.numeric = numeric_columns(checks.forms)
        self.decimals = self._survey()
        _, self.grids = grid_columns(checks, sorted(self.numeric), self.decimals, self.exact)
        if self.numeric:
            meta = self.ddf._meta.copy()
            for c in sorted(self.numeric):
                meta[f"__x:{c}"] = self.pd.Series(dtype="Int64")
                meta[f"__h:{c}"] = self.pd.Series(dtype="Int64")
            self.ddf = self.ddf.map_partitions(self._parsed, meta=meta)

    def _survey(self) -> dict[str, int]:
        from dask.base import compute

        out = {}
        tasks = {}
        for c in sorted(self.numeric):
            s = self.ddf[c].str.strip()
            bad = (s.notnull() & ~s.str.match(_NUMBER).fillna(False)).sum()
            dec = s.str.extract(r"\.(\d*)$", expand=False).str.len().fillna(0).max()
            top = self.dd_numeric(s).abs().max()
            tasks[c] = (bad, dec, top)
        done = compute(tasks)[0]
        self.largest = {c: 0.0 if top is None or top != top else float(top) for c, (_, _, top) in done.items()}
        for c, (bad, dec, _top) in done.items():
            if bad:
                s = self.ddf[c].str.strip()
                where = self.ddf[s.notnull() & ~s.str.match(_NUMBER).fillna(False)][[ROW, c]].head(1)
                row = where.iloc[0]
                raise NumberError(f"{self.checks.data_path}: column {c!r}, row {row[ROW]}: {row[c]!r} is not a "
                                  f"number ({int(bad)} such cells)", file=self.checks.source)
            out[c] = 0 if dec is None or dec != dec else int(dec)  # NaN: a table with no rows
        return out

    def _parsed(self, df: Any) -> Any:
        """A partition with each numeric column as integers on its own grid (``__x:c``) and each
        cell's half-width (``__h:c``), computed by polars' exact DECIMAL cast, once per partition."""
        import polars as pl

        columns = sorted(self.numeric)
        frame = pl.from_pandas(df[columns].astype(object).where(df[columns].notnull(), None),
                               schema_overrides=dict.fromkeys(columns, pl.String))
        exprs, _ = grid_columns(self.checks, columns, self.decimals, self.exact)
        parsed = frame.select(exprs).to_pandas(use_pyarrow_extension_array=True)  # exact 64-bit, with nulls
        out = df.copy()
        for name in parsed.columns:
            out[name] = parsed[name].astype("Int64").array
        return out

    def _scaled(self, df: Any, c: str, exponent: int) -> tuple[Any, Any]:
        k = 10 ** (exponent - self.grids[c])
        return df[f"__x:{c}"] * k, df[f"__h:{c}"] * k

    def _terms(self, df: Any, p: LinearPlan, groups: dict[Term, tuple[Any, Any]]) -> tuple[Any, Any, Any]:
        pd = self.pd
        lo = pd.Series(p.const, index=df.index, dtype="Int64")
        hi = lo.copy()
        missing = pd.Series(False, index=df.index)
        for coef, term in p.coefs:
            if term.aggregate is None:
                cell, half = self._scaled(df, term.column, p.exponent)
                t_lo, t_hi = (cell - half) * p.factor, (cell + half) * p.factor
                missing = missing | df[term.column].isnull()
            else:
                t_lo, t_hi = df[_name("lo", term)].astype("Int64"), df[_name("hi", term)].astype("Int64")
                missing = missing | t_lo.isnull()
            if coef > 0:
                lo, hi = lo + coef * t_lo, hi + coef * t_hi
            else:
                lo, hi = lo + coef * t_hi, hi + coef * t_lo
        return lo, hi, missing

    def _test(self, df: Any, form: Linear, fail: bool, groups: dict[Term, tuple[Any, Any]]) -> Any:
        p = self._plan(form)
        lo, hi, missing = self._terms(df, p, groups)
        t, d = p.tol_num, p.tol_den
        if fail:
            test = {"==": (lo * d < -t) | (hi * d > t), "<=": hi * d > t, "<": hi >= 0, ">=": lo * d < -t,
                    ">": lo <= 0}[form.op]
        else:
            test = {"==": (lo * d <= t) & (hi * d >= -t), "<=": lo * d <= t, "<": lo < 0, ">=": hi * d >= -t,
                    ">": hi > 0}[form.op]
        return test.astype("boolean").mask(missing, None)

    def _plan(self, form: Linear) -> LinearPlan:
        p = plan(form, self.decimals, {c: self.checks.precision(c) for c in form.columns}, self.exact,
                 self.tolerance)
        check_medians(p, self.largest, self.checks.source)
        return p

    def dd_numeric(self, s: Any) -> Any:
        import dask.dataframe as dd

        return dd.to_numeric(s, errors="coerce")

    def _verdict(self, df: Any, form: Form, groups: dict[Term, tuple[Any, Any]]) -> Any:
        if isinstance(form, Linear):
            return self._test(df, form, False, groups)
        if isinstance(form, Conditional):
            can_fail = self._test(df, form.when[0], True, groups)
            for f in form.when[1:]:
                can_fail = can_fail | self._test(df, f, True, groups)
            holds = self._test(df, form.then[0], False, groups)
            for f in form.then[1:]:
                holds = holds & self._test(df, f, False, groups)
            return can_fail | holds
        if isinstance(form, Complete):
            ok = df[form.names[0]].notnull()
            for c in form.names[1:]:
                ok = ok & df[c].notnull()
            return ok.astype("boolean")
        assert isinstance(form, Unique)
        return df[f"__uniq:{'|'.join(form.keys)}"].astype("boolean")

    def _prepare(self) -> Any:
        """Group aggregates and key counts joined onto every row (shuffles, not per partition)."""
        ddf = self.ddf
        for form in self.checks.forms.values():
            if isinstance(form, Unique):
                keys = list(form.keys)
                counts = ddf.groupby(keys, dropna=False).size().rename("__n").reset_index()
                ddf = ddf.merge(counts, on=keys, how="left")
                ok = (ddf["__n"] == 1).astype("boolean")
                for k in keys:
                    ok = ok.mask(ddf[k].isnull(), None)
                ddf = ddf.assign(**{f"__uniq:{'|'.join(keys)}": ok}).drop(columns="__n")
            for linear in ([form] if isinstance(form, Linear) else [*form.when, *form.then]
                           if isinstance(form, Conditional) else []):
                if linear.whole_table:
                    continue
                p = self._plan(linear)
                for _, term in p.coefs:
                    if term.aggregate is None:
                        continue
                    if term.aggregate == "mean":
                        raise ClaimcheckError("mean() of a group: use sum(...) by ..., or a whole-table rule",
                                              file=self.checks.source)
                    by = list(term.by) or ["__all"]
                    base = ddf.assign(__all=1) if not term.by else ddf
                    cell = base.map_partitions(lambda df, c=term.column, e=p.exponent: self._cell_frame(df, c, e),
                                               meta={"lo": "Int64", "hi": "Int64"})
                    if term.aggregate == "median":  # exact as floats: the table was checked below 2**53
                        base = base.assign(__lo=cell["lo"].astype("float64"), __hi=cell["hi"].astype("float64"))
                        agg = base.groupby(by, dropna=False)[["__lo", "__hi"]].agg("median", shuffle_method="tasks")
                    else:
                        base = base.assign(__lo=cell["lo"], __hi=cell["hi"])
                        agg = base.groupby(by, dropna=False)[["__lo", "__hi"]].agg(term.aggregate)
                    if _name("lo", term) in ddf.columns:
                        continue  # the same aggregate, already joined
                    agg = agg.rename(columns={"__lo": _name("lo", term), "__hi": _name("hi", term)})
                    factor = 2 if term.aggregate == "median" else p.factor
                    agg = agg.map_partitions(lambda a, f=factor: (a * f).round(0).astype("Int64"))
                    agg = agg.reset_index()
                    ddf = (ddf.assign(__all=1) if not term.by else ddf).merge(agg, on=by, how="left")
                    if not term.by:
                        ddf = ddf.drop(columns="__all")
        return ddf

    def _cell_frame(self, df: Any, c: str, exponent: int) -> Any:
        cell, half = self._scaled(df, c, exponent)
        return self.pd.DataFrame({"lo": cell - half, "hi": cell + half}, index=df.index)

    def whole_table(self, form: Linear) -> bool | None:
        from .duckdb_engine import DuckDBEngine  # the aggregates of a whole table are small: decide them there

        frame = self.ddf[[c for c in self.checks.names if c in self.ddf.columns]].compute()
        return DuckDBEngine(self.checks, frame).whole_table(form)

    def run(self) -> Outcome:
        from dask.base import compute

        keys = self.checks.spec.table.key
        whole = {rid: self.whole_table(f) for rid, f in self.checks.forms.items()
                 if isinstance(f, Linear) and f.whole_table}
        others = delegated_nonlinear(self.checks, self.frame)
        row_rules = {rid: f for rid, f in self.checks.forms.items() if rid not in whole and rid not in others.counts}
        ddf = self._prepare() if row_rules else self.ddf

        def decide(df: Any) -> Any:
            out = df[[ROW, *keys]].copy()
            for rid, form in row_rules.items():
                out[f"v:{rid}"] = self._verdict(df, form, {})
            return out

        meta = {ROW: "int64", **{k: "string" for k in keys}, **{f"v:{rid}": "boolean" for rid in row_rules}}
        verdicts = ddf.map_partitions(decide, meta=meta)
        tasks: dict[str, Any] = {"rows": verdicts[ROW].count()}
        for rid in row_rules:
            v = verdicts[f"v:{rid}"]
            tasks[rid] = ((v == True).sum(), (v == False).sum(), v.isnull().sum())  # noqa: E712
        done = compute(tasks)[0]
        counts: dict[str, tuple[int, int, int]] = {}
        failing: dict[str, list[tuple[int, tuple[str | None, ...]]]] = {}
        for rid in row_rules:
            counts[rid] = tuple(int(x) for x in done[rid])  # type: ignore[assignment]
            failing[rid] = []
            if counts[rid][1]:
                rows = verdicts[verdicts[f"v:{rid}"] == False][[ROW, *keys]].compute()  # noqa: E712
                rows = rows.sort_values(ROW).head(MAX_LISTED)
                failing[rid] = [(int(r[0]), tuple(None if x is self.pd.NA else x for x in r[1:]))
                                for r in rows.itertuples(index=False)]
        for rid, result in whole.items():
            counts[rid] = (int(result is True), int(result is False), int(result is None))
            failing[rid] = []
        counts.update(others.counts)
        failing.update(others.failing)
        rows_total = int(done["rows"]) if row_rules else int(self.ddf[ROW].count().compute())
        forms = self.checks.forms
        return Outcome(rows_total, {r: counts[r] for r in forms}, {r: failing[r] for r in forms})


__all__ = ["DaskEngine"]
