"""The rule functions: their arguments, units and exact definitions.

Each function checks the units of its arguments (``growth`` of yuan over dollars is an error)
and lowers itself into the primitive operations of :mod:`claimcheck.exact.expr`. The table
:data:`FUNCTIONS` is the single source for the docs' function reference.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..exact.arith import Q
from ..exact.expr import Abs, Const, Div, Expr, MinMax, RPow, Sum

#: Largest numerator and denominator of ``years=`` in cagr (a root of degree above this is refused).
MAX_YEARS_NUMERATOR = 1000
MAX_YEARS_DENOMINATOR = 12


class Dim:
    """A physical dimension as exponents of base dimensions; currencies are distinct bases."""

    __slots__ = ("_items",)

    def __init__(self, items: dict[str, Q] | None = None) -> None:
        self._items = tuple(sorted((k, v) for k, v in (items or {}).items() if v != 0))

    @classmethod
    def of_unit(cls, unit_name: str) -> Dim:
        if unit_name == "dimensionless":
            return DIMENSIONLESS
        from ..figures.units import base_unit

        return cls(dict(base_unit(unit_name)[1]))

    def __mul__(self, other: Dim) -> Dim:
        d = dict(self._items)
        for k, v in other._items:
            d[k] = d.get(k, Q(0)) + v
        return Dim(d)

    def __truediv__(self, other: Dim) -> Dim:
        return self * other ** -1

    def __pow__(self, n: int | Q) -> Dim:
        return Dim({k: v * n for k, v in self._items})

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Dim) and self._items == other._items

    def __hash__(self) -> int:
        return hash(self._items)

    @property
    def dimensionless(self) -> bool:
        return not self._items

    def __str__(self) -> str:
        from ..figures.units import dimension_text

        return dimension_text(self._items)


DIMENSIONLESS = Dim()
TIME = Dim({"[time]": Q(1)})


@dataclass(frozen=True)
class Arg:
    """A lowered argument with its dimension and how to name it in messages."""

    expr: Expr
    dim: Dim
    label: object  # rendered with str() in messages, e.g. "trade_2020 (yuan)"


class FunctionError(Exception):
    """A call that does not fit the function; the rule compiler adds the location."""


@dataclass(frozen=True)
class Function:
    """A rule function: its signature, meaning and lowering."""

    name: str
    signature: str
    definition: str
    min_args: int
    max_args: int | None
    lower: Callable[[Sequence[Arg], dict[str, Q]], tuple[Expr, Dim]]
    keywords: tuple[str, ...] = ()


def _same_dims(name: str, args: Sequence[Arg]) -> Dim:
    first = args[0]
    for other in args[1:]:
        if other.dim != first.dim:
            raise FunctionError(
                f"{name}() needs arguments in the same units, but got {first.label} and {other.label}"
            )
    return first.dim


def _ratio(name: str, a: Arg, b: Arg) -> Div:
    return Div(a.expr, b.expr, what=f"{name}()")


def _sum(args: Sequence[Arg], kw: dict[str, Q]) -> tuple[Expr, Dim]:
    return Sum(tuple(a.expr for a in args), (1,) * len(args)), _same_dims("sum", args)


def _mean(args: Sequence[Arg], kw: dict[str, Q]) -> tuple[Expr, Dim]:
    dim = _same_dims("mean", args)
    return Div(Sum(tuple(a.expr for a in args), (1,) * len(args)), Const(Q(len(args))), "mean()"), dim


def _min(args: Sequence[Arg], kw: dict[str, Q]) -> tuple[Expr, Dim]:
    return MinMax(tuple(a.expr for a in args), False), _same_dims("min", args)


def _max(args: Sequence[Arg], kw: dict[str, Q]) -> tuple[Expr, Dim]:
    return MinMax(tuple(a.expr for a in args), True), _same_dims("max", args)


def _abs(args: Sequence[Arg], kw: dict[str, Q]) -> tuple[Expr, Dim]:
    return Abs(args[0].expr), args[0].dim


def _growth(args: Sequence[Arg], kw: dict[str, Q]) -> tuple[Expr, Dim]:
    new, old = args
    _same_dims("growth", args)
    return Sum((_ratio("growth", new, old), Const(Q(1))), (1, -1)), DIMENSIONLESS


def _reduction(args: Sequence[Arg], kw: dict[str, Q]) -> tuple[Expr, Dim]:
    old, new = args
    _same_dims("reduction", args)
    return Sum((Const(Q(1)), _ratio("reduction", new, old)), (1, -1)), DIMENSIONLESS


def _share(args: Sequence[Arg], kw: dict[str, Q]) -> tuple[Expr, Dim]:
    part, whole = args
    _same_dims("share", args)
    return _ratio("share", part, whole), DIMENSIONLESS


def _ratio_fn(args: Sequence[Arg], kw: dict[str, Q]) -> tuple[Expr, Dim]:
    a, b = args
    return _ratio("ratio", a, b), a.dim / b.dim


def _difference(args: Sequence[Arg], kw: dict[str, Q]) -> tuple[Expr, Dim]:
    new, old = args
    return Sum((new.expr, old.expr), (1, -1)), _same_dims("difference", args)


def _cagr(args: Sequence[Arg], kw: dict[str, Q]) -> tuple[Expr, Dim]:
    start, end = args
    _same_dims("cagr", args)
    if "years" not in kw:
        raise FunctionError("cagr() needs years=N, the number of years between start and end")
    years = kw["years"]
    if years <= 0:
        raise FunctionError(f"cagr() needs years > 0, got {years}")
    if years.numerator > MAX_YEARS_NUMERATOR or years.denominator > MAX_YEARS_DENOMINATOR:
        raise FunctionError(
            f"cagr() years={years} is out of range (numerator at most {MAX_YEARS_NUMERATOR}, "
            f"denominator at most {MAX_YEARS_DENOMINATOR})"
        )
    # (end / start) ** (1 / years) - 1, with 1/years = q/p
    p, q = int(years.numerator), int(years.denominator)
    growth_factor = RPow(_ratio("cagr", end, start), q, p, what="cagr() (end / start)")
    return Sum((growth_factor, Const(Q(1))), (1, -1)), DIMENSIONLESS


FUNCTIONS: dict[str, Function] = {
    f.name: f
    for f in [
        Function("sum", "sum(a, b, ...)", "a + b + ...", 1, None, _sum),
        Function("mean", "mean(a, b, ...)", "(a + b + ...) / n", 1, None, _mean),
        Function("min", "min(a, b, ...)", "the smallest argument", 1, None, _min),
        Function("max", "max(a, b, ...)", "the largest argument", 1, None, _max),
        Function("abs", "abs(x)", "|x|", 1, 1, _abs),
        Function("growth", "growth(new, old)", "new / old - 1 (a growth rate: 5% is 0.05)", 2, 2, _growth),
        Function(
            "cagr", "cagr(start, end, years=N)",
            "(end / start) ** (1 / N) - 1, the compound average annual growth rate", 2, 2, _cagr,
            keywords=("years",),
        ),
        Function("share", "share(part, whole)", "part / whole, in the same units", 2, 2, _share),
        Function("ratio", "ratio(a, b)", "a / b, in any units", 2, 2, _ratio_fn),
        Function(
            "reduction", "reduction(old, new)",
            "1 - new / old (a cut 'from 6 days to 1 day' is a reduction of 5/6)", 2, 2, _reduction,
        ),
        Function("difference", "difference(new, old)", "new - old, in the same units", 2, 2, _difference),
    ]
}

#: Functions that take a claim id rather than a value (handled by the rule compiler).
SPECIAL_FUNCTIONS = {
    "count": "count(list_claim): the number of items listed under the claim's items:",
}

#: Every name a claim id may not take.
RESERVED_NAMES = frozenset(FUNCTIONS) | frozenset(SPECIAL_FUNCTIONS)
