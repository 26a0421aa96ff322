"""Deciding every row of every rule inside polars, lazily and streaming, with 64-bit integers.

Cells are read as text and turned into integers on each rule's grid inside polars expressions
(sign, whole digits, decimals padded), half-widths from the number of decimals written (or the
column's precision), aggregates over groups with ``over``; the plan of :mod:`.plan` becomes a
boolean expression with polars' three-valued logic for missing cells. Nothing is decided in floats:
a median of integers is a float only on its way to twice its (whole) value.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from ..errors import ClaimcheckError, NumberError
from .cells import SAFE
from .forms import Complete, Conditional, Form, Linear, NonLinear, Term, Unique
from .plan import LinearPlan, check_medians, holds, plan
from .reading import ROW, scan_text
from .results import MAX_LISTED
from .spec import TableChecks

_NUMBER = r"^\s*[+-]?(\d+\.?\d*|\.\d+)\s*$"


def grid_columns(checks: TableChecks, columns: list[str], decimals: dict[str, int], exact: bool
                 ) -> tuple[list[Any], dict[str, int]]:
    """Polars expressions for each column as integers on its own grid (``__x:c``, exact through a
    DECIMAL cast of its text) and each cell's half-width on it (``__h:c``), and each column's grid
    exponent. The polars engine adds them to its lazy frame; the Dask engine to each partition."""
    import polars as pl

    from .cells import grid

    exprs: list[Any] = []
    grids: dict[str, int] = {}
    for c in columns:
        d = decimals[c]
        precision = checks.precision(c)
        e = grids[c] = grid(d, precision)
        s = pl.col(c).str.strip_chars()
        exprs.append((s.cast(pl.Decimal(38, max(d, 1)), strict=False) * 10**e).cast(pl.Int64, strict=False)
                     .alias(f"__x:{c}"))
        if exact:
            half = pl.lit(0, pl.Int64)
        elif precision is not None:
            half = pl.lit(int(precision / 2 * 10**e), pl.Int64)
        else:
            dot = s.str.find(".", literal=True)
            written = pl.when(dot.is_null()).then(0).otherwise(s.str.len_chars() - dot - 1)
            half = pl.lit(5 * 10 ** (e - 1), pl.Int64)
            for k in range(1, d + 1):
                half = pl.when(written == k).then(pl.lit(5 * 10 ** (e - 1 - k), pl.Int64)).otherwise(half)
        exprs.append(half.alias(f"__h:{c}"))
    return exprs, grids


@dataclass
class Outcome:
    """What an engine found: rows, each rule's (passes, fails, NA) and its first failing rows."""

    rows: int
    counts: dict[str, tuple[int, int, int]]
    failing: dict[str, list[tuple[int, tuple[str | None, ...]]]]


def numeric_columns(forms: dict[str, Form]) -> set[str]:
    out: set[str] = set()
    for form in forms.values():
        if isinstance(form, NonLinear):
            out |= form.columns
        for linear in _linears(form):
            out |= {t.column for _, t in linear.terms}
    return out


def _linears(form: Form) -> list[Linear]:
    if isinstance(form, Linear):
        return [form]
    if isinstance(form, Conditional):
        return [*form.when, *form.then]
    return []


