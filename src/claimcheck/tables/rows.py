"""Why a row fails a linear rule: its slack and its suspects, exactly, as for a set of claims.

The **slack** is the factor by which every cell's half-width would have to grow for the row to
pass (∞ when the cells are exact, as under validate's semantics). A **suspect** is a column whose
cell alone, changed, would make the row pass: with the others at their written intervals it would
need a value in an interval, and the suspects are ranked by how many of their own half-widths away
from it they are. Only the listed failing rows are explained, read again by their row numbers.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from ..figures.intervals import format_fraction
from .cells import half_width, read_cell
from .forms import Linear
from .spec import TableChecks


def _needed(op: str, coef: Fraction, rest_lo: Fraction, rest_hi: Fraction) -> tuple[Fraction | None, Fraction | None]:
    """The values of ``x`` for which ``coef·x + rest op 0`` can hold, ``rest`` in ``[rest_lo, rest_hi]``."""
    if op == "==":
        a, b = -rest_hi / coef, -rest_lo / coef
        return (min(a, b), max(a, b))
    want_below = op in ("<=", "<")  # coef·x <= -rest_lo at best
    bound = (-rest_lo if want_below else -rest_hi) / coef
    below = want_below == (coef > 0)
    return (None, bound) if below else (bound, None)


def explain_row(form: Linear, cells: dict[str, str | None], checks: TableChecks) -> tuple[str | None, list[str]]:
    """(slack, suspects) of a row that fails ``form`` (no aggregate terms), from its cells' text."""
    exact = checks.spec.semantics == "validate"
    values: dict[str, tuple[Fraction, Fraction]] = {}
    for _, term in form.terms:
        text = cells.get(term.column)
        if term.aggregate is not None or text is None:
            return None, []
        cell = read_cell(text)
        values[term.column] = (cell.value, half_width(cell, checks.precision(term.column), exact))
    mid = form.const + sum((c * values[t.column][0] for c, t in form.terms), Fraction(0))
    spread = sum((abs(c) * values[t.column][1] for c, t in form.terms), Fraction(0))
    distance = abs(mid) if form.op == "==" else (mid if form.op in ("<=", "<") else -mid)
    slack = "∞" if spread == 0 else format_fraction(distance / spread, 4)
    suspects: list[tuple[Fraction, str]] = []
    for coef, term in form.terms:
        v, h = values[term.column]
        rest_lo = rest_hi = form.const
        for c2, t2 in form.terms:
            if t2 is term:
                continue
            v2, h2 = values[t2.column]
            lo, hi = c2 * (v2 - h2), c2 * (v2 + h2)
            rest_lo, rest_hi = rest_lo + min(lo, hi), rest_hi + max(lo, hi)
        low, high = _needed(form.op, coef, rest_lo, rest_hi)
        gap = max((low - v) if low is not None else Fraction(0), (v - high) if high is not None else Fraction(0),
                  Fraction(0))
        away = "" if h == 0 else f", {format_fraction(gap / h, 3)}× its half-width away"
        low_text = "-∞" if low is None else format_fraction(low, 6)
        high_text = "∞" if high is None else format_fraction(high, 6)
        shown = f"[{low_text}, {high_text}]"
        suspects.append((gap / h if h else gap, f"{term.column} would need {shown}{away}"))
    suspects.sort(key=lambda s: s[0])
    return slack, [text for _, text in suspects]


def rows_by_number(checks: TableChecks, numbers: list[int], frame: Any = None) -> dict[int, dict[str, str | None]]:
    """The cells (as text) of the rows with these numbers."""
    import polars as pl

    from .reading import ROW, scan_text

    if not numbers:
        return {}
    if frame is not None:
        lf = (frame.lazy() if hasattr(frame, "lazy") else pl.from_pandas(frame).lazy())
        lf = lf.with_columns(pl.all().cast(pl.String)).with_row_index(ROW, offset=1)
    else:
        spec = checks.spec.table
        lf = scan_text(checks.data_path, spec.separator, spec.missing)
    found = lf.filter(pl.col(ROW).is_in(numbers)).collect()
    return {int(r[ROW]): {k: v for k, v in r.items() if k != ROW} for r in found.iter_rows(named=True)}


__all__ = ["explain_row", "rows_by_number"]
