"""Benchmarks: a synthetic yearbook at several sizes (clean and 1% wrong), 2,000 small files,
and the cold start of ``claimcheck verify claims/qingdao.yaml``. Prints a table of figures.

    python benchmarks/run.py [--sizes 1000 10000 100000] [--files 2000] [--files-jobs 2]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from yearbook import generate  # noqa: E402


def measure(path: Path, jobs: int) -> dict[str, float]:
    out = subprocess.run([sys.executable, str(HERE / "measure.py"), str(path), "--jobs", str(jobs)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)  # type: ignore[no-any-return]


def slope(points: list[tuple[float, float]]) -> float:
    xs = [math.log(x) for x, _ in points]
    ys = [math.log(y) for _, y in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--files-jobs", type=int, nargs="+", default=None,
                        help="processes for the many-files run (default: 1, then one per core)")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="claimcheck-bench-"))
    try:
        cores = os.cpu_count() or 1
        print(f"{'variant':>8} {'claims':>7} {'rules':>6} {'MB':>5} {'jobs':>4} {'load s':>7} {'compile s':>9} "
              f"{'verify s':>8} {'total s':>7} {'ms/rule':>7} {'peak MB':>7} {'float s':>7} {'exact/float':>11}")
        clean: list[tuple[float, float]] = []
        for size in args.sizes:
            for wrong, jobs in [(0.0, 1)] + ([(0.0, cores)] if cores > 1 else []) + [(0.01, cores)]:
                text, _, _ = generate(size, wrong)
                path = tmp / f"yearbook_{size}_{wrong}.yaml"
                path.write_text(text, encoding="utf-8")
                m = measure(path, jobs)
                if not wrong and jobs == 1:
                    clean.append((m["claims"] + m["rules"], m["total_s"]))
                # peak MB: this process's high-water resident size, plus its largest worker's when it had one
                peak = m["peak_mb"] + (m["children_peak_mb"] if jobs > 1 else 0)
                print(f"{'1% wrong' if wrong else 'clean':>8} {m['claims']:>7} {m['rules']:>6} "
                      f"{path.stat().st_size / 1e6:>5.1f} {jobs:>4} {m['load_s']:>7.2f} {m['compile_s']:>9.2f} "
                      f"{m['verify_s']:>8.2f} {m['total_s']:>7.2f} {1000 * m['total_s'] / m['rules']:>7.3f} "
                      f"{peak:>7.0f} {m['float_s']:>7.3f} {m['verify_s'] / max(m['float_s'], 1e-9):>11.0f}",
                      flush=True)
        if len(clean) > 1:
            print(f"slope of log(time) against log(claims + rules), clean files, one process: {slope(clean):.2f}")
        qingdao = ROOT / "claims" / "qingdao.yaml"
        exe = shutil.which("claimcheck") or "claimcheck"
        runs = []
        for _ in range(5):
            t = time.perf_counter()
            subprocess.run([exe, "verify", str(qingdao)], capture_output=True, check=False)
            runs.append(time.perf_counter() - t)
        print(f"cold start: claimcheck verify claims/qingdao.yaml: best {min(runs):.2f} s, median "
              f"{sorted(runs)[2]:.2f} s over 5 runs")
        many = tmp / "many"
        many.mkdir()
        for i in range(args.files):
            shutil.copy(qingdao, many / f"page_{i:04d}.yaml")
        for jobs in args.files_jobs or (1, os.cpu_count() or 1):
            t = time.perf_counter()
            subprocess.run([exe, "verify", "--quiet", "--jobs", str(jobs), str(many)], capture_output=True, check=False)
            seconds = time.perf_counter() - t
            print(f"{args.files} files like qingdao.yaml with --jobs {jobs}: {seconds:.1f} s", flush=True)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
