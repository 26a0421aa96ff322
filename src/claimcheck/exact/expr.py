"""The expressions that rules are lowered into: primitive operations over claim variables.

Rule functions are lowered (:mod:`claimcheck.rules.functions`) into a handful of nodes over claim
variables in base units. Nodes compare by identity (a shared sub-expression is one node), and
the helpers here read their structure: names, repeated names, linear forms."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from . import arith
from .arith import Iv, Q

Box = dict[str, Iv]


class Undefined(Exception):
    """The expression is undefined for every value in the box (e.g. a zero denominator)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True, slots=True, eq=False)
class Expr:
    """A lowered expression; ``what`` names the source construct for messages."""


@dataclass(frozen=True, slots=True, eq=False)
class Var(Expr):
    name: str


@dataclass(frozen=True, slots=True, eq=False)
class Const(Expr):
    value: Q


@dataclass(frozen=True, slots=True, eq=False)
class Sum(Expr):
    """``sum(sign_i * term_i)``: n-ary so that long totals stay flat."""

    terms: tuple[Expr, ...]
    signs: tuple[int, ...]
    #: the claims that occur more than once in it, once :func:`repeated_names` has counted them
    repeats: tuple[str, ...] | None = field(default=None, repr=False)


@dataclass(frozen=True, slots=True, eq=False)
class Mul(Expr):
    left: Expr
    right: Expr


@dataclass(frozen=True, slots=True, eq=False)
class Div(Expr):
    left: Expr
    right: Expr
    what: str = "a division"


@dataclass(frozen=True, slots=True, eq=False)
class PowInt(Expr):
    base: Expr
    n: int


@dataclass(frozen=True, slots=True, eq=False)
class RPow(Expr):
    """``base ** (p/q)`` on ``base >= 0`` (``> 0`` when p < 0); used by cagr."""

    base: Expr
    p: int
    q: int
    what: str = "a root"


@dataclass(frozen=True, slots=True, eq=False)
class MinMax(Expr):
    args: tuple[Expr, ...]
    is_max: bool


@dataclass(frozen=True, slots=True, eq=False)
class Abs(Expr):
    arg: Expr


def variables(e: Expr) -> list[str]:
    """Variable names in ``e`` with repetitions (a name used twice is listed twice)."""
    out: list[str] = []
    stack = [e]
    while stack:
        x = stack.pop()
        if isinstance(x, Var):
            out.append(x.name)
        else:
            stack.extend(operands(x))
    return out


def repeated_names(e: Expr) -> tuple[str, ...]:
    """The claims that occur more than once in ``e``, sorted (remembered by a :class:`Sum`, the
    root of every check: the verifier asks this of the same check many times)."""
    if isinstance(e, Sum) and e.repeats is not None:
        return e.repeats
    counts = Counter(variables(e))
    found = tuple(sorted(v for v, c in counts.items() if c > 1))
    if isinstance(e, Sum):
        object.__setattr__(e, "repeats", found)
    return found


def operands(e: Expr) -> list[Expr]:
    if isinstance(e, Sum):
        return list(e.terms)
    if isinstance(e, Mul | Div):
        return [e.left, e.right]
    if isinstance(e, PowInt | RPow):
        return [e.base]
    if isinstance(e, MinMax):
        return list(e.args)
    if isinstance(e, Abs):
        return [e.arg]
    return []


def linear_form(e: Expr) -> tuple[Q, dict[str, Q]] | None:
    """``e`` as ``const + sum(coeff * var)`` when it is linear in the claims, else ``None``."""
    const = Q(0)
    coeffs: dict[str, Q] = {}
    stack: list[tuple[Expr, Q]] = [(e, Q(1))]
    while stack:
        x, scale = stack.pop()
        if isinstance(x, Var):
            coeffs[x.name] = coeffs.get(x.name, Q(0)) + scale
        elif isinstance(x, Const):
            const += scale * x.value
        elif isinstance(x, Sum):
            stack.extend((t, scale * s) for t, s in zip(x.terms, x.signs, strict=True))
        elif isinstance(x, Mul) and isinstance(x.left, Const):
            stack.append((x.right, scale * x.left.value))
        elif isinstance(x, Mul) and isinstance(x.right, Const):
            stack.append((x.left, scale * x.right.value))
        elif isinstance(x, Div) and isinstance(x.right, Const) and x.right.value != 0:
            stack.append((x.left, scale / x.right.value))
        else:
            return None
    return const, {k: v for k, v in coeffs.items() if v != 0}


def finite_sum(bounds: Iterable[arith.Bound]) -> tuple[Q, int]:
    """The sum of the finite bounds and how many are infinite (they are all of one sign)."""
    total = Q(0)
    infinite = 0
    for b in bounds:
        if isinstance(b, float):
            infinite += 1
        else:
            total += b
    return total, infinite


def others(total: Q, infinite: int, own: arith.Bound, inf: float) -> arith.Bound:
    """The sum of every bound but ``own``, from the totals of :func:`finite_sum`, in O(1)."""
    if isinstance(own, float):
        return total if infinite == 1 else inf
    return total - own if infinite == 0 else inf
