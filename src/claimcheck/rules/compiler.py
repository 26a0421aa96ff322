"""Compiling a claim file's rules: names resolved, units checked, functions lowered.

:func:`compile_file` turns every ``check:`` into :class:`CompiledCheck` objects over claim
variables in exact base units, and raises a located :class:`~claimcheck.errors.RuleError` for
unknown names (with a did-you-mean), unit mismatches (yuan + dollars), bad calls and the like,
so that all of this is an error when a file is loaded, not when it is verified.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from ..errors import MAX_PROBLEMS, ClaimcheckError, RuleError, gathered
from ..exact.arith import INF, Iv, Q
from ..exact.evaluation import evaluate
from ..exact.expr import Const, Div, Expr, Mul, PowInt, Sum, Undefined, Var, linear_form, variables
from ..figures.reported import Reported
from ..figures.units import factor_of
from ..files.model import ClaimFile, Expect, Reading, Rule
from ..files.syntax import VALUE
from .expressions import parse
from .functions import DIMENSIONLESS, FUNCTIONS, RESERVED_NAMES, SPECIAL_FUNCTIONS, TIME, Arg, Dim, FunctionError
from .nodes import BinOp, Call, Compare, Literal, Name, Neg, Node, Pow, names, to_text

__all__ = [
    "ClaimVar", "CompiledCheck", "CompiledFile", "CompiledRule", "compile_file", "lower_node",
]


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


@dataclass(frozen=True)
class Link:
    """One comparison ``left op right`` of a check, lowered."""

    left: Expr
    op: str
    right: Expr
    left_node: Node
    right_node: Node
    #: ``left - right``, and its linear form (``None`` when not linear): built once, used by every test
    diff: Expr = field(init=False)
    linear: tuple[Q, dict[str, Q]] | None = field(init=False)
    #: the claims the comparison names
    claims: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "diff", Sum((self.left, self.right), (1, -1)))
        object.__setattr__(self, "linear", linear_form(self.diff))
        object.__setattr__(self, "claims", frozenset(variables(self.diff)))


@dataclass
class CompiledCheck:
    """One check (a rule's, or one reading's) ready to verify."""

    rule_id: str
    reading_id: str | None
    text: str
    tree: Compare
    links: list[Link]
    claims: list[str]
    expect: Expect
    note: str | None
    line: int | None
    column: int | None
    #: claims this reading reads in its own way (precision, qualifier, tolerance), by id
    overrides: dict[str, ClaimVar] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return self.rule_id if self.reading_id is None else f"{self.rule_id}.{self.reading_id}"


@dataclass
class CompiledRule:
    id: str
    note: str | None
    line: int | None
    checks: list[CompiledCheck]

    @property
    def has_readings(self) -> bool:
        return self.checks[0].reading_id is not None


@dataclass
class CompiledFile:
    source: ClaimFile
    claims: dict[str, ClaimVar]
    rules: dict[str, CompiledRule] = field(default_factory=dict)


def claim_var(cid: str, r: Reported) -> ClaimVar:
    factor = Q(factor_of(r.unit_name))  # the verifier's exact rationals from here on
    iv = r.interval
    lo = -INF if iv.low is None else Q(iv.low) * factor
    hi = INF if iv.high is None else Q(iv.high) * factor
    written = Q(r.value) * factor
    nominal = written if isinstance(lo, float) or lo <= written else lo
    nominal = nominal if isinstance(hi, float) or nominal <= hi else hi
    return ClaimVar(cid, r, factor, Iv(lo, hi), nominal, Dim.of_unit(r.unit_name))


def compile_file(claim_file: ClaimFile) -> CompiledFile:
    """Compile every rule of ``claim_file``; problems raise one located error that lists each
    (figures first: rules are compiled only over readable figures)."""
    readings = claim_file.intervals()
    problems: list[ClaimcheckError] = [
        claim_file.error(f"claim id {cid!r} is the name of a rule function; choose another id", "claims", cid,
                         kind=RuleError)
        for cid in claim_file.claims if cid in RESERVED_NAMES
    ]
    if problems:
        raise gathered(problems)
    claims = {cid: claim_var(cid, r) for cid, r in readings.items()}
    compiled = CompiledFile(claim_file, claims)
    for rid, rule in claim_file.rules.items():
        if len(problems) >= MAX_PROBLEMS:
            break
        checks = []
        for reading_id, reading in rule.alternatives().items():
            path = ("rules", rid, "check") if reading_id is None else ("rules", rid, "readings", reading_id, "check")
            where = claim_file.location(*path, VALUE)
            line, column = where if where else (None, None)
            try:
                overrides = _overrides(claim_file, rid, reading_id, reading)
                scope = {**claims, **overrides} if overrides else claims  # no copy of every claim per rule
                check = _compile_check(claim_file, scope, rid, reading_id, reading.check, reading.expect,
                                       reading.note, line, column)
                check.overrides = overrides
                checks.append(check)
            except ClaimcheckError as exc:
                inside = None if exc.column is None else claim_file.location_in_value(*path, VALUE, column=exc.column)
                if inside is not None and exc.line is None:
                    exc.line, exc.column = inside  # a check written over several lines
                elif exc.column is not None and column is not None and exc.line is None:
                    exc.column = column + exc.column - 1
                    exc.line = line
                where_text = rid if reading_id is None else f"{rid} (reading {reading_id})"
                exc.message = f"rule {where_text}: {exc.message}"
                problems.append(exc.located(file=claim_file.source, line=line, column=column))
        rule_where = claim_file.location("rules", rid)
        compiled.rules[rid] = CompiledRule(rid, rule.note, rule_where[0] if rule_where else None, checks)
    if problems:
        raise gathered(problems)
    _check_recorded_conflicts(claim_file)
    return compiled


def compile_rule(compiled: CompiledFile, rid: str, rule: Rule) -> CompiledRule:
    """Compile one rule over the claims of ``compiled`` (a rule proposed rather than written in the
    file: no line of its own); a :class:`ClaimcheckError` if it does not compile."""
    checks = [_compile_check(compiled.source, compiled.claims, rid, reading_id, reading.check, reading.expect,
                             reading.note, None, None)
              for reading_id, reading in rule.alternatives().items()]
    return CompiledRule(rid, rule.note, None, checks)


def _check_recorded_conflicts(claim_file: ClaimFile) -> None:
    """Every rule a recorded conflict names exists, once, and has a single check (rules with
    readings are left out of the joint check)."""
    for i, record in enumerate(claim_file.conflicts):
        for j, rid in enumerate(record.rules):
            where = ("conflicts", str(i), "rules", str(j))
            rule = claim_file.rules.get(rid)
            if rule is None:
                hint = difflib.get_close_matches(rid, list(claim_file.rules), n=1)
                suggestion = f" (did you mean {hint[0]!r}?)" if hint else ""
                raise claim_file.error(f"recorded conflict names an unknown rule {rid!r}{suggestion}", *where,
                                       kind=RuleError)
            if rule.readings is not None:
                raise claim_file.error(
                    f"rule {rid!r} has readings, which are left out of the joint check: it cannot be in a conflict",
                    *where, kind=RuleError,
                )
            if rid in record.rules[:j]:
                raise claim_file.error(f"rule {rid!r} is named twice in one recorded conflict", *where,
                                       kind=RuleError)


def _overrides(claim_file: ClaimFile, rid: str, reading_id: str | None, reading: Reading) -> dict[str, ClaimVar]:
    """The claims a reading reads in its own way, read that way (errors located in the reading)."""
    out: dict[str, ClaimVar] = {}
    for cid, how in (reading.claims or {}).items():
        where = ("rules", rid, "readings", str(reading_id), "claims", cid)
        if cid not in claim_file.claims:
            hint = difflib.get_close_matches(cid, list(claim_file.claims), n=1)
            raise claim_file.error(f"reads claim {cid!r}, which the file does not have"
                                   + (f" (did you mean {hint[0]!r}?)" if hint else ""), *where, kind=RuleError)
        claim = claim_file.claims[cid].model_copy(update=how.model_dump(exclude_none=True))
        try:
            out[cid] = claim_var(cid, claim.reading(claim_file.policy, claim_file.defaults))
        except ClaimcheckError as exc:
            where_at = claim_file.location(*where)
            raise exc.located(file=claim_file.source, line=where_at[0] if where_at else None,
                              column=where_at[1] if where_at else None) from None
    return out


def _compile_check(
    claim_file: ClaimFile, claims: dict[str, ClaimVar], rid: str, reading_id: str | None, text: str,
    expect: Expect, note: str | None, line: int | None, column: int | None,
) -> CompiledCheck:
    tree = parse(text)
    lowerer = _Lowerer(claim_file, claims)
    lowered = [lowerer.lower(op) for op in tree.operands]
    links = []
    for i, op in enumerate(tree.ops):
        (le, ld, ll), (re, rd, rl) = lowered[i], lowered[i + 1]
        if ld != rd:
            raise RuleError(f"cannot compare {ll} with {rl}: the units differ", column=tree.operands[i].column)
        links.append(Link(le, op, re, tree.operands[i], tree.operands[i + 1]))
    used = [n for n in names(tree) if n in claims]
    return CompiledCheck(rid, reading_id, text, tree, links, used, expect, note, line, column)


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


class _Lowerer:
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


def lower_node(compiled: CompiledFile, node: Node) -> tuple[Expr, Dim]:
    """Lower one sub-expression of a check (for step-by-step explanations)."""
    expr, dim, _ = _Lowerer(compiled.source, compiled.claims).lower(node)
    return expr, dim


def _arity(lo: int, hi: int | None) -> str:
    if hi is None:
        return f"{lo} or more arguments"
    if lo == hi:
        return f"{lo} argument{'s' if lo != 1 else ''}"
    return f"{lo} to {hi} arguments"


