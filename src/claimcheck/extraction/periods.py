"""Guessing the period a figure is about, from the words around it.

The clause before a figure, then the rest of its sentence, are read for the phrases articles use:
``今年1至11月``, ``2019年``, ``“十三五”期间``, ``比“十二五”末``, ``今年``, ``in 2019``, ``in August``,
``last year``. A sentence that starts with ``其中`` (of which) inherits the period of the sentence
before it. ``今年`` and month names without a year need the article's year: the latest year the
text names, unless the caller gives one. A guess is a draft for a person to check, in the
claim-file format (``2020``, ``2020-11``, ``2020-01/2020-11``, ``2016/2020``).
"""

from __future__ import annotations

import re

_CN_MONTH = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10,
             "十一": 11, "十二": 12}
_EN_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
              "october", "november", "december"]
_MONTH = r"([0-9]{1,2}|十[一二]?|[一二三四五六七八九])"
_FIVE_YEAR_PLANS = {"十一五": (2006, 2010), "十二五": (2011, 2015), "十三五": (2016, 2020), "十四五": (2021, 2025),
                    "十五五": (2026, 2030)}

_YEAR_MONTH_RANGE = re.compile(rf"((?:19|20)[0-9]{{2}})年{_MONTH}(?:月份?)?(?:至|到|-|—){_MONTH}月")
_MONTH_RANGE = re.compile(rf"(今年|去年)?{_MONTH}(?:月份?)?(?:至|到|-|—){_MONTH}月")
_FIRST_MONTHS = re.compile(r"(今年|去年)?前([0-9]{1,2}|十[一二]?|[一二三四五六七八九])个月")
_YEAR = re.compile(r"((?:19|20)[0-9]{2})年")
_PLAN = re.compile(r"[“\"]?(十[一二三四五]五)[”\"]?(末|期间|时期|以来|年间)?")
_THIS_YEAR = re.compile(r"今年|本年")
_FIVE_YEARS = re.compile(r"(?:五|5)年(?:来|间|中|里)")
_UNTIL_MONTH = re.compile(rf"截至(今年)?{_MONTH}月(?:底|末)")
_LAST_YEAR = re.compile(r"去年|上年")
_EN_YEAR = re.compile(r"\b(?:in|for|during|since|by)\s+((?:19|20)[0-9]{2})\b", re.IGNORECASE)
_EN_MONTH = re.compile(r"\bin\s+(" + "|".join(_EN_MONTHS) + r")\b(?:\s+((?:19|20)[0-9]{2}))?", re.IGNORECASE)
_EN_LAST_YEAR = re.compile(r"\blast year\b", re.IGNORECASE)
_ANY_YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})(?![0-9])")


def article_year(text: str) -> int | None:
    """The year the article names most often (its year, most likely; the later one of a tie),
    or ``None``."""
    years = [int(y) for y in _ANY_YEAR.findall(text)]
    if not years:
        return None
    return max(set(years), key=lambda y: (years.count(y), y))


def _month(word: str) -> int:
    return int(word) if word.isdigit() else _CN_MONTH[word]


def guess(before: str, year: int | None) -> str | None:
    """The period named in ``before`` (the text of the sentence up to the figure), nearest
    phrase first, or ``None``."""
    found: list[tuple[int, str]] = []  # (where the phrase ends, period)

    def add(m: re.Match[str], period: str | None) -> None:
        if period is not None:
            found.append((m.end(), period))

    for m in _YEAR_MONTH_RANGE.finditer(before):
        first_year, a, b = int(m.group(1)), _month(m.group(2)), _month(m.group(3))
        add(m, f"{first_year}-{a:02d}/{first_year}-{b:02d}")
    for m in _MONTH_RANGE.finditer(before):
        if _YEAR_MONTH_RANGE.search(before, max(0, m.start() - 5), m.end()):
            continue
        y = None if year is None else year - (m.group(1) == "去年")
        if y is not None:
            add(m, f"{y}-{_month(m.group(2)):02d}/{y}-{_month(m.group(3)):02d}")
    for m in _FIRST_MONTHS.finditer(before):
        y = None if year is None else year - (m.group(1) == "去年")
        if y is not None:
            add(m, f"{y}-01/{y}-{_month(m.group(2)):02d}")
    for m in _YEAR.finditer(before):
        if _YEAR_MONTH_RANGE.match(before, m.start()):
            continue
        if before[max(0, m.start() - 2):m.start()].endswith(("较", "比", "同比")):
            continue  # 较2017年基准值: a base of comparison, not the period
        add(m, m.group(1))
    for m in _PLAN.finditer(before):
        first, last = _FIVE_YEAR_PLANS[m.group(1)]
        if m.group(2) == "末" and before[max(0, m.start() - 2):m.start()].endswith(("比", "较", "比“", "较“")):
            add(m, f"{last + 1}/{last + 5}")  # 比“十二五”末增长: the change over the next plan's years
        else:
            add(m, str(last) if m.group(2) == "末" else f"{first}/{last}")
    if year is not None:
        for m in _FIVE_YEARS.finditer(before):
            add(m, f"{year - 4}/{year}")  # 五年来: the five years up to the article's
        for m in _UNTIL_MONTH.finditer(before):
            add(m, f"{year}-01/{year}-{_month(m.group(2)):02d}")
        for m in _THIS_YEAR.finditer(before):
            if not _MONTH_RANGE.match(before, m.start()) and not _FIRST_MONTHS.match(before, m.start()):
                add(m, str(year))
        for m in _LAST_YEAR.finditer(before):
            if not _MONTH_RANGE.match(before, m.start()) and not _FIRST_MONTHS.match(before, m.start()):
                add(m, str(year - 1))
        for m in _EN_LAST_YEAR.finditer(before):
            add(m, str(year - 1))
    for m in _EN_YEAR.finditer(before):
        add(m, m.group(1))
    for m in _EN_MONTH.finditer(before):
        named = int(m.group(2)) if m.group(2) else year
        if named is not None:
            add(m, f"{named}-{_EN_MONTHS.index(m.group(1).lower()) + 1:02d}")
    if not found:
        return None
    return max(found)[1]  # the phrase nearest the figure


__all__ = ["article_year", "guess"]
