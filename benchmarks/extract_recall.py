"""How well `claimcheck extract` drafts a hand-made claim file: recall, exact spans, precision,
periods, and time. Prints the figures.

    python benchmarks/extract_recall.py [--claims claims/qingdao.yaml] [--source ../shared/sources/...]

Each hand-made claim is placed in the source (its quote, white space ignored, then its value inside
the quote); it is found when a figure the scan reads overlaps that place, and exactly found when
the spans are equal (or differ only by a fall word the hand-made file writes apart: the draft
writes ``down $1.5 billion``, the file ``$1.5 billion`` with the sign in its rules). Precision
counts the drafted claims (a figure written twice is one claim with a note) that overlap a
hand-made claim at one of their places. Periods are compared for the claims found that have one
in both files.
"""

from __future__ import annotations

import argparse
import re
import time
from pathlib import Path

import yaml

from claimcheck.extraction.draft import draft
from claimcheck.extraction.scan import Figure, scan

ROOT = Path(__file__).resolve().parents[1]
_FALL = re.compile(r"(?i:fell|decreased|declined|dropped|down)\s+|下降|减少|回落|降低|下跌|下滑")


def _without_space(text: str) -> tuple[str, list[int]]:
    """``text`` without white space, and where each kept character stands in ``text``."""
    kept = [(i, ch) for i, ch in enumerate(text) if not ch.isspace()]
    return "".join(ch for _, ch in kept), [i for i, _ in kept]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=Path, default=ROOT / "claims" / "qingdao.yaml")
    parser.add_argument("--source", type=Path, default=ROOT.parent / "shared" / "sources" / "000_95c7f2554f52cc0a.txt")
    parser.add_argument("--show", action="store_true", help="list the misses, inexact spans and period mismatches")
    args = parser.parse_args()
    text = args.source.read_text("utf-8")
    gold = yaml.safe_load(args.claims.read_text("utf-8"))["claims"]
    spans: list[tuple[int, int, str, str | None]] = []
    squeezed, where = _without_space(text)
    for claim in gold.values():
        value, quote = str(claim["value"]), claim.get("quote") or ""
        at = squeezed.find(_without_space(quote)[0])
        if at < 0:
            continue
        first = where[at]
        last = where[at + len(_without_space(quote)[0]) - 1] + 1
        inside = text.find(value, first, last)
        if inside >= 0:
            period = claim.get("period")
            spans.append((inside, inside + len(value), value, None if period is None else str(period)))
    started = time.perf_counter()
    figures, _ = scan(text)
    d = draft(text)
    seconds = time.perf_counter() - started
    periods = {c.figure.start: c.period for c in d.claims}
    found = exact = period_right = period_known = 0
    for lo, hi, _value, period in spans:
        hits = [f for f in figures if f.start < hi and lo < f.end]
        if hits:
            found += 1
            is_exact = any(f.end == hi and (f.start == lo or _FALL.fullmatch(text[f.start:lo])) for f in hits)
            exact += is_exact
            if args.show and not is_exact:
                print(f"inexact: {_value!r} drafted as {[text[f.start:f.end] for f in hits]}")
            guessed = next((periods[f.start] for f in hits if f.start in periods), None)
            if period is not None and guessed is not None:
                period_known += 1
                period_right += guessed == period
                if args.show and guessed != period:
                    print(f"period: {_value!r} is {period!r}, guessed {guessed!r}")
        elif args.show:
            print(f"missed: {_value!r}")
    def overlaps(f: Figure) -> bool:
        return any(f.start < hi and lo < f.end for lo, hi, _, _ in spans)

    matched = sum(1 for c in d.claims if any(overlaps(f) for f in [c.figure, *c.repeats]))
    if args.show:
        for c in d.claims:
            if not any(overlaps(f) for f in [c.figure, *c.repeats]):
                f = c.figure
                print(f"extra: {text[f.start:f.end]!r} in {text[max(0, f.start - 15):f.end + 10]!r}")
    long_text = (text * (20_000 // len(text) + 1))[:20_000]
    started = time.perf_counter()
    draft(long_text)
    long_seconds = time.perf_counter() - started
    print(f"hand-made claims placed in the source: {len(spans)} of {len(gold)}")
    print(f"recall: {found}/{len(spans)} = {found / len(spans):.3f}; exact spans: {exact}/{found} = "
          f"{exact / max(found, 1):.3f}")
    print(f"precision: {matched}/{len(d.claims)} = {matched / max(len(d.claims), 1):.3f} (drafted claims that "
          "overlap a hand-made claim)")
    print(f"periods right where both files give one: {period_right}/{period_known} = "
          f"{period_right / max(period_known, 1):.3f}")
    print(f"time: {seconds:.3f} s for {len(text)} characters; {long_seconds:.3f} s for 20,000 characters")


if __name__ == "__main__":
    main()
