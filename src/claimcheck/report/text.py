"""The report as a readable fact-check: per rule the verdict, the figures and their quotes,
what the other figures imply, the slack, and the suspects."""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_EVEN, Context, Decimal

from ..figures.intervals import PLAIN_EXPONENTS
from ..files.model import Expect
from ..verify.results import (
    Bounds,
    ClaimResult,
    FileReport,
    Fix,
    Localisation,
    ReadingResult,
    Report,
    RuleResult,
    Verdict,
)

Style = Callable[..., str]


def plain(text: str, **_: object) -> str:
    """The style that adds nothing (for pipes and files)."""
    return text


#: Shown beside a consistent verdict that the search could neither prove nor refute.
UNSETTLED = "not settled: no values found that satisfy it, nor a proof that none do"
SYMBOLS = {Verdict.CONSISTENT: "✓", Verdict.INCONSISTENT: "✗", Verdict.DEPENDS_ON_READING: "?"}
COLOURS = {Verdict.CONSISTENT: "green", Verdict.INCONSISTENT: "red", Verdict.DEPENDS_ON_READING: "yellow"}


def render(report: Report, *, style: Style = plain, quiet: bool = False) -> str:
    """The whole report as text; ``style`` is e.g. ``click.style`` for colour on a terminal."""
    out: list[str] = []
    for f in report.files:
        out.extend(render_file(f, style=style, quiet=quiet))
    s = report.summary
    if not s.files and s.invalid:
        line = f"{_count(s.invalid, 'file')} not verified (invalid input)"
        out.append(style(line, bold=True, fg="red"))
        return "\n".join(out) + "\n"
    line = (
        f"{_count(s.files, 'file')}, {_count(s.claims, 'claim')}, {_count(s.rules, 'rule')}"
        + (f" ({s.checks} checks with readings)" if s.checks != s.rules else "")
        + f": {s.consistent} consistent" + (f" ({s.unsettled} not settled)" if s.unsettled else "")
        + f", {s.inconsistent} inconsistent" + _grades(s.major, s.minor)
        + f", {s.unexpected} unexpected"
        + (f", {_count(s.conflicts, 'joint conflict')}" if s.conflicts else "")
        + (f" ({s.unexpected_conflicts} unexpected)" if s.unexpected_conflicts and s.conflicts else "")
        + (f", {_count(s.unexpected_conflicts, 'recorded conflict')} not found"
           if s.unexpected_conflicts and not s.conflicts else "")
        + (f"; {_count(s.provenance, 'claim')} not in the article as written" if s.provenance else "")
        + (f"; {_count(s.invalid, 'file')} not verified (invalid input)" if s.invalid else "")
    )
    out.append(style(line, bold=True, fg="green" if report.ok else "red"))
    return "\n".join(out) + "\n"


def _grades(major: int, minor: int) -> str:
    parts = [f"{n} {grade}" for n, grade in ((major, "major"), (minor, "minor")) if n]
    return f" ({', '.join(parts)})" if parts else ""


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def render_file(f: FileReport, *, style: Style = plain, quiet: bool = False) -> list[str]:
    claims = {c.id: c for c in f.claims}
    out: list[str] = []
    header = f"{f.path}" + (f" — {f.title}" if f.title else "")
    rules = [r for r in f.rules if not quiet or not r.ok]
    conflicts = [c for c in f.conflicts if not quiet or not c.ok]
    if quiet and not rules and not conflicts and not f.provenance:
        return out
    out.append(style(header, bold=True))
    for loc in f.localisations:
        if not quiet or about_the_unexpected(f, loc):
            out.append(style(f"  {localisation_text(loc, claims)}", bold=True))
    for rule in rules:
        out.extend(render_rule(rule, claims, style=style))
    for c in conflicts:
        if c.ok:
            out.append(style(f"  ✗ joint conflict — as recorded: {c.message}", fg="green"))
        else:
            out.append(style(f"  ✗ joint conflict — UNEXPECTED: {c.message}" if c.found
                             else f"  ✓ no joint conflict — UNEXPECTED: {c.message}", fg="red", bold=True))
        if c.note:
            out.append(f"      {c.note}")
    for p in f.provenance:
        out.append(style(f"  ✗ provenance (line {p.line}): {p.message}" if p.line else f"  ✗ provenance: {p.message}",
                         fg="red", bold=True))
    out.append("")
    return out


