"""Compiling a claim file's rules: names resolved, units checked, functions lowered (:mod:`.lowering`).

:func:`compile_file` turns every ``check:`` into :class:`CompiledCheck` objects over claim
variables in exact base units, and raises a located :class:`~claimcheck.errors.RuleError` for
unknown names (with a did-you-mean), unit mismatches (yuan + dollars), bad calls and the like,
so that all of this is an error when a file is loaded, not when it is verified.

A large file has tens of thousands of checks of a handful of shapes (``a + b == c`` over claims
of the same units): each shape is parsed and lowered once, and its checks are made from it by
renaming claims (:class:`_Shape`), with the same result as compiling each.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from ..errors import MAX_PROBLEMS, ClaimcheckError, RuleError, gathered
from ..exact.arith import Q
from ..exact.expr import Expr, Sum, linear_form, renaming, variables
from ..files.model import ClaimFile, Expect, Reading, Rule
from ..files.syntax import VALUE
from .expressions import parse, shape
from .functions import RESERVED_NAMES, Dim
from .lowering import ClaimVar, Lowerer, claim_var
from .nodes import Compare, Name, Node, children, names

__all__ = [
    "SHAPES", "ClaimVar", "CompiledCheck", "CompiledFile", "CompiledRule", "claim_var", "compile_file", "lower_node",
]

#: Whether :func:`compile_file` lowers the checks of one shape once (``a + b == c`` over any three
#: claims of the same units) and makes the others from it by renaming claims; off, every check is
#: parsed and lowered on its own. Either way the result is the same (tests compare the two).
SHAPES = True


class Tree:
    """A check's syntax tree, parsed from its text on first use: only explanations read it, and
    a check made from another of its shape is not parsed when it is compiled."""

    __slots__ = ("_tree", "text")

    def __init__(self, text: str, tree: Compare | None = None) -> None:
        self.text = text
        self._tree = tree

    def get(self) -> Compare:
        if self._tree is None:
            self._tree = parse(self.text)
        return self._tree


@dataclass(frozen=True)
class Link:
    """One comparison ``left op right`` of a check, lowered."""

    left: Expr
    op: str
    right: Expr
    #: the check's syntax tree, and which link of it this is (its operands ``at`` and ``at + 1``)
    parsed: Tree = field(repr=False, compare=False)
    at: int = field(repr=False, compare=False)
    #: ``left - right``, and its linear form (``None`` when not linear): built once, used by every test
    diff: Expr = field(init=False)
    linear: tuple[Q, dict[str, Q]] | None = field(init=False)
    #: the claims the comparison names
    claims: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "diff", Sum((self.left, self.right), (1, -1)))
        object.__setattr__(self, "linear", linear_form(self.diff))
        object.__setattr__(self, "claims", frozenset(variables(self.diff)))

    @property
    def left_node(self) -> Node:
        """The syntax tree of ``left``."""
        return self.parsed.get().operands[self.at]

    @property
    def right_node(self) -> Node:
        """The syntax tree of ``right``."""
        return self.parsed.get().operands[self.at + 1]


@dataclass
class CompiledCheck:
    """One check (a rule's, or one reading's) ready to verify."""

    rule_id: str
    reading_id: str | None
    text: str
    parsed: Tree = field(repr=False, compare=False)
    links: list[Link]
    claims: list[str]
    expect: Expect
    note: str | None
    line: int | None
    column: int | None
    #: claims this reading reads in its own way (precision, qualifier, tolerance), by id
    overrides: dict[str, ClaimVar] = field(default_factory=dict)

    @property
    def tree(self) -> Compare:
        """The check's syntax tree (parsed on first use where the check was made from its shape)."""
        return self.parsed.get()

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


