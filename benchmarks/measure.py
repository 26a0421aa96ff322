"""Measure one claim file in a fresh process: phases, peak memory, and a plain float evaluation
of the same rules (the floor that exact interval reasoning pays on top of). Prints JSON.

    python benchmarks/measure.py FILE [--jobs N]

``--jobs`` is the number of processes the rules are shared out among (default: one per core, as
the command line does for a large file). Peak memory is read after the run, so that measuring does
not slow it: this process's high-water resident size (VmHWM) and the largest of its workers'
(ru_maxrss of the children). The float floor is timed with the collector off.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import time
from pathlib import Path


def _high_water_mb() -> float:
    """This process's peak resident size, read once at the end (VmHWM): measuring costs nothing
    during the run. (Sampling /proc/<pid>/smaps_rollup ten times a second cost 15-17 ms a read on
    a 1 GB process and slowed the run it measured by up to 25 %.)"""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


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
    links = [link for rule in compiled.rules.values() for check in rule.checks for link in check.links]
    gc.collect()
    gc.disable()  # the float floor is timed without a collection pass (which it would not need)
    t_float = time.perf_counter()
    held = 0
    for link in links:
        left, right = float_value(link.left, values), float_value(link.right, values)
        held += left == right if link.op == "==" else left <= right
    t5 = time.perf_counter()
    gc.enable()
    print(json.dumps({
        "claims": len(compiled.claims),
        "rules": len(compiled.rules),
        "import_s": t1 - t0,
        "load_s": t2 - t1,
        "compile_s": t3 - t2,
        "verify_s": t4 - t3,
        "total_s": t4 - t1,
        "float_s": t5 - t_float,
        "inconsistent": sum(1 for r in report.rules for c in r.checks() if c.verdict.value == "inconsistent"),
        "jobs": jobs,
        "peak_mb": _high_water_mb(),
        "children_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("file")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    main(args.file, args.jobs)
