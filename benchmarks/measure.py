"""Measure one claim file in a fresh process: phases, peak memory, and a plain float evaluation
of the same rules (the floor that exact interval reasoning pays on top of). Prints JSON.

    python benchmarks/measure.py FILE [--jobs N]

``--jobs`` is the number of processes the rules are shared out among (default: one per core, as
the command line does for a large file). Peak memory is the largest proportional set size (PSS)
of this process and its workers together, sampled every 0.1 s (Linux), and this process's own
peak resident size.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import threading
import time
from pathlib import Path


def _pss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _tree_pss_kb() -> int:
    me = os.getpid()
    total = _pss_kb(me)
    try:
        children = Path(f"/proc/{me}/task/{me}/children").read_text().split()
    except OSError:
        children = []
    return total + sum(_pss_kb(int(c)) for c in children)


class PeakMemory(threading.Thread):
    """Samples the PSS of this process and its children until stopped."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak_kb = 0
        self.running = True

    def run(self) -> None:
        while self.running:
            self.peak_kb = max(self.peak_kb, _tree_pss_kb())
            time.sleep(0.1)


def float_value(e: object, values: dict[str, float]) -> float:
    """The lowered expression at the written values, in binary floats."""
    from claimcheck.exact import expr as ev

    if isinstance(e, ev.Var):
        return values[e.name]
    if isinstance(e, ev.Const):
        return float(e.value)
    if isinstance(e, ev.Sum):
        return sum(s * float_value(t, values) for t, s in zip(e.terms, e.signs, strict=True))
    if isinstance(e, ev.Mul):
        return float_value(e.left, values) * float_value(e.right, values)
    if isinstance(e, ev.Div):
        d = float_value(e.right, values)
        return float_value(e.left, values) / d if d else float("inf")
    if isinstance(e, ev.PowInt):
        return float_value(e.base, values) ** e.n
    if isinstance(e, ev.RPow):
        b = float_value(e.base, values)
        return b ** (e.p / e.q) if b > 0 else float("nan")
    if isinstance(e, ev.MinMax):
        vals = [float_value(a, values) for a in e.args]
        return max(vals) if e.is_max else min(vals)
    if isinstance(e, ev.Abs):
        return abs(float_value(e.arg, values))
    raise TypeError(e)


def main(path: str, jobs: int) -> None:
    sampler = PeakMemory()
    sampler.start()
    t0 = time.perf_counter()
    from claimcheck import api
    from claimcheck.files import loader
    from claimcheck.verify.verifier import verify_compiled

    t1 = time.perf_counter()
    with api.paused_collector():  # as the command line does
        claim_file = loader.load(path)
        t2 = time.perf_counter()
        compiled = api.compiled(claim_file)
        t3 = time.perf_counter()
        report = verify_compiled(compiled, jobs=jobs)
        t4 = time.perf_counter()
    values = {cid: float(cv.nominal) for cid, cv in compiled.claims.items()}
    held = 0
    for rule in compiled.rules.values():
        for check in rule.checks:
            for link in check.links:
                left, right = float_value(link.left, values), float_value(link.right, values)
                held += left == right if link.op == "==" else left <= right
    t5 = time.perf_counter()
    print(json.dumps({
        "claims": len(compiled.claims),
        "rules": len(compiled.rules),
        "import_s": t1 - t0,
        "load_s": t2 - t1,
        "compile_s": t3 - t2,
        "verify_s": t4 - t3,
        "total_s": t4 - t1,
        "float_s": t5 - t4,
        "inconsistent": sum(1 for r in report.rules for c in r.checks() if c.verdict.value == "inconsistent"),
        "jobs": jobs,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "peak_pss_mb": max(sampler.peak_kb, _tree_pss_kb()) / 1024,
    }))
    sampler.running = False


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("file")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    main(args.file, args.jobs)
