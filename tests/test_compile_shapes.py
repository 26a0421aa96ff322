"""Checks of one shape compiled once: the same CompiledChecks, and the same errors, as compiling each.

:func:`compile_file` lowers the first check of a shape (``a + b == c`` over claims of given units)
and makes the others by renaming its claims; these tests compare that, structure for structure
(expressions with their sharing, message texts, linear forms, claim sets, syntax trees with
columns), with compiling every check on its own (``shapes=False``).
"""

from __future__ import annotations

import json
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck import ClaimcheckError
from claimcheck.exact.expr import Const, Div, Expr, MinMax, PowInt, RPow, Sum, Var, operands, renaming
from claimcheck.files.loader import loads
from claimcheck.report.explain import explain
from claimcheck.rules import compiler
from claimcheck.rules.compiler import CompiledCheck, CompiledFile, compile_file
from claimcheck.rules.expressions import shape
from claimcheck.verify.verifier import verify_compiled

# -- comparing compiled files ------------------------------------------------------------------


def _fields(e: Expr) -> tuple[Any, ...]:
    """What a node says besides its operands."""
    if isinstance(e, Var):
        return (e.name,)
    if isinstance(e, Const):
        return (e.value,)
    if isinstance(e, Sum):
        return (e.signs, e.repeats)
    if isinstance(e, Div):
        return (e.what,)
    if isinstance(e, PowInt):
        return (e.n,)
    if isinstance(e, RPow):
        return (e.p, e.q, e.what)
    if isinstance(e, MinMax):
        return (e.is_max,)
    return ()


def assert_same_expr(a: Expr, b: Expr, pairs: dict[int, int], back: dict[int, int]) -> None:
    """``a`` and ``b`` are the same expression, node for node, shared where the other is shared
    (``pairs``/``back`` pair the nodes seen so far, across every expression of one check)."""
    if id(a) in pairs or id(b) in back:
        assert pairs.get(id(a)) == id(b) and back.get(id(b)) == id(a), "sharing differs"
        return
    pairs[id(a)], back[id(b)] = id(b), id(a)
    assert type(a) is type(b)
    assert _fields(a) == _fields(b)
    ca, cb = operands(a), operands(b)
    assert len(ca) == len(cb)
    for x, y in zip(ca, cb, strict=True):
        assert_same_expr(x, y, pairs, back)


def nodes(e: Expr) -> set[int]:
    """The identities of every node of ``e``."""
    out: set[int] = set()
    stack = [e]
    while stack:
        x = stack.pop()
        if id(x) not in out:
            out.add(id(x))
            stack.extend(operands(x))
    return out


def assert_same_check(a: CompiledCheck, b: CompiledCheck) -> None:
    assert (a.rule_id, a.reading_id, a.text, a.claims, a.expect, a.note, a.line, a.column) == (
        b.rule_id, b.reading_id, b.text, b.claims, b.expect, b.note, b.line, b.column)
    assert a.overrides.keys() == b.overrides.keys()
    assert a.key == b.key
    pairs: dict[int, int] = {}
    back: dict[int, int] = {}
    assert len(a.links) == len(b.links)
    for i, (x, y) in enumerate(zip(a.links, b.links, strict=True)):
        assert x.op == y.op
        for ex, ey in [(x.left, y.left), (x.right, y.right), (x.diff, y.diff)]:
            assert_same_expr(ex, ey, pairs, back)
        assert x.linear == y.linear
        if x.linear is not None and y.linear is not None:
            assert list(x.linear[1]) == list(y.linear[1])  # the same order, too
        assert x.claims == y.claims and list(x.claims) == list(y.claims)
        assert vars(x).keys() == vars(y).keys()
        # the syntax trees, columns included; a link's nodes are its check's tree's operands
        assert (x.left_node, x.right_node) == (y.left_node, y.right_node)
        assert repr((x.left_node, x.right_node)) == repr((y.left_node, y.right_node))
        assert x.left_node is a.tree.operands[i] and x.right_node is a.tree.operands[i + 1]
        assert y.left_node is b.tree.operands[i] and y.right_node is b.tree.operands[i + 1]
    assert a.tree == b.tree and repr(a.tree) == repr(b.tree)


def assert_same_file(a: CompiledFile, b: CompiledFile) -> None:
    assert a.claims == b.claims
    assert list(a.rules) == list(b.rules)
    seen: set[int] = set()
    for rid, ra in a.rules.items():
        rb = b.rules[rid]
        assert (ra.id, ra.note, ra.line, len(ra.checks)) == (rb.id, rb.note, rb.line, len(rb.checks))
        for ca, cb in zip(ra.checks, rb.checks, strict=True):
            assert_same_check(ca, cb)
            own = set().union(*(nodes(e) for link in ca.links for e in (link.left, link.right, link.diff)))
            assert not own & seen, "checks share expression nodes"
            seen |= own


