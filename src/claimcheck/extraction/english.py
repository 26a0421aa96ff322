"""How an English sentence places its figures in time, and which of them are changes.

English writes a period after the figure (``$44.3 billion in December``) or as an adjective
(``December exports were``, ``The 2016 increase``), and a change with its base after it
(``down $1.5 billion from $45.7 billion in November``, ``$5.0 billion more than November
exports``). A sentence's *frame* is the period it is about: a leading ``For 2016,``, an adjective
period, the first ``in December`` that is not a base, or else the frame of the sentence before.
A level takes the period written right after it, or the frame; a change runs from its base (written,
or the step before the frame) to the frame: ``2016-11/2016-12``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
           "october", "november", "december")
_PERIOD = r"(?:(" + "|".join(_MONTHS) + r")(?:\s+((?:19|20)\d\d))?|((?:19|20)\d\d))\b"
_LEAD = re.compile(r"^\W*(?:for|in|during)\s+" + _PERIOD + r"\s*,", re.IGNORECASE)
_ADJECTIVE = re.compile(r"^\W*(?:the\s+)?" + _PERIOD + r"\s+[a-z]", re.IGNORECASE)
_IN_PERIOD = re.compile(r"\b(?:in|for|during)\s+" + _PERIOD, re.IGNORECASE)
_OWN = re.compile(r"\s*(?:in|for|during)\s+" + _PERIOD, re.IGNORECASE)
_AMOUNT = r"[$€£]?\s?[\d.,]+\s*(?:billion|million|trillion|thousand|percent|per cent|%)?"
_BASE = re.compile(r"\b(?:from|than|over|since)\s+(?:" + _AMOUNT + r"\s+in\s+)?" + _PERIOD, re.IGNORECASE)
_BASE_AMOUNT_BEFORE = re.compile(r"\bfrom\s+" + _AMOUNT + r"\s*$", re.IGNORECASE)
_CHANGE_BEFORE = re.compile(
    r"(?:\b(?:increased|decreased|rose|fell|grew|declined|dropped|gained|lost|widened|narrowed|up|down|"
    r"climbed|slipped|jumped|edged up|edged down)\s+(?:by\s+)?(?:about\s+|nearly\s+|almost\s+|some\s+)?"
    r"|\b(?:increase|decrease|rise|fall|drop|decline|gain|loss|growth)\b[^$\d]{0,60}\bof\s+)$",
    re.IGNORECASE,
)
_CHANGE_WORD_IN_FIGURE = re.compile(r"^(?:fell|decreased|declined|dropped|down|rose|increased|grew|up)\b",
                                    re.IGNORECASE)
_MORE_THAN_AFTER = re.compile(r"\s+(?:more|less|higher|lower|above|below)\s+than\b", re.IGNORECASE)
_COMPANION = re.compile(r"^\W*or\W*$", re.IGNORECASE)  # "$51.7 billion or 2.3 percent": the same change
_LEVEL_AFTER_TO = re.compile(r"\bto\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Placed:
    """Where a figure stands in time: its period (or ``None``) and whether it is a change."""

    period: str | None
    change: bool


def _period(m: re.Match[str], year: int | None) -> str | None:
    month, month_year, alone = m.group(1), m.group(2), m.group(3)
    if alone:
        return alone
    named = int(month_year) if month_year else year
    if named is None:
        return None
    return f"{named}-{_MONTHS.index(month.lower()) + 1:02d}"


def step_back(period: str) -> str:
    """The period before ``period``: the month before a month, the year before a year."""
    if "-" in period:
        y, m = (int(part) for part in period.split("-"))
        return f"{y - 1}-12" if m == 1 else f"{y}-{m - 1:02d}"
    return str(int(period) - 1)


def frame(sentence: str, year: int | None, carried: str | None) -> str | None:
    """The period ``sentence`` is about, or ``carried`` (the frame before) when it names none."""
    for pattern in (_LEAD, _ADJECTIVE):
        m = pattern.match(sentence)
        if m is not None and (period := _period(m, year)) is not None:
            return period
    for m in _IN_PERIOD.finditer(sentence):
        if _BASE_AMOUNT_BEFORE.search(sentence, 0, m.start()):
            continue  # "from $45.7 billion in November": a base, not the frame
        if (period := _period(m, year)) is not None:
            return period
    return carried


def place(sentence: str, start: int, end: int, before_since_last: str, last_was_change: bool,
          the_frame: str | None, year: int | None) -> Placed:
    """Where the figure at ``sentence[start:end]`` stands: ``before_since_last`` is the text since
    the previous figure of the sentence (or its start)."""
    written = sentence[start:end]
    after = sentence[end:]
    change = bool(
        _CHANGE_WORD_IN_FIGURE.match(written)
        or _CHANGE_BEFORE.search(before_since_last)
        or _MORE_THAN_AFTER.match(after)
        or (last_was_change and _COMPANION.match(before_since_last))
    ) and not _LEVEL_AFTER_TO.search(before_since_last)
    if not change:
        own = _OWN.match(after)
        return Placed(_period(own, year) if own else the_frame, False)
    if the_frame is None:
        return Placed(None, True)
    base_match = _BASE.search(after)
    base = _period(base_match, year) if base_match else None
    if base is not None and "-" in base and base > the_frame and not base_match.group(2):  # type: ignore[union-attr]
        base = f"{int(base[:4]) - 1}{base[4:]}"  # January's change "from December": last year's December
    if base is None or base == the_frame:
        base = step_back(the_frame)
    if base > the_frame or ("-" in base) != ("-" in the_frame):
        return Placed(None, True)  # a base after its period, or of another step: no guess rather than a wrong one
    return Placed(f"{base}/{the_frame}", True)


def _soft_break(text: str, i: int) -> bool:
    """Whether the line break at ``text[i]`` cuts a Chinese word in two (``服务外包企\n\n业1600余家``):
    a long line that ends without punctuation, between two Chinese characters."""
    before = text[:i].rstrip()
    after = text[i:].lstrip()
    line = before[before.rfind("\n") + 1:]
    cjk = "\u4e00" <= before[-1:] <= "\u9fff" and "\u4e00" <= after[:1] <= "\u9fff" if before and after else False
    return cjk and len(line) >= 20


def sentence_ends(text: str) -> list[int]:
    """Where the sentences of ``text`` end: at 。！？, a line break (not one that cuts a word), or
    an English full stop followed by a space (not the stop of ``U.S.`` or of a decimal number)."""
    ends: list[int] = []
    for i, ch in enumerate(text):
        if ch == "\n" and _soft_break(text, i):
            continue
        if ch in "。！？!?\n":
            ends.append(i + 1)
        elif ch == "." and (i + 1 == len(text) or text[i + 1] in " \t\n"):
            word_start = max(text.rfind(" ", 0, i), text.rfind("\n", 0, i)) + 1
            word = text[word_start:i]
            if "." not in word and not (len(word) == 1 and word.isupper()):
                ends.append(i + 1)
    return ends


__all__ = ["Placed", "frame", "place", "sentence_ends", "step_back"]
