"""Lowering a check's syntax tree: names resolved, units checked, functions lowered.

:class:`Lowerer` turns a tree into expressions over claim variables (:class:`ClaimVar`, a claim's
interval in exact base units) and raises a :class:`~claimcheck.errors.RuleError` at the column of
an unknown name (with a did-you-mean), a unit mismatch (yuan + dollars), a bad call and the like.
"""

from __future__ import annotations

import difflib
import functools
from dataclasses import dataclass

from ..errors import RuleError
from ..exact.arith import INF, Iv, Q
from ..exact.evaluation import evaluate
from ..exact.expr import Const, Div, Expr, Mul, PowInt, Sum, Undefined, Var
from ..figures.reported import Reported
from ..figures.units import factor_of
from ..files.model import ClaimFile
from .functions import DIMENSIONLESS, FUNCTIONS, SPECIAL_FUNCTIONS, TIME, Arg, Dim, FunctionError
from .nodes import BinOp, Call, Literal, Name, Neg, Node, Pow, names, to_text

__all__ = ["ClaimVar", "Label", "Lowerer", "claim_var"]


@dataclass(frozen=True)
class ClaimVar:
    """A claim as a variable: its reading and its interval in base units (closed; see docs)."""

    id: str
    reported: Reported
    factor: Q  # written unit -> base units
    box: Iv  # closure of the interval, in base units
    #: the written value in base units; moved to the nearest end where the interval leaves it
    #: out (6000余家 of whole firms is 6001 to 6999), so that widening only ever widens
    nominal: Q
    dim: Dim

    @property
    def reach(self) -> tuple[Q | float, Q | float]:
        """How far the interval reaches below and above the written value (-inf/inf: unbounded)."""
        lo, hi = self.box.lo, self.box.hi
        return (lo if isinstance(lo, float) else self.nominal - lo,
                hi if isinstance(hi, float) else hi - self.nominal)


@functools.lru_cache(maxsize=256)
def _basis(unit_name: str) -> tuple[Q, Dim]:
    """A unit's exact factor to base units and its dimension (both immutable): looked up once per
    unit, not once per claim."""
    return Q(factor_of(unit_name)), Dim.of_unit(unit_name)


def claim_var(cid: str, r: Reported) -> ClaimVar:
    factor, dim = _basis(r.unit_name)  # the verifier's exact rationals from here on
    iv = r.interval
    lo = -INF if iv.low is None else Q(iv.low) * factor
    hi = INF if iv.high is None else Q(iv.high) * factor
    written = Q(r.value) * factor
    nominal = written if isinstance(lo, float) or lo <= written else lo
    nominal = nominal if isinstance(hi, float) or nominal <= hi else hi
    return ClaimVar(cid, r, factor, Iv(lo, hi), nominal, dim)


class Label:
    """How a sub-expression is named in messages, rendered only when a message needs it."""

    __slots__ = ("dim", "node")

    def __init__(self, node: Node, dim: Dim | str | None = None) -> None:
        self.node = node
        self.dim = dim

    def __str__(self) -> str:
        text = self.node.id if isinstance(self.node, Name) else to_text(self.node)
        return text if self.dim is None else f"{text} ({self.dim})"

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)


