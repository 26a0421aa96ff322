"""Finding the figures of a text with claimcheck's own reader.

At every place a written number can start (a digit, a Chinese numeral, a qualifier word or a
currency sign), the longest piece of text that :func:`~claimcheck.figures.reported.parse_written`
accepts is the figure, qualifier and unit word included (``1840亿元左右``, ``超2万家``,
``about $1.2 billion``). What reads as a number but is not a reported figure is left out, with
the reason: years and dates (``2020年``, ``12月23日``), plan names (``十三五``), ordinals used as
names (``第一``), words that merely contain a numeral (``统一``, ``一带一路``), phone numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import ClaimcheckError
from ..figures.numerals import CHINESE_NUMERAL_CHARS
from ..figures.policy import CHANGE_WORDS, PREFIX_WORDS
from ..figures.written import parse_written

#: Longest figure tried, in characters (``不到1.5万亿美元左右`` is 12).
MAX_FIGURE_CHARS = 24

_CURRENCY_SIGNS = "$€£¥￥"
#: English number words a figure can start with: counts from two (``one`` is mostly a pronoun),
#: a dozen, and shares (half, a third, two thirds, one in five).
_WORD_STARTS = ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
                "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
                "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "a dozen", "half", "a third",
                "a quarter", "a fifth", "one in")
_NUMBER_WORD = re.compile(r"(?i)\b(?:" + "|".join(_WORD_STARTS) + r"|thirds|quarters)\b")
_SHARE_WORD = re.compile(r"(?i)(?:(?:about|nearly|almost|over|more than|less than|roughly)\s+)?"
                         r"(?:half|a third|a quarter|a fifth|two thirds|three quarters|one in \w+)$")
_STARTS = re.compile(
    "|".join(sorted((re.escape(w) for w in PREFIX_WORDS if not w.isascii()), key=len, reverse=True))
    + r"|(?i:about|around|approximately|roughly|nearly|almost|over|more than|less than|at least|at most|up to)\s"
    # a fall is drafted with its word, which carries the sign (下降0.6% is -0.6 %); a rise as its number
    + "|" + "|".join(sorted((re.escape(w) for w, sign in CHANGE_WORDS.items() if sign < 0 and not w.isascii()),
                          key=len, reverse=True))
    + r"|(?i:fell|decreased|declined|dropped|down)\s"
    + r"|(?i:\b(?:" + "|".join(_WORD_STARTS) + r")\b)"
    + r"|第|[0-9" + "".join(sorted(CHINESE_NUMERAL_CHARS)) + "半" + re.escape(_CURRENCY_SIGNS) + r"]"
)
_YEAR = re.compile(r"(?:19|20)\d\d(?:年|/)")
_PLAN = re.compile(r"[十二三四五六七八九]{1,3}五")
#: A number that names a part of a document or a series (Exhibits 3, 6, and 7; Table 2; FT-900).
#: Each number of the list is followed by a separator it cannot share digits with: no backtracking blow-up.
_REFERENCE = re.compile(r"(?:\b(?:exhibits?|tables?|figures?|charts?|sections?|pages?|annex|appendix|items?|"
                        r"no\.|nos\.)\s+(?:\d+[a-z]?(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+))*"
                        r"|\b[A-Z]{1,6}-)$", re.IGNORECASE)
_PHONE = re.compile(r"\d{3,4}-\d{7,8}|1[3-9]\d{9}")
_DATE_AFTER = ("月", "日", "号", "时", "点钟", "季度")
_DAY_OR_MONTH = re.compile(r"[0-9一二三四五六七八九十]+[月日号]")
_MONTH_RANGE = re.compile(r"(?:至|到|-|—)(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})月")
#: Words in which a Chinese numeral is not a number.
_NUMERAL_WORDS = ("统一", "一带一路", "一流", "一体化", "一站式", "一线", "一批", "一道", "一起", "一方面", "一系列",
                  "唯一", "之一", "一直", "一定", "进一步", "一些", "一样", "万物", "千方百计", "百姓", "百年大计",
                  "一是", "二是", "三是", "四是", "五是", "一般", "一举", "一场", "一次性",
                  "一号", "万众", "千家万户", "十分", "一度", "一致", "一带", "双一流", "一揽子", "一网",
                  "三次产业", "一产", "二产", "三产")


@dataclass(frozen=True)
class Figure:
    """A figure found in the text: where it stands and how it reads."""

    text: str
    start: int
    end: int
    line: int
    unit: str | None


@dataclass(frozen=True)
class LeftOut:
    """Something that reads as a number but is not a reported figure."""

    text: str
    line: int
    why: str


def scan(text: str) -> tuple[list[Figure], list[LeftOut]]:
    """The figures of ``text`` in order, and what was left out."""
    figures: list[Figure] = []
    left_out: list[LeftOut] = []
    pos = 0
    line_starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    while True:
        m = _STARTS.search(text, pos)
        if m is None:
            break
        start = m.start()
        if start > 0 and _continues_a_token(text[start - 1], text[start]):
            pos = start + 1
            continue
        found = _longest_figure(text, start)
        if found is None:
            pos = start + 1
            continue
        end, unit = found
        written = text[start:end]
        line = _line_of(line_starts, start)
        why = _not_a_figure(text, start, end, written, unit)
        if why is None:
            figures.append(Figure(written, start, end, line, unit))
        else:
            left_out.append(LeftOut(written, line, why))
        pos = end
    return figures, left_out


def _continues_a_token(before: str, first: str) -> bool:
    """Whether a number starting here continues the word or number before it (``A380``, ``5G``)."""
    if first.isdigit():
        return before.isdigit() or before == "." or (before.isascii() and before.isalpha())
    if first in CHINESE_NUMERAL_CHARS:
        return before in CHINESE_NUMERAL_CHARS
    return False


def _longest_figure(text: str, start: int) -> tuple[int, str | None] | None:
    limit = min(len(text), start + MAX_FIGURE_CHARS)
    newline = text.find("\n", start, limit)
    if newline >= 0:
        limit = newline
    for end in range(limit, start, -1):
        piece = text[start:end]
        if piece[-1].isspace() or piece[-1] in "，。、；：,;:(（“”\"'":
            continue
        if piece[-1] in ")）" and piece.count("(") + piece.count("（") != piece.count(")") + piece.count("）"):
            continue  # a closing bracket only with its opening one: 225个国家（地区）
        try:
            _, _, _, word, _ = parse_written(piece)
        except ClaimcheckError:
            continue
        if piece.endswith("级") and word is not None and word.counts:
            continue  # 两个国家级: national-level, not "at least"; 万吨级 and 千亿级 keep it
        if not any(ch.isdigit() or ch in CHINESE_NUMERAL_CHARS or ch == "半" for ch in piece) and \
                not _NUMBER_WORD.search(piece):
            continue
        return end, None if word is None else word.unit
    return None


def _line_of(line_starts: list[int], pos: int) -> int:
    lo, hi = 0, len(line_starts)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if line_starts[mid] <= pos:
            lo = mid
        else:
            hi = mid
    return lo + 1


def _not_a_figure(text: str, start: int, end: int, written: str, unit: str | None) -> str | None:
    """Why a piece that reads as a number is not a reported figure, or ``None``."""
    after = text[end:end + 2]
    before = text[max(0, start - 2):start]
    if _YEAR.match(text, start) and written.rstrip("年/").isdigit():
        return "a year"
    if written.isdigit() and len(written) == 4 and after[:1] in ("年", "/", "-") and 1900 <= int(written) <= 2100:
        return "a year"
    if after.startswith(_DATE_AFTER) or _DAY_OR_MONTH.fullmatch(written) or _MONTH_RANGE.match(text, end):
        return "a date or a time"
    plan = _PLAN.match(text, start)
    marked = before.endswith(("“", '"')) or text[plan.end():plan.end() + 1] in "”\"期时末规" if plan else False
    if plan is not None and plan.end() >= end and marked:
        return "a plan's name (十三五)"
    if before.endswith("前") and written.endswith("个月"):
        return "a period (前10个月)"
    if written[:1].isalpha() and written[:1].isascii():
        if after[:1] == "-" or text[end:end + 2] == " -":
            return "part of a word (two-year)"
        changed = re.search(r"(?i)\b(?:by|rose|fell|grew|increased|decreased|declined|up|down)\s+$",
                            text[max(0, start - 12):start])
        if _SHARE_WORD.search(written) and not written.lower().startswith("one in") and not changed and \
                not text[end:end + 4].lower().startswith(" of"):
            return "a share word without what it is a share of (the first half)"
        if re.search(r"(?i)\b(?:first|second|last|the|one|every)\s+$", text[max(0, start - 12):start]) and \
                _SHARE_WORD.search(written):
            return "a part of a period or a phrase (the first half)"
    if _REFERENCE.search(text, max(0, start - 60), start):
        return "a reference (Exhibit 3, FT-900)"
    if before.endswith("第"):
        return "an ordinal"  # 第 itself was not read with it
    if unit is None and written.isdigit() and len(written) == 4 and 1900 <= int(written) <= 2100:
        return "a year"
    if _PHONE.match(text, start):
        return "a phone number"
    for word in _NUMERAL_WORDS:
        lo = max(0, start - len(word) + 1)
        window = text[lo:end + len(word)]
        i = window.find(word)
        if i >= 0 and lo + i <= start < lo + i + len(word):
            return f"part of the word {word}"
    if unit is None and all(ch in CHINESE_NUMERAL_CHARS for ch in written) and len(written) <= 2:
        return "a numeral in a word"
    if unit is None and text[end:end + 1].isascii() and text[end:end + 1].isalpha():
        return "part of a name (5G, A380)"
    return None


__all__ = ["Figure", "LeftOut", "scan"]
