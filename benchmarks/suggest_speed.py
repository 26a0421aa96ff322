"""How long `claimcheck suggest` takes on files of 100, 1,000 (and more) claims: the first N
claims of a synthetic yearbook (levels, changes, growth rates and shares of many regions), its
rules removed. Prints claims, candidates tried, suggestions, near misses and seconds per size.

    python benchmarks/suggest_speed.py [--sizes 100 1000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import claimcheck
from claimcheck.suggest.suggester import suggest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from yearbook import generate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    args = parser.parse_args()
    for size in args.sizes:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "yearbook.yaml"
            path.write_text(generate(size)[0], "utf-8")
            full = claimcheck.load(path)
        keep = dict(list(full.claims.items())[:size])
        bare = full.model_copy(update={"claims": keep, "rules": {}, "conflicts": []})
        started = time.perf_counter()
        found = suggest(bare, top=20)
        seconds = time.perf_counter() - started
        tried = sum(found.tried.values())
        print(f"{len(keep):6d} claims: {tried:>12,} candidates tried, {len(found.rules)} suggestions, "
              f"{len(found.near_misses)} near misses, {seconds:.2f} s")


if __name__ == "__main__":
    main()
