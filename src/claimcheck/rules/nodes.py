"""The syntax tree of the rule language: small immutable nodes, and text that parses back to them.

:func:`to_text` prints a tree back to text that parses to the same tree; :func:`names` and
:func:`children` walk it."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction

COMPARISONS = ("==", "<", "<=", ">", ">=")


@dataclass(frozen=True, slots=True)
class Node:
    """Base of the syntax tree; ``column`` is 1-based within the expression text."""

    column: int = field(default=0, compare=False, kw_only=True)


@dataclass(frozen=True, slots=True)
class Literal(Node):
    """A number written in the rule, exact, with an optional unit word (``300亿美元``, ``5 days``)."""

    text: str
    value: Fraction
    unit: str  # pint unit name, "dimensionless" for a bare number


@dataclass(frozen=True, slots=True)
class Name(Node):
    """A claim id."""

    id: str


@dataclass(frozen=True, slots=True)
class Neg(Node):
    operand: Node


@dataclass(frozen=True, slots=True)
class BinOp(Node):
    op: str  # + - * /
    left: Node
    right: Node


@dataclass(frozen=True, slots=True)
class Pow(Node):
    base: Node
    exponent: int


@dataclass(frozen=True, slots=True)
class Call(Node):
    func: str
    args: tuple[Node, ...]
    kwargs: tuple[tuple[str, Node], ...] = ()


@dataclass(frozen=True, slots=True)
class Compare(Node):
    """``a op b op c ...``: every link must hold for one choice of true values."""

    operands: tuple[Node, ...]
    ops: tuple[str, ...]

    def links(self) -> list[tuple[Node, str, Node]]:
        return [(self.operands[i], op, self.operands[i + 1]) for i, op in enumerate(self.ops)]


_PRECEDENCE = {"+": 1, "-": 1, "*": 2, "/": 2}


def to_text(node: Node) -> str:
    """Print a tree as an expression that :func:`parse` reads back to an equal tree."""
    return _text(node, 0)


def _text(node: Node, context: int) -> str:
    if isinstance(node, Compare):
        parts = [_text(node.operands[0], 0)]
        for op, operand in zip(node.ops, node.operands[1:], strict=True):
            parts += [op, _text(operand, 0)]
        return " ".join(parts)
    if isinstance(node, Literal):
        return node.text
    if isinstance(node, Name):
        return node.id
    if isinstance(node, Neg):
        inner = f"-{_text(node.operand, 3)}"
        return f"({inner})" if context > 2 else inner
    if isinstance(node, BinOp):
        p = _PRECEDENCE[node.op]
        inner = f"{_text(node.left, p)} {node.op} {_text(node.right, p + 1)}"
        return f"({inner})" if p < context else inner
    if isinstance(node, Pow):
        exp = str(node.exponent) if node.exponent >= 0 else f"({node.exponent})"
        inner = f"{_text(node.base, 4)} ** {exp}"
        return f"({inner})" if context >= 4 else inner
    if isinstance(node, Call):
        args = [_text(a, 0) for a in node.args] + [f"{k}={_text(v, 0)}" for k, v in node.kwargs]
        return f"{node.func}({', '.join(args)})"
    raise TypeError(node)  # pragma: no cover


def names(node: Node) -> list[str]:
    """Claim ids used by ``node``, in order of first use."""
    seen: dict[str, None] = {}
    stack = [node]
    while stack:
        n = stack.pop()
        if isinstance(n, Name):
            seen.setdefault(n.id, None)
        else:
            stack.extend(reversed(children(n)))
    return list(seen)


def children(node: Node) -> list[Node]:
    if isinstance(node, Compare):
        return list(node.operands)
    if isinstance(node, Neg):
        return [node.operand]
    if isinstance(node, BinOp):
        return [node.left, node.right]
    if isinstance(node, Pow):
        return [node.base]
    if isinstance(node, Call):
        return list(node.args) + [v for _, v in node.kwargs]
    return []
