"""Hostile and broken input: every case is a located ClaimcheckError, within a bounded time.

The whole pipeline is exercised (load, compile, verify), as ``claimcheck verify`` runs it.
"""

from __future__ import annotations

import contextlib
import signal
import time
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import claimcheck
from claimcheck import ClaimcheckError
from claimcheck.files.syntax import MAX_DEPTH

#: Seconds any single hostile input may take.
TIME_LIMIT = 10


@pytest.fixture(autouse=True)
def bounded_time() -> Iterator[None]:
    def expired(signum: int, frame: object) -> None:
        raise TimeoutError(f"took more than {TIME_LIMIT} s")

    old = signal.signal(signal.SIGALRM, expired)
    signal.alarm(TIME_LIMIT)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def run(text: str | bytes) -> claimcheck.Report:
    return claimcheck.verify(claimcheck.loads(text, name="hostile.yaml"))


def file_with(value: str = "1", check: str | None = None, extra: str = "") -> str:
    text = f"claimcheck: 1\nclaims:\n  a:\n    value: {value}\n  b:\n    value: '2'\n{extra}"
    if check is not None:
        text += f"rules:\n  r:\n    check: {check}\n"
    return text


def billion_laughs(levels: int = 9) -> str:
    lines = ["claimcheck: 1", "l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, levels):
        refs = ", ".join([f"*l{i - 1}"] * 9)
        lines.append(f"l{i}: &l{i} [{refs}]")
    lines.append("claims: {}")
    return "\n".join(lines) + "\n"


CASES: list[tuple[str, str | bytes, int | None]] = [
    ("invalid utf-8", b"claimcheck: 1\nclaims:\n  a: {value: '\xff\xfe'}\n", 3),
    ("latin-1", "claimcheck: 1\nclaims:\n  a: {value: '5', quote: 'café'}\n".encode("latin-1"), 3),
    ("utf-16 with BOM", "claimcheck: 1\nclaims: {}\n".encode("utf-16"), 1),
    ("yaml syntax", "claimcheck: 1\nclaims:\n  a: {value: 5\n", 4),
    ("tab indentation", "claimcheck: 1\nclaims:\n\ta: {value: 5}\n", 3),
    ("duplicate top-level key", "claimcheck: 1\nclaimcheck: 1\nclaims: {}\n", 2),
    ("duplicate document field", "claimcheck: 1\ndocument:\n  title: a\n  title: b\nclaims: {}\n", 4),
    ("duplicate claim id", "claimcheck: 1\nclaims:\n  a: {value: 1}\n  a: {value: 1}\n", 4),
    ("duplicate claim field", "claimcheck: 1\nclaims:\n  a: {value: 1, value: 2}\n", 3),
    ("duplicate rule id", file_with(check="a == b") + "  r:\n    check: a == a\n", 10),
    ("duplicate policy field", "claimcheck: 1\npolicy: {about: 1, about: 2}\nclaims: {}\n", 2),
    (
        "duplicate reading",
        file_with() + "rules:\n  r:\n    readings:\n      x: {check: a == b}\n      x: {check: a == a}\n",
        11,
    ),
    ("unknown field", file_with(extra="    qoute: x\n"), 7),
    ("unknown top-level field", "claimcheck: 1\nclaim: {}\n", 2),
    ("billion laughs", billion_laughs(), None),
    ("recursive alias", "claimcheck: 1\nclaims: &c\n  a: *c\n", 2),
    ("deep flow nesting", "claimcheck: 1\nclaims: " + "[" * 10_000 + "\n", 2),
    ("deep block nesting", "claimcheck: 1\nclaims:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 200)), None),
    ("deep expression", file_with(check="(" * (MAX_DEPTH + 5) + "a" + ")" * (MAX_DEPTH + 5) + " == b"), 9),
    ("long expression", file_with(check="a" + " + a" * 6000 + " == b"), 9),
    ("huge exponent", file_with(value="1e999999"), 4),
    ("10000-digit integer", file_with(value="9" * 10_000), 4),
    ("nan", file_with(value=".nan"), 4),
    ("inf", file_with(value="inf"), 4),
    ("zero denominator", file_with(value="0个", check="growth(b, a) == b"), 9),
    ("share of nothing", file_with(value="0个", check="share(b, a) == b"), 9),
    ("negative base under cagr", file_with(value="'-5'", check="cagr(a, b, years=2) == b"), 9),
    ("self-referencing rule", file_with(check="r == a"), 9),
    ("rule naming another rule", file_with(check="a == b") + "  s:\n    check: r + 1 == a\n", 11),
    ("unknown function", file_with(check="median(a, b) == a"), 9),
    ("claim named like a function", "claimcheck: 1\nclaims:\n  sum: {value: 1}\nrules:\n  r: {check: sum == 1}\n", 3),
    ("attribute access", file_with(check="a.__class__ == b"), 9),
    ("call of a claim", file_with(check="a(b) == b"), 9),
    ("empty file", "", 1),
    ("only a comment", "# nothing here\n", 1),
    ("a list", "- claimcheck: 1\n", 1),
    ("a scalar", "claimcheck\n", 1),
    ("two documents", "claimcheck: 1\nclaims: {}\n---\nclaimcheck: 1\nclaims: {}\n", 1),
    (
        "yuan plus dollars",
        "claimcheck: 1\nclaims:\n  a: {value: 1元}\n  b: {value: 1美元}\nrules:\n  r: {check: a + b == a}\n",
        6,
    ),
    ("ambiguous yen sign", file_with(value="¥5"), 4),
    ("policy width zero", "claimcheck: 1\npolicy: {some_more: 0}\nclaims: {}\n", 2),
]


@pytest.mark.parametrize(("kind", "text", "line"), CASES, ids=[c[0] for c in CASES])
def test_hostile_input_is_a_located_error(kind: str, text: str | bytes, line: int | None) -> None:
    with pytest.raises(ClaimcheckError) as info:
        run(text)
    err = info.value
    assert err.file == "hostile.yaml"
    if line is not None:
        assert err.line == line, str(err)
    assert str(err).startswith("hostile.yaml:")


def test_file_over_the_size_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("claimcheck.files.loader.MAX_FILE_BYTES", 1000)
    with pytest.raises(ClaimcheckError, match="larger than the limit"):
        run(file_with() + "#" * 2000 + "\n")


def test_the_size_limit_is_well_above_the_largest_benchmark_file() -> None:
    from claimcheck.files.loader import MAX_FILE_BYTES

    assert MAX_FILE_BYTES >= 5 * 20 * 1024 * 1024  # the 100k-claim yearbook is about 20 MB


def test_a_utf8_byte_order_mark_is_accepted() -> None:
    report = run(("\ufeff" + file_with(check="a < b")).encode("utf-8"))
    assert report.ok


def test_windows_line_endings_are_accepted() -> None:
    report = run(file_with(check="a < b").replace("\n", "\r\n"))
    assert report.ok


@settings(max_examples=300)
@given(st.binary(max_size=300))
def test_arbitrary_bytes(data: bytes) -> None:
    start = time.perf_counter()
    with contextlib.suppress(ClaimcheckError):
        run(data)
    assert time.perf_counter() - start < TIME_LIMIT


yaml_scalars = st.one_of(st.integers(), st.floats(), st.booleans(), st.none(), st.text(max_size=20))
yaml_values = st.recursive(
    yaml_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=200)
@given(
    st.dictionaries(
        st.sampled_from(["claimcheck", "claims", "rules", "policy", "defaults", "document"]), yaml_values, max_size=6
    )
)
def test_arbitrary_yaml_documents(doc: dict[str, object]) -> None:
    import yaml

    with contextlib.suppress(ClaimcheckError):
        run(yaml.safe_dump(doc, allow_unicode=True))


@settings(max_examples=300)
@given(st.text(max_size=40))
def test_arbitrary_claim_values(value: str) -> None:
    with contextlib.suppress(ClaimcheckError):
        claimcheck.reported(value)


@settings(max_examples=300)
@given(st.text(alphabet="ab+-*/()=<> 0123456789.%,", max_size=50))
def test_arbitrary_checks(check: str) -> None:
    text = f"claimcheck: 1\nclaims:\n  a: {{value: '3'}}\n  b: {{value: '4'}}\nrules:\n  r:\n    check: {check!r}\n"
    with contextlib.suppress(ClaimcheckError):
        run(text)