def compile_file(claim_file: ClaimFile, *, shapes: bool | None = None) -> CompiledFile:
    """Compile every rule of ``claim_file``; problems raise one located error that lists each
    (figures first: rules are compiled only over readable figures). ``shapes`` (default
    :data:`SHAPES`): lower the checks of one shape once (see :class:`_Shape`)."""
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
    shared = SHAPES if shapes is None else shapes
    known: dict[tuple[str, tuple[str, ...]], _Shape | None] = {}  # by text with markers, and the claims' units
    for rid, rule in claim_file.rules.items():
        if len(problems) >= MAX_PROBLEMS:
            break
        checks = []
        for reading_id, text, expect, note, reading in _alternatives(rule):
            path = ("rules", rid, "check") if reading_id is None else ("rules", rid, "readings", reading_id, "check")
            where = claim_file.location(*path, VALUE)
            line, column = where if where else (None, None)
            try:
                overrides = {} if reading is None else _overrides(claim_file, rid, reading_id, reading)
                if overrides or not shared:
                    scope = {**claims, **overrides} if overrides else claims  # no copy of every claim per rule
                    check = _compile_check(claim_file, scope, rid, reading_id, text, expect, note, line, column)
                else:
                    check = _compile_shaped(known, claim_file, claims, rid, reading_id, text, expect, note, line,
                                            column)
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


def _alternatives(rule: Rule) -> list[tuple[str | None, str, Expect, str | None, Reading | None]]:
    """(reading id, check, expect, note, the reading) of each reading of ``rule``; a plain rule is
    its single reading ``None``, given without building a :class:`Reading` (the reading is then
    ``None``: it reads no claim its own way)."""
    check, note = rule.check, rule.note
    if rule.readings is None and type(check) is str and check and (note is None or type(note) is str):
        return [(None, check, rule.expect, note, None)]
    return [(k, r.check, r.expect, r.note, r) for k, r in rule.alternatives().items()]


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
    parsed = Tree(text, parse(text))
    links, used = _lowered(claim_file, claims, parsed)
    return CompiledCheck(rid, reading_id, text, parsed, links, used, expect, note, line, column)


def _lowered(claim_file: ClaimFile, claims: dict[str, ClaimVar], parsed: Tree) -> tuple[list[Link], list[str]]:
    """The links of a check's tree, lowered over ``claims``, and the claims it uses in order."""
    tree = parsed.get()
    lowerer = Lowerer(claim_file, claims)
    lowered = [lowerer.lower(op) for op in tree.operands]
    links = []
    for i, op in enumerate(tree.ops):
        (le, ld, ll), (re, rd, rl) = lowered[i], lowered[i + 1]
        if ld != rd:
            raise RuleError(f"cannot compare {ll} with {rl}: the units differ", column=tree.operands[i].column)
        links.append(Link(le, op, re, parsed, i))
    used = [n for n in names(tree) if n in claims]
    return links, used


def _compile_shaped(
    known: dict[tuple[str, tuple[str, ...]], _Shape | None], claim_file: ClaimFile, claims: dict[str, ClaimVar],
    rid: str, reading_id: str | None, text: str, expect: Expect, note: str | None, line: int | None,
    column: int | None,
) -> CompiledCheck:
    """:func:`_compile_check`, made from the check's shape where one of the same shape compiled
    before. Shapes are told apart by the marked text and the units of the claims (which decide
    their dimensions, all that lowering reads of them). The first check of a shape is compiled on
    its own, and so is every check of a shape that cannot be shared: errors always come from
    compiling the check itself."""
    found = shape(text, claims)
    if found is None:
        return _compile_check(claim_file, claims, rid, reading_id, text, expect, note, line, column)
    marked, ids = found
    key = (marked, tuple([claims[cid].reported.unit_name for cid in ids]))
    template = known.get(key)
    if template is not None:
        try:
            return template.check(ids, rid, reading_id, text, expect, note, line, column)
        except RecursionError:  # pragma: no cover - as deep as lowering the shape was
            pass
    check = _compile_check(claim_file, claims, rid, reading_id, text, expect, note, line, column)
    if key not in known:
        try:
            known[key] = _Shape(claim_file, claims, marked, ids)
        except (ClaimcheckError, RecursionError, _NotShared):
            known[key] = None
    return check