def _status(r: RuleResult | ReadingResult) -> str:
    if r.ok and r.verdict == Verdict.INCONSISTENT and r.expected == Expect.CONSISTENT:
        return "tolerated: a minor finding, and only major ones fail this run"
    if r.ok:
        return "as recorded" if r.expected is not None and r.verdict == Verdict.INCONSISTENT else ""
    return f"UNEXPECTED (recorded: {r.expected.value})" if r.expected else "UNEXPECTED"


def render_rule(rule: RuleResult, claims: dict[str, ClaimResult], *, style: Style = plain) -> list[str]:
    sym = SYMBOLS[rule.verdict]
    colour = COLOURS[rule.verdict]
    status = "" if rule.readings else _status(rule)
    title = f"  {sym} {rule.id}: {rule.verdict.value.replace('_', ' ')}" + (f" ({rule.grade})" if rule.grade else "")
    if not rule.readings and not rule.settled:
        title += f" ({UNSETTLED})"
    if status:
        title += f" — {status}"
    out = [style(title, fg=colour if rule.ok else "red", bold=not rule.ok)]
    if rule.note:
        out.append(f"      {rule.note}")
    if rule.readings:
        for reading in rule.readings:
            rs = SYMBOLS[reading.verdict]
            head = f"    {rs} reading {reading.id}: {reading.verdict.value}" + (
                f" ({reading.grade})" if reading.grade else "")
            if not reading.settled:
                head += f" ({UNSETTLED})"
            st = _status(reading)
            if st:
                head += f" — {st}"
            out.append(style(head, fg=COLOURS[reading.verdict] if reading.ok else "red"))
            out.extend(_details(reading, claims, indent="        "))
    else:
        assert rule.check is not None
        out.extend(_details(rule, claims, indent="      "))
    return out


def _details(r: RuleResult | ReadingResult, claims: dict[str, ClaimResult], indent: str) -> list[str]:
    out = []
    if isinstance(r, ReadingResult) and r.note:
        out.append(f"{indent}{r.note}")
    out.append(f"{indent}check: {r.check}")
    if isinstance(r, ReadingResult) and r.read_as:
        claims = {**claims, **{c.id: c for c in r.read_as}}  # as this reading reads them
    implied = {b.claim: b for b in r.implied}
    for cid in r.claims:
        c = claims[cid]
        line = f"{indent}  {cid} = {c.value}  {interval_text(c)}"
        b = implied.get(cid)
        if b is not None and r.verdict == Verdict.INCONSISTENT:
            line += f"; the others imply {bounds_text(b, c.value)}"
        out.append(line)
        if c.quote:
            out.append(f"{indent}      “{c.quote}”")
    if r.slack is not None:
        if r.slack == "inf":
            out.append(f"{indent}slack: no widening of the tolerances makes this hold")
        elif r.verdict == Verdict.INCONSISTENT:
            out.append(f"{indent}slack: {r.slack} (the tolerances would have to be {r.slack}× as wide)")
        else:
            out.append(f"{indent}slack: {r.slack}")
    if r.grade == "major":
        out.append(f"{indent}grade: major — inconsistent even when every approximate figure is read generously")
    elif r.grade == "minor":
        out.append(f"{indent}grade: minor — {r.holds_if or 'holds when the figures are read generously'}")
    if r.fix is not None:
        out.append(f"{indent}fix: {fix_text(r.fix)}")
    for s in r.suspects[:3]:
        needs = "; ".join(f"{b.claim} in {bounds_text(b, claims[b.claim].value)}" for b in s.needed)
        dist = "" if s.distance is None else f" ({s.distance}× its half-width away)"
        out.append(f"{indent}suspect: {' + '.join(s.claims)} — would need {needs}{dist}")
    return out


#: Magnitude words in written figures, largest first: numbers are shown in the figure's own scale.
_SCALES = [("万亿", 12), ("亿", 8), ("trillion", 12), ("billion", 9), ("bn", 9), ("million", 6), ("万", 4)]