def compiled_both(text: str) -> tuple[CompiledFile | str, CompiledFile | str]:
    """The file compiled with shapes and without: each a CompiledFile, or its error's text."""
    out: list[CompiledFile | str] = []
    for shapes in (True, False):
        claim_file = loads(text)
        try:
            out.append(compile_file(claim_file, shapes=shapes))
        except ClaimcheckError as exc:
            out.append(f"{type(exc).__name__}: {exc} @ {exc.line}:{exc.column}")
    return out[0], out[1]


def assert_same(text: str) -> CompiledFile | str:
    shaped, alone = compiled_both(text)
    if isinstance(shaped, str) or isinstance(alone, str):
        assert shaped == alone
    else:
        assert_same_file(shaped, alone)
    return shaped


def claim_file(claims: dict[str, str], rules: dict[str, Any]) -> str:
    """A claim file's YAML (JSON is YAML) from claim values and rules (a check, or a rule's fields)."""
    body = {
        "claimcheck": 1,
        "claims": {cid: {"value": value} for cid, value in claims.items()},
        "rules": {rid: rule if isinstance(rule, dict) else {"check": rule} for rid, rule in rules.items()},
    }
    return json.dumps(body, ensure_ascii=False, indent=1)


# -- examples ------------------------------------------------------------------------------------

CLAIMS = {
    "a1": "120亿元", "b1": "30亿元", "c1": "150亿元", "a2": "1200万元", "b2": "300万元", "c2": "1500万元",
    "g1": "25%", "g2": "25.0%", "usd": "20亿美元", "t1": "5 days", "t2": "2 days", "years": "6",
    "days": "3 days", "e": "2", "n": "4", "x_lit0_": "1", "_lit": "1",
}


def test_same_shape_is_lowered_once_and_the_same() -> None:
    rules = {
        "s1": "a1 + b1 == c1", "s2": "a2 + b2 == c2", "s3": "b1 + a1 == c1", "s4": "a1 + b1 == c1",
        "g1": "growth(c1, a1) == g1", "g2": "growth(c2, a2) == g2",
        "d1": "a1 / b1 == n", "d2": "a2 / b2 == n", "d3": "c1 / (a1 + b1) * n == n",
        "k1": "cagr(a1, c1, years=5) >= g1", "k2": "cagr(a2, c2, years=5) >= g2",
        "r1": "a1 + a1 == b1 * 8", "r2": "a2 + a2 == b2 * 8",
        "l1": "b1 < a1 <= c1", "l2": "b2 < a2 <= c2",
        "m1": "t1 == 3 days + t2", "m2": "days == 1 days + t2", "m3": "t2 * 2 == 4 days",
        "u1": "a1 + b1 == 150亿元", "u2": "a2 + b2 == 1500万元",
        "w1": "x_lit0_ + _lit == 2", "w2": "e * 2 == n", "w3": "n * 1e0 == n",
    }
    shaped = assert_same(claim_file(CLAIMS, rules))
    assert isinstance(shaped, CompiledFile)
    # the message of a division names the claims of its own check
    d2 = shaped.rules["d2"].checks[0].links[0].left
    assert isinstance(d2, Div) and d2.what == "'a2 / b2'"


def test_checks_are_made_from_their_shape() -> None:
    rules = {f"r{i}": f"a{i % 2 + 1} + b{i % 2 + 1} == c{i % 2 + 1}" for i in range(6)}
    made = []
    original = compiler._compile_check

    def counting(*args: Any) -> CompiledCheck:
        made.append(args[2])
        return original(*args)

    compiler._compile_check = counting  # type: ignore[assignment]
    try:
        compile_file(loads(claim_file(CLAIMS, rules)))
    finally:
        compiler._compile_check = original
    assert made == ["r0"]  # 亿元 and 万元 are both yuan: one shape


@pytest.mark.parametrize("check", [
    "a1 + usd == c1",  # yuan and dollars
    "growth(a1, usd) == g1",
    "a1 + b1 == g1",
    "t1 == 3 + t2",
    "a1 + nope == c1",  # unknown claim
    "a1 + b1 == c1(a1)",  # a claim called
    "a1 + b1 == sum",  # a function as a claim
    "cagr(a1, c1, year=5) == g1",  # no such keyword
    "cagr(a1, c1, years=a1) == g1",
    "growth(a1) == g1",
    "a1 + b1 = c1",
    "a1 + b1",
    "a1.b1 == c1",
    "count(a1) == 3",
    "a1 + b1 == 1,500亿元",
])
def test_errors_are_the_same(check: str) -> None:
    rules = {"first": "a2 + b2 == c2", "ok": "b2 + a2 == c2", "bad": check, "then": "a2 + b2 == c2",
             "again": check}
    shaped, alone = compiled_both(claim_file(CLAIMS, rules))
    assert isinstance(shaped, str) and shaped == alone


