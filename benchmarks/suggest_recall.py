"""How well `claimcheck suggest` finds the rules a person wrote: the hand-written rules of a claim
file are removed, the suggester runs on its claims, and the hand-written rules found among the top
10, 20 and 50 suggestions are counted (a suggestion finds a rule when it names the same claims as
one of its checks). Prints the figures, the top 20 with the rule each matches, and the time.

    python benchmarks/suggest_recall.py [claims/qingdao.yaml] [--top 50]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import claimcheck
from claimcheck.rules.compiler import compile_file
from claimcheck.suggest.suggester import suggest

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", type=Path, default=ROOT / "claims" / "qingdao.yaml")
    parser.add_argument("--top", type=int, default=50)
    parser.add_argument("--show", type=int, default=20, help="how many suggestions to list")
    args = parser.parse_args()
    full = claimcheck.load(args.file)
    compiled = compile_file(full)
    hand: dict[str, list[frozenset[str]]] = {
        rid: [frozenset(check.claims) for check in rule.checks] for rid, rule in compiled.rules.items()}
    bare = full.model_copy(update={"rules": {}, "conflicts": []})
    started = time.perf_counter()
    found = suggest(bare, top=args.top)
    seconds = time.perf_counter() - started
    matched: dict[int, str] = {}
    for i, s in enumerate(found.rules):
        for rid, sets in hand.items():
            if frozenset(s.candidate.claims) in sets and rid not in matched.values():
                matched[i] = rid
                break
    print(f"{args.file}: {len(full.claims)} claims, {len(hand)} hand-written rules; suggest took {seconds:.2f} s")
    for n in (10, 20, 50):
        hits = sum(1 for i in matched if i < n)
        print(f"hand-written rules among the top {n}: {hits}/{len(hand)} = {hits / max(len(hand), 1):.2f}")
    near_hits = [rid for s in found.near_misses for rid, sets in hand.items() if frozenset(s.candidate.claims) in sets]
    print(f"near misses listed: {len(found.near_misses)}; of them hand-written rules (findings): "
          f"{', '.join(near_hits) or 'none'}")
    print(f"top {args.show}:")
    for i, s in enumerate(found.rules[:args.show]):
        check = s.candidate.check or "; ".join(c for _, c in s.candidate.readings or ())
        print(f"  {i + 1:2d}. E={s.expected:.2g} {check}  <- {matched.get(i, '(no hand-written rule)')}")


if __name__ == "__main__":
    main()
