"""Table checks at scale: N rows x 5 rules on polars (lazy, streaming), DuckDB and Dask. Prints rows,
seconds and peak memory (each engine in a child process, its peak read from ru_maxrss afterwards,
so that measuring does not slow the run).

    python benchmarks/tables.py [--rows 10000000] [--engines polars duckdb dask] [--format parquet|csv]

The table: an id, a group of 10, and amounts in thousands written to one decimal (turnover,
other_rev, total_rev = their sum, except 1 row in 1,000), staff and staff costs. The rules: a balance
(linear equality), a ratio bound (inequality), a conditional, a group median bound, completeness.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RULES = """\
claimcheck: 1
table: {{path: {path}, key: [id]}}
rules:
  balance: {{check: turnover + other_rev == total_rev}}
  ratio: {{check: staff_costs <= 0.9 * total_rev}}
  staffed: {{check: staff > 0 implies staff_costs > 0}}
  outlier: {{check: turnover <= 50 * median(turnover) by size}}
  complete: {{check: "is_complete(id, turnover)"}}
"""


def make_table(rows: int, path: Path, offset: int = 0) -> None:
    import polars as pl

    i = pl.int_range(offset, offset + rows, eager=True)
    turnover = (i * 7919) % 100_000 + 10  # tenths of a thousand
    other = (i * 104_729) % 5_000
    total = turnover + other + ((i % 1000) == 0).cast(pl.Int64) * 20  # 1 in 1,000 off by 2.0

    def tenths(s: pl.Series) -> pl.Series:
        return (s // 10).cast(pl.String) + "." + (s % 10).cast(pl.String)

    frame = pl.DataFrame({
        "id": "R" + i.cast(pl.String), "size": "s" + (i % 10).cast(pl.String),
        "turnover": tenths(turnover), "other_rev": tenths(other), "total_rev": tenths(total),
        "staff": ((i * 31) % 50).cast(pl.String), "staff_costs": tenths((i * 13) % 3_000),
    })
    if path.suffix == ".parquet":
        frame.write_parquet(path)
    else:
        frame.write_csv(path)


def child(spec: str, engine: str) -> None:
    from claimcheck.tables.run import check_table

    started = time.perf_counter()
    report = check_table(spec, engine=engine)
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "rows": report.rows,
                      "fails": {r.rule: r.fails for r in report.rules}}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--engines", nargs="+", default=["polars", "duckdb", "dask"])
    parser.add_argument("--format", choices=["parquet", "csv"], default="parquet")
    parser.add_argument("--chunk", type=int, default=10_000_000,
                        help="rows per file: a larger table is written as several Parquet files read by a glob")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        if args.rows > args.chunk and args.format == "parquet":
            for n, offset in enumerate(range(0, args.rows, args.chunk)):
                make_table(min(args.chunk, args.rows - offset), Path(tmp) / f"table-{n:03d}.parquet", offset)
            name = "table-*.parquet"
        else:
            make_table(args.rows, Path(tmp) / f"table.{args.format}")
            name = f"table.{args.format}"
        size = sum(p.stat().st_size for p in Path(tmp).glob(name))
        print(f"{args.rows:,} rows written as {args.format} in {time.perf_counter() - started:.1f} s "
              f"({size / 2**20:.0f} MiB)")
        spec = Path(tmp) / "t.table.yaml"
        spec.write_text(RULES.format(path=name), "utf-8")
        for engine in args.engines:
            before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            out = subprocess.run([sys.executable, __file__, "--child", str(spec), engine], capture_output=True,
                                 text=True, check=False)
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            if out.returncode:
                print(f"{engine}: failed\n{out.stderr[-2000:]}")
                continue
            found = json.loads(out.stdout.strip().splitlines()[-1])
            print(f"{engine:>7}: {found['rows']:,} rows x 5 rules in {found['seconds']:.2f} s, peak "
                  f"{max(peak, before) / 2**20:.2f} GiB (max over children so far); fails {found['fails']}")


if __name__ == "__main__":
    main()
