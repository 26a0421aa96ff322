"""The rule language: parsing ``check:`` expressions into claimcheck's own syntax tree.

Expressions are parsed with a lark LALR grammar (``grammar.lark``) into the small immutable
node types below; nothing is ever passed to ``eval``, and there is no attribute access, indexing
or arbitrary call. Length, nesting depth and exponents are limited so that no input can hang or
exhaust the process. :func:`to_text` prints a tree back to text that parses to the same tree.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from fractions import Fraction
from importlib import resources
from typing import Any

from .errors import ClaimcheckError, RuleError

#: Longest ``check:`` expression accepted, in characters.
MAX_EXPRESSION_CHARS = 20_000
#: Deepest nesting of parentheses, calls and unary signs.
MAX_DEPTH = 40
#: Largest absolute integer exponent of ``**``.
MAX_EXPONENT = 12

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


_parser_lock = threading.Lock()
_parser: Any = None


def _lark() -> Any:
    global _parser
    if _parser is None:
        with _parser_lock:
            if _parser is None:
                from lark import Lark

                grammar = resources.files("claimcheck").joinpath("grammar.lark").read_text("utf-8")
                _parser = Lark(grammar, parser="lalr", lexer="contextual", propagate_positions=False,
                               maybe_placeholders=True)
    return _parser


def parse(text: str) -> Compare:
    """Parse a ``check:`` expression; a :class:`RuleError` with the column on any problem."""
    if not isinstance(text, str):
        raise RuleError(f"a check is text, not {type(text).__name__}")
    if len(text) > MAX_EXPRESSION_CHARS:
        raise RuleError(f"expression of {len(text)} characters is too long (at most {MAX_EXPRESSION_CHARS})")
    _check_depth(text)
    from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

    try:
        tree = _lark().parse(text)
    except UnexpectedCharacters as exc:
        pos = exc.pos_in_stream or 0
        raise RuleError(f"unexpected character {text[pos]!r}", column=exc.column) from None
    except UnexpectedToken as exc:
        token = exc.token
        if token.type == "$END":
            raise RuleError("expression ends too early", column=len(text) + 1) from None
        raise RuleError(f"unexpected {str(token)!r}", column=token.column) from None
    except UnexpectedEOF:
        raise RuleError("expression ends too early", column=len(text) + 1) from None
    except UnexpectedInput as exc:  # pragma: no cover - other lark input errors
        raise RuleError(f"cannot parse: {exc}", column=getattr(exc, "column", None)) from None
    node = _Builder(text).build(tree, 0)
    if not isinstance(node, Compare):  # pragma: no cover - the grammar's start is a compare
        node = Compare(operands=(node,), ops=())
    if not node.ops:
        raise RuleError("a check compares: use ==, <, <=, > or >= (e.g. a + b == total)", column=1)
    if "!=" in node.ops:
        raise RuleError("'!=' is not a check claimcheck can prove or refute; use < or >", column=1)
    return node


def _check_depth(text: str) -> None:
    depth = 0
    run = 0
    for i, ch in enumerate(text):
        if ch == "(":
            depth += 1
            if depth > MAX_DEPTH:
                raise RuleError(f"expression is nested too deeply (at most {MAX_DEPTH} levels)", column=i + 1)
        elif ch == ")":
            depth -= 1
        if ch in "+-":
            run += 1
            if run > MAX_DEPTH:
                raise RuleError("too many signs in a row", column=i + 1)
        elif not ch.isspace():
            run = 0


class _Builder:
    def __init__(self, text: str) -> None:
        self.text = text

    def build(self, tree: Any, depth: int) -> Node:
        from lark import Token, Tree

        if depth > 3 * MAX_DEPTH:
            raise RuleError(f"expression is nested too deeply (at most {MAX_DEPTH} levels)")
        if isinstance(tree, Token):  # pragma: no cover - tokens are wrapped by the grammar
            raise RuleError(f"unexpected {str(tree)!r}", column=tree.column)
        assert isinstance(tree, Tree)
        kind = tree.data
        kids: list[Any] = list(tree.children)
        b = self.build
        if kind == "compare":
            operands = tuple(b(k, depth + 1) for k in kids[0::2])
            ops = tuple(str(k) for k in kids[1::2])
            return Compare(operands=operands, ops=ops, column=operands[0].column)
        if kind == "binop":
            left = b(kids[0], depth + 1)
            return BinOp(op=str(kids[1]), left=left, right=b(kids[2], depth + 1), column=left.column)
        if kind == "neg":
            operand = b(kids[0], depth + 1)
            return Neg(operand=operand, column=max(operand.column - 1, 1))
        if kind == "pos":
            return b(kids[0], depth + 1)
        if kind == "pow":
            base = b(kids[0], depth + 1)
            return Pow(base=base, exponent=self._exponent(b(kids[1], depth + 1)), column=base.column)
        if kind == "name":
            token = kids[0]
            return Name(id=str(token), column=token.column)
        if kind == "call":
            token = kids[0]
            args: list[Node] = []
            kwargs: list[tuple[str, Node]] = []
            if kids[1] is not None:
                for arg in kids[1].children:
                    if isinstance(arg, Tree) and arg.data == "kwarg":
                        key: Any = arg.children[0]
                        name = str(key)
                        if any(k == name for k, _ in kwargs):
                            raise RuleError(f"argument {name}= given twice", column=key.column)
                        kwargs.append((name, b(arg.children[1], depth + 1)))
                    else:
                        if kwargs:
                            raise RuleError("positional argument after a keyword argument", column=token.column)
                        args.append(b(arg, depth + 1))
            return Call(func=str(token), args=tuple(args), kwargs=tuple(kwargs), column=token.column)
        if kind == "literal":
            number, unit = kids[0], kids[1]
            return _literal(str(number), None if unit is None else str(unit), number.column)
        raise RuleError(f"unsupported syntax {kind}")  # pragma: no cover

    def _exponent(self, node: Node) -> int:
        sign = 1
        while isinstance(node, Neg):
            sign, node = -sign, node.operand
        if isinstance(node, Literal) and node.unit == "dimensionless" and node.value.denominator == 1:
            n = sign * node.value.numerator
            if abs(n) > MAX_EXPONENT:
                raise RuleError(f"exponent {n} is too large (at most {MAX_EXPONENT})", column=node.column)
            return n
        raise RuleError("exponents are small whole numbers (for roots, use cagr)", column=node.column)


def _literal(number: str, unit: str | None, column: int) -> Literal:
    from .reported import reported

    if unit is None:
        text = number
    else:
        text = f"{number} {unit}" if unit[:1].isascii() and unit[:1].isalpha() else f"{number}{unit}"
    try:
        r = reported(text, qualifier="exact")
    except ClaimcheckError as exc:
        raise RuleError(exc.message, column=column) from None
    return Literal(text=text, value=r.value, unit=r.unit_name, column=column)


# ------------------------------------------------------------------ printing

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
