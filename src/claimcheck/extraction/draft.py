"""A draft claim file from an article's text: every figure, quoted, located and dated.

Each figure becomes a claim with its value exactly as written, the clause around it as its quote
(an exact slice of the source), its period when the words around it name one, and a comment with
its line. A figure written twice with the same words before it is one claim, whose note says
where else it stands (two claims for one fact would need a rule to say they are equal). What reads
as a number but is not a reported figure (years, dates, plan names, ordinals) is listed in
comments at the end, so a person can add what the guess left out.
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..figures.written import parse_written
from .english import frame, place, sentence_ends
from .ids import change_word, name_from, subject_words, unique
from .periods import article_year, guess
from .scan import Figure, LeftOut, scan

#: Characters that end a clause (the quote of a figure is its clause); a comma between digits does not.
_CLAUSE_ENDS = "，；；,;：:"
_CJK = re.compile(r"[\u4e00-\u9fff]")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
#: Units whose name tells a rate from the level beside it better than a year does (``_pct``).
_RATE_UNITS = ("percent", "permille", "percentage_point")
#: Count words of figures that name places rather than count things (中日两国, 两地, 两岸).
_NAMING_WORDS = ("国", "地", "岸")


@dataclass
class DraftClaim:
    id: str
    figure: Figure
    quote: str
    period: str | None
    repeats: list[Figure] = field(default_factory=list)  # the same figure written again


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
    ends = sentence_ends(text)
    claims: list[DraftClaim] = []
    by_key: dict[tuple[object, ...], DraftClaim] = {}
    by_text: dict[tuple[str, str | None], DraftClaim] = {}
    by_meaning: dict[tuple[object, ...], DraftClaim] = {}
    taken: set[str] = set()
    previous_period: str | None = None  # of the Chinese sentence before (其中 inherits it)
    english_frame: str | None = None  # the period the English sentences are about
    sentence_now = -1
    last_end, last_change = 0, False
    for f in figures:
        sentence_start, sentence_end = _sentence_of(ends, f.start, len(text))
        sentence = text[sentence_start:sentence_end]
        clause_start = _back_to(text, f.start, sentence_start)
        clause_end = _forward_to(text, f.end, sentence_end)
        quote = text[clause_start:clause_end].strip()
        if quote[-1:] in ("。", "！", "？", "!", "?", ".") and clause_end == sentence_end:
            quote = quote[:-1].rstrip()  # the clause, without the stop that ends its sentence
        before = text[sentence_start:f.start]
        english = not _CJK.search(sentence)
        if sentence_start != sentence_now:
            sentence_now, last_end, last_change = sentence_start, sentence_start, False
            sentence_names: list[str] = []
            if english:
                english_frame = frame(sentence, year, english_frame)
        change = False
        if english:
            placed = place(sentence, f.start - sentence_start, f.end - sentence_start, text[last_end:f.start],
                           last_change, english_frame, year)
            period, change = placed.period, placed.change
            last_end, last_change = f.end, change
            masked = _masked(text, figures, sentence_start, f.start)
            subject = subject_words(text[clause_start:f.start]) or subject_words(masked)
            base = name_from(masked, text[f.end:clause_end])
            longer = name_from(masked, text[f.end:clause_end], words=3)
            if change:
                base, longer = (f"{n}_change" if n != "figure" else "change" for n in (base, longer))
            key: tuple[object, ...] = (subject, _meaning(f.text), period)
        else:
            period = guess(before, year)
            if period is None and before.lstrip().startswith("其中"):
                period = previous_period  # 其中 (of which): the period of the sentence before
            if period is not None:
                previous_period = period
            base = name_from(text[clause_start:f.start] or before, text[f.end:clause_end])
            if _weak(base):  # 比“十二五”末净增1840亿元: the subject is the sentence's earlier figure's
                verb = change_word(text[clause_start:f.start])
                earlier = sentence_names[-1] if sentence_names else name_from("", f.text)
                base = f"{earlier}_{verb}" if verb else earlier
            sentence_names.append(base)
            longer = base
            key = (base, _meaning(f.text))
        same = by_key.get(key) or _named_before(f, period, by_text) or _headline_said(text, f, by_meaning)
        if same is not None:
            same.repeats.append(f)
            continue
        year_hint = (period or "").split("/")[-1].split("-")[0]
        unit_hint = f.unit or ""
        hints = [h for h in ((unit_hint, year_hint) if unit_hint in _RATE_UNITS else (year_hint, unit_hint)) if h]
        extra_word = longer.split("_", 1)[0]
        better = longer != base and longer not in taken and extra_word not in base.split("_")
        cid = longer if base in taken and better else unique(base, taken, hints)
        taken.add(cid)
        claim = DraftClaim(cid, f, quote, period)
        by_key[key] = claim
        by_text.setdefault((f.text, period), claim)
        by_meaning.setdefault(_meaning(f.text), claim)
        claims.append(claim)
    first_line = next((line.strip() for line in text.splitlines() if line.strip()), None)
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    letters = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    language = "zh" if cjk > 3 * letters else "en" if letters > 3 * cjk else "mul"
    return Draft(claims, left_out, first_line[:120] if first_line else None, language)


def _weak(name: str) -> bool:
    """Whether a name says too little to keep (``mo`` from 末, ``tong`` from 同比, ``figure``)."""
    return len(name) <= 4 or name.startswith("figure")


def _named_before(f: Figure, period: str | None, by_text: dict[tuple[str, str | None], DraftClaim]
                  ) -> DraftClaim | None:
    """The claim of the same words in the same period, for a figure that names rather than
    measures (世界500强, 五年来, 中日两国: no unit, a span of years, a count of places). Counts of
    things are not merged: 班列17条 and 17条政策措施 are two facts."""
    if f.unit is not None and f.unit != "year" and not f.text.endswith(_NAMING_WORDS):
        return None
    return by_text.get((f.text, period))


def _headline_said(text: str, f: Figure, by_meaning: dict[tuple[object, ...], DraftClaim]) -> DraftClaim | None:
    """The claim of the headline that the body repeats: a figure that means the same as one in the
    article's first line (its title, short and without a full stop), in a sentence that shares a
    word with the title. A list of short lines ("• Capital goods increased $1.0 billion") is not a
    headline, and "The port has 3 berths" does not repeat "Three Ports Open"."""
    same = by_meaning.get(_meaning(f.text))
    if same is None or same.repeats:
        return None
    title_start = len(text) - len(text.lstrip())
    title_end = text.find("\n", title_start)
    title_end = len(text) if title_end < 0 else title_end
    title = text[title_start:title_end]
    if not title_start <= same.figure.start < title_end or len(title) > 80 or title.rstrip().endswith(_STOPS):
        return None
    sentence = text[text.rfind("\n", 0, f.start) + 1:f.start]
    if not _words(title, same.figure.text) & _words(sentence, f.text):
        return None
    # what follows each figure names what it counts: "Three Ports" is not "3 berths"
    after_title = _words(" ".join(text[same.figure.end:title_end].split()[:3]), "")
    after_body = _words(" ".join(text[f.end:f.end + 60].split()[:3]), "")
    return same if not (after_title and after_body) or after_title & after_body else None


_STOPS = ("。", ".", "！", "？", "!", "?")
_SKIPPED = frozenset({"the", "and", "for", "was", "were", "with", "from", "that", "this", "its", "has", "have",
                      "billion", "million", "percent", "december", "january"})


def _words(text: str, figure: str) -> set[str]:
    """English words (singular, lower case) and Chinese character pairs of ``text``, less the figure's."""
    text = text.replace(figure, " ") if figure else text
    english = {w.lower().rstrip("s") for w in re.findall(r"[A-Za-z]{3,}", text)} - _SKIPPED
    chinese = {a + b for run in _CJK_RUN.findall(text) for a, b in itertools.pairwise(run)}
    return english | chinese


