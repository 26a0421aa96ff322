"""The expressions that rules are lowered into: primitive operations over claim variables.

Rule functions are lowered (:mod:`claimcheck.rules.functions`) into a handful of nodes over claim
variables in base units. Nodes compare by identity (a shared sub-expression is one node), and
the helpers here read their structure: names, repeated names, linear forms."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
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


#: How :func:`renaming` makes one node of a copy: from the nodes made before it, and the names.
Maker = Callable[[list[Expr], Sequence[str]], Expr]


def renaming(roots: Sequence[Expr], slots: Mapping[str, int],
             message: Callable[[str], Callable[[Sequence[str]], str] | None] | None = None,
             ) -> Callable[[Sequence[str]], list[Expr]]:
    """A function that copies ``roots`` over other names: given ``names``, the variable ``v`` of
    ``roots`` becomes ``names[slots[v]]`` (a variable not in ``slots`` keeps its name) and the
    message text ``w`` of a division or root becomes ``message(w)(names)`` (kept where ``message``
    gives ``None``). How the rule compiler makes a check from the expressions of another of the
    same shape, many times, so the work of walking ``roots`` is done here, once.

    Every node of a copy is new (the verifier keys some caches by a node's identity), and a node
    that ``roots`` share is one node in the copy too. Nothing is counted yet in a copy
    (:attr:`Sum.repeats` is left unset)."""
    order: list[Expr] = []  # every node once, each after its operands
    index: dict[Expr, int] = {}  # nodes hash by identity
    stack: list[tuple[Expr, bool]] = [(r, False) for r in reversed(roots)]
    while stack:
        x, ready = stack.pop()
        if x in index:
            continue
        if ready:
            index[x] = len(order)
            order.append(x)
        else:
            stack.append((x, True))
            stack.extend((o, False) for o in reversed(operands(x)) if o not in index)
    makers = [_maker(x, index, slots, message) for x in order]
    picked = [index[r] for r in roots]

    def copy(names: Sequence[str]) -> list[Expr]:
        made: list[Expr] = []
        for make in makers:
            made.append(make(made, names))
        return [made[i] for i in picked]

    return copy


def _maker(x: Expr, index: dict[Expr, int], slots: Mapping[str, int],
           message: Callable[[str], Callable[[Sequence[str]], str] | None] | None) -> Maker:
    """How :func:`renaming` makes the copy of ``x`` (its operands made before, at ``index``)."""
    if isinstance(x, Var):
        slot = slots.get(x.name)
        if slot is None:
            name = x.name
            return lambda made, names: Var(name)
        return lambda made, names: Var(names[slot])
    if isinstance(x, Const):
        value = x.value
        return lambda made, names: Const(value)
    if isinstance(x, Sum):
        terms, signs = [index[t] for t in x.terms], x.signs
        return lambda made, names: Sum(tuple([made[i] for i in terms]), signs)
    if isinstance(x, MinMax):
        args, is_max = [index[a] for a in x.args], x.is_max
        return lambda made, names: MinMax(tuple([made[i] for i in args]), is_max)
    if isinstance(x, Div | RPow):
        what = x.what
        render = None if message is None else message(what)
        text: Callable[[Sequence[str]], str] = (lambda names: what) if render is None else render
        if isinstance(x, RPow):
            base, p, q = index[x.base], x.p, x.q
            return lambda made, names: RPow(made[base], p, q, text(names))
        left, right = index[x.left], index[x.right]
        return lambda made, names: Div(made[left], made[right], text(names))
    if isinstance(x, Mul):
        left, right = index[x.left], index[x.right]
        return lambda made, names: Mul(made[left], made[right])
    if isinstance(x, PowInt):
        base, n = index[x.base], x.n
        return lambda made, names: PowInt(made[base], n)
    if isinstance(x, Abs):
        arg = index[x.arg]
        return lambda made, names: Abs(made[arg])
    raise TypeError(f"cannot copy {type(x).__name__}")  # pragma: no cover - every kind is above


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