def test_readings_with_their_own_claims_and_lines() -> None:
    rules: dict[str, Any] = {
        "plain": "a1 + b1 == c1",
        "two": {"readings": {
            "one": {"check": "a2 + b2 == c2"},
            "other": {"check": "a1 + b1 == c1", "claims": {"a1": {"qualifier": "about"}}},
            "third": {"check": "b1 +\n  a1 == c1"},
        }},
    }
    assert_same(claim_file(CLAIMS, rules))
    yaml = ("claimcheck: 1\nclaims:\n  a: {value: 1亿元}\n  b: {value: 2亿元}\n  c: {value: 3亿元}\n"
            "rules:\n  one: {check: a + b == c}\n  two:\n    check: >-\n      b + a\n      == c\n"
            "  three: {check: a + b == c}\n")
    assert_same(yaml)


def test_a_lazy_tree_explains_alike() -> None:
    rules = {"s1": "a1 + b1 == c1", "s2": "a2 + b2 == c2", "d1": "a1 / b1 == n", "d2": "a2 / b2 == n"}
    text = claim_file(CLAIMS, rules)
    shaped, alone = compiled_both(text)
    assert isinstance(shaped, CompiledFile) and isinstance(alone, CompiledFile)
    for rid in rules:
        assert explain(shaped, rid) == explain(alone, rid)
    shaped2, alone2 = compiled_both(text)
    assert isinstance(shaped2, CompiledFile) and isinstance(alone2, CompiledFile)
    assert verify_compiled(shaped2).model_dump() == verify_compiled(alone2).model_dump()


def test_shape_marks_names_only() -> None:
    claims = {"a", "b", "days", "years", "e", "sum"}
    assert shape("a + b == a", claims) == ("\0" "0\0 + \0" "1\0 == \0" "0\0", ("a", "b"))
    # a unit word, a keyword and a function are no names, even when a claim has their id
    assert shape("a == 5 days + days", claims) == ("\0" "0\0 == 5 days + \0" "1\0", ("a", "days"))
    assert shape("cagr(a, b, years=5) == years", claims) == (
        "cagr(\0" "0\0, \0" "1\0, years=5) == \0" "2\0", ("a", "b", "years"))
    assert shape("sum (a, b) == a", claims) == ("sum (\0" "0\0, \0" "1\0) == \0" "0\0", ("a", "b"))
    assert shape("a * 1e5 == b", claims) == ("\0" "0\0 * 1e5 == \0" "1\0", ("a", "b"))
    assert shape("a * 2 e == b", claims) is not None
    assert shape("a + b == 300亿元", claims) == ("\0" "0\0 + \0" "1\0 == 300亿元", ("a", "b"))
    assert shape("a +\n b == a", claims) == ("\0" "0\0 + \0" "1\0 == \0" "0\0", ("a", "b"))
    for unshared in ["count(a) == 2", "a == b\0", "a" * 20_001, "a == 1" + "0" * 80]:
        assert shape(unshared, claims) is None


def test_a_shape_is_kept_only_where_its_markers_are_the_names() -> None:
    claims = compile_file(loads(claim_file(CLAIMS, {}))).claims
    ids = ("a1", "b1", "years")
    made = compiler._Shape(loads(claim_file(CLAIMS, {})), claims, "cagr(\0" "0\0, \0" "1\0, years=5) >= \0" "2\0", ids)
    assert made.used == [0, 1, 2]
    for wrong in ["cagr(\0" "0\0, \0" "1\0, \0" "2\0=5) >= \0" "2\0",  # the keyword taken for a name
                  "cagr(\0" "0\0, \0" "1\0, years=5) >= years",  # a name left unmarked
                  "cagr(\0" "0\0, \0" "1\0, years=5) >= 5 \0" "2\0"]:  # a unit word taken for a name
        with pytest.raises((compiler._NotShared, ClaimcheckError)):
            compiler._Shape(loads(claim_file(CLAIMS, {})), claims, wrong, ids)


