"""Hypothesis strategies for claimcheck's inputs: written figures, claims, rules and whole claim
files, including files whose verdicts are known by construction.

Use them to test your own pipelines the way claimcheck tests itself::

    from hypothesis import given
    from claimcheck import strategies, verify

    @given(strategies.consistent_claim_files())
    def test_no_false_alarm(generated):
        assert verify(generated.claim_file).ok

Needs hypothesis (``pip install claimcheck[strategies]``); pytest is not needed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction

try:
    from hypothesis import strategies as st
except ImportError as exc:  # pragma: no cover - depends on the environment
    raise ImportError("claimcheck.strategies needs hypothesis: pip install 'claimcheck[strategies]'") from exc

from .files.model import Claim, ClaimFile, Expect, Rule

__all__ = [
    "Generated",
    "WrittenFigure",
    "claim_files",
    "claim_ids",
    "claims",
    "consistent_claim_files",
    "inconsistent_claim_files",
    "rule_checks",
    "write",
    "written_figures",
]

#: Qualifier words a writer puts around a figure, by kind, in Chinese and English.
CHINESE_QUALIFIERS = {"rounded": ("", ""), "about": ("", "左右"), "some_more": ("", "余"), "over": ("超", ""),
                      "at_least": ("", "以上"), "at_most": ("", "以内"), "nearly": ("近", "")}
ENGLISH_QUALIFIERS = {"rounded": ("", ""), "about": ("about ", ""), "over": ("more than ", ""),
                      "at_least": ("at least ", ""), "at_most": ("up to ", ""), "nearly": ("nearly ", "")}
CHINESE_MAGNITUDES = {"": 0, "万": 4, "亿": 8}
ENGLISH_MAGNITUDES = {"": 0, " thousand": 3, " million": 6, " billion": 9}


@dataclass(frozen=True)
class WrittenFigure:
    """A figure as a writer wrote it, and the true value it was written from."""

    text: str
    truth: Fraction


@dataclass(frozen=True)
class Generated:
    """A generated claim file whose verdicts are known: ``suspect`` is the claim that was moved
    beyond its tolerance (``None`` for a consistent file), ``rule`` the rule it breaks."""

    claim_file: ClaimFile
    suspect: str | None = None
    rule: str | None = None


def _digits(n: int, places: int) -> str:
    sign = "-" if n < 0 else ""
    n = abs(n)
    if places <= 0:
        return f"{sign}{n * 10 ** (-places)}"
    whole, frac = divmod(n, 10**places)
    return f"{sign}{whole}.{frac:0{places}d}"


def write(truth: Fraction, places: int, kind: str = "rounded", *, language: str = "zh",
          magnitude: str = "", unit: str = "") -> str | None:
    """How a careful writer writes ``truth`` at ``places`` decimals (of the magnitude word), with a
    qualifier of the given kind, so that claimcheck's default policy admits the truth; ``None``
    when that kind cannot honestly describe this value at this precision."""
    table = CHINESE_QUALIFIERS if language == "zh" else ENGLISH_QUALIFIERS
    if kind not in table:
        return None
    power = (CHINESE_MAGNITUDES if language == "zh" else ENGLISH_MAGNITUDES).get(magnitude, 0)
    scaled = truth / Fraction(10) ** power * Fraction(10) ** places
    if kind in ("rounded", "about"):
        n = math.floor(scaled + Fraction(1, 2))
    elif kind in ("some_more", "over"):
        n = math.floor(scaled)
        if n == scaled:
            if kind == "some_more":
                return None  # 余 needs a remainder below one unit of the last digit
            n -= 1
    elif kind == "at_least":
        n = math.floor(scaled)
    elif kind == "at_most":
        n = math.ceil(scaled)
    else:  # nearly: v - d/2 <= truth <= v, with d one unit of the last digit
        n = math.ceil(scaled)
        if Fraction(n) - scaled > Fraction(1, 2) or (n % 10 == 0 and places <= 0):
            return None
    if n <= 0 or (places <= 0 and n % 10 == 0 and kind in ("some_more", "about", "nearly")):
        return None  # trailing zeros would change what the qualifier means
    if places > 0 and n % 10 == 0 and kind in ("some_more", "nearly", "about"):
        return None
    prefix, suffix = table[kind]
    return f"{prefix}{_digits(n, places)}{magnitude}{unit}{suffix}"


@st.composite
def written_figures(draw: st.DrawFn, truth: Fraction | None = None, *, language: str | None = None,
                    kinds: tuple[str, ...] | None = None) -> WrittenFigure:
    """A figure written from a true value (drawn if not given) in any supported phrasing."""
    if truth is None:
        truth = draw(st.fractions(min_value=Fraction(1, 10), max_value=Fraction(10**12), max_denominator=1000))
    lang = language or draw(st.sampled_from(["zh", "en"]))
    table = CHINESE_QUALIFIERS if lang == "zh" else ENGLISH_QUALIFIERS
    magnitudes = CHINESE_MAGNITUDES if lang == "zh" else ENGLISH_MAGNITUDES
    usable = [m for m, p in magnitudes.items() if p == 0 or truth >= Fraction(10) ** p]
    for _ in range(10):
        kind = draw(st.sampled_from(kinds or tuple(table)))
        magnitude = draw(st.sampled_from(usable))
        places = draw(st.integers(0, 3))
        text = write(truth, places, kind, language=lang, magnitude=magnitude)
        if text is not None:
            return WrittenFigure(text, truth)
    text = write(truth, 3, "rounded", language=lang)
    assert text is not None
    return WrittenFigure(text, truth)


def claim_ids() -> st.SearchStrategy[str]:
    """Valid claim and rule ids (not the names of rule functions, nor Python keywords)."""
    import keyword

    from .rules.functions import RESERVED_NAMES

    return st.from_regex(r"[a-z][a-z0-9_]{0,15}", fullmatch=True).filter(
        lambda s: s not in RESERVED_NAMES and not keyword.iskeyword(s)
    )


@st.composite
def claims(draw: st.DrawFn) -> Claim:
    """A claim with a readable figure and optional metadata."""
    fig = draw(written_figures())
    return Claim(
        value=fig.text,
        quote=draw(st.none() | st.text(min_size=1, max_size=30).filter(lambda s: s.strip() == s and s)),
        period=draw(st.none() | st.sampled_from(["2020", "2020-11", "2016/2020", "2020-01/2020-11"])),
        entity=draw(st.none() | st.sampled_from(["青岛", "Qingdao"])),
    )


RULE_TEMPLATES = {
    "sum": "{0} + {1} == {2}",
    "growth": "growth({0}, {1}) == {2}",
    "cagr": "cagr({1}, {0}, years=5) == {2}",
    "share": "share({0}, {1}) == {2}",
    "subset": "{0} <= {1}",
    "exceeds": "{0} > {1}",
    "difference": "{0} - {1} == {2}",
}


def rule_checks(ids: list[str]) -> st.SearchStrategy[str]:
    """Check expressions over the given claim ids, one template per rule function."""
    need = {"subset": 2, "exceeds": 2}
    templates = [t for name, t in RULE_TEMPLATES.items() if need.get(name, 3) <= len(ids)]
    return st.sampled_from(templates).map(lambda t: t.format(*ids[:3]))


@st.composite
def claim_files(draw: st.DrawFn, max_claims: int = 6) -> ClaimFile:
    """Any valid claim file (verdicts unknown): claims with readable figures and rules over them."""
    ids = draw(st.lists(claim_ids(), min_size=3, max_size=max_claims, unique=True))
    cs = {cid: draw(claims()) for cid in ids}
    n_rules = draw(st.integers(0, 3))
    rules = {}
    for i in range(n_rules):
        chosen = draw(st.permutations(ids))
        rules[f"rule_{i}"] = Rule(check=draw(rule_checks(list(chosen))))
    return ClaimFile(claimcheck=1, claims=cs, rules=rules)


# ---------------------------------------------------------------- files with known verdicts

_positive = st.fractions(min_value=Fraction(1), max_value=Fraction(10**9), max_denominator=100)


@st.composite
def _consistent_rule(draw: st.DrawFn, prefix: str) -> tuple[dict[str, Claim], str, str]:
    """Claims written from true values that satisfy one rule exactly, and that rule."""
    kind = draw(st.sampled_from(sorted(RULE_TEMPLATES)))
    a, b = draw(_positive), draw(_positive)

    def fig(truth: Fraction, kinds: tuple[str, ...] | None = None) -> str:
        return draw(written_figures(truth, language="zh", kinds=kinds)).text

    def rate(truth: Fraction) -> str:
        places = draw(st.integers(1, 3))
        return _digits(math.floor(truth * 100 * 10**places + Fraction(1, 2)), places) + "%"

    ids = [f"{prefix}_a", f"{prefix}_b", f"{prefix}_c"]
    if kind == "sum":
        values = {ids[0]: fig(a), ids[1]: fig(b), ids[2]: fig(a + b)}
    elif kind == "difference":
        values = {ids[0]: fig(a + b), ids[1]: fig(b), ids[2]: fig(a)}
    elif kind == "growth":
        b = a * draw(st.fractions(min_value=Fraction(1, 2), max_value=2, max_denominator=1000))
        values = {ids[0]: fig(b, ("rounded", "about")), ids[1]: fig(a, ("rounded", "about")), ids[2]: rate(b / a - 1)}
    elif kind == "cagr":
        g = draw(st.fractions(min_value=Fraction(-10, 100), max_value=Fraction(30, 100), max_denominator=1000))
        end = a * (1 + g) ** 5
        values = {ids[0]: fig(end, ("rounded",)), ids[1]: fig(a, ("rounded",)), ids[2]: rate(g)}
    elif kind == "share":
        whole = a + b
        values = {ids[0]: fig(a, ("rounded", "about")), ids[1]: fig(whole, ("rounded", "about")),
                  ids[2]: rate(a / whole)}
    elif kind == "subset":
        values = {ids[0]: fig(a), ids[1]: fig(a + b)}
    else:  # exceeds: an actual above a target
        values = {ids[0]: fig(a + b, ("rounded", "over")), ids[1]: fig(a, ("rounded",))}
    check = RULE_TEMPLATES[kind].format(*ids)
    return {k: Claim(value=v) for k, v in values.items()}, check, kind


@st.composite
def consistent_claim_files(draw: st.DrawFn, max_rules: int = 4) -> Generated:
    """Claim files whose figures were written, rounded and qualified, from true values that satisfy
    every rule: claimcheck must find every rule (and the file as a whole) consistent."""
    n = draw(st.integers(1, max_rules))
    cs: dict[str, Claim] = {}
    rules: dict[str, Rule] = {}
    for i in range(n):
        more, check, kind = draw(_consistent_rule(f"r{i}"))
        cs.update(more)
        rules[f"r{i}_{kind}"] = Rule(check=check, note=f"generated {kind} rule")
    return Generated(ClaimFile(claimcheck=1, claims=cs, rules=rules))


@st.composite
def inconsistent_claim_files(draw: st.DrawFn) -> Generated:
    """Claim files with one rule broken by construction: one claim moved beyond its tolerance and
    recorded as the expected suspect; the broken rule carries ``expect: inconsistent``."""
    kind = draw(st.sampled_from(["sum", "growth", "share", "subset"]))
    a = draw(st.integers(1, 10**6))
    b = draw(st.integers(1, 10**6))
    sign = draw(st.sampled_from([-1, 1]))
    ids = ["x_a", "x_b", "x_c"]
    moved: str
    if kind == "sum":
        which = draw(st.sampled_from(ids))
        values = {ids[0]: a, ids[1]: b, ids[2]: a + b}
        shift = draw(st.integers(1, 1000)) * sign
        if values[which] + shift < 0:
            shift = -shift
        values[which] += shift
        claims_ = {k: Claim(value=f"{v}个") for k, v in values.items()}
        moved = which
    elif kind in ("growth", "share"):
        true_pct = (Fraction(b, a) - 1) * 100 if kind == "growth" else Fraction(a, a + b) * 100
        wrong = true_pct + sign * draw(st.integers(1, 50))
        rate = _digits(math.floor(wrong * 10 + Fraction(1, 2)), 1) + "%"
        whole = b if kind == "growth" else a + b
        claims_ = {ids[0]: Claim(value=f"{a}个"), ids[1]: Claim(value=f"{whole}个"), ids[2]: Claim(value=rate)}
        moved = ids[2]
    else:  # subset: the part moved above the whole
        claims_ = {ids[0]: Claim(value=f"{a + b + draw(st.integers(1, 100))}个"), ids[1]: Claim(value=f"{a + b}个")}
        moved = ids[0]
    check = {
        "sum": "x_a + x_b == x_c",
        "growth": "growth(x_b, x_a) == x_c",
        "share": "share(x_a, x_b) == x_c",
        "subset": "x_a <= x_b",
    }[kind]
    rules = {"broken": Rule(check=check, expect=Expect.INCONSISTENT, note=f"{moved} was moved")}
    base = draw(consistent_claim_files(max_rules=2))
    all_claims = {**base.claim_file.claims, **claims_}
    all_rules = {**base.claim_file.rules, **rules}
    return Generated(ClaimFile(claimcheck=1, claims=all_claims, rules=all_rules), suspect=moved, rule="broken")