class Lowerer:
    def __init__(self, claim_file: ClaimFile, claims: dict[str, ClaimVar]) -> None:
        self.file = claim_file
        self.claims = claims
        self.vars: dict[str, Var] = {}

    def lower(self, node: Node) -> tuple[Expr, Dim, Label]:
        """(expression, dimension, label for messages)."""
        if isinstance(node, Name):
            cv = self._claim(node)
            var = self.vars.setdefault(cv.id, Var(cv.id))
            return var, cv.dim, Label(node, cv.reported.unit_name)
        if isinstance(node, Literal):
            factor = factor_of(node.unit)
            return Const(Q(node.value) * Q(factor)), Dim.of_unit(node.unit), Label(node)
        if isinstance(node, Neg):
            e, d, _ = self.lower(node.operand)
            return Sum((e,), (-1,)), d, Label(node, d)
        if isinstance(node, BinOp) and node.op in "+-":
            # a + b - c + ...: one flat sum, built without recursing down the chain
            chain: list[BinOp] = []
            cur: Node = node
            while isinstance(cur, BinOp) and cur.op in "+-":
                chain.append(cur)
                cur = cur.left
            first, dim, left_label = self.lower(cur)
            terms, signs = [first], [1]
            for link in reversed(chain):
                e, d, label = self.lower(link.right)
                if d != dim:
                    raise RuleError(
                        f"cannot {'add' if link.op == '+' else 'subtract'} {left_label} and {label}: "
                        "the units differ",
                        column=link.column,
                    )
                terms.append(e)
                signs.append(1 if link.op == "+" else -1)
                left_label = Label(link, dim)
            return Sum(tuple(terms), tuple(signs)), dim, Label(node, dim)
        if isinstance(node, BinOp):
            le, ld, _ = self.lower(node.left)
            re, rd, _ = self.lower(node.right)
            if node.op == "*":
                return Mul(le, re), ld * rd, Label(node, ld * rd)
            return Div(le, re, what=f"'{to_text(node)}'" if len(names(node)) < 8 else "a division"), ld / rd, \
                Label(node, ld / rd)
        if isinstance(node, Pow):
            e, d, _ = self.lower(node.base)
            return PowInt(e, node.exponent), d**node.exponent, Label(node, d**node.exponent)
        if isinstance(node, Call):
            return self._call(node)
        raise RuleError(f"cannot use {type(node).__name__} here", column=node.column)  # pragma: no cover

    def _claim(self, node: Name) -> ClaimVar:
        cv = self.claims.get(node.id)
        if cv is not None:
            return cv
        if node.id in self.file.rules:
            raise RuleError(f"{node.id!r} is a rule; a check refers to claims, not to rules", column=node.column)
        if node.id in FUNCTIONS or node.id in SPECIAL_FUNCTIONS:
            raise RuleError(f"{node.id!r} is a function; call it as {node.id}(...)", column=node.column)
        hint = difflib.get_close_matches(node.id, list(self.claims), n=1)
        suggestion = f" (did you mean {hint[0]!r}?)" if hint else ""
        raise RuleError(f"unknown claim {node.id!r}{suggestion}", column=node.column)

    def _call(self, node: Call) -> tuple[Expr, Dim, Label]:
        if node.func == "count":
            return self._count(node)
        fn = FUNCTIONS.get(node.func)
        if fn is None:
            if node.func in self.claims:
                raise RuleError(f"{node.func!r} is a claim, not a function", column=node.column)
            hint = difflib.get_close_matches(node.func, [*FUNCTIONS, *SPECIAL_FUNCTIONS], n=1)
            suggestion = f" (did you mean {hint[0]}()?)" if hint else f"; functions: {', '.join(FUNCTIONS)}, count"
            raise RuleError(f"unknown function {node.func}(){suggestion}", column=node.column)
        n = len(node.args)
        if n < fn.min_args or (fn.max_args is not None and n > fn.max_args):
            raise RuleError(f"{fn.signature} takes {_arity(fn.min_args, fn.max_args)}, got {n}", column=node.column)
        kw: dict[str, Q] = {}
        for key, value in node.kwargs:
            if key not in fn.keywords:
                allowed = ", ".join(f"{k}=" for k in fn.keywords) or "none"
                raise RuleError(f"{fn.name}() has no argument {key}= (allowed: {allowed})", column=node.column)
            kw[key] = self._constant(value, key, fn.name)
        args = []
        for a in node.args:
            e, d, label = self.lower(a)
            args.append(Arg(e, d, label))
        try:
            expr, dim = fn.lower(args, kw)
        except FunctionError as exc:
            raise RuleError(str(exc), column=node.column) from None
        return expr, dim, Label(node, dim)

    def _constant(self, node: Node, key: str, fname: str) -> Q:
        if names(node):
            raise RuleError(f"{fname}() {key}= must be a number, not an expression over claims", column=node.column)
        e, d, _ = self.lower(node)
        try:
            v = evaluate(e, {})
        except Undefined as exc:
            raise RuleError(exc.message, column=node.column) from None
        if not v.is_point or isinstance(v.lo, float):  # pragma: no cover - constants are exact
            raise RuleError(f"{key}= must be an exact number", column=node.column)
        if d == TIME:
            return v.lo / Q(factor_of("year"))
        if d != DIMENSIONLESS:
            raise RuleError(f"{fname}() {key}= must be a number of years, not {d}", column=node.column)
        return v.lo

    def _count(self, node: Call) -> tuple[Expr, Dim, Label]:
        if len(node.args) != 1 or node.kwargs or not isinstance(node.args[0], Name):
            raise RuleError("count() takes one claim id, e.g. count(five_industries)", column=node.column)
        cv = self._claim(node.args[0])
        items = self.file.claims[cv.id].items
        if items is None:
            raise RuleError(f"count({cv.id}): claim {cv.id!r} has no items: list", column=node.column)
        return Const(Q(len(items)) * cv.factor), cv.dim, Label(node, cv.dim)


def _arity(lo: int, hi: int | None) -> str:
    if hi is None:
        return f"{lo} or more arguments"
    if lo == hi:
        return f"{lo} argument{'s' if lo != 1 else ''}"
    return f"{lo} to {hi} arguments"
