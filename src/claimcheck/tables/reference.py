"""The yardstick: every rule decided row by row in plain Python with exact rationals, to test the
engines against (and for tables small enough not to need one)."""

from __future__ import annotations

import csv
import re
from fractions import Fraction
from typing import Any

from ..errors import ClaimcheckError, NumberError
from .cells import cell_range, read_cell
from .forms import Complete, Conditional, Form, Linear, NonLinear, Unique
from .plan import can_fail, holds
from .polars_engine import Outcome, numeric_columns
from .results import MAX_LISTED
from .spec import TableChecks

Row = dict[str, str | None]
NUMBER_TEXT = re.compile(r"^\s*[+-]?(\d+\.?\d*|\.\d+)\s*$")


class ReferenceEngine:
    name = "python"

    def __init__(self, checks: TableChecks, frame: Any = None) -> None:
        self.checks = checks
        self.exact = checks.spec.semantics == "validate"
        self.tolerance = Fraction(checks.spec.tolerance)
        if frame is not None:
            records = frame.to_dicts() if hasattr(frame, "to_dicts") else frame.to_dict("records")
            self.rows: list[Row] = [{k: None if v is None or v != v else _text(v) for k, v in r.items()}
                                    for r in records]
        elif checks.data_path.suffix.lower() == ".parquet":
            from .reading import ROW, scan_text

            spec = checks.spec.table
            frame = scan_text(checks.data_path, spec.separator, spec.missing).drop(ROW).collect()
            self.rows = list(frame.iter_rows(named=True))
        else:
            spec = checks.spec.table
            missing = set(spec.missing)
            with open(checks.data_path, encoding="utf-8", newline="") as fh:
                reader = csv.DictReader(fh, delimiter=spec.separator)
                self.rows = [{k: None if v in missing else v for k, v in r.items()} for r in reader]
        for number, row in enumerate(self.rows, start=1):
            for c in numeric_columns(checks.forms):
                text = row.get(c)
                if text is not None and not NUMBER_TEXT.match(text):
                    raise NumberError(f"{checks.data_path}: column {c!r}, row {number}: {text!r} is not a number",
                                      file=checks.source)
        self.numeric = numeric_columns(checks.forms)
        self.decimals = {c: max((read_cell(text).decimals for r in self.rows if (text := r.get(c)) is not None),
                                default=0) for c in self.numeric}

    def _bounds(self, row: Row, column: str) -> tuple[Fraction, Fraction] | None:
        return cell_range(row.get(column), self.checks.precision(column), self.exact)

    def _aggregate(self, func: str, values: list[Fraction], grouped: bool) -> Fraction | None:
        if not values:
            return None
        values = sorted(values)
        n = len(values)
        if func == "mean" and grouped:
            raise ClaimcheckError("mean() of a group: use sum(...) by ..., or a whole-table rule",
                                  file=self.checks.source)
        if func == "median":
            return values[n // 2] if n % 2 else (values[n // 2 - 1] + values[n // 2]) / 2
        return {"sum": sum(values, Fraction(0)), "min": values[0], "max": values[-1],
                "mean": sum(values, Fraction(0)) / n}[func]

    def _range(self, form: Linear, index: int | None) -> tuple[Fraction, Fraction] | None:
        """The exact range of ``Σ aᵢxᵢ + a₀`` on row ``index`` (None: the whole table)."""
        lo = hi = form.const
        for coef, term in form.terms:
            if term.aggregate is None:
                assert index is not None
                b = self._bounds(self.rows[index], term.column)
                if b is None:
                    return None
            else:
                group = [r for r in self.rows if index is None or all(r.get(k) == self.rows[index].get(k)
                                                                       for k in term.by)]
                pairs = [x for x in (self._bounds(r, term.column) for r in group) if x is not None]
                low = self._aggregate(term.aggregate, [a for a, _ in pairs], index is not None)
                high = self._aggregate(term.aggregate, [b for _, b in pairs], index is not None)
                if low is None or high is None:
                    return None
                b = (low, high)
            lo, hi = (lo + coef * b[0], hi + coef * b[1]) if coef > 0 else (lo + coef * b[1], hi + coef * b[0])
        return lo, hi

    def _test(self, form: Linear, index: int | None, fail: bool) -> bool | None:
        r = self._range(form, index)
        if r is None:
            return None
        t = self.tolerance if self.exact else Fraction(0)
        return (can_fail if fail else holds)(form.op, *r, t)

    def verdict(self, form: Form, index: int) -> bool | None:
        row = self.rows[index]
        if isinstance(form, NonLinear):
            from .nonlinear import decide

            cells = {c: cell_range(row.get(c), self.checks.precision(c), self.exact) for c in form.names}
            columns = self.checks.columns
            return decide(form, cells, columns, self.exact)
        if isinstance(form, Linear):
            return self._test(form, index, fail=False)
        if isinstance(form, Conditional):
            can_fail = _any([self._test(f, index, fail=True) for f in form.when])
            holds = _all([self._test(f, index, fail=False) for f in form.then])
            return _any([can_fail, holds])
        if isinstance(form, Unique):
            key = tuple(row.get(k) for k in form.keys)
            if any(v is None for v in key):
                return None
            return sum(1 for r in self.rows if tuple(r.get(k) for k in form.keys) == key) == 1
        assert isinstance(form, Complete)
        return all(row.get(c) is not None for c in form.names)

    def run(self) -> Outcome:
        counts: dict[str, tuple[int, int, int]] = {}
        failing: dict[str, list[tuple[int, tuple[str | None, ...]]]] = {}
        keys = self.checks.spec.table.key
        for rid, form in self.checks.forms.items():
            if isinstance(form, Linear) and form.whole_table:
                v = self._test(form, None, fail=False)
                counts[rid] = (int(v is True), int(v is False), int(v is None))
                failing[rid] = []
                continue
            results = [self.verdict(form, i) for i in range(len(self.rows))]
            counts[rid] = (results.count(True), results.count(False), results.count(None))
            failing[rid] = [(i + 1, tuple(self.rows[i].get(k) for k in keys))
                            for i, v in enumerate(results) if v is False][:MAX_LISTED]
        return Outcome(len(self.rows), counts, failing)


def _any(values: list[bool | None]) -> bool | None:
    if any(v is True for v in values):
        return True
    return None if any(v is None for v in values) else False


def _all(values: list[bool | None]) -> bool | None:
    if any(v is False for v in values):
        return False
    return None if any(v is None for v in values) else True


def _text(value: object) -> str:
    return repr(value) if isinstance(value, float) else str(value)


__all__ = ["ReferenceEngine"]
