"""Relations of order and of lists: a subset no larger than its set (a part of the period, a
其中 figure, a rank within the ranked), a cut (从6天压缩到1天: new below old), a target exceeded
(actual above target), and a list that names as many things as its figure says.

Any two figures satisfy an inequality half the time, so each of these needs a cue in the text or
the periods before it is suggested at all.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator

from .candidates import Candidate
from .cues import CUE_WORDS, cues
from .figures import Fig

#: The chance that two random figures are in a given order.
ORDER_CHANCE = 0.5
_OF_WHICH = re.compile(r"^\s*(其中|of which|including|among them)", re.IGNORECASE)
_TARGET = re.compile(r"目标|规划|计划|target|goal|plan|mubiao|guihua|jihua", re.IGNORECASE)
_RANK_UNITS = ("位", "名")
#: Ordinals that name a tier or a group rather than a place in a ranking (第一梯队).
_NOT_RANKS = ("梯队", "批", "届", "期")
#: A count that is a ranking's universe: 十大, 500强, top ten.
_RANKED = re.compile(r"大|强|top", re.IGNORECASE)


def _words(f: Fig) -> set[str]:
    return {w for w in re.split(r"[_\d]+", f.id) if len(w) >= 2}


def order_candidates(figs: list[Fig]) -> Iterator[Candidate]:
    """Subsets, cuts, targets and ranks over ``figs``."""
    by_dims: dict[tuple[object, ...], list[Fig]] = defaultdict(list)
    for f in figs:
        if f.bounded and not f.rate:
            by_dims[f.dims].append(f)
    pairs = sum(len(g) * (len(g) - 1) for g in by_dims.values())
    for group in by_dims.values():
        ordered = sorted(group, key=lambda f: f.order)
        for i, a in enumerate(ordered):
            for b in ordered:
                if a is b:
                    continue
                yield from _subset(a, b, ordered, i, pairs)
                if a.order < b.order:
                    yield from _cut_or_target(a, b, pairs)
    yield from _ranks(figs, pairs)


def _subset(part: Fig, whole: Fig, ordered: list[Fig], i: int, tried: int) -> Iterator[Candidate]:
    if part.change or whole.change or part.value > whole.value or part.items is not None or whole.items is not None:
        return
    shared = _words(part) & _words(whole)
    close = abs(part.order - whole.order) <= 3
    within = part.period is not None and whole.period is not None and part.period.within(whole.period)
    same = part.period is not None and whole.period is not None and (part.period.first, part.period.last) == (
        whole.period.first, whole.period.last)
    of_which = bool(_OF_WHICH.match(part.quote)) and i > 0 and ordered[i - 1] is whole
    # the word they share names the quantity, not only the entity that leads both ids
    kind_shared = shared - {part.id.split("_")[0]} - {whole.id.split("_")[0]}
    if within and (shared or close):
        reason = "a part of the period is no more than the whole period"
    elif same and kind_shared and abs(part.order - whole.order) <= 8:
        reason = "a kind of thing counted in the same period is no more than all of them"
    elif of_which:
        reason = "a 其中 (of which) figure is no larger than its set"
    else:
        return
    c = cues("subset", [part, whole], True if (within or same) else None)
    if c is None:
        return
    yield Candidate("subset", (part.id, whole.id), f"{part.id} <= {whole.id}", None, reason, tried, ORDER_CHANCE, c)


def _cut_or_target(first: Fig, second: Fig, tried: int) -> Iterator[Candidate]:
    if not first.quote or not second.quote or first.change or second.change:
        return
    if not (first.quote in second.quote or second.quote in first.quote):
        return
    text = max(first.quote, second.quote, key=len)
    if CUE_WORDS["cut"].search(text) and second.value < first.value:
        c = cues("cut", [first, second], None)
        if c is not None:
            yield Candidate("cut", (second.id, first.id), f"{second.id} < {first.id}", None,
                            "a cut: the new figure is below the old", tried, ORDER_CHANCE, c)
    if CUE_WORDS["target"].search(text):
        targets = [f for f in (first, second) if _TARGET.search(f.id)]
        if len(targets) == 1:
            target = targets[0]
            actual = second if target is first else first
            if actual.value > target.value:
                c = cues("target", [actual, target], None)
                if c is not None:
                    yield Candidate("target", (actual.id, target.id), f"{actual.id} > {target.id}", None,
                                    "a target exceeded", tried, ORDER_CHANCE, c)


def _ranks(figs: list[Fig], tried: int) -> Iterator[Candidate]:
    ranks = [f for f in figs if (f.ordinal or (f.unit_word in _RANK_UNITS and "第" in f.quote))
             and not any(w in f.unit_word for w in _NOT_RANKS)]
    for rank in ranks:
        for count in figs:
            if count is rank or not count.whole or count.value < rank.value or count.change or count.ordinal or \
                    count.items is not None:
                continue
            ranked = count.quote == rank.quote or (abs(count.order - rank.order) <= 2 and _RANKED.search(count.written))
            if not ranked:
                continue
            c = cues("rank", [rank, count], None)
            if c is not None:
                yield Candidate("rank", (rank.id, count.id), f"{rank.id} <= {count.id}", None,
                                "a rank is no more than the number ranked", tried, ORDER_CHANCE, c)


def list_candidates(figs: list[Fig]) -> Iterator[Candidate]:
    """``count(x) == x`` for a claim that lists its items (``<=`` when it names fewer)."""
    lists = [f for f in figs if f.items is not None]
    for f in lists:
        c = cues("list", [f], None)
        assert c is not None
        op = "==" if f.items == f.value else "<="
        chance = 1 / (abs(f.value) + 1)
        yield Candidate("list", (f.id,), f"count({f.id}) {op} {f.id}", None,
                        "a list names as many things as its figure says" if op == "==" else
                        "a list names some of the things its figure counts", len(lists), chance, c)


__all__ = ["list_candidates", "order_candidates"]
