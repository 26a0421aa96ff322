"""Rules with products and quotients of columns: interval ends in floats with an outward margin
inside the engine, and the rows too close to call decided again exactly, in rationals.

Each cell stands for an interval (its written rounding, or a point under validate's semantics); the
two sides of the rule are evaluated by interval arithmetic, which is exact for the range of an
expression in which each column occurs once, and otherwise wider than the range (a rule may then be
found to hold where it does not, never to fail where it holds). A quotient by an interval that
reaches 0 is unbounded: the row can hold, or, with exact cells and a divisor of 0, has no value (NA).
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from ..rules.nodes import BinOp, Literal, Name, Neg, Node
from .forms import NonLinear
from .plan import holds

Range = tuple[Fraction, Fraction]
#: The relative margin around the float ends within which a row is decided again exactly.
MARGIN = 1e-9


def exact_range(node: Node, cells: dict[str, Range], columns: dict[str, str]) -> Range | None:
    """The range of ``node`` over the cells' intervals, exactly; ``None`` when unbounded."""
    if isinstance(node, Literal):
        return node.value, node.value
    if isinstance(node, Name):
        return cells[columns.get(node.id, node.id)]
    if isinstance(node, Neg):
        inner = exact_range(node.operand, cells, columns)
        return None if inner is None else (-inner[1], -inner[0])
    assert isinstance(node, BinOp)
    a, b = exact_range(node.left, cells, columns), exact_range(node.right, cells, columns)
    if a is None or b is None:
        return None
    if node.op == "+":
        return a[0] + b[0], a[1] + b[1]
    if node.op == "-":
        return a[0] - b[1], a[1] - b[0]
    if node.op == "/":
        if b[0] <= 0 <= b[1]:
            return None
        b = (1 / b[1], 1 / b[0])
    products = [x * y for x in a for y in b]
    return min(products), max(products)


def decide(form: NonLinear, cells: dict[str, Range | None], columns: dict[str, str], exact: bool) -> bool | None:
    """Whether the row can satisfy ``form`` (None: a needed cell is missing, or a divisor is 0)."""
    if any(cells.get(c) is None for c in form.names):
        return None
    known = {c: r for c, r in cells.items() if r is not None}
    left, right = exact_range(form.left, known, columns), exact_range(form.right, known, columns)
    if left is None or right is None:
        return None if exact else True
    return holds(form.op, left[0] - right[1], left[1] - right[0])


def float_ends(node: Node, low: dict[str, Any], high: dict[str, Any], pl: Any, columns: dict[str, str]
               ) -> tuple[Any, Any, Any]:
    """Polars expressions (low, high, unbounded) of ``node`` by float interval arithmetic."""
    if isinstance(node, Literal):
        v = pl.lit(float(node.value))
        return v, v, pl.lit(False)
    if isinstance(node, Name):
        c = columns.get(node.id, node.id)
        return low[c], high[c], pl.lit(False)
    if isinstance(node, Neg):
        a_lo, a_hi, u = float_ends(node.operand, low, high, pl, columns)
        return -a_hi, -a_lo, u
    assert isinstance(node, BinOp)
    a_lo, a_hi, ua = float_ends(node.left, low, high, pl, columns)
    b_lo, b_hi, ub = float_ends(node.right, low, high, pl, columns)
    unbounded = ua | ub
    if node.op == "+":
        return a_lo + b_lo, a_hi + b_hi, unbounded
    if node.op == "-":
        return a_lo - b_hi, a_hi - b_lo, unbounded
    if node.op == "/":
        unbounded = unbounded | ((b_lo <= 0) & (b_hi >= 0))
        b_lo, b_hi = 1 / b_hi, 1 / b_lo
    products = [a_lo * b_lo, a_lo * b_hi, a_hi * b_lo, a_hi * b_hi]
    return pl.min_horizontal(products), pl.max_horizontal(products), unbounded


__all__ = ["MARGIN", "decide", "exact_range", "float_ends"]