class PolarsEngine:
    name = "polars"

    def __init__(self, checks: TableChecks, frame: Any = None) -> None:
        import polars as pl

        self.pl = pl
        self.checks = checks
        spec = checks.spec
        if frame is not None:
            lf = frame.lazy() if hasattr(frame, "lazy") else pl.from_pandas(frame).lazy()
            self.lf = lf.with_columns(pl.all().cast(pl.String)).with_row_index(ROW, offset=1)
        else:
            self.lf = scan_text(checks.data_path, spec.table.separator, spec.table.missing)
        self.exact = spec.semantics == "validate"
        self.tolerance = Fraction(spec.tolerance)
        self.numeric = numeric_columns(checks.forms)
        self.decimals, self.largest = self._survey()
        self.grids: dict[str, int] = {}
        self.lf = self._prepare()

    # -- the first pass: how many decimals each column has, and whether every cell is a number

    def _survey(self) -> tuple[dict[str, int], dict[str, float]]:
        """How many decimals each column is written with (the grid of its integers). Whether every
        cell is a number, and how large the numbers are, is checked in the same pass as the rules."""
        pl = self.pl
        if not self.numeric:
            return {}, {}
        exprs = [(pl.col(c).str.len_chars() - pl.col(c).str.find(".", literal=True) - 1).max().alias(c)
                 for c in sorted(self.numeric)]
        # a DECIMAL cast would read 1e5: exponents are refused here, as the reader refuses them
        exprs += [(pl.col(c).str.contains("e", literal=True) | pl.col(c).str.contains("E", literal=True)).sum()
                  .alias(f"e:{c}") for c in sorted(self.numeric)]
        found = self.lf.select(exprs).collect().row(0, named=True)
        for c in sorted(self.numeric):
            if found[f"e:{c}"]:
                self._checked({f"bad:{c}": found[f"e:{c}"], **{f"bad:{o}": 0 for o in self.numeric if o != c}},
                              only=c)
        return {c: max(int(found[c] or 0), 0) for c in self.numeric}, {}

    def _checked(self, totals: dict[str, Any], only: str | None = None) -> None:
        """Refuse a table with a cell that is not a number, or numbers too large for exact 64-bit sums."""
        pl = self.pl
        for c in sorted(self.numeric) if only is None else [only]:
            bad = totals[f"bad:{c}"]
            if bad:
                s = pl.col(c).str.strip_chars()
                row = self.lf.filter(s.is_not_null() & ~s.str.contains(_NUMBER)).select(ROW, c).head(1) \
                    .collect().row(0)
                raise NumberError(f"{self.checks.data_path}: column {c!r}, row {row[0]}: {row[1]!r} is not a number "
                                  f"({bad} such cells)", file=self.checks.source)
        if only is not None:
            return
        self.largest = {c: float(totals[f"max:{c}"] or 0) for c in self.numeric}
        for form in self.checks.forms.values():
            for linear in _linears(form):
                check_medians(self._plan(linear), self.largest, self.checks.source)  # raises on overflow

    # -- cells on a grid

    def _prepare(self) -> Any:
        """Each numeric column once as integers on its own grid, with each cell's half-width: the
        rules only rescale them."""
        exprs, self.grids = grid_columns(self.checks, sorted(self.numeric), self.decimals, self.exact)
        return self.lf.with_columns(exprs) if exprs else self.lf

    def _scaled(self, c: str, exponent: int) -> tuple[Any, Any]:
        """(cell, half-width) of column ``c`` as integers on the grid ``10^-exponent``."""
        pl = self.pl
        k = 10 ** (exponent - self.grids[c])
        return pl.col(f"__x:{c}") * k, pl.col(f"__h:{c}") * k

    def _term(self, term: Term, p: LinearPlan) -> tuple[Any, Any]:
        pl = self.pl
        cell, half = self._scaled(term.column, p.exponent)
        low, high = cell - half, cell + half
        if term.aggregate is None:
            return low * p.factor, high * p.factor
        agg = {"median": "median", "sum": "sum", "min": "min", "max": "max", "mean": "mean"}[term.aggregate]
        if agg == "mean":
            raise ClaimcheckError("mean() of a group compares to a row only through its sum and count: "
                                  "use sum(...) by ... or a whole-table rule", file=self.checks.source)
        lo, hi = getattr(low, agg)(), getattr(high, agg)()
        if term.by:
            lo, hi = lo.over(list(term.by)), hi.over(list(term.by))
        if agg == "median":
            return (lo * 2).round(0).cast(pl.Int64), (hi * 2).round(0).cast(pl.Int64)
        return lo * p.factor, hi * p.factor

    def _range(self, p: LinearPlan) -> tuple[Any, Any, Any]:
        """(low, high, missing) of ``L`` for plan ``p``."""
        pl = self.pl
        lo = hi = pl.lit(p.const, pl.Int64)
        missing = pl.lit(False)
        for coef, term in p.coefs:
            t_lo, t_hi = self._term(term, p)
            if coef > 0:
                lo, hi = lo + coef * t_lo, hi + coef * t_hi
            else:
                lo, hi = lo + coef * t_hi, hi + coef * t_lo
            missing = missing | (pl.col(term.column).is_null() if term.aggregate is None else t_lo.is_null())
        return lo, hi, missing

    def _plan(self, form: Linear) -> LinearPlan:
        p = plan(form, self.decimals, {c: self.checks.precision(c) for c in form.columns}, self.exact,
                 self.tolerance)
        bound = sum(abs(a) * (self.largest.get(t.column, 0) + 1) for a, t in p.coefs) * 10**p.exponent * 4
        if bound + abs(p.const) > SAFE:
            columns = ", ".join(sorted(form.columns))
            raise ClaimcheckError(f"the values of {columns} are too large (or too finely written) for exact 64-bit "
                                  "sums on this engine; the python engine has no such limit", file=self.checks.source)
        return p

    def _holds(self, form: Linear) -> Any:
        pl = self.pl
        p = self._plan(form)
        lo, hi, missing = self._range(p)
        t, d = p.tol_num, p.tol_den
        op = form.op
        test = {"==": (lo * d <= t) & (hi * d >= -t), "<=": lo * d <= t, "<": lo < 0, ">=": hi * d >= -t,
                ">": hi > 0}[op]
        return pl.when(missing).then(None).otherwise(test)

    def _can_fail(self, form: Linear) -> Any:
        pl = self.pl
        p = self._plan(form)
        lo, hi, missing = self._range(p)
        t, d = p.tol_num, p.tol_den
        test = {"==": (lo * d < -t) | (hi * d > t), "<=": hi * d > t, "<": hi >= 0, ">=": lo * d < -t,
                ">": lo <= 0}[form.op]
        return pl.when(missing).then(None).otherwise(test)

    def _nonlinear(self, form: NonLinear) -> Any:
        """1 pass, 0 fail, null NA, 2 too close to call in floats (decided again exactly)."""
        pl = self.pl
        from .nonlinear import MARGIN, float_ends

        low = {c: ((pl.col(f"__x:{c}") - pl.col(f"__h:{c}")).cast(pl.Float64) / 10 ** self.grids[c])
               for c in form.names}
        high = {c: ((pl.col(f"__x:{c}") + pl.col(f"__h:{c}")).cast(pl.Float64) / 10 ** self.grids[c])
                for c in form.names}
        columns = self.checks.columns
        l_lo, l_hi, lu = float_ends(form.left, low, high, pl, columns)
        r_lo, r_hi, ru = float_ends(form.right, low, high, pl, columns)
        lo, hi = l_lo - r_hi, l_hi - r_lo
        m = MARGIN * (lo.abs() + hi.abs() + 1)
        sure, fails = {
            "==": ((lo + m <= 0) & (hi - m >= 0), (lo - m > 0) | (hi + m < 0)),
            "<=": (lo + m <= 0, lo - m > 0), "<": (lo + m < 0, lo - m >= 0),
            ">=": (hi - m >= 0, hi + m < 0), ">": (hi - m > 0, hi + m <= 0),
        }[form.op]
        missing = pl.any_horizontal([pl.col(c).is_null() for c in form.names])
        undecided = lu | ru | lo.is_nan() | hi.is_nan()
        return (pl.when(missing).then(None).when(undecided).then(2).when(sure).then(1).when(fails).then(0)
                .otherwise(2).cast(pl.Int8))

    def verdict(self, form: Form) -> Any:
        """A nullable boolean expression: does each row pass (null: a needed cell is missing)?"""
        pl = self.pl
        if isinstance(form, NonLinear):
            return self._nonlinear(form)
        if isinstance(form, Linear):
            return self._holds(form)
        if isinstance(form, Conditional):
            can_fail = pl.any_horizontal([self._can_fail(f) for f in form.when]) if len(form.when) > 1 else \
                self._can_fail(form.when[0])
            holds = pl.all_horizontal([self._holds(f) for f in form.then]) if len(form.then) > 1 else \
                self._holds(form.then[0])
            return can_fail | holds
        if isinstance(form, Unique):
            keys = list(form.keys)
            any_missing = pl.any_horizontal([pl.col(k).is_null() for k in keys])
            return pl.when(any_missing).then(None).otherwise(~pl.struct(keys).is_duplicated())
        assert isinstance(form, Complete)
        return pl.all_horizontal([pl.col(c).is_not_null() for c in form.names])

    def whole_table(self, form: Linear) -> bool | None:
        """A rule over aggregates of the whole table, decided once, exactly."""
        pl = self.pl
        p = plan(form, self.decimals, {c: self.checks.precision(c) for c in form.columns}, self.exact,
                 self.tolerance)
        lo = hi = Fraction(p.const, p.factor)
        for coef, term in p.coefs:
            cell, half = self._scaled(term.column, p.exponent)
            if term.aggregate == "median":
                top = self.lf.select(cell.abs().max()).collect().item()
                check_medians(p, {term.column: float(top or 0) / 10**p.exponent}, self.checks.source)
            sides = self.lf.select((cell - half).alias("lo"), (cell + half).alias("hi")).drop_nulls()
            agg = term.aggregate or "sum"
            row = sides.select(pl.len().alias("n"), *(getattr(pl.col(s), "median" if agg == "median" else
                                                               "sum" if agg == "mean" else agg)().alias(s)
                                                      for s in ("lo", "hi"))).collect().row(0, named=True)
            if not row["n"]:
                return None
            values = []
            for s in ("lo", "hi"):
                v = row[s]
                values.append(Fraction(round(2 * v), 2) if agg == "median" else
                              Fraction(int(v), row["n"]) if agg == "mean" else Fraction(int(v)))
            a, b = (values[0], values[1]) if coef > 0 else (values[1], values[0])
            lo, hi = lo + coef * a, hi + coef * b
        return holds(form.op, lo, hi, Fraction(p.tol_num, p.tol_den) / p.factor)

    def _exactly(self, rid: str, rows: Any, keys: list[str]
                 ) -> tuple[tuple[int, int, int], list[tuple[int, tuple[str | None, ...]]]]:
        """The rows of a non-linear rule too close to call in floats, decided in exact rationals."""
        from .cells import cell_range
        from .nonlinear import decide

        form = self.checks.forms[rid]
        assert isinstance(form, NonLinear)
        columns = self.checks.columns
        passes = fails = na = 0
        failing: list[tuple[int, tuple[str | None, ...]]] = []
        for row in rows.iter_rows(named=True):
            cells = {c: cell_range(row[c], self.checks.precision(c), self.exact) for c in form.names}
            result = decide(form, cells, columns, self.exact)
            if result is None:
                na += 1
            elif result:
                passes += 1
            else:
                fails += 1
                failing.append((row[ROW], tuple(row[k] for k in keys)))
        return (passes, fails, na), failing

    def verdicts(self) -> Any:
        """Every row's verdict on every row-level rule: a DataFrame of the row number, the key columns
        and one nullable boolean column per rule (for comparing two versions of a table)."""
        keys = self.checks.spec.table.key
        exprs = [self.verdict(f).alias(rid) for rid, f in self.checks.forms.items()
                 if not (isinstance(f, Linear) and f.whole_table)]
        return self.lf.select(ROW, *keys, *exprs).collect()

    def run(self) -> Outcome:
        pl = self.pl
        keys = self.checks.spec.table.key
        exprs, whole = {}, {}
        for rid, form in self.checks.forms.items():
            if isinstance(form, Linear) and form.whole_table:
                whole[rid] = self.whole_table(form)
            else:
                exprs[rid] = self.verdict(form).alias(rid)
        verdicts = self.lf.with_columns(list(exprs.values())) if exprs else self.lf
        counts_exprs = [pl.len().alias("__rows")]
        for c in sorted(self.numeric):
            x = pl.col(f"__x:{c}")
            counts_exprs += [
                (pl.col(c).is_not_null() & x.is_null()).sum().alias(f"bad:{c}"),
                (x.abs().max().cast(pl.Float64) / 10 ** self.grids[c]).alias(f"max:{c}"),
            ]
        nonlinear = [rid for rid in exprs if isinstance(self.checks.forms[rid], NonLinear)]
        for rid in exprs:
            v = pl.col(rid).cast(pl.Int8)  # 1 pass, 0 fail, null NA (2: decided again exactly)
            counts_exprs += [(v == 1).sum().alias(f"p:{rid}"), (v == 0).sum().alias(f"f:{rid}"),
                             v.is_null().sum().alias(f"n:{rid}")]
        queries = [verdicts.select(counts_exprs)]
        if exprs:
            any_fail = pl.any_horizontal([pl.col(rid).cast(pl.Int8) == 0 for rid in exprs])
            queries.append(verdicts.filter(any_fail).select(ROW, *keys, *exprs))
        for rid in nonlinear:
            names = list(self.checks.forms[rid].columns)
            queries.append(verdicts.filter(pl.col(rid) == 2).select(ROW, *keys, *names))
        done = pl.collect_all(queries, engine="streaming")
        totals = done[0].row(0, named=True)
        self._checked(totals)
        failed = done[1] if exprs else None
        again = {rid: self._exactly(rid, done[2 + i], keys) for i, rid in enumerate(nonlinear)}
        counts: dict[str, tuple[int, int, int]] = {}
        failing: dict[str, list[tuple[int, tuple[str | None, ...]]]] = {}
        for rid in self.checks.forms:
            if rid in whole:
                result = whole[rid]
                counts[rid] = (int(result is True), int(result is False), int(result is None))
                failing[rid] = []
                continue
            counts[rid] = (totals[f"p:{rid}"], totals[f"f:{rid}"], totals[f"n:{rid}"])
            assert failed is not None
            rows = failed.filter(pl.col(rid).cast(pl.Int8) == 0).sort(ROW).head(MAX_LISTED).select(ROW, *keys)
            failing[rid] = [(r[0], tuple(r[1:])) for r in rows.iter_rows()]
            if rid in again:
                (p2, f2, n2), more = again[rid]
                counts[rid] = (counts[rid][0] + p2, counts[rid][1] + f2, counts[rid][2] + n2)
                failing[rid] = sorted(failing[rid] + more)[:MAX_LISTED]
        return Outcome(int(totals["__rows"]), counts, failing)


def delegated_nonlinear(checks: TableChecks, frame: Any = None) -> Outcome:
    """The non-linear rules of ``checks``, decided by the polars path (float ends with a margin, then
    exact rationals): the other engines hand them over, so that every engine gives the same counts."""
    rules = {rid: r for rid, r in checks.spec.rules.items() if isinstance(checks.forms[rid], NonLinear)}
    if not rules:
        return Outcome(0, {}, {})
    sub = TableChecks(checks.spec.model_copy(update={"rules": rules}), checks.source, checks.locations,
                      checks.names)
    return PolarsEngine(sub, frame).run()


__all__ = ["Outcome", "PolarsEngine", "delegated_nonlinear", "grid_columns", "numeric_columns"]
