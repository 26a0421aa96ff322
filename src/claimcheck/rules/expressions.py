"""The rule language's parser: ``check:`` expressions into claimcheck's own syntax tree.

Expressions are read by Python's own parser (``ast``, in C) and converted into the small immutable
nodes of :mod:`.nodes`, keeping only what the rule language has; nothing is ever evaluated, and
there is no attribute access, indexing or arbitrary call. Length, nesting depth and exponents are
limited so that no input can hang or exhaust the process.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Container

from ..errors import ClaimcheckError, RuleError
from ..figures.units import SPACES
from ..files.syntax import fold_lines
from .nodes import BinOp, Call, Compare, Literal, Name, Neg, Node, Pow

#: Longest ``check:`` expression accepted, in characters.
MAX_EXPRESSION_CHARS = 20_000


#: Deepest nesting of parentheses, calls and unary signs.
MAX_DEPTH = 40


#: Largest absolute integer exponent of ``**``.
MAX_EXPONENT = 12


#: A number as the rule language writes it (no underscores, no hex, no complex).
_NUMBER = re.compile(r"(?<![\w.])(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?(?![\w.])")


#: A number with a unit word right after it: ``300亿美元``, ``8%``, ``5 days``.
_LITERAL_WITH_UNIT = re.compile(
    r"(?<![\w.])((?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)"
    r"(%|‰|[^\x00-\x7f\s()+\-*/,=<>!][^\s()+\-*/,=<>!]*|\s*(?!e[+-]?\d)[A-Za-z][A-Za-z$]*)"
)


#: Digits grouped by thousands separators (``1,586.9``): refused, since a comma separates arguments.
_THOUSANDS = re.compile(r"(?<![\w.])\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d])")


_SIGN_RUN = re.compile(rf"(?:[+-]\s*){{{MAX_DEPTH + 1}}}")


_FORBIDDEN = re.compile(r"[\[\]{}:;'\"`@#$&|^~?\\]")


_COMPARISONS = {ast.Eq: "==", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">="}


_OPERATORS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}


def parse(text: str) -> Compare:
    """Parse a ``check:`` expression; a :class:`RuleError` with the column on any problem.

    Python's own parser (``ast``, in C) reads the expression; claimcheck keeps only the nodes of
    its language (names, exact numbers, + - * /, small powers, calls of names, comparisons) and
    refuses everything else. Nothing is ever evaluated.
    """
    if not isinstance(text, str):
        raise RuleError(f"a check is text, not {type(text).__name__}")
    if len(text) > MAX_EXPRESSION_CHARS:
        raise RuleError(f"expression of {len(text)} characters is too long (at most {MAX_EXPRESSION_CHARS})")
    text = fold_lines(text).translate(SPACES)  # one logical line; no-break and other spaces are spaces
    _check_depth(text)
    _check_lengths(text)
    bad = _FORBIDDEN.search(text)
    if bad is not None:
        raise RuleError(f"unexpected character {bad.group()!r}", column=bad.start() + 1)
    grouped = _THOUSANDS.search(text)
    if grouped is not None:  # max(a, 1,586.9亿元) must not quietly become max(a, 1, 586.9亿元)
        raise RuleError(
            f"{grouped.group()!r}: numbers in rules are written without thousands separators "
            f"({grouped.group().replace(',', '')}); separate arguments with ', '", column=grouped.start() + 1,
        )
    source, literals, columns = _substitute_literals(text)
    foreign = _NON_ASCII.search(source)
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError as exc:
        if foreign is not None and foreign.group() in _ASCII_FORMS:
            raise RuleError(f"unexpected {foreign.group()!r}: write {_ASCII_FORMS[foreign.group()]}",
                            column=_column(source, columns, foreign.start())) from None
        raise _syntax_error(exc, source, columns, text, literals) from None
    except (ValueError, MemoryError, RecursionError):
        raise RuleError("expression cannot be read") from None
    builder = _Builder(text, source, literals, columns)
    node = builder.build(tree.body, 0)
    if foreign is not None:
        # Python's parser folds ᵃ into a and ｘ２ into x2 (NFKC) before anyone could object
        raise RuleError(f"unexpected {foreign.group()!r}: claim ids are ASCII letters, digits and _",
                        column=_column(source, columns, foreign.start()))
    if not isinstance(node, Compare):
        raise RuleError("a check compares: use ==, <, <=, > or >= (e.g. a + b == total)", column=1)
    return node


#: A claim's name as :func:`parse` reads it (an ASCII identifier standing alone, not before a call's
#: ``(`` or a keyword's ``=``), or a number with a unit word (``5 days``), which is no name.
_NAME_OR_LITERAL = re.compile(
    _LITERAL_WITH_UNIT.pattern + r"|(?<![\w.])([A-Za-z_][A-Za-z0-9_]*)(?!\w)(?!\s*(?:\(|=(?!=)))"
)
_COUNT_CALL = re.compile(r"(?<![\w.])count\s*\(")


def shape(text: str, claims: Container[str]) -> tuple[str, tuple[str, ...]] | None:
    """A check's shape: its text with each name of a claim replaced by a marker (``\\0`` k ``\\0``
    for the k-th claim named), and those claims; the rule compiler lowers the checks of a shape once.
    ``None`` for a text not to share: one whose first checks in :func:`parse` depend on the names of
    its claims (length, runs of digits), one that calls ``count()`` (lowered from a claim's items)
    or that has a NUL (the markers'). Its other checks of a whole text pass or fail alike for a shape."""
    if not isinstance(text, str) or len(text) > MAX_EXPRESSION_CHARS:
        return None
    if not text.isascii() or "\n" in text or "\r" in text:
        text = fold_lines(text).translate(SPACES)  # as parse reads it
    if "\0" in text or _DIGIT_RUN.search(text) or ("count" in text and _COUNT_CALL.search(text)):
        return None
    ids: dict[str, str] = {}

    def mark(m: re.Match[str]) -> str:
        word = m.group(3)
        if word is None or word not in claims:
            return m.group()
        marker = ids.get(word)
        if marker is None:
            marker = ids[word] = f"\0{len(ids)}\0"
        return marker

    return _NAME_OR_LITERAL.sub(mark, text), tuple(ids)


def _substitute_literals(text: str) -> tuple[str, dict[str, tuple[str, str, int]], list[int]]:
    """Replace numbers with unit words by placeholder names Python can parse; keep a map from
    each character of the new text back to its column in the original."""
    literals: dict[str, tuple[str, str, int]] = {}
    out: list[str] = []
    columns: list[int] = []
    pos = 0
    # placeholders begin with a prefix that occurs nowhere in the text, so that no name the user
    # writes (a claim id such as _lit0_) can ever be taken for one
    prefix = "_lit"
    while prefix in text:
        prefix = "_" + prefix
    for m in _LITERAL_WITH_UNIT.finditer(text):
        unit = m.group(2).strip()
        if unit.isascii() and unit.isalpha() and unit.lower() in ("e",):
            continue
        out.append(text[pos:m.start()])
        columns.extend(range(pos + 1, m.start() + 1))
        name = f"{prefix}{len(literals)}_"
        literals[name] = (m.group(1), unit, m.start() + 1)
        out.append(name)
        columns.extend([m.start() + 1] * len(name))
        pos = m.end()
    out.append(text[pos:])
    columns.extend(range(pos + 1, len(text) + 2))
    return "".join(out), literals, columns


def _column(source: str, columns: list[int], offset: int | None) -> int | None:
    """Original 1-based column for a 0-based character offset in the substituted text."""
    if offset is None:
        return None
    offset = max(0, min(offset, len(columns) - 1))
    return columns[offset]


def _char_offset(source: str, byte_offset: int) -> int:
    return len(source.encode("utf-8")[:byte_offset].decode("utf-8", "ignore"))


def _syntax_error(
    exc: SyntaxError, source: str, columns: list[int], text: str, literals: dict[str, tuple[str, str, int]]
) -> RuleError:
    if not exc.offset:
        return RuleError("expression ends too early", column=len(text) + 1)
    offset = exc.offset - 1
    if offset >= len(source.rstrip()) or exc.msg.startswith(("'(' was never closed", "unexpected EOF")):
        if exc.msg.startswith("'(' was never closed"):
            return RuleError("'(' is never closed", column=_column(source, columns, offset))
        return RuleError("expression ends too early", column=len(text) + 1)
    if offset == 0 and exc.msg == "invalid syntax" and not source[:1].strip():
        return RuleError("expression ends too early", column=len(text) + 1)
    if "keyword argument" in exc.msg and "positional" in exc.msg:
        return RuleError("positional argument after a keyword argument", column=_column(source, columns, offset))
    if "keyword argument repeated" in exc.msg:
        return RuleError(exc.msg.replace("keyword argument repeated", "argument given twice"),
                         column=_column(source, columns, offset))
    word = re.match(r"[A-Za-z_][A-Za-z0-9_]*|\d[\d.eE+-]*|==|<=|>=|!=|\*\*|\S", source[offset:])
    token = word.group() if word else source[offset:offset + 1]
    if token in literals:  # a placeholder of ours: show the number as written
        token = "".join(literals[token][:2])
    return RuleError(f"unexpected {token!r}", column=_column(source, columns, offset))


class _Builder:
    """Turns Python's syntax tree into claimcheck's, refusing what the language does not have."""

    def __init__(self, text: str, source: str, literals: dict[str, tuple[str, str, int]], columns: list[int]) -> None:
        self.text = text
        self.source = source
        self.literals = literals
        self.columns = columns
        self.ascii = source.isascii()

    def col(self, node: ast.AST) -> int:
        offset = getattr(node, "col_offset", 0)
        if not self.ascii:  # ast counts UTF-8 bytes
            offset = _char_offset(self.source, offset)
        return _column(self.source, self.columns, offset) or 1

    def build(self, node: ast.AST, depth: int) -> Node:
        if depth > 3 * MAX_DEPTH:
            raise RuleError(f"expression is nested too deeply (at most {MAX_DEPTH} levels)")
        b = self.build
        col = self.col(node)
        if isinstance(node, ast.Compare):
            ops = []
            for op in node.ops:
                if isinstance(op, ast.NotEq):
                    raise RuleError("'!=' is not a check claimcheck can prove or refute; use < or >", column=1)
                if type(op) not in _COMPARISONS:
                    raise RuleError(f"cannot use {type(op).__name__} here", column=col)
                ops.append(_COMPARISONS[type(op)])
            operands = tuple(b(x, depth + 1) for x in [node.left, *node.comparators])
            if any(isinstance(o, Compare) for o in operands):
                raise RuleError("write a chain of comparisons without parentheses: a < b < c", column=col)
            return Compare(operands=operands, ops=tuple(ops), column=operands[0].column)
        if isinstance(node, ast.BinOp):
            if isinstance(node.op, ast.Pow):
                left = b(node.left, depth + 1)
                return Pow(base=left, exponent=self._exponent(node.right), column=left.column)
            # a long sum is a left-deep chain: walk it iteratively, so that length is not depth
            chain: list[ast.BinOp] = []
            cur: ast.AST = node
            while isinstance(cur, ast.BinOp) and not isinstance(cur.op, ast.Pow):
                if type(cur.op) not in _OPERATORS:
                    raise RuleError(f"unexpected operator in {ast.get_source_segment(self.source, cur)!r}",
                                    column=self.col(cur))
                chain.append(cur)
                cur = cur.left
            result = b(cur, depth + 1)
            for link in reversed(chain):
                result = BinOp(op=_OPERATORS[type(link.op)], left=result, right=b(link.right, depth + 1),
                               column=result.column)
            return result
        if isinstance(node, ast.UnaryOp):
            if isinstance(node.op, ast.UAdd):
                return b(node.operand, depth + 1)
            if isinstance(node.op, ast.USub):
                return Neg(operand=b(node.operand, depth + 1), column=col)
            raise RuleError("unexpected 'not'" if isinstance(node.op, ast.Not) else "unexpected '~'", column=col)
        if isinstance(node, ast.Name):
            if node.id in self.literals:
                number, unit, column = self.literals[node.id]
                return _literal(number, unit, column)
            if not node.id.isascii():
                raise RuleError(f"unexpected {node.id!r}: claim ids are ASCII letters, digits and _", column=col)
            return Name(id=node.id, column=col)
        if isinstance(node, ast.Constant):
            segment = ast.get_source_segment(self.source, node) or ""
            is_number = isinstance(node.value, int | float) and not isinstance(node.value, bool)
            if not is_number or not _NUMBER.fullmatch(segment):
                raise RuleError(f"unexpected {segment or repr(node.value)!r}", column=col)
            return _literal(segment, None, col)
        if isinstance(node, ast.Call):
            if not isinstance(node.func, ast.Name) or node.func.id in self.literals:
                raise RuleError("only functions can be called, by name: sum(a, b)", column=col)
            args: list[Node] = []
            for arg in node.args:
                if isinstance(arg, ast.Starred):
                    raise RuleError("unexpected '*'", column=self.col(arg))
                args.append(b(arg, depth + 1))
            kwargs: list[tuple[str, Node]] = []
            for kw in node.keywords:
                if kw.arg is None:
                    raise RuleError("unexpected '**'", column=self.col(kw))
                if any(k == kw.arg for k, _ in kwargs):
                    raise RuleError(f"argument {kw.arg}= given twice", column=self.col(kw))
                kwargs.append((kw.arg, b(kw.value, depth + 1)))
            return Call(func=node.func.id, args=tuple(args), kwargs=tuple(kwargs), column=col)
        if isinstance(node, ast.Tuple) and len(node.elts) > 1:
            end = node.elts[0].end_col_offset or 0
            if not self.ascii:
                end = _char_offset(self.source, end)
            comma = self.source.find(",", end)
            raise RuleError(
                "a comma outside a function call: numbers in rules are written without thousands "
                "separators (1586.9亿元, not 1,586.9亿元)", column=_column(self.source, self.columns, comma) or 1,
            )
        if isinstance(node, ast.Attribute):
            raise RuleError("unexpected character '.'", column=self.col(node.value) + len(
                ast.get_source_segment(self.source, node.value) or ""))
        segment = ast.get_source_segment(self.source, node) or type(node).__name__
        raise RuleError(f"unexpected {self.original(segment.split()[0])!r}", column=col)

    def original(self, text: str) -> str:
        """``text`` of the parsed source with the literals' placeholder names written back."""
        for name, (number, unit, _) in self.literals.items():
            text = text.replace(name, number + unit)
        return text

    def _exponent(self, node: ast.AST) -> int:
        sign = 1
        inner = node
        while isinstance(inner, ast.UnaryOp) and isinstance(inner.op, ast.USub | ast.UAdd):
            if isinstance(inner.op, ast.USub):
                sign = -sign
            inner = inner.operand
        if isinstance(inner, ast.Constant) and isinstance(inner.value, int) and not isinstance(inner.value, bool):
            n = sign * inner.value
            if abs(n) > MAX_EXPONENT:
                raise RuleError(f"exponent {n} is too large (at most {MAX_EXPONENT})", column=self.col(inner))
            return n
        raise RuleError("exponents are small whole numbers (for roots, use cagr)", column=self.col(node))


def _check_depth(text: str) -> None:
    """Refuse nesting deeper than :data:`MAX_DEPTH` and long runs of signs (``- - - - x``)."""
    if text.count("(") <= MAX_DEPTH and _SIGN_RUN.search(text) is None:
        return  # the common case, found by C code
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


#: Symbols written for the operators of the rule language.
_ASCII_FORMS = {"≤": "<=", "≥": ">=", "＝": "==", "≠": "!=", "×": "*", "÷": "/", "−": "-"}
#: Any character outside ASCII left once numbers with unit words are set aside.
_NON_ASCII = re.compile(r"[^\x00-\x7f]")
#: Most terms in one sum and factors in one product (``a * b / c`` has three); a product is a
#: chain of nested operations, evaluated recursively, so its limit is the tighter.
MAX_TERMS = 1000
MAX_FACTORS = 100
#: Longest run of digits in a number of a rule (Python refuses more than 4,300 anyway).
MAX_DIGITS = 80
_DIGIT_RUN = re.compile(rf"[0-9]{{{MAX_DIGITS + 1},}}")
_CHAIN_CHARS = re.compile(r"[-+*/(),<>=!]")


def _check_lengths(text: str) -> None:
    """Refuse numbers with too many digits, sums with too many terms and products with too many
    factors, each at its column, before Python's parser meets them."""
    long_number = _DIGIT_RUN.search(text)
    if long_number is not None:
        raise RuleError(
            f"a number of {len(long_number.group())} digits is too long (at most {MAX_DIGITS})",
            column=long_number.start() + 1,
        )
    if text.count("*") + text.count("/") < MAX_FACTORS and text.count("+") + text.count("-") < MAX_TERMS:
        return  # the common case, found by C code
    terms, factors = [1], [1]  # at each level of parentheses: the current sum's terms, product's factors
    for m in _CHAIN_CHARS.finditer(text):
        ch, i = m.group(), m.start()
        if ch == "(":
            terms.append(1)
            factors.append(1)
        elif ch == ")":
            if len(terms) > 1:
                terms.pop()
                factors.pop()
        elif ch in ",<>=!":
            terms[-1] = factors[-1] = 1
        elif ch in "+-":
            terms[-1] += 1
            factors[-1] = 1
            if terms[-1] > MAX_TERMS:
                raise RuleError(f"a sum of more than {MAX_TERMS} terms is too long: split the rule", column=i + 1)
        elif text[i - 1:i] != "*" and text[i + 1:i + 2] != "*":  # * or /, not **
            factors[-1] += 1
            if factors[-1] > MAX_FACTORS:
                raise RuleError(f"a product of more than {MAX_FACTORS} factors is too long", column=i + 1)


def _literal(number: str, unit: str | None, column: int) -> Literal:
    from ..figures.reported import reported

    if unit is None or not unit:
        text = number
    else:
        text = f"{number} {unit}" if unit[:1].isascii() and unit[:1].isalpha() else f"{number}{unit}"
    try:
        r = reported(text, qualifier="exact")
    except ClaimcheckError as exc:
        raise RuleError(exc.message, column=column) from None
    return Literal(text=text, value=r.value, unit=r.unit_name, column=column)
