"""The rule language parser: round trips, limits, and nothing but ClaimcheckError on any text."""

from __future__ import annotations

import contextlib
import keyword
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claimcheck import ClaimcheckError
from claimcheck.rules.expressions import MAX_DEPTH, MAX_EXPRESSION_CHARS, parse
from claimcheck.rules.nodes import BinOp, Call, Compare, Literal, Name, Neg, Node, Pow, to_text

names = st.from_regex(r"[a-z_][a-z0-9_]{0,8}", fullmatch=True).filter(
    lambda s: s not in ("sum", "cagr", "growth") and not keyword.iskeyword(s)  # ids are never keywords
)


@st.composite
def literals(draw: st.DrawFn) -> Literal:
    whole = draw(st.integers(0, 10**6))
    decimals = draw(st.sampled_from(["", ".5", ".25", ".0"]))
    unit = draw(st.sampled_from(["", "%", "亿元", " days"] + ([] if decimals else ["个"])))
    text = f"{whole}{decimals}{unit}"
    return parse(f"{text} == 0").operands[0]  # type: ignore[return-value]


def expressions() -> st.SearchStrategy[Node]:
    leaves = st.one_of(names.map(lambda n: Name(id=n)), literals())

    def extend(children: st.SearchStrategy[Node]) -> st.SearchStrategy[Node]:
        return st.one_of(
            st.builds(BinOp, op=st.sampled_from("+-*/"), left=children, right=children),
            st.builds(Neg, operand=children),
            st.builds(Pow, base=children, exponent=st.integers(-3, 3)),
            st.builds(
                Call,
                func=st.sampled_from(["sum", "growth", "share", "max"]),
                args=st.lists(children, min_size=1, max_size=3).map(tuple),
            ),
        )

    return st.recursive(leaves, extend, max_leaves=12)


@settings(max_examples=300, deadline=None)
@given(expressions(), expressions(), st.sampled_from(["==", "<", "<=", ">", ">="]))
def test_print_and_parse_round_trip(left: Node, right: Node, op: str) -> None:
    tree = Compare(operands=(left, right), ops=(op,))
    text = to_text(tree)
    assert parse(text) == parse(to_text(parse(text)))
    assert to_text(parse(text)) == text


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=60))
def test_arbitrary_text_parses_or_raises_claimcheck_error(text: str) -> None:
    with contextlib.suppress(ClaimcheckError):
        parse(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab01(),+-*/=<> .%e亿元", max_size=40))
def test_expression_like_text_parses_or_raises_claimcheck_error(text: str) -> None:
    with contextlib.suppress(ClaimcheckError):
        parse(text)


def test_literals_are_exact() -> None:
    lit = parse("a == 0.1").operands[1]
    assert isinstance(lit, Literal) and lit.value == Fraction(1, 10)
    lit = parse("a == 1840亿元").operands[1]
    assert isinstance(lit, Literal) and lit.value == 184_000_000_000 and lit.unit == "yuan"


def test_precedence_and_chains() -> None:
    tree = parse("a + b * c ** 2 == -d <= e")
    assert tree.ops == ("==", "<=")
    assert to_text(tree) == "a + b * c ** 2 == -d <= e"
    assert isinstance(tree.operands[0], BinOp) and tree.operands[0].op == "+"
    assert to_text(parse("(a + b) * c == d")) == "(a + b) * c == d"
    assert to_text(parse("a - (b - c) == d")) == "a - (b - c) == d"


@pytest.mark.parametrize(
    ("text", "column", "message"),
    [
        ("a +", 4, "ends too early"),
        ("a == b c", 8, "unexpected 'c'"),
        ("a.b == 1", 2, "unexpected character"),
        ("__import__('os') == 1", 12, "unexpected character"),
        ("a == 2 ** b", 11, "small whole numbers"),
        ("a ** 13 == 1", 6, "too large"),
        ("a != b", 1, "'!='"),
        ("a", 1, "a check compares"),
        ("f(a, x=1, b) == 1", 12, "positional argument after"),
        ("f(x=1, x=2) == 1", 8, "given twice"),
        ("a == 5 bananas", 6, "unknown unit word"),
        ("a == 1e999", 6, "out of range"),
        ("a > 1,586.9亿元", 5, "without thousands separators (1586.9)"),
        ("max(a, 1,586.9) > a", 8, "without thousands separators"),  # not max(a, 1, 586.9)
        ("a > 5, b", 6, "a comma outside a function call"),
        ("a == 6,2OO亿元", 7, "a comma outside a function call"),
        ("a == 5亿元 b", 10, "unexpected 'b'"),
        ("a == 5亿元 6亿元", 10, "unexpected '6亿元'"),
    ],
)
def test_errors_point_at_the_column(text: str, column: int, message: str) -> None:
    with pytest.raises(ClaimcheckError) as info:
        parse(text)
    assert message in info.value.message
    assert info.value.column == column


def test_limits() -> None:
    with pytest.raises(ClaimcheckError, match="too long"):
        parse("a + " * MAX_EXPRESSION_CHARS + "a == 1")
    with pytest.raises(ClaimcheckError, match="nested too deeply"):
        parse("(" * (MAX_DEPTH + 1) + "a" + ")" * (MAX_DEPTH + 1) + " == 1")
    with pytest.raises(ClaimcheckError, match="signs in a row"):
        parse("-" * 1000 + "a == 1")
    with pytest.raises(ClaimcheckError, match="signs in a row") as info:
        parse("a == " + "- " * (MAX_DEPTH + 1) + "b")  # spaces between the signs do not break the run
    assert info.value.column == 6 + 2 * MAX_DEPTH  # the first sign past the limit
    parse("a == " + "- " * MAX_DEPTH + "b")  # at the limit: accepted
    parse("(" * MAX_DEPTH + "a" + ")" * MAX_DEPTH + " == 1")
    deep_calls = "sum(" * 30 + "a" + ")" * 30 + " == 1"
    parse(deep_calls)
