"""A draft claim file from an article's text: every figure, quoted, located and dated.

Each figure becomes a claim with its value exactly as written, the clause around it as its quote
(an exact slice of the source), its period when the words around it name one, and a comment with
its line. A figure written twice with the same words before it is one claim, whose note says
where else it stands (two claims for one fact would need a rule to say they are equal). What reads
as a number but is not a reported figure (years, dates, plan names, ordinals) is listed in
comments at the end, so a person can add what the guess left out.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from .ids import name_from, unique
from .periods import article_year, guess
from .scan import Figure, LeftOut, scan

#: Characters that end a clause (the quote of a figure is its clause).
_CLAUSE_ENDS = "，。；！？；\n,;!?"
#: Characters that end a sentence (a period named earlier in the sentence applies to its figures).
_SENTENCE_ENDS = "。！？\n!?"


@dataclass
class DraftClaim:
    id: str
    figure: Figure
    quote: str
    period: str | None
    also: list[int] = field(default_factory=list)  # lines where the same figure is written again


@dataclass
class Draft:
    claims: list[DraftClaim]
    left_out: list[LeftOut]
    title: str | None
    language: str


def draft(text: str, *, year: int | None = None) -> Draft:
    """The figures of ``text`` as draft claims."""
    figures, left_out = scan(text)
    year = year or article_year(text)
    claims: list[DraftClaim] = []
    by_key: dict[tuple[str, str], DraftClaim] = {}
    taken: set[str] = set()
    previous_period: str | None = None
    last_sentence = -1
    for f in figures:
        sentence_start = _back_to(text, f.start, _SENTENCE_ENDS)
        clause_start = _back_to(text, f.start, _CLAUSE_ENDS)
        clause_end = _forward_to(text, f.end, _CLAUSE_ENDS)
        quote = text[clause_start:clause_end].strip()
        before = text[sentence_start:f.start]
        period = guess(before, year)
        if period is None and before.lstrip().startswith("其中"):
            period = previous_period  # 其中 (of which): the period of the sentence before
        if sentence_start != last_sentence:
            last_sentence = sentence_start
        if period is not None:
            previous_period = period
        base = name_from(text[clause_start:f.start] or before, text[f.end:clause_end])
        key = (base, f.text)
        if key in by_key:
            by_key[key].also.append(f.line)
            continue
        hints = [h for h in ((period or "").split("/")[-1].split("-")[0], f.unit or "") if h]
        cid = unique(base, taken, hints)
        taken.add(cid)
        claim = DraftClaim(cid, f, quote, period)
        by_key[key] = claim
        claims.append(claim)
    first_line = next((line.strip() for line in text.splitlines() if line.strip()), None)
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    letters = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    language = "zh" if cjk > 3 * letters else "en" if letters > 3 * cjk else "mul"
    return Draft(claims, left_out, first_line[:120] if first_line else None, language)


def _back_to(text: str, pos: int, ends: str) -> int:
    i = pos
    while i > 0 and text[i - 1] not in ends:
        i -= 1
    return i


def _forward_to(text: str, pos: int, ends: str) -> int:
    i = pos
    while i < len(text) and text[i] not in ends:
        i += 1
    return i


def to_yaml(d: Draft, *, source: str | None = None, sha256: str | None = None) -> str:
    """The draft as a v1 claim file (YAML), with comments for lines and what was left out."""

    def q(text: str) -> str:
        return json.dumps(text, ensure_ascii=False)

    out = ["# A draft made by `claimcheck extract`: check every figure against the article, prune what is",
           "# not a finding's material, add rules, then `claimcheck verify`.",
           "claimcheck: 1", "document:"]
    if d.title:
        out.append(f"  title: {q(d.title)}")
    out.append(f"  language: {d.language}")
    if source:
        out.append(f"  source: {q(source)}")
    if sha256:
        out.append(f"  sha256: {sha256}")
    out.append("claims:" if d.claims else "claims: {}")
    for c in d.claims:
        fields = [f"value: {q(c.figure.text)}"]
        if c.period:
            fields.append(f"period: {q(c.period)}")
        fields.append(f"quote: {q(c.quote)}")
        if c.also:
            fields.append(f"note: {q('also written on line ' + ', '.join(map(str, c.also)))}")
        out.append(f"  {c.id}: {{{', '.join(fields)}}}  # line {c.figure.line}")
    out.append("rules: {}")
    if d.left_out:
        out.append("# left out (read as numbers, but not reported figures):")
        out.extend(f"#   line {x.line}: {x.text} ({x.why})" for x in d.left_out)
    return "\n".join(out) + "\n"


def extract(text: str, *, source: str | os.PathLike[str] | None = None, year: int | None = None,
            relative_to: str | os.PathLike[str] | None = None) -> str:
    """A draft claim file (YAML text) for the article ``text``. With ``source`` (the article's
    path), the header names it (relative to ``relative_to``, the draft's folder, when given) with
    its SHA-256."""
    d = draft(text, year=year)
    name = digest = None
    if source is not None:
        path = Path(source)
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        name = os.path.relpath(path, relative_to) if relative_to is not None else str(path)
    return to_yaml(d, source=name, sha256=digest)


__all__ = ["Draft", "DraftClaim", "draft", "extract", "to_yaml"]
