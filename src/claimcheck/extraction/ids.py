"""Readable claim ids from the words before a figure.

Ids are ASCII (the rule language's names): Chinese words are written in pinyin without tones
(``进出口`` -> ``jinchukou``), English words as they are. The words nearest the figure that name
something are taken, verbs and function words skipped (``增长``, ``达到``, ``was``, ``the``), and a
year or a figure's unit is added when it tells two figures apart; a number suffix only as a last
resort.
"""

from __future__ import annotations

import keyword
import re
from functools import lru_cache

#: Words that say something about a figure rather than name what it measures.
_CN_SKIP = ("增长", "增加", "提高", "上升", "下降", "减少", "达到", "达", "实现", "完成", "突破", "超过", "超", "约",
            "为", "是", "有", "共", "累计", "同比", "比", "较", "其中", "占", "以上", "左右", "近", "约为", "净增",
            "年均", "预计", "已", "已经", "将", "个", "了", "的", "和", "与", "及", "在", "至", "到", "额", "量",
            "末", "净增", "分别", "分别为", "保持", "居", "稳居", "“", "”")
_EN_SKIP = {"the", "a", "an", "of", "was", "were", "is", "are", "be", "been", "to", "by", "in", "on", "at", "for",
            "from", "and", "or", "about", "around", "nearly", "over", "more", "than", "less", "up", "down",
            "rose", "fell", "increased", "decreased", "grew", "reached", "totalled", "totaled", "some", "its",
            "their", "with", "as", "that", "this", "which", "year", "last", "per", "cent", "percent",
            "billion", "million", "trillion", "thousand", "bn", "m", "reflected", "decrease", "increase",
            "announced", "today", "said", "reported", "has", "had", "have", "it", "they", "while", "also", "only",
            "first"}
_CN_SKIP_LONGEST_FIRST = sorted(_CN_SKIP, key=len, reverse=True)
_CJK = re.compile(r"[\u4e00-\u9fff]+")
_WORD = re.compile(r"[A-Za-z][A-Za-z-]*")
_SPLIT_WORD = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")


@lru_cache(maxsize=4096)
def _pinyin(word: str) -> str:
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(word))


def name_from(before: str, after: str = "", *, max_chars: int = 4, words: int = 2) -> str:
    """A short ASCII name for what the text just before a figure names (or, when that says too
    little, the words right after it: ``180多个国家`` -> ``guojia``)."""
    before = _SPLIT_WORD.sub("", before)  # 外包企\n\n业: one word cut by a line break
    tail = before[-24:]
    cjk = _CJK.findall(tail)
    if not cjk:
        tail = before[-80:]
        if len(before) > 80 and before[-81].isalpha():
            tail = tail.split(" ", 1)[-1]  # not the end of a word cut in two
    if not cjk or len(_strip(cjk[-1])) < 2:
        following = _CJK.findall(after[:12])
        if following and len(_strip(following[0])) >= 2:
            return _identifier(_pinyin(_strip(following[0])[:max_chars]))
    if cjk:
        return _identifier(_pinyin(_strip(cjk[-1])[-max_chars:]))
    tail = _EN_PERIOD_PHRASE.sub(" ", tail)
    named = [w.lower() for w in _WORD.findall(tail) if w.lower() not in _EN_SKIP]
    if not named:
        named = [w.lower() for w in _WORD.findall(after[:40]) if w.lower() not in _EN_SKIP][:words]
    return _identifier("_".join(named[-words:]))


_EN_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september",
              "october", "november", "december")
#: A period phrase (``in December``, ``from 2015``): when it names the time, not the thing.
_EN_PERIOD_PHRASE = re.compile(r"\b(?:in|for|during|from|since|than)\s+(?:" + "|".join(_EN_MONTHS) + r")\b",
                               re.IGNORECASE)


def subject_words(before: str) -> frozenset[str]:
    """The naming words of an English clause before a figure (``Engines for civilian aircraft``
    and ``Civilian aircraft`` differ; ``Exports decreased`` and ``Exports were # in 2016, down``
    agree), so that a figure written twice is told from two figures of one size."""
    text = _EN_PERIOD_PHRASE.sub(" ", before)
    return frozenset(w.lower() for w in _WORD.findall(text) if w.lower() not in _EN_SKIP)


#: Chinese words of a change, longest first, whose pinyin names a change figure (jingzeng).
_CN_CHANGES = sorted(("增长", "增加", "提高", "上升", "下降", "减少", "净增", "回落", "降低", "压缩", "翻番", "突破",
                      "超过"), key=len, reverse=True)


def change_word(before: str) -> str:
    """The pinyin of the change word nearest the end of ``before`` (``同比增长`` -> ``zengzhang``),
    or an empty string."""
    best, where = "", -1
    for word in _CN_CHANGES:
        at = before.rfind(word)
        if at > where:
            best, where = word, at
    return _pinyin(best) if best else ""


def _strip(text: str) -> str:
    """``text`` without the verbs and function words at its end (and at its start, for what
    follows a figure: 个, 多)."""
    for _ in range(4):
        for word in _CN_SKIP_LONGEST_FIRST:
            if text.endswith(word) and len(text) > len(word):
                text = text[: -len(word)]
                break
        else:
            break
    while text[:1] in ("个", "多", "余", "的", "和", "家", "项", "条"):
        text = text[1:]
    return text


#: The rule language's function names, which a claim id may not take (the same set as
#: ``claimcheck.rules.functions.RESERVED_NAMES``, a stage above this one; a test keeps them equal).
RESERVED = frozenset({"sum", "mean", "min", "max", "abs", "growth", "cagr", "share", "ratio", "reduction",
                      "difference", "count"})


def _identifier(text: str) -> str:
    name = re.sub(r"[^a-z0-9_]+", "_", text.lower()).strip("_")[:32].strip("_")
    if not name or name[0].isdigit():
        name = f"figure_{name}".rstrip("_")
    if keyword.iskeyword(name) or name in RESERVED:
        name += "_"
    return name


def unique(name: str, taken: set[str], hints: list[str]) -> str:
    """``name``, or ``name`` with the first hint that makes it unique (a year, a unit), or a
    number suffix."""
    if name not in taken:
        return name
    for hint in hints:
        candidate = _identifier(f"{name}_{hint}")
        if candidate not in taken:
            return candidate
    n = 2
    while f"{name}_{n}" in taken:
        n += 1
    return f"{name}_{n}"


__all__ = ["RESERVED", "change_word", "name_from", "subject_words", "unique"]