def _meaning(written: str) -> tuple[object, ...]:
    """What a written figure says, so that ``down $51.7 billion`` and ``decreased $51.7 billion``
    count as the same figure written twice."""
    value, step, _, word, qualifier = parse_written(written)
    return value, step, None if word is None else word.unit, qualifier


def _masked(text: str, figures: list[Figure], lo: int, hi: int) -> str:
    """``text[lo:hi]`` with the figures in it replaced by ``#`` (so names skip over them)."""
    out, pos = [], lo
    for f in figures:
        if f.end <= lo or f.start >= hi:
            continue
        out.append(text[pos:f.start])
        out.append(" # ")
        pos = f.end
    out.append(text[pos:hi])
    return "".join(out)


def _sentence_of(ends: list[int], pos: int, size: int) -> tuple[int, int]:
    i = bisect.bisect_right(ends, pos)
    return (ends[i - 1] if i else 0), (ends[i] if i < len(ends) else size)


def _is_clause_end(text: str, i: int) -> bool:
    ch = text[i]
    if ch not in _CLAUSE_ENDS:
        return False
    between_digits = 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit()
    return not (ch in ",:" and between_digits)  # 2,209.4 and 55.04:38.95 go on


def _back_to(text: str, pos: int, floor: int) -> int:
    i = pos
    while i > floor and not _is_clause_end(text, i - 1):
        i -= 1
    return i


def _forward_to(text: str, pos: int, ceiling: int) -> int:
    i = pos
    while i < ceiling and not _is_clause_end(text, i):
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
        if c.repeats:
            lines = ", ".join(str(r.line) for r in c.repeats)
            fields.append(f"note: {q('also written on line ' + lines)}")
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