def test_renaming_copies_every_node_and_keeps_sharing() -> None:
    x, y = Var("x"), Var("y")
    shared = Div(x, y, "'x / y'")
    e = Sum((shared, shared, Const(Fraction(1))), (1, -1, 1))
    copy = renaming([e, shared, y], {"x": 0}, lambda w: (lambda names: w.replace("x", names[0])) if "x" in w else None)
    out, div, other = copy(["u"])
    assert isinstance(out, Sum) and out.terms[0] is out.terms[1] is div  # shared within and among the roots
    assert isinstance(div, Div) and isinstance(div.left, Var) and div.left.name == "u" and div.what == "'u / y'"
    assert div.right is other and isinstance(other, Var) and other.name == "y"  # not in slots: kept
    assert not nodes(out) & nodes(e)
    again = copy(["w"])[0]
    assert not nodes(again) & nodes(out)
    assert_same_expr(renaming([e], {})([])[0], e, {}, {})


# -- the property --------------------------------------------------------------------------------

IDS = ["a", "b", "c", "d", "total", "years", "days", "e", "x1", "y_2", "_lit", "z_lit0_", "count_of", "ab", "q"]
#: units by kind: money (yuan, and dollars now and then), rates, times
UNITS = {"m": ["亿元", "万元", "元", "亿元", "亿美元"], "r": ["%", "", "‰"], "t": [" days", " years", "个月"]}
#: checks over claims of the kinds their slots name (m0: the first money claim, r0: a rate, t0: a time)
SHAPES = [
    "{m0} + {m1} == {m2}", "{m0} + {m1} - {m2} == {m0}", "growth({m0}, {m1}) == {r0}", "share({m0}, {m1}) == {r0}",
    "{m0} / {m1} == {r0}", "{m0} / ({m1} + {m2}) <= 1", "{m0} < {m1} <= {m2}", "cagr({m0}, {m1}, years=5) >= {r0}",
    "sum({m0}, {m1}, {m2}) == {m3}", "{m0} * 2 == {m1} + 300亿元", "{t0} == 5 days + {t1}",
    "-{r0} + {r1} ** 2 == {r2}", "max({m0}, {m1}) / {m2} > 0.5", "abs(difference({m0}, {m1})) <= {m2}",
    "mean({m0}, {m1}) == {m2}", "ratio({m0}, {t0}) == {m1} / {t1}", "{m0} +\n  {m1} == {m2}",
    "reduction({m0}, {m1}) == {r0} * 1e-2", "{m0} == {m1} * 8%", "min({r0}, {r1}) * {m0} >= {m1} / {r2}",
    "{m0} / {m1} / {m2} * {m3} == {r0}", "{m0}*{m1}/{m2}/{m3} == {r0}", "{m0}\u00a0+ {m1} == {m2}",
    "{m0} * 1.5 == {m1}", "{t0} / {t1} == 2 + {r0}",
]
#: checks that never compile (an unknown name, count() of a claim without items)
BROKEN = ["{m0} + nope == {m1}", "count({m0}) == 2"]


@st.composite
def claim_files(draw: st.DrawFn) -> str:
    """Files of a few shapes over random claims of random units: mostly the units the shape wants,
    now and then any claim (mismatched units), and now and then a check that cannot compile."""
    ids = draw(st.lists(st.sampled_from(IDS), min_size=5, max_size=10, unique=True))
    kinds = {cid: draw(st.sampled_from("mmrt")) for cid in ids}
    claims = {cid: f"{draw(st.integers(1, 999))}{draw(st.sampled_from(UNITS[kinds[cid]]))}" for cid in ids}
    mismatch = draw(st.sampled_from([0, 0, 0.05, 0.2]))

    def check(form: str) -> str:
        slots: dict[str, str] = {}
        for kind in "mrt":
            pool = [cid for cid in ids if kinds[cid] == kind] or ids
            for k in range(4):
                wrong = draw(st.floats(0, 1)) < mismatch
                slots[f"{kind}{k}"] = draw(st.sampled_from(ids if wrong else pool))
        return form.format(**slots)

    forms = draw(st.lists(st.sampled_from(SHAPES), min_size=1, max_size=3))
    if draw(st.integers(0, 9)) == 0:
        forms.append(draw(st.sampled_from(BROKEN)))
    rules: dict[str, Any] = {}
    for i in range(draw(st.integers(1, 10))):
        if draw(st.integers(0, 9)) == 0:
            own = {draw(st.sampled_from(ids)): {"qualifier": "about"}} if draw(st.booleans()) else None
            rules[f"r{i}"] = {"readings": {"one": {"check": check(draw(st.sampled_from(forms)))},
                                           "two": {"check": check(draw(st.sampled_from(forms))), "claims": own}}}
        else:
            rules[f"r{i}"] = check(draw(st.sampled_from(forms)))
    return claim_file(claims, rules)


@settings(max_examples=300, deadline=None)
@given(claim_files())
def test_compiling_by_shape_is_compiling_each_check(text: str) -> None:
    assert_same(text)
