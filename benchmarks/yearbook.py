"""A synthetic statistical yearbook: regions x indicators x years, with the identities such a book obeys.

    python benchmarks/yearbook.py generate --claims 10000 --out /tmp/yearbook.yaml [--wrong 0.01]

Regional levels sum to the national total; each level is the previous level plus its increase;
growth rates follow from consecutive levels; shares of the national total; five-year average
growth. Figures are written as releases write them: rounded to 0.1亿元, rates to 0.1%, some with
左右 or 约. With ``--wrong``, that fraction of the figures is moved beyond its tolerance.
"""

from __future__ import annotations

import argparse
import random
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

REGIONS = 31  # provinces and the like; each (indicator, year) block has about 4 * REGIONS + 1 claims


def fmt(x: float, places: int) -> str:
    return str(Decimal(repr(x)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def generate(n_claims: int, wrong: float = 0.0, seed: int = 1) -> tuple[str, int, int]:
    """The YAML text of a yearbook with about ``n_claims`` claims; returns (text, claims, rules)."""
    rng = random.Random(seed)
    per_block = 4 * REGIONS + 1
    years = 6
    indicators = max(1, round(n_claims / (per_block * (years - 1) + REGIONS)))
    claims: list[str] = []
    rules: list[str] = []

    def claim(cid: str, value: str) -> None:
        if wrong and rng.random() < wrong:
            value = _moved(value, rng)
        claims.append(f"  {cid}: {{value: {value}}}")

    for i in range(indicators):
        levels = {r: rng.uniform(50, 5000) for r in range(REGIONS)}
        for y in range(years):
            if y:
                new = {r: levels[r] * rng.uniform(0.95, 1.15) for r in range(REGIONS)}
            else:
                new = levels
            total = sum(new.values())
            for r in range(REGIONS):
                base = f"i{i}_r{r}_y{y}"
                claim(f"{base}_level", fmt(new[r], 1) + "亿元")
                if y:
                    inc = new[r] - levels[r]
                    claim(f"{base}_inc", fmt(inc, 1) + "亿元")
                    claim(f"{base}_growth", fmt((new[r] / levels[r] - 1) * 100, 1) + "%")
                    claim(f"{base}_share", fmt(new[r] / total * 100, 2) + "%")
                    prev = f"i{i}_r{r}_y{y - 1}_level"
                    rules.append(f"  {base}_identity: {{check: {prev} + {base}_inc == {base}_level}}")
                    rules.append(f"  {base}_growth_rule: {{check: 'growth({base}_level, {prev}) == {base}_growth'}}")
                    share = f"share({base}_level, i{i}_y{y}_total) == {base}_share"
                    rules.append(f"  {base}_share_rule: {{check: '{share}'}}")
            claim(f"i{i}_y{y}_total", fmt(total, 1) + "亿元")
            parts = " + ".join(f"i{i}_r{r}_y{y}_level" for r in range(REGIONS))
            rules.append(f"  i{i}_y{y}_sum: {{check: {parts} == i{i}_y{y}_total}}")
            levels = new
        first, last = f"i{i}_y0_total", f"i{i}_y{years - 1}_total"
        rules.append(f"  i{i}_total_grew: {{check: {last} > {first} * 0.5}}")
    text = "claimcheck: 1\ndocument: {title: synthetic yearbook}\nclaims:\n" + "\n".join(claims)
    text += "\nrules:\n" + "\n".join(rules) + "\n"
    return text, len(claims), len(rules)


def _moved(value: str, rng: random.Random) -> str:
    """The figure moved well beyond its tolerance."""
    number = "".join(ch for ch in value if ch in "0123456789.-")
    unit = value[len(number):]
    return f"{Decimal(number) * Decimal('1.5') + 7:.1f}{unit}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    gen = sub.add_parser("generate")
    gen.add_argument("--claims", type=int, default=10_000)
    gen.add_argument("--wrong", type=float, default=0.0)
    gen.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    text, n_claims, n_rules = generate(args.claims, args.wrong)
    args.out.write_text(text, encoding="utf-8")
    print(f"{args.out}: {n_claims} claims, {n_rules} rules, {len(text.encode()) / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