def scale_of(written: str) -> tuple[str, int]:
    """The magnitude word a figure was written with (``6200亿元`` -> ("亿", 8)), or ("", 0)."""
    for word, power in _SCALES:
        if word in written:
            return word, power
    return "", 0


def scaled(number: str, power: int, word: str, *, up: bool | None = None) -> str:
    """A decimal string shown in units of 10**power: ``619950000000`` -> ``6199.5亿``. Beyond
    eight significant digits it is shortened to seven, toward +inf (``up``) or -inf for the ends
    of an interval, so that the interval shown still contains the exact one."""
    approximate = number.endswith("...")
    d = Decimal(number.rstrip(".") if approximate else number).scaleb(-power)
    text = _written(d.normalize())
    if approximate or len(text.replace("-", "").replace(".", "").lstrip("0")) > 8:
        rounding = ROUND_HALF_EVEN if up is None else ROUND_CEILING if up else ROUND_FLOOR
        text = _written(Context(prec=7, rounding=rounding).plus(d).normalize())
        if approximate:
            text = "≈" + text
    if not word:
        return text
    sep = " " if word.isascii() else ""
    return f"{text}{sep}{word}"


def _written(d: Decimal) -> str:
    """A decimal in full, or with an exponent beyond 10**±40 (as the report's numbers are)."""
    return format(d, "f") if d.is_zero() or abs(d.adjusted()) <= PLAIN_EXPONENTS else format(d, "e")


def about_the_unexpected(f: FileReport, loc: Localisation) -> bool:
    """Whether a localisation explains an unexpected failure (not only recorded findings)."""
    unexpected = {r.id for r in f.rules if not r.ok} | {" + ".join(sorted(c.rules)) for c in f.conflicts if not c.ok}
    return any(name in unexpected for name in loc.failing)


def localisation_text(loc: Localisation, claims: dict[str, ClaimResult]) -> str:
    """``most likely wrong: secondary (explains 3 of 3 failing rules), would need [...]``."""
    failing = len(loc.failing)
    rules = f"{failing} failing rule{'' if failing == 1 else 's'}"
    if not loc.claims:
        return f"most likely wrong: not found for {rules} ({', '.join(loc.failing)}): {loc.message}"
    needs = "; ".join(f"{b.claim} in {bounds_text(b, claims[b.claim].value)}" for b in loc.needed)
    others = "".join(f"; or {' + '.join(a)}" for a in loc.alternatives)
    return (f"most likely wrong: {' + '.join(loc.claims)} (explains {loc.explains} of {rules}), "
            f"would need {needs}{others}" + ("" if loc.settled else f" ({loc.message})"))


def fix_text(fix: Fix) -> str:
    """``8%左右 would need 7.32 percent (-8.5 %)``: the closest single-claim fix in its own words."""
    word, power = scale_of(fix.written)
    unit = "" if fix.unit == "dimensionless" else f" {fix.unit}"
    change = ""
    if fix.change is not None:
        sign = "+" if not fix.change.startswith("-") else "−"
        change = f" ({sign}{fix.change.lstrip('-')} %)"
    return f"{fix.written} would need {scaled(fix.value, power, word)}{unit}{change}"


def interval_text(c: ClaimResult) -> str:
    word, power = scale_of(c.value)
    left = "(" if c.low_open else "["
    right = ")" if c.high_open else "]"
    lo = "-∞" if c.low is None else scaled(c.low, power, word, up=False)
    hi = "∞" if c.high is None else scaled(c.high, power, word, up=True)
    unit = "" if c.unit == "dimensionless" else f" {c.unit}"
    return f"{left}{lo}, {hi}{right}{unit}"


def bounds_text(b: Bounds, written: str = "") -> str:
    if b.empty:
        return "no value at all"
    word, power = scale_of(written)
    lo = "-∞" if b.low is None else scaled(b.low, power, word, up=False)
    hi = "∞" if b.high is None else scaled(b.high, power, word, up=True)
    unit = "" if b.unit == "dimensionless" else f" {b.unit}"
    if b.low is not None and b.low == b.high:
        return f"{lo}{unit}"
    return f"[{lo}, {hi}]{unit}"
