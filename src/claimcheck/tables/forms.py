"""A table rule in canonical form, so that every engine decides the same thing.

A comparison of linear expressions over columns becomes ``Σ aᵢ·xᵢ + a₀  op  0`` with exact
rational coefficients; a term may be a column or a group aggregate (``median(turnover) by size``,
``sum``, ``min``, ``max``). ``A implies B`` (validate's ``if``) is a conditional of two such
comparisons (or of several joined by ``and``); ``is_unique(a, b)`` and ``is_complete(a, b)`` check
keys and missing values. ``mean(profit) >= 1`` with no row term is a rule about the whole table.
What is not linear in the columns is refused with a message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from ..errors import RuleError
from ..rules.expressions import parse
from ..rules.nodes import BinOp, Call, Literal, Name, Neg, Node

AGGREGATES = ("median", "sum", "min", "max", "mean")
_BY = re.compile(r"^(?P<rule>.*?)\s+by\s+(?P<by>[A-Za-z_][\w.]*(?:\s*,\s*[A-Za-z_][\w.]*)*)\s*$", re.S)
_SET = re.compile(r"^\s*(?P<fn>is_unique|is_complete)\s*\((?P<args>[^()]*)\)\s*$")


@dataclass(frozen=True)
class Term:
    """A column, or an aggregate of a column over the rows of each group (or the whole table)."""

    column: str
    aggregate: str | None = None
    by: tuple[str, ...] = ()


@dataclass(frozen=True)
class Linear:
    """``Σ coef·term + const  op  0``."""

    terms: tuple[tuple[Fraction, Term], ...]
    const: Fraction
    op: str

    @property
    def columns(self) -> set[str]:
        return {t.column for _, t in self.terms} | {b for _, t in self.terms for b in t.by}

    @property
    def linear_equality(self) -> bool:
        return self.op == "=="

    @property
    def whole_table(self) -> bool:
        """A rule about the whole table: every term an aggregate over all rows."""
        return bool(self.terms) and all(t.aggregate is not None and not t.by for _, t in self.terms)


@dataclass(frozen=True)
class Conditional:
    """``when`` (all of them) implies ``then`` (all of them)."""

    when: tuple[Linear, ...]
    then: tuple[Linear, ...]

    @property
    def columns(self) -> set[str]:
        return set().union(*(f.columns for f in (*self.when, *self.then)))


@dataclass(frozen=True)
class Unique:
    keys: tuple[str, ...]

    @property
    def columns(self) -> set[str]:
        return set(self.keys)


@dataclass(frozen=True)
class Complete:
    names: tuple[str, ...]

    @property
    def columns(self) -> set[str]:
        return set(self.names)


@dataclass(frozen=True)
class NonLinear:
    """``left op right`` over products and quotients of columns (``staff_costs / staff <= 100``):
    decided at the ends of its interval, with an outward margin, and exactly where that is too close."""

    left: Node
    op: str
    right: Node
    names: tuple[str, ...]  # the columns, as the table names them

    @property
    def columns(self) -> set[str]:
        return set(self.names)


Form = Linear | Conditional | Unique | Complete | NonLinear


def identifier(column: str) -> str:
    """How a rule names a column: ``other.rev`` is ``other_rev`` (dots and spaces become ``_``)."""
    return re.sub(r"\W", "_", column)


def compile_rule(text: str, columns: dict[str, str]) -> Form:
    """The canonical form of a rule over columns (``columns`` maps each rule name to its column)."""
    text = " ".join(text.split())
    m = _SET.match(text)
    if m:
        names = tuple(_column(a.strip(), columns) for a in m.group("args").split(",") if a.strip())
        if not names:
            raise RuleError(f"{m.group('fn')}() names at least one column")
        return Unique(names) if m.group("fn") == "is_unique" else Complete(names)
    by: tuple[str, ...] = ()
    m = _BY.match(text)
    if m:
        text = m.group("rule")
        by = tuple(_column(b.strip(), columns) for b in m.group("by").split(","))
    if " implies " in text:
        when, _, then = text.partition(" implies ")
        return Conditional(_conjunction(when, columns, by), _conjunction(then, columns, by))
    try:
        forms = _conjunction(text, columns, by)
        if len(forms) != 1:
            raise RuleError("a table rule compares once: write a chain (a <= b <= c) or an 'and' as separate rules")
        (form,) = forms
    except RuleError as exc:
        if "linear in the columns" not in exc.message or by or " and " in text or "compares once" in exc.message:
            raise
        return _nonlinear(text, columns)
    return form


def _nonlinear(text: str, columns: dict[str, str]) -> NonLinear:
    tree = parse(text)
    if len(tree.ops) != 1:
        raise RuleError("a rule with products or quotients of columns compares two sides once")
    left, right = tree.operands
    names: list[str] = []
    for side in (left, right):
        _check_arithmetic(side, columns, names)
    return NonLinear(left, tree.ops[0], right, tuple(dict.fromkeys(names)))


def _check_arithmetic(node: Node, columns: dict[str, str], names: list[str]) -> None:
    if isinstance(node, Literal):
        if node.unit != "dimensionless":
            raise RuleError(f"a table rule's numbers are in the columns' units: write {node.text} without a unit")
        return
    if isinstance(node, Name):
        names.append(_column(node.id, columns))
        return
    if isinstance(node, Neg):
        _check_arithmetic(node.operand, columns, names)
        return
    if isinstance(node, BinOp):
        _check_arithmetic(node.left, columns, names)
        _check_arithmetic(node.right, columns, names)
        return
    raise RuleError("a table rule uses + - * / of columns and numbers, group aggregates in linear rules, "
                    "implies, is_unique and is_complete")


def _conjunction(text: str, columns: dict[str, str], by: tuple[str, ...]) -> tuple[Linear, ...]:
    return tuple(f for part in text.split(" and ") for f in _comparison(part, columns, by))


def _comparison(text: str, columns: dict[str, str], by: tuple[str, ...]) -> list[Linear]:
    tree = parse(text)
    out = []
    for left, op, right in tree.links():
        terms: dict[Term, Fraction] = {}
        const = _collect(left, Fraction(1), terms, columns, by) + _collect(right, Fraction(1), terms, columns, by, -1)
        out.append(Linear(tuple((c, t) for t, c in terms.items() if c != 0), const, op))
    return out


def _collect(node: Node, scale: Fraction, terms: dict[Term, Fraction], columns: dict[str, str],
             by: tuple[str, ...], sign: int = 1) -> Fraction:
    """Add ``sign·scale·node`` to ``terms``; return its constant part."""
    if isinstance(node, Literal):
        if node.unit != "dimensionless":
            raise RuleError(f"a table rule's numbers are in the columns' units: write {node.text} without a unit")
        return sign * scale * node.value
    if isinstance(node, Name):
        term = Term(_column(node.id, columns))
        terms[term] = terms.get(term, Fraction(0)) + sign * scale
        return Fraction(0)
    if isinstance(node, Neg):
        return _collect(node.operand, -scale, terms, columns, by, sign)
    if isinstance(node, Call) and node.func in AGGREGATES:
        if len(node.args) != 1 or not isinstance(node.args[0], Name) or node.kwargs:
            raise RuleError(f"{node.func}() takes one column: {node.func}(turnover)")
        term = Term(_column(node.args[0].id, columns), node.func, by)
        terms[term] = terms.get(term, Fraction(0)) + sign * scale
        return Fraction(0)
    if isinstance(node, BinOp):
        if node.op in "+-":
            right = -1 if node.op == "-" else 1
            return (_collect(node.left, scale, terms, columns, by, sign)
                    + _collect(node.right, scale * right, terms, columns, by, sign))
        constant = _constant(node.left) if node.op == "*" else None
        if constant is not None:
            return _collect(node.right, scale * constant, terms, columns, by, sign)
        constant = _constant(node.right)
        if constant is not None and (node.op == "*" or constant != 0):
            factor = constant if node.op == "*" else 1 / constant
            return _collect(node.left, scale * factor, terms, columns, by, sign)
    raise RuleError("a table rule is linear in the columns: sums and differences of columns and group "
                    "aggregates times numbers (turnover + other_rev == total_rev, profit <= 0.6 * total_rev)")


def _constant(node: Node) -> Fraction | None:
    if isinstance(node, Literal) and node.unit == "dimensionless":
        return node.value
    if isinstance(node, Neg):
        inner = _constant(node.operand)
        return None if inner is None else -inner
    if isinstance(node, BinOp):
        a, b = _constant(node.left), _constant(node.right)
        if a is None or b is None:
            return None
        if node.op == "+":
            return a + b
        if node.op == "-":
            return a - b
        if node.op == "*":
            return a * b
        if node.op == "/" and b != 0:
            return a / b
    return None


def _column(name: str, columns: dict[str, str]) -> str:
    if name in columns:
        return columns[name]
    import difflib

    hint = difflib.get_close_matches(name, list(columns), n=1)
    raise RuleError(f"unknown column {name!r}" + (f" (did you mean {hint[0]!r}?)" if hint else ""))


__all__ = ["AGGREGATES", "Complete", "Conditional", "Form", "Linear", "NonLinear", "Term", "Unique", "compile_rule",
           "identifier"]