class _NotShared(Exception):
    """A marker of a shape's text does not stand for a name of its tree."""


class _Shape:
    """The checks of one shape, lowered once: the shape's text parsed and lowered with identifiers
    for its markers (each must be a name of the tree, which makes every check of the shape the
    same but for its claims). :meth:`check` makes each check by renaming: the expressions (every
    node new, shared where lowering shares), the texts of divisions that name claims, the linear
    forms and claim sets; its syntax tree is parsed from its text when something reads it."""

    def __init__(self, claim_file: ClaimFile, claims: dict[str, ClaimVar], marked: str, ids: tuple[str, ...]) -> None:
        prefix = "_m"  # identifiers for the markers that occur nowhere else in the text
        while prefix in marked:
            prefix = "_" + prefix
        number = {f"{prefix}{k}_": k for k in range(len(ids))}
        parts = marked.split("\0")
        parts[1::2] = [f"{prefix}{k}_" for k in parts[1::2]]
        tree = parse("".join(parts))
        names_found = [n.id for n in _walk(tree) if isinstance(n, Name)]
        if len(names_found) != len(parts) // 2 or not all(n in number for n in names_found):
            raise _NotShared(marked)
        scope = {m: replace(claims[cid], id=m) for m, cid in zip(number, ids, strict=True)}
        links, used = _lowered(claim_file, scope, Tree("", tree))
        self.copy = renaming([e for link in links for e in (link.left, link.right, link.diff)], number,
                             lambda what: _message(what, prefix, number))
        #: each link's comparison, linear form and claims (in the order variables() lists them), by number
        self.links = [
            (link.op, None if link.linear is None else _numbered(link.linear, number),
             [number[v] for v in dict.fromkeys(variables(link.diff))])
            for link in links
        ]
        self.used = [number[cid] for cid in used]

    def check(self, ids: tuple[str, ...], rid: str, reading_id: str | None, text: str, expect: Expect,
              note: str | None, line: int | None, column: int | None) -> CompiledCheck:
        """The check of this shape over the claims ``ids`` (in the order of the markers)."""
        made = self.copy(ids)
        parsed = Tree(text)
        links = []
        for at, (op, linear, claims) in enumerate(self.links):
            link = object.__new__(Link)  # not Link(): its difference, linear form and claims are renamed
            link.__dict__.update(
                left=made[3 * at], op=op, right=made[3 * at + 1], parsed=parsed, at=at, diff=made[3 * at + 2],
                linear=None if linear is None else (linear[0], {ids[k]: c for k, c in linear[1]}),
                claims=frozenset([ids[k] for k in claims]),
            )
            links.append(link)
        return CompiledCheck(rid, reading_id, text, parsed, links, [ids[k] for k in self.used], expect, note,
                             line, column)


def _numbered(linear: tuple[Q, dict[str, Q]], number: dict[str, int]) -> tuple[Q, list[tuple[int, Q]]]:
    """A linear form with its claims by number."""
    return linear[0], [(number[v], c) for v, c in linear[1].items()]


def _message(what: str, prefix: str, number: dict[str, int]) -> Callable[[Sequence[str]], str] | None:
    """How a message text naming markers (a division's ``'a / b'``) reads for given claims."""
    parts = re.split(f"({re.escape(prefix)}[0-9]+_)", what)
    if len(parts) == 1:
        return None
    slots = [number[m] for m in parts[1::2]]

    def text(names: Sequence[str]) -> str:
        out = parts.copy()
        out[1::2] = [names[k] for k in slots]
        return "".join(out)

    return text


def _walk(node: Node) -> list[Node]:
    """Every node of a syntax tree."""
    out, stack = [], [node]
    while stack:
        out.append(stack.pop())
        stack.extend(children(out[-1]))
    return out


def lower_node(compiled: CompiledFile, node: Node) -> tuple[Expr, Dim]:
    """Lower one sub-expression of a check (for step-by-step explanations)."""
    expr, dim, _ = Lowerer(compiled.source, compiled.claims).lower(node)
    return expr, dim
