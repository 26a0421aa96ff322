"""How a written cell becomes exact numbers: a scaled integer and a half-width.

A cell is decimal text (``1130``, ``-33``, ``617.50``). On a grid of ``10^-E`` (``E`` one more than
the most decimals the column has, so that half a unit of the last written digit is a whole number of
steps), ``617.50`` is ``61750·10^(E-2)`` and, written to two decimals, stands for the values within
``5·10^(E-3)`` of it. A column's ``precision`` replaces "as written"; validate's semantics takes
every cell as exact. The engines compute the same integers inside their own expressions; this
module says what they must be, for the reference engine and the tests.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from ..errors import NumberError

#: A cell the engines read: an optional sign, digits, an optional decimal part.
NUMBER = re.compile(r"^\s*([+-]?)(\d*)(?:\.(\d*))?\s*$")
#: Values beyond this many grid steps could overflow 64-bit sums: those rules go to the exact engine.
SAFE = 2**62


@dataclass(frozen=True)
class Cell:
    value: Fraction
    decimals: int


def read_cell(text: str) -> Cell:
    m = NUMBER.match(text)
    if m is None or not (m.group(2) or m.group(3)):
        raise NumberError(f"not a number: {text!r}")
    sign, whole, frac = m.group(1), m.group(2) or "0", m.group(3) or ""
    value = Fraction(int(whole + frac), 10 ** len(frac))
    return Cell(-value if sign == "-" else value, len(frac))


def half_width(cell: Cell, precision: Fraction | None, exact: bool) -> Fraction:
    """Half the rounding unit of a cell: as written, at the column's precision, or 0 (validate)."""
    if exact:
        return Fraction(0)
    if precision is not None:
        return precision / 2
    return Fraction(1, 2 * 10 ** cell.decimals)


def cell_range(text: str | None, precision: Fraction | None, exact: bool) -> tuple[Fraction, Fraction] | None:
    """The values a cell written ``text`` stands for (``None`` for a missing cell)."""
    if text is None:
        return None
    cell = read_cell(text)
    h = half_width(cell, precision, exact)
    return cell.value - h, cell.value + h


def grid(decimals: int, precision: Fraction | None) -> int:
    """The exponent ``E`` of the integer grid of a column: half a written unit is whole on it."""
    e = decimals + 1
    if precision is not None:
        while (precision / 2 * 10**e).denominator != 1:
            e += 1
    return e


__all__ = ["NUMBER", "SAFE", "Cell", "cell_range", "grid", "half_width", "read_cell"]
