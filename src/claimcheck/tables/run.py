"""Running a table check on an engine, and summarising what it found."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from ..errors import ClaimcheckError
from .forms import Linear
from .results import FailingRow, RuleSummary, TableReport
from .rows import explain_row, rows_by_number
from .spec import TableChecks, load_table_checks

ENGINES = ("polars", "duckdb", "dask", "python")
T = TypeVar("T")


def engine_for(name: str, checks: TableChecks, frame: Any = None) -> Any:
    if name == "polars":
        from .polars_engine import PolarsEngine

        return PolarsEngine(checks, frame)
    if name == "duckdb":
        from .duckdb_engine import DuckDBEngine

        return DuckDBEngine(checks, frame)
    if name == "dask":
        from .dask_engine import DaskEngine

        return DaskEngine(checks, frame)
    if name == "python":
        from .reference import ReferenceEngine

        return ReferenceEngine(checks, frame)
    raise ClaimcheckError(f"unknown engine {name!r}; engines: {', '.join(ENGINES)}")


_ENGINE_MODULES = {"polars", "duckdb", "_duckdb", "dask", "pandas", "pyarrow", "numpy"}


def guarded(run: Callable[[], T], checks: TableChecks) -> T:
    """Run an engine; what it cannot do exactly (a decimal that overflows, a column a table lacks)
    becomes a located error instead of a traceback."""
    try:
        return run()
    except ClaimcheckError:
        raise
    except (ArithmeticError, ValueError, KeyError, TypeError) as exc:
        raise ClaimcheckError(f"the table {checks.spec.table.path} cannot be checked exactly: {exc}",
                              file=checks.source) from None
    except Exception as exc:
        if type(exc).__module__.split(".")[0] not in _ENGINE_MODULES:
            raise
        raise ClaimcheckError(f"the table {checks.spec.table.path} cannot be checked exactly on this engine "
                              f"(numbers too large or too finely written for 64-bit integers, or a column "
                              f"missing): {str(exc).splitlines()[0][:300]}; the python engine has no such limit",
                              file=checks.source) from None


def check_table(source: str | Path | TableChecks, *, engine: str = "polars", frame: Any = None,
                semantics: str | None = None) -> TableReport:
    """Check every row of a table against the rules of a table check file (a path, or loaded).

    ``frame`` (a polars or pandas DataFrame) replaces the file's table; ``semantics`` ("rounding" or
    "validate") replaces the file's."""
    if isinstance(source, TableChecks):
        checks = source
    else:
        names = None if frame is None else [str(c) for c in frame.columns]
        checks = load_table_checks(source, names)
    if semantics is not None:
        checks = TableChecks(checks.spec.model_copy(update={"semantics": semantics}), checks.source,
                             checks.locations, checks.names)
    outcome = guarded(lambda: engine_for(engine, checks, frame).run(), checks)
    keys = checks.spec.table.key
    linear = {rid: f for rid, f in checks.forms.items()
              if isinstance(f, Linear) and not f.whole_table and all(t.aggregate is None for _, t in f.terms)}
    wanted = sorted({row for rid in linear for row, _ in outcome.failing[rid]})
    cells = guarded(lambda: rows_by_number(checks, wanted, frame), checks)
    summaries = []
    for rid, rule in checks.spec.rules.items():
        passes, fails, na = outcome.counts[rid]
        failing = []
        for row, key in outcome.failing[rid]:
            slack, suspects = explain_row(linear[rid], cells[row], checks) if rid in linear and row in cells \
                else (None, [])
            failing.append(FailingRow(row=row, key=dict(zip(keys, (None if v is None else str(v) for v in key),
                                                              strict=True)), slack=slack, suspects=suspects))
        summaries.append(RuleSummary(rule=rid, check=rule.check, items=passes + fails + na, passes=passes,
                                     fails=fails, na=na, line=checks.line(rid), note=rule.note, failing=failing))
    return TableReport(path=checks.source, table=str(checks.spec.table.path) if frame is None else "<frame>",
                       engine=engine, semantics=checks.spec.semantics, rows=outcome.rows,
                       ok=all(s.fails == 0 for s in summaries), rules=summaries)


__all__ = ["ENGINES", "check_table", "engine_for"]
