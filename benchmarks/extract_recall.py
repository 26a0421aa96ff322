"""How well `claimcheck extract` drafts a hand-made claim file: recall, exact spans, precision,
periods, and time. Prints the figures.

    python benchmarks/extract_recall.py [--claims claims/qingdao.yaml] [--source ../shared/sources/...]

Each hand-made claim is placed in the source (its quote, then its value inside the quote); it is
found when a drafted figure overlaps that place, and exactly found when the spans are equal.
Precision counts drafted figures that overlap some hand-made claim. Periods are compared for the
claims found that have one in both files.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import yaml

from claimcheck.extraction.draft import draft
from claimcheck.extraction.scan import scan

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=Path, default=ROOT / "claims" / "qingdao.yaml")
    parser.add_argument("--source", type=Path, default=ROOT.parent / "shared" / "sources" / "000_95c7f2554f52cc0a.txt")
    args = parser.parse_args()
    text = args.source.read_text("utf-8")
    gold = yaml.safe_load(args.claims.read_text("utf-8"))["claims"]
    spans: list[tuple[int, int, str, str | None]] = []
    for claim in gold.values():
        value, quote = str(claim["value"]), claim.get("quote") or ""
        at = text.find(quote)
        inside = quote.find(value) if at >= 0 else -1
        if at >= 0 and inside >= 0:
            period = claim.get("period")
            spans.append((at + inside, at + inside + len(value), value, None if period is None else str(period)))
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
            exact += any(f.start == lo and f.end == hi for f in hits)
            guessed = next((periods[f.start] for f in hits if f.start in periods), None)
            if period is not None and guessed is not None:
                period_known += 1
                period_right += guessed == period
    matched = sum(1 for f in figures if any(f.start < hi and lo < f.end for lo, hi, _, _ in spans))
    long_text = (text * (20_000 // len(text) + 1))[:20_000]
    started = time.perf_counter()
    draft(long_text)
    long_seconds = time.perf_counter() - started
    print(f"hand-made claims placed in the source: {len(spans)} of {len(gold)}")
    print(f"recall: {found}/{len(spans)} = {found / len(spans):.3f}; exact spans: {exact}/{found} = "
          f"{exact / max(found, 1):.3f}")
    print(f"precision: {matched}/{len(figures)} = {matched / max(len(figures), 1):.3f} (figures drafted that "
          "overlap a hand-made claim)")
    print(f"periods right where both files give one: {period_right}/{period_known} = "
          f"{period_right / max(period_known, 1):.3f}")
    print(f"time: {seconds:.3f} s for {len(text)} characters; {long_seconds:.3f} s for 20,000 characters")


if __name__ == "__main__":
    main()
